// Gaussian process regression, matching scikit-learn's GaussianProcessRegressor:
//
//   const gpr = new GaussianProcessRegressor({
//     kernel: new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.01, 10] })),
//     alpha: 0.1, nRestartsOptimizer: 50, seed: 0,
//   }).fit(Xtrain, yTrain);
//   const { mean, std } = gpr.predict(Xtest, { returnStd: true });
//   String(gpr.fittedKernel)        // "0.606**2 * ExpSineSquared(length_scale=2.81, periodicity=10)"
//
// fit() maximizes the log-marginal likelihood over the kernel's log hyperparameters θ with a
// bounded quasi-Newton optimizer, started from the kernel's own θ and from nRestartsOptimizer
// points drawn uniformly in the log bounds. The restarts are independent, so they are shared out
// between the CPU cores (worker threads); the result does not depend on how many are used.
import * as path from "path";
import { Random } from "../core/random";
import { XInput, YInput, assertFitted, checkParam, toMatrix, toVector } from "../models/base";
import { ConstantKernel, Kernel, RBF } from "./kernels";
import { DenseMatrix, choleskySolve, choleskyWithJitter, fromRows, solveLower } from "../linalg/cholesky";
import { LikelihoodValue, RestartJob, RestartResult, logMarginalLikelihood, runRestarts } from "./likelihood";
import { resolveJobs, runJobsSync } from "./parallel";

export interface GaussianProcessRegressorParams {
  /** Prior covariance. Default ConstantKernel(1, fixed) · RBF(1, fixed), as scikit-learn. */
  kernel?: Kernel;
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

export interface PredictOptions {
  returnStd?: boolean;
  returnCov?: boolean;
}

/** One optimizer run: where it started, where it ended, and the likelihood there. */
export interface OptimizerRun {
  start: number[];
  theta: number[];
  logMarginalLikelihood: number;
  nEval: number;
}

const WHO = "GaussianProcessRegressor";

export class GaussianProcessRegressor {
  readonly params: Readonly<Required<Omit<GaussianProcessRegressorParams, "kernel">> & { kernel: Kernel }>;

  // learned by fit()
  /** The kernel with the optimized hyperparameters (scikit-learn's kernel_). */
  fittedKernel?: Kernel;
  /** log p(y | X, θ) at the fitted θ (of the normalized targets when normalizeY). */
  logMarginalLikelihoodValue?: number;
  /** Every optimizer run, in start order (the first starts from the kernel's own θ). */
  optimizerRuns?: OptimizerRun[];
  private XTrain?: DenseMatrix;
  private yTrain?: Float64Array; // normalized
  private yMean = 0;
  private yStd = 1;
  private L?: Float64Array; // Cholesky factor of K + αI
  private dualCoef?: Float64Array; // (K + αI)⁻¹ y, scikit-learn's alpha_
  private alphaVec?: number | Float64Array;

  constructor(params: GaussianProcessRegressorParams = {}) {
    const {
      kernel = new ConstantKernel({ constantValue: 1, constantValueBounds: "fixed" }).times(new RBF({ lengthScale: 1, lengthScaleBounds: "fixed" })),
      alpha = 1e-10,
      optimizer = "lbfgsb",
      nRestartsOptimizer = 0,
      normalizeY = false,
      seed = 0,
      nJobs = -1,
      maxEvalPerRun = null,
    } = params;
    checkParam(kernel instanceof Kernel, WHO, "kernel", String(kernel), "a Kernel (e.g. new ConstantKernel().times(new RBF()))");
    const alphaOk = typeof alpha === "number" ? alpha >= 0 && Number.isFinite(alpha) : Array.isArray(alpha) && alpha.every((a) => a >= 0 && Number.isFinite(a));
    checkParam(alphaOk, WHO, "alpha", alpha, "a non-negative number or an array of them");
    checkParam(optimizer === "lbfgsb" || optimizer === null, WHO, "optimizer", optimizer, '"lbfgsb" or null');
    checkParam(Number.isInteger(nRestartsOptimizer) && nRestartsOptimizer >= 0, WHO, "nRestartsOptimizer", nRestartsOptimizer, "an integer >= 0");
    checkParam(typeof normalizeY === "boolean", WHO, "normalizeY", normalizeY, "true or false");
    checkParam(Number.isFinite(seed), WHO, "seed", seed, "a finite number");
    checkParam(nJobs === -1 || (Number.isInteger(nJobs) && nJobs >= 1), WHO, "nJobs", nJobs, "-1 (all cores) or a positive integer");
    checkParam(maxEvalPerRun === null || (Number.isInteger(maxEvalPerRun) && maxEvalPerRun >= 1), WHO, "maxEvalPerRun", maxEvalPerRun, "null (automatic) or a positive integer");
    this.params = { kernel, alpha, optimizer, nRestartsOptimizer, normalizeY, seed, nJobs, maxEvalPerRun };
  }

