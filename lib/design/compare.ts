// Studies that put the searches side by side, over many seeds, against the exhaustive truth:
// - searchStudy: the genetic algorithm, Bayesian optimization and random search over the
//   composition space, scored by how much of the screen's true top 10 and top 100 (most stable
//   with the gap in the window) each had evaluated after n evaluations;
// - hyperparameterStudy: Bayesian optimization and random search over a hyperparameter grid,
//   scored by the best cross-validated error reached after n fits, relative to the grid's best.
// Both return plain rows (JSON-safe: "never" is null) for tables, plots and summary.json.
import { Random } from "../core/random";
import { ParamError } from "../core/errors";
import { CompositionBoOptions, GridSearchBoOptions, HyperparameterGrid, bayesianCompositionSearch, bayesianGridSearch, randomGridSearch } from "./bo";
import { CompositionEvaluator, evaluationsToFind, recallCurve } from "./evaluator";
import { GeneticOptions, SearchResult, geneticSearch, nsgaSearch } from "./ga";
import type { CompiledModels, ScreenResult } from "./screen";

/** The search methods a study can compare. */
export type SearchMethod = "genetic algorithm" | "NSGA-II" | "bayesian optimization" | "random search";

/** One search run of a study. */
export interface SearchRun {
  method: SearchMethod;
  seed: number;
  /** Distinct compositions evaluated. */
  evaluations: number;
  /** Fraction of the true top 10 / top 100 evaluated by each checkpoint. */
  top10: number[];
  top100: number[];
  /** Fraction of the true Pareto front evaluated by each checkpoint. */
  front: number[];
  /** Evaluations until the first of the top 10 was seen, and until all of them (null: never). */
  toFirstTop10: number | null;
  toAllTop10: number | null;
  seconds: number;
  /** The search's own result (best compositions, history); null for random search. */
  result: SearchResult | null;
}

/** Options of searchStudy. */
export interface SearchStudyOptions {
  methods?: SearchMethod[];
  seeds?: number[];
  maxEvaluations?: number;
  /** Evaluation counts at which recall is read (default 1,000 ... maxEvaluations). */
  checkpoints?: number[];
  genetic?: GeneticOptions;
  bayesian?: CompositionBoOptions;
}

/** Random search: distinct compositions drawn uniformly until the budget is spent. */
function randomSearch(evaluator: CompositionEvaluator, maxEvaluations: number, seed: number): number[] {
  const rng = new Random(seed);
  const start = evaluator.evaluations;
  const size = evaluator.space.size;
  while (evaluator.evaluations - start < Math.min(maxEvaluations, size)) {
    const batch = Array.from({ length: Math.min(1000, maxEvaluations - (evaluator.evaluations - start)) }, () => Math.floor(rng.next() * size));
    evaluator.evaluate(batch);
  }
  return evaluator.order.slice(start);
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

/**
 * Runs each method once per seed on the compiled models and scores it against `truth`, the
 * exhaustive screen of the same space with the same models (top >= 100).
 */
export function searchStudy(compiled: CompiledModels, truth: ScreenResult, options: SearchStudyOptions = {}): { checkpoints: number[]; runs: SearchRun[] } {
  const { methods = ["genetic algorithm", "random search"], seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], maxEvaluations = 20000 } = options;
  if (truth.model !== compiled.fingerprint) throw new ParamError("searchStudy: the truth was screened with other models than the ones compiled");
  if (truth.best.stable_in_window.length < 100) throw new ParamError(`searchStudy: the truth keeps only ${truth.best.stable_in_window.length} compositions per objective; screen with top >= 100`);
  const checkpoints = options.checkpoints ?? [1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000].filter((c) => c < maxEvaluations).concat(maxEvaluations);
  const top100 = truth.best.stable_in_window.slice(0, 100).map((p) => p.index);
  const top10 = top100.slice(0, 10);
  const front = truth.pareto.map((p) => p.index);
  const runs: SearchRun[] = [];
  for (const method of methods) {
    for (const seed of seeds) {
      const evaluator = new CompositionEvaluator(compiled);
      const t0 = Date.now();
      let result: SearchResult | null = null;
      if (method === "genetic algorithm") result = geneticSearch(evaluator, { ...options.genetic, seed, maxEvaluations });
      else if (method === "NSGA-II") result = nsgaSearch(evaluator, { ...options.genetic, seed, maxEvaluations });
      else if (method === "bayesian optimization") result = bayesianCompositionSearch(evaluator, { ...options.bayesian, seed, maxEvaluations });
      const order = result ? result.evaluated : randomSearch(evaluator, maxEvaluations, seed);
      runs.push({
        method,
        seed,
        evaluations: order.length,
        top10: recallCurve(order, top10, checkpoints),
        top100: recallCurve(order, top100, checkpoints),
        front: recallCurve(order, front, checkpoints),
        toFirstTop10: finite(evaluationsToFind(order, top10, 1)),
        toAllTop10: finite(evaluationsToFind(order, top10, 10)),
        seconds: (Date.now() - t0) / 1000,
        result,
      });
    }
  }
  return { checkpoints, runs };
}

