// Bench steps for the neural networks (issue 6), the same work as scripts/bench/nn.py does with
// PyTorch 1.13 on as many threads as ours (MATML_WASM_THREADS, default 1; --reference-threads N overrides):
//   mlp_100_epochs         Dense 100 tanh → Dense 100 tanh → Dense 1 relu, Adam 1e-3, MSE,
//                          batch 32, 100 epochs on 327 rows × 50 features, validation loss on
//                          82 rows after every epoch
//   cnn_epoch_6000_images  Conv 8 → pool → Conv 16 → pool → dense softmax (5 classes), one epoch
//                          over 6,000 28×28 lattice images, batch 32
// Timing does not depend on the values, so the dense net trains on seeded random numbers of the
// right shape. Each sample trains a fresh network; the step reports the TensorFlow.js backend and
// its thread count.
import { BenchStep } from "./bench";
import { Random } from "../lib/core/random";
import { backendThreads, initBackend } from "../lib/nn/backend";
import { DenseRegressor } from "../lib/nn/dense";
import { CnnClassifier } from "../lib/nn/cnn";
import { latticeImages } from "../lib/nn/lattice-images";

async function mlp100Epochs(): Promise<() => Promise<void>> {
  const rng = new Random(0);
  // 409 rows with validationSplit 0.2 → 327 training rows and 82 validation rows.
  const X = Array.from({ length: 409 }, () => Array.from({ length: 50 }, () => rng.next()));
  const y = X.map(() => 5 * rng.next());
  await initBackend();
  return async () => (await new DenseRegressor({ epochs: 100, batchSize: 32, validationSplit: 0.2, seed: 0 }).fit(X, y, { live: "off" })).dispose();
}

async function cnnEpoch6000Images(): Promise<() => Promise<void>> {
  const images = latticeImages({ count: 6000, seed: 0 });
  await initBackend();
  return async () => (await new CnnClassifier({ epochs: 1, batchSize: 32, validationSplit: 0, seed: 0 }).fit(images, { live: "off" })).dispose();
}

// MATML_WASM_THREADS sets the wasm backend's threads (see lib/nn/backend.ts); scripts/bench/nn.py
// gives PyTorch the same number unless --reference-threads says otherwise.
const backendInfo = async () => ({ backend: await initBackend(), threads: await backendThreads() });

export const steps: BenchStep[] = [
  { name: "mlp_100_epochs", prepare: mlp100Epochs, info: backendInfo },
  { name: "cnn_epoch_6000_images", prepare: cnnEpoch6000Images, info: backendInfo },
];
