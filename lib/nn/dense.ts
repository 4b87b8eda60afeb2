// A fully connected (dense) neural network for regression, the tutorial's band-gap network:
//   50 scaled descriptors → Dense 100 tanh → Dense 100 tanh → Dense 1 relu   (15,301 weights)
// Each layer computes a = f(W·x + b); tanh bends the response, and the relu at the end keeps
// predicted band gaps at or above zero. Trained with Adam on the mean squared error.
//
//   const net = new DenseRegressor({ hiddenLayers: [100, 100], epochs: 100, seed: 0 });
//   await net.fit(XtrainScaled, yTrain);       // async: the learning curve redraws while it runs
//   const yHat = net.predict(XtestScaled);     // number[]
import { tf } from "./backend";
import { DataError } from "../core/errors";
import { XInput, YInput, toVector } from "../core/input";
import { declareParams } from "../core/params";
import { registerEstimator } from "../core/registry";
import { custom, oneOf } from "../core/rules";
import { BackendName } from "./backend";
import { Activation, DenseAdamStep } from "./dense-step";
import { BatchTrainer, checkFloat32Rows, FitOptions, FLOAT32_MAX, Network, TrainingParams, trainingParamDecls } from "./network";

export type { Activation };
const ACTIVATIONS: Activation[] = ["tanh", "relu", "sigmoid", "linear"];

/** Options of DenseRegressor (the training options are those of every network). */
export interface DenseRegressorParams extends TrainingParams {
  /** Units of each hidden layer (default [100, 100]). */
  hiddenLayers?: number[];
  /** Activation of the hidden layers (default "tanh"). */
  activation?: Activation;
  /** Activation of the single output unit (default "relu": predictions >= 0). */
  outputActivation?: Activation;
}

/**
 * The largest |target| a float32 network can train on: the squared error of a larger target
 * overflows float32 (√3.4e38 ≈ 1.8e19) and the loss becomes Infinity.
 */
const MAX_TARGET = Math.sqrt(FLOAT32_MAX);

/** A multilayer perceptron for regression (Keras' Sequential of Dense layers), trained with Adam on the MSE. */
export class DenseRegressor extends Network<DenseRegressorParams> {
  static readonly paramSpec = declareParams<DenseRegressorParams>({
    hiddenLayers: {
      default: [100, 100],
      rule: custom((v) => Array.isArray(v) && v.every((u) => Number.isInteger(u) && u >= 1), "an array of positive integers (units per hidden layer)"),
      doc: "Units of each hidden layer.",
    },
    activation: { default: "tanh", rule: oneOf(...ACTIVATIONS), doc: "Activation of the hidden layers." },
    outputActivation: { default: "relu", rule: oneOf(...ACTIVATIONS), doc: 'Activation of the single output unit ("relu": predictions >= 0).' },
    ...trainingParamDecls({ epochs: 100, validationSplit: 0.2 }),
  });
  readonly estimatorType = "regressor" as const;

  protected build(inputShape: number[]): tf.LayersModel {
    const p = this.params;
    const model = tf.sequential();
    p.hiddenLayers.forEach((units, i) => {
      model.add(tf.layers.dense({ units, activation: p.activation, kernelInitializer: this.initializer(i), ...(i === 0 ? { inputShape } : {}) }));
    });
    model.add(tf.layers.dense({ units: 1, activation: p.outputActivation, kernelInitializer: this.initializer(p.hiddenLayers.length) }));
    return model;
  }

