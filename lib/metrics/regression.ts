// Error measures for regression, with the slides' definitions (N predictions):
//   MSE  = Σ (y_i - ŷ_i)² / N          RMSE = √MSE (same units as the property)
//   MAE  = Σ |y_i - ŷ_i| / N           max error = max |y_i - ŷ_i|
//   R²   = 1 - Σ (y_i - ŷ_i)² / Σ (y_i - ȳ)²   (1 is perfect, 0 is no better than predicting ȳ)
// Actual and predicted values may be arrays or danfojs Series (df.column("Band Gap")).
import { YInput, isSeriesLike } from "../core/input";

/** The numbers of an array or a danfojs Series (e.g. df.column("Band Gap")). */
function valuesOf(v: YInput, who: string, what: string): readonly number[] {
  if (Array.isArray(v)) return v;
  if (isSeriesLike(v)) return v.values as number[];
  throw new Error(`${who}: ${what} must be number[] or a Series`);
}

/** Both inputs as plain numbers, checked to be non-empty, equally long and finite. */
function checkPair(actualIn: YInput, predictedIn: YInput, who: string): [readonly number[], readonly number[]] {
  const actual = valuesOf(actualIn, who, "actual");
  const predicted = valuesOf(predictedIn, who, "predicted");
  if (actual.length === 0) throw new Error(`${who}: no values to compare`);
  if (actual.length !== predicted.length) {
    throw new Error(`${who}: ${actual.length} actual values but ${predicted.length} predictions`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i]) || !Number.isFinite(predicted[i])) {
      throw new Error(`${who}: value ${i} is not a finite number (actual ${actual[i]}, predicted ${predicted[i]})`);
    }
  }
  return [actual, predicted];
}

/** Mean squared error. */
export function mse(actualIn: YInput, predictedIn: YInput): number {
  const [actual, predicted] = checkPair(actualIn, predictedIn, "mse");
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += (actual[i] - predicted[i]) ** 2;
  return s / actual.length;
}

/** Root mean squared error. */
export function rmse(actual: YInput, predicted: YInput): number {
  return Math.sqrt(mse(actual, predicted));
}

/** Mean absolute error. */
export function mae(actualIn: YInput, predictedIn: YInput): number {
  const [actual, predicted] = checkPair(actualIn, predictedIn, "mae");
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - predicted[i]);
  return s / actual.length;
}

/** Largest absolute error. */
export function maxError(actualIn: YInput, predictedIn: YInput): number {
  const [actual, predicted] = checkPair(actualIn, predictedIn, "maxError");
  let m = 0;
  for (let i = 0; i < actual.length; i++) m = Math.max(m, Math.abs(actual[i] - predicted[i]));
  return m;
}

/**
 * Coefficient of determination. For a constant `actual` it is 1 when every prediction is exact
 * and 0 otherwise (scikit-learn's convention, which avoids dividing by zero).
 */
export function r2Score(actualIn: YInput, predictedIn: YInput): number {
  const [actual, predicted] = checkPair(actualIn, predictedIn, "r2Score");
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
export function regressionReport(actual: YInput, predicted: YInput): RegressionReport {
  return { rmse: rmse(actual, predicted), mae: mae(actual, predicted), r2: r2Score(actual, predicted) };
}
