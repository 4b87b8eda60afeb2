import { test } from "node:test";
import * as assert from "node:assert/strict";
import { normalQuantile, normalCdf } from "../lib/core/stats";
import { bootstrapInterval, calibrationCurve, intervalCoverage, quantile } from "../lib/metrics";
import { Random } from "../lib/core/random";

test("normalQuantile matches scipy.stats.norm.ppf", () => {
  // scipy 1.10: norm.ppf([1e-10, 0.001, 0.025, 0.1, 0.5, 0.8413447460685429, 0.975, 0.999999])
  const cases: [number, number][] = [
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.025, -1.959963984540054],
    [0.1, -1.2815515655446004],
    [0.5, 0],
    [0.8413447460685429, 1.0],
    [0.975, 1.959963984540054],
    [0.999999, 4.753424308822899],
  ];
  for (const [p, z] of cases) assert.ok(Math.abs(normalQuantile(p) - z) < 1e-8, `ppf(${p}) = ${normalQuantile(p)} vs ${z}`);
  assert.equal(normalQuantile(0), -Infinity);
  assert.throws(() => normalQuantile(1.5), /\[0, 1\]/);
  for (const z of [-2, -0.3, 0.7, 2.5]) assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) < 1e-6);
});

test("interval coverage counts the true values inside mean ± z·std", () => {
  const y = [0, 1, 2, 3];
  const mean = [0, 0, 0, 0];
  const std = [1, 1, 1, 1];
  // 95% interval: ±1.96 → 0 and 1 inside, 2 and 3 outside.
  assert.equal(intervalCoverage(y, mean, std, 0.95), 0.5);
  assert.equal(intervalCoverage(y, mean, std, 0.5), 0.25);
  const curve = calibrationCurve(y, mean, std, [0.5, 0.95]);
  assert.deepEqual(curve, { expected: [0.5, 0.95], observed: [0.25, 0.5] });
  assert.throws(() => intervalCoverage([1], [1, 2], [1], 0.9), /same length/);
  assert.throws(() => intervalCoverage([1], [1], [-1], 0.9), /std\[0\] is -1/);
});

test("quantile interpolates linearly between sorted values (numpy's default)", () => {
  // numpy 1.24: np.quantile([3, 1, 4, 1, 5], [0, 0.25, 0.5, 0.9, 1]) = [1, 1, 3, 4.6, 5]
  const v = [3, 1, 4, 1, 5];
  const got = [0, 0.25, 0.5, 0.9, 1].map((q) => quantile(v, q));
  [1, 1, 3, 4.6, 5].forEach((want, i) => assert.ok(Math.abs(got[i] - want) < 1e-12, `q ${i}: ${got[i]} vs ${want}`));
  assert.deepEqual(v, [3, 1, 4, 1, 5], "the input is not sorted in place");
  assert.throws(() => quantile([], 0.5), /non-empty/);
  assert.throws(() => quantile([1, NaN], 0.5), /value 1 is NaN/);
  assert.throws(() => quantile([1], 1.5), /q must be in \[0, 1\]/);
});

test("bootstrapInterval: seeded, brackets the estimate, agrees with the normal-theory interval for a large sample", () => {
  const rng = new Random(11);
  const sample = Array.from({ length: 400 }, () => rng.normal(5, 2));
  const a = bootstrapInterval(sample, { seed: 3 });
  assert.deepEqual(bootstrapInterval(sample, { seed: 3 }), a, "same seed, same interval");
  assert.notDeepEqual(bootstrapInterval(sample, { seed: 4 }), a, "another seed, another resampling");
  const m = sample.reduce((s, v) => s + v, 0) / sample.length;
  assert.equal(a.estimate, m);
  assert.equal(a.level, 0.95);
  assert.ok(a.lower < m && m < a.upper);
  // mean ± 1.96 s/√n: the percentile interval's half-width should agree within ~10 %
  const sd = Math.sqrt(sample.reduce((s, v) => s + (v - m) ** 2, 0) / (sample.length - 1));
  const normalHalf = 1.959964 * (sd / Math.sqrt(sample.length));
  assert.ok(Math.abs((a.upper - a.lower) / 2 / normalHalf - 1) < 0.1, `half-width ${(a.upper - a.lower) / 2} vs ${normalHalf}`);
  // a wider level gives a wider interval; a constant sample a point
  const wide = bootstrapInterval(sample, { seed: 3, level: 0.99 });
  assert.ok(wide.lower < a.lower && wide.upper > a.upper);
  assert.deepEqual(bootstrapInterval([2, 2, 2], {}), { estimate: 2, lower: 2, upper: 2, level: 0.95 });
  // another statistic: the median of [1, 2, 100] is 2, and every resample's median is a sample value
  const med = bootstrapInterval([1, 2, 100], { statistic: (v) => quantile(v, 0.5), nResamples: 200 });
  assert.equal(med.estimate, 2);
  assert.ok([1, 2, 100].includes(med.lower) && [1, 2, 100].includes(med.upper));
});

test("bootstrapInterval covers the true mean about as often as it claims", () => {
  const rng = new Random(5);
  let covered = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const sample = Array.from({ length: 30 }, () => rng.normal(1, 1));
    const ci = bootstrapInterval(sample, { seed: t, nResamples: 400, level: 0.9 });
    if (ci.lower <= 1 && 1 <= ci.upper) covered++;
  }
  // percentile intervals run a little narrow for n = 30: expect 0.9 give or take a few percent
  assert.ok(covered / trials > 0.82 && covered / trials < 0.96, `covered ${covered} of ${trials}`);
});

test("bootstrapInterval rejects bad input, naming the option", () => {
  assert.throws(() => bootstrapInterval([], {}), /non-empty/);
  assert.throws(() => bootstrapInterval([1, Infinity]), /value 1 is Infinity/);
  assert.throws(() => bootstrapInterval([1, 2], { level: 1 }), /level must be/);
  assert.throws(() => bootstrapInterval([1, 2], { nResamples: 0 }), /nResamples must be/);
  assert.throws(() => bootstrapInterval([1, 2], { levle: 0.9 } as never), /unknown option "levle"; did you mean "level"/);
});
