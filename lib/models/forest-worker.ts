// The helper thread of forest prediction (see forest-predict.ts). It compiles the WebAssembly
// kernel against the memory it shares with the main thread, then, for each job, takes chunks
// of trees until none are left.
import { parentPort, workerData } from "worker_threads";
import { KernelJob, workOnJob } from "./forest-predict";
import { instantiateKernel } from "./forest-kernel";

// (Not named `module`: in a CommonJS file that name is taken.)
const { memory, compiled } = workerData as { memory: WebAssembly.Memory; compiled: WebAssembly.Module };
const { sumTree } = instantiateKernel(memory, compiled);

parentPort?.on("message", (job: KernelJob) => workOnJob(job, memory, sumTree));
