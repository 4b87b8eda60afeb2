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
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { tf, initBackend, BackendName } from "./backend";
import { BaseEstimator } from "../core/estimator";
import { DataError, ParamError } from "../core/errors";
import { declareParams, ParamSpec, resolveParams, showValue } from "../core/params";
import { arrayOf, bool, custom, instanceOf, int, nullable, number, oneOf, string } from "../core/rules";
import { writeFolderAtomically } from "../core/persist";
import { Random } from "../core/random";
import { PlainAdam } from "./adam";
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
  learningRate?: number;
  /** Passes over the training rows. */
  epochs?: number;
  /** Rows per weight update (default 32). */
  batchSize?: number;
  /** Fraction of the rows given to fit(), taken from the END as Keras does, kept for validation. */
  validationSplit?: number;
  /** Seeds the weight initialisers and the batch shuffling (default 0). */
  seed?: number;
  /** Stop when the validation loss stalls (default null: train all epochs). */
  earlyStopping?: EarlyStopping | null;
}

/** The early-stopping settings with their defaults, declared once (the option and the callback share them). */
const earlyStoppingSpec = declareParams<EarlyStopping>({
  patience: { default: 10, rule: int({ min: 1 }), doc: "Epochs without improvement before stopping." },
  minDelta: { default: 0, rule: number({ min: 0 }), doc: "A decrease smaller than this does not count as improvement." },
  restoreBestWeights: { default: true, rule: bool(), doc: "Put back the weights of the best epoch when stopping." },
});

/**
 * Early stopping as a Keras callback, made by {@link earlyStopping} and given to fit():
 * training stops once the validation loss (the training loss when nothing is held out) has not
 * improved for `patience` epochs. It does the same as the network's `earlyStopping` option.
 */
export class EarlyStoppingCallback {
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** A decrease smaller than this does not count as improvement. */
  readonly minDelta: number;
  /** Put back the weights of the best epoch when stopping. */
  readonly restoreBestWeights: boolean;

  /** Checks the settings (unknown names and bad values are ParamErrors) and fills in the defaults. */
  constructor(options: EarlyStopping = {}) {
    const s = resolveParams("earlyStopping", earlyStoppingSpec, options);
    this.patience = s.patience;
    this.minDelta = s.minDelta;
    this.restoreBestWeights = s.restoreBestWeights;
  }
}

/**
 * Keras' `EarlyStopping(patience=20, restore_best_weights=True)`: a callback for fit().
 *
 *   await net.fit(X, y, { callbacks: [earlyStopping({ patience: 20, restoreBestWeights: true })] });
 *
 * Defaults: patience 10, minDelta 0, restoreBestWeights true (Keras' default is false).
 */
export function earlyStopping(options: EarlyStopping = {}): EarlyStoppingCallback {
  return new EarlyStoppingCallback(options);
}

/** What fit() accepts in `callbacks` (Keras' callbacks=[...]): today, early stopping. */
export type TrainingCallback = EarlyStoppingCallback;

/** Options of fit() that are about this call, not the model. */
export interface FitOptions {
  /** Live learning curve: "auto" (in a notebook, default), "notebook", "console" or "off". */
  live?: LiveMode | "auto";
  /** A title for the live curve. */
  title?: string | null;
  /** Callbacks run during training, as in Keras: e.g. [earlyStopping({ patience: 20 })]. */
  callbacks?: TrainingCallback[];
}

