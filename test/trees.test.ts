// CART trees, random forests (and their saving/loading with k-NN) against scikit-learn 1.2 on DFT_data.csv (fixtures from
// scripts/fixtures/trees.py): forest accuracy on fixed splits, single trees' training-set
// predictions, and the errors bad input and bad hyperparameters must raise.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ALL_DESCRIPTORS, columnOf, loadDFT, matrixOf } from "../lib/data";
import { DecisionTreeClassifier, DecisionTreeRegressor, KNeighborsClassifier, KNeighborsRegressor, RandomForestClassifier, RandomForestRegressor } from "../lib/models";
import { NotFittedError, ParamError, loadModel, saveModel } from "../lib/core";
import { applyTree } from "../lib/models/tree";
import { nodeRecords, sumTrees } from "../lib/models/forest-predict";
import { MAX_PAGES, instantiateKernel } from "../lib/models/forest-kernel";
import { rmse } from "../lib/metrics";
import { take } from "../lib/preprocessing";
import { assertClose, fixture, testDataDir } from "./helpers";

let cached: Promise<{ X: number[][]; gap: number[]; decomp: number[]; stable: number[] }> | undefined;
function data() {
  cached ??= loadDFT({ dataDir: testDataDir(), download: false }).then((df) => {
    const decomp = columnOf(df, "Decomposition Energy");
    return { X: matrixOf(df, ALL_DESCRIPTORS), gap: columnOf(df, "Band Gap"), decomp, stable: decomp.map((e) => (e < 0 ? 1 : 0)) };
  });
  return cached;
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

test("random forest regression: mean test RMSE over 5 seeds within 10% of scikit-learn's, both targets", async () => {
  const { X, gap, decomp } = await data();
  const fx = fixture("trees/forest_regression.json");
  assert.deepStrictEqual(fx.columns, ALL_DESCRIPTORS);
  for (const [key, y] of [["gap", gap], ["decomp", decomp]] as const) {
    const ref = fx.targets[key];
    const scores = fx.seeds.map((seed: number) => {
      const rf = new RandomForestRegressor({ seed }).fit(take(X, fx.train), take(y, fx.train));
      return rmse(take(y, fx.test), rf.predict(take(X, fx.test)));
    });
    const ours = mean(scores);
    const ratio = ours / ref.mean_test_rmse;
    assert.ok(Math.abs(ratio - 1) <= 0.1, `${key}: our mean test RMSE ${ours.toFixed(4)} vs scikit-learn ${ref.mean_test_rmse.toFixed(4)} (ratio ${ratio.toFixed(3)})`);
  }
});

test("random forest feature importances agree with scikit-learn's (same top feature, correlation > 0.95)", async () => {
  const { X, gap } = await data();
  const fx = fixture("trees/forest_regression.json");
  const rf = new RandomForestRegressor({ seed: 0 }).fit(take(X, fx.train), take(gap, fx.train));
  const ours = rf.featureImportances_;
  const ref: number[] = fx.targets.gap.feature_importances;
  assertClose(ours.reduce((s, v) => s + v, 0), 1, 1e-12);
  assert.strictEqual(ours.indexOf(Math.max(...ours)), ref.indexOf(Math.max(...ref)));
  const mo = mean(ours);
  const mr = mean(ref);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  ours.forEach((v, j) => {
    sxy += (v - mo) * (ref[j] - mr);
    sxx += (v - mo) ** 2;
    syy += (ref[j] - mr) ** 2;
  });
  assert.ok(sxy / Math.sqrt(sxx * syy) > 0.95, `importance correlation ${sxy / Math.sqrt(sxx * syy)}`);
});

test("random forest classifier: mean accuracy over 5 seeds within 2 points of scikit-learn's", async () => {
  const { X, stable } = await data();
  const fx = fixture("trees/forest_classification.json");
  const acc = fx.seeds.map((seed: number) => {
    const rf = new RandomForestClassifier({ seed }).fit(take(X, fx.train), take(stable, fx.train));
    const pred = rf.predict(take(X, fx.test));
    return mean(pred.map((p, i) => (p === stable[fx.test[i]] ? 1 : 0)));
  });
  const ours = mean(acc);
  assert.ok(Math.abs(ours - fx.mean_accuracy) <= 0.02, `accuracy ${ours.toFixed(4)} vs scikit-learn ${fx.mean_accuracy.toFixed(4)}`);
  const rf = new RandomForestClassifier({ nEstimators: 10 }).fit(take(X, fx.train), take(stable, fx.train));
  assert.deepStrictEqual(rf.classes_, [0, 1]);
  for (const row of rf.predictProba(take(X, fx.test.slice(0, 20)))) assertClose(row[0] + row[1], 1, 1e-12);
});

test("a single regression tree reproduces scikit-learn's training-set predictions", async () => {
  const { X, gap } = await data();
  const fx = fixture("trees/single_trees.json");
  const Xtr = take(X, fx.train);
  const ytr = take(gap, fx.train);
  const snake: Record<string, string> = { max_depth: "maxDepth", min_samples_leaf: "minSamplesLeaf", min_samples_split: "minSamplesSplit" };
  for (const c of fx.regression) {
    const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [snake[k], v]));
    const tree = new DecisionTreeRegressor(params).fit(Xtr, ytr);
    assertClose(tree.predict(Xtr), c.train_predictions, 1e-9, 1e-12, `tree ${JSON.stringify(c.params)} train prediction`);
    assert.strictEqual(tree.tree_.nodeCount, c.node_count, `node count of tree ${JSON.stringify(c.params)}`);
  }
  // Fully grown: every training row is fitted exactly.
  const full = new DecisionTreeRegressor().fit(Xtr, ytr);
  assert.ok(rmse(ytr, full.predict(Xtr)) <= fx.full_tree.train_rmse + 1e-12);
});

