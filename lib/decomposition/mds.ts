// Metric multidimensional scaling (MDS) by SMACOF, as scikit-learn's MDS(metric=True) does it:
// find 2-D points whose pairwise distances d_ij(Y) match the input dissimilarities δ_ij
// (Euclidean distances between descriptor rows) by minimising the raw stress
//   σ(Y) = Σ_{i<j} (d_ij(Y) − δ_ij)².
// Each SMACOF step is the Guttman transform Y ← B(Y)·Y / n with
//   B_ij = −δ_ij / d_ij(Y) (i ≠ j),  B_ii = −Σ_{j≠i} B_ij,
// which never increases the stress. The start is random (seeded); the best of `nInit` runs is
// kept. Unlike PCA, MDS tries to keep all distances, not only the directions of large variance.
import { BaseEstimator } from "../core/estimator";
import { DataError } from "../core/errors";
import { XInput } from "../core/input";
import { declareParams } from "../core/params";
import { int, number, oneOf } from "../core/rules";
import { registerEstimator } from "../core/registry";
import { Random } from "../core/random";

/** Options of MDS. */
export interface MDSParams {
  /** Output dimensions (default 2). */
  nComponents?: number;
  /** Independent random starts; the lowest stress wins (default 4). */
  nInit?: number;
  /** Most SMACOF iterations per start (default 300). */
  maxIter?: number;
  /** Stop when the normalised stress improves by less than eps (default 1e-3). */
  eps?: number;
  /** "euclidean" (default): X holds features; "precomputed": X is the dissimilarity matrix. */
  dissimilarity?: "euclidean" | "precomputed";
  /** Seed for the random starts (default 0). */
  seed?: number;
}

/** The result of one SMACOF run. */
interface SmacofRun {
  embedding: number[][];
  stress: number;
  nIter: number;
}

/**
 * Metric multidimensional scaling by SMACOF (scikit-learn's MDS). Like scikit-learn's, it only
 * maps the rows it is fitted on (there is no transform for new rows): use fitTransform(X) or
 * fit(X).embedding_. Its estimatorType is "transformer".
 */
export class MDS extends BaseEstimator<MDSParams> {
  static readonly paramSpec = declareParams<MDSParams>({
    nComponents: { default: 2, rule: int({ min: 1 }), doc: "Output dimensions." },
    nInit: { default: 4, rule: int({ min: 1 }), doc: "Independent random starts; the lowest stress wins." },
    maxIter: { default: 300, rule: int({ min: 1 }), doc: "Most SMACOF iterations per start." },
    eps: { default: 1e-3, rule: number({ min: 0 }), doc: "Stop when the normalised stress improves by less than eps." },
    dissimilarity: { default: "euclidean", rule: oneOf("euclidean", "precomputed"), doc: '"euclidean": X holds features; "precomputed": X is the dissimilarity matrix.' },
    seed: { default: 0, rule: int(), doc: "Seed for the random starts." },
  });
  readonly estimatorType = "transformer" as const;
  /** The map: one row of nComponents coordinates per input row. */
  embedding_!: number[][];
  /** Raw stress Σ_{i<j} (d_ij − δ_ij)² of the kept run. */
  stress_!: number;
  /**
   * Normalized stress ("stress-1", scikit-learn's normalized_stress): √(σ / Σ_{i<j} δ_ij²), the
   * typical misfit of a distance relative to the dissimilarities; 0 is a perfect map, and maps
   * under about 0.1 are usually read as good.
   */
  stress1_!: number;
  /** SMACOF iterations of the kept run. */
  nIter_!: number;

