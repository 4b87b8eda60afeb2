// An active-learning (Bayesian optimization) campaign over a fixed set of labelled compounds,
// simulating a discovery loop: start from a few measured compounds, and every round let a
// Gaussian process choose k more to "measure" from the pool, refit, and record how well the model
// predicts a held-out test set and the best compound found so far.
//
//   const result = runCampaign({ X, y, goal: "minimize", strategy: "ei", seed: 0 });
//   result.rounds            // [{ round, nMeasured, testRmse, best, foundTopK }, ...]
//   result.queriesToTopK     // measurements (beyond the start set) until a true top-5 compound is found
//
// To stay fast the kernel hyperparameters are re-optimized only every few rounds; in between the
// GP is refitted with the last hyperparameters (one Cholesky factorization).
import * as path from "path";
import { Random } from "../core/random";
import { XInput, YInput, toMatrix, toVector } from "../core/input";
import { DataError, ParamError } from "../core/errors";
import { ParamSpec, Resolved, declareParams, resolveParams } from "../core/params";
import { anyOf, bool, custom, instanceOf, int, number, oneOf, string } from "../core/rules";
import { GaussianProcessRegressor } from "../gp/gpr";
import { Kernel, KernelSpec, kernelFromSpec } from "../gp/kernels";
import { pool, resolveJobs } from "../core/pool";
import { rmse } from "../metrics/regression";
import { CalibrationCurve, calibrationCurve } from "../metrics/uncertainty";
import { BootstrapOptions, bootstrapInterval, mean as meanOf, quantile } from "../metrics/bootstrap";
import { Goal, goalRule, bestObserved, expectedImprovement, goalScore, maxUncertainty, probabilityOfImprovement, upperConfidenceBound } from "./acquisition";
import { randomIndices, topKIndices } from "./strategies";

/** How a campaign picks the next alloys: an acquisition function (EI, PI, UCB), the largest uncertainty, or at random. */
export type Strategy = "ei" | "pi" | "ucb" | "uncertainty" | "random";
/** Every query strategy a campaign can use, in the order the notebooks show them. */
export const STRATEGIES: Strategy[] = ["ei", "pi", "ucb", "uncertainty", "random"];

/** One active-learning campaign: the pool (X, y), the goal, the query strategy, the seed and the round sizes. */
export interface CampaignOptions {
  /** descriptors of every labelled compound (rows of numbers or a DataFrame) */
  X: XInput;
  /** the measured property (revealed to the loop only when a compound is "measured"; an array or a Series) */
  y: YInput;
  goal: Goal;
  /** A name for what the campaign looks for (e.g. "most stable"), carried into its result. Default: the goal in words. */
  label?: string;
  strategy: Strategy;
  /** GP prior; default ConstantKernel × RBF. A KernelSpec (JSON) also works. */
  kernel?: Kernel | KernelSpec;
  /** GP noise on the diagonal. Default 0.01. */
  alpha?: number;
  /** Normalize targets in the GP. Default true. */
  normalizeY?: boolean;
  /** compounds measured at the start (drawn at random, never a top-K compound). Default 10. */
  nInitial?: number;
  /** compounds measured per round. Default 5. */
  batchSize?: number;
  /** rounds of querying. Default 15. */
  rounds?: number;
  /** fraction held out to measure test RMSE (never queried). Default 0.2. */
  testFraction?: number;
  /** re-optimize the kernel hyperparameters every this many rounds. Default 5. */
  reoptimizeEvery?: number;
  /** optimizer restarts when re-optimizing. Default 1. */
  nRestartsOptimizer?: number;
  /** ξ for EI and PI. Default 0.01. */
  xi?: number;
  /** β for UCB. Default 2. */
  beta?: number;
  /** how many of the best compounds count as a "find". Default 5. */
  topK?: number;
  seed?: number;
}

