// Acquisition functions: how promising an unmeasured candidate is, given the model's predicted
// mean μ(x) and standard deviation σ(x). Small pure functions over arrays, in the style of modAL.
// The slides write them for maximizing f, with f(x⁺) the best value measured so far:
//
//   UCB(x) = μ(x) + β σ(x)
//   PI(x)  = Φ(z),                              z = (μ(x) − f(x⁺) − ξ) / σ(x)
//   EI(x)  = (μ(x) − f(x⁺) − ξ) Φ(z) + σ(x) φ(z)
//
// Φ and φ are the standard normal CDF and density. To minimize (e.g. decomposition energy) the
// improvement is f(x⁺) − μ(x) − ξ instead, and UCB becomes the lower bound μ − βσ (returned
// negated, so that for every goal the candidate with the LARGEST score is the one to measure).
// For a target value t (a band gap near 1.34 eV) "better" means a smaller distance |y − t|; PI
// and EI are then computed exactly for that distance under the Gaussian prediction.

/** What "better" means: larger y, smaller y, or y closer to a target value. */
export type Goal = "maximize" | "minimize" | { target: number };

import { DataError, ParamError } from "../core/errors";
import { ParamSpec, checkValue, declareParams, resolveParams } from "../core/params";
import { custom, number } from "../core/rules";
import { normalCdf, normalPdf } from "../core/stats";

/** The rule of a `goal` option: "maximize", "minimize" or { target: a finite number }. */
export const goalRule = custom(
  (v) => v === "maximize" || v === "minimize" || (typeof v === "object" && v !== null && Object.keys(v).length === 1 && Number.isFinite((v as { target?: unknown }).target)),
  '"maximize", "minimize" or { target: t } with a finite number t',
);

function checkArrays(who: string, mean: readonly number[], std: readonly number[]): void {
  if (mean.length !== std.length) throw new Error(`${who}: mean has ${mean.length} values but std has ${std.length}`);
  std.forEach((s, i) => {
    if (!(s >= 0)) throw new Error(`${who}: std[${i}] is ${s}; standard deviations must be >= 0`);
  });
}

/** How good a measured value is, larger = better: y, −y, or −|y − t|. */
export function goalScore(y: number, goal: Goal): number {
  if (goal === "maximize") return y;
  if (goal === "minimize") return -y;
  return -Math.abs(y - goal.target);
}

/** The best value measured so far for the goal (for a target: the measured y closest to it). */
export function bestObserved(y: readonly number[], goal: Goal): number {
  checkValue("bestObserved", "goal", { rule: goalRule }, goal);
  if (y.length === 0) throw new Error("bestObserved: no measurements yet");
  let best = y[0];
  for (const v of y) if (goalScore(v, goal) > goalScore(best, goal)) best = v;
  return best;
}

/** Options of upperConfidenceBound: the goal and the exploration weight beta. */
export interface UcbOptions {
  /** Weight of the uncertainty (exploration). Default 2. */
  beta?: number;
  goal?: Goal;
}

const ucbSpec: ParamSpec<UcbOptions> = declareParams<UcbOptions>({
  beta: { default: 2, rule: number(), doc: "Weight of the uncertainty (exploration)." },
  goal: { default: "maximize", rule: goalRule, doc: "What better means." },
});

/**
 * Upper confidence bound μ + βσ for maximizing; for minimizing −(μ − βσ); for a target −|μ − t| + βσ
 * (an optimistic distance). Larger = more worth measuring, for every goal.
 */
export function upperConfidenceBound(mean: readonly number[], std: readonly number[], options: UcbOptions = {}): number[] {
  const { beta, goal } = resolveParams("upperConfidenceBound", ucbSpec, options);
  checkArrays("upperConfidenceBound", mean, std);
  return mean.map((m, i) => goalScore(m, goal) + beta * std[i]);
}

/** Options of probabilityOfImprovement / expectedImprovement: the goal, the best value so far and the margin xi. */
export interface ImprovementOptions {
  /** ξ: improvement demanded beyond the best so far, in units of y (trades exploitation for exploration). Default 0.01. */
  xi?: number;
  goal?: Goal;
}

const improvementSpec: ParamSpec<ImprovementOptions> = declareParams<ImprovementOptions>({
  xi: { default: 0.01, rule: number(), doc: "Improvement demanded beyond the best so far, in units of y." },
  goal: { default: "maximize", rule: goalRule, doc: "What better means." },
});

/** Improvement of the mean over the best measured value (the numerator of z), for max/min goals. */
function improvement(m: number, best: number, xi: number, goal: "maximize" | "minimize"): number {
  return goal === "maximize" ? m - best - xi : best - m - xi;
}