test("a single classification tree reproduces scikit-learn's training-set probabilities", async () => {
  const { X, stable } = await data();
  const fx = fixture("trees/single_trees.json");
  const Xtr = take(X, fx.stable_train);
  // Gini gains are ratios of small integers, so two features sometimes tie exactly; which one
  // wins depends on the random feature order (as in scikit-learn). Allow some rows (10%) to differ.
  for (const c of fx.classification) {
    const tree = new DecisionTreeClassifier({ maxDepth: c.params.max_depth }).fit(Xtr, take(stable, fx.stable_train));
    const proba = tree.predictProba(Xtr).map((p) => p[1]);
    const differ = proba.filter((v, i) => Math.abs(v - c.train_proba[i]) > 1e-9).length;
    assert.ok(differ <= 0.1 * proba.length, `depth ${c.params.max_depth}: ${differ} of ${proba.length} training probabilities differ from scikit-learn's`);
  }
  const shallow = new DecisionTreeClassifier({ maxDepth: 3 }).fit(Xtr, take(stable, fx.stable_train));
  assertClose(shallow.predictProba(Xtr).map((p) => p[1]), fx.classification[0].train_proba, 1e-9, 1e-12, "depth-3 classification tree");
});

test("per-tree predictions, spread and seeding", async () => {
  const { X, gap } = await data();
  const Xs = X.slice(0, 200);
  const ys = gap.slice(0, 200);
  const rf = new RandomForestRegressor({ nEstimators: 20, seed: 3 }).fit(Xs, ys);
  const perTree = rf.predictPerTree(X.slice(200, 210));
  assert.strictEqual(perTree.length, 20);
  assert.strictEqual(perTree[0].length, 10);
  const { mean: m, std } = rf.predictWithSpread(X.slice(200, 210));
  const expectMean = perTree[0].map((_, i) => mean(perTree.map((t) => t[i])));
  assertClose(m, expectMean, 1e-12);
  assertClose(rf.predict(X.slice(200, 210)), expectMean, 1e-12);
  const expectStd = perTree[0].map((_, i) => Math.sqrt(mean(perTree.map((t) => (t[i] - expectMean[i]) ** 2))));
  assertClose(std, expectStd, 1e-9, 1e-12);
  // Same seed, same forest; another seed, another forest.
  assert.deepStrictEqual(new RandomForestRegressor({ nEstimators: 20, seed: 3 }).fit(Xs, ys).predict(X.slice(200, 210)), rf.predict(X.slice(200, 210)));
  assert.notDeepStrictEqual(new RandomForestRegressor({ nEstimators: 20, seed: 4 }).fit(Xs, ys).predict(X.slice(200, 210)), rf.predict(X.slice(200, 210)));
  // Without bootstrap and with all features, every tree is the same full tree up to ties.
  const noBoot = new RandomForestRegressor({ nEstimators: 3, bootstrap: false }).fit(Xs, ys);
  assertClose(noBoot.predict(Xs), ys, 1e-12, 1e-12);
});

