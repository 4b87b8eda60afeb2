// The case-study tables as danfojs DataFrames, read strictly: every number must be a plain
// decimal (no "0x10", "Infinity", "NaN" or overflow), column names unique, and the 14 site
// fractions of each row must fill their sites. Errors name the file, line and column.
//
// Where the files come from (the user's folder, the checked cache or a checked download) is
// files.ts; Elemental_properties.xlsx is read by elements.ts.
import * as fs from "fs";
import { DataFrame } from "danfojs-node";
import { DataError } from "../core/errors";
import { ALL_DESCRIPTORS, SITES, SITE_SPECIES, TARGETS } from "./columns";
import { parseCsv, readDecimal, CsvTable } from "./csv";
import { PerovskiteFeaturizer } from "./featurizer";
import { DataOptions, locateDataset } from "./files";
import { DatasetName } from "./pins";

export { DATASETS, TUTORIAL_RAW_URL, TUTORIAL_REPOSITORY, defaultCacheDir, locateDataset } from "./files";
export type { DataOptions, DatasetName } from "./files";
export { loadElementalProperties } from "./elements";

/**
 * Half a unit in the last decimal written in a cell ("0.38" → 0.005, "0.125" → 0.0005,
 * "1.25E-01" → 0.0005); 0 for whole numbers, which are exact.
 */
export function roundingOf(cell: string): number {
  const m = /^[-+]?\d*(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(cell.trim());
  if (!m || m[1] === undefined) return 0;
  return 0.5 * 10 ** -(m[1].length - Number(m[2] ?? 0));
}

/**
 * Checks that the site fractions of one row fill each site: between 0 and 1, and adding up to 1
 * within the rounding of the cells as written (Outside.csv rounds eighths to two decimals, so
 * 0.38 + 0.38 + 0.25 = 1.01 is fine; 0.9 is not).
 */
function checkSiteFractions(table: CsvTable, r: number, values: unknown[], file: string): void {
  const where = () => {
    const f = table.columns.indexOf("Formula");
    return `${file} line ${table.lines[r]}${f >= 0 ? ` (Formula ${table.rows[r][f]})` : ""}`;
  };
  for (const site of SITES) {
    let sum = 0;
    let slack = 1e-9;
    const terms: string[] = [];
    for (const sp of SITE_SPECIES[site]) {
      const j = table.columns.indexOf(sp);
      const v = values[j] as number;
      if (v < 0 || v > 1) throw new DataError(`${where()}, column "${sp}": ${table.rows[r][j]} is not a site fraction (0 to 1)`);
      if (v === 0) continue;
      sum += v;
      slack += roundingOf(table.rows[r][j]);
      terms.push(`${sp} ${table.rows[r][j].trim()}`);
    }
    if (Math.abs(sum - 1) > slack) {
      throw new DataError(
        `${where()}: the ${site}-site fractions add up to ${+sum.toFixed(6)}${terms.length ? ` (${terms.join(" + ")})` : ""}, not 1; ` +
          `each site must be filled (within the rounding of the values as written)`,
      );
    }
  }
}

/**
 * Turns a CSV table into typed columns: `numeric` columns (and Index) must hold plain finite
 * decimals (the error names file, line and column); every other column stays as text. With
 * `siteFractions`, each row's 14 site fractions must fill their sites.
 */
function typedFrame(table: CsvTable, file: string, numeric: readonly string[], siteFractions: boolean): DataFrame {
  const missing = numeric.filter((c) => !table.columns.includes(c));
  if (missing.length) throw new DataError(`${file}: missing column(s) ${missing.join(", ")}`);
  const isNumeric = table.columns.map((c) => numeric.includes(c) || c === "Index");
  const rows = table.rows.map((cells, r) => {
    const values = cells.map((cell, j) => {
      if (!isNumeric[j]) return cell;
      const v = readDecimal(cell);
      if (typeof v !== "number") throw new DataError(`${file} line ${table.lines[r]}, column "${table.columns[j]}": ${v.problem}`);
      return v;
    });
    if (siteFractions) checkSiteFractions(table, r, values, file);
    return values;
  });
  if (rows.length === 0) throw new DataError(`${file}: no data rows`);
  return new DataFrame(rows, { columns: table.columns });
}

async function readCsvDataset(name: DatasetName, numeric: readonly string[], options: DataOptions): Promise<DataFrame> {
  const file = await locateDataset(name, options);
  const table = parseCsv(fs.readFileSync(file, "utf8"), file);
  if (!table.columns.includes("Formula")) throw new DataError(`${file}: missing column Formula`);
  return typedFrame(table, file, numeric, true);
}

/**
 * DFT_data.csv: the 512 computed alloys. Columns: Index, Formula, "Decomposition Energy" (eV per
 * formula unit), "Band Gap" (eV), the 14 site fractions and the 36 elemental descriptors.
 */
export async function loadDFT(options: DataOptions = {}): Promise<DataFrame> {
  return readCsvDataset("DFT_data.csv", [...TARGETS, ...ALL_DESCRIPTORS], options);
}

/** Options of loadOutside: where to find the file, and whether to recompute its descriptors. */
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
  const df = await readCsvDataset("Outside.csv", ALL_DESCRIPTORS, options);
  if (options.recomputeDescriptors === false) return df;
  const featurizer = await PerovskiteFeaturizer.load(options);
  return featurizer.recomputeDescriptors(df);
}
