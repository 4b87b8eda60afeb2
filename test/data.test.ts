// The data layer: finding the tutorial's files, the committed pins and data card, checked
// downloads and cache, strict tables; and the metrics recorder.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, DATASETS, ELEMENTAL_DESCRIPTORS, PerovskiteFeaturizer, TARGETS, columnOf, loadDFT, loadElementalProperties, loadOutside, locateDataset, matrixOf } from "../lib/data";
import { datasetPins } from "../lib/data/pins";
import { sha256Hex } from "../lib/data/pins";
import { roundingOf } from "../lib/data/datasets";
import { readDecimal } from "../lib/data/csv";
import { downloadFile } from "../lib/data/download";
import { recordMetrics, readSummary } from "../lib/report";
import { projectRoot } from "../lib/paths";
import { startFailingHost } from "./failing-host";
import { captureWarningsAsync, testDataDir } from "./helpers";

const dataDir = testDataDir();
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "matml-data-"));
const opts = { dataDir, cacheDir: path.join(tmp(), "cache"), download: false };
const tutorialFiles = () => Object.fromEntries(DATASETS.map((f) => [f, fs.readFileSync(path.join(dataDir, f))]));


test("DFT_data.csv loads with 512 rows and every descriptor and target numeric", async () => {
  const df = await loadDFT(opts);
  assert.deepStrictEqual(df.shape, [512, 54]);
  for (const row of matrixOf(df, [...ALL_DESCRIPTORS, "Band Gap", "Decomposition Energy"])) {
    assert.ok(row.every(Number.isFinite));
  }
});

test("the featurizer reproduces all 36 elemental descriptors of all 512 rows to 1e-9", async () => {
  const df = await loadDFT(opts);
  const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(opts));
  const fractions = matrixOf(df, COMPOSITION_DESCRIPTORS);
  const expected = matrixOf(df, ELEMENTAL_DESCRIPTORS);
  let worst = 0;
  fractions.forEach((row, i) => {
    featurizer.descriptorsFromFractions(row).forEach((v, k) => {
      // The CSV stores about ten significant digits, so compare relatively.
      worst = Math.max(worst, Math.abs(v - expected[i][k]) / Math.max(1, Math.abs(expected[i][k])));
    });
  });
  assert.ok(worst < 1e-9, `worst relative difference ${worst}`);
});

test("Outside.csv loads (5,000 rows) with descriptors recomputed from its fractions", async () => {
  const raw = await loadOutside({ ...opts, recomputeDescriptors: false });
  const fixed = await loadOutside(opts);
  assert.strictEqual(raw.shape[0], 5000);
  assert.deepStrictEqual(fixed.columns, raw.columns);
  const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(opts));
  const fr = matrixOf(fixed, COMPOSITION_DESCRIPTORS);
  const el = matrixOf(fixed, ELEMENTAL_DESCRIPTORS);
  assert.deepStrictEqual(el[7], featurizer.descriptorsFromFractions(fr[7]));
  // The quirk: the raw file's B_ion_rad differs for some Ge/Sn rows.
  const rawB = columnOf<number>(raw, "B_ion_rad");
  const fixedB = columnOf<number>(fixed, "B_ion_rad");
  assert.ok(rawB.some((v, i) => Math.abs(v - fixedB[i]) > 1e-3));
});

test("a user's own Outside.csv (37,781 rows, extra columns) loads, with a warning that it is not the pinned file", async () => {
  const dir = tmp();
  const lines = fs.readFileSync(path.join(dataDir, "Outside.csv"), "utf8").trim().split(/\r?\n/);
  const out = [`Extra,${lines[0]},Note`];
  for (let i = 0; i < 37781; i++) out.push(`${i},${lines[1 + (i % (lines.length - 1))]},n${i}`);
  fs.writeFileSync(path.join(dir, "Outside.csv"), out.join("\n") + "\n");
  fs.copyFileSync(path.join(dataDir, "Elemental_properties.xlsx"), path.join(dir, "Elemental_properties.xlsx"));
  let df: Awaited<ReturnType<typeof loadOutside>> | undefined;
  const warned = await captureWarningsAsync(async () => (df = await loadOutside({ dataDir: dir, cacheDir: path.join(dir, "cache"), download: false })));
  assert.strictEqual(df!.shape[0], 37781);
  assert.ok(df!.columns.includes("Extra") && df!.columns.includes("Note"));
  assert.ok(warned.some((w) => w.includes(`Outside.csv in your data folder ${dir} is not the tutorial's published file`)), warned.join("\n"));
});

test("numbers are read strictly: plain decimals only, and the rounding of each cell is known", () => {
  for (const ok of ["0", "-0.102624517", "+1.5", ".5", "5.", "1.00E+00", "8.75e-01", " 2.2 "]) assert.strictEqual(readDecimal(ok), Number(ok), ok);
  for (const no of ["0x10", "1e309", "Infinity", "-Infinity", "NaN", "", "1_000", "0b1", "1e5e3", "1,5", "--1"]) {
    assert.strictEqual(typeof readDecimal(no), "object", no);
  }
  assert.strictEqual(roundingOf("0.38"), 0.005);
  assert.ok(Math.abs(roundingOf("1.25E-01") - 0.0005) < 1e-15);
  assert.strictEqual(roundingOf("1"), 0);
});

