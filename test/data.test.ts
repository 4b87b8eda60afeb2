// The data layer: finding/downloading the tutorial's files, validating them, the featurizer,
// candidate enumeration, the command line and the metrics recorder.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { AddressInfo } from "net";
import { spawnSync } from "child_process";
import {
  ALL_DESCRIPTORS,
  COMPOSITION_DESCRIPTORS,
  ELEMENTAL_DESCRIPTORS,
  PerovskiteFeaturizer,
  columnOf,
  enumerateWith,
  loadDFT,
  loadElementalProperties,
  loadOutside,
  locateDataset,
  matrixOf,
  siteFractions,
  formulaFromFractions,
} from "../lib/data";
import { recordMetrics, readSummary } from "../lib/report";
import { projectRoot } from "../lib/paths";
import { testDataDir } from "./helpers";

const dataDir = testDataDir();
const opts = { dataDir, download: false };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "matml-data-"));

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

test("site fractions parsed from the 512 formulas match the fraction columns within 0.01", async () => {
  const df = await loadDFT(opts);
  const fractions = matrixOf(df, COMPOSITION_DESCRIPTORS);
  columnOf<string>(df, "Formula").forEach((formula, i) => {
    siteFractions(formula).forEach((v, k) => {
      assert.ok(Math.abs(v - fractions[i][k]) <= 0.01, `${formula} ${COMPOSITION_DESCRIPTORS[k]}: ${v} vs ${fractions[i][k]}`);
    });
  });
});

test("the formula styles of the tutorial parse to the right sites", () => {
  const f = (s: string) => Object.fromEntries(siteFractions(s).map((v, k) => [COMPOSITION_DESCRIPTORS[k], v]).filter(([, v]) => v));
  assert.deepStrictEqual(f("CsPbI3"), { Cs: 1, Pb: 1, I: 1 });
  assert.deepStrictEqual(f("MA1Ca0.12Sn0.75Pb0.12I3"), { MA: 1, Ca: 0.125, Sn: 0.75, Pb: 0.125, I: 1 });
  assert.deepStrictEqual(f("FA1Pb1Cl2.62Br0.38"), { FA: 1, Pb: 1, Cl: 0.875, Br: 0.125 });
  const rb = f("RbSrCl0.125I2.875");
  assert.ok(Math.abs(rb.Cl - 0.125 / 3) < 1e-12 && Math.abs(rb.I - 2.875 / 3) < 1e-12);
  assert.deepStrictEqual(f("MAGeCl_3"), { MA: 1, Ge: 1, Cl: 1 });
  const mix = f("(FASnI3)0.6(MAPbI3)0.4");
  assert.ok(Math.abs(mix.FA - 0.6) < 1e-12 && Math.abs(mix.MA - 0.4) < 1e-12 && Math.abs(mix.Sn - 0.6) < 1e-12 && mix.I === 1);
});

test("bad formulas get errors that name the formula and the problem", () => {
  const cases: [string, RegExp][] = [
    ["NaPbI3", /"NaPbI3".*unknown species "Na"/],
    ["CsI3", /"CsI3".*no B-site species/],
    ["CsPbI", /"CsPbI".*X-site amounts add up to 1.*3/],
    ["CsPb2I3", /"CsPb2I3".*B-site amounts add up to 2/],
    ["", /is empty/],
    ["Cs(PbI3", /missing "\)"/],
  ];
  for (const [formula, message] of cases) assert.throws(() => siteFractions(formula), message);
});

