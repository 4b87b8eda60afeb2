#!/usr/bin/env node
// Compiles the project (tsc) before `npm run case-study` and `npm start`. In a shared, read-only
// install (the dist/ folder cannot be written) the existing build is used as it is.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
let writable = true;
try {
  fs.accessSync(fs.existsSync(dist) ? dist : root, fs.constants.W_OK);
} catch {
  writable = false;
}
if (!writable) {
  if (!fs.existsSync(path.join(dist, "lib", "index.js"))) {
    console.error(`${root} is read-only and was never built: ask whoever installed it to run \`npm ci && npm run setup\` there.`);
    process.exit(1);
  }
  console.error(`read-only install: using the existing build in ${dist}`);
  process.exit(0);
}
// The same compiler as `npm run build`.
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
