// k-NN, logistic regression, Gaussian naive Bayes and the RBF support vector classifier against
// scikit-learn 1.2 on the tutorial's 50/50 split of DFT_data.csv (fixtures from
// scripts/fixtures/classification.py), plus the errors bad input must raise.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, matrixOf, columnOf } from "../lib/data";
import { GaussianNB, KernelRidge, KNeighborsClassifier, KNeighborsRegressor, LogisticRegression, SVC } from "../lib/models";
import { ConstantKernel, GaussianProcessRegressor, RBF } from "../lib/gp";
import { loadModel, saveModel } from "../lib/core";
import { DataError, NotFittedError, ParamError } from "../lib/core/errors";
import { StandardScaler, take } from "../lib/preprocessing";
import { accuracyScore, rocAucScore } from "../lib/metrics";
import { assertClose, fixture, testDataDir } from "./helpers";

interface Case {
  X: number[][];
  stable: number[];
  gapClass: number[];
  train: number[];
  test: number[];
}

let cached: Promise<{ all: number[][]; comp: number[][]; stable: number[]; gap: number[]; gapClass: number[] }> | undefined;
function data() {
  cached ??= loadDFT({ dataDir: testDataDir(), download: false }).then((df) => {
    const gap = columnOf(df, "Band Gap");
    return {
      all: matrixOf(df, ALL_DESCRIPTORS),
      comp: matrixOf(df, COMPOSITION_DESCRIPTORS),
      stable: columnOf(df, "Decomposition Energy").map((e) => (e < 0 ? 1 : 0)),
      gap,
      // Three band-gap classes, as the fixture script's np.digitize(gap, [1.5, 3.0]).
      gapClass: gap.map((g) => (g < 1.5 ? 0 : g < 3.0 ? 1 : 2)),
    };
  });
  return cached;
}

/** Training and test rows, standardised with the training rows' mean and std (as the fixtures). */
function scaledSplit(X: number[][], fx: { train: number[]; test: number[] }) {
  const scaler = new StandardScaler().fit(take(X, fx.train));
  return { Xtr: scaler.transform(take(X, fx.train)), Xte: scaler.transform(take(X, fx.test)) };
}

const col = (M: number[][], j: number) => M.map((r) => r[j]);

test("KNeighborsClassifier: predictions identical to scikit-learn for k = 1..15, uniform and distance weights", async () => {
  const d = await data();
  const fx = fixture("classification/knn.json");
  const { Xtr, Xte } = scaledSplit(d.all, fx);
  const ytr = take(d.stable, fx.train);
  for (const c of fx.cases) {
    const what = `k=${c.n_neighbors} ${c.weights}`;
    const m = new KNeighborsClassifier({ nNeighbors: c.n_neighbors, weights: c.weights }).fit(Xtr, ytr);
    assert.deepStrictEqual(m.predict(Xte), c.predict, `${what} predictions`);
    // Where the k-th and (k+1)-th neighbours are exactly equally far (symmetric compositions),
    // the vote shares and the regression average depend on which of the two is taken; the fixture
    // lists those rows (a few per k), and we compare shares and averages on all the others.
    const untied = Xte.map((_, q) => q).filter((q) => !c.tied_at_kth.includes(q));
    assertClose(take(col(m.predictProba(Xte), 1), untied), take(c.proba_class1 as number[], untied), 1e-9, 1e-12, `${what} proba`);
    const reg = new KNeighborsRegressor({ nNeighbors: c.n_neighbors, weights: c.weights }).fit(Xtr, take(d.gap, fx.train));
    assertClose(take(reg.predict(Xte), untied), take(c.regressor_predict as number[], untied), 1e-9, 1e-12, `${what} regressor`);
  }
  const multi = new KNeighborsClassifier({ nNeighbors: 5 }).fit(Xtr, take(d.gapClass, fx.train));
  assert.deepStrictEqual(multi.predict(Xte), fx.multiclass.predict, "3-class predictions");
  const kn = new KNeighborsClassifier({ nNeighbors: 4 }).fit(Xtr, ytr).kneighbors(Xte.slice(0, 5));
  assertClose(kn.distances.flat(), fx.kneighbors_first5.distances.flat(), 1e-9, 1e-12, "kneighbors distances");
});

