// The "experiment" of every search over the composition space: predicting a composition with the
// models. The evaluator counts each distinct composition once (asking again costs nothing), and
// remembers the order in which compositions were first evaluated, so a search's progress can be
// read against the exhaustive screen afterwards: how many of the true top 10 had it seen after
// n evaluations?
import { DataError } from "../core/errors";
import { Prediction } from "./objectives";
import { CompiledModels, predictCompositions } from "./screen";
import { CompositionSpace } from "./space";

/** Predicts compositions on demand, caching and counting them. */
export class CompositionEvaluator {
  /** Distinct compositions in the order they were first evaluated. */
  readonly order: number[] = [];
  private readonly cache = new Map<number, Prediction>();

  constructor(readonly compiled: CompiledModels) {}

  /** The space searched. */
  get space(): CompositionSpace {
    return this.compiled.space;
  }

  /** Number of distinct compositions evaluated so far. */
  get evaluations(): number {
    return this.order.length;
  }

  /** True when the composition has been evaluated. */
  has(index: number): boolean {
    return this.cache.has(index);
  }

  /** Predictions for these compositions (new ones are evaluated and counted, in the order given). */
  evaluate(indices: readonly number[]): Prediction[] {
    const fresh = [...new Set(indices.filter((i) => !this.cache.has(i)))];
    if (fresh.length) {
      predictCompositions(this.compiled, fresh).forEach((p) => this.cache.set(p.index, p));
      this.order.push(...fresh);
    }
    return indices.map((i) => this.cache.get(i) as Prediction);
  }

  /** The prediction of an evaluated composition. */
  get(index: number): Prediction {
    const p = this.cache.get(index);
    if (!p) throw new DataError(`CompositionEvaluator.get: composition ${index} has not been evaluated`);
    return p;
  }
}

/**
 * Fraction of `targets` (e.g. the screen's top 10) among the first n evaluated compositions, for
 * each n of `checkpoints`.
 */
export function recallCurve(order: readonly number[], targets: readonly number[], checkpoints: readonly number[]): number[] {
  const position = new Map<number, number>();
  order.forEach((index, k) => position.set(index, k));
  const found = targets.map((t) => position.get(t) ?? Infinity);
  return checkpoints.map((n) => found.filter((k) => k < n).length / targets.length);
}

/** Evaluations a search needed to see `needed` of the targets (Infinity if it never did). */
export function evaluationsToFind(order: readonly number[], targets: readonly number[], needed = 1): number {
  const position = new Map<number, number>();
  order.forEach((index, k) => position.set(index, k));
  const found = targets.map((t) => position.get(t) ?? Infinity).sort((a, b) => a - b);
  return needed <= found.length ? found[needed - 1] + 1 : Infinity;
}
