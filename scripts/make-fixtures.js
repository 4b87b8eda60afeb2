#!/usr/bin/env node
// `npm run fixtures`: regenerates test/fixtures/* with scikit-learn (Debian's python3-sklearn)
// by running every scripts/fixtures/*.py. The tutorial's data is read from MATML_DATA_DIR.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const python = process.env.MATML_PYTHON || "/usr/bin/python3";
const dir = path.join(__dirname, "fixtures");
for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".py")).sort()) {
  console.log(`fixtures: ${f}`);
  const r = spawnSync(python, [path.join(dir, f)], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status || 1);
}
