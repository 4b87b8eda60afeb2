// t-distributed stochastic neighbour embedding (t-SNE), the exact-gradient version of the
// algorithm in scikit-learn's TSNE (same perplexity calibration, PCA initialisation, early
// exaggeration, momentum and gains schedule; sklearn's default Barnes-Hut approximation is only
// needed for tens of thousands of points).
//
//  1. In the input space, each point i gets a Gaussian over the others whose width is tuned so
//     that its perplexity 2^H(P_i) equals `perplexity` (roughly: how many neighbours it "sees").
//     p_ij = (p_j|i + p_i|j) / (2n) are the symmetric similarities.
//  2. In the 2-D map, similarities use a Student-t kernel, q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹, whose heavy
//     tail lets moderately distant points sit far apart.
//  3. Gradient descent on the Kullback–Leibler divergence KL(P‖Q), with gradient
//       ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j).
//     For the first 250 iterations P is multiplied by `earlyExaggeration` so that clusters form
//     first and then spread out.
// Points close in the map were neighbours in the input; distances between far-apart clusters
// do not mean much.
import { BaseEstimator } from "../core/estimator";
import { DataError, ParamError } from "../core/errors";
import { XInput, toMatrix } from "../core/input";
import { declareParams } from "../core/params";
import { anyOf, int, number, oneOf } from "../core/rules";
import { registerEstimator } from "../core/registry";
import { Random } from "../core/random";
import { PCA } from "./pca";

/** Options of TSNE. */
export interface TSNEParams {
  /** Output dimensions (default 2). */
  nComponents?: number;
  /** Effective number of neighbours each point considers (default 30; must be < n). */
  perplexity?: number;
  /** Factor on P during the first 250 iterations (default 12). */
  earlyExaggeration?: number;
  /** Step size, or "auto" = max(n / earlyExaggeration / 4, 50) as in scikit-learn (default). */
  learningRate?: number | "auto";
  /** Total gradient-descent iterations (default 1000, at least 250). */
  nIter?: number;
  /** Starting map: "pca" (default; deterministic) or "random" (seeded normal, σ = 1e-4). */
  init?: "pca" | "random";
  /** Seed for init "random" (default 0). */
  seed?: number;
}

const EXPLORATION_ITERS = 250; // iterations with early exaggeration and momentum 0.5
const CHECK_EVERY = 50; // how often progress is checked (scikit-learn's n_iter_check)
const MACHINE_EPSILON = 2.220446049250313e-16;

/**
 * t-SNE with exact gradients (scikit-learn's TSNE with method="exact"). Like scikit-learn's, it
 * only maps the rows it is fitted on (there is no transform for new rows): use fitTransform(X)
 * or fit(X).embedding_. Its estimatorType is "transformer".
 */
export class TSNE extends BaseEstimator<TSNEParams> {
  static readonly paramSpec = declareParams<TSNEParams>({
    nComponents: { default: 2, rule: int({ min: 1 }), doc: "Output dimensions." },
    perplexity: { default: 30, rule: number({ min: 0, minExclusive: true }), doc: "Effective number of neighbours each point considers (must be < n)." },
    earlyExaggeration: { default: 12, rule: number({ min: 1 }), doc: "Factor on P during the first 250 iterations." },
    learningRate: { default: "auto", rule: anyOf(number({ min: 0, minExclusive: true }), oneOf("auto")), doc: 'Step size, or "auto" = max(n / earlyExaggeration / 4, 50).' },
    nIter: { default: 1000, rule: int({ min: EXPLORATION_ITERS }), doc: "Total gradient-descent iterations." },
    init: { default: "pca", rule: oneOf("pca", "random"), doc: '"pca" (deterministic) or "random" (seeded normal, σ = 1e-4).' },
    seed: { default: 0, rule: int(), doc: 'Seed for init "random".' },
  });
  readonly estimatorType = "transformer" as const;
  /** The map: one row of nComponents coordinates per input row. */
  embedding_!: number[][];
  /** KL(P‖Q) at the last progress check. */
  klDivergence_!: number;
  /** Iterations run. */
  nIter_!: number;

