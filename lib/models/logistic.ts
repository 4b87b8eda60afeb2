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
import { XInput, toMatrix, assertFitted, checkParam, Classifier, HasParams } from "./base";
import { encodeLabels, Label, argmax } from "../core/labels";
import { minimizeBounded } from "../optimize/lbfgsb";

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

interface LogisticState {
  classes: Label[];
  /** Weights: 1 × p for two classes (for classes[1]), K × p otherwise. */
  coef: number[][];
  intercept: number[];
  nIter: number;
}

export class LogisticRegression implements Classifier, HasParams<LogisticRegressionParams> {
  readonly params: Readonly<Required<LogisticRegressionParams>>;
  private state?: LogisticState;

  constructor(params: LogisticRegressionParams = {}) {
    const { C = 1, fitIntercept = true, maxIter = 1000, tol = 1e-9 } = params;
    checkParam(Number.isFinite(C) && C > 0, "LogisticRegression", "C", C, "a positive number");
    checkParam(typeof fitIntercept === "boolean", "LogisticRegression", "fitIntercept", fitIntercept, "true or false");
    checkParam(Number.isInteger(maxIter) && maxIter >= 1, "LogisticRegression", "maxIter", maxIter, "a positive integer");
    checkParam(Number.isFinite(tol) && tol > 0, "LogisticRegression", "tol", tol, "a positive number");
    this.params = { C, fitIntercept, maxIter, tol };
  }

  clone(overrides: Partial<LogisticRegressionParams> = {}): this {
    return new LogisticRegression({ ...this.params, ...overrides }) as this;
  }

  get classes(): Label[] { return assertFitted(this.state, "LogisticRegression").classes; }
  get coef(): number[][] { return assertFitted(this.state, "LogisticRegression").coef; }
  get intercept(): number[] { return assertFitted(this.state, "LogisticRegression").intercept; }
  /** L-BFGS iterations the last fit took. */
  get nIter(): number { return assertFitted(this.state, "LogisticRegression").nIter; }

  fit(X: XInput, y: Label[]): this {
    const rows = toMatrix(X, "LogisticRegression.fit");
    const { classes, codes } = encodeLabels(y, "LogisticRegression.fit", rows.length);
    const n = rows.length;
    const p = rows[0].length;
    // Two classes need one score (log-odds of classes[1]); K > 2 classes need K scores.
    const K = classes.length === 2 ? 1 : classes.length;
    const stride = p + 1; // weights then intercept, per score
    const flat = new Float64Array(n * p);
    rows.forEach((r, i) => flat.set(r, i * p));
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
          penalty += wkj * wkj;
          grad[k * stride + j] = grad[k * stride + j] / n + wkj / (C * n);
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
    const { x, nIter } = minimizeBounded(objective, new Array<number>(d).fill(0), unbounded, { pgtol: this.params.tol, ftol: 0, maxIter: this.params.maxIter });
    const coef: number[][] = [];
    const intercept: number[] = [];
    for (let k = 0; k < K; k++) {
      coef.push(x.slice(k * stride, k * stride + p));
      intercept.push(x[k * stride + p]);
    }
    this.state = { classes, coef, intercept, nIter };
    return this;
  }

  /** Scores z = w·x + b: one column for two classes (log-odds of classes[1]), K columns otherwise. */
  decisionFunction(X: XInput): number[][] {
    const { coef, intercept } = assertFitted(this.state, "LogisticRegression");
    const rows = toMatrix(X, "LogisticRegression.predict", coef[0].length);
    return rows.map((r) => coef.map((w, k) => w.reduce((s, wj, j) => s + wj * r[j], intercept[k])));
  }

  /** Class probabilities, columns in `classes` order. */
  predictProba(X: XInput): number[][] {
    return this.decisionFunction(X).map((z) => {
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
    const { classes } = assertFitted(this.state, "LogisticRegression");
    return this.decisionFunction(X).map((z) => (z.length === 1 ? classes[z[0] > 0 ? 1 : 0] : classes[argmax(z)]));
  }
}
