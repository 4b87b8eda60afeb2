// Shared by the set-up, start and case-study scripts: where the project's private Jupyter data
// directory is, which python runs Jupyter, and how to tell the user to install it.
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

/** Environment in which Jupyter sees only the project's tslab kernel besides its own. */
function jupyterEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  env.JUPYTER_PATH = [dataDir, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  if (!env.MATML_DATA_DIR && fs.existsSync(path.join(root, "data", "local"))) env.MATML_DATA_DIR = path.join(root, "data", "local");
  return env;
}

module.exports = { root, jupyterDir, dataDir, findPython, INSTALL_HINT, jupyterEnv };
