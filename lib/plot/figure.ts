// What a figure is: plain plotly.js JSON (traces + layout), typed with the same plotly.js types
// nodeplotlib uses. Builders in builders.ts return one; show() draws it. Because a figure is
// plain data, a notebook can still tweak it before showing: fig.layout.height = 600.
import type { PlotData, Layout } from "plotly.js";

/** One plotly trace (scatter, histogram, heatmap, bar ...): nodeplotlib's `Plot` type. */
export type Trace = Partial<PlotData>;

/** A plotly figure: what every builder returns and what show() accepts. */
export interface Figure {
  data: Trace[];
  layout: Partial<Layout>;
}

/** A danfojs Series (e.g. df["Band Gap"]), or anything else that keeps its entries in `values`. */
/** Anything with `values`, such as a danfojs Series. */
export interface ValuesLike {
  readonly values: ArrayLike<unknown>;
}

/** Numbers as a notebook may hold them: plain arrays, typed arrays or a danfojs Series. */
export type NumberList = ArrayLike<number> | ValuesLike;

/** Texts (formulas, group names ...): an array of strings or a danfojs Series. */
export type TextList = ArrayLike<string> | ValuesLike;

/** The entries of an array, typed array or Series, or an error naming the option. */
export function entriesOf(values: unknown, what: string): ArrayLike<unknown> {
  if (values != null && typeof (values as ArrayLike<unknown>).length === "number") return values as ArrayLike<unknown>;
  const inner = values != null ? (values as ValuesLike).values : undefined;
  if (inner != null && typeof inner.length === "number") return inner;
  throw new Error(`${what}: expected an array (or a danfojs Series), got ${values === null ? "null" : typeof values}`);
}

/** matplotlib's default colour cycle, so plots look familiar to Python users. */
export const PALETTE = [
  "#1f77b4", // blue
  "#ff7f0e", // orange
  "#2ca02c", // green
  "#d62728", // red
  "#9467bd", // purple
  "#8c564b", // brown
  "#e377c2", // pink
  "#7f7f7f", // grey
  "#bcbd22", // olive
  "#17becf", // cyan
];

/** Colour number i of the cycle (wraps around). */
export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** "#1f77b4" → "rgba(31,119,180,0.2)": a see-through version of a colour for bands. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}

/**
 * Copies numbers into a plain array (typed arrays would serialise as {"0":..} objects) and
 * checks the length, naming the option so a mistake in a notebook is easy to find.
 */
export function toList(values: NumberList, what: string, length?: number): number[] {
  const out = Array.from(entriesOf(values, what), (v, i) => {
    if (typeof v === "object" && v !== null) throw new Error(`${what}: entry ${i} is not a number (a table was given where one column is expected)`);
    return Number(v);
  });
  if (length !== undefined && out.length !== length) {
    throw new Error(`${what}: has ${out.length} values but ${length} were expected`);
  }
  return out;
}

/** Smallest and largest finite value over several lists ([NaN, NaN] when there are none). */
export function finiteRange(...lists: number[][]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const list of lists) {
    for (const v of list) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** Rounds for display: integers stay integers, others get `digits` decimals (trailing zeros kept). */
export function formatNumber(v: number, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "-∞";
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  // Very small or very large numbers read better in scientific notation.
  if (abs !== 0 && (abs < Math.pow(10, -digits) || abs >= 1e9)) return v.toExponential(Math.max(digits - 1, 1));
  return v.toFixed(digits);
}

/** Common layout: title, axis titles, white background, legend inside the figure. */
/**
 * Plotly never wraps a title: on a narrow figure (a small confusion matrix) a long one is cut
 * off. Break it into two lines at the space nearest its middle when it would not fit
 * (about 9 px a character at plotly's default title size).
 */
function wrapTitle(title: string, width?: number): string {
  if (!width || title.includes("<br>") || title.length * 9 <= width - 40) return title;
  const mid = title.length / 2;
  let best = -1;
  for (let i = 0; i < title.length; i++) if (title[i] === " " && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  return best < 0 ? title : `${title.slice(0, best)}<br>${title.slice(best + 1)}`;
}

export function baseLayout(opts: { title?: string; xTitle?: string; yTitle?: string; height?: number; width?: number }): Partial<Layout> {
  const layout: Partial<Layout> = {
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    // A title gets a tall top margin so it sits below the modebar (the icons shown on hover).
    margin: { l: 70, r: 30, t: opts.title ? 80 : 30, b: 60 },
    xaxis: axis(opts.xTitle),
    yaxis: axis(opts.yTitle),
    hovermode: "closest",
  };
  if (opts.title) layout.title = { text: wrapTitle(opts.title, opts.width), x: 0.5, xanchor: "center" } as Layout["title"];
  if (opts.height) layout.height = opts.height;
  if (opts.width) layout.width = opts.width;
  return layout;
}

/** An axis with a title, light grid lines and a frame (close to matplotlib's look). */
export function axis(title?: string): Partial<Layout["xaxis"]> {
  return {
    title: title ? { text: title } : undefined,
    showline: true,
    linecolor: "#444",
    mirror: true,
    ticks: "outside",
    gridcolor: "#e5e5e5",
    zeroline: false,
    automargin: true,
  } as Partial<Layout["xaxis"]>;
}
