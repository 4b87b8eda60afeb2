// Principal component analysis, as scikit-learn's PCA defines it: centre the columns; the
// components are the right singular vectors of the centred data Xc = U S Vᵀ (rows of Vᵀ), which
// we get as the eigenvectors of the scatter matrix Xcᵀ Xc = V S² Vᵀ.
// Component k explains variance S_k² / (n - 1); its share of the total variance is the
// "explained variance ratio" that a scree plot shows.
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { BaseTransformer } from "../core/estimator";
import { DataError } from "../core/errors";
import { XInput, toMatrix } from "../core/input";
import { declareParams, Rule } from "../core/params";
import { custom } from "../core/rules";
import { registerEstimator } from "../core/registry";
import { dotRange } from "../linalg/cholesky";

/**
 * How many components PCA keeps, written so that a count can never be mistaken for a share:
 * an integer count >= 2, `{ count: n }` (any n >= 1), `{ varianceFraction: f }` with 0 < f < 1
 * (the fewest components whose cumulative explained-variance ratio exceeds f), or null (all,
 * min(n_samples, n_features)). A bare 1 is rejected: scikit-learn reads 1.0 as a fraction, but in
 * JavaScript 1.0 === 1.
 */
export type PCAComponents = number | { count: number } | { varianceFraction: number } | null;

/** True for `{ key: <number> }` with nothing else in the object. */
function isBox<K extends string>(v: unknown, key: K): v is Record<K, number> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Record<K, unknown>)[key] === "number";
}

const nComponentsRule: Rule = {
  ...custom(
    (v) =>
      v === null ||
      (typeof v === "number" && Number.isInteger(v) && v >= 2) ||
      (isBox(v, "count") && Number.isInteger(v.count) && v.count >= 1) ||
      (isBox(v, "varianceFraction") && v.varianceFraction > 0 && v.varianceFraction < 1),
    "an integer count >= 2, { count: n } with n >= 1, { varianceFraction: f } with 0 < f < 1, or null (all components)",
  ),
  explain: (v) => {
    if (v === 1) return "a bare 1 is ambiguous (scikit-learn reads 1.0 as all of the variance, but in JavaScript 1.0 === 1): write { count: 1 } for one component, or null for all";
    if (typeof v === "number" && v > 0 && v < 1) return `a share of the variance is written { varianceFraction: ${v} }`;
    return undefined;
  },
};

/** Options of PCA. */
export interface PCAParams {
  /** Components to keep (see PCAComponents); default null = all. */
  nComponents?: PCAComponents;
}

/**
 * Principal component analysis (scikit-learn's PCA with the full solver): the axes of largest
 * variance of the centred data, the variance along each, and projections onto them.
 */
export class PCA extends BaseTransformer<PCAParams> {
  static readonly paramSpec = declareParams<PCAParams>({
    nComponents: { default: null, rule: nComponentsRule, doc: "Components to keep: a count >= 2, { count: n }, { varianceFraction: f } or null for all." },
  });
  /** Mean of each input column (subtracted before projecting). */
  mean_!: number[];
  /** Principal axes, one row per component, each a unit vector over the input columns (loadings). */
  components_!: number[][];
  /** Variance of the data along each component. */
  explainedVariance_!: number[];
  /** Share of the total variance along each component (0 for every component when the data are constant). */
  explainedVarianceRatio_!: number[];
  /** Singular values of the centred data for the kept components. */
  singularValues_!: number[];
  /** Number of components kept. */
  nComponents_!: number;
  /** Number of training rows. */
  nSamples_!: number;

  /** Learns the components from X; returns this. */
  fit(X: XInput): this {
    this.fitScores(X);
    return this;
  }

  /** Fits and returns the training rows' scores, which the sign convention needs anyway. */
  private fitScores(X: XInput): number[][] {
    const rows = this.validateX(X, "fit", true);
    const n = rows.length;
    const p = rows[0].length;
    if (n < 2) throw new DataError(`PCA.fit: X has ${n} row; PCA needs at least 2 rows`);
    const maxK = Math.min(n, p);
    const opt = this.params.nComponents;
    // A count of components, or undefined for "all" / a variance fraction (decided after the eigenvalues).
    const count = typeof opt === "number" ? opt : isBox(opt, "count") ? opt.count : undefined;
    const fraction = isBox(opt, "varianceFraction") ? opt.varianceFraction : undefined;
    if (count !== undefined && count > maxK) {
      throw new DataError(`PCA.fit: nComponents = ${count} but at most min(n_samples, n_features) = ${maxK} components exist`);
    }

    // Centred data, stored column by column (column j is C[j*n .. j*n+n-1]).
    // Copy row by row (each input row is read once), then subtract each column's mean in place.
    const C = new Float64Array(n * p);
    const sums = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      for (let j = 0; j < p; j++) {
        const v = row[j];
        C[j * n + i] = v;
        sums[j] += v;
      }
    }
    const mean = new Array<number>(p);
    for (let j = 0; j < p; j++) {
      const o = j * n;
      const mj = sums[j] / n;
      for (let i = 0; i < n; i++) C[o + i] -= mj;
      mean[j] = mj;
    }

