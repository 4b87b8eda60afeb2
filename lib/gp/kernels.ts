// Covariance functions (kernels) for Gaussian processes, following scikit-learn's
// sklearn.gaussian_process.kernels: same formulas, same hyperparameter names and order, and the
// same convention that the optimizer works on θ = log(hyperparameters) within log(bounds).
//
//   const kernel = new ConstantKernel({ constantValue: 1 }).times(new RBF({ lengthScale: 1 }));
//   kernel.theta            // [log 1, log 1]
//   kernel.call(X, undefined, true)   // { K, gradient: [dK/dθ0, dK/dθ1] }
//   String(fitted)          // "0.316**2 * RBF(length_scale=1.2)"
//
// TypeScript has no operator overloading, so `k1 + k2` is k1.plus(k2) (or sum(k1, k2)) and
// `k1 * k2` is k1.times(k2) (or product(k1, k2)).
import { checkOptionNames } from "../core/params";
import { DenseMatrix, denseMatrix, fromRows } from "../linalg/cholesky";
import { kernelMatrix, squaredDistances } from "../linalg/kernel-matrix";

/** Bounds of one hyperparameter (in its natural, not log, scale), or "fixed" to keep it out of θ. */
export type Bounds = [number, number] | "fixed";

/** One named hyperparameter: its current value(s) (one per feature for anisotropic kernels) and bounds. */
export interface Hyperparameter {
  name: string;
  value: number[];
  bounds: Bounds;
}

/** K(X, Y) and, when asked for, dK/dθ for each free hyperparameter (θ in log space). */
export interface KernelResult {
  K: DenseMatrix;
  gradient?: DenseMatrix[];
}

/** A kernel as plain JSON, so it can be sent to a worker thread or saved. */
export interface KernelSpec {
  type: string;
  [key: string]: unknown;
}

export type MatrixInput = readonly (readonly number[])[] | DenseMatrix;

function asDense(X: MatrixInput): DenseMatrix {
  return (X as DenseMatrix).data instanceof Float64Array ? (X as DenseMatrix) : fromRows(X as number[][]);
}

