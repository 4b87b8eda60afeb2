// Bayesian optimization: a Gaussian process learns the objective from the evaluations so far,
// and an acquisition function (expected improvement or the confidence bound, from lib/active)
// picks the next batch where a better value is most likely or most worth checking.
//
// - bayesianCompositionSearch: over the composition space (28.7 million compositions on the 1/8
//   grid). The GP sees each composition as its 14 site fractions. The whole space is too large to
//   score every round, so each round scores a pool: fresh random compositions (exploration) and
//   every one-step neighbour of the best compositions found so far (exploitation).
// - bayesianGridSearch / randomGridSearch: hyperparameter optimization over a grid such as the
//   tutorial's 243-point random-forest grid; each "fit" is one cross-validated score. The GP
//   sees each hyperparameter as its position in its list of values, scaled to [0, 1].
import { Random } from "../core/random";
import { declareParams, resolveParams } from "../core/params";
import { custom, int, number, oneOf } from "../core/rules";
import { ParamError } from "../core/errors";
import { ConstantKernel, Kernel, Matern, WhiteKernel } from "../gp/kernels";
import { GaussianProcessRegressor } from "../gp/gpr";
import { expectedImprovement, upperConfidenceBound } from "../active/acquisition";
import { topKIndices } from "../active/strategies";
import { Estimator, Fold, crossValidate } from "../models/selection";
import { CompositionEvaluator } from "./evaluator";
import { GenerationRecord, SearchResult } from "./ga";
import { DesignGoals, inWindow, penalizedObjective, resolveGoals } from "./objectives";
import { assembleFeatures } from "./space";
import { normalCdf } from "../core/stats";

/** Which acquisition function ranks the candidates. */
export type Acquisition = "ei" | "ucb";

/**
 * The surrogate every search here uses: c · Matérn(ν = 2.5) + white noise, targets normalized.
 * Without `start` the hyperparameters are fitted from the defaults and two random restarts; with
 * `start` (the last fitted kernel) they are refitted from there only (`refit`), or kept as they are.
 */
function surrogate(seed: number, start?: Kernel, refit = true): GaussianProcessRegressor {
  if (start) return new GaussianProcessRegressor({ kernel: start.clone(), optimizer: refit ? "lbfgsb" : null, normalizeY: true, seed, nJobs: 1 });
  const k = new ConstantKernel({ constantValue: 1, constantValueBounds: [1e-3, 1e3] })
    .times(new Matern({ lengthScale: 0.5, lengthScaleBounds: [1e-2, 1e2], nu: 2.5 }))
    .plus(new WhiteKernel({ noiseLevel: 1e-2, noiseLevelBounds: [1e-6, 1] }));
  return new GaussianProcessRegressor({ kernel: k, normalizeY: true, nRestartsOptimizer: 2, seed, nJobs: 1 });
}

/** Acquisition scores (larger = evaluate sooner) for minimizing one GP's prediction. */
function acquire(kind: Acquisition, mean: number[], std: number[], best: number, beta: number, xi: number): number[] {
  return kind === "ei" ? expectedImprovement(mean, std, best, { goal: "minimize", xi }) : upperConfidenceBound(mean, std, { goal: "minimize", beta });
}

// ---------------------------------------------------------------------------------------------
// Over the composition space

/** Options of bayesianCompositionSearch. */
export interface CompositionBoOptions {
  nInitial?: number;
  batchSize?: number;
  maxEvaluations?: number;
  poolSize?: number;
  incumbents?: number;
  maxTrain?: number;
  refitEvery?: number;
  acquisition?: Acquisition;
  features?: "fractions" | "descriptors";
  beta?: number;
  xi?: number;
  penalty?: number;
  goals?: Partial<DesignGoals>;
  seed?: number;
}

