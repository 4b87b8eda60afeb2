// PCA against scikit-learn 1.2 (components, explained variance, transforms; fixtures from
// scripts/fixtures/classification.py), and t-SNE / MDS against the quality scikit-learn reaches
// on the same composition descriptors (their random parts cannot be reproduced across libraries).
import { test } from "node:test";
import * as assert from "assert";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, matrixOf } from "../lib/data";
import { MDS, PCA, TSNE, trustworthiness } from "../lib/decomposition";
import { tsneAffinities } from "../lib/decomposition/tsne";
import { StandardScaler } from "../lib/preprocessing";
import { DataError, NotFittedError, ParamError } from "../lib/core";
import { assertClose, fixture, testDataDir } from "./helpers";

const fx = fixture("classification/pca.json");
let cached: Promise<{ all: number[][]; comp: number[][] }> | undefined;
function data() {
  cached ??= loadDFT({ dataDir: testDataDir(), download: false }).then((df) => ({ all: matrixOf(df, ALL_DESCRIPTORS), comp: matrixOf(df, COMPOSITION_DESCRIPTORS) }));
  return cached;
}

/** Compares two unit vectors up to a common sign; returns the sign used. */
function assertSameAxis(actual: number[], expected: number[], what: string): number {
  const sign = actual.reduce((s, v, j) => s + v * expected[j], 0) < 0 ? -1 : 1;
  assertClose(actual.map((v) => sign * v), expected, 0, 1e-6, what);
  return sign;
}

test("PCA matches scikit-learn: components (up to sign), explained variance and ratios, singular values, transforms", async () => {
  const d = await data();
  for (const c of fx.cases) {
    let X = c.name === "composition" ? d.comp : d.all;
    if (c.scale_all_rows) X = new StandardScaler().fit(X).transform(X);
    const full = new PCA().fit(X);
    const top = full.explainedVariance_[0];
    // Variances: relative 1e-6, and absolute 1e-9 of the largest for the (near-)zero ones.
    assertClose(full.explainedVariance_, c.explained_variance, 1e-6, 1e-9 * top, `${c.name} explained variance`);
    assertClose(full.explainedVarianceRatio_, c.explained_variance_ratio, 1e-6, 1e-9, `${c.name} ratio`);
    assertClose(full.singularValues_, c.singular_values, 1e-6, 1e-6 * Math.sqrt(top), `${c.name} singular values`);
    assertClose(full.mean_, c.mean, 1e-10, 1e-12, `${c.name} mean`); // fixtures carry 12 digits
    c.components.forEach((axis: number[], k: number) => {
      const sign = assertSameAxis(full.components_[k], axis, `${c.name} component ${k}`);
      assert.strictEqual(sign, 1, `${c.name} component ${k}: same sign convention as scikit-learn (svd_flip)`);
    });

    const two = new PCA({ nComponents: 2 }).fit(X);
    const signs = two.components_.map((axis, k) => assertSameAxis(axis, c.two_components[k], `${c.name} 2-component axis ${k}`));
    const Z = two.transform(X.slice(0, 10));
    assertClose(Z.flat(), c.two_transform_first10.flat().map((v: number, t: number) => v * signs[t % 2]), 1e-6, 1e-6 * Math.sqrt(top), `${c.name} transform`);
    const back = two.inverseTransform(two.transform(X.slice(0, 3)));
    assertClose(back.flat(), c.two_inverse_first3.flat(), 1e-6, 1e-9, `${c.name} inverse transform`);
    assert.strictEqual(new PCA({ nComponents: { varianceFraction: 0.95 } }).fit(X).nComponents_, c.n_components_for_95, `${c.name} components for 95%`);
  }
});

test("PCA on wide data (more columns than rows) agrees with PCA on the transpose's Gram matrix", () => {
  const X = [[1, 2, 0, 4, 1], [0, 1, 3, 1, 2], [2, 0, 1, 0, 5]];
  const pca = new PCA().fit(X);
  assert.strictEqual(pca.nComponents_, 3);
  // Scores reproduce the centred data exactly (all variance kept).
  const back = pca.inverseTransform(pca.transform(X));
  assertClose(back.flat(), X.flat(), 1e-10, 1e-10, "reconstruction");
  assertClose(pca.explainedVarianceRatio_.reduce((a, b) => a + b, 0), 1, 1e-12, 0, "ratios sum to 1");
});