  /** A new, unfitted regressor with some hyperparameters replaced. */
  clone(overrides: Partial<GaussianProcessRegressorParams> = {}): this {
    const Ctor = this.constructor as new (p: GaussianProcessRegressorParams) => this;
    return new Ctor({ ...this.params, kernel: this.params.kernel.clone(), ...overrides });
  }

  fit(X: XInput, y: YInput): this {
    const rows = toMatrix(X, `${WHO}.fit`);
    const target = toVector(y, `${WHO}.fit`, rows.length);
    const { alpha, normalizeY, optimizer, nRestartsOptimizer, seed } = this.params;
    const n = rows.length;
    if (Array.isArray(alpha) && alpha.length !== n) {
      throw new Error(`${WHO}.fit: alpha has ${alpha.length} values but there are ${n} training rows (give one number or one per row)`);
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
    const kernel = this.params.kernel.clone();

    if (optimizer !== null && kernel.nDims > 0) {
      const bounds = kernel.bounds;
      const starts = [kernel.theta];
      const rng = new Random(seed);
      for (let r = 0; r < nRestartsOptimizer; r++) starts.push(bounds.map(([lo, hi]) => rng.uniform(lo, hi)));
      const runs = this.optimize(kernel, Xd, yN, starts);
      let best = 0;
      for (let i = 1; i < runs.length; i++) if (runs[i].logMarginalLikelihood > runs[best].logMarginalLikelihood) best = i;
      kernel.theta = runs[best].theta;
      this.optimizerRuns = runs;
      this.logMarginalLikelihoodValue = runs[best].logMarginalLikelihood;
    } else {
      this.optimizerRuns = [];
      this.logMarginalLikelihoodValue = logMarginalLikelihood(kernel, Xd, yN, alphaVec);
    }

    // the final factorization, which predictions reuse
    const K = kernel.compute(Xd, null, false).K.data;
    for (let i = 0; i < n; i++) K[i * n + i] += typeof alphaVec === "number" ? alphaVec : alphaVec[i];
    const { L } = choleskyWithJitter(K, n, 5, `${WHO}.fit (kernel ${kernel})`);
    this.fittedKernel = kernel;
    this.XTrain = Xd;
    this.yTrain = yN;
    this.yMean = mean;
    this.yStd = std;
    this.alphaVec = alphaVec;
    this.L = L;
    this.dualCoef = choleskySolve(L, n, yN);
    return this;
  }

  /** Optimizer runs from every start, shared out between threads; results in start order. */
  private optimize(kernel: Kernel, X: DenseMatrix, y: Float64Array, starts: number[][]): OptimizerRun[] {
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
      maxEvalPerRun: this.params.maxEvalPerRun ?? 20 + 10 * kernel.nDims,
    };
    // Every thread pulls starts from one shared counter (restarts differ a lot in cost).
    const queue = new Int32Array(new SharedArrayBuffer(4));
    const jobs: RestartJob[] = Array.from({ length: nThreads }, () => ({ ...base, starts, queue }));
    const perThread = runJobsSync<RestartJob, RestartResult[]>(path.join(__dirname, "likelihood.js"), "runRestarts", jobs, runRestarts);
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
   * Posterior predictive mean at X (prior mean 0 before fit). With { returnStd: true } also the
   * standard deviation, with { returnCov: true } the full covariance matrix.
   */
  predict(X: XInput): number[];
  predict(X: XInput, options: { returnStd: true; returnCov?: false }): { mean: number[]; std: number[] };
  predict(X: XInput, options: { returnCov: true; returnStd?: false }): { mean: number[]; cov: number[][] };
  predict(X: XInput, options?: PredictOptions): number[] | { mean: number[]; std: number[] } | { mean: number[]; cov: number[][] };
  predict(X: XInput, options: PredictOptions = {}): number[] | { mean: number[]; std: number[] } | { mean: number[]; cov: number[][] } {
    const { returnStd = false, returnCov = false } = options;
    if (returnStd && returnCov) throw new Error(`${WHO}.predict: ask for returnStd or returnCov, not both`);
    const width = this.XTrain ? this.XTrain.cols : undefined;
    const Xq = fromRows(toMatrix(X, `${WHO}.predict`, width));
    const m = Xq.rows;

    if (!this.fittedKernel) {
      // unfitted: the prior, mean 0 and covariance k(X, X)
      const kernel = this.params.kernel;
      const mean = new Array(m).fill(0);
      if (returnCov) return { mean, cov: kernel.matrix(Xq) };
      if (returnStd) return { mean, std: Array.from(kernel.diag(Xq), Math.sqrt) };
      return mean;
    }
    const kernel = this.fittedKernel;
    const Xt = this.XTrain as DenseMatrix;
    const n = Xt.rows;
    const L = this.L as Float64Array;
    const coef = this.dualCoef as Float64Array;
    const Ks = kernel.compute(Xq, Xt, false).K.data; // m × n
    const mean = new Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += Ks[i * n + j] * coef[j];
      mean[i] = this.yStd * s + this.yMean;
    }
    if (!returnStd && !returnCov) return mean;

    // V = L⁻¹ K(X_train, X): column i solves L v = k(x_i, X_train); stored row i = v_i
    const V = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const v = V.subarray(i * n, (i + 1) * n);
      v.set(Ks.subarray(i * n, (i + 1) * n));
      solveLower(L, n, v);
    }
    const s2 = this.yStd * this.yStd;
    if (returnStd) {
      const prior = kernel.diag(Xq);
      const std = new Array(m);
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
      const row = new Array(m);
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
    checkParam(Number.isInteger(nSamples) && nSamples >= 1, `${WHO}.sampleY`, "nSamples", nSamples, "a positive integer");
    const { mean, cov } = this.predict(X, { returnCov: true });
    const m = mean.length;
    const C = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) C[i * m + j] = cov[i][j];
    // a covariance matrix of a smooth kernel is nearly singular: jitter makes it factorable
    let maxDiag = 0;
    for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, C[i * m + i]);
    for (let i = 0; i < m; i++) C[i * m + i] += 1e-10 * (maxDiag || 1);
    const { L } = choleskyWithJitter(C, m, 8, `${WHO}.sampleY`);
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
    const kernel = assertFitted(this.fittedKernel, `${WHO}.logMarginalLikelihood`);
    if (theta === undefined) {
      if (evalGradient) throw new Error(`${WHO}.logMarginalLikelihood: give theta to get the gradient`);
      return this.logMarginalLikelihoodValue as number;
    }
    const k = kernel.cloneWithTheta(theta);
    const X = this.XTrain as DenseMatrix;
    const y = this.yTrain as Float64Array;
    const alpha = this.alphaVec as number | Float64Array;
    return evalGradient ? logMarginalLikelihood(k, X, y, alpha, true) : logMarginalLikelihood(k, X, y, alpha);
  }
}
