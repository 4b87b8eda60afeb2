// MinMaxScaler and StandardScaler against scikit-learn 1.2 (fixtures from scripts/fixtures/linear.py),
// their contract (params, clone, NotFittedError, DataFrames), huge values, the ScaledRegressor and
// ScaledClassifier pipelines with scikit-learn's model__name options, and DataFrame input to
// selection and splits.
import { test } from "node:test";
import * as assert from "assert";
import * as dfd from "danfojs-node";
import { ALL_DESCRIPTORS, loadDFT, matrixOf } from "../lib/data";
import { MinMaxScaler, ScaledClassifier, ScaledRegressor, StandardScaler, correlationWithTarget, dropCorrelated, selectByCorrelation, take, trainTestSplit } from "../lib/preprocessing";
import { GaussianNB, KNeighborsClassifier, Lasso, LogisticRegression, Ridge, SVC, gridSearchCV } from "../lib/models";
import { DataError, NotFittedError, ParamError, describeParams, loadModel, saveModel } from "../lib/core";
import { assertClose, fixture, testDataDir } from "./helpers";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// "Exactly" here means to a few units in the last place: the arithmetic is the same as
// scikit-learn's, only summation order inside numpy can differ.
const EXACT = 1e-13;

async function withConstantColumn() {
  const fx = fixture("linear/scalers.json");
  const X = matrixOf(await loadDFT({ dataDir: testDataDir(), download: false }), ALL_DESCRIPTORS).map((r) => [...r, fx.constant_value]);
  return { fx, Xtr: take(X, fx.train), Xte: take(X, fx.test) };
}

const colSums = (X: number[][], f = (v: number) => v) => X[0].map((_, j) => X.reduce((s, r) => s + f(r[j]), 0));

test("StandardScaler: means, variances, scales (constant column -> 1) and transform match scikit-learn", async () => {
  const { fx, Xtr, Xte } = await withConstantColumn();
  const sc = new StandardScaler().fit(Xtr);
  assertClose(sc.mean_, fx.standard.mean, EXACT, 0, "mean");
  assertClose(sc.var_, fx.standard.var, 1e-12, 1e-300, "var");
  assertClose(sc.scale_, fx.standard.scale, EXACT, 0, "scale");
  assert.strictEqual(sc.scale_[ALL_DESCRIPTORS.length], 1);
  assert.strictEqual(sc.nSamplesSeen_, Xtr.length);
  assert.strictEqual(sc.nFeaturesIn_, ALL_DESCRIPTORS.length + 1);
  const T = sc.transform(Xte);
  assertClose(colSums(T), fx.standard.test_col_sum, 1e-12, 1e-11, "test column sums");
  assertClose(colSums(T, (v) => v * v), fx.standard.test_col_sumsq, 1e-12, 1e-11, "test column sums of squares");
  // Training columns come out with mean 0 and variance 1 (the constant one stays 0).
  const Ttr = sc.fitTransform(Xtr);
  colSums(Ttr).forEach((s) => assert.ok(Math.abs(s / Ttr.length) < 1e-12));
  colSums(Ttr, (v) => v * v).forEach((s, j) => assertClose(s / Ttr.length, j === ALL_DESCRIPTORS.length ? 0 : 1, 1e-12, 1e-12));
  // inverseTransform undoes transform.
  sc.inverseTransform(T).forEach((row, i) => assertClose(row, Xte[i], 1e-12, 1e-12, `row ${i}`));
});

test("MinMaxScaler: min, max, scale, offset and transform match scikit-learn, also for another range", async () => {
  const { fx, Xtr, Xte } = await withConstantColumn();
  const mm = new MinMaxScaler().fit(Xtr);
  assertClose(mm.dataMin_, fx.minmax.data_min, 0, 0, "data_min");
  assertClose(mm.dataMax_, fx.minmax.data_max, 0, 0, "data_max");
  assertClose(mm.scale_, fx.minmax.scale, EXACT, 0, "scale");
  assertClose(mm.min_, fx.minmax.min, EXACT, 1e-15, "min");
  const T = mm.transform(Xte);
  assertClose(colSums(T), fx.minmax.test_col_sum, 1e-12, 1e-12, "test column sums");
  assertClose(colSums(T, (v) => v * v), fx.minmax.test_col_sumsq, 1e-12, 1e-12, "test column sums of squares");
  mm.fitTransform(Xtr).forEach((row) => row.forEach((v) => assert.ok(v >= 0 && v <= 1 + 1e-15)));
  mm.inverseTransform(T).forEach((row, i) => assertClose(row, Xte[i], 1e-12, 1e-12, `row ${i}`));

  const wide = new MinMaxScaler({ featureRange: fx.minmax_range.feature_range }).fit(Xtr);
  assertClose(wide.scale_, fx.minmax_range.scale, EXACT, 0, "scale (-1, 2)");
  assertClose(wide.min_, fx.minmax_range.min, EXACT, 1e-15, "min (-1, 2)");
  assertClose(colSums(wide.transform(Xte)), fx.minmax_range.test_col_sum, 1e-12, 1e-12, "sums (-1, 2)");
});

