// End-to-end check of inline plots: a tiny notebook using lib/plot is executed headless through
// the project's tslab kernel, exported to HTML, and opened in headless Chromium with the network
// blocked. Every figure shown must end up as a drawn plotly plot; the table must be there too.
// A screenshot is left in out/render-test/screenshot.png for a human look.
//
// Needs /usr/bin/python3 with nbconvert, the kernel registered by `npm run setup`, and chromium.
// Without chromium the test is skipped with a message, except under CI (CI=true) where it fails.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { projectRoot } from "../lib/paths";
import { barPlot, parityPlot } from "../lib/plot";
import { figureHtml } from "../lib/plot/show";
import { notebookJson } from "./helpers";

const CHROMIUM = process.env.MATML_CHROMIUM ?? "/usr/bin/chromium";
const PYTHON = process.env.MATML_PYTHON ?? "/usr/bin/python3";
const JUPYTER_DATA = path.join(projectRoot, ".jupyter", "share", "jupyter");
const WORK = path.join(projectRoot, "out", "render-test");

/** The notebook's code cells; FIGURES is how many plots they show in total. */
const CELLS = [
  // The notebook sits in out/render-test/, so the compiled library is three levels up.
  `import { parityPlot, scatterPlot, histogramPlot, heatmapPlot, linePlot, barPlot, imageGrid, show, showTable, showMarkdown } from "../../../dist/lib/plot";
const actual = Array.from({ length: 40 }, (_, i) => 0.1 * i);
const predicted = actual.map((v, i) => v + 0.15 * Math.sin(7 * i));
const formulas = actual.map((_, i) => \`CsPb(I\${i % 3}Br)3\`);`,
  `show(parityPlot({
  train: { actual: actual.slice(0, 30), predicted: predicted.slice(0, 30), labels: formulas.slice(0, 30) },
  test: { actual: actual.slice(30), predicted: predicted.slice(30), std: actual.slice(30).map(() => 0.2) },
  quantity: "band gap", unit: "eV", title: "Parity plot",
}));`,
  `show([
  scatterPlot({ x: actual, y: predicted, groups: actual.map((v) => (v > 2 ? "hybrid" : "inorganic")), labels: formulas,
    xTitle: "Decomposition energy (eV)", yTitle: "Band gap (eV)", title: "Scatter by group" }),
  histogramPlot({ series: [{ name: "train", values: actual }, { name: "predicted", values: predicted }], xTitle: "Band gap (eV)", title: "Histogram" }),
]);`,
  `show(heatmapPlot({ z: [[41, 7], [4, 48]], x: ["stable", "unstable"], y: ["stable", "unstable"], annotate: true,
  colorscale: "Blues", xTitle: "Predicted", yTitle: "Actual", title: "Confusion matrix" }));
show(heatmapPlot({ z: [actual.map(Math.sin), actual.map(Math.cos)], y: ["decomposition", "gap"], colorscale: "coolwarm", title: "Correlation" }));`,
  `show(linePlot({ series: [
  { name: "training loss", x: [1, 2, 3, 4], y: [1, 0.5, 0.3, 0.2], band: { lower: [0.9, 0.4, 0.2, 0.1], upper: [1.1, 0.6, 0.4, 0.3] } },
  { name: "validation loss", x: [1, 2, 3, 4], y: [1.2, 0.7, 0.5, 0.45] } ], xTitle: "Epoch", yTitle: "MSE", title: "Loss" }));
show(barPlot({ x: ["RF", "LR", "GPR"], series: [{ name: "train", y: [0.09, 0.36, 0.1] }, { name: "test", y: [0.19, 0.38, 0.1] }], title: "RMSE" }));`,
  `const disc = (r: number) => Array.from({ length: 12 }, (_, i) => Array.from({ length: 12 }, (_, j) => ((i - 6) ** 2 + (j - 6) ** 2 < r * r ? 1 : 0)));
show(imageGrid({ images: [disc(2), disc(3), disc(4), disc(5)], labels: ["right", "wrong", "right", "right"],
  labelColors: ["blue", "red", "blue", "blue"], cols: 4, title: "Images" }));`,
  `show([
  imageGrid({ images: [disc(4)], labels: ["Sneaker 97%"], labelColors: ["blue"], size: 200 }),
  barPlot({ x: ["T-shirt", "Sneaker", "Bag"], y: [0.01, 0.97, 0.02], colors: ["#999", "blue", "#999"], title: "Class probabilities" }),
], { columns: 2 });`,
  `showTable([{ model: "RF", rmse: 0.18734 }, { model: "LR", rmse: 0.37912 }], { title: "Models", digits: 2 });
showMarkdown("**done**: $R^2$ shown in the legends");`,
];
const FIGURES = 10;
/** Figures shown one per output, each with the plotly JSON bundle (the last row is html only). */
const SINGLE_FIGURES = 8;

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeout ?? 240_000, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  return r;
}

