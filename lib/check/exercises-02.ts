// Checks for the "Your turn" exercises of notebook 02 (classification and maps of the descriptor
// space). Each says whether the student's answer is right and, if not, gives a hint — never the
// answer itself.
import { XInput, isFrameLike } from "../core/input";
import { TARGET_DECOMPOSITION } from "../data/columns";
import { TSNE, trustworthiness } from "../decomposition/tsne";
import { CheckResult, report, verdict } from "./feedback";

/** The fields of an evaluateClassifier result that the checks read. */
interface Scored {
  name: string;
  accuracy: number;
  f1: number;
  yTrue: unknown[];
  predicted: unknown[];
}

/** An evaluateClassifier result, or undefined. */
function asScored(value: unknown): Scored | undefined {
  const v = value as Partial<Scored> | null;
  const ok = typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.accuracy === "number" && typeof v.f1 === "number" && Array.isArray(v.yTrue) && Array.isArray(v.predicted);
  return ok ? (v as Scored) : undefined;
}

/** The decomposition energies of the DFT table, or a sentence saying why they cannot be read. */
function energiesOf(dft: unknown): number[] | string {
  if (!isFrameLike(dft)) return `dft should be the DFT table (a DataFrame); got ${Array.isArray(dft) ? "an array" : typeof dft}.`;
  const j = dft.columns.indexOf(TARGET_DECOMPOSITION);
  if (j < 0) return `the table has no "${TARGET_DECOMPOSITION}" column; pass the whole DFT table (dft).`;
  return (dft.values as unknown[][]).map((row) => Number(row[j]));
}

const percent = (x: number): string => `${(100 * x).toFixed(1)} %`;

/**
 * Exercise 1 (move the stability threshold): the forest was retrained and scored with labels
 * "stable = decomposition energy < threshold" for a threshold other than 0 eV, on the notebook's
 * split. Right when the threshold leaves both classes and the test labels follow it.
 */
export function stabilityThreshold(dft: unknown, threshold: unknown, split: unknown, evaluation: unknown): CheckResult {
  if (typeof threshold !== "number" || !Number.isFinite(threshold)) return report(verdict(false, "", `threshold should be a number of eV per formula unit, such as -0.1; got ${String(threshold)}.`));
  const energies = energiesOf(dft);
  if (typeof energies === "string") return report(verdict(false, "", energies));
  if (threshold === 0) return report(verdict(false, "", "the cell still uses 0 eV, the threshold of the sections above: set threshold to another value, for example a stricter one below zero."));
  const stable = energies.map((e) => (e < threshold ? 1 : 0));
  const nStable = stable.reduce((a: number, b) => a + b, 0);
  if (nStable === 0 || nStable === energies.length) {
    return report(verdict(false, "", `at ${threshold} eV ${nStable === 0 ? "no alloy is" : "every alloy is"} stable, so there is nothing to classify: pick a threshold inside the range of the histogram of decomposition energies.`));
  }
  const test = (split as { test?: unknown } | null)?.test;
  if (!Array.isArray(test) || !test.every((i) => Number.isInteger(i) && i >= 0 && i < energies.length)) return report(verdict(false, "", "split should be the notebook's train/test split (with its test row numbers)."));
  const scored = asScored(evaluation);
  if (!scored) return report(verdict(false, "", "the last argument should be the forest's evaluation, the result of ml.evaluateClassifier."));
  const expected = test.map((i: number) => stable[i]);
  if (scored.yTrue.length !== expected.length || scored.yTrue.some((v, k) => v !== expected[k])) {
    return report(verdict(false, "", `the test labels the forest was scored on do not follow a threshold of ${threshold} eV: take them from the new labels (labelsAt) at the split's test rows.`));
  }
  const testShare = expected.reduce((a: number, b) => a + b, 0) / expected.length;
  const baseline = Math.max(testShare, 1 - testShare);
  const gain = scored.accuracy - baseline;
  const reading = gain < 0.1 ? "little better than that lazy guess: with unbalanced classes accuracy flatters a model" : "a real gain over that lazy guess";
  return report(
    verdict(
      true,
      `At ${threshold} eV, ${nStable} of ${energies.length} alloys (${percent(nStable / energies.length)}) are stable. The forest labels ${percent(scored.accuracy)} of the test half correctly; always answering "${testShare >= 0.5 ? "stable" : "unstable"}" would score ${percent(baseline)}, so the forest is ${reading}. The F1 of the stable class (${scored.f1.toFixed(3)}) says how well the stable alloys themselves are found.`,
      "",
    ),
  );
}

