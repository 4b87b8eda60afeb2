// Prediction for the random forests: every row walks down every tree, and the leaf values are
// summed. This is the slow part of screening thousands of candidates, so large jobs are shared
// with a helper thread (forest-worker.ts): the trees are cut into chunks of CHUNK_TREES, each
// thread takes the next free chunk (an atomic counter in shared memory) and writes that chunk's
// sums into its own slice of a shared buffer. Adding the chunks up in chunk order at the end
// gives the same numbers however the work was shared, and with or without the helper.
import * as fs from "fs";
import * as path from "path";
import { Worker, isMainThread } from "worker_threads";
import { TreeArrays } from "./tree";

/** Trees per chunk of work. */
const CHUNK_TREES = 10;
/** Below this many row-tree walks a helper thread costs more than it saves. */
const PARALLEL_WALKS = 400_000;

/** The parts of a tree that prediction needs (what is sent to the helper thread). */
export type PredictTree = Pick<TreeArrays, "feature" | "threshold" | "right" | "value" | "nOutputs">;

/** One prediction job, as the helper thread receives it. Buffers are shared memory. */
export interface ForestJob {
  trees: PredictTree[];
  X: Float64Array; // row-major, p values per row
  nRows: number;
  p: number;
  nOut: number;
  nChunks: number;
  partial: Float64Array; // nChunks × nRows × nOut sums
  partialSquares: Float64Array | null; // nChunks × nRows squares (regression spread)
  control: Int32Array; // [next chunk to take, chunks done, done flag of each chunk...]
}

/**
 * Adds the leaf values of trees t0..t1-1 for every row into sums (and their squares into
 * squares). Trees are grown depth first, so a node's left child is always the next node.
 */
export function sumTrees(trees: PredictTree[], t0: number, t1: number, X: Float64Array, nRows: number, p: number, sums: Float64Array, squares: Float64Array | null): void {
  for (let t = t0; t < t1; t++) {
    const { feature, threshold, right, value, nOutputs: nOut } = trees[t];
    for (let i = 0; i < nRows; i++) {
      const base = i * p;
      let node = 0;
      let f = feature[0];
      while (f >= 0) {
        node = X[base + f] <= threshold[node] ? node + 1 : right[node];
        f = feature[node];
      }
      if (nOut === 1) {
        const v = value[node];
        sums[i] += v;
        if (squares) squares[i] += v * v;
      } else {
        const src = node * nOut;
        const dst = i * nOut;
        for (let k = 0; k < nOut; k++) sums[dst + k] += value[src + k];
      }
    }
  }
}

/** Computes chunk c of a job: the sums of its trees, into the chunk's own slice. */
function runChunk(job: ForestJob, c: number): void {
  const { trees, X, nRows, p, nOut, partial, partialSquares } = job;
  const sums = partial.subarray(c * nRows * nOut, (c + 1) * nRows * nOut).fill(0);
  const squares = partialSquares ? partialSquares.subarray(c * nRows, (c + 1) * nRows).fill(0) : null;
  sumTrees(trees, c * CHUNK_TREES, Math.min(trees.length, (c + 1) * CHUNK_TREES), X, nRows, p, sums, squares);
}

/** Takes free chunks of `job` until none are left (run by both threads). */
export function workOnJob(job: ForestJob): void {
  const { nChunks, control } = job;
  for (;;) {
    const c = Atomics.add(control, 0, 1);
    if (c >= nChunks) return;
    runChunk(job, c);
    Atomics.store(control, 2 + c, 1);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}

let helper: Worker | undefined;
let helperBroken = false;

/** The helper thread, started on first use and kept (unref'd: it never keeps node alive). */
function getHelper(): Worker | undefined {
  if (helper || helperBroken || !isMainThread) return helper;
  const file = path.join(__dirname, "forest-worker.js");
  if (!fs.existsSync(file)) {
    helperBroken = true;
    return undefined;
  }
  helper = new Worker(file);
  helper.unref();
  helper.on("error", () => {
    helperBroken = true;
    helper = undefined;
  });
  return helper;
}

/** A Float64Array in shared memory when `shared`, else an ordinary one. */
function floats(length: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length);
}

/** Row-major copy of X (in shared memory when a helper thread will read it). */
export function rowMajorFor(M: number[][], trees: number): Float64Array {
  const nRows = M.length;
  const p = M[0].length;
  const out = floats(nRows * p, nRows * trees >= PARALLEL_WALKS);
  for (let i = 0; i < nRows; i++) out.set(M[i], i * p);
  return out;
}

/**
 * Sums of the trees' leaf values per row (sums[row * nOut + k]) and, when asked, of their
 * squares (regression only). Uses the helper thread for large jobs.
 */
export function forestSums(trees: PredictTree[], X: Float64Array, nRows: number, p: number, withSquares: boolean): { sums: Float64Array; squares: Float64Array | null } {
  const nOut = trees[0].nOutputs;
  const nChunks = Math.ceil(trees.length / CHUNK_TREES);
  const parallel = nRows * trees.length >= PARALLEL_WALKS && X.buffer instanceof SharedArrayBuffer;
  const job: ForestJob = {
    trees,
    X,
    nRows,
    p,
    nOut,
    nChunks,
    partial: floats(nChunks * nRows * nOut, parallel),
    partialSquares: withSquares ? floats(nChunks * nRows, parallel) : null,
    control: new Int32Array(parallel ? new SharedArrayBuffer(4 * (2 + nChunks)) : new ArrayBuffer(4 * (2 + nChunks))),
  };
  const worker = parallel ? getHelper() : undefined;
  if (worker) {
    const { trees: all, ...rest } = job;
    worker.postMessage({ ...rest, trees: all.map(({ feature, threshold, right, value, nOutputs }) => ({ feature, threshold, right, value, nOutputs })) });
  }
  workOnJob(job);
  if (worker) waitForHelper(job);
  // Add the chunks up in order.
  const sums = new Float64Array(nRows * nOut);
  const squares = withSquares ? new Float64Array(nRows) : null;
  for (let c = 0; c < nChunks; c++) {
    const part = job.partial.subarray(c * nRows * nOut, (c + 1) * nRows * nOut);
    for (let i = 0; i < part.length; i++) sums[i] += part[i];
    if (squares && job.partialSquares) {
      const sq = job.partialSquares.subarray(c * nRows, (c + 1) * nRows);
      for (let i = 0; i < nRows; i++) squares[i] += sq[i];
    }
  }
  return { sums, squares };
}

/**
 * Blocks until the helper has finished the chunks it took. If it makes no progress for a few
 * seconds (it crashed, say), the unfinished chunks are recomputed here.
 */
function waitForHelper(job: ForestJob): void {
  const { control, nChunks } = job;
  for (;;) {
    const done = Atomics.load(control, 1);
    if (done >= nChunks) return;
    if (Atomics.wait(control, 1, done, 5000) === "timed-out" && Atomics.load(control, 1) === done) {
      helperBroken = true;
      helper = undefined;
      for (let c = 0; c < nChunks; c++) if (!Atomics.load(control, 2 + c)) runChunk(job, c);
      return;
    }
  }
}
