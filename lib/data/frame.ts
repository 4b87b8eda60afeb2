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
