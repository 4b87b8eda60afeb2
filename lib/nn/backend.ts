// The one place that chooses TensorFlow.js's backend. Order: the native tfjs-node binding (a
// user's machine where libtensorflow downloaded), then WebAssembly, then plain JavaScript (cpu).
// Everything else in lib/ imports `tf` from here and never a backend package directly.
import * as tf from "@tensorflow/tfjs";
import * as path from "path";
import { registerWasmConvGrad } from "./wasm-conv-grad";

export { tf };

export type BackendName = "tensorflow" | "wasm" | "cpu";

let chosen: Promise<BackendName> | undefined;
let ready: BackendName | undefined;
const hooks: ((name: BackendName) => void)[] = [];

/** Runs `hook` on the backend once it is chosen (used to register extra wasm kernels). */
export function onBackendReady(hook: (name: BackendName) => void): void {
  // Chosen already: run it now; otherwise initBackend runs it once the choice is made.
  if (ready) hook(ready);
  else hooks.push(hook);
}

async function tryNative(): Promise<boolean> {
  if (process.env.MATML_BACKEND && process.env.MATML_BACKEND !== "tensorflow") return false;
  try {
    // Installed under an alias (optionalDependencies) so that a failed download never breaks npm ci.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("tfjs-node-native");
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  if (process.env.MATML_BACKEND && process.env.MATML_BACKEND !== "wasm") return false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const wasm = require("@tensorflow/tfjs-backend-wasm");
    const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(dist + path.sep);
    if (!(await tf.setBackend("wasm"))) return false;
    // wasm lacks the filter gradient of a convolution; add ours so that CNNs can train.
    registerWasmConvGrad();
    return true;
  } catch {
    return false;
  }
}

/**
 * Selects the fastest backend that loads (once; later calls return the same answer).
 * Set MATML_BACKEND=tensorflow|wasm|cpu to force one.
 */
export function initBackend(): Promise<BackendName> {
  if (!chosen) {
    chosen = (async () => {
      let name: BackendName;
      if (await tryNative()) name = "tensorflow";
      else if (await tryWasm()) name = "wasm";
      else {
        await tf.setBackend("cpu");
        name = "cpu";
      }
      await tf.ready();
      ready = name;
      for (const hook of hooks.splice(0)) hook(name);
      return name;
    })();
  }
  return chosen;
}

/** A sentence for notebooks: which backend runs the tensors and why. */
export async function describeBackend(): Promise<string> {
  const name = await initBackend();
  const why: Record<BackendName, string> = {
    tensorflow: "native libtensorflow via tfjs-node (fastest)",
    wasm: "WebAssembly (tfjs-node is not installed here; wasm is the fast fallback)",
    cpu: "plain JavaScript (neither tfjs-node nor wasm could load)",
  };
  return `TensorFlow.js ${tf.version.tfjs} backend: ${name} — ${why[name]}`;
}
