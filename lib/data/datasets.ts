// The tutorial's three data files, found the way the tutorial finds them (download from its
// public repository) but cached, checked and returned as danfojs DataFrames.
//
// Where a file is looked for, in order:
//   1. the folder in env MATML_DATA_DIR (CI and tests point it at ../shared/data), or the data
//      bundle file it names (see bundle.ts),
//   2. the git-ignored cache data/cache/ (or env MATML_CACHE_DIR; ~/.cache/matml when the project is read-only),
//   3. a download from the tutorial's repository into that cache (atomic: see download.ts).
import * as fs from "fs";
import * as path from "path";
import * as XLSX from "xlsx";
import { DataFrame } from "danfojs-node";
import { dataCacheDir } from "../paths";
import { parseCsv, CsvTable } from "./csv";
import { downloadFile } from "./download";
import { resolveDataDir } from "./bundle";
import { ALL_DESCRIPTORS, ELEMENTAL_PROPERTIES, TARGETS } from "./columns";
import { PerovskiteFeaturizer } from "./featurizer";

export const TUTORIAL_REPOSITORY = "https://github.com/mannodiarun/IMRC-2025-ML-Tutorial";
/** Raw files of the tutorial's repository, branch main (env MATML_DATA_URL overrides, e.g. for tests). */
export const TUTORIAL_RAW_URL = "https://raw.githubusercontent.com/mannodiarun/IMRC-2025-ML-Tutorial/main/";

export type DatasetName = "DFT_data.csv" | "Outside.csv" | "Elemental_properties.xlsx";
export const DATASETS: DatasetName[] = ["DFT_data.csv", "Outside.csv", "Elemental_properties.xlsx"];

export interface DataOptions {
  /** A folder to read first (default: env MATML_DATA_DIR). */
  dataDir?: string;
  /** The download cache (default: env MATML_CACHE_DIR or <project>/data/cache). */
  cacheDir?: string;
  /** Base URL to download from (default: env MATML_DATA_URL or the tutorial's repository). */
  baseUrl?: string;
  /** Allow downloading when no local copy exists (default true). */
  download?: boolean;
}

/** The download cache: env MATML_CACHE_DIR, else data/cache/, else a per-user folder when the project is read-only (see lib/paths.ts). */
export function defaultCacheDir(): string {
  return dataCacheDir();
}

/** Finds (or downloads) a dataset and returns its path. */
export async function locateDataset(name: DatasetName, options: DataOptions = {}): Promise<string> {
  const given = options.dataDir ?? process.env.MATML_DATA_DIR;
  const dataDir = given ? resolveDataDir(given) : undefined; // a folder, or a bundle file (bundle.ts)
  if (dataDir) {
    const p = path.resolve(dataDir, name);
    if (fs.existsSync(p)) return p;
  }
  const cache = options.cacheDir ?? defaultCacheDir();
  const cached = path.join(cache, name);
  if (fs.existsSync(cached)) return cached;
  const base = options.baseUrl ?? process.env.MATML_DATA_URL ?? TUTORIAL_RAW_URL;
  const url = base.replace(/\/?$/, "/") + name;
  const where = dataDir ? `${path.resolve(dataDir)} or ${cache}` : cache;
  if (options.download === false) {
    throw new Error(`${name} was not found in ${where}, and downloading is switched off. Download it from ${url} and put it in ${cache}.`);
  }
  try {
    return await downloadFile(url, cached);
  } catch (e) {
    throw new Error(
      `${name} was not found in ${where}, and downloading it from ${url} failed (${(e as Error).message}). ` +
        `If you are offline, copy ${name} into ${cache} or set MATML_DATA_DIR to a folder that holds it.`,
    );
  }
}

/**
 * Turns a CSV table into typed columns: `numeric` columns must hold finite numbers (the error
 * names file, line and column); every other column stays as text.
 */
