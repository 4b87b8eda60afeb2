// Running independent pieces of work (optimizer restarts, active-learning campaigns) on every
// core while keeping the calling function synchronous, so that `gpr.fit(X, y)` still returns
// `this` like every other estimator. The main thread starts worker threads, does its own share,
// then blocks on a shared flag (Atomics.wait) until each worker has posted its result.
// Workers load the compiled JavaScript (dist/); when that is not available (e.g. running the
// TypeScript sources directly) everything runs on the main thread instead.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MessageChannel, Worker, receiveMessageOnPort } from "worker_threads";

/** Number of CPU cores Node sees (at least 1). */
export function availableCores(): number {
  const n = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n || 1);
}

/** Resolves nJobs like scikit-learn: −1 (or undefined) means all cores. */
export function resolveJobs(nJobs: number | undefined): number {
  if (nJobs === undefined || nJobs === -1) return availableCores();
  if (!Number.isInteger(nJobs) || nJobs < 1) throw new Error(`nJobs must be -1 (all cores) or a positive integer, got ${nJobs}`);
  return nJobs;
}

const WORKER_FILE = path.join(__dirname, "worker.js");

/** True when worker threads can run compiled library code from this installation. */
export function workersAvailable(): boolean {
  return __filename.endsWith(".js") && fs.existsSync(WORKER_FILE);
}

/**
 * Calls `exported(job)` for every job, where `exported` is the function named `fnName` in the
 * compiled module `moduleFile` (an absolute path to a .js file) and `local` is the same function
 * imported here. Job 0 runs on this thread, the others each in a worker thread. Jobs and results
 * must be plain data (they are copied between threads). Results come back in job order.
 */
export function runJobsSync<J, R>(moduleFile: string, fnName: string, jobs: J[], local: (job: J) => R): R[] {
  if (jobs.length <= 1 || !workersAvailable() || !fs.existsSync(moduleFile)) return jobs.map(local);
  const started = jobs.slice(1).map((job) => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    try {
      const worker = new Worker(WORKER_FILE, { workerData: { moduleFile, fnName, job, port: port2, flag }, transferList: [port2] });
      worker.unref();
      return { job, flag, port: port1, worker };
    } catch {
      return { job, flag, port: port1, worker: null };
    }
  });
  const results: R[] = [local(jobs[0])];
  for (const s of started) {
    let message: { ok: boolean; result?: R; error?: string } | undefined;
    if (s.worker) {
      // wait for the worker's flag (generous time limit so a crashed worker cannot hang us)
      Atomics.wait(s.flag, 0, 0, 30 * 60 * 1000);
      message = receiveMessageOnPort(s.port)?.message;
    }
    s.port.close();
    if (message && message.ok) results.push(message.result as R);
    else if (message && !message.ok) throw new Error(`worker thread failed: ${message.error}`);
    else results.push(local(s.job)); // the worker never answered: do its share here
  }
  return results;
}
