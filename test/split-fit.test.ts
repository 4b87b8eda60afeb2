// Evaluation helpers of the notebooks: fitting on a split (fitOnSplit, fitTargets, splitReport),
// out-of-fold predictions (crossValPredict), comparing descriptor sets by cross-validation
// (compareFeatureSets), singular values (rank of the descriptors), and metrics on Series.
import { test } from "node:test";
import * as assert from "assert";
import { DataFrame, Series } from "danfojs-node";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, ELEMENTAL_DESCRIPTORS, columnOf, loadDFT, matrixOf } from "../lib/data";
import { mae, r2Score, regressionReport, rmse } from "../lib/metrics";
import {
  KernelRidge,
  LinearRegression,
  RandomForestRegressor,
  Ridge,
  compareFeatureSets,
  crossValPredict,
  crossValidate,
  fitOnSplit,
  fitTargets,
  gridSearchCV,
  kFold,
  leaveOneOut,
  splitReport,
} from "../lib/models";
import { ScaledRegressor, take, trainTestSplit } from "../lib/preprocessing";
import { PCA, singularValues } from "../lib/decomposition";
import { assertClose, testDataDir } from "./helpers";

let cached: Promise<{ df: DataFrame; X: number[][]; gap: number[]; decomp: number[] }> | undefined;
function data() {
  cached ??= loadDFT({ dataDir: testDataDir(), download: false }).then((df) => ({
    df,
    X: matrixOf(df, ALL_DESCRIPTORS),
    gap: columnOf(df, "Band Gap"),
    decomp: columnOf(df, "Decomposition Energy"),
  }));
  return cached;
}

test("fitOnSplit fits on the training rows and reports what fit → predict → metrics by hand gives", async () => {
  const { df, X, gap } = await data();
  const split = trainTestSplit(512, { testSize: 0.2, seed: 0 });
  const fit = fitOnSplit(new Ridge({ alpha: 1 }), df.loc({ columns: ALL_DESCRIPTORS }), df.column("Band Gap"), split, { labels: df.column("Formula") });
  const byHand = new Ridge({ alpha: 1 }).fit(take(X, split.train), take(gap, split.train));
  const predicted = byHand.predict(take(X, split.test));
  assert.deepStrictEqual(fit.test.predicted, predicted);
  assert.deepStrictEqual(fit.test.actual, take(gap, split.test));
  assert.deepStrictEqual(fit.test.report, regressionReport(take(gap, split.test), predicted));
  assert.deepStrictEqual(fit.train.predicted, byHand.predict(take(X, split.train)));
  assert.deepStrictEqual(fit.train.rows, split.train);
  assert.deepStrictEqual(fit.test.labels, take(columnOf<string>(df, "Formula"), split.test));
  // The model is the one passed in, fitted on a frame: it remembers the columns.
  assert.deepStrictEqual(fit.model.featureNamesIn_, ALL_DESCRIPTORS);
  assert.deepStrictEqual(fit.model.coef_, byHand.coef_);
  // Plain matrices work too, and give the same numbers.
  const plain = fitOnSplit(new Ridge({ alpha: 1 }), X, gap, split);
  assert.deepStrictEqual(plain.test.predicted, predicted);
  assert.strictEqual(plain.model.featureNamesIn_, undefined);
  assert.strictEqual(plain.test.labels, undefined);
});

test("fitOnSplit rejects a bad split, labels of the wrong length, and y of the wrong length", async () => {
  const { X, gap } = await data();
  assert.throws(() => fitOnSplit(new Ridge(), X, gap, { train: [], test: [1] }), /fitOnSplit: split must be \{ train, test \} with non-empty arrays/);
  assert.throws(() => fitOnSplit(new Ridge(), X, gap, { train: [0, 1, 2], test: [512] }), /fitOnSplit: split has row 512, outside 0..511/);
  assert.throws(() => fitOnSplit(new Ridge(), X, gap, { train: [0, 1, 2], test: [3] }, { labels: ["a"] }), /fitOnSplit: 1 labels for 512 rows/);
  assert.throws(() => fitOnSplit(new Ridge(), X, gap.slice(1), { train: [0, 1, 2], test: [3] }), /fitOnSplit: X has 512 rows but y has 511/);
});

