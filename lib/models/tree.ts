// Decision trees (CART) for regression and classification, grown the way scikit-learn grows them:
// at each node, try every threshold between consecutive distinct values of a random subset of
// the features, keep the split that most reduces the impurity (mean squared error for
// regression, Gini for classification), and stop at max depth, at too few samples, or when the
// node is pure.
//
// Speed: the features are sorted once per data set. Each node owns one contiguous segment of
// every feature's sorted row list, so finding the best threshold is one linear scan per
// feature, and splitting a node is a stable partition of its segments (no re-sorting).
// Everything lives in typed arrays; the random forest reuses the same buffers for every tree.
import { Random } from "../core/random";
import { BaseClassifier, BaseRegressor } from "../core/estimator";
import { LabelInput, XInput, YInput, toLabels, toVector } from "../core/input";
import { ParamError } from "../core/errors";
import { ParamDecl, Resolved, Rule, declareParams, showValue } from "../core/params";
import { anyOf, custom, fraction, int, nullable, oneOf } from "../core/rules";
import { Label, argmax, encodeLabels } from "../core/labels";
import { registerEstimator } from "../core/registry";

/** Feature values closer than this are treated as equal (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;
/** Machine epsilon: a node whose impurity is below it counts as pure. */
const EPSILON = 2.220446049250313e-16;

/**
 * How many features each split may look at: an integer count >= 2, `{ count: n }` (any n >= 1),
 * `{ fraction: f }` of them (0 < f <= 1), "sqrt", "log2", or "all"/null. A bare 1 is refused:
 * scikit-learn's 1.0 means all features, but in JavaScript 1.0 === 1.
 */
export type MaxFeatures = number | { count: number } | { fraction: number } | "sqrt" | "log2" | "all" | null;

/** A number of training rows: an integer count, or `{ fraction: f }` of the rows (0 < f <= 1). */
export type SampleCount = number | { fraction: number };

/** Hyperparameters shared by trees and forests (scikit-learn's names, in camelCase). */
export interface TreeParams {
  /** Deepest level a node may sit at (root = 0). null (default) = grow until the leaves are pure. */
  maxDepth?: number | null;
  /** A node needs at least this many rows to be split: a count >= 2 (default 2) or { fraction: f }. */
  minSamplesSplit?: SampleCount;
  /** Each child must keep at least this many rows: a count >= 1 (default 1) or { fraction: f }. */
  minSamplesLeaf?: SampleCount;
  /** Features tried per split (see MaxFeatures); default "all" (regression) or "sqrt" (forest classifier). */
  maxFeatures?: MaxFeatures;
  /** Seed for the random feature order at each split (and a forest's bootstrap samples). */
  seed?: number;
}

/**
 * A fitted tree stored as flat arrays, one entry per node (node 0 is the root). A sample goes
 * to `left[node]` when x[feature[node]] <= threshold[node], else to `right[node]`, until it
 * reaches a leaf (feature = -1), whose `value` is the prediction.
 */
export interface TreeArrays {
  nodeCount: number;
  /** Split feature of each node, -1 for leaves. */
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** `nOutputs` numbers per node: the mean target (regression) or class probabilities. */
  value: Float64Array;
  nOutputs: number;
  /** Impurity of each node (MSE or Gini) and its (bootstrap-weighted) sample count. */
  impurity: Float64Array;
  weightedSamples: Float64Array;
  /** Depth of the deepest leaf. */
  depth: number;
}

/** Training features prepared once and shared by every tree fitted on them. */
export interface TreeData {
  n: number;
  p: number;
  /** Column-major copy of X: feature f of row i is Xc[f * n + i]. */
  Xc: Float64Array;
  /** For each feature f, the rows sorted by that feature: order[f * n + k]. */
  order: Int32Array;
}

/** The growth limits of one tree, already resolved to counts for the data at hand. */
export interface GrowLimits {
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: number;
}

/** What a tree learns to predict: a number per row, or a class index per row. */
export type TreeTarget = { kind: "regression"; y: Float64Array } | { kind: "classification"; y: Int32Array; nClasses: number };

