import { test } from "node:test";
import * as assert from "node:assert/strict";
import { normalQuantile, normalCdf } from "../lib/core/stats";
import { calibrationCurve, intervalCoverage } from "../lib/metrics";

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