/** The state after one round of a campaign: alloys measured, best value found, test RMSE of the surrogate. */
export interface CampaignRound {
  round: number;
  /** compounds measured so far (start set included) */
  nMeasured: number;
  testRmse: number;
  /** best measured value so far (for a target goal: the measured y closest to the target) */
  best: number;
  foundTopK: boolean;
}

/** What a campaign measured: its options, every round, and how many queries it needed to find a top-k alloy. */
export interface CampaignResult {
  strategy: Strategy;
  seed: number;
  /** the campaign's label (CampaignOptions.label) */
  label: string;
  goal: Goal;
  /** candidates in the pool when the querying starts (searchable compounds minus the start set) */
  nCandidates: number;
  /** measurements the campaign may make after its start set (rounds × batchSize) */
  budget: number;
  /** the GP of the last round: its kernel with the fitted hyperparameters */
  finalKernel: string;
  /** calibration of the last round's GP on the compounds never measured (observed coverage of its central intervals) */
  poolCalibration: CalibrationCurve;
  rounds: CampaignRound[];
  /** measurements after the start set until the first top-K compound was measured (null if never) */
  queriesToTopK: number | null;
  /** indices (into X) in the order they were measured, start set first */
  measured: number[];
  topK: number[];
  test: number[];
}

/** The default surrogate prior: ConstantKernel × RBF. */
const DEFAULT_KERNEL: KernelSpec = { type: "Product", k1: { type: "ConstantKernel" }, k2: { type: "RBF" } };

