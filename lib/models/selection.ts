// Model selection: how well does a model generalize, and which hyperparameters are best?
// - kFold / stratifiedKFold / leaveOneOut split row indices into train/test folds (scikit-learn's
//   fold sizes and order, so the folds can be compared with scikit-learn's exactly);
// - crossValScore / crossValidate fit a fresh copy of the model on every fold and score it;
// - gridSearchCV tries every combination of a parameter grid with cross-validation, on all
//   cores (worker threads), then refits the best combination on all the data;
// - learningCurve shows train and validation error as the training set grows;
// - rfe (recursive feature elimination) drops the least important features one step at a time.
import * as fs from "fs";
import { Random } from "../core/random";
import { mae, r2Score, rmse } from "../metrics/regression";
import { accuracyScore } from "../metrics/classification";
import { LabelInput, XInput, isFrameLike, take, toLabels, toMatrix } from "../core/input";
import { BaseEstimator, isClassifier } from "../core/estimator";
import { DataError, ParamError } from "../core/errors";
import { checkOptionNames, optionNames } from "../core/params";
import { estimatorClass } from "../core/registry";
import { availableCores, moduleFileOf, pool } from "../core/pool";

/** Throws a ParamError unless `ok` (for the options of the functions below). */
function need(ok: boolean, who: string, name: string, value: unknown, rule: string): void {
  if (!ok) throw new ParamError(`${who}: ${name} must be ${rule}, got ${JSON.stringify(value)}`);
}

/** One cross-validation split: row indices to fit on and to score on. */
export interface Fold {
  train: number[];
  test: number[];
}

/** Target values: numbers for regression, labels for classification. */
export type Targets = number[] | string[] | (number | string)[];

/** Anything model selection can work with: an estimator of the library that fits and predicts. */
export type Estimator = BaseEstimator<object> & {
  fit(X: XInput, y: unknown): unknown;
  predict(X: XInput): (number | string)[];
};

/** A named metric, or your own function score(yTrue, yPred) (higher = better unless told otherwise). */
export type Scoring = "rmse" | "mae" | "r2" | "accuracy" | ((yTrue: any[], yPred: any[]) => number);

/** A metric as model selection uses it: its name, the function, and which way is better. */
export interface Scorer {
  name: string;
  score: (yTrue: any[], yPred: any[]) => number;
  greaterIsBetter: boolean;
}

const NAMED_SCORERS: Record<string, Scorer> = {
  rmse: { name: "rmse", score: rmse, greaterIsBetter: false },
  mae: { name: "mae", score: mae, greaterIsBetter: false },
  r2: { name: "r2", score: r2Score, greaterIsBetter: true },
  accuracy: { name: "accuracy", score: accuracyScore, greaterIsBetter: true },
};

/** Resolves the scoring option. The default is R² for regressors and accuracy for classifiers. */
export function getScorer(scoring: Scoring | undefined, estimator: object, greaterIsBetter = true): Scorer {
  if (scoring === undefined) return NAMED_SCORERS[isClassifier(estimator) ? "accuracy" : "r2"];
  if (typeof scoring === "function") return { name: scoring.name || "custom", score: scoring, greaterIsBetter };
  const scorer = NAMED_SCORERS[scoring];
  if (!scorer) throw new Error(`scoring must be one of ${Object.keys(NAMED_SCORERS).join(", ")} or a function, got ${JSON.stringify(scoring)}`);
  return scorer;
}

// ---------------------------------------------------------------------------------------------
// Splitters

/** Options of kFold / stratifiedKFold: number of folds, shuffling and its seed. */
export interface KFoldOptions {
  /** Number of folds (default 5). */
  k?: number;
  /** Shuffle the rows before cutting them into folds (default false, like scikit-learn). */
  shuffle?: boolean;
  /** Seed for the shuffle. */
  seed?: number;
}

const KFOLD_OPTIONS = optionNames<KFoldOptions>({ k: true, shuffle: true, seed: true });

