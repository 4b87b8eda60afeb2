// Gaussian processes: kernels (composed with .plus() / .times()), the regressor, and the log
// marginal likelihood it maximizes. The optimizer and linear algebra are internal.
export { Kernel, ConstantKernel, WhiteKernel, RBF, Matern, RationalQuadratic, ExpSineSquared, DotProduct, Sum, Product } from "./kernels";
export type {
  Bounds,
  Hyperparameter,
  ConstantKernelOptions,
  WhiteKernelOptions,
  RBFOptions,
  MaternOptions,
  RationalQuadraticOptions,
  ExpSineSquaredOptions,
  DotProductOptions,
} from "./kernels";
export { GaussianProcessRegressor } from "./gpr";
export type { GaussianProcessRegressorParams, PredictOptions, MeanAndStd, MeanAndCov, OptimizerRun } from "./gpr";
export { logMarginalLikelihood } from "./likelihood";
export type { LikelihoodValue } from "./likelihood";
