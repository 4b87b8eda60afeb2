// evaluateClassifier: the numbers it reports are the metrics of lib/metrics on the model's own
// predictions and scores (probabilities, else the decision function), for two classes and more,
// numbers and strings, arrays and DataFrames; bad calls are clear errors.
import { test } from "node:test";
import * as assert from "assert";
import * as dfd from "danfojs-node";
import { GaussianNB, KNeighborsClassifier, LogisticRegression, RandomForestClassifier, SVC, evaluateClassifier } from "../lib/models";
import { ScaledClassifier } from "../lib/preprocessing";
import { accuracyScore, classificationReport, confusionMatrix, f1Score, precisionScore, recallScore, rocAucScore, rocCurve } from "../lib/metrics";
import { DataError, NotFittedError, ParamError } from "../lib/core";

// Two overlapping classes in three columns (one in the thousands), 60 training and 40 test rows.
const rows = Array.from({ length: 100 }, (_, i) => [Math.sin(1.3 * i) + (i % 3) / 2, 1000 + 300 * Math.cos(0.7 * i), ((i * 7) % 10) / 10]);
const labels = rows.map((r, i) => (r[0] + (r[1] - 1000) / 300 + (i % 5 === 0 ? 1 : 0) > 0.8 ? 1 : 0));
const [Xtr, Xte] = [rows.slice(0, 60), rows.slice(60)];
const [ytr, yte] = [labels.slice(0, 60), labels.slice(60)];

test("evaluateClassifier on a case worked out by hand: one TP, FP, FN and TN", () => {
  const knn = new KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
  // Nearest training rows: 0 → 0 (TN), 2 → 1 (FP), 3 → 1 (TP), 1 → 0 (FN).
  const e = evaluateClassifier(knn, [[0.2], [1.8], [2.9], [1.2]], [0, 0, 1, 1], { classNames: ["no", "yes"] });
  assert.deepStrictEqual(e.predicted, [0, 1, 1, 0]);
  assert.deepStrictEqual(e.confusionMatrix, [[1, 1], [1, 1]]);
  assert.deepStrictEqual([e.accuracy, e.precision, e.recall, e.f1], [0.5, 0.5, 0.5, 0.5]);
  assert.deepStrictEqual(e.labels, [0, 1]);
  assert.deepStrictEqual(e.classNames, ["no", "yes"]);
  assert.deepStrictEqual(e.report.map((r) => r.label), ["no", "yes", "accuracy", "macro avg", "weighted avg"]);
  assert.strictEqual(e.name, "KNeighborsClassifier");
  assert.strictEqual(e.nSamples, 4);
  // 1-NN probabilities are 0 or 1: the ROC comes from them.
  assert.strictEqual(e.response, "predictProba");
  assert.deepStrictEqual(e.scores, [0, 1, 1, 0]);
  assert.strictEqual(e.rocAuc, 0.5);
});

test("evaluateClassifier reports lib/metrics' numbers for the model's predictions and positive-class probabilities", () => {
  for (const model of [new RandomForestClassifier({ nEstimators: 20, seed: 3 }), new LogisticRegression({ C: 1 }), new GaussianNB(), new ScaledClassifier({ model: new KNeighborsClassifier() })]) {
    model.fit(Xtr, ytr);
    const e = evaluateClassifier(model, Xte, yte, { name: "m" });
    const predicted = model.predict(Xte);
    const p1 = model.predictProba(Xte).map((p) => p[1]);
    assert.deepStrictEqual(e.predicted, predicted);
    assert.strictEqual(e.accuracy, accuracyScore(yte, predicted));
    assert.strictEqual(e.precision, precisionScore(yte, predicted));
    assert.strictEqual(e.recall, recallScore(yte, predicted));
    assert.strictEqual(e.f1, f1Score(yte, predicted));
    assert.deepStrictEqual(e.confusionMatrix, confusionMatrix(yte, predicted, [0, 1]));
    assert.deepStrictEqual(e.report, classificationReport(yte, predicted, { 0: "0", 1: "1" }));
    assert.strictEqual(e.response, "predictProba");
    assert.deepStrictEqual(e.scores, p1);
    assert.strictEqual(e.rocAuc, rocAucScore(yte, p1));
    assert.deepStrictEqual(e.roc, rocCurve(yte, p1));
    assert.strictEqual(e.posLabel, 1);
  }
});

