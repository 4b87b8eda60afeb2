// What the dense regressor and the CNN classifier share: a TensorFlow.js (Keras-style) model,
// a seeded training loop with Adam and mini-batches, validation after every epoch, early
// stopping, a live learning curve, a summary table and saving to / loading from a folder.
//
// Why our own loop and not tf's model.fit(): fit() shuffles with Math.random, so two runs with
// the same seed would differ; here the batches come from the library's seeded Random. The loop
// is the textbook one, for every epoch:
//     shuffle the rows; for every batch of `batchSize` rows:
//         loss = mean over the batch of L(y, model(x));  w ← Adam step along -∂loss/∂w
//     then evaluate the loss on the validation rows (never used for the weight updates).
import * as fs from "fs";
import * as path from "path";
import { tf, initBackend, BackendName } from "./backend";
import { Random } from "../core/random";
import { checkParam } from "../models/base";
import { LiveCurve, LiveMode, yieldToEventLoop } from "./live";

/** Stop when the monitored loss has not improved for `patience` epochs (Keras' EarlyStopping). */
export interface EarlyStopping {
  /** Epochs without improvement before stopping (default 10). */
  patience?: number;
  /** A decrease smaller than this does not count as improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping (default true). */
  restoreBestWeights?: boolean;
}

/** Loss (and accuracy, for classifiers) after every epoch. */
export interface History {
  epoch: number[];
  loss: number[];
  valLoss: number[];
  accuracy: number[];
  valAccuracy: number[];
  /** Epoch whose weights the model ends with (the best one when early stopping restored it). */
  bestEpoch: number;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
  /** Wall-clock training time. */
  seconds: number;
  /** The TensorFlow.js backend that did the work. */
  backend: BackendName | "";
}

/** Settings of one training run, common to all networks. */
export interface TrainingParams {
  /** Adam's step size (default 1e-3). */
  learningRate: number;
  epochs: number;
  batchSize: number;
  /** Fraction of the rows given to fit(), taken from the END as Keras does, kept for validation. */
  validationSplit: number;
  /** Seeds the weight initialisers and the batch shuffling. */
  seed: number;
  earlyStopping: EarlyStopping | null;
}

/** Options of fit() that are about this call, not the model. */
export interface FitOptions {
  /** Live learning curve: "auto" (in a notebook, default), "notebook", "console" or "off". */
  live?: LiveMode | "auto";
  /** A title for the live curve. */
  title?: string;
}

/** Training inputs as tensors: x [n, ...], y [n, 1] (regression) or int32 labels [n]. */
export interface TensorData {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** Checks the training hyperparameters shared by all networks; `who` names the class. */
export function checkTrainingParams(p: TrainingParams, who: string): void {
  checkParam(p.learningRate > 0 && Number.isFinite(p.learningRate), who, "learningRate", p.learningRate, "a positive number");
  checkParam(Number.isInteger(p.epochs) && p.epochs >= 1, who, "epochs", p.epochs, "an integer >= 1");
  checkParam(Number.isInteger(p.batchSize) && p.batchSize >= 1, who, "batchSize", p.batchSize, "an integer >= 1");
  checkParam(p.validationSplit >= 0 && p.validationSplit < 1, who, "validationSplit", p.validationSplit, "a fraction in [0, 1)");
  checkParam(Number.isFinite(p.seed), who, "seed", p.seed, "a finite number");
  if (p.earlyStopping) {
    const { patience = 10, minDelta = 0 } = p.earlyStopping;
    checkParam(Number.isInteger(patience) && patience >= 1, who, "earlyStopping.patience", patience, "an integer >= 1");
    checkParam(minDelta >= 0, who, "earlyStopping.minDelta", minDelta, "a number >= 0");
  }
}

/** Mean squared error over the batch. */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar;
}

/**
 * Sparse categorical cross-entropy: the mean of -log p(true class) with integer labels.
 * TensorFlow.js' layers API only has the one-hot form (categoricalCrossentropy), so the labels
 * are one-hot encoded here first. Probabilities are clipped to [1e-7, 1 - 1e-7] as Keras does.
 */