test("scalers accept DataFrames and reject bad input clearly", async () => {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const sc = new StandardScaler();
  assert.throws(() => sc.transform([[1]]), (e: Error) => e instanceof NotFittedError && /StandardScaler.transform: this StandardScaler is not fitted yet; call fit\(\) first/.test(e.message));
  assert.throws(() => new MinMaxScaler().inverseTransform([[1]]), NotFittedError);
  assert.throws(() => new MinMaxScaler().fit([[1, NaN]]), /MinMaxScaler.fit: X\[0\]\[1\] is NaN/);
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 0] }), /MinMaxScaler: featureRange must be \[low, high\] with low < high/);
  assert.throws(() => new MinMaxScaler({ featureRange: [0, Infinity] }), ParamError);
  assert.throws(() => new StandardScaler({ withMaen: false } as never), /StandardScaler: unknown option "withMaen"; did you mean "withMean"\?/);
  assert.throws(() => new StandardScaler({ withStd: 1 as never }), /withStd must be true or false, got 1/);
  sc.fit([[1, 2], [3, 4]]);
  assert.throws(() => sc.transform([[1, 2, 3]]), /X has 3 columns but the model was fitted on 2/);
  // A danfojs DataFrame: same numbers as its matrix, column names remembered and checked.
  const cols = ["A_ion_rad", "B_ion_rad", "X_EA"];
  const frame = df.loc({ columns: cols });
  const fromFrame = new StandardScaler().fit(frame);
  const fromMatrix = new StandardScaler().fit(matrixOf(df, cols));
  assert.deepStrictEqual(fromFrame.featureNamesIn_, cols);
  assert.deepStrictEqual(fromFrame.transform(frame), fromMatrix.transform(matrixOf(df, cols)));
  assert.strictEqual(fromFrame.transform(frame).length, 512);
  assert.throws(() => fromFrame.transform(df.loc({ columns: ["B_ion_rad", "A_ion_rad", "X_EA"] })), /StandardScaler.transform: the DataFrame has the fitted columns in a different order/);
  assert.throws(() => fromFrame.transform(df.loc({ columns: ["A_ion_rad", "B_ion_rad"] })), /missing "X_EA"/);
  // withMean / withStd switches.
  const onlyCentre = new StandardScaler({ withStd: false }).fitTransform([[1], [3]]);
  assert.deepStrictEqual(onlyCentre, [[-1], [1]]);
  const onlyScale = new StandardScaler({ withMean: false }).fitTransform([[1], [3]]);
  assert.deepStrictEqual(onlyScale, [[1], [3]]);
});

test("scalers follow the estimator contract: params, clone, setParams, saveModel", () => {
  const mm = new MinMaxScaler({ featureRange: [-1, 1] });
  assert.strictEqual(mm.estimatorType, "transformer");
  assert.deepStrictEqual(mm.getParams(), { featureRange: [-1, 1] });
  const byDefault = new MinMaxScaler();
  (byDefault.params.featureRange as number[])[1] = 9;
  assert.deepStrictEqual(new MinMaxScaler().params.featureRange, [0, 1], "an array default is shared between instances");
  mm.fit([[0], [2]]);
  const copy = mm.clone();
  assert.deepStrictEqual(copy.getParams(), mm.getParams());
  assert.notStrictEqual(copy.params.featureRange, mm.params.featureRange, "clone copies arrays");
  assert.strictEqual(copy.isFitted(), false);
  assert.strictEqual(mm.clone({ featureRange: [0, 5] }).fit([[0], [2]]).transform([[1]])[0][0], 2.5);
  mm.setParams({ featureRange: [0, 1] });
  assert.strictEqual(mm.isFitted(), false, "setParams forgets the fit");
  assert.strictEqual(mm.scale_, undefined);
  assert.throws(() => mm.setParams({ featureRange: [2, 1] }), ParamError);
  assert.deepStrictEqual(mm.params.featureRange, [0, 1], "a rejected setParams changes nothing");
  assert.deepStrictEqual(describeParams(StandardScaler.paramSpec).map((d) => d.name), ["withMean", "withStd"]);
  // Saved and loaded with the core's saveModel: same transform.
  const sc = new StandardScaler().fit([[1, 10], [2, 30], [4, 20]]);
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "matml-scaler-")), "scaler");
  saveModel(sc, dir);
  const back = loadModel(dir) as StandardScaler;
  assert.ok(back instanceof StandardScaler);
  assert.deepStrictEqual(back.transform([[3, 15]]), sc.transform([[3, 15]]));
});

