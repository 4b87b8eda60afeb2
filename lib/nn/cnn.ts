// A small convolutional network that classifies grayscale images (the tutorial's CNN):
//   image h×w×1 → Conv 8 (3×3, relu, same) → max-pool 2 → Conv 16 (3×3, relu, same) → max-pool 2
//              → flatten → Dense (one unit per class, softmax)
// A convolution slides small learned filters over the image, so the same edge or spot detector
// works anywhere in it; max-pooling keeps the strongest response of each 2×2 patch, halving the
// image and making the features tolerant to small shifts. The softmax turns the last layer's
// scores into class probabilities. Loss: sparse categorical cross-entropy (see network.ts).
//
//   const cnn = new CnnClassifier({ epochs: 3, seed: 0 });
//   await cnn.fit(trainImages);                 // an ImageSet: pixels + labels + classNames
//   const probs = cnn.predictProba(testImages); // number[][], one row of probabilities per image
import { tf } from "./backend";
import { checkParam } from "../models/base";
import { checkTrainingParams, EarlyStopping, FitOptions, Network, TrainingParams } from "./network";
import { checkImageSet, ImageSet } from "./images";

export interface CnnClassifierParams {
  /** Filters of each convolution block (default [8, 16]). */
  filters?: number[];
  /** Side of the square convolution filters (default 3). */
  kernelSize?: number;
  /** Side of the max-pooling window (default 2). */
  poolSize?: number;
  /** Adam's learning rate (default 1e-3). */
  learningRate?: number;
  /** Passes over the training images (default 3, as the tutorial). */
  epochs?: number;
  /** Images per weight update (default 32). */
  batchSize?: number;
  /** Fraction of the fit() images, taken from the end, used for validation (default 0.1). */
  validationSplit?: number;
  /** Seed of the initial weights and of the shuffling (default 0). */
  seed?: number;
  /** Stop when the validation loss stalls (default: off). */
  earlyStopping?: EarlyStopping | null;
}

type Params = Required<CnnClassifierParams> & TrainingParams;

export class CnnClassifier extends Network<Params> {
  /** Class names of the training set (set by fit). */
  classNames?: string[];
  /** Image size seen by fit: [height, width]. */
  imageShape?: [number, number];

  constructor(params: CnnClassifierParams = {}) {
    const p: Params = {
      filters: [8, 16],
      kernelSize: 3,
      poolSize: 2,
      learningRate: 1e-3,
      epochs: 3,
      batchSize: 32,
      validationSplit: 0.1,
      seed: 0,
      earlyStopping: null,
      ...params,
    };
    checkParam(Array.isArray(p.filters) && p.filters.length >= 1 && p.filters.every((f) => Number.isInteger(f) && f >= 1), "CnnClassifier", "filters", p.filters, "a non-empty array of positive integers");
    checkParam(Number.isInteger(p.kernelSize) && p.kernelSize >= 1, "CnnClassifier", "kernelSize", p.kernelSize, "an integer >= 1");
    checkParam(Number.isInteger(p.poolSize) && p.poolSize >= 1, "CnnClassifier", "poolSize", p.poolSize, "an integer >= 1");
    checkTrainingParams(p, "CnnClassifier");
    super({ ...p, filters: [...p.filters] });
  }

  protected get kind(): string {
    return "CnnClassifier";
  }

  protected get isClassifier(): boolean {
    return true;
  }

  protected build(inputShape: number[]): tf.LayersModel {
    const p = this.params;
    const nClasses = (this.classNames as string[]).length;
    const model = tf.sequential();
    p.filters.forEach((filters, i) => {
      model.add(
        tf.layers.conv2d({
          filters,
          kernelSize: p.kernelSize,
          activation: "relu",
          padding: "same",
          kernelInitializer: this.initializer(i),
          ...(i === 0 ? { inputShape } : {}),
        }),
      );
      model.add(tf.layers.maxPooling2d({ poolSize: p.poolSize }));
    });
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: nClasses, activation: "softmax", kernelInitializer: this.initializer(p.filters.length) }));
    return model;
  }

  /** The images as a [n, h, w, 1] tensor. */
  private imagesTensor(set: ImageSet): tf.Tensor4D {
    return tf.tensor4d(set.pixels, [set.count, set.height, set.width, 1]);
  }

  /** Trains on an ImageSet (its last `validationSplit` images validate). Resolves to the network. */
  async fit(images: ImageSet, options: FitOptions = {}): Promise<this> {
    checkImageSet(images, "CnnClassifier.fit");
    this.classNames = [...images.classNames];
    this.imageShape = [images.height, images.width];
    const x = this.imagesTensor(images);
    const y = tf.tensor1d(images.labels, "int32");
    try {
      await this.train({ x, y }, options);
    } finally {
      x.dispose();
      y.dispose();
    }
    return this;
  }

  private checkInput(images: ImageSet, who: string): void {
    this.fitted(who);
    checkImageSet({ ...images, labels: images.labels ?? new Array(images.count).fill(0), classNames: images.classNames ?? ["?"] }, who);
    const [h, w] = this.imageShape as [number, number];
    if (images.height !== h || images.width !== w) throw new Error(`${who}: images are ${images.height}×${images.width}, the network was trained on ${h}×${w}`);
  }

  /** Class probabilities of every image: rows of classNames.length numbers summing to 1. */
  predictProba(images: ImageSet): number[][] {
    this.checkInput(images, "CnnClassifier.predictProba");
    const x = this.imagesTensor(images);
    try {
      return this.forward(x, "CnnClassifier.predictProba");
    } finally {
      x.dispose();
    }
  }

  /** The most probable class index of every image. */
  predict(images: ImageSet): number[] {
    return this.predictProba(images).map((p) => p.indexOf(Math.max(...p)));
  }

  protected saveExtra(): Record<string, unknown> {
    return { classNames: this.classNames, imageShape: this.imageShape };
  }

  protected loadExtra(extra: Record<string, unknown>): void {
    this.classNames = extra.classNames as string[];
    this.imageShape = extra.imageShape as [number, number];
  }

  /** Loads a CnnClassifier written by save(dir). */
  static load(dir: string): Promise<CnnClassifier> {
    return Network.readSaved(dir, (p: CnnClassifierParams) => new CnnClassifier(p));
  }
}
