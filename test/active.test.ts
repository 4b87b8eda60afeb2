// lib/active: acquisition formulas (closed forms vs Monte Carlo), query strategies, campaigns.
import { test } from "node:test";
import * as assert from "assert";
import { Random } from "../lib/core/random";
import {
  bestObserved, expectedDistanceImprovement, expectedImprovement, maxUncertainty, meanQueriesToTopK,
  probabilityOfImprovement, runCampaign, runCampaigns, summarizeCurves, topKIndices, upperConfidenceBound,
} from "../lib/active";
import { normalCdf } from "../lib/core/stats";
import { assertClose } from "./helpers";
import { loadGpData } from "./gp-data";

test("normal CDF matches known values", () => {
  assertClose([normalCdf(0), normalCdf(1), normalCdf(-1.96), normalCdf(3)], [0.5, 0.8413447460685429, 0.024997895148220435, 0.9986501019683699], 2e-7);
});

test("UCB, PI and EI follow the slides' formulas for maximizing, flipped for minimizing", () => {
  const mean = [1, 0.5, 2];
  const std = [0.2, 1, 0];
  assert.deepStrictEqual(upperConfidenceBound(mean, std, { beta: 2 }), [1.4, 2.5, 2]);
  assert.deepStrictEqual(upperConfidenceBound(mean, std, { beta: 2, goal: "minimize" }), [-0.6, 1.5, -2]);
  const best = 1.2;
  const z = (1 - 1.2 - 0.01) / 0.2;
  assertClose(probabilityOfImprovement(mean, std, best)[0], normalCdf(z), 1e-12);
  const ei = (1 - 1.2 - 0.01) * normalCdf(z) + 0.2 * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  assertClose(expectedImprovement(mean, std, best)[0], ei, 1e-12);
  // σ = 0: improvement is certain or impossible
  assert.strictEqual(probabilityOfImprovement(mean, std, best)[2], 1);
  assertClose(expectedImprovement(mean, std, best)[2], 2 - 1.2 - 0.01, 1e-12);
  // minimizing: a mean far below the best is almost surely an improvement
  assert.ok(probabilityOfImprovement([-5], [1], 0, { goal: "minimize" })[0] > 0.999);
  assert.deepStrictEqual(maxUncertainty(mean, std), std);
  assert.strictEqual(bestObserved([3, 1, 2], "minimize"), 1);
  assert.strictEqual(bestObserved([3, 1, 1.5], { target: 1.34 }), 1.5);
  assert.throws(() => expectedImprovement([1], [-1], 0), /std\[0\] is -1/);
});

test("target-value PI and EI agree with Monte Carlo", () => {
  const rng = new Random(3);
  for (const [m, s, bestY] of [[1.5, 0.3, 1.0], [1.34, 0.05, 1.5], [2.5, 1.0, 1.9]]) {
    const goal = { target: 1.34 };
    const d = Math.abs(bestY - 1.34) - 0.01;
    let hits = 0;
    let gain = 0;
    const N = 200000;
    for (let i = 0; i < N; i++) {
      const yv = rng.normal(m, s);
      const dist = Math.abs(yv - 1.34);
      if (dist < d) {
        hits++;
        gain += d - dist;
      }
    }
    assertClose(probabilityOfImprovement([m], [s], bestY, { goal })[0], hits / N, 0.02, 0.002, "PI");
    assertClose(expectedImprovement([m], [s], bestY, { goal })[0], gain / N, 0.03, 0.001, "EI");
  }
  assert.strictEqual(expectedDistanceImprovement(0, 0, 0.5), 0.5);
});

test("topKIndices picks the largest scores, ties by index, skipping excluded ones", () => {
  assert.deepStrictEqual(topKIndices([0.1, 0.9, 0.5, 0.9], 2), [1, 3]);
  assert.deepStrictEqual(topKIndices([0.1, 0.9, 0.5, 0.9], 2, new Set([1])), [3, 2]);
});

test("campaigns: EI finds a top-5 stable compound sooner than random on average, runs are reproducible", () => {
  const d = loadGpData();
  const base = { X: d.X, y: d.decomposition, goal: "minimize" as const, rounds: 8, batchSize: 5, nInitial: 10 };
  const seeds = [0, 1, 2, 3];
  const jobs = [
    ...seeds.map((seed) => ({ ...base, strategy: "ei" as const, seed })),
    ...seeds.map((seed) => ({ ...base, strategy: "random" as const, seed })),
  ];
  const results = runCampaigns(jobs);
  const ei = results.slice(0, 4);
  const random = results.slice(4);
  assert.strictEqual(ei[0].rounds.length, 9);
  assert.strictEqual(ei[0].rounds[8].nMeasured, 50);
  // same seed → same campaign, whether run in a worker or here
  assert.deepStrictEqual(runCampaign(jobs[1]).measured, results[1].measured);
  // the best value found never gets worse
  for (const c of results) for (let r = 1; r < c.rounds.length; r++) assert.ok(c.rounds[r].best <= c.rounds[r - 1].best);
  // start sets never contain a top-5 compound, and the test set is never queried
  for (const c of results) {
    assert.ok(!c.measured.slice(0, 10).some((i) => c.topK.includes(i)));
    assert.ok(!c.measured.some((i) => c.test.includes(i)));
  }
  assert.ok(meanQueriesToTopK(ei).mean < meanQueriesToTopK(random).mean, `EI ${meanQueriesToTopK(ei).mean} vs random ${meanQueriesToTopK(random).mean}`);
  const curve = summarizeCurves(ei, "testRmse");
  assert.strictEqual(curve.mean.length, 9);
  assert.ok(curve.lower.every((l, i) => l <= curve.mean[i] && curve.mean[i] <= curve.upper[i]));
  assert.throws(() => runCampaign({ ...base, strategy: "greedy" as any }), /strategy must be one of/);
});
