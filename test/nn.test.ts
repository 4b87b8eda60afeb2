// Neural networks (issue 6): the wasm filter-gradient kernel against the cpu backend, the
// lattice image generator, the IDX / Fashion-MNIST loader (with a local HTTP server), seeded
// training, early stopping, the summary table and save/load round trips. Issues 9 and 10: the
// estimator contract (declared options, fitted fields, NotFittedError, DataFrames), bad inputs
// caught before training, MATML_BACKEND, atomic saves and checked loads.
import { mock, test } from "node:test";
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { AddressInfo } from "net";
import * as dfd from "danfojs-node";
import { tf, initBackend, forcedBackend } from "../lib/nn/backend";
import { wasmThreads } from "../lib/nn/wasm-threads";
import { latticeImages, LATTICE_CLASSES } from "../lib/nn/lattice-images";
import { imageAt, subsetImages } from "../lib/nn/images";
import { parseIdx, readIdx, loadFashionMnist, FASHION_MNIST_CLASSES } from "../lib/nn/idx";
import { DenseRegressor } from "../lib/nn/dense";
import { CnnClassifier } from "../lib/nn/cnn";
import { earlyStopping, EarlyStoppingCallback, meanSquaredError, sparseCategoricalCrossentropy } from "../lib/nn/network";
import { DenseAdamStep, plainProduct, tanhFloat32 } from "../lib/nn/dense-step";
import { PlainAdam } from "../lib/nn/adam";
import { curveSvg, LiveCurve } from "../lib/nn/live";
import { Random } from "../lib/core/random";
import { DataError, NotFittedError, ParamError } from "../lib/core/errors";

function tmpDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `matml-nn-${name}-`));
}

/** The gradient of sum(conv2d(x, f) · dy) with respect to f (= Conv2DBackpropFilter of dy). */
function filterGradient(x: number[], xShape: number[], dy: number[], dyShape: number[], fShape: number[], strides: number, pad: "same" | "valid" | number): Float32Array {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, xShape as [number, number, number, number]);
    const dyt = tf.tensor4d(dy, dyShape as [number, number, number, number]);
    const grad = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, f as tf.Tensor4D, strides, pad), dyt)));
    return grad(tf.zeros(fShape)).dataSync() as Float32Array;
  });
}

/** The gradient of sum(conv2d(x, f) · dy) with respect to x (= Conv2DBackpropInput of dy). */
function inputGradient(f: number[], fShape: number[], dy: number[], dyShape: number[], xShape: number[], strides: number, pad: "same" | "valid" | number): Float32Array {
  return tf.tidy(() => {
    const ft = tf.tensor4d(f, fShape as [number, number, number, number]);
    const dyt = tf.tensor4d(dy, dyShape as [number, number, number, number]);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, ft, strides, pad), dyt)));
    return grad(tf.zeros(xShape)).dataSync() as Float32Array;
  });
}

test("wasm Conv2DBackpropInput (stride 1 on XNNPACK, else wasm's own) equals the cpu backend's gradient", async () => {
  const backend = await initBackend();
  if (backend !== "wasm") return;
  const rng = new Random(8);
  let worst = 0;
  for (const strides of [1, 2]) {
    for (const pad of ["same", "valid", 1, 3] as const) {
      for (let rep = 0; rep < 2; rep++) {
        const k = 1 + 2 * rng.int(3);
        const xShape: [number, number, number, number] = [1 + rng.int(3), 7 + rng.int(8), 7 + rng.int(8), 1 + rng.int(4)];
        const fShape: [number, number, number, number] = [k, k, xShape[3], 1 + rng.int(5)];
        const f = Array.from({ length: fShape.reduce((a, b) => a * b) }, () => rng.normal());
        await tf.setBackend("cpu");
        const outShape: number[] = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, strides, pad).shape);
        const dy = Array.from({ length: outShape.reduce((a, b) => a * b) }, () => rng.normal());
        const expected = inputGradient(f, fShape, dy, outShape, xShape, strides, pad);
        await tf.setBackend("wasm");
        const actual = inputGradient(f, fShape, dy, outShape, xShape, strides, pad);
        for (let i = 0; i < actual.length; i++) {
          const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
          worst = Math.max(worst, err);
          assert.ok(err <= 1e-4, `strides ${strides}, pad ${pad}, x [${xShape}], filter [${fShape}]: element ${i} ${actual[i]} vs cpu ${expected[i]}`);
        }
      }
    }
  }
  console.log(`# Conv2DBackpropInput: worst relative difference to cpu ${worst.toExponential(2)}`);
});

test("wasm MaxPoolGrad (JavaScript on the wasm heap) equals the cpu backend's gradient, ties included", async () => {
  const backend = await initBackend();
  if (backend !== "wasm") return;
  const rng = new Random(9);
  for (const [size, strides, pad] of [[2, 2, "valid"], [2, 2, "same"], [3, 1, "same"], [3, 2, "valid"], [2, 1, 1]] as const) {
    const xShape: [number, number, number, number] = [2, 7 + rng.int(4), 6 + rng.int(4), 1 + rng.int(3)];
    // Rounded values (and relu-like zeros) make ties inside windows common.
    const x = Array.from({ length: xShape.reduce((a, b) => a * b) }, () => Math.max(0, Math.round(rng.normal() * 2) / 2));
    const grad = () =>
      tf.tidy(() => {
        const xt = tf.tensor4d(x, xShape);
        const y = tf.maxPool(xt, size, strides, pad);
        const dy = tf.tensor(Array.from({ length: y.size }, (_, i) => Math.sin(i + 1)), y.shape);
        return Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, size, strides, pad), dy)))(xt).dataSync());
      });
    await tf.setBackend("cpu");
    const expected = grad();
    await tf.setBackend("wasm");
    const actual = grad();
    actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-6, `pool ${size}/${strides}/${pad}: dx[${i}] ${v} vs cpu ${expected[i]}`));
  }
});

test("wasm BatchMatMul with transposed operands equals the cpu backend", async () => {
  const backend = await initBackend();
  if (backend !== "wasm") return;
  const rng = new Random(10);
  for (const batch of [0, 3]) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const [m, k, n] = [2 + rng.int(30), 2 + rng.int(30), 2 + rng.int(30)];
        const lead = batch ? [batch] : [];
        const aShape = [...lead, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [...lead, ...(transposeB ? [n, k] : [k, n])];
        const a = Array.from({ length: aShape.reduce((p, q) => p * q) }, () => rng.normal());
        const b = Array.from({ length: bShape.reduce((p, q) => p * q) }, () => rng.normal());
        const product = () => tf.tidy(() => Array.from(tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB).dataSync()));
        await tf.setBackend("cpu");
        const expected = product();
        await tf.setBackend("wasm");
        const actual = product();
        actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-4 * Math.max(1, Math.abs(expected[i])), `A${transposeA ? "ᵀ" : ""}·B${transposeB ? "ᵀ" : ""} [${aShape}]·[${bShape}]: ${v} vs ${expected[i]}`));
      }
    }
  }
});

