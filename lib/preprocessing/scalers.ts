// Feature scaling. Descriptors live on very different scales (fractions 0..1, boiling points in
// the thousands of kelvin), and distance- or penalty-based models (kernel ridge, LASSO, k-NN,
// neural networks) would otherwise be dominated by the largest numbers.
//   MinMaxScaler:    x' = (x - min) / (max - min)          → every column spans [0, 1]
//   StandardScaler:  x' = (x - mean) / std                 → every column has mean 0, variance 1
// Statistics come from the data passed to fit() (the training set only) and are reused by
// transform() for test data and candidates. Constant columns are left unscaled (scale 1), as in
// scikit-learn, instead of dividing by zero.
//
// Huge values (near ±1e308, e.g. a "missing" sentinel) never turn silently into NaN or Infinity:
// column sums that would overflow are redone on the column divided by its largest |value| (so a
// constant column of 1e308 scales like any constant column), a min-max span wider than the
// largest double is taken on halves, and a result that really does not fit in a double (a
// variance above 1.8e308, a transformed value out of range) is a DataError naming it.
import { BaseClassifier, BaseEstimator, BaseRegressor, BaseTransformer, isClassifier, isRegressor } from "../core/estimator";
import { DataError, ParamError } from "../core/errors";
import { LabelInput, XInput, YInput } from "../core/input";
import { Label } from "../core/labels";
import { declareParams } from "../core/params";
import { bool, custom, oneOf } from "../core/rules";
import { registerEstimator } from "../core/registry";

/** scikit-learn's rule: a scale below 10·eps (or a constant column) is replaced by 1. */
function safeScale(scale: number, isConstant = scale < 10 * Number.EPSILON): number {
  return isConstant ? 1 : scale;
}

/** fit / transform / inverseTransform plumbing; subclasses define the per-column formulas. */
abstract class ColumnScaler<P extends object> extends BaseTransformer<P> {
  /** Number of rows seen by fit (scikit-learn's n_samples_seen_). */
  nSamplesSeen_!: number;

  /** Learns the column statistics from the (validated) training rows. */
  protected abstract learn(X: number[][]): void;
  /** Scales value v of column j. */
  protected abstract forward(v: number, j: number): number;
  /** Undoes forward for value v of column j. */
  protected abstract backward(v: number, j: number): number;

  /** Learns the scaling of every column from X; returns this. */
  fit(X: XInput): this {
    const M = this.validateX(X, "fit", true);
    this.nSamplesSeen_ = M.length;
    this.learn(M);
    return this;
  }

  /** X scaled with the statistics learned by fit. */
  transform(X: XInput): number[][] {
    return this.mapValues(this.validateX(X, "transform", false), "transform", (v, j) => this.forward(v, j));
  }

  /** Back from scaled values to the original units. */
  inverseTransform(X: XInput): number[][] {
    return this.mapValues(this.validateX(X, "inverseTransform", false), "inverseTransform", (v, j) => this.backward(v, j));
  }

  /** Applies f to every value; a result outside the range of doubles is an error naming it. */
  private mapValues(M: number[][], method: string, f: (v: number, j: number) => number): number[][] {
    return M.map((row, i) =>
      row.map((v, j) => {
        const out = f(v, j);
        if (!Number.isFinite(out)) {
          throw new DataError(`${this.estimatorName}.${method}: X[${i}][${j}] = ${v} becomes ${out}, outside the range of double precision (±1.8e308) for this column's scaling`);
        }
        return out;
      }),
    );
  }
}

/** Options of MinMaxScaler. */
export interface MinMaxScalerParams {
  /** Target range of every column (default [0, 1]). */
  featureRange?: [number, number];
}

const featureRangeRule = custom(
  (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x)) && v[0] < v[1] && Number.isFinite(v[1] - v[0]),
  "[low, high] with low < high (finite numbers)",
);

/** Scales every column linearly onto featureRange (default [0, 1]) using its training min and max. */
export class MinMaxScaler extends ColumnScaler<MinMaxScalerParams> {
  static readonly paramSpec = declareParams<MinMaxScalerParams>({
    featureRange: { default: [0, 1], rule: featureRangeRule, doc: "Target range [low, high] of every column." },
  });
  /** Column minima of the training data. */
  dataMin_!: number[];
  /** Column maxima of the training data. */
  dataMax_!: number[];
  /** Per-column factor: x' = x·scale_ + min_ (scikit-learn's scale_). */
  scale_!: number[];
  /** Per-column offset: x' = x·scale_ + min_ (scikit-learn's min_). */
  min_!: number[];

