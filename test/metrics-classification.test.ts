// Classification metrics against scikit-learn 1.2 (fixtures from scripts/fixtures/classification.py:
// a converged logistic regression's test predictions and probabilities for "stable", and a
// 3-class naive Bayes on band-gap classes). Counts and curves must agree exactly.
import { test } from "node:test";
import * as assert from "assert";
import {
  accuracyScore, auc, classificationReport, confusionMatrix, f1Score, precisionScore, recallScore, rocAucScore, rocCurve,
} from "../lib/metrics";
import { assertClose, fixture } from "./helpers";

const fx = fixture("classification/metrics.json");

test("binary accuracy, precision, recall, F1 and confusion matrix equal scikit-learn's", () => {
  const b = fx.binary;
  assert.strictEqual(accuracyScore(b.y_true, b.y_pred), b.accuracy);
  assertClose(precisionScore(b.y_true, b.y_pred), b.precision, 1e-15, 0, "precision");
  assertClose(recallScore(b.y_true, b.y_pred), b.recall, 1e-15, 0, "recall");
  assertClose(f1Score(b.y_true, b.y_pred), b.f1, 1e-15, 0, "f1");
  assertClose(f1Score(b.y_true, b.y_pred, { average: "macro" }), b.f1_macro, 1e-15, 0, "f1 macro");
  assertClose(precisionScore(b.y_true, b.y_pred, { posLabel: 0 }), b.precision_pos0, 1e-15, 0, "precision of class 0");
  assert.deepStrictEqual(confusionMatrix(b.y_true, b.y_pred), b.confusion);
});

test("ROC curve: same points and thresholds as roc_curve (drop_intermediate), same AUC, also with tied scores", () => {
  for (const [scores, ref] of [[fx.binary.score, fx.binary.roc], [fx.binary.coarse_score, fx.binary.roc_coarse]]) {
    const c = rocCurve(fx.binary.y_true, scores);
    assertClose(c.fpr, ref.fpr, 1e-11, 0, "fpr"); // fixture values carry 12 digits
    assertClose(c.tpr, ref.tpr, 1e-11, 0, "tpr");
    assertClose(c.thresholds, ref.thresholds, 1e-10, 0, "thresholds");
    assert.strictEqual(rocCurve(fx.binary.y_true, scores, { dropIntermediate: false }).fpr.length, ref.n_full, "points without dropping");
    assertClose(rocAucScore(fx.binary.y_true, scores), ref.auc, 1e-11, 0, "auc");
  }
  assert.strictEqual(auc([0, 0.5, 1], [0, 1, 1]), 0.75);
});

test("multiclass averages (macro, weighted, micro), confusion matrix and classification report", () => {
  const m = fx.multiclass;
  assert.strictEqual(accuracyScore(m.y_true, m.y_pred), m.accuracy);
  assertClose(f1Score(m.y_true, m.y_pred, { average: "macro" }), m.f1_macro, 1e-14, 0, "f1 macro");
  assertClose(f1Score(m.y_true, m.y_pred, { average: "weighted" }), m.f1_weighted, 1e-14, 0, "f1 weighted");
  assertClose(f1Score(m.y_true, m.y_pred, { average: "micro" }), m.f1_micro, 1e-14, 0, "f1 micro");
  assertClose(precisionScore(m.y_true, m.y_pred, { average: "macro" }), m.precision_macro, 1e-14, 0, "precision macro");
  assertClose(recallScore(m.y_true, m.y_pred, { average: "macro" }), m.recall_macro, 1e-14, 0, "recall macro");
  assert.deepStrictEqual(confusionMatrix(m.y_true, m.y_pred), m.confusion);
  for (const [data, ref] of [[fx.binary, fx.binary.report], [m, m.report]]) {
    const rows = classificationReport(data.y_true, data.y_pred);
    for (const row of rows) {
      const key = row.label;
      const r = ref[key];
      if (key === "accuracy") {
        assertClose(row.f1, r, 1e-14, 0, "report accuracy");
        continue;
      }
      assertClose([row.precision, row.recall, row.f1], [r.precision, r.recall, r["f1-score"]], 1e-14, 0, `report ${key}`);
      assert.strictEqual(row.support, r.support, `support ${key}`);
    }
  }
});

test("metrics reject mismatched or unusable input clearly", () => {
  assert.throws(() => accuracyScore([0, 1], [0]), /yTrue has 2 labels but yPred has 1/);
  assert.throws(() => accuracyScore([], []), /empty/);
  assert.throws(() => f1Score([0, 1, 2], [0, 1, 2]), /3 classes; use average/);
  assert.throws(() => precisionScore([0, 1], [0, 1], { posLabel: 5 }), /posLabel 5 is not among/);
  assert.throws(() => rocCurve([1, 1, 1], [0.1, 0.2, 0.3]), /exactly 2 classes/);
  assert.throws(() => rocCurve([0, 1], [0.1, NaN]), /finite/);
  assert.throws(() => rocCurve(["a", "b"], [0.1, 0.2]), /posLabel 1 is not among/);
  // Zero denominators count as 0, as scikit-learn's zero_division default does.
  assert.strictEqual(precisionScore([0, 1], [0, 0]), 0);
  assert.deepStrictEqual(confusionMatrix(["b", "a", "b"], ["b", "b", "b"]), [[0, 1], [0, 2]]);
});