test("t-SNE: same input affinities as scikit-learn, KL and trustworthiness at least as good, seeded and repeatable", async () => {
  const d = await data();
  const P = tsneAffinities(d.comp.slice(0, 100), 30);
  assertClose(Array.from(P), fx.tsne.affinities_first100, 1e-5, 1e-12, "affinities P");
  const t0 = Date.now();
  const tsne = new TSNE({ perplexity: 30 }).fit(d.comp);
  const seconds = (Date.now() - t0) / 1000;
  assert.strictEqual(tsne.embedding_.length, 512);
  assert.ok(tsne.klDivergence_ <= fx.tsne.exact_kl_divergence + 0.05, `KL ${tsne.klDivergence_} vs scikit-learn exact ${fx.tsne.exact_kl_divergence}, Barnes-Hut ${fx.tsne.kl_divergence}`);
  const trust = trustworthiness(d.comp, tsne.embedding_, 5);
  assert.ok(trust >= fx.tsne.trustworthiness - 0.01, `trustworthiness ${trust} vs scikit-learn ${fx.tsne.trustworthiness}`);
  assert.ok(seconds < 30, `t-SNE took ${seconds} s`);
  // Deterministic: same settings give the same map; a random start follows its seed.
  const again = new TSNE({ perplexity: 30, nIter: 300 }).fit(d.comp.slice(0, 120)).embedding_;
  assert.deepStrictEqual(new TSNE({ perplexity: 30, nIter: 300 }).fit(d.comp.slice(0, 120)).embedding_, again);
  const r1 = new TSNE({ perplexity: 10, nIter: 300, init: "random", seed: 3 }).fit(d.comp.slice(0, 60)).embedding_;
  const r2 = new TSNE({ perplexity: 10, nIter: 300, init: "random", seed: 3 }).fit(d.comp.slice(0, 60)).embedding_;
  const r3 = new TSNE({ perplexity: 10, nIter: 300, init: "random", seed: 4 }).fit(d.comp.slice(0, 60)).embedding_;
  assert.deepStrictEqual(r1, r2);
  assert.notDeepStrictEqual(r1, r3);
});

test("MDS (SMACOF): stress no worse than scikit-learn's, exact recovery of planar data, seeded", async () => {
  const d = await data();
  const mds = new MDS({ seed: 0 }).fit(d.comp);
  assert.ok(mds.stress_ <= fx.mds.stress * 1.05, `stress ${mds.stress_} vs scikit-learn ${fx.mds.stress}`);
  // Points that really lie in a plane (embedded in 3-D) are placed with (almost) zero stress.
  const planar = Array.from({ length: 30 }, (_, i) => [Math.cos(i), Math.sin(2 * i) * 2, 0]);
  const flat = new MDS({ seed: 1, eps: 1e-9, maxIter: 3000 }).fit(planar);
  assert.ok(flat.stress_ < 1e-6, `planar stress ${flat.stress_}`);
  assert.deepStrictEqual(new MDS({ seed: 2 }).fit(planar).embedding_, new MDS({ seed: 2 }).fit(planar).embedding_);
});

