// A set of same-sized grayscale images with integer class labels: what the lattice generator
// and the Fashion-MNIST loader return and what the CNN trains on. Pixels are stored in one
// Float32Array (image after image, row after row) so that 70,000 images stay compact and go
// into a tensor without copying row arrays.
import { DataError } from "../core/errors";

/** Grayscale images with their class labels (see the file comment). */
export interface ImageSet {
  /** count × height × width pixel values in [0, 1], image-major then row-major. */
  pixels: Float32Array;
  count: number;
  height: number;
  width: number;
  /** Class index of every image (0 .. classNames.length - 1). */
  labels: number[];
  /** Name of every class, e.g. ["square", "rectangular", ...]. */
  classNames: string[];
}

/** Image i as rows of pixel values (for plots such as imageGrid). */
export function imageAt(set: ImageSet, i: number): number[][] {
  if (!Number.isInteger(i) || i < 0 || i >= set.count) throw new Error(`imageAt: image ${i} is outside 0..${set.count - 1}`);
  const { height: h, width: w } = set;
  const rows: number[][] = [];
  for (let r = 0; r < h; r++) rows.push(Array.from(set.pixels.subarray(i * h * w + r * w, i * h * w + (r + 1) * w)));
  return rows;
}

/** The images at `indices`, as a new set (e.g. a train/test split). */
export function subsetImages(set: ImageSet, indices: readonly number[]): ImageSet {
  const size = set.height * set.width;
  const pixels = new Float32Array(indices.length * size);
  indices.forEach((i, k) => {
    if (!Number.isInteger(i) || i < 0 || i >= set.count) throw new Error(`subsetImages: index ${i} is outside 0..${set.count - 1}`);
    pixels.set(set.pixels.subarray(i * size, (i + 1) * size), k * size);
  });
  return { ...set, pixels, count: indices.length, labels: indices.map((i) => set.labels[i]) };
}

/** Images to predict on: an ImageSet whose labels and class names may be left out. */
export type UnlabelledImages = Omit<ImageSet, "labels" | "classNames"> & Partial<Pick<ImageSet, "labels" | "classNames">>;

/**
 * Checks the pixels of an image set: a Float32Array of count × height × width values, every one
 * finite (a NaN or infinite pixel is an error naming the image, row and column).
 */
export function checkImagePixels(set: UnlabelledImages, who: string): void {
  if (!set || !(set.pixels instanceof Float32Array)) throw new DataError(`${who}: expected an ImageSet { pixels: Float32Array, count, height, width, labels, classNames }`);
  const { count, height, width, pixels } = set;
  if (!(count > 0 && height > 0 && width > 0)) throw new DataError(`${who}: the image set is empty (count ${count}, ${height}×${width})`);
  if (pixels.length !== count * height * width) {
    throw new DataError(`${who}: pixels has ${pixels.length} values, expected count × height × width = ${count * height * width}`);
  }
  for (let p = 0; p < pixels.length; p++) {
    if (!Number.isFinite(pixels[p])) {
      const image = Math.floor(p / (height * width));
      const at = p % (height * width);
      throw new DataError(`${who}: image ${image} has pixel (row ${Math.floor(at / width)}, column ${at % width}) = ${pixels[p]}; every pixel must be a finite number`);
    }
  }
}

/** Checks that an object is a consistent, labelled ImageSet; `who` names the caller in errors. */
export function checkImageSet(set: ImageSet, who: string): void {
  checkImagePixels(set, who);
  const { count } = set;
  if (!Array.isArray(set.labels) || !Array.isArray(set.classNames)) throw new DataError(`${who}: the image set needs labels (a class index per image) and classNames`);
  if (set.labels.length !== count) throw new DataError(`${who}: ${set.labels.length} labels for ${count} images`);
  const k = set.classNames.length;
  set.labels.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new DataError(`${who}: label ${i} is ${c}, expected an integer in 0..${k - 1}`);
  });
}