test("featurize() gives 50 labelled features and round-trips through formulaFromFractions", async () => {
  const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(opts));
  assert.deepStrictEqual(featurizer.featureLabels(), ALL_DESCRIPTORS);
  const x = featurizer.featurize("Cs0.5MA0.5Pb1Br1.5I1.5");
  assert.strictEqual(x.length, 50);
  assert.deepStrictEqual(siteFractions(formulaFromFractions(x.slice(0, 14))), x.slice(0, 14));
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

test("an Outside.csv the size of the tutorial's (37,781 rows, extra columns) loads too", async () => {
  const dir = tmp();
  const lines = fs.readFileSync(path.join(dataDir, "Outside.csv"), "utf8").trim().split(/\r?\n/);
  const out = [`Extra,${lines[0]},Note`];
  for (let i = 0; i < 37781; i++) out.push(`${i},${lines[1 + (i % (lines.length - 1))]},n${i}`);
  fs.writeFileSync(path.join(dir, "Outside.csv"), out.join("\n") + "\n");
  fs.copyFileSync(path.join(dataDir, "Elemental_properties.xlsx"), path.join(dir, "Elemental_properties.xlsx"));
  const df = await loadOutside({ dataDir: dir, download: false });
  assert.strictEqual(df.shape[0], 37781);
  assert.ok(df.columns.includes("Extra") && df.columns.includes("Note"));
});

test("schema problems name the file, line and column", async () => {
  const dir = tmp();
  const lines = fs.readFileSync(path.join(dataDir, "DFT_data.csv"), "utf8").split("\n");
  const header = lines[0].split(",");
  const bad = lines[5].split(",");
  bad[header.indexOf("A_IE")] = "n/a";
  fs.writeFileSync(path.join(dir, "DFT_data.csv"), [lines[0], ...lines.slice(1, 5), bad.join(","), ...lines.slice(6)].join("\n"));
  await assert.rejects(loadDFT({ dataDir: dir, download: false }), /DFT_data\.csv line 6, column "A_IE": "n\/a" is not a number/);
  fs.writeFileSync(path.join(dir, "DFT_data.csv"), lines.map((l) => l.split(",").filter((_, j) => j !== header.indexOf("Band Gap")).join(",")).join("\n"));
  await assert.rejects(loadDFT({ dataDir: dir, download: false }), /DFT_data\.csv: missing column\(s\) Band Gap/);
});

/** Serves files from `files`; "/partial/NAME" announces more bytes than it sends, then hangs up. */
async function server(files: Record<string, Buffer>): Promise<{ url: string; close: () => void; hits: string[] }> {
  const hits: string[] = [];
  const srv = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    const name = path.basename(req.url ?? "");
    const body = files[name];
    if (!body) {
      res.writeHead(404).end("not found");
    } else if (req.url?.startsWith("/partial/")) {
      res.writeHead(200, { "content-length": body.length * 2 });
      res.write(body.subarray(0, body.length / 2));
      setTimeout(() => res.destroy(), 20);
    } else if (req.url?.startsWith("/moved/")) {
      res.writeHead(302, { location: `/files/${name}` }).end();
    } else res.writeHead(200, { "content-length": body.length }).end(body);
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, close: () => srv.close(), hits };
}

