// The learning curve that redraws while a network trains: in a tslab notebook one output area
// (tslab.newDisplay()) is overwritten after every few epochs with a small SVG chart of the
// training and validation loss and a progress line ("epoch 37/100 · loss 0.081 · val 0.095 ·
// 2.1 s"). SVG is drawn by the kernel itself, so it needs no JavaScript in the page and the
// last frame stays in the saved notebook. Outside a notebook the progress line is printed.
import { inNotebook } from "../plot/show";

/** One named curve of the chart. */
export interface CurveSeries {
  name: string;
  values: number[];
  color: string;
}

interface TslabDisplay {
  html(s: string): void;
}

/** "Nice" tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(10)));
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An SVG line chart of curves over epochs 1..totalEpochs (the x axis is fixed from the start
 * so the curve grows to the right as training proceeds). With `logY` the y axis is logarithmic,
 * which shows a loss that falls by orders of magnitude (regression) better.
 */
export function curveSvg(series: CurveSeries[], totalEpochs: number, yTitle: string, title: string, logY = false): string {
  const W = 640, H = 300, left = 64, right = 16, top = 34, bottom = 44;
  const pw = W - left - right, ph = H - top - bottom;
  const drawable = (v: number) => Number.isFinite(v) && (!logY || v > 0);
  const all = series.flatMap((s) => s.values).filter(drawable);
  // On a log axis the chart works with log10 of the values.
  const t = (v: number) => (logY ? Math.log10(v) : v);
  let lo = all.length ? t(Math.min(...all)) : 0;
  let hi = all.length ? t(Math.max(...all)) : 1;
  if (!logY && lo > 0) lo = 0; // losses: start a linear axis at zero
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const x = (e: number) => left + (pw * (e - 1)) / Math.max(1, totalEpochs - 1);
  const y = (v: number) => top + ph - (ph * (t(v) - lo)) / (hi - lo);
  // Grid lines: nice steps on a linear axis; 1, 2 and 5 times powers of ten on a log axis.
  const grid = logY
    ? ticks(Math.floor(lo), Math.ceil(hi), Math.ceil(hi) - Math.floor(lo)).flatMap((p) => [1, 2, 5].map((m) => Number((m * Math.pow(10, p)).toPrecision(6)))).filter((v) => t(v) >= lo - 1e-9 && t(v) <= hi + 1e-9)
    : ticks(lo, hi);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" style="font-family:sans-serif;font-size:12px;background:white">`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`);
  for (const v of grid) {
    parts.push(`<line x1="${left}" x2="${left + pw}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  }
  for (const e of ticks(1, totalEpochs).filter((e) => Number.isInteger(e) && e >= 1)) {
    parts.push(`<text x="${x(e).toFixed(1)}" y="${top + ph + 16}" text-anchor="middle">${e}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  parts.push(`<text x="${left + pw / 2}" y="${H - 8}" text-anchor="middle">epoch</text>`);
  parts.push(`<text transform="translate(16 ${top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yTitle + (logY ? ", log scale" : ""))}</text>`);
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => (drawable(v) ? `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}` : "")).filter(Boolean);
    if (pts.length) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(" ")}"/>`);
    const ly = top + 14 + 16 * k;
    parts.push(`<line x1="${left + pw - 150}" x2="${left + pw - 126}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/>`);
    parts.push(`<text x="${left + pw - 120}" y="${ly}">${escapeXml(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

/** Where the curve goes: an updatable notebook output, the console, or nowhere. */
export type LiveMode = "notebook" | "console" | "off";

/**
 * Shows training progress. `draw(curves, line)` is cheap to call often: it redraws at most
 * every `intervalMs` unless forced (as for the last epoch).
 */
export class LiveCurve {
  private display: TslabDisplay | null = null;
  private lastDraw = 0;
  readonly mode: LiveMode;

  constructor(
    private readonly title: string,
    private readonly yTitle: string,
    private readonly totalEpochs: number,
    mode: LiveMode | "auto" = "auto",
    private readonly logY = false,
    private readonly intervalMs = 300,
  ) {
    this.mode = mode === "auto" ? (inNotebook() ? "notebook" : "off") : mode;
    if (this.mode === "notebook") {
      // Inside a tslab kernel the tslab module is already loaded, so this require is cheap.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const tslab = require("tslab") as { newDisplay(): TslabDisplay };
      this.display = tslab.newDisplay();
    }
  }

  /** True when a redraw is due (the last one was at least `intervalMs` ago). */
  due(): boolean {
    return this.mode !== "off" && Date.now() - this.lastDraw >= this.intervalMs;
  }

  /** Redraws the curves and the progress line (if due, or always with `force`). */
  draw(curves: CurveSeries[], line: string, force = false): void {
    if (!force && !this.due()) return;
    this.lastDraw = Date.now();
    if (this.mode === "notebook" && this.display) {
      const svg = curveSvg(curves, this.totalEpochs, this.yTitle, this.title, this.logY);
      this.display.html(`<div>${svg}<pre style="margin:4px 0">${escapeXml(line)}</pre></div>`);
    } else if (this.mode === "console") {
      console.log(line);
    }
  }
}

/** Lets the event loop run (so the notebook receives the redrawn curve) before training goes on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