/** Train/test folds from a fold number per row (rows in increasing order, as scikit-learn gives them). */
function foldsFromAssignment(testFold: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < testFold.length; i++) (testFold[i] === f ? test : train).push(i);
    folds.push({ train, test });
  }
  return folds;
}

/**
 * K-fold cross-validation splits of n rows. Like scikit-learn's KFold: consecutive blocks, the
 * first n % k folds one row larger; each row is in exactly one test fold.
 */
export function kFold(n: number, options: KFoldOptions = {}): Fold[] {
  checkOptionNames("kFold", options, KFOLD_OPTIONS);
  const { k = 5, shuffle = false, seed = 0 } = options;
  need(Number.isInteger(k) && k >= 2, "kFold", "k", k, "an integer >= 2");
  need(Number.isInteger(n) && n >= k, "kFold", "n", n, `an integer >= k (${k})`);
  const order = shuffle ? new Random(seed).permutation(n) : Array.from({ length: n }, (_, i) => i);
  const testFold = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = start; j < start + size; j++) testFold[order[j]] = f;
    start += size;
  }
  return foldsFromAssignment(testFold, k);
}

/**
 * K folds that keep each class's share about equal in every fold (scikit-learn's
 * StratifiedKFold, same assignment when shuffle is false). The usual choice for classifiers.
 */
export function stratifiedKFold(y: readonly (number | string)[], options: KFoldOptions = {}): Fold[] {
  checkOptionNames("stratifiedKFold", options, KFOLD_OPTIONS);
  const { k = 5, shuffle = false, seed = 0 } = options;
  need(Number.isInteger(k) && k >= 2, "stratifiedKFold", "k", k, "an integer >= 2");
  const n = y.length;
  // Classes numbered in order of first appearance (as scikit-learn does).
  const codeOf = new Map<number | string, number>();
  const codes = y.map((v) => {
    if (!codeOf.has(v)) codeOf.set(v, codeOf.size);
    return codeOf.get(v) as number;
  });
  const nClasses = codeOf.size;
  const counts = new Array<number>(nClasses).fill(0);
  codes.forEach((c) => counts[c]++);
  if (Math.max(...counts) < k) throw new Error(`stratifiedKFold: k=${k} is larger than every class's count (${counts.join(", ")})`);
  // Deal the class-sorted labels round-robin over the folds to decide how many of each class go where.
  const sortedCodes = codes.slice().sort((a, b) => a - b);
  const allocation = Array.from({ length: k }, () => new Array<number>(nClasses).fill(0));
  sortedCodes.forEach((c, i) => allocation[i % k][c]++);
  const rng = new Random(seed);
  const testFold = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const foldsForClass: number[] = [];
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) foldsForClass.push(f);
    const order = shuffle ? rng.permutation(foldsForClass.length).map((i) => foldsForClass[i]) : foldsForClass;
    let j = 0;
    for (let i = 0; i < n; i++) if (codes[i] === c) testFold[i] = order[j++];
  }
  return foldsFromAssignment(testFold, k);
}

/** Leave-one-out: n folds, each testing on a single row. */
export function leaveOneOut(n: number): Fold[] {
  need(Number.isInteger(n) && n >= 2, "leaveOneOut", "n", n, "an integer >= 2");
  return Array.from({ length: n }, (_, i) => ({
    train: Array.from({ length: n - 1 }, (_, j) => (j < i ? j : j + 1)),
    test: [i],
  }));
}