  /** Finds the map of X's rows; returns this. */
  fit(X: XInput): this {
    const rows = this.validateX(X, "fit", true);
    const n = rows.length;
    const { nComponents: dim, perplexity, earlyExaggeration, nIter } = this.params;
    if (perplexity >= n) throw new DataError(`TSNE.fit: perplexity (${perplexity}) must be less than the number of samples (${n})`);
    const P = jointProbabilities(rows, perplexity, "TSNE.fit");

    // Starting map.
    const Y = new Float64Array(n * dim);
    if (this.params.init === "pca") {
      if (dim > rows[0].length) throw new DataError(`TSNE.fit: init "pca" needs nComponents (${dim}) <= the ${rows[0].length} input columns`);
      const scores = new PCA({ nComponents: { count: dim } }).fitTransform(rows);
      // Scaled so that the first coordinate has standard deviation 1e-4, as scikit-learn does.
      const mean = scores.reduce((s, r) => s + r[0], 0) / n;
      const std = Math.sqrt(scores.reduce((s, r) => s + (r[0] - mean) ** 2, 0) / n) || 1;
      scores.forEach((r, i) => r.forEach((v, k) => (Y[i * dim + k] = (v / std) * 1e-4)));
    } else {
      const rng = new Random(this.params.seed);
      for (let t = 0; t < Y.length; t++) Y[t] = 1e-4 * rng.normal();
    }
    const learningRate = this.params.learningRate === "auto" ? Math.max(n / earlyExaggeration / 4, 50) : this.params.learningRate;

    // Two stages, as scikit-learn: exaggerated P with momentum 0.5, then the true P with 0.8.
    const descent = new GradientDescent(P, Y, n, dim, learningRate);
    for (let t = 0; t < P.length; t++) P[t] *= earlyExaggeration;
    let it = descent.run(0, EXPLORATION_ITERS, 0.5, EXPLORATION_ITERS);
    for (let t = 0; t < P.length; t++) P[t] /= earlyExaggeration;
    it = descent.run(it + 1, nIter, 0.8, 300);

    const embedding: number[][] = [];
    for (let i = 0; i < n; i++) embedding.push(Array.from(Y.subarray(i * dim, (i + 1) * dim)));
    this.embedding_ = embedding;
    // KL is measured every 50 iterations; a run too short to reach a check measures the final map.
    this.klDivergence_ = Number.isFinite(descent.bestError) ? descent.bestError : descent.currentError();
    this.nIter_ = it + 1;
    return this;
  }

  /** Fits and returns the map (embedding_). */
  fitTransform(X: XInput): number[][] {
    return this.fit(X).embedding_;
  }
}

/**
 * Symmetric input similarities p_ij of t-SNE, for the pairs i < j in row order (0,1), (0,2), …,
 * (1,2), … (scipy's "condensed" order). For each row a bisection on the Gaussian precision β_i
 * makes the entropy of p_·|i equal log(perplexity).
 */
export function tsneAffinities(X: XInput, perplexity: number): Float64Array {
  const rows = toMatrix(X, "tsneAffinities");
  if (!(typeof perplexity === "number" && perplexity > 0 && perplexity < rows.length)) throw new ParamError(`tsneAffinities: perplexity must be in (0, ${rows.length}), got ${perplexity}`);
  return jointProbabilities(rows, perplexity, "tsneAffinities");
}