export function sparseCategoricalCrossentropy(labels: tf.Tensor, probs: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels.toInt(), probs.shape[probs.shape.length - 1] as number);
    const logP = tf.log(tf.clipByValue(probs, 1e-7, 1 - 1e-7));
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logP), -1))) as tf.Scalar;
  });
}

/** How many predicted classes (argmax of probs) equal the labels, as a scalar tensor. */
function correctCount(labels: tf.Tensor, probs: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(probs, -1), labels.toInt()), "float32")) as tf.Scalar);
}

/** Rows [start, end) of a tensor along its first axis. */
function rows(t: tf.Tensor, start: number, end: number): tf.Tensor {
  return tf.slice(t, [start], [end - start]);
}

/** Everything saved beside the TensorFlow.js files, to rebuild the estimator. */
interface SavedMeta {
  kind: string;
  params: unknown;
  history: History | null;
  extra: Record<string, unknown>;
}

/** The shared part of DenseRegressor and CnnClassifier. */
export abstract class Network<P extends TrainingParams> {
  readonly params: Readonly<P>;
  /** The TensorFlow.js model, set by fit() (or load()). */
  model?: tf.LayersModel;
  /** Loss per epoch of the last fit(). */
  history?: History;

  constructor(params: P) {
    this.params = Object.freeze({ ...params });
  }

  /** Kind name stored in saved folders. */
  protected abstract get kind(): string;
  /** True for classifiers (cross-entropy and accuracy), false for regressors (MSE). */
  protected abstract get isClassifier(): boolean;
  /** Builds the untrained Keras-style model for inputs of the given shape (without batch axis). */
  protected abstract build(inputShape: number[]): tf.LayersModel;
  /** Extra state to save (class names, input width, ...). */
  protected abstract saveExtra(): Record<string, unknown>;
  protected abstract loadExtra(extra: Record<string, unknown>): void;

