// A shared, read-only install (JupyterHub, lab machines): a built copy of the project is made
// read-only (chmod -R a-w), its kernel registered in a separate prefix as an administrator would
// (`npm run setup -- --prefix DIR`), and then an unprivileged user (uid/gid 65534 through
// setpriv, HOME a fresh folder of theirs) runs `npm run case-study -- 00` with the data given as
// an offline bundle, then prepares their own copies of the notebooks (scripts/workspace.js) and
// runs a notebook of theirs from there.
// Everything must pass, the project copy must be unchanged, and every file the user wrote must
// be under their home.
//
// Needs root (to switch user), setpriv, and Jupyter's nbclient. Outside CI a missing piece skips
// the test with a message; under CI (CI=true) it fails.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync, SpawnSyncReturns } from "child_process";
import { projectRoot } from "../lib/paths";
import { DATASETS } from "../lib/data/datasets";
import { writeBundle } from "../lib/data/bundle";
import { notebookJson, testDataDir } from "./helpers";

const NOBODY = 65534;
const SETPRIV = "/usr/bin/setpriv";
const { findPython } = require(path.join(projectRoot, "scripts", "jupyter.js"));

/** What is missing for this test on this machine (empty when it can run). */
function missingPrerequisites(python: string | null): string[] {
  const missing: string[] = [];
  if (typeof process.getuid !== "function" || process.getuid() !== 0) missing.push("root (to switch to an unprivileged user)");
  if (!fs.existsSync(SETPRIV)) missing.push(SETPRIV);
  if (!python) missing.push("a python with nbclient and nbconvert");
  return missing;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: "utf8", timeout: 600_000, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  return r;
}

/** Runs a command as uid/gid 65534 with no supplementary groups. */
function asNobody(args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return run(SETPRIV, [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...args], { cwd, env });
}

/** Every file and folder below `dir` (not following links) with its mode, size and mtime. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      out.set(path.relative(dir, p), `${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${st.uid}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Files and folders owned by `uid` below `dir` (not following links; unreadable folders skipped). */
function ownedBy(dir: string, uid: number): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(d, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.uid === uid) found.push(p);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(p);
    }
  };
  walk(dir);
  return found;
}

