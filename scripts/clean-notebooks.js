#!/usr/bin/env node
// `npm run clean-notebooks`: clears what running a notebook leaves in it (outputs, execution
// counts, per-run cell metadata such as JupyterLab's "execution" timings), so that the committed
// .ipynb holds only its source. Writes the file as Jupyter does (1-space JSON, final newline) and
// only when something changed.
//   node scripts/clean-notebooks.js [path/to/x.ipynb ...]   (default: every notebook in notebooks/)
"use strict";
const fs = require("fs");
const path = require("path");

const dir = path.join(__dirname, "..", "notebooks");
const args = process.argv.slice(2);
const files = args.length ? args.map((a) => path.resolve(a)) : fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(dir, f));

/** Returns the notebook without run results. */
function clean(nb) {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
    if (cell.metadata) {
      delete cell.metadata.execution;
      delete cell.metadata.collapsed;
      delete cell.metadata.scrolled;
    }
  }
  return nb;
}

let changed = 0;
for (const file of files) {
  const before = fs.readFileSync(file, "utf8");
  const after = JSON.stringify(clean(JSON.parse(before)), null, 1) + "\n";
  if (after !== before) {
    fs.writeFileSync(file, after);
    changed++;
    console.log(`cleaned ${path.relative(process.cwd(), file)}`);
  }
}
console.log(`clean-notebooks: ${changed} of ${files.length} notebook(s) changed`);
