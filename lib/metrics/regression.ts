// Error measures for regression, with the slides' definitions (N predictions):
//   MSE  = Σ (y_i - ŷ_i)² / N          RMSE = √MSE (same units as the property)
//   MAE  = Σ |y_i - ŷ_i| / N           max error = max |y_i - ŷ_i|
//   R²   = 1 - Σ (y_i - ŷ_i)² / Σ (y_i - ȳ)²   (1 is perfect, 0 is no better than predicting ȳ)

function checkPair(actual: readonly number[], predicted: readonly number[], who: string): void {
  if (!Array.isArray(actual) || !Array.isArray(predicted)) throw new Error(`${who}: actual and predicted must be number[]`);
  if (actual.length === 0) throw new Error(`${who}: no values to compare`);
  if (actual.length !== predicted.length) {
    throw new Error(`${who}: ${actual.length} actual values but ${predicted.length} predictions`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]) || !Number.isFinite(predicted[i])) {
      throw new Error(`${who}: value ${i} is not a finite number (actual ${actual[i]}, predicted ${predicted[i]})`);
    }
  }
}

/** Mean squared error. */
export function mse(actual: readonly number[], predicted: readonly number[]): number {
  checkPair(actual, predicted, "mse");
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (actual[i] - predicted[i]) ** 2;
  return s / actual.length;
}

/** Root mean squared error. */
export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  return Math.sqrt(mse(actual, predicted));
}

/** Mean absolute error. */
export function mae(actual: readonly number[], predicted: readonly number[]): number {
  checkPair(actual, predicted, "mae");
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return s / actual.length;
}

/** Largest absolute error. */
export function maxError(actual: readonly number[], predicted: readonly number[]): number {
  checkPair(actual, predicted, "maxError");
  let m = 0;
  for (let i = 0; i < actual.length; i++) m = Math.max(m, Math.abs(actual[i] - predicted[i]));
  return m;
}

/**
 * Coefficient of determination. For a constant `actual` it is 1 when every prediction is exact
 * and 0 otherwise (scikit-learn's convention, which avoids dividing by zero).
 */
export function r2Score(actual: readonly number[], predicted: readonly number[]): number {
  checkPair(actual, predicted, "r2Score");
  let mean = 0;
  for (const v of actual) mean += v;
  mean /= actual.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < actual.length; i++) {
    ssRes += (actual[i] - predicted[i]) ** 2;
    ssTot += (actual[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** RMSE, MAE, R² and maximum error of a set of predictions. */
export interface RegressionReport {
  rmse: number;
  mae: number;
  r2: number;
}

/** RMSE, MAE and R² in one call, as the tutorial prints after every model. */
export function regressionReport(actual: readonly number[], predicted: readonly number[]): RegressionReport {
  return { rmse: rmse(actual, predicted), mae: mae(actual, predicted), r2: r2Score(actual, predicted) };
}
