// The checks of notebook 02's exercises: each accepts the right answer, refuses wrong ones with a
// hint that fits the mistake, and never puts the expected answer in a hint.
import { test } from "node:test";
import * as assert from "assert";
import { check } from "../lib/check";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, TARGET_DECOMPOSITION, loadDFT } from "../lib/data";
import { TSNE, trustworthiness } from "../lib/decomposition";
import { GaussianNB, KNeighborsClassifier, LogisticRegression, evaluateClassifier } from "../lib/models";
import { take, trainTestSplit } from "../lib/preprocessing";
import { quietly, testDataDir } from "./helpers";

const opts = { dataDir: testDataDir(), download: false };


test("stabilityThreshold: right for a moved threshold with relabelled test rows; hints for 0 eV, empty classes, stale labels and bad input", async () => {
  const dft = await loadDFT(opts);
  const energy = dft.column(TARGET_DECOMPOSITION).values as number[];
  const X = dft.loc({ columns: ALL_DESCRIPTORS });
  const split = trainTestSplit(dft, { testSize: 0.5, seed: 42 });
  const scoredAt = (t: number) => {
    const labels = energy.map((e) => (e < t ? 1 : 0));
    const model = new GaussianNB().fit(X.iloc({ rows: split.train }), take(labels, split.train));
    return evaluateClassifier(model, X.iloc({ rows: split.test }), take(labels, split.test));
  };
  const nStable = energy.filter((e) => e < -0.1).length;
  assert.ok(nStable > 50 && nStable < 250, `${nStable} alloys below -0.1 eV`);
  const right = quietly(() => check.stabilityThreshold(dft, -0.1, split, scoredAt(-0.1)));
  assert.strictEqual(right.ok, true, right.message);
  assert.match(right.message, new RegExp(`^At -0.1 eV, ${nStable} of 512 alloys \\(${((100 * nStable) / 512).toFixed(1)} %\\) are stable`));
  assert.match(right.message, /always answering "unstable" would score/);
  assert.strictEqual(quietly(() => check.stabilityThreshold(dft, 0.1, split, scoredAt(0.1))).ok, true);

  const zero = quietly(() => check.stabilityThreshold(dft, 0, split, scoredAt(0)));
  assert.strictEqual(zero.ok, false);
  assert.match(zero.message, /still uses 0 eV/);
  assert.match(quietly(() => check.stabilityThreshold(dft, -5, split, scoredAt(0))).message, /no alloy is stable/);
  assert.match(quietly(() => check.stabilityThreshold(dft, 5, split, scoredAt(0))).message, /every alloy is stable/);
  const stale = quietly(() => check.stabilityThreshold(dft, -0.1, split, scoredAt(0)));
  assert.strictEqual(stale.ok, false);
  assert.match(stale.message, /do not follow a threshold of -0.1 eV/);
  assert.match(quietly(() => check.stabilityThreshold(dft, "-0.1", split, scoredAt(-0.1))).message, /threshold should be a number/);
  assert.match(quietly(() => check.stabilityThreshold(dft.loc({ columns: ["Formula"] }), -0.1, split, scoredAt(-0.1))).message, /no "Decomposition Energy" column/);
  assert.match(quietly(() => check.stabilityThreshold(energy, -0.1, split, scoredAt(-0.1))).message, /should be the DFT table \(a DataFrame\); got an array/);
  assert.match(quietly(() => check.stabilityThreshold(dft, -0.1, { test: [1e6] }, scoredAt(-0.1))).message, /split should be the notebook's train\/test split/);
  assert.match(quietly(() => check.stabilityThreshold(dft, -0.1, split, { accuracy: 0.9 })).message, /result of ml.evaluateClassifier/);
});

test("tsnePerplexity: right for another perplexity and its trustworthiness; hints for 30, a wrong number, other data and no map", async () => {
  const X = (await loadDFT(opts)).loc({ columns: COMPOSITION_DESCRIPTORS }).iloc({ rows: Array.from({ length: 100 }, (_, i) => i) });
  const at5 = new TSNE({ perplexity: 5, nIter: 250 }).fit(X);
  const trust5 = trustworthiness(X, at5.embedding_, 5);
  const right = quietly(() => check.tsnePerplexity(X, at5, trust5));
  assert.strictEqual(right.ok, true, right.message);
  assert.match(right.message, /^At perplexity 5 the map keeps a trustworthiness of/);
  const at30 = new TSNE({ perplexity: 30, nIter: 250 }).fit(X);
  assert.match(quietly(() => check.tsnePerplexity(X, at30, trustworthiness(X, at30.embedding_, 5))).message, /still perplexity 30/);
  const off = quietly(() => check.tsnePerplexity(X, at5, trustworthiness(X, at30.embedding_, 5)));
  assert.strictEqual(off.ok, false);
  assert.match(off.message, /trustworthiness of the new map \(tsneAt.embedding_\)/);
  assert.ok(!off.message.includes(trust5.toFixed(3)), "the hint must not give the answer");
  assert.match(quietly(() => check.tsnePerplexity(X, at5, trustworthiness(X, at5.embedding_, 10))).message, /with 5 neighbours/);
  assert.match(quietly(() => check.tsnePerplexity(X.iloc({ rows: [0, 1, 2] }), at5, trust5)).message, /pass the descriptors the map was built from \(Xcomp\)/);
  assert.match(quietly(() => check.tsnePerplexity(X, new TSNE({ perplexity: 5 }), trust5)).message, /should be a fitted ml.TSNE/);
  assert.match(quietly(() => check.tsnePerplexity(X, at5, "0.99")).message, /should be a number between 0 and 1/);
});

test("higherF1: names the model with the higher F1 right; hints for the accuracy winner, the same model twice, other rows and bad answers", () => {
  const rows = Array.from({ length: 80 }, (_, i) => [Math.sin(1.1 * i), Math.cos(0.37 * i) + (i % 4) / 3]);
  const y = rows.map((r, i) => (r[0] + r[1] + (i % 7 === 0 ? 1.2 : 0) > 0.6 ? 1 : 0));
  const [Xtr, Xte, ytr, yte] = [rows.slice(0, 50), rows.slice(50), y.slice(0, 50), y.slice(50)];
  const a = evaluateClassifier(new KNeighborsClassifier({ nNeighbors: 1 }).fit(Xtr, ytr), Xte, yte, { name: "A" });
  const b = evaluateClassifier(new LogisticRegression({ C: 1 }).fit(Xtr, ytr), Xte, yte, { name: "B" });
  assert.notStrictEqual(a.f1, b.f1, "the two models must differ on F1 for this test");
  const [winner, loser] = a.f1 > b.f1 ? ["A", "B"] : ["B", "A"];
  const right = quietly(() => check.higherF1(a, b, winner));
  assert.strictEqual(right.ok, true, right.message);
  assert.match(right.message, new RegExp(`^${winner} has the higher F1`));
  assert.strictEqual(quietly(() => check.higherF1(a, b, winner.toLowerCase())).ok, true);
  const wrong = quietly(() => check.higherF1(a, b, loser));
  assert.strictEqual(wrong.ok, false);
  assert.match(wrong.message, /compare the f1 column/);

  // Made-up evaluations: the accuracy winner is not the F1 winner; a tie; identical predictions; other rows.
  const fake = (name: string, accuracy: number, f1: number, predicted: number[], yTrue = [0, 1, 1, 0]) => ({ name, accuracy, f1, yTrue, predicted });
  const byF1 = fake("F", 0.7, 0.8, [1, 1, 1, 0]);
  const byAccuracy = fake("G", 0.75, 0.6, [0, 1, 0, 0]);
  assert.match(quietly(() => check.higherF1(byF1, byAccuracy, "F")).message, /although accuracy ranks them the other way/);
  assert.match(quietly(() => check.higherF1(byF1, byAccuracy, "G")).message, /that model has the higher accuracy, but the question is about F1/);
  assert.match(quietly(() => check.higherF1(byF1, fake("H", 0.7, 0.8, [0, 1, 1, 1]), "H")).message, /^A tie/);
  assert.match(quietly(() => check.higherF1(byF1, fake("S", 0.7, 0.8, [1, 1, 1, 0]), "F")).message, /make exactly the same predictions/);
  assert.match(quietly(() => check.higherF1(byF1, fake("R", 0.7, 0.6, [0, 0, 1, 0], [1, 1, 1, 0]), "F")).message, /scored on different rows/);
  assert.match(quietly(() => check.higherF1(byF1, byAccuracy, "C")).message, /answer with "A" or "B"/);
  assert.match(quietly(() => check.higherF1(byF1, { f1: 0.5 }, "F")).message, /should both be results of ml.evaluateClassifier/);
});