test("PCA's nComponents tells a count from a share of the variance, and rejects the ambiguous 1", () => {
  const X = [[1, 2, 0], [3, 1, 1], [5, 7, 2], [2, 2, 9], [4, 0, 3]];
  assert.strictEqual(new PCA({ nComponents: 2 }).fit(X).nComponents_, 2);
  assert.strictEqual(new PCA({ nComponents: { count: 1 } }).fit(X).nComponents_, 1);
  assert.strictEqual(new PCA({ nComponents: null }).fit(X).nComponents_, 3);
  assert.strictEqual(new PCA().fit(X).nComponents_, 3);
  const full = new PCA().fit(X);
  const share = full.explainedVarianceRatio_[0] + full.explainedVarianceRatio_[1] / 2; // between one and two components
  assert.strictEqual(new PCA({ nComponents: { varianceFraction: share } }).fit(X).nComponents_, 2);
  assert.deepStrictEqual(new PCA({ nComponents: { count: 1 } }).fit(X).components_[0], full.components_[0]);
  // 1 (= 1.0 in JavaScript): a ParamError that explains the ambiguity and how to write it.
  assert.throws(
    () => new PCA({ nComponents: 1 }),
    (e: Error) =>
      e instanceof ParamError &&
      /^PCA: nComponents must be an integer count >= 2, \{ count: n \} with n >= 1, \{ varianceFraction: f \} with 0 < f < 1, or null \(all components\), got 1; a bare 1 is ambiguous \(scikit-learn reads 1.0 as all of the variance, but in JavaScript 1.0 === 1\): write \{ count: 1 \} for one component, or null for all$/.test(e.message),
  );
  assert.throws(() => new PCA({ nComponents: 0.95 }), /got 0.95; a share of the variance is written \{ varianceFraction: 0.95 \}$/);
  for (const bad of [0, -1, 2.5, { count: 0 }, { count: 1.5 }, { varianceFraction: 1 }, { varianceFraction: 0 }, { fraction: 0.5 }, { count: 2, varianceFraction: 0.5 }, "all"]) {
    assert.throws(() => new PCA({ nComponents: bad as never }), ParamError, `nComponents ${JSON.stringify(bad)} was accepted`);
  }
  assert.throws(() => new PCA().setParams({ nComponents: 1 }), /ambiguous/);
  assert.throws(() => new PCA({ nComponents: { count: 4 } }).fit(X), /nComponents = 4 but at most min\(n_samples, n_features\) = 3 components exist/);
  assert.deepStrictEqual(new PCA({ nComponents: { count: 2 } }).clone().params.nComponents, { count: 2 });
});

test("PCA.cumulativeVarianceRatio is the running sum of the ratios; the count for a share agrees with varianceFraction", async () => {
  const X = new StandardScaler().fit((await data()).all).transform((await data()).all);
  const pca = new PCA().fit(X);
  const cumulative = pca.cumulativeVarianceRatio();
  assert.strictEqual(cumulative.length, pca.nComponents_);
  pca.explainedVarianceRatio_.forEach((r, k) => {
    const byHand = pca.explainedVarianceRatio_.slice(0, k + 1).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(cumulative[k] - byHand) < 1e-12, `entry ${k}: ${cumulative[k]} vs ${byHand}`);
  });
  assert.ok(Math.abs(cumulative[cumulative.length - 1] - 1) < 1e-12, "all components carry all the variance");
  // The first count whose running total passes 0.9 is what { varianceFraction: 0.9 } keeps.
  const first = cumulative.findIndex((c) => c > 0.9) + 1;
  assert.strictEqual(new PCA({ nComponents: { varianceFraction: 0.9 } }).fit(X).nComponents_, first);
  assert.ok(first > 2 && first < 50, `components for 90 %: ${first}`);
  assert.throws(() => new PCA().cumulativeVarianceRatio(), (e: Error) => e instanceof NotFittedError && /PCA.cumulativeVarianceRatio: this PCA is not fitted yet/.test(e.message));
});

test("PCA on constant features: explained-variance ratio 0, not NaN", () => {
  const one = new PCA().fit([[3], [3], [3]]);
  assert.deepStrictEqual(one.explainedVariance_, [0]);
  assert.deepStrictEqual(one.explainedVarianceRatio_, [0]);
  assert.deepStrictEqual(one.transform([[3], [4]]).map((r) => r.map(Number.isFinite)), [[true], [true]]);
  const two = new PCA().fit([[1, 5], [1, 5], [1, 5], [1, 5]]);
  assert.deepStrictEqual(two.explainedVarianceRatio_, [0, 0]);
  assert.strictEqual(new PCA({ nComponents: { varianceFraction: 0.5 } }).fit([[1, 5], [1, 5]]).explainedVarianceRatio_.every((r) => r === 0), true);
  // A constant column beside varying ones: its component explains exactly 0 of the variance.
  const mixed = new PCA().fit([[1, 7], [2, 7], [4, 7]]);
  assertClose(mixed.explainedVarianceRatio_, [1, 0], 0, 1e-15, "ratios");
  assert.ok(mixed.explainedVarianceRatio_.every(Number.isFinite));
  // Values whose variance overflows: a clear error, not NaN components.
  assert.throws(() => new PCA().fit([[1e308, 1], [-1e308, 2]]), (e: Error) => e instanceof DataError && /PCA.fit: the variance of X overflows double precision/.test(e.message));
});

