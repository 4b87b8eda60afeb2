// The ground floor: what every other folder of lib/ builds on. It imports nothing from the rest
// of the library. Public names are exported from lib/index.ts; internals stay here.
export { NotFittedError, ParamError, DataError, warnOnce } from "./errors";
export * as rules from "./rules";
export { declareParams, describeParams, resolveParams, nearestName, showValue } from "./params";
export type { Rule, ParamDecl, ParamSpec, Resolved } from "./params";
export { toMatrix, toVector, toLabels, take, isFrameLike, isSeriesLike, columnNames } from "./input";
export type { FrameLike, SeriesLike, XInput, YInput, LabelInput } from "./input";
export { BaseEstimator, BaseRegressor, BaseClassifier, BaseTransformer, isEstimator, isClassifier, isRegressor, asSeries } from "./estimator";
export type { EstimatorType, EstimatorClass } from "./estimator";
export { encodeLabels, argmax } from "./labels";
export type { Label, EncodedLabels } from "./labels";
export { Random } from "./random";
export { registerEstimator, estimatorClass, registeredEstimators, registerCodec } from "./registry";
export type { Codec } from "./registry";
export { saveModel, loadModel } from "./persist";
export { normalPdf, normalCdf, normalQuantile } from "./stats";
