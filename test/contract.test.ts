// The common contract test (scikit-learn's check_estimator habit): every estimator class the
// library exports goes through the same checks. A new estimator is covered as soon as it is
// exported; one that needs options to be built, or other input than rows of numbers, says so in
// the table below.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { DataFrame } from "danfojs-node";
import * as ml from "../lib";
import { BaseEstimator, DataError, NotFittedError, ParamError, registeredEstimators } from "../lib/core";

type AnyEstimator = BaseEstimator<object> & {
  fit(X: unknown, y?: unknown): unknown;
  predict?(X: unknown): unknown;
  transform?(X: unknown): unknown;
  fitTransform?(X: unknown): unknown;
};
type Ctor = new (params?: object) => AnyEstimator;

/** Options some estimators need to be built (or to be quick enough for a test). */
const EXAMPLE_PARAMS: Record<string, () => object> = {
  ScaledRegressor: () => ({ model: new ml.Ridge({ alpha: 0.5 }) }),
  ScaledClassifier: () => ({ model: new ml.LogisticRegression({ C: 1 }) }),
  RandomForestRegressor: () => ({ nEstimators: 5 }),
  RandomForestClassifier: () => ({ nEstimators: 5 }),
  TSNE: () => ({ perplexity: 5, nIter: 250 }),
  MDS: () => ({ nInit: 1, maxIter: 50 }),
  GaussianProcessRegressor: () => ({ nRestartsOptimizer: 0, nJobs: 1 }),
  DenseRegressor: () => ({ epochs: 2, hiddenLayers: [4] }),
  CnnClassifier: () => ({ epochs: 1 }),
};

/** Estimators that do not take rows of numbers (checked for options, clone and not-fitted only). */
const NOT_TABULAR = new Set(["CnnClassifier"]);
/** Estimators whose fit is asynchronous (TensorFlow.js). */
const ASYNC_FIT = new Set(["DenseRegressor", "CnnClassifier"]);
/** Estimators that may predict before fit (a Gaussian process predicts from its prior). */
const PREDICTS_FROM_PRIOR = new Set(["GaussianProcessRegressor"]);
/** Transformers that embed the rows they are fitted on and cannot transform new ones. */
const FIT_TRANSFORM_ONLY = new Set(["TSNE", "MDS"]);

function estimatorClasses(): [string, Ctor][] {
  return Object.entries(ml)
    .filter(([, v]) => typeof v === "function" && v.prototype instanceof BaseEstimator && !Object.prototype.hasOwnProperty.call(v, "abstract"))
    .filter(([name, v]) => name === (v as Ctor).name && (v as { paramSpec?: unknown }).paramSpec) as [string, Ctor][];
}

function make(name: string, C: Ctor, extra: object = {}): AnyEstimator {
  return new C({ ...(EXAMPLE_PARAMS[name]?.() ?? {}), ...extra });
}

// A small data set: 24 rows, 3 features, a smooth target and two classes.
const X = Array.from({ length: 24 }, (_, i) => [Math.sin(i), Math.cos(1.7 * i), (i % 5) / 4]);
const yReg = X.map((r) => 2 * r[0] - r[1] + 0.5 * r[2]);
const yCls = X.map((r) => (r[0] + r[1] > 0 ? 1 : 0));
const COLUMNS = ["a", "b", "c"];

function targetFor(e: AnyEstimator): unknown {
  return e.estimatorType === "classifier" ? yCls : e.estimatorType === "regressor" ? yReg : undefined;
}

async function fit(name: string, e: AnyEstimator, Xin: unknown): Promise<unknown> {
  const r = e.fit(Xin, targetFor(e));
  return ASYNC_FIT.has(name) ? await r : r;
}

function output(name: string, e: AnyEstimator, Xin: unknown): unknown {
  if (e.estimatorType === "transformer") return FIT_TRANSFORM_ONLY.has(name) ? (e as { embedding_?: unknown }).embedding_ : e.transform?.(Xin);
  return e.predict?.(Xin);
}

const classes = estimatorClasses();

test("the library exports estimators and every one is registered by name", () => {
  assert.ok(classes.length >= 20, `found only ${classes.length} estimator classes: ${classes.map((c) => c[0]).join(", ")}`);
  const registered = registeredEstimators();
  const missing = classes.map(([n]) => n).filter((n) => !registered.includes(n));
  assert.deepEqual(missing, [], `not registered (call registerEstimator in their module): ${missing.join(", ")}`);
});

