// TRANSITIONAL: saving models that are not on the estimator contract yet. lib/core/persist.ts
// (saveModel / loadModel) saves every estimator on the contract; the random forest and the
// Gaussian process are being moved onto it. Until they are, saveAnyModel / loadAnyModel hand
// contract estimators to lib/core/persist and save the other two the same way the contract does
// (class, options, and every field the instance owns, typed arrays as base64, kernels as their
// spec). Once both classes are migrated, models.ts calls saveModel / loadModel directly and this
// file is deleted.
import * as fs from "fs";
import * as path from "path";
import { DataError } from "../core/errors";
import { BaseEstimator } from "../core/estimator";
import { loadModel, saveModel } from "../core/persist";
import { RandomForestRegressor } from "../models/forest";
import { GaussianProcessRegressor } from "../gp/gpr";
import { Kernel, KernelSpec, kernelFromSpec } from "../gp/kernels";

/** The classes this stand-in can restore, by name. */
const CLASSES: Record<string, new (params: never) => object> = { RandomForestRegressor, GaussianProcessRegressor };

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array } as const;
type TypedName = keyof typeof TYPED;

function encode(value: unknown): unknown {
  if (value instanceof Kernel) return { $kernel: value.toSpec() };
  if (ArrayBuffer.isView(value) && value.constructor.name in TYPED) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $typed: value.constructor.name, base64: bytes.toString("base64") };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === "object" && value !== null) {
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new DataError(`saveModel: cannot save a field holding a ${value.constructor.name}`);
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, encode(v)]));
  }
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    if ("$kernel" in o) return kernelFromSpec(o.$kernel as KernelSpec);
    if ("$number" in o) return Number(o.$number);
    if ("$typed" in o) {
      const Ctor = TYPED[o.$typed as TypedName];
      const bytes = Buffer.from(String(o.base64), "base64");
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      return new Ctor(copy.buffer);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

/** Writes a fitted model into `dir` (created; replaced if it exists), atomically. */
export function saveAnyModel(model: object, dir: string): void {
  if (model instanceof BaseEstimator) return saveModel(model, dir);
  const name = model.constructor.name;
  if (!(name in CLASSES)) throw new DataError(`saveModel: cannot save a ${name} (known: ${Object.keys(CLASSES).join(", ")})`);
  const { params, ...fitted } = model as { params: unknown };
  const text = JSON.stringify({ format: "matml-model", version: 1, class: name, params: encode({ ...(params as object) }), fitted: encode({ ...fitted }) });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, "model.json"), text);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

/** Reads a model written by saveAnyModel. */
export function loadAnyModel(dir: string): object {
  const file = path.join(dir, "model.json");
  if (!fs.existsSync(file) || fs.existsSync(path.join(dir, "arrays.bin"))) return loadModel(dir);
  let saved: { format?: string; class?: string; params?: unknown; fitted?: unknown };
  try {
    saved = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError(`loadModel: ${file} is not valid JSON (${(e as Error).message})`);
  }
  const Ctor = saved.class ? CLASSES[saved.class] : undefined;
  if (saved.format !== "matml-model" || !Ctor) throw new DataError(`loadModel: ${file} is not a saved model of a known class`);
  const model = new Ctor(decode(saved.params) as never);
  Object.assign(model, decode(saved.fitted));
  return model;
}
