import { mock, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ElasticNet, RandomForestRegressor, Ridge, loadModel, saveModel, NotFittedError } from "../lib";

const X = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 8]];
const y = [1, 2, 3.5, 3.9, 6.1];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "matml-persist-"));
}

test("saveModel / loadModel round-trip a fitted estimator exactly", () => {
  const dir = path.join(tmpDir(), "ridge");
  const model = new Ridge({ alpha: 0.3 }).fit(X, y);
  saveModel(model, dir);
  const back = loadModel(dir);
  assert.ok(back instanceof Ridge);
  assert.deepEqual(back.getParams(), model.getParams());
  assert.deepEqual(back.predict(X), model.predict(X));
  assert.deepEqual((back as Ridge).coef_, model.coef_);
});

test("saving replaces an existing model atomically and leaves no temporary folder", () => {
  const root = tmpDir();
  const dir = path.join(root, "m");
  saveModel(new Ridge({ alpha: 1 }).fit(X, y), dir);
  saveModel(new ElasticNet({ alpha: 0.01 }).fit(X, y), dir);
  assert.ok(loadModel(dir) instanceof ElasticNet);
  assert.deepEqual(fs.readdirSync(root), ["m"]);
});

test("an unfitted model is not saved, and damaged files are named", () => {
  const root = tmpDir();
  assert.throws(() => saveModel(new Ridge(), path.join(root, "x")), /not fitted yet/);
  assert.equal(fs.existsSync(path.join(root, "x")), false);
  const dir = path.join(root, "m");
  saveModel(new Ridge().fit(X, y), dir);
  const json = path.join(dir, "model.json");
  const text = fs.readFileSync(json, "utf8");
  fs.writeFileSync(json, text.slice(0, text.length / 2));
  assert.throws(() => loadModel(dir), /model\.json is not valid JSON/);
  fs.writeFileSync(json, text);
  fs.writeFileSync(path.join(dir, "arrays.bin"), Buffer.alloc(0));
  // Ridge keeps no typed arrays, so an empty binary file is still consistent: check a model that does.
  assert.ok(loadModel(dir) instanceof Ridge);
  assert.throws(() => loadModel(path.join(root, "nothing")), /does not exist/);
  assert.throws(() => new Ridge().predict(X), NotFittedError);
});

test("loadModel: random bytes in arrays.bin or an unknown class in model.json are errors naming the file, never NaN predictions", () => {
  const dir = path.join(tmpDir(), "forest");
  saveModel(new RandomForestRegressor({ nEstimators: 2, seed: 1 }).fit(X, y), dir);
  const bin = path.join(dir, "arrays.bin");
  const good = fs.readFileSync(bin);
  // Same length, other bytes: used to load and predict null (NaN) for every row.
  fs.writeFileSync(bin, Buffer.from(good.map((b, i) => (i % 7 === 0 ? b ^ 0xff : b))));
  assert.throws(() => loadModel(dir), /arrays\.bin does not match the SHA-256 recorded in .*model\.json at save/);
  fs.writeFileSync(bin, good.subarray(0, good.length - 8));
  assert.throws(() => loadModel(dir), /arrays\.bin has \d+ bytes but .*model\.json records \d+; the file is truncated/);
  fs.writeFileSync(bin, good);
  assert.deepEqual((loadModel(dir) as RandomForestRegressor).predict(X).length, X.length);
  const json = path.join(dir, "model.json");
  fs.writeFileSync(json, fs.readFileSync(json, "utf8").replace('"$estimator":"RandomForestRegressor"', '"$estimator":"RandomForest"'));
  assert.throws(() => loadModel(dir), /loadModel: .*model\.json describes a model this matml cannot rebuild: unknown estimator class "RandomForest"/);
});

test("a save that fails half-way names the file and leaves the previous model as it was", () => {
  const root = tmpDir();
  const dir = path.join(root, "m");
  saveModel(new Ridge({ alpha: 1 }).fit(X, y), dir);
  const before = fs.readFileSync(path.join(dir, "model.json"), "utf8");
  const nodeFs: typeof fs = require("fs");
  const realWrite = nodeFs.writeFileSync;
  const failing = mock.method(nodeFs, "writeFileSync", (file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(file).endsWith("model.json")) throw new Error("ENOSPC: no space left on device (simulated)");
    return (realWrite as (...a: unknown[]) => void)(file, ...rest);
  });
  try {
    assert.throws(() => saveModel(new ElasticNet({ alpha: 0.01 }).fit(X, y), dir), /saveModel: could not write .*m\/model\.json \(ENOSPC: no space left on device \(simulated\)\); .*m was left as it was/);
  } finally {
    failing.mock.restore();
  }
  assert.equal(fs.readFileSync(path.join(dir, "model.json"), "utf8"), before);
  assert.deepEqual(fs.readdirSync(root), ["m"]);
  assert.ok(loadModel(dir) instanceof Ridge);
});
