// Model selection against scikit-learn 1.2 (fixtures from scripts/fixtures/trees.py): k-fold
// and stratified k-fold splits exactly, learning-curve sizes, RFE ranking; plus grid search on
// worker threads giving the same answer as in this thread.
import { test } from "node:test";
import * as assert from "assert";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, columnOf, loadDFT, matrixOf } from "../lib/data";
import {
  DecisionTreeRegressor,
  LinearRegression,
  RandomForestClassifier,
  RandomForestRegressor,
  crossValScore,
  crossValidate,
  gridSearchCV,
  kFold,
  learningCurve,
  leaveOneOut,
  parameterGrid,
  rfe,
  stratifiedKFold,
} from "../lib/models";
import { StandardScaler, take } from "../lib/preprocessing";
import { fixture, testDataDir } from "./helpers";

let cached: Promise<{ X: number[][]; comp: number[][]; gap: number[]; decomp: number[]; stable: number[]; df: Awaited<ReturnType<typeof loadDFT>> }> | undefined;
function data() {
  cached ??= loadDFT({ dataDir: testDataDir(), download: false }).then((df) => {
    const decomp = columnOf(df, "Decomposition Energy");
    return { df, X: matrixOf(df, ALL_DESCRIPTORS), comp: matrixOf(df, COMPOSITION_DESCRIPTORS), gap: columnOf(df, "Band Gap"), decomp, stable: decomp.map((e) => (e < 0 ? 1 : 0)) };
  });
  return cached;
}

test("kFold gives scikit-learn's KFold folds exactly (shuffle off)", () => {
  const fx = fixture("trees/selection.json");
  for (const c of fx.kfold) {
    const folds = kFold(c.n, { k: c.k });
    assert.deepStrictEqual(folds.map((f) => f.test), c.test, `n=${c.n} k=${c.k}`);
    assert.deepStrictEqual(folds[0].train, c.train0);
    for (const f of folds) assert.strictEqual(f.train.length + f.test.length, c.n);
  }
});

test("stratifiedKFold gives scikit-learn's StratifiedKFold folds exactly (shuffle off)", async () => {
  const { stable } = await data();
  const fx = fixture("trees/selection.json");
  for (const c of fx.stratified) assert.deepStrictEqual(stratifiedKFold(stable, { k: c.k }).map((f) => f.test), c.test);
});

test("shuffled folds cover every row once and depend on the seed; leave-one-out", () => {
  const a = kFold(23, { k: 4, shuffle: true, seed: 1 });
  const all = a.flatMap((f) => f.test).sort((x, y) => x - y);
  assert.deepStrictEqual(all, Array.from({ length: 23 }, (_, i) => i));
  assert.deepStrictEqual(a.map((f) => f.test.length), [6, 6, 6, 5]);
  assert.notDeepStrictEqual(kFold(23, { k: 4, shuffle: true, seed: 2 }), a);
  assert.deepStrictEqual(kFold(23, { k: 4, shuffle: true, seed: 1 }), a);
  const loo = leaveOneOut(4);
  assert.deepStrictEqual(loo[2], { train: [0, 1, 3], test: [2] });
  assert.throws(() => kFold(3, { k: 5 }), /n must be an integer >= k/);
  assert.throws(() => kFold(10, { k: 1 }), /k must be an integer >= 2/);
});

test("crossValScore and crossValidate score each fold with the chosen metric", async () => {
  const { X, gap } = await data();
  const Xs = X.slice(0, 150);
  const ys = gap.slice(0, 150);
  const model = new RandomForestRegressor({ nEstimators: 20 });
  const rmse = crossValScore(model, Xs, ys, 5, "rmse");
  assert.strictEqual(rmse.length, 5);
  assert.ok(rmse.every((v) => v > 0 && v < 1.5));
  const cv = crossValidate(model, Xs, ys, { cv: kFold(150, { k: 3 }), scoring: "r2" });
  assert.strictEqual(cv.testScores.length, 3);
  assert.ok(cv.meanTrainScore > cv.meanTestScore, "train R² should exceed CV R²");
  const custom = crossValScore(model, Xs, ys, 3, (t: number[], p: number[]) => Math.max(...t.map((v, i) => Math.abs(v - p[i]))));
  assert.strictEqual(custom.length, 3);
  assert.throws(() => crossValScore(model, Xs, ys, 3, "mse" as never), /scoring must be one of/);
  assert.throws(() => crossValScore(model, Xs, ys.slice(1), 3), /150 rows but y has 149/);
});