test("wasm GatherV2 (rows copied in JavaScript) equals the cpu backend; other axes and bad indices as before", async () => {
  const backend = await initBackend();
  if (backend !== "wasm") return;
  const cases: { shape: number[]; dtype: "float32" | "int32"; indices: number[]; indexShape: number[]; axis: number }[] = [
    { shape: [6, 4, 3, 2], dtype: "float32", indices: [5, 0, 5, 2], indexShape: [4], axis: 0 },
    { shape: [7], dtype: "int32", indices: [6, 1, 1, 0, 3, 2], indexShape: [2, 3], axis: 0 },
    { shape: [5, 3], dtype: "float32", indices: [4, 4], indexShape: [2], axis: -2 },
    { shape: [5, 3], dtype: "float32", indices: [2, 0], indexShape: [2], axis: 1 }, // the original kernel
  ];
  for (const c of cases) {
    const values = Array.from({ length: c.shape.reduce((p, q) => p * q) }, (_, i) => (c.dtype === "int32" ? i * 7 - 20 : Math.sin(i) * 10));
    const gathered = () => tf.tidy(() => {
      const t = tf.gather(tf.tensor(values, c.shape, c.dtype), tf.tensor(c.indices, c.indexShape, "int32"), c.axis);
      return { shape: t.shape, values: Array.from(t.dataSync()) };
    });
    await tf.setBackend("cpu");
    const expected = gathered();
    await tf.setBackend("wasm");
    assert.deepStrictEqual(gathered(), expected, JSON.stringify(c));
  }
  const before = tf.memory().numTensors;
  assert.throws(() => tf.gather(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([1, 2], "int32")), /GatherV2: the index value 2 is not in \[0, 1\]/);
  assert.ok(tf.memory().numTensors <= before + 2, "a failed gather leaves no output tensor behind");
});

test("wasm Conv2DBackpropFilter equals the cpu backend's gradient (random shapes, strides, paddings)", async () => {
  const backend = await initBackend();
  if (backend !== "wasm") return; // the kernel only exists for wasm
  const rng = new Random(7);
  let worst = 0;
  let cases = 0;
  const before = tf.memory().numTensors;
  for (const strides of [1, 2, 3]) {
    for (const pad of ["same", "valid", 1] as const) {
      for (let rep = 0; rep < 2; rep++) {
        const k = 1 + 2 * rng.int(3); // 1, 3 or 5
        const xShape: [number, number, number, number] = [1 + rng.int(3), 6 + rng.int(8), 6 + rng.int(8), 1 + rng.int(4)];
        const fShape: [number, number, number, number] = [k, k, xShape[3], 1 + rng.int(5)];
        const x = Array.from({ length: xShape.reduce((a, b) => a * b) }, () => rng.normal());
        await tf.setBackend("cpu");
        const outShape: number[] = tf.tidy(() => tf.conv2d(tf.zeros(xShape) as tf.Tensor4D, tf.zeros(fShape) as tf.Tensor4D, strides, pad).shape);
        const dy = Array.from({ length: outShape.reduce((a, b) => a * b) }, () => rng.normal());
        const expected = filterGradient(x, xShape, dy, outShape, fShape, strides, pad);
        await tf.setBackend("wasm");
        const actual = filterGradient(x, xShape, dy, outShape, fShape, strides, pad);
        assert.strictEqual(actual.length, expected.length);
        for (let i = 0; i < actual.length; i++) {
          const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
          worst = Math.max(worst, err);
          assert.ok(err <= 1e-4, `strides ${strides}, pad ${pad}, x [${xShape}], filter [${fShape}]: element ${i} ${actual[i]} vs cpu ${expected[i]}`);
        }
        cases++;
      }
    }
  }
  assert.strictEqual(tf.memory().numTensors, before, "the kernel leaked tensors");
  console.log(`# Conv2DBackpropFilter: ${cases} cases, worst relative difference to cpu ${worst.toExponential(2)}`);
});

test("a CNN trains on wasm (the conv layers' filters change)", async () => {
  await initBackend();
  const images = latticeImages({ count: 40, seed: 3 });
  const cnn = await new CnnClassifier({ epochs: 1, batchSize: 8, validationSplit: 0, seed: 1 }).fit(images, { live: "off" });
  const fresh = await new CnnClassifier({ epochs: 1, batchSize: 8, validationSplit: 0, seed: 1, learningRate: 1e-12 }).fit(images, { live: "off" });
  const w = (c: CnnClassifier) => Array.from(c.model_.layers[0].getWeights()[0].dataSync());
  const moved = w(cnn).some((v, i) => Math.abs(v - w(fresh)[i]) > 1e-6);
  assert.ok(moved, "the first convolution's filter did not change in training");
  assert.strictEqual(cnn.history_.backend, tf.getBackend());
  cnn.dispose();
  fresh.dispose();
});

test("lattice images: seeded, any count, balanced classes, pixels in [0, 1]", () => {
  const a = latticeImages({ count: 23, seed: 5 });
  const b = latticeImages({ count: 23, seed: 5 });
  const c = latticeImages({ count: 23, seed: 6 });
  const longer = latticeImages({ count: 40, seed: 5 });
  assert.strictEqual(a.count, 23);
  assert.strictEqual(a.pixels.length, 23 * 28 * 28);
  assert.deepStrictEqual(a.classNames, LATTICE_CLASSES);
  assert.deepStrictEqual(Array.from(a.pixels), Array.from(b.pixels), "same seed, different images");
  assert.notDeepStrictEqual(Array.from(a.pixels), Array.from(c.pixels));
  assert.deepStrictEqual(Array.from(longer.pixels.subarray(0, a.pixels.length)), Array.from(a.pixels), "image i must not depend on count");
  assert.deepStrictEqual(a.labels.slice(0, 10), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  assert.deepStrictEqual(LATTICE_CLASSES, ["square", "rectangular", "centred rectangular", "hexagonal", "oblique"]);
  assert.ok(a.pixels.every((v) => v >= 0 && v <= 1));
  // Every image has atoms (bright spots) and background.
  for (let i = 0; i < a.count; i++) {
    const img = imageAt(a, i).flat();
    assert.ok(Math.max(...img) > 0.5 && Math.min(...img) < 0.2, `image ${i} looks empty or saturated`);
  }
  const small = latticeImages({ count: 3, size: 16, seed: 1 });
  assert.strictEqual(imageAt(small, 2).length, 16);
  const sub = subsetImages(a, [4, 0]);
  assert.deepStrictEqual(sub.labels, [4, 0]);
  assert.deepStrictEqual(imageAt(sub, 0), imageAt(a, 4));
  assert.throws(() => latticeImages({ count: 0 }), /count must be an integer >= 1/);
  assert.throws(() => latticeImages({ count: 5, spacing: [7, 5] }), /spacing/);
  assert.throws(() => imageAt(a, 23), /outside/);
});

test("lattice images: the square lattice's spots sit one spacing apart", () => {
  // No rotation, noise, blur or vacancies: the brightest pixels of a square lattice with spacing 6
  // repeat every 6 pixels along rows.
  const set = latticeImages({ count: 1, seed: 2, spacing: [6, 6], rotation: [0, 0], noise: [0, 0], blur: [0, 0], vacancies: [0, 0], atomSize: [0.8, 0.8] });
  const img = imageAt(set, 0);
  const row = img.map((r) => r.reduce((a, b) => a + b)).indexOf(Math.max(...img.map((r) => r.reduce((a, b) => a + b))));
  const peaks = img[row].map((v, i) => ({ v, i })).filter(({ v, i }) => v > 0.5 && v >= (img[row][i - 1] ?? 0) && v >= (img[row][i + 1] ?? 0)).map((p) => p.i);
  assert.ok(peaks.length >= 3, `found peaks ${peaks}`);
  for (let k = 1; k < peaks.length; k++) assert.ok(Math.abs(peaks[k] - peaks[k - 1] - 6) <= 1, `peaks ${peaks} are not 6 px apart`);
});

/** An IDX file: header (type byte, rank, big-endian dims) then big-endian values. */
function idxBytes(type: number, shape: number[], values: number[]): Buffer {
  const size = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type] as number;
  const buf = Buffer.alloc(4 + 4 * shape.length + size * values.length);
  buf[2] = type;
  buf[3] = shape.length;
  shape.forEach((d, i) => buf.writeInt32BE(d, 4 + 4 * i));
  const off = 4 + 4 * shape.length;
  values.forEach((v, i) => {
    const at = off + size * i;
    if (type === 0x08) buf.writeUInt8(v, at);
    else if (type === 0x09) buf.writeInt8(v, at);
    else if (type === 0x0b) buf.writeInt16BE(v, at);
    else if (type === 0x0c) buf.writeInt32BE(v, at);
    else if (type === 0x0d) buf.writeFloatBE(v, at);
    else buf.writeDoubleBE(v, at);
  });
  return buf;
}

