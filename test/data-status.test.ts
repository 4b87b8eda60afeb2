// describeDatasets: where each of the tutorial's files was found and whether it is the published
// file, for the user's own folder (pinned or altered copies) and for the download cache.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DATASETS, describeDatasets } from "../lib/data";
import { captureWarningsAsync, testDataDir } from "./helpers";

const dataDir = testDataDir();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "matml-status-"));
const pins = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "data", "pins.json"), "utf8")).files;

test("describeDatasets: the published files in your own folder are reported as such, with their pinned rows and checksum", async () => {
  const status = await describeDatasets({ dataDir, cacheDir: path.join(tmp(), "cache"), download: false });
  assert.deepStrictEqual(status.map((s) => s.file), DATASETS);
  for (const s of status) {
    assert.strictEqual(s.source, "your data");
    assert.strictEqual(s.path, path.resolve(dataDir, s.file));
    assert.strictEqual(s.isPublishedFile, true);
    assert.strictEqual(s.rows, pins[s.file].rows);
    assert.strictEqual(s.sha256, pins[s.file].sha256);
  }
});

test("describeDatasets: an altered copy in your folder is used but reported as not the published file", async () => {
  const mine = tmp();
  for (const f of DATASETS) fs.copyFileSync(path.join(dataDir, f), path.join(mine, f));
  const csv = fs.readFileSync(path.join(mine, "DFT_data.csv"), "utf8");
  const altered = csv.replace(",1.0389,", ",1.0400,"); // the first band gap
  assert.notStrictEqual(altered, csv);
  fs.writeFileSync(path.join(mine, "DFT_data.csv"), altered);
  let status: Awaited<ReturnType<typeof describeDatasets>> = [];
  const warnings = await captureWarningsAsync(async () => {
    status = await describeDatasets({ dataDir: mine, cacheDir: path.join(tmp(), "cache"), download: false });
  });
  assert.deepStrictEqual(status.map((s) => [s.file, s.isPublishedFile]), [["DFT_data.csv", false], ["Outside.csv", true], ["Elemental_properties.xlsx", true]]);
  assert.ok(warnings.some((w) => /DFT_data\.csv .* is not the tutorial's published file/.test(w)), warnings.join("\n"));
});

test("describeDatasets: files in the download cache are reported from there", async () => {
  const cache = tmp();
  for (const f of DATASETS) fs.copyFileSync(path.join(dataDir, f), path.join(cache, f));
  const before = process.env.MATML_DATA_DIR;
  delete process.env.MATML_DATA_DIR;
  try {
    const status = await describeDatasets({ cacheDir: cache, download: false });
    assert.deepStrictEqual(status.map((s) => [s.source, s.isPublishedFile, s.path]), DATASETS.map((f) => ["download cache", true, path.join(cache, f)]));
  } finally {
    if (before !== undefined) process.env.MATML_DATA_DIR = before;
  }
});
