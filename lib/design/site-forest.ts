// A random forest rewritten for the composition space, so that screening 28.7 million
// compositions takes seconds instead of minutes.
//
// Every split of a tree tests one descriptor, and every descriptor belongs to one site (A, B or
// X). So whether option o of that site goes left at that node can be worked out once, for all
// options, and stored as a bit mask over the site's options ("per-site split outcomes"). Then a
// whole block of compositions — one A option, a range of B options, all X options — walks each
// tree together: at an A split the block goes one way; at a B split the set of B options is cut
// in two by the node's mask (and likewise for X), and both halves go on; at a leaf, every
// (b, x) left in the two sets gets the leaf's value added. Each tree is thus walked once per
// block instead of once per composition, and the work left is one addition per composition and
// tree, which is the least any method that sums the trees can do.
//
// Sums run over the trees in order, for every composition, exactly as the plain walk in
// referenceSums does, so both give the same numbers to the last bit (tested).
import { ALL_DESCRIPTORS } from "../data/columns";
import { DataError } from "../core/errors";
import type { TreeArrays } from "../models/tree";
import type { CompositionSpace } from "./space";
import { DESCRIPTOR_SITE } from "./sites";

/** The parts of a fitted regression tree that prediction needs (a forest's trees_ entries). */
export type TreeLike = Pick<TreeArrays, "nodeCount" | "feature" | "threshold" | "left" | "right" | "value" | "nOutputs">;

/**
 * A forest compiled against a CompositionSpace. All arrays live in SharedArrayBuffers, so worker
 * threads read the same memory. Node numbers are global (tree t's nodes are
 * treeStart[t]..treeStart[t+1]-1); a node's left child is left[node], its right child right[node].
 */
export interface SiteForest {
  nTrees: number;
  treeStart: Int32Array;
  /** Site of each node's split (0 = A, 1 = B, 2 = X), -1 for leaves. */
  site: Int8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (0 for split nodes). */
  value: Float64Array;
  /** Offset into masks of each split node's bit mask (bit o set: option o of the site goes left). */
  maskAt: Int32Array;
  masks: Int32Array;
  /** 32-bit words of a mask for each site. */
  words: [number, number, number];
  /** Depth of the deepest leaf over all trees. */
  maxDepth: number;
  /** Smallest and largest leaf value (every prediction lies between them). */
  valueRange: [number, number];
}

function shared<T extends Int8Array | Int32Array | Float64Array>(Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new Ctor(new SharedArrayBuffer(Math.max(1, n) * Ctor.BYTES_PER_ELEMENT));
}

/**
 * Compiles fitted regression trees against a space. `features` names the model's input columns
 * (descriptors of ALL_DESCRIPTORS, in the order the model was fitted on); `tables` are the per-
 * site descriptor tables from siteFeatures().
 */
