// Screening the whole composition space: every composition of a CompositionSpace is featurized
// and predicted (decomposition energy and band gap, each with its uncertainty), streaming, and
// only what a ScreenAccumulator keeps is held in memory.
//
// Two ways to do it, which give the same result (tested):
// - screenSpace: the fast path. Both models must be random forests; they are compiled against
//   the space (site-forest.ts) and blocks of compositions (one A option × a run of B options ×
//   every X option) are handed out to worker threads, one per core.
// - screenReference: the readable path, for any models (forests or Gaussian processes): each
//   composition is featurized by the featurizer and predicted row by row. Slow; for small grids,
//   for checking, and for models other than forests.
//
// A screen can cover one shard of the space (`shard: { index, count }`); mergeScreens combines
// the shards' results into exactly the result of one run over the whole space.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DataError, ParamError } from "../core/errors";
import { ALL_DESCRIPTORS, Site } from "../data/columns";
import { PerovskiteFeaturizer } from "../data/featurizer";
import { RandomForestRegressor } from "../models/forest";
import { availableCores, pool, workersAvailable } from "../core/pool";
import { AccumulatorState, HistogramSpec, ScreenAccumulator } from "./accumulator";
import { DesignGoals, Prediction, resolveGoals } from "./objectives";
import { ScreeningModels, UncertainRegressor, forestTrees, predictWithUncertainty } from "./models";
import { SiteForest, compileForest, pointSums, spreadOf } from "./site-forest";
import { ScreenJob, runScreenJob } from "./screen-job";
import { CompositionSpace, SpaceOptions, siteFeatures } from "./space";