test("gridSearchCV: grid order, best by the metric's direction, same answer on workers and in-thread", async () => {
  const { comp, decomp } = await data();
  const X = comp.slice(0, 103);
  const y = decomp.slice(0, 103);
  const grid = { nEstimators: [10, 20], maxDepth: [2, 8], minSamplesLeaf: [1, 5] };
  assert.deepStrictEqual(parameterGrid({ b: [1, 2], a: ["x", "y"] }), [
    { a: "x", b: 1 },
    { a: "x", b: 2 },
    { a: "y", b: 1 },
    { a: "y", b: 2 },
  ]);
  const base = new RandomForestRegressor({ maxFeatures: 8 });
  const serial = await gridSearchCV(base, grid, X, y, { cv: 5, scoring: "rmse", nJobs: 1 });
  const parallel = await gridSearchCV(base, grid, X, y, { cv: 5, scoring: "rmse", nJobs: 2 });
  assert.strictEqual(serial.nJobs, 1);
  assert.strictEqual(parallel.nJobs, 2);
  assert.deepStrictEqual(parallel.splitTestScores, serial.splitTestScores);
  assert.deepStrictEqual(parallel.bestParams, serial.bestParams);
  assert.strictEqual(serial.results.length, 8);
  const best = Math.min(...serial.results.map((r) => r.meanTestScore));
  assert.strictEqual(serial.bestScore, best);
  assert.strictEqual(serial.results[serial.bestIndex].rankTestScore, 1);
  assert.strictEqual(serial.bestEstimator?.params.maxFeatures, 8);
  assert.ok(serial.bestEstimator?.trees_, "best estimator is refitted");
  const r2 = await gridSearchCV(base, grid, X, y, { cv: 3, scoring: "r2", nJobs: 1 });
  assert.strictEqual(r2.bestScore, Math.max(...r2.results.map((r) => r.meanTestScore)));
  await assert.rejects(gridSearchCV(base, { maxDepth: [0] }, X, y, { nJobs: 2 }), /maxDepth must be null, or an integer >= 1/);
  // A grid over an option the estimator does not have is an error before any work, with a suggestion.
  await assert.rejects(gridSearchCV(base, { n_estimators: [10, 20] }, X, y, { nJobs: 2 }), /unknown option "n_estimators"; did you mean "nEstimators"\?/);
});

test("gridSearchCV for a classifier uses accuracy and stratified folds by default", async () => {
  const { X, stable } = await data();
  const res = await gridSearchCV(new RandomForestClassifier({ nEstimators: 10 }), { maxDepth: [2, 6] }, X.slice(0, 120), stable.slice(0, 120), { nJobs: 1 });
  assert.strictEqual(res.scoring, "accuracy");
  assert.ok(res.bestScore > 0.5 && res.bestScore <= 1);
});

test("learningCurve uses scikit-learn's training sizes and gives train/CV scores per size", async () => {
  const { X, gap } = await data();
  const fx = fixture("trees/forest_regression.json");
  const sel = fixture("trees/selection.json");
  const lc = learningCurve(new DecisionTreeRegressor({ maxDepth: 2 }), take(X, fx.train), take(gap, fx.train), { cv: 5, scoring: "rmse" });
  assert.deepStrictEqual(lc.trainSizes, sel.learning_curve_sizes);
  assert.strictEqual(lc.testScores.length, lc.trainSizes.length);
  assert.strictEqual(lc.testScores[0].length, 5);
  const full = learningCurve(new RandomForestRegressor({ nEstimators: 20 }), take(X, fx.train), take(gap, fx.train), { cv: 5, scoring: "rmse", trainSizes: [0.2, 1] });
  assert.ok(full.testMean[1] < full.testMean[0], "more data should lower the CV error");
  assert.throws(() => learningCurve(new DecisionTreeRegressor(), X, gap, { trainSizes: [0] }), /trainSizes/);
});

