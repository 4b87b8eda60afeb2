// Gaussian process regression, matching scikit-learn's GaussianProcessRegressor:
//
//   const gpr = new GaussianProcessRegressor({
//     kernel: new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.01, 10] })),
//     alpha: 0.1, nRestartsOptimizer: 50, seed: 0,
//   }).fit(Xtrain, yTrain);
//   const { mean, std } = gpr.predictWithStd(Xtest);   // or gpr.predict(Xtest, { returnStd: true })
//   String(gpr.kernel_)             // "0.606**2 * ExpSineSquared(length_scale=2.81, periodicity=10)"
//
// fit() maximizes the log-marginal likelihood over the kernel's log hyperparameters θ with a
// bounded quasi-Newton optimizer, started from the kernel's own θ and from nRestartsOptimizer
// points drawn uniformly in the log bounds. The restarts are independent, so they are shared out
// between the CPU cores (worker threads); the result does not depend on how many are used.
// As in scikit-learn, a kernel matrix K + alpha·I that is not positive definite at the fitted
// hyperparameters is an error asking for a larger alpha (no jitter is added behind the user's back);
// during the optimization such a trial point just counts as a bad point (log-likelihood −∞).
import * as path from "path";
import { BaseRegressor } from "../core/estimator";
import { DataError, ParamError, warnOnce } from "../core/errors";
import { XInput, YInput, toMatrix, toVector } from "../core/input";
import { declareParams } from "../core/params";
import { registerCodec, registerEstimator } from "../core/registry";
import { Random } from "../core/random";
import { anyOf, arrayOf, bool, instanceOf, int, nullable, number, oneOf } from "../core/rules";
import { ConstantKernel, Kernel, KernelSpec, RBF, kernelFromSpec } from "./kernels";
import { DenseMatrix, choleskyFactor, choleskySolve, choleskyWithJitter, fromRows, solveLower } from "../linalg/cholesky";
import { LikelihoodValue, RestartJob, RestartResult, logMarginalLikelihood, runRestarts } from "./likelihood";
import { pool, resolveJobs } from "../core/pool";

/** Options of GaussianProcessRegressor. */
export interface GaussianProcessRegressorParams {
  /** Prior covariance; null (default) = ConstantKernel(1, fixed) · RBF(1, fixed), as scikit-learn. */
  kernel?: Kernel | null;
  /** Added to the diagonal of K: observation noise variance (one number, or one per training row). Default 1e-10. */
  alpha?: number | number[];
  /** "lbfgsb" to fit the hyperparameters, null to keep the kernel as given. Default "lbfgsb". */
  optimizer?: "lbfgsb" | null;
  /** Extra optimizer runs from random starting points in the bounds. Default 0. */
  nRestartsOptimizer?: number;
  /** Subtract the mean and divide by the standard deviation of y before fitting. Default false. */
  normalizeY?: boolean;
  /** Seed for the restart starting points and for sampleY. Default 0. */
  seed?: number;
  /** Threads for the restarts: −1 = all cores (default), 1 = this thread only. */
  nJobs?: number;
  /**
   * Likelihood evaluations allowed per optimizer run. Default 20 + 10 per hyperparameter: runs
   * that wander along the edge where K stops being positive definite are cut short (scikit-learn's
   * runs on the tutorial's data need fewer than 60).
   */
  maxEvalPerRun?: number | null;
}

/** What predict() can return besides the mean (at most one of the two). */
export interface PredictOptions {
  /** Also return the posterior standard deviation at each row. */
  returnStd?: boolean;
  /** Also return the full posterior covariance matrix between the rows. */
  returnCov?: boolean;
}

/** Posterior mean and standard deviation at each row (predictWithStd). */
export interface MeanAndStd {
  mean: number[];
  std: number[];
}

/** Posterior mean and covariance between the rows (predictWithCov). */
export interface MeanAndCov {
  mean: number[];
  cov: number[][];
}

