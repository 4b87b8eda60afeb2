// Regression metrics and Pearson correlation against scikit-learn / pandas
// (fixtures from scripts/fixtures/linear.py).
import { test } from "node:test";
import * as assert from "assert";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, matrixOf, columnOf } from "../lib/data";
import { mae, maxError, mse, r2Score, regressionReport, rmse } from "../lib/metrics";
import { correlationMatrix, correlationWithTarget, dropCorrelated, pearson, rankData, selectByCorrelation, spearman, take } from "../lib/preprocessing";
import { Series } from "danfojs-node";
import { assertClose, fixture, testDataDir } from "./helpers";

const TARGET_COLUMN: Record<string, string> = { gap: "Band Gap", decomp: "Decomposition Energy" };

test("rmse, mse, mae, r2 and max error match scikit-learn on stored predictions", async () => {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const fx = fixture("linear/metrics.json");
  const preds = fixture("linear/penalized.json").cases;
  for (const c of fx.cases) {
    const source = preds.find((p: any) => JSON.stringify({ model: p.model, target: p.target, scaled: p.scaled, params: p.params }) === JSON.stringify(c.from));
    const actual = take(columnOf(df, TARGET_COLUMN[c.from.target]), fx.test);
    const predicted: number[] = source.test_pred;
    assertClose(mse(actual, predicted), c.mse, 1e-13, 0, "mse");
    assertClose(rmse(actual, predicted), c.rmse, 1e-13, 0, "rmse");
    assertClose(mae(actual, predicted), c.mae, 1e-13, 0, "mae");
    assertClose(r2Score(actual, predicted), c.r2, 1e-13, 0, "r2");
    assert.strictEqual(maxError(actual, predicted), c.max_error);
    assert.deepStrictEqual(regressionReport(actual, predicted), { rmse: rmse(actual, predicted), mae: mae(actual, predicted), r2: r2Score(actual, predicted) });
  }
  assert.strictEqual(r2Score([2, 2, 2], [2, 2, 2]), fx.r2_edge_cases.constant_exact);
  assert.strictEqual(r2Score([2, 2, 2], [2, 2.5, 2]), fx.r2_edge_cases.constant_wrong);
  assert.strictEqual(r2Score([1, 2, 3], [3, 2, 1]), fx.r2_edge_cases.worse_than_mean);
});

test("metrics reject mismatched, empty or non-finite input", () => {
  assert.throws(() => rmse([1, 2], [1]), /rmse|mse: 2 actual values but 1 predictions/);
  assert.throws(() => mae([], []), /mae: no values to compare/);
  assert.throws(() => r2Score([1, NaN], [1, 2]), /r2Score: value 1 is not a finite number/);
});

test("Pearson correlation of every descriptor with both targets matches pandas", async () => {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const fx = fixture("linear/metrics.json");
  assert.deepStrictEqual(fx.columns, ALL_DESCRIPTORS);
  const X = matrixOf(df, ALL_DESCRIPTORS);
  for (const t of ["gap", "decomp"]) {
    assertClose(correlationWithTarget(X, columnOf(df, TARGET_COLUMN[t])), fx.pearson_with_targets[t], 1e-12, 1e-14, `r with ${t}`);
  }
  const R = correlationMatrix(matrixOf(df, COMPOSITION_DESCRIPTORS));
  R.forEach((row, i) => assertClose(row, fx.corr_matrix_composition[i], 1e-12, 1e-14, `corr row ${i}`));
});

test("filter selection keeps the strongest descriptors and drops redundant ones", () => {
  const x1 = [1, 2, 3, 4, 5];
  const y = [2, 4, 6, 8, 11];
  const X = x1.map((v, i) => [v, -v * 3 + 1, [0, 1, 0, 1, 0][i], 7]);
  const names = ["a", "a_flipped", "noise", "constant"];
  assert.ok(Number.isNaN(pearson([7, 7, 7], [1, 2, 3])));
  assertClose(pearson(x1, x1.map((v) => -2 * v)), -1, 0, 1e-15);
  const top = selectByCorrelation(X, y, names, { threshold: 0.5 });
  assert.deepStrictEqual(top.map((d) => d.name).sort(), ["a", "a_flipped"]);
  assert.strictEqual(selectByCorrelation(X, y, names, { topK: 1 }).length, 1);
  assert.ok(!selectByCorrelation(X, y, names).some((d) => d.name === "constant"));
  assert.deepStrictEqual(dropCorrelated(X, names, 0.9), ["a", "noise", "constant"]);
  assert.throws(() => selectByCorrelation(X, y, names, { threshold: 2 }), /threshold must be a finite number in \[0, 1\], got 2/);
});

test("rankData averages tied ranks and spearman is Pearson's r of the ranks (scipy's rankdata, spearmanr)", () => {
  // scipy 1.10: rankdata([10, 20, 20, 5]) = [2, 3.5, 3.5, 1]
  assert.deepStrictEqual(rankData([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
  assert.deepStrictEqual(rankData([3, 3, 3]), [2, 2, 2]);
  // scipy 1.10: spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).correlation = 0.8207826816681233
  assertClose(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 0.8207826816681233, 1e-12);
  // any increasing transform keeps the order: ρ = 1, where Pearson's r is below 1
  const x = [0.1, 0.5, 1, 2, 4, 8];
  assert.strictEqual(spearman(x, x.map(Math.exp)), 1);
  assert.ok(pearson(x, x.map(Math.exp)) < 0.9);
  assert.strictEqual(spearman(x, x.map((v) => -v)), -1);
  // a danfojs Series works as well as an array
  assert.strictEqual(spearman(new Series(x), x), 1);
  assert.throws(() => spearman([1, 2, 3], [1, 2]), /lengths 3 and 2/);
  assert.throws(() => rankData([1, NaN]), /rankData/);
});
