// Bench steps for the tree models (issues 3 and 4), the same work as scripts/bench/trees.py does
// with scikit-learn 1.2:
//   rf_gap, rf_decomp   100-tree forest, defaults, all 50 descriptors, fit on 80% and predict 20%
//   rf_grid_search      composition descriptors, decomposition energy, 20% training split, the
//                       tutorial's 243-combination grid with 5-fold CV on all cores, refit best
//   screen_outside      two 100-tree forests fit on all 512 rows (untimed) predicting Outside.csv
//                       repeated to 40,000 rows (timed)
//   rf_classifier       100-tree classifier, stable = decomposition energy < 0, 50/50 split
// Each sample is one call of the timed work (the forests fit in screen_outside are set-up).
import * as path from "path";
import { BenchStep } from "./bench";
import { projectRoot } from "../lib/paths";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, TARGET_DECOMPOSITION, TARGET_GAP, columnOf, loadDFT, loadOutside, matrixOf } from "../lib/data";
import { RandomForestClassifier, RandomForestRegressor, gridSearchCV } from "../lib/models";
import { take, trainTestSplit } from "../lib/preprocessing";

const dataOptions = { dataDir: process.env.MATML_DATA_DIR ?? path.resolve(projectRoot, "..", "shared", "data") };

export const RF_GRID = {
  nEstimators: [50, 100, 200],
  maxFeatures: [4, 8, 14],
  minSamplesLeaf: [5, 10, 20],
  maxDepth: [5, 10, 15],
  minSamplesSplit: [2, 5, 10],
};

async function forestStep(target: string): Promise<() => unknown> {
  const df = await loadDFT(dataOptions);
  const X = matrixOf(df, ALL_DESCRIPTORS);
  const y = columnOf(df, target);
  const { train, test } = trainTestSplit(X.length, { testSize: 0.2, seed: 0 });
  const [Xtr, ytr, Xte] = [take(X, train), take(y, train), take(X, test)];
  return () => new RandomForestRegressor({ nEstimators: 100, seed: 0 }).fit(Xtr, ytr).predict(Xte);
}

export const steps: BenchStep[] = [
  { name: "rf_gap", prepare: () => forestStep(TARGET_GAP) },
  { name: "rf_decomp", prepare: () => forestStep(TARGET_DECOMPOSITION) },
  {
    name: "rf_grid_search",
    prepare: async () => {
      const df = await loadDFT(dataOptions);
      const X = matrixOf(df, COMPOSITION_DESCRIPTORS);
      const y = columnOf(df, TARGET_DECOMPOSITION);
      const { train, test } = trainTestSplit(X.length, { testSize: 0.8, seed: 0 });
      const [Xtr, ytr, Xte] = [take(X, train), take(y, train), take(X, test)];
      return async () => {
        const search = await gridSearchCV(new RandomForestRegressor({ seed: 0 }), RF_GRID, Xtr, ytr, { cv: 5, scoring: "rmse", nJobs: -1 });
        search.bestEstimator?.predict(Xte);
      };
    },
  },
  {
    name: "screen_outside",
    prepare: async () => {
      const df = await loadDFT(dataOptions);
      const X = matrixOf(df, ALL_DESCRIPTORS);
      const outside = matrixOf(await loadOutside(dataOptions), ALL_DESCRIPTORS);
      const candidates: number[][] = [];
      while (candidates.length < 40000) candidates.push(...outside.slice(0, 40000 - candidates.length));
      const gapModel = new RandomForestRegressor({ seed: 0 }).fit(X, columnOf(df, TARGET_GAP));
      const decompModel = new RandomForestRegressor({ seed: 0 }).fit(X, columnOf(df, TARGET_DECOMPOSITION));
      return () => {
        gapModel.predict(candidates);
        decompModel.predict(candidates);
      };
    },
  },
  {
    name: "rf_classifier",
    prepare: async () => {
      const df = await loadDFT(dataOptions);
      const X = matrixOf(df, ALL_DESCRIPTORS);
      const stable = columnOf(df, TARGET_DECOMPOSITION).map((e) => (e < 0 ? 1 : 0));
      const { train, test } = trainTestSplit(X.length, { testSize: 0.5, seed: 42 });
      const [Xtr, ytr, Xte] = [take(X, train), take(stable, train), take(X, test)];
      return () => new RandomForestClassifier({ nEstimators: 100, seed: 0 }).fit(Xtr, ytr).predict(Xte);
    },
  },
];
