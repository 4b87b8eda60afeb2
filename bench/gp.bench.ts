// Gaussian process fits for `npm run bench` (scikit-learn reference: scripts/bench/gp.py).
import { BenchStep, timeIt } from "./bench";
import { ConstantKernel, ExpSineSquared, GaussianProcessRegressor, RBF } from "../lib/gp";
import { availableCores } from "../lib/core/pool";
import { loadGpData } from "../test/gp-data";

export const steps: BenchStep[] = [
  {
    // the tutorial's set-up: composition descriptors, 256 training rows, constant × exp-sine-squared, 50 restarts
    name: "gpr_expsine_50_restarts",
    run: async () => {
      const d = loadGpData();
      const X = d.train.map((i) => d.X[i]);
      const y = d.train.map((i) => d.decomposition[i]);
      const kernel = new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.01, 10] }));
      return timeIt(() => new GaussianProcessRegressor({ kernel, alpha: 0.1, nRestartsOptimizer: 50, seed: 0 }).fit(X, y));
    },
    info: async () => ({ threads: availableCores() }),
  },
  {
    name: "gpr_rbf_gap",
    run: async () => {
      const d = loadGpData();
      const X = d.train.map((i) => d.X[i]);
      const y = d.train.map((i) => d.gap[i]);
      const kernel = new ConstantKernel().times(new RBF());
      return timeIt(() => new GaussianProcessRegressor({ kernel, alpha: 0.01, normalizeY: true, nRestartsOptimizer: 5, seed: 0 }).fit(X, y));
    },
  },
];
