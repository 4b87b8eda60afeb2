// The ground floor: what every other folder of lib/ builds on; it imports nothing from the rest of
// the library. These are the names users see (through lib/index.ts): the estimator contract and
// its errors, the tools for writing an estimator of your own, saving models, seeded randomness
// and the normal distribution. Internals (the worker pool, parameter resolution) are imported
// from their files.
export { NotFittedError, ParamError, DataError } from "./errors";
export { rules } from "./rules";
export { declareParams, describeParams } from "./params";
export type { Rule, ParamDecl, RequiredDecl, ParamSpec, Resolved } from "./params";
export { toMatrix, toVector, toLabels, take } from "./input";
export type { FrameLike, SeriesLike, XInput, YInput, LabelInput } from "./input";
export { BaseEstimator, BaseRegressor, BaseClassifier, BaseTransformer, isEstimator, isClassifier, isRegressor } from "./estimator";
export type { EstimatorType, EstimatorClass } from "./estimator";
export { encodeLabels } from "./labels";
export type { Label, EncodedLabels } from "./labels";
export { Random } from "./random";
export { registerEstimator, registeredEstimators, registerCodec } from "./registry";
export type { Codec } from "./registry";
export { saveModel, loadModel } from "./persist";
export { normalPdf, normalCdf, normalQuantile } from "./stats";
export { availableCores } from "./pool";
