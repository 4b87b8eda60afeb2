// Tables and text for notebooks: showTable draws a danfojs DataFrame (head(), describe(), a
// filtered view ...) or an array of records as an HTML table, the way pandas does in Jupyter.
// Outside a notebook the same table is printed as aligned text.
import { formatNumber } from "./figure";
import { sendDisplay } from "./show";

/** Options of showTable: title, digits, rows shown. */
export interface TableOptions {
  title?: string;
  /** Rows shown before the middle is cut out (default 20: the first 10 and the last 10). */
  maxRows?: number;
  /** Decimals of non-integer numbers (default 3). */
  digits?: number;
  /** Show the row labels (a DataFrame's index). Default: true for DataFrames, false for records. */
  index?: boolean;
}

/** Anything with columns, values and an index: a danfojs DataFrame or Series (no import needed). */
interface FrameLike {
  columns?: unknown;
  values: unknown;
  index?: unknown;
}

type Cell = unknown;

/** A table reduced to plain arrays: column names, row labels and rows of cells. */
export interface TableData {
  columns: string[];
  index: string[];
  rows: Cell[][];
}

function isFrameLike(x: unknown): x is FrameLike {
  return typeof x === "object" && x !== null && !Array.isArray(x) && Array.isArray((x as FrameLike).values);
}

