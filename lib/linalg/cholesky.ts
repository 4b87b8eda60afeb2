// Dense Cholesky-based linear algebra (Gaussian processes, ridge, kernel ridge), in Float64 on flat
// row-major Float64Arrays (entry (i, j) of an n×m matrix is data[i * m + j]). Loops are written
// so that the innermost one walks contiguous memory: that is what makes them fast in JavaScript.
import { inKernelMemory, simdKernel, workspace } from "./gemm-wasm";

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
 * so the inner sum is a dot product of two contiguous rows. The readable version of
 * choleskyFactor (which uses it below BLOCKED_MIN rows; test/linalg.test.ts proves them equal).
 */
export function choleskyFactorSimple(A: Float64Array, n: number): Float64Array | null {
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

/** Matrices smaller than this are factored and inverted by the simple row-oriented loops. */
export const BLOCKED_MIN = 96;
const NB = 48; // block size: a panel row segment is NB doubles, a tile of them stays in L1/L2

/**
 * C[r·n + c] += sign · Σ_{k0 ≤ k < k1} A[r·n + k] · B[c·n + k] for r0 ≤ r < r1 and c0 ≤ c < c1
 * (only c ≤ r when `lower`): a block of dot products between rows of A and rows of B, all n wide.
 * Two rows of each at a time (four running sums share every load), in chunks of k that stay in
 * cache. This is where the blocked factorization and inverse spend their time: when all three
 * arrays live in the WebAssembly kernel's memory (gemm-wasm.ts) and `simd` is not false, the
 * runs of whole 2×2 blocks go to its SIMD loop, which computes the same sums.
 */
export function gemmNT(C: Float64Array, A: Float64Array, B: Float64Array, n: number, r0: number, r1: number, c0: number, c1: number, k0: number, k1: number, sign: number, lower: boolean, simd = true): void {
  const rowPairs = simd && inKernelMemory(C, A, B) ? simdKernel()?.rowPairs : undefined;
  const KC = 64;
  for (let kc = k0; kc < k1; kc += KC) {
    const ke = Math.min(k1, kc + KC);
    const len = ke - kc;
    let r = r0;
    for (; r + 1 < r1; r += 2) {
      const ra = r * n + kc;
      const ra1 = ra + n;
      const cEnd = lower ? Math.min(c1, r + 2) : c1;
      let c = c0;
      if (rowPairs) {
        let pairs = Math.max(0, (cEnd - c0) >> 1);
        if (lower && pairs > 0 && c0 + 2 * pairs - 1 > r) pairs--; // the pair on the diagonal: below
        if (pairs > 0) rowPairs(A.byteOffset + ra * 8, n * 8, B.byteOffset + (c0 * n + kc) * 8, C.byteOffset + (r * n + c0) * 8, pairs, len, sign);
        c = c0 + 2 * pairs;
      }
      for (; c + 1 < cEnd; c += 2) {
        const rb = c * n + kc;
        const rb1 = rb + n;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let k = 0; k < len; k++) {
          const a0 = A[ra + k];
          const a1 = A[ra1 + k];
          const b0 = B[rb + k];
          const b1 = B[rb1 + k];
          s00 += a0 * b0;
          s01 += a0 * b1;
          s10 += a1 * b0;
          s11 += a1 * b1;
        }
        const o = r * n + c;
        C[o] += sign * s00;
        if (!lower || c + 1 <= r) C[o + 1] += sign * s01;
        C[o + n] += sign * s10;
        C[o + n + 1] += sign * s11;
      }
      for (; c < cEnd; c++) {
        const rb = c * n + kc;
        if (!lower || c <= r) C[r * n + c] += sign * dotRange(A, ra, B, rb, len);
        C[(r + 1) * n + c] += sign * dotRange(A, ra1, B, rb, len);
      }
    }
    for (; r < r1; r++) {
      const cEnd = lower ? Math.min(c1, r + 1) : c1;
      for (let c = c0; c < cEnd; c++) C[r * n + c] += sign * dotRange(A, r * n + kc, B, c * n + kc, len);
    }
  }
}

