// Shared by the tests: where the case-study data is, fixtures, and numeric comparisons.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../lib/paths";

/** The tutorial's data: MATML_DATA_DIR, else ../shared/data beside the project. */
export function testDataDir(): string {
  const dir = process.env.MATML_DATA_DIR ?? path.resolve(projectRoot, "..", "shared", "data");
  if (!fs.existsSync(path.join(dir, "DFT_data.csv"))) {
    throw new Error(`tests need the tutorial's data: set MATML_DATA_DIR (looked in ${dir})`);
  }
  return dir;
}

/** Reads test/fixtures/<name> (JSON written by scripts/fixtures/*.py with scikit-learn). */
export function fixture<T = any>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, "test", "fixtures", name), "utf8"));
}

/** Asserts |a - b| <= rtol * max(|a|, |b|) + atol element-wise, naming the first mismatch. */
export function assertClose(actual: number[] | number, expected: number[] | number, rtol = 1e-6, atol = 0, what = "value"): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  assert.strictEqual(a.length, e.length, `${what}: length ${a.length} != ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const tol = rtol * Math.max(Math.abs(a[i]), Math.abs(e[i])) + atol;
    if (!(Math.abs(a[i] - e[i]) <= tol)) {
      assert.fail(`${what}[${i}]: ${a[i]} vs expected ${e[i]} (|diff| ${Math.abs(a[i] - e[i])} > ${tol})`);
    }
  }
}

/** A notebook (JSON text) for the tslab kernel with the given code cells and no outputs. */
export function notebookJson(cells: string[]): string {
  return JSON.stringify(
    {
      cells: cells.map((src) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: src })),
      metadata: {
        kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
        language_info: { name: "typescript" },
      },
      nbformat: 4,
      nbformat_minor: 4,
    },
    null,
    1,
  );
}

/** Runs `fn` (sync or async) with console.warn captured; resolves to what it printed. */
export async function captureWarningsAsync(fn: () => unknown): Promise<string[]> {
  const printed: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return printed;
}

/** Runs fn with console.log silenced (e.g. the verdicts that ml.check prints outside a notebook). */
export function quietly<T>(fn: () => T): T {
  const original = console.log;
  console.log = () => undefined;
  try {
    return fn();
  } finally {
    console.log = original;
  }
}