  /** Finds the map of X's rows; returns this. */
  fit(X: XInput): this {
    const rows = this.validateX(X, "fit", true);
    const n = rows.length;
    if (n < 2) throw new DataError(`MDS.fit: X has ${n} row; MDS needs at least 2 rows`);
    const delta = this.params.dissimilarity === "precomputed" ? checkedDissimilarities(rows) : euclidean(rows);
    let sumDelta2 = 0; // Σ_{i<j} δ_ij²
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) sumDelta2 += delta[i * n + j] ** 2;
    if (!Number.isFinite(sumDelta2)) throw new DataError("MDS.fit: the squared dissimilarities overflow double precision (values too large); rescale X first");
    if (sumDelta2 === 0) throw new DataError("MDS.fit: every dissimilarity is 0 (all rows are the same); there is nothing to map");
    const rng = new Random(this.params.seed);
    let best: SmacofRun | undefined;
    for (let run = 0; run < this.params.nInit; run++) {
      const result = this.smacof(delta, n, rng);
      if (!best || result.stress < best.stress) best = result;
    }
    const kept = best as SmacofRun;
    this.embedding_ = kept.embedding;
    this.stress_ = kept.stress;
    this.stress1_ = Math.sqrt(kept.stress / sumDelta2);
    this.nIter_ = kept.nIter;
    return this;
  }

  /** Fits and returns the map (embedding_). */
  fitTransform(X: XInput): number[][] {
    return this.fit(X).embedding_;
  }

  private smacof(delta: Float64Array, n: number, rng: Random): SmacofRun {
    const dim = this.params.nComponents;
    let Y = new Float64Array(n * dim);
    for (let t = 0; t < Y.length; t++) Y[t] = rng.next(); // uniform start in [0, 1), as scikit-learn
    const next = new Float64Array(n * dim);
    const rowSum = new Float64Array(n);
    let previous: number | undefined;
    let stress = 0;
    let it = 0;
    for (; it < this.params.maxIter; it++) {
      // One pass over the pairs: distances of the current map, the stress, and the Guttman
      // transform Y_new_i = (1/n) [ (Σ_j r_ij) y_i − Σ_j r_ij y_j ] with r_ij = δ_ij / d_ij.
      stress = 0;
      next.fill(0);
      rowSum.fill(0);
      if (dim === 2) stress = guttman2D(Y, delta, n, next, rowSum);
      else for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          let d2 = 0;
          for (let k = 0; k < dim; k++) {
            const d = Y[i * dim + k] - Y[j * dim + k];
            d2 += d * d;
          }
          const d = Math.sqrt(d2);
          const target = delta[i * n + j];
          stress += (d - target) ** 2;
          const r = target / (d === 0 ? 1e-5 : d);
          rowSum[i] += r;
          rowSum[j] += r;
          for (let k = 0; k < dim; k++) {
            next[i * dim + k] -= r * Y[j * dim + k];
            next[j * dim + k] -= r * Y[i * dim + k];
          }
        }
      }
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < dim; k++) next[i * dim + k] = (next[i * dim + k] + rowSum[i] * Y[i * dim + k]) / n;
      }
      Y = Float64Array.from(next);
      // scikit-learn's stopping rule: stress relative to the size of the map.
      let size = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += Y[i * dim + k] ** 2;
        size += Math.sqrt(s);
      }
      if (previous !== undefined && previous - stress / size < this.params.eps) break;
      previous = stress / size;
    }
    const embedding: number[][] = [];
    for (let i = 0; i < n; i++) embedding.push(Array.from(Y.subarray(i * dim, (i + 1) * dim)));
    return { embedding, stress, nIter: Math.min(it + 1, this.params.maxIter) };
  }
}

/** Pairwise Euclidean distances, n × n row-major. */
function euclidean(rows: number[][]): Float64Array {
  const n = rows.length;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let t = 0; t < rows[i].length; t++) s += (rows[i][t] - rows[j][t]) ** 2;
      D[i * n + j] = D[j * n + i] = Math.sqrt(s);
    }
  }
  return D;
}

/** A precomputed dissimilarity matrix, checked: square, symmetric, non-negative, zero diagonal. */
function checkedDissimilarities(rows: number[][]): Float64Array {
  const n = rows.length;
  if (rows[0].length !== n) throw new DataError(`MDS.fit: a precomputed dissimilarity matrix must be square, got ${n} × ${rows[0].length}`);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (rows[i][i] !== 0) throw new DataError(`MDS.fit: the dissimilarity of row ${i} to itself is ${rows[i][i]}, not 0`);
    for (let j = 0; j < n; j++) {
      if (rows[i][j] < 0) throw new DataError(`MDS.fit: the dissimilarity matrix has a negative entry at (${i}, ${j}): ${rows[i][j]}`);
      if (Math.abs(rows[i][j] - rows[j][i]) > 1e-12 * Math.max(1, Math.abs(rows[i][j]))) throw new DataError(`MDS.fit: the dissimilarity matrix is not symmetric at (${i}, ${j})`);
      D[i * n + j] = rows[i][j];
    }
  }
  return D;
}

/**
 * The pair loop of one SMACOF step for 2-D maps (the usual case), with point i's coordinates
 * and sums kept in local variables; returns the stress and fills `next` and `rowSum`.
 */
function guttman2D(Y: Float64Array, delta: Float64Array, n: number, next: Float64Array, rowSum: Float64Array): number {
  let stress = 0;
  for (let i = 0; i < n; i++) {
    const xi = Y[2 * i];
    const yi = Y[2 * i + 1];
    let sx = 0;
    let sy = 0;
    let rs = 0;
    for (let j = 0; j < i; j++) {
      const dx = xi - Y[2 * j];
      const dy = yi - Y[2 * j + 1];
      const d = Math.sqrt(dx * dx + dy * dy);
      const target = delta[i * n + j];
      stress += (d - target) * (d - target);
      const r = target / (d === 0 ? 1e-5 : d);
      rs += r;
      rowSum[j] += r;
      sx -= r * Y[2 * j];
      sy -= r * Y[2 * j + 1];
      next[2 * j] -= r * xi;
      next[2 * j + 1] -= r * yi;
    }
    rowSum[i] += rs;
    next[2 * i] += sx;
    next[2 * i + 1] += sy;
  }
  return stress;
}

registerEstimator(MDS);
