// The one estimator contract, in the spirit of scikit-learn's BaseEstimator. Every estimator,
// transformer and scaler in matml extends one of the three bases below and follows the same rules:
//
// * Options are declared once, in a static `paramSpec` table (see params.ts). The constructor
//   validates what it is given against that table; `params` holds the resolved options;
//   `getParams()`, `setParams()` and `clone()` come for free.
// * `fit(X, y)` returns the estimator. Everything it learns is stored in fields whose names end
//   with an underscore (`coef_`, `classes_`, `featureImportances_`), as in scikit-learn, and
//   nothing else changes. `nFeaturesIn_` is always set, and `featureNamesIn_` when X was a
//   DataFrame.
// * Using an estimator before fit() throws a `NotFittedError`.
// * `estimatorType` ("regressor" | "classifier" | "transformer") tells model selection what it is.
// * X may be number[][] or a danfojs DataFrame; y an array or a Series. A model fitted on a
//   DataFrame checks at predict time that the same columns come in the same order.
import type { Series } from "danfojs-node";
import { DataError, NotFittedError, ParamError } from "./errors";
import { ParamSpec, Resolved, checkNames, checkValue, resolveParams } from "./params";
import { FrameLike, XInput, columnNames, isFrameLike, toMatrix } from "./input";

/** What an estimator is, read by cross-validation and grid search to pick defaults. */
export type EstimatorType = "regressor" | "classifier" | "transformer";

/** A constructor of an estimator class, with its declared options. */
export interface EstimatorClass<P extends object = object> {
  new (params?: Partial<P>): BaseEstimator<P>;
  readonly paramSpec: ParamSpec<P>;
  readonly name: string;
}

/** Copies an option value for a clone: nested estimators and kernels are cloned, arrays copied. */
function cloneValue(v: unknown): unknown {
  if (v instanceof BaseEstimator) return v.clone();
  if (typeof v === "object" && v !== null && typeof (v as { clone?: unknown }).clone === "function") return (v as { clone(): unknown }).clone();
  if (Array.isArray(v)) return v.map(cloneValue);
  return v;
}

/** The common base of every estimator. P is the interface of its options. */
export abstract class BaseEstimator<P extends object> {
  /** The options, with defaults filled in (read-only; use setParams or clone to change them). */
  readonly params: Resolved<P>;
  /** What kind of estimator this is. */
  abstract readonly estimatorType: EstimatorType;
  /** Number of feature columns seen by fit (undefined before fit). */
  nFeaturesIn_?: number;
  /** Column names seen by fit when X was a DataFrame (scikit-learn's feature_names_in_). */
  featureNamesIn_?: string[];

  constructor(params?: Partial<P>) {
    const spec = (new.target as unknown as EstimatorClass<P>).paramSpec;
    if (!spec) throw new Error(`${new.target.name}: no static paramSpec declared`);
    this.params = resolveParams(new.target.name, spec, params);
    this.makeFitAtomic();
  }

  /**
   * A fit that throws leaves the estimator unfitted (not half-fitted): the subclass's fit is
   * wrapped so that an error (or a rejected promise, for asynchronous fits) forgets everything.
   */
  private makeFitAtomic(): void {
    const fit = (this as { fit?: unknown }).fit;
    if (typeof fit !== "function") return;
    const atomic = (...args: unknown[]): unknown => {
      let out: unknown;
      try {
        out = fit.apply(this, args);
      } catch (e) {
        this.forgetFit();
        throw e;
      }
      if (out && typeof (out as Promise<unknown>).then === "function") {
        return (out as Promise<unknown>).then(undefined, (e: unknown) => {
          this.forgetFit();
          throw e;
        });
      }
      return out;
    };
    Object.defineProperty(this, "fit", { value: atomic, enumerable: false, writable: true, configurable: true });
  }

  /** The class name, used in every message. */
  get estimatorName(): string {
    return this.constructor.name;
  }

  /** The declared options of this estimator's class. */
  get paramSpec(): ParamSpec<P> {
    return (this.constructor as unknown as EstimatorClass<P>).paramSpec;
  }

  /** A copy of the options (scikit-learn's get_params). */
  getParams(): Resolved<P> {
    return { ...this.params };
  }

  /**
   * Changes some options in place and forgets anything fitted (scikit-learn's set_params).
   * Unknown names and bad values are errors, and then nothing is changed.
   */
  setParams(changes: Partial<P>): this {
    const merged = resolveParams(this.estimatorName, this.paramSpec, { ...this.params, ...changes } as Partial<P>);
    (this as { params: Resolved<P> }).params = merged;
    this.forgetFit();
    return this;
  }

