#!/usr/bin/env node
// A student's own copy of the notebooks, for a shared, read-only install (JupyterHub, lab
// machines): notebooks/ cannot be saved there, so `npm start` opens $MATML_HOME/notebooks
// (~/matml/notebooks) instead. This folder gets a copy of each notebook that is not there yet
// (a student's edits are never overwritten) and, beside it, links to the project's dist/ and
// node_modules/, so the notebooks' `import ... from "../dist/lib"` works unchanged.
//   node scripts/workspace.js        prepare the folder and print its path
"use strict";
const fs = require("fs");
const path = require("path");
const { root, builtPaths } = require("./jupyter");

/** Prepares the workspace; returns { dir, copied } (copied: the notebooks copied this time). */
function prepareWorkspace() {
  const home = builtPaths().userHome();
  const dir = path.join(home, "notebooks");
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ["dist", "node_modules"]) {
    const link = path.join(home, name);
    const target = path.join(root, name);
    let current = null;
    try {
      current = fs.readlinkSync(link);
    } catch {
      if (fs.existsSync(link)) throw new Error(`${link} exists and is not a link to ${target}: move it away (MATML_HOME picks another folder)`);
    }
    if (current !== target) {
      if (current !== null) fs.unlinkSync(link);
      fs.symlinkSync(target, link, "dir");
    }
  }
  const copied = [];
  const source = path.join(root, "notebooks");
  for (const f of fs.readdirSync(source).filter((n) => n.endsWith(".ipynb")).sort()) {
    const dest = path.join(dir, f);
    if (fs.existsSync(dest)) continue;
    fs.copyFileSync(source + path.sep + f, dest);
    fs.chmodSync(dest, 0o644);
    copied.push(f);
  }
  return { dir, copied };
}

module.exports = { prepareWorkspace };

if (require.main === module) {
  const { dir, copied } = prepareWorkspace();
  console.log(dir);
  if (copied.length) console.error(`copied ${copied.join(", ")}`);
}
