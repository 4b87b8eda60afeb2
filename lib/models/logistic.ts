// Logistic regression with an L2 penalty, solving the same problem as scikit-learn's
// LogisticRegression(penalty="l2", C, solver="lbfgs"):
//   minimise  C · Σ_i loss_i  +  ½ ‖W‖²      (the intercept is not penalised)
// Two classes: one weight vector, P(class 1 | x) = σ(w·x + b) with σ(z) = 1 / (1 + e^-z) and
//   loss = -log P(true class).
// Three or more classes: one weight vector per class and a softmax ("multinomial"),
//   P(class k | x) = exp(z_k) / Σ_m exp(z_m),  z_k = w_k·x + b_k.
// Smaller C means a stronger penalty (simpler model). We minimise with L-BFGS and, unlike
// scikit-learn's default of 100 iterations, run until the gradient is essentially zero, so
// the answer is the true optimum (and matches a converged scikit-learn fit). The minimiser is the
// quasi-Newton routine that lib/gp uses for kernel hyperparameters, here without bounds.
import { BaseClassifier } from "../core/estimator";
import { DataError, warnOnce } from "../core/errors";
import { XInput, toLabels } from "../core/input";
import { encodeLabels, Label, argmax } from "../core/labels";
import { declareParams } from "../core/params";
import { powerOfTwoBelow } from "../core/stats";
import { registerEstimator } from "../core/registry";
import { bool, int, number } from "../core/rules";
import { minimizeBounded } from "../optimize/lbfgsb";

/** Options of LogisticRegression. */
export interface LogisticRegressionParams {
  /** Inverse regularisation strength (default 1); larger C = weaker penalty. */
  C?: number;
  /** Fit the intercept b (default true). */
  fitIntercept?: boolean;
  /** Most L-BFGS iterations (default 1000). */
  maxIter?: number;
  /** Stop when the largest gradient entry of the per-sample objective is below tol (default 1e-9). */
  tol?: number;
}

/**
 * Columns whose largest |value| exceeds this are divided by a power of two before the solve (see
 * columnScales); below it the data are used exactly as given.
 */
const SCALE_ABOVE = 2 ** 32;

/**
 * One scale per column: 1 for ordinary columns, and for a column with values beyond ±2³² the
 * power of two nearest below its largest |value|. Dividing by a power of two is exact, and the
 * fit multiplies the column's penalty by 1/s² so that the problem solved is the same; without it
 * X × 1e200 overflows the optimizer's gradient norms and every probability comes back 0.5.
 */
function columnScales(flat: Float64Array, n: number, p: number): Float64Array {
  const scale = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(flat[i * p + j]));
    if (top > SCALE_ABOVE) scale[j] = powerOfTwoBelow(top);
  }
  return scale;
}

/** Logistic regression with an L2 penalty (scikit-learn's LogisticRegression, lbfgs, run to convergence). */
export class LogisticRegression extends BaseClassifier<LogisticRegressionParams> {
  static readonly paramSpec = declareParams<LogisticRegressionParams>({
    C: { default: 1, rule: number({ min: 0, minExclusive: true }), doc: "Inverse regularisation strength; larger C = weaker penalty." },
    fitIntercept: { default: true, rule: bool(), doc: "Fit the intercept b (never penalised)." },
    maxIter: { default: 1000, rule: int({ min: 1 }), doc: "Most L-BFGS iterations." },
    tol: { default: 1e-9, rule: number({ min: 0, minExclusive: true }), doc: "Stop when the largest gradient entry of the per-sample objective is below tol." },
  });

  /** The class labels, sorted (columns of predictProba). */
  declare classes_: Label[];
  /** Weights: 1 × p for two classes (the log-odds of classes_[1]), K × p otherwise. */
  coef_!: number[][];
  /** Intercepts: one for two classes, K otherwise. */
  intercept_!: number[];
  /** L-BFGS iterations the last fit took. */
  nIter_!: number;
  /** The convergence warning of the last fit, if L-BFGS stopped at maxIter. */
  convergenceWarning_?: string;