test("large prediction jobs (WebAssembly, two threads) give exactly the small-job numbers", async () => {
  const { X, gap } = await data();
  const rf = new RandomForestRegressor({ nEstimators: 100, seed: 1 }).fit(X.slice(0, 300), gap.slice(0, 300));
  const many: number[][] = [];
  while (many.length < 5000) many.push(...X.slice(0, 5000 - many.length));
  const big = rf.predictWithSpread(many); // 500,000 row-tree walks: the large-job path
  const bigMean = rf.predict(many);
  for (const start of [0, 137, 511, 4990]) {
    const rows = many.slice(start, start + 10);
    const small = rf.predictWithSpread(rows);
    assert.deepStrictEqual(big.mean.slice(start, start + 10), small.mean);
    assert.deepStrictEqual(big.std.slice(start, start + 10), small.std);
    assert.deepStrictEqual(bigMean.slice(start, start + 10), rf.predict(rows));
  }
  // Large jobs check X as they copy it: same clear errors as small ones.
  const bad = many.map((row) => row.slice());
  bad[4321][7] = NaN;
  assert.throws(() => rf.predict(bad), /X\[4321\]\[7\] is NaN/);
  assert.throws(() => rf.predict(many.map((row, i) => (i === 4000 ? row.slice(1) : row))), /X row 4000 has 49 values, expected 50/);
});

test("maxFeatures, maxDepth and minSamplesLeaf are honoured", () => {
  const X = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 13) % 11, i / 60, ((i * 7) % 5) / 5]);
  const y = X.map((r) => r[0] * 2 + Math.sin(r[1]) + r[2]);
  for (const maxDepth of [1, 2, 4]) {
    const t = new DecisionTreeRegressor({ maxDepth }).fit(X, y);
    assert.ok(t.tree_.depth <= maxDepth);
  }
  const leafy = new DecisionTreeRegressor({ minSamplesLeaf: 7 }).fit(X, y);
  const leaves = new Map<number, number>();
  leafy.predict(X).forEach((v) => leaves.set(v, (leaves.get(v) ?? 0) + 1));
  for (const count of leaves.values()) assert.ok(count >= 7, `a leaf holds ${count} < 7 rows`);
  for (const maxFeatures of [{ count: 1 }, 2, { count: 2 }, { fraction: 0.5 }, "sqrt", "log2", "all", null] as const) {
    assert.strictEqual(new RandomForestRegressor({ nEstimators: 5, maxFeatures }).fit(X, y).predict(X).length, 60);
  }
  const stump = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y.map((v) => (v > 6 ? "high" : "low")));
  assert.deepStrictEqual(stump.classes_, ["high", "low"]);
  assert.ok(stump.predict(X).every((c) => c === "high" || c === "low"));
});