test("fitTargets fits a fresh clone per target, each as fitOnSplit would", async () => {
  const { df, gap, decomp } = await data();
  const split = trainTestSplit(512, { testSize: 0.2, seed: 1 });
  const X = df.loc({ columns: COMPOSITION_DESCRIPTORS });
  const model = new ScaledRegressor({ model: new Ridge({ alpha: 0.5 }) });
  const fits = fitTargets(model, X, { "band gap": gap, "decomposition energy": decomp }, split);
  assert.deepStrictEqual(Object.keys(fits), ["band gap", "decomposition energy"]);
  assert.notStrictEqual(fits["band gap"].model, fits["decomposition energy"].model);
  assert.notStrictEqual(fits["band gap"].model, model);
  assert.strictEqual(model.isFitted(), false);
  const one = fitOnSplit(new ScaledRegressor({ model: new Ridge({ alpha: 0.5 }) }), X, decomp, split);
  assert.deepStrictEqual(fits["decomposition energy"].test.predicted, one.test.predicted);
  assert.deepStrictEqual(fits["decomposition energy"].model.model_.coef_, one.model.model_.coef_);
  assert.throws(() => fitTargets(new Ridge(), X, {}, split), /fitTargets: targets is empty/);
});

test("splitReport: one row per fit, flat or by model and target, with train and test RMSE, MAE, R²", async () => {
  const { X, gap, decomp } = await data();
  const split = trainTestSplit(512, { testSize: 0.25, seed: 2 });
  const ols = fitTargets(new LinearRegression(), X, { "band gap": gap, "decomposition energy": decomp }, split);
  const ridge = fitTargets(new Ridge({ alpha: 10 }), X, { "band gap": gap, "decomposition energy": decomp }, split);
  const flat = splitReport(ols);
  assert.deepStrictEqual(flat.columns, ["target", "train_rmse", "train_mae", "train_r2", "test_rmse", "test_mae", "test_r2"]);
  const g = ols["band gap"];
  assert.deepStrictEqual(flat.values[0], ["band gap", g.train.report.rmse, g.train.report.mae, g.train.report.r2, g.test.report.rmse, g.test.report.mae, g.test.report.r2]);
  const nested = splitReport({ OLS: ols, Ridge: ridge });
  assert.deepStrictEqual(nested.columns.slice(0, 2), ["model", "target"]);
  assert.deepStrictEqual(
    (nested.values as unknown[][]).map((r) => [r[0], r[1]]),
    [
      ["OLS", "band gap"],
      ["OLS", "decomposition energy"],
      ["Ridge", "band gap"],
      ["Ridge", "decomposition energy"],
    ],
  );
  assert.strictEqual((nested.values as number[][])[3][6], ridge["decomposition energy"].test.report.mae);
  assert.deepStrictEqual(splitReport(ols, { names: ["property"] }).columns[0], "property");
  assert.throws(() => splitReport({}), /splitReport: no fits given/);
  assert.throws(() => splitReport(ols, { names: ["a", "b"] }), /names has 2 entries but the fits are nested 1 deep/);
  assert.throws(() => splitReport({ a: g, b: ridge }), /mix of/);
  assert.throws(() => splitReport({ OLS: { gap: { train: 1 } } } as never), /"OLS" → "gap" is not a result of fitOnSplit/);
});

