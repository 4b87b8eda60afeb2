#!/usr/bin/env node
// `npm test`: the unit tests (node's test runner over dist/test) and then every notebook executed
// headless through the tslab kernel (scripts/case-study.js). Ends with one line
// "matml: N passed, M failed" counting unit tests and notebooks together.
//   node scripts/test.js [--unit-only | --notebooks-only]
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (!args.includes("--notebooks-only")) {
  fs.mkdirSync(path.join(root, "out"), { recursive: true });
  const dir = path.join(root, "dist", "test");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort().map((f) => path.join(dir, f));
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=tap", `--test-reporter-destination=${path.join(root, "out", "unit-tests.tap")}`, ...files], {
    cwd: root,
    stdio: "inherit",
  });
  const tap = fs.existsSync(path.join(root, "out", "unit-tests.tap")) ? fs.readFileSync(path.join(root, "out", "unit-tests.tap"), "utf8") : "";
  const count = (word) => Number((tap.match(new RegExp(`^# ${word} (\\d+)`, "m")) || [0, 0])[1]);
  passed += count("pass");
  failed += count("fail") + count("cancelled");
  if (r.status !== 0 && count("fail") + count("cancelled") === 0) failed += 1; // the runner itself failed
}

if (!args.includes("--unit-only")) {
  const r = spawnSync(process.execPath, [path.join(__dirname, "case-study.js"), "--check"], { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  process.stdout.write(r.stdout);
  const m = /case study: (\d+) passed, (\d+) failed/.exec(r.stdout);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else failed += 1;
}

console.log(`matml: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
