// lib/design and `matml screen`: the composition space, the per-site fast path against the plain
// featurize-and-walk reference, top K and Pareto bookkeeping, shards and merge, model files,
// the applicability domain, the genetic algorithms and Bayesian optimization. Small grids (step
// 0.5: 1,890 compositions; 0.25: 132,300) and small forests keep it fast.
import { test } from "node:test";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Writable } from "stream";
import { Random } from "../lib/core/random";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, TARGET_DECOMPOSITION, TARGET_GAP } from "../lib/data/columns";
import { loadDFT, loadElementalProperties } from "../lib/data/datasets";
import { PerovskiteFeaturizer } from "../lib/data/featurizer";
import { columnOf, matrixOf } from "../lib/data/frame";
import { RandomForestRegressor } from "../lib/models/forest";
import { GaussianProcessRegressor } from "../lib/gp/gpr";
import { ConstantKernel, RBF, WhiteKernel } from "../lib/gp/kernels";
import {
  ApplicabilityDomain, CompositionEvaluator, CompositionSpace, DEFAULT_GOALS, OBJECTIVES, ParetoFront, Prediction, ScreeningModels, TopK,
  assembleFeatures, bayesianCompositionSearch, bayesianGridSearch, compileModels, crossValidatedScorer, crowdingDistances, evaluationsToFind,
  geneticSearch, gridCombinations, loadScreeningModels, mergeScreens, modelFingerprint, nsgaSearch, objectiveValue, paretoByDefinition,
  paretoRanks, penalizedObjective, predictCompositions, predictWithUncertainty, randomGridSearch, recallCurve, saveScreeningModels,
  screenReference, screenSpace, searchStudy, siteFeatures, studyResult, trainScreeningModels,
} from "../lib/design";
import { blockScratch, blockSums, compileForest, pointSums, referenceSums } from "../lib/design/site-forest";
import { screenCommand, parseShard } from "../cli/screen";
import { main } from "../cli/matml";
import { assertClose, testDataDir } from "./helpers";

const opts = { dataDir: testDataDir() };
let cached: Promise<{ featurizer: PerovskiteFeaturizer; models: ScreeningModels }> | undefined;

/** Notebook 01's screening models, with 20 trees instead of 100 to keep the tests quick. */
function setup(): Promise<{ featurizer: PerovskiteFeaturizer; models: ScreeningModels }> {
  cached ??= (async () => {
    const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(opts));
    const models = trainScreeningModels(await loadDFT(opts), featurizer, { nEstimators: 20, seed: 0 });
    return { featurizer, models };
  })();
  return cached;
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "matml-design-"));
}

test("the 1/8 grid has 495 × 1,287 × 45 = 28,667,925 compositions; indices, fractions and shards are consistent", () => {
  const space = new CompositionSpace();
  assert.deepStrictEqual(space.sites.map((s) => s.size), [495, 1287, 45]);
  assert.strictEqual(space.size, 28_667_925);
  const rng = new Random(1);
  for (let k = 0; k < 200; k++) {
    const i = Math.floor(rng.next() * space.size);
    const [a, b, x] = space.decode(i);
    assert.strictEqual(space.index(a, b, x), i);
    const f = space.fractions(i);
    for (const [lo, hi] of [[0, 5], [5, 11], [11, 14]]) assert.strictEqual(f.slice(lo, hi).reduce((s, v) => s + v, 0), 1);
    assert.strictEqual(space.indexOfFractions(f), i);
    for (const n of space.neighbours(i)) assert.strictEqual(space.fractions(n).filter((v, j) => v !== f[j]).length, 2);
  }
  assert.strictEqual(space.indexOfFractions([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0.3, 0.7, 0]), undefined);
  // Shards: contiguous, disjoint, covering every pair once.
  for (const n of [1, 3, 7, 1000]) {
    let next = 0;
    for (let i = 0; i < n; i++) {
      const { start, end } = space.shard(i, n);
      assert.strictEqual(start, next);
      next = end;
    }
    assert.strictEqual(next, space.pairs);
  }
  assert.throws(() => space.shard(3, 3), /from 0 to 2/);
  assert.throws(() => new CompositionSpace({ step: 0.3 }), /step must be 1\/n/);
  assert.throws(() => new CompositionSpace({ species: { B: ["Pb", "Hg"] } }), /species\.B may hold/);
  assert.deepStrictEqual(new CompositionSpace({ step: 0.5, species: { A: ["Cs", "MA"], B: ["Pb"], X: ["Br", "I"] } }).sites.map((s) => s.size), [3, 1, 3]);
  assert.deepStrictEqual(parseShard("2/5"), { index: 1, count: 5 });
  assert.throws(() => parseShard("0/5"), /1 <= i <= n/);
});