test("PCA, MDS and t-SNE follow the estimator contract (fitted fields, NotFittedError, DataFrames)", async () => {
  const d = await data();
  const pca = new PCA({ nComponents: 2 });
  assert.strictEqual(pca.estimatorType, "transformer");
  assert.throws(() => pca.transform([[1, 2]]), (e: Error) => e instanceof NotFittedError && /PCA.transform: this PCA is not fitted yet/.test(e.message));
  assert.throws(() => pca.inverseTransform([[1, 2]]), NotFittedError);
  assert.strictEqual(pca.components_, undefined);
  // A DataFrame gives the matrix's numbers and its columns are checked at transform.
  const df = await loadDFT({ dataDir: testDataDir(), download: false });
  const cols = COMPOSITION_DESCRIPTORS.slice(0, 6);
  const frame = df.loc({ columns: cols });
  const fromFrame = new PCA({ nComponents: 2 }).fit(frame);
  const fromMatrix = new PCA({ nComponents: 2 }).fit(matrixOf(df, cols));
  assert.deepStrictEqual(fromFrame.components_, fromMatrix.components_);
  assert.deepStrictEqual(fromFrame.transform(frame), fromMatrix.transform(matrixOf(df, cols)));
  assertClose(new PCA({ nComponents: 2 }).fitTransform(frame).flat(), fromFrame.transform(frame).flat(), 1e-9, 1e-12, "fitTransform = fit + transform");
  assert.deepStrictEqual(fromFrame.featureNamesIn_, cols);
  assert.throws(() => fromFrame.transform(df.loc({ columns: [...cols].reverse() })), /different order/);
  // MDS and t-SNE: fit-only embeddings (as in scikit-learn), fitTransform = embedding_.
  const small = d.comp.slice(0, 40);
  const mds = new MDS({ nInit: 1, maxIter: 50 });
  assert.strictEqual(mds.estimatorType, "transformer");
  assert.deepStrictEqual(mds.fitTransform(small), mds.embedding_);
  assert.deepStrictEqual(mds.clone().fit(small).embedding_, mds.embedding_);
  assert.deepStrictEqual(new MDS({ nInit: 1, maxIter: 50 }).fit(d.comp.slice(0, 40).map((r) => [...r])).stress_, mds.stress_);
  assert.ok(mds.stress1_ > 0 && mds.stress1_ < 1 && mds.nIter_ >= 1);
  const tsne = new TSNE({ perplexity: 5, nIter: 250 });
  assert.deepStrictEqual(tsne.fitTransform(small), tsne.embedding_);
  assert.ok(Number.isFinite(tsne.klDivergence_) && tsne.klDivergence_ > 0 && tsne.nIter_ >= 1, `KL ${tsne.klDivergence_} after the 250 exploration iterations only`);
  assert.ok(Number.isFinite(new TSNE({ perplexity: 5, nIter: 280 }).fit(small).klDivergence_), "KL when the last stage ends before its first progress check");
  assert.throws(() => new TSNE({ perplexity: 5, nIter: 250, lerningRate: 10 } as never), /TSNE: unknown option "lerningRate"; did you mean "learningRate"\?/);
  assert.strictEqual(new TSNE({ nComponents: 1, perplexity: 5, nIter: 250 }).fit(small).embedding_[0].length, 1, "a 1-D map (PCA start with { count: 1 })");
});