test("LogisticRegression: probabilities and coefficients match converged scikit-learn (binary and multinomial)", async () => {
  const d = await data();
  const fx = fixture("classification/logistic.json");
  const { Xtr, Xte } = scaledSplit(d.all, fx);
  for (const c of fx.cases) {
    const y = c.target === "stable" ? d.stable : d.gapClass;
    const m = new LogisticRegression({ C: c.C }).fit(Xtr, take(y, fx.train));
    const what = `${c.target} C=${c.C}`;
    const proba = m.predictProba(Xte);
    if (c.target === "stable") {
      assertClose(col(proba, 1), c.proba, 0, 1e-4, `${what} P(stable)`);
      // Even scikit-learn's default stopping (tol 1e-4, at most 100 iterations) lands within 1e-4 here.
      assertClose(col(proba, 1), c.default_proba, 0, 1e-4, `${what} P(stable) vs sklearn defaults`);
    } else {
      assertClose(proba.flat(), c.proba.flat(), 0, 1e-4, `${what} probabilities`);
    }
    assertClose(m.coef_.flat(), c.coef.flat(), 0, 1e-4, `${what} coef`);
    assertClose(m.intercept_, c.intercept, 0, 1e-4, `${what} intercept`);
    assert.deepStrictEqual(m.predict(Xte), c.predict, `${what} predictions`);
  }
});

test("GaussianNB: probabilities, means and variances match scikit-learn", async () => {
  const d = await data();
  const fx = fixture("classification/naive_bayes.json");
  const scaled = scaledSplit(d.all, fx);
  const inputs: Record<string, { Xtr: number[][]; Xte: number[][]; y: number[] }> = {
    unscaled_stable: { Xtr: take(d.all, fx.train), Xte: take(d.all, fx.test), y: d.stable },
    scaled_stable: { ...scaled, y: d.stable },
    composition_stable: { Xtr: take(d.comp, fx.train), Xte: take(d.comp, fx.test), y: d.stable },
    scaled_gap_class: { ...scaled, y: d.gapClass },
  };
  for (const c of fx.cases) {
    const inp = inputs[c.name];
    const m = new GaussianNB({ varSmoothing: c.var_smoothing }).fit(inp.Xtr, take(inp.y, fx.train));
    assertClose(m.predictProba(inp.Xte).flat(), c.proba.flat(), 0, 1e-4, `${c.name} probabilities`);
    assertClose(m.theta_.flat(), c.theta.flat(), 1e-9, 1e-12, `${c.name} theta`);
    assertClose(m.var_.flat(), c.var.flat(), 1e-7, 1e-12, `${c.name} var`);
    assertClose(m.classPrior_, c.class_prior, 1e-12, 0, `${c.name} prior`);
    assert.deepStrictEqual(m.predict(inp.Xte), c.predict, `${c.name} predictions`);
  }
});

test("SVC (RBF): test accuracy within 2 points of scikit-learn, same decision function", async () => {
  const d = await data();
  const fx = fixture("classification/svm.json");
  const { Xtr, Xte } = scaledSplit(d.all, fx);
  const yte = take(d.stable, fx.test);
  for (const c of fx.cases) {
    const what = `C=${c.C} gamma=${c.gamma}`;
    const m = new SVC({ C: c.C, gamma: c.gamma }).fit(Xtr, take(d.stable, fx.train));
    assertClose(m.gamma_, c.gamma_value, 1e-9, 0, `${what} gamma`);
    const acc = accuracyScore(yte, m.predict(Xte));
    assert.ok(Math.abs(acc - c.accuracy) <= 0.02, `${what}: accuracy ${acc} vs scikit-learn ${c.accuracy}`);
    // Same solver and stopping rule as libsvm, so the decision values agree closely too.
    assertClose(m.decisionFunction(Xte), c.decision_function, 0, 1e-2, `${what} decision function`);
    assert.ok(Math.abs(m.support_.length - c.n_support) <= 2, `${what}: ${m.support_.length} support vectors vs ${c.n_support}`);
  }
});

