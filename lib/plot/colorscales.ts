// Colour scales by matplotlib's names. plotly.js has its own built-in scales, but some of them
// run the other way round from matplotlib's (plotly's "RdBu" is blue at the low end), which
// surprises Python users; spelling the stops out here keeps "coolwarm" meaning coolwarm.

/** A plotly colour scale: stops from 0 to 1 with a CSS colour each. */
export type ColorStops = Array<[number, string]>;

const SCALES: Record<string, ColorStops> = {
  viridis: [[0, "#440154"], [0.25, "#3b528b"], [0.5, "#21918c"], [0.75, "#5ec962"], [1, "#fde725"]],
  plasma: [[0, "#0d0887"], [0.25, "#7e03a8"], [0.5, "#cc4778"], [0.75, "#f89540"], [1, "#f0f921"]],
  // Diverging: blue for negative, light grey in the middle, red for positive.
  coolwarm: [[0, "#3b4cc0"], [0.25, "#8db0fe"], [0.5, "#dddddd"], [0.75, "#f49a7b"], [1, "#b40426"]],
  rdbu_r: [[0, "#053061"], [0.25, "#4393c3"], [0.5, "#f7f7f7"], [0.75, "#d6604d"], [1, "#67001f"]],
  blues: [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
  reds: [[0, "#fff5f0"], [0.5, "#fb6a4a"], [1, "#67000d"]],
  // Images: "gray" is black → white, "binary" white → black (Keras' Fashion-MNIST pictures).
  gray: [[0, "#000000"], [1, "#ffffff"]],
  binary: [[0, "#ffffff"], [1, "#000000"]],
};

/** Scales that are centred on zero: heatmaps using them get symmetric zmin/zmax by default. */
export const DIVERGING = new Set(["coolwarm", "rdbu_r"]);

/** The stops of a named scale, or undefined for names only plotly knows (passed through). */
export function namedScale(name: string): ColorStops | undefined {
  return SCALES[name.toLowerCase()];
}

/** What to give plotly as `colorscale`: our stops when we know the name, else the name itself. */
export function resolveScale(scale: string | ColorStops): string | ColorStops {
  if (typeof scale !== "string") return scale;
  return namedScale(scale) ?? scale;
}

function hexToRgb(color: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  const r = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/i.exec(color);
  if (r) return [Number(r[1]), Number(r[2]), Number(r[3])];
  return undefined;
}

/**
 * Perceived brightness (0 dark .. 1 light) of the scale at position t in [0, 1], used to write
 * cell numbers in white on dark cells and black on light ones. Unknown scales count as light.
 */
export function brightnessAt(scale: string | ColorStops, t: number): number {
  const stops = typeof scale === "string" ? namedScale(scale) : scale;
  if (!stops || stops.length === 0) return 1;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  let i = 0;
  while (i < stops.length - 2 && x > stops[i + 1][0]) i++;
  const [t0, c0] = stops[i];
  const [t1, c1] = stops[Math.min(i + 1, stops.length - 1)];
  const a = hexToRgb(c0);
  const b = hexToRgb(c1);
  if (!a || !b) return 1;
  const f = t1 > t0 ? (x - t0) / (t1 - t0) : 0;
  const rgb = a.map((v, k) => v + f * (b[k] - v));
  return (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255;
}
