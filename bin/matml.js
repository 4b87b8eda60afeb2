#!/usr/bin/env node
// Entry point of `npx matml`: runs the compiled command line (npm run build makes it).
"use strict";
const path = require("path");
const fs = require("fs");
const compiled = path.join(__dirname, "..", "dist", "cli", "matml.js");
if (!fs.existsSync(compiled)) {
  console.error("matml: the library is not built yet; run `npm run build` (or `npm run setup`) first.");
  process.exit(1);
}
require(compiled)
  .main(process.argv.slice(2))
  .then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(`matml: ${e.message}`);
      process.exitCode = 1;
    },
  );
