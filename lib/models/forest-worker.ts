// The helper thread of forest prediction (see forest-predict.ts). It compiles the WebAssembly
// kernel against the memory it shares with the main thread, then, for each job, takes chunks
// of trees until none are left.
import { parentPort, workerData } from "worker_threads";
import { KernelJob, workOnJob } from "./forest-predict";
import { instantiateKernel } from "./forest-kernel";

const memory = (workerData as { memory: WebAssembly.Memory }).memory;
const sumTree = instantiateKernel(memory);

parentPort?.on("message", (job: KernelJob) => workOnJob(job, memory, sumTree));
