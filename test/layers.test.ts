// The library's floors: a folder may import only from folders on lower floors (the ground
// floor, lib/core, imports nothing of the library), and no file imports itself through a cycle.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../lib/paths";

const LIB = path.join(projectRoot, "lib");

/** Floor of each folder (and of the loose files paths.ts, report.ts and index.ts). */
const FLOORS: Record<string, number> = {
  core: 0,
  paths: 1,
  linalg: 1,
  optimize: 1,
  metrics: 2,
  report: 2,
  data: 3,
  preprocessing: 3,
  plot: 3,
  models: 4,
  decomposition: 4,
  gp: 4,
  structure: 4,
  nn: 4,
  active: 5,
  check: 6, // exercise checks may use any part of the library below them
  design: 6,
  index: 7,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

function folderOf(file: string): string {
  const rel = path.relative(LIB, file).split(path.sep);
  return rel.length > 1 ? rel[0] : rel[0].replace(/\.ts$/, "");
}

/** Relative imports of a file, resolved to .ts files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|require\("(\.[^"]+)"\)/g)) {
    const spec = m[1] ?? m[2];
    const base = path.resolve(path.dirname(file), spec);
    const candidates = [base + ".ts", path.join(base, "index.ts")];
    const hit = candidates.find((c) => fs.existsSync(c));
    if (hit) out.push(hit);
  }
  return out;
}

const files = sourceFiles(LIB);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test("every folder of lib/ has a floor, and imports only from lower floors", () => {
  const unknown = [...new Set(files.map(folderOf))].filter((f) => !(f in FLOORS));
  assert.deepEqual(unknown, [], `give these folders a floor in test/layers.test.ts: ${unknown.join(", ")}`);
  const upward: string[] = [];
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    for (const dep of deps) {
      const to = folderOf(dep);
      if (to !== from && FLOORS[to] >= FLOORS[from]) upward.push(`${path.relative(projectRoot, file)} imports ${path.relative(projectRoot, dep)} (${from} is on floor ${FLOORS[from]}, ${to} on ${FLOORS[to]})`);
    }
  }
  assert.deepEqual(upward, []);
});

test("no import cycles between files", () => {
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (f: string, stack: string[]): void => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "visiting") {
      cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => path.relative(LIB, x)).join(" → "));
      return;
    }
    state.set(f, "visiting");
    for (const d of graph.get(f) ?? []) visit(d, [...stack, f]);
    state.set(f, "done");
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});
