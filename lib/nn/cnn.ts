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
import { DataError } from "../core/errors";
import { argmax } from "../core/labels";
import { declareParams } from "../core/params";
import { registerEstimator } from "../core/registry";
import { custom, int } from "../core/rules";
import { FitOptions, Network, TrainingParams, trainingParamDecls } from "./network";
import { checkImagePixels, checkImageSet, ImageSet, UnlabelledImages } from "./images";

/** Options of CnnClassifier (the training options are those of every network). */
export interface CnnClassifierParams extends TrainingParams {
  /** Filters of each convolution block (default [8, 16]). */
  filters?: number[];
  /** Side of the square convolution filters (default 3). */
  kernelSize?: number;
  /** Side of the max-pooling window (default 2). */
  poolSize?: number;
}

/**
 * A convolutional image classifier. It trains on an ImageSet (pixels, a class index per image
 * and the class names) rather than on rows of features; `classes_` are the class indices
 * 0..K-1 (what predict returns) and `classNames_` their names.
 */
export class CnnClassifier extends Network<CnnClassifierParams> {
  static readonly paramSpec = declareParams<CnnClassifierParams>({
    filters: {
      default: [8, 16],
      rule: custom((v) => Array.isArray(v) && v.length >= 1 && v.every((f) => Number.isInteger(f) && f >= 1), "a non-empty array of positive integers (filters per convolution block)"),
      doc: "Filters of each convolution block.",
    },
    kernelSize: { default: 3, rule: int({ min: 1 }), doc: "Side of the square convolution filters." },
    poolSize: { default: 2, rule: int({ min: 1 }), doc: "Side of the max-pooling window." },
    ...trainingParamDecls({ epochs: 3, validationSplit: 0.1 }),
  });
  readonly estimatorType = "classifier" as const;
  /** The class indices 0..K-1 (predict returns one of them per image). */
  classes_!: number[];
  /** The name of every class, from the training set. */
  classNames_!: string[];
  /** Image size seen by fit: [height, width]. */
  imageShape_!: [number, number];

  protected build(inputShape: number[]): tf.LayersModel {
    const p = this.params;
    const nClasses = this.classNames_.length;
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
  private imagesTensor(set: UnlabelledImages): tf.Tensor4D {
    return tf.tensor4d(set.pixels, [set.count, set.height, set.width, 1]);
  }

  /**
   * Trains on an ImageSet (its last `validationSplit` images validate). NaN or infinite pixels,
   * and a training set with fewer than two classes, are errors before training. Resolves to the network.
   */
  async fit(images: ImageSet, options: FitOptions = {}): Promise<this> {
    const who = `${this.estimatorName}.fit`;
    checkImageSet(images, who);
    const { classNames, labels } = images;
    if (classNames.length < 2) throw new DataError(`${who}: the image set has ${classNames.length} class (${JSON.stringify(classNames)}); a classifier needs at least 2`);
    const seen = [...new Set(labels)].sort((a, b) => a - b);
    if (seen.length < 2) {
      throw new DataError(`${who}: every training image has label ${seen[0]} (${JSON.stringify(classNames[seen[0]])}); a classifier needs images of at least 2 classes (labels 0..${classNames.length - 1} = ${JSON.stringify(classNames)})`);
    }
    this.forgetFit();
    this.nFeaturesIn_ = images.height * images.width;
    this.classNames_ = [...classNames];
    this.classes_ = classNames.map((_, k) => k);
    this.imageShape_ = [images.height, images.width];
    const x = this.imagesTensor(images);
    const y = tf.tensor1d(labels, "int32");
    try {
      await this.train({ x, y }, options);
    } finally {
      x.dispose();
      y.dispose();
    }
    return this;
  }

  /** Checks images given to a fitted network: finite pixels, the training image size. */
  private checkInput(images: UnlabelledImages, method: string): void {
    this.checkFitted(method);
    const who = `${this.estimatorName}.${method}`;
    checkImagePixels(images, who);
    const [h, w] = this.imageShape_;
    if (images.height !== h || images.width !== w) throw new DataError(`${who}: images are ${images.height}×${images.width}, the network was trained on ${h}×${w}`);
  }

  /** Class probabilities of every image: rows of classNames_.length numbers summing to 1. Labels are not needed. */
  predictProba(images: UnlabelledImages): number[][] {
    return this.probabilities(images, "predictProba");
  }

  /** The most probable class index of every image (an index into classNames_). */
  predict(images: UnlabelledImages): number[] {
    return this.probabilities(images, "predict").map((p) => argmax(p));
  }

  /** Checked images through the network; `method` names the caller in errors. */
  private probabilities(images: UnlabelledImages, method: string): number[][] {
    this.checkInput(images, method);
    const x = this.imagesTensor(images);
    try {
      return this.forward(x, method);
    } finally {
      x.dispose();
    }
  }

  protected checkLoaded(model: tf.LayersModel, file: string): void {
    const shape = model.inputs[0]?.shape;
    const [h, w] = Array.isArray(this.imageShape_) ? this.imageShape_ : [];
    const units = model.outputs[0]?.shape[1];
    const okNames = Array.isArray(this.classNames_) && this.classNames_.every((c) => typeof c === "string") && this.classNames_.length === units;
    if (!(shape && shape[1] === h && shape[2] === w && okNames && this.nFeaturesIn_ === h * w)) {
      throw new DataError(`${this.estimatorName}.load: ${file} does not describe its model (image shape ${JSON.stringify(this.imageShape_)}, ${JSON.stringify(this.classNames_)} classes; the model takes ${JSON.stringify(shape)} and has ${String(units)} outputs)`);
    }
  }

  /** Loads a CnnClassifier written by save(dir); every file is checked (see Network.readSaved). */
  static load(dir: string): Promise<CnnClassifier> {
    return Network.readSaved(dir, (p: CnnClassifierParams) => new CnnClassifier(p), "CnnClassifier");
  }
}

registerEstimator(CnnClassifier);
