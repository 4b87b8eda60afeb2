// show(): draws figures inline in a tslab notebook, with plotly.js taken from the installed npm
// package (plotly.js-dist-min) so nothing is fetched from a CDN. Outside a notebook it opens
// nodeplotlib's local plot server, or writes HTML files when MATML_PLOT_DIR / MATML_PLOT=html say so.
//
// How a notebook output is built, and why (it has to work in JupyterLab, the classic Notebook,
// VS Code, and in an executed notebook exported to HTML and opened offline):
//  * Each figure is ONE display_data message carrying two representations of the same plot:
//     - "application/vnd.plotly.v1+json": the figure as JSON. VS Code's built-in notebook
//       renderers and JupyterLab with the plotly extension draw this themselves, even in a
//       saved notebook reopened later (JSON is safe, so it needs no "trust").
//     - "text/html": a <div> plus a <script> that calls Plotly.newPlot. The classic Notebook,
//       JupyterLab without the plotly extension and nbconvert's HTML export use this one.
//       Front-ends run scripts of outputs produced by a cell just executed (trusted); a saved,
//       untrusted notebook shows the div's placeholder text until the cell is run again.
//  * The html of the FIRST figure in a kernel session also inlines the whole plotly.min.js
//    (~4.5 MB) and defines window.Plotly; later figures reuse it. Inlining once (instead of a
//    <script src>) is what makes an exported HTML file self-contained and offline-proof; doing
//    it only once keeps notebooks from growing by 4.5 MB per plot.
//  * Every figure's script waits (polling) until window.Plotly exists, so the order in which a
//    page runs its outputs does not matter, and figures of a reopened notebook get drawn as
//    soon as any cell brings the library again (a new kernel session inlines it again).
//    Known limit: re-running the cell whose output carried the library, without restarting the
//    kernel, leaves the saved notebook without it; "Restart & Run All" (what the case-study
//    runner does) or loadPlotly() puts it back.
//  * The classic Notebook loads RequireJS, whose global `define` would make plotly's UMD
//    wrapper register an AMD module instead of setting window.Plotly; `define` is hidden while
//    the library runs.
import * as fs from "fs";
import * as path from "path";
import { Figure } from "./figure";
import { outDir } from "../paths";

/** Options of show(). */
export interface ShowOptions {
  /** Embed plotly.js in this output even if an earlier output of this kernel already did. */
  inlinePlotly?: boolean;
  /**
   * Side by side: with several figures, put up to this many in a row (e.g. an image beside its
   * class probabilities). They then form one output of html only (no plotly JSON bundle, which
   * holds a single figure).
   */
  columns?: number;
}

const PLOT_CONFIG = { responsive: true, displaylogo: false };
let plotlyInlined = false; // per kernel session: the module lives as long as the kernel process
let counter = 0;

/** The plotly.js source shipped with the npm package plotly.js-dist-min. */
export function plotlySource(): string {
  return fs.readFileSync(plotlyPath(), "utf8");
}

/** Path of plotly.min.js inside node_modules. */
export function plotlyPath(): string {
  return require.resolve("plotly.js-dist-min");
}

/** JSON that is safe inside a <script> element: no "</script>", no "<!--", no line separators. */
function scriptJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v));
  return json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A <script> that defines window.Plotly from the inlined library unless the page has it. */
export function plotlyLibraryScript(): string {
  return (
    "<script type=\"text/javascript\">\n" +
    "if (typeof window.Plotly === 'undefined') {\n" +
    "(function () { var amdDefine = window.define; window.define = undefined; try {\n" +
    plotlySource() +
    "\n} finally { window.define = amdDefine; } })();\n}\n</script>"
  );
}

/**
 * The HTML of one figure: a div and a script drawing it with window.Plotly. With
 * `includePlotly` the library itself is embedded first (see the comment at the top).
 */
