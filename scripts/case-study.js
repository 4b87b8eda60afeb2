#!/usr/bin/env node
// `npm run case-study`: executes every notebook in notebooks/ in order, headless, through the
// project's tslab kernel; writes executed notebooks and HTML into out/, out/summary.json (each
// notebook's recorded metrics, the TensorFlow.js backend and seconds per notebook) and
// out/index.html linking them all (a static site). In a read-only install, out/ is ~/matml/out.
//   node scripts/case-study.js [--check] [01 03 ...]   (--check: exit non-zero on any failure,
//   which it always does; names filter the notebooks by prefix)
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const { root, findPython, INSTALL_HINT, jupyterEnv, ensureKernel, builtPaths } = require("./jupyter");
const { writeIndex } = require("./site-index");

function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const python = findPython(["nbclient", "nbconvert", "nbformat"]);
  if (!python) {
    console.error(INSTALL_HINT);
    return 1;
  }
  const paths = builtPaths();
  const kernel = ensureKernel(python);
  if (kernel !== 0) return kernel;
  const nbDir = path.join(root, "notebooks");
  const notebooks = fs
    .readdirSync(nbDir)
    .filter((f) => f.endsWith(".ipynb") && (!args.length || args.some((a) => f.startsWith(a))))
    .sort()
    .map((f) => path.join(nbDir, f));
  if (!notebooks.length) {
    console.error(`no notebooks match ${args.join(" ")} in ${nbDir}`);
    return 1;
  }
  const outDir = paths.outDir(); // out/, or ~/matml/out when the project is read-only (lib/paths.ts)
  const summaryFile = path.join(outDir, "summary.json");
  fs.mkdirSync(outDir, { recursive: true });
  // A full run starts a fresh summary; a partial run updates the existing one.
  if (!args.length) fs.rmSync(summaryFile, { force: true });

  const env = jupyterEnv({ MATML_OUT_DIR: outDir });
  const started = Date.now();
  const r = spawnSync(python, [path.join(__dirname, "run_notebooks.py"), "--out", outDir, ...notebooks], {
    env,
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = (r.stdout || "").trim().split("\n").pop();
  let report;
  try {
    report = JSON.parse(last);
  } catch {
    console.error(`the notebook runner failed (exit ${r.status}):\n${r.stdout}`);
    return 1;
  }
  const backend = spawnSync(process.execPath, ["-e", "require('./dist/lib/nn/backend').initBackend().then((b) => console.log(b))"], {
    cwd: root,
    encoding: "utf8",
  }).stdout.trim();
  const summary = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, "utf8")) : {};
  const previous = summary.seconds_per_notebook || {};
  const secondsPer = { ...previous };
  for (const [name, s] of Object.entries(report.seconds)) secondsPer[name.replace(/-/g, "_")] = s;
  const ordered = {
    tensorflow_backend: backend || "unknown",
    seconds_per_notebook: secondsPer,
    total_seconds: Number(Object.values(secondsPer).reduce((a, b) => a + b, 0).toFixed(2)),
    failed_notebooks: Object.keys(report.failures),
  };
  for (const [k, v] of Object.entries(summary)) if (!(k in ordered)) ordered[k] = v;
  fs.writeFileSync(summaryFile, JSON.stringify(ordered, null, 2) + "\n");
  const allNotebooks = fs.readdirSync(nbDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join(nbDir, f));
  writeIndex(outDir, allNotebooks, ordered);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const failed = Object.keys(report.failures);
  console.log(`case study: ${notebooks.length - failed.length} passed, ${failed.length} failed (${took} s); executed notebooks and HTML in ${outDir}`);
  return failed.length ? 1 : 0;
}

process.exitCode = main();