/** Copies X into column-major form and sorts every feature once. */
export function prepareTreeData(X: number[][]): TreeData {
  const n = X.length;
  const p = X[0].length;
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    for (let f = 0; f < p; f++) Xc[f * n + i] = row[f];
  }
  const order = new Int32Array(n * p);
  const idx = new Int32Array(n);
  for (let f = 0; f < p; f++) {
    const off = f * n;
    for (let i = 0; i < n; i++) idx[i] = i;
    // Ties keep row order, so the result does not depend on the sort algorithm.
    idx.sort((a, b) => Xc[off + a] - Xc[off + b] || a - b);
    order.set(idx, off);
  }
  return { n, p, Xc, order };
}

/** Row-major Float64Array copy of X (the layout prediction walks through). */
export function rowMajor(X: number[][]): Float64Array {
  const n = X.length;
  const p = X[0].length;
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++) out.set(X[i], i * p);
  return out;
}

/** True for `{ key: <number> }` with nothing else in the object. */
function isBox<K extends string>(v: unknown, key: K): v is Record<K, number> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Record<K, unknown>)[key] === "number";
}

/** `{ count: n }` with an integer n >= 1. */
const countBox = custom((v) => isBox(v, "count") && Number.isInteger(v.count) && v.count >= 1, "{ count: n } with an integer n >= 1");

/** `rule`, plus a hint for bare numbers that could be read as a share: 0.3 → { fraction: 0.3 }. */
function withFractionHint(rule: Rule, of: string, hintForOne?: string): Rule {
  return {
    ...rule,
    explain: (v) => {
      if (typeof v !== "number") return undefined;
      if (v === 1 && hintForOne) return hintForOne;
      if (v > 0 && v < 1) return `a share of the ${of} is written { fraction: ${v} }`;
      return undefined;
    },
  };
}

/** The rule for maxFeatures (see MaxFeatures). */
const maxFeaturesRule = withFractionHint(
  anyOf(int({ min: 2 }), countBox, fraction(), oneOf("sqrt", "log2", "all", null)),
  "features",
  'a bare 1 is ambiguous: scikit-learn reads max_features=1.0 as all features, but in JavaScript 1.0 is the integer 1 (one feature); write "all" for every feature or { count: 1 } for one',
);

/**
 * The option table of a tree; forests add theirs to it. `maxFeatures` defaults to "all"
 * (regression, as scikit-learn 1.2) or "sqrt" (forest classification).
 */
export function treeParamDecls(maxFeatures: "all" | "sqrt"): { [K in keyof TreeParams]-?: ParamDecl<Exclude<TreeParams[K], undefined>> } {
  return {
    maxDepth: { default: null, rule: nullable(int({ min: 1 })), doc: "Deepest level a node may sit at (root = 0); null grows until the leaves are pure." },
    minSamplesSplit: {
      default: 2,
      rule: withFractionHint(anyOf(int({ min: 2 }), fraction()), "training rows", "scikit-learn reads 1.0 as the fraction 1 (all rows); write { fraction: 1 } for that, or a count >= 2"),
      doc: "Fewest rows a node needs to be split: a count >= 2 or { fraction: f } of the training rows.",
    },
    minSamplesLeaf: {
      default: 1,
      rule: withFractionHint(anyOf(int({ min: 1 }), fraction()), "training rows"),
      doc: "Fewest rows each child must keep: a count >= 1 or { fraction: f } of the training rows.",
    },
    maxFeatures: {
      default: maxFeatures,
      rule: maxFeaturesRule,
      doc: 'Features tried per split: a count >= 2, { count: n }, { fraction: f }, "sqrt", "log2", or "all"/null.',
    },
    seed: { default: 0, rule: int(), doc: "Seed of the random feature order at each split (and of a forest's bootstrap samples)." },
  };
}

/** Resolves maxFeatures to a count for p features (scikit-learn's rules). */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, p: number, who: string): number {
  if (maxFeatures === null || maxFeatures === "all") return p;
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(p)));
  if (isBox(maxFeatures, "fraction")) return Math.max(1, Math.floor(maxFeatures.fraction * p));
  const count = isBox(maxFeatures, "count") ? maxFeatures.count : maxFeatures;
  if (count > p) throw new ParamError(`${who}: maxFeatures = ${showValue(maxFeatures)} but X has only ${p} features`);
  return count;
}