/** Folds from a `cv` option: a number of folds (stratified for classifiers) or explicit folds. */
export function resolveFolds(cv: number | Fold[] | undefined, n: number, y: Targets, estimator: object): Fold[] {
  if (Array.isArray(cv)) {
    cv.forEach((f, i) => {
      if (!f || !Array.isArray(f.train) || !Array.isArray(f.test) || f.train.length === 0 || f.test.length === 0) {
        throw new Error(`cv: fold ${i} must have non-empty train and test index arrays`);
      }
      for (const r of [...f.train, ...f.test]) if (!Number.isInteger(r) || r < 0 || r >= n) throw new Error(`cv: fold ${i} has row ${r}, outside 0..${n - 1}`);
    });
    return cv;
  }
  const k = cv ?? 5;
  if (!(Number.isInteger(k) && k >= 2 && k <= n)) throw new ParamError(`cv must be a number of folds from 2 to the ${n} rows of X, or a list of folds; got ${JSON.stringify(cv)}`);
  if (isClassifier(estimator) && y.every((v) => typeof v === "string" || Number.isInteger(v))) return stratifiedKFold(y, { k });
  return kFold(n, { k });
}

// ---------------------------------------------------------------------------------------------
// Cross-validation

/** X as rows and y as an array, checked to match. */
function prepare(X: XInput, y: LabelInput, who: string): { M: number[][]; yv: Targets } {
  const M = toMatrix(X, who);
  const yv = toLabels(y, who);
  if (yv.length !== M.length) throw new DataError(`${who}: X has ${M.length} rows but y has ${yv.length}`);
  return { M, yv };
}

/** Fits a fresh clone on each fold's train rows; returns the test (and optionally train) scores. */
export function scoreFolds(estimator: Estimator, M: number[][], y: Targets, folds: Fold[], scorer: Scorer, withTrain = false): { test: number[]; train: number[] } {
  const test: number[] = [];
  const train: number[] = [];
  for (const fold of folds) {
    const model = estimator.clone();
    const Xtr = take(M, fold.train);
    const ytr = take(y as unknown[], fold.train);
    model.fit(Xtr, ytr);
    test.push(scorer.score(take(y as unknown[], fold.test), model.predict(take(M, fold.test))));
    if (withTrain) train.push(scorer.score(ytr, model.predict(Xtr)));
  }
  return { test, train };
}

/** Options of crossValidate / crossValScore: folds (a count or explicit folds) and the scoring. */
export interface CrossValidateOptions {
  /** Number of folds (default 5) or explicit folds from kFold / leaveOneOut. */
  cv?: number | Fold[];
  /** Metric (default R² for regressors, accuracy for classifiers). */
  scoring?: Scoring;
  /** For a scoring function: whether higher is better (default true). */
  greaterIsBetter?: boolean;
}

const CROSS_VALIDATE_OPTIONS = optionNames<CrossValidateOptions>({ cv: true, scoring: true, greaterIsBetter: true });

/** Mean and (population) standard deviation, as cross-validation reports fold scores. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, std };
}

/** The test score of each fold (scikit-learn's cross_val_score). */
export function crossValScore(estimator: Estimator, X: XInput, y: LabelInput, cv: number | Fold[] = 5, scoring?: Scoring): number[] {
  return crossValidate(estimator, X, y, { cv, scoring }).testScores;
}

/** Scores of every fold on the test and training rows, with their means and standard deviations. */
export interface CrossValidateResult {
  scoring: string;
  testScores: number[];
  trainScores: number[];
  meanTestScore: number;
  stdTestScore: number;
  meanTrainScore: number;
  stdTrainScore: number;
}

/** Test and train scores on every fold, with their means and standard deviations. */
export function crossValidate(estimator: Estimator, X: XInput, y: LabelInput, options: CrossValidateOptions = {}): CrossValidateResult {
  checkOptionNames("crossValidate", options, CROSS_VALIDATE_OPTIONS);
  const { M, yv } = prepare(X, y, "crossValidate");
  const scorer = getScorer(options.scoring, estimator, options.greaterIsBetter);
  const folds = resolveFolds(options.cv, M.length, yv, estimator);
  const { test, train } = scoreFolds(estimator, M, yv, folds, scorer, true);
  const t = meanStd(test);
  const tr = meanStd(train);
  return { scoring: scorer.name, testScores: test, trainScores: train, meanTestScore: t.mean, stdTestScore: t.std, meanTrainScore: tr.mean, stdTrainScore: tr.std };
}

