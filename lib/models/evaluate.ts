// Scoring a fitted classifier on held-out rows in one call: the numbers a classification report
// needs (accuracy, precision, recall, F1, ROC AUC), the confusion matrix and the ROC curve, all
// from the same predictions, as scikit-learn's metrics compute them.
//
//   const forest = new RandomForestClassifier({ seed: 42 }).fit(XTrain, yTrain);
//   const scores = evaluateClassifier(forest, XTest, yTest, { classNames: ["unstable", "stable"] });
//   scores.f1; scores.confusionMatrix; show(confusionMatrixPlot(scores));
import { BaseClassifier, BaseEstimator } from "../core/estimator";
import { DataError, ParamError } from "../core/errors";
import { LabelInput, XInput, toLabels } from "../core/input";
import { Label } from "../core/labels";
import { declareParams, resolveParams } from "../core/params";
import { arrayOf, custom, nullable, oneOf, string } from "../core/rules";
import { ReportRow, RocCurve, accuracyScore, classificationReport, confusionMatrix, f1Score, precisionScore, recallScore, rocAucScore, rocCurve } from "../metrics/classification";

/** A fitted classifier of the library, with the scoring methods it may have. */
export type FittedClassifier = BaseClassifier<object> & {
  predictProba?(X: XInput): number[][];
  decisionFunction?(X: XInput): number[] | number[][];
};

/** Where the scores behind the ROC curve come from. */
export type ResponseMethod = "predictProba" | "decisionFunction";

/** Options of evaluateClassifier. */
export interface EvaluateOptions {
  /** Display name (default null: the model's class name). */
  name?: string | null;
  /** The positive class for precision, recall, F1 and ROC (two classes only; default 1). */
  posLabel?: Label;
  /** Display names of the classes, in sorted label order (e.g. ["unstable", "stable"] for 0/1). */
  classNames?: string[] | null;
  /**
   * Scores for the ROC curve: "auto" (default) takes the positive class's probability when the
   * model gives probabilities, else its decision function; "none" skips the ROC curve.
   */
  response?: "auto" | ResponseMethod | "none";
}

const evaluateSpec = declareParams<EvaluateOptions>({
  name: { default: null, rule: nullable(string()), doc: "Display name (null: the model's class name)." },
  posLabel: { default: 1, rule: custom((v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)), "a class label (number or string)"), doc: "The positive class." },
  classNames: { default: null, rule: nullable(arrayOf(string())), doc: "Display names of the classes in sorted label order." },
  response: { default: "auto", rule: oneOf("auto", "predictProba", "decisionFunction", "none"), doc: "Scores for the ROC curve." },
});

/** What evaluateClassifier reports for one fitted classifier on one set of rows. */
export interface ClassifierEvaluation {
  /** The name option, or the model's class name. */
  name: string;
  /** Number of rows scored. */
  nSamples: number;
  /** Share of rows labelled correctly. */
  accuracy: number;
  /** TP / (TP + FP) of the positive class (two classes), or the macro average over classes. */
  precision: number;
  /** TP / (TP + FN) of the positive class (two classes), or the macro average over classes. */
  recall: number;
  /** Harmonic mean of precision and recall, like them for the positive class or macro-averaged. */
  f1: number;
  /** Area under the ROC curve (two classes with scores), else null. */
  rocAuc: number | null;
  /** The class labels, sorted: the order of the confusion matrix's rows and columns. */
  labels: Label[];
  /** Display names of `labels` (the classNames option, else the labels as text). */
  classNames: string[];
  /** The positive class (two classes), else null. */
  posLabel: Label | null;
  /** confusionMatrix[i][j] = rows of true class labels[i] predicted as labels[j]. */
  confusionMatrix: number[][];
  /** Per-class precision, recall, F1 and support, then accuracy and the averages (classificationReport). */
  report: ReportRow[];
  /** The true labels, in row order. */
  yTrue: Label[];
  /** The predicted labels, in row order. */
  predicted: Label[];
  /** The positive class's score per row (probability or decision value), or null. */
  scores: number[] | null;
  /** The method that gave `scores`, or null. */
  response: ResponseMethod | null;
  /** The ROC curve of `scores`, or null. */
  roc: RocCurve | null;
}