/** One optimizer run: where it started, where it ended, and the likelihood there. */
export interface OptimizerRun {
  start: number[];
  theta: number[];
  logMarginalLikelihood: number;
  nEval: number;
}

/** scikit-learn's default prior: ConstantKernel(1, fixed) · RBF(1, fixed). */
function defaultKernel(): Kernel {
  return new ConstantKernel({ constantValue: 1, constantValueBounds: "fixed" }).times(new RBF({ lengthScale: 1, lengthScaleBounds: "fixed" }));
}

/** Gaussian process regression (scikit-learn's GaussianProcessRegressor): a mean and an uncertainty for every prediction. */
export class GaussianProcessRegressor extends BaseRegressor<GaussianProcessRegressorParams> {
  static readonly paramSpec = declareParams<GaussianProcessRegressorParams>({
    kernel: { default: null, rule: nullable(instanceOf(Kernel, "a Kernel (e.g. new ConstantKernel().times(new RBF()))")), doc: "Prior covariance; null = ConstantKernel(1, fixed) · RBF(1, fixed)." },
    alpha: { default: 1e-10, rule: anyOf(number({ min: 0 }), arrayOf(number({ min: 0 }))), doc: "Noise variance added to the diagonal of K: one number, or one per training row." },
    optimizer: { default: "lbfgsb", rule: nullable(oneOf("lbfgsb")), doc: '"lbfgsb" to fit the hyperparameters by maximum likelihood, null to keep the kernel as given.' },
    nRestartsOptimizer: { default: 0, rule: int({ min: 0 }), doc: "Extra optimizer runs from random starting points in the bounds." },
    normalizeY: { default: false, rule: bool(), doc: "Subtract the mean and divide by the standard deviation of y before fitting." },
    seed: { default: 0, rule: number(), doc: "Seed for the restart starting points and for sampleY." },
    nJobs: { default: -1, rule: anyOf(oneOf(-1), int({ min: 1 })), doc: "Threads for the restarts: -1 = all cores, 1 = this thread only." },
    maxEvalPerRun: { default: null, rule: nullable(int({ min: 1 })), doc: "Likelihood evaluations allowed per optimizer run; null = 20 + 10 per hyperparameter." },
  });

  /** The kernel with the optimized hyperparameters (scikit-learn's kernel_). */
  kernel_!: Kernel;
  /** log p(y | X, θ) at the fitted θ (of the normalized targets when normalizeY). */
  logMarginalLikelihoodValue_!: number;
  /** Every optimizer run, in start order (the first starts from the kernel's own θ); empty without optimizer. */
  optimizerRuns_!: OptimizerRun[];
  /** The convergence warning of the last fit, if the best optimizer run stopped at its evaluation limit. */
  convergenceWarning_?: string;
  private XTrain_!: DenseMatrix;
  private yTrain_!: Float64Array; // normalized
  private yMean_!: number;
  private yStd_!: number;
  private L_!: Float64Array; // Cholesky factor of K + αI
  private dualCoef_!: Float64Array; // (K + αI)⁻¹ y, scikit-learn's alpha_
  private alphaVec_!: number | Float64Array;

