// A worker thread of the fast screen (screen.ts): takes blocks of compositions from the shared
// counter until none are left, then posts what it kept.
import { parentPort, workerData } from "worker_threads";
import { ScreenJob, runScreenJob } from "./screen-job";

try {
  parentPort?.postMessage({ state: runScreenJob(workerData as ScreenJob) });
} catch (e) {
  parentPort?.postMessage({ error: e instanceof Error ? e.stack ?? e.message : String(e) });
}
