// Evaluating regressors the way the tutorial does after every model: fit on the training rows of
// a split, predict both parts, report RMSE, MAE and R² (fitOnSplit, fitTargets, splitReport);
// and comparing descriptor sets by cross-validation on the same folds (compareFeatureSets).
//
//   const { train, test } = ml.trainTestSplit(df, { testSize: 0.2, seed: 0 });
//   const fit = ml.fitOnSplit(new ml.Ridge(), df.loc({ columns }), df.column("Band Gap"), { train, test });
//   fit.test.report.rmse;  ml.parityPlot({ ...fit, title: "Ridge" });
import { DataFrame } from "danfojs-node";
import { BaseEstimator } from "../core/estimator";
import { DataError, ParamError } from "../core/errors";
import { LabelInput, SeriesLike, XInput, YInput, columnNames, isFrameLike, isSeriesLike, take, toLabels, toMatrix, toVector } from "../core/input";
import { RegressionReport, regressionReport } from "../metrics/regression";
import { Estimator, Fold, ScoreJob, Scoring, getScorer, meanStd, resolveFolds, scoreJobs } from "./selection";

/** A regressor of the library: fits on rows and targets, predicts one number per row. */
export type SplitRegressor = BaseEstimator<object> & { fit(X: XInput, y: YInput): unknown; predict(X: XInput): number[] };

/** Options of fitOnSplit and fitTargets. */
export interface FitOnSplitOptions {
  /** One label per row of X (e.g. the formulas, an array or a Series): kept with each part, shown on hover by parityPlot. */
  labels?: readonly (string | number)[] | SeriesLike;
}

/** The training or test rows of a split with the model's predictions for them. */
export interface SplitPart {
  /** Positions of the rows in X. */
  rows: number[];
  /** The target values of these rows. */
  actual: number[];
  /** The model's predictions for these rows. */
  predicted: number[];
  /** The rows' labels, when given. */
  labels?: string[];
  /** RMSE, MAE and R² of the predictions. */
  report: RegressionReport;
}

/** A model fitted on the training rows of a split, with both parts predicted. */
export interface SplitFit<M> {
  /** The fitted model (the one passed in). */
  model: M;
  train: SplitPart;
  test: SplitPart;
}

/** Rows of X at the given positions; a DataFrame stays a frame (same column names), so the model remembers them. */
function rowsOf(names: string[] | undefined, M: number[][], rows: readonly number[]): XInput {
  const values = take(M, rows);
  return names ? { columns: names, values } : values;
}

/** Checks a split's row positions against n rows. */
function checkSplit(split: Fold, n: number, who: string): void {
  if (!split || !Array.isArray(split.train) || !Array.isArray(split.test) || split.train.length === 0 || split.test.length === 0) {
    throw new DataError(`${who}: split must be { train, test } with non-empty arrays of row positions (from trainTestSplit)`);
  }
  for (const r of [...split.train, ...split.test]) {
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new DataError(`${who}: split has row ${r}, outside 0..${n - 1}`);
  }
}

/** The labels as strings, one per row. */
function labelsOf(labels: FitOnSplitOptions["labels"], n: number, who: string): string[] | undefined {
  if (labels === undefined) return undefined;
  const list = Array.isArray(labels) ? labels : isSeriesLike(labels) ? labels.values : undefined;
  if (!list) throw new DataError(`${who}: labels must be an array or a Series`);
  if (list.length !== n) throw new DataError(`${who}: ${list.length} labels for ${n} rows`);
  return list.map(String);
}

/**
 * Fits `model` on the training rows of `split` and predicts the training and the test rows: the
 * tutorial's fit → predict → RMSE, MAE, R² → parity plot, in one call. X may be rows or a
 * DataFrame (the model then remembers its columns), y an array or a Series; `split` holds row
 * positions ({ train, test } from trainTestSplit). The result spreads into parityPlot:
 * `ml.parityPlot({ ...fit, title })`.
 */
export function fitOnSplit<M extends SplitRegressor>(model: M, X: XInput, y: YInput, split: Fold, options: FitOnSplitOptions = {}): SplitFit<M> {
  const who = "fitOnSplit";
  const M = toMatrix(X, who);
  const yv = toVector(y, who, M.length);
  checkSplit(split, M.length, who);
  const labels = labelsOf(options.labels, M.length, who);
  const names = columnNames(X);
  const part = (rows: number[], predicted: number[]): SplitPart => {
    const actual = take(yv, rows);
    return { rows: [...rows], actual, predicted, labels: labels && take(labels, rows), report: regressionReport(actual, predicted) };
  };
  const Xtrain = rowsOf(names, M, split.train);
  model.fit(Xtrain, take(yv, split.train));
  const train = part(split.train, model.predict(Xtrain));
  const test = part(split.test, model.predict(rowsOf(names, M, split.test)));
  return { model, train, test };
}

/**
 * fitOnSplit for several targets of the same rows (e.g. { "band gap": …, "decomposition energy":
 * … }): a fresh clone of `model` per target, all on the same split. Returns the fits by target.
 */
export function fitTargets<M extends SplitRegressor, K extends string>(model: M, X: XInput, targets: Record<K, YInput>, split: Fold, options: FitOnSplitOptions = {}): Record<K, SplitFit<M>> {
  const keys = Object.keys(targets) as K[];
  if (keys.length === 0) throw new DataError("fitTargets: targets is empty; give { name: y, ... }");
  const out = {} as Record<K, SplitFit<M>>;
  // clone() returns the same class; TypeScript cannot see that through the generic.
  for (const key of keys) out[key] = fitOnSplit(model.clone() as unknown as M, X, targets[key], split, options);
  return out;
}