/**
 * Out-of-fold predictions (scikit-learn's cross_val_predict): every row is predicted by a clone
 * fitted on the folds that do not hold it. The folds must cover each row exactly once as a test
 * row (kFold, leaveOneOut). With leave-one-out, rmse(y, crossValPredict(...)) is the slides'
 * LOO error over all N left-out points.
 */
export function crossValPredict<E extends Estimator>(estimator: E, X: XInput, y: LabelInput, options: { cv?: number | Fold[] } = {}): ReturnType<E["predict"]> {
  checkOptionNames("crossValPredict", options, ["cv"]);
  const { M, yv } = prepare(X, y, "crossValPredict");
  const folds = resolveFolds(options.cv, M.length, yv, estimator);
  const out: (number | string)[] = new Array(M.length);
  const seen = new Uint8Array(M.length);
  for (const fold of folds) {
    for (const r of fold.test) {
      if (seen[r]) throw new DataError(`crossValPredict: row ${r} is a test row of more than one fold; the folds must be a partition (kFold, leaveOneOut)`);
      seen[r] = 1;
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new DataError(`crossValPredict: row ${missing} is in no fold's test rows; the folds must cover every row once (kFold, leaveOneOut)`);
  for (const fold of folds) {
    const model = estimator.clone();
    model.fit(take(M, fold.train), take(yv as unknown[], fold.train));
    const predicted = model.predict(take(M, fold.test));
    fold.test.forEach((r, k) => (out[r] = predicted[k]));
  }
  return out as ReturnType<E["predict"]>;
}

// ---------------------------------------------------------------------------------------------
// Grid search

/** Values to try for each hyperparameter, e.g. { nEstimators: [50, 100], maxDepth: [5, 10] }. */
export type ParamGrid = Record<string, readonly unknown[]>;

/** Every combination of a grid (or a list of grids), keys sorted, the last key varying fastest (scikit-learn's order). */
export function parameterGrid(grid: ParamGrid | ParamGrid[]): Record<string, unknown>[] {
  const grids = Array.isArray(grid) ? grid : [grid];
  const out: Record<string, unknown>[] = [];
  for (const g of grids) {
    const keys = Object.keys(g).sort();
    keys.forEach((k) => {
      if (!Array.isArray(g[k]) || g[k].length === 0) throw new Error(`parameterGrid: "${k}" must be a non-empty array of values`);
    });
    let combos: Record<string, unknown>[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => g[k].map((v) => ({ ...c, [k]: v })));
    out.push(...combos);
  }
  return out;
}

/** Options of gridSearchCV: folds, scoring, threads and whether to refit the best combination. */
export interface GridSearchOptions extends CrossValidateOptions {
  /** Worker threads to use: -1 = all cores (default), 1 = run in this thread. */
  nJobs?: number;
  /** Refit the best combination on all the data (default true). */
  refit?: boolean;
}

/** One combination of a grid: a value for each of its hyperparameters, typed as the grid's lists. */
export type GridPoint<G extends ParamGrid = ParamGrid> = { [K in keyof G]: G[K][number] };

/** One row of the results table: the combination's hyperparameters and its scores. */
export type GridSearchRow<G extends ParamGrid = ParamGrid> = GridPoint<G> & { rankTestScore: number; meanTestScore: number; stdTestScore: number };

/** The outcome of gridSearchCV: the best combination and score, the refitted estimator, and one result row per combination. */
export interface GridSearchResult<E extends Estimator, G extends ParamGrid = ParamGrid> {
  /** The best combination (e.g. { maxDepth: 10, nEstimators: 50 }): pass it to setParams or clone. */
  bestParams: GridPoint<G>;
  bestScore: number;
  bestIndex: number;
  /** The best combination refitted on all of X (when refit is true). */
  bestEstimator?: E;
  /** One row per combination, in grid order. */
  results: GridSearchRow<G>[];
  /** Test score of every fold for every combination: splitTestScores[combination][fold]. */
  splitTestScores: number[][];
  scoring: string;
  greaterIsBetter: boolean;
  /** Threads actually used (1 when it ran in this thread). */
  nJobs: number;
}

/** Ranks (1 = best) with ties sharing the smaller rank, like scikit-learn's rank_test_score. */
function rankScores(means: number[], greaterIsBetter: boolean): number[] {
  const sign = greaterIsBetter ? -1 : 1;
  return means.map((m) => 1 + means.filter((o) => sign * o < sign * m).length);
}

/** A grid search whose best combination was refitted on all the data (refit true, the default). */
export type RefittedGridSearchResult<E extends Estimator, G extends ParamGrid = ParamGrid> = GridSearchResult<E, G> & { bestEstimator: E };

/**
 * Exhaustive grid search with cross-validation (scikit-learn's GridSearchCV). Every combination
 * is scored on the same folds; the best mean score wins (lowest for rmse/mae, highest for
 * r2/accuracy). Runs on all cores by default: each worker thread loads the compiled library,
 * gets the estimator's class name and hyperparameters, and scores whole combinations.
 * Unless `refit` is false, `bestEstimator` is the best combination fitted on all of X.
 */
export async function gridSearchCV<E extends Estimator, G extends ParamGrid>(estimator: E, paramGrid: G | G[], X: XInput, y: LabelInput, options?: GridSearchOptions & { refit?: true }): Promise<RefittedGridSearchResult<E, G>>;
/** Grid search with `refit` possibly false: `bestEstimator` is then undefined. */
export async function gridSearchCV<E extends Estimator, G extends ParamGrid>(estimator: E, paramGrid: G | G[], X: XInput, y: LabelInput, options: GridSearchOptions): Promise<GridSearchResult<E, G>>;
export async function gridSearchCV<E extends Estimator, G extends ParamGrid>(estimator: E, paramGrid: G | G[], X: XInput, y: LabelInput, options: GridSearchOptions = {}): Promise<GridSearchResult<E, G>> {
  checkOptionNames("gridSearchCV", options, optionNames<GridSearchOptions>({ cv: true, scoring: true, greaterIsBetter: true, nJobs: true, refit: true }));
  const { M, yv } = prepare(X, y, "gridSearchCV");
  const { nJobs = -1, refit = true } = options;
  need(Number.isInteger(nJobs) && (nJobs >= 1 || nJobs === -1), "gridSearchCV", "nJobs", nJobs, "-1 (all cores) or an integer >= 1");
  const scorer = getScorer(options.scoring, estimator, options.greaterIsBetter);
  const folds = resolveFolds(options.cv, M.length, yv, estimator);
  const candidates = parameterGrid(paramGrid) as GridPoint<G>[];
  candidates.forEach((c) => estimator.clone(c)); // invalid values fail here, before any work

  const jobs = candidates.map((overrides) => ({ overrides, X: M, y: yv, folds }));
  const { scores, threads: used } = await scoreJobs(estimator, jobs, scorer, nJobs);

  const stats = scores.map(meanStd);
  const means = stats.map((s) => s.mean);
  const ranks = rankScores(means, scorer.greaterIsBetter);
  const bestIndex = ranks.indexOf(1);
  const results: GridSearchRow<G>[] = candidates.map((c, i) => ({ ...c, rankTestScore: ranks[i], meanTestScore: stats[i].mean, stdTestScore: stats[i].std }));
  const bestParams = candidates[bestIndex];
  let bestEstimator: E | undefined;
  if (refit) {
    bestEstimator = estimator.clone(bestParams) as E;
    bestEstimator.fit(X, y); // X as given: a DataFrame's column names are remembered
  }
  return { bestParams, bestScore: means[bestIndex], bestIndex, bestEstimator, results, splitTestScores: scores, scoring: scorer.name, greaterIsBetter: scorer.greaterIsBetter, nJobs: used };
}

/** An estimator as plain data: its class, its options (nested estimators the same way). */
interface EstimatorSpec {
  $estimator: string;
  params: Record<string, unknown>;
}

/** Plain-data form of an estimator and the module files that define its classes, or undefined when an option cannot be sent to a thread. */
function specOf(estimator: BaseEstimator<object>, modules: Set<string>): EstimatorSpec | undefined {
  const file = moduleFileOf(estimator.constructor);
  if (!file) return undefined;
  modules.add(file);
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(estimator.params)) {
    if (v instanceof BaseEstimator) {
      const inner = specOf(v, modules);
      if (!inner) return undefined;
      params[k] = inner;
    } else if (typeof v === "function" || (typeof v === "object" && v !== null && !Array.isArray(v) && (v as object).constructor !== Object)) {
      return undefined;
    } else params[k] = v;
  }
  return { $estimator: estimator.estimatorName, params };
}

function fromSpec(spec: EstimatorSpec): BaseEstimator<object> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.params)) {
    params[k] = typeof v === "object" && v !== null && "$estimator" in v ? fromSpec(v as EstimatorSpec) : v;
  }
  return new (estimatorClass(spec.$estimator))(params);
}

