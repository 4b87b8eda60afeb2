// Starting TensorFlow.js's threaded WebAssembly build (tfjs-backend-wasm-threaded-simd.wasm) in
// Node. @tensorflow/tfjs-backend-wasm 4.22 ships it but never uses it in Node, for three reasons
// this file works around, each only for the duration of `tf.setBackend("wasm")`:
//
// 1. Its WASM_HAS_MULTITHREAD_SUPPORT flag returns false whenever IS_NODE (flags_wasm.js, "Enable
//    node support once tensorflow/tfjs#3830 is resolved"). We set the flag to true.
// 2. Its locateFile hands Emscripten's pthread glue the worker script as a `blob:` URL, and the
//    main script as a Blob; Node's worker_threads.Worker accepts neither. The glue assigns
//    `global.Worker = require("worker_threads").Worker` and then calls `new Worker(url)`; we give
//    it a Worker that runs the worker script's text (the package's wasmWorkerContents) with
//    `eval: true` and that replaces the Blob in the "load" message by the path of the package's
//    own copy of the Emscripten glue (wasm-out/tfjs-backend-wasm-threaded-simd.js).
// 3. The C++ side caps the thread count at emscripten_num_logical_cores() / 2 (it assumes two
//    hyper-threads per core), which Node answers with os.cpus().length; on a 2-CPU machine that
//    caps every request at 1 thread. We make os.cpus() list each CPU as often as needed.
// Afterwards the pthread workers are unref'd so that they do not keep the process alive (XNNPACK's
// pool threads run until exit).
import * as fs from "fs";
import * as path from "path";
import * as workerThreads from "worker_threads";
import { ParamError } from "../core/errors";

/**
 * The most threads the threaded build can use: Emscripten pre-starts a pool of 8 workers
 * (PTHREAD_POOL_SIZE) and tfjs caps its thread pool there.
 */
export const MAX_WASM_THREADS = 8;

/**
 * The thread count asked for by MATML_WASM_THREADS (`value`): undefined when it is unset or empty
 * (the single-threaded SIMD build), else an integer 1..MAX_WASM_THREADS. Anything else is a
 * ParamError naming the value.
 */
export function wasmThreads(value: string | undefined = process.env.MATML_WASM_THREADS): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new ParamError(`MATML_WASM_THREADS=${JSON.stringify(value)} must be a whole number of threads from 1 to ${MAX_WASM_THREADS} (or unset for the single-threaded WebAssembly build)`);
  }
  return n;
}

/** The part of the tfjs-backend-wasm module this file uses. */
interface WasmBackendModule {
  setThreadsCount(n: number): void;
}

/** The folder of the installed @tensorflow/tfjs-backend-wasm package. */
function wasmPackageDir(): string {
  return path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
}

/**
 * Prepares the next `tf.setBackend("wasm")` to start the threaded SIMD build with `threads`
 * threads (the caller's thread plus threads − 1 workers). `setFlag` sets
 * WASM_HAS_MULTITHREAD_SUPPORT. Returns `finish`, to be called once setBackend has settled (also
 * when it failed): it undoes the global changes and, given the backend's Emscripten module, unrefs
 * its running workers.
 */
export function prepareThreadedWasm(wasm: WasmBackendModule, threads: number, setFlag: () => void): (module?: { PThread?: { runningWorkers: workerThreads.Worker[] } }) => void {
  const dir = wasmPackageDir();
  const glue = path.join(dir, "wasm-out", "tfjs-backend-wasm-threaded-simd.js");
  if (!fs.existsSync(glue)) throw new Error(`the threaded WebAssembly build's script ${glue} is missing from @tensorflow/tfjs-backend-wasm`);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { wasmWorkerContents } = require(path.join(dir, "wasm-out", "tfjs-backend-wasm-threaded-simd.worker.js")) as { wasmWorkerContents: string };
  // The text came from a template literal, so "\n" inside its string literals became real line
  // breaks; put the escapes back (tfjs does the same before making its Blob).
  const workerSource = wasmWorkerContents.replace(/\n/g, "\\n");

  /** A worker_threads.Worker that Emscripten's pthread glue can use in Node (see the top of this file). */
  class PthreadWorker extends workerThreads.Worker {
    constructor() {
      super(workerSource, { eval: true });
    }
    postMessage(message: unknown, transfer?: readonly workerThreads.TransferListItem[]): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
      if (m?.cmd === "load" && typeof m.urlOrBlob !== "string") message = { ...m, urlOrBlob: glue };
      super.postMessage(message, transfer);
    }
  }

  const g = globalThis as Record<string, unknown>;
  const workerBefore = Object.getOwnPropertyDescriptor(g, "Worker");
  // The glue's `global.Worker = worker_threads.Worker` must not replace ours: ignore assignments.
  Object.defineProperty(g, "Worker", { configurable: true, get: () => PthreadWorker, set: () => undefined });
  // The os module object itself (an `import * as` namespace would be a copy under esModuleInterop).
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const osModule = require("os") as { cpus: () => unknown[] };
  const cpus = osModule.cpus;
  osModule.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
  wasm.setThreadsCount(threads);
  setFlag();

  return (module) => {
    osModule.cpus = cpus;
    if (workerBefore) Object.defineProperty(g, "Worker", workerBefore);
    else delete g.Worker;
    for (const worker of module?.PThread?.runningWorkers ?? []) worker.unref();
  };
}
