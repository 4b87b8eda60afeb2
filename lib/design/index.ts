// Inverse design: from trained models to a ranked, uncertainty-aware shortlist over the whole
// ABX3 composition space — exhaustive screening, a genetic algorithm, Bayesian optimization, and
// the applicability domain of every proposal.
export { CompositionSpace, siteFeatures, assembleFeatures } from "./space";
export { DESCRIPTOR_SITE } from "./sites";
export type { SiteOptions, SpaceOptions } from "./space";
export { OBJECTIVES, DEFAULT_GOALS, resolveGoals, objectiveValue, penalizedObjective, inWindow, TopK, ParetoFront, paretoByDefinition, frontPoint } from "./objectives";
export type { Objective, Prediction, DesignGoals } from "./objectives";
export { ScreenAccumulator } from "./accumulator";
export type { AccumulatorState, HistogramSpec } from "./accumulator";
export { trainScreeningModels, saveScreeningModels, loadScreeningModels, predictWithUncertainty, propertyTableOf } from "./models";
export type { ScreeningModels, TrainingSet, UncertainRegressor, TrainScreeningOptions } from "./models";
export { screenSpace, screenReference, mergeScreens, compileModels, predictCompositions, modelFingerprint } from "./screen";
export type { ScreenOptions, ScreenResult, CompiledModels } from "./screen";
export { ApplicabilityDomain } from "./domain";
export type { DomainCheck, DomainOptions } from "./domain";
export { shortlistRows, screenProposals, proposalsOf, rowsToCsv, writeScreenFiles, SCREEN_FILES } from "./shortlist";
export type { Proposal, ShortlistRow } from "./shortlist";
export { CompositionEvaluator, recallCurve, evaluationsToFind } from "./evaluator";
export { geneticSearch, nsgaSearch, paretoRanks, crowdingDistances } from "./ga";
export type { GeneticOptions, GenerationRecord, SearchResult } from "./ga";
export { bayesianCompositionSearch, bayesianGridSearch, randomGridSearch, gridCombinations, crossValidatedScorer } from "./bo";
export type { Acquisition, CompositionBoOptions, GridSearchBoOptions, HyperparameterGrid, HyperparameterSearchResult, Trial } from "./bo";
export { searchStudy, studyResult, meanCurve, hyperparameterStudy, summarizeStudy, summarizeHyperparameterStudy } from "./compare";
export type { SearchMethod, SearchRun, SearchStudyOptions, HyperparameterRun } from "./compare";
export { screenMap, recallFigure, hyperparameterFigure, convergenceFigure, domainMap } from "./figures";