test("crossValPredict: each row predicted by the fit that left it out; LOO RMSE from it", async () => {
  const { X, gap } = await data();
  const rows = Array.from({ length: 40 }, (_, i) => i * 12);
  const Xs = take(X, rows);
  const ys = take(gap, rows);
  const loo = crossValPredict(new LinearRegression(), Xs, ys, { cv: leaveOneOut(40) });
  for (const i of [0, 17, 39]) {
    const others = rows.map((_, k) => k).filter((k) => k !== i);
    const byHand = new LinearRegression().fit(take(Xs, others), take(ys, others)).predict([Xs[i]])[0];
    assert.strictEqual(loo[i], byHand);
  }
  // With one test row per fold, each fold's "RMSE" is |error|: the LOO RMSE over all points agrees.
  const perFold = crossValidate(new LinearRegression(), Xs, ys, { cv: leaveOneOut(40), scoring: "rmse" }).testScores;
  assertClose(rmse(ys, loo), Math.sqrt(perFold.reduce((s, e) => s + e * e, 0) / perFold.length), 1e-12);
  // k-fold: same as fitting on each fold's training rows.
  const folds = kFold(40, { k: 4, shuffle: true, seed: 3 });
  const pred = crossValPredict(new Ridge({ alpha: 2 }), Xs, ys, { cv: folds });
  const f = folds[2];
  assert.deepStrictEqual(take(pred, f.test), new Ridge({ alpha: 2 }).fit(take(Xs, f.train), take(ys, f.train)).predict(take(Xs, f.test)));
  assert.throws(() => crossValPredict(new Ridge(), Xs, ys, { cv: [f, f] }), /row \d+ is a test row of more than one fold/);
  assert.throws(() => crossValPredict(new Ridge(), Xs, ys, { cv: [f] }), /row \d+ is in no fold's test rows/);
});

test("compareFeatureSets: each set cross-validated on the same folds, for each target, on threads or not", async () => {
  const { df, gap, decomp } = await data();
  const folds = kFold(512, { k: 3, shuffle: true, seed: 0 });
  const model = new ScaledRegressor({ model: new KernelRidge({ kernel: "rbf", alpha: 0.1, gamma: 0.01 }) });
  const sets = { composition: COMPOSITION_DESCRIPTORS, elemental: ELEMENTAL_DESCRIPTORS };
  const table = await compareFeatureSets(model, df, sets, { gap, decomp }, { cv: folds, scoring: "rmse" });
  assert.deepStrictEqual(table.columns, ["target", "set", "descriptors", "cv_rmse_mean", "cv_rmse_std"]);
  const rows = table.values as unknown[][];
  assert.deepStrictEqual(
    rows.map((r) => r.slice(0, 3)),
    [
      ["gap", "composition", 14],
      ["gap", "elemental", 36],
      ["decomp", "composition", 14],
      ["decomp", "elemental", 36],
    ],
  );
  const direct = crossValidate(model, matrixOf(df, ELEMENTAL_DESCRIPTORS), decomp, { cv: folds, scoring: "rmse" });
  assert.strictEqual(rows[3][3], direct.meanTestScore);
  assert.strictEqual(rows[3][4], direct.stdTestScore);
  // In this thread: the same numbers.
  const serial = await compareFeatureSets(model, df, sets, { gap, decomp }, { cv: folds, scoring: "rmse", nJobs: 1 });
  assert.deepStrictEqual(serial.values, table.values);
  // Default scoring is crossValidate's (R² for a regressor), named in the columns.
  const r2 = await compareFeatureSets(new Ridge(), df, { composition: COMPOSITION_DESCRIPTORS }, { gap }, { cv: folds });
  assert.deepStrictEqual(r2.columns.slice(3), ["cv_r2_mean", "cv_r2_std"]);
  await assert.rejects(compareFeatureSets(new Ridge(), df, { mine: ["Cs", "Xx"] }, { gap }), /set "mine" names column "Xx", which X does not have/);
  await assert.rejects(compareFeatureSets(new Ridge(), df, { text: ["Formula"] }, { gap }), /column "Formula"\) is "MA1Ca0.12Sn0.75Pb0.12I3"/);
  await assert.rejects(compareFeatureSets(new Ridge(), matrixOf(df, ALL_DESCRIPTORS), sets, { gap }), /X must be a DataFrame/);
  await assert.rejects(compareFeatureSets(new Ridge(), df, {}, { gap }), /sets is empty/);
  await assert.rejects(compareFeatureSets(new Ridge(), df, sets, {}), /targets is empty/);
  await assert.rejects(compareFeatureSets(new Ridge(), df, sets, { gap: gap.slice(1) }), /X has 512 rows but target "gap" has 511/);
  await assert.rejects(compareFeatureSets(new Ridge(), df, sets, { gap }, { nJobs: 0 }), /nJobs must be -1 \(all cores\) or an integer >= 1, got 0/);
});

