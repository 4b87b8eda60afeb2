// MinMaxScaler and StandardScaler against scikit-learn 1.2 (fixtures from scripts/fixtures/linear.py).
import { test } from "node:test";
import * as assert from "assert";
import { ALL_DESCRIPTORS, loadDFT, matrixOf } from "../lib/data";
import { MinMaxScaler, ScaledRegressor, StandardScaler, take } from "../lib/preprocessing";
import { Ridge } from "../lib/models";
import { assertClose, fixture, testDataDir } from "./helpers";

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
  assertClose(sc.mean as number[], fx.standard.mean, EXACT, 0, "mean");
  assertClose(sc.variance as number[], fx.standard.var, 1e-12, 1e-300, "var");
  assertClose(sc.scale as number[], fx.standard.scale, EXACT, 0, "scale");
  assert.strictEqual((sc.scale as number[])[ALL_DESCRIPTORS.length], 1);
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
  assertClose(mm.dataMin as number[], fx.minmax.data_min, 0, 0, "data_min");
  assertClose(mm.dataMax as number[], fx.minmax.data_max, 0, 0, "data_max");
  assertClose(mm.scale as number[], fx.minmax.scale, EXACT, 0, "scale");
  assertClose(mm.min as number[], fx.minmax.min, EXACT, 1e-15, "min");
  const T = mm.transform(Xte);
  assertClose(colSums(T), fx.minmax.test_col_sum, 1e-12, 1e-12, "test column sums");
  assertClose(colSums(T, (v) => v * v), fx.minmax.test_col_sumsq, 1e-12, 1e-12, "test column sums of squares");
  mm.fitTransform(Xtr).forEach((row) => row.forEach((v) => assert.ok(v >= 0 && v <= 1 + 1e-15)));
  mm.inverseTransform(T).forEach((row, i) => assertClose(row, Xte[i], 1e-12, 1e-12, `row ${i}`));

  const wide = new MinMaxScaler({ featureRange: fx.minmax_range.feature_range }).fit(Xtr);
  assertClose(wide.scale as number[], fx.minmax_range.scale, EXACT, 0, "scale (-1, 2)");
  assertClose(wide.min as number[], fx.minmax_range.min, EXACT, 1e-15, "min (-1, 2)");
  assertClose(colSums(wide.transform(Xte)), fx.minmax_range.test_col_sum, 1e-12, 1e-12, "sums (-1, 2)");
});

test("scalers accept DataFrames and reject bad input clearly", async () => {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const sc = new StandardScaler();
  assert.throws(() => sc.transform([[1]]), /StandardScaler.transform: call fit\(\) before predict\(\)|call fit\(\)/);
  assert.throws(() => new MinMaxScaler().fit([[1, NaN]]), /MinMaxScaler.fit: X\[0\]\[1\] is NaN/);
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 0] }), /featureRange must be \[low, high\] with low < high/);
  sc.fit([[1, 2], [3, 4]]);
  assert.throws(() => sc.transform([[1, 2, 3]]), /X has 3 columns but the model was fitted on 2/);
  // A DataFrame with only numeric columns can be scaled directly.
  const numeric = new StandardScaler().fitTransform({ values: matrixOf(df, ["A_ion_rad", "B_ion_rad"]), columns: ["A_ion_rad", "B_ion_rad"] });
  assert.strictEqual(numeric.length, 512);
  // withMean / withStd switches.
  const onlyCentre = new StandardScaler({ withStd: false }).fitTransform([[1], [3]]);
  assert.deepStrictEqual(onlyCentre, [[-1], [1]]);
  const onlyScale = new StandardScaler({ withMean: false }).fitTransform([[1], [3]]);
  assert.deepStrictEqual(onlyScale, [[1], [3]]);
});

test("ScaledRegressor scales with the training rows only and clones with model overrides", () => {
  const X = [[1, 1000], [2, 3000], [3, 2000], [4, 5000], [5, 4000]];
  const y = [1.1, 2.3, 2.9, 4.2, 4.8];
  const pipe = new ScaledRegressor({ model: new Ridge({ alpha: 0.5 }) }).fit(X, y);
  const manual = new StandardScaler().fit(X);
  const ridge = new Ridge({ alpha: 0.5 }).fit(manual.transform(X), y);
  assertClose(pipe.predict([[2.5, 2500]]), ridge.predict(manual.transform([[2.5, 2500]])), 1e-12, 1e-12, "pipeline = scaler + ridge");
  const other = pipe.clone({ alpha: 2, scaler: "minmax" });
  assert.strictEqual(other.params.scaler, "minmax");
  assert.strictEqual((other.params.model as Ridge).params.alpha, 2);
  assert.strictEqual(other.fittedModel, undefined);
  assert.throws(() => new ScaledRegressor({ model: new Ridge() }).predict([[1, 2]]), /ScaledRegressor.predict: call fit\(\)/);
});