  /** Seeded Glorot-uniform weights for layer number `layer` (so every run starts the same). */
  protected initializer(layer: number): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: Math.floor(this.params.seed) * 1000 + layer });
  }

  /** A new, unfitted network with some hyperparameters replaced. */
  clone(overrides: Partial<P> = {}): this {
    const Ctor = this.constructor as new (p: P) => this;
    return new Ctor({ ...this.params, ...overrides });
  }

  /** The fitted model, or a clear error before fit(). */
  protected fitted(who: string): tf.LayersModel {
    if (!this.model) throw new Error(`${who}: call fit() (or load a saved network) before using the model`);
    return this.model;
  }

  /**
   * Trains a freshly built model on tensors (x, y); the last `validationSplit` of the rows are
   * held out for validation. Disposes nothing it did not create.
   */
  protected async train(data: TensorData, options: FitOptions): Promise<void> {
    const backend = await initBackend();
    const p = this.params;
    const n = data.x.shape[0];
    // As Keras: the first floor(n·(1 - split)) rows train, the rest validate.
    const nTrain = Math.floor(n * (1 - p.validationSplit) + 1e-9);
    const nVal = n - nTrain;
    if (nTrain < 1) throw new Error(`${this.kind}.fit: no rows left for training (${n} rows, validationSplit ${p.validationSplit})`);

    this.model?.dispose();
    const model = this.build(data.x.shape.slice(1));
    this.model = model;
    const optimizer = tf.train.adam(p.learningRate);
    // Only this model's weights are trained (other models may live in the same session).
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const lossFn = this.isClassifier ? sparseCategoricalCrossentropy : meanSquaredError;
    const trainX = rows(data.x, 0, nTrain);
    const trainY = rows(data.y, 0, nTrain);
    const valX = nVal > 0 ? rows(data.x, nTrain, n) : null;
    const valY = nVal > 0 ? rows(data.y, nTrain, n) : null;

    const history: History = { epoch: [], loss: [], valLoss: [], accuracy: [], valAccuracy: [], bestEpoch: 0, stoppedEarly: false, seconds: 0, backend };
    const monitor = () => (valX ? history.valLoss : history.loss);
    const stop = p.earlyStopping ? { patience: 10, minDelta: 0, restoreBestWeights: true, ...p.earlyStopping } : null;
    let best = Infinity;
    let bestWeights: tf.Tensor[] | null = null;
    let waited = 0;

    const what = this.isClassifier ? "cross-entropy" : "MSE";
    // A regression loss falls by orders of magnitude: draw it on a log axis.
    const live = new LiveCurve(options.title ?? `${this.kind}: ${what} per epoch`, `loss (${what})`, p.epochs, options.live ?? "auto", !this.isClassifier);
    const rng = new Random(p.seed);
    const t0 = Date.now();
    try {
      for (let epoch = 1; epoch <= p.epochs; epoch++) {
        // Shuffle the training rows with the seeded generator, then walk through them in batches.
        // (Each batch is gathered by its row indices: slicing a big tensor on wasm would copy it.)
        const order = rng.permutation(nTrain);
        const batchLosses: tf.Scalar[] = [];
        const batchCorrect: tf.Scalar[] = [];
        for (let start = 0; start < nTrain; start += p.batchSize) {
          const end = Math.min(nTrain, start + p.batchSize);
          tf.tidy(() => {
            const idx = tf.tensor1d(order.slice(start, end), "int32");
            const xb = tf.gather(trainX, idx);
            const yb = tf.gather(trainY, idx);
            const cost = optimizer.minimize(() => {
              const out = model.apply(xb, { training: true }) as tf.Tensor;
              if (this.isClassifier) batchCorrect.push(tf.keep(correctCount(yb, out)));
              return lossFn(yb, out);
            }, true, variables) as tf.Scalar;
            // Keep the batch's summed loss for the epoch mean; read it only once per epoch.
            batchLosses.push(tf.keep(tf.mul(cost, end - start)));
          });
          // Long epochs (many images): move the progress line between epochs too.
          if (live.mode === "notebook" && live.due()) {
            const seconds = ((Date.now() - t0) / 1000).toFixed(1);
            live.draw(this.curves(history), `epoch ${epoch}/${p.epochs} · batch ${Math.ceil(end / p.batchSize)}/${Math.ceil(nTrain / p.batchSize)} · ${seconds} s · ${backend}`);
            await yieldToEventLoop();
          }
        }
        const lossT = tf.addN(batchLosses);
        history.loss.push(lossT.dataSync()[0] / nTrain);
        lossT.dispose();
        tf.dispose(batchLosses);
        if (this.isClassifier) {
          const c = tf.addN(batchCorrect);
          history.accuracy.push(c.dataSync()[0] / nTrain);
          c.dispose();
          tf.dispose(batchCorrect);
        }
        if (valX && valY) {
          const [vl, vc] = tf.tidy(() => {
            const out = model.predict(valX, { batchSize: 512 }) as tf.Tensor;
            return [lossFn(valY, out).dataSync()[0], this.isClassifier ? correctCount(valY, out).dataSync()[0] : NaN];
          });
          history.valLoss.push(vl);
          if (this.isClassifier) history.valAccuracy.push(vc / nVal);
        }
        history.epoch.push(epoch);

        // Early stopping on the validation loss (the training loss when there is no validation).
        const current = monitor()[monitor().length - 1];
        if (current < best - (stop?.minDelta ?? 0)) {
          best = current;
          history.bestEpoch = epoch;
          waited = 0;
          if (stop?.restoreBestWeights) {
            tf.dispose(bestWeights ?? []);
            bestWeights = model.getWeights().map((w) => tf.keep(w.clone()));
          }
        } else waited++;
        const done = epoch === p.epochs || (stop !== null && waited >= stop.patience);

        live.draw(this.curves(history), this.progressLine(history, epoch, (Date.now() - t0) / 1000, done && epoch < p.epochs), done);
        if (live.mode === "notebook") await yieldToEventLoop();
        if (done) {
          if (epoch < p.epochs) history.stoppedEarly = true;
          break;
        }
      }
      if (stop?.restoreBestWeights && bestWeights && history.stoppedEarly) model.setWeights(bestWeights);
      if (!history.stoppedEarly || !stop?.restoreBestWeights) history.bestEpoch = history.epoch.length;
    } finally {
      tf.dispose(bestWeights ?? []);
      tf.dispose([trainX, trainY, ...(valX && valY ? [valX, valY] : [])]);
      optimizer.dispose();
    }
    history.seconds = (Date.now() - t0) / 1000;
    this.history = history;
  }

  /** The curves the live display draws. */
  private curves(h: History) {
    const out = [{ name: "training loss", values: h.loss, color: "#1f77b4" }];
    if (h.valLoss.length) out.push({ name: "validation loss", values: h.valLoss, color: "#ff7f0e" });
    return out;
  }

  /** e.g. "epoch 37/100 · loss 0.0812 · val_loss 0.0951 · 2.1 s · wasm" */
  private progressLine(h: History, epoch: number, seconds: number, stopped: boolean): string {
    const last = (a: number[]) => a[a.length - 1];
    const parts = [`epoch ${epoch}/${this.params.epochs}`, `loss ${last(h.loss).toFixed(4)}`];
    if (h.valLoss.length) parts.push(`val_loss ${last(h.valLoss).toFixed(4)}`);
    if (h.accuracy.length) parts.push(`accuracy ${last(h.accuracy).toFixed(3)}`);
    if (h.valAccuracy.length) parts.push(`val_accuracy ${last(h.valAccuracy).toFixed(3)}`);
    parts.push(`${seconds.toFixed(1)} s`, h.backend);
    if (stopped) parts.push(`early stop: best epoch ${h.bestEpoch}`);
    return parts.join(" · ");
  }

  /** Runs the model on x in batches and returns the output as rows of numbers. */
  protected forward(x: tf.Tensor, who: string): number[][] {
    const model = this.fitted(who);
    return tf.tidy(() => (model.predict(x, { batchSize: 512 }) as tf.Tensor).arraySync() as number[][]);
  }

  /**
   * The layers as a table (as Keras' model.summary()): name, type, output shape and number of
   * trainable parameters, plus a total row. Show it with showTable(net.summary()).
   */
  summary(): { layer: string; type: string; outputShape: string; parameters: number }[] {
    const model = this.fitted(`${this.kind}.summary`);
    const table = model.layers.map((l) => ({
      layer: l.name,
      type: l.getClassName(),
      outputShape: JSON.stringify(l.outputShape).replace(/null/g, "None"),
      parameters: l.countParams(),
    }));
    table.push({ layer: "total", type: "", outputShape: "", parameters: table.reduce((s, r) => s + r.parameters, 0) });
    return table;
  }

  /**
   * Saves the network to a folder: model.json and weights.bin (TensorFlow.js' own format,
   * loadable by tf.loadLayersModel) and matml.json (hyperparameters, history, class names).
   */
  async save(dir: string): Promise<string> {
    const model = this.fitted(`${this.kind}.save`);
    fs.mkdirSync(dir, { recursive: true });
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = artifacts.weightData;
        const bytes = Array.isArray(weights) ? tf.io.concatenateArrayBuffers(weights) : (weights as ArrayBuffer);
        fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(bytes));
        const modelJson = {
          format: "layers-model",
          generatedBy: `TensorFlow.js ${tf.version.tfjs} via matml`,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
        };
        fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelJson));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const meta: SavedMeta = { kind: this.kind, params: this.params, history: this.history ?? null, extra: this.saveExtra() };
    fs.writeFileSync(path.join(dir, "matml.json"), JSON.stringify(meta, null, 1));
    return path.resolve(dir);
  }

  /** Reads a folder written by save() into this (unfitted) instance's class. */
  protected static async readSaved<N extends Network<TrainingParams>>(dir: string, make: (params: never) => N): Promise<N> {
    await initBackend();
    const metaFile = path.join(dir, "matml.json");
    if (!fs.existsSync(metaFile)) throw new Error(`load: ${metaFile} not found; is ${dir} a folder written by save()?`);
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as SavedMeta;
    const net = make(meta.params as never);
    if (meta.kind !== net.kind) throw new Error(`load: ${dir} holds a ${meta.kind}, not a ${net.kind}`);
    const modelJson = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    const bin = fs.readFileSync(path.join(dir, "weights.bin"));
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const specs = modelJson.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
    net.model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
    net.history = meta.history ?? undefined;
    net.loadExtra(meta.extra);
    return net;
  }

  /** Frees the model's tensors (weights live outside JavaScript's garbage collector). */
  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
  }
}