/** One grid-search candidate as sent to a worker thread. */
export interface GridTask {
  modules: string[];
  estimator: EstimatorSpec;
  overrides: Record<string, unknown>;
  X: number[][];
  y: Targets;
  folds: Fold[];
  scoring: string;
}

/** Scores one candidate on every fold (runs in a worker thread of the pool). */
export function scoreGridTask(task: GridTask): number[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  for (const file of task.modules) require(file);
  const model = fromSpec(task.estimator).clone(task.overrides) as Estimator;
  return scoreFolds(model, task.X, task.y, task.folds, getScorer(task.scoring as "rmse", model)).test;
}

/** One cross-validation job: hyperparameter overrides of the estimator, the data and the folds. */
export interface ScoreJob {
  overrides?: Record<string, unknown>;
  X: number[][];
  y: Targets;
  folds: Fold[];
}

/**
 * The test score of every fold of every job (scores[job][fold]). With more than one job and
 * nJobs ≠ 1 the jobs run on worker threads of the pool (each thread scores whole jobs); when the
 * estimator or a scoring function cannot be sent to a thread they run in this thread, with the
 * same numbers. `threads` says how many threads were used.
 */
export async function scoreJobs(estimator: Estimator, jobs: ScoreJob[], scorer: Scorer, nJobs = -1): Promise<{ scores: number[][]; threads: number }> {
  const threads = Math.min(nJobs === -1 ? availableCores() : nJobs, jobs.length);
  if (threads > 1 && NAMED_SCORERS[scorer.name]?.score === scorer.score) {
    const scores = await scoreInWorkers(estimator, jobs, scorer.name, threads);
    if (scores) return { scores, threads };
  }
  const scores = jobs.map((job) => scoreFolds(estimator.clone(job.overrides ?? {}), job.X, job.y, job.folds, scorer).test);
  return { scores, threads: 1 };
}

