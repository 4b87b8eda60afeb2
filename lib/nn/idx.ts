// The IDX file format of MNIST and Fashion-MNIST, and a loader for the tutorial's own CNN data
// set (Fashion-MNIST: 60,000 training and 10,000 test images of clothes, 28×28, 10 classes),
// downloaded once into the data cache like the case-study files.
//
// An IDX file is: two zero bytes, a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
// 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, each dimension as a
// big-endian int32, then the values, big-endian, last dimension fastest. The published files
// are gzip-compressed (.gz); both forms are read.
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { defaultCacheDir } from "../data/datasets";
import { downloadFile } from "../data/download";
import { ImageSet } from "./images";
import { DataError } from "../core/errors";

/** An IDX array (the MNIST file format): its shape and its values, flattened. */
export interface IdxArray {
  /** Sizes of the dimensions, e.g. [60000, 28, 28]. */
  shape: number[];
  /** The values, flattened (last dimension fastest). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const IDX_TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: "uint8", bytes: 1 },
  0x09: { name: "int8", bytes: 1 },
  0x0b: { name: "int16", bytes: 2 },
  0x0c: { name: "int32", bytes: 4 },
  0x0d: { name: "float32", bytes: 4 },
  0x0e: { name: "float64", bytes: 8 },
};

/** Parses IDX bytes (gzip-compressed or not; gzip is recognised by its magic bytes 1f 8b). */
export function parseIdx(bytes: Uint8Array, what = "IDX data"): IdxArray {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (e) {
      throw new DataError(`${what}: the gzip stream is damaged (${(e as Error).message}); delete the file so it is downloaded again`);
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new DataError(`${what}: not an IDX file (it must start with two zero bytes)`);
  const type = IDX_TYPES[buf[2]];
  if (!type) throw new DataError(`${what}: unknown IDX value type 0x${buf[2].toString(16)}`);
  const rank = buf[3];
  const headerBytes = 4 + 4 * rank;
  if (buf.length < headerBytes) throw new DataError(`${what}: the header is cut short`);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(buf.readInt32BE(4 + 4 * d));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (buf.length !== expected) {
    throw new DataError(`${what}: shape [${shape.join(", ")}] of ${type.name} needs ${expected} bytes, the file has ${buf.length} (truncated download?)`);
  }
  const body = buf.subarray(headerBytes);
  let data: IdxArray["data"];
  switch (type.name) {
    case "uint8":
      data = new Uint8Array(body); // copies: independent of the (possibly pooled) buffer
      break;
    case "int8":
      data = new Int8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
      break;
    default: {
      // Multi-byte values are big-endian; read them one by one (a DataView handles the order).
      const view = new DataView(body.buffer, body.byteOffset, body.length);
      if (type.name === "int16") data = Int16Array.from({ length: count }, (_, i) => view.getInt16(2 * i));
      else if (type.name === "int32") data = Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i));
      else if (type.name === "float32") data = Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i));
      else data = Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i));
    }
  }
  return { shape, data };
}

/** Reads an IDX file (.gz or plain) from disk. */
export function readIdx(file: string): IdxArray {
  return parseIdx(fs.readFileSync(file), file);
}

/**
 * Turns an images IDX array [n, h, w] of bytes and a labels IDX array [n] into an ImageSet with
 * pixels scaled to [0, 1] (divided by 255, as the tutorial does).
 */
export function idxToImageSet(images: IdxArray, labels: IdxArray, classNames: string[]): ImageSet {
  if (images.shape.length !== 3) throw new DataError(`idxToImageSet: images must have shape [n, height, width], got [${images.shape.join(", ")}]`);
  if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new DataError(`idxToImageSet: ${labels.shape.join("×")} labels for ${images.shape[0]} images`);
  }
  const [count, height, width] = images.shape;
  const pixels = new Float32Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  const labelList = Array.from(labels.data, Number);
  labelList.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= classNames.length) throw new DataError(`idxToImageSet: label ${i} is ${c}, expected 0..${classNames.length - 1}`);
  });
  return { pixels, count, height, width, labels: labelList, classNames };
}

/** Fashion-MNIST's ten classes, in label order. */
export const FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

/** Where Fashion-MNIST is downloaded from (the copy Keras uses; env MATML_FASHION_MNIST_URL overrides). */
export const FASHION_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

const FASHION_FILES = {
  train: ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"],
  test: ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
};

/** Where loadFashionMnist finds or downloads the files. */
export interface FashionMnistOptions {
  /** Folder holding the four .gz files, or where they are downloaded to (default <data cache>/fashion-mnist). */
  cacheDir?: string;
  /** Base URL of the files (default FASHION_MNIST_URL). */
  baseUrl?: string;
  /** Allow downloading missing files (default true). */
  download?: boolean;
}

/** Path of one Fashion-MNIST file, downloading it into the cache the first time. */
async function fashionFile(name: string, options: FashionMnistOptions): Promise<string> {
  const dir = options.cacheDir ?? path.join(defaultCacheDir(), "fashion-mnist");
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return file;
  const base = options.baseUrl ?? process.env.MATML_FASHION_MNIST_URL ?? FASHION_MNIST_URL;
  const url = base.replace(/\/?$/, "/") + name;
  if (options.download === false) throw new DataError(`${name} is not in ${dir} and downloading is switched off; get it from ${url}`);
  try {
    return await downloadFile(url, file);
  } catch (e) {
    throw new DataError(`downloading ${url} failed (${(e as Error).message}). If you are offline, put ${name} into ${dir}.`);
  }
}

/**
 * Loads Fashion-MNIST's training (60,000) or test (10,000) images as an ImageSet, downloading
 * the files on first use (about 30 MB) and reading them from the cache afterwards.
 */
export async function loadFashionMnist(split: "train" | "test", options: FashionMnistOptions = {}): Promise<ImageSet> {
  if (split !== "train" && split !== "test") throw new DataError(`loadFashionMnist: split must be "train" or "test", got ${JSON.stringify(split)}`);
  const [imagesName, labelsName] = FASHION_FILES[split];
  const images = readIdx(await fashionFile(imagesName, options));
  const labels = readIdx(await fashionFile(labelsName, options));
  return idxToImageSet(images, labels, [...FASHION_MNIST_CLASSES]);
}
