// Support vector classifier with an RBF kernel, trained the way libsvm (inside scikit-learn's
// SVC) trains it. The decision function is
//   f(x) = Σ_i α_i y_i K(x_i, x) - ρ,   K(a, b) = exp(-γ ‖a - b‖²),   y_i = ±1,
// and the α solve the dual problem
//   minimise ½ Σ_ij α_i α_j y_i y_j K(x_i, x_j) - Σ_i α_i   subject to 0 ≤ α_i ≤ C, Σ_i y_i α_i = 0.
// Sequential minimal optimisation (SMO) improves two α at a time, choosing the pair by libsvm's
// second-order rule, until the optimality gap is below tol. Points with α_i > 0 are the
// support vectors. Large C fits the training set harder; large γ makes the kernel more local.
import { XInput, toMatrix, assertFitted, checkParam, Classifier, HasParams } from "./base";
import { encodeLabels, Label } from "./labels";

export interface SVCParams {
  /** Penalty for margin violations (default 1). */
  C?: number;
  /** RBF width: a number, "scale" (default, 1 / (p · Var(X))) or "auto" (1 / p). */
  gamma?: number | "scale" | "auto";
  /** Stopping tolerance on the optimality gap (default 1e-3, as libsvm). */
  tol?: number;
  /** Most SMO steps (default: max(10⁷, 100 n), as libsvm). */
  maxIter?: number;
}

interface SVCState {
  classes: Label[];
  gamma: number;
  /** Support vectors (rows of the training data with α > 0). */
  supportVectors: number[][];
  /** Their training-set row numbers. */
  support: number[];
  /** α_i y_i for each support vector (scikit-learn's dual_coef_). */
  dualCoef: number[];
  /** -ρ, the constant term of the decision function. */
  intercept: number;
  nIter: number;
}

const TAU = 1e-12; // libsvm's guard for a non-positive curvature

export class SVC implements Classifier, HasParams<SVCParams> {
  readonly params: Readonly<Required<Omit<SVCParams, "maxIter">> & Pick<SVCParams, "maxIter">>;
  private state?: SVCState;

  constructor(params: SVCParams = {}) {
    const { C = 1, gamma = "scale", tol = 1e-3, maxIter } = params;
    checkParam(Number.isFinite(C) && C > 0, "SVC", "C", C, "a positive number");
    checkParam(gamma === "scale" || gamma === "auto" || (typeof gamma === "number" && Number.isFinite(gamma) && gamma > 0), "SVC", "gamma", gamma, 'a positive number, "scale" or "auto"');
    checkParam(Number.isFinite(tol) && tol > 0, "SVC", "tol", tol, "a positive number");
    checkParam(maxIter === undefined || (Number.isInteger(maxIter) && maxIter >= 1), "SVC", "maxIter", maxIter, "a positive integer");
    this.params = { C, gamma, tol, maxIter };
  }

  clone(overrides: Partial<SVCParams> = {}): this {
    return new SVC({ ...this.params, ...overrides }) as this;
  }

  get classes(): Label[] { return assertFitted(this.state, "SVC").classes; }
  get supportVectors(): number[][] { return assertFitted(this.state, "SVC").supportVectors; }
  get support(): number[] { return assertFitted(this.state, "SVC").support; }
  get dualCoef(): number[] { return assertFitted(this.state, "SVC").dualCoef; }
  get intercept(): number { return assertFitted(this.state, "SVC").intercept; }
  /** The γ actually used (after resolving "scale"/"auto"). */
  get gammaValue(): number { return assertFitted(this.state, "SVC").gamma; }
  get nIter(): number { return assertFitted(this.state, "SVC").nIter; }

  fit(X: XInput, y: Label[]): this {
    const rows = toMatrix(X, "SVC.fit");
    const { classes, codes } = encodeLabels(y, "SVC.fit", rows.length);
    if (classes.length !== 2) throw new Error(`SVC.fit: y has ${classes.length} classes; this SVC handles two (binary) classes`);
    const n = rows.length;
    const p = rows[0].length;
    const gamma = this.resolveGamma(rows);
    const { C, tol } = this.params;
    const maxIter = this.params.maxIter ?? Math.max(10_000_000, 100 * n);

    // Labels as ±1: classes[1] is the positive side of the decision function (as in scikit-learn).
    const Y = Float64Array.from(codes, (c) => (c === 1 ? 1 : -1));
    // The whole kernel matrix, Q_ij = y_i y_j K(x_i, x_j) (fine for the few hundred rows here).
    const flat = new Float64Array(n * p);
    rows.forEach((r, i) => flat.set(r, i * p));
    const Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      Q[i * n + i] = 1;
      for (let j = 0; j < i; j++) {
        let d2 = 0;
        for (let t = 0; t < p; t++) {
          const d = flat[i * p + t] - flat[j * p + t];
          d2 += d * d;
        }
        const q = Y[i] * Y[j] * Math.exp(-gamma * d2);
        Q[i * n + j] = q;
        Q[j * n + i] = q;
      }
    }

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
    this.state = {
      classes,
      gamma,
      support,
      supportVectors: support.map((t) => rows[t].slice()),
      dualCoef: support.map((t) => alpha[t] * Y[t]),
      intercept: -rho,
      nIter: iter,
    };
    return this;
  }

  /** f(x): positive means classes[1], negative classes[0]; |f| grows with the distance from the boundary. */
  decisionFunction(X: XInput): number[] {
    const { supportVectors, dualCoef, intercept, gamma } = assertFitted(this.state, "SVC");
    const p = supportVectors.length ? supportVectors[0].length : 0;
    const rows = toMatrix(X, "SVC.predict", p || undefined);
    return rows.map((r) => {
      let f = intercept;
      for (let s = 0; s < supportVectors.length; s++) {
        const sv = supportVectors[s];
        let d2 = 0;
        for (let t = 0; t < r.length; t++) {
          const d = sv[t] - r[t];
          d2 += d * d;
        }
        f += dualCoef[s] * Math.exp(-gamma * d2);
      }
      return f;
    });
  }

  predict(X: XInput): Label[] {
    const { classes } = assertFitted(this.state, "SVC");
    return this.decisionFunction(X).map((f) => classes[f > 0 ? 1 : 0]);
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
