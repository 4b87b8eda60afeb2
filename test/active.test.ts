// lib/active: acquisition formulas (closed forms vs Monte Carlo), query strategies, campaigns.
import { test } from "node:test";
import * as assert from "assert";
import { Random } from "../lib/core/random";
import { DataFrame, Series } from "danfojs-node";
import {
  averageCalibration, bestObserved, campaignGrid, expectedDistanceImprovement, expectedImprovement, groupCampaigns, maxUncertainty, meanQueriesToTopK,
  probabilityOfImprovement, randomSearchBaseline, runCampaign, runCampaigns, summarizeCampaigns, summarizeCurves, topKIndices, tutorialAcquisition, upperConfidenceBound,
} from "../lib/active";
import { COMPOSITION_DESCRIPTORS } from "../lib/data/columns";
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

test("tutorialAcquisition reproduces the tutorial's formulas: UCB = −μεσ, f⁺ = min μ, the sign of f⁺ not flipped", () => {
  const mean = [-0.2, 0.1, 0.5, 0.3];
  const std = [0.1, 0.08, 0.12, 0];
  const eps = 0.01;
  const t = tutorialAcquisition(mean, std, eps);
  assert.strictEqual(t.best, -0.2);
  const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  for (let i = 0; i < 3; i++) {
    const [m, s] = [mean[i], std[i]];
    assertClose(t.ucb[i], -m * eps * s, 1e-15, 1e-18, `ucb ${i}`);
    assertClose(t.pi[i], normalCdf((-m - -0.2 - eps) / s), 1e-12, 0, `pi ${i}`);
    const z = (-m - -0.2) / s;
    assertClose(t.ei[i], (-m - -0.2 - eps) * normalCdf(z) + s * phi(z), 1e-12, 1e-15, `ei ${i}`);
  }
  // σ = 0 scores 0 in all three
  assert.deepStrictEqual([t.ucb[3], t.pi[3], t.ei[3]], [0, 0, 0]);
  // the sign slip: the most stable candidate is not measured against f⁺ = its own mean, so its PI is far from 1/2
  assert.ok(t.pi[0] > 0.99, `PI of the candidate that defines f⁺ is ${t.pi[0]}`);
  // the slides' PI for minimization against the same f⁺ would give about 1/2 there
  assertClose(probabilityOfImprovement([mean[0]], [std[0]], t.best, { xi: 0, goal: "minimize" })[0], 0.5, 1e-6);
  assert.throws(() => tutorialAcquisition([], []), /no candidates/);
  assert.throws(() => tutorialAcquisition([1], [1], NaN), /epsilon must be a finite number/);
  assert.throws(() => tutorialAcquisition([1, 2], [1]), /mean has 2 values but std has 1/);
});

test("randomSearchBaseline: (N + 1)/(k + 1), and with a budget exactly what enumerating every draw order gives", () => {
  assertClose(randomSearchBaseline(400, 5).expectedDraws, 401 / 6, 1e-15);
  // N = 6 candidates, k = 2 targets: every placement of the 2 targets among the 6 draw positions is equally likely
  const N = 6;
  const placements: number[] = []; // position (1-based) of the first target
  for (let a = 1; a <= N; a++) for (let b = a + 1; b <= N; b++) placements.push(a);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  for (const budget of [1, 2, 3, 5]) {
    const r = randomSearchBaseline(N, 2, budget);
    assertClose(r.expectedDraws, mean(placements), 1e-12);
    assertClose(r.expectedDrawsWithinBudget, mean(placements.map((t) => Math.min(t, budget))), 1e-12, 0, `budget ${budget}`);
    assertClose(r.probabilityFound, placements.filter((t) => t <= budget).length / placements.length, 1e-12, 0, `P(found) budget ${budget}`);
  }
  // a budget beyond the last possible first hit changes nothing
  const all = randomSearchBaseline(N, 2, N);
  assertClose(all.expectedDrawsWithinBudget, all.expectedDraws, 1e-12);
  assert.strictEqual(all.probabilityFound, 1);
  // against simulated random orders of 400 candidates (5 targets, budget 100)
  const rng = new Random(1);
  const sims = Array.from({ length: 20000 }, () => Math.min(100, rng.permutation(400).findIndex((i) => i < 5) + 1));
  assertClose(mean(sims), randomSearchBaseline(400, 5, 100).expectedDrawsWithinBudget, 0.02);
  assert.throws(() => randomSearchBaseline(10, 11), /nTargets must be an integer in \[1, nCandidates = 10\]/);
  assert.throws(() => randomSearchBaseline(10, 2, 0), /budget must be an integer >= 1/);
});

