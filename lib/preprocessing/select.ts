// Filter-based descriptor selection with Pearson's correlation coefficient
//   r = Σ (x_i - x̄)(y_i - ȳ) / √( Σ (x_i - x̄)² · Σ (y_i - ȳ)² ),
// which is +1 / -1 for a perfect increasing / decreasing straight-line relation and 0 for none.
// Filters look at each descriptor on its own (no model is trained), so they are cheap, but they
// only see linear, one-descriptor-at-a-time relations.
import { checkParam, toMatrix, XInput } from "../models/base";

/** Pearson correlation of two equally long series; NaN if either is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`pearson: series have lengths ${x.length} and ${y.length}`);
  if (x.length < 2) throw new Error("pearson: need at least 2 values");
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN; // no variation, no correlation to measure
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function columnsOf(X: number[][]): number[][] {
  return X[0].map((_, j) => X.map((row) => row[j]));
}

/** r of every column of X with y (one value per descriptor). */
export function correlationWithTarget(X: XInput, y: readonly number[]): number[] {
  const Xm = toMatrix(X, "correlationWithTarget");
  if (y.length !== Xm.length) throw new Error(`correlationWithTarget: X has ${Xm.length} rows but y has ${y.length}`);
  return columnsOf(Xm).map((col) => pearson(col, y));
}

/** The p×p matrix of r between every pair of columns of X (1 on the diagonal). */
export function correlationMatrix(X: XInput): number[][] {
  const cols = columnsOf(toMatrix(X, "correlationMatrix"));
  const p = cols.length;
  const R = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let a = 0; a < p; a++) {
    R[a][a] = 1;
    for (let b = 0; b < a; b++) R[a][b] = R[b][a] = pearson(cols[a], cols[b]);
  }
  return R;
}

export interface CorrelationFilterOptions {
  /** Keep descriptors with |r| >= threshold. */
  threshold?: number;
  /** Keep the k descriptors with the largest |r| (applied after threshold). */
  topK?: number;
}

export interface SelectedDescriptor {
  name: string;
  /** Column index in the input. */
  index: number;
  r: number;
}

/**
 * Ranks descriptors by |r| with the target and keeps the strongest (by threshold and/or topK).
 * Constant descriptors (r = NaN) are never kept. Returns them strongest first.
 */
export function selectByCorrelation(X: XInput, y: readonly number[], names: string[], options: CorrelationFilterOptions = {}): SelectedDescriptor[] {
  const { threshold = 0, topK } = options;
  checkParam(threshold >= 0 && threshold <= 1, "selectByCorrelation", "threshold", threshold, "a number in [0, 1]");
  checkParam(topK === undefined || (Number.isInteger(topK) && topK >= 1), "selectByCorrelation", "topK", topK, "an integer >= 1");
  const r = correlationWithTarget(X, y);
  if (names.length !== r.length) throw new Error(`selectByCorrelation: ${names.length} names for ${r.length} columns`);
  const ranked = r
    .map((value, index) => ({ name: names[index], index, r: value }))
    .filter((d) => Number.isFinite(d.r) && Math.abs(d.r) >= threshold)
    .sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
  return topK === undefined ? ranked : ranked.slice(0, topK);
}

/**
 * Removes redundancy: walks the descriptors in the given order (e.g. strongest first from
 * selectByCorrelation) and drops each one whose |r| with an already kept descriptor exceeds
 * maxR. Returns the names kept.
 */
export function dropCorrelated(X: XInput, names: string[], maxR = 0.95): string[] {
  checkParam(maxR > 0 && maxR <= 1, "dropCorrelated", "maxR", maxR, "a number in (0, 1]");
  const R = correlationMatrix(X);
  if (names.length !== R.length) throw new Error(`dropCorrelated: ${names.length} names for ${R.length} columns`);
  const kept: number[] = [];
  for (let j = 0; j < names.length; j++) {
    if (kept.every((k) => !(Math.abs(R[j][k]) > maxR))) kept.push(j);
  }
  return kept.map((j) => names[j]);
}