export function compileForest(trees: readonly TreeLike[], features: readonly string[], space: CompositionSpace, tables: readonly Float64Array[]): SiteForest {
  if (trees.length === 0) throw new DataError("compileForest: the forest has no trees");
  const columns = features.map((name) => {
    const j = ALL_DESCRIPTORS.indexOf(name);
    if (j < 0) throw new DataError(`compileForest: feature "${name}" is not one of the 50 case-study descriptors, so it cannot be computed for the composition space`);
    return j;
  });
  const p = ALL_DESCRIPTORS.length;
  const words: [number, number, number] = [0, 1, 2].map((s) => Math.ceil(space.sites[s].size / 32)) as [number, number, number];
  let total = 0;
  let maskWords = 0;
  for (const t of trees) {
    if (t.nOutputs !== 1) throw new DataError("compileForest: only single-output regression trees can be compiled");
    total += t.nodeCount;
    for (let n = 0; n < t.nodeCount; n++) {
      const f = t.feature[n];
      if (f >= columns.length) throw new DataError(`compileForest: a tree splits on column ${f} but the model has ${columns.length} features`);
      if (f >= 0) maskWords += words[DESCRIPTOR_SITE[columns[f]]];
    }
  }
  const forest: SiteForest = {
    nTrees: trees.length,
    treeStart: shared(Int32Array, trees.length + 1),
    site: shared(Int8Array, total),
    left: shared(Int32Array, total),
    right: shared(Int32Array, total),
    value: shared(Float64Array, total),
    maskAt: shared(Int32Array, total),
    masks: shared(Int32Array, maskWords),
    words,
    maxDepth: 0,
    valueRange: [Infinity, -Infinity],
  };
  let node0 = 0;
  let at = 0;
  trees.forEach((t, k) => {
    forest.treeStart[k] = node0;
    const depth = new Int32Array(t.nodeCount);
    for (let n = 0; n < t.nodeCount; n++) {
      const g = node0 + n;
      const f = t.feature[n];
      if (f < 0) {
        forest.site[g] = -1;
        forest.value[g] = t.value[n];
        forest.valueRange[0] = Math.min(forest.valueRange[0], t.value[n]);
        forest.valueRange[1] = Math.max(forest.valueRange[1], t.value[n]);
        forest.maxDepth = Math.max(forest.maxDepth, depth[n]);
        continue;
      }
      depth[t.left[n]] = depth[t.right[n]] = depth[n] + 1;
      const j = columns[f];
      const s = DESCRIPTOR_SITE[j];
      forest.site[g] = s;
      forest.left[g] = node0 + t.left[n];
      forest.right[g] = node0 + t.right[n];
      forest.maskAt[g] = at;
      const table = tables[s];
      const threshold = t.threshold[n];
      for (let o = 0; o < space.sites[s].size; o++) if (table[o * p + j] <= threshold) forest.masks[at + (o >>> 5)] |= 1 << (o & 31);
      at += words[s];
    }
    node0 += t.nodeCount;
  });
  forest.treeStart[trees.length] = node0;
  return forest;
}

/** Scratch memory for blockSums, sized for one forest and space (reuse it across blocks). */
export interface BlockScratch {
  pendingNode: Int32Array;
  pendingB: Int32Array;
  pendingX: Int32Array;
  curB: Int32Array;
  curX: Int32Array;
  xList: Int32Array;
}

/** Allocates the scratch memory blockSums needs for these forests. */
export function blockScratch(forests: readonly SiteForest[], nX: number): BlockScratch {
  const depth = Math.max(...forests.map((f) => f.maxDepth)) + 2;
  const [, wB, wX] = forests[0].words;
  return {
    pendingNode: new Int32Array(depth),
    pendingB: new Int32Array(depth * wB),
    pendingX: new Int32Array(depth * wX),
    curB: new Int32Array(wB),
    curX: new Int32Array(wX),
    xList: new Int32Array(nX),
  };
}

const LEFT = 0;
const RIGHT = 1;
const BOTH = 2;

/**
 * Cuts the set `cur` (bit o = option o) by a node's mask at masks[m..]: `cur` keeps the options
 * going left and pending[p..] receives those going right. Returns LEFT or RIGHT when all go one
 * way (then `cur` holds them all), BOTH otherwise.
 */
function cut(cur: Int32Array, pending: Int32Array, p: number, masks: Int32Array, m: number, words: number): number {
  let anyL = 0;
  let anyR = 0;
  for (let w = 0; w < words; w++) {
    const c = cur[w];
    const l = c & masks[m + w];
    const r = c & ~masks[m + w];
    cur[w] = l;
    pending[p + w] = r;
    anyL |= l;
    anyR |= r;
  }
  if (anyR === 0) return LEFT;
  if (anyL !== 0) return BOTH;
  for (let w = 0; w < words; w++) cur[w] = pending[p + w];
  return RIGHT;
}

/**
 * Adds, for every composition (a, b, x) with b0 <= b < b1 and every x, the leaf values of all
 * trees (in tree order) into sums[(b - b0) * nX + x] and their squares into squares[...].
 */
