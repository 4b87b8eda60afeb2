// Unit tests of the figure builders (traces, ranges, legend metrics), the HTML that show()
// emits, the file output used outside notebooks, and the tables.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parityPlot, scatterPlot, histogramPlot, heatmapPlot, confusionMatrixPlot, rocPlot, linePlot, barPlot, imageGrid, gpPlot, show, inNotebook, writeFigureHtml, Figure, Trace } from "../lib/plot";
import { figureHtml } from "../lib/plot/show";
import { parityMetrics } from "../lib/plot/builders";
import { tableHtml, tableText } from "../lib/plot/table";
import { assertClose } from "./helpers";

const actual = [1, 2, 3, 4];
const predicted = [1.1, 1.9, 3.2, 3.8];

function traceNamed(fig: Figure, prefix: string): Trace {
  const t = fig.data.find((d) => String(d.name ?? "").startsWith(prefix));
  assert.ok(t, `no trace named ${prefix}...; have ${fig.data.map((d) => d.name).join(", ")}`);
  return t!;
}

test("parityMetrics matches the RMSE and R² formulas (scikit-learn's r2_score)", () => {
  const { rmse, r2 } = parityMetrics(actual, predicted);
  // residuals² sum 0.1, total sum of squares 5 → R² = 0.98; RMSE = sqrt(0.1 / 4).
  assertClose(rmse, Math.sqrt(0.025), 1e-12);
  assertClose(r2, 0.98, 1e-12);
  assert.strictEqual(parityMetrics([2, 2], [2, 2]).r2, 1);
});

test("parityPlot: train and test traces, metrics in legend names, y = x over the joint range", () => {
  const fig = parityPlot({
    train: { actual, predicted, labels: ["CsPbI3", "MAPbI3", "FAPbBr3", "CsSnCl3"] },
    test: { actual: [0.5, 5], predicted: [0.7, 4.5] },
    unit: "eV",
    quantity: "band gap",
    title: "Parity",
  });
  assert.strictEqual(fig.data.length, 3);
  const line = fig.data[0];
  assert.strictEqual(line.name, "y = x");
  const train = traceNamed(fig, "Train");
  const testTrace = traceNamed(fig, "Test");
  assert.strictEqual(train.name, "Train: RMSE 0.158 eV, R² 0.980");
  const t = parityMetrics([0.5, 5], [0.7, 4.5]);
  assert.strictEqual(testTrace.name, `Test: RMSE ${t.rmse.toFixed(3)} eV, R² ${t.r2.toFixed(3)}`);
  assert.notStrictEqual(train.marker!.color, testTrace.marker!.color, "train and test in two colours");
  // The line runs over the joint range (0.5 .. 5) plus a margin, and is the axes' range.
  const [lo, hi] = line.x as number[];
  assert.deepStrictEqual(line.y, [lo, hi]);
  assert.ok(lo < 0.5 && lo > 0.2 && hi > 5 && hi < 5.3, `range ${lo}..${hi}`);
  assert.deepStrictEqual(fig.layout.xaxis!.range, [lo, hi]);
  assert.deepStrictEqual(fig.layout.yaxis!.range, [lo, hi]);
  assert.strictEqual((fig.layout.yaxis as Record<string, unknown>).scaleanchor, "x");
  // Hovering shows the formula.
  assert.deepStrictEqual(train.text, ["CsPbI3", "MAPbI3", "FAPbBr3", "CsSnCl3"]);
  assert.match(String(train.hovertemplate), /%\{text\}/);
  assert.strictEqual(testTrace.text, undefined);
  assert.match(String((fig.layout.xaxis!.title as { text: string }).text), /DFT band gap \(eV\)/);
});

