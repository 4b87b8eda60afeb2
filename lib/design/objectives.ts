// What "best" means when designing a solar absorber, and the two ways the screen keeps the best
// compositions while streaming through millions of them: the top K of each objective and the
// Pareto front of stability against the distance of the band gap from its target.
//
// Both are defined by the compositions alone, never by the order they were seen in: ties are
// broken by the composition's index. So a screen cut into shards and merged again keeps exactly
// the compositions one run over the whole space keeps.
import { ParamError } from "../core/errors";

/** One composition with its predictions: means and spreads (std across the trees) in eV. */
export interface Prediction {
  /** Flat index of the composition in its CompositionSpace. */
  index: number;
  decomposition: number;
  decompositionStd: number;
  gap: number;
  gapStd: number;
}

/** The design goals: a stable compound (decomposition energy below a limit) with a band gap near a target. */
export interface DesignGoals {
  /** Band gap to aim for, eV (the Shockley–Queisser optimum, 1.34). */
  gapTarget: number;
  /** Acceptable band gaps, eV ([1.1, 1.7], as notebook 01). */
  gapWindow: [number, number];
  /** Decomposition energy below which a compound counts as stable, eV per formula unit (0). */
  maxDecomposition: number;
}

/** The goals of the case study. */
export const DEFAULT_GOALS: DesignGoals = { gapTarget: 1.34, gapWindow: [1.1, 1.7], maxDecomposition: 0 };

/**
 * The ranked objectives (smaller is better for every one):
 * - `stability`: the predicted decomposition energy;
 * - `gap_target`: |band gap − gapTarget|;
 * - `stable_in_window`: the decomposition energy, for compositions whose gap is in the window;
 * - `window_margin`: minus notebook 01's margin, the smallest distance (in tree spreads) of the
 *   predictions from the limits of the window and of stability, for compositions inside both.
 */
export const OBJECTIVES = ["stability", "gap_target", "stable_in_window", "window_margin"] as const;

/** One of OBJECTIVES. */
export type Objective = (typeof OBJECTIVES)[number];

/** Checks goals given by a user and fills in the defaults. */
export function resolveGoals(goals: Partial<DesignGoals> = {}): DesignGoals {
  const out = {
    gapTarget: goals.gapTarget ?? DEFAULT_GOALS.gapTarget,
    gapWindow: goals.gapWindow ?? DEFAULT_GOALS.gapWindow,
    maxDecomposition: goals.maxDecomposition ?? DEFAULT_GOALS.maxDecomposition,
  };
  const [lo, hi] = out.gapWindow;
  if (!Number.isFinite(out.gapTarget)) throw new ParamError(`design goals: gapTarget must be a finite number of eV, got ${out.gapTarget}`);
  if (!(Array.isArray(out.gapWindow) && out.gapWindow.length === 2 && Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new ParamError(`design goals: gapWindow must be [low, high] in eV with low < high, got ${JSON.stringify(out.gapWindow)}`);
  }
  if (!Number.isFinite(out.maxDecomposition)) throw new ParamError(`design goals: maxDecomposition must be a finite number, got ${out.maxDecomposition}`);
  return { gapTarget: out.gapTarget, gapWindow: [lo, hi], maxDecomposition: out.maxDecomposition };
}

/** True when the predicted gap lies in the window. */
export function inWindow(p: Prediction, goals: DesignGoals): boolean {
  return p.gap >= goals.gapWindow[0] && p.gap <= goals.gapWindow[1];
}

/** The value of an objective (smaller is better); Infinity when the composition does not qualify. */
export function objectiveValue(objective: Objective, p: Prediction, goals: DesignGoals): number {
  return objectiveOf(objective, p.decomposition, p.decompositionStd, p.gap, p.gapStd, goals);
}

/** objectiveValue from the four predicted numbers (no record needed: the screen's inner loop). */
export function objectiveOf(objective: Objective, decomposition: number, decompositionStd: number, gap: number, gapStd: number, goals: DesignGoals): number {
  const [lo, hi] = goals.gapWindow;
  switch (objective) {
    case "stability":
      return decomposition;
    case "gap_target":
      return Math.abs(gap - goals.gapTarget);
    case "stable_in_window":
      return gap >= lo && gap <= hi ? decomposition : Infinity;
    case "window_margin": {
      if (!(gap >= lo && gap <= hi) || !(decomposition < goals.maxDecomposition)) return Infinity;
      const sd = Math.max(decompositionStd, 1e-9);
      const sg = Math.max(gapStd, 1e-9);
      return -Math.min((goals.maxDecomposition - decomposition) / sd, (gap - lo) / sg, (hi - gap) / sg);
    }
  }
}

/**
 * The single objective the searches (genetic algorithm, Bayesian optimization) minimize: the
 * decomposition energy, plus `penalty` eV for every eV the band gap lies outside the window. Inside
 * the window it equals the `stable_in_window` objective, so the searches chase its top K; the
 * penalty leads them there from outside.
 */
export function penalizedObjective(p: Prediction, goals: DesignGoals, penalty = 10): number {
  const [lo, hi] = goals.gapWindow;
  return p.decomposition + penalty * Math.max(0, lo - p.gap, p.gap - hi);
}

/** Orders (value, index) pairs: smaller value first, then smaller index. */
function before(v1: number, i1: number, v2: number, i2: number): boolean {
  return v1 < v2 || (v1 === v2 && i1 < i2);
}

/**
 * The K best compositions for one objective seen so far (a bounded max-heap: the root is the
 * worst kept, so most compositions are turned away with one comparison).
 */
export class TopK {
  private readonly heap: { value: number; p: Prediction }[] = [];

  constructor(
    readonly objective: Objective,
    readonly k: number,
    readonly goals: DesignGoals,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new ParamError(`TopK: k must be a whole number >= 1, got ${k}`);
  }

  /** Offers a composition; keeps it if it is among the K best so far. */
  offer(p: Prediction): void {
    const value = objectiveValue(this.objective, p, this.goals);
    if (this.accepts(value, p.index)) this.insert(value, p);
  }

  /** True when a composition with this objective value and index would be kept (cheap pre-check). */
  accepts(value: number, index: number): boolean {
    if (value === Infinity) return false;
    const h = this.heap;
    return h.length < this.k || before(value, index, h[0].value, h[0].p.index);
  }

  /** Keeps p (with its objective value), dropping the worst kept if full; call only when accepts() said so. */
  insert(value: number, p: Prediction): void {
    const h = this.heap;
    if (h.length === this.k) {
      h[0] = { value, p };
      this.siftDown(0);
      return;
    }
    h.push({ value, p });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[parent].value, h[parent].p.index, h[i].value, h[i].p.index)) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && before(h[worst].value, h[worst].p.index, h[l].value, h[l].p.index)) worst = l;
      if (r < h.length && before(h[worst].value, h[worst].p.index, h[r].value, h[r].p.index)) worst = r;
      if (worst === i) return;
      [h[worst], h[i]] = [h[i], h[worst]];
      i = worst;
    }
  }

  /** The kept compositions, best first. */
  sorted(): Prediction[] {
    return [...this.heap].sort((a, b) => (before(a.value, a.p.index, b.value, b.p.index) ? -1 : 1)).map((e) => e.p);
  }
}

