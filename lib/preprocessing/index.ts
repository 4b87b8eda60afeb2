// Preparing descriptors: train/test splits, scalers and the scaler + model pipeline, and
// correlation-based descriptor selection.
export { trainTestSplit } from "./split";
export { take } from "../core/input";
export type { SplitOptions, Split } from "./split";
export { MinMaxScaler, StandardScaler, ScaledRegressor } from "./scalers";
export type { MinMaxScalerParams, StandardScalerParams, ScaledRegressorParams, ScaledRegressorChanges } from "./scalers";
export { pearson, correlationWithTarget, correlationMatrix, selectByCorrelation, dropCorrelated } from "./select";
export type { CorrelationFilterOptions, SelectedDescriptor } from "./select";
