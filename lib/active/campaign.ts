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
import { GaussianProcessRegressor } from "../gp/gpr";
import { rmse } from "../metrics/regression";
import { Kernel, KernelSpec, kernelFromSpec } from "../gp/kernels";
import { pool, resolveJobs } from "../core/pool";
import { Goal, bestObserved, expectedImprovement, goalScore, maxUncertainty, probabilityOfImprovement, upperConfidenceBound } from "./acquisition";
import { randomIndices, topKIndices } from "./strategies";

/** How a campaign picks the next alloys: an acquisition function (EI, PI, UCB), the largest uncertainty, or at random. */
export type Strategy = "ei" | "pi" | "ucb" | "uncertainty" | "random";
/** Every query strategy a campaign can use, in the order the notebooks show them. */
export const STRATEGIES: Strategy[] = ["ei", "pi", "ucb", "uncertainty", "random"];

/** One active-learning campaign: the pool (X, y), the goal, the query strategy, the seed and the round sizes. */
export interface CampaignOptions {
  /** descriptors of every labelled compound */
  X: number[][];
  /** the measured property (revealed to the loop only when a compound is "measured") */
  y: number[];
  goal: Goal;
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
  rounds: CampaignRound[];
  /** measurements after the start set until the first top-K compound was measured (null if never) */
  queriesToTopK: number | null;
  /** indices (into X) in the order they were measured, start set first */
  measured: number[];
  topK: number[];
  test: number[];
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
  const {
    X,
    y,
    goal,
    strategy,
    alpha = 0.01,
    normalizeY = true,
    nInitial = 10,
    batchSize = 5,
    rounds = 15,
    testFraction = 0.2,
    reoptimizeEvery = 5,
    nRestartsOptimizer = 1,
    xi = 0.01,
    beta = 2,
    topK = 5,
    seed = 0,
  } = options;
  if (!STRATEGIES.includes(strategy)) throw new Error(`runCampaign: strategy must be one of ${STRATEGIES.join(", ")}, got "${strategy}"`);
  if (X.length !== y.length) throw new Error(`runCampaign: X has ${X.length} rows but y has ${y.length}`);
  const kernelIn = options.kernel ?? { type: "Product", k1: { type: "ConstantKernel" }, k2: { type: "RBF" } };
  const kernel = kernelIn instanceof Kernel ? kernelIn.clone() : kernelFromSpec(kernelIn);
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
  if (nInitial + topK >= searchable.length) throw new Error(`runCampaign: nInitial (${nInitial}) is too large for ${searchable.length} searchable compounds`);

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
  return { strategy, seed, rounds: history, queriesToTopK, measured, topK: top, test };
}

/** Options with the kernel as JSON, so that a campaign can run in a worker thread. */
export type CampaignJob = Omit<CampaignOptions, "kernel"> & { kernel?: KernelSpec };

/** Runs many campaigns (e.g. every strategy × seed), shared out between the CPU cores. Results in input order. */
export function runCampaigns(campaigns: (CampaignOptions | CampaignJob)[], nJobs = -1): CampaignResult[] {
  const jobs: CampaignJob[] = campaigns.map((c) => ({ ...c, kernel: c.kernel instanceof Kernel ? c.kernel.toSpec() : c.kernel }));
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

/** A campaign curve averaged over seeds: mean and percentile band at each number of measured alloys. */
export interface CurveSummary {
  /** x: measurements so far */
  nMeasured: number[];
  mean: number[];
  /** mean ± one standard deviation over the campaigns */
  lower: number[];
  upper: number[];
}

/** Averages one recorded quantity over campaigns (all with the same number of rounds). */
export function summarizeCurves(results: CampaignResult[], field: "testRmse" | "best"): CurveSummary {
  if (results.length === 0) throw new Error("summarizeCurves: no campaigns");
  const R = results[0].rounds.length;
  const out: CurveSummary = { nMeasured: results[0].rounds.map((r) => r.nMeasured), mean: [], lower: [], upper: [] };
  for (let r = 0; r < R; r++) {
    const v = results.map((c) => c.rounds[r][field]);
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
    out.mean.push(m);
    out.lower.push(m - sd);
    out.upper.push(m + sd);
  }
  return out;
}

/**
 * Mean queries-to-top-K over campaigns; a campaign that never found one counts as its full
 * budget (rounds × batchSize), so the mean is a lower bound when `found` < campaigns.
 */
export function meanQueriesToTopK(results: CampaignResult[]): { mean: number; found: number; campaigns: number } {
  const budget = (c: CampaignResult) => c.rounds[c.rounds.length - 1].nMeasured - c.rounds[0].nMeasured;
  const values = results.map((c) => c.queriesToTopK ?? budget(c));
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, found: results.filter((c) => c.queriesToTopK !== null).length, campaigns: results.length };
}