/** The two coordinates of the Pareto front: decomposition energy and |gap − target|. */
export function frontPoint(p: Prediction, goals: DesignGoals): [number, number] {
  return [p.decomposition, Math.abs(p.gap - goals.gapTarget)];
}

/**
 * The Pareto front of (decomposition energy, |gap − target|), both minimized: the compositions
 * that no other composition beats on one without losing on the other. Compositions with equal
 * coordinates are all kept. Stored sorted by decomposition energy (then index), so the distance
 * to the target falls along the list and a newcomer is checked with one binary search.
 */
export class ParetoFront {
  private readonly points: { d: number; g: number; p: Prediction }[] = [];

  constructor(readonly goals: DesignGoals) {}

  /** Offers a composition; keeps it if nothing kept dominates it, dropping those it dominates. */
  offer(p: Prediction): void {
    const [d, g] = frontPoint(p, this.goals);
    const pts = this.points;
    const lower = this.firstAbove(d, false); // first point with decomposition >= d
    const upper = this.firstAbove(d, true); // first point with decomposition > d
    // Points with a smaller decomposition energy have larger gap distances the later they come:
    // the last of them is the only one that could dominate p.
    if (lower > 0 && pts[lower - 1].g <= g) return;
    // Points with the same decomposition energy all share one gap distance (they are on the front).
    if (lower < upper) {
      if (pts[lower].g < g) return;
      if (pts[lower].g === g) {
        let at = lower;
        while (at < upper && pts[at].p.index < p.index) at++;
        pts.splice(at, 0, { d, g, p });
        return;
      }
    }
    // p is on the front: drop the points it dominates (same energy or more, gap distance as large or larger).
    let end = upper;
    while (end < pts.length && pts[end].g >= g) end++;
    pts.splice(lower, end - lower, { d, g, p });
  }

  /** True when nothing kept dominates the point (d, g), i.e. offering it would change the front. */
  accepts(d: number, g: number): boolean {
    const lower = this.firstAbove(d, false);
    if (lower > 0 && this.points[lower - 1].g <= g) return false;
    return !(lower < this.points.length && this.points[lower].d === d && this.points[lower].g < g);
  }

  /** Index of the first point whose decomposition energy is > d (strict) or >= d. */
  private firstAbove(d: number, strict: boolean): number {
    const pts = this.points;
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? pts[mid].d <= d : pts[mid].d < d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The front, most stable first. */
  sorted(): Prediction[] {
    return this.points.map((e) => e.p);
  }

  /** Number of compositions on the front. */
  get size(): number {
    return this.points.length;
  }
}

/** The plain definition, for checking ParetoFront: p is kept unless another point is at least as good on both and better on one. */
export function paretoByDefinition(points: readonly Prediction[], goals: DesignGoals): Prediction[] {
  const xy = points.map((p) => frontPoint(p, goals));
  return points
    .filter((_, i) => !xy.some(([d, g], j) => j !== i && d <= xy[i][0] && g <= xy[i][1] && (d < xy[i][0] || g < xy[i][1])))
    .sort((a, b) => a.decomposition - b.decomposition || Math.abs(a.gap - goals.gapTarget) - Math.abs(b.gap - goals.gapTarget) || a.index - b.index);
}