test("an SVC without probabilities is scored by its decision function, also inside a pipeline; posLabel 0 flips the scores", () => {
  const svc = new SVC({ C: 1 }).fit(Xtr, ytr);
  const decision = svc.decisionFunction(Xte);
  const e = evaluateClassifier(svc, Xte, yte);
  assert.strictEqual(e.response, "decisionFunction");
  assert.deepStrictEqual(e.scores, decision);
  assert.strictEqual(e.rocAuc, rocAucScore(yte, decision));
  const piped = evaluateClassifier(new ScaledClassifier({ model: new SVC({ C: 1 }) }).fit(Xtr, ytr), Xte, yte);
  assert.strictEqual(piped.response, "decisionFunction");
  // Stable class 0 as the positive one: precision/recall of class 0, scores pointing to class 0.
  const zero = evaluateClassifier(svc, Xte, yte, { posLabel: 0 });
  assert.deepStrictEqual(zero.scores, decision.map((v) => -v));
  assert.strictEqual(zero.precision, precisionScore(yte, svc.predict(Xte), { posLabel: 0 }));
  assert.strictEqual(zero.rocAuc, rocAucScore(yte, decision.map((v) => -v), { posLabel: 0 }));
  // Asked for explicitly: probabilities need probability: true; "none" skips the ROC.
  assert.throws(() => evaluateClassifier(svc, Xte, yte, { response: "predictProba" }), /evaluateClassifier: response "predictProba" but this SVC gives no probabilities \(it was built with probability: false\)/);
  const platt = new SVC({ C: 1, probability: true }).fit(Xtr, ytr);
  assert.strictEqual(evaluateClassifier(platt, Xte, yte).response, "predictProba");
  assert.strictEqual(evaluateClassifier(platt, Xte, yte, { response: "decisionFunction" }).response, "decisionFunction");
  const none = evaluateClassifier(svc, Xte, yte, { response: "none" });
  assert.deepStrictEqual([none.scores, none.rocAuc, none.roc, none.response], [null, null, null, null]);
  assert.throws(() => evaluateClassifier(new GaussianNB().fit(Xtr, ytr), Xte, yte, { response: "decisionFunction" }), /GaussianNB has no decisionFunction\(\)/);
});

test("DataFrame and Series in give the same evaluation as arrays; string labels need their posLabel; three classes are macro-averaged", () => {
  const columns = ["a", "b", "c"];
  const forest = new RandomForestClassifier({ nEstimators: 10, seed: 1 }).fit(new dfd.DataFrame(Xtr, { columns }), new dfd.Series(ytr));
  const fromFrame = evaluateClassifier(forest, new dfd.DataFrame(Xte, { columns }), new dfd.Series(yte));
  const fromArrays = evaluateClassifier(new RandomForestClassifier({ nEstimators: 10, seed: 1 }).fit(Xtr, ytr), Xte, yte);
  assert.deepStrictEqual(fromFrame, fromArrays);

  const words = (y: number[]) => y.map((v) => (v === 1 ? "stable" : "unstable"));
  const logistic = new LogisticRegression().fit(Xtr, words(ytr));
  assert.throws(() => evaluateClassifier(logistic, Xte, words(yte)), /posLabel 1 is not one of the classes "stable", "unstable"; pass \{ posLabel: ... \}/);
  const e = evaluateClassifier(logistic, Xte, words(yte), { posLabel: "stable" });
  assert.deepStrictEqual(e.labels, ["stable", "unstable"]);
  assert.deepStrictEqual(e.scores, logistic.predictProba(Xte).map((p) => p[0]));
  assert.strictEqual(e.f1, f1Score(words(yte), logistic.predict(Xte), { posLabel: "stable" }));

  const three = rows.map((r) => (r[0] > 0.8 ? 2 : r[0] > 0 ? 1 : 0));
  const nb = new GaussianNB().fit(Xtr, three.slice(0, 60));
  const m = evaluateClassifier(nb, Xte, three.slice(60));
  assert.strictEqual(m.f1, f1Score(three.slice(60), nb.predict(Xte), { average: "macro" }));
  assert.deepStrictEqual([m.rocAuc, m.roc, m.posLabel], [null, null, null]);
  assert.strictEqual(m.confusionMatrix.length, 3);
});

test("evaluateClassifier: bad calls are clear errors", () => {
  const knn = new KNeighborsClassifier().fit(Xtr, ytr);
  assert.throws(() => evaluateClassifier(new KNeighborsClassifier(), Xte, yte), (e: Error) => e instanceof NotFittedError && /KNeighborsClassifier.predict: .*not fitted/.test(e.message));
  assert.throws(() => evaluateClassifier(knn, Xte, yte.slice(1)), (e: Error) => e instanceof DataError && /evaluateClassifier: X has 40 rows but y has 39 labels/.test(e.message));
  assert.throws(() => evaluateClassifier(knn, Xte, yte, { classNames: ["only one"] }), /classNames has 1 names but there are 2 classes \(0, 1\)/);
  assert.throws(() => evaluateClassifier(knn, Xte, yte, { respons: "none" } as never), (e: Error) => e instanceof ParamError && /evaluateClassifier: unknown option "respons"; did you mean "response"\?/.test(e.message));
  assert.throws(() => evaluateClassifier(knn, Xte, yte, { response: "roc" as never }), /response must be one of "auto", "predictProba", "decisionFunction", "none"/);
  assert.throws(() => evaluateClassifier({} as never, Xte, yte), /model must be a classifier of the library/);
});