  fit(X: XInput, y: YInput): this {
    const rows = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const target = toVector(y, who, rows.length);
    const { alpha, normalizeY, optimizer, nRestartsOptimizer, seed } = this.params;
    const n = rows.length;
    if (Array.isArray(alpha) && alpha.length !== n) {
      throw new DataError(`${who}: alpha has ${alpha.length} values but there are ${n} training rows (give one number or one per row)`);
    }
    const Xd = fromRows(rows);
    // target normalization (scikit-learn: a zero standard deviation is replaced by 1)
    let mean = 0;
    let std = 1;
    if (normalizeY) {
      mean = target.reduce((s, v) => s + v, 0) / n;
      std = Math.sqrt(target.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
      if (std < 10 * Number.EPSILON) std = 1;
    }
    const yN = Float64Array.from(target, (v) => (v - mean) / std);
    const alphaVec = typeof alpha === "number" ? alpha : Float64Array.from(alpha);
    const kernel = (this.params.kernel ?? defaultKernel()).clone();

    if (optimizer !== null && kernel.nDims > 0) {
      const bounds = kernel.bounds;
      const starts = [kernel.theta];
      const rng = new Random(seed);
      for (let r = 0; r < nRestartsOptimizer; r++) starts.push(bounds.map(([lo, hi]) => rng.uniform(lo, hi)));
      const maxEval = this.params.maxEvalPerRun ?? 20 + 10 * kernel.nDims;
      const runs = this.optimize(kernel, Xd, yN, starts, maxEval);
      let best = 0;
      for (let i = 1; i < runs.length; i++) if (runs[i].logMarginalLikelihood > runs[best].logMarginalLikelihood) best = i;
      kernel.theta = runs[best].theta;
      this.optimizerRuns_ = runs;
      this.logMarginalLikelihoodValue_ = runs[best].logMarginalLikelihood;
      // A run is cut off once it has used its evaluations (minimizeBounded checks the budget
      // before each step, so a run that stopped there has nEval >= maxEval).
      if (runs[best].nEval >= maxEval && Number.isFinite(runs[best].logMarginalLikelihood)) {
        this.convergenceWarning_ = warnOnce(
          `${who}: the best optimizer run stopped at its evaluation limit (maxEvalPerRun = ${maxEval}) before converging, so the hyperparameters may not maximize the likelihood; increase maxEvalPerRun or nRestartsOptimizer`,
        );
      }
    } else {
      this.optimizerRuns_ = [];
      this.logMarginalLikelihoodValue_ = logMarginalLikelihood(kernel, Xd, yN, alphaVec);
    }

    // the final factorization, which predictions reuse
    const K = kernel.compute(Xd, null, false).K.data;
    for (let i = 0; i < n; i++) K[i * n + i] += typeof alphaVec === "number" ? alphaVec : alphaVec[i];
    const L = choleskyFactor(K, n);
    if (!L) {
      const alphaText = typeof alpha === "number" ? String(alpha) : `one per row, smallest ${Math.min(...alpha)}`;
      throw new DataError(
        `${who}: the kernel ${kernel} does not give a positive definite matrix K(X, X) + alpha·I on the ${n} training rows (alpha = ${alphaText}). ` +
          `Try gradually increasing the alpha option (the noise variance added to the diagonal), and look for duplicate training rows.`,
      );
    }
    this.kernel_ = kernel;
    this.XTrain_ = Xd;
    this.yTrain_ = yN;
    this.yMean_ = mean;
    this.yStd_ = std;
    this.alphaVec_ = alphaVec;
    this.L_ = L;
    this.dualCoef_ = choleskySolve(L, n, yN);
    return this;
  }

  /** Optimizer runs from every start, shared out between threads; results in start order. */
  private optimize(kernel: Kernel, X: DenseMatrix, y: Float64Array, starts: number[][], maxEvalPerRun: number): OptimizerRun[] {
    // worker start-up costs a few tens of ms: only worth it for real work
    const worthIt = starts.length >= 2 && X.rows >= 64;
    const nThreads = worthIt ? Math.min(resolveJobs(this.params.nJobs), starts.length) : 1;
    const base: Omit<RestartJob, "starts"> = {
      kernel: kernel.toSpec(),
      X: Array.from(X.data),
      rows: X.rows,
      cols: X.cols,
      y: Array.from(y),
      alpha: this.params.alpha,
      maxEvalPerRun,
    };
    // Every thread pulls starts from one shared counter (restarts differ a lot in cost).
    const queue = new Int32Array(new SharedArrayBuffer(4));
    const jobs: RestartJob[] = Array.from({ length: nThreads }, () => ({ ...base, starts, queue }));
    const perThread = pool().mapSync<RestartJob, RestartResult[]>(path.join(__dirname, "likelihood.js"), "runRestarts", jobs, runRestarts);
    const runs: OptimizerRun[] = new Array(starts.length);
    for (const { index, ...r } of perThread.flat()) runs[index] = { start: starts[index], ...r };
    // A start taken by a worker that then died is run again here.
    starts.forEach((start, index) => {
      if (!runs[index]) {
        const { index: _, ...r } = runRestarts({ ...base, starts: [start] })[0];
        runs[index] = { start, ...r };
      }
    });
    return runs;
  }

  /**
   * Posterior predictive mean at X (the prior mean 0 before fit). With { returnStd: true } also
   * the standard deviation, with { returnCov: true } the full covariance matrix (scikit-learn's
   * call); predictWithStd / predictWithCov return the same without options.
   */
  predict(X: XInput): number[];
  predict(X: XInput, options: { returnStd: true; returnCov?: false }): MeanAndStd;
  predict(X: XInput, options: { returnCov: true; returnStd?: false }): MeanAndCov;
  predict(X: XInput, options?: PredictOptions): number[] | MeanAndStd | MeanAndCov;
  predict(X: XInput, options: PredictOptions = {}): number[] | MeanAndStd | MeanAndCov {
    const { returnStd = false, returnCov = false } = options;
    if (returnStd && returnCov) throw new ParamError(`${this.estimatorName}.predict: ask for returnStd or returnCov, not both`);
    if (returnStd) return this.posterior(X, "predict", "std");
    if (returnCov) return this.posterior(X, "predict", "cov");
    return this.posterior(X, "predict", "mean").mean;
  }

  /** Posterior mean and standard deviation at each row of X: `const { mean, std } = gpr.predictWithStd(X)`. */
  predictWithStd(X: XInput): MeanAndStd {
    return this.posterior(X, "predictWithStd", "std");
  }

  /** Posterior mean and the covariance matrix between the rows of X. */
  predictWithCov(X: XInput): MeanAndCov {
    return this.posterior(X, "predictWithCov", "cov");
  }

  /**
   * The posterior at the rows of X (the prior before fit, as in scikit-learn): the mean, plus the
   * standard deviation or the covariance when asked for.
   */
  private posterior(X: XInput, method: string, want: "mean"): { mean: number[] };
  private posterior(X: XInput, method: string, want: "std"): MeanAndStd;
  private posterior(X: XInput, method: string, want: "cov"): MeanAndCov;
  private posterior(X: XInput, method: string, want: "mean" | "std" | "cov"): { mean: number[] } | MeanAndStd | MeanAndCov {
    if (!this.isFitted()) {
      // unfitted: the prior, mean 0 and covariance k(X, X)
      const Xq = fromRows(toMatrix(X, `${this.estimatorName}.${method}`));
      const kernel = this.params.kernel ?? defaultKernel();
      const mean = new Array<number>(Xq.rows).fill(0);
      if (want === "cov") return { mean, cov: kernel.matrix(Xq) };
      if (want === "std") return { mean, std: Array.from(kernel.diag(Xq), Math.sqrt) };
      return { mean };
    }
    const Xq = fromRows(this.validateX(X, method, false));
    const m = Xq.rows;
    const kernel = this.kernel_;
    const Xt = this.XTrain_;
    const n = Xt.rows;
    const L = this.L_;
    const coef = this.dualCoef_;
    const Ks = kernel.compute(Xq, Xt, false).K.data; // m × n
    const mean = new Array<number>(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Ks[i * n + j] * coef[j];
      mean[i] = this.yStd_ * s + this.yMean_;
    }
    if (want === "mean") return { mean };

    // V = L⁻¹ K(X_train, X): column i solves L v = k(x_i, X_train); stored row i = v_i
    const V = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const v = V.subarray(i * n, (i + 1) * n);
      v.set(Ks.subarray(i * n, (i + 1) * n));
      solveLower(L, n, v);
    }
    const s2 = this.yStd_ * this.yStd_;
    if (want === "std") {
      const prior = kernel.diag(Xq);
      const std = new Array<number>(m);
      for (let i = 0; i < m; i++) {
        let q = 0;
        for (let j = 0; j < n; j++) q += V[i * n + j] * V[i * n + j];
        const variance = prior[i] - q;
        // tiny negative variances are round-off: clip to 0 as scikit-learn does
        std[i] = Math.sqrt(Math.max(variance, 0) * s2);
      }
      return { mean, std };
    }
    const Kqq = kernel.compute(Xq, null, false).K.data;
    const cov: number[][] = [];
    for (let i = 0; i < m; i++) {
      const row = new Array<number>(m);
      for (let j = 0; j < m; j++) {
        let q = 0;
        for (let k = 0; k < n; k++) q += V[i * n + k] * V[j * n + k];
        row[j] = (Kqq[i * m + j] - q) * s2;
      }
      cov.push(row);
    }
    return { mean, cov };
  }

