// Train/test splitting by row indices, so the same split can be applied to any descriptor set,
// target or DataFrame, and saved for comparisons with scikit-learn.
import { Random } from "../core/random";
import { checkParam } from "../models/base";
export { take } from "../core/input";

export interface SplitOptions {
  /** Fraction (0..1) or count of rows for the test set. Default 0.2. */
  testSize?: number;
  /** Seed for the shuffle. Default 0. */
  seed?: number;
  /** Shuffle before splitting (default true); false keeps the last rows as the test set. */
  shuffle?: boolean;
}

export interface Split {
  train: number[];
  test: number[];
}

/** Splits 0..n-1 into train and test indices. */
export function trainTestSplit(n: number, options: SplitOptions = {}): Split {
  const { testSize = 0.2, seed = 0, shuffle = true } = options;
  checkParam(Number.isInteger(n) && n >= 2, "trainTestSplit", "n", n, "an integer >= 2");
  checkParam(testSize > 0 && (testSize < 1 || (Number.isInteger(testSize) && testSize < n)), "trainTestSplit", "testSize", testSize, "a fraction in (0, 1) or a row count in [1, n)");
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  const order = shuffle ? new Random(seed).permutation(n) : Array.from({ length: n }, (_, i) => i);
  return { train: order.slice(0, n - nTest), test: order.slice(n - nTest) };
}

