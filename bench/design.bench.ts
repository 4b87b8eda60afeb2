// Bench steps for inverse design (issue 12); scripts/bench/design.py is the scikit-learn side.
//   screen_full_space  notebook 01's two 100-tree forests (fit on all 512 alloys, untimed) screen
//                      all 28,667,925 compositions of the 1/8 grid with per-tree spread, top 100
//                      per objective and the Pareto front, on every core. Reports compositions per
//                      second, CPU seconds, peak memory and the machine's load. It also saves the
//                      models and the predictions of a 200,000-row stride through the grid into
//                      out/bench/design/, which design.py predicts with scikit-learn.
//   ga_run             the single-objective genetic algorithm, 10 seeds × 20,000 evaluations,
//                      scored against the full screen: recall of the true top 10 / top 100.
//   bo_composition_search  Bayesian optimization (two GPs, constrained expected improvement) over
//                      the composition space against the genetic algorithm and random search,
//                      5 seeds × 2,000 evaluations: evaluations needed to reach the true top 10.
//   bo_hpo             the tutorial's 243-point random-forest grid (gridSearchCV, 5-fold CV),
//                      then Bayesian optimization and random search, 10 seeds × 30 fits each,
//                      scored by the best CV RMSE relative to the grid's best.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BenchStep, timeIt } from "./bench";
import { RF_GRID } from "./trees.bench";
import { projectRoot } from "../lib/paths";
import { COMPOSITION_DESCRIPTORS, TARGET_DECOMPOSITION, columnOf, loadDFT, loadElementalProperties, matrixOf, PerovskiteFeaturizer } from "../lib/data";
import { RandomForestRegressor, gridSearchCV } from "../lib/models";
import { take, trainTestSplit } from "../lib/preprocessing";
import {
  CompiledModels, CompositionSpace, ScreenResult, ScreeningModels, SearchMethod, compileModels, crossValidatedScorer, hyperparameterStudy,
  meanCurve, predictCompositions, saveScreeningModels, screenSpace, searchStudy, summarizeStudy, trainScreeningModels,
} from "../lib/design";

const dataOptions = { dataDir: process.env.MATML_DATA_DIR ?? path.resolve(projectRoot, "..", "shared", "data") };
/** Where the models and the stride predictions for design.py go. */
export const DESIGN_BENCH_DIR = path.join(projectRoot, "out", "bench", "design");
/** Rows of the stride through the grid that scikit-learn predicts. */
export const STRIDE_ROWS = 200_000;

let state: { models: ScreeningModels; compiled: CompiledModels; truth?: ScreenResult } | undefined;
const facts: Record<string, Record<string, string | number>> = {};

async function models(): Promise<{ models: ScreeningModels; compiled: CompiledModels; truth?: ScreenResult }> {
  if (!state) {
    const featurizer = new PerovskiteFeaturizer(await loadElementalProperties(dataOptions));
    const m = trainScreeningModels(await loadDFT(dataOptions), featurizer);
    state = { models: m, compiled: compileModels(m, new CompositionSpace()) };
  }
  return state;
}

/** The exhaustive screen (run untimed when a step needs it and screen_full_space has not run). */
async function truth(): Promise<ScreenResult> {
  const s = await models();
  s.truth ??= await screenSpace(s.models, {}, { top: 100 }, s.compiled);
  return s.truth;
}

function load(): string {
  return os.loadavg().map((v) => v.toFixed(2)).join(" / ");
}

