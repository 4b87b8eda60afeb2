// The checks of notebook 04's exercises: each accepts a fair one-change experiment, refuses the
// unchanged network, other changed options and untrained networks with a hint that fits the
// mistake, and (for the CNN) judges the test accuracy against 75%.
import { test } from "node:test";
import * as assert from "assert";
import { check } from "../lib/check";
import { Random } from "../lib/core/random";
import { CnnClassifier } from "../lib/nn/cnn";
import { DenseRegressor } from "../lib/nn/dense";
import { latticeImages } from "../lib/nn/lattice-images";
import { quietly } from "./helpers";

function toyRows(n: number, width: number): { X: number[][]; y: number[] } {
  const rng = new Random(1);
  const X = Array.from({ length: n }, () => Array.from({ length: width }, () => rng.next()));
  return { X, y: X.map((r) => 1 + r[0] - r[1] * r[2]) };
}

test("denseVariant: a fair change of depth or activation passes and reports both validation losses; other changes get hints", async () => {
  const { X, y } = toyRows(40, 6);
  const off = { live: "off" as const };
  const mlp = await new DenseRegressor({ hiddenLayers: [4, 4], epochs: 2, seed: 0 }).fit(X, y, off);
  const deeper = await mlp.clone({ hiddenLayers: [4, 4, 4] }).fit(X, y, off);
  const relu = await mlp.clone({ activation: "relu" }).fit(X, y, off);
  for (const variant of [deeper, relu]) {
    const r = quietly(() => check.denseVariant(mlp, variant));
    assert.strictEqual(r.ok, true, r.message);
    const last = (net: DenseRegressor) => net.history_.valLoss[1].toFixed(4);
    assert.ok(r.message.includes(last(variant)) && r.message.includes(last(mlp)), r.message);
  }
  assert.match(quietly(() => check.denseVariant(mlp, deeper)).message, /3 hidden layers \(4, 4, 4\), tanh, against .* for the notebook's 2 hidden layers \(4, 4\), tanh/);

  const same = await mlp.clone().fit(X, y, off);
  assert.match(quietly(() => check.denseVariant(mlp, same)).message, /^Not yet. Hint: your network has the same layers and activations as the notebook's; change hiddenLayers \(the depth\) or activation\.$/);
  const longer = await mlp.clone({ activation: "relu", epochs: 3 }).fit(X, y, off);
  assert.match(quietly(() => check.denseVariant(mlp, longer)).message, /you also changed epochs; keep the training settings/);
  assert.match(quietly(() => check.denseVariant(mlp, mlp)).message, /is the notebook's network itself/);
  assert.match(quietly(() => check.denseVariant(mlp, mlp.clone({ activation: "relu" }))).message, /Your network is not trained yet: await its fit/);
  assert.match(quietly(() => check.denseVariant(mlp, 0.05)).message, /Your network should be a DenseRegressor/);
  assert.match(quietly(() => check.denseVariant(new DenseRegressor(), relu)).message, /The first argument \(the notebook's network\) is not trained yet/);
  const narrow = toyRows(40, 5);
  const otherRows = await mlp.clone({ activation: "relu" }).fit(narrow.X, narrow.y, off);
  assert.match(quietly(() => check.denseVariant(mlp, otherRows)).message, /trained on 5 descriptors, the notebook's on 6/);
  [mlp, deeper, relu, same, longer, otherRows].forEach((n) => n.dispose());
});

test("cnnVariant: right at 75% test accuracy or more, only filters and epochs may change", async () => {
  const images = latticeImages({ count: 40, size: 12, seed: 1 });
  const off = { live: "off" as const };
  const cnn = await new CnnClassifier({ filters: [2], epochs: 1, seed: 0 }).fit(images, off);
  const mine = await cnn.clone({ filters: [3, 2], epochs: 2 }).fit(images, off);
  // Test sets on which `mine` is right on every image, and on none.
  const predicted = mine.predict(images);
  const allRight = { ...images, labels: predicted };
  const allWrong = { ...images, labels: predicted.map((c) => (c + 1) % 5) };
  const threeQuarters = { ...images, labels: predicted.map((c, i) => (i < 30 ? c : (c + 1) % 5)) };
  assert.match(quietly(() => check.cnnVariant(cnn, mine, allRight)).message, /^Test accuracy 100.0% on 40 images, above 75%/);
  assert.strictEqual(quietly(() => check.cnnVariant(cnn, mine, threeQuarters)).ok, true);
  const low = quietly(() => check.cnnVariant(cnn, mine, allWrong));
  assert.strictEqual(low.ok, false);
  assert.match(low.message, /test accuracy 0.0% is below 75%\. .*try more filters, another block or more epochs/);
  const faster = await cnn.clone({ learningRate: 0.01 }).fit(images, off);
  assert.match(quietly(() => check.cnnVariant(cnn, faster, allRight)).message, /you also changed learningRate; the exercise changes only filters and epochs/);
  assert.match(quietly(() => check.cnnVariant(cnn, cnn.clone({ epochs: 4 }), allRight)).message, /Your CNN is not trained yet/);
  assert.match(quietly(() => check.cnnVariant(cnn, new DenseRegressor(), allRight)).message, /Your CNN should be a CnnClassifier/);
  [cnn, mine, faster].forEach((n) => n.dispose());
});