  /** A new, unfitted estimator with the same options (nested estimators cloned), some replaced. */
  clone(overrides: Partial<P> = {}): this {
    checkNames(this.estimatorName, this.paramSpec as ParamSpec<object>, Object.keys(overrides));
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.params)) params[k] = cloneValue(v);
    Object.assign(params, overrides);
    const Ctor = this.constructor as new (p: Partial<P>) => this;
    return new Ctor(params as Partial<P>);
  }

  /** True once fit() has run. */
  isFitted(): boolean {
    return this.nFeaturesIn_ !== undefined;
  }

  /** Throws NotFittedError unless fit() has run; `method` names the call in the message. */
  protected checkFitted(method: string): void {
    if (!this.isFitted()) {
      throw new NotFittedError(`${this.estimatorName}.${method}: this ${this.estimatorName} is not fitted yet; call fit() first`);
    }
  }

  /** Deletes every learned field (those ending in "_"). */
  protected forgetFit(): void {
    for (const key of Object.keys(this)) if (key.endsWith("_")) delete (this as Record<string, unknown>)[key];
  }

  /**
   * Checks and converts X. With `reset` (in fit) it records the width and, for a DataFrame, the
   * column names; without (predict, transform) it requires a fitted estimator and the same
   * columns, and names any that are missing, extra or out of order.
   */
  protected validateX(X: XInput, method: string, reset: boolean): number[][] {
    const who = `${this.estimatorName}.${method}`;
    if (reset) {
      const M = toMatrix(X, who);
      this.forgetFit();
      this.nFeaturesIn_ = M[0].length;
      const names = columnNames(X);
      if (names) this.featureNamesIn_ = names;
      return M;
    }
    this.checkFitted(method);
    if (this.featureNamesIn_ && isFrameLike(X)) checkColumns(who, this.featureNamesIn_, X);
    return toMatrix(X, who, this.nFeaturesIn_);
  }

  /** Checks one option value against the declaration (for options that can also be set later). */
  protected checkOption(name: keyof P & string, value: unknown): void {
    const decl = (this.paramSpec as Record<string, ParamSpec<P>[keyof P]>)[name];
    if (!decl) throw new ParamError(`${this.estimatorName}: unknown option "${name}"`);
    checkValue(this.estimatorName, name, decl as never, value);
  }
}

/** Compares a DataFrame's columns with those seen at fit time. */
function checkColumns(who: string, fitted: string[], X: FrameLike): void {
  const given = X.columns.map(String);
  const missing = fitted.filter((c) => !given.includes(c));
  const extra = given.filter((c) => !fitted.includes(c));
  if (missing.length || extra.length) {
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map((c) => `"${c}"`).join(", ")}`);
    if (extra.length) parts.push(`not seen at fit ${extra.map((c) => `"${c}"`).join(", ")}`);
    throw new DataError(`${who}: the DataFrame's columns differ from those the model was fitted on: ${parts.join("; ")}`);
  }
  const moved = fitted.filter((c, j) => given[j] !== c);
  if (moved.length) {
    throw new DataError(`${who}: the DataFrame has the fitted columns in a different order (${moved.map((c) => `"${c}"`).join(", ")} moved); select them in the fitted order, e.g. df.loc({ columns: model.featureNamesIn_ })`);
  }
}

/** Wraps predictions as a danfojs Series on X's row index (or 0..n-1 for arrays). */
export function asSeries(values: readonly (number | string)[], X: unknown, name: string): Series {
  // danfojs is loaded only when a Series is asked for, so worker threads never pay for it.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  const index = isFrameLike(X) && Array.isArray(X.index) ? (X.index as (string | number)[]) : undefined;
  return new dfd.Series([...values], { index, columns: [name] });
}

/** A model that predicts one number per row. */
export abstract class BaseRegressor<P extends object> extends BaseEstimator<P> {
  readonly estimatorType = "regressor" as const;
  /** Learns from X (rows of descriptors) and y (one target value per row); returns this. */
  abstract fit(X: XInput, y: unknown): this;
  /** One prediction per row of X. */
  abstract predict(X: XInput): number[];

  /** Predictions as a danfojs Series on X's index (named `name`, default "prediction"). */
  predictSeries(X: XInput, name = "prediction"): Series {
    return asSeries(this.predict(X), X, name);
  }
}

/** A model that predicts a class label per row. */
export abstract class BaseClassifier<P extends object> extends BaseEstimator<P> {
  readonly estimatorType = "classifier" as const;
  /** The distinct class labels seen by fit, sorted (columns of predictProba). */
  classes_?: (number | string)[];
  abstract fit(X: XInput, y: unknown): this;
  /** One label per row of X. */
  abstract predict(X: XInput): (number | string)[];

  /** Predicted labels as a danfojs Series on X's index. */
  predictSeries(X: XInput, name = "prediction"): Series {
    return asSeries(this.predict(X), X, name);
  }
}

/** Learns a transformation of X (scaling, projection, embedding). */
export abstract class BaseTransformer<P extends object> extends BaseEstimator<P> {
  readonly estimatorType = "transformer" as const;
  abstract fit(X: XInput, y?: unknown): this;
  /** Fits on X and returns X transformed. */
  fitTransform(X: XInput, y?: unknown): number[][] {
    return this.fit(X, y).transform(X);
  }
  /** Applies the learned transformation to new rows. */
  abstract transform(X: XInput): number[][];
}

/** True when `x` follows the estimator contract. */
export function isEstimator(x: unknown): x is BaseEstimator<object> {
  return x instanceof BaseEstimator;
}

/** True for classifiers (read from `estimatorType`, never guessed from a class name). */
export function isClassifier(x: unknown): boolean {
  return x instanceof BaseEstimator && x.estimatorType === "classifier";
}

/** True for regressors. */
export function isRegressor(x: unknown): boolean {
  return x instanceof BaseEstimator && x.estimatorType === "regressor";
}
