// Shared by the set-up, start and case-study scripts: where the project's private Jupyter data
// directory is, which python runs Jupyter, where Jupyter finds the tslab kernel, and how to tell
// the user to install it.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const jupyterDir = path.join(root, ".jupyter");
const dataDir = path.join(jupyterDir, "share", "jupyter");

/** A python that can import the given modules: MATML_PYTHON if set (only it), else Debian's, then PATH's. */
function findPython(modules) {
  const candidates = process.env.MATML_PYTHON ? [process.env.MATML_PYTHON] : ["/usr/bin/python3", "python3", "python"];
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  return null;
}

const INSTALL_HINT = [
  "Jupyter was not found. Install it with one of:",
  "  sudo apt-get install jupyter-notebook python3-nbconvert python3-nbclient   (Debian/Ubuntu)",
  "  python3 -m pip install jupyterlab nbconvert nbclient                       (any system)",
  "then run `npm run setup` again. Set MATML_PYTHON to choose a particular python.",
].join("\n");

/** Environment in which Jupyter sees the project's own tslab kernel first, then any other. */
function jupyterEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  env.JUPYTER_PATH = [dataDir, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  if (!env.MATML_DATA_DIR && fs.existsSync(path.join(root, "data", "local"))) env.MATML_DATA_DIR = path.join(root, "data", "local");
  return env;
}

/**
 * The folder of the tslab kernel spec that `python`'s Jupyter uses in jupyterEnv() (the
 * project's own, or one registered for the user, the system or a prefix on JUPYTER_PATH), or
 * null when there is none.
 */
function findKernel(python) {
  const code = "import json\nfrom jupyter_client.kernelspec import KernelSpecManager\nprint(json.dumps(KernelSpecManager().find_kernel_specs().get('tslab')))";
  const r = spawnSync(python, ["-c", code], { env: jupyterEnv(), encoding: "utf8" });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split("\n").pop() || "null");
}

/**
 * Makes sure Jupyter finds a tslab kernel, registering the project's own when there is none.
 * Returns 0, or an exit code after saying what is wrong (e.g. a read-only install without one).
 */
function ensureKernel(python) {
  if (findKernel(python)) return 0;
  if (!builtPaths().isWritable(jupyterDir)) {
    console.error(`no tslab kernel is registered and ${root} is read-only: ask whoever installed it to run \`npm run setup -- --system\` there.`);
    return 1;
  }
  const r = spawnSync(process.execPath, [path.join(__dirname, "install-kernel.js")], { stdio: "inherit" });
  return r.status === 0 ? 0 : r.status || 1;
}

/** The compiled lib/paths.js (outDir, userHome, ...); exits with advice when the project is not built. */
function builtPaths() {
  const file = path.join(root, "dist", "lib", "paths.js");
  if (!fs.existsSync(file)) {
    console.error(`the library is not built (${file} is missing): run \`npm run build\` (or \`npm run setup\`) first.`);
    process.exit(1);
  }
  return require(file);
}

module.exports = { root, jupyterDir, dataDir, findPython, INSTALL_HINT, jupyterEnv, findKernel, ensureKernel, builtPaths };
