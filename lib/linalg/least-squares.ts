// Least squares for the linear models and a positive-definite solve for ridge and kernel ridge.
// Matrices are Float64Arrays: column-major for least squares (each descriptor's column is
// contiguous, which is what the inner loops walk along), row-major for the symmetric systems.
import { choleskyFactor, choleskySolve } from "./cholesky";

/** Result of a least-squares solve. */
export interface LeastSquaresSolution {
  /** The minimum-norm solution x of min ||A x - b||. */
  x: Float64Array;
  /** Numerical rank of A: directions weaker than rcond times the strongest count as zero. */
  rank: number;
}

/**
 * Minimum-norm least squares, min ||A x - b||², for A of n rows and p columns stored column-major
 * (A and b are not modified). Route, as LAPACK's gelsy:
 *   1. Householder QR with column pivoting, A P = Q R: at each step the remaining column with the
 *      largest norm is eliminated next, so the diagonal of R falls off roughly like the singular
 *      values. We stop when every remaining column is below rcond times the first pivot: those
 *      columns are (numerically) combinations of the ones already taken. This is what makes
 *      rank-deficient descriptor sets (site fractions summing to 1, elemental descriptors that are
 *      averages over those fractions) give a well-defined answer, and it saves work.
 *   2. Full rank: back substitution R x = Qᵀ b. Rank r < p: the r×p block [R11 R12] has many
 *      solutions; a second QR (of its transpose) picks the one with the smallest ||x||, which is
 *      scikit-learn's convention (a "complete orthogonal decomposition").
 */
