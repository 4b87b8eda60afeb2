// Class labels for classifiers. Like scikit-learn, a classifier keeps its classes sorted
// (numbers ascending, strings alphabetically) and works internally with their positions 0..K-1,
// so "stable"/"unstable" or 0/1 both work and predict() hands back the original labels.

import { DataError } from "./errors";

/** A class label: a number or a string. */
export type Label = number | string;

/** Class labels encoded as positions 0..K-1 in the sorted list of classes. */
export interface EncodedLabels {
  /** The distinct labels, sorted. */
  classes: Label[];
  /** For each sample, the position of its label in `classes`. */
  codes: Int32Array;
}

/** Checks labels and encodes them as 0..K-1; needs at least `minClasses` distinct labels. */
export function encodeLabels(y: readonly unknown[], who: string, n?: number, minClasses = 2): EncodedLabels {
  if (!Array.isArray(y)) throw new DataError(`${who}: y must be an array of class labels`);
  if (y.length === 0) throw new DataError(`${who}: y is empty`);
  if (n !== undefined && y.length !== n) throw new DataError(`${who}: X has ${n} rows but y has ${y.length}`);
  const show = (v: unknown) => (typeof v === "string" ? `the string ${JSON.stringify(v)}` : typeof v === "number" ? `the number ${v}` : String(v));
  y.forEach((v, i) => {
    const ok = (typeof v === "number" && Number.isFinite(v)) || typeof v === "string";
    if (!ok) throw new DataError(`${who}: y[${i}] is ${show(v)}; labels must be all finite numbers or all strings`);
    if (typeof v !== typeof y[0]) throw new DataError(`${who}: y[${i}] is ${show(v)} but y[0] is ${show(y[0])}; labels must be all finite numbers or all strings`);
  });
  const classes = [...new Set(y as Label[])].sort((a, b) => (typeof a === "number" ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0));
  if (classes.length < minClasses) {
    throw new DataError(`${who}: y has only ${classes.length} class (${JSON.stringify(classes[0])}); a classifier needs at least ${minClasses} classes`);
  }
  const position = new Map<Label, number>(classes.map((c, k) => [c, k]));
  const codes = Int32Array.from(y as Label[], (v) => position.get(v) as number);
  return { classes, codes };
}

/** Index of the largest value; the first one wins ties (as numpy's argmax does). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}