/**
 * Scores the jobs on `threads` worker threads of the pool. Returns undefined (and the caller
 * runs in this thread) when an option cannot be sent to a thread (a function, a kernel).
 */
async function scoreInWorkers(estimator: Estimator, jobs: ScoreJob[], scoring: string, threads: number): Promise<number[][] | undefined> {
  const modules = new Set<string>();
  const spec = specOf(estimator, modules);
  if (!spec || !__filename.endsWith(".js") || !fs.existsSync(__filename)) return undefined;
  const plain = (v: unknown) => !(typeof v === "object" && v !== null && !Array.isArray(v) && (v as object).constructor !== Object);
  if (jobs.some((job) => !Object.values(job.overrides ?? {}).every(plain))) return undefined;
  const tasks: GridTask[] = jobs.map((job) => ({ modules: [...modules], estimator: spec, overrides: job.overrides ?? {}, X: job.X, y: job.y, folds: job.folds, scoring }));
  return pool().map<GridTask, number[]>(__filename, "scoreGridTask", tasks, threads);
}

// ---------------------------------------------------------------------------------------------
// Learning curve

/** Options of learningCurve: folds, scoring, training-set sizes and shuffling. */
export interface LearningCurveOptions extends CrossValidateOptions {
  /** Training-set sizes: fractions (0, 1] of the largest training fold, or row counts. Default 5 steps from 0.1 to 1. */
  trainSizes?: number[];
  /** Shuffle each fold's training rows before taking the first `size` (default false). */
  shuffle?: boolean;
  seed?: number;
}

