#!/usr/bin/env node
// `npm start`: opens JupyterLab (or the classic Notebook when JupyterLab is absent) on notebooks/
// with the project's own tslab kernel. Extra arguments go to Jupyter (e.g. -- --no-browser --port 8899).
// In a read-only install it opens the user's own copies of the notebooks (scripts/workspace.js).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { root, findPython, INSTALL_HINT, jupyterEnv, ensureKernel, builtPaths } = require("./jupyter");

const lab = findPython(["jupyterlab"]);
const classic = lab ? null : findPython(["notebook"]);
if (!lab && !classic) {
  console.error(INSTALL_HINT);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, "dist", "lib", "index.js"))) {
  const r = spawnSync(process.execPath, [path.join(__dirname, "build.js")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status || 1);
}
const python = lab || classic;
const paths = builtPaths();
const kernel = ensureKernel(python);
if (kernel !== 0) process.exit(kernel);
// A read-only install (shared by a class): each user works in their own copy of the notebooks.
let notebookDir = path.join(root, "notebooks");
if (!paths.isWritable(notebookDir)) {
  const { dir, copied } = require("./workspace").prepareWorkspace();
  console.log(`${notebookDir} is read-only: opening your own copies in ${dir}${copied.length ? ` (just copied ${copied.length})` : ""}; outputs go to ${paths.outDir()}.`);
  notebookDir = dir;
}
const app = lab ? "jupyterlab" : "notebook";
const args = ["-m", app, `--notebook-dir=${notebookDir}`, ...process.argv.slice(2)];
// Jupyter refuses to run as root (containers, CI machines) unless told that it is intended.
if (typeof process.getuid === "function" && process.getuid() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
console.log(`Starting ${lab ? "JupyterLab" : "the classic Jupyter Notebook"} (${python} ${args.join(" ")}); choose the "TypeScript" kernel.`);
const child = spawn(python, args, { stdio: "inherit", env: jupyterEnv(), cwd: root });
child.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
