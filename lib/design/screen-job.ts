// The work of one thread of the fast screen (screen.ts), in a module of its own so that worker
// threads load only what they need (no data layer, no DataFrames).
import { AccumulatorState, HistogramSpec, ScreenAccumulator } from "./accumulator";
import { DesignGoals } from "./objectives";
import { BlockScratch, SiteForest, blockScratch, blockSums, spreadOf } from "./site-forest";

/** One thread's share of a fast screen (plain data and shared memory: sent to workers as is). */
export interface ScreenJob {
  decomposition: SiteForest;
  gap: SiteForest;
  nB: number;
  nX: number;
  /** Blocks as (a, b0, b1) triples. */
  blocks: Int32Array;
  /** Shared counters: [next block to take, compositions done]. */
  control: Int32Array;
  goals: DesignGoals;
  top: number;
  histogram: HistogramSpec;
}

/**
 * Takes blocks from the shared counter until none are left and returns what it kept (run by every
 * worker thread, or by this thread when there are none).
 */
export function runScreenJob(job: ScreenJob): AccumulatorState {
  const { decomposition, gap, nB, nX, blocks, control, goals, top } = job;
  const acc = new ScreenAccumulator(goals, top, job.histogram);
  const scratch: BlockScratch = blockScratch([decomposition, gap], nX);
  const maxRows = Math.max(...Array.from({ length: blocks.length / 3 }, (_, k) => (blocks[3 * k + 2] - blocks[3 * k + 1]) * nX), 0);
  const dSum = new Float64Array(maxRows);
  const dSq = new Float64Array(maxRows);
  const gSum = new Float64Array(maxRows);
  const gSq = new Float64Array(maxRows);
  const Td = decomposition.nTrees;
  const Tg = gap.nTrees;
  for (;;) {
    const k = Atomics.add(control, 0, 1);
    if (3 * k >= blocks.length) break;
    const [a, b0, b1] = [blocks[3 * k], blocks[3 * k + 1], blocks[3 * k + 2]];
    const rows = (b1 - b0) * nX;
    dSum.fill(0, 0, rows);
    dSq.fill(0, 0, rows);
    gSum.fill(0, 0, rows);
    gSq.fill(0, 0, rows);
    blockSums(decomposition, a, b0, b1, nX, dSum, dSq, scratch);
    blockSums(gap, a, b0, b1, nX, gSum, gSq, scratch);
    const first = (a * nB + b0) * nX;
    for (let i = 0; i < rows; i++) {
      const [d, ds] = spreadOf(dSum[i], dSq[i], Td);
      const [g, gs] = spreadOf(gSum[i], gSq[i], Tg);
      acc.add(first + i, d, ds, g, gs);
    }
    Atomics.add(control, 1, rows);
  }
  return acc.state();
}