test("clear errors for bad input and invalid hyperparameters", () => {
  const X = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  assert.throws(() => new RandomForestRegressor({ nEstimators: 0 }), /RandomForestRegressor: nEstimators must be an integer >= 1, got 0/);
  assert.throws(() => new RandomForestRegressor({ maxDepth: 0 }), /maxDepth must be null, or an integer >= 1/);
  assert.throws(() => new RandomForestRegressor({ minSamplesSplit: 1 }), /minSamplesSplit/);
  assert.throws(() => new RandomForestRegressor({ minSamplesLeaf: 0 }), /minSamplesLeaf/);
  assert.throws(() => new RandomForestClassifier({ maxFeatures: "half" as never }), /maxFeatures/);
  assert.throws(() => new DecisionTreeRegressor({ maxFeatures: -1 }), /maxFeatures/);
  assert.throws(() => new RandomForestRegressor({ maxFeatures: 3 }).fit(X, [1, 2, 3]), /RandomForestRegressor.fit: maxFeatures = 3 but X has only 2 features/);
  assert.throws(() => new RandomForestRegressor().predict(X), (e: Error) => e instanceof NotFittedError && /RandomForestRegressor.predict: this RandomForestRegressor is not fitted yet/.test(e.message));
  assert.throws(() => new DecisionTreeClassifier().predictProba(X), NotFittedError);
  assert.throws(() => new RandomForestRegressor().fit([[1, NaN], [2, 3]], [1, 2]), /finite number/);
  assert.throws(() => new RandomForestRegressor().fit([], []), /empty/);
  assert.throws(() => new RandomForestRegressor().fit(X, [1, 2]), /3 rows but y has 2/);
  const rf = new RandomForestRegressor({ nEstimators: 3 }).fit(X, [1, 2, 3]);
  assert.throws(() => rf.predict([[1, 2, 3]]), /3 columns but the model was fitted on 2/);
  assert.throws(() => new RandomForestClassifier().fit(X, [1, 1, 1]), /at least 2 classes/);
  assert.throws(() => new DecisionTreeClassifier().fit(X, [1, "a", 2] as never), /labels must be all finite numbers or all strings/);
});

test("clone keeps hyperparameters and applies overrides", () => {
  const rf = new RandomForestRegressor({ nEstimators: 7, maxDepth: 4 });
  const c = rf.clone({ maxDepth: 6 });
  assert.ok(c instanceof RandomForestRegressor);
  assert.strictEqual(c.params.nEstimators, 7);
  assert.strictEqual(c.params.maxDepth, 6);
  assert.strictEqual(c.trees_, undefined);
  assert.strictEqual(c.isFitted(), false);
  assert.strictEqual(new RandomForestClassifier().params.maxFeatures, "sqrt");
  assert.strictEqual(new RandomForestRegressor().params.maxFeatures, "all");
});

test("sizes are explicit: a bare 1 or a bare share is refused with a hint, { count } and { fraction } work", () => {
  const X = Array.from({ length: 40 }, (_, i) => [i % 7, (i * 13) % 11, i / 40, ((i * 7) % 5) / 5]);
  const y = X.map((r) => r[0] * 2 + Math.sin(r[1]) + r[2]);
  // 1.0 === 1 in JavaScript: scikit-learn's "all features" and "one feature" cannot be told apart.
  assert.throws(
    () => new RandomForestRegressor({ maxFeatures: 1.0 }),
    (e: Error) => e instanceof ParamError && /maxFeatures must be .* got 1; a bare 1 is ambiguous: scikit-learn reads max_features=1.0 as all features.*write "all" for every feature or \{ count: 1 \} for one/.test(e.message),
  );
  assert.throws(() => new DecisionTreeClassifier({ maxFeatures: 0.5 }), /DecisionTreeClassifier: maxFeatures must be .* got 0.5; a share of the features is written \{ fraction: 0.5 \}/);
  assert.throws(() => new RandomForestRegressor({ minSamplesSplit: 0.1 }), /minSamplesSplit must be .* got 0.1; a share of the training rows is written \{ fraction: 0.1 \}/);
  assert.throws(() => new RandomForestRegressor({ minSamplesSplit: 1 }), /write \{ fraction: 1 \} for that, or a count >= 2/);
  assert.throws(() => new RandomForestRegressor({ minSamplesLeaf: 0.05 }), /minSamplesLeaf must be .* got 0.05; a share of the training rows is written \{ fraction: 0.05 \}/);
  assert.throws(() => new RandomForestRegressor({ maxFeatures: { count: 0 } }), /maxFeatures must be/);
  assert.throws(() => new RandomForestRegressor({ maxFeatures: { fraction: 1.5 } }), /maxFeatures must be/);
  assert.throws(() => new RandomForestRegressor({ maxFeatures: { count: 2, fraction: 0.5 } as never }), /maxFeatures must be/);
  assert.throws(() => new RandomForestRegressor({ maxFeatures: 2.5 }), /maxFeatures must be/);
  assert.throws(() => new RandomForestRegressor({ maxFeatures: { count: 5 } }).fit(X, y), /maxFeatures = \{"count":5\} but X has only 4 features/);
  // The explicit forms mean what they say: { fraction: 1 } and { count: p } are "all".
  const predict = (maxFeatures: ConstructorParameters<typeof RandomForestRegressor>[0]) => new RandomForestRegressor({ nEstimators: 5, seed: 2, ...maxFeatures }).fit(X, y).predict(X);
  const all = predict({ maxFeatures: "all" });
  assert.deepStrictEqual(predict({ maxFeatures: { fraction: 1 } }), all);
  assert.deepStrictEqual(predict({ maxFeatures: { count: 4 } }), all);
  assert.deepStrictEqual(predict({ maxFeatures: 4 }), all);
  assert.deepStrictEqual(predict({ maxFeatures: { count: 2 } }), predict({ maxFeatures: { fraction: 0.5 } }));
  assert.deepStrictEqual(predict({ maxFeatures: { count: 2 } }), predict({ maxFeatures: "sqrt" }));
  assert.notDeepStrictEqual(predict({ maxFeatures: { count: 1 } }), all);
  // Sample fractions resolve to counts of the training rows: ceil(0.1 * 40) = 4, ceil(0.5 * 40) = 20.
  const tree = (p: ConstructorParameters<typeof DecisionTreeRegressor>[0]) => new DecisionTreeRegressor(p).fit(X, y).predict(X);
  assert.deepStrictEqual(tree({ minSamplesLeaf: { fraction: 0.1 } }), tree({ minSamplesLeaf: 4 }));
  assert.deepStrictEqual(tree({ minSamplesSplit: { fraction: 0.5 } }), tree({ minSamplesSplit: 20 }));
});