/**
 * The result of one search of a study (its best compositions and history), so a notebook can show
 * a run without repeating it: `studyResult(study, "genetic algorithm", 0)`.
 */
export function studyResult(study: { runs: readonly SearchRun[] }, method: Exclude<SearchMethod, "random search">, seed: number): SearchResult {
  const run = study.runs.find((r) => r.method === method && r.seed === seed);
  if (!run || !run.result) {
    const have = study.runs.filter((r) => r.result).map((r) => `${r.method} seed ${r.seed}`);
    throw new ParamError(`studyResult: the study has no ${method} run with seed ${seed} (it has ${have.length ? have.join(", ") : "no search results"})`);
  }
  return run.result;
}

/** Mean of each checkpoint's recall over the runs of one method. */
export function meanCurve(runs: readonly SearchRun[], method: SearchMethod, field: "top10" | "top100" | "front"): number[] {
  const mine = runs.filter((r) => r.method === method);
  if (mine.length === 0) return [];
  return mine[0][field].map((_, k) => mine.reduce((s, r) => s + r[field][k], 0) / mine.length);
}

/** One hyperparameter search of a study. */
export interface HyperparameterRun {
  method: "bayesian optimization" | "random search";
  seed: number;
  /** Best score after each fit. */
  bestSoFar: number[];
  /** Best score after the budget, divided by the grid's best (1 = the grid's best). */
  relativeBest: number;
  /** Fits until the best score was within `tolerance` of the grid's best (null: never). */
  fitsToTolerance: number | null;
}

/**
 * Bayesian optimization and random search over a grid, once per seed, scored against the best
 * score of the full grid (e.g. gridSearchCV's bestScore on the same folds).
 */
export function hyperparameterStudy(
  grid: HyperparameterGrid,
  score: (params: Record<string, number | string | boolean | null>) => number,
  gridBest: number,
  options: { seeds?: number[]; budget?: number; tolerance?: number; bayesian?: GridSearchBoOptions } = {},
): HyperparameterRun[] {
  const { seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], budget = 30, tolerance = 0.02 } = options;
  const runs: HyperparameterRun[] = [];
  for (const method of ["bayesian optimization", "random search"] as const) {
    for (const seed of seeds) {
      const search = method === "bayesian optimization" ? bayesianGridSearch(grid, score, { ...options.bayesian, seed, budget }) : randomGridSearch(grid, score, { seed, budget });
      const within = search.bestSoFar.findIndex((s) => s <= (1 + tolerance) * gridBest);
      runs.push({ method, seed, bestSoFar: search.bestSoFar, relativeBest: search.best.score / gridBest, fitsToTolerance: within < 0 ? null : within + 1 });
    }
  }
  return runs;
}

/** Median, with Infinity standing for "never"; null when the median itself is "never". */
function median(values: readonly number[]): number | null {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return Number.isFinite(m) ? m : null;
}

/** One row per method: mean recall at the last checkpoint and median evaluations to the top 10 (null: never, for most seeds). */
export function summarizeStudy(study: { checkpoints: number[]; runs: SearchRun[] }, spaceSize?: number): Record<string, string | number | null>[] {
  const methods = [...new Set(study.runs.map((r) => r.method))];
  const last = study.checkpoints.length - 1;
  return methods.map((method) => {
    const runs = study.runs.filter((r) => r.method === method);
    const mean = (f: (r: SearchRun) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
    return {
      method,
      seeds: runs.length,
      evaluations: study.checkpoints[last],
      ...(spaceSize ? { share_of_space: study.checkpoints[last] / spaceSize } : {}),
      top10_found: mean((r) => r.top10[last]),
      top100_found: mean((r) => r.top100[last]),
      pareto_front_found: mean((r) => r.front[last]),
      seeds_with_90pct_of_top10: runs.filter((r) => r.top10[last] >= 0.9).length,
      median_evaluations_to_first_top10: median(runs.map((r) => r.toFirstTop10 ?? Infinity)),
      median_evaluations_to_all_top10: median(runs.map((r) => r.toAllTop10 ?? Infinity)),
    };
  });
}

/** One row per method of a hyperparameter study: how close to the grid's best, and how fast. */
export function summarizeHyperparameterStudy(runs: readonly HyperparameterRun[]): Record<string, string | number | null>[] {
  const methods = [...new Set(runs.map((r) => r.method))];
  return methods.map((method) => {
    const mine = runs.filter((r) => r.method === method);
    const fits = mine.map((r) => r.fitsToTolerance ?? Infinity);
    return {
      method,
      seeds: mine.length,
      fits: Math.max(...mine.map((r) => r.bestSoFar.length)),
      median_relative_best: median(mine.map((r) => r.relativeBest)),
      worst_relative_best: Math.max(...mine.map((r) => r.relativeBest)),
      seeds_within_tolerance: mine.filter((r) => r.fitsToTolerance !== null).length,
      median_fits_to_tolerance: median(fits),
      worst_fits_to_tolerance: fits.every(Number.isFinite) ? Math.max(...fits) : null,
    };
  });
}
