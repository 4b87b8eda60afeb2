// Figure builders: each takes plain arrays (what a notebook has after predict()) and returns a
// plotly Figure for show(). They only build JSON; nothing here draws, so they are easy to test.
import { r2Score, rmse } from "../metrics/regression";
import type { Layout } from "plotly.js";
import { Figure, NumberList, ValuesLike, TextList, Trace, axis, baseLayout, entriesOf, finiteRange, formatNumber, paletteColor, toList, withAlpha } from "./figure";
import { ColorStops, DIVERGING, brightnessAt, resolveScale } from "./colorscales";

/** Text shown when hovering a point: its label (e.g. the formula) in bold, then the values. */
function hoverTemplate(lines: string[], hasLabel: boolean, traceName?: string): string {
  const head = hasLabel ? ["<b>%{text}</b>"] : [];
  return [...head, ...lines].join("<br>") + `<extra>${traceName ?? ""}</extra>`;
}

function checkLabels(labels: TextList | undefined, n: number, what: string): string[] | undefined {
  if (labels === undefined) return undefined;
  const list = entriesOf(labels, `${what} labels`);
  if (list.length !== n) throw new Error(`${what}: has ${list.length} labels for ${n} points`);
  return Array.from(list, String);
}

// ---------------------------------------------------------------------------------------------
// Parity plot

/** One set of points in a parity plot: true values, predictions, optional formulas and ±σ. */
export interface ParitySet {
  actual: NumberList;
  predicted: NumberList;
  /** Shown when hovering a point, e.g. the formulas. */
  labels?: TextList;
  /** Predictive standard deviation (GP): drawn as ±σ error bars. */
  std?: NumberList;
}

/** Options of parityPlot: the train/test sets of true and predicted values, error bars and titles. */
export interface ParityOptions {
  train?: ParitySet;
  test?: ParitySet;
  title?: string;
  /** Unit of the target, e.g. "eV": in the axis titles and the RMSE in the legend. */
  unit?: string;
  /** What is predicted, e.g. "band gap": axis titles become "DFT band gap (eV)". */
  quantity?: string;
  xTitle?: string;
  yTitle?: string;
  /** Decimals of the metrics in the legend (default 3). */
  digits?: number;
  height?: number;
  width?: number;
}

/** RMSE and R² of a parity set (NaN for an empty set), from lib/metrics. */
export function parityMetrics(actual: number[], predicted: number[]): { rmse: number; r2: number } {
  if (actual.length === 0) return { rmse: NaN, r2: NaN };
  return { rmse: rmse(actual, predicted), r2: r2Score(actual, predicted) };
}

/**
 * Predicted against true values, train (blue) and test (red), with the y = x line over the joint
 * range. Each legend entry carries the set's RMSE and R², so the picture and the numbers travel
 * together. With `std` the points get ±σ error bars (Gaussian-process plots).
 */
export function parityPlot(opts: ParityOptions): Figure {
  const sets: Array<[string, ParitySet | undefined, string]> = [
    ["Train", opts.train, "#1f77b4"],
    ["Test", opts.test, "#d62728"],
  ];
  if (!opts.train && !opts.test) throw new Error("parityPlot: give `train`, `test` or both ({ actual, predicted })");
  const digits = opts.digits ?? 3;
  const unit = opts.unit ? ` ${opts.unit}` : "";
  const data: Trace[] = [];
  const everything: number[][] = [];
  for (const [name, set, color] of sets) {
    if (!set) continue;
    const what = `parityPlot ${name.toLowerCase()}`;
    const actual = toList(set.actual, `${what}.actual`);
    const predicted = toList(set.predicted, `${what}.predicted`, actual.length);
    const labels = checkLabels(set.labels, actual.length, what);
    const { rmse, r2 } = parityMetrics(actual, predicted);
    const trace: Trace = {
      type: "scatter",
      mode: "markers",
      name: `${name}: RMSE ${formatNumber(rmse, digits)}${unit}, R² ${formatNumber(r2, digits)}`,
      x: actual,
      y: predicted,
      marker: { color: color, size: 7, opacity: 0.7, line: { color: "white", width: 0.5 } },
      hovertemplate: hoverTemplate(["true %{x:.3f}", "predicted %{y:.3f}"], !!labels, name),
    };
    if (labels) trace.text = labels;
    everything.push(actual, predicted);
    if (set.std) {
      const std = toList(set.std, `${what}.std`, actual.length);
      trace.error_y = { type: "data", array: std, visible: true, color: withAlpha(color, 0.5), thickness: 1, width: 0 };
      everything.push(predicted.map((p, i) => p + std[i]), predicted.map((p, i) => p - std[i]));
    }
    data.push(trace);
  }
  let [lo, hi] = finiteRange(...everything);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const pad = (hi - lo || 1) * 0.05;
  lo -= pad;
  hi += pad;
  // The y = x line goes first so the points are drawn on top of it.
  data.unshift({
    type: "scatter",
    mode: "lines",
    name: "y = x",
    x: [lo, hi],
    y: [lo, hi],
    line: { color: "#444", dash: "dash", width: 1.5 },
    hoverinfo: "skip",
  });
  const quantity = opts.quantity ?? "";
  const unitText = opts.unit ? ` (${opts.unit})` : "";
  const layout = baseLayout({
    title: opts.title,
    xTitle: opts.xTitle ?? (quantity ? `DFT ${quantity}${unitText}` : `True value${unitText}`),
    yTitle: opts.yTitle ?? (quantity ? `Predicted ${quantity}${unitText}` : `Predicted value${unitText}`),
    height: opts.height ?? 560,
    width: opts.width ?? 620,
  });
  // Equal scales on both axes (a parity plot is only honest when it is square): the plot area
  // shrinks to a square rather than stretching the range of one axis.
  // Keeping the square at the top left keeps the legend (placed there) inside the plot area.
  layout.xaxis = { ...layout.xaxis, range: [lo, hi], constrain: "domain", constraintoward: "left" } as Layout["xaxis"];
  layout.yaxis = { ...layout.yaxis, range: [lo, hi], scaleanchor: "x", scaleratio: 1, constrain: "domain", constraintoward: "top" } as Layout["yaxis"];
  layout.legend = { x: 0.02, y: 0.98, xanchor: "left", yanchor: "top", bgcolor: "rgba(255,255,255,0.85)", bordercolor: "#ccc", borderwidth: 1 };
  return { data, layout };
}

