// Query strategies: turn acquisition scores into the indices of the next candidates to measure.
import { ParamError } from "../core/errors";
import { Random } from "../core/random";

/** Indices of the k largest scores (ties: lower index first), skipping `exclude`. */
export function topKIndices(scores: readonly number[], k: number, exclude: ReadonlySet<number> = new Set()): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`topKIndices: k must be an integer >= 0, got ${k}`);
  const order = scores.map((_, i) => i).filter((i) => !exclude.has(i));
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, k);
}

/** k indices of 0..n-1 drawn at random without replacement, skipping `exclude`. */
export function randomIndices(n: number, k: number, rng: Random, exclude: ReadonlySet<number> = new Set()): number[] {
  return rng.permutation(n).filter((i) => !exclude.has(i)).slice(0, k);
}

/** What random picking should achieve: see randomSearchBaseline. */
export interface RandomBaseline {
  /** Expected draws until the first target, (N + 1)/(k + 1), with no budget. */
  expectedDraws: number;
  /** Expected draws counted as a campaign counts them: the first hit, or the budget when none came (E[min(T, budget)]). */
  expectedDrawsWithinBudget: number;
  /** Probability that a target is drawn within the budget. */
  probabilityFound: number;
}

/**
 * The random strategy on paper: drawing without replacement from N candidates of which k are
 * targets, the first target comes on average at draw (N + 1)/(k + 1) (the k targets cut the
 * N − k others into k + 1 runs of equal expected length). With a budget of B draws, a campaign
 * that never hits counts B, so the comparable number is E[min(T, B)] = Σ_{t<B} P(T > t), where
 * P(T > t) = Π_{i<t} (N − k − i)/(N − i) is the chance that the first t draws all miss.
 */
export function randomSearchBaseline(nCandidates: number, nTargets: number, budget: number = nCandidates): RandomBaseline {
  const N = nCandidates;
  const k = nTargets;
  if (!Number.isInteger(N) || N < 1) throw new ParamError(`randomSearchBaseline: nCandidates must be an integer >= 1, got ${N}`);
  if (!Number.isInteger(k) || k < 1 || k > N) throw new ParamError(`randomSearchBaseline: nTargets must be an integer in [1, nCandidates = ${N}], got ${k}`);
  if (!Number.isInteger(budget) || budget < 1) throw new ParamError(`randomSearchBaseline: budget must be an integer >= 1, got ${budget}`);
  let allMiss = 1; // P(T > t), starting at t = 0
  let withinBudget = 0;
  for (let t = 0; t < budget && allMiss > 0; t++) {
    withinBudget += allMiss;
    allMiss *= Math.max(0, N - k - t) / (N - t);
  }
  return { expectedDraws: (N + 1) / (k + 1), expectedDrawsWithinBudget: withinBudget, probabilityFound: 1 - allMiss };
}
