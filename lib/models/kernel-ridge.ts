// Kernel ridge regression: the prediction for a new material is a weighted sum of similarities
// to every training material,
//   f(x) = Σ_k a_k K(x, x_k),     with weights a = (K + alpha I)⁻¹ y,
// i.e. ridge regression in the feature space the kernel defines. With the Gaussian (RBF) kernel
// K(x, x') = exp(-gamma ||x - x'||²) (gamma = 1/(2σ²)) this is the "weighted sum of Gaussians" of
// the slides. As in scikit-learn there is no intercept, so centre or scale the target if its mean
// is far from zero.
import { assertFitted, checkParam, HasParams, Regressor, toMatrix, toVector, XInput, YInput } from "./base";
import { leastSquares, solvePositiveDefinite } from "../linalg/least-squares";

export type KernelName = "rbf" | "linear" | "laplacian" | "polynomial";

export interface KernelRidgeParams {
  /** Ridge penalty added to the kernel's diagonal (default 1). */
  alpha?: number;
  /** Kernel (default "linear", as scikit-learn). */
  kernel?: KernelName;
  /** Kernel width for rbf/laplacian/polynomial (default 1 / number of descriptors). */
  gamma?: number;
  /** Degree of the polynomial kernel (default 3). */
  degree?: number;
  /** Constant of the polynomial kernel (default 1). */
  coef0?: number;
}

const KERNELS: KernelName[] = ["rbf", "linear", "laplacian", "polynomial"];

/**
 * The kernel matrix K[i][j] = k(A_i, B_j), row-major (rows of A × rows of B):
 *   rbf         exp(-gamma ||a - b||²)
 *   laplacian   exp(-gamma ||a - b||₁)
 *   linear      a·b
 *   polynomial  (gamma a·b + coef0)^degree
 */
export function kernelMatrix(A: number[][], B: number[][], kernel: KernelName, gamma: number, degree = 3, coef0 = 1): Float64Array {
  const m = A.length;
  const n = B.length;
  const p = A[0].length;
  const K = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const a = A[i];
    for (let j = 0; j < n; j++) {
      const b = B[j];
      let s = 0;
      if (kernel === "rbf") {
        for (let k = 0; k < p; k++) {
          const d = a[k] - b[k];
          s += d * d;
        }
        K[i * n + j] = Math.exp(-gamma * s);
      } else if (kernel === "laplacian") {
        for (let k = 0; k < p; k++) s += Math.abs(a[k] - b[k]);
        K[i * n + j] = Math.exp(-gamma * s);
      } else {
        for (let k = 0; k < p; k++) s += a[k] * b[k];
        K[i * n + j] = kernel === "linear" ? s : Math.pow(gamma * s + coef0, degree);
      }
    }
  }
  return K;
}

export class KernelRidge implements Regressor, HasParams<KernelRidgeParams> {
  readonly params: Readonly<KernelRidgeParams>;
  /** Weights a_k of the training materials (set by fit). */
  dualCoef?: number[];
  /** The training descriptors, needed to compute similarities at prediction time. */
  xFit?: number[][];

  constructor(params: KernelRidgeParams = {}) {
    const { alpha = 1, kernel = "linear", gamma, degree = 3, coef0 = 1 } = params;
    checkParam(Number.isFinite(alpha) && alpha >= 0, "KernelRidge", "alpha", alpha, "a finite number >= 0");
    checkParam(KERNELS.includes(kernel), "KernelRidge", "kernel", kernel, `one of ${KERNELS.join(", ")}`);
    checkParam(gamma === undefined || (Number.isFinite(gamma) && gamma > 0), "KernelRidge", "gamma", gamma, "a number > 0");
    checkParam(Number.isInteger(degree) && degree >= 1, "KernelRidge", "degree", degree, "an integer >= 1");
    checkParam(Number.isFinite(coef0), "KernelRidge", "coef0", coef0, "a finite number");
    this.params = Object.freeze({ alpha, kernel, gamma, degree, coef0 });
  }

  private kernel(A: number[][], B: number[][]): Float64Array {
    const { kernel, gamma, degree, coef0 } = this.params;
    return kernelMatrix(A, B, kernel as KernelName, gamma ?? 1 / A[0].length, degree, coef0);
  }

  fit(X: XInput, y: YInput): this {
    const Xm = toMatrix(X, "KernelRidge.fit");
    const yv = toVector(y, "KernelRidge.fit", Xm.length);
    const n = Xm.length;
    const K = this.kernel(Xm, Xm);
    for (let i = 0; i < n; i++) K[i * n + i] += this.params.alpha as number;
    // K + alpha I is symmetric positive definite for alpha > 0: Cholesky. If it is not (alpha = 0
    // and duplicated materials), fall back to the least-squares solution, as scikit-learn does.
    let a = solvePositiveDefinite(K, n, yv);
    if (!a) {
      const colMajor = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colMajor[j * n + i] = K[i * n + j];
      a = leastSquares(colMajor, n, n, yv).x;
    }
    this.dualCoef = Array.from(a);
    this.xFit = Xm.map((row) => row.slice());
    return this;
  }

  predict(X: XInput): number[] {
    const a = assertFitted(this.dualCoef, "KernelRidge.predict");
    const train = this.xFit as number[][];
    const Xm = toMatrix(X, "KernelRidge.predict", train[0].length);
    const K = this.kernel(Xm, train);
    const n = train.length;
    return Xm.map((_, i) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += K[i * n + k] * a[k];
      return s;
    });
  }

  clone(overrides: Partial<KernelRidgeParams> = {}): this {
    return new KernelRidge({ ...this.params, ...overrides }) as this;
  }
}