/** Turns a DataFrame, a Series or records into column names, row labels and rows. */
export function tableData(source: unknown): TableData {
  if (Array.isArray(source)) {
    // Records: columns are the keys, in the order they first appear.
    const columns: string[] = [];
    const seen = new Set<string>();
    source.forEach((rec, i) => {
      if (typeof rec !== "object" || rec === null || Array.isArray(rec)) {
        throw new Error(`showTable: record ${i} is ${Array.isArray(rec) ? "an array" : typeof rec}, expected an object like { name: value }`);
      }
      for (const key of Object.keys(rec)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    });
    const rows = source.map((rec) => columns.map((c) => (rec as Record<string, Cell>)[c]));
    return { columns, index: rows.map((_, i) => String(i)), rows };
  }
  if (isFrameLike(source)) {
    const values = source.values as unknown[];
    const index = Array.isArray(source.index) ? source.index.map(String) : values.map((_, i) => String(i));
    const cols = Array.isArray(source.columns) ? source.columns.map(String) : [];
    if (values.length > 0 && !Array.isArray(values[0])) {
      // A Series: one column of values.
      const name = cols[0] ?? String((source as { name?: unknown }).name ?? "value");
      return { columns: [name], index, rows: values.map((v) => [v]) };
    }
    return { columns: cols, index, rows: values as Cell[][] };
  }
  throw new Error("showTable: expected a danfojs DataFrame (or Series) or an array of records like [{ name: value }]");
}

/**
 * Text of a cell. Like pandas, a column of whole numbers prints them as integers, and a column
 * with any fractional value gives every number the same decimals, so decimal points line up.
 */
function cellText(v: Cell, digits: number, wholeColumn: boolean): string {
  if (typeof v === "number") {
    if (wholeColumn || !Number.isFinite(v)) return formatNumber(v, digits);
    const abs = Math.abs(v);
    return abs !== 0 && (abs < Math.pow(10, -digits) || abs >= 1e9) ? formatNumber(v, digits) : v.toFixed(digits);
  }
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Per column: does it hold only whole numbers (among the rows shown)? */
function wholeColumns(t: TableData, rows: number[]): boolean[] {
  return t.columns.map((_, c) => rows.every((r) => r < 0 || typeof t.rows[r][c] !== "number" || Number.isInteger(t.rows[r][c])));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Which rows to show: all, or the first and last halves of maxRows with a gap (-1) between. */
function visibleRows(n: number, maxRows: number): number[] {
  if (n <= maxRows) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil(maxRows / 2);
  const tail = Math.floor(maxRows / 2);
  return [...Array.from({ length: head }, (_, i) => i), -1, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/** The HTML of a table (class "dataframe" like pandas, so Jupyter front-ends style it). */
export function tableHtml(source: unknown, opts: TableOptions = {}): string {
  const t = tableData(source);
  const digits = opts.digits ?? 3;
  const showIndex = opts.index ?? !Array.isArray(source);
  const rows = visibleRows(t.rows.length, opts.maxRows ?? 20);
  const whole = wholeColumns(t, rows);
  const th = (s: string, extra = "") => `<th${extra}>${escapeHtml(s)}</th>`;
  // Headers line up with their column: right over numbers, left over text.
  const numeric = t.columns.map((_, c) => rows.every((r) => r < 0 || typeof t.rows[r][c] === "number" || t.rows[r][c] == null));
  const head = `<thead><tr>${showIndex ? "<th></th>" : ""}${t.columns.map((c, i) => th(c, ` style="text-align:${numeric[i] ? "right" : "left"}"`)).join("")}</tr></thead>`;
  const body = rows
    .map((r) => {
      if (r < 0) return `<tr>${showIndex ? "<th>…</th>" : ""}${t.columns.map(() => "<td>…</td>").join("")}</tr>`;
      const cells = t.columns.map((_, c) => {
        const v = t.rows[r][c];
        return `<td style="text-align:${typeof v === "number" ? "right" : "left"}">${escapeHtml(cellText(v, digits, whole[c]))}</td>`;
      });
      return `<tr>${showIndex ? th(t.index[r]) : ""}${cells.join("")}</tr>`;
    })
    .join("\n");
  const title = opts.title ? `<div style="font-weight:bold;margin:4px 0">${escapeHtml(opts.title)}</div>` : "";
  const size = `<div style="color:#666;font-size:90%;margin-top:2px">${t.rows.length} rows × ${t.columns.length} columns</div>`;
  return `<div class="matml-table">${title}<div style="overflow-x:auto"><table class="dataframe" border="1">${head}\n<tbody>\n${body}\n</tbody></table></div>${size}</div>`;
}

/** The same table as aligned plain text (for terminals and text-only outputs). */
export function tableText(source: unknown, opts: TableOptions = {}): string {
  const t = tableData(source);
  const digits = opts.digits ?? 3;
  const showIndex = opts.index ?? !Array.isArray(source);
  const rows = visibleRows(t.rows.length, opts.maxRows ?? 20);
  const whole = wholeColumns(t, rows);
  const grid: string[][] = [[...(showIndex ? [""] : []), ...t.columns]];
  for (const r of rows) {
    if (r < 0) grid.push([...(showIndex ? ["…"] : []), ...t.columns.map(() => "…")]);
    else grid.push([...(showIndex ? [t.index[r]] : []), ...t.rows[r].map((v, c) => cellText(v, digits, whole[c]))]);
  }
  const widths = grid[0].map((_, c) => Math.max(...grid.map((row) => (row[c] ?? "").length)));
  const lines = grid.map((row) => row.map((s, c) => (s ?? "").padStart(widths[c])).join("  "));
  const title = opts.title ? [opts.title] : [];
  return [...title, ...lines, `[${t.rows.length} rows × ${t.columns.length} columns]`].join("\n");
}

/**
 * Shows a table: a danfojs DataFrame (df, df.head(), df.describe(), a filtered view), a Series,
 * or an array of records ([{ model: "RF", rmse: 0.18 }, ...]). Numbers are rounded to `digits`.
 */
export function showTable(source: unknown, opts: TableOptions = {}): void {
  const html = tableHtml(source, opts);
  const text = tableText(source, opts);
  if (!sendDisplay({ "text/html": html, "text/plain": text })) console.log(text);
}

/** Shows Markdown text (with LaTeX between $ signs) in a notebook; prints it elsewhere. */
export function showMarkdown(text: string): void {
  if (!sendDisplay({ "text/markdown": text, "text/plain": text })) console.log(text);
}
