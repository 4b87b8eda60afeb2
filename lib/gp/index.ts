// Gaussian processes: kernels, the regressor, and the bounded optimizer it uses.
export * from "./kernels";
export * from "./gpr";
export * from "../optimize/lbfgsb";
export { logMarginalLikelihood } from "./likelihood";
export type { LikelihoodValue } from "./likelihood";
export type { DenseMatrix } from "../linalg/cholesky";
export { availableCores } from "../core/pool";
