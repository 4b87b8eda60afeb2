// Linear models and kernel ridge against scikit-learn 1.2 on fixed splits of DFT_data.csv
// (fixtures from scripts/fixtures/linear.py), plus input checking.
import { test } from "node:test";
import * as assert from "assert";
import { ALL_DESCRIPTORS, loadDFT, matrixOf, columnOf } from "../lib/data";
import { ElasticNet, KernelRidge, Lasso, LinearRegression, Ridge, KernelName } from "../lib/models";
import { StandardScaler, take } from "../lib/preprocessing";
import { DataError } from "../lib/core/errors";
import { assertClose, fixture, testDataDir } from "./helpers";

const TARGET_COLUMN: Record<string, string> = { gap: "Band Gap", decomp: "Decomposition Energy" };

async function dataset() {
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  return {
    X: (columns: string[]) => matrixOf(df, columns),
    y: (target: string) => columnOf(df, TARGET_COLUMN[target]),
  };
}

function split(X: number[][], y: number[], fx: { train: number[]; test: number[] }, scaled = false) {
  let Xtr = take(X, fx.train);
  let Xte = take(X, fx.test);
  if (scaled) {
    const sc = new StandardScaler().fit(Xtr);
    Xtr = sc.transform(Xtr);
    Xte = sc.transform(Xte);
  }
  return { Xtr, Xte, ytr: take(y, fx.train), yte: take(y, fx.test) };
}

const maxAbsDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

test("OLS matches scikit-learn to 1e-6 on full-rank descriptor sets (coefficients and predictions)", async () => {
  const d = await dataset();
  const fx = fixture("linear/ols.json");
  for (const c of fx.cases.filter((c: any) => c.full_rank)) {
    const s = split(d.X(c.columns), d.y(c.target), fx);
    const m = new LinearRegression().fit(s.Xtr, s.ytr);
    const what = `${c.target}/${c.set}`;
    assert.strictEqual(m.rank_, c.rank, `${what} rank`);
    assertClose(m.predict(s.Xte), c.test_pred, 1e-6, 1e-9, `${what} test predictions`);
    assertClose(m.predict(s.Xtr), c.train_pred, 1e-6, 1e-9, `${what} train predictions`);
    assertClose(m.coef_ as number[], c.coef, 1e-6, 1e-9, `${what} coef`);
    assertClose(m.intercept_ as number, c.intercept, 1e-6, 1e-9, `${what} intercept`);
  }
});

test("OLS on the 14 site fractions drops their exact dependency and equals the full-rank fit", async () => {
  // The fractions on each site sum to 1, so three directions are exactly dependent. The fit must
  // be the same as with one species per site dropped (scikit-learn's own answer here moves by
  // the recorded spread when only the row order changes, because it keeps a rounding-noise direction).
  const d = await dataset();
  const fx = fixture("linear/ols.json");
  for (const target of ["gap", "decomp"]) {
    const comp = fx.cases.find((c: any) => c.target === target && c.set === "composition");
    const reduced = fx.cases.find((c: any) => c.target === target && c.set === "comp_reduced");
    const s = split(d.X(comp.columns), d.y(target), fx);
    const m = new LinearRegression().fit(s.Xtr, s.ytr);
    assert.strictEqual(m.rank_, 11);
    assertClose(m.predict(s.Xte), reduced.test_pred, 1e-6, 1e-9, `${target} composition vs reduced`);
    assert.ok(maxAbsDiff(m.predict(s.Xte), comp.test_pred) <= 2 * comp.sklearn_row_order_spread + 1e-9);
  }
});