  /**
   * On the WebAssembly backend, batches train through DenseAdamStep (the same step as
   * optimizer.minimize, with ~20× fewer kernel calls; see dense-step.ts).
   */
  protected batchTrainer(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, backend: BackendName): BatchTrainer | null {
    if (backend !== "wasm") return null;
    const p = this.params;
    const nIn = x.shape[1] as number;
    const sizes = [nIn, ...p.hiddenLayers, 1];
    const activations = [...p.hiddenLayers.map(() => p.activation), p.outputActivation];
    const initial = model.getWeights();
    const shapes = initial.map((w) => w.shape);
    const step = new DenseAdamStep(sizes, initial.map((w) => w.dataSync() as Float32Array), activations, { learningRate: p.learningRate as number });
    const X = x.dataSync() as Float32Array;
    const Y = y.dataSync() as Float32Array;
    return {
      trainRows(rows: number[]): number {
        const xb = new Float32Array(rows.length * nIn);
        const yb = new Float32Array(rows.length);
        rows.forEach((r, i) => {
          xb.set(X.subarray(r * nIn, (r + 1) * nIn), i * nIn);
          yb[i] = Y[r];
        });
        return step.step(xb, yb, rows.length);
      },
      meanLoss(xv: tf.Tensor, yv: tf.Tensor): number {
        return step.meanSquaredError(xv.dataSync() as Float32Array, yv.dataSync() as Float32Array, xv.shape[0]);
      },
      writeWeights(target: tf.LayersModel): void {
        const tensors = step.weights.map((w, i) => tf.tensor(w, shapes[i]));
        target.setWeights(tensors);
        tf.dispose(tensors);
      },
    };
  }

  /**
   * Trains on X (rows of already scaled features, or a DataFrame) and y (an array or a Series).
   * The last `validationSplit` of the rows are the validation set, as in Keras'
   * fit(validation_split=...). Every value is checked before training: NaN, infinite values
   * and values beyond float32's range are errors naming the row. Resolves to the network.
   */
  async fit(X: XInput, y: YInput, options: FitOptions = {}): Promise<this> {
    const who = `${this.estimatorName}.fit`;
    // validateX forgets (and frees) any previous fit; a fit that fails leaves the network unfitted.
    const Xm = this.validateX(X, "fit", true);
    const yv = toVector(y, who, Xm.length);
    checkFloat32Rows(Xm, who);
    yv.forEach((v, i) => {
      if (Math.abs(v) > MAX_TARGET) {
        throw new DataError(`${who}: y[${i}] = ${v} is too large for a float32 network (its squared error exceeds float32's range, 3.4e38, above |y| = 1.8e19); rescale the targets`);
      }
    });
    const x = tf.tensor2d(Xm);
    const yt = tf.tensor2d(yv, [yv.length, 1]);
    try {
      await this.train({ x, y: yt }, options);
    } finally {
      x.dispose();
      yt.dispose();
    }
    return this;
  }

  /** Predictions for the rows of X (number[] of length X.length). */
  predict(X: XInput): number[] {
    const Xm = this.validateX(X, "predict", false);
    checkFloat32Rows(Xm, `${this.estimatorName}.predict`);
    const x = tf.tensor2d(Xm);
    try {
      return this.forward(x, "predict").map((r) => r[0]);
    } finally {
      x.dispose();
    }
  }

  /**
   * Learned weights of layer `layer` (0 = first hidden layer) as rows: kernel[i][j] is the
   * weight from input i to unit j; bias[j] the unit's bias.
   */
  layerWeights(layer = 0): { kernel: number[][]; bias: number[] } {
    const model = this.fittedModel("layerWeights");
    const dense = model.layers[layer];
    if (!dense) throw new DataError(`${this.estimatorName}.layerWeights: layer ${layer} does not exist (0..${model.layers.length - 1})`);
    const [kernel, bias] = dense.getWeights();
    return { kernel: kernel.arraySync() as number[][], bias: bias.arraySync() as number[] };
  }

  protected checkLoaded(model: tf.LayersModel, file: string): void {
    const width = model.inputs[0]?.shape[1];
    if (!(Number.isInteger(this.nFeaturesIn_) && this.nFeaturesIn_ === width)) {
      throw new DataError(`${this.estimatorName}.load: ${file} says the network takes ${String(this.nFeaturesIn_)} features, but its model takes ${String(width)}`);
    }
  }

  /** Loads a DenseRegressor written by save(dir); every file is checked (see Network.readSaved). */
  static load(dir: string): Promise<DenseRegressor> {
    return Network.readSaved(dir, (p: DenseRegressorParams) => new DenseRegressor(p), "DenseRegressor");
  }
}

registerEstimator(DenseRegressor);