/** Training inputs as tensors: x [n, ...], y [n, 1] (regression) or int32 labels [n]. */
export interface TensorData {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** The options of fit(), checked like an estimator's options (unknown names are errors). */
const fitOptionsSpec = declareParams<FitOptions>({
  live: { default: "auto", rule: oneOf("auto", "notebook", "console", "off"), doc: "Live learning curve." },
  title: { default: null, rule: nullable(string()), doc: "A title for the live curve (null: the network's name and loss)." },
  callbacks: { default: [], rule: arrayOf(instanceOf(EarlyStoppingCallback, "callback made by earlyStopping({ patience })")), doc: "Callbacks run during training." },
});

/** null, or an EarlyStopping object with known keys and valid values (earlyStoppingSpec's rules). */
const earlyStoppingRule = custom((v) => {
  if (v === null) return true;
  if (typeof v !== "object" || Array.isArray(v)) return false;
  const decls: Record<string, { rule: { test(x: unknown): boolean } }> = earlyStoppingSpec;
  return Object.entries(v).every(([k, x]) => k in decls && (x === undefined || decls[k].rule.test(x)));
}, "null or { patience?: an integer >= 1, minDelta?: a number >= 0, restoreBestWeights?: true or false }");

/**
 * The parameter declarations of the training options every network shares; each network gives
 * its own defaults for `epochs` and `validationSplit` and adds its architecture options.
 */
export function trainingParamDecls(defaults: { epochs: number; validationSplit: number }): ParamSpec<Required<TrainingParams>> {
  return declareParams<Required<TrainingParams>>({
    learningRate: { default: 1e-3, rule: number({ min: 0, minExclusive: true }), doc: "Adam's step size." },
    epochs: { default: defaults.epochs, rule: int({ min: 1 }), doc: "Passes over the training rows." },
    batchSize: { default: 32, rule: int({ min: 1 }), doc: "Rows per weight update." },
    validationSplit: { default: defaults.validationSplit, rule: number({ min: 0, max: 1, maxExclusive: true }), doc: "Fraction of the fit() rows, taken from the end as Keras does, kept for validation." },
    seed: { default: 0, rule: int(), doc: "Seed of the initial weights and of the shuffling." },
    earlyStopping: { default: null, rule: earlyStoppingRule, doc: "Stop when the validation loss stalls; null trains all epochs." },
  });
}

/** The largest float32, the number type of every tensor. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Checks that every value of X fits in float32 (tensors are float32: a larger value would become
 * Infinity and the network NaN). `who` names the caller.
 */
export function checkFloat32Rows(X: number[][], who: string): void {
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    for (let j = 0; j < row.length; j++) {
      if (Math.abs(row[j]) > FLOAT32_MAX) throw new DataError(`${who}: X[${i}][${j}] = ${row[j]} is beyond float32's range (±3.4e38), which networks compute in; rescale the features`);
    }
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

/**
 * Trains the batches of one fit() in place of TensorFlow.js' gradients and PlainAdam (a network may
 * offer one for speed: DenseRegressor's DenseAdamStep). It holds the weights while it trains.
 */
export interface BatchTrainer {
  /** One optimizer step on these training rows; returns their mean loss before the step. */
  trainRows(rows: number[]): number;
  /** The mean loss on rows x, y (tensors) under the current weights, without training (the validation loss). */
  meanLoss(x: tf.Tensor, y: tf.Tensor): number;
  /** Copies the trained weights into the model (done when the model's weights are read: best-weight snapshots and the end of fit). */
  writeWeights(model: tf.LayersModel): void;
}

/** Format tag and version of matml.json (version 2: fitted fields and file checksums). */
const SAVE_FORMAT = "matml-network";
const SAVE_VERSION = 2;

/** Everything saved beside the TensorFlow.js files, to rebuild the estimator. */
interface SavedMeta {
  format: string;
  version: number;
  kind: string;
  params: Record<string, unknown>;
  /** The learned fields other than the Keras model (history_, nFeaturesIn_, classNames_, ...). */
  fitted: Record<string, unknown>;
  /** SHA-256 of model.json and weights.bin, checked by load. */
  files: Record<string, string>;
}

/** SHA-256 of some bytes, as hex. */
function sha256(bytes: Uint8Array | string): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** Reads and parses a JSON file; a missing, truncated or damaged file is a DataError naming it. */
function readJsonFile(file: string, who: string): unknown {
  if (!fs.existsSync(file)) throw new DataError(`${who}: ${file} is missing`);
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError(`${who}: ${file} is not valid JSON (${(e as Error).message}); the file is damaged or truncated`);
  }
}

/** Bytes per stored value of a weight in a TensorFlow.js weights manifest. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** One weight of a TensorFlow.js weights manifest. */
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

/** Checks a weights manifest and returns the byte length of the weights it describes. */
function manifestBytes(specs: unknown, file: string, who: string): number {
  if (!Array.isArray(specs)) throw new DataError(`${who}: ${file} has no weightsManifest with the weights' names, shapes and types`);
  let total = 0;
  for (const spec of specs as WeightSpec[]) {
    const ok = spec && typeof spec.name === "string" && Array.isArray(spec.shape) && spec.shape.every((d) => Number.isInteger(d) && d >= 0);
    const bytes = DTYPE_BYTES[spec?.quantization?.dtype ?? spec?.dtype];
    if (!ok || bytes === undefined) throw new DataError(`${who}: ${file} describes a weight it cannot read: ${JSON.stringify(spec).slice(0, 120)}`);
    total += spec.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

/**
 * The shared part of DenseRegressor and CnnClassifier: options declared in a paramSpec, the
 * seeded training loop, fitted state in fields ending with "_" (`model_`, `history_`, ...), and
 * save / load.
 *
 * Networks follow the estimator contract (getParams / setParams / clone, NotFittedError,
 * estimatorType, DataFrames for DenseRegressor) with one difference: **fit() is asynchronous**
 * (it returns a Promise of the network), because TensorFlow.js chooses its backend
 * asynchronously and the live learning curve must let the notebook redraw between epochs. So a
 * network extends BaseEstimator directly, not BaseRegressor / BaseClassifier (whose fit returns
 * the estimator itself), and model selection, which fits synchronously, does not take networks:
 *
 *   const net = await new DenseRegressor({ epochs: 100 }).fit(X, y);
 */
export abstract class Network<P extends TrainingParams> extends BaseEstimator<P> {
  /** The trained TensorFlow.js model (set by fit() or load()). */
  model_!: tf.LayersModel;
  /** Loss (and accuracy) per epoch of the last fit(). */
  history_!: History;

  /** True for classifiers (cross-entropy and accuracy), false for regressors (MSE). */
  private get isClassifier(): boolean {
    return this.estimatorType === "classifier";
  }

  /** Builds the untrained Keras-style model for inputs of the given shape (without batch axis). */
  protected abstract build(inputShape: number[]): tf.LayersModel;
  /**
   * A faster trainer for this fit's batches, or null (the default) to train through
   * TensorFlow.js' gradients and PlainAdam. Given the fresh model, the training rows and the backend in use.
   */
  protected batchTrainer(_model: tf.LayersModel, _x: tf.Tensor, _y: tf.Tensor, _backend: BackendName): BatchTrainer | null {
    return null;
  }
  /** Checks that the learned fields read by load() fit the loaded model; throws DataError if not. */
  protected abstract checkLoaded(model: tf.LayersModel, file: string): void;

  /** Seeded Glorot-uniform weights for layer number `layer` (so every run starts the same). */
  protected initializer(layer: number): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: Math.floor(this.params.seed as number) * 1000 + layer });
  }

