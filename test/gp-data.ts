// Shared by test/gp.test.ts, test/active.test.ts and bench/gp.bench.ts: the composition
// descriptors and both targets of DFT_data.csv, read with the project's CSV reader (no DataFrame
// needed), and the 50/50 split stored in test/fixtures/gp/gp.json.
import * as fs from "fs";
import * as path from "path";
import { parseCsv } from "../lib/data/csv";
import { COMPOSITION_DESCRIPTORS, TARGET_DECOMPOSITION, TARGET_GAP } from "../lib/data/columns";
import { fixture, testDataDir } from "./helpers";

export interface GpData {
  X: number[][];
  decomposition: number[];
  gap: number[];
  train: number[];
  test: number[];
}

export function loadGpData(): GpData {
  const file = path.join(testDataDir(), "DFT_data.csv");
  const table = parseCsv(fs.readFileSync(file, "utf8"), file);
  const col = (name: string) => table.columns.indexOf(name);
  const X = table.rows.map((r) => COMPOSITION_DESCRIPTORS.map((c) => Number(r[col(c)])));
  const decomposition = table.rows.map((r) => Number(r[col(TARGET_DECOMPOSITION)]));
  const gap = table.rows.map((r) => Number(r[col(TARGET_GAP)]));
  const { split } = fixture("gp/gp.json");
  return { X, decomposition, gap, train: split.train, test: split.test };
}