/** The p_ij of tsneAffinities; `who` names the caller in errors. */
function jointProbabilities(rows: number[][], perplexity: number, who: string): Float64Array {
  const n = rows.length;
  const p = rows[0].length;
  const D = new Float64Array(n * n); // squared Euclidean distances
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = rows[i][t] - rows[j][t];
        s += d * d;
      }
      if (!Number.isFinite(s)) throw new DataError(`${who}: the squared distance of rows ${i} and ${j} overflows double precision (values too large); rescale X first`);
      D[i * n + j] = D[j * n + i] = s;
    }
  }
  const target = Math.log(perplexity);
  const cond = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let lo = -Infinity;
    let hi = Infinity;
    for (let step = 0; step < 100; step++) {
      let sumP = 0;
      let sumDP = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const v = Math.exp(-D[i * n + j] * beta);
        cond[i * n + j] = v;
        sumP += v;
        sumDP += D[i * n + j] * v;
      }
      if (sumP === 0) sumP = 1e-8;
      for (let j = 0; j < n; j++) cond[i * n + j] /= sumP;
      const entropy = Math.log(sumP) + (beta * sumDP) / sumP;
      const diff = entropy - target;
      if (Math.abs(diff) <= 1e-5) break;
      if (diff > 0) {
        lo = beta; // too many neighbours: narrow the Gaussian
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
  }
  const P = new Float64Array((n * (n - 1)) / 2);
  let total = 0;
  for (let i = 0, t = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, t++) {
      P[t] = cond[i * n + j] + cond[j * n + i];
      total += 2 * P[t];
    }
  }
  for (let t = 0; t < P.length; t++) P[t] = Math.max(P[t] / Math.max(total, MACHINE_EPSILON), MACHINE_EPSILON);
  return P;
}

/** scikit-learn's _gradient_descent: momentum, per-coordinate gains, progress checks. */
class GradientDescent {
  private update: Float64Array;
  private gains: Float64Array;
  private grad: Float64Array;
  private repulsion: Float64Array;
  bestError = Infinity;
  private bestIter = 0;

  constructor(private P: Float64Array, private Y: Float64Array, private n: number, private dim: number, private learningRate: number) {
    this.update = new Float64Array(Y.length);
    this.gains = new Float64Array(Y.length).fill(1);
    this.grad = new Float64Array(Y.length);
    this.repulsion = new Float64Array(Y.length);
  }

  /** KL(P‖Q) of the current map. */
  currentError(): number {
    return this.gradient(true);
  }

  /** Iterations start..end-1; returns the last iteration done. */
  run(start: number, end: number, momentum: number, patience: number): number {
    const { Y, update, gains, grad, learningRate } = this;
    this.bestError = Infinity;
    this.bestIter = start;
    let i = start;
    for (; i < end; i++) {
      const check = (i + 1) % CHECK_EVERY === 0;
      const error = this.gradient(check);
      // Gains grow where the gradient keeps pointing the same way, shrink where it flips.
      let norm = 0;
      for (let t = 0; t < Y.length; t++) {
        const same = update[t] * grad[t] < 0;
        gains[t] = Math.max(same ? gains[t] + 0.2 : gains[t] * 0.8, 0.01);
        grad[t] *= gains[t];
        update[t] = momentum * update[t] - learningRate * grad[t];
        Y[t] += update[t];
        norm += grad[t] * grad[t];
      }
      if (check) {
        if (error < this.bestError) {
          this.bestError = error;
          this.bestIter = i;
        } else if (i - this.bestIter > patience) break;
        if (Math.sqrt(norm) <= 1e-7) break;
      }
    }
    return Math.min(i, end - 1);
  }

  /** The pair loop of gradient() for 2-D maps, with the coordinates of point i kept in locals (the common case, ~3× faster). */
  private pairs2D(): number {
    const { P, Y, grad, n } = this;
    const rep = this.repulsion;
    let Z = 0;
    for (let i = 0, t = 0; i < n; i++) {
      const xi = Y[2 * i];
      const yi = Y[2 * i + 1];
      let gx = 0;
      let gy = 0;
      let rx = 0;
      let ry = 0;
      for (let j = i + 1; j < n; j++, t++) {
        const dx = xi - Y[2 * j];
        const dy = yi - Y[2 * j + 1];
        const w = 1 / (1 + dx * dx + dy * dy);
        Z += w;
        const a = P[t] * w;
        const r = w * w;
        gx += a * dx;
        gy += a * dy;
        rx += r * dx;
        ry += r * dy;
        grad[2 * j] -= a * dx;
        grad[2 * j + 1] -= a * dy;
        rep[2 * j] -= r * dx;
        rep[2 * j + 1] -= r * dy;
      }
      grad[2 * i] += gx;
      grad[2 * i + 1] += gy;
      rep[2 * i] += rx;
      rep[2 * i + 1] += ry;
    }
    return 2 * Z;
  }