test("SVC probability (Platt scaling): close to scikit-learn's, and ranks exactly like the decision function", async () => {
  const d = await data();
  const fx = fixture("classification/svm.json");
  const { Xtr, Xte } = scaledSplit(d.all, fx);
  const yte = take(d.stable, fx.test);
  const m = new SVC({ C: fx.platt.C, gamma: fx.platt.gamma, probability: true, seed: 0 }).fit(Xtr, take(d.stable, fx.train));
  const p = col(m.predictProba(Xte), 1);
  // libsvm's internal 5-fold split is random, so only rough agreement is expected.
  const diffs = p.map((v, i) => Math.abs(v - fx.platt.proba[i]));
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  assert.ok(mean < 0.03 && Math.max(...diffs) < 0.15, `mean |ΔP| ${mean}, max ${Math.max(...diffs)}`);
  // The sigmoid is monotone, so the ROC curve (and AUC) is the decision function's.
  assertClose(rocAucScore(yte, p), rocAucScore(yte, m.decisionFunction(Xte)), 1e-12, 0, "AUC");
  assert.throws(() => new SVC().fit(Xtr, take(d.stable, fx.train)).predictProba(Xte), /probability: true/);
});

test("classifiers reject bad input with clear messages", () => {
  const X = [[0, 1], [1, 0], [1, 1], [0, 0]];
  const y = [0, 1, 1, 0];
  const models = [
    () => new KNeighborsClassifier({ nNeighbors: 3 }),
    () => new LogisticRegression(),
    () => new GaussianNB(),
    () => new SVC(),
  ];
  for (const make of models) {
    const name = make().constructor.name;
    assert.throws(() => make().fit(X, [1, 1, 1, 1]), /only 1 class|single class|at least 2/, `${name}: single class`);
    assert.throws(() => make().fit([[0, NaN], [1, 0], [1, 1], [0, 0]], y), /finite/, `${name}: NaN`);
    assert.throws(() => make().fit(X, [0, 1, 1]), /4 rows but y has 3/, `${name}: length mismatch`);
    assert.throws(() => make().predict(X), /call fit\(\)/, `${name}: predict before fit`);
    const fitted = make().fit(X, y);
    assert.throws(() => fitted.predict([[0, 1, 2]]), /3 columns but the model was fitted on 2/, `${name}: width`);
  }
  assert.throws(() => new KNeighborsClassifier({ nNeighbors: 5 }).fit(X, y), /nNeighbors = 5 is larger than the 4 training samples/);
  assert.throws(() => new KNeighborsRegressor({ nNeighbors: 9 }).fit(X, [1, 2, 3, 4]), /larger than the 4 training samples/);
  assert.throws(() => new KNeighborsClassifier({ nNeighbors: 0 }), /KNeighborsClassifier: nNeighbors must be an integer >= 1, got 0/);
  assert.throws(() => new KNeighborsClassifier({ weights: "gaussian" as never }), /weights must be/);
  assert.throws(() => new LogisticRegression({ C: -1 }), /LogisticRegression: C must be a finite number > 0, got -1/);
  assert.throws(() => new SVC({ gamma: "wide" as never }), /gamma must be/);
  assert.throws(() => new GaussianNB({ varSmoothing: -1 }), /varSmoothing/);
  assert.throws(() => new SVC().fit([[0], [1], [2]], [0, 1, 2]), /3 classes/);
});

test("classifiers accept string labels and hand them back", () => {
  const X = [[0], [0.2], [0.4], [2], [2.2], [2.4]];
  const y = ["unstable", "unstable", "unstable", "stable", "stable", "stable"];
  for (const m of [new KNeighborsClassifier({ nNeighbors: 3 }), new LogisticRegression(), new GaussianNB(), new SVC()]) {
    const fitted = m.fit(X, y);
    assert.deepStrictEqual(fitted.classes_, ["stable", "unstable"]);
    assert.deepStrictEqual(fitted.predict([[0.1], [2.3]]), ["unstable", "stable"], m.constructor.name);
  }
});

/** Runs fn with console.warn captured; returns what was printed. */
function captureWarnings(fn: () => void): string[] {
  const printed: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void printed.push(args.join(" "));
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return printed;
}

const Xs = [[0, 1], [1, 0.3], [2, 2], [3, 1], [4, 0.5], [5, 3], [1.5, 2], [3.5, 0]];
const ys = [0, 0, 1, 0, 1, 1, 0, 1];