export function figureHtml(fig: Figure, opts: { includePlotly?: boolean; id?: string } = {}): string {
  const id = opts.id ?? `matml-plot-${process.pid}-${Date.now().toString(36)}-${++counter}`;
  const height = typeof fig.layout?.height === "number" ? `${fig.layout.height}px` : "450px";
  const width = typeof fig.layout?.width === "number" ? `${fig.layout.width}px` : "100%";
  const draw = `<script type="text/javascript">
(function () {
  var figure = ${scriptJson({ data: fig.data, layout: fig.layout ?? {} })};
  var config = ${scriptJson(PLOT_CONFIG)};
  var tries = 0;
  // Some front-ends (JupyterLab) run an output's scripts before the output is attached to the
  // page: look for the div next to this script too, and wait until it is in the document.
  var scope = document.currentScript ? document.currentScript.parentNode : null;
  function draw() {
    var el = document.getElementById(${scriptJson(id)}) || (scope && scope.querySelector ? scope.querySelector('[id="' + ${scriptJson(id)} + '"]') : null);
    tries++;
    if (!el || !document.documentElement.contains(el)) { if (tries < 600) setTimeout(draw, 100); return; }
    if (typeof window.Plotly === 'undefined') {
      // Keep waiting (a cell run later may bring the library), but say what is missing.
      if (tries === 50) el.textContent = 'Waiting for plotly.js, which is not loaded in this page yet: run any cell that shows a plot, or loadPlotly().';
      setTimeout(draw, tries < 50 ? 100 : 500);
      return;
    }
    el.textContent = '';
    window.Plotly.newPlot(el, figure.data, figure.layout, config);
  }
  draw();
})();
</script>`;
  const div = `<div id="${id}" class="matml-plot" style="width:${width};max-width:100%;height:${height};">(plot: run the cell with JavaScript enabled to draw it)</div>`;
  return (opts.includePlotly ? plotlyLibraryScript() + "\n" : "") + div + "\n" + draw;
}

