// The body of every worker thread of the pool (pool.ts): for each message, load the named
// function from a compiled library module, run it on the job, and reply — on the parent port
// for async calls, or on the sync port plus a shared flag the blocked caller waits on.
import { parentPort, workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";

const { syncPort } = workerData as { syncPort: MessagePort };

interface Request {
  id: number;
  moduleFile: string;
  fnName: string;
  job: unknown;
  sync: boolean;
  flag?: Int32Array;
}

parentPort?.on("message", (req: Request) => {
  let reply: { id: number; ok: boolean; result?: unknown; error?: string };
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fn = require(req.moduleFile)[req.fnName] as (job: unknown) => unknown;
    if (typeof fn !== "function") throw new Error(`${req.moduleFile} exports no function ${req.fnName}`);
    reply = { id: req.id, ok: true, result: fn(req.job) };
  } catch (e) {
    reply = { id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  if (req.sync && req.flag) {
    syncPort.postMessage(reply);
    Atomics.store(req.flag, 0, 1);
    Atomics.notify(req.flag, 0);
  } else {
    parentPort?.postMessage(reply);
  }
});