test("LogisticRegression on X × 1e200 gives the classifier of X (no silent 0.5 everywhere)", () => {
  const big = Xs.map((r) => r.map((v) => v * 1e200));
  const m = new LogisticRegression().fit(big, ys);
  const p = col(m.predictProba(big), 1);
  assert.ok(Math.max(...p.map((v) => Math.abs(v - 0.5))) > 0.4, `probabilities ${p}`);
  // With X × 1e200 the penalty ½‖w‖² is ~1e-400 of the loss: the answer is the unpenalized fit of X.
  const unpenalized = new LogisticRegression({ C: 1e30 }).fit(Xs, ys);
  assertClose(p, col(unpenalized.predictProba(Xs), 1), 0, 1e-6, "P(class 1)");
  assertClose(m.coef_[0].map((w) => w * 1e200), unpenalized.coef_[0], 1e-6, 0, "coef in units of X");
  assert.deepStrictEqual(m.predict(big), unpenalized.predict(Xs));
  // Scaling one column by a further power of two changes nothing but that column's weight.
  const a = new LogisticRegression().fit(Xs.map((r) => [r[0] * 2 ** 600, r[1]]), ys);
  const b = new LogisticRegression().fit(Xs.map((r) => [r[0] * 2 ** 601, r[1]]), ys);
  assert.strictEqual(b.coef_[0][0] * 2, a.coef_[0][0]);
  assert.deepStrictEqual([b.coef_[0][1], b.intercept_], [a.coef_[0][1], a.intercept_]);
  assert.deepStrictEqual(col(a.predictProba(Xs.map((r) => [r[0] * 2 ** 600, r[1]])), 1), col(b.predictProba(Xs.map((r) => [r[0] * 2 ** 601, r[1]])), 1));
});

test("LogisticRegression and SVC that stop at their iteration limit warn once and record it", () => {
  let capped: LogisticRegression | undefined;
  let again: LogisticRegression | undefined;
  const printed = captureWarnings(() => {
    capped = new LogisticRegression({ maxIter: 2 }).fit(Xs, ys);
    again = new LogisticRegression({ maxIter: 2 }).fit(Xs, ys);
  });
  assert.match(capped?.convergenceWarning_ ?? "", /LogisticRegression.fit: L-BFGS stopped at maxIter=2/);
  assert.strictEqual(again?.convergenceWarning_, capped?.convergenceWarning_);
  assert.strictEqual(capped?.nIter_, 2);
  if (process.env.MATML_QUIET_WARNINGS !== "1") assert.strictEqual(printed.filter((w) => /maxIter=2/.test(w)).length, 1);
  assert.strictEqual(new LogisticRegression().fit(Xs, ys).convergenceWarning_, undefined);
  let svc: SVC | undefined;
  captureWarnings(() => (svc = new SVC({ maxIter: 1 }).fit(Xs, ys)));
  assert.match(svc?.convergenceWarning_ ?? "", /SVC.fit: SMO stopped at maxIter=1/);
  assert.strictEqual(new SVC().fit(Xs, ys).convergenceWarning_, undefined);
});

test("GaussianNB: a zero variance with varSmoothing 0 is a clear error, never NaN probabilities", () => {
  const X = [[1, 5], [2, 5], [3, 5], [7, 5], [8, 6], [9, 7]]; // feature 1 is constant within class 0
  const y = [0, 0, 0, 1, 1, 1];
  assert.throws(
    () => new GaussianNB({ varSmoothing: 0 }).fit(X, y),
    (e: Error) => e instanceof DataError && /feature 1 has zero variance within class 0 \(all 3 values equal 5\) and varSmoothing is 0; use varSmoothing > 0/.test(e.message),
  );
  // the default smoothing handles it: finite probabilities that still separate the classes
  const m = new GaussianNB().fit(X, y);
  const p = m.predictProba([[2, 5], [8, 6.5]]);
  assert.ok(p.flat().every(Number.isFinite));
  assert.deepStrictEqual(m.predict([[2, 5], [8, 6.5]]), [0, 1]);
  assert.ok(m.epsilon_ > 0 && m.var_[0][1] === m.epsilon_);
  // every feature constant: there is nothing to smooth with, whatever varSmoothing is
  assert.throws(() => new GaussianNB().fit([[1], [1], [1], [1]], [0, 0, 1, 1]), /every feature of X is constant/);
});