test("per-site descriptors equal the featurizer's (formula → 50 descriptors) on a sample of the 1/8 grid", async () => {
  const { featurizer } = await setup();
  const space = new CompositionSpace();
  const tables = siteFeatures(space, featurizer);
  const rng = new Random(2);
  for (let k = 0; k < 300; k++) {
    const i = Math.floor(rng.next() * space.size);
    const [a, b, x] = space.decode(i);
    assert.deepStrictEqual(assembleFeatures(tables, a, b, x), featurizer.featurize(space.formula(i)), space.formula(i));
  }
});

test("the per-site fast path gives the plain featurize-and-walk sums to the last bit (1/8 grid sample)", async () => {
  const { featurizer, models } = await setup();
  const space = new CompositionSpace();
  const tables = siteFeatures(space, featurizer);
  const forest = models.gap as RandomForestRegressor;
  const compiled = compileForest(forest.trees_, models.features, space, tables);
  const nB = space.sites[1].size;
  const nX = space.sites[2].size;
  const scratch = blockScratch([compiled], nX);
  const rng = new Random(3);
  for (const [a, b0, b1] of [[0, 0, nB], [137, 200, 260], [494, 1280, 1287]]) {
    const sums = new Float64Array((b1 - b0) * nX);
    const squares = new Float64Array((b1 - b0) * nX);
    blockSums(compiled, a, b0, b1, nX, sums, squares, scratch);
    const picks = Array.from({ length: 60 }, () => [b0 + rng.int(b1 - b0), rng.int(nX)]);
    const X = picks.map(([b, x]) => featurizer.featurize(space.formula(space.index(a, b, x))));
    const ref = referenceSums(forest.trees_, X);
    const options = Int32Array.from(picks.flatMap(([b, x]) => [a, b, x]));
    const [ps, pq] = [new Float64Array(picks.length), new Float64Array(picks.length)];
    pointSums(compiled, options, ps, pq);
    picks.forEach(([b, x], k) => {
      assert.strictEqual(sums[(b - b0) * nX + x], ref.sums[k]);
      assert.strictEqual(squares[(b - b0) * nX + x], ref.squares[k]);
      assert.strictEqual(ps[k], ref.sums[k]);
      assert.strictEqual(pq[k], ref.squares[k]);
    });
    // The tree-order sums are the forest's own predictions (which add the trees in chunks).
    const spread = forest.predictWithSpread(X);
    const mine = predictWithUncertainty(forest, X);
    mine.mean.forEach((m, k) => assert.ok(Math.abs(m - spread.mean[k]) < 1e-12 && Math.abs(mine.std[k] - spread.std[k]) < 1e-9));
  }
});

