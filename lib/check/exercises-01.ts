// Checks for the "Your turn" exercises of notebook 01 (descriptors and regression). Each says
// whether the student's answer is right and, if not, gives a hint — never the answer itself.
import { isFrameLike } from "../core/input";
import { CheckResult, report, verdict } from "./feedback";

/** Sizes of the three descriptor sets of the tutorial: composition, elemental, all. */
const SET_SIZES = [14, 36, 50];

/** The values of one column of a DataFrame, or a sentence saying why they cannot be read. */
function column(frame: unknown, name: string, what: string): unknown[] | string {
  if (!isFrameLike(frame)) return `${what} should be a DataFrame; got ${Array.isArray(frame) ? "an array" : typeof frame}.`;
  const j = frame.columns.indexOf(name);
  if (j < 0) return `${what} has no "${name}" column.`;
  return (frame.values as unknown[][]).map((row) => row[j]);
}

/**
 * Exercise "three descriptor sets": `comparison` is the table from ml.compareFeatureSets (scoring
 * "rmse") for one model on the composition (14), elemental (36) and all (50) descriptors;
 * `bestSet` is the name of the set the student reads off as best. Right when the three sets are
 * there and `bestSet` has the lowest cross-validated RMSE of the first target in the table (sets
 * within 0.002 eV of the lowest count as tied).
 */
export function descriptorSets(comparison: unknown, bestSet: unknown): CheckResult {
  const what = "The comparison";
  const cols = ["target", "set", "descriptors"].map((c) => column(comparison, c, what));
  const problem = cols.find((c) => typeof c === "string");
  if (typeof problem === "string") return report(verdict(false, "", `${problem} Build it with ml.compareFeatureSets(model, dft, sets, targets, { cv, scoring }).`));
  const rmse = column(comparison, "cv_rmse_mean", what);
  if (typeof rmse === "string") return report(verdict(false, "", "the table has no cv_rmse_mean column: pass scoring: \"rmse\" to compareFeatureSets."));
  const [targets, sets, sizes] = cols as unknown[][];
  const first = targets[0];
  const rows = targets.map((t, i) => i).filter((i) => targets[i] === first);
  const found = rows.map((i) => Number(sizes[i])).sort((a, b) => a - b);
  if (found.join(",") !== SET_SIZES.join(",")) {
    return report(
      verdict(false, "", `the sets have ${found.join(", ")} descriptors; compare the composition (14: ml.COMPOSITION_DESCRIPTORS), elemental (36: ml.ELEMENTAL_DESCRIPTORS) and all (50: ml.ALL_DESCRIPTORS) sets.`),
    );
  }
  const scores = rows.map((i) => ({ set: String(sets[i]), rmse: Number(rmse[i]) }));
  const lowest = Math.min(...scores.map((s) => s.rmse));
  const chosen = scores.find((s) => s.set === bestSet);
  if (!chosen) return report(verdict(false, "", `bestSet should be one of the set names in the table (${scores.map((s) => `"${s.set}"`).join(", ")}); got ${JSON.stringify(bestSet)}.`));
  const tied = scores.filter((s) => s.rmse - lowest <= 0.002);
  if (chosen.rmse - lowest > 0.002) return report(verdict(false, "", `"${chosen.set}" is not the lowest cv_rmse_mean for ${String(first)}: lower is better, compare the column again.`));
  if (tied.length === scores.length) {
    return report(verdict(true, `All three sets tie for this model (within 0.002 eV): it gains nothing from the elemental descriptors. A linear model sees the same 11 directions in all three sets (the rank section); try a nonlinear model too.`, ""));
  }
  return report(verdict(true, `"${chosen.set}" gives your model the lowest cross-validated RMSE for ${String(first)} (${chosen.rmse.toFixed(3)} eV${tied.length > 1 ? ", tied with " + tied.filter((s) => s !== chosen).map((s) => `"${s.set}"`).join(", ") : ""}).`, ""));
}