const COMPOSITION_BO_SPEC = declareParams<CompositionBoOptions>({
  nInitial: { default: 100, rule: int({ min: 2 }), doc: "Random compositions evaluated before the GPs take over." },
  batchSize: { default: 20, rule: int({ min: 1 }), doc: "Compositions proposed per round." },
  maxEvaluations: { default: 2000, rule: int({ min: 2 }), doc: "Budget of distinct compositions evaluated." },
  poolSize: { default: 2000, rule: int({ min: 1 }), doc: "Random compositions scored per round, besides the incumbents' neighbours." },
  incumbents: { default: 10, rule: int({ min: 0 }), doc: "Best compositions so far whose one-step neighbours join the pool." },
  maxTrain: { default: 300, rule: int({ min: 10 }), doc: "Most evaluations the GPs are fitted on (the best three quarters, the rest at random)." },
  refitEvery: { default: 5, rule: int({ min: 1 }), doc: "Rounds between refits of the GPs' hyperparameters, each from the last fitted values (in between they are kept)." },
  acquisition: { default: "ei", rule: oneOf("ei", "ucb"), doc: "Expected improvement times the probability of a gap in the window, or the optimistic penalized objective." },
  features: { default: "fractions", rule: oneOf("fractions", "descriptors"), doc: "What the GPs see: the 14 site fractions, or the models' descriptors standardized." },
  beta: { default: 2, rule: number({ min: 0 }), doc: "Width of the confidence bounds (in standard deviations) for ucb." },
  xi: { default: 0.01, rule: number({ min: 0 }), doc: "Improvement (eV) expected improvement asks for beyond the best so far." },
  penalty: { default: 10, rule: number({ min: 0 }), doc: "eV added per eV of band gap outside the window." },
  goals: { default: {}, rule: custom((v) => typeof v === "object" && v !== null, "an object of design goals"), doc: "Gap target, gap window, stability limit." },
  seed: { default: 0, rule: int(), doc: "Seed of the random pool and the GPs' restarts." },
});

/** How the GPs see a composition: its 14 site fractions, or its model columns standardized over the space's training data. */
function compositionFeatures(evaluator: CompositionEvaluator, kind: "fractions" | "descriptors"): (index: number) => number[] {
  const space = evaluator.space;
  if (kind === "fractions") return (i) => space.fractions(i);
  const { tables, columns, mean, scale } = evaluator.compiled.descriptors;
  return (i) => {
    const row = assembleFeatures(tables, ...space.decode(i));
    return columns.map((j, k) => (row[j] - mean[k]) / scale[k]);
  };
}

/**
 * Bayesian optimization over the composition space, in batches, until maxEvaluations distinct
 * compositions are evaluated: one GP learns the decomposition energy, another the band gap, and
 * a round proposes the pool's compositions with the highest constrained acquisition — expected
 * improvement on the most stable composition found in the window, times the probability that the
 * gap lies in the window ("ei"), or the optimistic value of penalizedObjective under both GPs'
 * confidence bounds ("ucb"). The result ranks the evaluated compositions by penalizedObjective.
 */
