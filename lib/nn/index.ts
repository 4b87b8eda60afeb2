// Neural networks on TensorFlow.js: the backend choice, image sets (lattice images, Fashion-MNIST),
// the dense regressor and the CNN classifier, and the live learning curve. Internals (loss
// functions, input checks, the wasm gradient kernel) are imported from their files, not from here.
export { initBackend, describeBackend, forcedBackend, backendThreads, BACKEND_NAMES } from "./backend";
export { wasmThreads, MAX_WASM_THREADS } from "./wasm-threads";
export type { BackendName } from "./backend";
export { imageAt, subsetImages } from "./images";
export type { ImageSet, UnlabelledImages } from "./images";
export { latticeImages, LATTICE_CLASSES } from "./lattice-images";
export type { LatticeImageOptions } from "./lattice-images";
export { parseIdx, readIdx, idxToImageSet, loadFashionMnist, FASHION_MNIST_CLASSES, FASHION_MNIST_URL } from "./idx";
export type { IdxArray, FashionMnistOptions } from "./idx";
export { LiveCurve, curveSvg } from "./live";
export type { LiveMode, CurveSeries } from "./live";
export { Network, earlyStopping, EarlyStoppingCallback } from "./network";
export type { EarlyStopping, History, TrainingParams, FitOptions, TrainingCallback } from "./network";
export { DenseRegressor } from "./dense";
export type { DenseRegressorParams, Activation } from "./dense";
export { CnnClassifier } from "./cnn";
export type { CnnClassifierParams } from "./cnn";
