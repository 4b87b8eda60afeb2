// The helper thread of forest prediction (see forest-predict.ts): it receives prediction jobs
// whose buffers live in shared memory and takes chunks of trees until none are left.
import { parentPort } from "worker_threads";
import { ForestJob, workOnJob } from "./forest-predict";

parentPort?.on("message", (job: ForestJob) => workOnJob(job));
