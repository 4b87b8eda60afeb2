// Filter-based descriptor selection with Pearson's correlation coefficient
//   r = Σ (x_i - x̄)(y_i - ȳ) / √( Σ (x_i - x̄)² · Σ (y_i - ȳ)² ),
// which is +1 / -1 for a perfect increasing / decreasing straight-line relation and 0 for none.
// Filters look at each descriptor on its own (no model is trained), so they are cheap, but they
// only see linear, one-descriptor-at-a-time relations.
import { DataError, ParamError } from "../core/errors";
import { XInput, YInput, columnNames, toMatrix, toVector } from "../core/input";
import { declareParams, resolveParams } from "../core/params";
import { int, nullable, number } from "../core/rules";

/** Pearson correlation of two equally long series; NaN if either is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new DataError(`pearson: series have lengths ${x.length} and ${y.length}`);
  if (x.length < 2) throw new DataError("pearson: need at least 2 values");
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

/** Ranks 1..n of the values (scipy's rankdata): tied values share the average of their ranks. */
export function rankData(values: YInput): number[] {
  const v = toVector(values, "rankData");
  const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const ranks = new Array<number>(v.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && v[order[end]] === v[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // average of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rank correlation (scipy.stats.spearmanr): Pearson's r of the ranks, so +1 / -1 when
 * one series orders the items exactly as / against the other, whatever the shape of the relation.
 */
export function spearman(x: YInput, y: YInput): number {
  const xr = rankData(x);
  const yr = rankData(y);
  if (xr.length !== yr.length) throw new DataError(`spearman: series have lengths ${xr.length} and ${yr.length}`);
  return pearson(xr, yr);
}

function columnsOf(X: number[][]): number[][] {
  return X[0].map((_, j) => X.map((row) => row[j]));
}

/** r of every column of X (rows or a DataFrame) with y (an array or a Series): one value per descriptor. */
export function correlationWithTarget(X: XInput, y: YInput): number[] {
  const Xm = toMatrix(X, "correlationWithTarget");
  const yv = toVector(y, "correlationWithTarget", Xm.length);
  return columnsOf(Xm).map((col) => pearson(col, yv));
}

/** The p×p matrix of r between every pair of columns of X (rows or a DataFrame; 1 on the diagonal). */
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

/** Options of selectByCorrelation. */
export interface CorrelationFilterOptions {
  /** Keep descriptors with |r| >= threshold (default 0). */
  threshold?: number;
  /** Keep the k descriptors with the largest |r| (applied after threshold; default null = all). */
  topK?: number | null;
}

const filterSpec = declareParams<CorrelationFilterOptions>({
  threshold: { default: 0, rule: number({ min: 0, max: 1 }), doc: "Keep descriptors with |r| >= threshold." },
  topK: { default: null, rule: nullable(int({ min: 1 })), doc: "Keep the k descriptors with the largest |r|; null keeps all." },
});

/** The descriptor names: `names` if given (one per column), else the DataFrame's columns. */
function descriptorNames(X: XInput, p: number, names: readonly string[] | undefined, who: string): readonly string[] {
  const given = names ?? columnNames(X);
  if (!given) throw new DataError(`${who}: pass the descriptor names (one per column of X), or give X as a DataFrame`);
  if (given.length !== p) throw new DataError(`${who}: ${given.length} names for ${p} columns`);
  return given;
}

/** One selected descriptor: its name, column and correlation with the target. */
export interface SelectedDescriptor {
  name: string;
  /** Column index in the input. */
  index: number;
  r: number;
}

/**
 * Ranks descriptors by |r| with the target and keeps the strongest (by threshold and/or topK).
 * Constant descriptors (r = NaN) are never kept. Returns them strongest first. `names` may be
 * left out (undefined) when X is a DataFrame: its column names are used.
 */
export function selectByCorrelation(X: XInput, y: YInput, names?: readonly string[], options: CorrelationFilterOptions = {}): SelectedDescriptor[] {
  const { threshold, topK } = resolveParams("selectByCorrelation", filterSpec, options);
  const r = correlationWithTarget(X, y);
  const labels = descriptorNames(X, r.length, names, "selectByCorrelation");
  const ranked = r
    .map((value, index) => ({ name: labels[index], index, r: value }))
    .filter((d) => Number.isFinite(d.r) && Math.abs(d.r) >= threshold)
    .sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
  return topK === null ? ranked : ranked.slice(0, topK);
}

/**
 * Removes redundancy: walks the descriptors in the given order (e.g. strongest first from
 * selectByCorrelation) and drops each one whose |r| with an already kept descriptor exceeds
 * maxR. Returns the names kept. `names` may be left out (undefined) when X is a DataFrame.
 */
export function dropCorrelated(X: XInput, names?: readonly string[], maxR = 0.95): string[] {
  if (!(typeof maxR === "number" && maxR > 0 && maxR <= 1)) throw new ParamError(`dropCorrelated: maxR must be a number in (0, 1], got ${String(maxR)}`);
  const R = correlationMatrix(X);
  const labels = descriptorNames(X, R.length, names, "dropCorrelated");
  const kept: number[] = [];
  for (let j = 0; j < labels.length; j++) {
    if (kept.every((k) => !(Math.abs(R[j][k]) > maxR))) kept.push(j);
  }
  return kept.map((j) => labels[j]);
}