    // The principal axes are the eigenvectors of the scatter matrix G = Cᵀ C (p × p), with
    // eigenvalues S_k², the squared singular values of C. When there are more columns than
    // rows we diagonalise the smaller C Cᵀ (n × n) and map its eigenvectors u to axes Cᵀu / S.
    const wide = p > n;
    const m = wide ? n : p;
    const G = wide ? gram(C, p, n, true) : gram(C, n, p, false);
    let total = 0; // total variance: trace(G) / (n - 1) = sum of the column variances
    for (let t = 0; t < m; t++) total += G[t * m + t] / (n - 1);
    if (!Number.isFinite(total)) {
      throw new DataError("PCA.fit: the variance of X overflows double precision (values too large, e.g. near 1e308); rescale the columns first (e.g. StandardScaler)");
    }
    // Only a few leading axes needed: iterate on them; otherwise diagonalise G completely.
    const eig = count === undefined ? fullEigen(G, m, maxK) : leadingEigen(G, m, count);
    // Forming CᵀC squares the condition number: eigenvalues below its rounding level
    // (m · ε · λmax) are zero directions of the data (rank-deficient descriptor sets), not signal.
    const zeroLevel = m * Number.EPSILON * Math.max(eig.values[0], 0);
    eig.values = eig.values.map((v) => (v <= zeroLevel ? 0 : v));
    const variance = eig.values.map((v) => Math.max(v, 0) / (n - 1));
    // Constant data have no variance to share out: every ratio is 0 (not 0/0).
    const ratio = variance.map((v) => (total > 0 ? v / total : 0));

    let k = count ?? maxK;
    if (fraction !== undefined) {
      // Fewest components whose cumulative ratio exceeds the fraction asked for.
      let cumulative = 0;
      k = 0;
      while (k < maxK && cumulative <= fraction) cumulative += ratio[k++];
    }

    const components: number[][] = [];
    const Z: number[][] = Array.from({ length: n }, () => new Array<number>(k));
    for (let c = 0; c < k; c++) {
      let axis: number[];
      if (wide) {
        const sv = Math.sqrt(Math.max(eig.values[c], 0)) || 1;
        const u = eig.vectors[c];
        axis = Array.from({ length: p }, (_, j) => {
          let s = 0;
          for (let i = 0; i < n; i++) s += C[j * n + i] * u[i];
          return s / sv;
        });
      } else axis = Array.from(eig.vectors[c]);
      // Sign convention of scikit-learn (svd_flip): the sample with the largest |score| on
      // this component gets a positive score, so results are reproducible.
      const scores = new Float64Array(n);
      let j = 0;
      for (; j + 1 < p; j += 2) {
        // two columns per pass halves the reads and writes of `scores`
        const a0 = axis[j];
        const a1 = axis[j + 1];
        const o0 = j * n;
        const o1 = o0 + n;
        for (let i = 0; i < n; i++) scores[i] += C[o0 + i] * a0 + C[o1 + i] * a1;
      }
      if (j < p) for (let i = 0; i < n; i++) scores[i] += C[j * n + i] * axis[j];
      let best = 0;
      for (let i = 1; i < n; i++) if (Math.abs(scores[i]) > Math.abs(scores[best])) best = i;
      const sign = scores[best] < 0 ? -1 : 1;
      components.push(sign < 0 ? axis.map((v) => -v) : axis);
      for (let i = 0; i < n; i++) Z[i][c] = sign * scores[i];
    }
    this.mean_ = mean;
    this.components_ = components;
    this.explainedVariance_ = variance.slice(0, k);
    this.explainedVarianceRatio_ = ratio.slice(0, k);
    this.singularValues_ = eig.values.slice(0, k).map((v) => Math.sqrt(Math.max(v, 0)));
    this.nComponents_ = k;
    this.nSamples_ = n;
    return Z;
  }

  /**
   * Running total of explainedVarianceRatio_: entry k is the share of the variance carried by the
   * first k + 1 components (numpy's cumsum(pca.explained_variance_ratio_)).
   */
  cumulativeVarianceRatio(): number[] {
    this.checkFitted("cumulativeVarianceRatio");
    let total = 0;
    return this.explainedVarianceRatio_.map((r) => (total += r));
  }

  /** Coordinates of each row along the components (the "scores"): (X - mean) · componentsᵀ. */
  transform(X: XInput): number[][] {
    const rows = this.validateX(X, "transform", false);
    const { mean_: mean, components_: components } = this;
    const p = mean.length;
    return rows.map((r) =>
      components.map((axis) => {
        let s = 0;
        for (let j = 0; j < p; j++) s += axis[j] * (r[j] - mean[j]);
        return s;
      }),
    );
  }

  /** Fits on X and returns its scores (the same as fit(X).transform(X), without a second pass). */
  fitTransform(X: XInput): number[][] {
    try {
      return this.fitScores(X);
    } catch (e) {
      this.forgetFit(); // as for fit (made atomic by the base class): a failed fit leaves nothing behind
      throw e;
    }
  }

  /** Back from component coordinates (one column per component) to the input columns: Z · components + mean. */
  inverseTransform(Z: number[][]): number[][] {
    this.checkFitted("inverseTransform");
    const { mean_: mean, components_: components } = this;
    const rows = toMatrix(Z, "PCA.inverseTransform", components.length);
    return rows.map((z) => mean.map((m, j) => z.reduce((s, zk, k) => s + zk * components[k][j], m)));
  }
}