test("rfe ranks features like scikit-learn's RFE (OLS on standardized descriptors)", async () => {
  const { df, gap } = await data();
  const sel = fixture("trees/selection.json").rfe;
  const Xs = new StandardScaler().fit(matrixOf(df, sel.columns)).transform(matrixOf(df, sel.columns));
  const res = rfe(new LinearRegression(), Xs, gap, { nFeaturesToSelect: sel.n_features_to_select });
  assert.deepStrictEqual(res.ranking, sel.ranking);
  assert.deepStrictEqual(res.support, sel.support);
  // With a forest: importances drive the elimination; the kept set has the requested size.
  const forest = rfe(new RandomForestRegressor({ nEstimators: 10 }), matrixOf(df, ALL_DESCRIPTORS).slice(0, 150), gap.slice(0, 150), { nFeaturesToSelect: 10, step: 10 });
  assert.strictEqual(forest.selected.length, 10);
  assert.strictEqual(forest.ranking.filter((r) => r === 1).length, 10);
  assert.strictEqual(Math.max(...forest.ranking), 5);
});

test("workers load the module that defines an estimator, not an index that re-exports the whole library", async () => {
  // The whole library (the index) is loaded first, as in a notebook; it re-exports every class.
  const library = await import("../lib");
  const { moduleFileOf } = await import("../lib/core/pool");
  assert.match(moduleFileOf(library.RandomForestRegressor) ?? "", /[\\/]models[\\/]forest\.(js|ts)$/);
  assert.match(moduleFileOf(library.ScaledRegressor) ?? "", /[\\/]preprocessing[\\/]scalers\.(js|ts)$/);
  assert.match(moduleFileOf(library.gridSearchCV) ?? "", /[\\/]models[\\/]selection\.(js|ts)$/);
  assert.strictEqual(moduleFileOf(class NotExported {}), undefined);
});

test("model selection rejects a misspelt option by name instead of ignoring it", async () => {
  const X = [[1, 2], [2, 1], [3, 4], [4, 3], [5, 5], [6, 2]];
  const y = [1, 2, 3, 4, 5, 6];
  assert.throws(() => crossValidate(new LinearRegression(), X, y, { cv: 2, scorng: "r2" } as never), /crossValidate: unknown option "scorng"; did you mean "scoring"\?/);
  await assert.rejects(gridSearchCV(new LinearRegression(), { fitIntercept: [true, false] }, X, y, { cvv: 2 } as never), /gridSearchCV: unknown option "cvv"; did you mean "cv"\?/);
  assert.throws(() => learningCurve(new LinearRegression(), X, y, { cv: 2, trainSize: [1] } as never), /learningCurve: unknown option "trainSize"; did you mean "trainSizes"\?/);
  assert.throws(() => rfe(new LinearRegression(), X, y, { nFeatures: 1 } as never), /rfe: unknown option "nFeatures"/);
  assert.throws(() => kFold(6, { folds: 3 } as never), /kFold: unknown option "folds"/);
  assert.throws(() => stratifiedKFold([0, 1, 0, 1], 2 as never), /stratifiedKFold: options must be an object/);
  assert.throws(() => crossValScore(new LinearRegression(), X, y, 10), /cv must be a number of folds from 2 to the 6 rows of X, or a list of folds; got 10/);
  assert.throws(() => crossValScore(new LinearRegression(), X, y, 2.5), /cv must be a number of folds .*got 2.5/);
});
