// Saving and loading fitted estimators as files, for every estimator on the contract: the class
// name, the options and every learned field (those ending in "_") are written to `model.json`,
// with large numeric arrays (typed arrays: forest trees, GP factors) in one binary file beside it.
//
//   saveModel(forest, "models/gap-forest");   const same = loadModel("models/gap-forest");
//
// Saving is atomic: everything is written into a temporary folder next to the target, which is
// then renamed into place, so a failed save never leaves a half-written model or destroys the
// previous one. Loading checks every file and names the one that is wrong.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { BaseEstimator } from "./estimator";
import { allCodecs, estimatorClass } from "./registry";
import { DataError } from "./errors";

const FORMAT = "matml-model";
const VERSION = 1;
const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(v: unknown): TypedName | undefined {
  for (const name of Object.keys(TYPED) as TypedName[]) if (v instanceof TYPED[name]) return name;
  return undefined;
}

/** Turns a value into JSON-able data; typed arrays go to `chunks` (8-byte aligned). */
function encode(v: unknown, chunks: Buffer[], offset: { bytes: number }, where: string): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : { $number: String(v) };
  if (v === undefined) return { $undefined: true };
  const t = typedName(v);
  if (t) {
    const arr = v as Typed;
    const buf = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
    const start = offset.bytes;
    chunks.push(buf);
    offset.bytes += buf.length;
    const pad = (8 - (offset.bytes % 8)) % 8;
    if (pad) {
      chunks.push(Buffer.alloc(pad));
      offset.bytes += pad;
    }
    return { $typed: t, offset: start, length: arr.length };
  }
  if (v instanceof BaseEstimator) return { $estimator: v.estimatorName, params: encode(v.params, chunks, offset, `${where}.params`), fitted: encodeFitted(v, chunks, offset, where) };
  for (const [name, codec] of allCodecs()) if (codec.test(v)) return { $codec: name, data: codec.encode(v) };
  if (Array.isArray(v)) return v.map((x, i) => encode(x, chunks, offset, `${where}[${i}]`));
  if (typeof v === "object" && (v as object).constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = encode(x, chunks, offset, `${where}.${k}`);
    return out;
  }
  throw new Error(`saveModel: cannot save ${where} (a ${(v as object).constructor?.name ?? typeof v}); register a codec for it`);
}

function encodeFitted(model: BaseEstimator<object>, chunks: Buffer[], offset: { bytes: number }, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(model)) if (k.endsWith("_") && x !== undefined) out[k] = encode(x, chunks, offset, `${where}.${k}`);
  return out;
}

