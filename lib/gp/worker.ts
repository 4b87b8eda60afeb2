// The body of every worker thread started by runJobsSync (parallel.ts): load the named function
// from compiled library code, run it on the job, post the result, then raise the shared flag the
// main thread is waiting on.
import { workerData } from "worker_threads";
import type { MessagePort } from "worker_threads";

const { moduleFile, fnName, job, port, flag } = workerData as { moduleFile: string; fnName: string; job: unknown; port: MessagePort; flag: Int32Array };
try {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const fn = require(moduleFile)[fnName] as (job: unknown) => unknown;
  port.postMessage({ ok: true, result: fn(job) });
} catch (e) {
  port.postMessage({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) });
}
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
port.close();