/**
 * Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric positive-definite n×n matrix,
 * returned as a new row-major array with zeros above the diagonal; null when a pivot is not
 * positive (not positive definite in floating point). Reads only the lower triangle of A.
 *
 * Blocked right-looking form for n >= BLOCKED_MIN: factor NB columns (the diagonal block and the
 * panel below it, row by row as in choleskyFactorSimple), then subtract their outer product from
 * the rest of the matrix with gemmNT, tile by tile, so that the panel is read from cache instead
 * of memory. Same arithmetic as the simple version, summed in another order.
 */
export function choleskyFactor(A: Float64Array, n: number): Float64Array | null {
  if (n < BLOCKED_MIN) return choleskyFactorSimple(A, n);
  const ws = workspace(n, 1); // inside the SIMD kernel's memory when it is available
  const L = ws ? ws[0] : new Float64Array(n * n);
  for (let i = 0; i < n; i++) L.set(A.subarray(i * n, i * n + i + 1), i * n);
  const TILE = 64;
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    for (let i = k0; i < n; i++) {
      const ri = i * n;
      const jEnd = Math.min(i, k1 - 1);
      for (let j = k0; j <= jEnd; j++) {
        const rj = j * n;
        const s = L[ri + j] - dotRange(L, ri + k0, L, rj + k0, j - k0);
        if (i === j) {
          if (!(s > 0)) return null;
          L[ri + i] = Math.sqrt(s);
        } else {
          L[ri + j] = s / L[rj + j];
        }
      }
    }
    // trailing update A[i][j] −= Σ_{k in the panel} L[i][k] L[j][k] for k1 <= j <= i
    for (let c0 = k1; c0 < n; c0 += TILE) {
      const c1 = Math.min(n, c0 + TILE);
      gemmNT(L, L, L, n, c0, n, c0, c1, k0, k1, -1, true);
    }
  }
  return ws ? L.slice() : L;
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
 * only reads j ≥ i). The readable version of choleskyInverse.
 */
export function choleskyInverseSimple(L: Float64Array, n: number, upperOnly = false): Float64Array {
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

/**
 * A⁻¹ from its Cholesky factor (as choleskyInverseSimple, with upperOnly meaning the same), blocked
 * for n >= BLOCKED_MIN. Rows of Mt = L⁻ᵀ are independent of one another, so NB of them are
 * computed together: for each later block of NB columns, first everything the earlier columns
 * contribute (one gemmNT), then the small triangle inside the block. A⁻¹ = Mt Mtᵀ is then a
 * gemmNT per pair of blocks (Mt[j][k] is 0 for k < j, so every sum can start at the block's first k).
 */
export function choleskyInverse(L: Float64Array, n: number, upperOnly = false): Float64Array {
  if (n < BLOCKED_MIN) return choleskyInverseSimple(L, n, upperOnly);
  const ws = workspace(n, 3); // inside the SIMD kernel's memory when it is available
  if (ws) ws[0].set(L);
  const [Lw, Mt, inv] = ws ?? [L, new Float64Array(n * n), new Float64Array(n * n)];
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    for (let i0 = j0; i0 < n; i0 += NB) {
      const i1 = Math.min(n, i0 + NB);
      // Mt[j][i] = −(Σ_{k<i} L[i][k] Mt[j][k]) / L[i][i]: the part with k < i0 first
      if (i0 > j0) gemmNT(Mt, Mt, Lw, n, j0, j1, i0, i1, j0, i0, -1, false);
      for (let j = j0; j < j1; j++) {
        const rj = j * n;
        for (let i = Math.max(i0, j); i < i1; i++) {
          const ri = i * n;
          if (i === j) {
            Mt[rj + j] = 1 / L[ri + i];
            continue;
          }
          const from = Math.max(i0, j);
          Mt[rj + i] = (Mt[rj + i] - dotRange(L, ri + from, Mt, rj + from, i - from)) / L[ri + i];
        }
      }
    }
  }
  for (let i0 = 0; i0 < n; i0 += NB) {
    const i1 = Math.min(n, i0 + NB);
    for (let j0 = i0; j0 < n; j0 += NB) gemmNT(inv, Mt, Mt, n, i0, i1, j0, Math.min(n, j0 + NB), j0, n, 1, false);
  }
  if (upperOnly) {
    // the diagonal blocks were filled whole: clear below the diagonal as the simple version leaves it
    for (let i = 0; i < n; i++) inv.fill(0, i * n + (i - (i % NB)), i * n + i);
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[i * n + j] = inv[j * n + i];
  }
  return ws ? inv.slice() : inv;
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
