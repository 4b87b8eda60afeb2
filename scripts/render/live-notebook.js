#!/usr/bin/env node
// Manual check of inline plots in a LIVE classic Jupyter Notebook (not an nbconvert export):
// starts `jupyter notebook` on loopback with the project's tslab kernel, drives headless
// Chromium through the DevTools protocol to run every cell of a notebook, counts the drawn
// plotly plots, then saves, reloads the page (outputs of a saved, trusted notebook re-run their
// scripts) and counts again. Screenshots go next to the notebook.
//
//   node scripts/render/live-notebook.js [NOTEBOOK.ipynb]
//
// Default notebook: the one written by test/render.test.ts (out/render-test/nb-*/plots.ipynb).
// Needs /usr/bin/python3 with the notebook package, chromium, and `npm run setup` done.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const http = require("http");
const net = require("net");
const crypto = require("crypto");
const { spawn } = require("child_process");
const WebSocket = require("ws"); // installed with nodeplotlib (socket.io)

const root = path.resolve(__dirname, "..", "..");
const CHROMIUM = process.env.MATML_CHROMIUM || "/usr/bin/chromium";
const PYTHON = process.env.MATML_PYTHON || "/usr/bin/python3";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function getJson(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch (e) {
          reject(new Error(`${url}: ${body.slice(0, 200)}`));
        }
      });
    }).on("error", reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs = 60000) {
  const start = Date.now();
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** A tiny DevTools-protocol client: send(method, params) → result. */
function devtools(wsUrl) {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false, maxPayload: 256 << 20 });
  let id = 0;
  const pending = new Map();
  ws.on("message", (msg) => {
    const m = JSON.parse(msg);
    if (m.id && pending.has(m.id)) {
      const { resolve, reject } = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) reject(new Error(JSON.stringify(m.error)));
      else resolve(m.result);
    }
  });
  const ready = new Promise((resolve, reject) => {
    ws.on("open", resolve);
    ws.on("error", reject);
  });
  return {
    ready,
    send(method, params = {}) {
      return new Promise((resolve, reject) => {
        pending.set(++id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    async evaluate(expression) {
      const r = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
      return r.result.value;
    },
    close: () => ws.close(),
  };
}

function findDefaultNotebook() {
  const dir = path.join(root, "out", "render-test");
  const runs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => d.startsWith("nb-")) : [];
  for (const run of runs) {
    const nb = path.join(dir, run, "plots.ipynb");
    if (fs.existsSync(nb)) return nb;
  }
  throw new Error("no notebook given and none from test/render.test.ts: run `node --test dist/test/render.test.js` first");
}

async function main() {
  const notebook = path.resolve(process.argv[2] || findDefaultNotebook());
  const nbDir = path.dirname(notebook);
  // Work on a copy so the original stays without outputs.
  const copy = path.join(nbDir, "live-" + path.basename(notebook));
  fs.copyFileSync(notebook, copy);
  const token = crypto.randomBytes(12).toString("hex");
  const jPort = await freePort();
  const cPort = await freePort();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "matml-live-"));
  // Jupyter's runtime and config files go to the throw-away folder, not the user's home.
  const env = {
    ...process.env,
    JUPYTER_PATH: path.join(root, ".jupyter", "share", "jupyter"),
    JUPYTER_RUNTIME_DIR: path.join(profile, "jupyter-runtime"),
    JUPYTER_CONFIG_DIR: path.join(profile, "jupyter-config"),
  };
  const children = [];
  const stop = () => children.forEach((c) => c.exitCode === null && c.kill("SIGTERM"));
  process.on("exit", stop);
  try {
    const jupyter = spawn(PYTHON, ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${jPort}`, `--NotebookApp.token=${token}`, `--notebook-dir=${nbDir}`, ...(process.getuid && process.getuid() === 0 ? ["--allow-root"] : [])], { env, stdio: ["ignore", "ignore", "pipe"] });
    children.push(jupyter);
    let jlog = "";
    jupyter.stderr.on("data", (d) => (jlog += d));
    await waitFor("jupyter notebook", () => {
      if (jupyter.exitCode !== null) throw new Error("exited");
      return getJson(`http://127.0.0.1:${jPort}/api/status?token=${token}`);
    }, 60000).catch((e) => {
      throw new Error(`${e.message}\n${jlog}`);
    });

    const chrome = spawn(CHROMIUM, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, `--remote-debugging-port=${cPort}`, "--window-size=1200,1600", "about:blank"], { stdio: "ignore" });
    children.push(chrome);
    const pages = await waitFor("chromium", () => getJson(`http://127.0.0.1:${cPort}/json/list`));
    const page = devtools(pages.find((p) => p.type === "page").webSocketDebuggerUrl);
    await page.ready;
    await page.send("Page.enable");
    await page.send("Runtime.enable");

    const url = `http://127.0.0.1:${jPort}/notebooks/${encodeURIComponent(path.basename(copy))}?token=${token}`;
    const open = async () => {
      await page.send("Page.navigate", { url });
      await waitFor("kernel", () => page.evaluate("!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())"), 90000);
    };
    const count = () => page.evaluate("document.querySelectorAll('.matml-plot.js-plotly-plot').length");
    const expected = () => page.evaluate("document.querySelectorAll('.matml-plot').length");
    const shot = async (file) => {
      const { data } = await page.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
      fs.writeFileSync(file, Buffer.from(data, "base64"));
    };

    await open();
    await page.evaluate("Jupyter.notebook.execute_all_cells(), true");
    await waitFor("cells to finish", () => page.evaluate("Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || (c.input_prompt_number !== '*' && c.input_prompt_number !== null && c.input_prompt_number !== undefined))"), 180000);
    await sleep(3000);
    const n1 = await count();
    const want = await expected();
    const errors = await page.evaluate("Jupyter.notebook.get_cells().flatMap(c => (c.output_area ? c.output_area.outputs : [])).filter(o => o.output_type === 'error' || o.name === 'stderr').length");
    await shot(path.join(nbDir, "live-run.png"));
    console.log(`live classic Notebook, after running all cells: ${n1} of ${want} figures drawn, ${errors} error outputs`);

    // Save (the notebook becomes trusted: the user ran it), reload, count again.
    await page.evaluate("Jupyter.notebook.save_checkpoint(), true");
    await sleep(3000);
    await open();
    await sleep(5000);
    const n2 = await count();
    await shot(path.join(nbDir, "live-reload.png"));
    console.log(`after saving and reloading the page: ${n2} of ${await expected()} figures drawn`);
    console.log(`screenshots: ${path.join(nbDir, "live-run.png")}, ${path.join(nbDir, "live-reload.png")}`);
    page.close();
    process.exitCode = n1 === want && want > 0 && errors === 0 && n2 === want ? 0 : 1;
  } finally {
    stop();
    await sleep(500);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
