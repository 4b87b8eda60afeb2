// Prediction for the random forests: every row walks down every tree, and the leaf values are
// summed. Screening tens of thousands of candidates makes this the slowest step, so large
// regression jobs run the walk in WebAssembly (forest-kernel.ts) on both cores: the trees and X
// are written once into a WebAssembly memory shared with a worker of the pool (lib/core/pool.ts),
// the trees are cut into chunks of CHUNK_TREES, and each thread takes the next free chunk (an
// atomic counter) and writes that chunk's sums into the chunk's own slice of memory. Adding
// the chunks up in chunk order at the end gives the same numbers however the work was shared,
// and the same numbers as the plain JavaScript loop below, which small jobs use.
import { isMainThread } from "worker_threads";
import { pool } from "../core/pool";
import { TreeArrays, rowMajor } from "./tree";
import { MAX_PAGES, SumTree, instantiateKernel } from "./forest-kernel";

/** Trees per chunk of work. */
const CHUNK_TREES = 5;
/** From this many row-tree walks on, the WebAssembly kernel and a second thread pay off. */
const LARGE_JOB_WALKS = 400_000;

/** The parts of a tree that prediction needs. */
export type PredictTree = Pick<TreeArrays, "feature" | "threshold" | "right" | "value" | "nOutputs" | "nodeCount">;

/**
 * Adds the leaf values of trees t0..t1-1 for every row of a row-major X into sums (and their
 * squares into squares). Trees are grown depth first, so a node's left child is the next node.
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

/** A large job as laid out in the shared WebAssembly memory (byte offsets). */
export interface KernelJob {
  treeOffsets: number[];
  xOffset: number;
  nRows: number;
  rowBytes: number;
  nChunks: number;
  partialOffset: number; // nChunks × nRows f64 sums
  squaresOffset: number; // nChunks × nRows f64 squares, or 0 for none
  control: Int32Array; // shared: [next chunk to take, chunks done, done flag of each chunk...]
}

/** Computes chunk c of a kernel job into the chunk's own slice of memory. */
function runChunk(job: KernelJob, c: number, memory: WebAssembly.Memory, sumTree: SumTree): void {
  const { treeOffsets, xOffset, nRows, rowBytes, partialOffset, squaresOffset } = job;
  const out = partialOffset + c * nRows * 8;
  const sq = squaresOffset ? squaresOffset + c * nRows * 8 : 0;
  new Float64Array(memory.buffer, out, nRows).fill(0);
  if (sq) new Float64Array(memory.buffer, sq, nRows).fill(0);
  const t1 = Math.min(treeOffsets.length, (c + 1) * CHUNK_TREES);
  for (let t = c * CHUNK_TREES; t < t1; t++) sumTree(treeOffsets[t], xOffset, nRows, rowBytes, out, sq);
}