/** A fitOnSplit result as the check reads it. */
interface FitLike {
  model?: { estimatorName?: string; params?: { alpha?: unknown }; coef_?: number[]; model_?: { estimatorName?: string; params?: { alpha?: unknown }; coef_?: number[] } };
  test?: { report?: { rmse?: unknown } };
}

/**
 * Exercise "ridge's alpha": `fit` is ml.fitOnSplit of a ridge model (scaled: ScaledRegressor with
 * Ridge) on the band gap. Right when the test RMSE is 0.42–0.44 eV, about 10% above least squares
 * (0.389 eV): the penalty has started to cost accuracy.
 */
export function ridgeTradeoff(fit: unknown): CheckResult {
  const f = (fit ?? {}) as FitLike;
  const inner = f.model?.model_ ?? f.model;
  if (!inner || inner.estimatorName !== "Ridge" || !Array.isArray(inner.coef_)) {
    return report(verdict(false, "", "pass the result of ml.fitOnSplit with a fitted ridge model, e.g. new ml.ScaledRegressor({ model: new ml.Ridge({ alpha }) })."));
  }
  const rmse = f.test?.report?.rmse;
  if (typeof rmse !== "number" || !Number.isFinite(rmse)) return report(verdict(false, "", "the fit has no test RMSE; pass the result of ml.fitOnSplit."));
  if (rmse < 0.2) return report(verdict(false, "", `a test RMSE of ${rmse.toFixed(3)} eV is not the band gap's: fit on gap (the Band Gap column).`));
  const norm = Math.hypot(...inner.coef_);
  const alpha = inner.params?.alpha;
  const at = `alpha = ${String(alpha)}: test RMSE ${rmse.toFixed(3)} eV, weight norm ${norm.toFixed(3)}`;
  if (rmse < 0.42) return report(verdict(false, "", `${at}. The penalty does not cost accuracy yet: make alpha larger (try factors of 2).`));
  if (rmse > 0.44) return report(verdict(false, "", `${at}. That costs more than 10%: make alpha smaller.`));
  return report(verdict(true, `${at}. Here the shrinking weights start to cost accuracy: the model is being pulled towards predicting the mean.`, ""));
}

/** A learningCurve result as the check reads it. */
interface CurveLike {
  scoring?: unknown;
  trainSizes?: unknown;
  testMean?: unknown;
}

/**
 * Exercise "the forest's depth": `curve` is ml.learningCurve (scoring "rmse") of a random forest
 * with `maxDepth`. Right when the cross-validated RMSE with all training rows is below 0.30 eV
 * with trees at most 6 levels deep (the smallest depth that gets there is the point).
 */
export function forestDepth(curve: unknown, maxDepth: unknown): CheckResult {
  const c = (curve ?? {}) as CurveLike;
  if (c.scoring !== "rmse" || !Array.isArray(c.testMean) || !Array.isArray(c.trainSizes) || c.testMean.length === 0) {
    return report(verdict(false, "", "pass the result of ml.learningCurve(..., { scoring: \"rmse\", ... })."));
  }
  if (typeof maxDepth !== "number" || !Number.isInteger(maxDepth) || maxDepth < 1) {
    return report(verdict(false, "", `maxDepth should be a whole number of levels (1, 2, 3, ...); got ${String(maxDepth)}.`));
  }
  const final = Number(c.testMean[c.testMean.length - 1]);
  const at = `maxDepth ${maxDepth}: cross-validated RMSE ${final.toFixed(3)} eV with ${String(c.trainSizes[c.trainSizes.length - 1])} training alloys`;
  if (!(final < 0.3)) return report(verdict(false, "", `${at}. Both curves stay high: the trees are too shallow to follow the data (underfitting). Allow deeper trees.`));
  if (maxDepth > 6) return report(verdict(false, "", `${at}, below 0.30 eV, but shallower trees get there too: look for the smallest depth that does.`));
  return report(verdict(true, `${at}. Deeper trees still lower the validation error a little, while the gap between the training and validation curves keeps growing.`, ""));
}