/**
 * Exercise 2 (t-SNE's perplexity): `tsne` is a fitted TSNE with a perplexity other than 30 on the
 * composition descriptors X, and `trust` its trustworthiness with 5 neighbours.
 */
export function tsnePerplexity(X: unknown, tsne: unknown, trust: unknown): CheckResult {
  if (!(tsne instanceof TSNE) || !tsne.isFitted()) return report(verdict(false, "", "tsneAt should be a fitted ml.TSNE (new ml.TSNE({ ... }).fit(Xcomp))."));
  const perplexity = tsne.params.perplexity;
  if (perplexity === 30) return report(verdict(false, "", "this is still perplexity 30, the map above: change perplexity, for example to a small value such as 5 and then to a large one such as 100."));
  if (typeof trust !== "number" || !Number.isFinite(trust)) return report(verdict(false, "", `trustAt should be a number between 0 and 1; got ${String(trust)}.`));
  let expected: number;
  try {
    expected = trustworthiness(X as XInput, tsne.embedding_, 5);
  } catch {
    return report(verdict(false, "", "pass the descriptors the map was built from (Xcomp) as the first argument."));
  }
  if (Math.abs(trust - expected) > 1e-9) {
    return report(verdict(false, "", "compute trustworthiness of the new map (tsneAt.embedding_) against Xcomp with 5 neighbours, as in the table above."));
  }
  return report(
    verdict(
      true,
      `At perplexity ${perplexity} the map keeps a trustworthiness of ${trust.toFixed(3)}; compare it with the value at 30 in the table above, and look at how the clusters change: perplexity sets how many neighbours each alloy tries to stay close to.`,
      "",
    ),
  );
}

/**
 * Exercise 3 (two classifiers on F1): `a` and `b` are evaluations of two different models on the
 * same test rows; `answer` names the one with the higher F1 ("A"/"B" or its name).
 */
export function higherF1(a: unknown, b: unknown, answer: unknown): CheckResult {
  const A = asScored(a);
  const B = asScored(b);
  if (!A || !B) return report(verdict(false, "", "scoresA and scoresB should both be results of ml.evaluateClassifier."));
  if (A.yTrue.length !== B.yTrue.length || A.yTrue.some((v, i) => v !== B.yTrue[i])) {
    return report(verdict(false, "", "the two models were scored on different rows: evaluate both on the same test half (XTest, yTest)."));
  }
  if (A.predicted.every((v, i) => v === B.predicted[i])) {
    return report(verdict(false, "", "the two models make exactly the same predictions: change one setting of model B (for example C, or the number of trees)."));
  }
  const said = typeof answer === "string" ? answer.trim() : "";
  const pick = said.toUpperCase() === "A" || said === A.name ? A : said.toUpperCase() === "B" || said === B.name ? B : undefined;
  if (!pick) return report(verdict(false, "", `answer with "A" or "B" (or the model's name); got ${JSON.stringify(answer)}.`));
  if (A.f1 === B.f1) return report(verdict(true, `A tie: both models reach F1 = ${A.f1.toFixed(3)}, so either answer is right; compare their precision and recall.`, ""));
  const [winner, loser] = A.f1 > B.f1 ? [A, B] : [B, A];
  if (pick === winner) {
    const agree = winner.accuracy >= loser.accuracy ? "and accuracy agrees" : "although accuracy ranks them the other way";
    return report(verdict(true, `${winner.name} has the higher F1 (${winner.f1.toFixed(3)} against ${loser.f1.toFixed(3)}), ${agree}.`, ""));
  }
  if (pick.accuracy > winner.accuracy) return report(verdict(false, "", "that model has the higher accuracy, but the question is about F1: compare the f1 column."));
  return report(verdict(false, "", "compare the f1 column of the two rows again."));
}
