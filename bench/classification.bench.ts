// Bench steps of issue 4's projections (scripts/bench/classification.py does the same with
// scikit-learn 1.2):
//   pca:  PCA with 2 components on all 50 descriptors of the 512 alloys, fit + transform. One fit
//         takes about a millisecond, so both sides report the median of 100 runs after 50 warm-ups.
//   tsne: t-SNE of the 14 composition descriptors, perplexity 30, 1,000 iterations, one run.
import { BenchStep, timeIt } from "./bench";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, matrixOf } from "../lib/data";
import { PCA, TSNE } from "../lib/decomposition";

const WARMUP = 50; // V8 compiles the hot loops after a few dozen calls; both sides get the same warm-up
const REPEATS = 100;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export const steps: BenchStep[] = [
  {
    name: "pca",
    run: async () => {
      const X = matrixOf(await loadDFT(), ALL_DESCRIPTORS);
      const fitTransform = () => new PCA({ nComponents: 2 }).fitTransform(X);
      for (let r = 0; r < WARMUP; r++) fitTransform();
      const times: number[] = [];
      for (let r = 0; r < REPEATS; r++) times.push(await timeIt(fitTransform));
      return median(times);
    },
  },
  {
    name: "tsne",
    run: async () => {
      const X = matrixOf(await loadDFT(), COMPOSITION_DESCRIPTORS);
      return timeIt(() => new TSNE({ perplexity: 30, nIter: 1000 }).fit(X));
    },
    info: async () => ({ method: "exact gradient (sklearn: Barnes-Hut)" }),
  },
];
