// Linear models: ordinary least squares, ridge, LASSO and elastic net. Each predicts
//   y = intercept + Σ_j coef_j x_j
// and differs only in what it minimizes (n = training rows):
//   OLS          ||y - Xw||²                                  (closed form: least squares)
//   Ridge        ||y - Xw||² + alpha ||w||²                    (closed form: (XᵀX + alpha I) w = Xᵀy)
//   ElasticNet   1/(2n) ||y - Xw||² + alpha l1Ratio ||w||₁ + ½ alpha (1 - l1Ratio) ||w||²
//   Lasso        ElasticNet with l1Ratio = 1                  (coordinate descent)
// These are scikit-learn's objectives, so the same alpha means the same model there and here.
// The intercept is never penalized: with fitIntercept the columns and y are centered first and
// the intercept is recovered as mean(y) - mean(X)·w.
import { BaseRegressor } from "../core/estimator";
import { XInput, YInput, toVector } from "../core/input";
import { declareParams } from "../core/params";
import { bool, int, nullable, number } from "../core/rules";
import { DataError, warnOnce } from "../core/errors";
import { powerOfTwoBelow } from "../core/stats";
import { registerEstimator } from "../core/registry";
import { leastSquares, solvePositiveDefinite } from "../linalg/least-squares";

/** Centered (if fitIntercept) copy of X, column-major, with the column and target means. */
interface CenteredData {
  Xc: Float64Array; // n×p column-major
  yc: Float64Array;
  xMean: Float64Array;
  yMean: number;
  n: number;
  p: number;
}

function centerData(X: number[][], y: number[], fitIntercept: boolean): CenteredData {
  const n = X.length;
  const p = X[0].length;
  const xMean = new Float64Array(p);
  let yMean = 0;
  if (fitIntercept) {
    // Row-by-row sums, the same order numpy uses for X.mean(axis=0).
    for (let i = 0; i < n; i++) {
      const row = X[i];
      for (let j = 0; j < p; j++) xMean[j] += row[j];
      yMean += y[i];
    }
    for (let j = 0; j < p; j++) xMean[j] /= n;
    yMean /= n;
  }
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    for (let j = 0; j < p; j++) Xc[j * n + i] = row[j] - xMean[j];
  }
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = y[i] - yMean;
  return { Xc, yc, xMean, yMean, n, p };
}

/** Shared prediction and bookkeeping of every linear model. */
abstract class LinearModel<P extends { fitIntercept?: boolean }> extends BaseRegressor<P> {
  /** Learned weights, one per descriptor. */
  coef_!: number[];
  /** Learned intercept (0 when fitIntercept is false). */
  intercept_!: number;

  /**
   * Solves for w on centered data. `scale.x` and `scale.y` are the powers of two X and y were
   * divided by (1 for data of ordinary size): with w = (sy / sx)·w', an L2 penalty on w becomes
   * one divided by sx² on w', and an L1 penalty one divided by sx·sy, in the rescaled problem.
   */
  protected abstract solve(data: CenteredData, scale: { x: number; y: number }): Float64Array;

  fit(X: XInput, y: YInput): this {
    const Xm = this.validateX(X, "fit", true);
    const yv = toVector(y, `${this.estimatorName}.fit`, Xm.length);
    const fitIntercept = this.params.fitIntercept !== false;
    // Values near ±1e308 overflow sums and squares: solve in units of sx (X) and sy (y), powers
    // of two, so the rescaling is exact and the solution in those units is the same problem.
    const sx = powerOfTwoScale(Xm.map(maxAbs).reduce((a, b) => Math.max(a, b), 0));
    const sy = powerOfTwoScale(maxAbs(yv));
    const Xs = sx === 1 ? Xm : Xm.map((row) => row.map((v) => v / sx));
    const ys = sy === 1 ? yv : yv.map((v) => v / sy);
    const data = centerData(Xs, ys, fitIntercept);
    const w = this.solve(data, { x: sx, y: sy });
    let intercept = data.yMean;
    for (let j = 0; j < data.p; j++) intercept -= data.xMean[j] * w[j];
    const coef = Array.from(w, (v) => (v * sy) / sx);
    const bad = coef.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new DataError(
        `${this.estimatorName}.fit: the coefficient of ${this.columnLabel(bad)} is beyond double precision (y reaches ${sy.toExponential(0)} while X reaches ${sx.toExponential(0)}); rescale y or X`,
      );
    }
    this.coef_ = coef;
    this.intercept_ = fitIntercept ? intercept * sy : 0;
    return this;
  }

  predict(X: XInput): number[] {
    const Xm = this.validateX(X, "predict", false);
    const coef = this.coef_;
    const b = this.intercept_;
    return Xm.map((row, i) => {
      let s = 0;
      for (let j = 0; j < coef.length; j++) s += row[j] * coef[j];
      s += b;
      if (Number.isFinite(s)) return s;
      // A partial sum overflowed: add the terms again in units of the largest one.
      const terms = [...row.map((v, j) => v * coef[j]), b];
      const unit = powerOfTwoScale(maxAbs(terms));
      let scaled = 0;
      for (let j = 0; j < coef.length; j++) scaled += (row[j] / unit) * coef[j];
      scaled = (scaled + b / unit) * unit;
      if (!Number.isFinite(scaled)) {
        throw new DataError(`${this.estimatorName}.predict: the prediction for row ${i} is beyond double precision (about ±1.8e308)`);
      }
      return scaled;
    });
  }

  private columnLabel(j: number): string {
    const name = this.featureNamesIn_?.[j];
    return name === undefined ? `column ${j}` : `column ${j} ("${name}")`;
  }
}