/** Python's "{:.3g}" format, so fitted kernels print exactly as scikit-learn prints them. */
export function formatG3(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return String(x);
  const exp = Number(x.toExponential(2).split("e")[1]);
  if (exp < -4 || exp >= 3) {
    const [mant, e] = x.toExponential(2).split("e");
    const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
    const sign = e[0] === "-" ? "-" : "+";
    const digits = e.replace(/^[+-]/, "").padStart(2, "0");
    return `${m}e${sign}${digits}`;
  }
  const s = x.toPrecision(3);
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function checkBounds(who: string, name: string, value: number[], bounds: Bounds): void {
  for (const v of value) {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${who}: ${name} must be a positive finite number, got ${v}`);
  }
  if (bounds !== "fixed") {
    const ok = Array.isArray(bounds) && bounds.length === 2 && bounds[0] > 0 && bounds[1] >= bounds[0] && Number.isFinite(bounds[1]);
    if (!ok) throw new Error(`${who}: ${name}Bounds must be "fixed" or [low, high] with 0 < low <= high, got ${JSON.stringify(bounds)}`);
  }
}

/** The base class: θ/bounds bookkeeping, cloning, composition. Subclasses give the formulas. */
export abstract class Kernel {
  /** The kernel's hyperparameters in scikit-learn's order (composite kernels prefix k1__/k2__). */
  abstract get hyperparameters(): Hyperparameter[];
  /** K(X, Y) (Y = X when null) and, if evalGradient (only for Y = null), dK/dθ. */
  abstract compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult;
  /** The diagonal of K(X, X), cheaper than the full matrix. */
  abstract diag(X: DenseMatrix): Float64Array;
  /** Plain-JSON description (hyperparameter values and bounds). */
  abstract toSpec(): KernelSpec;
  /** scikit-learn style: "0.316**2 * RBF(length_scale=1.2)". */
  abstract toString(): string;
  protected abstract setHyperparameter(name: string, value: number[]): void;

  /** log of the free (non-fixed) hyperparameters, flattened: what the optimizer moves. */
  get theta(): number[] {
    const out: number[] = [];
    for (const h of this.hyperparameters) if (h.bounds !== "fixed") for (const v of h.value) out.push(Math.log(v));
    return out;
  }

  set theta(theta: number[]) {
    let i = 0;
    for (const h of this.hyperparameters) {
      if (h.bounds === "fixed") continue;
      this.setHyperparameter(h.name, theta.slice(i, i + h.value.length).map(Math.exp));
      i += h.value.length;
    }
    if (i !== theta.length) throw new Error(`Kernel.theta: expected ${i} values, got ${theta.length}`);
  }

  /** log-space bounds of θ, one [low, high] pair per entry of theta. */
  get bounds(): [number, number][] {
    const out: [number, number][] = [];
    for (const h of this.hyperparameters) {
      if (h.bounds === "fixed") continue;
      for (let k = 0; k < h.value.length; k++) out.push([Math.log(h.bounds[0]), Math.log(h.bounds[1])]);
    }
    return out;
  }

  /** Number of free hyperparameters (length of theta). */
  get nDims(): number {
    return this.theta.length;
  }

  /** Evaluates the kernel on rows of X (and Y). Gradients are only defined for Y omitted. */
  call(X: MatrixInput, Y?: MatrixInput | null, evalGradient = false): KernelResult {
    if (evalGradient && Y) throw new Error("Kernel.call: the gradient is only available when Y is omitted (K(X, X))");
    return this.compute(asDense(X), Y ? asDense(Y) : null, evalGradient);
  }

  /** K(X, Y) as number[][], for looking at. */
  matrix(X: MatrixInput, Y?: MatrixInput): number[][] {
    const { K } = this.call(X, Y);
    return Array.from({ length: K.rows }, (_, i) => Array.from(K.data.subarray(i * K.cols, (i + 1) * K.cols)));
  }

  /** An independent copy with the same hyperparameters and bounds. */
  clone(): Kernel {
    return kernelFromSpec(this.toSpec());
  }

  /** A copy with θ replaced (log hyperparameters), as scikit-learn's clone_with_theta. */
  cloneWithTheta(theta: number[]): Kernel {
    const k = this.clone();
    k.theta = theta;
    return k;
  }

  /** k1 + k2 (a number c means ConstantKernel(c)). */
  plus(other: Kernel | number): Kernel {
    return new Sum(this, typeof other === "number" ? new ConstantKernel({ constantValue: other }) : other);
  }

  /** k1 * k2 (a number c means ConstantKernel(c)). */
  times(other: Kernel | number): Kernel {
    return new Product(this, typeof other === "number" ? new ConstantKernel({ constantValue: other }) : other);
  }
}

/** k1 + k2 as a function. */
export function sum(k1: Kernel, k2: Kernel): Kernel {
  return new Sum(k1, k2);
}

/** k1 * k2 as a function. */
export function product(k1: Kernel, k2: Kernel): Kernel {
  return new Product(k1, k2);
}

// ---------------------------------------------------------------------------------------------
// Distances shared by the stationary kernels.

// The optimizer evaluates the kernel on the same training matrix hundreds of times: remember its
// unscaled pairwise squared distances (an isotropic length scale l just divides them by l²).
const distanceCache = new WeakMap<DenseMatrix, Float64Array>();

/** Squared Euclidean distances between rows of X and Y (Y = X when null), features divided by `scale`. */
function sqDistances(X: DenseMatrix, Y: DenseMatrix | null, scale: number[]): Float64Array {
  if (Y === null && scale.length === 1) {
    const D0 = unscaledSqDistances(X);
    const inv2 = 1 / (scale[0] * scale[0]);
    const D = new Float64Array(D0.length);
    for (let i = 0; i < D.length; i++) D[i] = D0[i] * inv2;
    return D;
  }
  return squaredDistances(X, Y, scale);
}

/** The unscaled squared distances between the rows of X (cached per matrix; do not modify). */
function unscaledSqDistances(X: DenseMatrix): Float64Array {
  let D0 = distanceCache.get(X);
  if (!D0) {
    D0 = squaredDistances(X, null);
    distanceCache.set(X, D0);
  }
  return D0;
}

const euclideanCache = new WeakMap<DenseMatrix, Float64Array>();

/** Euclidean distances between the rows of X (cached per matrix: the periodic kernel needs them unscaled). */
function euclideanDistances(X: DenseMatrix): Float64Array {
  let E = euclideanCache.get(X);
  if (!E) {
    E = sqDistances(X, null, [1]).map(Math.sqrt);
    euclideanCache.set(X, E);
  }
  return E;
}

/** For anisotropic gradients: ((x_ik − x_jk) / l_k)² for one feature k. */
function featureSqDiff(X: DenseMatrix, k: number, lk: number): Float64Array {
  const n = X.rows;
  const p = X.cols;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = (X.data[i * p + k] - X.data[j * p + k]) / lk;
      out[i * n + j] = out[j * n + i] = d * d;
    }
  }
  return out;
}

/**
 * Fills out[i][j] = f(D[i][j]) for every pair. When K is symmetric (Y = null) only the upper
 * triangle is computed and then mirrored: the exp/sin calls are what costs time.
 */
function mapPairs(D: Float64Array, rows: number, cols: number, symmetric: boolean, f: (d: number) => number): Float64Array {
  const out = new Float64Array(D.length);
  for (let i = 0; i < rows; i++) {
    for (let j = symmetric ? i : 0; j < cols; j++) out[i * cols + j] = f(D[i * cols + j]);
  }
  if (symmetric) for (let i = 0; i < rows; i++) for (let j = 0; j < i; j++) out[i * cols + j] = out[j * cols + i];
  return out;
}

function checkLengthScale(who: string, lengthScale: number | number[]): number[] {
  const ls = Array.isArray(lengthScale) ? lengthScale.slice() : [lengthScale];
  if (ls.length === 0) throw new Error(`${who}: lengthScale must be a number or a non-empty array`);
  return ls;
}

function checkWidth(who: string, ls: number[], X: DenseMatrix): void {
  if (ls.length > 1 && ls.length !== X.cols) {
    throw new Error(`${who}: ${ls.length} length scales (anisotropic) but X has ${X.cols} features`);
  }
}

function lengthScaleString(ls: number[]): string {
  return ls.length === 1 ? formatG3(ls[0]) : `[${ls.map(formatG3).join(", ")}]`;
}

// ---------------------------------------------------------------------------------------------
// Leaf kernels

/** Options of ConstantKernel: its value and the bounds the optimizer may move it within. */
export interface ConstantKernelOptions {
  constantValue?: number;
  constantValueBounds?: Bounds;
}

/** k(x, x') = c: scales another kernel (a signal variance) when multiplied with it. */
export class ConstantKernel extends Kernel {
  constantValue: number;
  constantValueBounds: Bounds;

  constructor(options: ConstantKernelOptions = {}) {
    super();
    checkOptionNames("ConstantKernel", options, ["constantValue", "constantValueBounds"]);
    const { constantValue = 1, constantValueBounds = [1e-5, 1e5] } = options;
    checkBounds("ConstantKernel", "constantValue", [constantValue], constantValueBounds);
    this.constantValue = constantValue;
    this.constantValueBounds = constantValueBounds;
  }

  get hyperparameters(): Hyperparameter[] {
    return [{ name: "constant_value", value: [this.constantValue], bounds: this.constantValueBounds }];
  }

  protected setHyperparameter(_name: string, value: number[]): void {
    this.constantValue = value[0];
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    const m = Y ? Y.rows : X.rows;
    const K = denseMatrix(X.rows, m, new Float64Array(X.rows * m).fill(this.constantValue));
    if (!evalGradient) return { K };
    // d c / d log c = c
    const gradient = this.constantValueBounds === "fixed" ? [] : [denseMatrix(X.rows, m, new Float64Array(X.rows * m).fill(this.constantValue))];
    return { K, gradient };
  }

  diag(X: DenseMatrix): Float64Array {
    return new Float64Array(X.rows).fill(this.constantValue);
  }

  toSpec(): KernelSpec {
    return { type: "ConstantKernel", constantValue: this.constantValue, constantValueBounds: this.constantValueBounds };
  }

  toString(): string {
    return `${formatG3(Math.sqrt(this.constantValue))}**2`;
  }
}

/** Options of WhiteKernel: the noise level and its bounds. */
export interface WhiteKernelOptions {
  noiseLevel?: number;
  noiseLevelBounds?: Bounds;
}

/** k(x, x') = noise_level if x is x' (same training row) else 0: independent noise. */
export class WhiteKernel extends Kernel {
  noiseLevel: number;
  noiseLevelBounds: Bounds;

  constructor(options: WhiteKernelOptions = {}) {
    super();
    checkOptionNames("WhiteKernel", options, ["noiseLevel", "noiseLevelBounds"]);
    const { noiseLevel = 1, noiseLevelBounds = [1e-5, 1e5] } = options;
    checkBounds("WhiteKernel", "noiseLevel", [noiseLevel], noiseLevelBounds);
    this.noiseLevel = noiseLevel;
    this.noiseLevelBounds = noiseLevelBounds;
  }

  get hyperparameters(): Hyperparameter[] {
    return [{ name: "noise_level", value: [this.noiseLevel], bounds: this.noiseLevelBounds }];
  }

  protected setHyperparameter(_name: string, value: number[]): void {
    this.noiseLevel = value[0];
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    const n = X.rows;
    if (Y) return { K: denseMatrix(n, Y.rows) }; // noise never correlates two different inputs
    const K = denseMatrix(n, n);
    for (let i = 0; i < n; i++) K.data[i * n + i] = this.noiseLevel;
    if (!evalGradient) return { K };
    return { K, gradient: this.noiseLevelBounds === "fixed" ? [] : [denseMatrix(n, n, Float64Array.from(K.data))] };
  }

  diag(X: DenseMatrix): Float64Array {
    return new Float64Array(X.rows).fill(this.noiseLevel);
  }

  toSpec(): KernelSpec {
    return { type: "WhiteKernel", noiseLevel: this.noiseLevel, noiseLevelBounds: this.noiseLevelBounds };
  }

  toString(): string {
    return `WhiteKernel(noise_level=${formatG3(this.noiseLevel)})`;
  }
}

/** Options of RBF: length scale (one, or one per descriptor) and its bounds. */
export interface RBFOptions {
  /** One number (isotropic) or one length scale per feature (anisotropic, "ARD"). */
  lengthScale?: number | number[];
  lengthScaleBounds?: Bounds;
}

/** Radial basis function (squared exponential): k = exp(−d²/2), d = distance scaled by the length scale(s). */
export class RBF extends Kernel {
  lengthScale: number[];
  lengthScaleBounds: Bounds;

  constructor(options: RBFOptions = {}) {
    super();
    checkOptionNames("RBF", options, ["lengthScale", "lengthScaleBounds"]);
    const { lengthScale = 1, lengthScaleBounds = [1e-5, 1e5] } = options;
    this.lengthScale = checkLengthScale("RBF", lengthScale);
    checkBounds("RBF", "lengthScale", this.lengthScale, lengthScaleBounds);
    this.lengthScaleBounds = lengthScaleBounds;
  }

  get anisotropic(): boolean {
    return this.lengthScale.length > 1;
  }

  get hyperparameters(): Hyperparameter[] {
    return [{ name: "length_scale", value: this.lengthScale.slice(), bounds: this.lengthScaleBounds }];
  }

  protected setHyperparameter(_name: string, value: number[]): void {
    this.lengthScale = value;
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    checkWidth("RBF", this.lengthScale, X);
    if (Y === null && evalGradient && !this.anisotropic && this.lengthScaleBounds !== "fixed") return this.isotropicWithGradient(X);
    const D = sqDistances(X, Y, this.lengthScale);
    const m = Y ? Y.rows : X.rows;
    // k = exp(-d²/2), d the distance in units of the length scale(s): the shared RBF formula
    const K = kernelMatrix(X, Y, { kind: "rbf", gamma: 0.5 }, D);
    const Kd = K.data;
    if (!evalGradient) return { K };
    if (this.lengthScaleBounds === "fixed") return { K, gradient: [] };
    if (!this.anisotropic) {
      // dK/dlog l = K · d²
      const g = new Float64Array(D.length);
      for (let i = 0; i < D.length; i++) g[i] = Kd[i] * D[i];
      return { K, gradient: [denseMatrix(X.rows, m, g)] };
    }
    const gradient = this.lengthScale.map((lk, k) => {
      const g = featureSqDiff(X, k, lk);
      for (let i = 0; i < g.length; i++) g[i] *= Kd[i];
      return denseMatrix(X.rows, m, g);
    });
    return { K, gradient };
  }

  /**
   * The optimizer's case, K(X, X) and dK/dlog l for one length scale, in one pass over the upper
   * triangle of the cached distances: the same numbers as the general path above (d² = D0/l²,
   * K = exp(−d²/2), dK/dlog l = K·d²) without its temporary d² matrix.
   */
  private isotropicWithGradient(X: DenseMatrix): KernelResult {
    const n = X.rows;
    const D0 = unscaledSqDistances(X);
    const inv2 = 1 / (this.lengthScale[0] * this.lengthScale[0]);
    const Kd = new Float64Array(n * n);
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      Kd[i * n + i] = 1; // d = 0: K = 1, gradient 0
      for (let j = i + 1; j < n; j++) {
        const d2 = D0[i * n + j] * inv2;
        const k = Math.exp(-0.5 * d2);
        Kd[i * n + j] = Kd[j * n + i] = k;
        g[i * n + j] = g[j * n + i] = k * d2;
      }
    }
    return { K: denseMatrix(n, n, Kd), gradient: [denseMatrix(n, n, g)] };
  }

  diag(X: DenseMatrix): Float64Array {
    return new Float64Array(X.rows).fill(1);
  }

  toSpec(): KernelSpec {
    return { type: "RBF", lengthScale: this.lengthScale.length === 1 ? this.lengthScale[0] : this.lengthScale, lengthScaleBounds: this.lengthScaleBounds };
  }

  toString(): string {
    return `RBF(length_scale=${lengthScaleString(this.lengthScale)})`;
  }
}

/** Options of Matern: length scale(s), smoothness nu and bounds. */
export interface MaternOptions extends RBFOptions {
  /** Smoothness: 0.5 (absolute exponential), 1.5 (once differentiable) or 2.5 (twice). */
  nu?: 0.5 | 1.5 | 2.5;
}

/** Matérn kernel: a rougher RBF; ν = 0.5, 1.5, 2.5 have closed forms. ν is fixed, not fitted. */
export class Matern extends Kernel {
  lengthScale: number[];
  lengthScaleBounds: Bounds;
  nu: 0.5 | 1.5 | 2.5;

  constructor(options: MaternOptions = {}) {
    super();
    checkOptionNames("Matern", options, ["lengthScale", "lengthScaleBounds", "nu"]);
    const { lengthScale = 1, lengthScaleBounds = [1e-5, 1e5], nu = 1.5 } = options;
    this.lengthScale = checkLengthScale("Matern", lengthScale);
    checkBounds("Matern", "lengthScale", this.lengthScale, lengthScaleBounds);
    if (nu !== 0.5 && nu !== 1.5 && nu !== 2.5) throw new Error(`Matern: nu must be 0.5, 1.5 or 2.5, got ${JSON.stringify(nu)}`);
    this.lengthScaleBounds = lengthScaleBounds;
    this.nu = nu;
  }

  get anisotropic(): boolean {
    return this.lengthScale.length > 1;
  }

  get hyperparameters(): Hyperparameter[] {
    return [{ name: "length_scale", value: this.lengthScale.slice(), bounds: this.lengthScaleBounds }];
  }

  protected setHyperparameter(_name: string, value: number[]): void {
    this.lengthScale = value;
  }

  /** k as a function of the scaled distance d. */
  private k(d: number): number {
    if (this.nu === 0.5) return Math.exp(-d);
    if (this.nu === 1.5) {
      const t = Math.sqrt(3) * d;
      return (1 + t) * Math.exp(-t);
    }
    const t = Math.sqrt(5) * d;
    return (1 + t + (t * t) / 3) * Math.exp(-t);
  }

  /**
   * dK/dlog l_k = (∂k/∂d²)·(−2)·D_k, written as in scikit-learn in terms of D_k (the squared scaled
   * distance along the feature(s) of that length scale) and d² (total squared scaled distance).
   */
  private gradFactor(dsq: number): number {
    if (this.nu === 0.5) {
      const d = Math.sqrt(dsq);
      return d === 0 ? 0 : Math.exp(-d) / d;
    }
    if (this.nu === 1.5) return 3 * Math.exp(-Math.sqrt(3 * dsq));
    const t = Math.sqrt(5 * dsq);
    return (5 / 3) * (t + 1) * Math.exp(-t);
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    checkWidth("Matern", this.lengthScale, X);
    const D = sqDistances(X, Y, this.lengthScale);
    const m = Y ? Y.rows : X.rows;
    const Kd = mapPairs(D, X.rows, m, Y === null, (d2) => this.k(Math.sqrt(d2)));
    const K = denseMatrix(X.rows, m, Kd);
    if (!evalGradient) return { K };
    if (this.lengthScaleBounds === "fixed") return { K, gradient: [] };
    const factors = mapPairs(D, X.rows, m, true, (d2) => this.gradFactor(d2));
    if (!this.anisotropic) {
      const g = new Float64Array(D.length);
      for (let i = 0; i < D.length; i++) g[i] = factors[i] * D[i];
      return { K, gradient: [denseMatrix(X.rows, m, g)] };
    }
    const gradient = this.lengthScale.map((lk, k) => {
      const g = featureSqDiff(X, k, lk);
      for (let i = 0; i < g.length; i++) g[i] *= factors[i];
      return denseMatrix(X.rows, m, g);
    });
    return { K, gradient };
  }

  diag(X: DenseMatrix): Float64Array {
    return new Float64Array(X.rows).fill(1);
  }

  toSpec(): KernelSpec {
    return { type: "Matern", lengthScale: this.lengthScale.length === 1 ? this.lengthScale[0] : this.lengthScale, lengthScaleBounds: this.lengthScaleBounds, nu: this.nu };
  }

  toString(): string {
    return `Matern(length_scale=${lengthScaleString(this.lengthScale)}, nu=${formatG3(this.nu)})`;
  }
}

/** Options of RationalQuadratic: length scale, scale mixture alpha and bounds. */
export interface RationalQuadraticOptions {
  lengthScale?: number;
  /** The scale-mixture parameter α (how many length scales are mixed). */
  alpha?: number;
  lengthScaleBounds?: Bounds;
  alphaBounds?: Bounds;
}

/** Rational quadratic: k = (1 + d²/(2αl²))^(−α), a mixture of RBFs of many length scales. */
export class RationalQuadratic extends Kernel {
  lengthScale: number;
  alpha: number;
  lengthScaleBounds: Bounds;
  alphaBounds: Bounds;

  constructor(options: RationalQuadraticOptions = {}) {
    super();
    checkOptionNames("RationalQuadratic", options, ["lengthScale", "alpha", "lengthScaleBounds", "alphaBounds"]);
    const { lengthScale = 1, alpha = 1, lengthScaleBounds = [1e-5, 1e5], alphaBounds = [1e-5, 1e5] } = options;
    checkBounds("RationalQuadratic", "lengthScale", [lengthScale], lengthScaleBounds);
    checkBounds("RationalQuadratic", "alpha", [alpha], alphaBounds);
    this.lengthScale = lengthScale;
    this.alpha = alpha;
    this.lengthScaleBounds = lengthScaleBounds;
    this.alphaBounds = alphaBounds;
  }

  get hyperparameters(): Hyperparameter[] {
    // scikit-learn orders hyperparameters alphabetically: alpha, then length_scale
    return [
      { name: "alpha", value: [this.alpha], bounds: this.alphaBounds },
      { name: "length_scale", value: [this.lengthScale], bounds: this.lengthScaleBounds },
    ];
  }

  protected setHyperparameter(name: string, value: number[]): void {
    if (name === "alpha") this.alpha = value[0];
    else this.lengthScale = value[0];
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    const D = sqDistances(X, Y, [1]); // unscaled squared distances
    const { alpha: a, lengthScale: l } = this;
    const m = Y ? Y.rows : X.rows;
    const base = new Float64Array(D.length);
    for (let i = 0; i < D.length; i++) base[i] = 1 + D[i] / (2 * a * l * l);
    const Kd = mapPairs(base, X.rows, m, Y === null, (b) => Math.pow(b, -a));
    const K = denseMatrix(X.rows, m, Kd);
    if (!evalGradient) return { K };
    const gradient: DenseMatrix[] = [];
    if (this.alphaBounds !== "fixed") {
      const g = new Float64Array(D.length);
      for (let i = 0; i < D.length; i++) g[i] = Kd[i] * (-a * Math.log(base[i]) + D[i] / (2 * l * l * base[i]));
      gradient.push(denseMatrix(X.rows, m, g)); // (evalGradient implies Y = null)
    }
    if (this.lengthScaleBounds !== "fixed") {
      const g = new Float64Array(D.length);
      for (let i = 0; i < D.length; i++) g[i] = (D[i] * Kd[i]) / (l * l * base[i]);
      gradient.push(denseMatrix(X.rows, m, g));
    }
    return { K, gradient };
  }

  diag(X: DenseMatrix): Float64Array {
    return new Float64Array(X.rows).fill(1);
  }

  toSpec(): KernelSpec {
    return { type: "RationalQuadratic", lengthScale: this.lengthScale, alpha: this.alpha, lengthScaleBounds: this.lengthScaleBounds, alphaBounds: this.alphaBounds };
  }

  toString(): string {
    return `RationalQuadratic(alpha=${formatG3(this.alpha)}, length_scale=${formatG3(this.lengthScale)})`;
  }
}

/** Options of ExpSineSquared: length scale, periodicity and their bounds. */
export interface ExpSineSquaredOptions {
  lengthScale?: number;
  periodicity?: number;
  lengthScaleBounds?: Bounds;
  periodicityBounds?: Bounds;
}

/** Periodic kernel: k = exp(−2 sin²(π d / p) / l²), d the Euclidean distance, p the period. */
export class ExpSineSquared extends Kernel {
  lengthScale: number;
  periodicity: number;
  lengthScaleBounds: Bounds;
  periodicityBounds: Bounds;

  constructor(options: ExpSineSquaredOptions = {}) {
    super();
    checkOptionNames("ExpSineSquared", options, ["lengthScale", "periodicity", "lengthScaleBounds", "periodicityBounds"]);
    const { lengthScale = 1, periodicity = 1, lengthScaleBounds = [1e-5, 1e5], periodicityBounds = [1e-5, 1e5] } = options;
    checkBounds("ExpSineSquared", "lengthScale", [lengthScale], lengthScaleBounds);
    checkBounds("ExpSineSquared", "periodicity", [periodicity], periodicityBounds);
    this.lengthScale = lengthScale;
    this.periodicity = periodicity;
    this.lengthScaleBounds = lengthScaleBounds;
    this.periodicityBounds = periodicityBounds;
  }

  get hyperparameters(): Hyperparameter[] {
    return [
      { name: "length_scale", value: [this.lengthScale], bounds: this.lengthScaleBounds },
      { name: "periodicity", value: [this.periodicity], bounds: this.periodicityBounds },
    ];
  }

  protected setHyperparameter(name: string, value: number[]): void {
    if (name === "length_scale") this.lengthScale = value[0];
    else this.periodicity = value[0];
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    const D = Y === null ? euclideanDistances(X) : sqDistances(X, Y, [1]).map(Math.sqrt);
    const l2 = this.lengthScale * this.lengthScale;
    const m = Y ? Y.rows : X.rows;
    const Kd = new Float64Array(D.length);
    const wantL = evalGradient && this.lengthScaleBounds !== "fixed";
    const wantP = evalGradient && this.periodicityBounds !== "fixed";
    const gL = wantL ? new Float64Array(D.length) : null;
    const gP = wantP ? new Float64Array(D.length) : null;
    const rows = X.rows;
    const symmetric = Y === null;
    for (let r = 0; r < rows; r++) {
      for (let c = symmetric ? r + 1 : 0; c < m; c++) {
        const i = r * m + c;
        const arg = (Math.PI * D[i]) / this.periodicity;
        const s = Math.sin(arg);
        const k = Math.exp((-2 * s * s) / l2);
        Kd[i] = k;
        if (gL) gL[i] = (4 / l2) * s * s * k;
        if (gP) gP[i] = ((4 * arg) / l2) * Math.cos(arg) * s * k;
      }
    }
    if (symmetric) {
      // k = 1 and both derivatives 0 on the diagonal (distance 0); mirror the rest
      for (let r = 0; r < rows; r++) {
        Kd[r * m + r] = 1;
        for (let c = 0; c < r; c++) {
          Kd[r * m + c] = Kd[c * m + r];
          if (gL) gL[r * m + c] = gL[c * m + r];
          if (gP) gP[r * m + c] = gP[c * m + r];
        }
      }
    }
    const K = denseMatrix(X.rows, m, Kd);
    if (!evalGradient) return { K };
    const gradient: DenseMatrix[] = [];
    if (gL) gradient.push(denseMatrix(X.rows, m, gL));
    if (gP) gradient.push(denseMatrix(X.rows, m, gP));
    return { K, gradient };
  }

  diag(X: DenseMatrix): Float64Array {
    return new Float64Array(X.rows).fill(1);
  }

  toSpec(): KernelSpec {
    return { type: "ExpSineSquared", lengthScale: this.lengthScale, periodicity: this.periodicity, lengthScaleBounds: this.lengthScaleBounds, periodicityBounds: this.periodicityBounds };
  }

  toString(): string {
    return `ExpSineSquared(length_scale=${formatG3(this.lengthScale)}, periodicity=${formatG3(this.periodicity)})`;
  }
}

/** Options of DotProduct: the inhomogeneity sigma0 and its bounds. */
export interface DotProductOptions {
  sigma0?: number;
  sigma0Bounds?: Bounds;
}

/** Dot product: k = σ₀² + x·x' (a Bayesian linear regression when used alone). */
export class DotProduct extends Kernel {
  sigma0: number;
  sigma0Bounds: Bounds;

  constructor(options: DotProductOptions = {}) {
    super();
    checkOptionNames("DotProduct", options, ["sigma0", "sigma0Bounds"]);
    const { sigma0 = 1, sigma0Bounds = [1e-5, 1e5] } = options;
    checkBounds("DotProduct", "sigma0", [sigma0], sigma0Bounds);
    this.sigma0 = sigma0;
    this.sigma0Bounds = sigma0Bounds;
  }

  get hyperparameters(): Hyperparameter[] {
    return [{ name: "sigma_0", value: [this.sigma0], bounds: this.sigma0Bounds }];
  }

  protected setHyperparameter(_name: string, value: number[]): void {
    this.sigma0 = value[0];
  }

  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    const B = Y ?? X;
    if (B.cols !== X.cols) throw new Error(`DotProduct: X has ${X.cols} features but Y has ${B.cols}`);
    const n = X.rows;
    const m = B.rows;
    const p = X.cols;
    const s2 = this.sigma0 * this.sigma0;
    const Kd = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += X.data[i * p + k] * B.data[j * p + k];
        Kd[i * m + j] = s + s2;
      }
    }
    const K = denseMatrix(n, m, Kd);
    if (!evalGradient) return { K };
    // d(σ₀²)/dlog σ₀ = 2σ₀²
    return { K, gradient: this.sigma0Bounds === "fixed" ? [] : [denseMatrix(n, m, new Float64Array(n * m).fill(2 * s2))] };
  }

  diag(X: DenseMatrix): Float64Array {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let k = 0; k < X.cols; k++) s += X.data[i * X.cols + k] ** 2;
      out[i] = s + this.sigma0 * this.sigma0;
    }
    return out;
  }

  toSpec(): KernelSpec {
    return { type: "DotProduct", sigma0: this.sigma0, sigma0Bounds: this.sigma0Bounds };
  }

  toString(): string {
    return `DotProduct(sigma_0=${formatG3(this.sigma0)})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Composite kernels: their θ is k1's θ followed by k2's θ.

abstract class KernelOperator extends Kernel {
  constructor(
    public k1: Kernel,
    public k2: Kernel,
  ) {
    super();
    if (!(k1 instanceof Kernel) || !(k2 instanceof Kernel)) throw new Error("Kernel composition needs two kernels");
  }

  get hyperparameters(): Hyperparameter[] {
    return [
      ...this.k1.hyperparameters.map((h) => ({ ...h, name: `k1__${h.name}` })),
      ...this.k2.hyperparameters.map((h) => ({ ...h, name: `k2__${h.name}` })),
    ];
  }

  protected setHyperparameter(): void {
    /* theta is set through k1 and k2 */
  }

  get theta(): number[] {
    return [...this.k1.theta, ...this.k2.theta];
  }

  set theta(theta: number[]) {
    const n1 = this.k1.theta.length;
    if (theta.length !== n1 + this.k2.theta.length) throw new Error(`Kernel.theta: expected ${n1 + this.k2.theta.length} values, got ${theta.length}`);
    this.k1.theta = theta.slice(0, n1);
    this.k2.theta = theta.slice(n1);
  }

  get bounds(): [number, number][] {
    return [...this.k1.bounds, ...this.k2.bounds];
  }
}

/** k1 + k2. */
export class Sum extends KernelOperator {
  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    const a = this.k1.compute(X, Y, evalGradient);
    const b = this.k2.compute(X, Y, evalGradient);
    const K = a.K;
    for (let i = 0; i < K.data.length; i++) K.data[i] += b.K.data[i];
    return evalGradient ? { K, gradient: [...(a.gradient ?? []), ...(b.gradient ?? [])] } : { K };
  }

  diag(X: DenseMatrix): Float64Array {
    const d = this.k1.diag(X);
    const e = this.k2.diag(X);
    for (let i = 0; i < d.length; i++) d[i] += e[i];
    return d;
  }

  toSpec(): KernelSpec {
    return { type: "Sum", k1: this.k1.toSpec(), k2: this.k2.toSpec() };
  }

  toString(): string {
    return `${this.k1} + ${this.k2}`;
  }
}

function scaleInPlace(a: Float64Array, b: Float64Array): void {
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] *= b[i];
}

/** k1 · k2 (element-wise product of the two covariance matrices). */
export class Product extends KernelOperator {
  compute(X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean): KernelResult {
    if (this.k1 instanceof ConstantKernel) return scaledByConstant(this.k1, this.k2, X, Y, evalGradient, true);
    if (this.k2 instanceof ConstantKernel) return scaledByConstant(this.k2, this.k1, X, Y, evalGradient, false);
    const a = this.k1.compute(X, Y, evalGradient);
    const b = this.k2.compute(X, Y, evalGradient);
    const K1 = a.K.data;
    const K2 = b.K.data;
    // product rule: d(K1 K2) = dK1 · K2 and K1 · dK2
    const gradient: DenseMatrix[] = [];
    if (evalGradient) {
      for (const g of a.gradient ?? []) {
        scaleInPlace(g.data, K2);
        gradient.push(g);
      }
      for (const g of b.gradient ?? []) {
        scaleInPlace(g.data, K1);
        gradient.push(g);
      }
    }
    const K = denseMatrix(a.K.rows, a.K.cols, new Float64Array(K1.length));
    for (let i = 0; i < K1.length; i++) K.data[i] = K1[i] * K2[i];
    return evalGradient ? { K, gradient } : { K };
  }

  diag(X: DenseMatrix): Float64Array {
    const d = this.k1.diag(X);
    const e = this.k2.diag(X);
    for (let i = 0; i < d.length; i++) d[i] *= e[i];
    return d;
  }

  toSpec(): KernelSpec {
    return { type: "Product", k1: this.k1.toSpec(), k2: this.k2.toSpec() };
  }

  toString(): string {
    return `${this.k1} * ${this.k2}`;
  }
}

/**
 * c · k (a Product with a ConstantKernel on either side, the usual signal variance) without the
 * n×n matrices full of c that the general product multiplies with: K = c·K_k, dK/dlog c = c·K_k,
 * dK/dθ_k = c·dK_k/dθ_k, the same products as Product computes. `constantFirst` keeps θ's order.
 */
function scaledByConstant(ck: ConstantKernel, k: Kernel, X: DenseMatrix, Y: DenseMatrix | null, evalGradient: boolean, constantFirst: boolean): KernelResult {
  const c = ck.constantValue;
  const b = k.compute(X, Y, evalGradient);
  const K = b.K.data;
  if (!evalGradient) {
    for (let i = 0; i < K.length; i++) K[i] = c * K[i];
    return { K: b.K };
  }
  const own = ck.constantValueBounds === "fixed" ? [] : [denseMatrix(b.K.rows, b.K.cols, new Float64Array(K.length))];
  for (let i = 0; i < K.length; i++) {
    const v = c * K[i];
    K[i] = v;
    if (own.length) own[0].data[i] = v; // d(c·k)/dlog c = c·k
  }
  const rest = b.gradient ?? [];
  for (const g of rest) for (let i = 0; i < g.data.length; i++) g.data[i] = c * g.data[i];
  return { K: b.K, gradient: constantFirst ? [...own, ...rest] : [...rest, ...own] };
}

/** Rebuilds a kernel from toSpec() output (used to send kernels to worker threads). */
export function kernelFromSpec(spec: KernelSpec): Kernel {
  // A leaf's spec is its type plus its constructor options; Sum and Product hold k1 and k2.
  const { type, ...s } = spec as any;
  switch (type) {
    case "ConstantKernel":
      return new ConstantKernel(s);
    case "WhiteKernel":
      return new WhiteKernel(s);
    case "RBF":
      return new RBF(s);
    case "Matern":
      return new Matern(s);
    case "RationalQuadratic":
      return new RationalQuadratic(s);
    case "ExpSineSquared":
      return new ExpSineSquared(s);
    case "DotProduct":
      return new DotProduct(s);
    case "Sum":
      return new Sum(kernelFromSpec(s.k1), kernelFromSpec(s.k2));
    case "Product":
      return new Product(kernelFromSpec(s.k1), kernelFromSpec(s.k2));
    default:
      throw new Error(`kernelFromSpec: unknown kernel type "${type}"`);
  }
}
