// Scores for classifiers, computed the way scikit-learn's sklearn.metrics does, so that the
// numbers in our notebooks can be compared with a Python run one-to-one:
//   accuracy = correct / all,  precision = TP / (TP + FP),  recall = TP / (TP + FN),
//   F1 = 2 · precision · recall / (precision + recall).
// A ratio with a zero denominator counts as 0 (scikit-learn's zero_division default).
import type { Label } from "../core/labels";

/** How per-class precision, recall and F1 are combined into one number (scikit-learn's `average`). */
export type Average = "binary" | "macro" | "micro" | "weighted";

/** Options of precisionScore / recallScore / f1Score: which class is positive and how classes are averaged. */
export interface ScoreOptions {
  /** "binary" (default): score of the positive class only; "macro": unweighted mean over classes;
   *  "weighted": mean weighted by each class's support; "micro": from the pooled counts. */
  average?: Average;
  /** The positive class for average "binary" (default 1). */
  posLabel?: Label;
}

function checkPair(yTrue: readonly Label[], yPred: readonly Label[], who: string): void {
  if (!Array.isArray(yTrue) || !Array.isArray(yPred)) throw new Error(`${who}: yTrue and yPred must be arrays of labels`);
  if (yTrue.length === 0) throw new Error(`${who}: yTrue is empty`);
  if (yTrue.length !== yPred.length) throw new Error(`${who}: yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
}

function sortLabels(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/** Fraction of samples whose predicted label equals the true one. */
export function accuracyScore(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkPair(yTrue, yPred, "accuracyScore");
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/**
 * Confusion matrix C with C[i][j] = number of samples of true class labels[i] predicted as
 * labels[j]. `labels` defaults to the sorted union of both label lists (scikit-learn's order).
 */
export function confusionMatrix(yTrue: readonly Label[], yPred: readonly Label[], labels?: readonly Label[]): number[][] {
  checkPair(yTrue, yPred, "confusionMatrix");
  const order = labels ? [...labels] : sortLabels([...yTrue, ...yPred]);
  const position = new Map<Label, number>(order.map((c, k) => [c, k]));
  const C = order.map(() => new Array<number>(order.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const r = position.get(yTrue[i]);
    const c = position.get(yPred[i]);
    if (r !== undefined && c !== undefined) C[r][c]++;
  }
  return C;
}

interface ClassCounts {
  labels: Label[];
  tp: number[];
  fp: number[];
  fn: number[];
  support: number[];
}

function classCounts(yTrue: readonly Label[], yPred: readonly Label[]): ClassCounts {
  const labels = sortLabels([...yTrue, ...yPred]);
  const C = confusionMatrix(yTrue, yPred, labels);
  const K = labels.length;
  const tp = labels.map((_, k) => C[k][k]);
  const support = C.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = labels.map((_, k) => C.reduce((a, row) => a + row[k], 0));
  return { labels, tp, fp: predicted.map((p, k) => p - tp[k]), fn: support.map((s, k) => s - tp[k]), support: support.slice(0, K) };
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);
const fScore = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

type Which = "precision" | "recall" | "f1";

function score(which: Which, yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions, who: string): number {
  checkPair(yTrue, yPred, who);
  const { average = "binary", posLabel = 1 } = options;
  const { labels, tp, fp, fn, support } = classCounts(yTrue, yPred);
  const perClass = (t: number, f1: number, f2: number): number => {
    const p = ratio(t, t + f1);
    const r = ratio(t, t + f2);
    return which === "precision" ? p : which === "recall" ? r : fScore(p, r);
  };
  if (average === "binary") {
    if (labels.length > 2) throw new Error(`${who}: y has ${labels.length} classes; use average "macro", "weighted" or "micro"`);
    const k = labels.indexOf(posLabel);
    if (k < 0) throw new Error(`${who}: posLabel ${JSON.stringify(posLabel)} is not among the labels ${JSON.stringify(labels)}`);
    return perClass(tp[k], fp[k], fn[k]);
  }
  if (average === "micro") {
    const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);
    return perClass(sum(tp), sum(fp), sum(fn));
  }
  const values = labels.map((_, k) => perClass(tp[k], fp[k], fn[k]));
  if (average === "macro") return values.reduce((a, b) => a + b, 0) / values.length;
  if (average === "weighted") {
    const total = support.reduce((a, b) => a + b, 0);
    return values.reduce((a, v, k) => a + v * support[k], 0) / total;
  }
  throw new Error(`${who}: average must be "binary", "macro", "micro" or "weighted", got ${JSON.stringify(average)}`);
}

/** Precision TP / (TP + FP): of the samples predicted positive, the fraction that are. */
export function precisionScore(yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions = {}): number {
  return score("precision", yTrue, yPred, options, "precisionScore");
}

/** Recall TP / (TP + FN): of the positive samples, the fraction found. */
export function recallScore(yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions = {}): number {
  return score("recall", yTrue, yPred, options, "recallScore");
}

/** F1, the harmonic mean of precision and recall. */
export function f1Score(yTrue: readonly Label[], yPred: readonly Label[], options: ScoreOptions = {}): number {
  return score("f1", yTrue, yPred, options, "f1Score");
}

/** A ROC curve: false- and true-positive rates at each decision threshold. */
export interface RocCurve {
  /** False-positive rate at each threshold (starts at 0). */
  fpr: number[];
  /** True-positive rate at each threshold (starts at 0). */
  tpr: number[];
  /** Score thresholds, decreasing; the first is max score + 1 (scikit-learn 1.2's convention). */
  thresholds: number[];
}

/** Binary labels as 1 (positive) / 0, checking that both kinds are present. */
function positives(yTrue: readonly Label[], scores: readonly number[], posLabel: Label, who: string): Uint8Array {
  if (!Array.isArray(yTrue) || !Array.isArray(scores)) throw new Error(`${who}: yTrue and scores must be arrays`);
  if (yTrue.length !== scores.length) throw new Error(`${who}: yTrue has ${yTrue.length} labels but scores has ${scores.length}`);
  const labels = sortLabels(yTrue);
  if (labels.length !== 2) throw new Error(`${who}: needs exactly 2 classes in yTrue, found ${labels.length} (${JSON.stringify(labels)})`);
  if (!labels.includes(posLabel)) throw new Error(`${who}: posLabel ${JSON.stringify(posLabel)} is not among the labels ${JSON.stringify(labels)}`);
  scores.forEach((s, i) => {
    if (typeof s !== "number" || !Number.isFinite(s)) throw new Error(`${who}: scores[${i}] is ${String(s)}; scores must be finite numbers`);
  });
  return Uint8Array.from(yTrue, (v) => (v === posLabel ? 1 : 0));
}

/**
 * ROC curve of a binary classifier from its scores (probability of the positive class, or a
 * decision function). Sweeping the threshold from high to low, each distinct score adds a point
 * (FPR, TPR); like scikit-learn's drop_intermediate=true, points on a straight segment are dropped.
 */
export function rocCurve(yTrue: readonly Label[], scores: readonly number[], options: { posLabel?: Label; dropIntermediate?: boolean } = {}): RocCurve {
  const { posLabel = 1, dropIntermediate = true } = options;
  const isPos = positives(yTrue, scores, posLabel, "rocCurve");
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  // Cumulative true/false positives at the last sample of each run of equal scores.
  let tps: number[] = [];
  let fps: number[] = [];
  let thresholds: number[] = [];
  let tp = 0;
  for (let r = 0; r < order.length; r++) {
    tp += isPos[order[r]];
    const last = r === order.length - 1 || scores[order[r + 1]] !== scores[order[r]];
    if (last) {
      tps.push(tp);
      fps.push(r + 1 - tp);
      thresholds.push(scores[order[r]]);
    }
  }
  if (dropIntermediate && tps.length > 2) {
    // Keep the ends and every point where the curve bends (non-zero second difference).
    const keep = tps.map((_, i) => i === 0 || i === tps.length - 1 || fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0);
    tps = tps.filter((_, i) => keep[i]);
    fps = fps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  return {
    fpr: [0, ...fps.map((f) => f / N)],
    tpr: [0, ...tps.map((t) => t / P)],
    thresholds: [thresholds[0] + 1, ...thresholds],
  };
}

/** Area under a curve by the trapezoid rule (x must be monotonic). */
export function auc(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return Math.abs(area);
}

/** Area under the ROC curve: the chance that a random positive scores above a random negative. */
export function rocAucScore(yTrue: readonly Label[], scores: readonly number[], options: { posLabel?: Label } = {}): number {
  const { fpr, tpr } = rocCurve(yTrue, scores, { ...options, dropIntermediate: false });
  return auc(fpr, tpr);
}

/** One row of classificationReport: a class (or an average) with its precision, recall, F1 and support. */
export interface ReportRow {
  /** A class label, or "accuracy", "macro avg", "weighted avg". */
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Per-class precision, recall, F1 and support, then accuracy and the macro and weighted
 * averages: the rows of scikit-learn's classification_report, as records for a table.
 * `names` maps labels to display names (e.g. {0: "unstable", 1: "stable"}).
 */
export function classificationReport(yTrue: readonly Label[], yPred: readonly Label[], names: Record<string, string> = {}): ReportRow[] {
  checkPair(yTrue, yPred, "classificationReport");
  const { labels, tp, fp, fn, support } = classCounts(yTrue, yPred);
  const rows: ReportRow[] = labels.map((c, k) => {
    const precision = ratio(tp[k], tp[k] + fp[k]);
    const recall = ratio(tp[k], tp[k] + fn[k]);
    return { label: names[String(c)] ?? String(c), precision, recall, f1: fScore(precision, recall), support: support[k] };
  });
  const n = yTrue.length;
  const mean = (key: "precision" | "recall" | "f1", weighted: boolean): number =>
    rows.reduce((a, r) => a + r[key] * (weighted ? r.support / n : 1 / rows.length), 0);
  const accuracy = accuracyScore(yTrue, yPred);
  return [
    ...rows,
    { label: "accuracy", precision: accuracy, recall: accuracy, f1: accuracy, support: n },
    { label: "macro avg", precision: mean("precision", false), recall: mean("recall", false), f1: mean("f1", false), support: n },
    { label: "weighted avg", precision: mean("precision", true), recall: mean("recall", true), f1: mean("f1", true), support: n },
  ];
}
