// Formulas, the featurizer and candidate enumeration: every style of the tutorial's files, no
// silent change to a composition, the DataFrame entry point, and the size of the screening space.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DataFrame } from "danfojs-node";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, PerovskiteFeaturizer, columnOf, countCandidates, formulaFromFractions, iterateCandidates, loadDFT, loadElementalProperties, loadOutside, matrixOf, siteFractions } from "../lib/data";
import { readFormula } from "../lib/data/formula";
import { parseCsv } from "../lib/data/csv";
import { enumerateWith } from "../lib/data/candidates";
import { captureWarningsAsync, testDataDir } from "./helpers";

const dataDir = testDataDir();
const opts = { dataDir, download: false };
const featurizerOnce = loadElementalProperties(opts).then((t) => new PerovskiteFeaturizer(t));
const named = (fractions: number[]) => Object.fromEntries(fractions.map((v, k) => [COMPOSITION_DESCRIPTORS[k], v]).filter(([, v]) => v));


test("the 512 formulas of DFT_data.csv reproduce its fraction columns exactly with snapToEighths (the tutorial's own rounding)", async () => {
  const df = await loadDFT(opts);
  const fractions = matrixOf(df, COMPOSITION_DESCRIPTORS);
  let snapped = 0;
  columnOf<string>(df, "Formula").forEach((formula, i) => {
    const { fractions: got, changes } = readFormula(formula, { snapToEighths: true });
    if (changes.length) snapped++;
    got.forEach((v, k) => assert.ok(Math.abs(v - fractions[i][k]) <= 1e-9, `${formula} ${COMPOSITION_DESCRIPTORS[k]}: ${v} vs ${fractions[i][k]}`));
    // Without the option the composition is read as written: each site divided by its total.
    const plain = readFormula(formula);
    assert.deepStrictEqual(plain.changes, []);
    plain.fractions.forEach((v, k) => assert.ok(Math.abs(v - fractions[i][k]) <= 0.021, `${formula} ${COMPOSITION_DESCRIPTORS[k]}`));
  });
  assert.ok(snapped > 100, `${snapped} formulas needed snapping`);
});

test("the 5,000 formulas of the earlier edition's Outside.csv all parse and match its (rounded) fraction columns", async () => {
  const df = await loadOutside({ ...opts, recomputeDescriptors: false });
  const fractions = matrixOf(df, COMPOSITION_DESCRIPTORS);
  columnOf<string>(df, "Formula").forEach((formula, i) => {
    siteFractions(formula).forEach((v, k) => assert.ok(Math.abs(v - fractions[i][k]) <= 0.0051, `${formula} ${COMPOSITION_DESCRIPTORS[k]}: ${v} vs ${fractions[i][k]}`));
  });
});