/** Chromium flags for a throw-away, offline, headless browser. */
function chromiumArgs(profile: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${profile}`,
    // No network: anything the page would fetch (a CDN) fails at once.
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=20000",
  ];
}

function count(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

test("an executed notebook exported to HTML shows every plot in an offline browser", { timeout: 300_000 }, (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI === "true") assert.fail(`chromium not found at ${CHROMIUM} (CI=true: install the Debian package chromium)`);
    t.skip(`chromium not found at ${CHROMIUM}: install it (apt-get install chromium) to run the browser check`);
    return;
  }
  assert.ok(fs.existsSync(path.join(JUPYTER_DATA, "kernels")), `tslab kernel not registered in ${JUPYTER_DATA}: run npm run setup`);
  assert.ok(fs.existsSync(path.join(projectRoot, "dist", "lib", "plot", "index.js")), "dist/ missing: run npx tsc -p . first");

  // Earlier runs' folders go; this run's stays for inspection (executed notebook, HTML, screenshot).
  fs.mkdirSync(WORK, { recursive: true });
  for (const old of fs.readdirSync(WORK)) if (old.startsWith("nb-")) fs.rmSync(path.join(WORK, old), { recursive: true, force: true });
  const dir = fs.mkdtempSync(path.join(WORK, "nb-"));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "matml-chromium-"));
  try {
    // out/render-test/nb-XXXX: three levels below the project, as the import above expects.
    const nbDir = dir;
    const nb = path.join(nbDir, "plots.ipynb");
    fs.writeFileSync(nb, notebookJson(CELLS));
    const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: JUPYTER_DATA, MATML_PLOT: "auto" };
    delete env.MATML_PLOT_DIR;

    // 1. Execute through the tslab kernel (into an executed .ipynb), then export that to HTML.
    const exec = run(PYTHON, ["-m", "nbconvert", "--to", "notebook", "--execute", "plots.ipynb", "--output", "plots.out.ipynb", "--ExecutePreprocessor.timeout=180", "--ExecutePreprocessor.kernel_name=tslab"], { cwd: nbDir, env });
    assert.strictEqual(exec.status, 0, `nbconvert --execute failed:\n${exec.stderr}`);
    const executed = JSON.parse(fs.readFileSync(path.join(nbDir, "plots.out.ipynb"), "utf8"));
    const outputs = executed.cells.flatMap((c: { outputs: Array<Record<string, any>> }) => c.outputs);
    const errors = outputs.filter((o: Record<string, any>) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"));
    assert.deepStrictEqual(errors, [], "no errors or stderr in the executed notebook");
    const plots = outputs.filter((o: Record<string, any>) => o.data?.["application/vnd.plotly.v1+json"]);
    assert.strictEqual(plots.length, SINGLE_FIGURES, "one display per figure, each with the plotly JSON bundle");
    const withLibrary = outputs.filter((o: Record<string, any>) => String(o.data?.["text/html"] ?? "").length > 3_000_000);
    assert.strictEqual(withLibrary.length, 1, "plotly.js is inlined once per kernel session");
    assert.ok(outputs.some((o: Record<string, any>) => String(o.data?.["text/html"] ?? "").includes('class="dataframe"')), "table shown as HTML");

    const html = run(PYTHON, ["-m", "nbconvert", "--to", "html", "plots.out.ipynb", "--output", "plots"], { cwd: nbDir, env });
    assert.strictEqual(html.status, 0, `nbconvert --to html failed:\n${html.stderr}`);
    const page = path.join(nbDir, "plots.html");
    assert.ok(!/src="https?:\/\/[^"]*plotly/i.test(fs.readFileSync(page, "utf8")), "no plotly.js from a CDN");

    // 2. Load the page in an offline headless browser and count the drawn plots.
    const dom = run(CHROMIUM, [...chromiumArgs(profile), "--dump-dom", `file://${page}`], { timeout: 120_000 });
    assert.strictEqual(dom.status, 0, `chromium failed:\n${dom.stderr}`);
    const ours = count(dom.stdout, /class="matml-plot[^"]*"/g);
    const drawn = count(dom.stdout, /class="matml-plot js-plotly-plot"/g);
    assert.strictEqual(ours, FIGURES, "every figure has its div in the exported page");
    assert.strictEqual(drawn, FIGURES, `plotly drew ${drawn} of ${FIGURES} figures`);
    assert.ok(count(dom.stdout, /class="main-svg"/g) >= FIGURES);
    assert.ok(!dom.stdout.includes(">Waiting for plotly.js"), "no figure waited in vain for plotly.js");
    assert.match(dom.stdout, /Train: RMSE \d\.\d{3} eV, R² \d\.\d{3}/, "legend with metrics rendered");
    assert.match(dom.stdout, /<td style="text-align:right">0\.19<\/td>/, "table rendered with rounding");

    // 3. A screenshot for looking at (not compared automatically).
    const shot = path.join(WORK, "screenshot.png");
    fs.rmSync(shot, { force: true });
    const profile2 = fs.mkdtempSync(path.join(os.tmpdir(), "matml-chromium-"));
    try {
      run(CHROMIUM, [...chromiumArgs(profile2), "--window-size=1100,5200", "--hide-scrollbars", `--screenshot=${shot}`, `file://${page}`], { timeout: 120_000 });
    } finally {
      fs.rmSync(profile2, { recursive: true, force: true });
    }
    assert.ok(fs.existsSync(shot), "screenshot written");
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test("plotly.js loads beside RequireJS (classic Notebook); figures wait for it and for their div (JupyterLab); hover shows formulas", { timeout: 120_000 }, (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI === "true") assert.fail(`chromium not found at ${CHROMIUM} (CI=true: install the Debian package chromium)`);
    t.skip(`chromium not found at ${CHROMIUM}`);
    return;
  }
  fs.mkdirSync(WORK, { recursive: true });
  const page = path.join(WORK, "amd.html");
  const fig = barPlot({ x: ["a", "b"], y: [1, 2], title: "AMD page" });
  // A global AMD `define` like the one RequireJS installs; plotly must not register through it.
  const amd = `<script>var define = function () { document.title = "define was called"; }; define.amd = {};</script>`;
  const check = `<script>setTimeout(function () { var d = document.createElement("div"); d.id = "amd-check"; d.textContent = "define restored: " + (typeof define === "function" && !!define.amd); document.body.appendChild(d); }, 3000);</script>`;
  // The first figure comes before the output that carries the library: it has to wait for it.
  // The third is rendered the way JupyterLab does: HTML set on a detached node, its scripts
  // re-created, the node attached to the page later.
  const lab = `<script>
    var host = document.createElement("div");
    host.innerHTML = ${JSON.stringify(figureHtml(fig, { id: "lab" })).replace(/</g, "\\u003c")};
    Array.prototype.slice.call(host.getElementsByTagName("script")).forEach(function (old) {
      var s = document.createElement("script"); s.textContent = old.textContent; old.parentNode.replaceChild(s, old);
    });
    setTimeout(function () { document.body.appendChild(host); }, 500);
  </script>`;
  // Hovering a point of a parity plot shows its formula: Plotly.Fx.hover plays the mouse.
  const parity = parityPlot({ train: { actual: [1, 2, 3], predicted: [1.1, 2.2, 2.9], labels: ["CsPbI3", "MAPbBr3", "FASnCl3"] } });
  const hover = `<script>
    (function poll() {
      var el = document.getElementById("parity");
      if (!el || !el._fullLayout) { setTimeout(poll, 100); return; }
      window.Plotly.Fx.hover(el, [{ curveNumber: 1, pointNumber: 1 }]);
      setTimeout(function () {
        var d = document.createElement("div"); d.id = "hover-text";
        d.textContent = "hover: " + Array.prototype.map.call(el.querySelectorAll(".hoverlayer text"), function (t) { return t.textContent; }).join(" | ");
        document.body.appendChild(d);
      }, 200);
    })();
  </script>`;
  const body = figureHtml(fig, { id: "early" }) + figureHtml(fig, { id: "late", includePlotly: true }) + lab + figureHtml(parity, { id: "parity" }) + hover + check;
  fs.writeFileSync(page, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>amd</title>${amd}</head><body>${body}</body></html>`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "matml-chromium-"));
  try {
    const dom = run(CHROMIUM, [...chromiumArgs(profile), "--dump-dom", `file://${page}`], { timeout: 90_000 });
    assert.strictEqual(dom.status, 0, dom.stderr);
    assert.strictEqual(count(dom.stdout, /class="matml-plot js-plotly-plot"/g), 4, "all four figures drawn");
    assert.match(dom.stdout, /<div id="hover-text">hover: [^<]*MAPbBr3[^<]*<\/div>/, "hover shows the formula");
    assert.match(dom.stdout, /define restored: true/);
    assert.match(dom.stdout, /<title>amd<\/title>/, "plotly did not register as an AMD module");
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
