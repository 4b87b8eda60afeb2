// Turning what a user hands in — rows of numbers, a danfojs DataFrame or Series — into the plain
// arrays the algorithms work on, with errors that name the row, the column and the value.
import { DataError } from "./errors";

/** Anything shaped like a danfojs DataFrame: row-major values, column names, a row index. */
export interface FrameLike {
  values: unknown[] | unknown[][];
  columns: string[];
  index?: unknown[];
}

/** Anything shaped like a danfojs Series: values and a row index. */
export interface SeriesLike {
  values: unknown[];
  index?: unknown[];
}

/** Feature input accepted everywhere: rows of numbers or a DataFrame. */
export type XInput = readonly (readonly number[])[] | FrameLike;
/** Numeric target input: numbers, a Series, or a one-column DataFrame. */
export type YInput = readonly number[] | SeriesLike;
/** Class-label input: numbers or strings, or a Series of them. */
export type LabelInput = readonly (number | string)[] | SeriesLike;

/**
 * True for a DataFrame (or anything with `columns` and `values`). A danfojs Series also has
 * `columns` (its name), so one-dimensional objects (`ndim` 1) are not frames.
 */
export function isFrameLike(x: unknown): x is FrameLike {
  return typeof x === "object" && x !== null && !Array.isArray(x) && Array.isArray((x as FrameLike).columns) && "values" in x && (x as { ndim?: unknown }).ndim !== 1;
}

/** True for a Series-like object (values without columns). */
export function isSeriesLike(x: unknown): x is SeriesLike {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !isFrameLike(x) && Array.isArray((x as SeriesLike).values);
}

/** Column names of X when it is a DataFrame, else undefined. */
export function columnNames(X: unknown): string[] | undefined {
  return isFrameLike(X) ? X.columns.map(String) : undefined;
}

/**
 * Converts X to number[][] and checks it: non-empty, rectangular, finite, and (if given)
 * `width` columns wide. `who` names the caller in error messages ("Ridge.fit").
 */
export function toMatrix(X: XInput | unknown, who: string, width?: number): number[][] {
  let rows: unknown[];
  let columns: string[] | undefined;
  if (isFrameLike(X)) {
    rows = X.values as unknown[];
    columns = X.columns;
  } else if (Array.isArray(X)) {
    rows = X;
  } else {
    throw new DataError(`${who}: X must be number[][] or a DataFrame, got ${X === null ? "null" : typeof X}`);
  }
  if (rows.length === 0) throw new DataError(`${who}: X is empty (0 rows)`);
  const first = rows[0];
  if (!Array.isArray(first)) throw new DataError(`${who}: X must be 2-D (rows of numbers); row 0 is not an array`);
  const p = first.length;
  if (p === 0) throw new DataError(`${who}: X has 0 columns`);
  if (width !== undefined && p !== width) {
    throw new DataError(`${who}: X has ${p} columns but the model was fitted on ${width}`);
  }
  const out: number[][] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== p) {
      throw new DataError(`${who}: X row ${i} has ${Array.isArray(row) ? row.length : "no"} values, expected ${p}`);
    }
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        const col = columns ? ` (column "${columns[j]}")` : "";
        throw new DataError(`${who}: X[${i}][${j}]${col} is ${typeof v === "string" ? JSON.stringify(v) : String(v)}; every feature must be a finite number`);
      }
    }
    out[i] = row as number[];
  }
  return out;
}

/** The plain values of a target: an array, a Series' values, or a one-column DataFrame's. */
function targetValues(y: unknown, who: string, what: string): unknown[] {
  if (Array.isArray(y)) return y.map((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v));
  if (isFrameLike(y)) {
    if (y.columns.length !== 1) throw new DataError(`${who}: ${what} must be one column; got a DataFrame with ${y.columns.length} (${y.columns.join(", ")})`);
    return (y.values as unknown[][]).map((r) => r[0]);
  }
  if (isSeriesLike(y)) return y.values;
  throw new DataError(`${who}: ${what} must be an array or a Series, got ${y === null ? "null" : typeof y}`);
}

/** Converts y to number[] and checks it is non-empty, finite and (if given) of length n. */
export function toVector(y: YInput | unknown, who: string, n?: number): number[] {
  const flat = targetValues(y, who, "y");
  if (flat.length === 0) throw new DataError(`${who}: y is empty`);
  if (n !== undefined && flat.length !== n) throw new DataError(`${who}: X has ${n} rows but y has ${flat.length}`);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new DataError(`${who}: y[${i}] is ${typeof v === "string" ? JSON.stringify(v) : String(v)}; targets must be finite numbers`);
  }
  return flat as number[];
}

/** Converts class labels to (number | string)[] (checks happen in encodeLabels). */
export function toLabels(y: LabelInput | unknown, who: string): (number | string)[] {
  return targetValues(y, who, "y") as (number | string)[];
}

/** Rows of `data` at `indices`, in that order (numpy's data[indices]); works for any array. */
export function take<T>(data: readonly T[], indices: readonly number[]): T[] {
  const out = new Array<T>(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= data.length) throw new DataError(`take: index ${i} at position ${k} is out of range for ${data.length} rows`);
    out[k] = data[i];
  }
  return out;
}