  /** Fitted means: fit() finished (or load() ran), so the Keras model exists. */
  isFitted(): boolean {
    return super.isFitted() && this.model_ !== undefined;
  }

  /** Forgetting a fit also frees the model's tensors (they live outside the garbage collector). */
  protected forgetFit(): void {
    this.model_?.dispose();
    super.forgetFit();
  }

  /** The fitted model, or a NotFittedError naming `method`. */
  protected fittedModel(method: string): tf.LayersModel {
    this.checkFitted(method);
    return this.model_;
  }

  /**
   * Trains a freshly built model on tensors (x, y); the last `validationSplit` of the rows are
   * held out for validation. Sets model_ and history_ at the end. Disposes nothing it did not create.
   */
  protected async train(data: TensorData, options: FitOptions): Promise<void> {
    const fitOptions = resolveParams(`${this.estimatorName}.fit`, fitOptionsSpec, options);
    const p = this.params as Required<TrainingParams>;
    const stop = this.stoppingRule(fitOptions.callbacks);
    const backend = await initBackend();
    const n = data.x.shape[0];
    // As Keras: the first floor(n·(1 - split)) rows train, the rest validate.
    const nTrain = Math.floor(n * (1 - p.validationSplit) + 1e-9);
    const nVal = n - nTrain;
    if (nTrain < 1) throw new DataError(`${this.estimatorName}.fit: no rows left for training (${n} rows, validationSplit ${p.validationSplit})`);

    const model = this.build(data.x.shape.slice(1));
    // Only this model's weights are trained (other models may live in the same session).
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const optimizer = new PlainAdam(variables.map((v) => v.size), { learningRate: p.learningRate });
    const lossFn = this.isClassifier ? sparseCategoricalCrossentropy : meanSquaredError;
    const trainX = rows(data.x, 0, nTrain);
    const trainY = rows(data.y, 0, nTrain);
    const valX = nVal > 0 ? rows(data.x, nTrain, n) : null;
    const valY = nVal > 0 ? rows(data.y, nTrain, n) : null;
    const fast = this.isClassifier ? null : this.batchTrainer(model, trainX, trainY, backend);

    const history: History = { epoch: [], loss: [], valLoss: [], accuracy: [], valAccuracy: [], bestEpoch: 0, stoppedEarly: false, seconds: 0, backend };
    const monitor = () => (valX ? history.valLoss : history.loss);
    let best = Infinity;
    let bestWeights: tf.Tensor[] | null = null;
    let waited = 0;

    const what = this.isClassifier ? "cross-entropy" : "MSE";
    // A regression loss falls by orders of magnitude: draw it on a log axis.
    const live = new LiveCurve(fitOptions.title ?? `${this.estimatorName}: ${what} per epoch`, `loss (${what})`, p.epochs, fitOptions.live, !this.isClassifier);
    const rng = new Random(p.seed);
    const t0 = Date.now();
    try {
      for (let epoch = 1; epoch <= p.epochs; epoch++) {
        // Shuffle the training rows with the seeded generator, then walk through them in batches.
        // (Each batch is gathered by its row indices: slicing a big tensor on wasm would copy it.)
        const order = rng.permutation(nTrain);
        const batchLosses: tf.Scalar[] = [];
        const batchCorrect: tf.Scalar[] = [];
        let fastLoss = 0; // the summed batch losses of a BatchTrainer
        for (let start = 0; start < nTrain; start += p.batchSize) {
          const end = Math.min(nTrain, start + p.batchSize);
          if (fast) fastLoss += fast.trainRows(order.slice(start, end)) * (end - start);
          else tf.tidy(() => {
            const idx = tf.tensor1d(order.slice(start, end), "int32");
            const xb = tf.gather(trainX, idx);
            const yb = tf.gather(trainY, idx);
            // optimizer.minimize's gradients; Adam's update as one plain loop (see adam.ts).
            const { value: cost, grads } = tf.variableGrads(() => {
              const out = model.apply(xb, { training: true }) as tf.Tensor;
              if (this.isClassifier) batchCorrect.push(tf.keep(correctCount(yb, out)));
              return lossFn(yb, out);
            }, variables);
            optimizer.updateVariables(variables, variables.map((v) => grads[v.name]));
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
        if (fast) {
          history.loss.push(fastLoss / nTrain);
        } else {
          const lossT = tf.addN(batchLosses);
          history.loss.push(lossT.dataSync()[0] / nTrain);
          lossT.dispose();
          tf.dispose(batchLosses);
        }
        const loss = history.loss[history.loss.length - 1];
        if (!Number.isFinite(loss)) {
          throw new Error(`${this.estimatorName}.fit: the training loss became ${loss} in epoch ${epoch} (the weights diverged); lower learningRate (now ${p.learningRate}) or scale the inputs and targets`);
        }
        if (this.isClassifier) {
          const c = tf.addN(batchCorrect);
          history.accuracy.push(c.dataSync()[0] / nTrain);
          c.dispose();
          tf.dispose(batchCorrect);
        }
        if (valX && valY && fast) history.valLoss.push(fast.meanLoss(valX, valY));
        else if (valX && valY) {
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
            fast?.writeWeights(model);
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
      fast?.writeWeights(model);
      if (stop?.restoreBestWeights && bestWeights && history.stoppedEarly) model.setWeights(bestWeights);
      if (!history.stoppedEarly || !stop?.restoreBestWeights) history.bestEpoch = history.epoch.length;
    } catch (e) {
      model.dispose();
      throw e;
    } finally {
      tf.dispose(bestWeights ?? []);
      tf.dispose([trainX, trainY, ...(valX && valY ? [valX, valY] : [])]);
    }
    history.seconds = (Date.now() - t0) / 1000;
    this.model_ = model;
    this.history_ = history;
  }

  /**
   * The early-stopping settings of this fit: from an earlyStopping() callback or from the
   * `earlyStopping` option (giving both, or two callbacks, is an error), or null.
   */
  private stoppingRule(callbacks: readonly TrainingCallback[]): Required<EarlyStopping> | null {
    const option = this.params.earlyStopping;
    if (callbacks.length > 1) throw new ParamError(`${this.estimatorName}.fit: ${callbacks.length} earlyStopping callbacks given; give one`);
    if (callbacks.length === 1 && option) {
      throw new ParamError(`${this.estimatorName}.fit: early stopping is given twice, as the earlyStopping option (${showValue(option)}) and as a callback; keep one`);
    }
    if (callbacks.length === 1) return { ...callbacks[0] };
    return option ? resolveParams("earlyStopping", earlyStoppingSpec, option) : null;
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

  /** Runs the fitted model on x in batches and returns the output as rows of numbers. */
  protected forward(x: tf.Tensor, method: string): number[][] {
    const model = this.fittedModel(method);
    return tf.tidy(() => (model.predict(x, { batchSize: 512 }) as tf.Tensor).arraySync() as number[][]);
  }

  /**
   * The layers as a table (as Keras' model.summary()): name, type, output shape and number of
   * trainable parameters, plus a total row. Show it with showTable(net.summary()).
   */
  summary(): { layer: string; type: string; outputShape: string; parameters: number }[] {
    const model = this.fittedModel("summary");
    const table = model.layers.map((l) => ({
      layer: l.name,
      type: l.getClassName(),
      outputShape: JSON.stringify(l.outputShape).replace(/null/g, "None"),
      parameters: l.countParams(),
    }));
    table.push({ layer: "total", type: "", outputShape: "", parameters: table.reduce((s, r) => s + r.parameters, 0) });
    return table;
  }

  /** The learned fields other than the Keras model, as plain data for matml.json. */
  private fittedFields(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (k.endsWith("_") && k !== "model_" && v !== undefined) out[k] = v;
    return out;
  }

  /**
   * Saves the network to a folder: model.json and weights.bin (TensorFlow.js' own format,
   * loadable by tf.loadLayersModel) and matml.json (options, learned fields, history and the
   * files' SHA-256 checksums). Saving is atomic: the files are written into a temporary folder
   * beside `dir` that then replaces it, so a save that fails half-way leaves the previous model
   * intact. Resolves to the folder's absolute path.
   */
  async save(dir: string): Promise<string> {
    const model = this.fittedModel("save");
    let captured: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const artifacts = captured as tf.io.ModelArtifacts;
    const data = artifacts.weightData;
    const weights = Buffer.from(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer));
    const modelJson = JSON.stringify({
      format: "layers-model",
      generatedBy: `TensorFlow.js ${tf.version.tfjs} via matml`,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
    });
    const meta: SavedMeta = {
      format: SAVE_FORMAT,
      version: SAVE_VERSION,
      kind: this.estimatorName,
      params: { ...this.params },
      fitted: this.fittedFields(),
      files: { "model.json": sha256(modelJson), "weights.bin": sha256(weights) },
    };
    return writeFolderAtomically(dir, { "weights.bin": weights, "model.json": modelJson, "matml.json": JSON.stringify(meta, null, 1) }, `${this.estimatorName}.save`);
  }

  /**
   * Reads a folder written by save() into a new network made by `make`. Every file is checked
   * (valid JSON, weights of the size the manifest describes, the checksums recorded at save) and
   * any problem is a DataError naming the file.
   */
  protected static async readSaved<N extends Network<TrainingParams>>(dir: string, make: (params: never) => N, kind: string): Promise<N> {
    const who = `${kind}.load`;
    const metaFile = path.join(dir, "matml.json");
    if (!fs.existsSync(metaFile)) throw new DataError(`${who}: ${metaFile} not found; is ${dir} a folder written by save()?`);
    const meta = readJsonFile(metaFile, who) as SavedMeta;
    if (meta === null || typeof meta !== "object" || meta.format !== SAVE_FORMAT) throw new DataError(`${who}: ${metaFile} is not a matml network file (no "format": "${SAVE_FORMAT}")`);
    if (meta.version !== SAVE_VERSION) throw new DataError(`${who}: ${metaFile} has format version ${String(meta.version)}; this matml reads version ${SAVE_VERSION} (save the network again)`);
    if (meta.kind !== kind) throw new DataError(`${who}: ${dir} holds a ${String(meta.kind)}, not a ${kind}`);
    let net: N;
    try {
      net = make(meta.params as never);
    } catch (e) {
      throw new DataError(`${who}: ${metaFile} has options this matml rejects: ${(e as Error).message}`);
    }

    const modelFile = path.join(dir, "model.json");
    const weightsFile = path.join(dir, "weights.bin");
    const modelJson = readJsonFile(modelFile, who) as { modelTopology?: unknown; weightsManifest?: { weights?: unknown }[] };
    if (!modelJson || typeof modelJson !== "object" || !modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
      throw new DataError(`${who}: ${modelFile} is not a TensorFlow.js layers model (no modelTopology / weightsManifest)`);
    }
    const specs = modelJson.weightsManifest.flatMap((g) => (Array.isArray(g?.weights) ? g.weights : [undefined]));
    const expected = manifestBytes(specs, modelFile, who);
    if (!fs.existsSync(weightsFile)) throw new DataError(`${who}: ${weightsFile} is missing`);
    const bin = fs.readFileSync(weightsFile);
    if (bin.byteLength !== expected) {
      throw new DataError(`${who}: ${weightsFile} has ${bin.byteLength} bytes but ${modelFile} describes ${expected} bytes of weights; the file is truncated or belongs to another model`);
    }
    const checksums = meta.files ?? {};
    for (const [name, file, bytes] of [["model.json", modelFile, fs.readFileSync(modelFile)], ["weights.bin", weightsFile, bin]] as const) {
      if (checksums[name] !== sha256(bytes)) throw new DataError(`${who}: ${file} does not match the SHA-256 recorded in matml.json at save; the file was changed or damaged`);
    }
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    await initBackend();
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology as object, weightSpecs: specs as tf.io.WeightsManifestEntry[], weightData }));
    } catch (e) {
      throw new DataError(`${who}: TensorFlow.js cannot build the model of ${modelFile}: ${(e as Error).message}`);
    }
    try {
      // Only learned fields (names ending in "_") are taken from the file, never the model itself.
      for (const [k, v] of Object.entries(meta.fitted ?? {})) if (k.endsWith("_") && k !== "model_") (net as unknown as Record<string, unknown>)[k] = v;
      net.checkLoaded(model, metaFile);
    } catch (e) {
      model.dispose();
      throw e;
    }
    net.model_ = model;
    return net;
  }

  /** Frees the model's tensors and forgets the fit (weights live outside JavaScript's garbage collector). */
  dispose(): void {
    this.forgetFit();
  }
}
