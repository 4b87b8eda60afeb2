// Train/test splitting by row indices, so the same split can be applied to any descriptor set,
// target or DataFrame, and saved for comparisons with scikit-learn.
//
//   const { train, test } = trainTestSplit(df, { testSize: 0.2, seed: 0 });
//   const Xtrain = take(X, train);  const dfTrain = df.iloc({ rows: train });
import { Random } from "../core/random";
import { DataError, ParamError } from "../core/errors";
import { isFrameLike, isSeriesLike } from "../core/input";
import { declareParams, resolveParams } from "../core/params";
import { bool, custom, int } from "../core/rules";
export { take } from "../core/input";

/** Options of trainTestSplit. */
export interface SplitOptions {
  /** Fraction in (0, 1) or count (an integer >= 1) of rows for the test set. Default 0.2. */
  testSize?: number;
  /** Seed for the shuffle. Default 0. */
  seed?: number;
  /** Shuffle before splitting (default true); false keeps the last rows as the test set. */
  shuffle?: boolean;
}

const splitSpec = declareParams<SplitOptions>({
  testSize: {
    default: 0.2,
    rule: custom((v) => typeof v === "number" && ((v > 0 && v < 1) || (Number.isInteger(v) && v >= 1)), "a fraction in (0, 1) or a row count >= 1"),
    doc: "Fraction or count of rows for the test set.",
  },
  seed: { default: 0, rule: int(), doc: "Seed for the shuffle." },
  shuffle: { default: true, rule: bool(), doc: "Shuffle before splitting; false keeps the last rows as the test set." },
});

/** Row indices of a train/test split. */
export interface Split {
  train: number[];
  test: number[];
}

/** The number of rows of `data`: a count, an array, a DataFrame or a Series. */
function rowCount(data: unknown): number {
  if (typeof data === "number") return data;
  if (Array.isArray(data)) return data.length;
  if (isFrameLike(data) || isSeriesLike(data)) return data.values.length;
  throw new DataError(`trainTestSplit: expected a row count, an array, a DataFrame or a Series, got ${data === null ? "null" : typeof data}`);
}

/**
 * Splits the rows 0..n-1 into train and test indices. `data` is the row count n, or the data
 * itself (an array, a danfojs DataFrame or Series), whose rows are counted.
 */
export function trainTestSplit(data: number | readonly unknown[] | { values: unknown[] }, options: SplitOptions = {}): Split {
  const n = rowCount(data);
  const { testSize, seed, shuffle } = resolveParams("trainTestSplit", splitSpec, options);
  if (!(Number.isInteger(n) && n >= 2)) throw new ParamError(`trainTestSplit: n must be an integer >= 2, got ${n}`);
  if (testSize >= 1 && testSize >= n) throw new ParamError(`trainTestSplit: testSize must be a fraction in (0, 1) or a row count in [1, ${n}), got ${testSize}`);
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (nTest >= n) throw new ParamError(`trainTestSplit: testSize ${testSize} of ${n} rows leaves no rows for training`);
  const order = shuffle ? new Random(seed).permutation(n) : Array.from({ length: n }, (_, i) => i);
  return { train: order.slice(0, n - nTest), test: order.slice(n - nTest) };
}