  /**
   * Draws functions from the posterior (or the prior, before fit) at the rows of X.
   * Returns nSamples arrays, each one sampled curve over the rows of X (scikit-learn returns
   * the transpose, shape n_points × n_samples).
   */
  sampleY(X: XInput, nSamples = 1, seed = this.params.seed): number[][] {
    if (!Number.isInteger(nSamples) || nSamples < 1) throw new ParamError(`${this.estimatorName}.sampleY: nSamples must be a positive integer, got ${nSamples}`);
    const { mean, cov } = this.posterior(X, "sampleY", "cov");
    const m = mean.length;
    const C = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) C[i * m + j] = cov[i][j];
    // A predictive covariance of a smooth kernel is nearly singular (rows close together are
    // almost the same random variable): a relative 1e-10 on its diagonal, grown if needed, makes
    // it factorable for drawing samples. This touches only the draws, never the fit.
    let maxDiag = 0;
    for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, C[i * m + i]);
    for (let i = 0; i < m; i++) C[i * m + i] += 1e-10 * (maxDiag || 1);
    const { L } = choleskyWithJitter(C, m, 8, `${this.estimatorName}.sampleY`);
    const rng = new Random(seed);
    const out: number[][] = [];
    for (let s = 0; s < nSamples; s++) {
      const z = Array.from({ length: m }, () => rng.normal());
      const sample = new Array(m);
      for (let i = 0; i < m; i++) {
        let v = mean[i];
        for (let k = 0; k <= i; k++) v += L[i * m + k] * z[k];
        sample[i] = v;
      }
      out.push(sample);
    }
    return out;
  }

  /**
   * log p(y | X, θ) of the training data: at the fitted θ when theta is omitted, else at the given
   * log hyperparameters; with evalGradient also ∂/∂θ.
   */
  logMarginalLikelihood(theta?: number[]): number;
  logMarginalLikelihood(theta: number[], evalGradient: true): LikelihoodValue;
  logMarginalLikelihood(theta?: number[], evalGradient = false): number | LikelihoodValue {
    this.checkFitted("logMarginalLikelihood");
    if (theta === undefined) {
      if (evalGradient) throw new ParamError(`${this.estimatorName}.logMarginalLikelihood: give theta to get the gradient`);
      return this.logMarginalLikelihoodValue_;
    }
    const k = this.kernel_.cloneWithTheta(theta);
    const X = this.XTrain_;
    const y = this.yTrain_;
    const alpha = this.alphaVec_;
    return evalGradient ? logMarginalLikelihood(k, X, y, alpha, true) : logMarginalLikelihood(k, X, y, alpha);
  }
}

registerEstimator(GaussianProcessRegressor);
// Kernels are saved with the model (the GP's kernel option and its fitted kernel_) as their JSON spec.
registerCodec<Kernel>("Kernel", { test: (v): v is Kernel => v instanceof Kernel, encode: (k) => k.toSpec(), decode: (d) => kernelFromSpec(d as KernelSpec) });