test("StandardScaler and MinMaxScaler near ±1e308: correct results or a clear DataError, never NaN or Infinity", () => {
  const finite = (M: number[][]) => M.every((r) => r.every(Number.isFinite));
  // A constant column of 1e308 (a "missing" sentinel): the sum of its values overflows, the statistics must not.
  const constant = new StandardScaler().fit([[1e308, 1], [1e308, 2], [1e308, 3]]);
  assert.deepStrictEqual(constant.mean_, [1e308, 2]);
  assert.deepStrictEqual(constant.var_, [0, 2 / 3]);
  assert.strictEqual(constant.scale_[0], 1);
  assert.deepStrictEqual(constant.transform([[1e308, 2]]), [[0, 0]]);
  // Values near 1e308 that differ (by a few units in the last place or more): the variance
  // (>= 1e584) cannot be stored in a double. Say so, naming the column, instead of returning NaN.
  assert.throws(
    () => new StandardScaler().fit([[0, 1.7e308], [1, 1.7e308 - 2e292], [2, 1.7e308 - 4e292]]),
    (e: Error) => e instanceof DataError && /StandardScaler.fit: column 1 has values up to 1\.700e\+308 and a standard deviation of \d\.\d+e\+292; its variance does not fit in double precision/.test(e.message),
  );
  assert.throws(() => new StandardScaler().fit([[1e200], [3e200]]), /column 0 has values up to 3\.000e\+200 and a standard deviation of 1\.000e\+200/);
  // Standardizing beyond the largest double: a DataError naming the value.
  const centreOnly = new StandardScaler({ withStd: false }).fit([[-1e308], [-1e308]]);
  assert.deepStrictEqual(centreOnly.mean_, [-1e308]);
  assert.throws(() => centreOnly.transform([[1e308]]), (e: Error) => e instanceof DataError && /StandardScaler.transform: X\[0\]\[0\] = 1e\+308 becomes Infinity, outside the range of double precision/.test(e.message));
  const unit = new StandardScaler().fit([[-1e308], [-1e308], [-1e308]]); // constant: scale 1
  assert.deepStrictEqual(unit.transform([[-1e308]]), [[0]]);
  // A column from -1e308 to 1e308: its variance (~1e616) cannot be stored; say so, naming the column.
  assert.throws(
    () => new StandardScaler().fit([[0, -1e308], [1, 1e308], [2, 0]]),
    (e: Error) => e instanceof DataError && /StandardScaler.fit: column 1 has values up to 1\.000e\+308 .*variance does not fit in double precision/.test(e.message),
  );
  const frame = { columns: ["a", "huge"], values: [[0, -1e308], [1, 1e308]] };
  assert.throws(() => new StandardScaler().fit(frame), /column "huge"/);

  // MinMaxScaler: the span -1e308 .. 1e308 is wider than the largest double; the scaling is not.
  const mm = new MinMaxScaler().fit([[-1e308], [1e308], [0]]);
  const T = mm.transform([[-1e308], [1e308], [0], [5e307]]);
  assert.ok(finite(T) && finite([mm.scale_, mm.min_]));
  assertClose(T.flat(), [0, 1, 0.5, 0.75], 1e-12, 1e-12, "min-max near ±1e308");
  assertClose(mm.inverseTransform(T).flat(), [-1e308, 1e308, 0, 5e307], 1e-12, 1e-12 * 1e308, "inverse near ±1e308");
  assert.throws(() => new MinMaxScaler().fit([[0], [1e-10]]).transform([[1e308]]), /MinMaxScaler.transform: X\[0\]\[0\] = 1e\+308 becomes Infinity/);
});