export function leastSquares(A: Float64Array, n: number, p: number, b: ArrayLike<number>, rcond?: number): LeastSquaresSolution {
  const cutoff = rcond ?? Number.EPSILON * Math.max(n, p); // numpy.linalg.lstsq's default
  const R = new Float64Array(A); // becomes R above the diagonal, reflectors below
  const c = Float64Array.from(b as ArrayLike<number>); // becomes Qᵀ b
  const perm = Array.from({ length: p }, (_, j) => j);
  const norm2 = new Float64Array(p); // squared norms of the not-yet-eliminated part of each column
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += R[j * n + i] * R[j * n + i];
    norm2[j] = s;
  }
  const steps = Math.min(n, p);
  let firstPivot = 0;
  let rank = 0;
  for (let k = 0; k < steps; k++) {
    // Pivot: bring the strongest remaining column to position k.
    let q = k;
    for (let j = k + 1; j < p; j++) if (norm2[j] > norm2[q]) q = j;
    if (k === 0) firstPivot = Math.sqrt(norm2[q]);
    if (!(Math.sqrt(norm2[q]) > cutoff * firstPivot) || norm2[q] === 0) break;
    if (q !== k) {
      for (let i = 0; i < n; i++) {
        const t = R[k * n + i];
        R[k * n + i] = R[q * n + i];
        R[q * n + i] = t;
      }
      [perm[k], perm[q]] = [perm[q], perm[k]];
      [norm2[k], norm2[q]] = [norm2[q], norm2[k]];
    }
    // Householder reflector H = I - v vᵀ · 2/||v||² that zeroes R[k+1.., k].
    const col = k * n;
    const s = norm2[k]; // = Σ_{i>=k} R[i][k]², kept up to date below
    const alpha = R[col + k] > 0 ? -Math.sqrt(s) : Math.sqrt(s);
    const vNorm2 = 2 * (s - alpha * R[col + k]); // ||x - alpha e1||²
    R[col + k] -= alpha;
    const scale = 2 / vNorm2;
    // Apply H to the remaining columns (updating their norms below row k on the way) and to c.
    for (let j = k + 1; j < p; j++) {
      const cj = j * n;
      // Two partial sums: independent additions run in parallel on the CPU (~2x faster).
      let dot0 = 0;
      let dot1 = 0;
      let i = k;
      for (; i + 1 < n; i += 2) {
        dot0 += R[col + i] * R[cj + i];
        dot1 += R[col + i + 1] * R[cj + i + 1];
      }
      if (i < n) dot0 += R[col + i] * R[cj + i];
      const f = (dot0 + dot1) * scale;
      R[cj + k] -= f * R[col + k];
      let rest0 = 0;
      let rest1 = 0;
      for (i = k + 1; i + 1 < n; i += 2) {
        const v0 = R[cj + i] - f * R[col + i];
        const v1 = R[cj + i + 1] - f * R[col + i + 1];
        R[cj + i] = v0;
        R[cj + i + 1] = v1;
        rest0 += v0 * v0;
        rest1 += v1 * v1;
      }
      if (i < n) {
        const v = R[cj + i] - f * R[col + i];
        R[cj + i] = v;
        rest0 += v * v;
      }
      norm2[j] = rest0 + rest1;
    }
    let dot = 0;
    for (let i = k; i < n; i++) dot += R[col + i] * c[i];
    const f = dot * scale;
    for (let i = k; i < n; i++) c[i] -= f * R[col + i];
    R[col + k] = alpha; // the diagonal of R (the reflector's first entry is no longer needed)
    rank = k + 1;
  }

  const xPivoted = new Float64Array(p);
  if (rank === p) {
    // Unique solution: back substitution with the triangular R.
    for (let i = p - 1; i >= 0; i--) {
      let sum = c[i];
      for (let j = i + 1; j < p; j++) sum -= R[j * n + i] * xPivoted[j];
      xPivoted[i] = sum / R[i * n + i];
    }
  } else if (rank > 0) {
    // The r×p block M = [R11 R12] has full row rank; its minimum-norm solution comes from a QR
    // factorization of Mᵀ = Q̃ R̃:  M x = c  ⇔  R̃ᵀ (Q̃ᵀ x) = c, and ||x|| is smallest with
    // Q̃ᵀ x = [z; 0], where R̃ᵀ z = c (forward substitution).
    const r = rank;
    const T = new Float64Array(p * r); // Mᵀ, column-major: column i is row i of M
    for (let i = 0; i < r; i++) for (let j = i; j < p; j++) T[i * p + j] = R[j * n + i];
    const diagT = new Float64Array(r);
    const scales = new Float64Array(r);
    for (let k = 0; k < r; k++) {
      const col = k * p;
      let s = 0;
      for (let j = k; j < p; j++) s += T[col + j] * T[col + j];
      const alpha = T[col + k] > 0 ? -Math.sqrt(s) : Math.sqrt(s);
      const vNorm2 = 2 * (s - alpha * T[col + k]);
      T[col + k] -= alpha;
      scales[k] = vNorm2 > 0 ? 2 / vNorm2 : 0;
      diagT[k] = alpha;
      for (let i = k + 1; i < r; i++) {
        const ci = i * p;
        let dot = 0;
        for (let j = k; j < p; j++) dot += T[col + j] * T[ci + j];
        const f = dot * scales[k];
        for (let j = k; j < p; j++) T[ci + j] -= f * T[col + j];
      }
    }
    for (let i = 0; i < r; i++) {
      let sum = c[i];
      for (let k = 0; k < i; k++) sum -= T[i * p + k] * xPivoted[k]; // R̃[k][i] sits in column i, row k
      xPivoted[i] = sum / diagT[i];
    }
    // x = Q̃ [z; 0]: apply the reflectors in reverse order.
    for (let k = r - 1; k >= 0; k--) {
      const col = k * p;
      let dot = 0;
      for (let j = k; j < p; j++) dot += T[col + j] * xPivoted[j];
      const f = dot * scales[k];
      for (let j = k; j < p; j++) xPivoted[j] -= f * T[col + j];
    }
  }
  const x = new Float64Array(p);
  for (let j = 0; j < p; j++) x[perm[j]] = xPivoted[j];
  return { x, rank };
}

/**
 * Solves A x = b for a symmetric positive-definite A (n×n, row-major; not modified) through its
 * Cholesky factor A = L Lᵀ. Returns null when A is not positive definite.
 */
export function solvePositiveDefinite(A: Float64Array, n: number, b: ArrayLike<number>): Float64Array | null {
  const L = choleskyFactor(A, n);
  return L && choleskySolve(L, n, b);
}
