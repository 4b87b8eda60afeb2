// Bench steps of issue 4's projections (scripts/bench/classification.py does the same with
// scikit-learn 1.2):
//   pca:  PCA with 2 components on all 50 descriptors of the 512 alloys, fit + transform. One fit
//         takes about a millisecond, so a sample is the median of 100 calls (on both sides).
//   tsne: t-SNE of the 14 composition descriptors, perplexity 30, 1,000 iterations; Barnes-Hut,
//         the default on both sides.
//   tsne_5512: the same map of the 512 alloys and the 5,000 Outside.csv candidates together, the
//         map that shows where the candidates sit relative to the training data (14 composition
//         descriptors, unscaled as in the 512-point map; Barnes-Hut on both sides).
// Both t-SNE steps report the final KL divergence of each sample's map beside its time.
import { BenchStep } from "./bench";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, loadOutside, matrixOf } from "../lib/data";
import { PCA, TSNE } from "../lib/decomposition";

/** A t-SNE step on the rows `load` gives: perplexity 30, 1,000 iterations, the default method. */
function tsneStep(name: string, load: () => Promise<number[][]>): BenchStep {
  let last: TSNE | undefined;
  return {
    name,
    prepare: async () => {
      const X = await load();
      return () => (last = new TSNE({ perplexity: 30, nIter: 1000 }).fit(X));
    },
    info: async () => ({ method: new TSNE().getParams().method }),
    quality: () => ({ kl_divergence: last?.klDivergence_ ?? NaN }),
  };
}

export const steps: BenchStep[] = [
  {
    name: "pca",
    repeats: 100,
    prepare: async () => {
      const X = matrixOf(await loadDFT(), ALL_DESCRIPTORS);
      return () => new PCA({ nComponents: 2 }).fitTransform(X);
    },
  },
  tsneStep("tsne", async () => matrixOf(await loadDFT(), COMPOSITION_DESCRIPTORS)),
  tsneStep("tsne_5512", async () => [
    ...matrixOf(await loadDFT(), COMPOSITION_DESCRIPTORS),
    ...matrixOf(await loadOutside({ recomputeDescriptors: false }), COMPOSITION_DESCRIPTORS),
  ]),
];