test("MDS stress-1 on a case computed by hand: an equilateral triangle mapped onto a line", () => {
  // Three points, all 1 apart, placed on a line at -a, 0, a: distances a, a, 2a, raw stress
  // σ(a) = 2(a - 1)² + (2a - 1)², smallest at a = 2/3 with σ = 2/9 + 1/9 = 1/3. Stress-1 is
  // √(σ / Σ δ²) = √((1/3) / 3) = 1/3.
  const D = [[0, 1, 1], [1, 0, 1], [1, 1, 0]];
  const mds = new MDS({ nComponents: 1, dissimilarity: "precomputed", eps: 1e-12, maxIter: 10000, nInit: 2, seed: 5 }).fit(D);
  assertClose(mds.stress_, 1 / 3, 1e-6, 0, "raw stress");
  assertClose(mds.stress1_, 1 / 3, 1e-6, 0, "stress-1");
  const x = mds.embedding_.map((r) => r[0]).sort((a, b) => a - b);
  assertClose([x[1] - x[0], x[2] - x[1]], [2 / 3, 2 / 3], 1e-5, 0, "spacing");
  // A perfect map has stress-1 0; scaling every dissimilarity leaves stress-1 unchanged.
  const square = [[0, 0], [1, 0], [1, 1], [0, 1]];
  assert.ok(new MDS({ eps: 1e-12, maxIter: 3000 }).fit(square).stress1_ < 1e-6);
  const big = new MDS({ nComponents: 1, dissimilarity: "precomputed", eps: 1e-12, maxIter: 10000, nInit: 2, seed: 5 }).fit(D.map((r) => r.map((v) => 1000 * v)));
  assertClose(big.stress1_, 1 / 3, 1e-6, 0, "stress-1 is scale-free");
});

test("decomposition input errors are clear", () => {
  const X = [[1, 2], [3, 4], [5, 7]];
  assert.throws(() => new PCA({ nComponents: 3 }).fit(X), /nComponents = 3 but at most min\(n_samples, n_features\) = 2 components exist/);
  assert.throws(() => new PCA({ nComponents: -1 }), /PCA: nComponents must be an integer count >= 2/);
  assert.throws(() => new PCA().fit([[1, NaN], [2, 3]]), /PCA.fit: X\[0\]\[1\] is NaN; every feature must be a finite number/);
  assert.throws(() => new PCA().fit([[1, 2]]), /PCA needs at least 2 rows/);
  assert.throws(() => new PCA().fit(X).transform([[1, 2, 3]]), /3 columns but the model was fitted on 2/);
  assert.throws(() => new PCA().fit(X).inverseTransform([[1, 2, 3]]), /3 columns but the model was fitted on 2/);
  assert.throws(() => new TSNE({ perplexity: 5 }).fit(X), /perplexity \(5\) must be less than the number of samples \(3\)/);
  assert.throws(() => new TSNE({ nIter: 10 }), /TSNE: nIter must be an integer >= 250, got 10/);
  assert.throws(() => new TSNE({ learningRate: 0 }), /learningRate must be a finite number > 0, or "auto", got 0/);
  assert.throws(() => tsneAffinities(X, 3), /perplexity must be in \(0, 3\), got 3/);
  assert.throws(() => trustworthiness(X, X, 2), /nNeighbors must be an integer in \[1, n\/2\)/);
  assert.throws(() => new TSNE({ perplexity: 2 }).fit([[1e200, 0], [-1e200, 0], [0, 1]]), /TSNE.fit: the squared distance of rows 1 and 0 overflows/);
  assert.throws(() => new MDS({ dissimilarity: "precomputed" }).fit(X), /must be square/);
  assert.throws(() => new MDS({ dissimilarity: "precomputed" }).fit([[0, 1], [2, 0]]), /not symmetric at \(0, 1\)/);
  assert.throws(() => new MDS({ dissimilarity: "precomputed" }).fit([[0, -1], [-1, 0]]), /negative entry at \(0, 1\): -1/);
  assert.throws(() => new MDS({ dissimilarity: "precomputed" }).fit([[1, 1], [1, 0]]), /dissimilarity of row 0 to itself is 1/);
  assert.throws(() => new MDS().fit([[2, 2], [2, 2]]), /every dissimilarity is 0/);
  assert.throws(() => new MDS().fit([[1e200], [-1e200]]), /squared dissimilarities overflow/);
  assert.throws(() => new MDS({ nInit: 0 }), /MDS: nInit must be an integer >= 1, got 0/);
  assert.throws(() => new MDS({ dissimilarity: "cosine" as never }), /dissimilarity must be one of "euclidean", "precomputed"/);
});