  protected learn(X: number[][]): void {
    const p = X[0].length;
    const lo = new Array<number>(p).fill(Infinity);
    const hi = new Array<number>(p).fill(-Infinity);
    for (const row of X) {
      for (let j = 0; j < p; j++) {
        if (row[j] < lo[j]) lo[j] = row[j];
        if (row[j] > hi[j]) hi[j] = row[j];
      }
    }
    const [a, b] = this.params.featureRange;
    const scale = lo.map((l, j) => {
      const range = hi[j] - l;
      // A span wider than the largest double (e.g. -1e308 .. 1e308): divide halves instead.
      return Number.isFinite(range) ? (b - a) / safeScale(range) : (b - a) / 2 / (hi[j] / 2 - l / 2);
    });
    this.dataMin_ = lo;
    this.dataMax_ = hi;
    this.scale_ = scale;
    this.min_ = lo.map((l, j) => a - l * scale[j]);
  }

  protected forward(v: number, j: number): number {
    return v * this.scale_[j] + this.min_[j];
  }

  protected backward(v: number, j: number): number {
    return (v - this.min_[j]) / this.scale_[j];
  }
}

/** Options of StandardScaler. */
export interface StandardScalerParams {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (default true). */
  withStd?: boolean;
}

/**
 * Column means and population variances of X (each column divided by `divisor[j]` if given),
 * with scikit-learn's two-pass correction term, which cancels most rounding error of the first
 * pass (the correction is exactly 0 in exact arithmetic).
 */
function meanVariance(X: number[][], divisor?: number[]): { mean: number[]; variance: number[] } {
  const n = X.length;
  const p = X[0].length;
  const value = divisor ? (row: number[], j: number) => row[j] / divisor[j] : (row: number[], j: number) => row[j];
  const sum = new Float64Array(p);
  for (const row of X) for (let j = 0; j < p; j++) sum[j] += value(row, j);
  const mean = Array.from(sum, (s) => s / n);
  const sq = new Float64Array(p);
  const corr = new Float64Array(p);
  for (const row of X) {
    for (let j = 0; j < p; j++) {
      const d = value(row, j) - mean[j];
      corr[j] += d;
      sq[j] += d * d;
    }
  }
  return { mean, variance: Array.from(sq, (s, j) => (s - (corr[j] * corr[j]) / n) / n) };
}

/** A column is constant when its variance is within rounding error of zero (scikit-learn's test). */
function isConstant(variance: number, mean: number, n: number): boolean {
  return variance <= n * Number.EPSILON * variance + (n * mean * Number.EPSILON) ** 2;
}

/** Standardizes every column to mean 0 and variance 1 with its training mean and standard deviation. */
export class StandardScaler extends ColumnScaler<StandardScalerParams> {
  static readonly paramSpec = declareParams<StandardScalerParams>({
    withMean: { default: true, rule: bool(), doc: "Subtract the column mean." },
    withStd: { default: true, rule: bool(), doc: "Divide by the column standard deviation." },
  });
  /** Column means of the training data (computed whatever withMean says). */
  mean_!: number[];
  /** Column population variances (divided by n) of the training data. */
  var_!: number[];
  /** The standard deviations used, 1 for constant columns. */
  scale_!: number[];

  protected learn(X: number[][]): void {
    const n = X.length;
    const { mean, variance } = meanVariance(X);
    const scale = variance.map((v, j) => safeScale(Math.sqrt(v), isConstant(v, mean[j], n)));
    const overflowed = mean.map((m, j) => j).filter((j) => !Number.isFinite(mean[j]) || !Number.isFinite(variance[j]));
    if (overflowed.length) {
      // Sums of values near ±1e308 overflow: redo those columns on x / max|x| and scale back.
      const extent = X[0].map((_, j) => (overflowed.includes(j) ? X.reduce((m, row) => Math.max(m, Math.abs(row[j])), 0) : 1));
      const small = meanVariance(X, extent);
      for (const j of overflowed) {
        const e = extent[j];
        mean[j] = small.mean[j] * e;
        variance[j] = small.variance[j] * e * e;
        scale[j] = safeScale(Math.sqrt(small.variance[j]) * e, isConstant(small.variance[j], small.mean[j], n));
        if (!Number.isFinite(variance[j])) {
          throw new DataError(
            `${this.estimatorName}.fit: column ${this.columnName(j)} has values up to ${e.toExponential(3)} and a standard deviation of ${(Math.sqrt(small.variance[j]) * e).toExponential(3)}; ` +
              `its variance does not fit in double precision (max 1.8e308). Divide the column by a large power of ten first (or change its units)`,
          );
        }
      }
    }
    this.mean_ = mean;
    this.var_ = variance;
    this.scale_ = scale;
  }

  /** Column j by name when fitted on a DataFrame, else by index. */
  private columnName(j: number): string {
    return this.featureNamesIn_ ? `"${this.featureNamesIn_[j]}"` : String(j);
  }

  protected forward(v: number, j: number): number {
    const centred = this.params.withMean ? v - this.mean_[j] : v;
    return this.params.withStd ? centred / this.scale_[j] : centred;
  }