/** Takes free chunks of a job until none are left (run by both threads). */
export function workOnJob(job: KernelJob, memory: WebAssembly.Memory, sumTree: SumTree): void {
  const { nChunks, control } = job;
  for (;;) {
    const c = Atomics.add(control, 0, 1);
    if (c >= nChunks) return;
    runChunk(job, c, memory, sumTree);
    Atomics.store(control, 2 + c, 1);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}

// The shared memory and this thread's kernel: made on first large job.
let memory: WebAssembly.Memory | undefined;
let kernel: SumTree | undefined;
let kernelModule: WebAssembly.Module | undefined;
let kernelBroken = false;

function getKernel(): SumTree | undefined {
  if (!kernel && !kernelBroken) {
    try {
      memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      ({ sumTree: kernel, module: kernelModule } = instantiateKernel(memory));
    } catch {
      kernelBroken = true; // no WebAssembly threads here: the JavaScript loop does the work
    }
  }
  return kernel;
}

/** A kernel job as handed to a pool worker: the shared memory, the compiled kernel and the job. */
export interface SharedKernelTask {
  memory: WebAssembly.Memory;
  compiled: WebAssembly.Module;
  job: KernelJob;
}

/** Runs in a pool worker: takes chunks of the job until none are left. */
export function workOnSharedJob(task: SharedKernelTask): number {
  const { sumTree } = instantiateKernel(task.memory, task.compiled);
  workOnJob(task.job, task.memory, sumTree);
  return 0;
}

/**
 * Sums over the trees of each row's leaf values (sums[row * nOut + k]) and, when asked, of
 * their squares (regression only). `check` is toMatrix for this model: small jobs call it
 * first; large ones check each value while copying X into the kernel's memory (one pass
 * instead of two) and call it only to report what is wrong.
 */
export function forestSums(trees: PredictTree[], X: unknown, p: number, withSquares: boolean, check: () => number[][]): { sums: Float64Array; squares: Float64Array | null; nRows: number } {
  const large = trees[0].nOutputs === 1 && Array.isArray(X) && X.length * trees.length >= LARGE_JOB_WALKS;
  const fromKernel = large ? kernelSums(trees, X as unknown[], p, withSquares, check) : undefined;
  const M = fromKernel ? undefined : check();
  const nRows = fromKernel ? (X as unknown[]).length : (M as number[][]).length;
  const nOut = trees[0].nOutputs;
  const nChunks = Math.ceil(trees.length / CHUNK_TREES);
  const Xr = M ? rowMajor(M) : undefined;
  const size = nRows * nOut;
  const sums = new Float64Array(size);
  const squares = withSquares ? new Float64Array(nRows) : null;
  let part = new Float64Array(size);
  let partSquares = withSquares ? new Float64Array(nRows) : null;
  for (let c = 0; c < nChunks; c++) {
    if (fromKernel) {
      part = fromKernel.sums.subarray(c * size, (c + 1) * size);
      partSquares = fromKernel.squares ? fromKernel.squares.subarray(c * nRows, (c + 1) * nRows) : null;
    } else {
      part.fill(0);
      partSquares?.fill(0);
      sumTrees(trees, c * CHUNK_TREES, Math.min(trees.length, (c + 1) * CHUNK_TREES), Xr as Float64Array, nRows, p, part, partSquares);
    }
    // Chunks are added in chunk order, whoever computed them.
    for (let i = 0; i < size; i++) sums[i] += part[i];
    if (squares && partSquares) for (let i = 0; i < nRows; i++) squares[i] += partSquares[i];
  }
  return { sums, squares, nRows };
}

/** Each tree's 16-byte node records for the kernel, made once per tree. */
const records = new WeakMap<PredictTree, Uint8Array>();

/** A tree as the kernel reads it: 16 bytes per node, [f64 threshold or leaf value, i32 feature, i32 right]. */
export function nodeRecords(t: PredictTree): Uint8Array {
  let bytes = records.get(t);
  if (!bytes) {
    const buffer = new ArrayBuffer(16 * t.nodeCount);
    const f64 = new Float64Array(buffer);
    const i32 = new Int32Array(buffer);
    for (let node = 0; node < t.nodeCount; node++) {
      f64[2 * node] = t.feature[node] < 0 ? t.value[node] : t.threshold[node];
      i32[4 * node + 2] = t.feature[node];
      i32[4 * node + 3] = t.right[node];
    }
    bytes = new Uint8Array(buffer);
    records.set(t, bytes);
  }
  return bytes;
}

/** Copies rows of p finite numbers into f64 from index `at`; false at the first bad value. */
function copyRows(rows: unknown[], p: number, f64: Float64Array, at: number): boolean {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== p) return false;
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (typeof v !== "number" || v - v !== 0) return false; // v - v is NaN for NaN and ±Infinity
      f64[at++] = v;
    }
  }
  return true;
}

/** Runs a large regression job in WebAssembly on both threads; undefined if it cannot. */
function kernelSums(trees: PredictTree[], rows: unknown[], p: number, withSquares: boolean, check: () => number[][]): { sums: Float64Array; squares: Float64Array | null } | undefined {
  const sumTree = getKernel();
  if (!sumTree || !memory) return undefined;
  const nRows = rows.length;
  const nChunks = Math.ceil(trees.length / CHUNK_TREES);
  // Lay out: trees (16 bytes per node), X, chunk sums, chunk squares.
  const treeOffsets: number[] = [];
  let offset = 8; // keep 0 free: a squares offset of 0 means "none"
  for (const t of trees) {
    treeOffsets.push(offset);
    offset += 16 * t.nodeCount;
  }
  const xOffset = offset;
  const partialOffset = xOffset + 8 * nRows * p;
  const squaresOffset = withSquares ? partialOffset + 8 * nChunks * nRows : 0;
  const end = (withSquares ? squaresOffset : partialOffset) + 8 * nChunks * nRows;
  const pages = Math.ceil(end / 65536);
  if (pages > MAX_PAGES) return undefined;
  if (pages > memory.buffer.byteLength / 65536) memory.grow(pages - memory.buffer.byteLength / 65536);
  const bytes = new Uint8Array(memory.buffer);
  trees.forEach((t, k) => bytes.set(nodeRecords(t), treeOffsets[k]));
  if (!copyRows(rows, p, new Float64Array(memory.buffer), xOffset / 8)) {
    const M = check(); // throws the clear error; should it accept X after all, copy its result
    copyRows(M, p, new Float64Array(memory.buffer), xOffset / 8);
  }
  const job: KernelJob = {
    treeOffsets,
    xOffset,
    nRows,
    rowBytes: 8 * p,
    nChunks,
    partialOffset,
    squaresOffset,
    control: new Int32Array(new SharedArrayBuffer(4 * (2 + nChunks))),
  };
  // This thread and one pool worker take chunks until none are left (in a worker thread, e.g.
  // inside a grid search, this thread does it all).
  const mem = memory;
  const work = (): number => (workOnJob(job, mem, sumTree), 0);
  if (isMainThread && kernelModule) {
    const task: SharedKernelTask = { memory: mem, compiled: kernelModule, job };
    pool().mapSync(__filename, "workOnSharedJob", [task, task], work);
  } else work();
  // Views into the shared memory: read them before the next job overwrites it.
  return {
    sums: new Float64Array(memory.buffer, partialOffset, nChunks * nRows),
    squares: withSquares ? new Float64Array(memory.buffer, squaresOffset, nChunks * nRows) : null,
  };
}
