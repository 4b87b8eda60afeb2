// Feature scaling. Descriptors live on very different scales (fractions 0..1, boiling points in
// the thousands of kelvin), and distance- or penalty-based models (kernel ridge, LASSO, k-NN,
// neural networks) would otherwise be dominated by the largest numbers.
//   MinMaxScaler:    x' = (x - min) / (max - min)          → every column spans [0, 1]
//   StandardScaler:  x' = (x - mean) / std                 → every column has mean 0, variance 1
// Statistics come from the data passed to fit() (the training set only) and are reused by
// transform() for test data and candidates. Constant columns are left unscaled (scale 1), as in
// scikit-learn, instead of dividing by zero.
import { assertFitted, checkParam, Regressor, toMatrix, XInput, YInput } from "../models/base";

/** scikit-learn's rule: a scale below 10·eps (or a constant column) is replaced by 1. */
function safeScale(scale: number, isConstant = scale < 10 * Number.EPSILON): number {
  return isConstant ? 1 : scale;
}

/** fit / transform / inverseTransform plumbing; subclasses define the per-column formulas. */
abstract class ColumnScaler {
  protected abstract get name(): string;
  /** Number of columns seen by fit (undefined before fit). */
  protected abstract get width(): number | undefined;
  protected abstract learn(X: number[][]): void;
  protected abstract forward(value: number, column: number): number;
  protected abstract backward(value: number, column: number): number;

  fit(X: XInput): this {
    this.learn(toMatrix(X, `${this.name}.fit`));
    return this;
  }

  transform(X: XInput): number[][] {
    const p = assertFitted(this.width, `${this.name}.transform`);
    return toMatrix(X, `${this.name}.transform`, p).map((row) => row.map((v, j) => this.forward(v, j)));
  }

  fitTransform(X: XInput): number[][] {
    return this.fit(X).transform(X);
  }

  inverseTransform(X: XInput): number[][] {
    const p = assertFitted(this.width, `${this.name}.inverseTransform`);
    return toMatrix(X, `${this.name}.inverseTransform`, p).map((row) => row.map((v, j) => this.backward(v, j)));
  }
}

export interface MinMaxScalerParams {
  /** Target range of every column (default [0, 1]). */
  featureRange?: [number, number];
}

export class MinMaxScaler extends ColumnScaler {
  readonly params: Readonly<Required<MinMaxScalerParams>>;
  /** Column minima and maxima of the training data (set by fit). */
  dataMin?: number[];
  dataMax?: number[];
  /** x' = x·scale + min (scikit-learn's scale_ and min_). */
  scale?: number[];
  min?: number[];

  constructor(params: MinMaxScalerParams = {}) {
    super();
    const { featureRange = [0, 1] } = params;
    checkParam(Array.isArray(featureRange) && featureRange.length === 2 && featureRange[0] < featureRange[1], "MinMaxScaler", "featureRange", featureRange, "[low, high] with low < high");
    this.params = Object.freeze({ featureRange });
  }

  protected get name(): string {
    return "MinMaxScaler";
  }

  protected get width(): number | undefined {
    return this.scale?.length;
  }

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
    const scale = lo.map((l, j) => (b - a) / safeScale(hi[j] - l));
    this.dataMin = lo;
    this.dataMax = hi;
    this.scale = scale;
    this.min = lo.map((l, j) => a - l * scale[j]);
  }

  protected forward(v: number, j: number): number {
    return v * (this.scale as number[])[j] + (this.min as number[])[j];
  }

  protected backward(v: number, j: number): number {
    return (v - (this.min as number[])[j]) / (this.scale as number[])[j];
  }
}

export interface StandardScalerParams {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (default true). */
  withStd?: boolean;
}

export class StandardScaler extends ColumnScaler {
  readonly params: Readonly<Required<StandardScalerParams>>;
  /** Column means and population variances (divided by n) of the training data (set by fit). */
  mean?: number[];
  variance?: number[];
  /** The standard deviations used, 1 for constant columns. */
  scale?: number[];

  constructor(params: StandardScalerParams = {}) {
    super();
    const { withMean = true, withStd = true } = params;
    this.params = Object.freeze({ withMean, withStd });
  }