/** Options of parityPlots: those of parityPlot shared by every figure. */
export type ParityPlotsOptions = Omit<ParityOptions, "train" | "test" | "quantity">;

/**
 * One parity plot per entry of `fits` ({ quantity: { train, test } }, e.g. the result of
 * fitTargets): each entry's key is the predicted quantity (axis titles) and is appended to the
 * title ("Ridge: band gap").
 */
export function parityPlots(fits: Record<string, { train?: ParitySet; test?: ParitySet }>, opts: ParityPlotsOptions = {}): Figure[] {
  const entries = Object.entries(fits);
  if (entries.length === 0) throw new Error("parityPlots: no fits given; pass { quantity: { train, test }, ... }");
  return entries.map(([quantity, fit]) => parityPlot({ ...opts, train: fit.train, test: fit.test, quantity, title: opts.title ? `${opts.title}: ${quantity}` : quantity }));
}

// ---------------------------------------------------------------------------------------------
// Scatter plot

/** Options of scatterPlot: x, y, groups or colours, hover labels and titles. */
export interface ScatterOptions {
  x: NumberList;
  y: NumberList;
  /** A number per point: colours the points on a continuous scale with a colour bar. */
  color?: NumberList;
  /** Text per point shown on hover (e.g. formulas). */
  labels?: TextList;
  /** A category per point (e.g. "inorganic" / "hybrid"): one colour and legend entry each. */
  groups?: TextList;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
  /** Colour scale for `color` (default "viridis"; matplotlib names, see colorscales.ts). */
  colorscale?: string | ColorStops;
  /** Legend name when there are no groups. */
  name?: string;
  /** Draw with WebGL ("scattergl"): much faster beyond ~10,000 points, needs a WebGL browser. */
  webgl?: boolean;
  /** Marker size in pixels (default 7) and opacity (default 0.8). */
  size?: number;
  opacity?: number;
  height?: number;
  width?: number;
}

const SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "cross", "star", "triangle-down"];

/**
 * x against y. Points can be split into `groups` (one colour each, in order of first
 * appearance) and/or coloured by a number (`color`, with a colour bar). With both, groups get
 * different marker shapes and share one colour scale.
 */