for (const [name, C] of classes) {
  test(`${name}: options are declared with docs, validated, round-trip and clone`, () => {
    const e = make(name, C);
    assert.ok(["regressor", "classifier", "transformer"].includes(e.estimatorType), `${name}.estimatorType = ${e.estimatorType}`);
    for (const [opt, decl] of Object.entries(e.paramSpec as Record<string, { doc: string }>)) {
      assert.ok(decl.doc && decl.doc.length > 5, `${name}.${opt} has no doc line`);
    }
    // getParams round-trips through the constructor; clone equals in params and is unfitted.
    const again = new C(e.getParams());
    assert.deepEqual(again.getParams(), e.getParams());
    const c = e.clone();
    assert.ok(c instanceof C && c !== e);
    assert.deepEqual(Object.keys(c.getParams()), Object.keys(e.getParams()));
    assert.equal(c.isFitted(), false);
    // Unknown option names are errors that name the key; a near miss gets a suggestion.
    const first = Object.keys(e.paramSpec)[0];
    assert.throws(() => new C({ notAnOption: 1 }), (err: Error) => err instanceof ParamError && /unknown option "notAnOption"/.test(err.message));
    if (first) {
      const typo = first.slice(0, -1) + first.slice(-1).toUpperCase() + "x";
      assert.throws(() => new C({ [typo]: 1 }), (err: Error) => err instanceof ParamError && err.message.includes(`"${typo}"`));
      assert.throws(() => e.clone({ [typo]: 1 } as object), ParamError);
      assert.throws(() => e.setParams({ [typo]: 1 } as object), ParamError);
    }
    // A wrong type for every option is an error naming it.
    for (const opt of Object.keys(e.paramSpec)) {
      assert.throws(() => new C({ ...(EXAMPLE_PARAMS[name]?.() ?? {}), [opt]: Symbol("bad") }), (err: Error) => err instanceof ParamError && err.message.includes(opt), `${name}.${opt} accepted a Symbol`);
    }
  });

  test(`${name}: not-fitted error before fit`, () => {
    const e = make(name, C);
    const use = e.estimatorType === "transformer" && !FIT_TRANSFORM_ONLY.has(name) ? () => e.transform?.(X) : () => e.predict?.(X);
    if (PREDICTS_FROM_PRIOR.has(name)) assert.ok(Array.isArray(use()));
    else if (e.predict || (e.transform && !FIT_TRANSFORM_ONLY.has(name))) assert.throws(use, NotFittedError);
    assert.equal(e.isFitted(), false);
  });

  if (NOT_TABULAR.has(name)) continue;

  test(`${name}: fit returns the estimator; bad X is a clear error; same seed, same output; DataFrame = matrix`, async () => {
    const e = make(name, C);
    assert.equal(await fit(name, e, X), e, "fit must return the estimator");
    assert.equal(e.isFitted(), true);
    assert.equal(e.nFeaturesIn_, 3);
    const out = output(name, e, X);
    assert.ok(Array.isArray(out) && out.length === X.length, `${name}: output has one entry per row`);
    // Same options and seed: same output.
    const e2 = make(name, C);
    await fit(name, e2, X);
    assert.deepEqual(output(name, e2, X), out);
    // Bad input.
    const withNaN = X.map((r, i) => (i === 3 ? [r[0], NaN, r[2]] : r));
    await assert.rejects(async () => fit(name, make(name, C), withNaN), (err: Error) => err instanceof DataError && /NaN/.test(err.message));
    const withInf = X.map((r, i) => (i === 5 ? [Infinity, r[1], r[2]] : r));
    await assert.rejects(async () => fit(name, make(name, C), withInf), DataError);
    await assert.rejects(async () => fit(name, make(name, C), []), (err: Error) => err instanceof DataError && /empty/.test(err.message));
    if (!FIT_TRANSFORM_ONLY.has(name)) {
      assert.throws(() => output(name, e, X.map((r) => [...r, 1])), (err: Error) => err instanceof DataError && /columns/.test(err.message));
    }
    // A DataFrame gives the same result, remembers its columns, and rejects reordered columns.
    const df = new DataFrame(X, { columns: COLUMNS });
    const f = make(name, C);
    await fit(name, f, df);
    assert.deepEqual(f.featureNamesIn_, COLUMNS);
    assert.deepEqual(output(name, f, df), out);
    if (!FIT_TRANSFORM_ONLY.has(name)) {
      const reordered = new DataFrame(X.map((r) => [r[1], r[0], r[2]]), { columns: ["b", "a", "c"] });
      assert.throws(() => output(name, f, reordered), (err: Error) => err instanceof DataError && /order/.test(err.message));
      const renamed = new DataFrame(X, { columns: ["a", "b", "z"] });
      assert.throws(() => output(name, f, renamed), (err: Error) => err instanceof DataError && /"c"/.test(err.message) && /"z"/.test(err.message));
    }
    // A fit that fails leaves the estimator unfitted, not half-fitted.
    const g = make(name, C);
    await fit(name, g, X);
    const badTarget = e.estimatorType === "transformer" ? undefined : X.map(() => NaN);
    if (badTarget) {
      await assert.rejects(async () => (ASYNC_FIT.has(name) ? await g.fit(X, badTarget) : g.fit(X, badTarget)));
      assert.equal(g.isFitted(), false, `${name} stayed fitted after a failed fit`);
    }
    // setParams forgets the fit.
    f.setParams({});
    assert.equal(f.isFitted(), false);
  });
}