/** A sample-count option as a number of rows out of n. */
function resolveSampleCount(value: SampleCount, n: number): number {
  return isBox(value, "fraction") ? Math.ceil(value.fraction * n) : value;
}

/** Turns the hyperparameters into counts for n rows and p features. */
export function growLimits(params: Resolved<TreeParams>, n: number, p: number, who: string): GrowLimits {
  const minSamplesLeaf = resolveSampleCount(params.minSamplesLeaf, n);
  let minSamplesSplit = Math.max(2, resolveSampleCount(params.minSamplesSplit, n));
  // As in scikit-learn: a node that cannot give both children minSamplesLeaf is not split.
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  return {
    maxDepth: params.maxDepth === null ? 2 ** 31 - 1 : params.maxDepth,
    minSamplesSplit,
    minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(params.maxFeatures, p, who),
  };
}
/**
 * Grows trees on one data set. Holds the work buffers so that a forest's trees reuse them.
 * Rows enter with integer weights: 1 for a plain tree, bootstrap counts for a forest tree
 * (0 = not drawn), as scikit-learn does.
 */
export class TreeGrower {
  private readonly data: TreeData;
  private readonly target: TreeTarget;
  private readonly nOut: number;
  // Per-tree work buffers, sized for the whole data set.
  private readonly sorted: Int32Array; // node segments of every feature's sorted rows
  private readonly tmp: Int32Array;
  private readonly goLeft: Uint8Array;
  // constant[depth * p + f] = 1 when feature f is known to be constant in the node being split
  // at that depth; such features stay constant below, so they are neither scanned nor partitioned.
  private readonly constant: Uint8Array;
  private readonly features: Int32Array;
  private readonly wy: Float64Array; // weight * y (regression)
  private readonly wyy: Float64Array; // weight * y^2 (regression)
  private readonly countsL: Float64Array; // class weights left of a threshold (classification)
  private readonly countsNode: Float64Array;
  // Nodes under construction (capacity 2n - 1 nodes) and the depth-first stack.
  private readonly nFeature: Int32Array;
  private readonly nThreshold: Float64Array;
  private readonly nLeft: Int32Array;
  private readonly nRight: Int32Array;
  private readonly nValue: Float64Array;
  private readonly nImpurity: Float64Array;
  private readonly nWeight: Float64Array;
  private readonly stack: Int32Array;
  // The best split found so far while searching one node.
  private readonly best = { proxy: -Infinity, pos: -1, feature: -1, threshold: 0 };

  constructor(data: TreeData, target: TreeTarget) {
    const { n, p } = data;
    this.data = data;
    this.target = target;
    this.nOut = target.kind === "regression" ? 1 : target.nClasses;
    this.sorted = new Int32Array(n * p);
    this.tmp = new Int32Array(n);
    this.goLeft = new Uint8Array(n);
    this.constant = new Uint8Array((n + 1) * p);
    this.features = new Int32Array(p);
    this.wy = new Float64Array(n);
    this.wyy = new Float64Array(n);
    this.countsL = new Float64Array(this.nOut);
    this.countsNode = new Float64Array(this.nOut);
    const cap = 2 * n;
    this.nFeature = new Int32Array(cap);
    this.nThreshold = new Float64Array(cap);
    this.nLeft = new Int32Array(cap);
    this.nRight = new Int32Array(cap);
    this.nValue = new Float64Array(cap * this.nOut);
    this.nImpurity = new Float64Array(cap);
    this.nWeight = new Float64Array(cap);
    this.stack = new Int32Array(5 * (cap + 2));
  }

