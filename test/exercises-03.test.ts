// The checks of notebook 03's exercises: each accepts the right answer, refuses wrong ones with a
// hint that fits the mistake, and never puts the expected number in a hint.
import { test } from "node:test";
import * as assert from "assert";
import { check } from "../lib/check";
import { randomSearchBaseline } from "../lib/active";
import { ConstantKernel, ExpSineSquared, GaussianProcessRegressor, Kernel, Matern, RBF } from "../lib/gp";
import { quietly } from "./helpers";


test("ucbVersusEi: right once UCB's and EI's top 10 share at most five; the hint asks for more β without naming a value", () => {
  // 40 candidates: μ rises steadily over 0.8, σ wanders within 0.06–0.10 (a nearly constant σ)
  const mean = Array.from({ length: 40 }, (_, i) => -0.3 + 0.02 * i);
  const std = Array.from({ length: 40 }, (_, i) => 0.08 + 0.02 * Math.sin(2.3 * i));
  const best = -0.3;
  const notYet = quietly(() => check.ucbVersusEi(mean, std, best, 2, 0.01));
  assert.strictEqual(notYet.ok, false);
  assert.match(notYet.message, /still share (6|7|8|9|10) of their 10 picks/);
  assert.match(notYet.message, /raise β/);
  // σ must outweigh μ's spread before the picks part: β of the order of 0.8 / 0.04
  let threshold = 0;
  for (let b = 0; b <= 200; b += 0.5) {
    if (quietly(() => check.ucbVersusEi(mean, std, best, b, 0.01)).ok) {
      threshold = b;
      break;
    }
  }
  assert.ok(threshold > 10, `threshold ${threshold}`);
  assert.doesNotMatch(notYet.message, new RegExp(`\\b${threshold}\\b`), "the hint must not give the answer");
  assert.match(quietly(() => check.ucbVersusEi(mean, std, best, threshold, 0.01)).message, /share only \d of their 10 picks/);
  assert.strictEqual(quietly(() => check.ucbVersusEi(mean, std, best, "big", 0.01)).ok, false);
  assert.match(quietly(() => check.ucbVersusEi(mean, std, best, 5, -1)).message, /ξ should be a number >= 0/);
  assert.match(quietly(() => check.ucbVersusEi(mean.slice(0, 5), std.slice(0, 5), best, 5, 0.01)).message, /at least 20 alloys/);
});

test("kernelSwap: three kernel families, same settings, and the choice with the highest log marginal likelihood", () => {
  const X = Array.from({ length: 25 }, (_, i) => [i / 5]);
  const y = X.map(([x]) => Math.sin(2 * x) + 0.1 * Math.cos(7 * x));
  const fit = (kernel: Kernel, alpha = 0.01) =>
    new GaussianProcessRegressor({ kernel, alpha, normalizeY: true, nRestartsOptimizer: 1, seed: 0, nJobs: 1 }).fit(X, y);
  const rbf = fit(new ConstantKernel().times(new RBF()));
  const matern = fit(new ConstantKernel().times(new Matern({ nu: 1.5 })));
  const periodic = fit(new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.5, 10] })));
  const models = [rbf, matern, periodic];
  const best = models.reduce((a, b) => (b.logMarginalLikelihoodValue_ > a.logMarginalLikelihoodValue_ ? b : a));
  const other = models.find((m) => m !== best);
  assert.strictEqual(quietly(() => check.kernelSwap(models, best)).ok, true);
  const wrong = quietly(() => check.kernelSwap(models, other));
  assert.strictEqual(wrong.ok, false);
  assert.match(wrong.message, /logMarginalLikelihoodValue_/);
  assert.match(quietly(() => check.kernelSwap([rbf, matern], rbf)).message, /compared 2 kernel families/);
  // a second RBF model is not a new family
  assert.match(quietly(() => check.kernelSwap([rbf, fit(new ConstantKernel().times(new RBF({ lengthScale: 3 }))), matern], rbf)).message, /compared 2 kernel families/);
  assert.match(quietly(() => check.kernelSwap([rbf, matern, fit(new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.5, 10] })), 0.1)], rbf)).message, /same alpha and normalizeY/);
  assert.match(quietly(() => check.kernelSwap([rbf, matern, new GaussianProcessRegressor()], rbf)).message, /fit every model/);
  assert.match(quietly(() => check.kernelSwap(models, "rbf")).message, /one of the models in your list/);
  assert.match(quietly(() => check.kernelSwap("models", rbf)).message, /array of GaussianProcessRegressor/);
});

test("randomBudget: right only at the smallest budget reaching the probability; hints say which way to go", () => {
  const [N, k] = [400, 5];
  let smallest = 1;
  while (randomSearchBaseline(N, k, smallest).probabilityFound < 0.95) smallest++;
  const right = quietly(() => check.randomBudget(N, k, 0.95, smallest));
  assert.strictEqual(right.ok, true);
  const low = quietly(() => check.randomBudget(N, k, 0.95, 100));
  assert.strictEqual(low.ok, false);
  assert.match(low.message, /larger budget/);
  assert.doesNotMatch(low.message, new RegExp(`\\b${smallest}\\b`));
  const high = quietly(() => check.randomBudget(N, k, 0.95, smallest + 1));
  assert.strictEqual(high.ok, false);
  assert.match(high.message, /so are fewer/);
  assert.match(quietly(() => check.randomBudget(N, k, 0.95, 2.5)).message, /whole number/);
});
