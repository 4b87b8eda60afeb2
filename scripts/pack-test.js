#!/usr/bin/env node
// `npm run pack-test`: the library as another project gets it. Packs this project (after
// `npm run build`), checks what the tarball holds, creates a fresh Node/TypeScript project in a
// temporary folder and does there exactly what the README's "Use the library in your own project"
// says, taking its snippets from the README (the blocks marked <!-- pack-test:NAME -->):
// package.json overrides, the npm install line, tsconfig.json, index.ts; then `npx tsc`,
// `node index.js` and `npx matml --help`. Installs prefer npm's local cache (--prefer-offline).
//   node scripts/pack-test.js [--keep]   (--keep: leave the temporary folder for a look)
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const keep = process.argv.includes("--keep");
const started = Date.now();

/** Files the tarball must hold, and path prefixes / endings it must not. */
const REQUIRED = ["package.json", "README.md", "bin/matml.js", "data/pins.json", "dist/lib/index.js", "dist/lib/index.d.ts", "dist/cli/matml.js", "dist/lib/core/pool-worker.js"];
const FORBIDDEN_PREFIXES = ["dist/test/", "dist/bench/", "test/", "notebooks/", "data/", "scripts/", "bench/", "lib/", "cli/", "out/", ".jupyter/", "node_modules/"];

function fail(message) {
  throw new Error(message);
}

function run(cmd, args, cwd, what) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } });
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  if (r.status !== 0) fail(`${what} failed (exit ${r.status}, ${secs} s): ${cmd} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  console.log(`pack-test: ${what} (${secs} s)`);
  return { stdout: r.stdout, stderr: r.stderr };
}

/** The fenced code block that follows `<!-- pack-test:NAME -->` in the README. */
function readmeSnippet(readme, name) {
  const m = new RegExp(`<!-- pack-test:${name.replace(/\./g, "\\.")} -->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!m) fail(`README.md has no code block marked <!-- pack-test:${name} -->`);
  return m[1];
}

function main() {
  for (const f of ["dist/lib/index.js", "dist/cli/matml.js"]) {
    if (!fs.existsSync(path.join(root, f))) fail(`${f} is missing: run \`npm run build\` first`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "matml-pack-"));
  let ok = false;
  try {
    // 1. The tarball (dist/ is already built, so the prepack build is skipped).
    const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], root, "npm pack").stdout)[0];
    const files = packed.files.map((f) => f.path);
    const missing = REQUIRED.filter((f) => !files.includes(f));
    if (missing.length) fail(`the tarball lacks ${missing.join(", ")}`);
    const extra = files.filter((f) => f !== "data/pins.json").filter((f) => FORBIDDEN_PREFIXES.some((p) => f.startsWith(p)) || f.endsWith(".map") || (f.endsWith(".ts") && !f.endsWith(".d.ts")));
    if (extra.length) fail(`the tarball holds files a user does not need:\n${extra.join("\n")}`);
    const tarball = path.join(tmp, packed.filename);
    console.log(`pack-test: ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed`);

    // 2. A fresh project set up as the README says.
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const app = path.join(tmp, "my-project");
    fs.mkdirSync(app);
    const pkg = { name: "my-project", version: "1.0.0", private: true, ...JSON.parse(readmeSnippet(readme, "package.json")) };
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
    fs.writeFileSync(path.join(app, "tsconfig.json"), readmeSnippet(readme, "tsconfig.json") + "\n");
    fs.writeFileSync(path.join(app, "index.ts"), readmeSnippet(readme, "index.ts") + "\n");
    const install = readmeSnippet(readme, "install")
      .split("\n")
      .find((l) => l.startsWith("npm install "));
    if (!install || !install.includes("/path/to/matml-0.1.0.tgz")) fail("the README's install block has no `npm install /path/to/matml-0.1.0.tgz ...` line");
    if (packed.filename !== "matml-0.1.0.tgz") fail(`the README names matml-0.1.0.tgz but npm pack wrote ${packed.filename}: update the README`);
    const installArgs = install.replace(/#.*$/, "").trim().split(/\s+/).slice(1).map((a) => (a === "/path/to/matml-0.1.0.tgz" ? tarball : a));
    run("npm", [...installArgs, "--prefer-offline", "--no-audit", "--no-fund"], app, `npm ${installArgs.join(" ").replace(tarball, "matml-0.1.0.tgz")}`);

    // 3. Compile and run the README's program; the command line comes along.
    const tsc = fs.realpathSync(path.join(app, "node_modules", ".bin", "tsc"));
    if (!tsc.startsWith(path.join(fs.realpathSync(app), "node_modules", "typescript") + path.sep)) fail(`npx tsc would run ${tsc}, not the project's typescript`);
    run("npx", ["tsc"], app, "npx tsc");
    const out = run(process.execPath, ["index.js"], app, "node index.js").stdout.trim();
    const predicted = JSON.parse(out.replace(/\s+/g, ""));
    if (!Array.isArray(predicted) || predicted.length !== 2 || !predicted.every(Number.isFinite)) fail(`index.js printed ${out}, expected two predictions`);
    // The installed package finds its data pins and reads the tutorial's data (from MATML_DATA_DIR).
    const dataDir = process.env.MATML_DATA_DIR || path.resolve(root, "..", "shared", "data");
    if (!fs.existsSync(path.join(dataDir, "DFT_data.csv"))) fail(`the tutorial's data is needed: set MATML_DATA_DIR (looked in ${dataDir})`);
    const load = 'require("matml").loadDFT().then((df) => console.log(JSON.stringify(df.shape)))';
    const shape = spawnSync(process.execPath, ["-e", load], { cwd: app, encoding: "utf8", env: { ...process.env, MATML_DATA_DIR: dataDir } });
    if (shape.status !== 0 || shape.stdout.trim() !== "[512,54]") fail(`loadDFT() in the installed package failed:\n${shape.stdout}${shape.stderr}`);
    const help = run("npx", ["matml", "--help"], app, "npx matml --help");
    if (!/matml featurize/.test(help.stdout + help.stderr)) fail(`npx matml --help printed:\n${help.stdout}${help.stderr}`);
    ok = true;
    console.log(`pack-test: ok, predictions ${out.replace(/\s+/g, " ")} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  } finally {
    if (keep) console.log(`pack-test: the temporary project is in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    if (!ok && !keep) console.log("pack-test: rerun with --keep to look at the temporary project");
  }
}

try {
  main();
} catch (e) {
  console.error(`pack-test: ${e.message}`);
  process.exitCode = 1;
}