/** Largest absolute value (0 for an empty list). */
function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/**
 * 1 for values of ordinary size, otherwise the power of two nearest below the largest value
 * (dividing by a power of two is exact). Values near the limits of double precision — beyond
 * 2^±500, where squares and sums overflow or underflow — are the only ones rescaled, so results
 * on ordinary data stay bit for bit those of the unscaled algorithm.
 */
function powerOfTwoScale(max: number): number {
  if (max === 0 || !Number.isFinite(max) || (max < 2 ** 500 && max > 2 ** -500)) return 1;
  return powerOfTwoBelow(max);
}

const fitInterceptDecl = { default: true, rule: bool(), doc: "Fit an intercept (centre X and y first)." };

/** Options of LinearRegression (scikit-learn's names in camelCase). */
export interface LinearRegressionParams {
  /** Fit an intercept (default true). */
  fitIntercept?: boolean;
  /**
   * Relative cut-off for dependent descriptors: directions of X weaker than rcond times the
   * strongest are treated as exact linear dependencies (default numpy's eps·max(n, p)).
   */
  rcond?: number | null;
}

/**
 * Ordinary least squares, θ = argmin ||y - Xθ||², the normal-equation solution
 * θ = (XᵀX)⁻¹Xᵀy computed stably (pivoted QR) and, when descriptors are linearly dependent,
 * the minimum-norm θ among all equally good fits (as scikit-learn's LinearRegression does).
 */
export class LinearRegression extends LinearModel<LinearRegressionParams> {
  static readonly paramSpec = declareParams<LinearRegressionParams>({
    fitIntercept: fitInterceptDecl,
    rcond: { default: null, rule: nullable(number({ min: 0, max: 1, maxExclusive: true })), doc: "Relative cut-off for dependent descriptors; null = numpy's eps·max(n, p)." },
  });
  /** Numerical rank of the centered training matrix. */
  rank_!: number;

  protected solve(d: CenteredData): Float64Array {
    const sol = leastSquares(d.Xc, d.n, d.p, d.yc, this.params.rcond ?? undefined);
    this.rank_ = sol.rank;
    return sol.x;
  }
}

/** Options of Ridge (scikit-learn's names in camelCase). */
export interface RidgeParams {
  /** Strength of the L2 penalty alpha·||w||² (default 1, as scikit-learn). */
  alpha?: number;
  fitIntercept?: boolean;
}

/** Ridge regression: minimizes ||y - Xw||² + alpha ||w||², solved in closed form. */
export class Ridge extends LinearModel<RidgeParams> {
  static readonly paramSpec = declareParams<RidgeParams>({
    alpha: { default: 1, rule: number({ min: 0 }), doc: "Strength of the L2 penalty alpha·||w||²." },
    fitIntercept: fitInterceptDecl,
  });