/** A complete HTML page showing figures; plotly.js is inlined unless `plotlySrc` points to a copy. */
export function figurePage(figs: Figure[], opts: { title?: string; plotlySrc?: string } = {}): string {
  const lib = opts.plotlySrc ? `<script type="text/javascript" src="${opts.plotlySrc}"></script>` : plotlyLibraryScript();
  const body = figs.map((f) => figureHtml(f)).join("\n");
  const title = (opts.title ?? "matml figure").replace(/</g, "&lt;");
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title>\n${lib}\n</head>\n<body style="font-family:sans-serif">\n${body}\n</body></html>\n`;
}

// ---------------------------------------------------------------------------------------------
// Where we are: a tslab kernel, or a plain node process.

type WriteDisplayData = (data: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

/**
 * tslab's function that sends a display_data message, or null outside a running kernel.
 * tslab's public API (tslab.display.html) sends one mime type per message; its internal
 * `lastWriteDisplayData` (tslab 1.0.x) takes a whole bundle, which we need to send the html
 * and the plotly JSON together. A kernel has already loaded that module, so we only look in
 * require's cache: a plain node script does not pay for loading tslab.
 */
function tslabWriter(): WriteDisplayData | null {
  let file: string | undefined;
  try {
    file = require.resolve("tslab/dist/jupyter");
  } catch {
    file = undefined;
  }
  // A kernel started from another tslab installation (e.g. a global one) has its own copy.
  if (!file || !require.cache[file]) file = Object.keys(require.cache).find((f) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(f));
  const jupyter = file ? (require.cache[file]?.exports as { lastWriteDisplayData?: unknown } | undefined) : undefined;
  return typeof jupyter?.lastWriteDisplayData === "function" ? (jupyter.lastWriteDisplayData as WriteDisplayData) : null;
}

/**
 * Sends one output with several representations (mime type → content) to the notebook.
 * Returns false outside a notebook kernel, so callers can print instead.
 */
export function sendDisplay(bundle: Record<string, unknown>): boolean {
  const write = tslabWriter();
  if (!write) return false;
  write({ data: bundle, metadata: {}, transient: {} }, false);
  return true;
}

/** True when running inside a tslab notebook kernel (so show() draws inline). */
export function inNotebook(): boolean {
  return tslabWriter() !== null;
}

/** How show() renders: MATML_PLOT = auto (default) | inline | html | server | off. */
function plotMode(): "inline" | "html" | "server" | "off" {
  const env = (process.env.MATML_PLOT ?? "auto").toLowerCase();
  if (env === "inline" || env === "html" || env === "server" || env === "off") return env;
  if (env !== "auto") throw new Error(`MATML_PLOT must be auto, inline, html, server or off (got "${process.env.MATML_PLOT}")`);
  if (inNotebook()) return "inline";
  return process.env.MATML_PLOT_DIR ? "html" : "server";
}

function plainText(fig: Figure): string {
  const title = (fig.layout?.title as { text?: string } | undefined)?.text ?? "untitled";
  return `Figure "${title}" with ${fig.data.length} trace(s) (open in JupyterLab, Notebook or VS Code to see the plot)`;
}

function showInline(fig: Figure, opts: ShowOptions): void {
  const includePlotly = !plotlyInlined || !!opts.inlinePlotly;
  const html = figureHtml(fig, { includePlotly });
  const sent = sendDisplay({
    "application/vnd.plotly.v1+json": JSON.parse(scriptJson({ data: fig.data, layout: fig.layout ?? {}, config: PLOT_CONFIG })),
    "text/html": html,
    "text/plain": plainText(fig),
  });
  if (!sent) throw new Error("show: MATML_PLOT=inline but this is not a running tslab notebook kernel");
  plotlyInlined = true;
}

/** Several figures in one output, in rows of `opts.columns` (a flex box wraps them). */
function showRow(figs: Figure[], opts: ShowOptions): void {
  const includePlotly = !plotlyInlined || !!opts.inlinePlotly;
  const share = Math.floor(100 / (opts.columns ?? 1)) - 1;
  const cells = figs.map((f) => `<div style="flex:1 1 ${share}%;min-width:280px">${figureHtml(f)}</div>`).join("\n");
  const html = (includePlotly ? plotlyLibraryScript() + "\n" : "") + `<div style="display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start">\n${cells}\n</div>`;
  if (!sendDisplay({ "text/html": html, "text/plain": figs.map(plainText).join("\n") })) {
    throw new Error("show: MATML_PLOT=inline but this is not a running tslab notebook kernel");
  }
  plotlyInlined = true;
}

/** Directory for HTML figures: MATML_PLOT_DIR, else out/plots in the project. */
function htmlDir(): string {
  if (process.env.MATML_PLOT_DIR) return path.resolve(process.env.MATML_PLOT_DIR);
  return path.join(outDir(), "plots");
}

/**
 * Writes a figure as a standalone HTML page. plotly.min.js is copied once next to it (so many
 * figures do not each carry 4.5 MB) and loaded by a relative path: the folder works offline.
 */
export function writeFigureHtml(fig: Figure | Figure[], file: string): string {
  const figs = Array.isArray(fig) ? fig : [fig];
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const lib = path.join(dir, "plotly.min.js");
  if (!fs.existsSync(lib) || fs.statSync(lib).size !== fs.statSync(plotlyPath()).size) fs.copyFileSync(plotlyPath(), lib);
  const title = (figs[0].layout?.title as { text?: string } | undefined)?.text;
  fs.writeFileSync(file, figurePage(figs, { title, plotlySrc: "plotly.min.js" }));
  return path.resolve(file);
}

let fileCounter = 0;
let serverHintShown = false;

function slug(text: string | undefined): string {
  const s = (text ?? "").toLowerCase().replace(/<[^>]*>/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return s.slice(0, 40) || "figure";
}

/**
 * Draws figures. In a tslab notebook: inline (see the comment at the top of this file).
 * Elsewhere: nodeplotlib's local server and browser page, or, with MATML_PLOT=html or
 * MATML_PLOT_DIR set, one HTML file per figure in that folder (no server: good for scripts and
 * CI). MATML_PLOT=off skips drawing altogether.
 */
export function show(fig: Figure | Figure[], opts: ShowOptions = {}): void {
  const figs = Array.isArray(fig) ? fig : [fig];
  for (const f of figs) {
    if (!f || !Array.isArray(f.data)) throw new Error("show: expected a figure { data: [...traces], layout } or an array of them");
  }
  const mode = plotMode();
  if (mode === "off") return;
  if (mode === "inline") {
    if ((opts.columns ?? 1) > 1 && figs.length > 1) showRow(figs, opts);
    else for (const f of figs) showInline(f, opts);
    return;
  }
  if (mode === "html") {
    const dir = htmlDir();
    for (const f of figs) {
      const title = (f.layout?.title as { text?: string } | undefined)?.text;
      const file = path.join(dir, `${process.pid}-${String(++fileCounter).padStart(3, "0")}-${slug(title)}.html`);
      writeFigureHtml(f, file);
      console.log(`figure written to ${file}`);
    }
    return;
  }
  // nodeplotlib starts a small web server (and keeps the process alive) showing the plots.
  if (!serverHintShown) {
    serverHintShown = true;
    console.log("show: not in a notebook, starting nodeplotlib's plot server (set MATML_PLOT_DIR=<folder> to write HTML files instead)");
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { plot } = require("nodeplotlib");
  for (const f of figs) plot(f.data, f.layout);
}

/**
 * Sends plotly.js to the notebook page again (e.g. after reloading the browser page while the
 * kernel kept running). Later figures then draw as usual.
 */
export function loadPlotly(): void {
  const html = plotlyLibraryScript() + "\n<div>plotly.js loaded.</div>";
  if (!sendDisplay({ "text/html": html, "text/plain": "plotly.js loaded" })) throw new Error("loadPlotly: only useful inside a tslab notebook");
  plotlyInlined = true;
}
