// ml.check: feedback for the notebooks' "Your turn" exercises. Each notebook's checks live in
// their own file (exercises-NN.ts) and are gathered here under one namespace:
//   ml.check.inRange("test RMSE", rmse, 0.2, 0.4, "…")   ml.check.descriptorSets(comparison, "all")
import { holds, inRange, report, verdict } from "./feedback";
import { gridOverLimit, tinBandGap, xSiteAverage } from "./exercises-00";
import { higherF1, stabilityThreshold, tsnePerplexity } from "./exercises-02";
import { kernelSwap, randomBudget, ucbVersusEi } from "./exercises-03";
import { cnnVariant, denseVariant } from "./exercises-04";
import { descriptorSets, forestDepth, ridgeTradeoff } from "./exercises-01";
export type { CheckResult } from "./feedback";

/** Exercise checks: generic ones and one set per notebook. */
export const check = {
  inRange,
  holds,
  report,
  verdict,
  // 00-data-tour
  xSiteAverage,
  gridOverLimit,
  tinBandGap,
  // 02-classification-and-pca
  stabilityThreshold,
  tsnePerplexity,
  higherF1,
  // 03-gpr-and-active-learning
  ucbVersusEi,
  kernelSwap,
  randomBudget,
  // 04-dense-and-cnn-networks
  denseVariant,
  cnnVariant,
  // 01-descriptors-and-regression
  descriptorSets,
  ridgeTradeoff,
  forestDepth,
};