  /** Grows one tree on the rows with weight > 0. */
  grow(weights: Float64Array, limits: GrowLimits, rng: Random): TreeArrays {
    const { n, p, order } = this.data;
    const sorted = this.sorted;
    const constant = this.constant;
    // Keep only the rows in the sample, still sorted by every feature.
    let m = 0;
    for (let i = 0; i < n; i++) if (weights[i] > 0) m++;
    if (m === 0) throw new Error("TreeGrower: no rows with positive weight");
    for (let f = 0; f < p; f++) {
      const src = f * n;
      let dst = f * m;
      for (let k = 0; k < n; k++) {
        const r = order[src + k];
        if (weights[r] > 0) sorted[dst++] = r;
      }
    }
    const regression = this.target.kind === "regression";
    if (this.target.kind === "regression") {
      const y = this.target.y;
      for (let i = 0; i < n; i++) {
        this.wy[i] = weights[i] * y[i];
        this.wyy[i] = weights[i] * y[i] * y[i];
      }
    }
    const features = this.features;
    for (let f = 0; f < p; f++) features[f] = f;

    const { maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures } = limits;
    const nOut = this.nOut;
    const stack = this.stack;
    let top = 0;
    // Stack entries, 5 per pending node: a feature whose segment is known to hold exactly the
    // node's rows (the parent's split feature), start, end, depth, parent * 2 + (1 if left child).
    stack[top++] = 0;
    stack[top++] = 0;
    stack[top++] = m;
    stack[top++] = 0;
    stack[top++] = -2;
    let nodeCount = 0;
    let treeDepth = 0;
    while (top > 0) {
      const link = stack[--top];
      const depth = stack[--top];
      const end = stack[--top];
      const start = stack[--top];
      const rowsOff = stack[--top] * m;
      const node = nodeCount++;
      if (link >= 0) {
        if (link & 1) this.nLeft[link >> 1] = node;
        else this.nRight[link >> 1] = node;
      }
      if (depth > treeDepth) treeDepth = depth;
      // Node statistics from the parent's split feature's segment (always kept up to date).
      const impurity = regression ? this.regressionNode(rowsOff + start, rowsOff + end, weights, node) : this.classNode(rowsOff + start, rowsOff + end, weights, node);
      this.nImpurity[node] = impurity;
      this.nFeature[node] = -1;
      this.nLeft[node] = -1;
      this.nRight[node] = -1;
      const count = end - start;
      if (depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf || impurity <= EPSILON) continue;
      // Features constant in the parent are constant here too.
      const constOff = depth * p;
      if (depth === 0) constant.fill(0, 0, p);
      else constant.copyWithin(constOff, constOff - p, constOff);
      const split = this.bestSplit(start, end, m, node, weights, minSamplesLeaf, maxFeatures, constOff, rng);
      if (split < 0) continue; // no feature varies within this node
      const bestF = this.nFeature[node];
      const pos = split;
      this.partition(start, end, pos, bestF, m, constOff);
      // Right child pushed first so the left child is built next (node ids as in scikit-learn).
      stack[top++] = bestF;
      stack[top++] = pos;
      stack[top++] = end;
      stack[top++] = depth + 1;
      stack[top++] = node * 2;
      stack[top++] = bestF;
      stack[top++] = start;
      stack[top++] = pos;
      stack[top++] = depth + 1;
      stack[top++] = node * 2 + 1;
    }
    return {
      nodeCount,
      feature: this.nFeature.slice(0, nodeCount),
      threshold: this.nThreshold.slice(0, nodeCount),
      left: this.nLeft.slice(0, nodeCount),
      right: this.nRight.slice(0, nodeCount),
      value: this.nValue.slice(0, nodeCount * nOut),
      nOutputs: nOut,
      impurity: this.nImpurity.slice(0, nodeCount),
      weightedSamples: this.nWeight.slice(0, nodeCount),
      depth: treeDepth,
    };
  }

  /**
   * Splits a node's rows between its children in every feature's sorted segment: rows start..
   * pos-1 of the split feature's segment go left. A stable partition keeps each child's rows
   * sorted, so the children never need sorting.
   */
  private partition(start: number, end: number, pos: number, bestF: number, m: number, constOff: number): void {
    const { p, n, Xc } = this.data;
    const sorted = this.sorted;
    const constant = this.constant;
    const goLeft = this.goLeft;
    const tmp = this.tmp;
    const bestOff = bestF * m;
    for (let k = start; k < pos; k++) goLeft[sorted[bestOff + k]] = 1;
    for (let k = pos; k < end; k++) goLeft[sorted[bestOff + k]] = 0;
    for (let f = 0; f < p; f++) {
      if (f === bestF || constant[constOff + f]) continue;
      const off = f * m;
      const col = f * n;
      if (Xc[col + sorted[off + end - 1]] <= Xc[col + sorted[off + start]] + FEATURE_THRESHOLD) {
        constant[constOff + f] = 1; // constant here, so in both children: no need to partition
        continue;
      }
      // Branch-free: write each row to both places, advance only the matching pointer.
      let l = off + start;
      let r = 0;
      for (let k = off + start, e = off + end; k < e; k++) {
        const row = sorted[k];
        const g = goLeft[row];
        sorted[l] = row;
        tmp[r] = row;
        l += g;
        r += 1 - g;
      }
      for (let k = 0; k < r; k++) sorted[l + k] = tmp[k];
    }
  }