export function bayesianCompositionSearch(evaluator: CompositionEvaluator, options: CompositionBoOptions = {}): SearchResult {
  const o = resolveParams("bayesianCompositionSearch", COMPOSITION_BO_SPEC, options);
  const goals = resolveGoals(o.goals);
  const [lo, hi] = goals.gapWindow;
  const space = evaluator.space;
  const features = compositionFeatures(evaluator, o.features);
  const rng = new Random(o.seed);
  const start = evaluator.evaluations;
  const spent = () => evaluator.evaluations - start;
  const objective = (index: number) => penalizedObjective(evaluator.get(index), goals, o.penalty);
  const randomIndex = () => Math.floor(rng.next() * space.size);
  const seen = new Set<number>();
  const evaluate = (ids: number[]) => evaluator.evaluate(ids.slice(0, o.maxEvaluations - spent())).forEach((p) => seen.add(p.index));
  const initial = new Set<number>();
  while (initial.size < Math.min(o.nInitial, o.maxEvaluations, space.size)) initial.add(randomIndex());
  evaluate([...initial]);
  const bestValue = () => Math.min(...[...seen].map(objective));
  const history: GenerationRecord[] = [{ generation: 0, evaluations: spent(), best: bestValue() }];
  let kernels: [Kernel, Kernel] | undefined;
  for (let round = 1; spent() < o.maxEvaluations && seen.size < space.size; round++) {
    const ranked = [...seen].sort((a, b) => objective(a) - objective(b) || a - b);
    // The GPs' training set: the best three quarters of maxTrain, the rest drawn from the others.
    const nBest = Math.min(ranked.length, Math.ceil((3 * o.maxTrain) / 4));
    const rest = ranked.slice(nBest);
    const train = [...ranked.slice(0, nBest), ...rng.permutation(rest.length).slice(0, o.maxTrain - nBest).map((k) => rest[k])];
    const Xtrain = train.map(features);
    const refit = round % o.refitEvery === 0;
    const gpD = surrogate(o.seed + round, kernels?.[0], refit).fit(Xtrain, train.map((i) => evaluator.get(i).decomposition));
    const gpG = surrogate(o.seed + round, kernels?.[1], refit).fit(Xtrain, train.map((i) => evaluator.get(i).gap));
    kernels = [gpD.kernel_, gpG.kernel_];
    // The pool: every unevaluated neighbour of the incumbents, and fresh random compositions.
    const pool = new Set<number>();
    for (const i of ranked.slice(0, o.incumbents)) for (const n of space.neighbours(i)) if (!evaluator.has(n)) pool.add(n);
    for (let k = 0; k < o.poolSize; k++) {
      const i = randomIndex();
      if (!evaluator.has(i)) pool.add(i);
    }
    const candidates = [...pool];
    if (candidates.length === 0) break;
    const Xc = candidates.map(features);
    const d = gpD.predict(Xc, { returnStd: true });
    const g = gpG.predict(Xc, { returnStd: true });
    let scores: number[];
    if (o.acquisition === "ei") {
      const feasible = ranked.filter((i) => inWindow(evaluator.get(i), goals)).map((i) => evaluator.get(i).decomposition);
      const pWindow = g.mean.map((m, k) => (g.std[k] > 0 ? normalCdf((hi - m) / g.std[k]) - normalCdf((lo - m) / g.std[k]) : Number(m >= lo && m <= hi)));
      const ei = feasible.length ? expectedImprovement(d.mean, d.std, Math.min(...feasible), { goal: "minimize", xi: o.xi }) : pWindow.map(() => 1);
      scores = ei.map((e, k) => e * pWindow[k]);
    } else {
      // Optimistic: the lowest decomposition energy and the gap closest to the window within beta std.
      scores = d.mean.map((m, k) => -(m - o.beta * d.std[k]) - o.penalty * Math.max(0, lo - (g.mean[k] + o.beta * g.std[k]), g.mean[k] - o.beta * g.std[k] - hi));
    }
    evaluate(topKIndices(scores, o.batchSize).map((k) => candidates[k]));
    history.push({ generation: round, evaluations: spent(), best: bestValue() });
  }
  const best = [...seen].sort((a, b) => objective(a) - objective(b) || a - b).slice(0, 100);
  return { best: evaluator.evaluate(best), history, evaluated: evaluator.order.slice(start) };
}

// ---------------------------------------------------------------------------------------------
// Hyperparameter optimization over a grid

/** A grid of hyperparameter values (as for gridSearchCV): each option and its list of values. */
export type HyperparameterGrid = Record<string, readonly (number | string | boolean | null)[]>;

/** One evaluated combination. */
export interface Trial {
  params: Record<string, number | string | boolean | null>;
  /** The score (e.g. cross-validated RMSE), smaller is better. */
  score: number;
}

/** A hyperparameter search: every trial in order and the best score after each fit. */
export interface HyperparameterSearchResult {
  trials: Trial[];
  /** bestSoFar[k]: the best score among the first k + 1 trials. */
  bestSoFar: number[];
  best: Trial;
}

/** Options of bayesianGridSearch and randomGridSearch. */
export interface GridSearchBoOptions {
  budget?: number;
  nInitial?: number;
  acquisition?: Acquisition;
  beta?: number;
  xi?: number;
  seed?: number;
}

const GRID_BO_SPEC = declareParams<GridSearchBoOptions>({
  budget: { default: 30, rule: int({ min: 1 }), doc: "Fits (scored combinations) allowed." },
  nInitial: { default: 5, rule: int({ min: 1 }), doc: "Random combinations before the GP takes over." },
  acquisition: { default: "ei", rule: oneOf("ei", "ucb"), doc: "Expected improvement or the lower confidence bound." },
  beta: { default: 2, rule: number({ min: 0 }), doc: "Weight of the uncertainty in the confidence bound." },
  xi: { default: 0, rule: number({ min: 0 }), doc: "Improvement, relative to the spread of the scores so far, expected improvement asks for." },
  seed: { default: 0, rule: int(), doc: "Seed of the random start and the GP's restarts." },
});

/** Every combination of the grid, in gridSearchCV's order (last option fastest). */
export function gridCombinations(grid: HyperparameterGrid): Record<string, number | string | boolean | null>[] {
  const keys = Object.keys(grid);
  if (keys.length === 0) throw new ParamError("hyperparameter grid is empty");
  for (const k of keys) if (!Array.isArray(grid[k]) || grid[k].length === 0) throw new ParamError(`hyperparameter grid: ${k} needs a non-empty list of values`);
  let out: Record<string, number | string | boolean | null>[] = [{}];
  for (const k of keys) out = out.flatMap((c) => grid[k].map((v) => ({ ...c, [k]: v })));
  return out;
}

