// The committed pins of the tutorial's data files (data/pins.json, described in data/README.md):
// where each file is downloaded from, its size, SHA-256, number of data rows and header. A
// download or a cached copy is used only when it matches its pin.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { projectRoot } from "../paths";

/** The tutorial's three data files. */
export type DatasetName = "DFT_data.csv" | "Outside.csv" | "Elemental_properties.xlsx";
/** The tutorial's three data files, in the order the notebooks read them. */
export const DATASETS: DatasetName[] = ["DFT_data.csv", "Outside.csv", "Elemental_properties.xlsx"];

/** What is known about one published data file. */
export interface DatasetPin {
  /** Where it is downloaded from by default. */
  url: string;
  /** Size in bytes. */
  bytes: number;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  /** Data rows (lines after the header; for the spreadsheet, rows after the header row). */
  rows: number;
  /** The header, in file order. */
  columns: string[];
  /** For the spreadsheet: the sheet that holds the table. */
  sheet?: string;
}

/** Where the pins live in the project. */
export const PINS_FILE = path.join(projectRoot, "data", "pins.json");

let cached: Record<DatasetName, DatasetPin> | undefined;

/** The pins of the three files, read once from data/pins.json. */
export function datasetPins(): Record<DatasetName, DatasetPin> {
  if (!cached) {
    let parsed: { files?: Record<string, DatasetPin> };
    try {
      parsed = JSON.parse(fs.readFileSync(PINS_FILE, "utf8"));
    } catch (e) {
      throw new Error(`the data pins ${PINS_FILE} could not be read (${(e as Error).message}); they are part of the project: restore them with git`);
    }
    for (const name of DATASETS) {
      const pin = parsed.files?.[name];
      if (!pin || !/^[0-9a-f]{64}$/.test(pin.sha256) || !(pin.rows > 0) || !Array.isArray(pin.columns)) {
        throw new Error(`${PINS_FILE}: the pin of ${name} is missing or incomplete`);
      }
    }
    cached = parsed.files as Record<DatasetName, DatasetPin>;
  }
  return cached;
}

/** SHA-256 of some bytes, lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}