test("the fast screen on worker threads equals the reference screen; shards merge into the single run", async () => {
  const { models } = await setup();
  const reference = screenReference(models, { step: 0.5 }, { top: 15 });
  const fast = await screenSpace(models, { step: 0.5 }, { top: 15 });
  assert.deepStrictEqual(fast, reference);
  assert.strictEqual(fast.compositions, 1890);
  assert.deepStrictEqual(fast.covered, [[0, 315]]);
  assert.strictEqual(fast.histogram.counts.reduce((s, c) => s + c, 0), 1890);
  const shards = await Promise.all([0, 1, 2, 3].map((index) => screenSpace(models, { step: 0.5 }, { top: 15, shard: { index, count: 4 }, nJobs: 1 })));
  assert.deepStrictEqual(mergeScreens([shards[3], shards[1], shards[0], shards[2]]), fast);
  assert.throws(() => mergeScreens([shards[0], shards[0]]), /overlap/);
  assert.throws(() => mergeScreens([shards[0], { ...shards[1], model: "other" }]), /different model/);
  assert.throws(() => mergeScreens([shards[0], { ...shards[1], top: 5 }]), /different top/);
  // The kept compositions are the best by brute force over the reference's own predictions.
  const space = new CompositionSpace({ step: 0.5 });
  const all = predictCompositions(compileModels(models, space), Array.from({ length: space.size }, (_, i) => i));
  for (const o of OBJECTIVES) {
    const brute = all.filter((p) => objectiveValue(o, p, DEFAULT_GOALS) < Infinity).sort((p, q) => objectiveValue(o, p, DEFAULT_GOALS) - objectiveValue(o, q, DEFAULT_GOALS) || p.index - q.index);
    assert.deepStrictEqual(fast.best[o], brute.slice(0, 15), o);
  }
  assert.deepStrictEqual(fast.pareto, paretoByDefinition(all, DEFAULT_GOALS));
  assert.strictEqual(fast.counts.stableInWindow, all.filter((p) => p.decomposition < 0 && p.gap >= 1.1 && p.gap <= 1.7).length);
});

test("TopK and ParetoFront keep what brute force keeps, whatever the order and with ties", () => {
  const rng = new Random(4);
  const points: Prediction[] = Array.from({ length: 3000 }, (_, index) => ({
    index,
    decomposition: Math.round(rng.normal() * 20) / 20, // coarse values: many ties
    decompositionStd: rng.next(),
    gap: 1.34 + Math.round(rng.normal() * 10) / 10,
    gapStd: rng.next(),
  }));
  for (const order of [points, [...points].reverse(), new Random(5).permutation(points.length).map((k) => points[k])]) {
    const top = new TopK("stability", 25, DEFAULT_GOALS);
    const front = new ParetoFront(DEFAULT_GOALS);
    order.forEach((p) => {
      top.offer(p);
      front.offer(p);
    });
    assert.deepStrictEqual(top.sorted(), [...points].sort((p, q) => p.decomposition - q.decomposition || p.index - q.index).slice(0, 25));
    assert.deepStrictEqual(front.sorted(), paretoByDefinition(points, DEFAULT_GOALS));
  }
  assert.throws(() => new TopK("stability", 0, DEFAULT_GOALS), /k must be/);
  const p: Prediction = { index: 0, decomposition: -0.2, decompositionStd: 0.1, gap: 2.0, gapStd: 0.1 };
  assert.strictEqual(objectiveValue("stable_in_window", p, DEFAULT_GOALS), Infinity);
  assert.strictEqual(penalizedObjective(p, DEFAULT_GOALS), -0.2 + 10 * (2.0 - 1.7));
  // margin = min((0 − (−0.2)) / 0.1, (1.5 − 1.1) / 0.1, (1.7 − 1.5) / 0.1) = 2 spreads
  assertClose(objectiveValue("window_margin", { ...p, gap: 1.5 }, DEFAULT_GOALS), -2, 1e-12);
});