  protected get name(): string {
    return "StandardScaler";
  }

  protected get width(): number | undefined {
    return this.mean?.length;
  }

  protected learn(X: number[][]): void {
    const n = X.length;
    const p = X[0].length;
    const sum = new Float64Array(p);
    for (const row of X) for (let j = 0; j < p; j++) sum[j] += row[j];
    const mean = Array.from(sum, (s) => s / n);
    // Two passes with scikit-learn's correction term, which cancels most rounding error of the
    // first pass (the correction is exactly 0 in exact arithmetic).
    const sq = new Float64Array(p);
    const corr = new Float64Array(p);
    for (const row of X) {
      for (let j = 0; j < p; j++) {
        const d = row[j] - mean[j];
        corr[j] += d;
        sq[j] += d * d;
      }
    }
    const variance = Array.from(sq, (s, j) => (s - (corr[j] * corr[j]) / n) / n);
    this.mean = mean;
    this.variance = variance;
    // A column is constant when its variance is within rounding error of zero (scikit-learn's test).
    this.scale = variance.map((v, j) => safeScale(Math.sqrt(v), v <= n * Number.EPSILON * v + (n * mean[j] * Number.EPSILON) ** 2));
  }

  protected forward(v: number, j: number): number {
    const centred = this.params.withMean ? v - (this.mean as number[])[j] : v;
    return this.params.withStd ? centred / (this.scale as number[])[j] : centred;
  }

  protected backward(v: number, j: number): number {
    const scaled = this.params.withStd ? v * (this.scale as number[])[j] : v;
    return this.params.withMean ? scaled + (this.mean as number[])[j] : scaled;
  }
}

export interface ScaledRegressorParams<M> {
  /** The regressor that sees the scaled descriptors (it is cloned at every fit). */
  model: M;
  /** Which scaler to fit on the training rows (default "standard"). */
  scaler?: "standard" | "minmax";
}

type CloneableRegressor = Regressor & { clone(overrides?: object): CloneableRegressor };

/**
 * A scaler followed by a regressor, like scikit-learn's make_pipeline(StandardScaler(), Ridge()).
 * fit() learns the scaling from the rows it is given only, so inside cross-validation every
 * fold is scaled with its own training statistics and nothing leaks from the held-out rows.
 */
export class ScaledRegressor<M extends CloneableRegressor> implements Regressor {
  readonly params: Readonly<Required<ScaledRegressorParams<M>>>;
  /** The fitted scaler and model (set by fit). */
  fittedScaler?: StandardScaler | MinMaxScaler;
  fittedModel?: M;

  constructor(params: ScaledRegressorParams<M>) {
    const { model, scaler = "standard" } = params;
    checkParam(!!model && typeof model.fit === "function" && typeof model.clone === "function", "ScaledRegressor", "model", String(model), "an estimator with fit, predict and clone");
    checkParam(scaler === "standard" || scaler === "minmax", "ScaledRegressor", "scaler", scaler, '"standard" or "minmax"');
    this.params = Object.freeze({ model, scaler });
  }

  fit(X: XInput, y: YInput): this {
    const scaler = this.params.scaler === "minmax" ? new MinMaxScaler() : new StandardScaler();
    const scaled = scaler.fitTransform(X);
    this.fittedModel = this.params.model.clone().fit(scaled, y) as M;
    this.fittedScaler = scaler;
    return this;
  }

  predict(X: XInput): number[] {
    const model = assertFitted(this.fittedModel, "ScaledRegressor.predict");
    return model.predict((this.fittedScaler as StandardScaler | MinMaxScaler).transform(X));
  }

  /** A new unfitted pipeline; hyperparameters other than model/scaler go to the model. */
  clone(overrides: Partial<ScaledRegressorParams<M>> & Record<string, unknown> = {}): this {
    const { model, scaler, ...modelOverrides } = overrides;
    const base = (model ?? this.params.model).clone(modelOverrides) as M;
    return new ScaledRegressor({ model: base, scaler: scaler ?? this.params.scaler }) as this;
  }
}