/** Each combination as positions in its lists, scaled to [0, 1] (what the GP sees). */
function encodeGrid(grid: HyperparameterGrid, combos: Record<string, unknown>[]): number[][] {
  const keys = Object.keys(grid);
  return combos.map((c) => keys.map((k) => (grid[k].length > 1 ? grid[k].indexOf(c[k] as never) / (grid[k].length - 1) : 0)));
}

function finish(trials: Trial[]): HyperparameterSearchResult {
  const bestSoFar: number[] = [];
  trials.forEach((t, k) => bestSoFar.push(Math.min(t.score, k ? bestSoFar[k - 1] : Infinity)));
  const best = trials.reduce((a, b) => (b.score < a.score ? b : a));
  return { trials, bestSoFar, best };
}

/** Random search: `budget` distinct combinations of the grid in random order. */
export function randomGridSearch(grid: HyperparameterGrid, score: (params: Record<string, number | string | boolean | null>) => number, options: GridSearchBoOptions = {}): HyperparameterSearchResult {
  const o = resolveParams("randomGridSearch", GRID_BO_SPEC, options);
  const combos = gridCombinations(grid);
  const order = new Random(o.seed).permutation(combos.length).slice(0, o.budget);
  return finish(order.map((k) => ({ params: combos[k], score: score(combos[k]) })));
}

/**
 * Bayesian optimization over the grid: nInitial random combinations, then each fit goes to the
 * combination not yet tried with the highest acquisition under a GP fitted to the scores so far.
 */
export function bayesianGridSearch(grid: HyperparameterGrid, score: (params: Record<string, number | string | boolean | null>) => number, options: GridSearchBoOptions = {}): HyperparameterSearchResult {
  const o = resolveParams("bayesianGridSearch", GRID_BO_SPEC, options);
  const combos = gridCombinations(grid);
  const X = encodeGrid(grid, combos);
  const rng = new Random(o.seed);
  const tried: number[] = rng.permutation(combos.length).slice(0, Math.min(o.nInitial, o.budget));
  const scores = tried.map((k) => score(combos[k]));
  while (tried.length < Math.min(o.budget, combos.length)) {
    const gp = surrogate(o.seed + tried.length).fit(
      tried.map((k) => X[k]),
      scores,
    );
    const open = combos.map((_, k) => k).filter((k) => !tried.includes(k));
    const { mean, std } = gp.predict(open.map((k) => X[k]), { returnStd: true });
    const spread = Math.max(...scores) - Math.min(...scores);
    const acq = acquire(o.acquisition, mean, std, Math.min(...scores), o.beta, o.xi * spread);
    const next = open[topKIndices(acq, 1)[0]];
    tried.push(next);
    scores.push(score(combos[next]));
  }
  return finish(tried.map((k, i) => ({ params: combos[k], score: scores[i] })));
}

/**
 * The score function of a hyperparameter search: the cross-validated RMSE (or MAE) of the
 * estimator with the given options, on fixed folds. Cross-validation on fixed folds with a seeded
 * estimator is deterministic, so a combination scored before is looked up, not fitted again
 * (searches still count it as one of their fits); `scorer.fits` counts the fits really made.
 */
export function crossValidatedScorer(estimator: Estimator, X: number[][], y: number[], options: { cv?: number | Fold[]; scoring?: "rmse" | "mae" } = {}): ((params: Record<string, number | string | boolean | null>) => number) & { fits: number } {
  const { cv = 5, scoring = "rmse" } = options;
  if (scoring !== "rmse" && scoring !== "mae") throw new ParamError(`crossValidatedScorer: scoring must be "rmse" or "mae" (smaller is better), got ${JSON.stringify(scoring)}`);
  const memo = new Map<string, number>();
  const scorer = Object.assign(
    (params: Record<string, number | string | boolean | null>): number => {
      const key = JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
      let score = memo.get(key);
      if (score === undefined) {
        score = crossValidate(estimator.clone(params), X, y, { cv, scoring }).meanTestScore;
        memo.set(key, score);
        scorer.fits++;
      }
      return score;
    },
    { fits: 0 },
  );
  return scorer;
}