export function blockSums(forest: SiteForest, a: number, b0: number, b1: number, nX: number, sums: Float64Array, squares: Float64Array, scratch: BlockScratch): void {
  const { site, left, right, value, maskAt, masks, treeStart } = forest;
  const [, wB, wX] = forest.words;
  const { pendingNode, pendingB, pendingX, curB, curX, xList } = scratch;
  const aWord = a >>> 5;
  const aBit = 1 << (a & 31);
  for (let t = 0; t < forest.nTrees; t++) {
    // The block's starting sets: B options b0..b1-1, every X option.
    curB.fill(0);
    for (let b = b0; b < b1; b++) curB[b >>> 5] |= 1 << (b & 31);
    curX.fill(0);
    for (let x = 0; x < nX; x++) curX[x >>> 5] |= 1 << (x & 31);
    let node = treeStart[t];
    let sp = 0;
    for (;;) {
      // Walk down until a leaf, pushing the right-hand half wherever the sets are cut in two.
      let s = site[node];
      while (s >= 0) {
        const m = maskAt[node];
        if (s === 0) {
          node = masks[m + aWord] & aBit ? left[node] : right[node];
        } else {
          const cutB = s === 1;
          const side = cutB ? cut(curB, pendingB, sp * wB, masks, m, wB) : cut(curX, pendingX, sp * wX, masks, m, wX);
          if (side === LEFT) node = left[node];
          else if (side === RIGHT) node = right[node];
          else {
            // Both halves go on: the right one waits on the stack with a copy of the other set.
            if (cutB) pendingX.set(curX, sp * wX);
            else pendingB.set(curB, sp * wB);
            pendingNode[sp++] = right[node];
            node = left[node];
          }
        }
        s = site[node];
      }
      // A leaf: every (b, x) still in both sets ends here.
      const v = value[node];
      const v2 = v * v;
      let nx = 0;
      for (let w = 0; w < wX; w++) {
        let word = curX[w];
        while (word !== 0) {
          const low = word & -word;
          xList[nx++] = (w << 5) + 31 - Math.clz32(low);
          word ^= low;
        }
      }
      for (let w = 0; w < wB; w++) {
        let word = curB[w];
        while (word !== 0) {
          const low = word & -word;
          const base = ((w << 5) + 31 - Math.clz32(low) - b0) * nX;
          word ^= low;
          if (nx === nX) {
            for (let x = 0; x < nX; x++) {
              sums[base + x] += v;
              squares[base + x] += v2;
            }
          } else {
            for (let k = 0; k < nx; k++) {
              const i = base + xList[k];
              sums[i] += v;
              squares[i] += v2;
            }
          }
        }
      }
      if (sp === 0) break;
      sp--;
      node = pendingNode[sp];
      for (let w = 0; w < wB; w++) curB[w] = pendingB[sp * wB + w];
      for (let w = 0; w < wX; w++) curX[w] = pendingX[sp * wX + w];
    }
  }
}

/**
 * Sums (and sums of squares) of the trees' leaf values for single compositions, each given by
 * its option numbers: options[3k..3k+2] = (a, b, x) of composition k. Used where compositions
 * come one by one (the genetic algorithm, Bayesian optimization).
 */
export function pointSums(forest: SiteForest, options: Int32Array, sums: Float64Array, squares: Float64Array): void {
  const { site, left, right, value, maskAt, masks, treeStart } = forest;
  const n = options.length / 3;
  for (let k = 0; k < n; k++) {
    let s1 = 0;
    let s2 = 0;
    for (let t = 0; t < forest.nTrees; t++) {
      let node = treeStart[t];
      let s = site[node];
      while (s >= 0) {
        const o = options[3 * k + s];
        node = masks[maskAt[node] + (o >>> 5)] & (1 << (o & 31)) ? left[node] : right[node];
        s = site[node];
      }
      const v = value[node];
      s1 += v;
      s2 += v * v;
    }
    sums[k] = s1;
    squares[k] = s2;
  }
}

/**
 * The readable reference: each row of X (the model's features) walks each tree from the root,
 * comparing feature values with thresholds, and the leaf values are summed in tree order.
 */
export function referenceSums(trees: readonly TreeLike[], X: readonly (readonly number[])[]): { sums: number[]; squares: number[] } {
  const sums = X.map(() => 0);
  const squares = X.map(() => 0);
  X.forEach((row, i) => {
    for (const tree of trees) {
      let node = 0;
      while (tree.feature[node] >= 0) node = row[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      sums[i] += tree.value[node];
      squares[i] += tree.value[node] * tree.value[node];
    }
  });
  return { sums, squares };
}

/** Mean and standard deviation across T trees from their sum and sum of squares (population std, as the forest's predictWithSpread). */
export function spreadOf(sum: number, squares: number, T: number): [number, number] {
  const mean = sum / T;
  return [mean, Math.sqrt(Math.max(0, squares / T - mean * mean))];
}
