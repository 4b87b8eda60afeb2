// Kernel matrices K[i][j] = k(x_i, y_j) between the rows of two matrices X and Y: the one place
// where the similarity formulas of kernel ridge, the support vector classifier and the Gaussian
// process's RBF kernel are written.
//   rbf         exp(-gamma ||a - b||²)
//   laplacian   exp(-gamma ||a - b||₁)
//   linear      a·b
//   polynomial  (gamma a·b + coef0)^degree
// With Y = null the matrix is K(X, X): symmetric, so only the upper triangle is computed and then
// mirrored (the exp calls are what costs time). Every entry is computed exactly as the plain
// formula above would compute it (test/kernel-matrix.test.ts checks this bit for bit).
import { DenseMatrix, denseMatrix } from "./cholesky";

/** A kernel function between two feature vectors, with its parameters. */
export type PairwiseKernel =
  | { kind: "rbf"; gamma: number }
  | { kind: "laplacian"; gamma: number }
  | { kind: "linear" }
  | { kind: "polynomial"; gamma: number; degree: number; coef0: number };

/**
 * Squared Euclidean distances between the rows of X and Y (Y = X when null), row-major
 * (rows of X × rows of Y). With `scale`, feature k is divided by scale[k] first (one number
 * scales every feature): the distances of an RBF kernel with length scale(s).
 */
export function squaredDistances(X: DenseMatrix, Y: DenseMatrix | null, scale: readonly number[] = [1]): Float64Array {
  const p = X.cols;
  if (Y !== null && Y.cols !== p) throw new Error(`squaredDistances: X has ${p} features but Y has ${Y.cols}`);
  const inv = new Float64Array(p);
  for (let k = 0; k < p; k++) inv[k] = 1 / (scale.length === 1 ? scale[0] : scale[k]);
  const n = X.rows;
  const a = X.data;
  if (Y === null) {
    const D = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) {
          const d = (a[i * p + k] - a[j * p + k]) * inv[k];
          s += d * d;
        }
        D[i * n + j] = s;
        D[j * n + i] = s;
      }
    }
    return D;
  }
  const m = Y.rows;
  const b = Y.data;
  const D = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) {
        const d = (a[i * p + k] - b[j * p + k]) * inv[k];
        s += d * d;
      }
      D[i * m + j] = s;
    }
  }
  return D;
}

/**
 * The kernel matrix K(X, Y) (Y = X when null), rows of X × rows of Y. For "rbf", `sqDist` may
 * hand in the squared distances already computed (e.g. cached, or divided by length scales);
 * then K = exp(-gamma · sqDist) entry by entry.
 */
export function kernelMatrix(X: DenseMatrix, Y: DenseMatrix | null, kernel: PairwiseKernel, sqDist?: Float64Array): DenseMatrix {
  const n = X.rows;
  const m = Y === null ? n : Y.rows;
  const p = X.cols;
  if (Y !== null && Y.cols !== p) throw new Error(`kernelMatrix: X has ${p} features but Y has ${Y.cols}`);
  const symmetric = Y === null;
  const K = new Float64Array(n * m);
  if (kernel.kind === "rbf") {
    const D = sqDist ?? squaredDistances(X, Y);
    if (D.length !== n * m) throw new Error(`kernelMatrix: ${D.length} squared distances given for a ${n}×${m} matrix`);
    const gamma = kernel.gamma;
    for (let i = 0; i < n; i++) for (let j = symmetric ? i : 0; j < m; j++) K[i * m + j] = Math.exp(-gamma * D[i * m + j]);
  } else {
    const a = X.data;
    const b = (Y ?? X).data;
    for (let i = 0; i < n; i++) {
      for (let j = symmetric ? i : 0; j < m; j++) K[i * m + j] = pair(kernel, a, i * p, b, j * p, p);
    }
  }
  if (symmetric) for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) K[i * m + j] = K[j * m + i];
  return denseMatrix(n, m, K);
}

/** k(a, b) for the kernels other than rbf, a and b given as offsets into flat row-major data. */
function pair(kernel: PairwiseKernel, a: Float64Array, ia: number, b: Float64Array, ib: number, p: number): number {
  let s = 0;
  if (kernel.kind === "laplacian") {
    for (let k = 0; k < p; k++) s += Math.abs(a[ia + k] - b[ib + k]);
    return Math.exp(-kernel.gamma * s);
  }
  for (let k = 0; k < p; k++) s += a[ia + k] * b[ib + k];
  if (kernel.kind === "polynomial") return Math.pow(kernel.gamma * s + kernel.coef0, kernel.degree);
  return s;
}
