// The one place that chooses TensorFlow.js's backend. Order: the native tfjs-node binding (a
// user's machine where libtensorflow downloaded), then WebAssembly, then plain JavaScript (cpu).
// Everything else in lib/ imports `tf` from here and never a backend package directly.
//
// MATML_BACKEND=tensorflow|wasm|cpu forces one: an unknown name is an error listing the valid
// ones, and a forced backend that cannot load is an error saying why (never a quiet fallback).
// MATML_WASM_THREADS=N (1..8) runs the WebAssembly backend's threaded SIMD build on N threads
// (see wasm-threads.ts); unset, it uses the single-threaded SIMD build. A threaded build that
// cannot start, or starts with another thread count, is an error.
import * as tf from "@tensorflow/tfjs";
import * as path from "path";
import { ParamError } from "../core/errors";
import { registerWasmConvGrad } from "./wasm-conv-grad";
import { prepareThreadedWasm, wasmThreads } from "./wasm-threads";

export { tf };

/** The TensorFlow.js backends matml can use. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Every backend name, fastest first (the automatic choice tries them in this order). */
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

let chosen: Promise<BackendName> | undefined;
let ready: BackendName | undefined;
/** Why the chosen backend was chosen (forced, or what failed before it), for describeBackend. */
let reason = "";
const hooks: ((name: BackendName) => void)[] = [];

/** Runs `hook` on the backend once it is chosen (used to register extra wasm kernels). */
export function onBackendReady(hook: (name: BackendName) => void): void {
  // Chosen already: run it now; otherwise initBackend runs it once the choice is made.
  if (ready) hook(ready);
  else hooks.push(hook);
}

/**
 * The backend forced by MATML_BACKEND (`value`), or undefined when it is unset or empty.
 * Anything else than a backend name is a ParamError that lists the valid names.
 */
export function forcedBackend(value: string | undefined = process.env.MATML_BACKEND): BackendName | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const name = value.trim();
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new ParamError(`MATML_BACKEND=${JSON.stringify(value)} is not a TensorFlow.js backend; valid names: ${BACKEND_NAMES.join(", ")} (or leave it unset to use the fastest one that loads)`);
  }
  return name as BackendName;
}

/** Why `require(pkg)` failed, in words: "not installed" or the loader's own message. */
function requireFailure(pkg: string, what: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "MODULE_NOT_FOUND" && String(err.message).includes(pkg)) return `${what} is not installed`;
  return `${what} failed to load: ${err?.message ?? String(e)}`;
}

/** Loads one backend and makes it current; returns null when it is ready, else why it is not. */
async function load(name: BackendName): Promise<string | null> {
  if (name === "tensorflow") {
    try {
      // Installed under an alias (optionalDependencies) so that a failed download never breaks npm ci.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      require("tfjs-node-native");
    } catch (e) {
      return requireFailure("tfjs-node-native", "the native binding tfjs-node (optional package tfjs-node-native)", e);
    }
    return (await tf.setBackend("tensorflow")) ? null : "tfjs-node is installed but its backend did not start";
  }
  if (name === "wasm") {
    let wasm: { setWasmPaths(prefix: string): void; setThreadsCount(n: number): void; getThreadsCount(): number };
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      wasm = require("@tensorflow/tfjs-backend-wasm");
      const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
      wasm.setWasmPaths(dist + path.sep);
    } catch (e) {
      return requireFailure("@tensorflow/tfjs-backend-wasm", "the WebAssembly backend (@tensorflow/tfjs-backend-wasm)", e);
    }
    const threads = wasmThreads();
    if (threads !== undefined && threads > 1) {
      await startThreadedWasm(wasm, threads);
    } else if (!(await tf.setBackend("wasm"))) {
      return "the WebAssembly backend is installed but did not start";
    }
    // wasm lacks the filter gradient of a convolution; add ours so that CNNs can train.
    registerWasmConvGrad();
    return null;
  }
  return (await tf.setBackend("cpu")) ? null : "the cpu backend did not start";
}

/**
 * Starts the threaded wasm build on `threads` threads, or throws why not (MATML_WASM_THREADS asked
 * for it, so falling back to another build or backend would be a quiet change of speed).
 */
async function startThreadedWasm(wasm: { setThreadsCount(n: number): void; getThreadsCount(): number }, threads: number): Promise<void> {
  const what = `MATML_WASM_THREADS=${threads}: the threaded WebAssembly build`;
  const finish = prepareThreadedWasm(wasm, threads, () => tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true));
  let started = false;
  try {
    started = await tf.setBackend("wasm");
  } catch (e) {
    throw new Error(`${what} failed to start: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    finish(started ? (tf.findBackend("wasm") as unknown as { wasm: Parameters<typeof finish>[0] }).wasm : undefined);
  }
  if (!started) throw new Error(`${what} did not start`);
  const actual = wasm.getThreadsCount();
  if (actual !== threads) throw new Error(`${what} started with ${actual} thread(s) instead of ${threads}`);
}

/** Picks the backend: the forced one (or an error), else the first that loads. */
async function choose(): Promise<BackendName> {
  const forced = forcedBackend();
  wasmThreads(); // a bad MATML_WASM_THREADS is an error whichever backend is chosen
  let name: BackendName | undefined;
  if (forced) {
    const failure = await load(forced);
    if (failure) throw new Error(`MATML_BACKEND=${forced}: ${failure}. Install it, or unset MATML_BACKEND to use the fastest backend that loads (${BACKEND_NAMES.join(", ")})`);
    name = forced;
    reason = `forced by MATML_BACKEND=${forced}`;
  } else {
    const failures: string[] = [];
    for (const candidate of BACKEND_NAMES) {
      const failure = await load(candidate);
      if (!failure) {
        name = candidate;
        break;
      }
      failures.push(failure);
    }
    if (!name) throw new Error(`no TensorFlow.js backend could load: ${failures.join("; ")}`);
    reason = failures.join("; ");
  }
  await tf.ready();
  ready = name;
  for (const hook of hooks.splice(0)) hook(name);
  return name;
}

/**
 * Selects the backend once (later calls return the same answer): MATML_BACKEND if set, else
 * the fastest that loads. A failed choice (e.g. a bad MATML_BACKEND) is retried on the next call.
 */
export function initBackend(): Promise<BackendName> {
  if (!chosen) {
    chosen = choose().catch((e) => {
      chosen = undefined;
      throw e;
    });
  }
  return chosen;
}

/**
 * How many threads the chosen backend's kernels run on: the WebAssembly backend's thread count
 * (1 unless MATML_WASM_THREADS asked for more), 1 for cpu, and "libtensorflow's own pool" for
 * the native binding (which sizes its pool itself).
 */
export async function backendThreads(): Promise<number | "libtensorflow's own pool"> {
  const name = await initBackend();
  if (name === "tensorflow") return "libtensorflow's own pool";
  if (name === "cpu") return 1;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (require("@tensorflow/tfjs-backend-wasm") as { getThreadsCount(): number }).getThreadsCount();
}

/** A sentence for notebooks: which backend runs the tensors and why. */
export async function describeBackend(): Promise<string> {
  const name = await initBackend();
  const what: Record<BackendName, string> = {
    tensorflow: "native libtensorflow via tfjs-node (fastest)",
    wasm: `WebAssembly (the fast fallback) on ${await backendThreads()} thread(s)`,
    cpu: "plain JavaScript (the slowest)",
  };
  return `TensorFlow.js ${tf.version.tfjs} backend: ${name} — ${what[name]}${reason ? `; ${reason}` : ""}`;
}
