// How sure is a mean computed from a handful of runs? The bootstrap answers without a formula:
// draw the values again with replacement (as many as there are), recompute the statistic, repeat
// a few thousand times, and read the central quantiles of the recomputed statistics (the
// percentile interval, scipy.stats.bootstrap's method="percentile").
//
//   const { estimate, lower, upper } = bootstrapInterval(queries, { level: 0.95, seed: 0 });
import { DataError } from "../core/errors";
import { declareParams, resolveParams } from "../core/params";
import { Random } from "../core/random";
import { func, int, number } from "../core/rules";

function checkValues(who: string, values: readonly number[]): void {
  if (!Array.isArray(values) || values.length === 0) throw new DataError(`${who}: expected a non-empty array of numbers`);
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new DataError(`${who}: value ${i} is ${String(v)}, not a finite number`);
  });
}

/** The arithmetic mean. */
export function mean(values: readonly number[]): number {
  checkValues("mean", values);
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between the sorted values (numpy's
 * default): quantile(v, 0.5) is the median.
 */
export function quantile(values: readonly number[], q: number): number {
  checkValues("quantile", values);
  if (!(q >= 0 && q <= 1)) throw new DataError(`quantile: q must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Options of bootstrapInterval. */
export interface BootstrapOptions {
  /** Probability of the central interval. Default 0.95. */
  level?: number;
  /** Resamples drawn. Default 2000. */
  nResamples?: number;
  /** Seed of the resampling (same seed, same interval). Default 0. */
  seed?: number;
  /** The statistic of a sample. Default the mean. */
  statistic?: (values: number[]) => number;
}

const bootstrapSpec = declareParams<BootstrapOptions>({
  level: { default: 0.95, rule: number({ min: 0, max: 1, minExclusive: true, maxExclusive: true }), doc: "Probability of the central interval." },
  nResamples: { default: 2000, rule: int({ min: 1 }), doc: "Resamples drawn." },
  seed: { default: 0, rule: int(), doc: "Seed of the resampling." },
  statistic: { default: mean, rule: func(), doc: "The statistic of a sample (default the mean)." },
});

/** A statistic and its bootstrap percentile interval. */
export interface BootstrapInterval {
  /** The statistic of the values themselves. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

/**
 * Percentile bootstrap interval of a statistic (default the mean): `nResamples` samples drawn
 * with replacement from `values`, the statistic of each, and their (1 − level)/2 and
 * (1 + level)/2 quantiles. Seeded, so a notebook prints the same interval on every run.
 */
export function bootstrapInterval(values: readonly number[], options: BootstrapOptions = {}): BootstrapInterval {
  checkValues("bootstrapInterval", values);
  const { level, nResamples, seed, statistic } = resolveParams("bootstrapInterval", bootstrapSpec, options);
  const n = values.length;
  const rng = new Random(seed);
  const stats = new Array<number>(nResamples);
  const sample = new Array<number>(n);
  for (let b = 0; b < nResamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[rng.int(n)];
    stats[b] = statistic(sample.slice());
  }
  return { estimate: statistic([...values]), lower: quantile(stats, (1 - level) / 2), upper: quantile(stats, (1 + level) / 2), level };
}