  fit(X: XInput, y: unknown): this {
    const rows = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const { classes, codes } = encodeLabels(toLabels(y, who), who, rows.length);
    const n = rows.length;
    const p = rows[0].length;
    // Two classes need one score (log-odds of classes[1]); K > 2 classes need K scores.
    const K = classes.length === 2 ? 1 : classes.length;
    const stride = p + 1; // weights then intercept, per score
    const flat = new Float64Array(n * p);
    rows.forEach((r, i) => flat.set(r, i * p));
    // Columns with extreme values are solved in units of a power of two (exact), their penalty
    // weight 1/s² restoring the original problem; ordinary columns have s = 1 and weight 1.
    const scale = columnScales(flat, n, p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) flat[i * p + j] /= scale[j];
    const penaltyWeight = scale.map((sj) => 1 / (sj * sj));
    const { C, fitIntercept } = this.params;
    const z = new Float64Array(K);

    // Objective divided by C·n (same minimiser; keeps gradients of order 1 for the stopping rule):
    //   (1/n) Σ_i loss_i + ‖W‖² / (2 C n)
    const objective = (w: number[]) => {
      const grad = new Array<number>(w.length).fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const off = i * p;
        for (let k = 0; k < K; k++) {
          let s = fitIntercept ? w[k * stride + p] : 0;
          for (let j = 0; j < p; j++) s += w[k * stride + j] * flat[off + j];
          z[k] = s;
        }
        if (K === 1) {
          // loss = log(1 + e^z) - y·z, written to avoid overflow for large |z|.
          const zi = z[0];
          const yi = codes[i];
          loss += (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - yi * zi;
          const r = 1 / (1 + Math.exp(-zi)) - yi; // σ(z) - y
          for (let j = 0; j < p; j++) grad[j] += r * flat[off + j];
          grad[p] += r;
        } else {
          // loss = logsumexp(z) - z_y; gradient (softmax_k - [y = k]) x.
          let top = -Infinity;
          for (let k = 0; k < K; k++) top = Math.max(top, z[k]);
          let total = 0;
          for (let k = 0; k < K; k++) total += Math.exp(z[k] - top);
          loss += top + Math.log(total) - z[codes[i]];
          for (let k = 0; k < K; k++) {
            const r = Math.exp(z[k] - top) / total - (codes[i] === k ? 1 : 0);
            for (let j = 0; j < p; j++) grad[k * stride + j] += r * flat[off + j];
            grad[k * stride + p] += r;
          }
        }
      }
      let penalty = 0;
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < p; j++) {
          const wkj = w[k * stride + j];
          penalty += wkj * wkj * penaltyWeight[j];
          grad[k * stride + j] = grad[k * stride + j] / n + (wkj * penaltyWeight[j]) / (C * n);
        }
        grad[k * stride + p] = fitIntercept ? grad[k * stride + p] / n : 0;
      }
      return { f: loss / n + penalty / (2 * C * n), g: grad };
    };

    // L-BFGS (unbounded) from zero weights, as scikit-learn starts (for K > 2 this keeps
    // Σ_k b_k = 0, which fixes the softmax's free shift of all intercepts the same way). No
    // stopping on a small relative decrease (ftol 0): we stop on the gradient only.
    const d = K * stride;
    const unbounded = Array.from({ length: d }, (): [number, number] => [-Infinity, Infinity]);
    const { maxIter, tol } = this.params;
    const r = minimizeBounded(objective, new Array<number>(d).fill(0), unbounded, { pgtol: tol, ftol: 0, maxIter });
    if (!Number.isFinite(r.f) || (r.nIter === 0 && !r.converged)) {
      throw new DataError(`${who}: L-BFGS could not move from zero weights (${r.message}, objective ${r.f}); check X for extreme values or scale it (StandardScaler)`);
    }
    this.classes_ = classes;
    this.coef_ = [];
    this.intercept_ = [];
    for (let k = 0; k < K; k++) {
      this.coef_.push(Array.from({ length: p }, (_, j) => r.x[k * stride + j] / scale[j]));
      this.intercept_.push(r.x[k * stride + p]);
    }
    this.nIter_ = r.nIter;
    if (r.nIter >= maxIter || r.message === "evaluation budget used up") {
      this.convergenceWarning_ = warnOnce(`${who}: L-BFGS stopped at maxIter=${maxIter} before the gradient fell below tol=${tol}; increase maxIter, or scale the descriptors`);
    }
    return this;
  }

  /** Scores z = w·x + b: one column for two classes (log-odds of classes_[1]), K columns otherwise. */
  decisionFunction(X: XInput): number[][] {
    return this.scores(X, "decisionFunction");
  }

  /** z = w·x + b per row; `method` names the caller in errors. */
  private scores(X: XInput, method: string): number[][] {
    const rows = this.validateX(X, method, false);
    const intercept = this.intercept_;
    return rows.map((r) => this.coef_.map((w, k) => w.reduce((s, wj, j) => s + wj * r[j], intercept[k])));
  }

  /** Class probabilities, columns in `classes_` order. */
  predictProba(X: XInput): number[][] {
    return this.scores(X, "predictProba").map((z) => {
      if (z.length === 1) {
        const p1 = 1 / (1 + Math.exp(-z[0]));
        return [1 - p1, p1];
      }
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const total = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / total);
    });
  }

  predict(X: XInput): Label[] {
    const classes = this.classes_;
    return this.scores(X, "predict").map((z) => (z.length === 1 ? classes[z[0] > 0 ? 1 : 0] : classes[argmax(z)]));
  }
}

registerEstimator(LogisticRegression);