test("parityPlot: ±σ error bars widen the range; bad input names the option", () => {
  const fig = parityPlot({ test: { actual: [0, 1], predicted: [0, 1], std: [0.5, 2] } });
  const t = traceNamed(fig, "Test");
  assert.deepStrictEqual((t.error_y as { array: number[] }).array, [0.5, 2]);
  assert.ok((fig.data[0].x as number[])[1] >= 3, "range covers predicted + σ");
  assert.throws(() => parityPlot({}), /train.*test/);
  assert.throws(() => parityPlot({ train: { actual: [1, 2], predicted: [1] } }), /train\.predicted: has 1 values but 2/);
  assert.throws(() => parityPlot({ train: { actual: [1, 2], predicted: [1, 2], labels: ["a"] } }), /1 labels for 2 points/);
  // Typed arrays are accepted and become plain arrays (JSON-friendly).
  const typed = parityPlot({ train: { actual: new Float64Array([1, 2]), predicted: new Float32Array([1, 2]) } });
  assert.ok(Array.isArray(traceNamed(typed, "Train").x));
});

test("scatterPlot: groups become traces in order of appearance; colour gets one colour bar", () => {
  const fig = scatterPlot({
    x: [1, 2, 3, 4],
    y: [5, 6, 7, 8],
    groups: ["hybrid", "inorganic", "hybrid", "inorganic"],
    labels: ["MAPbI3", "CsPbI3", "FAPbI3", "CsSnI3"],
    xTitle: "Decomposition energy (eV)",
    yTitle: "Band gap (eV)",
  });
  assert.deepStrictEqual(fig.data.map((d) => d.name), ["hybrid", "inorganic"]);
  assert.deepStrictEqual(fig.data[0].x, [1, 3]);
  assert.deepStrictEqual(fig.data[1].text, ["CsPbI3", "CsSnI3"]);
  assert.notStrictEqual(fig.data[0].marker!.color, fig.data[1].marker!.color);
  assert.match(String(fig.data[0].hovertemplate), /Band gap \(eV\): %\{y/);

  const colored = scatterPlot({ x: [1, 2], y: [3, 4], color: [0.5, 1.5], colorTitle: "Band gap (eV)" });
  assert.strictEqual(colored.data.length, 1);
  assert.deepStrictEqual(colored.data[0].marker!.color, [0.5, 1.5]);
  const axis = (colored.layout as Record<string, any>).coloraxis;
  assert.strictEqual(axis.colorbar.title.text, "Band gap (eV)");
  assert.throws(() => scatterPlot({ x: [1, 2], y: [1] }), /scatterPlot y: has 1 values but 2/);
});

test("histogramPlot: overlaid, see-through, shared bins over the joint range", () => {
  const fig = histogramPlot({ series: [{ name: "train", values: [0, 1, 2] }, { name: "outside", values: [-1, 3] }], nbins: 8 });
  assert.strictEqual(fig.layout.barmode, "overlay");
  for (const t of fig.data) {
    assert.strictEqual(t.type, "histogram");
    assert.ok((t.opacity as number) < 1);
    const bins = t.xbins as { start: number; end: number; size: number };
    assert.strictEqual(bins.start, -1);
    assertClose(bins.size, 0.5, 1e-12);
    assert.ok(bins.end >= 3);
  }
  assert.throws(() => histogramPlot({ series: [] }), /at least one/);
});

test("heatmapPlot: colour bar, annotations with contrasting text, symmetric diverging limits", () => {
  const fig = heatmapPlot({ z: [[40, 5], [3, 52]], x: ["stable", "unstable"], y: ["stable", "unstable"], annotate: true, colorscale: "Blues" });
  const t = fig.data[0];
  assert.strictEqual(t.type, "heatmap");
  assert.notStrictEqual(t.showscale, false);
  assert.ok(t.colorbar);
  const notes = fig.layout.annotations!;
  assert.deepStrictEqual(notes.map((a) => a.text), ["40", "5", "3", "52"]);
  // Blues is dark for large counts: white text there, black on the light cells.
  assert.strictEqual(notes[3].font!.color, "white");
  assert.strictEqual(notes[1].font!.color, "black");
  assert.strictEqual(fig.layout.yaxis!.autorange, "reversed");

  const corr = heatmapPlot({ z: [[0.2, -0.6], [0.9, 0.1]], colorscale: "coolwarm" });
  assert.strictEqual(corr.data[0].zmin, -0.9);
  assert.strictEqual(corr.data[0].zmax, 0.9);
  const own = heatmapPlot({ z: [[1, 2]], zmin: 0, zmax: 10 });
  assert.strictEqual(own.data[0].zmin, 0);
  assert.throws(() => heatmapPlot({ z: [[1, 2], [3]] }), /z\[1\] has 1 values but z\[0\] has 2/);
  assert.throws(() => heatmapPlot({ z: [[1, 2]], x: ["a"] }), /x has 1 names for 2 columns/);
});

test("confusionMatrixPlot: true classes as rows, predicted as columns, counts written in the cells, a title by default", () => {
  const fig = confusionMatrixPlot({ confusionMatrix: [[40, 5], [3, 52]], classNames: ["unstable", "stable"], name: "Forest" });
  const t = fig.data[0];
  assert.strictEqual(t.type, "heatmap");
  assert.deepStrictEqual(t.x, ["predicted unstable", "predicted stable"]);
  assert.deepStrictEqual(t.y, ["true unstable", "true stable"]);
  assert.deepStrictEqual(fig.layout.annotations!.map((a) => a.text), ["40", "5", "3", "52"]);
  assert.match(String((fig.layout.title as { text: string }).text), /^Forest: confusion<br>matrix \(100 samples\)$|^Forest: confusion matrix \(100 samples\)$/);
  assert.strictEqual((fig.layout.xaxis!.title as { text: string }).text, "predicted class");
  assert.strictEqual((fig.layout.yaxis!.title as { text: string }).text, "true class");
  const plain = confusionMatrixPlot({ confusionMatrix: [[1, 0, 0], [0, 2, 1], [0, 0, 3]], title: "Three classes" });
  assert.deepStrictEqual(plain.data[0].x, ["predicted class 0", "predicted class 1", "predicted class 2"]);
  assert.strictEqual((plain.layout.title as { text: string }).text, "Three classes");
  assert.throws(() => confusionMatrixPlot({ confusionMatrix: [[1, 2]] }), /confusionMatrix must be a square matrix/);
  assert.throws(() => confusionMatrixPlot({ confusionMatrix: [[1, 2], [3, 4]], classNames: ["a"] }), /classNames has 1 names for a 2 × 2 matrix/);
});

test("rocPlot: one line per model with its AUC in the legend, models without scores left out, the chance diagonal", () => {
  const fig = rocPlot([
    { name: "forest", roc: { fpr: [0, 0.1, 1], tpr: [0, 0.8, 1] }, rocAuc: 0.9 },
    { name: "no scores", roc: null, rocAuc: null },
    { name: "svm", roc: { fpr: [0, 0.5, 1], tpr: [0, 0.7, 1] } },
  ]);
  assert.deepStrictEqual(fig.data.map((d) => d.name), ["forest (AUC 0.900)", "svm", "chance"]);
  assert.deepStrictEqual(fig.data[0].x, [0, 0.1, 1]);
  assert.deepStrictEqual(fig.data[2].y, [0, 1]);
  assert.strictEqual((fig.layout.title as { text: string }).text, "ROC curves");
  assert.strictEqual((fig.layout.xaxis!.title as { text: string }).text, "false-positive rate");
  assert.throws(() => rocPlot([{ name: "none", roc: null }]), /no curve to draw/);
});

test("linePlot: error band drawn as a filled pair of edges; log x", () => {
  const fig = linePlot({
    series: [
      { name: "train", x: [1, 10, 100], y: [3, 2, 1], band: { lower: [2.5, 1.5, 0.5], upper: [3.5, 2.5, 1.5] } },
      { name: "validation", x: [1, 10, 100], y: [3.5, 2.8, 2.5] },
    ],
    logX: true,
    xTitle: "epoch",
  });
  assert.strictEqual(fig.data.length, 4);
  assert.deepStrictEqual(fig.data[0].y, [2.5, 1.5, 0.5]);
  assert.strictEqual(fig.data[1].fill, "tonexty");
  assert.strictEqual(fig.data[0].showlegend, false);
  assert.strictEqual(fig.data[2].name, "train");
  assert.strictEqual(fig.layout.xaxis!.type, "log");
  assert.throws(() => linePlot({ series: [{ name: "a", x: [1, 2], y: [1, 2], band: { lower: [1], upper: [1, 2] } }] }), /band\.lower: has 1 values/);
});

test("barPlot: single series, grouped series, horizontal with first category on top", () => {
  const one = barPlot({ x: ["a", "b"], y: [1, 2], colors: ["red", "blue"] });
  assert.strictEqual(one.data.length, 1);
  assert.deepStrictEqual(one.data[0].marker!.color, ["red", "blue"]);
  const grouped = barPlot({ x: ["RF", "LR"], series: [{ name: "train", y: [0.1, 0.3] }, { name: "test", y: [0.2, 0.4] }] });
  assert.strictEqual(grouped.layout.barmode, "group");
  assert.deepStrictEqual(grouped.data.map((d) => d.name), ["train", "test"]);
  const h = barPlot({ x: ["x1", "x2"], y: [0.5, 0.2], horizontal: true, error: [0.1, 0.1] });
  assert.strictEqual(h.data[0].orientation, "h");
  assert.deepStrictEqual(h.data[0].y, ["x1", "x2"]);
  assert.deepStrictEqual(h.data[0].x, [0.5, 0.2]);
  assert.ok(h.data[0].error_x);
  assert.strictEqual(h.layout.yaxis!.autorange, "reversed");
  assert.throws(() => barPlot({ x: ["a"] }), /either `y`/);
});

test("imageGrid: one heatmap per image with coloured titles; composed mode pastes them", () => {
  const img = (v: number) => [[v, 0], [0, v]];
  const fig = imageGrid({ images: [img(1), img(2), img(3)], labels: ["ok", "wrong", "ok"], labelColors: ["blue", "red", "blue"], cols: 2 });
  assert.strictEqual(fig.data.length, 3);
  assert.deepStrictEqual(fig.data.map((d) => (d as Record<string, unknown>).xaxis), ["x", "x2", "x3"]);
  const layout = fig.layout as Record<string, any>;
  assert.ok(layout.xaxis3.domain[0] < layout.xaxis2.domain[0], "third image starts the second row");
  assert.deepStrictEqual(fig.layout.annotations!.map((a) => [a.text, a.font!.color]), [["ok", "blue"], ["wrong", "red"], ["ok", "blue"]]);
  assert.strictEqual(fig.data[0].zmax, 3, "one shared pixel range");

  // Flat images (a tensor's dataSync()) are cut into rows: square by default, or by `shape`.
  const flat = imageGrid({ images: [new Float32Array([1, 2, 3, 4]), [5, 6, 7, 8]] });
  assert.deepStrictEqual(flat.data[0].z, [[1, 2], [3, 4]]);
  assert.deepStrictEqual(imageGrid({ images: [[1, 2, 3, 4, 5, 6]], shape: [2, 3] }).data[0].z, [[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => imageGrid({ images: [[1, 2, 3]] }), /3 pixels do not make a 2 × 2 image/);

  const composed = imageGrid({ images: [img(1), img(2), img(3)], cols: 2, mode: "composed" });
  assert.strictEqual(composed.data.length, 1);
  const z = composed.data[0].z as number[][];
  assert.strictEqual(z[0].length, 2 * 3); // 2 columns of (2 px + 1 gap)
  assert.strictEqual(z[0][3], 2);
  assert.ok(Number.isNaN(z[0][2]));
});

test("figureHtml: a div and a script; plotly.js only when asked; script-safe JSON", () => {
  const fig = scatterPlot({ x: [1], y: [2], labels: ["</script><b>x</b>"] });
  const html = figureHtml(fig, { id: "plot-1" });
  assert.match(html, /<div id="plot-1"/);
  assert.match(html, /Plotly\.newPlot/);
  assert.ok(!html.includes("</script><b>"), "labels cannot close the script element");
  assert.ok(html.length < 20000, "plotly.js is not inlined by default");
  const full = figureHtml(fig, { id: "plot-2", includePlotly: true });
  assert.ok(full.length > 3_000_000, "plotly.js inlined");
  assert.match(full, /window\.define = undefined/);
});

test("show: MATML_PLOT=html writes one page per figure next to a copy of plotly.min.js; off draws nothing", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matml-plot-"));
  const saved = { mode: process.env.MATML_PLOT, dir: process.env.MATML_PLOT_DIR };
  const log = console.log;
  try {
    process.env.MATML_PLOT = "html";
    process.env.MATML_PLOT_DIR = dir;
    console.log = () => undefined;
    show([parityPlot({ train: { actual, predicted }, title: "Band gap" }), barPlot({ x: ["a"], y: [1] })]);
    const files = fs.readdirSync(dir).sort();
    assert.strictEqual(files.filter((f) => f.endsWith(".html")).length, 2, files.join(", "));
    assert.ok(files.includes("plotly.min.js"));
    assert.ok(files.some((f) => f.includes("band-gap")));
    const page = fs.readFileSync(path.join(dir, files.find((f) => f.endsWith(".html"))!), "utf8");
    assert.match(page, /<script type="text\/javascript" src="plotly\.min\.js"><\/script>/);

    // Outside a kernel, MATML_PLOT_DIR alone is enough to get files instead of a server.
    assert.strictEqual(inNotebook(), false);
    delete process.env.MATML_PLOT;
    show(histogramPlot({ series: [{ name: "a", values: [1, 2, 3] }], title: "auto mode" }));
    assert.ok(fs.readdirSync(dir).some((f) => f.includes("auto-mode")));
    fs.rmSync(path.join(dir, fs.readdirSync(dir).find((f) => f.includes("auto-mode"))!));

    process.env.MATML_PLOT = "off";
    show(barPlot({ x: ["a"], y: [1] }));
    assert.strictEqual(fs.readdirSync(dir).length, 3);
    process.env.MATML_PLOT = "sometimes";
    assert.throws(() => show(barPlot({ x: ["a"], y: [1] })), /MATML_PLOT must be/);
    const file = writeFigureHtml(barPlot({ x: ["a"], y: [1] }), path.join(dir, "sub", "bar.html"));
    assert.ok(fs.existsSync(file) && fs.existsSync(path.join(dir, "sub", "plotly.min.js")));
  } finally {
    console.log = log;
    if (saved.mode === undefined) delete process.env.MATML_PLOT;
    else process.env.MATML_PLOT = saved.mode;
    if (saved.dir === undefined) delete process.env.MATML_PLOT_DIR;
    else process.env.MATML_PLOT_DIR = saved.dir;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("tables: records, danfojs DataFrames (head, describe, filtered), rounding and truncation", async () => {
  const records = [{ model: "RF", rmse: 0.182345 }, { model: "<LR>", rmse: 0.3791, note: "linear" }];
  const html = tableHtml(records, { title: "Models", digits: 2 });
  assert.match(html, /<th style="text-align:left">model<\/th><th style="text-align:right">rmse<\/th><th style="text-align:left">note<\/th>/);
  assert.match(html, />0\.18</);
  assert.match(html, />&lt;LR&gt;</);
  assert.match(html, /2 rows × 3 columns/);
  assert.ok(!/<th>0<\/th>/.test(html), "records have no index column by default");

  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node");
  const df = new dfd.DataFrame({ Formula: ["CsPbI3", "MAPbI3", "CsSnBr3"], "Band Gap": [1.4789, 1.6, 2.1] });
  const head = tableHtml(df.head(2));
  assert.match(head, /<th>0<\/th><td style="text-align:left">CsPbI3<\/td><td style="text-align:right">1\.479<\/td>/);
  const described = tableHtml(df.describe(), { digits: 2 });
  assert.match(described, /<th>mean<\/th><td style="text-align:right">1\.73<\/td>/);
  // Like pandas: one number of decimals per column (count shares its column with the mean).
  assert.match(described, /<th>count<\/th><td style="text-align:right">3\.00<\/td>/);
  assert.match(tableText([{ n: 1, x: 0.5 }, { n: 2, x: 2 }], { digits: 2 }), /1  0\.50\n\s*2  2\.00/);
  const filtered = tableHtml(df.query(df["Band Gap"].gt(1.5)));
  assert.match(filtered, /<th>2<\/th><td style="text-align:left">CsSnBr3/);
  const series = tableText(df["Band Gap"]);
  assert.match(series, /Band Gap/);

  // Builders take danfojs Series (df["Band Gap"]) like arrays; a whole table is refused.
  const fromSeries = scatterPlot({ x: df["Band Gap"], y: df["Band Gap"], labels: df["Formula"] });
  assert.deepStrictEqual(fromSeries.data[0].x, [1.4789, 1.6, 2.1]);
  assert.deepStrictEqual(fromSeries.data[0].text, ["CsPbI3", "MAPbI3", "CsSnBr3"]);
  assert.throws(() => histogramPlot({ series: [{ name: "all", values: df }] }), /not a number \(a table was given/);

  const many = Array.from({ length: 50 }, (_, i) => ({ i }));
  const cut = tableText(many, { maxRows: 4 });
  assert.deepStrictEqual(cut.split("\n").map((l) => l.trim()), ["i", "0", "1", "…", "48", "49", "[50 rows × 1 columns]"]);
  assert.throws(() => tableHtml(42), /expected a danfojs DataFrame/);
});

test("a title too long for a narrow figure is broken into two lines; a short one is not", () => {
  const long = "Logistic regression (C = 1): confusion matrix (test set, 256 alloys)";
  const wrapped = (heatmapPlot({ z: [[1, 2], [3, 4]], annotate: true, title: long }).layout.title as { text: string }).text;
  assert.strictEqual(wrapped.split("<br>").length, 2);
  assert.strictEqual(wrapped.replace("<br>", " "), long);
  const short = (heatmapPlot({ z: [[1, 2], [3, 4]], title: "Counts" }).layout.title as { text: string }).text;
  assert.strictEqual(short, "Counts");
});

test("gpPlot: mean with a ±kσ band, draws, dashed truth and black observations; bad σ named", () => {
  const x = [0, 1, 2];
  const fig = gpPlot({ x, mean: [0, 1, 0], std: [0.5, 0, 1], samples: [[0, 1, 1], [1, 0, 0]], truth: [0, 0.9, 0.1], observed: { x: [1], y: [1] }, title: "posterior" });
  // band edges (lower, upper), the mean, two draws, the truth, the observations
  assert.deepStrictEqual(fig.data.map((d) => d.name), ["posterior mean ± 2σ lower", "posterior mean ± 2σ upper", "posterior mean ± 2σ", "draw 1", "draw 2", "true function", "observations"]);
  assert.deepStrictEqual(fig.data[0].y, [-1, 1, -2]);
  assert.deepStrictEqual(fig.data[1].y, [1, 1, 2]);
  assert.strictEqual(fig.data[1].fill, "tonexty");
  assert.strictEqual(fig.data[5].line!.dash, "dash");
  assert.strictEqual(fig.data[6].mode, "markers");
  assert.strictEqual(fig.data[6].marker!.color, "black");
  assert.strictEqual((fig.layout.xaxis!.title as { text: string }).text, "x");
  assert.strictEqual(fig.layout.legend!.xanchor, "left", "the legend sits outside the plot area");
  const prior = gpPlot({ x, mean: [0, 0, 0], std: [1, 1, 1], sigmas: 1, meanName: "prior mean" });
  assert.strictEqual(prior.data[2].name, "prior mean ± 1σ");
  assert.deepStrictEqual(prior.data[0].y, [-1, -1, -1]);
  assert.throws(() => gpPlot({ x, mean: [0, 0, 0], std: [1, -1, 1] }), /gpPlot std: entry 1 is -1/);
  assert.throws(() => gpPlot({ x, mean: [0, 0], std: [1, 1, 1] }), /gpPlot mean: has 2 values but 3 were expected/);
  assert.throws(() => gpPlot({ x, mean: [0, 0, 0], std: [1, 1, 1], sigmas: 0 }), /sigmas must be a positive number/);
});
