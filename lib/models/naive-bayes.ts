// Gaussian naive Bayes: within each class every feature is modelled as an independent normal
// distribution, so by Bayes' rule
//   log P(class c | x) = log P(c) + Σ_j log N(x_j; θ_cj, σ²_cj) + const.
// As in scikit-learn, a small var_smoothing · (largest feature variance) is added to every
// variance so that a feature that is constant within a class does not divide by zero.
import { BaseClassifier } from "../core/estimator";
import { DataError } from "../core/errors";
import { XInput, toLabels } from "../core/input";
import { encodeLabels, Label, argmax } from "../core/labels";
import { declareParams } from "../core/params";
import { registerEstimator } from "../core/registry";
import { arrayOf, custom, nullable, number } from "../core/rules";

/** Options of GaussianNB. */
export interface GaussianNBParams {
  /** Fraction of the largest feature variance added to all variances (default 1e-9). */
  varSmoothing?: number;
  /** Prior probability of each class (in sorted class order); null (default): the class frequencies. */
  priors?: number[] | null;
}

const priorsRule = nullable(
  custom(
    (v) => arrayOf(number({ min: 0 })).test(v) && Math.abs((v as number[]).reduce((a, b) => a + b, 0) - 1) < 1e-8,
    "an array of non-negative numbers summing to 1",
  ),
);

/** Gaussian naive Bayes (scikit-learn's GaussianNB). */
export class GaussianNB extends BaseClassifier<GaussianNBParams> {
  static readonly paramSpec = declareParams<GaussianNBParams>({
    varSmoothing: { default: 1e-9, rule: number({ min: 0 }), doc: "Fraction of the largest feature variance added to every variance." },
    priors: { default: null, rule: priorsRule, doc: "Prior probability of each class in sorted class order; null = the class frequencies." },
  });

  /** The class labels, sorted (columns of predictProba). */
  declare classes_: Label[];
  /** Training rows per class. */
  classCount_!: number[];
  /** Prior probability of each class. */
  classPrior_!: number[];
  /** Per-class feature means θ (K × p). */
  theta_!: number[][];
  /** Per-class feature variances σ² after smoothing (K × p). */
  var_!: number[][];
  /** The amount added to every variance: varSmoothing × the largest feature variance. */
  epsilon_!: number;

  fit(X: XInput, y: unknown): this {
    const rows = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const { classes, codes } = encodeLabels(toLabels(y, who), who, rows.length);
    const n = rows.length;
    const p = rows[0].length;
    const K = classes.length;
    const priors = this.params.priors;
    if (priors && priors.length !== K) {
      throw new DataError(`${who}: priors has ${priors.length} values but y has ${K} classes`);
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
    // A variance of 0 would divide by zero at predict time (every probability NaN): say why instead.
    for (let c = 0; c < K; c++) {
      const j = variance[c].findIndex((v) => !(v > 0));
      if (j < 0) continue;
      const where = `feature ${j} has zero variance within class ${JSON.stringify(classes[c])} (all ${count[c]} values equal ${theta[c][j]})`;
      if (maxVar === 0) throw new DataError(`${who}: every feature of X is constant, so there is no variance to smooth with; naive Bayes needs at least one varying feature`);
      throw new DataError(`${who}: ${where} and varSmoothing is ${this.params.varSmoothing}; use varSmoothing > 0 (the default 1e-9 adds a tiny variance)`);
    }

    this.classes_ = classes;
    this.classCount_ = count;
    this.classPrior_ = priors ? [...priors] : count.map((m) => m / n);
    this.theta_ = theta;
    this.var_ = variance;
    this.epsilon_ = epsilon;
    return this;
  }

  /** log P(c) + log P(x | c) for each row and class (unnormalised log posterior). */
  jointLogLikelihood(X: XInput): number[][] {
    return this.logLikelihood(X, "jointLogLikelihood");
  }

  /** jointLogLikelihood, with `method` naming the caller in errors. */
  private logLikelihood(X: XInput, method: string): number[][] {
    const rows = this.validateX(X, method, false);
    const { classPrior_: classPrior, theta_: theta, var_: variance } = this;
    const constant = theta.map((_, c) => Math.log(classPrior[c]) - 0.5 * variance[c].reduce((s, v) => s + Math.log(2 * Math.PI * v), 0));
    return rows.map((r) =>
      theta.map((mu, c) => {
        let s = 0;
        for (let j = 0; j < r.length; j++) s += (r[j] - mu[j]) ** 2 / variance[c][j];
        return constant[c] - 0.5 * s;
      }),
    );
  }

  /** Posterior class probabilities, columns in `classes_` order. */
  predictProba(X: XInput): number[][] {
    return this.logLikelihood(X, "predictProba").map((logs) => {
      // Normalise with log-sum-exp so that very small likelihoods do not underflow to 0/0.
      const top = Math.max(...logs);
      const w = logs.map((l) => Math.exp(l - top));
      const total = w.reduce((a, b) => a + b, 0);
      return w.map((v) => v / total);
    });
  }

  predict(X: XInput): Label[] {
    const classes = this.classes_;
    return this.logLikelihood(X, "predict").map((logs) => classes[argmax(logs)]);
  }
}

registerEstimator(GaussianNB);
