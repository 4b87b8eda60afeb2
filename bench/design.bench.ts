// Bench steps for inverse design (issue 12); scripts/bench/design.py is the scikit-learn side.
//   screen_full_space      notebook 01's two 100-tree forests (fit on all 512 alloys: set-up) screen
//                          all 28,667,925 compositions of the 1/8 grid with per-tree spread, top 100
//                          per objective and the Pareto front, on every core (compiling the forests
//                          against the space is part of the sample). The set-up also saves the
//                          models and our predictions on a 200,000-row stride through the grid into
//                          out/bench/design/, from which design.py rebuilds the same forests.
//   ga_run                 one run of the single-objective genetic algorithm, 20,000 evaluations;
//                          the set-up scores 10 seeds against the full screen (recall of the true
//                          top 10 / top 100), reported beside the time.
//   bo_composition_search  one run of Bayesian optimization over the space, 300 evaluations; the
//                          set-up compares it with the genetic algorithm and random search, 5 seeds
//                          × 1,000 evaluations: evaluations needed to reach the true top 10.
//   bo_hpo                 the tutorial's 243-point random-forest grid (gridSearchCV, 5-fold CV),
//                          then Bayesian optimization and random search, 10 seeds × 30 fits each,
//                          scored from the grid's results (as design.py scores RandomizedSearchCV's
//                          draws); reported: the best CV RMSE reached relative to the grid's best.
// Plain runs report rates after the samples; the paired comparison reports what the set-up knows.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BenchStep } from "./bench";
import { RF_GRID } from "./trees.bench";
import { projectRoot } from "../lib/paths";
import { COMPOSITION_DESCRIPTORS, TARGET_DECOMPOSITION, columnOf, loadDFT, loadElementalProperties, matrixOf, PerovskiteFeaturizer } from "../lib/data";
import { RandomForestRegressor, gridSearchCV } from "../lib/models";
import { take, trainTestSplit } from "../lib/preprocessing";
import {
  CompiledModels, CompositionEvaluator, CompositionSpace, ScreenResult, ScreeningModels, SearchMethod, bayesianCompositionSearch, compileModels,
  geneticSearch, hyperparameterStudy, meanCurve, predictCompositions, saveScreeningModels, screenSpace, searchStudy, summarizeHyperparameterStudy,
  summarizeStudy, trainScreeningModels,
} from "../lib/design";

const dataOptions = { dataDir: process.env.MATML_DATA_DIR ?? path.resolve(projectRoot, "..", "shared", "data") };
/** Where the models and the stride predictions for design.py go. */
export const DESIGN_BENCH_DIR = path.join(projectRoot, "out", "bench", "design");
/** Rows of the stride through the grid that design.py checks against ours. */
export const STRIDE_ROWS = 200_000;

type Facts = Record<string, string | number>;
let state: { models: ScreeningModels; compiled: CompiledModels; truth?: ScreenResult } | undefined;
const facts: Record<string, Facts> = {};

/** Notebook 01's models, compiled for the 1/8 grid (set-up shared by the steps of one process). */
async function models(): Promise<{ models: ScreeningModels; compiled: CompiledModels; truth?: ScreenResult }> {
  if (!state) {
    const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(dataOptions));
    const m = trainScreeningModels(await loadDFT(dataOptions), featurizer);
    state = { models: m, compiled: compileModels(m, new CompositionSpace()) };
  }
  return state;
}

/** The exhaustive screen, the truth the searches are scored against (set-up). */
async function truth(): Promise<ScreenResult> {
  const s = await models();
  s.truth ??= await screenSpace(s.models, {}, { top: 100 }, s.compiled);
  return s.truth;
}

function load(): string {
  return os.loadavg().map((v) => v.toFixed(2)).join(" / ");
}

/** A study's summary rows flattened into "method_column" facts. */
function flatten(rows: Record<string, string | number | null>[], columns: string[]): Facts {
  const out: Facts = {};
  for (const r of rows) for (const c of columns) out[`${String(r.method).replace(/[ -]/g, "_")}_${c}`] = r[c] === null ? "never" : Number(Number(r[c]).toFixed(4));
  return out;
}

