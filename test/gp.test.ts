// lib/gp against scikit-learn 1.2 (fixtures from scripts/fixtures/gp.py) and against itself
// (finite differences, parallel vs single thread, error messages).
import { test } from "node:test";
import * as assert from "assert";
import { ConstantKernel, DotProduct, ExpSineSquared, GaussianProcessRegressor, Matern, RBF, RationalQuadratic, WhiteKernel } from "../lib/gp";
import { product, sum } from "../lib/gp/kernels";
import { minimizeBounded } from "../lib/optimize/lbfgsb";
import { kernelFromSpec } from "../lib/gp/kernels";
import { formatG3 } from "../lib/gp/kernels";
import { choleskyWithJitter } from "../lib/linalg/cholesky";
import { DataError, NotFittedError } from "../lib/core/errors";
import { assertClose, fixture } from "./helpers";
import { loadGpData } from "./gp-data";

const fx = fixture("gp/gp.json");
const data = loadGpData();
const Xtrain = data.train.map((i) => data.X[i]);
const Xtest = data.test.map((i) => data.X[i]);
const target = (name: string, idx: number[]) => idx.map((i) => (name === "gap" ? data.gap : data.decomposition)[i]);

test("log-marginal likelihood and gradient equal scikit-learn's for every kernel (1e-8 relative)", () => {
  let worst = 0;
  for (const c of fx.lml) {
    const gpr = new GaussianProcessRegressor({ kernel: kernelFromSpec(c.kernel), alpha: c.alpha, normalizeY: c.normalize_y, optimizer: null });
    gpr.fit(Xtrain, target(c.target, data.train));
    assert.strictEqual(String(gpr.kernel_), c.repr, `${c.name}: printed kernel`);
    assertClose(gpr.kernel_.theta, c.theta, 1e-12, 0, `${c.name} theta`);
    assertClose(gpr.kernel_.bounds.flat(), c.bounds.flat(), 1e-12, 0, `${c.name} bounds`);
    assertClose(gpr.logMarginalLikelihoodValue_, c.lml, 1e-8, 0, `${c.name} lml`);
    for (const [theta, lml, grad] of [[c.theta, c.lml, c.gradient], [c.theta2, c.lml2, c.gradient2]]) {
      const r = gpr.logMarginalLikelihood(theta, true);
      assertClose(r.value, lml, 1e-8, 0, `${c.name} lml at theta`);
      // element-wise 1e-8 relative, with a floor of 1e-8 of the gradient's size for components near 0
      const scale = Math.max(...grad.map(Math.abs));
      assertClose(r.gradient, grad, 1e-8, 1e-8 * scale, `${c.name} gradient`);
      worst = Math.max(worst, Math.abs(r.value - lml) / Math.abs(lml));
    }
  }
  assert.ok(worst < 1e-8);
});

test("predictions (mean, std, covariance) equal scikit-learn's at fixed hyperparameters", () => {
  for (const c of fx.lml.filter((c: any) => c.predict)) {
    const gpr = new GaussianProcessRegressor({ kernel: kernelFromSpec(c.kernel), alpha: c.alpha, normalizeY: c.normalize_y, optimizer: null });
    gpr.fit(Xtrain, target(c.target, data.train));
    const { mean, std } = gpr.predict(Xtest, { returnStd: true });
    assertClose(mean, c.predict.mean, 1e-8, 1e-12, `${c.name} mean`);
    assertClose(std, c.predict.std, 1e-7, 1e-10, `${c.name} std`);
    const { cov } = gpr.predict(Xtest.slice(0, 6), { returnCov: true });
    assertClose(cov.flat(), c.predict.cov_first6.flat(), 1e-7, 1e-10, `${c.name} cov`);
    assert.deepStrictEqual(gpr.predict(Xtest.slice(0, 3)), mean.slice(0, 3));
  }
});

test("optimized likelihood is at least scikit-learn's minus 1e-3 on the tutorial's two set-ups", () => {
  for (const s of fx.optimized) {
    const gpr = new GaussianProcessRegressor({
      kernel: kernelFromSpec(s.kernel), alpha: s.alpha, normalizeY: s.normalize_y, nRestartsOptimizer: s.restarts, seed: 0,
    }).fit(Xtrain, target(s.target, data.train));
    assert.ok(gpr.logMarginalLikelihoodValue_ >= s.lml - 1e-3, `${s.name}: ${gpr.logMarginalLikelihoodValue_} < sklearn ${s.lml}`);
    assert.strictEqual(gpr.optimizerRuns_.length, s.restarts + 1);
    const pred = gpr.predict(Xtest);
    const y = target(s.target, data.test);
    const rmse = Math.sqrt(pred.reduce((a, p, i) => a + (p - y[i]) ** 2, 0) / y.length);
    assert.ok(Math.abs(rmse - s.test_rmse) < 0.01, `${s.name}: test RMSE ${rmse} vs sklearn ${s.test_rmse}`);
  }
});