  /** Sets the node's weight and mean; returns its MSE impurity. */
  private regressionNode(start: number, end: number, weights: Float64Array, node: number): number {
    const sorted = this.sorted;
    const wy = this.wy;
    const wyy = this.wyy;
    let w = 0;
    let s = 0;
    let q = 0;
    for (let k = start; k < end; k++) {
      const r = sorted[k];
      w += weights[r];
      s += wy[r];
      q += wyy[r];
    }
    const mean = s / w;
    this.nWeight[node] = w;
    this.nValue[node] = mean;
    return q / w - mean * mean;
  }

  /** Sets the node's weight and class probabilities; returns its Gini impurity. */
  private classNode(start: number, end: number, weights: Float64Array, node: number): number {
    const sorted = this.sorted;
    const y = (this.target as { y: Int32Array }).y;
    const nOut = this.nOut;
    const counts = this.countsNode;
    counts.fill(0);
    let w = 0;
    for (let k = start; k < end; k++) {
      const r = sorted[k];
      counts[y[r]] += weights[r];
      w += weights[r];
    }
    let sq = 0;
    const base = node * nOut;
    for (let c = 0; c < nOut; c++) {
      sq += counts[c] * counts[c];
      this.nValue[base + c] = counts[c] / w;
    }
    this.nWeight[node] = w;
    return 1 - sq / (w * w);
  }

  /**
   * Draws the next candidate feature (Fisher-Yates without replacement). As in scikit-learn,
   * maxFeatures features are visited, constant ones included, but the search goes on until at
   * least one non-constant feature has been seen.
   */
  private drawFeature(drawn: number, rng: Random): number {
    const features = this.features;
    const j = drawn + Math.floor(rng.next() * (features.length - drawn));
    const f = features[j];
    features[j] = features[drawn];
    features[drawn] = f;
    return f;
  }

  /**
   * Finds the best split of a node among up to maxFeatures random features. Stores the feature
   * and threshold in the node and returns the split position (rows start..pos-1 go left), or -1
   * when no feature varies within the node.
   */
  private bestSplit(start: number, end: number, m: number, node: number, weights: Float64Array, minLeaf: number, maxFeatures: number, constOff: number, rng: Random): number {
    const { p, n, Xc } = this.data;
    const sorted = this.sorted;
    const constant = this.constant;
    const regression = this.target.kind === "regression";
    this.best.proxy = -Infinity;
    this.best.pos = -1;
    let visited = 0;
    let nonConstant = 0;
    for (let drawn = 0; drawn < p && (visited < maxFeatures || nonConstant === 0); drawn++) {
      visited++;
      const f = this.drawFeature(drawn, rng);
      if (constant[constOff + f]) continue; // known to be constant in this node
      const off = f * m;
      const col = f * n;
      if (Xc[col + sorted[off + end - 1]] <= Xc[col + sorted[off + start]] + FEATURE_THRESHOLD) {
        constant[constOff + f] = 1;
        continue;
      }
      nonConstant++;
      if (regression) this.scanMse(f, off, col, start, end, node, weights, minLeaf);
      else this.scanGini(f, off, col, start, end, node, weights, minLeaf);
    }
    if (this.best.pos < 0) return -1;
    this.nFeature[node] = this.best.feature;
    this.nThreshold[node] = this.best.threshold;
    return this.best.pos;
  }

