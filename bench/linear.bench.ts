// Bench step linear_gap: ordinary least squares on all 50 descriptors, 80/20 split, fit and
// predict the band gap. One fit takes about a millisecond, so (as scripts/bench/linear.py does)
// the step reports the median of 50 runs after 5 untimed warm-up runs.
import { BenchStep, timeIt } from "./bench";
import { ALL_DESCRIPTORS, TARGET_GAP, columnOf, loadDFT, matrixOf } from "../lib/data";
import { LinearRegression } from "../lib/models";
import { take, trainTestSplit } from "../lib/preprocessing";

const WARMUP = 5;
const REPEATS = 50;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export const steps: BenchStep[] = [
  {
    name: "linear_gap",
    run: async () => {
      const df = await loadDFT();
      const X = matrixOf(df, ALL_DESCRIPTORS);
      const y = columnOf(df, TARGET_GAP);
      const { train, test } = trainTestSplit(X.length, { testSize: 0.2, seed: 0 });
      const [Xtr, ytr, Xte] = [take(X, train), take(y, train), take(X, test)];
      const fitPredict = () => new LinearRegression().fit(Xtr, ytr).predict(Xte);
      for (let r = 0; r < WARMUP; r++) fitPredict();
      const times: number[] = [];
      for (let r = 0; r < REPEATS; r++) times.push(await timeIt(fitPredict));
      return median(times);
    },
  },
];