test("restarts give the same result on one thread and on all cores", () => {
  const make = (nJobs: number) =>
    new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0.01, normalizeY: true, nRestartsOptimizer: 3, seed: 7, nJobs })
      .fit(Xtrain, target("gap", data.train));
  const a = make(1);
  const b = make(-1);
  assert.deepStrictEqual(b.kernel_.theta, a.kernel_.theta);
  assert.deepStrictEqual(b.optimizerRuns_.map((r) => r.logMarginalLikelihood), a.optimizerRuns_.map((r) => r.logMarginalLikelihood));
});

test("kernel gradients match finite differences (every kernel, isotropic and anisotropic)", () => {
  const X = [[0.1, 0.5], [0.4, 0.2], [0.9, 0.7], [0.3, 0.3]];
  const kernels = [
    new ConstantKernel({ constantValue: 0.7 }).times(new RBF({ lengthScale: [0.5, 1.3] })),
    new Matern({ lengthScale: 0.8, nu: 0.5 }), new Matern({ lengthScale: [0.6, 0.9], nu: 1.5 }), new Matern({ lengthScale: 0.6, nu: 2.5 }),
    new RationalQuadratic({ lengthScale: 0.7, alpha: 1.7 }), new ExpSineSquared({ lengthScale: 1.1, periodicity: 2.3 }),
    new DotProduct({ sigma0: 0.4 }).plus(new WhiteKernel({ noiseLevel: 0.2 })),
  ];
  for (const k of kernels) {
    const { gradient } = k.call(X, null, true);
    const theta = k.theta;
    theta.forEach((_, p) => {
      const h = 1e-6;
      const up = k.cloneWithTheta(theta.map((t, q) => (q === p ? t + h : t))).call(X).K.data;
      const dn = k.cloneWithTheta(theta.map((t, q) => (q === p ? t - h : t))).call(X).K.data;
      const fd = Array.from(up, (u, i) => (u - dn[i]) / (2 * h));
      assertClose(Array.from(gradient![p].data), fd, 1e-5, 1e-8, `${k} dK/dθ${p}`);
    });
  }
});

test("kernels: theta in log space, bounds, composition, printing and JSON round trip", () => {
  const k = product(new ConstantKernel({ constantValue: 0.1 }), sum(new RBF({ lengthScale: 1.2 }), new WhiteKernel({ noiseLevel: 1e-6, noiseLevelBounds: "fixed" })));
  assertClose(k.theta, [Math.log(0.1), Math.log(1.2)], 1e-14);
  assert.strictEqual(k.bounds.length, 2);
  assert.strictEqual(String(k), "0.316**2 * RBF(length_scale=1.2) + WhiteKernel(noise_level=1e-06)");
  const copy = k.cloneWithTheta([0, 0]);
  assert.strictEqual(String(copy), "1**2 * RBF(length_scale=1) + WhiteKernel(noise_level=1e-06)");
  assert.strictEqual(String(k), "0.316**2 * RBF(length_scale=1.2) + WhiteKernel(noise_level=1e-06)", "clone must not touch the original");
  assert.strictEqual(String(kernelFromSpec(JSON.parse(JSON.stringify(k.toSpec())))), String(k));
  assert.strictEqual(String(new RBF().times(2).plus(new Matern())), "RBF(length_scale=1) * 1.41**2 + Matern(length_scale=1, nu=1.5)");
  assert.deepStrictEqual([formatG3(12345), formatG3(0.000123), formatG3(1.2e-5), formatG3(10), formatG3(2.8146)], ["1.23e+04", "0.000123", "1.2e-05", "10", "2.81"]);
  assert.throws(() => new RBF({ lengthScale: -1 }), /lengthScale must be a positive/);
  assert.throws(() => new Matern({ nu: 3 as any }), /nu must be 0.5, 1.5 or 2.5/);
  assert.throws(() => new RBF({ lengthScale: [1, 2, 3] }).call(X2), /3 length scales .* 2 features/);
});
const X2 = [[0, 1], [1, 0]];