test("a read-only shared install: an unprivileged user runs the case study and their own notebook copy, writing only under their home", (t) => {
  const python = findPython(["nbclient", "nbconvert", "nbformat"]);
  const missing = missingPrerequisites(python);
  if (missing.length) {
    if (process.env.CI) assert.fail(`CI must be able to run this test; missing: ${missing.join(", ")}`);
    t.skip(`needs ${missing.join(", ")}`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "matml-shared-"));
  fs.chmodSync(tmp, 0o755);
  const project = path.join(tmp, "matml");
  const prefix = path.join(tmp, "jupyter-admin"); // stands for the system-wide kernel folder
  const home = path.join(tmp, "home");
  try {
    // --- the administrator: a built copy, the kernel registered outside it, then read-only ---
    fs.mkdirSync(project);
    for (const item of ["package.json", "dist", "notebooks", "scripts", "bin", "data"]) {
      // data/ holds the pins (data/pins.json); its download cache is not part of an install.
      fs.cpSync(path.join(projectRoot, item), path.join(project, item), { recursive: true, filter: (src) => src !== path.join(projectRoot, "data", "cache") });
    }
    fs.symlinkSync(fs.realpathSync(path.join(projectRoot, "node_modules")), path.join(project, "node_modules"));
    const reach = asNobody(["test", "-r", path.join(project, "node_modules", "tslab", "package.json")], tmp, { PATH: process.env.PATH });
    if (reach.status !== 0) {
      // node_modules sits below a folder the user cannot enter: give the copy its own.
      fs.unlinkSync(path.join(project, "node_modules"));
      fs.cpSync(fs.realpathSync(path.join(projectRoot, "node_modules")), path.join(project, "node_modules"), { recursive: true, verbatimSymlinks: true });
    }
    const setup = run(process.execPath, [path.join(project, "scripts", "install-kernel.js"), "--prefix", prefix], {
      cwd: project,
      env: { ...process.env, JUPYTER_PATH: path.join(prefix, "share", "jupyter") },
    });
    assert.strictEqual(setup.status, 0, setup.stdout + setup.stderr);
    const kernel = JSON.parse(fs.readFileSync(path.join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8"));
    assert.strictEqual(kernel.argv[0], path.join(project, "node_modules", ".bin", "tslab"));
    // The offline data bundle a teacher would hand out (the data itself is read-only too).
    const bundle = path.join(tmp, "matml-data.tar.gz");
    writeBundle(bundle, DATASETS.map((n) => path.join(testDataDir(), n)));
    assert.strictEqual(run("chmod", ["-R", "a-w", project, prefix, bundle]).status, 0);
    fs.mkdirSync(home);
    fs.chownSync(home, NOBODY, NOBODY);
    const before = snapshot(project);
    const marker = Date.now();

    // --- the student ---
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      LANG: "C.UTF-8",
      JUPYTER_PATH: path.join(prefix, "share", "jupyter"),
      MATML_DATA_DIR: bundle,
      MATML_PYTHON: python!,
      NPM_CONFIG_UPDATE_NOTIFIER: "false",
      NPM_CONFIG_FUND: "false",
    };
    const caseStudy = asNobody(["npm", "run", "case-study", "--", "00"], project, env);
    assert.strictEqual(caseStudy.status, 0, caseStudy.stdout + caseStudy.stderr);
    assert.match(caseStudy.stdout, /case study: 1 passed, 0 failed/);
    assert.match(caseStudy.stderr, /read-only install: using the existing build/);

    const out = path.join(home, "matml", "out");
    for (const f of ["00-data-tour.ipynb", "00-data-tour.html", "summary.json", "index.html"]) {
      assert.ok(fs.existsSync(path.join(out, f)), `${f} missing in ${out}`);
    }
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
    assert.ok(summary.seconds_per_notebook["00_data_tour"] > 0);
    assert.match(fs.readFileSync(path.join(out, "index.html"), "utf8"), /href="00-data-tour\.html"/);
    // The data came from the bundle, unpacked and checked into the user's cache.
    const unpacked = fs.readdirSync(path.join(home, ".cache", "matml", "bundles"));
    assert.strictEqual(unpacked.length, 1);
    for (const name of DATASETS) assert.ok(fs.existsSync(path.join(home, ".cache", "matml", "bundles", unpacked[0], name)), name);
    const executed = fs.readFileSync(path.join(out, "00-data-tour.ipynb"), "utf8");
    assert.ok(executed.includes(path.join(home, ".cache", "matml", "bundles")), "notebook 00 shows where its data came from");

    // The student's own, saveable copies of the notebooks, run from there.
    const ws = asNobody([process.execPath, path.join(project, "scripts", "workspace.js")], home, env);
    assert.strictEqual(ws.status, 0, ws.stderr);
    const wsDir = ws.stdout.trim();
    assert.strictEqual(wsDir, path.join(home, "matml", "notebooks"));
    const sources = fs.readdirSync(path.join(project, "notebooks")).filter((f) => f.endsWith(".ipynb"));
    assert.deepStrictEqual(fs.readdirSync(wsDir).sort(), sources.sort());
    for (const link of ["dist", "node_modules"]) assert.strictEqual(fs.readlinkSync(path.join(home, "matml", link)), path.join(project, link));
    // A notebook of the student's own beside the copies imports the library as they do
    // ("../dist/lib", type-checked by tslab) and records a number into their own summary.
    const mine = path.join(home, "mine.ipynb");
    fs.writeFileSync(mine, notebookJson([
      `import * as ml from "../dist/lib";\nconst dft = await ml.loadDFT();`,
      `const n: number = dft.shape[0];\nml.recordMetrics("workspace_check", { alloys: n });\nconsole.log(ml.outDir());`,
    ]));
    assert.strictEqual(asNobody(["cp", mine, path.join(wsDir, "mine.ipynb")], home, env).status, 0);
    const own = asNobody([python!, path.join(project, "scripts", "run_notebooks.py"), "--no-html", "--out", path.join(home, "workspace-run"), path.join(wsDir, "mine.ipynb")], wsDir, env);
    assert.strictEqual(own.status, 0, own.stderr);
    assert.deepStrictEqual(JSON.parse(own.stdout.trim().split("\n").pop()!).failures, {}, own.stderr);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")).workspace_check.alloys, 512);
    // A student's edit survives preparing the workspace again.
    const edited = path.join(wsDir, "00-data-tour.ipynb");
    asNobody(["sh", "-c", `echo ' ' >> '${edited}'`], home, env);
    const size = fs.statSync(edited).size;
    assert.strictEqual(asNobody([process.execPath, path.join(project, "scripts", "workspace.js")], home, env).status, 0);
    assert.strictEqual(fs.statSync(edited).size, size);

    // --- nothing changed in the project, and the user wrote only under their home ---
    const after = snapshot(project);
    assert.deepStrictEqual([...after.keys()].filter((k) => !before.has(k)), [], "files appeared in the read-only project");
    for (const [k, v] of before) assert.strictEqual(after.get(k), v, `${k} changed in the read-only project`);
    const elsewhere = [os.tmpdir(), "/var/tmp", "/dev/shm", path.dirname(projectRoot)]
      .filter((d) => fs.existsSync(d))
      .flatMap((d) => ownedBy(d, NOBODY))
      .filter((p) => p !== home && !p.startsWith(home + path.sep) && fs.lstatSync(p).mtimeMs >= marker - 1000);
    assert.deepStrictEqual(elsewhere, [], "the user wrote outside their home");
  } finally {
    run("chmod", ["-R", "u+w", tmp]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