  protected solve(d: CenteredData, scale: { x: number; y: number }): Float64Array {
    const { Xc, yc, n, p } = d;
    const alpha = this.params.alpha / scale.x / scale.x; // the penalty in rescaled units
    // A penalty beyond double precision (alpha > 0 on X below ~1e-154): the weights, of order
    // Xᵀy / alpha, are below the smallest double in these units.
    if (alpha === Infinity) return new Float64Array(p);
    if (alpha === 0) return leastSquares(Xc, n, p, yc).x; // plain least squares
    // Normal equations with the penalty on the diagonal: (XᵀX + alpha I) w = Xᵀy.
    const G = new Float64Array(p * p);
    const Xty = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      const ca = a * n;
      for (let b = 0; b <= a; b++) {
        const cb = b * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += Xc[ca + i] * Xc[cb + i];
        G[a * p + b] = s;
        G[b * p + a] = s;
      }
      G[a * p + a] += alpha;
      let s = 0;
      for (let i = 0; i < n; i++) s += Xc[ca + i] * yc[i];
      Xty[a] = s;
    }
    const w = solvePositiveDefinite(G, p, Xty);
    if (!w) throw new Error("Ridge: XᵀX + alpha·I is not positive definite; increase alpha");
    return w;
  }
}

/** Options of ElasticNet (scikit-learn's names in camelCase). */
export interface ElasticNetParams {
  /** Overall penalty strength (default 1, as scikit-learn). */
  alpha?: number;
  /** Share of the penalty that is L1 (LASSO): 1 = pure LASSO, 0 = pure ridge (default 0.5). */
  l1Ratio?: number;
  fitIntercept?: boolean;
  /** Maximum number of coordinate-descent sweeps (default 1000). */
  maxIter?: number;
  /** Stop when the duality gap is below tol·||y||² (default 1e-4, scikit-learn's criterion). */
  tol?: number;
  /** Constrain the coefficients to be >= 0 (default false). */
  positive?: boolean;
}

/** Coordinate descent shared by ElasticNet and Lasso. */
abstract class CoordinateDescent<P extends LassoParams> extends LinearModel<P> {
  /** Sweeps used by the last fit. */
  nIter_!: number;
  /**
   * Duality gap at the end of the last fit (in the units of ½||y - Xw||²; Infinity when those
   * units squared are beyond double precision, |y| above ~1e154 — `converged_` still holds).
   */
  dualGap_!: number;
  /** Whether the last fit reached the tolerance before maxIter. */
  converged_!: boolean;
  /** The convergence warning of the last fit, if it stopped at maxIter. */
  convergenceWarning_?: string;

  /** Share of the penalty that is L1. */
  protected abstract get l1Ratio(): number;

  protected solve(d: CenteredData, scale: { x: number; y: number }): Float64Array {
    const { Xc: X, yc: y, n, p } = d;
    const { alpha, maxIter, positive } = this.params as Required<LassoParams>;
    const l1Ratio = this.l1Ratio;
    // scikit-learn multiplies the penalties by n to work with ½||y - Xw||² instead of 1/(2n)·||·||²;
    // both are expressed in the rescaled units (see LinearModel.solve).
    const l1 = (alpha * l1Ratio * n) / scale.x / scale.y;
    const l2 = (alpha * (1 - l1Ratio) * n) / scale.x / scale.x;
    if (l1 === Infinity || l2 === Infinity) {
      // A penalty beyond double precision (tiny X): the weights are below the smallest double.
      this.nIter_ = 0;
      this.dualGap_ = 0;
      this.converged_ = true;
      return new Float64Array(p);
    }
    const dwTol = (this.params as Required<LassoParams>).tol;
    let yy = 0;
    for (let i = 0; i < n; i++) yy += y[i] * y[i];
    const gapTol = dwTol * yy;

    const w = new Float64Array(p);
    const R = Float64Array.from(y); // residual y - Xw, with w = 0 to start
    const colNorm2 = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[j * n + i] * X[j * n + i];
      colNorm2[j] = s;
    }
    let gap = Infinity;
    let iter = 0;
    let converged = false;
    for (iter = 0; iter < maxIter; iter++) {
      let wMax = 0;
      let dwMax = 0;
      for (let j = 0; j < p; j++) {
        if (colNorm2[j] === 0) continue;
        const cj = j * n;
        const wOld = w[j];
        // Put descriptor j's contribution back into the residual, then refit it alone.
        if (wOld !== 0) for (let i = 0; i < n; i++) R[i] += wOld * X[cj + i];
        let rho = 0;
        for (let i = 0; i < n; i++) rho += X[cj + i] * R[i];
        // Soft threshold: weights whose correlation with the residual is below l1 become exactly 0.
        const shrunk = Math.max(Math.abs(rho) - l1, 0);
        if (shrunk === 0 || (positive && rho < 0)) w[j] = 0;
        else w[j] = (Math.sign(rho) * shrunk) / (colNorm2[j] + l2);
        if (w[j] !== 0) for (let i = 0; i < n; i++) R[i] -= w[j] * X[cj + i];
        dwMax = Math.max(dwMax, Math.abs(w[j] - wOld));
        wMax = Math.max(wMax, Math.abs(w[j]));
      }
      if (wMax === 0 || dwMax / wMax < dwTol || iter === maxIter - 1) {
        gap = dualityGap(X, y, R, w, n, p, l1, l2, positive);
        if (gap < gapTol) {
          converged = true;
          break;
        }
      }
    }
    this.nIter_ = Math.min(iter + 1, maxIter);
    this.dualGap_ = gap === 0 ? 0 : gap * scale.y * scale.y; // back in the units of y
    this.converged_ = converged;
    if (!converged) {
      this.convergenceWarning_ = warnOnce(`${this.estimatorName}: coordinate descent stopped at maxIter=${maxIter} with duality gap ${gap.toExponential(2)} > tol·||y||² = ${gapTol.toExponential(2)}; increase maxIter or tol, or scale the descriptors`);
    }
    return w;
  }
}