/** Training and validation scores at each training-set size, per fold and averaged. */
export interface LearningCurveResult {
  scoring: string;
  /** Training rows used at each step. */
  trainSizes: number[];
  /** Scores per size and fold: trainScores[size][fold]. */
  trainScores: number[][];
  testScores: number[][];
  trainMean: number[];
  trainStd: number[];
  testMean: number[];
  testStd: number[];
}

/**
 * Train and cross-validation scores as the training set grows (scikit-learn's learning_curve):
 * for each size, every fold fits on the first `size` of its training rows and is scored on
 * those rows and on its test rows. A wide gap between the curves means overfitting; two high
 * errors that meet mean the model (or descriptors) cannot do better with more data.
 */
export function learningCurve(estimator: Estimator, X: XInput, y: LabelInput, options: LearningCurveOptions = {}): LearningCurveResult {
  checkOptionNames("learningCurve", options, optionNames<LearningCurveOptions>({ cv: true, scoring: true, greaterIsBetter: true, trainSizes: true, shuffle: true, seed: true }));
  const { M, yv } = prepare(X, y, "learningCurve");
  const scorer = getScorer(options.scoring, estimator, options.greaterIsBetter);
  const folds = resolveFolds(options.cv, M.length, yv, estimator);
  const { trainSizes = [0.1, 0.325, 0.55, 0.775, 1], shuffle = false, seed = 0 } = options;
  const maxTrain = Math.min(...folds.map((f) => f.train.length));
  // All values <= 1: fractions of the largest training set (scikit-learn's rule); else row counts.
  const fractions = trainSizes.every((s) => s <= 1);
  trainSizes.forEach((s) => {
    const ok = fractions ? s > 0 : Number.isInteger(s) && s >= 1 && s <= maxTrain;
    need(ok, "learningCurve", "trainSizes", s, `all fractions in (0, 1] or all row counts in [1, ${maxTrain}]`);
  });
  const sizes = Array.from(new Set(trainSizes.map((s) => (fractions ? Math.max(1, Math.floor(s * maxTrain)) : s)))).sort((a, b) => a - b);
  const rng = new Random(seed);
  const orders = folds.map((f) => (shuffle ? rng.permutation(f.train.length).map((i) => f.train[i]) : f.train));
  const trainScores: number[][] = [];
  const testScores: number[][] = [];
  for (const size of sizes) {
    const sub = folds.map((f, i) => ({ train: orders[i].slice(0, size), test: f.test }));
    const { test, train } = scoreFolds(estimator, M, yv, sub, scorer, true);
    trainScores.push(train);
    testScores.push(test);
  }
  const tr = trainScores.map(meanStd);
  const te = testScores.map(meanStd);
  return {
    scoring: scorer.name,
    trainSizes: sizes,
    trainScores,
    testScores,
    trainMean: tr.map((s) => s.mean),
    trainStd: tr.map((s) => s.std),
    testMean: te.map((s) => s.mean),
    testStd: te.map((s) => s.std),
  };
}

// ---------------------------------------------------------------------------------------------
// Recursive feature elimination

/** Options of rfe: how many features to keep and how many to drop per round. */
export interface RfeOptions {
  /** Features to keep: a count, or a fraction of them (default half). */
  nFeaturesToSelect?: number;
  /** Features removed per round: a count >= 1, or a fraction of all features (default 1). */
  step?: number;
}

