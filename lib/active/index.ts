// Active learning: acquisition functions (small pure functions of mean, std and the best value so
// far), query strategies that pick from them, and a discovery-campaign runner.
export { goalScore, bestObserved, upperConfidenceBound, probabilityOfImprovement, expectedImprovement, expectedDistanceImprovement, maxUncertainty } from "./acquisition";
export type { Goal, UcbOptions, ImprovementOptions } from "./acquisition";
export { topKIndices, randomIndices } from "./strategies";
export { runCampaign, runCampaigns, summarizeCurves, meanQueriesToTopK, STRATEGIES } from "./campaign";
export type { Strategy, CampaignOptions, CampaignRound, CampaignResult, CurveSummary } from "./campaign";
