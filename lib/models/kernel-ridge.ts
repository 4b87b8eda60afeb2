// Kernel ridge regression: the prediction for a new material is a weighted sum of similarities
// to every training material,
//   f(x) = Σ_k a_k K(x, x_k),     with weights a = (K + alpha I)⁻¹ y,
// i.e. ridge regression in the feature space the kernel defines. With the Gaussian (RBF) kernel
// K(x, x') = exp(-gamma ||x - x'||²) (gamma = 1/(2σ²)) this is the "weighted sum of Gaussians" of
// the slides. As in scikit-learn there is no intercept, so centre or scale the target if its mean
// is far from zero.
import { BaseRegressor } from "../core/estimator";
import { warnOnce } from "../core/errors";
import { XInput, YInput, toVector } from "../core/input";
import { declareParams } from "../core/params";
import { registerEstimator } from "../core/registry";
import { int, nullable, number, oneOf } from "../core/rules";
import { fromRows } from "../linalg/cholesky";
import { PairwiseKernel, kernelMatrix } from "../linalg/kernel-matrix";
import { leastSquares, solvePositiveDefinite } from "../linalg/least-squares";

/** The kernels KernelRidge offers (formulas in lib/linalg/kernel-matrix.ts). */
export type KernelName = "rbf" | "linear" | "laplacian" | "polynomial";

/** Options of KernelRidge. */
export interface KernelRidgeParams {
  /** Ridge penalty added to the kernel's diagonal (default 1). */
  alpha?: number;
  /** Kernel (default "linear", as scikit-learn). */
  kernel?: KernelName;
  /** Kernel width for rbf/laplacian/polynomial; null (default) = 1 / number of descriptors. */
  gamma?: number | null;
  /** Degree of the polynomial kernel (default 3). */
  degree?: number;
  /** Constant of the polynomial kernel (default 1). */
  coef0?: number;
}

/**
 * Kernel ridge regression, scikit-learn's KernelRidge: ridge regression in a kernel's feature space.
 *
 * Cost: fit builds the n×n kernel matrix and factors it (Cholesky, n³/3), predict builds the
 * m×n matrix against the training rows. The growth with n is scikit-learn's (`npm run bench --
 * --scale`), but the constant is not: at n = 4,000 on two cores fit + predict takes 3–4.5× as
 * long, because the Cholesky factor runs on one thread where scikit-learn's LAPACK uses every
 * core, and the kernel entries are computed one by one (exactly as the formula, no GEMM
 * shortcut) with scalar `Math.exp`. Beyond a few thousand materials, prefer a forest or a GP on a
 * subset.
 */
export class KernelRidge extends BaseRegressor<KernelRidgeParams> {
  static readonly paramSpec = declareParams<KernelRidgeParams>({
    alpha: { default: 1, rule: number({ min: 0 }), doc: "Ridge penalty added to the diagonal of the kernel matrix." },
    kernel: { default: "linear", rule: oneOf("rbf", "linear", "laplacian", "polynomial"), doc: "Similarity between two materials: rbf, linear, laplacian or polynomial." },
    gamma: { default: null, rule: nullable(number({ min: 0, minExclusive: true })), doc: "Kernel width of rbf, laplacian and polynomial; null = 1 / number of descriptors." },
    degree: { default: 3, rule: int({ min: 1 }), doc: "Degree of the polynomial kernel." },
    coef0: { default: 1, rule: number(), doc: "Constant term of the polynomial kernel." },
  });

  /** Weights a_k of the training materials (scikit-learn's dual_coef_). */
  dualCoef_!: number[];
  /** The training descriptors, needed to compute similarities at prediction time (X_fit_). */
  xFit_!: number[][];

  /** The kernel with its parameters resolved for p descriptors. */
  private pairwiseKernel(p: number): PairwiseKernel {
    const { kernel, gamma, degree, coef0 } = this.params;
    const g = gamma ?? 1 / p;
    if (kernel === "linear") return { kind: "linear" };
    if (kernel === "polynomial") return { kind: "polynomial", gamma: g, degree, coef0 };
    return { kind: kernel, gamma: g };
  }

  fit(X: XInput, y: YInput): this {
    const Xm = this.validateX(X, "fit", true);
    const yv = toVector(y, `${this.estimatorName}.fit`, Xm.length);
    const n = Xm.length;
    const K = kernelMatrix(fromRows(Xm), null, this.pairwiseKernel(Xm[0].length)).data;
    for (let i = 0; i < n; i++) K[i * n + i] += this.params.alpha;
    // K + alpha I is symmetric positive definite for alpha > 0: Cholesky. If it is not (alpha = 0
    // and duplicated materials), fall back to the least-squares solution, as scikit-learn does.
    let a = solvePositiveDefinite(K, n, yv);
    if (!a) {
      warnOnce(`${this.estimatorName}.fit: K + alpha·I is singular (alpha = ${this.params.alpha}); using the least-squares solution instead (increase alpha to avoid this)`);
      const colMajor = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) colMajor[j * n + i] = K[i * n + j];
      a = leastSquares(colMajor, n, n, yv).x;
    }
    this.dualCoef_ = Array.from(a);
    this.xFit_ = Xm.map((row) => row.slice());
    return this;
  }

  predict(X: XInput): number[] {
    const Xm = this.validateX(X, "predict", false);
    const train = this.xFit_;
    const a = this.dualCoef_;
    const K = kernelMatrix(fromRows(Xm), fromRows(train), this.pairwiseKernel(train[0].length)).data;
    const n = train.length;
    return Xm.map((_, i) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += K[i * n + k] * a[k];
      return s;
    });
  }
}

registerEstimator(KernelRidge);