/** The outcome of rfe: which features were kept, their ranking, and the estimator refitted on them. */
export interface RfeResult<E extends Estimator> {
  /** support[j] is true for the kept features. */
  support: boolean[];
  /** 1 for kept features; larger = dropped earlier. */
  ranking: number[];
  /** Column indices of the kept features. */
  selected: number[];
  /** Names of the kept features when X was a DataFrame. */
  selectedNames?: string[];
  /** The estimator refitted on the kept features. */
  estimator: E;
}

/** Importance of each feature after fit: featureImportances, else |coef| (summed over classes). */
function importancesOf(model: unknown, p: number): number[] {
  const m = model as { featureImportances_?: number[]; coef_?: number[] | number[][] };
  if (Array.isArray(m.featureImportances_)) return m.featureImportances_;
  if (Array.isArray(m.coef_)) {
    const coef = m.coef_;
    if (coef.length > 0 && Array.isArray(coef[0])) {
      const rows = coef as number[][];
      // One row per class (p wide) or one column per class: sum |coef| over the classes.
      if (rows[0].length === p) return Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + Math.abs(r[j]), 0));
      return rows.map((r) => r.reduce((s, v) => s + Math.abs(v), 0));
    }
    return (coef as number[]).map(Math.abs);
  }
  throw new ParamError("rfe: the estimator must expose featureImportances_ or coef_ after fit()");
}

/**
 * Recursive feature elimination (scikit-learn's RFE): fit on the remaining features, drop the
 * `step` least important (by featureImportances or |coef|), repeat until nFeaturesToSelect
 * remain. Features on different scales make |coef| meaningless: scale X first for linear models.
 */
export function rfe<E extends Estimator>(estimator: E, X: XInput, y: LabelInput, options: RfeOptions = {}): RfeResult<E> {
  checkOptionNames("rfe", options, optionNames<RfeOptions>({ nFeaturesToSelect: true, step: true }));
  const { M, yv } = prepare(X, y, "rfe");
  const p = M[0].length;
  const { nFeaturesToSelect = Math.floor(p / 2), step = 1 } = options;
  need(nFeaturesToSelect > 0 && (nFeaturesToSelect < 1 || (Number.isInteger(nFeaturesToSelect) && nFeaturesToSelect <= p)), "rfe", "nFeaturesToSelect", nFeaturesToSelect, `a count in [1, ${p}] or a fraction in (0, 1)`);
  need(step > 0 && (step < 1 || Number.isInteger(step)), "rfe", "step", step, "an integer >= 1 or a fraction in (0, 1)");
  const keep = Math.max(1, nFeaturesToSelect < 1 ? Math.floor(nFeaturesToSelect * p) : nFeaturesToSelect);
  const perRound = step < 1 ? Math.max(1, Math.floor(step * p)) : step;
  const support = new Array<boolean>(p).fill(true);
  const ranking = new Array<number>(p).fill(1);
  const columns = (features: number[]): number[][] => M.map((row) => features.map((j) => row[j]));
  let remaining = Array.from({ length: p }, (_, j) => j);
  while (remaining.length > keep) {
    const model = estimator.clone();
    model.fit(columns(remaining), yv);
    const imp = importancesOf(model, remaining.length);
    // Least important first; ties drop the earlier column.
    const order = remaining.map((_, i) => i).sort((a, b) => imp[a] - imp[b] || a - b);
    const drop = Math.min(perRound, remaining.length - keep);
    for (let i = 0; i < drop; i++) support[remaining[order[i]]] = false;
    for (let j = 0; j < p; j++) if (!support[j]) ranking[j]++;
    remaining = remaining.filter((j) => support[j]);
  }
  const final = estimator.clone() as E;
  final.fit(columns(remaining), yv);
  const names = isFrameLike(X) ? X.columns : undefined;
  return { support, ranking, selected: remaining, selectedNames: names ? remaining.map((j) => names[j]) : undefined, estimator: final };
}
