// The contract every estimator in the library follows, in the spirit of scikit-learn:
//   const model = new RandomForestRegressor({ nEstimators: 100, seed: 0 }).fit(X, y);
//   const yHat = model.predict(Xtest);            // number[] of length Xtest.length
// Hyperparameters live in the constructor (`params`), fit() returns the estimator, learned
// state is set only by fit(), and predict() before fit() is an error.

/** Anything shaped like a danfojs DataFrame: row-major values and column names. */
export interface FrameLike {
  values: unknown[] | unknown[][];
  columns: string[];
}

/** Feature input accepted by every estimator: rows of numbers or a DataFrame. */
export type XInput = number[][] | FrameLike;
/** Target input: numbers, or a one-column DataFrame / Series-like object with `values`. */
export type YInput = number[] | { values: unknown[] };

export function isFrameLike(x: unknown): x is FrameLike {
  return typeof x === "object" && x !== null && Array.isArray((x as FrameLike).columns) && "values" in x;
}

/**
 * Converts X to number[][] and checks it: non-empty, rectangular, finite, and (if given)
 * `width` columns wide. `who` names the caller in error messages.
 */
export function toMatrix(X: XInput, who: string, width?: number): number[][] {
  let rows: unknown[];
  let columns: string[] | undefined;
  if (isFrameLike(X)) {
    rows = X.values as unknown[];
    columns = X.columns;
  } else if (Array.isArray(X)) {
    rows = X;
  } else {
    throw new Error(`${who}: X must be number[][] or a DataFrame, got ${typeof X}`);
  }
  if (rows.length === 0) throw new Error(`${who}: X is empty (0 rows)`);
  const first = rows[0];
  if (!Array.isArray(first)) throw new Error(`${who}: X must be 2-D (rows of numbers); row 0 is not an array`);
  const p = first.length;
  if (p === 0) throw new Error(`${who}: X has 0 columns`);
  if (width !== undefined && p !== width) {
    throw new Error(`${who}: X has ${p} columns but the model was fitted on ${width}`);
  }
  const out: number[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== p) {
      throw new Error(`${who}: X row ${i} has ${Array.isArray(row) ? row.length : "no"} values, expected ${p}`);
    }
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        const col = columns ? ` (column "${columns[j]}")` : "";
        throw new Error(`${who}: X[${i}][${j}]${col} is ${String(v)}; every feature must be a finite number`);
      }
    }
    out[i] = row as number[];
  }
  return out;
}

/** Converts y to number[] and checks it is finite and (if given) of length n. */
export function toVector(y: YInput, who: string, n?: number): number[] {
  const values = Array.isArray(y) ? y : y && Array.isArray((y as { values: unknown[] }).values) ? (y as { values: unknown[] }).values : null;
  if (!values) throw new Error(`${who}: y must be number[] or a Series/one-column DataFrame`);
  const flat = values.map((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v));
  if (flat.length === 0) throw new Error(`${who}: y is empty`);
  if (n !== undefined && flat.length !== n) throw new Error(`${who}: X has ${n} rows but y has ${flat.length}`);
  flat.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${who}: y[${i}] is ${String(v)}; targets must be finite numbers`);
  });
  return flat as number[];
}

/** Throws a clear error when a model is used before fit(). */
export function assertFitted<T>(state: T | undefined, who: string): T {
  if (state === undefined) throw new Error(`${who}: call fit() before predict()`);
  return state;
}

/** Checks a hyperparameter; `rule` describes the valid range in the error message. */
export function checkParam(ok: boolean, who: string, name: string, value: unknown, rule: string): void {
  if (!ok) throw new Error(`${who}: ${name} must be ${rule}, got ${JSON.stringify(value)}`);
}

/** A fitted-or-not regressor. */
export interface Regressor {
  fit(X: XInput, y: YInput): this;
  predict(X: XInput): number[];
}

/** A classifier: integer (or string) class labels in, labels out; probabilities where it can. */
export interface Classifier {
  fit(X: XInput, y: (number | string)[]): this;
  predict(X: XInput): (number | string)[];
  predictProba?(X: XInput): number[][];
  classes?: (number | string)[];
}

/** Estimators expose their hyperparameters so that model selection can clone them. */
export interface HasParams<P extends object> {
  readonly params: Readonly<P>;
  /** A new, unfitted estimator of the same kind with some hyperparameters replaced. */
  clone(overrides?: Partial<P>): this;
}