/**
 * Duality gap of ½||y - Xw||² + l1||w||₁ + ½ l2||w||²: the primal objective minus the best dual
 * objective reachable from the current residual (scaled to be feasible). It is >= 0 and 0 at
 * the optimum, so it certifies how close the solution is.
 */
function dualityGap(X: Float64Array, y: Float64Array, R: Float64Array, w: Float64Array, n: number, p: number, l1: number, l2: number, positive: boolean): number {
  let dualNorm = 0; // max_j |x_jᵀR - l2 w_j|
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[j * n + i] * R[i];
    const v = s - l2 * w[j];
    dualNorm = Math.max(dualNorm, positive ? v : Math.abs(v));
  }
  let rNorm2 = 0;
  let rY = 0;
  for (let i = 0; i < n; i++) {
    rNorm2 += R[i] * R[i];
    rY += R[i] * y[i];
  }
  let wNorm2 = 0;
  let wL1 = 0;
  for (let j = 0; j < p; j++) {
    wNorm2 += w[j] * w[j];
    wL1 += Math.abs(w[j]);
  }
  let scale = 1;
  let gap = rNorm2;
  if (dualNorm > l1) {
    scale = l1 / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
  }
  return gap + l1 * wL1 - scale * rY + 0.5 * l2 * (1 + scale * scale) * wNorm2;
}

const cdDecls = {
  alpha: { default: 1, rule: number({ min: 0 }), doc: "Overall penalty strength." },
  fitIntercept: fitInterceptDecl,
  maxIter: { default: 1000, rule: int({ min: 1 }), doc: "Maximum number of coordinate-descent sweeps." },
  tol: { default: 1e-4, rule: number({ min: 0 }), doc: "Stop when the duality gap is below tol·||y||²." },
  positive: { default: false, rule: bool(), doc: "Constrain the coefficients to be >= 0." },
};

/**
 * Elastic net by cyclic coordinate descent, the algorithm and stopping rule of scikit-learn's
 * ElasticNet: sweep the descriptors, set each weight to its exact one-dimensional optimum
 * (a soft threshold), and after a sweep whose largest change is small relative to the largest
 * weight, check the duality gap, which bounds how far the objective is from its minimum.
 */
export class ElasticNet extends CoordinateDescent<ElasticNetParams> {
  static readonly paramSpec = declareParams<ElasticNetParams>({
    ...cdDecls,
    l1Ratio: { default: 0.5, rule: number({ min: 0, max: 1 }), doc: "Share of the penalty that is L1: 1 = LASSO, 0 = ridge." },
  });

  protected get l1Ratio(): number {
    return this.params.l1Ratio;
  }
}

/** Options of Lasso: those of ElasticNet without l1Ratio (always 1). */
export type LassoParams = Omit<ElasticNetParams, "l1Ratio">;

/** LASSO: minimizes 1/(2n)||y - Xw||² + alpha ||w||₁; many weights end exactly at zero. */
export class Lasso extends CoordinateDescent<LassoParams> {
  static readonly paramSpec = declareParams<LassoParams>(cdDecls);

  protected get l1Ratio(): number {
    return 1;
  }
}

registerEstimator(LinearRegression, Ridge, ElasticNet, Lasso);
