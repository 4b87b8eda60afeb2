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
