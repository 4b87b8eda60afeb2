// Dense Cholesky-based linear algebra (Gaussian processes, ridge, kernel ridge), in Float64 on flat
// row-major Float64Arrays (entry (i, j) of an n×m matrix is data[i * m + j]). Loops are written
// so that the innermost one walks contiguous memory: that is what makes them fast in JavaScript.

/** A dense row-major matrix of doubles. */
export interface DenseMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function denseMatrix(rows: number, cols: number, data?: Float64Array): DenseMatrix {
  return { rows, cols, data: data ?? new Float64Array(rows * cols) };
}

/** number[][] → DenseMatrix (copies). */
export function fromRows(X: readonly (readonly number[])[]): DenseMatrix {
  const n = X.length;
  const p = n ? X[0].length : 0;
  const out = denseMatrix(n, p);
  for (let i = 0; i < n; i++) out.data.set(X[i], i * p);
  return out;
}

/** DenseMatrix → number[][] (copies). */
export function toRows(A: DenseMatrix): number[][] {
  const out: number[][] = new Array(A.rows);
  for (let i = 0; i < A.rows; i++) out[i] = Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols));
  return out;
}

/**
 * Σ_k a[ia + k] · b[ib + k] for k < len. Four running sums instead of one let the processor
 * overlap the additions (about twice as fast in V8).
 */
export function dotRange(a: Float64Array, ia: number, b: Float64Array, ib: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[ia + k] * b[ib + k];
    s1 += a[ia + k + 1] * b[ib + k + 1];
    s2 += a[ia + k + 2] * b[ib + k + 2];
    s3 += a[ia + k + 3] * b[ib + k + 3];
  }
  for (; k < len; k++) s0 += a[ia + k] * b[ib + k];
  return s0 + s1 + s2 + s3;
}

/**
 * Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric positive-definite n×n matrix,
 * returned as a new row-major array with zeros above the diagonal. Returns null when a pivot is
 * not positive (the matrix is not positive definite in floating point).
 *
 * Row-oriented (Cholesky–Crout) form: L[i][j] = (A[i][j] − Σ_k<j L[i][k] L[j][k]) / L[j][j],
 * so the inner sum is a dot product of two contiguous rows.
 */
export function choleskyFactor(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      // A[i][j] minus the dot product of rows i and j of L over k < j
      const s = A[ri + j] - dotRange(L, ri, L, rj, j);
      if (i === j) {
        if (!(s > 0)) return null;
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
  return L;
}

/** Solves L x = b in place (forward substitution), L lower triangular n×n. */
export function solveLower(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[ri + k] * b[k];
    b[i] = s / L[ri + i];
  }
  return b;
}

/** Solves Lᵀ x = b in place (back substitution). */
export function solveUpperT(L: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    b[i] /= L[i * n + i];
    const bi = b[i];
    // column i of Lᵀ above the diagonal is row i of L left of the diagonal
    for (let k = 0; k < i; k++) b[k] -= L[i * n + k] * bi;
  }
  return b;
}

/** x = A⁻¹ b for A = L Lᵀ (a copy of b is solved). */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  solveLower(L, n, x);
  solveUpperT(L, n, x);
  return x;
}

/**
 * A⁻¹ from its Cholesky factor, as a full symmetric n×n array. Two triangular passes:
 * first M = L⁻¹ stored transposed (row i of Mt is column i of L⁻¹), then
 * A⁻¹[i][j] = Σ_k L⁻¹[k][i] L⁻¹[k][j] = dot(Mt row i, Mt row j) over k ≥ max(i, j).
 * With upperOnly the entries below the diagonal are left 0 (saves strided writes when the caller
 * only reads j ≥ i).
 */
export function choleskyInverse(L: Float64Array, n: number, upperOnly = false): Float64Array {
  // Mt[i][k] = (L⁻¹)[k][i], nonzero for k ≥ i. Column i of L⁻¹ solves L x = e_i.
  const Mt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    Mt[ri + i] = 1 / L[i * n + i];
    for (let k = i + 1; k < n; k++) {
      const rk = k * n;
      Mt[ri + k] = -dotRange(L, rk + i, Mt, ri + i, k - i) / L[rk + k];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = i; j < n; j++) {
      const rj = j * n;
      const s = dotRange(Mt, ri + j, Mt, rj + j, n - j);
      inv[ri + j] = s;
      if (!upperOnly) inv[rj + i] = s;
    }
  }
  return inv;
}

/** Σ log L[i][i]: half the log-determinant of A = L Lᵀ. */
export function halfLogDet(L: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(L[i * n + i]);
  return s;
}

export interface CholeskyResult {
  L: Float64Array;
  /** The jitter that had to be added to the diagonal (0 when none was needed). */
  jitter: number;
}

/**
 * Cholesky with jitter: tries A as given, then A + εI with ε = 1e-10·mean(diag), growing ×10 up
 * to `maxTries` times. Throws a clear error when even that fails (the kernel matrix is not
 * positive definite: duplicate rows with alpha = 0, NaN hyperparameters...).
 */
export function choleskyWithJitter(A: Float64Array, n: number, maxTries = 5, who = "cholesky"): CholeskyResult {
  let L = choleskyFactor(A, n);
  if (L) return { L, jitter: 0 };
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += A[i * n + i];
  meanDiag = Math.abs(meanDiag / n) || 1;
  let jitter = 1e-10 * meanDiag;
  const B = Float64Array.from(A);
  for (let t = 0; t < maxTries; t++, jitter *= 10) {
    for (let i = 0; i < n; i++) B[i * n + i] = A[i * n + i] + jitter;
    L = choleskyFactor(B, n);
    if (L) return { L, jitter };
  }
  throw new Error(
    `${who}: the ${n}×${n} kernel matrix is not positive definite, even with jitter ${(jitter / 10).toExponential(1)} on the diagonal. ` +
      `Increase alpha (the noise added to the diagonal) or check for duplicate training rows and extreme hyperparameters.`,
  );
}