  protected backward(v: number, j: number): number {
    const scaled = this.params.withStd ? v * this.scale_[j] : v;
    return this.params.withMean ? scaled + this.mean_[j] : scaled;
  }
}

/** Options of ScaledRegressor. M is the type of the inner regressor. */
export interface ScaledRegressorParams<M extends BaseRegressor<object> = BaseRegressor<object>> {
  /** The regressor that sees the scaled descriptors (required; cloned at every fit). */
  model: M;
  /** Which scaler to fit on the training rows (default "standard"). */
  scaler?: "standard" | "minmax";
}

/** The prefix of the inner model's options in clone / setParams (scikit-learn's `model__alpha`). */
const MODEL_PREFIX = "model__";

/** Option changes of a ScaledRegressor: its own options and the inner model's, as `model__name`. */
export type ScaledRegressorChanges<M extends BaseRegressor<object>> = Partial<ScaledRegressorParams<M>> & { [key: `model__${string}`]: unknown };

/** The scaler a pipeline's `scaler` option names. */
function makeScaler(kind: "standard" | "minmax"): StandardScaler | MinMaxScaler {
  return kind === "minmax" ? new MinMaxScaler() : new StandardScaler();
}

/**
 * Separates a pipeline's option changes into its own and the inner model's (`model__name`, with
 * the prefix removed). An inner option given without the prefix is an error that says so.
 */
function splitChanges(pipe: BaseEstimator<{ model: BaseEstimator<object> }>, changes: Record<string, unknown>): { own: Record<string, unknown>; inner: Record<string, unknown> } {
  const own: Record<string, unknown> = {};
  const inner: Record<string, unknown> = {};
  const ownNames = Object.keys(pipe.paramSpec);
  const model = pipe.params.model;
  const modelNames = Object.keys(model.params);
  for (const [key, value] of Object.entries(changes)) {
    if (key.startsWith(MODEL_PREFIX)) inner[key.slice(MODEL_PREFIX.length)] = value;
    else if (!ownNames.includes(key) && modelNames.includes(key)) {
      throw new ParamError(`${pipe.estimatorName}: unknown option "${key}"; the inner ${model.estimatorName}'s options take the prefix "${MODEL_PREFIX}", e.g. { ${MODEL_PREFIX}${key}: ... }`);
    } else own[key] = value;
  }
  // The inner model is replaced by a changed clone: the model object the user passed in is never mutated.
  if (Object.keys(inner).length) own.model = ((own.model as BaseEstimator<object> | undefined) ?? model).clone(inner);
  return { own, inner };
}

/**
 * A scaler followed by a regressor, like scikit-learn's make_pipeline(StandardScaler(), Ridge()).
 * fit() learns the scaling from the rows it is given only, so inside cross-validation every
 * fold is scaled with its own training statistics and nothing leaks from the held-out rows.
 *
 * The inner model's options are reached as in scikit-learn, with a `model__` prefix:
 * `pipe.clone({ model__alpha: 10 })`, `pipe.setParams({ model__alpha: 10 })` and a grid
 * `{ model__alpha: [0.1, 1, 10] }` in gridSearchCV.
 */
export class ScaledRegressor<M extends BaseRegressor<object> = BaseRegressor<object>> extends BaseRegressor<ScaledRegressorParams<M>> {
  static readonly paramSpec = declareParams<ScaledRegressorParams>({
    model: { required: true, rule: custom(isRegressor, "a regressor of the library, e.g. new Ridge()"), doc: "The regressor that sees the scaled descriptors, e.g. { model: new Ridge() }." },
    scaler: { default: "standard", rule: oneOf("standard", "minmax"), doc: "Which scaler to fit on the training rows." },
  });
  /** The scaler fitted on the training rows. */
  scaler_!: StandardScaler | MinMaxScaler;
  /** A fitted clone of the `model` option. */
  model_!: M;

  /** Scales X with statistics of these rows, then fits a clone of the model; returns this. */
  fit(X: XInput, y: YInput): this {
    const M = this.validateX(X, "fit", true);
    const scaler = makeScaler(this.params.scaler);
    const scaled = scaler.fitTransform(M);
    this.model_ = this.params.model.clone().fit(scaled, y);
    this.scaler_ = scaler;
    return this;
  }

  /** The inner model's predictions on the scaled rows of X. */
  predict(X: XInput): number[] {
    const M = this.validateX(X, "predict", false);
    return this.model_.predict(this.scaler_.transform(M));
  }

  /** A new unfitted pipeline; `model__name` keys change the inner model's options. */
  clone(overrides: ScaledRegressorChanges<M> = {}): this {
    return super.clone(splitChanges(this, overrides).own as Partial<ScaledRegressorParams<M>>);
  }

