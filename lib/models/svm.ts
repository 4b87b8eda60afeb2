// Support vector classifier with an RBF kernel, trained the way libsvm (inside scikit-learn's
// SVC) trains it. The decision function is
//   f(x) = Σ_i α_i y_i K(x_i, x) - ρ,   K(a, b) = exp(-γ ‖a - b‖²),   y_i = ±1,
// and the α solve the dual problem
//   minimise ½ Σ_ij α_i α_j y_i y_j K(x_i, x_j) - Σ_i α_i   subject to 0 ≤ α_i ≤ C, Σ_i y_i α_i = 0.
// Sequential minimal optimisation (SMO) improves two α at a time, choosing the pair by libsvm's
// second-order rule, until the optimality gap is below tol. Points with α_i > 0 are the
// support vectors. Large C fits the training set harder; large γ makes the kernel more local.
import { BaseClassifier } from "../core/estimator";
import { DataError, ParamError, warnOnce } from "../core/errors";
import { XInput, toLabels } from "../core/input";
import { encodeLabels, Label } from "../core/labels";
import { declareParams } from "../core/params";
import { registerEstimator } from "../core/registry";
import { Random } from "../core/random";
import { anyOf, bool, int, nullable, number, oneOf } from "../core/rules";
import { fromRows } from "../linalg/cholesky";
import { kernelMatrix } from "../linalg/kernel-matrix";

/** Options of SVC. */
export interface SVCParams {
  /** Penalty for margin violations (default 1). */
  C?: number;
  /** RBF width: a number, "scale" (default, 1 / (p · Var(X))) or "auto" (1 / p). */
  gamma?: number | "scale" | "auto";
  /** Stopping tolerance on the optimality gap (default 1e-3, as libsvm). */
  tol?: number;
  /** Most SMO steps; null (default) = max(10⁷, 100 n), as libsvm. */
  maxIter?: number | null;
  /** Also fit Platt scaling so that predictProba() works (default false; costs 5 extra fits). */
  probability?: boolean;
  /** Seed for the cross-validation folds of Platt scaling (default 0). */
  seed?: number;
}

const TAU = 1e-12; // libsvm's guard for a non-positive curvature

/** Support vector classifier with an RBF kernel (scikit-learn's SVC(kernel="rbf") for two classes). */
export class SVC extends BaseClassifier<SVCParams> {
  static readonly paramSpec = declareParams<SVCParams>({
    C: { default: 1, rule: number({ min: 0, minExclusive: true }), doc: "Penalty for margin violations; larger C fits the training set harder." },
    gamma: { default: "scale", rule: anyOf(number({ min: 0, minExclusive: true }), oneOf("scale", "auto")), doc: 'RBF width: a number, "scale" (1 / (p · Var(X))) or "auto" (1 / p).' },
    tol: { default: 1e-3, rule: number({ min: 0, minExclusive: true }), doc: "Stopping tolerance on the optimality gap (libsvm's eps)." },
    maxIter: { default: null, rule: nullable(int({ min: 1 })), doc: "Most SMO steps; null = max(10⁷, 100 n), as libsvm." },
    probability: { default: false, rule: bool(), doc: "Also fit Platt scaling so that predictProba() works (5 extra fits)." },
    seed: { default: 0, rule: number(), doc: "Seed for the cross-validation folds of Platt scaling." },
  });

  /** The two class labels, sorted; classes_[1] is the positive side of the decision function. */
  declare classes_: Label[];
  /** The γ actually used (after resolving "scale"/"auto"). */
  gamma_!: number;
  /** Training-set row numbers of the support vectors (rows with α > 0). */
  support_!: number[];
  /** The support vectors themselves. */
  supportVectors_!: number[][];
  /** α_i y_i for each support vector (scikit-learn's dual_coef_). */
  dualCoef_!: number[];
  /** -ρ, the constant term of the decision function. */
  intercept_!: number;
  /** SMO steps taken. */
  nIter_!: number;
  /** Platt scaling P(classes_[1] | x) = 1 / (1 + exp(probA_ f(x) + probB_)), when probability is on. */
  probA_?: number;
  /** See probA_. */
  probB_?: number;
  /** The convergence warning of the last fit, if SMO stopped at maxIter. */
  convergenceWarning_?: string;

