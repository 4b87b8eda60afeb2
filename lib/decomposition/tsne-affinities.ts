// The input similarities p_ij of t-SNE, two ways (scikit-learn's _joint_probabilities and
// _joint_probabilities_nn):
//   exact:      every pair; a condensed array over i < j (method "exact").
//   neighbours: only the ⌊3·perplexity + 1⌋ nearest neighbours of each row; a list of the pairs
//               i < j that are neighbours one way or the other (method "barnes_hut").
// Both calibrate, row by row, a Gaussian over the squared distances whose perplexity 2^H(P_i)
// equals `perplexity`, then symmetrise p_ij = (p_j|i + p_i|j) / Σ and normalise to sum 1.
import { DataError } from "../core/errors";

const MACHINE_EPSILON = 2.220446049250313e-16;

/**
 * The symmetric p_ij of the pairs i < j that are neighbours (either way), one entry per pair,
 * grouped by i: row i's pairs are the entries start[i] … start[i+1]−1.
 */
export interface SparseAffinities {
  /** Number of rows. */
  n: number;
  /** Where each row's pairs begin (n + 1 entries). */
  start: Int32Array;
  /** The other row j (> i) of each pair. */
  j: Int32Array;
  /** p_ij; over both orders (i, j) and (j, i) the entries sum to 1. */
  p: Float64Array;
}

/**
 * Bisection on the Gaussian precision β of one row (scikit-learn's _binary_search_perplexity):
 * writes p_j|i = exp(−β d_j) / Σ_k exp(−β d_k) into `out` for every j but `self`, with β such that
 * the entropy of the row is log(perplexity) within 1e-5 (at most 100 halvings).
 */
function calibrateRow(d: Float64Array, self: number, target: number, out: Float64Array): void {
  const m = d.length;
  let beta = 1;
  let lo = -Infinity;
  let hi = Infinity;
  for (let step = 0; step < 100; step++) {
    let sumP = 0;
    let sumDP = 0;
    for (let j = 0; j < m; j++) {
      if (j === self) continue;
      const v = Math.exp(-d[j] * beta);
      out[j] = v;
      sumP += v;
      sumDP += d[j] * v;
    }
    if (sumP === 0) sumP = 1e-8;
    for (let j = 0; j < m; j++) out[j] /= sumP;
    const entropy = Math.log(sumP) + (beta * sumDP) / sumP;
    const diff = entropy - target;
    if (Math.abs(diff) <= 1e-5) break;
    if (diff > 0) {
      lo = beta; // too many neighbours: narrow the Gaussian
      beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
    }
  }
}

function overflow(who: string, i: number, j: number): DataError {
  return new DataError(`${who}: the squared distance of rows ${i} and ${j} overflows double precision (values too large); rescale X first`);
}

/** The rows as one flat array, checked for finite squared distances later. */
function flatten(rows: number[][]): Float64Array {
  const p = rows[0].length;
  const X = new Float64Array(rows.length * p);
  rows.forEach((r, i) => X.set(r, i * p));
  return X;
}

/**
 * Exact affinities of all pairs i < j in row order (0,1), (0,2), …, (1,2), … (scipy's "condensed"
 * order), each at least machine epsilon (scikit-learn's _joint_probabilities). O(n²) time and memory.
 */
export function exactAffinities(rows: number[][], perplexity: number, who: string): Float64Array {
  const n = rows.length;
  const p = rows[0].length;
  const D = new Float64Array(n * n); // squared Euclidean distances
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = rows[i][t] - rows[j][t];
        s += d * d;
      }
      if (!Number.isFinite(s)) throw overflow(who, i, j);
      D[i * n + j] = D[j * n + i] = s;
    }
  }
  const target = Math.log(perplexity);
  const cond = new Float64Array(n * n);
  for (let i = 0; i < n; i++) calibrateRow(D.subarray(i * n, (i + 1) * n), i, target, cond.subarray(i * n, (i + 1) * n));
  const P = new Float64Array((n * (n - 1)) / 2);
  let total = 0;
  for (let i = 0, t = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, t++) {
      P[t] = cond[i * n + j] + cond[j * n + i];
      total += 2 * P[t];
    }
  }
  for (let t = 0; t < P.length; t++) P[t] = Math.max(P[t] / Math.max(total, MACHINE_EPSILON), MACHINE_EPSILON);
  return P;
}

/**
 * Offers (d, j) to one row's max-heap of its k nearest so far, hd/hi[base … base + k), which holds
 * c entries with the farthest (ties: the higher index) on top; returns the new count.
 */
function offer(hd: Float64Array, hi: Int32Array, base: number, k: number, c: number, d: number, j: number): number {
  let at: number;
  if (c < k) {
    // Room left: sift the new entry up from the end.
    at = c++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (hd[base + up] > d || (hd[base + up] === d && hi[base + up] > j)) break;
      hd[base + at] = hd[base + up];
      hi[base + at] = hi[base + up];
      at = up;
    }
  } else {
    // Full: the new entry replaces the top and sinks.
    at = 0;
    for (;;) {
      let big = 2 * at + 1;
      if (big >= k) break;
      if (big + 1 < k && (hd[base + big + 1] > hd[base + big] || (hd[base + big + 1] === hd[base + big] && hi[base + big + 1] > hi[base + big]))) big++;
      if (hd[base + big] < d || (hd[base + big] === d && hi[base + big] < j)) break;
      hd[base + at] = hd[base + big];
      hi[base + at] = hi[base + big];
      at = big;
    }
  }
  hd[base + at] = d;
  hi[base + at] = j;
  return c;
}

