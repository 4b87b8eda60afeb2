// Preparing descriptors: train/test splits, scalers and the scaler + model pipelines, and
// correlation-based descriptor selection.
export { trainTestSplit } from "./split";
export { take } from "../core/input";
export type { SplitOptions, Split } from "./split";
export { MinMaxScaler, StandardScaler, ScaledRegressor, ScaledClassifier } from "./scalers";
export type { MinMaxScalerParams, StandardScalerParams, ScaledRegressorParams, ScaledRegressorChanges, ScaledClassifierParams, ScaledClassifierChanges } from "./scalers";
export { pearson, rankData, spearman, correlationWithTarget, correlationMatrix, selectByCorrelation, dropCorrelated } from "./select";
export type { CorrelationFilterOptions, SelectedDescriptor } from "./select";