test("Cholesky with jitter (used only for sampleY's draws) explains a matrix that is not positive definite", () => {
  const singular = Float64Array.from([1, 1, 1, 1]);
  const { jitter } = choleskyWithJitter(singular, 2);
  assert.ok(jitter > 0);
  assert.throws(() => choleskyWithJitter(Float64Array.from([1, 2, 2, 1]), 2), /not positive definite.*Increase alpha/);
});

test("a singular kernel matrix is an error naming alpha, never hidden by jitter (as scikit-learn)", () => {
  // duplicate training rows with no noise: K(X, X) is exactly singular
  const dup = () => new GaussianProcessRegressor({ kernel: new RBF(), alpha: 0, optimizer: null });
  assert.throws(() => dup().fit([[0], [0], [1]], [1, 1, 2]), (e: Error) => e instanceof DataError && /not give a positive definite matrix/.test(e.message) && /alpha = 0/.test(e.message) && /increasing the alpha option/.test(e.message));
  // the same after optimization: the fitted hyperparameters are factorized with the user's alpha
  assert.throws(() => new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0 }).fit([[0], [0], [1]], [1, 1, 2]), /increasing the alpha option/);
  // a per-row alpha is named too
  assert.throws(() => new GaussianProcessRegressor({ kernel: new RBF(), alpha: [0, 0, 0], optimizer: null }).fit([[0], [0], [1]], [1, 1, 2]), /alpha = one per row, smallest 0/);
  // with some noise the same data fit, and the standard deviation at the duplicated point is honest (not ~1e-5)
  const ok = new GaussianProcessRegressor({ kernel: new RBF(), alpha: 0.01, optimizer: null }).fit([[0], [0], [1]], [1, 1, 2]);
  const { std } = ok.predictWithStd([[0]]);
  assert.ok(std[0] > 0.05, `std ${std[0]}`);
  // during the optimization a non-positive-definite trial point is only a bad point (−∞), not an error
  // (here one restart starts where K is singular, yet the optimum found by the others factorizes with alpha 0)
  const gpr = new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0, nRestartsOptimizer: 6, seed: 0, nJobs: 1 }).fit(Xtrain.slice(0, 30), target("gap", data.train.slice(0, 30)));
  assert.ok(gpr.optimizerRuns_.some((r) => r.logMarginalLikelihood === -Infinity));
  assert.ok(Number.isFinite(gpr.logMarginalLikelihoodValue_));
  assert.strictEqual(gpr.logMarginalLikelihood([0, Math.log(1e5)]), -Infinity);
});

test("an optimizer run cut off at its evaluation limit is reported once and recorded", () => {
  const warnings: unknown[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  try {
    const fit = () => new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0.01, normalizeY: true, maxEvalPerRun: 2, nJobs: 1 }).fit(Xtrain, target("gap", data.train));
    const a = fit();
    const b = fit();
    assert.match(a.convergenceWarning_ ?? "", /GaussianProcessRegressor.fit: the best optimizer run stopped at its evaluation limit \(maxEvalPerRun = 2\)/);
    assert.strictEqual(b.convergenceWarning_, a.convergenceWarning_);
    if (process.env.MATML_QUIET_WARNINGS !== "1") assert.strictEqual(warnings.filter((w) => /evaluation limit/.test(String(w))).length, 1, "printed once");
    // a run with room to converge records nothing
    const converged = new GaussianProcessRegressor({ kernel: new ConstantKernel().times(new RBF()), alpha: 0.01, normalizeY: true, nJobs: 1 }).fit(Xtrain, target("gap", data.train));
    assert.strictEqual(converged.convergenceWarning_, undefined);
    assert.ok(converged.optimizerRuns_[0].nEval < 50);
  } finally {
    console.warn = original;
  }
});

test("predictWithStd / predictWithCov equal predict with returnStd / returnCov, before and after fit", () => {
  const prior = new GaussianProcessRegressor({ kernel: new RBF({ lengthScale: 0.5 }) });
  const X = [[0], [0.3], [1]];
  assert.deepStrictEqual(prior.predictWithStd(X), prior.predict(X, { returnStd: true }));
  const post = new GaussianProcessRegressor({ kernel: new RBF({ lengthScale: 0.5 }), alpha: 1e-6, optimizer: null }).fit([[0], [1]], [1, -1]);
  const { mean, std } = post.predictWithStd(X);
  assert.deepStrictEqual({ mean, std }, post.predict(X, { returnStd: true }));
  assert.deepStrictEqual(post.predictWithCov(X), post.predict(X, { returnCov: true }));
  assert.deepStrictEqual(post.predict(X), mean);
  // the default kernel is scikit-learn's fixed ConstantKernel(1) * RBF(1), created per fit
  const plain = new GaussianProcessRegressor().fit([[0], [1]], [1, 2]);
  assert.strictEqual(String(plain.kernel_), "1**2 * RBF(length_scale=1)");
  assert.strictEqual(plain.params.kernel, null);
  assert.deepStrictEqual(plain.optimizerRuns_, []);
});

