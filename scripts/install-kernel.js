#!/usr/bin/env node
// Registers the tslab kernel in the project's own Jupyter data directory (.jupyter/), never in
// the user's global one, pointing at this project's tslab so notebooks use its node_modules.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const { root, jupyterDir, dataDir, findPython, INSTALL_HINT } = require("./jupyter");

const python = findPython(["jupyter_client"]);
if (!python) {
  console.error(INSTALL_HINT);
  process.exit(1);
}
const tslab = path.join(root, "node_modules", ".bin", "tslab");
if (!fs.existsSync(tslab)) {
  console.error(`tslab is not installed at ${tslab}: run \`npm ci\` first.`);
  process.exit(1);
}
const r = spawnSync(tslab, ["install", `--python=${python}`, `--binary=${tslab}`, `--prefix=${jupyterDir}`], {
  stdio: "inherit",
});
if (r.status !== 0) process.exit(r.status ?? 1);
const kernels = path.join(dataDir, "kernels");
console.log(`tslab kernels registered in ${kernels}: ${fs.readdirSync(kernels).join(", ")}`);
