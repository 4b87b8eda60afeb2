// Is a file really the tutorial's data file? Checked before a download is renamed into the cache,
// every time a cached copy is used, and (for the structure only) for files in the user's own
// MATML_DATA_DIR. The answer is a sentence saying what is wrong, so that the caller can name the
// file, where it is, and how to get a good copy.
import * as XLSX from "xlsx";
import { DataError } from "../core/errors";
import { ALL_DESCRIPTORS, ELEMENTAL_PROPERTIES, TARGETS } from "./columns";
import { checkUniqueColumns, parseCsv } from "./csv";
import { DatasetName, datasetPins, sha256Hex } from "./pins";

/** "pinned": the bytes must be the published file (download, cache); "structure": any file the loaders can read (the user's folder). */
export type CheckMode = "pinned" | "structure";

/** The outcome of checking one file. */
export interface DatasetCheck {
  /** What is wrong, in a sentence; null when the file can be used. */
  problem: string | null;
  /** True when the bytes are exactly the pinned file. */
  matchesPin: boolean;
}

/** Columns the loaders need in each file (other columns may be present in a user's copy). */
export const REQUIRED_COLUMNS: Record<DatasetName, string[]> = {
  "DFT_data.csv": ["Formula", ...TARGETS, ...ALL_DESCRIPTORS],
  "Outside.csv": ["Formula", ...ALL_DESCRIPTORS],
  "Elemental_properties.xlsx": ["M", ...ELEMENTAL_PROPERTIES.map((p) => p.sheetColumn)],
};

/** True when the bytes start like a web page (what a proxy, a login wall or an error page sends). */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("utf8");
  return /^\s*<(!doctype\s+html|html|head|body|\?xml[^>]*>\s*<html)/i.test(head) || /<html[\s>]/i.test(head);
}

/** The first sheet of an .xlsx workbook as rows of cells (header row first); throws DataError naming `file`. */
export function readSheetRows(bytes: Uint8Array, file: string): unknown[][] {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new DataError(`${file}: not an .xlsx workbook (it does not start with the ZIP signature "PK")`);
  }
  try {
    const wb = XLSX.read(bytes, { type: "buffer" });
    return XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null, blankrows: false });
  } catch (e) {
    throw new DataError(`${file}: not a readable spreadsheet (${(e as Error).message})`);
  }
}

/** Header and number of data rows of a file, or throws a DataError saying why it cannot be read. */
function shape(name: DatasetName, bytes: Uint8Array): { columns: string[]; rows: number } {
  if (name.endsWith(".xlsx")) {
    const rows = readSheetRows(bytes, name);
    const columns = (rows[0] ?? []).map((h) => String(h ?? "").trim());
    checkUniqueColumns(columns, `${name} (first sheet)`);
    return { columns, rows: Math.max(0, rows.length - 1) };
  }
  const table = parseCsv(Buffer.from(bytes).toString("utf8"), name);
  return { columns: table.columns, rows: table.rows.length };
}

/** What is wrong with the structure of `bytes` as the file `name` (null when nothing is). */
function structureProblem(name: DatasetName, bytes: Uint8Array, mode: CheckMode): string | null {
  if (bytes.length === 0) return "it is empty (0 bytes)";
  if (looksLikeHtml(bytes)) return "it is an HTML page, not the data (a proxy, login or error page was saved in its place)";
  let found: { columns: string[]; rows: number };
  try {
    found = shape(name, bytes);
  } catch (e) {
    return (e as Error).message;
  }
  const pin = datasetPins()[name];
  const wanted = mode === "pinned" ? pin.columns : REQUIRED_COLUMNS[name];
  const missing = wanted.filter((c) => !found.columns.includes(c));
  if (missing.length) return `its header lacks column(s) ${missing.slice(0, 6).join(", ")}${missing.length > 6 ? `, … (${missing.length} in all)` : ""}`;
  if (mode === "pinned") {
    const extra = found.columns.filter((c) => !pin.columns.includes(c));
    if (extra.length) return `its header has column(s) the tutorial's file does not: ${extra.slice(0, 6).join(", ")}`;
    if (found.rows < pin.rows) return `it has ${found.rows} data rows, the tutorial's file has ${pin.rows} (cut short?)`;
    if (found.rows > pin.rows) return `it has ${found.rows} data rows, the tutorial's file has ${pin.rows}`;
  } else if (found.rows === 0) return "it has a header but no data rows";
  return null;
}

/**
 * Checks `bytes` as the tutorial's file `name`. In "pinned" mode they must be the published file
 * (same header and row count, and the committed SHA-256); in "structure" mode they must only be
 * readable by the loaders (the user's own copy may differ from the pin).
 */
export function checkDataset(name: DatasetName, bytes: Uint8Array, mode: CheckMode): DatasetCheck {
  const pin = datasetPins()[name];
  const sha = sha256Hex(bytes);
  if (sha === pin.sha256) return { problem: null, matchesPin: true };
  const problem = structureProblem(name, bytes, mode);
  if (problem || mode === "structure") return { problem, matchesPin: false };
  return {
    problem: `its SHA-256 is ${sha.slice(0, 16)}… (${bytes.length} bytes), but the tutorial's file has ${pin.sha256.slice(0, 16)}… (${pin.bytes} bytes): the content differs from the pinned version`,
    matchesPin: false,
  };
}