function sortedLabels(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/** True when the model, or the classifier inside a pipeline, was built with probability: false (an SVC without Platt scaling). */
function probabilityOff(model: BaseEstimator<object>): boolean {
  let m = model;
  for (let inner = (m.params as { model?: unknown }).model; inner instanceof BaseEstimator; inner = (m.params as { model?: unknown }).model) m = inner;
  return (m.params as { probability?: unknown }).probability === false;
}

/** Which method gives the ROC scores under the response option, or null for none. */
function responseOf(model: FittedClassifier, response: EvaluateOptions["response"], who: string): ResponseMethod | null {
  const hasProba = typeof model.predictProba === "function" && !probabilityOff(model);
  const hasDecision = typeof model.decisionFunction === "function";
  if (response === "none") return null;
  if (response === "auto") return hasProba ? "predictProba" : hasDecision ? "decisionFunction" : null;
  if (response === "predictProba" && !hasProba) throw new ParamError(`${who}: response "predictProba" but this ${model.estimatorName} gives no probabilities${typeof model.predictProba === "function" ? " (it was built with probability: false)" : ""}`);
  if (response === "decisionFunction" && !hasDecision) throw new ParamError(`${who}: response "decisionFunction" but ${model.estimatorName} has no decisionFunction()`);
  return response ?? null;
}

/** The positive class's score per row from predictProba or decisionFunction. */
function positiveScores(model: FittedClassifier, X: XInput, method: ResponseMethod, classes: Label[], posLabel: Label, who: string): number[] {
  const k = classes.indexOf(posLabel);
  if (method === "predictProba") return (model.predictProba as (X: XInput) => number[][])(X).map((p) => p[k]);
  const values = (model.decisionFunction as (X: XInput) => number[] | number[][])(X);
  // Two classes: one value per row (or rows of one value), positive on the side of classes[1].
  const flat = values.map((v) => {
    if (typeof v === "number") return v;
    if (v.length === 1) return v[0];
    throw new DataError(`${who}: ${model.estimatorName}.decisionFunction gives ${v.length} values per row; for two classes it should give one`);
  });
  return k === 1 ? flat : flat.map((v) => -v);
}

/**
 * Scores a fitted classifier on the rows X with true labels y (typically the test set): accuracy,
 * precision, recall, F1, the confusion matrix and the per-class report, and for two classes the
 * ROC curve and its area from the positive class's probability (or decision function). X may be
 * a DataFrame and y a Series. With more than two classes, precision, recall and F1 are
 * macro-averaged and there is no ROC curve.
 */
export function evaluateClassifier(model: FittedClassifier, X: XInput, y: LabelInput, options: EvaluateOptions = {}): ClassifierEvaluation {
  const who = "evaluateClassifier";
  const opts = resolveParams(who, evaluateSpec, options);
  if (!(model instanceof BaseClassifier)) throw new ParamError(`${who}: model must be a classifier of the library (e.g. a fitted RandomForestClassifier), got ${model === null ? "null" : typeof model}`);
  const predicted = model.predict(X); // throws NotFittedError before fit and checks X
  const yTrue = toLabels(y, who);
  if (yTrue.length !== predicted.length) throw new DataError(`${who}: X has ${predicted.length} rows but y has ${yTrue.length} labels`);
  const labels = sortedLabels([...(model.classes_ ?? []), ...yTrue, ...predicted]);
  const classNames = opts.classNames ?? labels.map(String);
  if (classNames.length !== labels.length) {
    throw new ParamError(`${who}: classNames has ${classNames.length} names but there are ${labels.length} classes (${labels.map((l) => JSON.stringify(l)).join(", ")})`);
  }
  const binary = labels.length === 2;
  if (binary && !labels.includes(opts.posLabel)) {
    throw new ParamError(`${who}: posLabel ${JSON.stringify(opts.posLabel)} is not one of the classes ${labels.map((l) => JSON.stringify(l)).join(", ")}; pass { posLabel: ... }`);
  }
  const average = binary ? { posLabel: opts.posLabel } : { average: "macro" as const };
  const method = binary && new Set(yTrue).size === 2 ? responseOf(model, opts.response, who) : null;
  const scores = method ? positiveScores(model, X, method, (model.classes_ ?? labels) as Label[], opts.posLabel, who) : null;
  const names: Record<string, string> = Object.fromEntries(labels.map((l, k) => [String(l), classNames[k]]));
  return {
    name: opts.name ?? model.estimatorName,
    nSamples: yTrue.length,
    accuracy: accuracyScore(yTrue, predicted),
    precision: precisionScore(yTrue, predicted, average),
    recall: recallScore(yTrue, predicted, average),
    f1: f1Score(yTrue, predicted, average),
    rocAuc: scores ? rocAucScore(yTrue, scores, { posLabel: opts.posLabel }) : null,
    labels,
    classNames,
    posLabel: binary ? opts.posLabel : null,
    confusionMatrix: confusionMatrix(yTrue, predicted, labels),
    report: classificationReport(yTrue, predicted, names),
    yTrue,
    predicted,
    scores,
    response: method,
    roc: scores ? rocCurve(yTrue, scores, { posLabel: opts.posLabel }) : null,
  };
}
