export * from "./regression";
export * from "./classification";
export { intervalCoverage, calibrationCurve } from "./uncertainty";
export type { CalibrationCurve } from "./uncertainty";
export { bootstrapInterval, quantile } from "./bootstrap";
export type { BootstrapInterval, BootstrapOptions } from "./bootstrap";
