// ml.check: feedback for the notebooks' "Your turn" exercises. Each notebook's checks live in
// their own file (exercises-NN.ts) and are gathered here under one namespace:
//   ml.check.inRange("test RMSE", rmse, 0.2, 0.4, "…")   ml.check.descriptorLevels(result)
import { holds, inRange, report, verdict } from "./feedback";
import { gridOverLimit, tinBandGap, xSiteAverage } from "./exercises-00";
import { cnnVariant, denseVariant } from "./exercises-04";
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
  // 04-dense-and-cnn-networks
  denseVariant,
  cnnVariant,
};
