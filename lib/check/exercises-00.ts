// Checks for the "Your turn" exercises of notebook 00 (the data tour). Each says whether the
// student's answer is right and, if not, gives a hint — never the answer itself.
import { isFrameLike } from "../core/input";
import { countCandidates } from "../data/candidates";
import { CheckResult, report, verdict } from "./feedback";

/** The values of one column of a DataFrame, or a sentence saying why they cannot be read. */
function columnValues(frame: unknown, name: string, what: string): unknown[] | string {
  if (!isFrameLike(frame)) return `${what} should be a DataFrame; got ${Array.isArray(frame) ? "an array" : typeof frame}.`;
  const j = frame.columns.indexOf(name);
  if (j < 0) return `${what} has no "${name}" column (keep it when you select columns).`;
  return (frame.values as unknown[][]).map((row) => row[j]);
}

/** The row labels of a DataFrame (positions when it has none). */
function rowLabels(frame: unknown): number[] {
  if (!isFrameLike(frame)) return [];
  return (frame.index ?? frame.values.map((_, i) => i)).map(Number);
}

/** The first of several column reads that failed, else the columns. */
function columnsOf(frame: unknown, names: string[], what: string): unknown[][] | string {
  const columns = names.map((n) => columnValues(frame, n, what));
  const problem = columns.find((c) => typeof c === "string");
  return typeof problem === "string" ? problem : (columns as unknown[][]);
}

const HALIDES = ["Cl", "Br", "I"];

/**
 * Exercise 1 (featurize your own formula): `featurized` is the DataFrame from
 * featurizer.featurizeDataFrame, whose LAST row is the student's formula with two or three
 * halides on the X site; `estimate` is their hand calculation of that row's X_En. Right when it
 * is within 0.005 of the featurizer's value.
 */
export function xSiteAverage(featurized: unknown, estimate: unknown): CheckResult {
  const cols = columnsOf(featurized, ["Formula", ...HALIDES, "X_En"], "The featurized table");
  if (typeof cols === "string") return report(verdict(false, "", cols));
  const last = cols[0].length - 1;
  if (last < 0) return report(verdict(false, "", "the featurized table has no rows; featurize at least your own formula."));
  const formula = String(cols[0][last]);
  const fractions = HALIDES.map((_, k) => Number(cols[1 + k][last]));
  const actual = Number(cols[4][last]);
  if (fractions.filter((f) => f > 0).length < 2) {
    return report(verdict(false, "", `the last formula (${formula}) has a single halide on the X site; write one that mixes two, e.g. some Br in place of I.`));
  }
  if (typeof estimate !== "number" || !Number.isFinite(estimate)) {
    return report(verdict(false, "", `your estimate should be a number; got ${String(estimate)}.`));
  }
  if (Math.abs(estimate - actual) <= 0.005) {
    return report(verdict(true, `Your estimate ${estimate.toFixed(3)} matches the featurizer's X_En of ${formula}.`, ""));
  }
  if (Math.abs(estimate - 3 * actual) <= 0.015) {
    return report(verdict(false, "", "you weighted by the amounts in the formula, which add up to 3 on the X site; the descriptor weights by the site fractions (the Cl, Br, I columns), which add up to 1."));
  }
  return report(verdict(false, "", "X_En is the average of the halides' electronegativities, each weighted by its fraction on the X site (the Cl, Br and I columns of the table); look the electronegativities up in the table of site species above."));
}

/** Compositions the exercise's in-memory limit allows (enumerateCandidates' default limit). */
const EXERCISE_LIMIT = 1_000_000;

/** Size of the space with grid step 1/n and two species per site (the exercise's setting). */
function spaceSize(n: number): number {
  return countCandidates({ step: 1 / n, maxMix: 2 }).total;
}

/**
 * Exercise 2 (count compositions at another grid step): `n` is the smallest number of grid
 * steps per site (step 1/n, two species per site) whose space has more than one million
 * compositions.
 */
export function gridOverLimit(n: unknown): CheckResult {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    return report(verdict(false, "", `n is the number of grid steps per site, a whole number such as 8 for step 1/8; got ${String(n)}.`));
  }
  let first = 1;
  while (spaceSize(first) <= EXERCISE_LIMIT) first++;
  const size = spaceSize(n).toLocaleString("en-US");
  if (n === first) return report(verdict(true, `Step 1/${n} is the coarsest grid with more than a million compositions (${size}).`, ""));
  if (n < first) return report(verdict(false, "", `step 1/${n} gives ${size} compositions, still within one million: make the grid finer (a larger n).`));
  return report(verdict(false, "", `step 1/${n} gives ${size} compositions, over one million, but a coarser grid (a smaller n) already is: find the first n that crosses the limit.`));
}

/**
 * Exercise 3 (filter with a mask): `withTin` holds the alloys with any Sn on the B site,
 * `withoutTin` the others (both with the Sn and Band Gap columns, together every row of the
 * table once); `difference` is mean band gap without tin minus mean band gap with tin.
 */
export function tinBandGap(withTin: unknown, withoutTin: unknown, difference: unknown): CheckResult {
  const tin = columnsOf(withTin, ["Sn", "Band Gap"], "The first table (with tin)");
  if (typeof tin === "string") return report(verdict(false, "", tin));
  const noTin = columnsOf(withoutTin, ["Sn", "Band Gap"], "The second table (without tin)");
  if (typeof noTin === "string") return report(verdict(false, "", noTin));
  if (tin[0].length === 0 || noTin[0].length === 0) return report(verdict(false, "", "one of the two tables is empty: check the comparison in your mask (Sn > 0, Sn = 0)."));
  if (!tin[0].every((s) => Number(s) > 0)) return report(verdict(false, "", "some rows of the first table hold no Sn: build its mask from the Sn column, keeping rows where it is above 0."));
  if (!noTin[0].every((s) => Number(s) === 0)) return report(verdict(false, "", "some rows of the second table hold Sn: keep only the rows whose Sn fraction is 0."));
  const index = [...rowLabels(withTin), ...rowLabels(withoutTin)].sort((a, b) => a - b);
  if (!index.every((v, i) => v === i)) {
    return report(verdict(false, "", "the two tables together should hold every alloy of the DFT table exactly once: filter the whole table (not a filtered view such as the hybrids)."));
  }
  const mean = (values: unknown[]) => values.reduce((s: number, v) => s + Number(v), 0) / values.length;
  const expected = mean(noTin[1]) - mean(tin[1]);
  if (typeof difference !== "number" || !Number.isFinite(difference)) return report(verdict(false, "", `the difference should be a number; got ${String(difference)}.`));
  if (Math.abs(difference - expected) <= 1e-6) {
    return report(verdict(true, `Alloys without tin have a mean band gap ${expected.toFixed(2)} eV higher than those with tin.`, ""));
  }
  if (Math.abs(difference + expected) <= 1e-6) return report(verdict(false, "", "right size, wrong sign: subtract the mean with tin from the mean without tin."));
  return report(verdict(false, "", "take the mean of the Band Gap column in each table (`.column(ml.TARGET_GAP).mean()`) and subtract."));
}