test("every formula style of the tutorial's files parses to the right sites, underscores anywhere included", () => {
  const f = (s: string) => named(siteFractions(s));
  const close = (got: Record<string, number>, want: Record<string, number>) => {
    assert.deepStrictEqual(Object.keys(got).sort(), Object.keys(want).sort());
    for (const k of Object.keys(want)) assert.ok(Math.abs(got[k] - want[k]) < 1e-12, `${k}: ${got[k]} vs ${want[k]}`);
  };
  assert.deepStrictEqual(f("CsPbI3"), { Cs: 1, Pb: 1, I: 1 });
  assert.deepStrictEqual(named(siteFractions("MA1Ca0.12Sn0.75Pb0.12I3", { snapToEighths: true })), { MA: 1, Ca: 0.125, Sn: 0.75, Pb: 0.125, I: 1 });
  assert.deepStrictEqual(named(siteFractions("FA1Pb1Cl2.62Br0.38", { snapToEighths: true })), { FA: 1, Pb: 1, Cl: 0.875, Br: 0.125 });
  close(f("RbSrCl0.125I2.875"), { Rb: 1, Sr: 1, Cl: 0.125 / 3, I: 2.875 / 3 });
  assert.deepStrictEqual(f("MAGeCl_3"), { MA: 1, Ge: 1, Cl: 1 });
  close(f("(FASnI3)0.6(MAPbI3)0.4"), { FA: 0.6, MA: 0.4, Sn: 0.6, Pb: 0.4, I: 1 });
  // the earlier editions' files: underscores before amounts and species, groups with multipliers, exponents
  close(f("MAPb_0.5Sn_0.5I_3"), { MA: 1, Pb: 0.5, Sn: 0.5, I: 1 });
  close(f("CsPbI_2.5_Br_0.5"), { Cs: 1, Pb: 1, I: 2.5 / 3, Br: 0.5 / 3 });
  close(f("K_0.375Rb_0.25Cs_0.375SnBr_3"), { K: 0.375, Rb: 0.25, Cs: 0.375, Sn: 1, Br: 1 });
  close(f("RbGe_0.875Sn_0.125I_3"), { Rb: 1, Ge: 0.875, Sn: 0.125, I: 1 });
  close(f("_Cs_Pb_I_3"), { Cs: 1, Pb: 1, I: 1 });
  close(f("Cs0.05(FA0.92MA0.08)0.95Pb(I0.92Br0.08)3"), { Cs: 0.05, FA: 0.874, MA: 0.076, Pb: 1, I: 0.92, Br: 0.08 });
  close(f("MAPb(I0.87Br0.13)3"), { MA: 1, Pb: 1, I: 0.87, Br: 0.13 });
  close(f("Rb0.05Cs0.095MA0.1425FA0.7125PbI2Br"), { Rb: 0.05, Cs: 0.095, MA: 0.1425, FA: 0.7125, Pb: 1, I: 2 / 3, Br: 1 / 3 });
  close(f("CsGe1.25E-01Sn8.75E-01I3"), { Cs: 1, Ge: 0.125, Sn: 0.875, I: 1 });
  close(f("Cs PbI 3"), { Cs: 1, Pb: 1, I: 1 });
});

test("amounts that do not fill a site are errors unless asked to normalize, and then the change is reported", () => {
  assert.throws(() => siteFractions("CsPbI2.9"), /formula "CsPbI2\.9": X-site amounts add up to 2\.9, but an ABX3 formula unit has 3/);
  assert.throws(() => siteFractions("CsPb0.96I3"), /B-site amounts add up to 0\.96/);
  assert.throws(() => siteFractions("CsPbI"), /"CsPbI".*X-site amounts add up to 1.*3/);
  assert.throws(() => siteFractions("CsPb2I3"), /"CsPb2I3".*B-site amounts add up to 2/);
  const r = readFormula("CsPbI2.9", { normalize: true });
  assert.deepStrictEqual(named(r.fractions), { Cs: 1, Pb: 1, I: 1 });
  assert.deepStrictEqual(r.changes, ["X-site amounts add up to 2.9, not 3: scaled to fill the site"]);
  // rounding as written is not a change: 0.99 from two-decimal eighths, thirds to two decimals
  assert.deepStrictEqual(readFormula("MA1Ca0.12Sn0.75Pb0.12I3").changes, []);
  assert.deepStrictEqual(readFormula("Cs0.33MA0.33FA0.33PbI3").changes, []);
  assert.throws(() => siteFractions("Cs0.3MA0.3FA0.3PbI3"), /A-site amounts add up to 0\.9/, "at most 3 % however coarse");
});

test("bad formulas get errors that name the formula and the problem", () => {
  const cases: [string, RegExp][] = [
    ["NaPbI3", /"NaPbI3".*unknown species "Na"/],
    ["CsI3", /"CsI3".*no B-site species/],
    ["", /is empty/],
    ["Cs(PbI3", /missing "\)"/],
    ["CsPbI_", /"_" at position 6 must be followed by an amount or a species/],
    ["CsPbI1e309", /the amount "1e309" at position 6 is out of range/],
  ];
  for (const [formula, message] of cases) assert.throws(() => siteFractions(formula), message);
});