/** P(y(x) beats the best measured value by at least ξ). */
export function probabilityOfImprovement(mean: readonly number[], std: readonly number[], best: number, options: ImprovementOptions = {}): number[] {
  const { xi, goal } = resolveParams("probabilityOfImprovement", improvementSpec, options);
  checkArrays("probabilityOfImprovement", mean, std);
  return mean.map((m, i) => {
    const s = std[i];
    if (typeof goal === "object") {
      // P(|y − t| < d), d = (best distance so far) − ξ
      const d = Math.abs(best - goal.target) - xi;
      if (d <= 0) return 0;
      if (s === 0) return Math.abs(m - goal.target) < d ? 1 : 0;
      return normalCdf((goal.target + d - m) / s) - normalCdf((goal.target - d - m) / s);
    }
    const imp = improvement(m, best, xi, goal);
    if (s === 0) return imp > 0 ? 1 : 0;
    return normalCdf(imp / s);
  });
}

/** E[max(0, improvement)] under the Gaussian prediction: how much better, on average, than the best so far. */
export function expectedImprovement(mean: readonly number[], std: readonly number[], best: number, options: ImprovementOptions = {}): number[] {
  const { xi, goal } = resolveParams("expectedImprovement", improvementSpec, options);
  checkArrays("expectedImprovement", mean, std);
  return mean.map((m, i) => {
    const s = std[i];
    if (typeof goal === "object") return expectedDistanceImprovement(m - goal.target, s, Math.abs(best - goal.target) - xi);
    const imp = improvement(m, best, xi, goal);
    if (s === 0) return Math.max(imp, 0);
    const z = imp / s;
    return imp * normalCdf(z) + s * normalPdf(z);
  });
}

/**
 * E[max(0, d − |Z|)] for Z ~ N(m, s²): the expected amount by which the distance to the target
 * beats d. Written with G(a) = E[(a − Z)⁺] and H(a) = E[(Z − a)⁺], both closed forms:
 * E = G(d) + H(−d) − G(0) − H(0) − d.
 */
export function expectedDistanceImprovement(m: number, s: number, d: number): number {
  if (d <= 0) return 0;
  if (s === 0) return Math.max(0, d - Math.abs(m));
  const G = (a: number) => (a - m) * normalCdf((a - m) / s) + s * normalPdf((a - m) / s);
  const H = (a: number) => (m - a) * normalCdf((m - a) / s) + s * normalPdf((m - a) / s);
  return Math.max(0, G(d) + H(-d) - G(0) - H(0) - d);
}

/** Pure exploration: measure where the model is least sure. */
export function maxUncertainty(_mean: readonly number[], std: readonly number[]): number[] {
  return std.slice();
}

/** The tutorial notebook's three acquisition scores for every candidate, and the f⁺ they use. */
export interface TutorialAcquisition {
  /** −μ·ε·σ (the tutorial's "UCB"). */
  ucb: number[];
  /** Φ((−μ − f⁺ − ε)/σ). */
  pi: number[];
  /** (−μ − f⁺ − ε) Φ(z) + σ φ(z), z = (−μ − f⁺)/σ. */
  ei: number[];
  /** f⁺: the smallest predicted mean among the candidates. */
  best: number;
}

/**
 * The acquisition scores exactly as the tutorial's notebook computes them for low decomposition
 * energy (kept for comparison; use upperConfidenceBound / probabilityOfImprovement /
 * expectedImprovement for the slides' definitions). With ε = `epsilon`:
 *
 *   "UCB" = −μ·ε·σ                       (a product, not the slides' μ + βσ)
 *   f⁺    = min over the candidates of μ  (a prediction, not the best measured value)
 *   PI    = Φ((−μ − f⁺ − ε)/σ)
 *   EI    = (−μ − f⁺ − ε) Φ(z) + σ φ(z),  z = (−μ − f⁺)/σ
 *
 * The mean is negated but f⁺ is not, so PI and EI do not measure an improvement over f⁺ (that
 * would be f⁺ − μ − ε). A candidate with σ = 0 scores 0 in all three.
 */
export function tutorialAcquisition(mean: readonly number[], std: readonly number[], epsilon = 0.01): TutorialAcquisition {
  checkArrays("tutorialAcquisition", mean, std);
  if (mean.length === 0) throw new DataError("tutorialAcquisition: no candidates");
  if (!Number.isFinite(epsilon)) throw new ParamError(`tutorialAcquisition: epsilon must be a finite number, got ${epsilon}`);
  const best = Math.min(...mean);
  const ucb: number[] = [];
  const pi: number[] = [];
  const ei: number[] = [];
  mean.forEach((m, i) => {
    const s = std[i];
    if (s === 0) {
      ucb.push(0);
      pi.push(0);
      ei.push(0);
      return;
    }
    const gain = -m - best - epsilon;
    const z = (-m - best) / s;
    ucb.push(-m * epsilon * s);
    pi.push(normalCdf(gain / s));
    ei.push(gain * normalCdf(z) + s * normalPdf(z));
  });
  return { ucb, pi, ei, best };
}
