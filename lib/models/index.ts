// Supervised models and model selection. Internals (tree growers, forest prediction kernels,
// scorers, fold resolution, the grid-search worker task) are imported from their files.
export { LinearRegression, Ridge, ElasticNet, Lasso } from "./linear";
export type { LinearRegressionParams, RidgeParams, ElasticNetParams, LassoParams } from "./linear";
export { KernelRidge } from "./kernel-ridge";
export type { KernelName, KernelRidgeParams } from "./kernel-ridge";
export { DecisionTreeRegressor, DecisionTreeClassifier } from "./tree";
export type { MaxFeatures, SampleCount, TreeParams } from "./tree";
export { RandomForestRegressor, RandomForestClassifier } from "./forest";
export type { ForestParams, PredictionSpread } from "./forest";
export { KNeighborsClassifier, KNeighborsRegressor } from "./knn";
export type { KNeighborsParams, Neighbors } from "./knn";
export { LogisticRegression } from "./logistic";
export type { LogisticRegressionParams } from "./logistic";
export { GaussianNB } from "./naive-bayes";
export type { GaussianNBParams } from "./naive-bayes";
export { SVC } from "./svm";
export type { SVCParams } from "./svm";
export { kFold, stratifiedKFold, leaveOneOut, crossValScore, crossValidate, crossValPredict, parameterGrid, gridSearchCV, learningCurve, rfe } from "./selection";
export { evaluateClassifier } from "./evaluate";
export type { FittedClassifier, ResponseMethod, EvaluateOptions, ClassifierEvaluation } from "./evaluate";
export type {
  Fold,
  Targets,
  Estimator,
  Scoring,
  KFoldOptions,
  CrossValidateOptions,
  CrossValidateResult,
  ParamGrid,
  GridSearchOptions,
  GridSearchRow,
  GridPoint,
  GridSearchResult,
  RefittedGridSearchResult,
  LearningCurveOptions,
  LearningCurveResult,
  RfeOptions,
  RfeResult,
} from "./selection";
export * from "./split-fit";