test("snapping to eighths is off by default, and reported when it changes a value", async () => {
  const featurizer = await featurizerOnce;
  const plain = featurizer.featurizeDetailed("MA1Ca0.12Sn0.62Pb0.25I3");
  assert.ok(Math.abs(plain.features[COMPOSITION_DESCRIPTORS.indexOf("Ca")] - 0.12 / 0.99) < 1e-12);
  assert.deepStrictEqual(plain.changes, []);
  const snapped = featurizer.featurizeDetailed("MA1Ca0.12Sn0.62Pb0.25I3", { snapToEighths: true });
  assert.strictEqual(snapped.features[COMPOSITION_DESCRIPTORS.indexOf("Ca")], 0.125);
  assert.deepStrictEqual(snapped.changes, ["B-site fractions snapped to eighths: Ca 0.1212 → 0.125, Sn 0.6263 → 0.625, Pb 0.2525 → 0.25"]);
  assert.deepStrictEqual(featurizer.featurizeDetailed("K1Ca0.75Ba0.25Cl3", { snapToEighths: true }).changes, [], "exact eighths: nothing to report");
  const warned = await captureWarningsAsync(() => featurizer.featurize("MA1Ca0.12Sn0.62Pb0.25Br3", { snapToEighths: true }));
  assert.deepStrictEqual(warned, ['warning: featurize: formula "MA1Ca0.12Sn0.62Pb0.25Br3": B-site fractions snapped to eighths: Ca 0.1212 → 0.125, Sn 0.6263 → 0.625, Pb 0.2525 → 0.25']);
});

test("featurize() gives 50 labelled features, round-trips through formulaFromFractions, and cites its sources", async () => {
  const featurizer = await featurizerOnce;
  assert.deepStrictEqual(featurizer.featureLabels(), ALL_DESCRIPTORS);
  const x = featurizer.featurize("Cs0.5MA0.5Pb1Br1.5I1.5");
  assert.strictEqual(x.length, 50);
  assert.deepStrictEqual(siteFractions(formulaFromFractions(x.slice(0, 14))), x.slice(0, 14));
  const cites = featurizer.citations();
  assert.strictEqual(cites.length, 2);
  assert.ok(cites[0].includes("github.com/mannodiarun/IMRC-2025-ML-Tutorial") && cites[1].includes("10.1557/s43577-023-00531-6"));
  assert.ok(cites.every((c) => /^@\w+\{[^,]+,.*\}$/.test(c)), "BibTeX entries");
});

test("featurizeDataFrame: the same frame (rows, index, columns) with the 50 features appended", async () => {
  const featurizer = await featurizerOnce;
  const df = new DataFrame(
    [
      ["CsPbI3", 1.5, "a"],
      ["MAPb_0.5Sn_0.5I_3", 1.2, "b"],
      ["(FASnI3)0.6(MAPbI3)0.4", 1.3, "c"],
    ],
    { columns: ["Formula", "gap", "note"], index: ["x", "y", "z"] },
  );
  const out = featurizer.featurizeDataFrame(df);
  assert.deepStrictEqual(out.columns, ["Formula", "gap", "note", ...ALL_DESCRIPTORS]);
  assert.deepStrictEqual(out.index, ["x", "y", "z"]);
  const values = out.values as unknown[][];
  assert.deepStrictEqual(values.map((r) => r.slice(0, 3)), df.values);
  assert.deepStrictEqual(values[1].slice(3), featurizer.featurize("MAPb_0.5Sn_0.5I_3"));
  assert.deepStrictEqual(df.columns, ["Formula", "gap", "note"], "the input frame is not modified");
  // an existing feature column is replaced in place only when asked
  const withCs = new DataFrame([["CsPbI3", 0]], { columns: ["Formula", "Cs"] });
  assert.throws(() => featurizer.featurizeDataFrame(withCs), /already has feature column\(s\) Cs; pass overwrite: true/);
  const replaced = featurizer.featurizeDataFrame(withCs, { overwrite: true });
  assert.strictEqual(replaced.columns[1], "Cs");
  assert.strictEqual((replaced.values as unknown[][])[0][1], 1);
  // another formula column, by name (the old signature)
  const other = featurizer.featurizeDataFrame(new DataFrame([["CsPbBr3"]], { columns: ["composition"] }), "composition");
  assert.deepStrictEqual((other.values as unknown[][])[0].slice(1), featurizer.featurize("CsPbBr3"));
});

