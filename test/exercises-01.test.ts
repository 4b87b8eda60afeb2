// The checks of notebook 01's "Your turn" exercises: right answers pass, each kind of wrong answer
// gets its own hint, and no hint gives the answer away.
import { test } from "node:test";
import * as assert from "assert";
import { DataFrame } from "danfojs-node";
import { ALL_DESCRIPTORS, loadDFT } from "../lib/data";
import { LinearRegression, Ridge, fitOnSplit } from "../lib/models";
import { ScaledRegressor, trainTestSplit } from "../lib/preprocessing";
import { check } from "../lib/check";
import { quietly, testDataDir } from "./helpers";


const comparison = (rows: [string, string, number, number][]) =>
  new DataFrame(
    rows.map((r) => [...r, 0.01]),
    { columns: ["target", "set", "descriptors", "cv_rmse_mean", "cv_rmse_std"] },
  );

test("descriptorSets: needs the 14/36/50 sets and the set with the lowest RMSE (ties accepted)", () => {
  const good = comparison([
    ["band gap", "composition", 14, 0.278],
    ["band gap", "elemental", 36, 0.248],
    ["band gap", "all", 50, 0.2495],
  ]);
  const right = quietly(() => check.descriptorSets(good, "elemental"));
  assert.ok(right.ok, right.message);
  assert.match(right.message, /tied with "all"/);
  assert.ok(!quietly(() => check.descriptorSets(good, "composition")).ok);
  assert.match(quietly(() => check.descriptorSets(good, "composition")).message, /not the lowest cv_rmse_mean for band gap/);
  assert.match(quietly(() => check.descriptorSets(good, "best")).message, /one of the set names in the table \("composition", "elemental", "all"\)/);
  const wrongSet = comparison([
    ["band gap", "composition", 14, 0.38],
    ["band gap", "elemental", 14, 0.38],
    ["band gap", "all", 50, 0.38],
  ]);
  const hint = quietly(() => check.descriptorSets(wrongSet, "all"));
  assert.ok(!hint.ok);
  assert.match(hint.message, /the sets have 14, 14, 50 descriptors; compare .* elemental \(36: ml.ELEMENTAL_DESCRIPTORS\)/);
  const tie = comparison([
    ["band gap", "composition", 14, 0.3796],
    ["band gap", "elemental", 36, 0.3795],
    ["band gap", "all", 50, 0.3796],
  ]);
  const tied = quietly(() => check.descriptorSets(tie, "all"));
  assert.ok(tied.ok);
  assert.match(tied.message, /All three sets tie/);
  // Only the first target's rows count; another target may follow.
  const two = comparison([
    ["band gap", "composition", 14, 0.3],
    ["band gap", "elemental", 36, 0.2],
    ["band gap", "all", 50, 0.25],
    ["decomposition energy", "composition", 14, 0.01],
    ["decomposition energy", "elemental", 36, 0.05],
    ["decomposition energy", "all", 50, 0.05],
  ]);
  assert.ok(quietly(() => check.descriptorSets(two, "elemental")).ok);
  const noRmse = new DataFrame([["band gap", "all", 50, 0.9]], { columns: ["target", "set", "descriptors", "cv_r2_mean"] });
  assert.match(quietly(() => check.descriptorSets(noRmse, "all")).message, /pass scoring: "rmse"/);
  assert.match(quietly(() => check.descriptorSets([1, 2], "all")).message, /should be a DataFrame; got an array/);
});

test("ridgeTradeoff: a ridge fit whose band-gap test RMSE is 0.42–0.44 eV; hints say which way to move alpha", async () => {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const X = df.loc({ columns: ALL_DESCRIPTORS });
  const split = trainTestSplit(df, { testSize: 0.2, seed: 0 });
  const ridge = (alpha: number) => fitOnSplit(new ScaledRegressor({ model: new Ridge({ alpha }) }), X, df.column("Band Gap"), split);
  const small = quietly(() => check.ridgeTradeoff(ridge(1)));
  assert.ok(!small.ok);
  assert.match(small.message, /alpha = 1: test RMSE 0.389 eV, weight norm 0.472\. The penalty does not cost accuracy yet: make alpha larger/);
  const right = quietly(() => check.ridgeTradeoff(ridge(400)));
  assert.ok(right.ok, right.message);
  assert.match(quietly(() => check.ridgeTradeoff(ridge(2000))).message, /make alpha smaller/);
  // Unscaled Ridge is read too; other models and other targets are not accepted.
  assert.ok(!quietly(() => check.ridgeTradeoff(fitOnSplit(new Ridge({ alpha: 1 }), X, df.column("Band Gap"), split))).ok);
  assert.match(quietly(() => check.ridgeTradeoff(fitOnSplit(new LinearRegression(), X, df.column("Band Gap"), split))).message, /fitted ridge model/);
  assert.match(quietly(() => check.ridgeTradeoff(fitOnSplit(new Ridge({ alpha: 400 }), X, df.column("Decomposition Energy"), split))).message, /not the band gap's/);
  assert.match(quietly(() => check.ridgeTradeoff(undefined)).message, /fitted ridge model/);
});

test("forestDepth: below 0.30 eV at full size with at most 6 levels; hints for too shallow and deeper than needed", () => {
  const curve = (final: number) => ({ scoring: "rmse", trainSizes: [40, 163, 409], trainMean: [0.3, 0.2, 0.18], trainStd: [0, 0, 0], testMean: [0.5, 0.33, final], testStd: [0, 0, 0] });
  const right = quietly(() => check.forestDepth(curve(0.284), 5));
  assert.ok(right.ok, right.message);
  assert.match(right.message, /maxDepth 5: cross-validated RMSE 0.284 eV with 409 training alloys/);
  assert.match(quietly(() => check.forestDepth(curve(0.51), 2)).message, /too shallow .* Allow deeper trees/);
  assert.match(quietly(() => check.forestDepth(curve(0.26), 12)).message, /shallower trees get there too/);
  assert.ok(!quietly(() => check.forestDepth(curve(0.26), 12)).ok);
  assert.match(quietly(() => check.forestDepth(curve(0.28), null)).message, /maxDepth should be a whole number/);
  assert.match(quietly(() => check.forestDepth({ ...curve(0.28), scoring: "r2" }, 5)).message, /scoring: "rmse"/);
});