/** The bench steps of inverse design. */
export const steps: BenchStep[] = [
  {
    name: "screen_full_space",
    prepare: async () => {
      const s = await models();
      // For design.py: the models, and our predictions on a stride through the grid.
      fs.mkdirSync(DESIGN_BENCH_DIR, { recursive: true });
      saveScreeningModels(s.models, path.join(DESIGN_BENCH_DIR, "models"));
      const stride = Math.floor(s.compiled.space.size / STRIDE_ROWS);
      const preds = predictCompositions(s.compiled, Array.from({ length: STRIDE_ROWS }, (_, k) => k * stride));
      fs.writeFileSync(path.join(DESIGN_BENCH_DIR, "stride.json"), JSON.stringify({ stride, rows: STRIDE_ROWS, decomposition: preds.map((p) => p.decomposition), gap: preds.map((p) => p.gap) }));
      facts.screen_full_space = { compositions: s.compiled.space.size, threads: os.availableParallelism?.() ?? os.cpus().length, load_average_at_setup: load() };
      return async () => {
        const cpu0 = process.cpuUsage();
        const t0 = Date.now();
        const result = await screenSpace(s.models, {}, { top: 100 }, compileModels(s.models, new CompositionSpace()));
        const seconds = (Date.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        Object.assign(facts.screen_full_space, {
          compositions_per_second: Math.round(result.compositions / seconds),
          cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
          load_average_after: load(),
          pareto_front: result.pareto.length,
        });
      };
    },
    info: async () => facts.screen_full_space ?? {},
  },
  {
    name: "ga_run",
    prepare: async () => {
      const s = await models();
      const t = await truth();
      const study = searchStudy(s.compiled, t, { methods: ["genetic algorithm"], maxEvaluations: 20000 });
      const r = summarizeStudy(study, t.compositions)[0];
      const byEvaluations = (field: "top10" | "top100") =>
        meanCurve(study.runs, "genetic algorithm", field).map((recall, k) => `${study.checkpoints[k]}:${recall.toFixed(2)}`).join(" ");
      facts.ga_run = {
        seeds: study.runs.length,
        evaluations_per_run: 20000,
        share_of_space: Number((20000 / t.compositions).toExponential(3)),
        recall_top10_by_evaluations: byEvaluations("top10"),
        recall_top100_by_evaluations: byEvaluations("top100"),
        seeds_with_90pct_of_top10: Number(r.seeds_with_90pct_of_top10),
        median_evaluations_to_first_top10: r.median_evaluations_to_first_top10 ?? "never",
        median_evaluations_to_all_top10: r.median_evaluations_to_all_top10 ?? "never",
        load_average_at_setup: load(),
      };
      let seed = 100;
      return () => geneticSearch(new CompositionEvaluator(s.compiled), { seed: seed++, maxEvaluations: 20000 });
    },
    info: async () => facts.ga_run ?? {},
  },
  {
    name: "bo_composition_search",
    prepare: async () => {
      const s = await models();
      const t = await truth();
      const methods: SearchMethod[] = ["bayesian optimization", "genetic algorithm", "random search"];
      const study = searchStudy(s.compiled, t, { methods, seeds: [0, 1, 2, 3, 4], maxEvaluations: 1000, checkpoints: [250, 500, 1000] });
      facts.bo_composition_search = {
        seeds: 5,
        evaluations_per_run: 1000,
        ...flatten(summarizeStudy(study), ["top10_found", "median_evaluations_to_first_top10", "median_evaluations_to_all_top10"]),
        load_average_at_setup: load(),
      };
      let seed = 100;
      return () => bayesianCompositionSearch(new CompositionEvaluator(s.compiled), { seed: seed++, maxEvaluations: 300 });
    },
    info: async () => facts.bo_composition_search ?? {},
  },
  {
    name: "bo_hpo",
    prepare: async () => {
      const df = await loadDFT(dataOptions);
      const X = matrixOf(df, COMPOSITION_DESCRIPTORS);
      const y = columnOf(df, TARGET_DECOMPOSITION);
      const { train } = trainTestSplit(X.length, { testSize: 0.8, seed: 0 });
      const [Xtr, ytr] = [take(X, train), take(y, train)];
      const work = async () => {
        const grid = await gridSearchCV(new RandomForestRegressor({ seed: 0 }), RF_GRID, Xtr, ytr, { cv: 5, scoring: "rmse", refit: false });
        // The searches read the grid's cross-validated scores (same folds, same forests).
        const keys = Object.keys(RF_GRID) as (keyof typeof RF_GRID)[];
        const scores = new Map(grid.results.map((r) => [JSON.stringify(keys.map((k) => r[k])), r.meanTestScore]));
        const score = (p: Record<string, unknown>) => scores.get(JSON.stringify(keys.map((k) => p[k]))) as number;
        return { best: grid.bestScore, runs: hyperparameterStudy(RF_GRID, score, grid.bestScore, { budget: 30 }) };
      };
      const { best, runs } = await work();
      const columns = ["median_relative_best", "worst_relative_best", "seeds_within_tolerance", "median_fits_to_tolerance", "worst_fits_to_tolerance"];
      facts.bo_hpo = { grid_fits: 243, grid_best_cv_rmse: Number(best.toFixed(5)), budget: 30, seeds: 10, ...flatten(summarizeHyperparameterStudy(runs), columns) };
      return work;
    },
    info: async () => facts.bo_hpo ?? {},
  },
];
