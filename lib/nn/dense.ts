// A fully connected (dense) neural network for regression, the tutorial's band-gap network:
//   50 scaled descriptors → Dense 100 tanh → Dense 100 tanh → Dense 1 relu   (15,301 weights)
// Each layer computes a = f(W·x + b); tanh bends the response, and the relu at the end keeps
// predicted band gaps at or above zero. Trained with Adam on the mean squared error.
//
//   const net = new DenseRegressor({ hiddenLayers: [100, 100], epochs: 100, seed: 0 });
//   await net.fit(XtrainScaled, yTrain);       // async: the learning curve redraws while it runs
//   const yHat = net.predict(XtestScaled);     // number[]
import { tf } from "./backend";
import { checkParam, toMatrix, toVector, XInput, YInput } from "../models/base";
import { checkTrainingParams, EarlyStopping, FitOptions, Network, TrainingParams } from "./network";

export type Activation = "tanh" | "relu" | "sigmoid" | "linear";
const ACTIVATIONS: Activation[] = ["tanh", "relu", "sigmoid", "linear"];

export interface DenseRegressorParams {
  /** Units of each hidden layer (default [100, 100]). */
  hiddenLayers?: number[];
  /** Activation of the hidden layers (default "tanh"). */
  activation?: Activation;
  /** Activation of the single output unit (default "relu": predictions >= 0). */
  outputActivation?: Activation;
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /** Passes over the training rows (default 100). */
  epochs?: number;
  /** Rows per weight update (default 32). */
  batchSize?: number;
  /** Fraction of the fit() rows, taken from the end, used for validation (default 0.2). */
  validationSplit?: number;
  /** Seed of the initial weights and of the shuffling (default 0). */
  seed?: number;
  /** Stop when the validation loss stalls (default: off, train all epochs). */
  earlyStopping?: EarlyStopping | null;
}

type Params = Required<DenseRegressorParams> & TrainingParams;

export class DenseRegressor extends Network<Params> {
  /** Number of input features seen by fit(). */
  nFeatures?: number;

  constructor(params: DenseRegressorParams = {}) {
    const p: Params = {
      hiddenLayers: [100, 100],
      activation: "tanh",
      outputActivation: "relu",
      learningRate: 1e-3,
      epochs: 100,
      batchSize: 32,
      validationSplit: 0.2,
      seed: 0,
      earlyStopping: null,
      ...params,
    };
    checkParam(Array.isArray(p.hiddenLayers) && p.hiddenLayers.every((u) => Number.isInteger(u) && u >= 1), "DenseRegressor", "hiddenLayers", p.hiddenLayers, "an array of positive integers (units per hidden layer)");
    checkParam(ACTIVATIONS.includes(p.activation), "DenseRegressor", "activation", p.activation, `one of ${ACTIVATIONS.join(", ")}`);
    checkParam(ACTIVATIONS.includes(p.outputActivation), "DenseRegressor", "outputActivation", p.outputActivation, `one of ${ACTIVATIONS.join(", ")}`);
    checkTrainingParams(p, "DenseRegressor");
    super({ ...p, hiddenLayers: [...p.hiddenLayers] });
  }

  protected get kind(): string {
    return "DenseRegressor";
  }

  protected get isClassifier(): boolean {
    return false;
  }

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
   * Trains on X (rows of already scaled features) and y. The last `validationSplit` of the rows
   * are the validation set, as in Keras' fit(validation_split=...). Resolves to the network.
   */
  async fit(X: XInput, y: YInput, options: FitOptions = {}): Promise<this> {
    const Xm = toMatrix(X, "DenseRegressor.fit");
    const yv = toVector(y, "DenseRegressor.fit", Xm.length);
    this.nFeatures = Xm[0].length;
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
    this.fitted("DenseRegressor.predict");
    const Xm = toMatrix(X, "DenseRegressor.predict", this.nFeatures);
    const x = tf.tensor2d(Xm);
    try {
      return this.forward(x, "DenseRegressor.predict").map((r) => r[0]);
    } finally {
      x.dispose();
    }
  }

  /**
   * Learned weights of layer `layer` (0 = first hidden layer) as rows: kernel[i][j] is the
   * weight from input i to unit j; bias[j] the unit's bias.
   */
  layerWeights(layer = 0): { kernel: number[][]; bias: number[] } {
    const model = this.fitted("DenseRegressor.layerWeights");
    const dense = model.layers[layer];
    if (!dense) throw new Error(`DenseRegressor.layerWeights: layer ${layer} does not exist (0..${model.layers.length - 1})`);
    const [kernel, bias] = dense.getWeights();
    return { kernel: kernel.arraySync() as number[][], bias: bias.arraySync() as number[] };
  }

  protected saveExtra(): Record<string, unknown> {
    return { nFeatures: this.nFeatures };
  }

  protected loadExtra(extra: Record<string, unknown>): void {
    this.nFeatures = extra.nFeatures as number;
  }

  /** Loads a DenseRegressor written by save(dir). */
  static load(dir: string): Promise<DenseRegressor> {
    return Network.readSaved(dir, (p: DenseRegressorParams) => new DenseRegressor(p));
  }
}
