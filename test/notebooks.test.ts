// The notebooks are the one source of their code: every committed notebook is output-free, uses
// the TypeScript kernel, type-checks cell by cell as tslab runs it, and keeps to the notebook code
// style. The checker itself is tested on small notebooks written to a temporary folder.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectRoot } from "../lib/paths";
import { checkNotebooks, formatProblem, listNotebooks, NotebookProblem, NotebookReport } from "./notebook-check";

const notebookDir = path.join(projectRoot, "notebooks");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "matml-nbcheck-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

type CellSpec = string | { markdown: string } | { code: string; outputs?: object[]; count?: number | null };

/** Writes a notebook of these cells (strings are code cells) and checks it; relative imports resolve from notebooks/. */
function check(name: string, cells: CellSpec[], kernel = { name: "tslab", display_name: "TypeScript", language: "typescript" }): NotebookReport {
  const nb = {
    cells: cells.map((c) => {
      if (typeof c === "object" && "markdown" in c) return { cell_type: "markdown", metadata: {}, source: [c.markdown] };
      const spec = typeof c === "string" ? { code: c } : c;
      return { cell_type: "code", execution_count: spec.count ?? null, metadata: {}, outputs: spec.outputs ?? [], source: spec.code.split(/(?<=\n)/) };
    }),
    metadata: { kernelspec: kernel },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(tmp, `${name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
  return checkNotebooks([file], { importDir: notebookDir })[0];
}

const lines = (problems: NotebookProblem[]) => problems.map(formatProblem).map((s) => s.slice(s.lastIndexOf(path.sep) + 1));

test("the checker compiles cells as tslab runs them: one scope, in order, top-level await, a redeclared name shadows", () => {
  const r = check("valid", [
    'import * as ml from "../dist/lib";\nimport * as path from "path";\nlet count = 1;\nconst label = "runs";',
    { markdown: "# between the cells" },
    'count = count + 1;\nconst joined = await Promise.resolve(path.join("a", "b"));\nclass Box {\n  constructor(readonly size: number) {}\n}\nfunction twice(n: number) {\n  return 2 * n;\n}',
    "const label = 42; // shadows the string of the first cell\nconst total: number = label + twice(count) + joined.length;\nconst box: Box = new Box(total);\nconst err: number = ml.rmse([1, 2], [1, 3]);",
  ]);
  assert.deepStrictEqual([...r.format, ...r.types, ...r.lint].map(formatProblem), []);
});

test("the checker fails on a type error, naming the notebook, the code cell and the line in it", () => {
  const r = check("broken-types", [
    "const a = 1;",
    { markdown: "text" },
    "const ok = a + 1;\nconst b: string = a;",
    "a = 2;\nconsole.log(later);",
    "const later = 3;",
  ]);
  assert.deepStrictEqual(lines(r.types), [
    "broken-types.ipynb, code cell 2 (cell 3 of all), line 2: error TS2322: Type 'number' is not assignable to type 'string'.",
    "broken-types.ipynb, code cell 3 (cell 4 of all), line 1: error TS2588: Cannot assign to 'a' because it is a constant.",
    "broken-types.ipynb, code cell 3 (cell 4 of all), line 2: error TS2304: Cannot find name 'later'.",
  ]);
  assert.deepStrictEqual([...r.format, ...r.lint], []);
});

test("the checker fails on committed outputs, an execution count and another kernel", () => {
  const r = check(
    "with-output",
    [{ code: "const a = 1;\na", outputs: [{ output_type: "execute_result", data: { "text/plain": ["1"] }, metadata: {}, execution_count: 1 }], count: 1 }],
    { name: "python3", display_name: "Python 3", language: "python" },
  );
  assert.deepStrictEqual(lines(r.format), [
    'with-output.ipynb: kernel is {"name":"python3","display_name":"Python 3","language":"python"}; notebooks use the TypeScript kernel (kernelspec name "tslab", language "typescript")',
    "with-output.ipynb, code cell 1 (cell 1 of all): has 1 output(s) committed; clear them with npm run clean-notebooks",
    "with-output.ipynb, code cell 1 (cell 1 of all): has execution_count 1 (must be null); clear it with npm run clean-notebooks",
  ]);
  assert.deepStrictEqual(r.types, []);
});

test("npm run clean-notebooks clears outputs and execution counts, after which the format check passes", () => {
  const output = { output_type: "stream", name: "stdout", text: ["1\n"] };
  assert.strictEqual(check("to-clean", [{ code: "console.log(1);", outputs: [output], count: 3 }]).format.length, 2);
  const file = path.join(tmp, "to-clean.ipynb");
  const r = spawnSync(process.execPath, [path.join(projectRoot, "scripts", "clean-notebooks.js"), file], { encoding: "utf8" });
  assert.strictEqual(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 of 1 notebook\(s\) changed/);
  const cleaned = checkNotebooks([file], { importDir: notebookDir })[0];
  assert.deepStrictEqual([...cleaned.format, ...cleaned.types, ...cleaned.lint], []);
  assert.strictEqual(JSON.parse(fs.readFileSync(file, "utf8")).cells[0].source.join(""), "console.log(1);");
});

test("the style lint flags casts, `!`, `any`, explicit generics and long cells, and allows a figure cell 25 lines", () => {
  const comment = (n: number) => Array.from({ length: n }, (_, i) => `// line ${i + 1}`).join("\n");
  const r = check("style", [
    'import * as ml from "../dist/lib";\nconst xs = [1, 2] as number[];\nconst m = new Map<string, number>();\nconst first = m.get("a")!;\nconst loose: any = 1;',
    comment(16),
    `${comment(20)}\nml.show(ml.barPlot({ x: ["a", "b"], y: [1, 2] }));`,
    `${comment(25)}\nml.show(ml.barPlot({ x: ["a", "b"], y: [1, 2] }));`,
  ]);
  assert.deepStrictEqual(lines(r.lint), [
    "style.ipynb, code cell 1 (cell 1 of all), line 2: `as` cast: `[1, 2] as number[]`",
    "style.ipynb, code cell 1 (cell 1 of all), line 3: explicit generic type arguments: `new Map<string, number>()`",
    'style.ipynb, code cell 1 (cell 1 of all), line 4: `!` non-null assertion: `m.get("a")!`',
    "style.ipynb, code cell 1 (cell 1 of all), line 5: `any` type: `loose: any = 1`",
    "style.ipynb, code cell 2 (cell 2 of all): cell has 16 lines; at most 15 (25 for a cell that builds or shows a figure): split it",
    "style.ipynb, code cell 4 (cell 4 of all): cell has 26 lines; at most 15 (25 for a cell that builds or shows a figure, as this one does): split it",
  ]);
  assert.deepStrictEqual([...r.format, ...r.types], []);
});

test("the style lint flags `{ a }` for a variable of an earlier cell (tslab fails on it at run time), not within one cell", () => {
  const r = check("shorthand", ["const a = 1;", "const o = { a };\nconst b = 2;\nconst p = { b, a: a };\nconsole.log(o, p);"]);
  assert.deepStrictEqual(lines(r.lint), [
    "shorthand.ipynb, code cell 2 (cell 2 of all), line 1: shorthand property for `a` of an earlier cell fails at run time in tslab; write `a: a`: `a`",
  ]);
  assert.deepStrictEqual([...r.format, ...r.types], []);
});

// The committed notebooks, all checked in one program.
let reports: NotebookReport[] | undefined;
const notebookReports = () => (reports ??= checkNotebooks(listNotebooks(notebookDir)));
const failWith = (what: string, problems: NotebookProblem[]) => {
  if (problems.length) assert.fail(`${problems.length} ${what}:\n${problems.map(formatProblem).join("\n")}`);
};

test("notebooks are committed output-free with the TypeScript (tslab) kernel", () => {
  assert.ok(notebookReports().length >= 5, `expected the notebooks in ${notebookDir}`);
  failWith("notebook format problem(s) (run npm run clean-notebooks)", notebookReports().flatMap((r) => r.format));
});

test("every notebook type-checks cell by cell as tslab runs it, against the built library", () => {
  failWith("type error(s) in notebook cells", notebookReports().flatMap((r) => r.types));
});

test("notebook code style: no `!`, `as` casts, `any` or explicit generics; code cells of at most 15 lines (25 for a figure)", () => {
  failWith("notebook code style violation(s)", notebookReports().flatMap((r) => r.lint));
});
