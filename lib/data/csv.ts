// A small CSV reader that keeps track of line numbers, so that a bad value can be reported as
// "DFT_data.csv line 17, column Band Gap" rather than as a NaN deep inside a model.

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

/** Parses CSV text; `file` names the source in error messages. */
export function parseCsv(text: string, file: string): CsvTable {
  const all = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = all[0]?.trim() ? splitCsvLine(all[0]).map((c) => c.trim()) : null;
  if (!header) throw new Error(`${file}: the file is empty (no header line)`);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i].trim() === "") continue;
    const cells = splitCsvLine(all[i]);
    if (cells.length !== header.length) {
      throw new Error(`${file} line ${i + 1}: ${cells.length} fields, but the header has ${header.length}`);
    }
    rows.push(cells);
    lines.push(i + 1);
  }
  return { columns: header, rows, lines };
}

/** Quotes a value for CSV output when it needs it. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