test("ScaledRegressor scales with the training rows only; model__name options reach the inner model", async () => {
  const X = [[1, 1000], [2, 3000], [3, 2000], [4, 5000], [5, 4000]];
  const y = [1.1, 2.3, 2.9, 4.2, 4.8];
  const pipe = new ScaledRegressor({ model: new Ridge({ alpha: 0.5 }) }).fit(X, y);
  const manual = new StandardScaler().fit(X);
  const ridge = new Ridge({ alpha: 0.5 }).fit(manual.transform(X), y);
  assertClose(pipe.predict([[2.5, 2500]]), ridge.predict(manual.transform([[2.5, 2500]])), 1e-12, 1e-12, "pipeline = scaler + ridge");
  assert.deepStrictEqual(pipe.model_.coef_, ridge.coef_);
  assert.ok(pipe.scaler_ instanceof StandardScaler);
  assert.strictEqual(pipe.estimatorType, "regressor");
  // clone: the inner model is cloned (never shared), options reached with model__.
  const other = pipe.clone({ model__alpha: 2, scaler: "minmax" });
  assert.strictEqual(other.params.scaler, "minmax");
  assert.strictEqual(other.params.model.params.alpha, 2);
  assert.strictEqual(pipe.params.model.params.alpha, 0.5, "the original's model is unchanged");
  assert.notStrictEqual(pipe.clone().params.model, pipe.params.model);
  assert.strictEqual(other.model_, undefined);
  assert.strictEqual(other.isFitted(), false);
  // setParams replaces the inner model by a changed clone and forgets the fit.
  const given = new Ridge({ alpha: 1 });
  const p2 = new ScaledRegressor({ model: given }).fit(X, y);
  p2.setParams({ model__alpha: 3 });
  assert.strictEqual(p2.params.model.params.alpha, 3);
  assert.strictEqual(given.params.alpha, 1, "the user's model object is not mutated");
  assert.strictEqual(p2.isFitted(), false);
  // Unknown keys are errors, with the way to write them.
  assert.throws(() => pipe.clone({ model__alpah: 1 }), /Ridge: unknown option "alpah"; did you mean "alpha"\?/);
  assert.throws(() => pipe.clone({ alpha: 1 } as never), /ScaledRegressor: unknown option "alpha"; the inner Ridge's options take the prefix "model__", e.g. \{ model__alpha: ... \}/);
  assert.throws(() => pipe.setParams({ scalar: "minmax" } as never), /ScaledRegressor: unknown option "scalar"; did you mean "scaler"\?/);
  assert.throws(() => new ScaledRegressor({} as never), /ScaledRegressor: option "model" is required/);
  assert.throws(() => new ScaledRegressor({ model: new StandardScaler() as never }), /model must be a regressor of the library/);
  assert.throws(() => new ScaledRegressor({ model: new Ridge() }).predict([[1, 2]]), (e: Error) => e instanceof NotFittedError && /ScaledRegressor.predict: .*call fit\(\)/.test(e.message));
  // Grid search over the inner model's alpha, scikit-learn style.
  const rows = Array.from({ length: 30 }, (_, i) => [i % 7, (i * 37) % 11, i]);
  const target = rows.map((r) => 2 * r[0] - r[1] + 0.1 * r[2] + ((r[2] * 13) % 5) / 10);
  const search = await gridSearchCV(new ScaledRegressor({ model: new Lasso({ alpha: 1 }) }), { model__alpha: [0.001, 0.1, 10] }, rows, target, { cv: 3, scoring: "rmse", nJobs: 1 });
  assert.strictEqual(search.results.length, 3);
  assert.deepStrictEqual(search.bestParams, { model__alpha: 0.001 });
  assert.strictEqual((search.bestEstimator as ScaledRegressor<Lasso>).model_.params.alpha, 0.001);
  // On worker threads (the pipeline and its inner model are sent as plain data): the same scores.
  const threaded = await gridSearchCV(new ScaledRegressor({ model: new Lasso({ alpha: 1 }) }), { model__alpha: [0.001, 0.1, 10] }, rows, target, { cv: 3, scoring: "rmse", nJobs: 2 });
  assert.strictEqual(threaded.nJobs, 2);
  assert.deepStrictEqual(threaded.splitTestScores, search.splitTestScores);
  await assert.rejects(gridSearchCV(new ScaledRegressor({ model: new Lasso() }), { model__alpah: [1] }, rows, target, { cv: 3, nJobs: 1 }), /Lasso: unknown option "alpah"/);
  // DataFrame in, feature names checked by the pipeline.
  const frame = new dfd.DataFrame(X, { columns: ["x1", "x2"] });
  const fromFrame = new ScaledRegressor({ model: new Ridge({ alpha: 0.5 }) }).fit(frame, new dfd.Series(y));
  assert.deepStrictEqual(fromFrame.predict(frame), pipe.predict(X));
  assert.deepStrictEqual(fromFrame.featureNamesIn_, ["x1", "x2"]);
  // Saved and loaded with the core's saveModel (pipeline, scaler and inner model): same predictions.
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "matml-pipe-")), "pipe");
  saveModel(pipe, dir);
  const back = loadModel(dir) as ScaledRegressor<Ridge>;
  assert.deepStrictEqual(back.predict([[2.5, 2500]]), pipe.predict([[2.5, 2500]]));
  assert.strictEqual(back.params.model.params.alpha, 0.5);
});

