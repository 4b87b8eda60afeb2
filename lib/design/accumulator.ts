// What a screen keeps while it streams through the space: the top K of every objective, the
// Pareto front, a few counts and a 2-D histogram of the predictions. Memory stays the same
// however many compositions pass. Two accumulators over disjoint parts of the space merge into
// exactly the accumulator of the whole (the kept sets do not depend on the order of arrival).
import { DataError } from "../core/errors";
import { DesignGoals, OBJECTIVES, Objective, ParetoFront, Prediction, TopK, objectiveOf } from "./objectives";

/** Bins of the 2-D histogram of predicted decomposition energy (rows) and band gap (columns). */
export interface HistogramSpec {
  decompositionRange: [number, number];
  gapRange: [number, number];
  bins: number;
}

/** Everything a screen keeps, as plain data (JSON-safe; what shard files hold). */
export interface AccumulatorState {
  compositions: number;
  /** Predicted stable (decomposition energy below the goal's limit), gap in the window, both. */
  counts: { stable: number; inWindow: number; stableInWindow: number };
  best: Record<Objective, Prediction[]>;
  pareto: Prediction[];
  histogram: HistogramSpec & { counts: number[] };
}

/** Streams predictions in; keeps the best of each objective, the front, counts and a histogram. */
export class ScreenAccumulator {
  private readonly tops: TopK[];
  private readonly front: ParetoFront;
  private readonly hist: Float64Array;
  private compositions = 0;
  private stable = 0;
  private inWindow = 0;
  private stableInWindow = 0;

  constructor(
    readonly goals: DesignGoals,
    readonly top: number,
    readonly histogram: HistogramSpec,
  ) {
    this.tops = OBJECTIVES.map((o) => new TopK(o, top, goals));
    this.front = new ParetoFront(goals);
    this.hist = new Float64Array(histogram.bins * histogram.bins);
  }

  /** Adds one composition's predictions. */
  add(index: number, decomposition: number, decompositionStd: number, gap: number, gapStd: number): void {
    const { goals } = this;
    this.compositions++;
    const stable = decomposition < goals.maxDecomposition;
    const inWindow = gap >= goals.gapWindow[0] && gap <= goals.gapWindow[1];
    if (stable) this.stable++;
    if (inWindow) this.inWindow++;
    if (stable && inWindow) this.stableInWindow++;
    const { decompositionRange: [d0, d1], gapRange: [g0, g1], bins } = this.histogram;
    const i = Math.min(bins - 1, Math.max(0, Math.floor(((decomposition - d0) / (d1 - d0)) * bins)));
    const j = Math.min(bins - 1, Math.max(0, Math.floor(((gap - g0) / (g1 - g0)) * bins)));
    this.hist[i * bins + j]++;
    // Most compositions are turned away by cheap checks; a record is made only for those kept.
    let p: Prediction | undefined;
    for (const t of this.tops) {
      const value = objectiveOf(t.objective, decomposition, decompositionStd, gap, gapStd, goals);
      if (t.accepts(value, index)) t.insert(value, (p ??= { index, decomposition, decompositionStd, gap, gapStd }));
    }
    if (this.front.accepts(decomposition, Math.abs(gap - goals.gapTarget))) this.front.offer(p ?? { index, decomposition, decompositionStd, gap, gapStd });
  }

  /** Adds the kept compositions and the counts of another accumulator's state (a disjoint part of the space). */
  merge(state: AccumulatorState): void {
    const h = state.histogram;
    const mine = this.histogram;
    if (h.bins !== mine.bins || h.decompositionRange.some((v, k) => v !== mine.decompositionRange[k]) || h.gapRange.some((v, k) => v !== mine.gapRange[k])) {
      throw new DataError("screen merge: the parts were screened with different histogram bins");
    }
    this.compositions += state.compositions;
    this.stable += state.counts.stable;
    this.inWindow += state.counts.inWindow;
    this.stableInWindow += state.counts.stableInWindow;
    h.counts.forEach((c, k) => (this.hist[k] += c));
    this.tops.forEach((t) => state.best[t.objective].forEach((p) => t.offer(p)));
    state.pareto.forEach((p) => this.front.offer(p));
  }

  /** The state as plain data. */
  state(): AccumulatorState {
    return {
      compositions: this.compositions,
      counts: { stable: this.stable, inWindow: this.inWindow, stableInWindow: this.stableInWindow },
      best: Object.fromEntries(this.tops.map((t) => [t.objective, t.sorted()])) as Record<Objective, Prediction[]>,
      pareto: this.front.sorted(),
      histogram: { ...this.histogram, counts: Array.from(this.hist) },
    };
  }
}