/** Every option of a campaign, checked by name and value before anything runs. */
const campaignSpec: ParamSpec<CampaignOptions> = declareParams<CampaignOptions>({
  X: { required: true, rule: custom((v) => v !== null && typeof v === "object", "descriptor rows or a DataFrame"), doc: "Descriptors of every labelled compound." },
  y: { required: true, rule: custom((v) => v !== null && typeof v === "object", "an array or a Series of numbers"), doc: "The measured property." },
  goal: { required: true, rule: goalRule, doc: 'What better means: "maximize", "minimize" or { target: t }.' },
  label: { default: "", rule: string(), doc: "A name for the campaign; empty: the goal in words." },
  strategy: { required: true, rule: oneOf(...STRATEGIES), doc: "How the next compounds are picked." },
  kernel: { default: DEFAULT_KERNEL, rule: anyOf(instanceOf(Kernel), custom((v) => typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string", "a KernelSpec { type, ... }")), doc: "The GP prior." },
  alpha: { default: 0.01, rule: number({ min: 0 }), doc: "GP noise on the diagonal." },
  normalizeY: { default: true, rule: bool(), doc: "Normalize targets in the GP." },
  nInitial: { default: 10, rule: int({ min: 1 }), doc: "Compounds measured at the start." },
  batchSize: { default: 5, rule: int({ min: 1 }), doc: "Compounds measured per round." },
  rounds: { default: 15, rule: int({ min: 1 }), doc: "Rounds of querying." },
  testFraction: { default: 0.2, rule: number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }), doc: "Fraction held out to measure the test RMSE." },
  reoptimizeEvery: { default: 5, rule: int({ min: 1 }), doc: "Re-optimize the kernel every this many rounds." },
  nRestartsOptimizer: { default: 1, rule: int({ min: 0 }), doc: "Optimizer restarts when re-optimizing." },
  xi: { default: 0.01, rule: number(), doc: "ξ for EI and PI." },
  beta: { default: 2, rule: number(), doc: "β for UCB." },
  topK: { default: 5, rule: int({ min: 1 }), doc: "How many of the best compounds count as a find." },
  seed: { default: 0, rule: int(), doc: "Seed of the split, the start set and the optimizer." },
});

/** A campaign's options with defaults filled in; unknown names and bad values are ParamErrors naming them. */
function campaignOptions(options: CampaignOptions, who: string): Resolved<CampaignOptions> {
  return resolveParams(who, campaignSpec, options);
}

/** The goal in words: "maximize", "minimize" or "target 1.34". */
function goalText(goal: Goal): string {
  return typeof goal === "object" ? `target ${goal.target}` : goal;
}

/** Scores every pool candidate with the chosen acquisition function (larger = measure first). */
function acquisitionScores(strategy: Strategy, mean: number[], std: number[], best: number, goal: Goal, xi: number, beta: number): number[] {
  switch (strategy) {
    case "ei":
      return expectedImprovement(mean, std, best, { xi, goal });
    case "pi":
      return probabilityOfImprovement(mean, std, best, { xi, goal });
    case "ucb":
      return upperConfidenceBound(mean, std, { beta, goal });
    case "uncertainty":
      return maxUncertainty(mean, std);
    default:
      throw new Error(`runCampaign: unknown strategy "${strategy}"`);
  }
}

/** Runs one active-learning campaign: start from nInitial random alloys, then in each round fit the surrogate, pick batchSize alloys by the strategy, measure them (look up y) and record the best value and test RMSE. */
export function runCampaign(options: CampaignOptions): CampaignResult {
  const p = campaignOptions(options, "runCampaign");
  const { goal, strategy, alpha, normalizeY, nInitial, batchSize, rounds, testFraction, reoptimizeEvery, nRestartsOptimizer, xi, beta, topK, seed } = p;
  const label = p.label || goalText(goal);
  const X = toMatrix(p.X, "runCampaign");
  const y = toVector(p.y, "runCampaign");
  if (X.length !== y.length) throw new DataError(`runCampaign: X has ${X.length} rows but y has ${y.length}`);
  const kernel = p.kernel instanceof Kernel ? p.kernel.clone() : kernelFromSpec(p.kernel);
  const n = X.length;
  const rng = new Random(seed);

  // held-out test set, and the true top-K of the searchable rest
  const order = rng.permutation(n);
  const nTest = Math.round(testFraction * n);
  const test = order.slice(0, nTest);
  const searchable = order.slice(nTest);
  const ranked = searchable.slice().sort((a, b) => goalScore(y[b], goal) - goalScore(y[a], goal) || a - b);
  const top = ranked.slice(0, topK);
  const topSet = new Set(top);
  const rows = `${searchable.length} of the ${n} compounds are searchable (testFraction ${testFraction} holds out ${nTest})`;
  if (nInitial + topK >= searchable.length) throw new ParamError(`runCampaign: nInitial (${nInitial}) + topK (${topK}) must be less than the searchable compounds: ${rows}`);
  if (nInitial + rounds * batchSize >= searchable.length) {
    throw new ParamError(`runCampaign: nInitial (${nInitial}) + rounds (${rounds}) × batchSize (${batchSize}) = ${nInitial + rounds * batchSize} measurements, but ${rows}; lower rounds or batchSize`);
  }

  // start set: the first nInitial searchable compounds in shuffled order, skipping the top-K
  const measured = searchable.filter((i) => !topSet.has(i)).slice(0, nInitial);
  const measuredSet = new Set(measured);
  const Xtest = test.map((i) => X[i]);
  const yTest = test.map((i) => y[i]);

  let gpr = new GaussianProcessRegressor({ kernel, alpha, normalizeY, nRestartsOptimizer, seed, nJobs: 1 });
  let fittedKernel: Kernel | null = null;
  let queriesToTopK: number | null = null;
  const history: CampaignRound[] = [];

  for (let round = 0; round <= rounds; round++) {
    const Xm = measured.map((i) => X[i]);
    const ym = measured.map((i) => y[i]);
    // re-optimize hyperparameters every few rounds, otherwise refit with the last ones
    const reoptimize = fittedKernel === null || round % reoptimizeEvery === 0;
    const model: GaussianProcessRegressor = reoptimize ? gpr.clone({ kernel: fittedKernel ?? kernel, optimizer: "lbfgsb", seed: seed + round }) : gpr.clone({ kernel: fittedKernel as Kernel, optimizer: null });
    model.fit(Xm, ym);
    fittedKernel = model.kernel_;
    gpr = model;
    const best = bestObserved(ym, goal);
    history.push({
      round,
      nMeasured: measured.length,
      testRmse: rmse(yTest, model.predict(Xtest)),
      best,
      foundTopK: queriesToTopK !== null,
    });
    if (round === rounds) break;

    // choose the next batch from the pool
    const pool = searchable.filter((i) => !measuredSet.has(i));
    let picks: number[];
    if (strategy === "random") {
      picks = randomIndices(pool.length, batchSize, rng).map((j) => pool[j]);
    } else {
      const { mean, std } = model.predictWithStd(pool.map((i) => X[i]));
      picks = topKIndices(acquisitionScores(strategy, mean, std, best, goal, xi, beta), batchSize).map((j) => pool[j]);
    }
    for (const i of picks) {
      measured.push(i);
      measuredSet.add(i);
      if (queriesToTopK === null && topSet.has(i)) queriesToTopK = measured.length - nInitial;
    }
  }
  // how honest is the final GP's σ about the compounds it never saw measured?
  const unmeasured = searchable.filter((i) => !measuredSet.has(i));
  const final = gpr.predictWithStd(unmeasured.map((i) => X[i]));
  const poolCalibration = calibrationCurve(unmeasured.map((i) => y[i]), final.mean, final.std);
  return {
    strategy,
    seed,
    label,
    goal,
    nCandidates: searchable.length - nInitial,
    budget: rounds * batchSize,
    finalKernel: String(gpr.kernel_),
    poolCalibration,
    rounds: history,
    queriesToTopK,
    measured,
    topK: top,
    test,
  };
}

/** One kind of campaign: what it looks for (a label and a goal) and the property it measures. */
export interface CampaignTask {
  label: string;
  goal: Goal;
  /** the measured property of every compound (an array or a Series) */
  y: YInput;
}

/** What campaignGrid crosses: tasks × strategies × seeds, plus the options they all share. */
export interface CampaignGrid {
  tasks: CampaignTask[];
  /** Default: every strategy (STRATEGIES). */
  strategies?: Strategy[];
  /** A list of seeds, or a count n for the seeds 0 … n − 1. */
  seeds: number | number[];
  /** Everything else (X, rounds, batchSize, …), the same for every campaign. */
  options: Omit<CampaignOptions, "y" | "goal" | "label" | "strategy" | "seed">;
}

/** The options of one campaign per task × strategy × seed (in that order), ready for runCampaigns. */
export function campaignGrid(grid: CampaignGrid): CampaignOptions[] {
  const { tasks, strategies = STRATEGIES, seeds, options } = grid;
  if (!Array.isArray(tasks) || tasks.length === 0) throw new DataError("campaignGrid: tasks must list at least one { label, goal, y }");
  if (typeof seeds === "number" && !(Number.isInteger(seeds) && seeds >= 1)) throw new ParamError(`campaignGrid: seeds must be a count >= 1 or a list of seeds, got ${seeds}`);
  const seedList = typeof seeds === "number" ? Array.from({ length: seeds }, (_, i) => i) : seeds;
  const unknown = strategies.find((st) => !STRATEGIES.includes(st));
  if (unknown !== undefined) throw new ParamError(`campaignGrid: strategy must be one of ${STRATEGIES.join(", ")}, got "${unknown}"`);
  return tasks.flatMap(({ label, goal, y }) => strategies.flatMap((strategy) => seedList.map((seed) => ({ ...options, label, goal, y, strategy, seed }))));
}

/** Options with the kernel as JSON and the data as plain arrays, so that a campaign can run in a worker thread. */
export type CampaignJob = Omit<CampaignOptions, "kernel" | "X" | "y"> & { X: number[][]; y: number[]; kernel?: KernelSpec };

/** Runs many campaigns (e.g. every strategy × seed), shared out between the CPU cores. Results in input order. */
export function runCampaigns(campaigns: CampaignOptions[], nJobs = -1): CampaignResult[] {
  // Each distinct X and y (e.g. one DataFrame shared by every job) is converted once; jobs that
  // share data keep sharing the same arrays, which a worker then receives once.
  const matrices = new Map<unknown, number[][]>();
  const vectors = new Map<unknown, number[]>();
  const jobs: CampaignJob[] = campaigns.map((c, i) => {
    campaignOptions(c, `runCampaigns: campaign ${i}`); // bad options fail here, before any thread starts
    if (!matrices.has(c.X)) matrices.set(c.X, toMatrix(c.X, `runCampaigns: campaign ${i}`));
    if (!vectors.has(c.y)) vectors.set(c.y, toVector(c.y, `runCampaigns: campaign ${i}`));
    const kernel = c.kernel instanceof Kernel ? c.kernel.toSpec() : c.kernel;
    return { ...c, X: matrices.get(c.X) ?? [], y: vectors.get(c.y) ?? [], kernel };
  });
  const nThreads = Math.min(resolveJobs(nJobs), jobs.length);
  const chunks: CampaignJob[][] = Array.from({ length: nThreads }, (_, t) => jobs.filter((_, i) => i % nThreads === t));
  const perThread = pool().mapSync<CampaignJob[], CampaignResult[]>(path.join(__dirname, "campaign.js"), "runCampaignChunk", chunks, runCampaignChunk);
  const out: CampaignResult[] = new Array(jobs.length);
  perThread.forEach((results, t) => results.forEach((r, k) => (out[t + k * nThreads] = r)));
  return out;
}

/** The unit of work of runCampaigns (exported for the worker threads). */
export function runCampaignChunk(jobs: CampaignJob[]): CampaignResult[] {
  return jobs.map((j) => runCampaign(j));
}

/** A quantity recorded every round: the test RMSE, the best value found, or (target goals) its distance to the target. */
export type CurveField = "testRmse" | "best" | "distanceToTarget";

/** A campaign curve averaged over seeds: the mean and a band of ± one standard deviation at each number of measured alloys. */
export interface CurveSummary {
  /** x: measurements so far */
  nMeasured: number[];
  mean: number[];
  /** mean ± one standard deviation over the campaigns */
  lower: number[];
  upper: number[];
}

/** One round's value of a curve field. */
function curveValue(c: CampaignResult, r: CampaignRound, field: CurveField): number {
  if (field !== "distanceToTarget") return r[field];
  if (typeof c.goal !== "object") throw new DataError(`summarizeCurves: "distanceToTarget" needs campaigns with a target goal; campaign "${c.label}" (seed ${c.seed}) has goal "${c.goal}"`);
  return Math.abs(r.best - c.goal.target);
}

/** Averages one recorded quantity over campaigns (all with the same number of rounds). */
export function summarizeCurves(results: CampaignResult[], field: CurveField): CurveSummary {
  if (results.length === 0) throw new DataError("summarizeCurves: no campaigns");
  const R = results[0].rounds.length;
  if (results.some((c) => c.rounds.length !== R)) throw new DataError("summarizeCurves: the campaigns have different numbers of rounds");
  const out: CurveSummary = { nMeasured: results[0].rounds.map((r) => r.nMeasured), mean: [], lower: [], upper: [] };
  for (let r = 0; r < R; r++) {
    const v = results.map((c) => curveValue(c, c.rounds[r], field));
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
    out.mean.push(m);
    out.lower.push(m - sd);
    out.upper.push(m + sd);
  }
  return out;
}

/** Queries to the first top-K find, or the whole budget when the campaign never found one. */
function queriesOrBudget(c: CampaignResult): number {
  return c.queriesToTopK ?? c.budget;
}

/**
 * Mean queries-to-top-K over campaigns; a campaign that never found one counts as its full
 * budget (rounds × batchSize), so the mean is a lower bound when `found` < campaigns.
 */
export function meanQueriesToTopK(results: CampaignResult[]): { mean: number; found: number; campaigns: number } {
  if (results.length === 0) throw new DataError("meanQueriesToTopK: no campaigns");
  return { mean: meanOf(results.map(queriesOrBudget)), found: results.filter((c) => c.queriesToTopK !== null).length, campaigns: results.length };
}

/** Campaigns run with the same label and strategy. */
export interface CampaignGroup {
  label: string;
  strategy: Strategy;
  results: CampaignResult[];
}

/** Groups campaign results by label and strategy, in the order the groups first appear (seeds stay in order). */
export function groupCampaigns(results: CampaignResult[]): CampaignGroup[] {
  const groups = new Map<string, CampaignGroup>();
  for (const c of results) {
    const key = JSON.stringify([c.label, c.strategy]);
    const group = groups.get(key) ?? { label: c.label, strategy: c.strategy, results: [] };
    group.results.push(c);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Observed coverage of one central-interval level in a calibration curve. */
function coverageAt(curve: CalibrationCurve, level: number, who: string): number {
  const k = curve.expected.findIndex((p) => Math.abs(p - level) < 1e-9);
  if (k < 0) throw new DataError(`${who}: the calibration curves have no level ${level} (levels: ${curve.expected.join(", ")})`);
  return curve.observed[k];
}

/** The calibration curve averaged over campaigns (all recorded at the same levels). */
export function averageCalibration(results: CampaignResult[]): CalibrationCurve {
  if (results.length === 0) throw new DataError("averageCalibration: no campaigns");
  const expected = results[0].poolCalibration.expected;
  return { expected: [...expected], observed: expected.map((p) => meanOf(results.map((c) => coverageAt(c.poolCalibration, p, "averageCalibration")))) };
}

/** One row of summarizeCampaigns: a label × strategy over its seeds. */
export interface CampaignSummary {
  label: string;
  strategy: Strategy;
  campaigns: number;
  /** campaigns that measured a top-K compound within their budget */
  found: number;
  /** mean queries to the first top-K find (budget when none was found: a lower bound then) */
  meanQueries: number;
  /** bootstrap percentile interval of meanQueries over the seeds */
  ciLow: number;
  ciHigh: number;
  /** median queries over the campaigns that found one (null if none did) */
  medianQueriesFound: number | null;
  /** test RMSE of the last round's GP, mean over the seeds */
  finalTestRmse: number;
  /** fraction of the unmeasured pool inside the last GP's central 95 % interval, mean over the seeds */
  poolCoverage95: number;
}

/**
 * One row per label × strategy (see groupCampaigns): how many campaigns found a top-K compound,
 * the mean queries to the first find with a seeded bootstrap interval over the seeds (options as
 * bootstrapInterval: level 0.95, 2000 resamples, seed 0), the median over the successful ones,
 * the final test RMSE and the final GP's coverage of the unmeasured pool at the 95 % level.
 */
export function summarizeCampaigns(results: CampaignResult[], options: BootstrapOptions = {}): CampaignSummary[] {
  if (results.length === 0) throw new DataError("summarizeCampaigns: no campaigns");
  return groupCampaigns(results).map(({ label, strategy, results: runs }) => {
    const queries = bootstrapInterval(runs.map(queriesOrBudget), options);
    const found = runs.flatMap((c) => (c.queriesToTopK === null ? [] : [c.queriesToTopK]));
    return {
      label,
      strategy,
      campaigns: runs.length,
      found: found.length,
      meanQueries: queries.estimate,
      ciLow: queries.lower,
      ciHigh: queries.upper,
      medianQueriesFound: found.length ? quantile(found, 0.5) : null,
      finalTestRmse: meanOf(runs.map((c) => c.rounds[c.rounds.length - 1].testRmse)),
      poolCoverage95: meanOf(runs.map((c) => coverageAt(c.poolCalibration, 0.95, "summarizeCampaigns"))),
    };
  });
}