test("OLS on rank-deficient sets: numpy's cut-off to 1e-6, scikit-learn within its own numerical spread", async () => {
  // All 50 descriptors have rank ~14 (elemental descriptors are averages over site fractions).
  // scikit-learn keeps every direction above eps·s_max, including one made of rounding noise,
  // so its answer moves when only the row order changes (recorded as sklearn_row_order_spread).
  // With numpy's cut-off eps·max(n, p)·s_max (ours) the problem is well posed: same rank, and
  // predictions to 1e-6 relative (near-zero energies: 1e-6 of the target's scale).
  const d = await dataset();
  const fx = fixture("linear/ols.json");
  for (const c of fx.cases.filter((c: any) => !c.full_rank)) {
    const s = split(d.X(c.columns), d.y(c.target), fx);
    const m = new LinearRegression().fit(s.Xtr, s.ytr);
    const p = m.predict(s.Xte);
    const yScale = Math.max(...s.ytr.map(Math.abs));
    assert.strictEqual(m.rank_, c.numpy_rank, `${c.target}/${c.set} rank`);
    assertClose(p, c.numpy_test_pred, 1e-6, 1e-6 * yScale, `${c.target}/${c.set} vs numpy lstsq`);
    const diff = maxAbsDiff(p, c.test_pred);
    assert.ok(diff <= Math.max(5 * c.sklearn_row_order_spread, 1e-3 * yScale), `${c.target}/${c.set}: max |diff| ${diff} vs scikit-learn (its own spread ${c.sklearn_row_order_spread})`);
  }
});

test("ridge, LASSO, elastic net and kernel ridge match scikit-learn", async () => {
  const d = await dataset();
  const fx = fixture("linear/penalized.json");
  const X = d.X(ALL_DESCRIPTORS);
  for (const c of fx.cases) {
    const s = split(X, d.y(c.target), fx, c.scaled);
    const what = `${c.model} ${c.target} ${JSON.stringify(c.params)}${c.scaled ? " scaled" : ""}`;
    if (c.model === "ridge") {
      const m = new Ridge({ alpha: c.params.alpha }).fit(s.Xtr, s.ytr);
      assertClose(m.predict(s.Xte), c.test_pred, 1e-6, 1e-9, what);
    } else if (c.model === "lasso" || c.model === "elastic_net") {
      const m = c.model === "lasso" ? new Lasso(c.params).fit(s.Xtr, s.ytr) : new ElasticNet(c.params).fit(s.Xtr, s.ytr);
      assert.ok(m.converged_, `${what} converged`);
      // Both solvers stop once the duality gap is below tol·||y||², so the objectives agree to
      // that; with the same cyclic algorithm the weights agree far more closely than that.
      const gapTol = c.params.tol * c.y_norm2;
      assert.ok((m.dualGap_ as number) < gapTol);
      const yScale = Math.sqrt(c.y_norm2 / s.ytr.length);
      assertClose(m.predict(s.Xte), c.test_pred, 0, 1e-4 * yScale, what);
      assertClose(m.coef_ as number[], c.coef, 0, 1e-4 * yScale, `${what} coef`);
      const zerosOurs = (m.coef_ as number[]).filter((w) => w === 0).length;
      const zerosTheirs = c.coef.filter((w: number) => w === 0).length;
      assert.ok(Math.abs(zerosOurs - zerosTheirs) <= 1, `${what}: ${zerosOurs} vs ${zerosTheirs} zero weights`);
    } else {
      const m = new KernelRidge({ ...c.params, kernel: c.params.kernel as KernelName }).fit(s.Xtr, s.ytr);
      assertClose(m.predict(s.Xte), c.test_pred, 1e-6, 1e-9, what);
    }
  }
});

test("LASSO zeroes weights as alpha grows and reports convergence", () => {
  const X = [[1, 0.5], [2, -0.1], [3, 0.2], [4, 0.9], [5, -0.4]];
  const y = [2.1, 3.9, 6.2, 7.8, 10.1];
  const weak = new Lasso({ alpha: 0.001 }).fit(X, y);
  const strong = new Lasso({ alpha: 100 }).fit(X, y);
  assert.ok(Math.abs((weak.coef_ as number[])[0] - 2) < 0.1);
  assert.deepStrictEqual(strong.coef_, [0, 0]);
  assertClose(strong.intercept_ as number, 6.02, 1e-12, 0, "intercept = mean of y");
  const capped = new ElasticNet({ alpha: 1e-6, maxIter: 1, tol: 0 }).fit(X, y);
  assert.strictEqual(capped.converged_, false);
});

