// Elemental_properties.xlsx: the table of elemental properties the featurizer averages over each
// site. Read from the first sheet; every cell the case study needs must be a number.
import * as fs from "fs";
import { DataFrame } from "danfojs-node";
import { DataError } from "../core/errors";
import { ELEMENTAL_PROPERTIES } from "./columns";
import { checkUniqueColumns } from "./csv";
import { DataOptions, locateDataset } from "./files";
import { readSheetRows } from "./verify";

/** Elemental_properties.xlsx: one row per element or molecule (M = symbol, MA, FA) and 12 properties. */
export async function loadElementalProperties(options: DataOptions = {}): Promise<DataFrame> {
  const file = await locateDataset("Elemental_properties.xlsx", options);
  return elementalPropertiesFrame(readSheetRows(fs.readFileSync(file), file), file);
}

/** The M column and the 12 property columns of the sheet's rows, checked cell by cell. */
export function elementalPropertiesFrame(rows: unknown[][], file: string): DataFrame {
  const header = (rows[0] ?? []).map((h) => String(h ?? "").trim());
  checkUniqueColumns(header, `${file} (first sheet)`);
  const wanted = ["M", ...ELEMENTAL_PROPERTIES.map((p) => p.sheetColumn)];
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length) throw new DataError(`${file}: missing column(s) ${missing.join(", ")} in the first sheet`);
  const idx = wanted.map((c) => header.indexOf(c));
  const seen = new Map<string, number>();
  const data = rows.slice(1).map((row, r) =>
    idx.map((j, k) => {
      const v = row[j];
      if (k === 0) {
        if (typeof v !== "string" || !v.trim()) throw new DataError(`${file} row ${r + 2}, column M: missing element symbol`);
        const symbol = v.trim();
        const first = seen.get(symbol);
        if (first !== undefined) throw new DataError(`${file} rows ${first} and ${r + 2}: two rows for "${symbol}"; keep one`);
        seen.set(symbol, r + 2);
        return symbol;
      }
      if (v === null || v === "") return NaN; // a property unknown for an element the case study does not use
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new DataError(`${file} row ${r + 2}, column ${wanted[k]}: ${JSON.stringify(v)} is not a number`);
      }
      return v;
    }),
  );
  if (data.length === 0) throw new DataError(`${file}: the first sheet has a header but no rows`);
  return new DataFrame(data, { columns: wanted });
}
