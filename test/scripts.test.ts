// The project's own scripts: the kernel lives in the project's Jupyter folder, and `npm start`
// explains how to install Jupyter when it is missing.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as http from "http";
import { spawn, spawnSync } from "child_process";
import { projectRoot } from "../lib/paths";

test("the tslab kernel is registered in the project's own Jupyter data folder", () => {
  const spec = path.join(projectRoot, ".jupyter", "share", "jupyter", "kernels", "tslab", "kernel.json");
  assert.ok(fs.existsSync(spec), `run npm run setup first: ${spec} is missing`);
  const kernel = JSON.parse(fs.readFileSync(spec, "utf8"));
  assert.strictEqual(kernel.argv[0], path.join(projectRoot, "node_modules", ".bin", "tslab"));
});

test("npm start without Jupyter says how to install it and exits non-zero", () => {
  const r = spawnSync(process.execPath, [path.join(projectRoot, "scripts", "start.js")], {
    encoding: "utf8",
    env: { ...process.env, MATML_PYTHON: "/nonexistent/python3" },
  });
  assert.notStrictEqual(r.status, 0);
  assert.match(r.stderr, /Jupyter was not found/);
  assert.match(r.stderr, /apt-get install jupyter-notebook/);
  assert.match(r.stderr, /pip install jupyterlab/);
});

test("the notebook runner without Jupyter fails with the same advice", () => {
  const r = spawnSync(process.execPath, [path.join(projectRoot, "scripts", "case-study.js"), "00"], {
    encoding: "utf8",
    env: { ...process.env, MATML_PYTHON: "/nonexistent/python3" },
  });
  assert.notStrictEqual(r.status, 0);
  assert.match(r.stderr, /Jupyter was not found/);
});

test("npm start serves the notebooks with the project's tslab kernel", async (t) => {
  const { findPython } = require(path.join(projectRoot, "scripts", "jupyter.js"));
  if (!findPython(["notebook"]) && !findPython(["jupyterlab"])) {
    if (process.env.CI) assert.fail("CI installs Jupyter; it was not found");
    t.skip("Jupyter is not installed");
    return;
  }
  const port = 20000 + (process.pid % 20000);
  const child = spawn(process.execPath, [path.join(projectRoot, "scripts", "start.js"), "--no-browser", `--port=${port}`, "--NotebookApp.token=matml", "--ServerApp.token=matml"], {
    stdio: "ignore",
  });
  try {
    let specs: any;
    for (let i = 0; i < 60 && !specs; i++) {
      await new Promise((r) => setTimeout(r, 500));
      specs = await new Promise((resolve) => {
        http
          .get(`http://127.0.0.1:${port}/api/kernelspecs?token=matml`, (res) => {
            let body = "";
            res.on("data", (c) => (body += c));
            res.on("end", () => resolve(res.statusCode === 200 ? JSON.parse(body) : undefined));
          })
          .on("error", () => resolve(undefined));
      });
    }
    assert.ok(specs, "the notebook server did not answer within 30 s");
    assert.strictEqual(specs.kernelspecs.tslab.spec.argv[0], path.join(projectRoot, "node_modules", ".bin", "tslab"));
  } finally {
    child.kill("SIGTERM");
  }
});

test("npm run setup takes one place for the kernel and says which places there are", () => {
  const setup = (...args: string[]) => spawnSync(process.execPath, [path.join(projectRoot, "scripts", "install-kernel.js"), ...args], { encoding: "utf8" });
  const both = setup("--system", "--prefix", "/tmp/x");
  assert.strictEqual(both.status, 2);
  assert.match(both.stderr, /choose one place for the kernel, not --system and --prefix/);
  const unknown = setup("--global");
  assert.strictEqual(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option --global\nusage: npm run setup \[-- --system \| --user \| --sys-prefix \| --prefix DIR\]/);
  assert.match(setup("--prefix").stderr, /--prefix needs a folder/);
});

test("out/index.html links every executed notebook with its run time, marks failures and escapes titles", () => {
  const { writeIndex } = require(path.join(projectRoot, "scripts", "site-index.js"));
  const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "matml-index-"));
  const nb = (title: string) => JSON.stringify({ cells: [{ cell_type: "markdown", source: [`# ${title}\n`, "text"] }] });
  fs.writeFileSync(path.join(dir, "00-a.ipynb"), nb("00 · Data <tour> & more"));
  fs.writeFileSync(path.join(dir, "01-b.ipynb"), nb("01 · Regression"));
  fs.writeFileSync(path.join(dir, "02-c.ipynb"), nb("02 · Not run"));
  for (const f of ["00-a.html", "01-b.html"]) fs.writeFileSync(path.join(dir, f), "<html></html>");
  const summary = { tensorflow_backend: "wasm", seconds_per_notebook: { "00_a": 12.34, "01_b": 125 }, total_seconds: 137.34, failed_notebooks: ["01-b"] };
  const { file, listed } = writeIndex(dir, ["00-a", "01-b", "02-c"].map((n) => path.join(dir, `${n}.ipynb`)), summary);
  assert.deepStrictEqual(listed, ["00-a", "01-b"]);
  const html = fs.readFileSync(file, "utf8");
  assert.match(html, /<a href="00-a\.html">00 · Data &lt;tour&gt; &amp; more<\/a><\/td><td class="num">12\.3 s<\/td><td>ok<\/td>/);
  assert.match(html, /<a href="01-b\.html">01 · Regression<\/a><\/td><td class="num">2 min 5 s<\/td><td><span class="failed">failed<\/span>/);
  assert.ok(!html.includes("02-c"), "a notebook without HTML is not linked");
  assert.match(html, /Total 2 min 17 s; TensorFlow\.js backend: wasm/);
  assert.match(html, /href="summary\.json"/);
  fs.rmSync(dir, { recursive: true, force: true });
});