test("linear models without intercept and closed-form special cases", () => {
  const X = [[1, 2], [2, 1], [3, 4], [4, 3]];
  const w = [0.5, -1.5];
  const y = X.map((r) => r[0] * w[0] + r[1] * w[1] + 2);
  const ols = new LinearRegression().fit(X, y);
  assertClose(ols.coef_ as number[], w, 1e-12, 1e-12, "ols coef");
  assertClose(ols.intercept_ as number, 2, 1e-12, 1e-12, "ols intercept");
  const noB = new LinearRegression({ fitIntercept: false }).fit(X, y.map((v) => v - 2));
  assert.strictEqual(noB.intercept_, 0);
  assertClose(noB.coef_ as number[], w, 1e-12, 1e-12, "no-intercept coef");
  // Ridge with alpha 0 is least squares; a huge alpha shrinks the weights to ~0.
  assertClose(new Ridge({ alpha: 0 }).fit(X, y).coef_ as number[], w, 1e-10, 1e-10, "ridge alpha 0");
  assert.ok(Math.max(...(new Ridge({ alpha: 1e9 }).fit(X, y).coef_ as number[]).map(Math.abs)) < 1e-6);
  // Fewer rows than descriptors: the minimum-norm solution fits exactly.
  const wide = new LinearRegression().fit([[1, 0, 2], [0, 1, 1]], [1, 2]);
  assertClose(wide.predict([[1, 0, 2], [0, 1, 1]]), [1, 2], 1e-12, 1e-12, "wide fit");
  // Kernel ridge with a linear kernel and tiny alpha reproduces a linear function through 0.
  const kr = new KernelRidge({ kernel: "linear", alpha: 1e-10 }).fit(X, X.map((r) => r[0] * w[0] + r[1] * w[1]));
  assertClose(kr.predict([[5, 5]]), [5 * w[0] + 5 * w[1]], 1e-6, 1e-6, "kernel ridge linear");
});

test("clone() copies hyperparameters and returns an unfitted estimator", () => {
  const m = new ElasticNet({ alpha: 0.3, l1Ratio: 0.7 }).fit([[1], [2], [3]], [1, 2, 3]);
  const c = m.clone({ alpha: 0.1 });
  assert.ok(c instanceof ElasticNet);
  assert.strictEqual(c.params.alpha, 0.1);
  assert.strictEqual(c.params.l1Ratio, 0.7);
  assert.strictEqual(c.coef_, undefined);
  const l = new Lasso({ alpha: 2 }).clone({ maxIter: 10 });
  assert.ok(l instanceof Lasso);
  assert.deepStrictEqual([l.params.alpha, l.params.maxIter], [2, 10]);
  const k = new KernelRidge({ kernel: "rbf", gamma: 0.5 }).clone({ alpha: 3 });
  assert.deepStrictEqual([k.params.kernel, k.params.gamma, k.params.alpha], ["rbf", 0.5, 3]);
  assert.strictEqual(new Ridge({ alpha: 4 }).clone().params.alpha, 4);
});