test("site fractions that fill their sites only within rounding are accepted (Outside.csv writes eighths to two decimals)", async () => {
  // 0.13 × 5 + 0.38 = 1.03 on the B site: six eighths rounded up; the file loads.
  const df = await loadOutside({ ...opts, recomputeDescriptors: false });
  const B = ["Ca", "Sr", "Ba", "Ge", "Sn", "Pb"];
  const sums = matrixOf(df, B).map((r) => r.reduce((a, b) => a + b, 0));
  assert.ok(Math.max(...sums.map((s) => Math.abs(s - 1))) > 0.029);
  // ... but 0.9 is not a rounding of 1.
  const dir = tmp();
  const text = fs.readFileSync(path.join(dataDir, "DFT_data.csv"), "utf8").replace("\n0,MA1Ca0.12Sn0.75Pb0.12I3,-0.102624517,1.0389,0,0,0,1,", "\n0,MA1Ca0.12Sn0.75Pb0.12I3,-0.102624517,1.0389,0,0,0,0.9,");
  fs.writeFileSync(path.join(dir, "DFT_data.csv"), text);
  await assert.rejects(loadDFT({ dataDir: dir, download: false }), /DFT_data\.csv line 2 \(Formula MA1Ca0\.12Sn0\.75Pb0\.12I3\): the A-site fractions add up to 0\.9/);
});

test("data/pins.json pins the tutorial's files: size, SHA-256, row count and header", () => {
  const pins = datasetPins();
  const fractionsAndPhases = [...COMPOSITION_DESCRIPTORS, "Cubic", "Tetra", "Ortho", "Hex"];
  assert.deepStrictEqual(pins["DFT_data.csv"].columns, ["Index", "Formula", ...TARGETS, ...ALL_DESCRIPTORS]);
  assert.deepStrictEqual(pins["Outside.csv"].columns, ["Index", "Formula", ...fractionsAndPhases, ...ELEMENTAL_DESCRIPTORS]);
  for (const name of DATASETS) {
    const bytes = fs.readFileSync(path.join(dataDir, name));
    assert.strictEqual(sha256Hex(bytes), pins[name].sha256, name);
    assert.strictEqual(bytes.length, pins[name].bytes, name);
  }
  assert.strictEqual(pins["DFT_data.csv"].rows, 512);
  assert.strictEqual(pins["Outside.csv"].rows, 5000);
  assert.strictEqual(pins["Elemental_properties.xlsx"].rows, 79);
});

test("data/README.md (the data card) states every pin, and git tracks the card and pins but ignores data/cache", () => {
  const card = fs.readFileSync(path.join(projectRoot, "data", "README.md"), "utf8");
  for (const [name, pin] of Object.entries(datasetPins())) {
    assert.ok(card.includes(pin.sha256), `the card lacks the SHA-256 of ${name}`);
    assert.ok(card.includes(pin.url), `the card lacks the URL of ${name}`);
    assert.ok(card.includes(pin.bytes.toLocaleString("en-US")), `the card lacks the size of ${name}`);
  }
  const ignored = (p: string) => spawnSync("git", ["check-ignore", "-q", p], { cwd: projectRoot }).status === 0;
  assert.ok(ignored("data/cache/DFT_data.csv"), "data/cache must be git-ignored");
  assert.ok(!ignored("data/README.md") && !ignored("data/pins.json"), "the data card and pins must not be ignored");
  const tracked = spawnSync("git", ["ls-files", "data"], { cwd: projectRoot, encoding: "utf8" }).stdout.trim().split("\n");
  assert.deepStrictEqual(tracked.sort(), ["data/README.md", "data/pins.json"], "no data file (or copy) is committed");
});