function decode(d: unknown, bin: Buffer, file: string): unknown {
  if (d === null || typeof d !== "object") return d;
  if (Array.isArray(d)) return d.map((x) => decode(x, bin, file));
  const o = d as Record<string, unknown>;
  if ("$number" in o) return Number(o.$number);
  if ("$undefined" in o) return undefined;
  if ("$typed" in o) {
    const Ctor = TYPED[o.$typed as TypedName];
    const start = o.offset as number;
    const length = o.length as number;
    if (!Ctor || !Number.isInteger(start) || !Number.isInteger(length) || start < 0 || start + length * Ctor.BYTES_PER_ELEMENT > bin.length) {
      throw new DataError(`loadModel: ${file} does not hold the ${String(o.$typed)}[${String(length)}] at byte ${String(start)} that model.json describes (the file has ${bin.length} bytes; it is truncated or from another model)`);
    }
    const copy = new Uint8Array(length * Ctor.BYTES_PER_ELEMENT);
    copy.set(bin.subarray(start, start + copy.length));
    return new Ctor(copy.buffer);
  }
  if ("$estimator" in o) {
    const Ctor = estimatorClass(String(o.$estimator));
    const model = new Ctor(decode(o.params, bin, file) as object);
    Object.assign(model, decode(o.fitted, bin, file));
    return model;
  }
  if ("$codec" in o) {
    const codec = allCodecs().get(String(o.$codec));
    if (!codec) throw new DataError(`loadModel: no codec "${String(o.$codec)}" is registered (import the library first)`);
    return codec.decode(o.data);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decode(x, bin, file);
  return out;
}

/** Saves a fitted estimator into folder `dir` (created; replaced atomically if it exists). */
export function saveModel(model: BaseEstimator<object>, dir: string): void {
  if (!(model instanceof BaseEstimator)) throw new Error("saveModel: expects an estimator of the library");
  if (!model.isFitted()) throw new Error(`saveModel: the ${model.estimatorName} is not fitted yet; fit it before saving`);
  const chunks: Buffer[] = [];
  const encoded = encode(model, chunks, { bytes: 0 }, model.estimatorName) as object;
  const arrays = Buffer.concat(chunks);
  const json = { format: FORMAT, version: VERSION, arrays: { bytes: arrays.length, sha256: sha256(arrays) }, ...encoded };
  writeFolderAtomically(dir, { "arrays.bin": arrays, "model.json": JSON.stringify(json) + "\n" }, "saveModel");
}

function sha256(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/**
 * Writes `files` (name → contents) as the folder `dir`, all or nothing: they go into a temporary
 * folder beside `dir`, which then replaces `dir` by a rename. If anything fails, `dir` keeps its
 * previous contents, no temporary folder is left behind, and the error (naming `who`, the file
 * or folder and the system's reason) says so. Returns the absolute path.
 */
export function writeFolderAtomically(dir: string, files: Record<string, string | Uint8Array>, who = "writeFolderAtomically"): string {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const had = fs.existsSync(target);
  let step = `create the folder ${parent}`;
  try {
    fs.mkdirSync(parent, { recursive: true });
    step = `write into a temporary folder beside ${target}`;
    const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.saving-`));
    replaceFolder(target, tmp, files, (s) => (step = s));
  } catch (e) {
    const kept = !had ? `${target} was not created` : fs.existsSync(target) ? `${target} was left as it was` : `${target} is gone`;
    throw new Error(`${who}: could not ${step} (${(e as Error).message}); ${kept}`);
  }
  return target;
}

/** Writes `files` into the fresh folder `tmp`, then renames it to `target` (putting the old one back on failure). */
function replaceFolder(target: string, tmp: string, files: Record<string, string | Uint8Array>, doing: (step: string) => void): void {
  try {
    for (const [name, contents] of Object.entries(files)) {
      doing(`write ${path.join(target, name)}`);
      fs.writeFileSync(path.join(tmp, name), contents);
    }
    doing(`move the new files into ${target}`);
    const old = fs.existsSync(target) ? `${tmp}.old` : undefined;
    if (old) fs.renameSync(target, old);
    try {
      fs.renameSync(tmp, target);
    } catch (e) {
      if (old) {
        try {
          fs.renameSync(old, target); // put the previous contents back
        } catch {
          throw new Error(`${(e as Error).message}; the previous contents could not be put back and are in ${old}`);
        }
      }
      throw e;
    }
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Loads an estimator saved by saveModel; every file is checked and named in any error. */
export function loadModel(dir: string): BaseEstimator<object> {
  const folder = path.resolve(dir);
  const jsonFile = path.join(folder, "model.json");
  const binFile = path.join(folder, "arrays.bin");
  if (!fs.existsSync(jsonFile)) throw new DataError(`loadModel: ${jsonFile} does not exist (is ${folder} a folder written by saveModel?)`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
  } catch (e) {
    throw new DataError(`loadModel: ${jsonFile} is not valid JSON (${(e as Error).message}); the file is damaged or truncated`);
  }
  if (json === null || typeof json !== "object" || json.format !== FORMAT) throw new DataError(`loadModel: ${jsonFile} is not a matml model file (no "format": "${FORMAT}")`);
  if (json.version !== VERSION) throw new DataError(`loadModel: ${jsonFile} has format version ${String(json.version)}; this matml reads version ${VERSION}`);
  if (!fs.existsSync(binFile)) throw new DataError(`loadModel: ${binFile} is missing`);
  const bin = fs.readFileSync(binFile);
  const arrays = json.arrays as { bytes?: unknown; sha256?: unknown } | undefined;
  if (arrays !== undefined) {
    if (bin.length !== arrays?.bytes) throw new DataError(`loadModel: ${binFile} has ${bin.length} bytes but ${jsonFile} records ${String(arrays?.bytes)}; the file is truncated or from another model`);
    if (sha256(bin) !== arrays.sha256) throw new DataError(`loadModel: ${binFile} does not match the SHA-256 recorded in ${jsonFile} at save; the file was changed or damaged`);
  }
  let model: unknown;
  try {
    model = decode(json, bin, binFile);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`loadModel: ${jsonFile} describes a model this matml cannot rebuild: ${(e as Error).message}`);
  }
  if (!(model instanceof BaseEstimator)) throw new DataError(`loadModel: ${jsonFile} does not describe an estimator`);
  return model;
}