/** Options of a screen. */
export interface ScreenOptions {
  /** Compositions kept per objective (default 100). */
  top?: number;
  /** Gap target, gap window and stability limit (defaults: 1.34 eV, [1.1, 1.7] eV, 0 eV). */
  goals?: Partial<DesignGoals>;
  /** Screen only shard `index` of `count` (0-based), e.g. one task of a batch-scheduler array. */
  shard?: { index: number; count: number };
  /** Worker threads: -1 = one per core (default), 1 = this thread only. */
  nJobs?: number;
  /** Bins per axis of the prediction histogram (default 80). */
  histogramBins?: number;
  /** Called now and then with the compositions done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** The result of a screen (or of merged shards): plain JSON, what `matml screen` writes. */
export interface ScreenResult extends AccumulatorState {
  format: "matml-screen";
  version: 1;
  space: { step: number; species: Record<Site, string[]> };
  goals: DesignGoals;
  top: number;
  /** SHA-256 of the models (a shard of other models cannot be merged in). */
  model: string;
  /** The (A, B) option pairs covered, as sorted, non-overlapping [start, end) ranges. */
  covered: [number, number][];
}

/** The models compiled for one space, ready for blocks of compositions. */
export interface CompiledModels {
  space: CompositionSpace;
  decomposition: SiteForest;
  gap: SiteForest;
  fingerprint: string;
  /**
   * The per-site descriptor tables (siteFeatures), the models' columns (indices into
   * ALL_DESCRIPTORS), and the training mean and standard deviation of each column (1 where
   * constant), for searches that look at compositions through the descriptors.
   */
  descriptors: { tables: Float64Array[]; columns: number[]; mean: number[]; scale: number[] };
}

/** Both models must be forests for the fast path. */
function forestsOf(models: ScreeningModels, who: string): [RandomForestRegressor, RandomForestRegressor] {
  const { decomposition, gap } = models;
  if (!(decomposition instanceof RandomForestRegressor && gap instanceof RandomForestRegressor)) {
    throw new DataError(`${who}: the fast screen needs two random forests; for other models (e.g. Gaussian processes) use screenReference, which predicts row by row`);
  }
  return [decomposition, gap];
}

/** SHA-256 over what the models predict from: features, property table and the models' learned numbers. */
export function modelFingerprint(models: ScreeningModels): string {
  const hash = crypto.createHash("sha256");
  hash.update(JSON.stringify({ features: models.features, properties: models.properties }));
  const probe = models.training.X.slice(0, 5);
  for (const model of [models.decomposition, models.gap]) hash.update(modelBytes(model, probe));
  return hash.digest("hex");
}

function modelBytes(model: UncertainRegressor, probe: number[][]): string {
  if (model instanceof RandomForestRegressor) {
    return forestTrees(model)
      .map((t) => [t.feature, t.threshold, t.left, t.right, t.value].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64")).join("|"))
      .join(";");
  }
  // A Gaussian process is known by its fitted kernel and what it predicts for the first training rows.
  const { mean, std } = model.predict(probe, { returnStd: true });
  return `${String(model.kernel_)}|${mean.join(",")}|${std.join(",")}`;
}

/** Compiles both forests against the space (a second or two; done once per screen). */
export function compileModels(models: ScreeningModels, space: CompositionSpace): CompiledModels {
  const [decomposition, gap] = forestsOf(models, "compileModels");
  const tables = siteFeatures(space, new PerovskiteFeaturizer(models.properties));
  const X = models.training.X;
  const mean = models.features.map((_, k) => X.reduce((s, r) => s + r[k], 0) / X.length);
  const scale = mean.map((m, k) => Math.sqrt(X.reduce((s, r) => s + (r[k] - m) ** 2, 0) / X.length) || 1);
  return {
    space,
    decomposition: compileForest(forestTrees(decomposition), models.features, space, tables),
    gap: compileForest(forestTrees(gap), models.features, space, tables),
    fingerprint: modelFingerprint(models),
    descriptors: { tables, columns: models.features.map((f) => ALL_DESCRIPTORS.indexOf(f)), mean, scale },
  };
}

/** The histogram bins: the range every prediction of the two models can take. */
function histogramSpec(models: ScreeningModels, compiled: CompiledModels | undefined, bins: number): HistogramSpec {
  const range = (key: "decomposition" | "gap"): [number, number] => {
    // A forest's mean lies between its smallest and largest leaf; a GP's is unbounded: use the training range.
    if (compiled) return [...compiled[key].valueRange];
    const y = models.training[key];
    return [Math.min(...y), Math.max(...y)];
  };
  return { decompositionRange: widen(range("decomposition")), gapRange: widen(range("gap")), bins };
}

function widen([lo, hi]: [number, number]): [number, number] {
  return hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

interface Resolved {
  top: number;
  goals: DesignGoals;
  bins: number;
  nJobs: number;
  range: { start: number; end: number };
}

function resolveOptions(space: CompositionSpace, options: ScreenOptions): Resolved {
  const { top = 100, histogramBins = 80, nJobs = -1 } = options;
  if (!Number.isInteger(top) || top < 1) throw new ParamError(`screen: top must be a whole number >= 1, got ${top}`);
  if (!Number.isInteger(histogramBins) || histogramBins < 1) throw new ParamError(`screen: histogramBins must be a whole number >= 1, got ${histogramBins}`);
  if (!(nJobs === -1 || (Number.isInteger(nJobs) && nJobs >= 1))) throw new ParamError(`screen: nJobs must be -1 (one per core) or a whole number >= 1, got ${nJobs}`);
  const range = options.shard ? space.shard(options.shard.index, options.shard.count) : { start: 0, end: space.pairs };
  return { top, goals: resolveGoals(options.goals), bins: histogramBins, nJobs: nJobs === -1 ? availableCores() : nJobs, range };
}

function resultOf(space: CompositionSpace, r: Resolved, fingerprint: string, state: AccumulatorState): ScreenResult {
  const covered: [number, number][] = r.range.end > r.range.start ? [[r.range.start, r.range.end]] : [];
  return { format: "matml-screen", version: 1, space: space.options, goals: r.goals, top: r.top, model: fingerprint, covered, ...state };
}

// ---------------------------------------------------------------------------------------------
// The readable path

/**
 * Screens a space (or a shard of it) the plain way: every composition's 14 fractions go through
 * the featurizer, the model columns are taken from its 50 descriptors, and each model predicts
 * (a forest tree by tree, a Gaussian process with its posterior std). Works for any models.
 */
export function screenReference(models: ScreeningModels, spaceOptions: SpaceOptions = {}, options: ScreenOptions = {}): ScreenResult {
  const space = new CompositionSpace(spaceOptions);
  const r = resolveOptions(space, options);
  const featurizer = new PerovskiteFeaturizer(models.properties);
  const columns = models.features.map((f) => ALL_DESCRIPTORS.indexOf(f));
  const compiled = models.decomposition instanceof RandomForestRegressor && models.gap instanceof RandomForestRegressor ? compileModels(models, space) : undefined;
  const acc = new ScreenAccumulator(r.goals, r.top, histogramSpec(models, compiled, r.bins));
  const nX = space.sites[2].size;
  const CHUNK = 4096;
  for (let first = r.range.start * nX; first < r.range.end * nX; first += CHUNK) {
    const indices = Array.from({ length: Math.min(CHUNK, r.range.end * nX - first) }, (_, k) => first + k);
    const X = indices.map((i) => {
      const fractions = space.fractions(i);
      const all = [...fractions, ...featurizer.descriptorsFromFractions(fractions)];
      return columns.map((j) => all[j]);
    });
    const d = predictWithUncertainty(models.decomposition, X);
    const g = predictWithUncertainty(models.gap, X);
    indices.forEach((index, k) => acc.add(index, d.mean[k], d.std[k], g.mean[k], g.std[k]));
    options.onProgress?.(first + indices.length - r.range.start * nX, (r.range.end - r.range.start) * nX);
  }
  return resultOf(space, r, modelFingerprint(models), acc.state());
}

// ---------------------------------------------------------------------------------------------
// The fast path

/** Cuts pairs [start, end) into blocks of one A option and at most maxPairs B options. */
function makeBlocks(space: CompositionSpace, start: number, end: number, maxPairs: number): Int32Array {
  const nB = space.sites[1].size;
  const out: number[] = [];
  for (let pair = start; pair < end; ) {
    const a = Math.floor(pair / nB);
    const b0 = pair % nB;
    const b1 = Math.min(nB, b0 + (end - pair), b0 + maxPairs);
    out.push(a, b0, b1);
    pair += b1 - b0;
  }
  const blocks = new Int32Array(new SharedArrayBuffer(Math.max(1, out.length) * 4));
  blocks.set(out);
  return blocks.subarray(0, out.length);
}

/**
 * Screens a space (or a shard of it) with two random forests, on every core. The forests are
 * compiled against the space first; pass `compiled` to reuse a compilation.
 */
export async function screenSpace(models: ScreeningModels, spaceOptions: SpaceOptions = {}, options: ScreenOptions = {}, compiled?: CompiledModels): Promise<ScreenResult> {
  const space = compiled?.space ?? new CompositionSpace(spaceOptions);
  const r = resolveOptions(space, options);
  const c = compiled ?? compileModels(models, space);
  const nX = space.sites[2].size;
  const job: ScreenJob = {
    decomposition: c.decomposition,
    gap: c.gap,
    nB: space.sites[1].size,
    nX,
    // Blocks of at most ~64k compositions: four arrays of that many doubles per thread.
    blocks: makeBlocks(space, r.range.start, r.range.end, Math.max(1, Math.floor(65536 / nX))),
    control: new Int32Array(new SharedArrayBuffer(8)),
    goals: r.goals,
    top: r.top,
    histogram: histogramSpec(models, c, r.bins),
  };
  const total = (r.range.end - r.range.start) * nX;
  const states = await runOnThreads(job, r.nJobs, total, options.onProgress);
  const acc = new ScreenAccumulator(r.goals, r.top, job.histogram);
  for (const s of states) acc.merge(s);
  return resultOf(space, r, c.fingerprint, acc.state());
}

/** Runs the job on nJobs threads of the library's worker pool (or here, when workers cannot be used). */
async function runOnThreads(job: ScreenJob, nJobs: number, total: number, onProgress?: (done: number, total: number) => void): Promise<AccumulatorState[]> {
  const file = path.join(__dirname, "screen-job.js");
  const report = () => onProgress?.(Atomics.load(job.control, 1), total);
  if (nJobs <= 1 || !workersAvailable() || !fs.existsSync(file)) {
    const state = runScreenJob(job);
    report();
    return [state];
  }
  // Each thread takes blocks from the shared counter until none are left.
  const timer = onProgress ? setInterval(report, 250) : undefined;
  try {
    return await pool().map<ScreenJob, AccumulatorState>(file, "runScreenJob", Array.from({ length: nJobs }, () => job), nJobs);
  } finally {
    if (timer) clearInterval(timer);
    report();
  }
}

/**
 * Predictions for single compositions given by flat index (for the genetic algorithm and
 * Bayesian optimization): the same numbers the screen computes for them.
 */
export function predictCompositions(compiled: CompiledModels, indices: readonly number[]): Prediction[] {
  const options = new Int32Array(3 * indices.length);
  indices.forEach((index, k) => options.set(compiled.space.decode(index), 3 * k));
  const n = indices.length;
  const [dSum, dSq, gSum, gSq] = [0, 0, 0, 0].map(() => new Float64Array(n));
  pointSums(compiled.decomposition, options, dSum, dSq);
  pointSums(compiled.gap, options, gSum, gSq);
  return indices.map((index, k) => {
    const [decomposition, decompositionStd] = spreadOf(dSum[k], dSq[k], compiled.decomposition.nTrees);
    const [gap, gapStd] = spreadOf(gSum[k], gSq[k], compiled.gap.nTrees);
    return { index, decomposition, decompositionStd, gap, gapStd };
  });
}

// ---------------------------------------------------------------------------------------------
// Shards

/**
 * Combines the results of screens over disjoint parts of one space with the same models and
 * options (e.g. the shards of an array job) into the result one screen over all of them gives.
 */
export function mergeScreens(parts: readonly ScreenResult[]): ScreenResult {
  if (parts.length === 0) throw new DataError("mergeScreens: nothing to merge");
  const first = parts[0];
  parts.forEach((p, k) => {
    if (p.format !== "matml-screen") throw new DataError(`mergeScreens: part ${k + 1} is not a screen result`);
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new DataError(`mergeScreens: part ${k + 1} was screened with a different ${what} (${JSON.stringify(b)} vs ${JSON.stringify(a)})`);
    };
    same("space", first.space, p.space);
    same("set of goals", first.goals, p.goals);
    same("top", first.top, p.top);
    same("model (fingerprint)", first.model, p.model);
  });
  const ranges = parts.flatMap((p) => p.covered).sort((x, y) => x[0] - y[0]);
  const covered: [number, number][] = [];
  for (const [s, e] of ranges) {
    const last = covered[covered.length - 1];
    if (last && s < last[1]) throw new DataError(`mergeScreens: the parts overlap (pairs ${s}..${Math.min(e, last[1]) - 1} are in two of them)`);
    if (last && s === last[1]) last[1] = e;
    else covered.push([s, e]);
  }
  const acc = new ScreenAccumulator(first.goals, first.top, { decompositionRange: first.histogram.decompositionRange, gapRange: first.histogram.gapRange, bins: first.histogram.bins });
  for (const p of parts) acc.merge(p);
  return { format: "matml-screen", version: 1, space: first.space, goals: first.goals, top: first.top, model: first.model, covered, ...acc.state() };
}