test("unknown options are refused with the nearest valid name", () => {
  assert.throws(() => new RandomForestRegressor({ n_estimators: 10 } as never), (e: Error) => e instanceof ParamError && e.message === 'RandomForestRegressor: unknown option "n_estimators"; did you mean "nEstimators"?');
  assert.throws(() => new DecisionTreeClassifier({ max_depth: 3 } as never), /DecisionTreeClassifier: unknown option "max_depth"; did you mean "maxDepth"\?/);
  assert.throws(() => new RandomForestClassifier().clone({ maxFeature: "sqrt" } as never), /unknown option "maxFeature"; did you mean "maxFeatures"\?/);
});

test("trees and forests on a DataFrame: same numbers as the matrix, columns remembered and checked", async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const dfd = require("danfojs-node") as typeof import("danfojs-node");
  const { X, gap, stable } = await data();
  const cols = ALL_DESCRIPTORS.slice(0, 6);
  const M = X.slice(0, 120).map((r) => r.slice(0, 6));
  const df = new dfd.DataFrame(M, { columns: cols });
  for (const make of [() => new RandomForestRegressor({ nEstimators: 10, seed: 1 }), () => new DecisionTreeRegressor({ maxDepth: 4 })]) {
    const fromFrame = make().fit(df, gap.slice(0, 120));
    assert.deepStrictEqual(fromFrame.featureNamesIn_, cols);
    assert.strictEqual(fromFrame.nFeaturesIn_, 6);
    assert.deepStrictEqual(fromFrame.predict(df), make().fit(M, gap.slice(0, 120)).predict(M));
    const swapped = df.loc({ columns: [cols[1], cols[0], ...cols.slice(2)] });
    assert.throws(() => fromFrame.predict(swapped), new RegExp(`different order \\("${cols[0]}", "${cols[1]}" moved\\)`));
  }
  const rfc = new RandomForestClassifier({ nEstimators: 10 }).fit(df, stable.slice(0, 120));
  assert.deepStrictEqual(rfc.predictProba(df), new RandomForestClassifier({ nEstimators: 10 }).fit(M, stable.slice(0, 120)).predictProba(M));
  assert.deepStrictEqual(rfc.predictSeries(df).values, rfc.predict(M));
});

test("setParams and clone forget the fit; getParams round-trips", () => {
  const X = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 0], [5, 2]];
  const rf = new RandomForestRegressor({ nEstimators: 3, maxFeatures: { count: 1 } }).fit(X, [0, 1, 2, 3, 4, 5]);
  assert.ok(rf.isFitted() && rf.trees_.length === 3 && rf.featureImportances_.length === 2);
  assert.deepStrictEqual(new RandomForestRegressor(rf.getParams()).getParams(), rf.getParams());
  assert.strictEqual(rf.clone().isFitted(), false);
  rf.setParams({ nEstimators: 4 });
  assert.strictEqual(rf.trees_, undefined);
  assert.throws(() => rf.predictWithSpread(X), NotFittedError);
  assert.strictEqual(rf.fit(X, [0, 1, 2, 3, 4, 5]).trees_.length, 4);
});