function isSplitFit(x: unknown): x is SplitFit<unknown> {
  const f = x as SplitFit<unknown>;
  return typeof f === "object" && f !== null && typeof f.train?.report === "object" && typeof f.test?.report === "object";
}

/** Options of splitReport. */
export interface SplitReportOptions {
  /** Names of the key columns: default ["target"] for { target: fit }, ["model", "target"] for { model: { target: fit } }. */
  names?: string[];
}

/**
 * The errors of fitted splits as a table: one row per fit with train and test RMSE, MAE and R².
 * Give `{ name: fit }` (e.g. fitTargets' result) or `{ model: { target: fit } }` to compare
 * several models in one table.
 */
export function splitReport(fits: Record<string, SplitFit<unknown> | Record<string, SplitFit<unknown>>>, options: SplitReportOptions = {}): DataFrame {
  const rows: unknown[][] = [];
  let depth = 0;
  const metrics = (f: SplitFit<unknown>) => [f.train.report.rmse, f.train.report.mae, f.train.report.r2, f.test.report.rmse, f.test.report.mae, f.test.report.r2];
  for (const [key, value] of Object.entries(fits)) {
    const level = isSplitFit(value) ? 1 : 2;
    if (depth && depth !== level) throw new DataError("splitReport: mix of { name: fit } and { model: { target: fit } } entries; use one form");
    depth = level;
    if (isSplitFit(value)) rows.push([key, ...metrics(value)]);
    else {
      for (const [inner, fit] of Object.entries(value)) {
        if (!isSplitFit(fit)) throw new DataError(`splitReport: "${key}" → "${inner}" is not a result of fitOnSplit`);
        rows.push([key, inner, ...metrics(fit)]);
      }
    }
  }
  if (rows.length === 0) throw new DataError("splitReport: no fits given");
  const names = options.names ?? (depth === 1 ? ["target"] : ["model", "target"]);
  if (names.length !== depth) throw new DataError(`splitReport: names has ${names.length} entries but the fits are nested ${depth} deep`);
  return new DataFrame(rows, { columns: [...names, "train_rmse", "train_mae", "train_r2", "test_rmse", "test_mae", "test_r2"] });
}

/** Options of compareFeatureSets. */
export interface CompareFeatureSetsOptions {
  /** Number of folds (default 5) or explicit folds, the same for every set and target. */
  cv?: number | Fold[];
  /** Metric (default R² for regressors, accuracy for classifiers), as in crossValidate. */
  scoring?: Scoring;
  /** Worker threads: -1 = all cores (default), 1 = run in this thread. Same numbers either way. */
  nJobs?: number;
}

/**
 * Cross-validates one model on several descriptor sets (lists of column names of the DataFrame
 * X) for one or more targets, all on the same folds: one row per target and set with the number
 * of descriptors and the mean and standard deviation of the fold scores (columns
 * `cv_<scoring>_mean`, `cv_<scoring>_std`), the numbers crossValidate gives for each. The
 * (target, set) pairs run on all cores, like gridSearchCV's combinations.
 */
export async function compareFeatureSets(model: Estimator, X: XInput, sets: Record<string, readonly string[]>, targets: Record<string, LabelInput>, options: CompareFeatureSetsOptions = {}): Promise<DataFrame> {
  const who = "compareFeatureSets";
  if (!isFrameLike(X)) throw new DataError(`${who}: X must be a DataFrame whose columns the sets name`);
  const { nJobs = -1 } = options;
  if (!(Number.isInteger(nJobs) && (nJobs >= 1 || nJobs === -1))) throw new ParamError(`${who}: nJobs must be -1 (all cores) or an integer >= 1, got ${JSON.stringify(nJobs)}`);
  const raw = X.values as unknown[][];
  const columns = X.columns.map(String);
  const setNames = Object.keys(sets);
  if (setNames.length === 0) throw new DataError(`${who}: sets is empty; give { name: [column, ...], ... }`);
  const targetNames = Object.keys(targets);
  if (targetNames.length === 0) throw new DataError(`${who}: targets is empty; give { name: y, ... }`);
  const matrices = setNames.map((name) => {
    const set = sets[name];
    if (!Array.isArray(set) || set.length === 0) throw new DataError(`${who}: set "${name}" must be a non-empty list of column names`);
    const idx = set.map((c) => {
      const j = columns.indexOf(c);
      if (j < 0) throw new DataError(`${who}: set "${name}" names column "${c}", which X does not have`);
      return j;
    });
    // Only the set's columns are read (X may hold text columns such as the formulas).
    return toMatrix({ columns: [...set], values: raw.map((row) => idx.map((j) => row[j])) }, who);
  });
  const scorer = getScorer(options.scoring, model);
  const jobs: ScoreJob[] = [];
  for (const target of targetNames) {
    const y = toLabels(targets[target], who);
    if (y.length !== raw.length) throw new DataError(`${who}: X has ${raw.length} rows but target "${target}" has ${y.length}`);
    const folds = resolveFolds(options.cv, raw.length, y, model);
    for (const X of matrices) jobs.push({ X, y, folds });
  }
  const { scores } = await scoreJobs(model, jobs, scorer, nJobs);
  const rows = jobs.map((job, k) => {
    const { mean, std } = meanStd(scores[k]);
    return [targetNames[Math.floor(k / setNames.length)], setNames[k % setNames.length], job.X[0].length, mean, std];
  });
  return new DataFrame(rows, { columns: ["target", "set", "descriptors", `cv_${scorer.name}_mean`, `cv_${scorer.name}_std`] });
}