export function scatterPlot(opts: ScatterOptions): Figure {
  const x = toList(opts.x, "scatterPlot x");
  const y = toList(opts.y, "scatterPlot y", x.length);
  const color = opts.color !== undefined ? toList(opts.color, "scatterPlot color", x.length) : undefined;
  const labels = checkLabels(opts.labels, x.length, "scatterPlot");
  const groups = checkLabels(opts.groups, x.length, "scatterPlot groups");
  const xName = opts.xTitle ?? "x";
  const yName = opts.yTitle ?? "y";
  const lines = [`${xName}: %{x:.3f}`, `${yName}: %{y:.3f}`];
  if (color) lines.push(`${opts.colorTitle ?? "colour"}: %{marker.color:.3f}`);

  // Which points go into which trace: one trace per group, or one for everything.
  const names = groups ? [...new Set(groups)] : [opts.name ?? ""];
  const position = new Map(names.map((name, g) => [name, g]));
  const members: number[][] = names.map(() => []);
  for (let i = 0; i < x.length; i++) members[groups ? position.get(groups[i])! : 0].push(i);

  const layout = baseLayout({ title: opts.title, xTitle: opts.xTitle, yTitle: opts.yTitle, height: opts.height ?? 500, width: opts.width });
  if (color) {
    // One shared colour axis, so every group uses the same scale and there is one colour bar.
    (layout as Record<string, unknown>).coloraxis = {
      colorscale: resolveScale(opts.colorscale ?? "viridis"),
      colorbar: { title: { text: opts.colorTitle ?? "" } },
    };
  }
  const data: Trace[] = names.map((name, g) => {
    const idx = members[g];
    const trace: Trace = {
      type: opts.webgl ? "scattergl" : "scatter",
      mode: "markers",
      name,
      x: idx.map((i) => x[i]),
      y: idx.map((i) => y[i]),
      marker: {
        size: opts.size ?? 7,
        opacity: opts.opacity ?? 0.8,
        color: color ? idx.map((i) => color[i]) : paletteColor(g),
        symbol: color && groups ? SYMBOLS[g % SYMBOLS.length] : "circle",
        line: { color: "white", width: 0.5 },
        ...(color ? { coloraxis: "coloraxis" } : {}),
      } as Trace["marker"],
      hovertemplate: hoverTemplate(lines, !!labels, name),
      showlegend: !!groups || !!opts.name,
    };
    if (labels) trace.text = idx.map((i) => labels[i]);
    return trace;
  });
  if (groups) layout.legend = { title: { text: "" }, bgcolor: "rgba(255,255,255,0.85)" } as Layout["legend"];
  if (color && groups) layout.legend = { ...layout.legend, x: 0, y: 1.02, xanchor: "left", yanchor: "bottom", orientation: "h" };
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Histogram

/** Options of histogramPlot: one or several sets of values, bins and titles. */
export interface HistogramOptions {
  series: Array<{ name: string; values: NumberList; color?: string }>;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Number of bins over the joint range of all series (default 30). */
  nbins?: number;
  /** "" counts (default), or "probability density" / "probability" / "percent" to compare sets of different sizes. */
  histnorm?: "" | "percent" | "probability" | "density" | "probability density";
  /** Transparency of overlaid series (default 0.6 when there are several). */
  opacity?: number;
  /** "overlay" (default), "stack" or "group". */
  barmode?: "overlay" | "stack" | "group";
  height?: number;
  width?: number;
}

/**
 * Histograms of one or more series, overlaid and see-through. All series share the same bins
 * (computed over their joint range), so their bars line up and can be compared.
 */
export function histogramPlot(opts: HistogramOptions): Figure {
  if (!opts.series || opts.series.length === 0) throw new Error("histogramPlot: `series` needs at least one { name, values }");
  const lists = opts.series.map((s, i) => toList(s.values, `histogramPlot series[${i}] (${s.name}).values`));
  const nbins = opts.nbins ?? 30;
  if (!(Number.isInteger(nbins) && nbins > 0)) throw new Error(`histogramPlot: nbins must be a positive integer, got ${nbins}`);
  const [lo, hi] = finiteRange(...lists);
  const width = hi > lo ? (hi - lo) / nbins : 1;
  const several = opts.series.length > 1;
  const data: Trace[] = opts.series.map((s, i) => ({
    type: "histogram",
    name: s.name,
    x: lists[i],
    // A hair past the maximum so the largest value falls inside the last bin.
    xbins: Number.isFinite(lo) ? { start: lo, end: hi + width * 1e-9, size: width } : undefined,
    histnorm: opts.histnorm ?? "",
    opacity: opts.opacity ?? (several ? 0.6 : 0.85),
    marker: { color: s.color ?? paletteColor(i), line: { color: "white", width: 0.5 } },
  } as Trace));
  const norm = opts.histnorm ?? "";
  const yTitle = opts.yTitle ?? (norm === "" ? "Count" : norm === "percent" ? "Percent" : norm.includes("density") ? "Density" : "Fraction");
  const layout = baseLayout({ title: opts.title, xTitle: opts.xTitle, yTitle, height: opts.height ?? 420, width: opts.width });
  layout.barmode = opts.barmode ?? "overlay";
  layout.bargap = 0.02;
  layout.showlegend = several;
  layout.legend = { x: 0.98, y: 0.98, xanchor: "right", yanchor: "top", bgcolor: "rgba(255,255,255,0.85)" };
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Heatmap

/** Options of heatmapPlot: the matrix, axis labels, colour scale and range. */
export interface HeatmapOptions {
  /** Rows of values: z[row][column]. */
  z: number[][] | NumberList[];
  /** Column names (x axis) and row names (y axis). */
  x?: ArrayLike<string | number> | ValuesLike;
  y?: ArrayLike<string | number> | ValuesLike;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
  /** "viridis" (default), "coolwarm" / "RdBu_r" (diverging), "Blues", ... or plotly stops. */
  colorscale?: string | ColorStops;
  /** Centre the colour scale on zero with symmetric limits (default on for coolwarm / RdBu_r). */
  diverging?: boolean;
  zmin?: number;
  zmax?: number;
  /** Write each cell's value in it (confusion matrices, small correlation tables). */
  annotate?: boolean;
  /** Decimals of the written values (integers are written as integers; default 2). */
  digits?: number;
  /** Row 0 at the top like a printed matrix (default true). */
  reverseY?: boolean;
  /** Square cells (default when both sides have at most 12 cells). */
  square?: boolean;
  height?: number;
  width?: number;
}

/** Category names for an axis, checked against the matrix size. */
function axisNames(names: ArrayLike<string | number> | ValuesLike | undefined, n: number, what: string): Array<string | number> {
  if (names === undefined) return Array.from({ length: n }, (_, i) => i);
  const list = entriesOf(names, `heatmapPlot ${what}`);
  if (list.length !== n) throw new Error(`heatmapPlot: ${what} has ${list.length} names for ${n} ${what === "x" ? "columns" : "rows"}`);
  return Array.from(list, (v) => (typeof v === "number" ? v : String(v)));
}

/**
 * A matrix as coloured cells with a colour bar, row 0 at the top. `annotate` writes the values
 * in the cells (white on dark cells, black on light ones). With a diverging scale (coolwarm)
 * the limits are symmetric about zero so white/grey means "no correlation".
 */
export function heatmapPlot(opts: HeatmapOptions): Figure {
  if (!opts.z || opts.z.length === 0) throw new Error("heatmapPlot: `z` must be a non-empty matrix (rows of numbers)");
  const z = Array.from(opts.z, (row, r) => toList(row, `heatmapPlot z[${r}]`));
  const nCols = z[0].length;
  z.forEach((row, r) => {
    if (row.length !== nCols) throw new Error(`heatmapPlot: z[${r}] has ${row.length} values but z[0] has ${nCols}`);
  });
  const nRows = z.length;
  const x = axisNames(opts.x, nCols, "x");
  const y = axisNames(opts.y, nRows, "y");
  const scaleName = opts.colorscale ?? "viridis";
  const scale = resolveScale(scaleName);
  const diverging = opts.diverging ?? (typeof scaleName === "string" && DIVERGING.has(scaleName.toLowerCase()));
  let [zmin, zmax] = finiteRange(...z);
  if (diverging) {
    const m = Math.max(Math.abs(zmin), Math.abs(zmax)) || 1;
    [zmin, zmax] = [-m, m];
  }
  zmin = opts.zmin ?? zmin;
  zmax = opts.zmax ?? zmax;
  // Plotly joins numeric-looking names into a continuous axis; categories keep them as labels.
  const xCat = x.map(String);
  const yCat = y.map(String);
  const digits = opts.digits ?? 2;
  const trace: Trace = {
    type: "heatmap",
    z,
    x: xCat,
    y: yCat,
    zmin,
    zmax,
    colorscale: scale as Trace["colorscale"],
    colorbar: { title: { text: opts.colorTitle ?? "" }, outlinewidth: 0 } as unknown as Trace["colorbar"],
    hovertemplate: `${opts.yTitle ?? "row"}: %{y}<br>${opts.xTitle ?? "column"}: %{x}<br>value: %{z:.${digits}f}<extra></extra>`,
    xgap: 1,
    ygap: 1,
  };
  const square = opts.square ?? (nRows <= 12 && nCols <= 12);
  const rowPx = square ? 70 : 28;
  const layout = baseLayout({
    title: opts.title,
    xTitle: opts.xTitle,
    yTitle: opts.yTitle,
    height: opts.height ?? Math.min(900, Math.max(280, nRows * rowPx + 160)),
    width: opts.width ?? (square ? Math.max(360, nCols * rowPx + 260) : undefined),
  });
  layout.xaxis = { ...axis(opts.xTitle), type: "category", showgrid: false, ticks: "", tickangle: nCols > 12 ? -60 : 0 } as Layout["xaxis"];
  layout.yaxis = { ...axis(opts.yTitle), type: "category", showgrid: false, ticks: "", autorange: opts.reverseY === false ? true : "reversed" } as Layout["yaxis"];
  if (square) (layout.yaxis as Record<string, unknown>).scaleanchor = "x";
  if (opts.annotate) {
    layout.annotations = [];
    for (let r = 0; r < nRows; r++) {
      for (let c = 0; c < nCols; c++) {
        const v = z[r][c];
        const t = zmax > zmin ? (v - zmin) / (zmax - zmin) : 0.5;
        layout.annotations.push({
          x: xCat[c],
          y: yCat[r],
          xref: "x",
          yref: "y",
          text: formatNumber(v, digits),
          showarrow: false,
          font: { color: brightnessAt(scale, t) < 0.5 ? "white" : "black", size: nRows * nCols > 100 ? 9 : 14 },
        });
      }
    }
  }
  return { data: [trace], layout };
}

// ---------------------------------------------------------------------------------------------
// Classifier figures: confusion matrix and ROC curves

/** A confusion matrix to draw; an evaluateClassifier result has these fields. */
export interface ConfusionMatrixPlotOptions {
  /** confusionMatrix[i][j] = samples of true class i predicted as class j. */
  confusionMatrix: number[][];
  /** Class names in the matrix's order (default "class 0", "class 1", ...). */
  classNames?: string[];
  /** The model's name, used in the default title. */
  name?: string;
  /** Default: "<name>: confusion matrix (<n> samples)". */
  title?: string;
  /** "Blues" (default) or any colour scale heatmapPlot takes. */
  colorscale?: string | ColorStops;
  height?: number;
  width?: number;
}

/**
 * A confusion matrix as an annotated heatmap (scikit-learn's ConfusionMatrixDisplay): rows are
 * the true classes, columns the predicted ones, so correct calls lie on the diagonal. Pass an
 * evaluateClassifier result directly: confusionMatrixPlot(evaluation).
 */
export function confusionMatrixPlot(opts: ConfusionMatrixPlotOptions): Figure {
  const C = opts.confusionMatrix;
  if (!Array.isArray(C) || C.length === 0 || C.some((row) => !Array.isArray(row) || row.length !== C.length)) {
    throw new Error("confusionMatrixPlot: confusionMatrix must be a square matrix (rows of counts), e.g. from confusionMatrix(yTrue, yPred)");
  }
  const names = opts.classNames ?? C.map((_, k) => `class ${k}`);
  if (names.length !== C.length) throw new Error(`confusionMatrixPlot: classNames has ${names.length} names for a ${C.length} × ${C.length} matrix`);
  const total = C.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  return heatmapPlot({
    z: C,
    x: names.map((c) => `predicted ${c}`),
    y: names.map((c) => `true ${c}`),
    xTitle: "predicted class",
    yTitle: "true class",
    colorTitle: "samples",
    annotate: true,
    colorscale: opts.colorscale ?? "Blues",
    title: opts.title ?? `${opts.name ? `${opts.name}: ` : ""}confusion matrix (${total} samples)`,
    height: opts.height ?? 420,
    width: opts.width ?? 480,
  });
}

/** One model's ROC curve; an evaluateClassifier result has these fields (null roc: skipped). */
export interface RocPlotCurve {
  name: string;
  roc: { fpr: NumberList; tpr: NumberList } | null;
  /** Shown in the legend when given. */
  rocAuc?: number | null;
}

/** Options of rocPlot. */
export interface RocPlotOptions {
  /** Default "ROC curves". */
  title?: string;
  height?: number;
  width?: number;
}

/**
 * ROC curves of several models in one figure (true-positive rate against false-positive rate),
 * with the area under each curve in the legend and the diagonal of random guessing. Curves whose
 * `roc` is null (models without scores) are left out.
 */
export function rocPlot(curves: RocPlotCurve[], opts: RocPlotOptions = {}): Figure {
  if (!Array.isArray(curves)) throw new Error("rocPlot: expected an array of { name, roc: { fpr, tpr } } (e.g. evaluateClassifier results)");
  const drawn = curves.filter((c) => c.roc !== null && c.roc !== undefined);
  if (drawn.length === 0) throw new Error("rocPlot: no curve to draw (every roc is null: the models gave no scores)");
  const series: LineSeries[] = drawn.map((c) => ({
    name: typeof c.rocAuc === "number" ? `${c.name} (AUC ${formatNumber(c.rocAuc, 3)})` : c.name,
    x: (c.roc as { fpr: NumberList }).fpr,
    y: (c.roc as { tpr: NumberList }).tpr,
  }));
  series.push({ name: "chance", x: [0, 1], y: [0, 1], dash: "dash", color: "#999999" });
  const fig = linePlot({ series, title: opts.title ?? "ROC curves", xTitle: "false-positive rate", yTitle: "true-positive rate", height: opts.height ?? 480, width: opts.width });
  fig.layout.legend = { x: 0.98, y: 0.02, xanchor: "right", yanchor: "bottom", bgcolor: "rgba(255,255,255,0.85)" };
  return fig;
}

// ---------------------------------------------------------------------------------------------
// Line plot

/** One line of linePlot: x, y, an optional shaded band, markers, colour and dash. */
export interface LineSeries {
  name: string;
  x: NumberList;
  y: NumberList;
  /** Shaded region between lower and upper (e.g. mean ± std of cross-validation scores). */
  band?: { lower: NumberList; upper: NumberList };
  color?: string;
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Draw markers on the points as well as the line. */
  markers?: boolean;
  /** Hover text per point. */
  labels?: TextList;
}

/** Options of linePlot: the series, axis titles and log axes. */
export interface LineOptions {
  series: LineSeries[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  logX?: boolean;
  logY?: boolean;
  height?: number;
  width?: number;
}

/** Lines (e.g. training and validation loss per epoch), each with an optional shaded band. */
export function linePlot(opts: LineOptions): Figure {
  if (!opts.series || opts.series.length === 0) throw new Error("linePlot: `series` needs at least one { name, x, y }");
  const data: Trace[] = [];
  opts.series.forEach((s, i) => {
    const what = `linePlot series[${i}] (${s.name})`;
    const x = toList(s.x, `${what}.x`);
    const y = toList(s.y, `${what}.y`, x.length);
    const color = s.color ?? paletteColor(i);
    const group = `series${i}`;
    if (s.band) {
      // Plotly fills "tonexty" between a trace and the one before it: lower edge first, then
      // the upper edge filled down to it. Both are hidden from the legend; the line carries it.
      const lower = toList(s.band.lower, `${what}.band.lower`, x.length);
      const upper = toList(s.band.upper, `${what}.band.upper`, x.length);
      const edge = { type: "scatter", mode: "lines", x, line: { width: 0, color }, showlegend: false, legendgroup: group, hoverinfo: "skip" } as Trace;
      data.push({ ...edge, y: lower, name: `${s.name} lower` });
      data.push({ ...edge, y: upper, name: `${s.name} upper`, fill: "tonexty", fillcolor: withAlpha(color, 0.2) });
    }
    const labels = checkLabels(s.labels, x.length, what);
    const trace: Trace = {
      type: "scatter",
      mode: s.markers ? "lines+markers" : "lines",
      name: s.name,
      x,
      y,
      line: { color, width: 2, dash: s.dash ?? "solid" },
      legendgroup: group,
      hovertemplate: hoverTemplate([`${opts.xTitle ?? "x"}: %{x}`, `${opts.yTitle ?? "y"}: %{y:.4g}`], !!labels, s.name),
    };
    if (labels) trace.text = labels;
    data.push(trace);
  });
  const layout = baseLayout({ title: opts.title, xTitle: opts.xTitle, yTitle: opts.yTitle, height: opts.height ?? 420, width: opts.width });
  if (opts.logX) layout.xaxis = { ...layout.xaxis, type: "log" };
  if (opts.logY) layout.yaxis = { ...layout.yaxis, type: "log" };
  layout.showlegend = opts.series.length > 1 || !!opts.series[0].name;
  layout.legend = { x: 0.98, y: 0.98, xanchor: "right", yanchor: "top", bgcolor: "rgba(255,255,255,0.85)" };
  return { data, layout };
}

/** Train and validation scores against the training-set size, with their spread over the folds (learningCurve's result). */
export interface LearningCurveData {
  trainSizes: NumberList;
  trainMean: NumberList;
  trainStd: NumberList;
  testMean: NumberList;
  testStd: NumberList;
  /** Name of the metric, e.g. "rmse" (used for the default y-axis title). */
  scoring?: string;
}

/** Options of learningCurvePlot. */
export interface LearningCurvePlotOptions {
  title?: string;
  xTitle?: string;
  /** Default: the scoring's name in capitals, e.g. "RMSE". Give the unit here, e.g. "RMSE (eV)". */
  yTitle?: string;
  height?: number;
  width?: number;
}

/**
 * A learning curve (the result of learningCurve): the training and the cross-validated score
 * against the number of training rows, each with a band of ± one standard deviation over the
 * folds. A wide gap between the curves means overfitting; two curves meeting high means the
 * model or the descriptors cannot do better with more of the same data.
 */
export function learningCurvePlot(curve: LearningCurveData, opts: LearningCurvePlotOptions = {}): Figure {
  const x = toList(curve.trainSizes, "learningCurvePlot trainSizes");
  const band = (mean: NumberList, std: NumberList, what: string) => {
    const m = toList(mean, `learningCurvePlot ${what}Mean`, x.length);
    const s = toList(std, `learningCurvePlot ${what}Std`, x.length);
    return { y: m, band: { lower: m.map((v, i) => v - s[i]), upper: m.map((v, i) => v + s[i]) } };
  };
  const metric = curve.scoring ? curve.scoring.toUpperCase() : "score";
  return linePlot({
    series: [
      { name: `training ${metric}`, x, ...band(curve.trainMean, curve.trainStd, "train"), markers: true },
      { name: `cross-validated ${metric}`, x, ...band(curve.testMean, curve.testStd, "test"), markers: true },
    ],
    title: opts.title ?? "Learning curve",
    xTitle: opts.xTitle ?? "training rows",
    yTitle: opts.yTitle ?? metric,
    height: opts.height,
    width: opts.width,
  });
}

// ---------------------------------------------------------------------------------------------
// Gaussian-process posterior (or prior) in one dimension

/** Options of gpPlot. */
export interface GpPlotOptions {
  /** The inputs, in increasing order. */
  x: NumberList;
  /** Predicted mean at each x (e.g. from gpr.predictWithStd). */
  mean: NumberList;
  /** Predicted standard deviation at each x: drawn as a band of ± `sigmas` σ. */
  std: NumberList;
  /** Width of the band in standard deviations. Default 2. */
  sigmas?: number;
  /** Curves drawn from the GP (gpr.sampleY), each over x. */
  samples?: NumberList[];
  /** The function the data came from, over x (dashed). */
  truth?: NumberList;
  /** Observations, drawn as black dots. */
  observed?: { x: NumberList; y: NumberList };
  /** Legend name of the mean. Default "posterior mean". */
  meanName?: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  height?: number;
  width?: number;
}

/**
 * A one-dimensional Gaussian process: its mean with a shaded ± `sigmas`·σ band, optional
 * sampled curves, the true function (dashed) and the observations (black dots). Before fit a GP
 * predicts its prior, so the same figure shows prior draws (mean 0, band ± 2√k(x, x)).
 */
export function gpPlot(opts: GpPlotOptions): Figure {
  const x = toList(opts.x, "gpPlot x");
  const mean = toList(opts.mean, "gpPlot mean", x.length);
  const std = toList(opts.std, "gpPlot std", x.length);
  const k = opts.sigmas ?? 2;
  if (!(k > 0 && Number.isFinite(k))) throw new Error(`gpPlot: sigmas must be a positive number, got ${opts.sigmas}`);
  std.forEach((s, i) => {
    if (!(s >= 0)) throw new Error(`gpPlot std: entry ${i} is ${s}; standard deviations must be >= 0`);
  });
  const series: LineSeries[] = [
    {
      name: `${opts.meanName ?? "posterior mean"} ± ${k}σ`,
      x,
      y: mean,
      band: { lower: mean.map((m, i) => m - k * std[i]), upper: mean.map((m, i) => m + k * std[i]) },
      color: "#1f77b4",
    },
  ];
  (opts.samples ?? []).forEach((sample, i) => series.push({ name: `draw ${i + 1}`, x, y: toList(sample, `gpPlot samples[${i}]`, x.length), color: paletteColor(i + 1) }));
  if (opts.truth) series.push({ name: "true function", x, y: toList(opts.truth, "gpPlot truth", x.length), dash: "dash", color: "#444444" });
  const fig = linePlot({ series, title: opts.title, xTitle: opts.xTitle ?? "x", yTitle: opts.yTitle ?? "f(x)", height: opts.height ?? 340, width: opts.width });
  // the legend sits right of the plot area, where it never hides the band or the draws
  fig.layout.legend = { x: 1.02, y: 1, xanchor: "left", yanchor: "top", bgcolor: "rgba(255,255,255,0.85)" };
  fig.layout.margin = { ...fig.layout.margin, r: 190 };
  if (opts.observed) {
    const ox = toList(opts.observed.x, "gpPlot observed.x");
    const oy = toList(opts.observed.y, "gpPlot observed.y", ox.length);
    fig.data.push({ type: "scatter", mode: "markers", name: "observations", x: ox, y: oy, marker: { size: 9, color: "black" }, hovertemplate: "x %{x:.3f}<br>y %{y:.3f}<extra>observation</extra>" });
  }
  return fig;
}

// ---------------------------------------------------------------------------------------------
// Bar chart

/** Options of barPlot: categories, one or several bar series, orientation and titles. */
export interface BarOptions {
  /** Category names (or numbers) of the bars. */
  x: ArrayLike<string | number> | ValuesLike;
  /** One value per category (a single series) ... */
  y?: NumberList;
  /** ... or several named series drawn side by side. */
  series?: Array<{ name: string; y: NumberList; color?: string; error?: NumberList }>;
  /** ± error bar per bar of the single series. */
  error?: NumberList;
  /** A colour per bar of the single series (e.g. the predicted class in red). */
  colors?: TextList;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Horizontal bars, first category at the top (good for long feature names). */
  horizontal?: boolean;
  /** Write the values on the bars with this many decimals. */
  textDigits?: number;
  height?: number;
  width?: number;
}

/** Bars for one series, or grouped bars for several; vertical or horizontal. */
export function barPlot(opts: BarOptions): Figure {
  const cats = Array.from(entriesOf(opts.x ?? [], "barPlot x"), String);
  if (cats.length === 0) throw new Error("barPlot: `x` (the category names) must not be empty");
  if ((opts.y === undefined) === (opts.series === undefined)) throw new Error("barPlot: give either `y` (one series) or `series` ([{ name, y }])");
  const series = opts.series ?? [{ name: "", y: opts.y as NumberList, error: opts.error }];
  const h = !!opts.horizontal;
  const data: Trace[] = series.map((s, i) => {
    const values = toList(s.y, `barPlot ${s.name ? `series "${s.name}"` : "y"}`, cats.length);
    const colors = opts.series === undefined && opts.colors ? checkLabels(opts.colors, cats.length, "barPlot colors") : undefined;
    const trace: Trace = {
      type: "bar",
      name: s.name,
      orientation: h ? "h" : "v",
      x: h ? values : cats,
      y: h ? cats : values,
      marker: { color: colors ?? (s as { color?: string }).color ?? paletteColor(i) },
      hovertemplate: h ? "%{y}: %{x:.4g}<extra>" + s.name + "</extra>" : "%{x}: %{y:.4g}<extra>" + s.name + "</extra>",
    };
    if (s.error) {
      const err = { type: "data", array: toList(s.error, `barPlot error of "${s.name}"`, cats.length), visible: true } as Trace["error_x"];
      if (h) trace.error_x = err;
      else trace.error_y = err as Trace["error_y"];
    }
    if (opts.textDigits !== undefined) {
      trace.text = values.map((v) => formatNumber(v, opts.textDigits));
      trace.textposition = "auto";
    }
    return trace;
  });
  const layout = baseLayout({
    title: opts.title,
    xTitle: opts.xTitle,
    yTitle: opts.yTitle,
    height: opts.height ?? (h ? Math.min(1000, Math.max(300, cats.length * series.length * 18 + 120)) : 420),
    width: opts.width,
  });
  const catAxis = { type: "category", showgrid: false } as const;
  if (h) layout.yaxis = { ...layout.yaxis, ...catAxis, autorange: "reversed" } as Layout["yaxis"];
  else layout.xaxis = { ...layout.xaxis, ...catAxis } as Layout["xaxis"];
  layout.barmode = "group";
  layout.showlegend = series.length > 1;
  return { data, layout };
}

// ---------------------------------------------------------------------------------------------
// Image grid

/** Options of imageGrid: the images, their labels and the grid size. */
export interface ImageGridOptions {
  /**
   * Grayscale images, each rows × columns of pixel values, or each flat (e.g. 784 values of a
   * 28 × 28 picture, as a tensor's dataSync() gives them): see `shape`.
   */
  images: ArrayLike<ArrayLike<ArrayLike<number>>> | ArrayLike<ArrayLike<number>>;
  /** [rows, columns] of flat images (default: square). */
  shape?: [number, number];
  /** A title per image (e.g. "Sneaker 97%"). */
  labels?: TextList;
  /** Colour of each title (e.g. "blue" when right, "red" when wrong). */
  labelColors?: TextList;
  /** Images per row (default: up to 5). */
  cols?: number;
  title?: string;
  /** "binary" (default: white background, dark ink), "gray", "viridis", ... */
  colorscale?: string | ColorStops;
  /** Pixel value range shared by all images (default: the joint min and max). */
  zmin?: number;
  zmax?: number;
  /** Size of one image in screen pixels (default 120). */
  size?: number;
  /**
   * "subplots" (default): one small heatmap per image; "composed": all images pasted into one
   * heatmap with gaps, lighter for very many images.
   */
  mode?: "subplots" | "composed";
}

/** One image as rows of numbers: given as rows already, or flat and cut into rows. */
function toImage(img: ArrayLike<unknown>, k: number, shape?: [number, number]): number[][] {
  const what = `imageGrid images[${k}]`;
  if (img.length > 0 && typeof img[0] !== "number") return Array.from(img as ArrayLike<ArrayLike<number>>, (row, r) => toList(row, `${what}[${r}]`));
  const flat = toList(img as ArrayLike<number>, what);
  const side = Math.round(Math.sqrt(flat.length));
  const [rows, cols] = shape ?? [side, side];
  if (rows * cols !== flat.length) {
    throw new Error(`${what}: ${flat.length} pixels do not make a ${rows} × ${cols} image; pass shape: [rows, columns]`);
  }
  return Array.from({ length: rows }, (_, r) => flat.slice(r * cols, (r + 1) * cols));
}

/** A grid of grayscale images with optional coloured titles (e.g. right/wrong predictions). */
export function imageGrid(opts: ImageGridOptions): Figure {
  const n = opts.images?.length ?? 0;
  if (n === 0) throw new Error("imageGrid: `images` must hold at least one image (rows of pixel values)");
  const images = Array.from(opts.images as ArrayLike<ArrayLike<unknown>>, (img, k) => toImage(img, k, opts.shape));
  const labels = opts.labels ? checkLabels(opts.labels, n, "imageGrid") : undefined;
  const colors = opts.labelColors ? checkLabels(opts.labelColors, n, "imageGrid labelColors") : undefined;
  const cols = Math.max(1, Math.min(n, opts.cols ?? 5));
  const rows = Math.ceil(n / cols);
  const size = opts.size ?? 120;
  const titlePx = labels ? 22 : 4;
  const [lo, hi] = finiteRange(...images.flat());
  const zmin = opts.zmin ?? lo;
  const zmax = opts.zmax ?? hi;
  const scale = resolveScale(opts.colorscale ?? "binary");
  const top = opts.title ? 60 : 10;
  const width = cols * (size + 10) + 20;
  const height = rows * (size + titlePx + 6) + top + 10;
  const layout: Partial<Layout> = {
    width,
    height,
    margin: { l: 10, r: 10, t: top, b: 10 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    showlegend: false,
    annotations: [],
  };
  if (opts.title) layout.title = { text: opts.title, x: 0.5, xanchor: "center" } as Layout["title"];
  // Axes without ticks or grid, but with a thin frame so white images stand out from the page.
  const hidden = { showticklabels: false, ticks: "", showgrid: false, zeroline: false, fixedrange: true, showline: true, mirror: true, linecolor: "#ccc" };
  const data: Trace[] = [];
  const plotW = width - 20;
  const plotH = height - top - 10;

  if ((opts.mode ?? "subplots") === "composed") {
    // Paste every image into one big matrix; NaN cells between images stay blank.
    const h = Math.max(...images.map((img) => img.length));
    const w = Math.max(...images.map((img) => img[0]?.length ?? 0));
    const gap = Math.max(1, Math.round(w / 8));
    const titleRows = labels ? Math.max(2, Math.round(h / 5)) : 0;
    const cellH = h + gap + titleRows;
    const cellW = w + gap;
    const big: number[][] = Array.from({ length: rows * cellH }, () => new Array(cols * cellW).fill(NaN));
    images.forEach((img, k) => {
      const r0 = Math.floor(k / cols) * cellH + titleRows;
      const c0 = (k % cols) * cellW;
      img.forEach((row, r) => row.forEach((v, c) => (big[r0 + r][c0 + c] = v)));
      if (labels) {
        layout.annotations!.push({
          x: c0 + (w - 1) / 2, y: r0 - 1, xref: "x", yref: "y", yanchor: "bottom", showarrow: false,
          text: labels[k], font: { color: colors?.[k] ?? "black", size: 12 },
        });
      }
    });
    data.push({ type: "heatmap", z: big, zmin, zmax, colorscale: scale as Trace["colorscale"], showscale: false, hoverongaps: false } as Trace);
    layout.xaxis = { ...hidden, domain: [0, 1] } as Layout["xaxis"];
    layout.yaxis = { ...hidden, autorange: "reversed", scaleanchor: "x" } as Layout["yaxis"];
    return { data, layout };
  }

  // One heatmap per image on its own pair of axes; the domains place it in the grid.
  images.forEach((img, k) => {
    const r = Math.floor(k / cols);
    const c = k % cols;
    const id = k === 0 ? "" : String(k + 1);
    const x0 = (c * (size + 10) + 5) / plotW;
    const x1 = (c * (size + 10) + 5 + size) / plotW;
    const y1 = 1 - (r * (size + titlePx + 6) + titlePx) / plotH;
    const y0 = 1 - (r * (size + titlePx + 6) + titlePx + size) / plotH;
    data.push({
      type: "heatmap",
      z: img,
      zmin,
      zmax,
      colorscale: scale as Trace["colorscale"],
      showscale: false,
      xaxis: `x${id}`,
      yaxis: `y${id}`,
      hovertemplate: `${labels ? labels[k] + "<br>" : ""}row %{y}, col %{x}: %{z:.3g}<extra></extra>`,
    } as Trace);
    (layout as Record<string, unknown>)[`xaxis${id}`] = { ...hidden, domain: [Math.max(0, x0), Math.min(1, x1)], anchor: `y${id}` };
    (layout as Record<string, unknown>)[`yaxis${id}`] = { ...hidden, domain: [Math.max(0, y0), Math.min(1, y1)], anchor: `x${id}`, autorange: "reversed" };
    if (labels) {
      layout.annotations!.push({
        x: (x0 + x1) / 2, y: y1, xref: "paper", yref: "paper", yanchor: "bottom", showarrow: false,
        text: labels[k], font: { color: colors?.[k] ?? "black", size: 12 },
      });
    }
  });
  return { data, layout };
}