/**
 * The k nearest neighbours of every row (itself excluded), by brute force over the n(n−1)/2
 * pairs: O(n²·p) time, O(n·k) memory. Row i's neighbours are index[i·k … i·k+k−1], nearest
 * first, ties broken by the lower row number; dist2 holds their squared distances.
 */
export function nearestNeighbours(rows: number[][], k: number, who: string): { index: Int32Array; dist2: Float64Array } {
  const n = rows.length;
  const p = rows[0].length;
  const X = flatten(rows);
  const hd = new Float64Array(n * k);
  const hi = new Int32Array(n * k);
  const count = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    const oi = i * p;
    for (let j = 0; j < i; j++) {
      const oj = j * p;
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = X[oi + t] - X[oj + t];
        s += d * d;
      }
      if (!Number.isFinite(s)) throw overflow(who, i, j);
      // Cheap rejection first: most pairs are farther than both rows' current k-th neighbour.
      if (count[i] < k || s < hd[i * k] || (s === hd[i * k] && j < hi[i * k])) count[i] = offer(hd, hi, i * k, k, count[i], s, j);
      if (count[j] < k || s < hd[j * k] || (s === hd[j * k] && i < hi[j * k])) count[j] = offer(hd, hi, j * k, k, count[j], s, i);
    }
  }
  // Each heap sorted nearest first.
  const index = new Int32Array(n * k);
  const dist2 = new Float64Array(n * k);
  const order = Array.from({ length: k }, (_, t) => t);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    order.sort((a, b) => hd[base + a] - hd[base + b] || hi[base + a] - hi[base + b]);
    order.forEach((t, r) => {
      index[base + r] = hi[base + t];
      dist2[base + r] = hd[base + t];
    });
  }
  return { index, dist2 };
}

/**
 * Affinities from the ⌊3·perplexity + 1⌋ (at most n − 1) nearest neighbours of each row
 * (scikit-learn's Barnes–Hut path): p_j|i over row i's neighbours only, then
 * p_ij = (p_j|i + p_i|j) / Σ over the union of both neighbour lists.
 */
export function neighbourAffinities(rows: number[][], perplexity: number, who: string): SparseAffinities {
  const n = rows.length;
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const { index, dist2 } = nearestNeighbours(rows, k, who);
  const target = Math.log(perplexity);
  const cond = new Float64Array(n * k);
  for (let i = 0; i < n; i++) calibrateRow(dist2.subarray(i * k, (i + 1) * k), -1, target, cond.subarray(i * k, (i + 1) * k));
  // Symmetrise: for every unordered pair {a, b} that is a neighbour pair either way, sum both
  // conditionals. Entries are bucketed by their smaller row (counting sort), then merged by the other.
  const lowCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) for (let r = 0; r < k; r++) lowCount[Math.min(i, index[i * k + r]) + 1]++;
  for (let a = 0; a < n; a++) lowCount[a + 1] += lowCount[a];
  const fill = lowCount.slice(0, n);
  const other = new Int32Array(n * k);
  const value = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      const j = index[i * k + r];
      const a = Math.min(i, j);
      const slot = fill[a]++;
      other[slot] = Math.max(i, j);
      value[slot] = cond[i * k + r];
    }
  }
  const start = new Int32Array(n + 1);
  const pj = new Int32Array(n * k);
  const pv = new Float64Array(n * k);
  let pairs = 0;
  let total = 0;
  const seen = new Int32Array(n).fill(-1); // seen[b]: where the pair (a, b) is, if row a has met b
  for (let a = 0; a < n; a++) {
    start[a] = pairs;
    for (let s = lowCount[a]; s < lowCount[a + 1]; s++) {
      const b = other[s];
      if (seen[b] >= start[a]) pv[seen[b]] += value[s];
      else {
        seen[b] = pairs;
        pj[pairs] = b;
        pv[pairs++] = value[s];
      }
      total += 2 * value[s];
    }
  }
  start[n] = pairs;
  const norm = Math.max(total, MACHINE_EPSILON);
  for (let t = 0; t < pairs; t++) pv[t] /= norm;
  // Each row's pairs in increasing j (insertion sort: rows hold about k to 2k pairs).
  for (let a = 0; a < n; a++) {
    for (let t = start[a] + 1; t < start[a + 1]; t++) {
      const b = pj[t];
      const v = pv[t];
      let u = t - 1;
      for (; u >= start[a] && pj[u] > b; u--) {
        pj[u + 1] = pj[u];
        pv[u + 1] = pv[u];
      }
      pj[u + 1] = b;
      pv[u + 1] = v;
    }
  }
  return { n, start, j: pj.slice(0, pairs), p: pv.slice(0, pairs) };
}