  /** Keeps a candidate split if it beats the best so far (ties keep the earlier one, as scikit-learn). */
  private consider(proxy: number, pos: number, feature: number, xLeft: number, xRight: number): void {
    if (!(proxy > this.best.proxy)) return;
    let threshold = xLeft / 2 + xRight / 2;
    if (threshold === xRight) threshold = xLeft; // rounding could put the midpoint on xRight
    const best = this.best; // updated in place: this runs often, so no new object each time
    best.proxy = proxy;
    best.pos = pos;
    best.feature = feature;
    best.threshold = threshold;
  }

  /** Scans the thresholds of feature f for the MSE criterion; the left child holds rows start..k-1. */
  private scanMse(f: number, off: number, col: number, start: number, end: number, node: number, weights: Float64Array, minLeaf: number): void {
    const { Xc } = this.data;
    const sorted = this.sorted;
    const wy = this.wy;
    const W = this.nWeight[node];
    const S = W * this.nValue[node];
    let wL = 0;
    let sL = 0;
    let xPrev = Xc[col + sorted[off + start]];
    const last = end - minLeaf; // the right child needs minLeaf rows
    for (let k = start + 1; k <= last; k++) {
      const rPrev = sorted[off + k - 1];
      wL += weights[rPrev];
      sL += wy[rPrev];
      const x = Xc[col + sorted[off + k]];
      if (x > xPrev + FEATURE_THRESHOLD && k - start >= minLeaf) {
        const sR = S - sL;
        // Maximizing this "proxy" is the same as minimizing the children's weighted MSE.
        const proxy = (sL * sL) / wL + (sR * sR) / (W - wL);
        if (proxy > this.best.proxy) this.consider(proxy, k, f, xPrev, x);
      }
      xPrev = x;
    }
  }

  /** Scans the thresholds of feature f for the Gini criterion. */
  private scanGini(f: number, off: number, col: number, start: number, end: number, node: number, weights: Float64Array, minLeaf: number): void {
    const { Xc } = this.data;
    const sorted = this.sorted;
    const y = (this.target as { y: Int32Array }).y;
    const W = this.nWeight[node];
    const total = this.countsNode; // class weights of this node (set by classNode just before)
    const countsL = this.countsL.fill(0);
    let sqR = 0; // sum over classes of (class weight on the right)^2
    for (let c = 0; c < total.length; c++) sqR += total[c] * total[c];
    let sqL = 0;
    let wL = 0;
    let xPrev = Xc[col + sorted[off + start]];
    const last = end - minLeaf;
    for (let k = start + 1; k <= last; k++) {
      const rPrev = sorted[off + k - 1];
      const w = weights[rPrev];
      const c = y[rPrev];
      const cL = countsL[c];
      sqL += w * (2 * cL + w);
      sqR += w * (w - 2 * (total[c] - cL));
      countsL[c] = cL + w;
      wL += w;
      const x = Xc[col + sorted[off + k]];
      if (x > xPrev + FEATURE_THRESHOLD && k - start >= minLeaf) {
        // Minimizing the children's weighted Gini = maximizing sqL / wL + sqR / wR.
        const proxy = sqL / wL + sqR / (W - wL);
        if (proxy > this.best.proxy) this.consider(proxy, k, f, xPrev, x);
      }
      xPrev = x;
    }
  }
}

/**
 * Leaf reached by rows `from`..`to`-1 of a row-major X (p values per row); leaves[i - from] is
 * the leaf of row i.
 */
export function applyTree(tree: TreeArrays, X: Float64Array, from: number, to: number, p: number, leaves: Int32Array): Int32Array {
  const { feature, threshold, left, right } = tree;
  for (let i = from; i < to; i++) {
    const base = i * p;
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      node = X[base + f] <= threshold[node] ? left[node] : right[node];
      f = feature[node];
    }
    leaves[i - from] = node;
  }
  return leaves;
}

/**
 * Impurity-based importance of each feature: the total weighted impurity decrease of the splits
 * on it, normalized to sum to 1 (scikit-learn's feature_importances_).
 */
