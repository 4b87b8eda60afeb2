// Small bridges between danfojs DataFrames and the number[][] that the estimators take.
import { DataFrame } from "danfojs-node";
import { DataError } from "../core/errors";
import { showValue } from "../core/params";

function columnIndex(df: DataFrame, name: string, who: string): number {
  const j = df.columns.indexOf(name);
  if (j < 0) {
    throw new DataError(`${who}: no column "${name}" (columns are: ${df.columns.slice(0, 12).join(", ")}${df.columns.length > 12 ? ", ..." : ""})`);
  }
  return j;
}

/** The given columns as rows of numbers, checking every value is a finite number. */
export function matrixOf(df: DataFrame, columns: readonly string[]): number[][] {
  const idx = columns.map((c) => columnIndex(df, c, "matrixOf"));
  const values = df.values as unknown[][];
  return values.map((row, i) =>
    idx.map((j, k) => {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new DataError(`matrixOf: row ${i}, column "${columns[k]}" is ${showValue(v)}, not a finite number`);
      }
      return v;
    }),
  );
}

/** One column as an array (numbers or strings, as stored). */
export function columnOf<T = number>(df: DataFrame, name: string): T[] {
  const j = columnIndex(df, name, "columnOf");
  return (df.values as unknown[][]).map((row) => row[j] as T);
}

/** Rows of a DataFrame at the given positions, as a new DataFrame. */
export function rowsOf(df: DataFrame, positions: readonly number[]): DataFrame {
  const values = df.values as unknown[][];
  return new DataFrame(
    positions.map((i) => values[i]),
    { columns: df.columns },
  );
}

/** Builds a DataFrame from plain records (keys become columns, in first-record order). */
export function frameFromRecords(records: Record<string, unknown>[]): DataFrame {
  if (records.length === 0) throw new DataError("frameFromRecords: no records");
  const columns = Object.keys(records[0]);
  return new DataFrame(
    records.map((r) => columns.map((c) => r[c])),
    { columns },
  );
}

/** Options of concatFrames. */
export interface ConcatFramesOptions {
  /** Name of the column that says which frame each row came from (default "source"). */
  keyColumn?: string;
}

/**
 * Stacks DataFrames with the same columns on top of each other (pandas' pd.concat of a dict of
 * frames): `{ name: frame, ... }` in order, with a column (`keyColumn`, default "source") holding
 * each row's name. The result has a fresh index 0..n-1.
 */
export function concatFrames(frames: Record<string, DataFrame>, options: ConcatFramesOptions = {}): DataFrame {
  const { keyColumn = "source" } = options;
  const entries = Object.entries(frames);
  if (entries.length === 0) throw new DataError("concatFrames: no frames given; pass { name: frame, ... }");
  const columns = entries[0][1].columns.map(String);
  if (columns.includes(keyColumn)) throw new DataError(`concatFrames: the frames already have a "${keyColumn}" column; choose another keyColumn`);
  const rows: unknown[][] = [];
  for (const [name, df] of entries) {
    const own = df.columns.map(String);
    if (own.length !== columns.length || own.some((c, j) => c !== columns[j])) {
      const missing = columns.filter((c) => !own.includes(c));
      const extra = own.filter((c) => !columns.includes(c));
      const why = missing.length || extra.length ? `missing ${missing.join(", ") || "none"}; extra ${extra.join(", ") || "none"}` : "the same columns in another order";
      throw new DataError(`concatFrames: frame "${name}" has other columns than "${entries[0][0]}" (${why}); select the same columns in the same order first`);
    }
    for (const row of df.values as unknown[][]) rows.push([...row, name]);
  }
  return new DataFrame(rows, { columns: [...columns, keyColumn] });
}

/** A cell of a table as plain JSON: a number, a string, a boolean or null. */
export type CellValue = number | string | boolean | null;

/** The rows of a DataFrame as plain records, { column: value } (pandas' df.to_dict("records")). */
export function recordsOf(df: DataFrame): Record<string, CellValue>[] {
  const columns = df.columns.map(String);
  return (df.values as unknown[][]).map((row) =>
    Object.fromEntries(
      columns.map((c, j) => {
        const v = row[j];
        const plain = typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : v === null || v === undefined ? null : String(v);
        return [c, plain];
      }),
    ),
  );
}
