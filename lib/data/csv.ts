// A small CSV reader that keeps track of line numbers, so that a bad value can be reported as
// "DFT_data.csv line 17, column Band Gap" rather than as a NaN deep inside a model.
import { DataError } from "../core/errors";

/** A parsed CSV file: header, cell strings and the file line of each row. */
export interface CsvTable {
  columns: string[];
  /** Cell strings, one array per data row. */
  rows: string[][];
  /** 1-based line number in the file of each data row (the header is line 1). */
  lines: number[];
}

/** Splits one CSV line into fields (RFC 4180 quoting; no embedded newlines). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}

/**
 * Throws a DataError when two columns share a name (after trimming), naming the file, the column
 * and both positions. A table with two "Band Gap" columns cannot be read unambiguously.
 */
export function checkUniqueColumns(columns: readonly string[], file: string): void {
  const seen = new Map<string, number>();
  columns.forEach((c, j) => {
    const first = seen.get(c);
    if (first !== undefined) {
      throw new DataError(`${file}: two columns are named "${c}" (columns ${first + 1} and ${j + 1}); rename or remove one`);
    }
    seen.set(c, j);
  });
}

/**
 * Parses CSV text; `file` names the source in error messages. Every data line must have as many
 * fields as the header, and column names must be unique.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const all = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = all[0]?.trim() ? splitCsvLine(all[0]).map((c) => c.trim()) : null;
  if (!header) throw new DataError(`${file}: the file is empty (no header line)`);
  checkUniqueColumns(header, file);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i].trim() === "") continue;
    const cells = splitCsvLine(all[i]);
    if (cells.length !== header.length) {
      throw new DataError(`${file} line ${i + 1}: ${cells.length} fields, but the header has ${header.length}`);
    }
    rows.push(cells);
    lines.push(i + 1);
  }
  return { columns: header, rows, lines };
}

/** A plain decimal number: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Reads one numeric cell strictly. Returns the number, or a sentence saying why the text is not
 * one: JavaScript's Number() would read "0x10" as 16, "Infinity" as ∞ and "" as 0, and
 * "1e309" overflows to ∞; none of those belong in a table of measurements.
 */
export function readDecimal(cell: string): number | { problem: string } {
  const s = cell.trim();
  if (s === "") return { problem: "the cell is empty" };
  if (!DECIMAL.test(s)) {
    if (/^[-+]?(nan|inf(inity)?)$/i.test(s)) return { problem: `"${cell}" is not a finite number` };
    return { problem: `"${cell}" is not a decimal number` };
  }
  const v = Number(s);
  if (!Number.isFinite(v)) return { problem: `"${cell}" is out of range (beyond ±1.8e308)` };
  return v;
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no newline) from a row of values. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(",");
}