test("a missing file is downloaded into the cache (following redirects) and then read from it", async () => {
  const body = fs.readFileSync(path.join(dataDir, "DFT_data.csv"));
  const srv = await server({ "DFT_data.csv": body });
  const cache = tmp();
  try {
    const file = await locateDataset("DFT_data.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${srv.url}/moved/` });
    assert.strictEqual(file, path.join(cache, "DFT_data.csv"));
    assert.ok(fs.readFileSync(file).equals(body));
    await locateDataset("DFT_data.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${srv.url}/moved/` });
    assert.strictEqual(srv.hits.length, 2, "the second call is served from the cache"); // redirect + file
    assert.deepStrictEqual(fs.readdirSync(cache), ["DFT_data.csv"], "no temporary files left behind");
  } finally {
    srv.close();
  }
});

test("a partial download fails clearly and never replaces a good cached file", async () => {
  const body = fs.readFileSync(path.join(dataDir, "Outside.csv"));
  const srv = await server({ "Outside.csv": body });
  const cache = tmp();
  try {
    await assert.rejects(
      locateDataset("Outside.csv", { dataDir: tmp(), cacheDir: cache, baseUrl: `${srv.url}/partial/` }),
      (e: Error) => /Outside\.csv was not found/.test(e.message) && e.message.includes(`${srv.url}/partial/Outside.csv`) && e.message.includes(cache),
    );
    assert.deepStrictEqual(fs.readdirSync(cache), [], "nothing half-written stays in the cache");
    // With a good copy cached, a later failing download cannot touch it: the cache is used first,
    // and downloadFile itself only renames a complete body over the target.
    const { downloadFile } = await import("../lib/data/download");
    fs.writeFileSync(path.join(cache, "Outside.csv"), "good copy");
    await assert.rejects(downloadFile(`${srv.url}/partial/Outside.csv`, path.join(cache, "Outside.csv")), /incomplete|aborted|closed|socket hang up|ECONNRESET/);
    assert.strictEqual(fs.readFileSync(path.join(cache, "Outside.csv"), "utf8"), "good copy");
    await assert.rejects(downloadFile(`${srv.url}/files/nothing.csv`, path.join(cache, "Outside.csv")), /HTTP 404/);
    assert.strictEqual(fs.readFileSync(path.join(cache, "Outside.csv"), "utf8"), "good copy");
  } finally {
    srv.close();
  }
});

test("offline with no copy: the error names the file, the URL and the folder to put it in", async () => {
  const cache = tmp();
  await assert.rejects(
    locateDataset("Elemental_properties.xlsx", { dataDir: tmp(), cacheDir: cache, baseUrl: "http://127.0.0.1:9/" }),
    (e: Error) =>
      e.message.includes("Elemental_properties.xlsx") && e.message.includes("http://127.0.0.1:9/Elemental_properties.xlsx") && e.message.includes(cache),
  );
});

test("candidate enumeration covers the grid, is featurized and can exclude the training set", async () => {
  const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(opts));
  const all = enumerateWith(featurizer);
  assert.deepStrictEqual(all.shape, [35 * 51 * 12, 51]);
  const pure = enumerateWith(featurizer, { step: 1 });
  assert.strictEqual(pure.shape[0], 5 * 6 * 3);
  const some = matrixOf(pure, COMPOSITION_DESCRIPTORS).slice(0, 10);
  assert.strictEqual(enumerateWith(featurizer, { step: 1, exclude: some }).shape[0], 90 - 10);
  assert.throws(() => enumerateWith(featurizer, { step: 0.3 }), /step must be/);
  assert.throws(() => enumerateWith(featurizer, { species: { A: ["Na"] } }), /species\.A must be one of/);
});

test("`matml featurize` writes every row, reports a bad one by line number and exits 2", () => {
  const dir = tmp();
  const input = path.join(dir, "mine.csv");
  fs.writeFileSync(input, 'Formula,Note\nCsPbI3,ok\nNaPbI3,bad\n"(FASnI3)0.6(MAPbI3)0.4",mix\n');
  const r = spawnSync(process.execPath, [path.join(projectRoot, "bin", "matml.js"), "featurize", input], {
    encoding: "utf8",
    env: { ...process.env, MATML_DATA_DIR: dataDir },
  });
  assert.strictEqual(r.status, 2, r.stderr);
  assert.match(r.stderr, /mine\.csv line 3: formula "NaPbI3": unknown species "Na"/);
  const lines = r.stdout.trim().split("\n");
  assert.strictEqual(lines.length, 4);
  assert.deepStrictEqual(lines[0].split(","), ["Formula", "Note", ...ALL_DESCRIPTORS]);
  assert.strictEqual(lines[1].split(",").length, 52);
  assert.match(lines[2], /^NaPbI3,bad,,/);
  assert.match(lines[3], /^\(FASnI3\)0\.6\(MAPbI3\)0\.4,mix,0,0,0,0\.4,0\.6,/);
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
  } finally {
    if (before === undefined) delete process.env.MATML_OUT_DIR;
    else process.env.MATML_OUT_DIR = before;
  }
});