/** The bench steps of inverse design. */
export const steps: BenchStep[] = [
  {
    name: "screen_full_space",
    run: async () => {
      const s = await models();
      const loadBefore = load();
      const cpu0 = process.cpuUsage();
      let result: ScreenResult | undefined;
      // Compilation against the space is part of the screen, so it is timed too.
      const seconds = await timeIt(async () => {
        const compiled = compileModels(s.models, new CompositionSpace());
        result = await screenSpace(s.models, {}, { top: 100 }, compiled);
      });
      const cpu = process.cpuUsage(cpu0);
      s.truth = result as ScreenResult;
      // Inputs for design.py: the models, and our predictions on a stride through the grid.
      fs.mkdirSync(DESIGN_BENCH_DIR, { recursive: true });
      saveScreeningModels(s.models, path.join(DESIGN_BENCH_DIR, "models"));
      const stride = Math.floor(s.compiled.space.size / STRIDE_ROWS);
      const indices = Array.from({ length: STRIDE_ROWS }, (_, k) => k * stride);
      const strideSeconds = await timeIt(() => predictCompositions(s.compiled, indices));
      const preds = predictCompositions(s.compiled, indices);
      fs.writeFileSync(path.join(DESIGN_BENCH_DIR, "stride.json"), JSON.stringify({ stride, rows: STRIDE_ROWS, decomposition: preds.map((p) => p.decomposition), gap: preds.map((p) => p.gap) }));
      facts.screen_full_space = {
        compositions: s.truth.compositions,
        compositions_per_second: Math.round(s.truth.compositions / seconds),
        cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        load_average_before: loadBefore,
        load_average_after: load(),
        stride_rows_per_second_one_thread: Math.round(STRIDE_ROWS / strideSeconds),
        pareto_front: s.truth.pareto.length,
      };
      return seconds;
    },
    info: async () => facts.screen_full_space ?? {},
  },
  {
    name: "ga_run",
    run: async () => {
      const s = await models();
      const t = await truth();
      let study: ReturnType<typeof searchStudy> | undefined;
      const seconds = await timeIt(() => (study = searchStudy(s.compiled, t, { methods: ["genetic algorithm"], maxEvaluations: 20000 })));
      const { checkpoints, runs } = study as ReturnType<typeof searchStudy>;
      const top10 = meanCurve(runs, "genetic algorithm", "top10");
      const top100 = meanCurve(runs, "genetic algorithm", "top100");
      facts.ga_run = {
        seeds: runs.length,
        evaluations_per_run: 20000,
        fraction_of_space: Number((20000 / t.compositions).toExponential(3)),
        recall_top10_by_evaluations: checkpoints.map((c, k) => `${c}:${top10[k].toFixed(2)}`).join(" "),
        recall_top100_by_evaluations: checkpoints.map((c, k) => `${c}:${top100[k].toFixed(2)}`).join(" "),
        seeds_with_90pct_top10: runs.filter((r) => r.top10[r.top10.length - 1] >= 0.9).length,
        median_evaluations_to_all_top10: median(runs.map((r) => r.toAllTop10 ?? Infinity)),
        load_average: load(),
      };
      return seconds;
    },
    info: async () => facts.ga_run ?? {},
  },
  {
    name: "bo_composition_search",
    run: async () => {
      const s = await models();
      const t = await truth();
      let study: ReturnType<typeof searchStudy> | undefined;
      const methods: SearchMethod[] = ["bayesian optimization", "genetic algorithm", "random search"];
      const seconds = await timeIt(() => (study = searchStudy(s.compiled, t, { methods, seeds: [0, 1, 2, 3, 4], maxEvaluations: 2000, checkpoints: [250, 500, 1000, 2000] })));
      const rows = summarizeStudy(study as ReturnType<typeof searchStudy>);
      facts.bo_composition_search = Object.fromEntries(
        rows.flatMap((r) => {
          const m = String(r.method).replace(/ /g, "_");
          return [
            [`${m}_top10_found_at_2000`, Number(Number(r.top10_found).toFixed(2))],
            [`${m}_median_evaluations_to_first_top10`, r.median_evaluations_to_first_top10 ?? "never"],
            [`${m}_median_evaluations_to_all_top10`, r.median_evaluations_to_all_top10 ?? "never"],
          ];
        }),
      );
      facts.bo_composition_search.load_average = load();
      return seconds;
    },
    info: async () => facts.bo_composition_search ?? {},
  },
  {
    name: "bo_hpo",
    run: async () => {
      const df = await loadDFT(dataOptions);
      const X = matrixOf(df, COMPOSITION_DESCRIPTORS);
      const y = columnOf(df, TARGET_DECOMPOSITION);
      const { train } = trainTestSplit(X.length, { testSize: 0.8, seed: 0 });
      const [Xtr, ytr] = [take(X, train), take(y, train)];
      let runs: ReturnType<typeof hyperparameterStudy> = [];
      let gridBest = 0;
      const seconds = await timeIt(async () => {
        const search = await gridSearchCV(new RandomForestRegressor({ seed: 0 }), RF_GRID, Xtr, ytr, { cv: 5, scoring: "rmse", refit: false });
        gridBest = search.bestScore;
        const scorer = crossValidatedScorer(new RandomForestRegressor({ seed: 0 }), Xtr, ytr, { cv: 5 });
        runs = hyperparameterStudy(RF_GRID, scorer, gridBest, { budget: 30 });
      });
      const of = (m: string) => runs.filter((r) => r.method === m);
      const describe = (m: string) => ({
        [`${m}_median_relative_best`]: Number(median(of(m).map((r) => r.relativeBest)).toFixed(4)),
        [`${m}_worst_relative_best`]: Number(Math.max(...of(m).map((r) => r.relativeBest)).toFixed(4)),
        [`${m}_seeds_within_2pct`]: of(m).filter((r) => r.fitsToTolerance !== null).length,
        [`${m}_median_fits_to_2pct`]: median(of(m).map((r) => r.fitsToTolerance ?? Infinity)),
        [`${m}_worst_fits_to_2pct`]: Math.max(...of(m).map((r) => r.fitsToTolerance ?? Infinity)),
      });
      facts.bo_hpo = { grid_fits: 243, grid_best_cv_rmse: Number(gridBest.toFixed(5)), budget: 30, seeds: of("bayesian optimization").length, ...describe("bayesian optimization"), ...describe("random search") };
      facts.bo_hpo = Object.fromEntries(Object.entries(facts.bo_hpo).map(([k, v]) => [k.replace(/ /g, "_"), v]));
      return seconds;
    },
    info: async () => facts.bo_hpo ?? {},
  },
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