test("ScaledClassifier = a scaler fitted on the training rows + the classifier; probabilities and decision values pass through", async () => {
  // Two classes separated along a column in the thousands and one in units.
  const X = Array.from({ length: 40 }, (_, i) => [(i * 7) % 10, 1000 + ((i * 389) % 997), (i * 3) % 5]);
  const y = X.map((r) => (r[0] / 10 + (r[1] - 1000) / 1000 > 1 ? 1 : 0));
  const queries = [[2, 1500, 1], [9, 1900, 3], [5, 1200, 0]];
  const scaler = new StandardScaler().fit(X);
  for (const inner of [new KNeighborsClassifier({ nNeighbors: 3 }), new LogisticRegression({ C: 1 }), new SVC({ C: 1 }), new GaussianNB()]) {
    const pipe = new ScaledClassifier({ model: inner }).fit(X, y);
    const manual = inner.clone().fit(scaler.transform(X), y);
    assert.deepStrictEqual(pipe.predict(queries), manual.predict(scaler.transform(queries)), inner.estimatorName);
    assert.deepStrictEqual(pipe.classes_, [0, 1]);
    assert.strictEqual(pipe.estimatorType, "classifier");
    if (inner instanceof SVC) {
      assert.deepStrictEqual(pipe.decisionFunction(queries), inner.clone().fit(scaler.transform(X), y).decisionFunction(scaler.transform(queries)));
      assert.throws(() => pipe.predictProba(queries), /SVC.predictProba: construct the model with \{ probability: true \}/);
    } else if (inner instanceof KNeighborsClassifier || inner instanceof GaussianNB) {
      assert.deepStrictEqual(pipe.predictProba(queries), (manual as KNeighborsClassifier).predictProba(scaler.transform(queries)));
      assert.throws(() => pipe.decisionFunction(queries), (e: Error) => e instanceof ParamError && new RegExp(`ScaledClassifier.decisionFunction: the inner ${inner.estimatorName} has no decisionFunction\\(\\)`).test(e.message));
    } else {
      assert.deepStrictEqual(pipe.predictProba(queries), (manual as LogisticRegression).predictProba(scaler.transform(queries)));
      assert.deepStrictEqual(pipe.decisionFunction(queries), (manual as LogisticRegression).decisionFunction(scaler.transform(queries)));
    }
  }
  // Options: model__name reaches the inner model; bad ones are named; predict before fit is NotFittedError.
  const pipe = new ScaledClassifier({ model: new KNeighborsClassifier({ nNeighbors: 3 }), scaler: "minmax" });
  assert.strictEqual(pipe.clone({ model__nNeighbors: 7 }).params.model.params.nNeighbors, 7);
  assert.strictEqual(pipe.params.model.params.nNeighbors, 3);
  assert.throws(() => pipe.clone({ nNeighbors: 7 } as never), /ScaledClassifier: unknown option "nNeighbors"; the inner KNeighborsClassifier's options take the prefix "model__"/);
  assert.throws(() => new ScaledClassifier({ model: new Ridge() as never }), /model must be a classifier of the library/);
  assert.throws(() => pipe.predict(queries), (e: Error) => e instanceof NotFittedError && /ScaledClassifier.predict: .*call fit\(\)/.test(e.message));
  // Min-max scaling when asked; DataFrame in, names checked.
  const frame = new dfd.DataFrame(X, { columns: ["a", "b", "c"] });
  const fitted = pipe.fit(frame, new dfd.Series(y));
  assert.ok(fitted.scaler_ instanceof MinMaxScaler);
  assert.deepStrictEqual(fitted.featureNamesIn_, ["a", "b", "c"]);
  assert.throws(() => fitted.predict(frame.loc({ columns: ["b", "a", "c"] })), /ScaledClassifier.predict: the DataFrame has the fitted columns in a different order/);
  // Grid search over the inner k, on one thread and on worker threads: each fold is scaled with its own rows.
  const grid = { model__nNeighbors: [1, 5, 9] };
  const one = await gridSearchCV(new ScaledClassifier({ model: new KNeighborsClassifier() }), grid, X, y, { cv: 4, nJobs: 1 });
  const two = await gridSearchCV(new ScaledClassifier({ model: new KNeighborsClassifier() }), grid, X, y, { cv: 4, nJobs: 2 });
  assert.deepStrictEqual(two.splitTestScores, one.splitTestScores);
  assert.strictEqual(one.bestEstimator.model_.params.nNeighbors, one.bestParams.model__nNeighbors);
  assert.strictEqual(one.scoring, "accuracy");
  // On a DataFrame, the refitted best pipeline remembers the columns.
  const onFrame = await gridSearchCV(new ScaledClassifier({ model: new KNeighborsClassifier() }), grid, frame, new dfd.Series(y), { cv: 4, nJobs: 1 });
  assert.deepStrictEqual(onFrame.splitTestScores, one.splitTestScores);
  assert.deepStrictEqual(onFrame.bestEstimator.featureNamesIn_, ["a", "b", "c"]);
});

test("correlation selection and train/test splits accept DataFrames and Series", async () => {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const cols = ["A_ion_rad", "B_ion_rad", "X_EA", "B_BP"];
  const frame = df.loc({ columns: cols });
  const gap = df.column("Band Gap");
  const X = matrixOf(df, cols);
  const y = gap.values as number[];
  assert.deepStrictEqual(correlationWithTarget(frame, gap), correlationWithTarget(X, y));
  // Names default to the DataFrame's columns.
  assert.deepStrictEqual(selectByCorrelation(frame, gap, undefined, { topK: 2 }), selectByCorrelation(X, y, cols, { topK: 2 }));
  assert.deepStrictEqual(dropCorrelated(frame, undefined, 0.5), dropCorrelated(X, cols, 0.5));
  assert.throws(() => selectByCorrelation(X, y), /selectByCorrelation: pass the descriptor names/);
  assert.throws(() => selectByCorrelation(X, y, cols, { treshold: 0.5 } as never), /selectByCorrelation: unknown option "treshold"; did you mean "threshold"\?/);
  assert.throws(() => correlationWithTarget(X, y.slice(1)), /X has 512 rows but y has 511/);
  assert.throws(() => dropCorrelated(X, cols, 0), /maxR must be a number in \(0, 1\]/);
  // A split of a DataFrame, a Series, an array and a count: the same indices.
  const byCount = trainTestSplit(512, { testSize: 0.2, seed: 3 });
  assert.deepStrictEqual(trainTestSplit(df, { testSize: 0.2, seed: 3 }), byCount);
  assert.deepStrictEqual(trainTestSplit(gap, { testSize: 0.2, seed: 3 }), byCount);
  assert.deepStrictEqual(trainTestSplit(X, { testSize: 0.2, seed: 3 }), byCount);
  assert.strictEqual(byCount.test.length, Math.ceil(0.2 * 512));
  assert.throws(() => trainTestSplit(10, { testSize: 1.5 }), /testSize must be a fraction in \(0, 1\) or a row count >= 1, got 1.5/);
  assert.throws(() => trainTestSplit(10, { testSize: 10 }), /row count in \[1, 10\)/);
  assert.throws(() => trainTestSplit(10, { testsize: 3 } as never), /unknown option "testsize"; did you mean "testSize"\?/);
  assert.throws(() => trainTestSplit(1), /n must be an integer >= 2/);
});