  /** Changes options in place (`model__name` for the inner model's) and forgets the fit. */
  setParams(changes: ScaledRegressorChanges<M>): this {
    return super.setParams(splitChanges(this, changes).own as Partial<ScaledRegressorParams<M>>);
  }
}

/** Options of ScaledClassifier. M is the type of the inner classifier. */
export interface ScaledClassifierParams<M extends BaseClassifier<object> = BaseClassifier<object>> {
  /** The classifier that sees the scaled descriptors (required; cloned at every fit). */
  model: M;
  /** Which scaler to fit on the training rows (default "standard"). */
  scaler?: "standard" | "minmax";
}

/** Option changes of a ScaledClassifier: its own options and the inner model's, as `model__name`. */
export type ScaledClassifierChanges<M extends BaseClassifier<object>> = Partial<ScaledClassifierParams<M>> & { [key: `model__${string}`]: unknown };

/** What a classifier may offer besides predict (k-NN, forests, logistic regression, SVC ...). */
interface ScoringClassifier {
  predictProba?(X: XInput): number[][];
  decisionFunction?(X: XInput): number[] | number[][];
}

/**
 * A scaler followed by a classifier (scikit-learn's make_pipeline(StandardScaler(), SVC())), for
 * distance- and margin-based models (k-NN, logistic regression, SVM) that need descriptors on
 * comparable scales. As with ScaledRegressor, fit() learns the scaling from its own rows only,
 * inner options are `model__name`, and predictProba / decisionFunction pass through to the inner
 * classifier when it has them.
 */
export class ScaledClassifier<M extends BaseClassifier<object> = BaseClassifier<object>> extends BaseClassifier<ScaledClassifierParams<M>> {
  static readonly paramSpec = declareParams<ScaledClassifierParams>({
    model: { required: true, rule: custom(isClassifier, "a classifier of the library, e.g. new LogisticRegression()"), doc: "The classifier that sees the scaled descriptors, e.g. { model: new SVC() }." },
    scaler: { default: "standard", rule: oneOf("standard", "minmax"), doc: "Which scaler to fit on the training rows." },
  });
  /** The inner classifier's class labels, sorted. */
  declare classes_: Label[];
  /** The scaler fitted on the training rows. */
  scaler_!: StandardScaler | MinMaxScaler;
  /** A fitted clone of the `model` option. */
  model_!: M;

  /** Scales X with statistics of these rows, then fits a clone of the classifier; returns this. */
  fit(X: XInput, y: LabelInput): this {
    const M = this.validateX(X, "fit", true);
    const scaler = makeScaler(this.params.scaler);
    const scaled = scaler.fitTransform(M);
    this.model_ = this.params.model.clone().fit(scaled, y);
    this.classes_ = this.model_.classes_ as Label[];
    this.scaler_ = scaler;
    return this;
  }

  /** The inner classifier's labels for the scaled rows of X. */
  predict(X: XInput): Label[] {
    const rows = this.scaled(X, "predict");
    return this.model_.predict(rows);
  }

  /** The inner classifier's class probabilities (columns in `classes_` order). */
  predictProba(X: XInput): number[][] {
    const rows = this.scaled(X, "predictProba");
    return this.inner("predictProba").call(this.model_, rows);
  }

  /** The inner classifier's decision function (SVC: one score per row; logistic regression: rows of scores). */
  decisionFunction(X: XInput): number[] | number[][] {
    const rows = this.scaled(X, "decisionFunction");
    return this.inner("decisionFunction").call(this.model_, rows);
  }

  /** A new unfitted pipeline; `model__name` keys change the inner model's options. */
  clone(overrides: ScaledClassifierChanges<M> = {}): this {
    return super.clone(splitChanges(this, overrides).own as Partial<ScaledClassifierParams<M>>);
  }

  /** Changes options in place (`model__name` for the inner model's) and forgets the fit. */
  setParams(changes: ScaledClassifierChanges<M>): this {
    return super.setParams(splitChanges(this, changes).own as Partial<ScaledClassifierParams<M>>);
  }

  /** X checked against the fit and scaled. */
  private scaled(X: XInput, method: string): number[][] {
    const rows = this.validateX(X, method, false);
    return this.scaler_.transform(rows);
  }

  /** The inner classifier's method, or an error saying it has none. */
  private inner<K extends keyof ScoringClassifier>(method: K): NonNullable<ScoringClassifier[K]> {
    const f = (this.model_ as ScoringClassifier)[method];
    if (typeof f !== "function") throw new ParamError(`${this.estimatorName}.${method}: the inner ${this.model_.estimatorName} has no ${method}()`);
    return f as NonNullable<ScoringClassifier[K]>;
  }
}

registerEstimator(MinMaxScaler, StandardScaler, ScaledRegressor, ScaledClassifier);