test("campaign grid, results, grouping and summaries: labels and goals carried, calibration kept, DataFrame input", () => {
  const d = loadGpData();
  const X = new DataFrame(d.X, { columns: COMPOSITION_DESCRIPTORS });
  const jobs = campaignGrid({
    tasks: [
      { label: "stable", goal: "minimize", y: d.decomposition },
      { label: "gap", goal: { target: 1.34 }, y: new Series(d.gap) },
    ],
    strategies: ["ei", "random"],
    seeds: 2,
    options: { X, rounds: 3, batchSize: 4, nInitial: 8 },
  });
  assert.deepStrictEqual(jobs.map((j) => `${j.label}/${j.strategy}/${j.seed}`), ["stable/ei/0", "stable/ei/1", "stable/random/0", "stable/random/1", "gap/ei/0", "gap/ei/1", "gap/random/0", "gap/random/1"]);
  const results = runCampaigns(jobs);
  // a DataFrame gives the same campaign as the plain matrix
  assert.deepStrictEqual(runCampaign({ ...jobs[0], X: d.X }).measured, results[0].measured);
  const nTest = Math.round(0.2 * d.X.length);
  for (const c of results) {
    assert.strictEqual(c.nCandidates, d.X.length - nTest - 8);
    assert.strictEqual(c.budget, 12);
    assert.match(c.finalKernel, /\*\* ?2 \* RBF\(length_scale=/);
    assert.strictEqual(c.poolCalibration.expected.length, 19);
    assert.ok(c.poolCalibration.observed.every((v, i) => v >= 0 && v <= 1 && (i === 0 || v >= c.poolCalibration.observed[i - 1])));
  }
  assert.deepStrictEqual(results[4].goal, { target: 1.34 });
  const groups = groupCampaigns(results);
  assert.deepStrictEqual(groups.map((g) => `${g.label}/${g.strategy}/${g.results.map((c) => c.seed).join("")}`), ["stable/ei/01", "stable/random/01", "gap/ei/01", "gap/random/01"]);
  const summary = summarizeCampaigns(results, { nResamples: 200 });
  assert.strictEqual(summary.length, 4);
  for (const [i, row] of summary.entries()) {
    const q = meanQueriesToTopK(groups[i].results);
    assert.strictEqual(row.meanQueries, q.mean);
    assert.strictEqual(row.found, q.found);
    assert.ok(row.ciLow <= row.meanQueries && row.meanQueries <= row.ciHigh);
    assert.strictEqual(row.poolCoverage95, (groups[i].results[0].poolCalibration.observed[18] + groups[i].results[1].poolCalibration.observed[18]) / 2);
  }
  const avg = averageCalibration(groups[0].results);
  assert.strictEqual(avg.observed[9], (groups[0].results[0].poolCalibration.observed[9] + groups[0].results[1].poolCalibration.observed[9]) / 2);
  // distance to the target: |best − 1.34|, only for target goals
  const dist = summarizeCurves(groups[2].results, "distanceToTarget");
  const best = summarizeCurves(groups[2].results, "best");
  assert.ok(dist.mean.every((v) => v >= 0));
  assert.ok(Math.abs(dist.mean[0] - groups[2].results.map((c) => Math.abs(c.rounds[0].best - 1.34)).reduce((s, v) => s + v, 0) / 2) < 1e-12);
  assert.notDeepStrictEqual(dist.mean, best.mean);
  assert.throws(() => summarizeCurves(groups[0].results, "distanceToTarget"), /needs campaigns with a target goal; campaign "stable"/);
  assert.throws(() => campaignGrid({ tasks: [], seeds: 1, options: { X: d.X } }), /at least one/);
  assert.throws(() => campaignGrid({ tasks: [{ label: "a", goal: "minimize", y: d.gap }], seeds: 0, options: { X: d.X } }), /seeds must be a count >= 1/);
  assert.throws(() => summarizeCampaigns([]), /no campaigns/);
});

test("campaign and query options are checked by name before anything runs (nInitial 0, a misspelt option, goal \"max\", a budget beyond the pool)", () => {
  // A tiny pool: 20 compounds, 16 searchable with the default testFraction 0.2.
  const X = Array.from({ length: 20 }, (_, i) => [i / 20]);
  const y = X.map(([x]) => Math.sin(6 * x));
  const base = { X, y, goal: "maximize" as const, strategy: "ei" as const, nInitial: 3, batchSize: 2, rounds: 2 };
  // Each of these used to fail deep inside the GP ("X is empty"), or run with the option ignored or NaN scores.
  assert.throws(() => runCampaign({ ...base, nInitial: 0 }), /runCampaign: nInitial must be an integer >= 1, got 0/);
  assert.throws(() => runCampaign({ ...base, nIntial: 3 } as never), /runCampaign: unknown option "nIntial"; did you mean "nInitial"\?/);
  assert.throws(() => runCampaign({ ...base, goal: "max" as never }), /runCampaign: goal must be "maximize", "minimize" or \{ target: t \}/);
  assert.throws(() => runCampaign({ ...base, batchSize: 0 }), /batchSize must be an integer >= 1, got 0/);
  assert.throws(() => runCampaign({ ...base, testFraction: 1.5 }), /testFraction must be a finite number in \(0, 1\), got 1.5/);
  assert.throws(() => runCampaign({ ...base, rounds: 10 }), /nInitial \(3\) \+ rounds \(10\) × batchSize \(2\) = 23 measurements, but 16 of the 20 compounds are searchable \(testFraction 0.2 holds out 4\)/);
  assert.throws(() => runCampaign({ ...base, nInitial: 12 }), /nInitial \(12\) \+ topK \(5\) must be less than the searchable compounds/);
  assert.throws(() => runCampaigns([{ ...base, seed: 0 }, { ...base, alpha: -1 }]), /runCampaigns: campaign 1: alpha must be a finite number >= 0, got -1/);
  // The same pool with good options runs.
  assert.strictEqual(runCampaign(base).rounds.length, 3);
  // Query functions: a goal they do not know, or a misspelt option, is an error (goal "max" used to be read as minimize).
  assert.throws(() => expectedImprovement([1], [1], 0, { goal: "max" as never }), /expectedImprovement: goal must be "maximize", "minimize" or \{ target: t \}/);
  assert.throws(() => upperConfidenceBound([1], [1], { Beta: 3 } as never), /upperConfidenceBound: unknown option "Beta"; did you mean "beta"\?/);
  assert.throws(() => probabilityOfImprovement([1], [1], 0, { goal: { target: NaN } }), /probabilityOfImprovement: goal must be/);
  assert.throws(() => bestObserved([1, 2], "largest" as never), /bestObserved: goal must be/);
});