test("IDX: every value type, plain and gzip, and clear errors", () => {
  const pixels = Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256);
  const plain = idxBytes(0x08, [3, 4, 5], pixels);
  const a = parseIdx(plain);
  assert.deepStrictEqual(a.shape, [3, 4, 5]);
  assert.deepStrictEqual(Array.from(a.data), pixels);
  assert.deepStrictEqual(Array.from(parseIdx(zlib.gzipSync(plain)).data), pixels);
  assert.deepStrictEqual(Array.from(parseIdx(idxBytes(0x09, [3], [-5, 0, 7])).data), [-5, 0, 7]);
  assert.deepStrictEqual(Array.from(parseIdx(idxBytes(0x0b, [2], [-300, 1234])).data), [-300, 1234]);
  assert.deepStrictEqual(Array.from(parseIdx(idxBytes(0x0c, [2], [-70000, 123456789])).data), [-70000, 123456789]);
  assert.deepStrictEqual(Array.from(parseIdx(idxBytes(0x0d, [2], [1.5, -0.25])).data), [1.5, -0.25]);
  assert.deepStrictEqual(Array.from(parseIdx(idxBytes(0x0e, [1, 2], [Math.PI, -1e-300])).data), [Math.PI, -1e-300]);
  assert.throws(() => parseIdx(plain.subarray(0, plain.length - 1)), /needs 76 bytes, the file has 75/);
  assert.throws(() => parseIdx(Buffer.from([1, 2, 3, 4])), /not an IDX file/);
  assert.throws(() => parseIdx(Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 0])), /unknown IDX value type 0x42/);
  assert.throws(() => parseIdx(Buffer.from([0x1f, 0x8b, 1, 2, 3])), /gzip stream is damaged/);
  const dir = tmpDir("idx");
  fs.writeFileSync(path.join(dir, "x.idx.gz"), zlib.gzipSync(plain));
  assert.deepStrictEqual(readIdx(path.join(dir, "x.idx.gz")).shape, [3, 4, 5]);
});

