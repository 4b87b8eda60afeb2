// How trustworthy is a predicted uncertainty? A model that says "μ ± σ" should find about 68% of
// the true values within ±1σ and 95% within ±1.96σ, if its errors are Gaussian and its σ honest.
import { DataError } from "../core/errors";
import { normalQuantile } from "../core/stats";

function check(who: string, y: readonly number[], mean: readonly number[], std: readonly number[]): void {
  if (y.length !== mean.length || y.length !== std.length) throw new DataError(`${who}: y, mean and std must have the same length (got ${y.length}, ${mean.length}, ${std.length})`);
  if (!y.length) throw new DataError(`${who}: no values`);
  std.forEach((s, i) => {
    if (!(s >= 0)) throw new DataError(`${who}: std[${i}] is ${s}; standard deviations must be >= 0`);
  });
}

/** Fraction of the true values inside the central interval μ ± z·σ of the stated probability `level` (e.g. 0.95). */
export function intervalCoverage(y: readonly number[], mean: readonly number[], std: readonly number[], level: number): number {
  check("intervalCoverage", y, mean, std);
  if (!(level > 0 && level < 1)) throw new DataError(`intervalCoverage: level must be in (0, 1), got ${level}`);
  const z = normalQuantile((1 + level) / 2);
  let inside = 0;
  for (let i = 0; i < y.length; i++) if (Math.abs(y[i] - mean[i]) <= z * std[i]) inside++;
  return inside / y.length;
}

/** A calibration curve: for each stated level, the observed fraction inside the central interval. */
export interface CalibrationCurve {
  expected: number[];
  observed: number[];
}

/** Observed coverage at each level (default 0.05, 0.10, …, 0.95): a perfectly calibrated model lies on the diagonal. */
export function calibrationCurve(y: readonly number[], mean: readonly number[], std: readonly number[], levels: readonly number[] = Array.from({ length: 19 }, (_, k) => (k + 1) / 20)): CalibrationCurve {
  return { expected: [...levels], observed: levels.map((p) => intervalCoverage(y, mean, std, p)) };
}
