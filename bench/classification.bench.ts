// Bench steps of issue 4's projections (scripts/bench/classification.py does the same with
// scikit-learn 1.2):
//   pca:  PCA with 2 components on all 50 descriptors of the 512 alloys, fit + transform. One fit
//         takes about a millisecond, so a sample is the median of 100 calls (on both sides).
//   tsne: t-SNE of the 14 composition descriptors, perplexity 30, 1,000 iterations.
import { BenchStep } from "./bench";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, matrixOf } from "../lib/data";
import { PCA, TSNE } from "../lib/decomposition";

export const steps: BenchStep[] = [
  {
    name: "pca",
    repeats: 100,
    prepare: async () => {
      const X = matrixOf(await loadDFT(), ALL_DESCRIPTORS);
      return () => new PCA({ nComponents: 2 }).fitTransform(X);
    },
  },
  {
    name: "tsne",
    prepare: async () => {
      const X = matrixOf(await loadDFT(), COMPOSITION_DESCRIPTORS);
      return () => new TSNE({ perplexity: 30, nIter: 1000 }).fit(X);
    },
    info: async () => ({ method: "exact gradient" }),
  },
];