test("bad input and bad hyperparameters give clear errors", () => {
  assert.throws(() => new LinearRegression().predict([[1]]), /LinearRegression.predict: this LinearRegression is not fitted yet/);
  assert.throws(() => new KernelRidge().predict([[1]]), /KernelRidge.predict: this KernelRidge is not fitted yet/);
  assert.throws(() => new Ridge().fit([[1, NaN]], [1]), /Ridge.fit: X\[0\]\[1\] is NaN/);
  assert.throws(() => new Lasso().fit([], []), /Lasso.fit: X is empty/);
  assert.throws(() => new LinearRegression().fit([[1], [2]], [1]), /X has 2 rows but y has 1/);
  const fitted = new LinearRegression().fit([[1, 2], [2, 3], [3, 5]], [1, 2, 3]);
  assert.throws(() => fitted.predict([[1, 2, 3]]), /X has 3 columns but the model was fitted on 2/);
  assert.throws(() => new Ridge({ alpha: -1 }), /Ridge: alpha must be a finite number >= 0, got -1/);
  assert.throws(() => new ElasticNet({ l1Ratio: 1.5 }), /ElasticNet: l1Ratio must be a finite number in \[0, 1\]/);
  assert.throws(() => new Lasso({ maxIter: 0 }), /Lasso: maxIter must be an integer >= 1/);
  assert.throws(() => new KernelRidge({ kernel: "sigmoid" as KernelName }), /KernelRidge: kernel must be one of "rbf", "linear", "laplacian", "polynomial", got "sigmoid"/);
  assert.throws(() => new KernelRidge({ gamma: 0 }), /KernelRidge: gamma must be null, or a finite number > 0, got 0/);
  assert.throws(() => new KernelRidge({ kernel: "rbf" }).fit([[1, 2], [3, 4]], [1, 2]).predict([[1]]), /KernelRidge.predict: X has 1 columns but the model was fitted on 2/);
  assert.throws(() => new LinearRegression({ rcond: 2 }), /rcond must be null, or a finite number in \[0, 1\)/);
});