test("screening models round-trip through files exactly, forests and Gaussian processes", async () => {
  const { models } = await setup();
  const dir = path.join(tmpDir(), "models");
  saveScreeningModels(models, dir);
  const back = loadScreeningModels(dir);
  assert.strictEqual(modelFingerprint(back), modelFingerprint(models));
  const X = models.training.X.slice(0, 50);
  assert.deepStrictEqual((back.gap as RandomForestRegressor).predictWithSpread(X), (models.gap as RandomForestRegressor).predictWithSpread(X));
  // A GP pair on the composition descriptors, screened the reference way.
  const n = 120;
  const gpModels: ScreeningModels = {
    ...models,
    features: COMPOSITION_DESCRIPTORS,
    training: { ...models.training, X: models.training.fractions },
    decomposition: fitGp(models.training.fractions.slice(0, n), models.training.decomposition.slice(0, n)),
    gap: fitGp(models.training.fractions.slice(0, n), models.training.gap.slice(0, n)),
  };
  const gpDir = path.join(tmpDir(), "gp-models");
  saveScreeningModels(gpModels, gpDir);
  const gpBack = loadScreeningModels(gpDir);
  assert.ok(gpBack.gap instanceof GaussianProcessRegressor);
  const Xf = models.training.fractions.slice(200, 230);
  assert.deepStrictEqual(gpBack.gap.predict(Xf, { returnStd: true }), (gpModels.gap as GaussianProcessRegressor).predict(Xf, { returnStd: true }));
  assert.deepStrictEqual(screenReference(gpBack, { step: 0.5 }, { top: 5 }), screenReference(gpModels, { step: 0.5 }, { top: 5 }));
  await assert.rejects(() => screenSpace(gpModels, { step: 0.5 }), /two random forests/);
  assert.throws(() => loadScreeningModels(path.join(tmpDir(), "nothing")), /holds no screening\.json/);
});

function fitGp(X: number[][], y: number[]): GaussianProcessRegressor {
  const kernel = new ConstantKernel({ constantValue: 1 }).times(new RBF({ lengthScale: 0.5 })).plus(new WhiteKernel({ noiseLevel: 0.01 }));
  return new GaussianProcessRegressor({ kernel, normalizeY: true, seed: 0, nJobs: 1 }).fit(X, y);
}

test("the applicability domain: training alloys are inside, far compositions are flagged", async () => {
  const { models, featurizer } = await setup();
  const domain = new ApplicabilityDomain(models.training, models.features);
  const inside = domain.check(models.training.fractions[10], models.training.X[10]);
  assert.strictEqual(inside.nearestDistance, 0);
  assert.strictEqual(inside.nearestFormula, models.training.formulas[10]);
  assert.ok(inside.inDomain);
  const sorted = [...domain.trainingDistances].sort((a, b) => a - b);
  assert.strictEqual(domain.threshold, sorted[Math.ceil(0.95 * sorted.length) - 1]);
  // Far from everything: a five-way A-site mix, a six-way B-site mix.
  const far = [0.2, 0.2, 0.2, 0.2, 0.2, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 3, 1 / 3, 1 / 3];
  const check = domain.check(far, [...far, ...featurizer.descriptorsFromFractions(far)]);
  assert.ok(!check.inDomain && check.nearestDistance > domain.threshold && /nearest training alloy/.test(check.reason));
  const outside = domain.check(far, [...far.map(() => 2), ...featurizer.descriptorsFromFractions(far)]);
  assert.ok(/outside the training range: K, Rb/.test(outside.reason));
});