test("the WebAssembly tree walk gives exactly the plain JavaScript walk's sums and squares", async () => {
  const { X, gap } = await data();
  const rf = new RandomForestRegressor({ nEstimators: 4, seed: 5, maxFeatures: "sqrt" }).fit(X.slice(0, 150), gap.slice(0, 150));
  const rows = X.slice(100, 260);
  const p = rows[0].length;
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const { sumTree } = instantiateKernel(memory);
  for (const tree of rf.trees_) {
    const nodes = nodeRecords(tree);
    const xOffset = 8 + nodes.length;
    const outOffset = xOffset + 8 * rows.length * p;
    const sqOffset = outOffset + 8 * rows.length;
    const pages = Math.ceil((sqOffset + 8 * rows.length) / 65536) - memory.buffer.byteLength / 65536;
    if (pages > 0) memory.grow(pages);
    new Uint8Array(memory.buffer).set(nodes, 8);
    new Float64Array(memory.buffer, xOffset, rows.length * p).set(rows.flat());
    new Float64Array(memory.buffer, outOffset, 2 * rows.length).fill(0);
    sumTree(8, xOffset, rows.length, 8 * p, outOffset, sqOffset);
    const sums = new Float64Array(rows.length);
    const squares = new Float64Array(rows.length);
    sumTrees([tree], 0, 1, Float64Array.from(rows.flat()), rows.length, p, sums, squares);
    assert.deepStrictEqual(Array.from(new Float64Array(memory.buffer, outOffset, rows.length)), Array.from(sums));
    assert.deepStrictEqual(Array.from(new Float64Array(memory.buffer, sqOffset, rows.length)), Array.from(squares));
    // and the plain walk is the tree's own leaf lookup
    const leaves = applyTree(tree, Float64Array.from(rows.flat()), 0, rows.length, p, new Int32Array(rows.length));
    assert.deepStrictEqual(Array.from(sums), Array.from(leaves, (leaf) => tree.value[leaf]));
  }
});

test("saveModel / loadModel round-trip trees, forests and k-NN exactly", async () => {
  const { X, gap, stable } = await data();
  const Xtr = X.slice(0, 150);
  const Xte = X.slice(150, 200);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "matml-trees-"));
  const models = [
    new DecisionTreeRegressor({ maxDepth: 5 }).fit(Xtr, gap.slice(0, 150)),
    new DecisionTreeClassifier({ maxDepth: 5 }).fit(Xtr, stable.slice(0, 150)),
    new RandomForestRegressor({ nEstimators: 8, maxFeatures: { fraction: 0.3 } }).fit(Xtr, gap.slice(0, 150)),
    new RandomForestClassifier({ nEstimators: 8 }).fit(Xtr, stable.slice(0, 150)),
    new KNeighborsRegressor({ nNeighbors: 3, weights: "distance" }).fit(Xtr, gap.slice(0, 150)),
    new KNeighborsClassifier({ nNeighbors: 3 }).fit(Xtr, stable.slice(0, 150)),
  ];
  for (const model of models) {
    const dir = path.join(root, model.estimatorName);
    saveModel(model, dir);
    const back = loadModel(dir);
    assert.strictEqual(back.constructor, model.constructor);
    assert.deepStrictEqual(back.getParams(), model.getParams());
    assert.deepStrictEqual((back as typeof model).predict(Xte), model.predict(Xte), model.estimatorName);
  }
  const forest = loadModel(path.join(root, "RandomForestRegressor")) as RandomForestRegressor;
  assert.deepStrictEqual(forest.predictWithSpread(Xte), (models[2] as RandomForestRegressor).predictWithSpread(Xte));
  assert.deepStrictEqual(forest.featureImportances_, (models[2] as RandomForestRegressor).featureImportances_);
  fs.rmSync(root, { recursive: true });
});
