// PCA against scikit-learn 1.2 (components, explained variance, transforms; fixtures from
// scripts/fixtures/classification.py), and t-SNE / MDS against the quality scikit-learn reaches
// on the same composition descriptors (their random parts cannot be reproduced across libraries).
import { test } from "node:test";
import * as assert from "assert";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, loadDFT, matrixOf } from "../lib/data";
import { MDS, PCA, TSNE, trustworthiness, tsneAffinities } from "../lib/decomposition";
import { StandardScaler } from "../lib/preprocessing";
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
    const top = full.explainedVariance[0];
    // Variances: relative 1e-6, and absolute 1e-9 of the largest for the (near-)zero ones.
    assertClose(full.explainedVariance, c.explained_variance, 1e-6, 1e-9 * top, `${c.name} explained variance`);
    assertClose(full.explainedVarianceRatio, c.explained_variance_ratio, 1e-6, 1e-9, `${c.name} ratio`);
    assertClose(full.singularValues, c.singular_values, 1e-6, 1e-6 * Math.sqrt(top), `${c.name} singular values`);
    assertClose(full.mean, c.mean, 1e-10, 1e-12, `${c.name} mean`); // fixtures carry 12 digits
    c.components.forEach((axis: number[], k: number) => {
      const sign = assertSameAxis(full.components[k], axis, `${c.name} component ${k}`);
      assert.strictEqual(sign, 1, `${c.name} component ${k}: same sign convention as scikit-learn (svd_flip)`);
    });

    const two = new PCA({ nComponents: 2 }).fit(X);
    const signs = two.components.map((axis, k) => assertSameAxis(axis, c.two_components[k], `${c.name} 2-component axis ${k}`));
    const Z = two.transform(X.slice(0, 10));
    assertClose(Z.flat(), c.two_transform_first10.flat().map((v: number, t: number) => v * signs[t % 2]), 1e-6, 1e-6 * Math.sqrt(top), `${c.name} transform`);
    const back = two.inverseTransform(two.transform(X.slice(0, 3)));
    assertClose(back.flat(), c.two_inverse_first3.flat(), 1e-6, 1e-9, `${c.name} inverse transform`);
    assert.strictEqual(new PCA({ nComponents: 0.95 }).fit(X).nComponents, c.n_components_for_95, `${c.name} components for 95%`);
  }
});

test("PCA on wide data (more columns than rows) agrees with PCA on the transpose's Gram matrix", () => {
  const X = [[1, 2, 0, 4, 1], [0, 1, 3, 1, 2], [2, 0, 1, 0, 5]];
  const pca = new PCA().fit(X);
  assert.strictEqual(pca.nComponents, 3);
  // Scores reproduce the centred data exactly (all variance kept).
  const back = pca.inverseTransform(pca.transform(X));
  assertClose(back.flat(), X.flat(), 1e-10, 1e-10, "reconstruction");
  assertClose(pca.explainedVarianceRatio.reduce((a, b) => a + b, 0), 1, 1e-12, 0, "ratios sum to 1");
});

test("t-SNE: same input affinities as scikit-learn, KL and trustworthiness at least as good, seeded and repeatable", async () => {
  const d = await data();
  const P = tsneAffinities(d.comp.slice(0, 100), 30);
  assertClose(Array.from(P), fx.tsne.affinities_first100, 1e-5, 1e-12, "affinities P");
  const t0 = Date.now();
  const tsne = new TSNE({ perplexity: 30 }).fit(d.comp);
  const seconds = (Date.now() - t0) / 1000;
  assert.strictEqual(tsne.embedding.length, 512);
  assert.ok(tsne.klDivergence <= fx.tsne.exact_kl_divergence + 0.05, `KL ${tsne.klDivergence} vs scikit-learn exact ${fx.tsne.exact_kl_divergence}, Barnes-Hut ${fx.tsne.kl_divergence}`);
  const trust = trustworthiness(d.comp, tsne.embedding, 5);
  assert.ok(trust >= fx.tsne.trustworthiness - 0.01, `trustworthiness ${trust} vs scikit-learn ${fx.tsne.trustworthiness}`);
  assert.ok(seconds < 30, `t-SNE took ${seconds} s`);
  // Deterministic: same settings give the same map; a random start follows its seed.
  const again = new TSNE({ perplexity: 30, nIter: 300 }).fit(d.comp.slice(0, 120)).embedding;
  assert.deepStrictEqual(new TSNE({ perplexity: 30, nIter: 300 }).fit(d.comp.slice(0, 120)).embedding, again);
  const r1 = new TSNE({ perplexity: 10, nIter: 300, init: "random", seed: 3 }).fit(d.comp.slice(0, 60)).embedding;
  const r2 = new TSNE({ perplexity: 10, nIter: 300, init: "random", seed: 3 }).fit(d.comp.slice(0, 60)).embedding;
  const r3 = new TSNE({ perplexity: 10, nIter: 300, init: "random", seed: 4 }).fit(d.comp.slice(0, 60)).embedding;
  assert.deepStrictEqual(r1, r2);
  assert.notDeepStrictEqual(r1, r3);
});

test("MDS (SMACOF): stress no worse than scikit-learn's, exact recovery of planar data, seeded", async () => {
  const d = await data();
  const mds = new MDS({ seed: 0 }).fit(d.comp);
  assert.ok(mds.stress <= fx.mds.stress * 1.05, `stress ${mds.stress} vs scikit-learn ${fx.mds.stress}`);
  // Points that really lie in a plane (embedded in 3-D) are placed with (almost) zero stress.
  const planar = Array.from({ length: 30 }, (_, i) => [Math.cos(i), Math.sin(2 * i) * 2, 0]);
  const flat = new MDS({ seed: 1, eps: 1e-9, maxIter: 3000 }).fit(planar);
  assert.ok(flat.stress < 1e-6, `planar stress ${flat.stress}`);
  assert.deepStrictEqual(new MDS({ seed: 2 }).fit(planar).embedding, new MDS({ seed: 2 }).fit(planar).embedding);
});

test("decomposition input errors are clear", () => {
  const X = [[1, 2], [3, 4], [5, 7]];
  assert.throws(() => new PCA({ nComponents: 3 }).fit(X), /nComponents must be at most min\(n_samples, n_features\) = 2/);
  assert.throws(() => new PCA({ nComponents: -1 }), /nComponents must be a positive integer or a fraction/);
  assert.throws(() => new PCA().fit([[1, NaN], [2, 3]]), /finite/);
  assert.throws(() => new PCA().fit(X).transform([[1, 2, 3]]), /3 columns but the model was fitted on 2/);
  assert.throws(() => new PCA().components, /call fit\(\) before predict\(\)/);
  assert.throws(() => new TSNE({ perplexity: 5 }).fit(X), /perplexity \(5\) must be less than the number of samples \(3\)/);
  assert.throws(() => new TSNE({ nIter: 10 }), /nIter must be an integer >= 250/);
  assert.throws(() => new MDS({ dissimilarity: "precomputed" }).fit(X), /must be square/);
  assert.throws(() => new MDS({ nInit: 0 }), /nInit must be a positive integer/);
});