  fit(X: XInput, y: unknown): this {
    const rows = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const { classes, codes } = encodeLabels(toLabels(y, who), who, rows.length);
    if (classes.length !== 2) throw new DataError(`${who}: y has ${classes.length} classes; this SVC handles two (binary) classes`);
    const n = rows.length;
    const gamma = this.resolveGamma(rows);
    const { C, tol } = this.params;
    const maxIter = this.params.maxIter ?? Math.max(10_000_000, 100 * n);

    // Labels as ±1: classes[1] is the positive side of the decision function (as in scikit-learn).
    const Y = Float64Array.from(codes, (c) => (c === 1 ? 1 : -1));
    // The whole kernel matrix, Q_ij = y_i y_j K(x_i, x_j) (fine for the few hundred rows here).
    const Q = kernelMatrix(fromRows(rows), null, { kind: "rbf", gamma }).data;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Q[i * n + j] *= Y[i] * Y[j];

    const alpha = new Float64Array(n);
    const G = new Float64Array(n).fill(-1); // gradient Qα - 1 at α = 0
    const atUpper = (t: number): boolean => alpha[t] >= C;
    const atLower = (t: number): boolean => alpha[t] <= 0;
    let iter = 0;
    for (; iter < maxIter; iter++) {
      // Working set: i violates optimality the most; j then gives the largest decrease of the
      // objective by a second-order estimate (libsvm's WSS3).
      let gMax = -Infinity;
      let gMax2 = -Infinity;
      let i = -1;
      for (let t = 0; t < n; t++) {
        if (Y[t] === 1) {
          if (!atUpper(t) && -G[t] >= gMax) { gMax = -G[t]; i = t; }
        } else if (!atLower(t) && G[t] >= gMax) { gMax = G[t]; i = t; }
      }
      let j = -1;
      let bestDecrease = Infinity;
      for (let t = 0; t < n; t++) {
        let gradDiff: number;
        let quad: number;
        if (Y[t] === 1) {
          if (atLower(t)) continue;
          gMax2 = Math.max(gMax2, G[t]);
          gradDiff = gMax + G[t];
          quad = i < 0 ? 0 : 2 - 2 * Y[i] * Q[i * n + t];
        } else {
          if (atUpper(t)) continue;
          gMax2 = Math.max(gMax2, -G[t]);
          gradDiff = gMax - G[t];
          quad = i < 0 ? 0 : 2 + 2 * Y[i] * Q[i * n + t];
        }
        if (gradDiff > 0) {
          const decrease = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
          if (decrease <= bestDecrease) { j = t; bestDecrease = decrease; }
        }
      }
      if (gMax + gMax2 < tol || j < 0) break;

      // Solve the two-variable problem in closed form, then clip to the box [0, C].
      const Qij = Q[i * n + j];
      const oldAi = alpha[i];
      const oldAj = alpha[j];
      if (Y[i] !== Y[j]) {
        let quad = 2 + 2 * Qij;
        if (quad <= 0) quad = TAU;
        const delta = (-G[i] - G[j]) / quad;
        const diff = alpha[i] - alpha[j];
        alpha[i] += delta;
        alpha[j] += delta;
        if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } }
        else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
        if (diff > 0) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = C - diff; } }
        else if (alpha[j] > C) { alpha[j] = C; alpha[i] = C + diff; }
      } else {
        let quad = 2 - 2 * Qij;
        if (quad <= 0) quad = TAU;
        const delta = (G[i] - G[j]) / quad;
        const sum = alpha[i] + alpha[j];
        alpha[i] -= delta;
        alpha[j] += delta;
        if (sum > C) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = sum - C; } }
        else if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
        if (sum > C) { if (alpha[j] > C) { alpha[j] = C; alpha[i] = sum - C; } }
        else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
      }
      const dAi = alpha[i] - oldAi;
      const dAj = alpha[j] - oldAj;
      for (let t = 0; t < n; t++) G[t] += Q[i * n + t] * dAi + Q[j * n + t] * dAj;
    }

    // ρ: average of y_i G_i over the free support vectors (0 < α < C), else the middle of the
    // feasible interval.
    let nFree = 0;
    let sumFree = 0;
    let ub = Infinity;
    let lb = -Infinity;
    for (let t = 0; t < n; t++) {
      const yG = Y[t] * G[t];
      if (atUpper(t)) {
        if (Y[t] === -1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
      } else if (atLower(t)) {
        if (Y[t] === 1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
      } else {
        nFree++;
        sumFree += yG;
      }
    }
    const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
    const support: number[] = [];
    for (let t = 0; t < n; t++) if (alpha[t] > 0) support.push(t);
    this.classes_ = classes;
    this.gamma_ = gamma;
    this.support_ = support;
    this.supportVectors_ = support.map((t) => rows[t].slice());
    this.dualCoef_ = support.map((t) => alpha[t] * Y[t]);
    this.intercept_ = -rho;
    this.nIter_ = iter;
    if (iter >= maxIter) {
      this.convergenceWarning_ = warnOnce(`${who}: SMO stopped at maxIter=${maxIter} before the optimality gap fell below tol=${tol}; increase maxIter, or scale the descriptors`);
    }
    if (this.params.probability) {
      const { A, B } = this.fitPlatt(rows, codes);
      this.probA_ = A;
      this.probB_ = B;
    }
    return this;
  }

  /**
   * Platt scaling as libsvm does it: decision values for every training row come from SVMs
   * trained on the other 4/5 of the rows (5-fold cross-validation, so they are honest), then a
   * sigmoid 1 / (1 + exp(A f + B)) is fitted to the labels by Newton's method.
   */
  private fitPlatt(rows: number[][], codes: Int32Array): { A: number; B: number } {
    const n = rows.length;
    const order = new Random(this.params.seed).permutation(n);
    const f = new Float64Array(n);
    const K = 5;
    for (let fold = 0; fold < K; fold++) {
      const start = Math.floor((fold * n) / K);
      const end = Math.floor(((fold + 1) * n) / K);
      const held = order.slice(start, end);
      const kept = [...order.slice(0, start), ...order.slice(end)];
      const keptCodes = kept.map((i) => codes[i]);
      const positives = keptCodes.filter((c) => c === 1).length;
      if (positives === 0 || positives === kept.length) {
        held.forEach((i) => (f[i] = positives === 0 ? -1 : 1)); // one class only: a fixed guess
        continue;
      }
      const inner = this.clone({ probability: false }).fit(kept.map((i) => rows[i]), Array.from(keptCodes));
      inner.decisionFunction(held.map((i) => rows[i])).forEach((v, t) => (f[held[t]] = v));
    }
    return fitSigmoid(f, codes);
  }

  /** P(class | x) from the Platt sigmoid of the decision function (needs probability: true). */
  predictProba(X: XInput): number[][] {
    this.checkFitted("predictProba");
    const A = this.probA_;
    const B = this.probB_;
    if (A === undefined || B === undefined) {
      throw new ParamError(`${this.estimatorName}.predictProba: construct the model with { probability: true } (Platt scaling); decisionFunction() ranks samples without it`);
    }
    return this.decision(X, "predictProba").map((f) => {
      const z = A * f + B;
      const p1 = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      return [1 - p1, p1];
    });
  }

  /** f(x): positive means classes_[1], negative classes_[0]; |f| grows with the distance from the boundary. */
  decisionFunction(X: XInput): number[] {
    return this.decision(X, "decisionFunction");
  }

  predict(X: XInput): Label[] {
    const classes = this.classes_;
    return this.decision(X, "predict").map((f) => classes[f > 0 ? 1 : 0]);
  }

  /** f(x) = Σ_s dualCoef_s K(sv_s, x) + intercept; `method` names the caller in errors. */
  private decision(X: XInput, method: string): number[] {
    const rows = this.validateX(X, method, false);
    const sv = this.supportVectors_;
    const coef = this.dualCoef_;
    const m = sv.length;
    const K = m ? kernelMatrix(fromRows(rows), fromRows(sv), { kind: "rbf", gamma: this.gamma_ }).data : new Float64Array(0);
    return rows.map((_, i) => {
      let f = this.intercept_;
      for (let s = 0; s < m; s++) f += coef[s] * K[i * m + s];
      return f;
    });
  }

  private resolveGamma(rows: number[][]): number {
    const g = this.params.gamma;
    const p = rows[0].length;
    if (typeof g === "number") return g;
    if (g === "auto") return 1 / p;
    // "scale": 1 / (p · variance of all entries of X).
    let sum = 0;
    let count = 0;
    for (const r of rows) for (const v of r) { sum += v; count++; }
    const mean = sum / count;
    let ss = 0;
    for (const r of rows) for (const v of r) ss += (v - mean) ** 2;
    const variance = ss / count;
    return variance > 0 ? 1 / (p * variance) : 1;
  }
}

registerEstimator(SVC);

/**
 * Fits P(y = 1 | f) = 1 / (1 + exp(A f + B)) by Newton's method with a backtracking line search
 * (Lin, Lin and Weng's version of Platt's method, as in libsvm). Targets are softened to
 * (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2) so that a perfectly separated set does not push A to infinity.
 */
function fitSigmoid(f: Float64Array, codes: Int32Array): { A: number; B: number } {
  const n = f.length;
  let prior1 = 0;
  for (let i = 0; i < n; i++) prior1 += codes[i];
  const prior0 = n - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = Float64Array.from(codes, (c) => (c === 1 ? hi : lo));
  const objective = (A: number, B: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const z = f[i] * A + B;
      value += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
    }
    return value;
  };
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  let value = objective(A, B);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const z = f[i] * A + B;
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      const q = 1 - p;
      h11 += f[i] * f[i] * p * q;
      h22 += p * q;
      h21 += f[i] * p * q;
      g1 += f[i] * (t[i] - p);
      g2 += t[i] - p;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const slope = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const next = objective(A + step * dA, B + step * dB);
      if (next < value + 1e-4 * step * slope) {
        A += step * dA;
        B += step * dB;
        value = next;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { A, B };
}
