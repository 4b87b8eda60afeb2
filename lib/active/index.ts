// Active learning: acquisition functions (small pure functions of mean, std and the best value so
// far), query strategies that pick from them, and a discovery-campaign runner.
export { goalScore, bestObserved, upperConfidenceBound, probabilityOfImprovement, expectedImprovement, expectedDistanceImprovement, maxUncertainty } from "./acquisition";
export { tutorialAcquisition } from "./acquisition";
export type { Goal, UcbOptions, ImprovementOptions, TutorialAcquisition } from "./acquisition";
export { topKIndices, randomIndices, randomSearchBaseline } from "./strategies";
export type { RandomBaseline } from "./strategies";
export { runCampaign, runCampaigns, summarizeCurves, meanQueriesToTopK, STRATEGIES, campaignGrid, groupCampaigns, summarizeCampaigns, averageCalibration } from "./campaign";
export type { Strategy, CampaignOptions, CampaignRound, CampaignResult, CurveSummary, CurveField, CampaignTask, CampaignGrid, CampaignGroup, CampaignSummary } from "./campaign";