/** Gram matrix of the column-major n × p array C: CᵀC (p × p), or with `outer` C Cᵀ (n × n). */
function gram(C: Float64Array, n: number, p: number, outer: boolean): Float64Array {
  if (outer) {
    // C Cᵀ for a wide matrix: here n is the number of columns of C and p its rows.
    const G = new Float64Array(p * p);
    for (let j = 0; j < n; j++) {
      for (let a = 0; a < p; a++) {
        const ca = C[j * p + a];
        for (let b = 0; b <= a; b++) G[a * p + b] += ca * C[j * p + b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) G[b * p + a] = G[a * p + b];
    return G;
  }
  // Blocks of 4 rows × 2 columns of G at a time: eight dot products share every value read
  // from memory. Rows or columns past the end repeat the last one (their results are dropped).
  const G = new Float64Array(p * p);
  const last = p - 1;
  for (let a = 0; a < p; a += 4) {
    const r = [a, Math.min(a + 1, last), Math.min(a + 2, last), Math.min(a + 3, last)];
    const o0 = r[0] * n;
    const o1 = r[1] * n;
    const o2 = r[2] * n;
    const o3 = r[3] * n;
    for (let b = 0; b <= r[3]; b += 2) {
      const c0 = b;
      const c1 = Math.min(b + 1, last);
      const ob = c0 * n;
      const ob1 = c1 * n;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let i = 0; i < n; i++) {
        const xb = C[ob + i];
        const xb1 = C[ob1 + i];
        const x0 = C[o0 + i];
        const x1 = C[o1 + i];
        const x2 = C[o2 + i];
        const x3 = C[o3 + i];
        s00 += x0 * xb;
        s01 += x0 * xb1;
        s10 += x1 * xb;
        s11 += x1 * xb1;
        s20 += x2 * xb;
        s21 += x2 * xb1;
        s30 += x3 * xb;
        s31 += x3 * xb1;
      }
      const sums = [s00, s01, s10, s11, s20, s21, s30, s31];
      for (let t = 0; t < 8; t++) {
        const row = r[t >> 1];
        const col = t & 1 ? c1 : c0;
        G[row * p + col] = G[col * p + row] = sums[t];
      }
    }
  }
  return G;
}

interface Eigenpairs {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Unit eigenvectors, in the same order. */
  vectors: Float64Array[];
}

/** The k largest eigenpairs of the symmetric m × m matrix G, by complete diagonalisation. */
function fullEigen(G: Float64Array, m: number, k: number): Eigenpairs {
  const evd = new EigenvalueDecomposition(Matrix.from1DArray(m, m, G), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, t) => t).sort((a, b) => values[b] - values[a]).slice(0, k);
  return { values: order.map((t) => values[t]), vectors: order.map((t) => Float64Array.from(evd.eigenvectorMatrix.getColumn(t))) };
}

/**
 * The k largest eigenpairs of the symmetric m × m matrix G by subspace iteration: repeatedly
 * multiply a block of a few more than k vectors by G (the leading directions grow fastest),
 * re-orthonormalise, and diagonalise G within the block (Rayleigh–Ritz). Much cheaper than a
 * full diagonalisation when k is small; falls back to it if convergence is slow. Blocks are
 * stored flat: vector c of a block is block[c*m .. c*m+m-1].
 */