test("matml screen: a run over the space and its shards merged write the same files", async () => {
  const { models } = await setup();
  const root = tmpDir();
  const modelDir = path.join(root, "models");
  saveScreeningModels(models, modelDir);
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    return Object.assign(stream, { text: () => chunks.join("") });
  };
  const err = sink();
  const run = (args: string[]) => screenCommand(args, { print: () => undefined, err });
  assert.strictEqual(await run(["--model", modelDir, "--step", "0.5", "--top", "10", "--out", path.join(root, "full")]), 0);
  for (let i = 1; i <= 3; i++) assert.strictEqual(await run(["--model", modelDir, "--step", "0.5", "--top", "10", "--shard", `${i}/3`, "--jobs", "1", "--out", path.join(root, `s${i}`)]), 0);
  assert.strictEqual(await run(["merge", "--model", modelDir, "--out", path.join(root, "merged"), path.join(root, "s3"), path.join(root, "s1", "screen.json"), path.join(root, "s2")]), 0);
  for (const f of ["screen.json", "candidates.csv", "pareto.json"]) assert.strictEqual(fs.readFileSync(path.join(root, "merged", f), "utf8"), fs.readFileSync(path.join(root, "full", f), "utf8"), f);
  const csv = fs.readFileSync(path.join(root, "full", "candidates.csv"), "utf8").trim().split("\n");
  assert.strictEqual(csv[0], "method,objective,rank,formula,decomposition_energy,decomposition_std,band_gap,band_gap_std,gap_distance,objective_value,nearest_training_distance,nearest_training_formula,in_domain,domain_note");
  assert.ok(csv.length > 40 && csv.slice(1).every((l) => l.startsWith("screen,")));
  assert.ok(/100\.0% 1,890\/1,890 compositions/.test(err.text()));
  await assert.rejects(() => run(["--model", modelDir, "--shard", "4/3"]), /1 <= i <= n/);
  await assert.rejects(() => run(["--model", modelDir, "--stepp", "0.5"]), /unexpected argument/);
  await assert.rejects(() => run(["merge", "--model", modelDir, path.join(root, "s1"), path.join(root, "s1")]), /overlap/);
  // Through the command line's entry point: files on stdout, errors as a message and exit code 1.
  const [stdout, stderr] = [sink(), sink()];
  assert.strictEqual(await main(["screen", "--model", modelDir, "--step", "0.5", "--jobs", "1", "--out", path.join(root, "cli")], { stdout, stderr }), 0);
  assert.deepStrictEqual(stdout.text().trim().split("\n"), ["candidates.csv", "pareto.json", "screen.json"].map((f) => path.join(root, "cli", f)));
  assert.strictEqual(await main(["screen", "--model", path.join(root, "nowhere")], { stdout, stderr }), 1);
  assert.match(stderr.text(), /matml: loadScreeningModels: .*nowhere holds no screening\.json/);
});

test("genetic algorithms: seeded, valid children, and they find the screen's best on a 132,300-composition grid", async () => {
  const { models } = await setup();
  const space = new CompositionSpace({ step: 0.25 });
  const compiled = compileModels(models, space);
  const truth = await screenSpace(models, { step: 0.25 }, { top: 10 }, compiled);
  const top10 = truth.best.stable_in_window.map((p) => p.index);
  const run = (seed: number) => geneticSearch(new CompositionEvaluator(compiled), { seed, maxEvaluations: 4000, populationSize: 60 });
  const [r1, r2] = [run(7), run(7)];
  assert.deepStrictEqual(r1.evaluated, r2.evaluated);
  assert.strictEqual(r1.evaluated.length, 4000);
  assert.ok(r1.evaluated.every((i) => Number.isInteger(i) && i >= 0 && i < space.size));
  assert.ok(r1.history.every((h, k) => k === 0 || h.best <= r1.history[k - 1].best));
  // 3% of the space: the top 10 (most stable with the gap in the window) are found.
  for (const seed of [0, 1, 2]) assert.ok(recallCurve(run(seed).evaluated, top10, [4000])[0] >= 0.9, `seed ${seed}`);
  assert.strictEqual(evaluationsToFind(r1.evaluated, top10, 1), r1.evaluated.findIndex((i) => top10.includes(i)) + 1);
  const multi = nsgaSearch(new CompositionEvaluator(compiled), { seed: 0, maxEvaluations: 4000, populationSize: 60 });
  const front = truth.pareto.map((p) => p.index);
  assert.ok(recallCurve(multi.evaluated, front, [4000])[0] >= 0.5, `front recall ${recallCurve(multi.evaluated, front, [4000])[0]}`);
  // A study keeps each search's result: the same run as calling the search alone.
  const study = searchStudy(compiled, await screenSpace(models, { step: 0.25 }, { top: 100 }, compiled), { methods: ["genetic algorithm", "random search"], seeds: [7], maxEvaluations: 4000, genetic: { populationSize: 60 } });
  assert.deepStrictEqual(studyResult(study, "genetic algorithm", 7), r1);
  assert.throws(() => studyResult(study, "NSGA-II", 7), /studyResult: the study has no NSGA-II run with seed 7 \(it has genetic algorithm seed 7\)/);
  assert.throws(() => geneticSearch(new CompositionEvaluator(compiled), { populationSize: 1 }), /populationSize must be an integer >= 2/);
  assert.throws(() => geneticSearch(new CompositionEvaluator(compiled), { popSize: 10 } as never), /unknown option "popSize"; valid options: populationSize/);
});

