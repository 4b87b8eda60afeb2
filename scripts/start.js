#!/usr/bin/env node
// `npm start`: opens JupyterLab (or the classic Notebook when JupyterLab is absent) on notebooks/
// with the project's own tslab kernel. Extra arguments go to Jupyter (e.g. -- --no-browser --port 8899).
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { root, dataDir, findPython, INSTALL_HINT, jupyterEnv } = require("./jupyter");

const lab = findPython(["jupyterlab"]);
const classic = lab ? null : findPython(["notebook"]);
if (!lab && !classic) {
  console.error(INSTALL_HINT);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, "dist", "lib", "index.js"))) {
  const r = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status || 1);
}
if (!fs.existsSync(path.join(dataDir, "kernels", "tslab", "kernel.json"))) {
  const r = spawnSync(process.execPath, [path.join(__dirname, "install-kernel.js")], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status || 1);
}
const python = lab || classic;
const app = lab ? "jupyterlab" : "notebook";
const args = ["-m", app, `--notebook-dir=${path.join(root, "notebooks")}`, ...process.argv.slice(2)];
// Jupyter refuses to run as root (containers, CI machines) unless told that it is intended.
if (typeof process.getuid === "function" && process.getuid() === 0 && !args.includes("--allow-root")) args.push("--allow-root");
console.log(`Starting ${lab ? "JupyterLab" : "the classic Jupyter Notebook"} (${python} ${args.join(" ")}); choose the "TypeScript" kernel.`);
const child = spawn(python, args, { stdio: "inherit", env: jupyterEnv(), cwd: root });
child.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