test("featurizeDataFrame names the row of an empty or bad formula, and reports normalized rows in one warning", async () => {
  const featurizer = await featurizerOnce;
  const df = new DataFrame([["CsPbI3"], [null], ["CsPbI2.9"]], { columns: ["Formula"] });
  assert.throws(() => featurizer.featurizeDataFrame(df), /2 formula\(s\) could not be featurized: row 1: the formula cell is empty \(null\); row 2: formula "CsPbI2\.9": X-site/);
  const ok = new DataFrame([["CsPbI3"], ["CsPbBr2.9"]], { columns: ["Formula"] });
  let out: DataFrame | undefined;
  const warned = await captureWarningsAsync(() => (out = featurizer.featurizeDataFrame(ok, { normalize: true })));
  assert.deepStrictEqual(warned, ['warning: featurizeDataFrame: 1 change(s) to compositions: row 1 "CsPbBr2.9": X-site amounts add up to 2.9, not 3: scaled to fill the site']);
  assert.strictEqual((out!.values as unknown[][])[1][COMPOSITION_DESCRIPTORS.indexOf("Br") + 1], 1);
  const batch = featurizer.featurizeMany(["CsPbI3", undefined, "CsPbCl2.9"], { normalize: true });
  assert.deepStrictEqual(batch.errors.map((e) => [e.index, e.message]), [[1, "the formula cell is empty (undefined)"]]);
  assert.deepStrictEqual(batch.changes.map((c) => c.index), [2]);
});

test("candidate enumeration covers the grid, is featurized, streams, and can exclude the training set", async () => {
  const featurizer = await featurizerOnce;
  const all = enumerateWith(featurizer);
  assert.deepStrictEqual(all.shape, [35 * 51 * 12, 51]);
  assert.deepStrictEqual(countCandidates(), { total: 21420, perSite: { A: 35, B: 51, X: 12 } });
  const pure = enumerateWith(featurizer, { step: 1 });
  assert.strictEqual(pure.shape[0], 5 * 6 * 3);
  const some = matrixOf(pure, COMPOSITION_DESCRIPTORS).slice(0, 10);
  assert.strictEqual(enumerateWith(featurizer, { step: 1, exclude: some }).shape[0], 90 - 10);
  const streamed = [...iterateCandidates(featurizer, { step: 0.5, maxMix: { A: 1, B: 2, X: 3 } })];
  const framed = enumerateWith(featurizer, { step: 0.5, maxMix: { A: 1, B: 2, X: 3 } });
  assert.deepStrictEqual(streamed.map((c) => [c.formula, ...c.features]), framed.values);
  assert.strictEqual(countCandidates({ step: 0.5, maxMix: { A: 1, B: 2, X: 3 } }).total, streamed.length);
  assert.strictEqual(countCandidates({ step: 0.001 }).total, 9995 * 14991 * 3000);
  assert.throws(() => enumerateWith(featurizer, { step: 0.3 }), /step must be/);
  assert.throws(() => enumerateWith(featurizer, { species: { A: ["Na"] } }), /species\.A must be one of/);
  assert.throws(() => enumerateWith(featurizer, { step: 0.125, limit: 1000 }), /the space has 199,800 compositions.*more than limit 1,000 /);
});

test("the counting formula agrees with enumerating for many grids", async () => {
  const featurizer = await featurizerOnce;
  for (const step of [1, 0.5, 1 / 3, 0.25]) {
    for (const maxMix of [1, 2, 3]) {
      const n = [...iterateCandidates(featurizer, { step, maxMix, species: { A: ["Cs", "MA", "FA"], B: ["Sn", "Pb"] } })].length;
      assert.strictEqual(countCandidates({ step, maxMix, species: { A: ["Cs", "MA", "FA"], B: ["Sn", "Pb"] } }).total, n, `step ${step} maxMix ${maxMix}`);
    }
  }
});

test("a CSV with a formula column reads the same through parseCsv and the featurizer as through the tutorial's table", async () => {
  const featurizer = await featurizerOnce;
  const table = parseCsv(fs.readFileSync(path.join(dataDir, "DFT_data.csv"), "utf8"), "DFT_data.csv");
  const f = table.columns.indexOf("Formula");
  const { rows, errors } = featurizer.featurizeMany(table.rows.map((r) => r[f]), { snapToEighths: true });
  assert.deepStrictEqual(errors, []);
  const cs = table.columns.indexOf("Cs");
  rows.forEach((r, i) => assert.strictEqual(r![COMPOSITION_DESCRIPTORS.indexOf("Cs")], Number(table.rows[i][cs])));
});