test("linear models near ±1e308: solved in exact power-of-two units, the same model as on ordinary data", () => {
  // A small well-posed problem, then the same problem with X or y multiplied by c = 2^1000 (~1e301),
  // where sums of squares overflow (and, unscaled, the fits came back NaN).
  const X0 = [[1, 2, 0.5], [2, 1, 1.5], [3, 4, -1], [4, 3, 2], [5, 7, 0], [6, 5, 1], [7, 9, -2]];
  const y0 = X0.map((r) => 0.5 * r[0] - 1.5 * r[1] + 0.25 * r[2] + 2 + 0.01 * Math.sin(7 * r[0]));
  const c = 2 ** 1000;
  const cX = X0.map((r) => r.map((v) => v * c));
  const cy = y0.map((v) => v * c);
  const scaled = (v: number[], k: number) => v.map((x) => x * k);
  const ols0 = new LinearRegression().fit(X0, y0);
  // Both X and y huge: the same weights, the intercept in y's units.
  const both = new LinearRegression().fit(cX, cy);
  assertClose(both.coef_, ols0.coef_, 1e-12, 0, "OLS coef, X and y × 2^1000");
  assertClose(both.intercept_ / c, ols0.intercept_, 1e-12, 0, "OLS intercept, X and y × 2^1000");
  assertClose(scaled(both.predict(cX), 1 / c), ols0.predict(X0), 1e-12, 0, "OLS predictions, X and y × 2^1000");
  // y huge (values up to ~1.3e302), X ordinary: weights in y's units.
  assertClose(scaled(new LinearRegression().fit(X0, cy).coef_, 1 / c), ols0.coef_, 1e-12, 0, "OLS coef, y × 2^1000");
  // Ridge: min ||c·y0 − Xw||² + α||w||² is c² times the problem in w / c, so the weights scale with c.
  const ridge0 = new Ridge({ alpha: 0.7 }).fit(X0, y0);
  assertClose(scaled(new Ridge({ alpha: 0.7 }).fit(X0, cy).coef_, 1 / c), ridge0.coef_, 1e-12, 0, "ridge coef, y × 2^1000");
  // X huge: the penalty on weights ~1/c is negligible (α / c² underflows), so ridge is least squares.
  assertClose(scaled(new Ridge({ alpha: 0.7 }).fit(cX, y0).coef_, c), ols0.coef_, 1e-10, 0, "ridge coef, X × 2^1000");
  // LASSO and elastic net: the L1 term scales with c, the L2 term with c².
  const lasso0 = new Lasso({ alpha: 0.05 }).fit(X0, y0);
  const lassoBig = new Lasso({ alpha: 0.05 * c }).fit(X0, cy);
  assertClose(scaled(lassoBig.coef_, 1 / c), lasso0.coef_, 1e-9, 1e-12, "LASSO coef, y × 2^1000");
  assert.ok(lassoBig.converged_ && lassoBig.nIter_ === lasso0.nIter_, `converged ${lassoBig.converged_} in ${lassoBig.nIter_} sweeps`);
  // X and y × c is c² times the problem with penalties α / c² (which underflows to 0 here):
  // elastic net becomes least squares, where on the original data the penalty does shrink.
  const enet0 = new ElasticNet({ alpha: 0.05, l1Ratio: 0.5 }).fit(X0, y0);
  const enetBig = new ElasticNet({ alpha: 0.05, l1Ratio: 0.5, tol: 1e-10, maxIter: 100000 }).fit(cX, cy);
  assertClose(enetBig.coef_, ols0.coef_, 1e-6, 1e-9, "elastic net coef, X and y × 2^1000");
  assert.ok(maxAbsDiff(enetBig.coef_, enet0.coef_) > 1e-3, "the penalty's weight did change with the units");
  // Values of ordinary size are not rescaled: bit-identical to the plain algorithm.
  assert.deepStrictEqual(new LinearRegression().fit(X0, y0).coef_, ols0.coef_);
  // Tiny X (~1e-180) with alpha 1: the penalty swamps the data and the exact weights are ~1e-180;
  // they come back as 0 (their size in X's units is below the smallest double), never NaN.
  const tinyX = X0.map((r) => r.map((v) => v * 2 ** -600));
  for (const model of [new Ridge({ alpha: 1 }), new Lasso({ alpha: 1 }), new ElasticNet({ alpha: 1 })]) {
    const w = model.fit(tinyX, y0).coef_;
    assert.ok(w.every((v) => Number.isFinite(v) && Math.abs(v) < 1e-170), `${model.estimatorName} on X ~1e-180: ${w}`);
  }
  // Tiny values (below 2^-500) are rescaled too.
  const tiny = 2 ** -1000;
  assertClose(new LinearRegression().fit(X0.map((r) => r.map((v) => v * tiny)), y0.map((v) => v * tiny)).coef_, ols0.coef_, 1e-12, 0, "OLS coef, X and y × 2^-1000");
});

test("linear models: a weight or a prediction beyond double precision is a DataError naming it, never Infinity or NaN", () => {
  // y ~1e300 explained by a column ~1e-300: the weight would be ~1e600.
  const X = [[1e-300], [2e-300], [3e-300], [4.5e-300]];
  const y = [1e300, 2e300, 3e300, 4e300];
  assert.throws(() => new LinearRegression().fit(X, y), (e: Error) => e instanceof DataError && /LinearRegression\.fit: the coefficient of column 0 is beyond double precision/.test(e.message));
  const frame = { columns: ["tiny"], values: X };
  assert.throws(() => new Ridge({ alpha: 0 }).fit(frame, y), /column 0 \("tiny"\)/);
  // y = 2x fitted on x up to 1e307; at x = 1.5e308 the prediction 3e308 does not exist.
  const line = new LinearRegression().fit([[1e307], [2e307], [3e307]], [2e307, 4e307, 6e307]);
  assertClose(line.predict([[5e307]]), [1e308], 1e-12, 0, "prediction whose partial sums overflow");
  assert.throws(() => line.predict([[1e307], [1.5e308]]), (e: Error) => e instanceof DataError && /LinearRegression\.predict: the prediction for row 1 is beyond double precision/.test(e.message));
});