function typedFrame(table: CsvTable, file: string, numeric: readonly string[]): DataFrame {
  const missing = numeric.filter((c) => !table.columns.includes(c));
  if (missing.length) throw new Error(`${file}: missing column(s) ${missing.join(", ")}`);
  const isNumeric = table.columns.map((c) => numeric.includes(c) || c === "Index");
  const rows = table.rows.map((cells, r) =>
    cells.map((cell, j) => {
      if (!isNumeric[j]) return cell;
      const v = cell.trim() === "" ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        throw new Error(`${file} line ${table.lines[r]}, column "${table.columns[j]}": "${cell}" is not a number`);
      }
      return v;
    }),
  );
  if (rows.length === 0) throw new Error(`${file}: no data rows`);
  return new DataFrame(rows, { columns: table.columns });
}

async function readCsvDataset(name: DatasetName, numeric: readonly string[], options: DataOptions): Promise<{ df: DataFrame; file: string }> {
  const file = await locateDataset(name, options);
  const table = parseCsv(fs.readFileSync(file, "utf8"), file);
  if (!table.columns.includes("Formula")) throw new Error(`${file}: missing column Formula`);
  return { df: typedFrame(table, file, numeric), file };
}

/**
 * DFT_data.csv: the 512 computed alloys. Columns: Index, Formula, "Decomposition Energy" (eV per
 * formula unit), "Band Gap" (eV), the 14 site fractions and the 36 elemental descriptors.
 */
export async function loadDFT(options: DataOptions = {}): Promise<DataFrame> {
  return (await readCsvDataset("DFT_data.csv", [...TARGETS, ...ALL_DESCRIPTORS], options)).df;
}

export interface OutsideOptions extends DataOptions {
  /**
   * Recompute the 36 elemental descriptors from the site fractions with our featurizer (default
   * true). Outside.csv comes from an earlier edition of the tutorial whose Ge/Sn ionic radii
   * differ from DFT_data.csv's; a model trained on DFT_data.csv must see candidates described
   * the same way.
   */
  recomputeDescriptors?: boolean;
}

/** Outside.csv: untested compositions with the same 50 descriptors (extra columns are kept). */
export async function loadOutside(options: OutsideOptions = {}): Promise<DataFrame> {
  const { df } = await readCsvDataset("Outside.csv", ALL_DESCRIPTORS, options);
  if (options.recomputeDescriptors === false) return df;
  const featurizer = await PerovskiteFeaturizer.load(options);
  return featurizer.recomputeDescriptors(df);
}

/** Elemental_properties.xlsx: one row per element or molecule (M = symbol, MA, FA) and 12 properties. */
export async function loadElementalProperties(options: DataOptions = {}): Promise<DataFrame> {
  const file = await locateDataset("Elemental_properties.xlsx", options);
  let rows: unknown[][];
  try {
    const wb = XLSX.read(fs.readFileSync(file), { type: "buffer" });
    rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: null, blankrows: false });
  } catch (e) {
    throw new Error(`${file}: not a readable spreadsheet (${(e as Error).message})`);
  }
  const header = (rows[0] ?? []).map((h) => String(h ?? "").trim());
  const wanted = ["M", ...ELEMENTAL_PROPERTIES.map((p) => p.sheetColumn)];
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`${file}: missing column(s) ${missing.join(", ")} in the first sheet`);
  const idx = wanted.map((c) => header.indexOf(c));
  const data = rows.slice(1).map((row, r) =>
    idx.map((j, k) => {
      const v = row[j];
      if (k === 0) {
        if (typeof v !== "string" || !v.trim()) throw new Error(`${file} row ${r + 2}, column M: missing element symbol`);
        return v.trim();
      }
      if (v === null || v === "") return NaN; // a property unknown for an element the case study does not use
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${file} row ${r + 2}, column ${wanted[k]}: ${JSON.stringify(v)} is not a number`);
      }
      return v;
    }),
  );
  return new DataFrame(data, { columns: wanted });
}
