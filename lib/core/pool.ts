// One pool of worker threads for all of the library's parallel work: grid-search candidates,
// Gaussian-process optimizer restarts, active-learning campaigns and forest prediction. A task
// names a function exported by a compiled module of the library (a .js file) and carries plain
// data (copied to the thread, or shared: SharedArrayBuffer / WebAssembly.Memory), so workers
// never receive code.
//
//   await pool().map(file, "scoreCandidate", tasks)        // async: the calling thread stays free
//   pool().mapSync(file, "runRestarts", jobs, runRestarts)  // sync: job 0 runs here, the rest in
//                                                           // workers; this thread then waits
//
// The sync form exists because fit() returns the estimator (scikit-learn's contract), so a GP
// fit cannot await; it blocks only while its own restarts run. Workers are started on first use,
// kept for the next call, and never keep the process alive.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MessageChannel, MessagePort, Worker, isMainThread, receiveMessageOnPort } from "worker_threads";

/** Number of CPU cores Node may use (at least 1). */
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

const WORKER_FILE = path.join(__dirname, "pool-worker.js");

/** True when worker threads can run compiled library code (false when running the .ts sources). */
export function workersAvailable(): boolean {
  return __filename.endsWith(".js") && fs.existsSync(WORKER_FILE);
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

interface Slot {
  worker: Worker;
  /** Port on which sync replies arrive (read with receiveMessageOnPort while blocked). */
  syncPort: MessagePort;
  busy: boolean;
}

/** A fixed set of worker threads that run named functions of compiled library modules. */
export class WorkerPool {
  private slots: Slot[] = [];
  private nextId = 1;

  constructor(readonly maxThreads = availableCores()) {}

  private slot(i: number): Slot {
    while (this.slots.length <= i) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_FILE, { workerData: { syncPort: port2 }, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.slots.push({ worker, syncPort: port1, busy: false });
    }
    return this.slots[i];
  }

  /**
   * Runs fn(task) for every task on up to `threads` workers (default: all cores), handing out
   * the next task as each worker finishes; results come back in task order. A task's error is
   * rethrown with the worker's stack.
   */
  async map<J, R>(moduleFile: string, fnName: string, tasks: J[], threads = this.maxThreads): Promise<R[]> {
    const results = new Array<R>(tasks.length);
    if (!tasks.length) return results;
    if (!isMainThread || !workersAvailable()) throw new Error("WorkerPool.map: worker threads are not available here (call it from the main thread of compiled code)");
    const n = Math.max(1, Math.min(threads, this.maxThreads, tasks.length));
    let next = 0;
    const runOn = async (i: number): Promise<void> => {
      const s = this.slot(i);
      s.worker.ref();
      try {
        while (next < tasks.length) {
          const index = next++;
          results[index] = (await this.call(s, moduleFile, fnName, tasks[index])) as R;
        }
      } finally {
        s.worker.unref();
      }
    };
    await Promise.all(Array.from({ length: n }, (_, i) => runOn(i)));
    return results;
  }

  private call(s: Slot, moduleFile: string, fnName: string, job: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (msg: Reply): void => {
        if (msg.id !== id) return;
        cleanup();
        if (msg.ok) resolve(msg.result);
        else reject(new Error(msg.error));
      };
      const onError = (e: Error): void => {
        cleanup();
        this.slots = this.slots.filter((x) => x !== s); // a crashed worker is replaced next time
        reject(e);
      };
      const cleanup = (): void => {
        s.worker.off("message", onMessage);
        s.worker.off("error", onError);
      };
      s.worker.on("message", onMessage);
      s.worker.on("error", onError);
      s.worker.postMessage({ id, moduleFile, fnName, job, sync: false });
    });
  }

  /**
   * Synchronous map: job 0 runs on this thread (`local` is the same function imported here),
   * jobs 1.. each on a worker, then this thread waits for them. Falls back to running
   * everything here when workers are unavailable.
   */
  mapSync<J, R>(moduleFile: string, fnName: string, jobs: J[], local: (job: J) => R): R[] {
    // Inside a worker (a grid-search candidate fitting a GP, say) everything runs on that thread.
    if (jobs.length <= 1 || !isMainThread || !workersAvailable() || !fs.existsSync(moduleFile)) return jobs.map(local);
    const started: { job: J; slot?: Slot; flag: Int32Array; id: number }[] = [];
    for (let k = 1; k < jobs.length; k++) {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const id = this.nextId++;
      let slot: Slot | undefined;
      for (let i = 0; i < this.maxThreads; i++) {
        const s = this.slot(i);
        if (!s.busy) {
          slot = s;
          break;
        }
      }
      if (slot) {
        slot.busy = true;
        slot.worker.postMessage({ id, moduleFile, fnName, job: jobs[k], sync: true, flag });
      }
      started.push({ job: jobs[k], slot, flag, id });
    }
    const results: R[] = [];
    try {
      results.push(local(jobs[0]));
    } finally {
      for (const s of started) {
        if (!s.slot) continue;
        Atomics.wait(s.flag, 0, 0, 30 * 60 * 1000);
        const msg = receiveMessageOnPort(s.slot.syncPort)?.message as Reply | undefined;
        s.slot.busy = false;
        (s as { reply?: Reply }).reply = msg;
      }
    }
    for (const s of started) {
      const msg = (s as { reply?: Reply }).reply;
      if (!s.slot || !msg) results.push(local(s.job)); // no free worker, or it never answered
      else if (!msg.ok) throw new Error(`worker thread failed: ${msg.error}`);
      else results.push(msg.result as R);
    }
    return results;
  }

  /** Stops every worker (the pool restarts them on next use). */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

let shared: WorkerPool | undefined;

/** The process-wide pool (one worker per core). */
export function pool(): WorkerPool {
  if (!shared) shared = new WorkerPool();
  return shared;
}

/**
 * The compiled module file that exports `value` (a class or function), found among the loaded
 * modules; workers require that file to get the same class. The file that defines it is
 * preferred over one that re-exports it (an index.ts: compiled re-exports are getters), so a
 * worker loads one small module, not the whole library. Undefined when no module exports it.
 */
export function moduleFileOf(value: unknown): string | undefined {
  let reexport: string | undefined;
  for (const m of Object.values(require.cache)) {
    if (!m || !m.exports || typeof m.exports !== "object") continue;
    for (const [key, v] of Object.entries(m.exports as object)) {
      if (v !== value) continue;
      if ("value" in (Object.getOwnPropertyDescriptor(m.exports, key) ?? {})) return m.filename;
      reexport ??= m.filename;
    }
  }
  return reexport;
}
