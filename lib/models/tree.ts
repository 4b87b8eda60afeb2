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
import { XInput, YInput, assertFitted, checkParam, isFrameLike, toMatrix, toVector } from "./base";
import { Label, argmax, encodeLabels } from "../core/labels";

/** Feature values closer than this are treated as equal (scikit-learn's FEATURE_THRESHOLD). */
const FEATURE_THRESHOLD = 1e-7;
/** Machine epsilon: a node whose impurity is below it counts as pure. */
const EPSILON = 2.220446049250313e-16;

/** How many features each split may look at: a count, a fraction of them, a rule, or all. */
export type MaxFeatures = number | "sqrt" | "log2" | "all" | null;

/** Hyperparameters shared by trees and forests (scikit-learn's names, in camelCase). */
export interface TreeParams {
  /** Deepest level a node may sit at (root = 0). null = grow until the leaves are pure. */
  maxDepth: number | null;
  /** A node needs at least this many samples to be split (count >= 2, or a fraction of n). */
  minSamplesSplit: number;
  /** Each child must keep at least this many samples (count >= 1, or a fraction of n). */
  minSamplesLeaf: number;
  /**
   * Features tried per split: an integer count (>= 1), a fraction in (0, 1), "sqrt", "log2",
   * or "all"/null. (Write "all", not 1.0: in JavaScript 1.0 === 1 means one feature.)
   */
  maxFeatures: MaxFeatures;
  /** Seed for the random feature order at each split. */
  seed: number;
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

/** Resolves maxFeatures to a count for p features (scikit-learn's rules). */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, p: number, who: string): number {
  if (maxFeatures === null || maxFeatures === "all") return p;
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(p)));
  if (maxFeatures < 1) return Math.max(1, Math.floor(maxFeatures * p));
  if (maxFeatures > p) throw new Error(`${who}: maxFeatures=${maxFeatures} but X has only ${p} features`);
  return maxFeatures;
}

/** Checks the tree hyperparameters (used by the trees and the forests). */
export function checkTreeParams(params: TreeParams, who: string): void {
  const { maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures, seed } = params;
  checkParam(maxDepth === null || (Number.isInteger(maxDepth) && maxDepth >= 1), who, "maxDepth", maxDepth, "null or an integer >= 1");
  checkParam((Number.isInteger(minSamplesSplit) && minSamplesSplit >= 2) || (minSamplesSplit > 0 && minSamplesSplit < 1), who, "minSamplesSplit", minSamplesSplit, "an integer >= 2 or a fraction in (0, 1)");
  checkParam((Number.isInteger(minSamplesLeaf) && minSamplesLeaf >= 1) || (minSamplesLeaf > 0 && minSamplesLeaf < 0.5), who, "minSamplesLeaf", minSamplesLeaf, "an integer >= 1 or a fraction in (0, 0.5)");
  const mfOk =
    maxFeatures === null ||
    maxFeatures === "all" ||
    maxFeatures === "sqrt" ||
    maxFeatures === "log2" ||
    (typeof maxFeatures === "number" && ((Number.isInteger(maxFeatures) && maxFeatures >= 1) || (maxFeatures > 0 && maxFeatures < 1)));
  checkParam(mfOk, who, "maxFeatures", maxFeatures, 'an integer >= 1, a fraction in (0, 1), "sqrt", "log2", "all" or null');
  checkParam(Number.isFinite(seed), who, "seed", seed, "a finite number");
}

/** Turns the hyperparameters into counts for n rows and p features. */
export function growLimits(params: TreeParams, n: number, p: number, who: string): GrowLimits {
  const minSamplesLeaf = params.minSamplesLeaf < 1 ? Math.ceil(params.minSamplesLeaf * n) : params.minSamplesLeaf;
  let minSamplesSplit = params.minSamplesSplit < 1 ? Math.max(2, Math.ceil(params.minSamplesSplit * n)) : params.minSamplesSplit;
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

/** Default hyperparameters of a single tree (scikit-learn's). */
const TREE_DEFAULTS: TreeParams = { maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: "all", seed: 0 };

/** State shared by both kinds of tree. */
abstract class BaseDecisionTree {
  readonly params: Readonly<TreeParams>;
  /** The fitted tree (undefined until fit). */
  tree?: TreeArrays;
  /** Impurity-based importance of each feature, summing to 1. */
  featureImportances?: number[];
  /** Column names when fit() was given a DataFrame. */
  featureNames?: string[];
  nFeatures?: number;
  protected abstract readonly who: string;

  constructor(params: Partial<TreeParams> = {}) {
    this.params = { ...TREE_DEFAULTS, ...params };
    checkTreeParams(this.params, new.target.name);
  }

  clone(overrides: Partial<TreeParams> = {}): this {
    const Ctor = this.constructor as new (p: Partial<TreeParams>) => this;
    return new Ctor({ ...this.params, ...overrides });
  }

  protected grow(X: XInput, target: TreeTarget, matrix: number[][]): void {
    const p = matrix[0].length;
    const data = prepareTreeData(matrix);
    const limits = growLimits(this.params, matrix.length, p, this.who);
    const weights = new Float64Array(matrix.length).fill(1);
    this.tree = new TreeGrower(data, target).grow(weights, limits, new Random(this.params.seed));
    this.nFeatures = p;
    this.featureNames = isFrameLike(X) ? X.columns.slice() : undefined;
    this.featureImportances = Array.from(treeImportances(this.tree, p));
  }

  /** Leaf index of each row. */
  protected leaves(X: XInput): { tree: TreeArrays; leaves: Int32Array } {
    const tree = assertFitted(this.tree, this.who);
    const M = toMatrix(X, this.who, this.nFeatures);
    return { tree, leaves: applyTree(tree, rowMajor(M), 0, M.length, M[0].length, new Int32Array(M.length)) };
  }
}

/** CART regression tree (mean squared error criterion), like scikit-learn's DecisionTreeRegressor. */
export class DecisionTreeRegressor extends BaseDecisionTree {
  protected readonly who = "DecisionTreeRegressor";

  fit(X: XInput, y: YInput): this {
    const M = toMatrix(X, this.who);
    const yv = toVector(y, this.who, M.length);
    this.grow(X, { kind: "regression", y: Float64Array.from(yv) }, M);
    return this;
  }

  predict(X: XInput): number[] {
    const { tree, leaves } = this.leaves(X);
    return Array.from(leaves, (leaf) => tree.value[leaf]);
  }
}

/** CART classification tree (Gini criterion), like scikit-learn's DecisionTreeClassifier. */
export class DecisionTreeClassifier extends BaseDecisionTree {
  protected readonly who = "DecisionTreeClassifier";
  /** Class labels in sorted order; predictProba's columns follow it. */
  classes?: Label[];

  fit(X: XInput, y: Label[]): this {
    const M = toMatrix(X, this.who);
    const { classes, codes } = encodeLabels(y, this.who, M.length);
    this.classes = classes;
    this.grow(X, { kind: "classification", y: codes, nClasses: classes.length }, M);
    return this;
  }

  /** Class probabilities per row (the class fractions in the row's leaf), columns as `classes`. */
  predictProba(X: XInput): number[][] {
    const { tree, leaves } = this.leaves(X);
    const k = tree.nOutputs;
    return Array.from(leaves, (leaf) => Array.from(tree.value.subarray(leaf * k, leaf * k + k)));
  }

  predict(X: XInput): Label[] {
    const classes = assertFitted(this.classes, this.who);
    return this.predictProba(X).map((row) => classes[argmax(row)]);
  }
}