test("NSGA-II ranks and crowding distances follow their definitions", () => {
  const pts = [[1, 5], [2, 3], [3, 4], [4, 1], [2, 3], [5, 5]];
  assert.deepStrictEqual(paretoRanks(pts), [0, 0, 1, 0, 0, 2]);
  const crowd = crowdingDistances(pts, paretoRanks(pts));
  assert.strictEqual(crowd[0], Infinity);
  assert.strictEqual(crowd[3], Infinity);
  assert.ok(Number.isFinite(crowd[1]) && crowd[1] > 0);
});

test("Bayesian optimization: a grid search that needs fewer fits than the grid, and a composition search that finds the best", async () => {
  const grid = { a: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], b: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };
  assert.strictEqual(gridCombinations(grid).length, 100);
  const f = (p: Record<string, unknown>) => ((p.a as number) - 6.2) ** 2 + ((p.b as number) - 2.7) ** 2;
  const bo = bayesianGridSearch(grid, f, { budget: 20, seed: 0 });
  assert.strictEqual(bo.trials.length, 20);
  assert.deepStrictEqual(bo.best.params, { a: 6, b: 3 });
  assert.deepStrictEqual(bayesianGridSearch(grid, f, { budget: 20, seed: 0 }).trials, bo.trials);
  const rnd = randomGridSearch(grid, f, { budget: 20, seed: 0 });
  assert.strictEqual(new Set(rnd.trials.map((t) => JSON.stringify(t.params))).size, 20);
  assert.ok(rnd.bestSoFar.every((v, k) => k === 0 || v <= rnd.bestSoFar[k - 1]));
  // The cross-validated scorer gives gridSearchCV's mean RMSE and fits each combination once.
  const { models } = await setup();
  const X = models.training.fractions.slice(0, 100);
  const y = models.training.decomposition.slice(0, 100);
  const scorer = crossValidatedScorer(new RandomForestRegressor({ nEstimators: 10, seed: 0 }), X, y, { cv: 5 });
  const s1 = scorer({ maxDepth: 3 });
  assert.strictEqual(scorer({ maxDepth: 3 }), s1);
  assert.strictEqual(scorer.fits, 1);
  assert.ok(s1 > 0 && s1 < 1);
  // Over the 1,890 compositions of the 0.5 grid, 300 evaluations (16% of them: 1.6 of the top 10 by
  // chance) find more than half of the top 10, and the best evaluated comes first.
  const space = new CompositionSpace({ step: 0.5 });
  const compiled = compileModels(models, space);
  const truth = await screenSpace(models, { step: 0.5 }, { top: 10 }, compiled);
  const evaluator = new CompositionEvaluator(compiled);
  const result = bayesianCompositionSearch(evaluator, { seed: 0, nInitial: 50, batchSize: 25, maxEvaluations: 300, maxTrain: 150, poolSize: 300 });
  assert.strictEqual(result.evaluated.length, 300);
  assert.ok(recallCurve(result.evaluated, truth.best.stable_in_window.map((p) => p.index), [300])[0] >= 0.5);
  const objective = (p: Prediction) => penalizedObjective(p, DEFAULT_GOALS);
  assert.strictEqual(objective(result.best[0]), Math.min(...evaluator.evaluate(result.evaluated).map(objective)));
});

test("the screening models are notebook 01's: forests on all 512 alloys and all 50 descriptors", async () => {
  const { models } = await setup();
  const dft = await loadDFT(opts);
  assert.deepStrictEqual(models.features, ALL_DESCRIPTORS);
  assert.strictEqual(models.training.formulas.length, 512);
  const X = matrixOf(dft, ALL_DESCRIPTORS);
  const forest = new RandomForestRegressor({ nEstimators: 20, seed: 0 }).fit(X, columnOf(dft, TARGET_GAP));
  assert.deepStrictEqual((models.gap as RandomForestRegressor).predict(X.slice(0, 20)), forest.predict(X.slice(0, 20)));
  assert.deepStrictEqual(models.training.decomposition, columnOf(dft, TARGET_DECOMPOSITION));
});