test("a missing file is downloaded (following redirects), checked, cached, and then read from the cache", async () => {
  const host = await startFailingHost(tutorialFiles());
  const cache = path.join(tmp(), "cache");
  try {
    const file = await locateDataset("DFT_data.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${host.url}/moved/` });
    assert.strictEqual(file, path.join(cache, "DFT_data.csv"));
    assert.ok(fs.readFileSync(file).equals(fs.readFileSync(path.join(dataDir, "DFT_data.csv"))));
    await locateDataset("DFT_data.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${host.url}/moved/` });
    assert.strictEqual(host.hits.length, 2, "the second call is served from the cache"); // redirect + file
    assert.deepStrictEqual(fs.readdirSync(cache), ["DFT_data.csv"], "no temporary files left behind");
    // refresh downloads again and replaces the cached copy only with a good file
    await locateDataset("DFT_data.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${host.url}/files/`, refresh: true });
    assert.strictEqual(host.hits.length, 3);
    assert.deepStrictEqual(fs.readdirSync(cache), ["DFT_data.csv"]);
  } finally {
    await host.close();
  }
});

test("each failing host leaves the cache exactly as it was: a good copy stays, and nothing new appears", async () => {
  const files = tutorialFiles();
  const host = await startFailingHost(files);
  const cache = path.join(tmp(), "cache");
  try {
    for (const mode of ["nolength", "html", "partial", "chunkcut", "404", "loop", "swap", "tampered", "empty"]) {
      await assert.rejects(locateDataset("Outside.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${host.url}/${mode}/`, downloadTimeout: 5 }), mode);
      assert.ok(!fs.existsSync(cache), `${mode}: the cache folder was not even created`);
    }
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(cache, "Outside.csv"), files["Outside.csv"]);
    for (const mode of ["nolength", "html", "partial", "404", "tampered"]) {
      await assert.rejects(
        locateDataset("Outside.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${host.url}/${mode}/`, refresh: true, downloadTimeout: 5 }),
        /was left as it was/,
      );
      assert.deepStrictEqual(fs.readdirSync(cache), ["Outside.csv"], `${mode}: no .part file`);
      assert.ok(fs.readFileSync(path.join(cache, "Outside.csv")).equals(files["Outside.csv"]), `${mode}: the good copy is intact`);
    }
  } finally {
    await host.close();
  }
});

test("a trickling host is cut off at the overall deadline (option or MATML_DOWNLOAD_TIMEOUT), leaving no .part file", async () => {
  const host = await startFailingHost(tutorialFiles());
  const cache = tmp();
  try {
    const t0 = Date.now();
    await assert.rejects(downloadFile(`${host.url}/trickle/DFT_data.csv`, path.join(cache, "DFT_data.csv"), { deadlineMs: 400 }), /did not finish within 0\.4 s/);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    assert.deepStrictEqual(fs.readdirSync(cache), []);
    process.env.MATML_DOWNLOAD_TIMEOUT = "0.3";
    try {
      await assert.rejects(locateDataset("DFT_data.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${host.url}/trickle/` }), /did not finish within 0\.3 s \(the overall deadline; raise it with MATML_DOWNLOAD_TIMEOUT/);
    } finally {
      delete process.env.MATML_DOWNLOAD_TIMEOUT;
    }
    assert.deepStrictEqual(fs.readdirSync(cache), []);
  } finally {
    await host.close();
  }
});

test("a cached file that is not the pinned one is reported (name, path, problem, how to refresh) and never used", async () => {
  const cache = tmp();
  const text = fs.readFileSync(path.join(dataDir, "DFT_data.csv"), "utf8");
  fs.writeFileSync(path.join(cache, "DFT_data.csv"), text.split("\n").slice(0, 200).join("\n"));
  await assert.rejects(loadDFT({ dataDir: tmp(), cacheDir: cache, download: false }), (e: Error) => {
    for (const part of ["DFT_data.csv in the download cache", path.join(cache, "DFT_data.csv"), "199 data rows", "npx matml data --refresh", "delete"]) {
      assert.ok(e.message.includes(part), `${part} not in: ${e.message}`);
    }
    return true;
  });
});

test("offline with no copy: the error names the file, the URL and the folder to put it in", async () => {
  const cache = tmp();
  await assert.rejects(
    locateDataset("Elemental_properties.xlsx", { dataDir: tmp(), cacheDir: cache, baseUrl: "http://127.0.0.1:9/" }),
    (e: Error) =>
      e.message.includes("Elemental_properties.xlsx") && e.message.includes("http://127.0.0.1:9/Elemental_properties.xlsx") && e.message.includes(cache),
  );
});

test("recordMetrics merges snake_case metrics per notebook and rejects unclear keys", () => {
  const dir = tmp();
  const before = process.env.MATML_OUT_DIR;
  process.env.MATML_OUT_DIR = dir;
  try {
    recordMetrics("01_descriptors_and_regression", { rf_gap_test_rmse: 0.2 });
    recordMetrics("01_descriptors_and_regression", { ols_gap_test_r2: 0.9 });
    assert.deepStrictEqual(readSummary(), { "01_descriptors_and_regression": { rf_gap_test_rmse: 0.2, ols_gap_test_r2: 0.9 } });
    assert.throws(() => recordMetrics("01_descriptors_and_regression", { RMSE: 1 }), /snake_case/);
    assert.throws(() => recordMetrics("01_descriptors_and_regression", { rf_gap_test_rmse: NaN }), /finite/);
    // digits rounds every number, also inside lists and objects; strings stay as they are
    const saved = recordMetrics("01_descriptors_and_regression", { rf_gap_test_rmse: 0.123456, ci: [1.23456, 2.5], nested: { a: 0.98765 }, kernel: "RBF(1.23456)" }, { digits: 2 });
    assert.deepStrictEqual(saved, { rf_gap_test_rmse: 0.12, ci: [1.23, 2.5], nested: { a: 0.99 }, kernel: "RBF(1.23456)" });
    assert.deepStrictEqual(readSummary()["01_descriptors_and_regression"].ci, [1.23, 2.5]);
    assert.throws(() => recordMetrics("01_descriptors_and_regression", { x_y: 1 }, { digits: 1.5 }), /digits must be an integer/);
  } finally {
    if (before === undefined) delete process.env.MATML_OUT_DIR;
    else process.env.MATML_OUT_DIR = before;
  }
});