export function treeImportances(tree: TreeArrays, p: number): Float64Array {
  const imp = new Float64Array(p);
  const { feature, left, right, impurity, weightedSamples: w } = tree;
  for (let node = 0; node < tree.nodeCount; node++) {
    const f = feature[node];
    if (f < 0) continue;
    const l = left[node];
    const r = right[node];
    imp[f] += w[node] * impurity[node] - w[l] * impurity[l] - w[r] * impurity[r];
  }
  let sum = 0;
  for (let f = 0; f < p; f++) sum += imp[f] / w[0];
  if (sum > 0) for (let f = 0; f < p; f++) imp[f] = imp[f] / w[0] / sum;
  return imp;
}

/** Grows one tree on all rows of M (weight 1 each); returns it with its feature importances. */
function fitOneTree(params: Resolved<TreeParams>, M: number[][], target: TreeTarget, who: string): { tree: TreeArrays; importances: number[] } {
  const p = M[0].length;
  const limits = growLimits(params, M.length, p, who);
  const weights = new Float64Array(M.length).fill(1);
  const tree = new TreeGrower(prepareTreeData(M), target).grow(weights, limits, new Random(params.seed));
  return { tree, importances: Array.from(treeImportances(tree, p)) };
}

/** The leaf each row of M reaches (the plain tree walk). */
function leavesOf(tree: TreeArrays, M: number[][]): Int32Array {
  return applyTree(tree, rowMajor(M), 0, M.length, M[0].length, new Int32Array(M.length));
}

/** The option table of a single tree (scikit-learn's defaults). */
const TREE_SPEC = declareParams<TreeParams>(treeParamDecls("all"));

/** CART regression tree (mean squared error criterion), like scikit-learn's DecisionTreeRegressor. */
export class DecisionTreeRegressor extends BaseRegressor<TreeParams> {
  static readonly paramSpec = TREE_SPEC;
  /** The fitted tree as flat node arrays (scikit-learn's tree_). */
  tree_!: TreeArrays;
  /** Impurity-based importance of each feature, summing to 1. */
  featureImportances_!: number[];

  fit(X: XInput, y: YInput): this {
    const M = this.validateX(X, "fit", true);
    const yv = toVector(y, `${this.estimatorName}.fit`, M.length);
    const { tree, importances } = fitOneTree(this.params, M, { kind: "regression", y: Float64Array.from(yv) }, `${this.estimatorName}.fit`);
    this.tree_ = tree;
    this.featureImportances_ = importances;
    return this;
  }

  /** The mean training target of the leaf each row falls into. */
  predict(X: XInput): number[] {
    const M = this.validateX(X, "predict", false);
    return Array.from(leavesOf(this.tree_, M), (leaf) => this.tree_.value[leaf]);
  }
}

/** CART classification tree (Gini criterion), like scikit-learn's DecisionTreeClassifier. */
export class DecisionTreeClassifier extends BaseClassifier<TreeParams> {
  static readonly paramSpec = TREE_SPEC;
  /** Class labels in sorted order; predictProba's columns follow it. */
  declare classes_: Label[];
  /** The fitted tree as flat node arrays (scikit-learn's tree_). */
  tree_!: TreeArrays;
  /** Impurity-based importance of each feature, summing to 1. */
  featureImportances_!: number[];

  fit(X: XInput, y: LabelInput): this {
    const M = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const { classes, codes } = encodeLabels(toLabels(y, who), who, M.length);
    const { tree, importances } = fitOneTree(this.params, M, { kind: "classification", y: codes, nClasses: classes.length }, who);
    this.classes_ = classes;
    this.tree_ = tree;
    this.featureImportances_ = importances;
    return this;
  }

  /** Class probabilities per row (the class fractions in the row's leaf), columns as `classes_`. */
  predictProba(X: XInput): number[][] {
    return this.probaOf(this.validateX(X, "predictProba", false));
  }

  /** The most frequent class in the leaf each row falls into. */
  predict(X: XInput): Label[] {
    const proba = this.probaOf(this.validateX(X, "predict", false));
    return proba.map((row) => this.classes_[argmax(row)]);
  }

  private probaOf(M: number[][]): number[][] {
    const { value, nOutputs: k } = this.tree_;
    return Array.from(leavesOf(this.tree_, M), (leaf) => Array.from(value.subarray(leaf * k, leaf * k + k)));
  }
}

registerEstimator(DecisionTreeRegressor, DecisionTreeClassifier);
