// Gaussian process fits for `npm run bench` (scikit-learn reference: scripts/bench/gp.py).
//   gpr_expsine_50_restarts  the tutorial's set-up: composition descriptors, 256 training rows,
//                            constant × exp-sine-squared, alpha 0.1, 50 restarts
//   gpr_rbf_gap              constant × RBF on the band gap, alpha 0.01, normalizeY, 5 restarts
//   gpr_rbf_2000             2,000 Outside.csv compositions (rows ⌊5i/2⌋) with a smooth synthetic
//                            target, constant × RBF, alpha 0.01, normalizeY, 1 restart (2 runs, one per core)
import * as fs from "fs";
import * as path from "path";
import { BenchStep } from "./bench";
import { ConstantKernel, ExpSineSquared, GaussianProcessRegressor, RBF } from "../lib/gp";
import { availableCores } from "../lib/core/pool";
import { parseCsv } from "../lib/data/csv";
import { COMPOSITION_DESCRIPTORS } from "../lib/data/columns";
import { loadGpData } from "../test/gp-data";
import { testDataDir } from "../test/helpers";

/**
 * n compositions spread over Outside.csv (rows ⌊5i/2⌋) and a smooth target
 * y = sin(3s) + (t/2)², s = Σ_k x_k sin(k+1), t = Σ_k x_k cos(k+1) (scripts/bench/gp.py: rbf_2000_data).
 */
export function rbf2000Data(n = 2000): { X: number[][]; y: number[] } {
  const file = path.join(testDataDir(), "Outside.csv");
  const table = parseCsv(fs.readFileSync(file, "utf8"), file);
  const cols = COMPOSITION_DESCRIPTORS.map((c) => table.columns.indexOf(c));
  const X = Array.from({ length: n }, (_, i) => cols.map((c) => Number(table.rows[Math.floor((i * 5) / 2)][c])));
  const y = X.map((x) => {
    let s = 0;
    let t = 0;
    x.forEach((v, k) => {
      s += v * Math.sin(k + 1);
      t += v * Math.cos(k + 1);
    });
    return Math.sin(3 * s) + (t / 2) ** 2;
  });
  return { X, y };
}

const threads = async () => ({ threads: availableCores() });

export const steps: BenchStep[] = [
  {
    name: "gpr_expsine_50_restarts",
    prepare: async () => {
      const d = loadGpData();
      const X = d.train.map((i) => d.X[i]);
      const y = d.train.map((i) => d.decomposition[i]);
      const kernel = new ConstantKernel().times(new ExpSineSquared({ periodicityBounds: [0.01, 10] }));
      return () => new GaussianProcessRegressor({ kernel, alpha: 0.1, nRestartsOptimizer: 50, seed: 0 }).fit(X, y);
    },
    info: threads,
  },
  {
    name: "gpr_rbf_gap",
    prepare: async () => {
      const d = loadGpData();
      const X = d.train.map((i) => d.X[i]);
      const y = d.train.map((i) => d.gap[i]);
      const kernel = new ConstantKernel().times(new RBF());
      return () => new GaussianProcessRegressor({ kernel, alpha: 0.01, normalizeY: true, nRestartsOptimizer: 5, seed: 0 }).fit(X, y);
    },
    info: threads,
  },
  {
    name: "gpr_rbf_2000",
    prepare: async () => {
      const { X, y } = rbf2000Data();
      const kernel = new ConstantKernel().times(new RBF());
      return () => new GaussianProcessRegressor({ kernel, alpha: 0.01, normalizeY: true, nRestartsOptimizer: 1, seed: 0 }).fit(X, y);
    },
    info: threads,
  },
];
