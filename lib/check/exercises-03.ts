// Checks for the "Your turn" exercises of notebook 03 (Gaussian processes and active learning).
// Each says whether the student's answer is right and, if not, gives a hint — never the answer.
import { expectedImprovement, upperConfidenceBound } from "../active/acquisition";
import { randomSearchBaseline, topKIndices } from "../active/strategies";
import { GaussianProcessRegressor } from "../gp/gpr";
import { KernelSpec } from "../gp/kernels";
import { CheckResult, report, verdict } from "./feedback";

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Picks compared in exercise 1: the top ten of each acquisition function. */
const PICKS = 10;

/**
 * Exercise 1 (exploration knobs): UCB with weight `beta` and EI with margin `xi` score the same
 * candidates (predicted `mean`, `std`, lower is better, `best` the best measured value). Right
 * when their top-10 picks share at most five candidates.
 */
export function ucbVersusEi(mean: readonly number[], std: readonly number[], best: number, beta: unknown, xi: unknown): CheckResult {
  if (!isNumber(beta) || beta < 0) return report(verdict(false, "", `β should be a number >= 0; got ${String(beta)}.`));
  if (!isNumber(xi) || xi < 0) return report(verdict(false, "", `ξ should be a number >= 0; got ${String(xi)}.`));
  if (mean.length !== std.length || mean.length < 2 * PICKS) {
    return report(verdict(false, "", `pass the test set's predicted mean and std (the same length, at least ${2 * PICKS} alloys).`));
  }
  const ucb = topKIndices(upperConfidenceBound(mean, std, { beta, goal: "minimize" }), PICKS);
  const ei = topKIndices(expectedImprovement(mean, std, best, { xi, goal: "minimize" }), PICKS);
  const shared = ucb.filter((j) => ei.includes(j)).length;
  if (shared <= PICKS / 2) {
    return report(verdict(true, `UCB (β = ${beta}) and EI (ξ = ${xi}) now share only ${shared} of their ${PICKS} picks: the σ term finally outweighs the differences in μ.`, ""));
  }
  const spread = Math.max(...std) - Math.min(...std);
  return report(
    verdict(
      false,
      "",
      `UCB (β = ${beta}) and EI (ξ = ${xi}) still share ${shared} of their ${PICKS} picks. σ varies by only ${spread.toFixed(3)} eV across the test alloys, so βσ must change by about as much as μ does before UCB reorders them: raise β well beyond the slides' values (or raise ξ, which makes EI lean on σ).`,
    ),
  );
}

/** The kernel families (leaf kernel types other than the constant and white-noise factors) in a kernel spec. */
function families(spec: KernelSpec): string[] {
  if (spec.type === "Sum" || spec.type === "Product") return [...families(spec.k1 as KernelSpec), ...families(spec.k2 as KernelSpec)];
  return spec.type === "ConstantKernel" || spec.type === "WhiteKernel" ? [] : [spec.type];
}

/**
 * Exercise 2 (swap the kernel): `models` are band-gap GPs fitted with different kernels on the
 * same training data and settings; `chosen` is the one the student would keep judging by the log
 * marginal likelihood alone. Right with at least three kernel families and the chosen model
 * being the one with the highest log marginal likelihood.
 */
export function kernelSwap(models: unknown, chosen: unknown): CheckResult {
  if (!Array.isArray(models) || !models.every((m) => m instanceof GaussianProcessRegressor)) {
    return report(verdict(false, "", "pass an array of GaussianProcessRegressor models, one per kernel you tried."));
  }
  const fitted = models.filter((m) => m.isFitted());
  if (fitted.length !== models.length) return report(verdict(false, "", "fit every model in the list before comparing them."));
  const kinds = new Set(fitted.map((m) => families(m.kernel_.toSpec()).join(" × ")));
  if (kinds.size < 3) {
    return report(verdict(false, "", `you compared ${kinds.size} kernel famil${kinds.size === 1 ? "y" : "ies"} (${[...kinds].join(", ")}); fit the band gap with at least three, e.g. RBF, Matérn and exp-sine-squared.`));
  }
  const settings = (m: GaussianProcessRegressor) => JSON.stringify([m.getParams().alpha, m.getParams().normalizeY]);
  if (new Set(fitted.map(settings)).size > 1) {
    return report(verdict(false, "", "log marginal likelihoods are comparable only for the same data and settings: give every model the same alpha and normalizeY, and fit them on the same training set."));
  }
  if (!(chosen instanceof GaussianProcessRegressor) || !fitted.includes(chosen)) {
    return report(verdict(false, "", "set your choice to one of the models in your list (the variable itself, not its name)."));
  }
  const top = fitted.reduce((a, b) => (b.logMarginalLikelihoodValue_ > a.logMarginalLikelihoodValue_ ? b : a));
  if (chosen !== top) {
    return report(verdict(false, "", "another of your models explains the training data better: compare their logMarginalLikelihoodValue_ (higher is better), not the test RMSE, which a real campaign would not have."));
  }
  return report(verdict(true, `Right: ${chosen.kernel_} has the highest log marginal likelihood of the ${fitted.length} kernels. Now look whether it also has the lowest test RMSE.`, ""));
}

/**
 * Exercise 3 (the random baseline): the smallest `budget` with which random picking among
 * `nCandidates` finds one of `nTargets` in at least `probability` of the campaigns.
 */
export function randomBudget(nCandidates: number, nTargets: number, probability: number, budget: unknown): CheckResult {
  if (!isNumber(budget) || !Number.isInteger(budget) || budget < 1 || budget > nCandidates) {
    return report(verdict(false, "", `the budget is a whole number of measurements between 1 and ${nCandidates}; got ${String(budget)}.`));
  }
  const p = randomSearchBaseline(nCandidates, nTargets, budget).probabilityFound;
  const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
  if (p < probability) {
    return report(verdict(false, "", `with ${budget} random measurements a campaign finds a target only ${percent(p)} of the time; a larger budget is needed.`));
  }
  if (budget > 1 && randomSearchBaseline(nCandidates, nTargets, budget - 1).probabilityFound >= probability) {
    return report(verdict(false, "", `${budget} measurements are enough (${percent(p)}), but so are fewer: find the smallest budget that still reaches ${percent(probability)}.`));
  }
  return report(verdict(true, `${budget} random measurements find one of the ${nTargets} targets in ${percent(p)} of campaigns; compare that with what the GP-guided strategies needed.`, ""));
}