test("singularValues: exact on a known matrix, centring optional, tiny values kept that PCA's XᵀX loses", async () => {
  // Columns scaled by 3, 2 and 1e-12 of an orthogonal 4×3 matrix: singular values 3·2, 2·2, 1e-12·2.
  // A backward-stable SVD is accurate to about eps × the largest value (≈ 1e-15 here), absolutely.
  const Q = [
    [1, 1, 1],
    [1, -1, 1],
    [1, 1, -1],
    [1, -1, -1],
  ];
  const A = Q.map((r) => [3 * r[0], 2 * r[1], 1e-12 * r[2]]);
  assertClose(singularValues(A), [6, 4, 2e-12], 1e-12, 1e-14);
  assertClose(singularValues(A.map((r) => [r[2], r[0], r[1]])), [6, 4, 2e-12], 1e-12, 1e-14);
  // Wide input gives the same values as its transpose.
  const T = A[0].map((_, j) => A.map((r) => r[j]));
  assertClose(singularValues(T), [6, 4, 2e-12], 1e-12, 1e-14);
  // Centring: a constant column has no spread.
  assertClose(singularValues([[1, 5], [2, 5], [3, 5]], { center: true }), [Math.SQRT2, 0], 1e-12, 1e-15);
  assert.throws(() => singularValues(A, { centre: true } as never), /unknown option "centre"; did you mean "center"/);

  // The case study: 11 clear singular values, two at the CSV's rounding level, then zeros; PCA agrees on the 11.
  const { df } = await data();
  const s = singularValues(df.loc({ columns: ALL_DESCRIPTORS }), { center: true });
  const relative = s.map((v) => v / s[0]);
  assert.strictEqual(relative.filter((r) => r > 1e-6).length, 11);
  assert.ok(relative[11] > 1e-11 && relative[11] < 1e-10, `12th: ${relative[11]}`);
  assert.ok(relative[12] > 1e-12 && relative[12] < 1e-11, `13th: ${relative[12]}`);
  assert.ok(relative[13] < 1e-14, `14th: ${relative[13]}`);
  const pca = new PCA().fit(df.loc({ columns: ALL_DESCRIPTORS }));
  assert.strictEqual(pca.singularValues_.filter((v) => v > 0).length, 11);
  assertClose(pca.singularValues_.slice(0, 11), s.slice(0, 11), 1e-8);
});

test("regression metrics accept danfojs Series as well as arrays", () => {
  const actual = [1, 2, 3, 4];
  const predicted = [1.5, 2, 2.5, 5];
  const sA = new Series(actual);
  const sP = new Series(predicted);
  assert.strictEqual(rmse(sA, sP), rmse(actual, predicted));
  assert.strictEqual(mae(sA, predicted), mae(actual, predicted));
  assert.strictEqual(r2Score(actual, sP), r2Score(actual, predicted));
  assert.throws(() => rmse(new Series(["a", "b"]), [1, 2]), /rmse|mse: value 0 is not a finite number/);
  assert.throws(() => rmse({ nope: 1 } as never, [1]), /mse: actual must be number\[\] or a Series/);
});

test("gridSearchCV's bestParams are typed by the grid and go straight into setParams", async () => {
  const { X, decomp } = await data();
  const rows = Array.from({ length: 60 }, (_, i) => i * 8);
  const search = await gridSearchCV(new RandomForestRegressor({ nEstimators: 5, seed: 0 }), { maxDepth: [2, 4] }, take(X, rows), take(decomp, rows), { cv: 3, scoring: "rmse", nJobs: 1 });
  const depth: number = search.bestParams.maxDepth;
  const refit = new RandomForestRegressor({ nEstimators: 5, seed: 0 }).setParams(search.bestParams).fit(take(X, rows), take(decomp, rows));
  assert.strictEqual(refit.params.maxDepth, depth);
  assert.deepStrictEqual(refit.predict(take(X, rows)), search.bestEstimator?.predict(take(X, rows)));
});
