// The README's "For Python users" section and notebook 00's copy of it: the same tables in both,
// and every library name the scikit-learn/pandas name map promises exists — `ml.` exports, the
// options of each `new ml.X({ … })`, the methods called and the fitted fields (ending in "_").
// The library is refactored often; this keeps the map a student relies on from going stale.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DataFrame, Series } from "danfojs-node";
import * as lib from "../lib";
import { projectRoot } from "../lib/paths";

const readme = fs.readFileSync(path.join(projectRoot, "README.md"), "utf8");
const section = readme.split("\n## For Python users\n")[1]?.split("\n## ")[0] ?? "";
/** Blocks of consecutive table lines. */
const tables = section.match(/(?:^\|.*\n)+/gm) ?? [];
const nameMap = tables.find((t) => t.startsWith("| Python | matml |")) ?? "";

/** The cells of a table row, split on pipes that are not escaped. */
function cellsOf(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

/** Code spans of the matml column (the body rows of the name map). */
const matmlCode = nameMap
  .trim()
  .split("\n")
  .slice(2)
  .flatMap((row) => [...(cellsOf(row)[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\\\|/g, "|")));

/** `new ml.Name(...)` expressions with balanced parentheses, nested ones included. */
function newExpressions(code: string): { name: string; text: string; args: string }[] {
  const out: { name: string; text: string; args: string }[] = [];
  for (const m of code.matchAll(/new ml\.(\w+)\(/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    let depth = 0;
    let end = open;
    for (; end < code.length; end++) {
      if (code[end] === "(") depth++;
      if (code[end] === ")" && --depth === 0) break;
    }
    out.push({ name: m[1], text: code.slice(m.index, end + 1), args: code.slice(open + 1, end) });
  }
  return out;
}

/** Every method name reachable from the library's classes and danfojs' DataFrame, Series and GroupBy. */
function knownMethods(): Set<string> {
  const names = new Set<string>();
  const groupby = new DataFrame({ a: [1, 1], b: [2, 3] }).groupby(["a"]);
  const prototypes: unknown[] = [DataFrame.prototype, Series.prototype, Object.getPrototypeOf(groupby)];
  for (const value of Object.values(lib)) if (typeof value === "function" && value.prototype) prototypes.push(value.prototype);
  for (let p of prototypes) {
    while (p && p !== Object.prototype) {
      for (const n of Object.getOwnPropertyNames(p)) names.add(n);
      p = Object.getPrototypeOf(p);
    }
  }
  return names;
}

/** The text of every .ts file under lib/. */
function librarySources(dir = path.join(projectRoot, "lib")): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? librarySources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? fs.readFileSync(path.join(dir, e.name), "utf8") : ""))
    .join("\n");
}

test("the README's primer and name map are in notebook 00, word for word", () => {
  assert.ok(tables.length >= 2, `expected the primer and the name map in the README section, found ${tables.length} table(s)`);
  const notebook = JSON.parse(fs.readFileSync(path.join(projectRoot, "notebooks", "00-data-tour.ipynb"), "utf8"));
  const markdown: string[] = notebook.cells.filter((c: { cell_type: string }) => c.cell_type === "markdown").map((c: { source: string[] | string }) => (Array.isArray(c.source) ? c.source.join("") : c.source));
  for (const table of tables) {
    const first = table.split("\n")[2];
    assert.ok(markdown.some((m) => m.includes(table.trimEnd())), `notebook 00 lacks the README table starting ${first}`);
  }
});

test("every ml. name of the name map is a library export, with the options, methods and fitted fields it shows", () => {
  const exported = new Set(Object.keys(lib));
  const names = matmlCode.flatMap((code) => [...code.matchAll(/\bml\.(\w+)/g)].map((m) => m[1]));
  assert.ok(names.length > 30, `only ${names.length} ml. names found: is the table still parsed?`);
  const missing = names.filter((n) => !exported.has(n));
  assert.deepStrictEqual(missing, [], "names in the README's name map that the library does not export");

  let constructed = 0;
  for (const code of matmlCode) {
    for (const { name, text, args } of newExpressions(code)) {
      const instance = new Function("ml", `return ${text};`)(lib);
      const [options] = new Function("ml", `return [${args}];`)(lib);
      const known = instance.params ?? instance;
      for (const key of Object.keys(options ?? {})) assert.ok(key in known, `${name}: option "${key}" of the name map is not one of its options`);
      constructed++;
    }
  }
  assert.ok(constructed > 15, `only ${constructed} constructors checked`);

  const methods = knownMethods();
  const called = matmlCode.flatMap((code) => [...code.matchAll(/(?<!\bml)\.(\w+)\(/g)].map((m) => m[1]));
  assert.deepStrictEqual(called.filter((m) => !methods.has(m)), [], "methods in the name map that no library or danfojs class has");

  const sources = librarySources();
  const fitted = matmlCode.flatMap((code) => [...code.matchAll(/\.(\w+_)(?!\w)/g)].map((m) => m[1]));
  assert.ok(fitted.length >= 4, `fitted fields found: ${fitted.join(", ")}`);
  for (const field of fitted) assert.match(sources, new RegExp(`\\b${field}[!?]?:`), `no estimator declares the fitted field ${field}`);
});