  /**
   * Writes ∂KL/∂Y into grad; returns KL(P‖Q) when asked (it costs a log per pair). With
   * w_ij = (1 + ‖y_i − y_j‖²)⁻¹ and Z = Σ_{i≠j} w_ij (so q_ij = w_ij / Z), the gradient splits into
   * an attractive part Σ_j p_ij w_ij (y_i − y_j) and a repulsive part Σ_j w_ij² (y_i − y_j) / Z,
   * so one pass over the pairs collects both and Z.
   */
  private gradient(withError: boolean): number {
    const { P, Y, grad, n, dim } = this;
    const rep = this.repulsion;
    rep.fill(0);
    grad.fill(0);
    let Z = 0;
    if (dim === 2) Z = this.pairs2D();
    else for (let i = 0, t = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, t++) {
        let d2 = 0;
        for (let k = 0; k < dim; k++) {
          const d = Y[i * dim + k] - Y[j * dim + k];
          d2 += d * d;
        }
        const w = 1 / (1 + d2);
        Z += 2 * w;
        const a = P[t] * w;
        const r = w * w;
        for (let k = 0; k < dim; k++) {
          const d = Y[i * dim + k] - Y[j * dim + k];
          grad[i * dim + k] += a * d;
          grad[j * dim + k] -= a * d;
          rep[i * dim + k] += r * d;
          rep[j * dim + k] -= r * d;
        }
      }
    }
    for (let t = 0; t < grad.length; t++) grad[t] = 4 * (grad[t] - rep[t] / Z);
    if (!withError) return 0;
    let kl = 0;
    for (let i = 0, t = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, t++) {
        let d2 = 0;
        for (let k = 0; k < dim; k++) {
          const d = Y[i * dim + k] - Y[j * dim + k];
          d2 += d * d;
        }
        const q = Math.max(1 / (1 + d2) / Z, MACHINE_EPSILON);
        kl += 2 * P[t] * Math.log(P[t] / q);
      }
    }
    return kl;
  }
}

/**
 * How well an embedding keeps neighbourhoods (scikit-learn's trustworthiness, 0..1): penalises
 * points that are among a row's k nearest neighbours in the map but far down its list of
 * neighbours in the input, by how far down they are. 1 means no intruders.
 */
export function trustworthiness(X: XInput, embedding: XInput, nNeighbors = 5): number {
  const rows = toMatrix(X, "trustworthiness");
  const n = rows.length;
  const Y = toMatrix(embedding, "trustworthiness (embedding)");
  if (Y.length !== n) throw new DataError(`trustworthiness: X has ${n} rows but the embedding has ${Y.length}`);
  if (!(Number.isInteger(nNeighbors) && nNeighbors >= 1 && nNeighbors < n / 2)) throw new ParamError(`trustworthiness: nNeighbors must be an integer in [1, n/2) = [1, ${n / 2}), got ${nNeighbors}`);
  const sq = (a: number[], b: number[]) => a.reduce((s, v, t) => s + (v - b[t]) ** 2, 0);
  let penalty = 0;
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Rank of every other point by input distance (1 = nearest).
    const dx = rows.map((r) => sq(r, rows[i]));
    const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => dx[a] - dx[b] || a - b);
    order.forEach((j, r) => (rank[j] = r + 1));
    const dy = Y.map((r) => sq(r, Y[i]));
    const near = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => dy[a] - dy[b] || a - b).slice(0, nNeighbors);
    for (const j of near) if (rank[j] > nNeighbors) penalty += rank[j] - nNeighbors;
  }
  return 1 - (2 / (n * nNeighbors * (2 * n - 3 * nNeighbors - 1))) * penalty;
}

registerEstimator(TSNE);
