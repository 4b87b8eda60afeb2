// Gaussian naive Bayes: within each class every feature is modelled as an independent normal
// distribution, so by Bayes' rule
//   log P(class c | x) = log P(c) + Σ_j log N(x_j; θ_cj, σ²_cj) + const.
// As in scikit-learn, a small var_smoothing · (largest feature variance) is added to every
// variance so that a feature that is constant within a class does not divide by zero.
import { XInput, toMatrix, assertFitted, checkParam, Classifier, HasParams } from "./base";
import { encodeLabels, Label, argmax } from "../core/labels";

export interface GaussianNBParams {
  /** Fraction of the largest feature variance added to all variances (default 1e-9). */
  varSmoothing?: number;
  /** Prior probability of each class (in sorted class order); default: the class frequencies. */
  priors?: number[];
}

interface GaussianNBState {
  classes: Label[];
  classPrior: number[];
  /** Per-class feature means θ (K × p). */
  theta: number[][];
  /** Per-class feature variances σ² after smoothing (K × p). */
  variance: number[][];
  epsilon: number;
}

export class GaussianNB implements Classifier, HasParams<GaussianNBParams> {
  readonly params: Readonly<Required<Omit<GaussianNBParams, "priors">> & Pick<GaussianNBParams, "priors">>;
  private state?: GaussianNBState;

  constructor(params: GaussianNBParams = {}) {
    const { varSmoothing = 1e-9, priors } = params;
    checkParam(Number.isFinite(varSmoothing) && varSmoothing >= 0, "GaussianNB", "varSmoothing", varSmoothing, "a number >= 0");
    if (priors !== undefined) {
      const sum = priors.reduce((a, b) => a + b, 0);
      checkParam(priors.every((v) => v >= 0) && Math.abs(sum - 1) < 1e-8, "GaussianNB", "priors", priors, "non-negative and summing to 1");
    }
    this.params = { varSmoothing, priors };
  }

  clone(overrides: Partial<GaussianNBParams> = {}): this {
    return new GaussianNB({ ...this.params, ...overrides }) as this;
  }

  get classes(): Label[] { return assertFitted(this.state, "GaussianNB").classes; }
  get classPrior(): number[] { return assertFitted(this.state, "GaussianNB").classPrior; }
  get theta(): number[][] { return assertFitted(this.state, "GaussianNB").theta; }
  get variance(): number[][] { return assertFitted(this.state, "GaussianNB").variance; }

  fit(X: XInput, y: Label[]): this {
    const rows = toMatrix(X, "GaussianNB.fit");
    const { classes, codes } = encodeLabels(y, "GaussianNB.fit", rows.length);
    const n = rows.length;
    const p = rows[0].length;
    const K = classes.length;
    if (this.params.priors && this.params.priors.length !== K) {
      throw new Error(`GaussianNB.fit: priors has ${this.params.priors.length} values but y has ${K} classes`);
    }
    // epsilon = varSmoothing × the largest variance of any feature over all samples.
    let maxVar = 0;
    for (let j = 0; j < p; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += rows[i][j];
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (rows[i][j] - m) ** 2;
      maxVar = Math.max(maxVar, v / n);
    }
    const epsilon = this.params.varSmoothing * maxVar;

    const count = new Array<number>(K).fill(0);
    const theta = classes.map(() => new Array<number>(p).fill(0));
    const variance = classes.map(() => new Array<number>(p).fill(0));
    for (let i = 0; i < n; i++) {
      count[codes[i]]++;
      for (let j = 0; j < p; j++) theta[codes[i]][j] += rows[i][j];
    }
    for (let c = 0; c < K; c++) for (let j = 0; j < p; j++) theta[c][j] /= count[c];
    for (let i = 0; i < n; i++) {
      const c = codes[i];
      for (let j = 0; j < p; j++) variance[c][j] += (rows[i][j] - theta[c][j]) ** 2;
    }
    for (let c = 0; c < K; c++) for (let j = 0; j < p; j++) variance[c][j] = variance[c][j] / count[c] + epsilon;

    const classPrior = this.params.priors ? [...this.params.priors] : count.map((m) => m / n);
    this.state = { classes, classPrior, theta, variance, epsilon };
    return this;
  }

  /** log P(c) + log P(x | c) for each row and class (unnormalised log posterior). */
  jointLogLikelihood(X: XInput): number[][] {
    const { classPrior, theta, variance } = assertFitted(this.state, "GaussianNB");
    const rows = toMatrix(X, "GaussianNB.predict", theta[0].length);
    const constant = theta.map((_, c) => Math.log(classPrior[c]) - 0.5 * variance[c].reduce((s, v) => s + Math.log(2 * Math.PI * v), 0));
    return rows.map((r) =>
      theta.map((mu, c) => {
        let s = 0;
        for (let j = 0; j < r.length; j++) s += (r[j] - mu[j]) ** 2 / variance[c][j];
        return constant[c] - 0.5 * s;
      }),
    );
  }

  /** Posterior class probabilities, columns in `classes` order. */
  predictProba(X: XInput): number[][] {
    return this.jointLogLikelihood(X).map((logs) => {
      // Normalise with log-sum-exp so that very small likelihoods do not underflow to 0/0.
      const top = Math.max(...logs);
      const w = logs.map((l) => Math.exp(l - top));
      const total = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / total);
    });
  }

  predict(X: XInput): Label[] {
    const { classes } = assertFitted(this.state, "GaussianNB");
    return this.jointLogLikelihood(X).map((logs) => classes[argmax(logs)]);
  }
}