test("the five migrated estimators follow the contract (params, clone, unknown options, NotFittedError, DataFrames)", async () => {
  const dfd = await import("danfojs-node");
  const X = [[0, 1], [1, 0.3], [2, 2], [3, 1], [4, 0.5], [5, 3], [1.5, 2], [3.5, 0]];
  const makers: [() => { fit(X: unknown, y: unknown): unknown }, string, (m: any, X: any) => unknown][] = [
    [() => new KernelRidge({ kernel: "rbf", alpha: 0.1 }), "alpah", (m, X) => m.predict(X)],
    [() => new SVC({ C: 2, probability: true }), "gama", (m, X) => [m.decisionFunction(X), m.predictProba(X)]],
    [() => new LogisticRegression({ C: 0.5 }), "c", (m, X) => m.predictProba(X)],
    [() => new GaussianNB(), "varSmoothng", (m, X) => m.predictProba(X)],
    [() => new GaussianProcessRegressor({ alpha: 0.01, nJobs: 1 }), "alhpa", (m, X) => m.predictWithStd(X)],
  ];
  const frame = new dfd.DataFrame(X, { columns: ["a", "b"] });
  for (const [make, typo, output] of makers) {
    const m = make() as any;
    const name = m.constructor.name;
    const copy = m.clone();
    assert.ok(copy instanceof m.constructor && copy !== m, `${name}: clone`);
    assert.deepStrictEqual(Object.keys(copy.getParams()), Object.keys(m.getParams()), `${name}: params`);
    assert.throws(() => new m.constructor({ [typo]: 1 }), (e: Error) => e instanceof ParamError && new RegExp(`unknown option "${typo}"; did you mean`).test(e.message), `${name}: typo`);
    if (m instanceof GaussianProcessRegressor) assert.deepStrictEqual(m.predict(X), new Array(X.length).fill(0), "an unfitted GP predicts its prior");
    else assert.throws(() => output(m, X), (e: Error) => e instanceof NotFittedError, `${name}: before fit`);
    assert.strictEqual(m.fit(X, ys), m, `${name}: fit returns this`);
    assert.deepStrictEqual(output(make().fit(frame, ys), frame), output(m, X), `${name}: DataFrame gives the same as the matrix`);
    const fittedOnFrame = make().fit(frame, ys) as any;
    assert.throws(() => output(fittedOnFrame, frame.loc({ columns: ["b", "a"] })), /different order/, `${name}: reordered columns`);
    assert.throws(() => output(m, [[1, 2, 3]]), /3 columns but the model was fitted on 2/, `${name}: width`);
  }
});

test("saveModel / loadModel round-trip kernel ridge, SVC, logistic regression, naive Bayes and the GP exactly", async () => {
  const d = await data();
  const Xtr = d.comp.slice(0, 120);
  const Xte = d.comp.slice(120, 160);
  const stable = d.stable.slice(0, 120);
  const gap = d.gap.slice(0, 120);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "matml-kernels-"));
  try {
    const cases: [{ estimatorName: string }, (m: any) => unknown][] = [
      [new KernelRidge({ kernel: "rbf", alpha: 0.1, gamma: 0.2 }).fit(Xtr, gap), (m) => m.predict(Xte)],
      [new SVC({ C: 3, probability: true }).fit(Xtr, stable), (m) => [m.decisionFunction(Xte), m.predictProba(Xte), m.predict(Xte)]],
      [new LogisticRegression({ C: 0.3 }).fit(Xtr, d.gapClass.slice(0, 120)), (m) => [m.predictProba(Xte), m.predict(Xte)]],
      [new GaussianNB().fit(Xtr, stable), (m) => m.predictProba(Xte)],
      [new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0.01, normalizeY: true, nJobs: 1 }).fit(Xtr, gap), (m) => [m.predictWithStd(Xte), m.predictWithCov(Xte.slice(0, 4)), String(m.kernel_), m.logMarginalLikelihood()]],
    ];
    for (const [model, output] of cases) {
      const dir = path.join(root, model.estimatorName);
      saveModel(model as never, dir);
      const back = loadModel(dir);
      assert.strictEqual(back.constructor, model.constructor);
      assert.deepStrictEqual(back.getParams(), (model as any).getParams(), `${model.estimatorName}: params`);
      assert.deepStrictEqual(output(back), output(model), `${model.estimatorName}: same outputs after loading`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
