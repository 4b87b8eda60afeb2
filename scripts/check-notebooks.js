#!/usr/bin/env node
// `npm run check-notebooks`: the notebook check of `npm test` on its own, printing every problem.
// Each code cell is type-checked in order as tslab runs it (one shared scope, top-level await)
// against the built library (dist/lib) with tsconfig.json's options; notebooks must be output-free
// and use the TypeScript kernel; notebook code keeps to the style (no `!`, `as`, `any`, explicit
// generics; cells of at most 15 lines, 25 for a figure).
//   node scripts/check-notebooks.js [01 03 ... | path/to/x.ipynb]   (after npm run build)
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const checker = path.join(root, "dist", "test", "notebook-check.js");
if (!fs.existsSync(checker)) {
  console.error("check-notebooks: run `npm run build` first (dist/test/notebook-check.js is missing)");
  process.exit(1);
}
const { checkNotebooks, listNotebooks, formatProblem } = require(checker);
const args = process.argv.slice(2);
const all = listNotebooks(path.join(root, "notebooks"));
const notebooks = args.length
  ? args.flatMap((a) => (a.endsWith(".ipynb") ? [path.resolve(a)] : all.filter((f) => path.basename(f).startsWith(a))))
  : all;
if (!notebooks.length) {
  console.error(`check-notebooks: no notebook matches ${args.join(" ")}`);
  process.exit(1);
}
const reports = checkNotebooks(notebooks);
const kinds = { format: "format (output-free, TypeScript kernel)", types: "type errors", lint: "code style" };
let total = 0;
for (const [kind, title] of Object.entries(kinds)) {
  const problems = reports.flatMap((r) => r[kind]);
  total += problems.length;
  console.log(`${title}: ${problems.length}`);
  for (const p of problems) console.log(`  ${formatProblem(p)}`);
}
console.log(`check-notebooks: ${notebooks.length} notebook(s), ${total} problem(s)`);
process.exitCode = total ? 1 : 0;
