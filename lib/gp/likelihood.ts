// The log-marginal likelihood of a Gaussian process and its gradient with respect to the log
// hyperparameters θ, exactly as scikit-learn computes it:
//
//   log p(y | X, θ) = −½ yᵀ K⁻¹ y − Σ log L_ii − (n/2) log 2π,        K = k_θ(X, X) + α I = L Lᵀ
//   ∂/∂θ_p          = ½ tr((a aᵀ − K⁻¹) ∂K/∂θ_p),                    a = K⁻¹ y
//
// K⁻¹ is formed once per evaluation; each trace is then an element-wise product summed over the
// matrix (O(n²) per hyperparameter) instead of a matrix product.
// Also the restart loop used by GaussianProcessRegressor.fit (run here or in a worker thread).
import { Kernel, KernelSpec, kernelFromSpec } from "./kernels";
import { DenseMatrix, choleskyFactor, choleskyInverse, choleskySolve, halfLogDet } from "../linalg/cholesky";
import { minimizeBounded } from "../optimize/lbfgsb";

const LOG_2PI = Math.log(2 * Math.PI);

/** The log marginal likelihood at some hyperparameters and, when asked, its gradient. */
export interface LikelihoodValue {
  value: number;
  gradient: number[];
}

/**
 * log p(y | X) for `kernel` at its current θ, noise `alpha` added to the diagonal.
 * Returns −Infinity (and a zero gradient) when K is not positive definite, as scikit-learn does.
 */
export function logMarginalLikelihood(kernel: Kernel, X: DenseMatrix, y: Float64Array, alpha: number | Float64Array, evalGradient: true): LikelihoodValue;
export function logMarginalLikelihood(kernel: Kernel, X: DenseMatrix, y: Float64Array, alpha: number | Float64Array, evalGradient?: false): number;
export function logMarginalLikelihood(kernel: Kernel, X: DenseMatrix, y: Float64Array, alpha: number | Float64Array, evalGradient = false): number | LikelihoodValue {
  const n = X.rows;
  const { K, gradient } = kernel.compute(X, null, evalGradient);
  const A = K.data;
  for (let i = 0; i < n; i++) A[i * n + i] += typeof alpha === "number" ? alpha : alpha[i];
  const L = choleskyFactor(A, n);
  if (!L) return evalGradient ? { value: -Infinity, gradient: new Array(gradient?.length ?? 0).fill(0) } : -Infinity;
  const a = choleskySolve(L, n, y);
  let yKy = 0;
  for (let i = 0; i < n; i++) yKy += y[i] * a[i];
  const value = -0.5 * yKy - halfLogDet(L, n) - (n / 2) * LOG_2PI;
  if (!evalGradient) return value;

  const Kinv = choleskyInverse(L, n, true); // only the upper triangle is read below
  // W = a aᵀ − K⁻¹ is symmetric and so is every ∂K/∂θ_p: sum the upper triangle twice.
  const grads = gradient ?? [];
  const out = new Array(grads.length).fill(0);
  const W = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const ai = a[i];
    for (let j = i; j < n; j++) W[j] = (j === i ? 0.5 : 1) * (ai * a[j] - Kinv[ri + j]);
    for (let p = 0; p < grads.length; p++) {
      const G = grads[p].data;
      let s = 0;
      for (let j = i; j < n; j++) s += W[j] * G[ri + j];
      out[p] += s;
    }
  }
  return { value, gradient: out };
}

export interface RestartJob {
  kernel: KernelSpec;
  /** training inputs, row-major n × p */
  X: number[];
  rows: number;
  cols: number;
  /** (normalized) training targets */
  y: number[];
  alpha: number | number[];
  /** starting points θ₀ (log space), one optimization each */
  starts: number[][];
  /** likelihood evaluations allowed per optimizer run */
  maxEvalPerRun?: number;
  /**
   * A counter shared by every thread (SharedArrayBuffer): each thread takes the next start from it
   * until none is left, so a thread that drew quick restarts simply does more of them. Without
   * it, every start in `starts` is run here.
   */
  queue?: Int32Array;
}

export interface RestartResult {
  /** position of the start in RestartJob.starts */
  index: number;
  theta: number[];
  logMarginalLikelihood: number;
  nEval: number;
}

/** Runs the bounded optimizer from each start: the unit of work shared out between threads. */
export function runRestarts(job: RestartJob): RestartResult[] {
  const kernel = kernelFromSpec(job.kernel);
  const X: DenseMatrix = { rows: job.rows, cols: job.cols, data: Float64Array.from(job.X) };
  const y = Float64Array.from(job.y);
  const alpha = typeof job.alpha === "number" ? job.alpha : Float64Array.from(job.alpha);
  const bounds = kernel.bounds;
  const results: RestartResult[] = [];
  for (let next = 0; ; next++) {
    const index = job.queue ? Atomics.add(job.queue, 0, 1) : next;
    if (index >= job.starts.length) break;
    // scikit-learn minimizes −log p(y | X, θ). A run that keeps stepping where K is not positive
    // definite (log p = −∞) is stopped after 3 such trial points, much as scipy's line search gives up.
    const r = minimizeBounded(
      (theta) => {
        kernel.theta = theta;
        const { value, gradient } = logMarginalLikelihood(kernel, X, y, alpha, true);
        return { f: -value, g: gradient.map((v) => -v) };
      },
      job.starts[index],
      bounds,
      { maxEval: job.maxEvalPerRun ?? 15000, maxNonFinite: 3 },
    );
    results.push({ index, theta: r.x, logMarginalLikelihood: -r.f, nEval: r.nEval });
  }
  return results;
}
