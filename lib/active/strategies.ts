// Query strategies: turn acquisition scores into the indices of the next candidates to measure.
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
