// The checks of notebook 00's exercises: each accepts the right answer, refuses wrong ones with a
// hint that fits the mistake, and never puts the expected number in a hint.
import { test } from "node:test";
import * as assert from "assert";
import { DataFrame } from "danfojs-node";
import { check } from "../lib/check";
import { PerovskiteFeaturizer, countCandidates, frameFromRecords, loadDFT, loadElementalProperties } from "../lib/data";
import { testDataDir, quietly } from "./helpers";

const opts = { dataDir: testDataDir(), download: false };

test("xSiteAverage: right within 0.005 of the featurizer's X_En; hints for amounts, single halides and bad input", async () => {
  const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(opts));
  const frame = featurizer.featurizeDataFrame(frameFromRecords([{ Formula: "MAPbI3" }, { Formula: "MAPbI2Br1" }]));
  const xEn = frame.column("X_En").values[1] as number;
  // By hand: one third Br (2.96), two thirds I (2.66).
  const byHand = (2.96 + 2 * 2.66) / 3;
  assert.ok(Math.abs(byHand - xEn) < 1e-9, `featurizer X_En ${xEn}`);
  assert.strictEqual(quietly(() => check.xSiteAverage(frame, byHand)).ok, true);
  assert.strictEqual(quietly(() => check.xSiteAverage(frame, byHand + 0.004)).ok, true);
  const off = quietly(() => check.xSiteAverage(frame, byHand + 0.05));
  assert.strictEqual(off.ok, false);
  assert.match(off.message, /weighted by its fraction on the X site/);
  assert.ok(!off.message.includes(xEn.toFixed(3)), "the hint must not give the answer");
  const amounts = quietly(() => check.xSiteAverage(frame, 2.96 + 2 * 2.66));
  assert.match(amounts.message, /add up to 3/);
  const pure = featurizer.featurizeDataFrame(frameFromRecords([{ Formula: "MAPbBr3" }]));
  assert.match(quietly(() => check.xSiteAverage(pure, 2.96)).message, /single halide/);
  assert.match(quietly(() => check.xSiteAverage(frame, "2.76")).message, /should be a number/);
  assert.match(quietly(() => check.xSiteAverage([[1, 2]], 2.7)).message, /should be a DataFrame; got an array/);
  assert.match(quietly(() => check.xSiteAverage(frame.loc({ columns: ["Formula", "X_En"] }), 2.7)).message, /no "Cl" column/);
});

test("gridOverLimit: the first n whose two-species space exceeds a million is right; smaller and larger n get opposite hints", () => {
  const sizes = Array.from({ length: 20 }, (_, k) => countCandidates({ step: 1 / (k + 1), maxMix: 2 }).total);
  const first = sizes.findIndex((s) => s > 1_000_000) + 1;
  // Worked out by hand: A 5 + 10(n-1), B 6 + 15(n-1), X 3 + 3(n-1) mixtures; n = 13 gives 906,750, n = 14 gives 1,139,670.
  assert.strictEqual(first, 14);
  assert.strictEqual(sizes[12], 125 * 186 * 39);
  assert.strictEqual(sizes[13], 135 * 201 * 42);
  assert.strictEqual(quietly(() => check.gridOverLimit(14)).ok, true);
  const coarse = quietly(() => check.gridOverLimit(8));
  assert.strictEqual(coarse.ok, false);
  assert.match(coarse.message, /199,800 compositions, still within one million: make the grid finer/);
  const fine = quietly(() => check.gridOverLimit(16));
  assert.strictEqual(fine.ok, false);
  assert.match(fine.message, /a coarser grid \(a smaller n\) already is/);
  assert.ok(!fine.message.includes("14"), "the hint must not give the answer");
  assert.match(quietly(() => check.gridOverLimit(0.125)).message, /whole number/);
  assert.match(quietly(() => check.gridOverLimit(undefined)).message, /whole number/);
});

test("tinBandGap: right for the Sn > 0 / Sn = 0 split of the whole table and the difference of means; hints name the mistake", async () => {
  const dft = await loadDFT(opts);
  const withTin = dft.loc({ rows: dft.column("Sn").gt(0) });
  const withoutTin = dft.loc({ rows: dft.column("Sn").eq(0) });
  const gaps = (df: DataFrame) => df.column("Band Gap").values as number[];
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const difference = mean(gaps(withoutTin)) - mean(gaps(withTin));
  assert.ok(difference > 1, `tin lowers the mean gap by ${difference}`);
  assert.strictEqual(quietly(() => check.tinBandGap(withTin, withoutTin, difference)).ok, true);
  assert.match(quietly(() => check.tinBandGap(withTin, withoutTin, -difference)).message, /wrong sign/);
  const wrong = quietly(() => check.tinBandGap(withTin, withoutTin, difference + 0.1));
  assert.match(wrong.message, /mean of the Band Gap column/);
  assert.ok(!wrong.message.includes(difference.toFixed(2)), "the hint must not give the answer");
  const hybrid = dft.loc({ rows: dft.column("MA").gt(0).or(dft.column("FA").gt(0)) });
  const hybridWithTin = hybrid.loc({ rows: hybrid.column("Sn").gt(0) });
  assert.match(quietly(() => check.tinBandGap(hybridWithTin, withoutTin, difference)).message, /every alloy of the DFT table exactly once/);
  assert.match(quietly(() => check.tinBandGap(dft, withoutTin, difference)).message, /first table hold no Sn/);
  assert.match(quietly(() => check.tinBandGap(withTin, dft, difference)).message, /second table hold Sn/);
  assert.match(quietly(() => check.tinBandGap(withTin.loc({ columns: ["Sn"] }), withoutTin, difference)).message, /no "Band Gap" column/);
});
