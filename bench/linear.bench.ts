// Bench step linear_gap: ordinary least squares on all 50 descriptors, 80/20 split, fit and
// predict the band gap. One fit takes about a millisecond, so (as scripts/bench/linear.py does)
// a sample is the median of 50 calls.
import { BenchStep } from "./bench";
import { ALL_DESCRIPTORS, TARGET_GAP, columnOf, loadDFT, matrixOf } from "../lib/data";
import { LinearRegression } from "../lib/models";
import { take, trainTestSplit } from "../lib/preprocessing";

export const steps: BenchStep[] = [
  {
    name: "linear_gap",
    repeats: 50,
    prepare: async () => {
      const df = await loadDFT();
      const X = matrixOf(df, ALL_DESCRIPTORS);
      const y = columnOf(df, TARGET_GAP);
      const { train, test } = trainTestSplit(X.length, { testSize: 0.2, seed: 0 });
      const [Xtr, ytr, Xte] = [take(X, train), take(y, train), take(X, test)];
      return () => new LinearRegression().fit(Xtr, ytr).predict(Xte);
    },
  },
];