test("bounded optimizer: Rosenbrock inside a box, and a minimum pinned at a bound", () => {
  const rosen = (x: number[]) => ({
    f: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2,
    g: [-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)],
  });
  const r = minimizeBounded(rosen, [-1.2, 1], [[-2, 2], [-2, 2]], { maxEval: 5000 });
  assertClose(r.x, [1, 1], 1e-3, 1e-3, "rosenbrock");
  const q = minimizeBounded((x) => ({ f: (x[0] - 3) ** 2 + (x[1] + 1) ** 2, g: [2 * (x[0] - 3), 2 * (x[1] + 1)] }), [0, 0], [[-1, 1], [-5, 5]]);
  assertClose(q.x, [1, -1], 1e-6, 1e-6, "bounded quadratic");
  assert.ok(q.converged);
});

test("prior and posterior samples have the right mean and spread; errors are clear", () => {
  const X = [[0], [0.5], [1], [1.5]];
  const prior = new GaussianProcessRegressor({ kernel: new ConstantKernel({ constantValue: 4 }).times(new RBF({ lengthScale: 0.5 })) });
  const draws = prior.sampleY(X, 2000, 1);
  const m = draws.reduce((s, d) => s + d[0], 0) / draws.length;
  const v = draws.reduce((s, d) => s + d[0] ** 2, 0) / draws.length - m * m;
  assert.ok(Math.abs(m) < 0.2 && Math.abs(v - 4) < 0.5, `prior mean ${m}, variance ${v}`);
  assert.deepStrictEqual(prior.predict(X, { returnStd: true }).std, [2, 2, 2, 2]);
  const post = new GaussianProcessRegressor({ kernel: new RBF({ lengthScale: 0.5 }), alpha: 1e-6, optimizer: null }).fit([[0], [1]], [1, -1]);
  const s = post.sampleY([[0], [1]], 50, 2);
  for (const d of s) assertClose(d, [1, -1], 0, 0.02, "posterior draw at training points");
  assert.throws(() => new GaussianProcessRegressor({ alpha: -1 }), /alpha must be a finite number >= 0, or an array of/);
  assert.throws(() => new GaussianProcessRegressor({ nRestartsOptimizer: 1.5 }), /nRestartsOptimizer must be an integer >= 0, got 1.5/);
  assert.throws(() => new GaussianProcessRegressor({ kernal: new RBF() } as never), /unknown option "kernal"; did you mean "kernel"\?/);
  assert.throws(() => new GaussianProcessRegressor({ kernel: "rbf" } as never), /kernel must be null, or a Kernel/);
  assert.throws(() => new GaussianProcessRegressor().logMarginalLikelihood(), (e: Error) => e instanceof NotFittedError);
  assert.throws(() => post.sampleY([[0]], 0), /nSamples must be a positive integer, got 0/);
  assert.throws(() => new GaussianProcessRegressor({ alpha: [0.1, 0.1] }).fit([[0], [1], [2]], [1, 2, 3]), /alpha has 2 values but there are 3 training rows/);
  assert.throws(() => post.predict([[0, 1]]), /fitted on 1/);
  assert.throws(() => post.predict([[0]], { returnStd: true, returnCov: true } as any), /not both/);
});

test("kernels reject misspelt options by name instead of using the default", () => {
  assert.throws(() => new RBF({ lenghtScale: 3 } as never), /RBF: unknown option "lenghtScale"; did you mean "lengthScale"\?/);
  assert.throws(() => new ConstantKernel({ constant: 2 } as never), /ConstantKernel: unknown option "constant"/);
  assert.throws(() => new Matern({ nuu: 2.5 } as never), /Matern: unknown option "nuu"; did you mean "nu"\?/);
  assert.strictEqual(new Matern({ nu: 2.5, lengthScale: 2 }).toSpec().nu, 2.5);
});
