#!/usr/bin/env node
// `npm run setup` registers the tslab ("TypeScript") kernel, pointing at this project's tslab so
// notebooks use its node_modules. Where:
//   npm run setup                       the project's own .jupyter/ (default; the scripts add it to JUPYTER_PATH)
//   npm run setup -- --system           system-wide (/usr/local/share/jupyter/kernels: needs root), for a shared install
//   npm run setup -- --user             the current user's Jupyter folder (~/.local/share/jupyter/kernels)
//   npm run setup -- --sys-prefix       the Jupyter environment's own prefix (a venv, conda env, Binder image)
//   npm run setup -- --prefix DIR       DIR/share/jupyter/kernels (put DIR/share/jupyter on JUPYTER_PATH)
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const { root, jupyterDir, findPython, INSTALL_HINT, findKernel } = require("./jupyter");

const USAGE = "usage: npm run setup [-- --system | --user | --sys-prefix | --prefix DIR]";

/** Parses the location flags: { mode: "project" | "system" | "prefix" | "--user" | "--sys-prefix", prefix? }. */
function parseArgs(argv) {
  const args = [...argv];
  const chosen = [];
  let where = { mode: "project", prefix: jupyterDir };
  while (args.length) {
    const a = args.shift();
    if (a === "--system") {
      where = { mode: "system" };
    } else if (a === "--prefix" || a.startsWith("--prefix=")) {
      const v = a === "--prefix" ? args.shift() : a.slice("--prefix=".length);
      if (!v || v.startsWith("--")) throw new Error(`--prefix needs a folder\n${USAGE}`);
      where = { mode: "prefix", prefix: path.resolve(v) };
    } else if (a === "--user" || a === "--sys-prefix") {
      where = { mode: a };
    } else {
      throw new Error(`unknown option ${a}\n${USAGE}`);
    }
    chosen.push(a.split("=")[0]);
  }
  if (chosen.length > 1) throw new Error(`choose one place for the kernel, not ${chosen.join(" and ")}\n${USAGE}`);
  return where;
}

/** Jupyter's first system-wide data folder's prefix (/usr/local for /usr/local/share/jupyter). */
function systemPrefix(python) {
  const r = spawnSync(python, ["-c", "from jupyter_core.paths import SYSTEM_JUPYTER_PATH; print(SYSTEM_JUPYTER_PATH[0])"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cannot ask ${python} for Jupyter's system folder: ${r.stderr}`);
  return path.dirname(path.dirname(r.stdout.trim()));
}

function main() {
  let where;
  try {
    where = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  const python = findPython(["jupyter_client"]);
  if (!python) {
    console.error(INSTALL_HINT);
    return 1;
  }
  if (where.mode === "system") where.prefix = systemPrefix(python);
  const tslab = path.join(root, "node_modules", ".bin", "tslab");
  if (!fs.existsSync(tslab)) {
    console.error(`tslab is not installed at ${tslab}: run \`npm ci\` first.`);
    return 1;
  }
  const location = where.prefix ? [`--prefix=${where.prefix}`] : [where.mode];
  const r = spawnSync(tslab, ["install", `--python=${python}`, `--binary=${tslab}`, ...location], { stdio: "inherit" });
  if (r.status !== 0) {
    if (where.mode === "system") console.error(`could not write ${where.prefix}/share/jupyter/kernels: --system needs root`);
    return r.status ?? 1;
  }
  const found = findKernel(python);
  const expected = where.prefix ? path.join(where.prefix, "share", "jupyter", "kernels", "tslab") : null;
  if (found && (!expected || path.resolve(found) === expected)) {
    console.log(`tslab kernel registered; Jupyter uses ${found}`);
    return 0;
  }
  if (expected) {
    // e.g. --prefix DIR: Jupyter looks there only once DIR/share/jupyter is on JUPYTER_PATH.
    console.log(`tslab kernel registered in ${expected}; Jupyter ${found ? `finds ${found} first` : "does not look there yet"}: put ${path.join(where.prefix, "share", "jupyter")} on JUPYTER_PATH`);
    return 0;
  }
  console.error("the kernel was installed, but Jupyter does not find it: check JUPYTER_PATH");
  return 1;
}

process.exitCode = main();