function leadingEigen(G: Float64Array, m: number, k: number): Eigenpairs {
  const b = Math.min(m, k + 2);
  if (b >= m / 2) return fullEigen(G, m, k);
  // Start from the unit vectors of the b largest diagonal entries (the largest-variance columns).
  const diag = Array.from({ length: m }, (_, t) => t).sort((x, y) => G[y * m + y] - G[x * m + x]);
  const W = new Float64Array(m * b);
  for (let c = 0; c < b; c++) W[c * m + diag[c]] = 1;
  const Z = new Float64Array(m * b);
  const V = new Float64Array(m * b);
  const GV = new Float64Array(m * b);
  const H = new Float64Array(b * b);
  for (let iter = 0; iter < 500; iter++) {
    // Z = G W
    for (let c = 0; c < b; c++) for (let a = 0; a < m; a++) Z[c * m + a] = dotRange(G, a * m, W, c * m, m);
    // Rayleigh–Ritz: H = Wᵀ G W = U Θ Uᵀ; the Ritz vectors W U approximate eigenvectors.
    for (let x = 0; x < b; x++) for (let y = 0; y <= x; y++) H[x * b + y] = H[y * b + x] = dotRange(W, x * m, Z, y * m, m);
    const { values: theta, vectors: U } = jacobiEigen(H, b);
    V.fill(0);
    GV.fill(0);
    for (let c = 0; c < b; c++) {
      const vc = c * m;
      for (let x = 0; x < b; x++) {
        const u = U[c][x];
        const wx = x * m;
        for (let t = 0; t < m; t++) {
          V[vc + t] += u * W[wx + t];
          GV[vc + t] += u * Z[wx + t];
        }
      }
    }
    let worst = 0;
    for (let c = 0; c < k; c++) {
      let r = 0;
      for (let t = 0; t < m; t++) {
        const e = GV[c * m + t] - theta[c] * V[c * m + t];
        r += e * e;
      }
      worst = Math.max(worst, Math.sqrt(r));
    }
    if (worst <= 1e-13 * Math.abs(theta[0])) {
      return { values: theta.slice(0, k), vectors: Array.from({ length: k }, (_, c) => V.slice(c * m, (c + 1) * m)) };
    }
    W.set(GV);
    orthonormalise(W, b, m);
  }
  return fullEigen(G, m, k);
}

/** Modified Gram–Schmidt on the b vectors of a flat block, done twice for orthogonality to rounding error. */
function orthonormalise(Q: Float64Array, b: number, m: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let x = 0; x < b; x++) {
      for (let y = 0; y < x; y++) {
        const c = dotRange(Q, x * m, Q, y * m, m);
        for (let t = 0; t < m; t++) Q[x * m + t] -= c * Q[y * m + t];
      }
      const norm = Math.sqrt(dotRange(Q, x * m, Q, x * m, m)) || 1;
      for (let t = 0; t < m; t++) Q[x * m + t] /= norm;
    }
  }
}

/** All eigenpairs of a small symmetric b × b matrix by cyclic Jacobi rotations, largest first. */
function jacobiEigen(Hin: Float64Array, b: number): { values: number[]; vectors: Float64Array[] } {
  const H = Float64Array.from(Hin);
  const V = new Float64Array(b * b);
  for (let t = 0; t < b; t++) V[t * b + t] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let norm = 0;
    for (let x = 0; x < b; x++) for (let y = 0; y < b; y++) (x === y ? (norm += H[x * b + y] ** 2) : (off += H[x * b + y] ** 2));
    if (off <= 1e-30 * norm) break;
    for (let x = 0; x < b - 1; x++) {
      for (let y = x + 1; y < b; y++) {
        const hxy = H[x * b + y];
        if (hxy === 0) continue;
        // Rotation angle that zeroes H[x][y].
        const tau = (H[y * b + y] - H[x * b + x]) / (2 * hxy);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let z = 0; z < b; z++) {
          const hzx = H[z * b + x];
          const hzy = H[z * b + y];
          H[z * b + x] = c * hzx - s * hzy;
          H[z * b + y] = s * hzx + c * hzy;
        }
        for (let z = 0; z < b; z++) {
          const hxz = H[x * b + z];
          const hyz = H[y * b + z];
          H[x * b + z] = c * hxz - s * hyz;
          H[y * b + z] = s * hxz + c * hyz;
        }
        for (let z = 0; z < b; z++) {
          const vzx = V[z * b + x];
          const vzy = V[z * b + y];
          V[z * b + x] = c * vzx - s * vzy;
          V[z * b + y] = s * vzx + c * vzy;
        }
      }
    }
  }
  const order = Array.from({ length: b }, (_, t) => t).sort((x, y) => H[y * b + y] - H[x * b + x]);
  return {
    values: order.map((t) => H[t * b + t]),
    vectors: order.map((t) => Float64Array.from({ length: b }, (_, z) => V[z * b + t])),
  };
}

registerEstimator(PCA);