test("Fashion-MNIST loader: downloads the gzip files once from a server, then reads the cache", async () => {
  // Two tiny "Fashion-MNIST" sets written here: 4 training and 2 test images of 3×2 pixels.
  const files: Record<string, Buffer> = {
    "train-images-idx3-ubyte.gz": zlib.gzipSync(idxBytes(0x08, [4, 3, 2], Array.from({ length: 24 }, (_, i) => i * 10))),
    "train-labels-idx1-ubyte.gz": zlib.gzipSync(idxBytes(0x08, [4], [9, 0, 3, 7])),
    "t10k-images-idx3-ubyte.gz": zlib.gzipSync(idxBytes(0x08, [2, 3, 2], Array.from({ length: 12 }, () => 255))),
    "t10k-labels-idx1-ubyte.gz": zlib.gzipSync(idxBytes(0x08, [2], [1, 2])),
  };
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const name = (req.url ?? "").replace(/^\/data\//, "");
    requests.push(name);
    if (!files[name]) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-length": files[name].length });
    res.end(files[name]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/`;
  const cacheDir = tmpDir("fashion");
  try {
    const train = await loadFashionMnist("train", { baseUrl, cacheDir });
    assert.strictEqual(train.count, 4);
    assert.strictEqual(train.height, 3);
    assert.strictEqual(train.width, 2);
    assert.deepStrictEqual(train.labels, [9, 0, 3, 7]);
    assert.deepStrictEqual(train.classNames, FASHION_MNIST_CLASSES);
    assert.ok(Math.abs(train.pixels[1] - 10 / 255) < 1e-7, "pixels are scaled to [0, 1]");
    assert.deepStrictEqual(imageAt(train, 3)[2], [Math.fround(220 / 255), Math.fround(230 / 255)]);
    const test2 = await loadFashionMnist("test", { baseUrl, cacheDir });
    assert.deepStrictEqual(test2.labels, [1, 2]);
    assert.strictEqual(requests.length, 4);
    // Second time: from the cache, no requests (even with downloading switched off).
    await loadFashionMnist("train", { baseUrl, cacheDir, download: false });
    assert.strictEqual(requests.length, 4);
    assert.ok(fs.existsSync(path.join(cacheDir, "train-images-idx3-ubyte.gz")));
    // A missing file on the server is a clear error, and leaves no partial file behind.
    const other = tmpDir("fashion-missing");
    await assert.rejects(loadFashionMnist("train", { baseUrl: baseUrl + "nothing/", cacheDir: other }), /HTTP 404/);
    assert.deepStrictEqual(fs.readdirSync(other), []);
    await assert.rejects(loadFashionMnist("test", { cacheDir: other, download: false }), /downloading is switched off/);
    await assert.rejects(loadFashionMnist("valid" as never, { cacheDir: other }), /split must be "train" or "test"/);
  } finally {
    server.close();
  }
});

/** A small regression problem: y = a smooth function of 6 features in [0, 1]. */
function toyRegression(n: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Random(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: 6 }, () => rng.next()));
  const y = X.map((r) => 1 + Math.sin(3 * r[0]) + r[1] * r[2] - 0.5 * r[3]);
  return { X, y };
}

test("DenseRegressor: summary, seeded repeatable training, learning, save/load with identical predictions", async () => {
  const { X, y } = toyRegression(200, 1);
  const make = () => new DenseRegressor({ hiddenLayers: [16, 16], epochs: 30, seed: 3 });
  const a = await make().fit(X, y, { live: "off" });
  const b = await make().fit(X, y, { live: "off" });
  assert.deepStrictEqual(a.predict(X), b.predict(X), "same seed must give the same network");
  const h = a.history_;
  assert.strictEqual(h.loss.length, 30);
  assert.strictEqual(h.valLoss.length, 30);
  assert.ok(h.loss[29] < h.loss[0] / 3, `training loss did not fall: ${h.loss[0]} → ${h.loss[29]}`);
  assert.ok(h.valLoss[29] < h.valLoss[0], "validation loss did not fall");

  // The tutorial's network has 15,301 weights for 50 inputs.
  const tutorial = await new DenseRegressor({ epochs: 1 }).fit(Array.from({ length: 10 }, () => new Array(50).fill(0.5)), new Array(10).fill(1), { live: "off" });
  const summary = tutorial.summary();
  assert.deepStrictEqual(summary.map((r) => r.parameters), [5100, 10100, 101, 15301]);
  assert.deepStrictEqual(summary.map((r) => r.outputShape).slice(0, 3), ["[None,100]", "[None,100]", "[None,1]"]);
  assert.strictEqual(tutorial.layerWeights(0).kernel.length, 50);
  tutorial.dispose();

  const dir = tmpDir("dense");
  await a.save(dir);
  for (const f of ["model.json", "weights.bin", "matml.json"]) assert.ok(fs.existsSync(path.join(dir, f)), f);
  const loaded = await DenseRegressor.load(dir);
  assert.deepStrictEqual(loaded.predict(X), a.predict(X), "loaded network predicts differently");
  assert.deepStrictEqual(loaded.params, a.params);
  assert.deepStrictEqual(loaded.history_.loss, h.loss);
  await assert.rejects(CnnClassifier.load(dir), /holds a DenseRegressor, not a CnnClassifier/);
  await assert.rejects(DenseRegressor.load(tmpDir("empty")), /matml.json not found/);
  assert.throws(() => loaded.predict([[1, 2]]), /X has 2 columns but the model was fitted on 6/);
  [a, b, loaded].forEach((n) => n.dispose());
});

test("DenseRegressor: early stopping stops after `patience` stalled epochs and restores the best weights", async () => {
  const { X, y } = toyRegression(120, 2);
  // minDelta so large that no epoch after the first counts as an improvement.
  const stopped = await new DenseRegressor({ hiddenLayers: [8], epochs: 50, seed: 4, earlyStopping: { patience: 3, minDelta: 1e9 } }).fit(X, y, { live: "off" });
  const h = stopped.history_;
  assert.ok(h.stoppedEarly);
  assert.strictEqual(h.epoch.length, 4);
  assert.strictEqual(h.bestEpoch, 1);
  const oneEpoch = await new DenseRegressor({ hiddenLayers: [8], epochs: 1, seed: 4 }).fit(X, y, { live: "off" });
  assert.deepStrictEqual(stopped.predict(X), oneEpoch.predict(X), "weights of the best epoch (1) were not restored");
  stopped.dispose();
  oneEpoch.dispose();
});

test("earlyStopping({ patience }) as a fit() callback stops exactly as the earlyStopping option does", async () => {
  const { X, y } = toyRegression(120, 2);
  const settings = { patience: 3, minDelta: 0.001 };
  const make = (withOption: boolean) =>
    new DenseRegressor({ hiddenLayers: [16, 16], outputActivation: "linear", learningRate: 0.01, epochs: 60, seed: 3, earlyStopping: withOption ? settings : null });
  const byOption = await make(true).fit(X, y, { live: "off" });
  const byCallback = await make(false).fit(X, y, { live: "off", callbacks: [earlyStopping(settings)] });
  const h = byCallback.history_;
  assert.ok(h.stoppedEarly && h.bestEpoch > 1 && h.epoch.length === h.bestEpoch + 3, `stopped at epoch ${h.epoch.length}, best ${h.bestEpoch}`);
  const { seconds: _a, ...optionRun } = byOption.history_;
  const { seconds: _b, ...callbackRun } = h;
  assert.deepStrictEqual(callbackRun, optionRun);
  assert.deepStrictEqual(byCallback.predict(X), byOption.predict(X));
  // The callback's defaults are the option's: patience 10, minDelta 0, best weights restored.
  assert.deepStrictEqual({ ...earlyStopping() }, { patience: 10, minDelta: 0, restoreBestWeights: true });
  assert.ok(earlyStopping({ patience: 3 }) instanceof EarlyStoppingCallback);
  assert.throws(() => earlyStopping({ patients: 3 } as never), (e: Error) => e instanceof ParamError && /earlyStopping: unknown option "patients"; did you mean "patience"\?/.test(e.message));
  assert.throws(() => earlyStopping({ patience: 0 }), /earlyStopping: patience must be an integer >= 1, got 0/);
  // fit()'s own options are checked too, and early stopping may be given only once.
  const net = make(true);
  await assert.rejects(net.fit(X, y, { live: "off", callbacks: [earlyStopping()] }), /DenseRegressor.fit: early stopping is given twice, as the earlyStopping option \(\{"patience":3,"minDelta":0.001\}\) and as a callback; keep one/);
  await assert.rejects(make(false).fit(X, y, { live: "off", callbacks: [earlyStopping(), earlyStopping()] }), /DenseRegressor.fit: 2 earlyStopping callbacks given; give one/);
  await assert.rejects(make(false).fit(X, y, { live: "off", callbacks: [{ patience: 3 }] as never }), /DenseRegressor.fit: callbacks must be an array of callback made by earlyStopping/);
  await assert.rejects(make(false).fit(X, y, { callback: [earlyStopping()] } as never), (e: Error) => e instanceof ParamError && /DenseRegressor.fit: unknown option "callback"; did you mean "callbacks"\?/.test(e.message));
  await assert.rejects(new CnnClassifier().fit(latticeImages({ count: 10 }), { live: "none" } as never), /CnnClassifier.fit: live must be one of "auto", "notebook", "console", "off", got "none"/);
  assert.strictEqual(net.isFitted(), false);
  [byOption, byCallback].forEach((n) => n.dispose());
});

test("DenseRegressor: parameter checks and errors", () => {
  assert.throws(() => new DenseRegressor({ hiddenLayers: [0] }), /hiddenLayers must be/);
  assert.throws(() => new DenseRegressor({ activation: "softmax" as never }), /activation must be one of/);
  assert.throws(() => new DenseRegressor({ validationSplit: 1 }), /DenseRegressor: validationSplit must be a finite number in \[0, 1\), got 1/);
  assert.throws(() => new DenseRegressor({ earlyStopping: { patience: 0 } }), /earlyStopping must be null or \{ patience\?: an integer >= 1, minDelta\?: a number >= 0, restoreBestWeights\?: true or false \}, got \{"patience":0\}/);
  assert.throws(() => new DenseRegressor({ earlyStopping: { patients: 3 } as never }), /earlyStopping must be null or/);
  assert.throws(() => new DenseRegressor({ epoch: 5 } as never), /DenseRegressor: unknown option "epoch"; did you mean "epochs"\?/);
  assert.throws(() => new CnnClassifier({ filters: [] }), /filters must be a non-empty array of positive integers/);
  assert.throws(() => new DenseRegressor().predict([[1]]), (e: Error) => e instanceof NotFittedError && /DenseRegressor.predict: this DenseRegressor is not fitted yet; call fit\(\) first/.test(e.message));
  assert.throws(() => new DenseRegressor().summary(), NotFittedError);
  assert.throws(() => new CnnClassifier().predict(latticeImages({ count: 1 })), NotFittedError);
  assert.deepStrictEqual(new DenseRegressor({ epochs: 5 }).clone({ seed: 9 }).params.epochs, 5);
  assert.strictEqual(new DenseRegressor().estimatorType, "regressor");
  assert.strictEqual(new CnnClassifier().estimatorType, "classifier");
  assert.deepStrictEqual(new CnnClassifier().getParams(), { filters: [8, 16], kernelSize: 3, poolSize: 2, learningRate: 1e-3, epochs: 3, batchSize: 32, validationSplit: 0.1, seed: 0, earlyStopping: null });
});

test("CnnClassifier: learns lattice images, save/load gives identical probabilities", async () => {
  const images = latticeImages({ count: 600, seed: 11 });
  const train = subsetImages(images, Array.from({ length: 500 }, (_, i) => i));
  const test2 = subsetImages(images, Array.from({ length: 100 }, (_, i) => 500 + i));
  const cnn = await new CnnClassifier({ epochs: 4, seed: 0, learningRate: 3e-3 }).fit(train, { live: "off" });
  const h = cnn.history_;
  assert.strictEqual(h.accuracy.length, 4);
  assert.strictEqual(h.valAccuracy.length, 4);
  assert.ok(h.loss[3] < h.loss[0], "training loss did not fall");
  const proba = cnn.predictProba(test2);
  assert.strictEqual(proba.length, 100);
  proba.forEach((p) => assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-5));
  const acc = cnn.predict(test2).filter((c, i) => c === test2.labels[i]).length / 100;
  assert.ok(acc > 0.4, `accuracy ${acc} is not above chance (0.2) after 4 short epochs`);
  assert.deepStrictEqual(cnn.summary().map((r) => r.parameters), [80, 0, 1168, 0, 0, 3925, 5173]);

  const dir = tmpDir("cnn");
  await cnn.save(dir);
  const loaded = await CnnClassifier.load(dir);
  assert.deepStrictEqual(loaded.predictProba(test2), proba);
  assert.deepStrictEqual(loaded.classNames_, LATTICE_CLASSES);
  assert.deepStrictEqual(loaded.classes_, [0, 1, 2, 3, 4]);
  assert.throws(() => loaded.predict(latticeImages({ count: 2, size: 16 })), /images are 16×16, the network was trained on 28×28/);
  cnn.dispose();
  loaded.dispose();
});

test("sparse categorical cross-entropy equals -mean log p(true class)", () => {
  const probs = tf.tensor2d([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]);
  const labels = tf.tensor1d([0, 2], "int32");
  const loss = sparseCategoricalCrossentropy(labels, probs).dataSync()[0];
  assert.ok(Math.abs(loss - -(Math.log(0.7) + Math.log(0.8)) / 2) < 1e-6);
  tf.dispose([probs, labels]);
});

test("live learning curve: SVG with one line per series, log axis for regression losses", () => {
  const loss = [4, 1, 0.3, 0.1];
  const svg = curveSvg([{ name: "training loss", values: loss, color: "#1f77b4" }, { name: "validation <loss>", values: [5, 2], color: "#ff7f0e" }], 10, "loss", "MSE", true);
  assert.ok(svg.startsWith("<svg") && svg.endsWith("</svg>"));
  assert.strictEqual((svg.match(/<polyline/g) ?? []).length, 2);
  assert.ok(svg.includes("validation &lt;loss&gt;"), "names are escaped");
  assert.ok(svg.includes("log scale"));
  // Outside a notebook "auto" draws nothing (tests and scripts stay quiet).
  assert.strictEqual(new LiveCurve("t", "loss", 5).mode, "off");
});

test("networks follow the estimator contract: options, clone, setParams frees the model, DataFrames", async () => {
  const { X, y } = toyRegression(60, 5);
  const make = () => new DenseRegressor({ hiddenLayers: [8], epochs: 3, seed: 2 });
  const net = await make().fit(X, y, { live: "off" });
  assert.strictEqual(net.nFeaturesIn_, 6);
  assert.ok(net.isFitted());
  const copy = net.clone();
  assert.deepStrictEqual(copy.getParams(), net.getParams());
  assert.notStrictEqual(copy.params.hiddenLayers, net.params.hiddenLayers);
  assert.strictEqual(copy.isFitted(), false);
  assert.throws(() => copy.predict(X), NotFittedError);
  // A DataFrame and a Series give exactly the matrix's network; the columns are checked at predict.
  const names = ["a", "b", "c", "d", "e", "f"];
  const frame = new dfd.DataFrame(X, { columns: names });
  const fromFrame = await make().fit(frame, new dfd.Series(y), { live: "off" });
  assert.deepStrictEqual(fromFrame.predict(frame), net.predict(X));
  assert.deepStrictEqual(fromFrame.featureNamesIn_, names);
  assert.throws(() => fromFrame.predict(new dfd.DataFrame(X, { columns: ["b", "a", "c", "d", "e", "f"] })), /DenseRegressor.predict: the DataFrame has the fitted columns in a different order/);
  // setParams forgets the fit and frees the model's tensors.
  const before = tf.memory().numTensors;
  fromFrame.setParams({ epochs: 4 });
  assert.strictEqual(fromFrame.isFitted(), false);
  assert.ok(tf.memory().numTensors < before, "the old model's weights were not disposed");
  assert.throws(() => fromFrame.setParams({ batchSize: 0 }), /batchSize must be an integer >= 1, got 0/);
  net.dispose();
  assert.strictEqual(net.isFitted(), false);
  assert.throws(() => net.predict(X), NotFittedError);
});

test("networks reject NaN, Infinity and values beyond float32 before training, and stay unfitted", async () => {
  const { X, y } = toyRegression(20, 6);
  const net = new DenseRegressor({ hiddenLayers: [4], epochs: 1 });
  const badX = X.map((r, i) => (i === 3 ? [r[0], NaN, ...r.slice(2)] : r));
  await assert.rejects(net.fit(badX, y, { live: "off" }), (e: Error) => e instanceof DataError && /DenseRegressor.fit: X\[3\]\[1\] is NaN/.test(e.message));
  await assert.rejects(net.fit(X, y.map((v, i) => (i === 7 ? Infinity : v)), { live: "off" }), /DenseRegressor.fit: y\[7\] is Infinity; targets must be finite numbers/);
  await assert.rejects(net.fit(X.map((r, i) => (i === 2 ? [1e39, ...r.slice(1)] : r)), y, { live: "off" }), /X\[2\]\[0\] = 1e\+39 is beyond float32's range/);
  await assert.rejects(net.fit(X, y.map((v, i) => (i === 5 ? 5e38 : v)), { live: "off" }), /y\[5\] = 5e\+38 is too large for a float32 network/);
  await assert.rejects(net.fit(X, y.map((v, i) => (i === 5 ? -1e20 : v)), { live: "off" }), /y\[5\] = -100000000000000000000 is too large/);
  await assert.rejects(net.fit(X, y.slice(1), { live: "off" }), /X has 20 rows but y has 19/);
  assert.strictEqual(net.isFitted(), false);
  // A fitted network that then gets bad data is left unfitted (no half-trained model).
  await net.fit(X, y, { live: "off" });
  await assert.rejects(net.fit(X, y.map(() => NaN), { live: "off" }), DataError);
  assert.strictEqual(net.isFitted(), false);
  await net.fit(X, y, { live: "off" });
  assert.throws(() => net.predict([[1, 2, 3, 4, 5, -1e39]]), /DenseRegressor.predict: X\[0\]\[5\] = -1e\+39 is beyond float32's range/);
  assert.throws(() => net.predict([[1, 2, 3, 4, 5, NaN]]), /X\[0\]\[5\] is NaN/);
  // A learning rate that blows the weights up: an error naming the epoch, not NaN predictions.
  await assert.rejects(
    new DenseRegressor({ hiddenLayers: [16], epochs: 5, learningRate: 1e30, outputActivation: "linear" }).fit(X.map((r) => r.map((v) => v * 1e10)), y, { live: "off" }),
    /DenseRegressor.fit: the training loss became (NaN|Infinity) in epoch \d \(the weights diverged\); lower learningRate \(now 1e\+30\)/,
  );
  net.dispose();
});

test("CnnClassifier: one class, NaN pixels and wrong sizes are errors; predict needs no labels", async () => {
  const images = latticeImages({ count: 12, size: 12, seed: 4 });
  const oneClass = { ...subsetImages(images, [0, 5, 10]) }; // all "square"
  await assert.rejects(new CnnClassifier({ epochs: 1 }).fit(oneClass, { live: "off" }), (e: Error) => e instanceof DataError && /CnnClassifier.fit: every training image has label 0 \("square"\); a classifier needs images of at least 2 classes \(labels 0..4 = \["square","rectangular","centred rectangular","hexagonal","oblique"\]\)/.test(e.message));
  await assert.rejects(new CnnClassifier({ epochs: 1 }).fit({ ...oneClass, classNames: ["square"] }, { live: "off" }), /the image set has 1 class \(\["square"\]\); a classifier needs at least 2/);
  const nanPixels = { ...images, pixels: Float32Array.from(images.pixels) };
  nanPixels.pixels[2 * 144 + 3 * 12 + 5] = NaN;
  await assert.rejects(new CnnClassifier({ epochs: 1 }).fit(nanPixels, { live: "off" }), /CnnClassifier.fit: image 2 has pixel \(row 3, column 5\) = NaN; every pixel must be a finite number/);
  const cnn = await new CnnClassifier({ epochs: 1, batchSize: 4, validationSplit: 0, filters: [2] }).fit(images, { live: "off" });
  assert.deepStrictEqual(cnn.classes_, [0, 1, 2, 3, 4]);
  assert.deepStrictEqual(cnn.imageShape_, [12, 12]);
  // NaN pixels at predict: an error (it used to be class -1), with or without labels.
  assert.throws(() => cnn.predict(nanPixels), (e: Error) => e instanceof DataError && /CnnClassifier.predict: image 2 has pixel \(row 3, column 5\) = NaN/.test(e.message));
  const inf = { pixels: new Float32Array(144).fill(Infinity), count: 1, height: 12, width: 12 };
  assert.throws(() => cnn.predictProba(inf), /CnnClassifier.predictProba: image 0 has pixel \(row 0, column 0\) = Infinity/);
  const unlabelled = { pixels: images.pixels, count: images.count, height: 12, width: 12 };
  const predicted = cnn.predict(unlabelled);
  assert.strictEqual(predicted.length, 12);
  assert.ok(predicted.every((c) => Number.isInteger(c) && c >= 0 && c < 5));
  assert.throws(() => cnn.predict({ ...unlabelled, count: 2 }), /pixels has 1728 values, expected count × height × width = 288/);
  cnn.dispose();
});

/** Runs a Node script in a child process (so that its backend choice is its own); resolves to { code, stdout, stderr }. */
function runNode(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["-e", script], { env: { ...process.env, ...env }, cwd: path.join(__dirname, "..", ".."), timeout: 120000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test("MATML_BACKEND: unknown names list the valid ones; a forced backend that is missing says so; cpu can be forced", async () => {
  assert.strictEqual(forcedBackend(undefined), undefined);
  assert.strictEqual(forcedBackend(""), undefined);
  assert.strictEqual(forcedBackend("wasm"), "wasm");
  assert.throws(() => forcedBackend("gpu"), (e: Error) => e instanceof ParamError && /MATML_BACKEND="gpu" is not a TensorFlow.js backend; valid names: tensorflow, wasm, cpu/.test(e.message));
  const backendModule = JSON.stringify(path.join(__dirname, "..", "lib", "nn", "backend.js"));
  const script = `require(${backendModule}).describeBackend().then((d) => console.log(d), (e) => { console.error(e.message); process.exit(3); })`;
  const [unknown, cpu, native] = await Promise.all([
    runNode(script, { MATML_BACKEND: "webgpu" }),
    runNode(script, { MATML_BACKEND: "cpu" }),
    runNode(script, { MATML_BACKEND: "tensorflow" }),
  ]);
  assert.strictEqual(unknown.code, 3);
  assert.match(unknown.stderr, /MATML_BACKEND="webgpu" is not a TensorFlow.js backend; valid names: tensorflow, wasm, cpu/);
  assert.strictEqual(cpu.code, 0, cpu.stderr);
  assert.match(cpu.stdout, /backend: cpu — plain JavaScript \(the slowest\); forced by MATML_BACKEND=cpu/);
  let nativeInstalled = true;
  try {
    require.resolve("tfjs-node-native");
  } catch {
    nativeInstalled = false;
  }
  if (nativeInstalled) assert.match(native.stdout, /backend: tensorflow/);
  else {
    // Not installed here: say exactly that (it used to fall back to cpu, blaming wasm).
    assert.strictEqual(native.code, 3);
    assert.match(native.stderr, /MATML_BACKEND=tensorflow: the native binding tfjs-node \(optional package tfjs-node-native\) is not installed\. Install it, or unset MATML_BACKEND/);
  }
});

test("DenseAdamStep equals optimizer.minimize of the MSE (every activation, partial batches) to float32 rounding", () => {
  // The first layer's products (16 × 40 · 40 × 32) run on TensorFlow.js, the others as plain loops.
  const sizes = [40, 32, 8, 5, 1];
  const activations = ["tanh", "relu", "sigmoid", "linear"] as const;
  const model = tf.sequential({
    layers: activations.map((activation, l) => tf.layers.dense({ units: sizes[l + 1], activation, inputShape: [sizes[l]], kernelInitializer: tf.initializers.glorotUniform({ seed: l }), biasInitializer: tf.initializers.constant({ value: 0.1 }) })),
  });
  const initial = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const step = new DenseAdamStep(sizes, initial, [...activations], { learningRate: 0.01 });
  const optimizer = tf.train.adam(0.01);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = new Random(4);
  let worstLoss = 0;
  for (let s = 0; s < 30; s++) {
    const rows = s % 3 === 2 ? 7 : 16; // a short last batch, as in an epoch
    const x = Float32Array.from({ length: rows * 40 }, () => 2 * rng.next() - 1);
    const y = Float32Array.from({ length: rows }, () => 1 + rng.next());
    const fast = step.step(x, y, rows);
    const reference = tf.tidy(() => (optimizer.minimize(() => meanSquaredError(tf.tensor2d(y, [rows, 1]), model.apply(tf.tensor2d(x, [rows, 40])) as tf.Tensor), true, variables) as tf.Scalar).dataSync()[0]);
    worstLoss = Math.max(worstLoss, Math.abs(fast - reference) / reference);
  }
  // Float32 rounding (tfjs keeps Adam's moments in float32, DenseAdamStep in float64) moves the
  // weights by ~2e-6 after these 30 steps; a wrong epsilon (1e-5) or a derivative off by 0.1%
  // moves them by ≥ 4e-4, and the weights themselves move by ~0.3.
  assert.ok(worstLoss < 5e-5, `loss differs by ${worstLoss} (relative)`);
  model.getWeights().forEach((w, i) => {
    const want = w.dataSync();
    const got = step.weights[i];
    assert.ok(want.some((v, j) => Math.abs(v - initial[i][j]) > 0.01), `weight array ${i} barely trained`);
    const worst = Math.max(...Array.from(want, (v, j) => Math.abs(v - got[j])));
    assert.ok(worst < 2e-5, `weight array ${i} differs by ${worst}`);
  });
  optimizer.dispose();
  model.dispose();
  assert.throws(() => new DenseAdamStep([6, 1], [new Float32Array(6)], ["relu"], { learningRate: 0.01 }), /2 sizes need 1 activations and 2 weight arrays \(got 1 and 1\)/);
  assert.throws(() => new DenseAdamStep([6, 2], [new Float32Array(12), new Float32Array(2)], ["relu"], { learningRate: 0.01 }), /the last layer must have one unit \(got 2\)/);
});

test("PlainAdam (the networks' Adam update) gives tf.train.adam's weights bit for bit, step after step", async () => {
  await initBackend();
  // A small CNN's real gradients (conv kernels and biases, a dense layer) over 12 steps.
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: "relu", padding: "same", inputShape: [6, 6, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const mine = variables.map((v) => tf.variable(v.clone(), true, `${v.name}_plain`));
  const initial = variables.map((v) => Float32Array.from(v.dataSync()));
  const reference = tf.train.adam(0.02);
  const plain = new PlainAdam(variables.map((v) => v.size), { learningRate: 0.02 });
  const rng = new Random(3);
  for (let s = 0; s < 12; s++) {
    tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from({ length: 5 * 36 }, () => rng.next()), [5, 6, 6, 1]);
      const y = tf.tensor1d(Array.from({ length: 5 }, () => Math.floor(rng.next() * 4)), "int32");
      const { grads } = tf.variableGrads(() => sparseCategoricalCrossentropy(y, model.apply(x) as tf.Tensor), variables);
      plain.updateVariables(mine, variables.map((v) => grads[v.name]));
      reference.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    });
    variables.forEach((v, i) => assert.deepStrictEqual(mine[i].dataSync(), v.dataSync(), `step ${s + 1}, weight ${v.name}`));
  }
  // The weights did move (Adam moves each by up to 0.02 per step).
  variables.forEach((v, i) => assert.ok(v.dataSync().some((w, j) => Math.abs(w - initial[i][j]) > 0.02), `weight ${v.name} barely trained`));
  assert.throws(() => plain.update([new Float32Array(1)], [new Float32Array(1)]), /PlainAdam.update: expected 4 weight and gradient arrays, got 1 and 1/);
  const sizes = variables.map((v) => new Float32Array(v.size));
  sizes[2] = new Float32Array(3);
  assert.throws(() => plain.update(sizes, variables.map((v) => new Float32Array(v.size))), new RegExp(`weight array 2 has 3 values and its gradient ${variables[2].size}, expected ${variables[2].size}`));
  tf.dispose(mine);
  reference.dispose();
  model.dispose();
});

test("plainProduct (DenseAdamStep's small products) equals tf.matMul with and without transposes", () => {
  const rng = new Random(7);
  const matrix = (rows: number, cols: number) => ({ values: Float32Array.from({ length: rows * cols }, () => 2 * rng.next() - 1), rows, cols });
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const a = transposeA ? matrix(5, 3) : matrix(3, 5);
    const b = transposeB ? matrix(4, 5) : matrix(5, 4);
    const want = tf.tidy(() => tf.matMul(tf.tensor2d(a.values, [a.rows, a.cols]), tf.tensor2d(b.values, [b.rows, b.cols]), transposeA, transposeB).dataSync());
    const got = plainProduct(a, b, transposeA, transposeB);
    assert.strictEqual(got.length, 12);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6, `transposeA ${transposeA}, transposeB ${transposeB}: [${i}] ${v} vs ${want[i]}`));
  }
});

test("tanhFloat32 (DenseAdamStep's tanh) equals Math.tanh within 3 float32 units in the last place", () => {
  const f32 = new Float32Array(1);
  const bits = new Uint32Array(f32.buffer);
  let worst = 0;
  let exact = 0;
  let count = 0;
  // Every 997th float32 from 0 to 20, both signs (tiny, working range and saturated values).
  for (let u = 0; u < 0x41a00000; u += 997) {
    bits[0] = u;
    for (const x of [f32[0], -f32[0]]) {
      const want = Math.fround(Math.tanh(x));
      const got = Math.fround(tanhFloat32(x));
      const ulp = want === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(want))) - 23);
      worst = Math.max(worst, Math.abs(got - want) / ulp);
      if (got === want) exact++;
      count++;
    }
  }
  assert.ok(worst <= 3, `worst error ${worst} float32 ulps`);
  assert.ok(exact > 0.9 * count, `only ${exact} of ${count} equal`);
  assert.deepStrictEqual([Infinity, -Infinity, 100, -0, 1e-30].map(tanhFloat32), [1, -1, 1, -0, 1e-30]);
  assert.ok(Number.isNaN(tanhFloat32(NaN)));
});

test("DenseRegressor on wasm: the validation loss of the fast step is the MSE of the fitted model on the validation rows", async () => {
  const { X, y } = toyRegression(100, 5);
  const net = await new DenseRegressor({ hiddenLayers: [16, 16], epochs: 5, seed: 2 }).fit(X, y, { live: "off" });
  assert.strictEqual(net.history_.backend, "wasm");
  // validationSplit 0.2: the last 20 rows validate; the weights of the last epoch are in model_.
  const yHat = net.predict(X.slice(80));
  const mse = yHat.reduce((s, v, i) => s + (v - y[80 + i]) ** 2, 0) / 20;
  const valLoss = net.history_.valLoss[4];
  assert.ok(Math.abs(valLoss - mse) < 1e-6 * mse, `validation loss ${valLoss}, MSE of the fitted model ${mse}`);
  net.dispose();
});

test("MATML_WASM_THREADS: the threaded wasm build starts on 2 threads and trains exactly as the single-threaded build", async () => {
  assert.strictEqual(wasmThreads(undefined), undefined);
  assert.strictEqual(wasmThreads(" 2 "), 2);
  for (const bad of ["0", "9", "1.5", "two"]) {
    assert.throws(() => wasmThreads(bad), (e: Error) => e instanceof ParamError && e.message.includes(`MATML_WASM_THREADS=${JSON.stringify(bad)} must be a whole number of threads from 1 to 8`));
  }
  const lib = path.join(__dirname, "..", "lib", "nn");
  // A seeded dense net and a CNN train a few epochs; a 256 × 256 product and a batch convolution
  // are big enough for XNNPACK to split them across threads. Prints the backend line and results.
  const script = `
    const { describeBackend, backendThreads, tf } = require(${JSON.stringify(path.join(lib, "backend.js"))});
    const { DenseRegressor } = require(${JSON.stringify(path.join(lib, "dense.js"))});
    const { CnnClassifier } = require(${JSON.stringify(path.join(lib, "cnn.js"))});
    const { latticeImages } = require(${JSON.stringify(path.join(lib, "lattice-images.js"))});
    // Every float32 bit of a tensor, as a SHA-256.
    const digest = (t) => require("crypto").createHash("sha256").update(Buffer.from(t.dataSync().buffer)).digest("hex");
    (async () => {
      const X = Array.from({ length: 80 }, (_, i) => Array.from({ length: 6 }, (_, j) => Math.sin(i * 7 + j * 3)));
      const y = X.map((r) => r[0] * 2 + r[1] * r[2]);
      const net = await new DenseRegressor({ epochs: 5, hiddenLayers: [64, 64], seed: 3 }).fit(X, y, { live: "off" });
      const cnn = await new CnnClassifier({ epochs: 1, seed: 3 }).fit(latticeImages({ count: 96, seed: 1 }), { live: "off" });
      const a = tf.randomNormal([256, 256], 0, 1, "float32", 5);
      const x = tf.randomNormal([16, 28, 28, 8], 0, 1, "float32", 6);
      const f = tf.randomNormal([3, 3, 8, 16], 0, 1, "float32", 7);
      console.log(JSON.stringify({
        line: await describeBackend(), threads: await backendThreads(),
        dense: net.predict(X), loss: net.history_.loss, cnn: cnn.history_.loss,
        matMul: digest(tf.matMul(a, a)), conv: digest(tf.conv2d(x, f, 1, "same")),
      }));
    })().catch((e) => { console.error(e.message); process.exit(3); });`;
  const [one, two, bad] = await Promise.all([
    runNode(script, { MATML_BACKEND: "wasm", MATML_WASM_THREADS: "" }),
    runNode(script, { MATML_BACKEND: "wasm", MATML_WASM_THREADS: "2" }),
    runNode(script, { MATML_BACKEND: "cpu", MATML_WASM_THREADS: "many" }),
  ]);
  assert.strictEqual(one.code, 0, one.stderr);
  assert.strictEqual(two.code, 0, two.stderr); // also: the process exits although the pthread workers live on
  const single = JSON.parse(one.stdout);
  const threaded = JSON.parse(two.stdout);
  assert.strictEqual(single.threads, 1);
  assert.strictEqual(threaded.threads, 2);
  assert.match(threaded.line, /backend: wasm — WebAssembly \(the fast fallback\) on 2 thread\(s\)/);
  for (const key of ["dense", "loss", "cnn", "matMul", "conv"]) assert.deepStrictEqual(threaded[key], single[key], key);
  // A bad MATML_WASM_THREADS is an error whichever backend is asked for.
  assert.strictEqual(bad.code, 3);
  assert.match(bad.stderr, /MATML_WASM_THREADS="many" must be a whole number of threads from 1 to 8/);
});

test("saving a network is atomic: a save that fails half-way leaves the previous model intact", async () => {
  const { X, y } = toyRegression(30, 7);
  const first = await new DenseRegressor({ hiddenLayers: [4], epochs: 2, seed: 1 }).fit(X, y, { live: "off" });
  const second = await new DenseRegressor({ hiddenLayers: [5], epochs: 2, seed: 2 }).fit(X, y, { live: "off" });
  const parent = tmpDir("atomic");
  const dir = path.join(parent, "model");
  assert.strictEqual(await first.save(dir), dir);
  const snapshot = () => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f)).toString("base64")]));
  const before = snapshot();
  // The disk "fills up" while matml.json is written (weights.bin and model.json are already written).
  // (The mocks go on the fs module object itself, which the library reads at every call.)
  const nodeFs: typeof fs = require("fs");
  const realWrite = nodeFs.writeFileSync;
  const failing = mock.method(nodeFs, "writeFileSync", (file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(file).endsWith("matml.json")) throw new Error("ENOSPC: no space left on device (simulated)");
    return (realWrite as (...a: unknown[]) => void)(file, ...rest);
  });
  try {
    await assert.rejects(second.save(dir), /ENOSPC/);
  } finally {
    failing.mock.restore();
  }
  assert.deepStrictEqual(snapshot(), before, "the previous model's files changed");
  assert.deepStrictEqual(fs.readdirSync(parent), ["model"], "a temporary folder was left behind");
  // The rename into place fails: the previous model is put back.
  const realRename = nodeFs.renameSync;
  let renames = 0;
  const failingRename = mock.method(nodeFs, "renameSync", (from: fs.PathLike, to: fs.PathLike) => {
    if (++renames === 2) throw new Error("EXDEV (simulated)");
    return realRename(from, to);
  });
  try {
    await assert.rejects(second.save(dir), /EXDEV/);
  } finally {
    failingRename.mock.restore();
  }
  assert.deepStrictEqual(snapshot(), before);
  assert.deepStrictEqual(fs.readdirSync(parent), ["model"]);
  const loaded = await DenseRegressor.load(dir);
  assert.deepStrictEqual(loaded.predict(X), first.predict(X));
  // A save that succeeds replaces the folder.
  await second.save(dir);
  const replaced = await DenseRegressor.load(dir);
  assert.deepStrictEqual(replaced.predict(X), second.predict(X));
  assert.deepStrictEqual(fs.readdirSync(parent), ["model"]);
  [first, second, loaded, replaced].forEach((n) => n.dispose());
});

test("loading a network checks every file and names the damaged one", async () => {
  const { X, y } = toyRegression(30, 8);
  const net = await new DenseRegressor({ hiddenLayers: [4], epochs: 2, seed: 1 }).fit(X, y, { live: "off" });
  const good = tmpDir("load-good");
  await net.save(good);
  const rng = new Random(12);
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
  /** A copy of the saved folder with one file changed by `damage`; resolves to load's error. */
  const damaged = async (file: string, damage: (bytes: Buffer) => Buffer | null): Promise<Error> => {
    const dir = tmpDir("load-bad");
    for (const f of fs.readdirSync(good)) fs.copyFileSync(path.join(good, f), path.join(dir, f));
    const changed = damage(fs.readFileSync(path.join(dir, file)));
    if (changed === null) fs.rmSync(path.join(dir, file));
    else fs.writeFileSync(path.join(dir, file), changed);
    const error = await DenseRegressor.load(dir).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(error instanceof DataError, `damaged ${file} loaded without a DataError (${String(error)})`);
    assert.ok(error.message.includes(path.join(dir, file)), `the error does not name ${file}: ${error.message}`);
    return error;
  };
  const half = (b: Buffer) => b.subarray(0, Math.floor(b.length / 2));
  assert.match((await damaged("model.json", half)).message, /is not valid JSON .*damaged or truncated/);
  assert.match((await damaged("matml.json", half)).message, /is not valid JSON/);
  assert.match((await damaged("weights.bin", (b) => b.subarray(0, b.length - 4))).message, /has \d+ bytes but .*model.json describes \d+ bytes of weights/);
  assert.match((await damaged("weights.bin", (b) => Buffer.concat([b, Buffer.alloc(8)]))).message, /bytes but .*model.json describes/);
  assert.match((await damaged("weights.bin", (b) => randomBytes(b.length))).message, /does not match the SHA-256 recorded in matml.json/);
  assert.match((await damaged("model.json", (b) => randomBytes(b.length))).message, /is not valid JSON/);
  assert.match((await damaged("matml.json", (b) => randomBytes(b.length))).message, /is not valid JSON/);
  assert.match((await damaged("weights.bin", () => null)).message, /weights.bin is missing/);
  assert.match((await damaged("model.json", () => null)).message, /model.json is missing/);
  // Valid JSON with other contents: an edited model.json (checksum), a manifest that lies, bad options.
  const edit = (f: (j: any) => void) => (b: Buffer) => {
    const j = JSON.parse(b.toString("utf8"));
    f(j);
    return Buffer.from(JSON.stringify(j));
  };
  assert.match((await damaged("model.json", edit((j) => (j.generatedBy = "someone else")))).message, /model.json does not match the SHA-256/);
  assert.match((await damaged("model.json", edit((j) => j.weightsManifest[0].weights[0].shape.push(2)))).message, /bytes but .*model.json describes/);
  assert.match((await damaged("matml.json", edit((j) => (j.params.epochs = 0)))).message, /has options this matml rejects: DenseRegressor: epochs must be an integer >= 1, got 0/);
  assert.match((await damaged("matml.json", edit((j) => (j.fitted.nFeaturesIn_ = 7)))).message, /says the network takes 7 features, but its model takes 6/);
  assert.match((await damaged("matml.json", edit((j) => delete j.format))).message, /is not a matml network file/);
  // The good folder still loads.
  const loaded = await DenseRegressor.load(good);
  assert.deepStrictEqual(loaded.predict(X), net.predict(X));
  [net, loaded].forEach((n) => n.dispose());
});
