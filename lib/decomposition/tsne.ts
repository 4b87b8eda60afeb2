// t-distributed stochastic neighbour embedding (t-SNE), as scikit-learn's TSNE does it (same
// perplexity calibration, PCA initialisation, early exaggeration, momentum and gains schedule,
// and both of its methods: "exact" and the default "barnes_hut").
//
//  1. In the input space, each point i gets a Gaussian over the others whose width is tuned so
//     that its perplexity 2^H(P_i) equals `perplexity` (roughly: how many neighbours it "sees").
//     p_ij = (p_j|i + p_i|j) / (2n) are the symmetric similarities. "exact" computes them for all
//     pairs; "barnes_hut" only over each point's ⌊3·perplexity + 1⌋ nearest neighbours.
//  2. In the 2-D map, similarities use a Student-t kernel, q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹, whose heavy
//     tail lets moderately distant points sit far apart.
//  3. Gradient descent on the Kullback–Leibler divergence KL(P‖Q), with gradient
//       ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j)
//     (tsne-gradient.ts: exact over all pairs, or Barnes–Hut with a quad-tree that lets far-away
//     groups of points repel as one). For the first 250 iterations P is multiplied by
//     `earlyExaggeration` so that clusters form first and then spread out.
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
import { exactAffinities, neighbourAffinities } from "./tsne-affinities";
import { BarnesHutGradient, ExactGradient, TsneObjective } from "./tsne-gradient";

/** Options of TSNE. */
export interface TSNEParams {
  /** Output dimensions (default 2; at most 3 for "barnes_hut"). */
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
  /**
   * "barnes_hut" (default, as scikit-learn): P over nearest neighbours and a tree for the
   * repulsion, O(n log n) per iteration; "exact": all pairs, O(n²) time and memory.
   */
  method?: "barnes_hut" | "exact";
  /** Barnes–Hut accuracy θ in [0, 1] (default 0.5): a cell acts as one point when width < θ · distance; 0 is exact. */
  angle?: number;
}

const EXPLORATION_ITERS = 250; // iterations with early exaggeration and momentum 0.5
const CHECK_EVERY = 50; // how often progress is checked (scikit-learn's n_iter_check)

/**
 * t-SNE (scikit-learn's TSNE): method "barnes_hut" (default) for maps of thousands of points,
 * "exact" for exact gradients. Like scikit-learn's, it only maps the rows it is fitted on (there
 * is no transform for new rows): use fitTransform(X) or fit(X).embedding_. Its estimatorType is
 * "transformer". Cost: "exact" O(n²) time and memory per fit; "barnes_hut" O(n log n) per
 * iteration plus a brute-force O(n²·p) nearest-neighbour search once.
 */
export class TSNE extends BaseEstimator<TSNEParams> {
  static readonly paramSpec = declareParams<TSNEParams>({
    nComponents: { default: 2, rule: int({ min: 1 }), doc: 'Output dimensions (at most 3 for "barnes_hut").' },
    perplexity: { default: 30, rule: number({ min: 0, minExclusive: true }), doc: "Effective number of neighbours each point considers (must be < n)." },
    earlyExaggeration: { default: 12, rule: number({ min: 1 }), doc: "Factor on P during the first 250 iterations." },
    learningRate: { default: "auto", rule: anyOf(number({ min: 0, minExclusive: true }), oneOf("auto")), doc: 'Step size, or "auto" = max(n / earlyExaggeration / 4, 50).' },
    nIter: { default: 1000, rule: int({ min: EXPLORATION_ITERS }), doc: "Total gradient-descent iterations." },
    init: { default: "pca", rule: oneOf("pca", "random"), doc: '"pca" (deterministic) or "random" (seeded normal, σ = 1e-4).' },
    seed: { default: 0, rule: int(), doc: 'Seed for init "random".' },
    method: { default: "barnes_hut", rule: oneOf("barnes_hut", "exact"), doc: '"barnes_hut": neighbour affinities and a quad-tree, O(n log n) per iteration; "exact": all pairs, O(n²).' },
    angle: { default: 0.5, rule: number({ min: 0, max: 1 }), doc: 'Barnes–Hut θ: a tree cell acts as one point when its width < θ × its distance (0 = exact).' },
  });
  readonly estimatorType = "transformer" as const;
  /** The map: one row of nComponents coordinates per input row. */
  embedding_!: number[][];
  /**
   * KL(P‖Q) at the last iteration, as scikit-learn reports it (for "barnes_hut": over the
   * neighbour pairs of P, with the tree's normalisation).
   */
  klDivergence_!: number;
  /** Iterations run. */
  nIter_!: number;

  /** Finds the map of X's rows; returns this. */
  fit(X: XInput): this {
    const rows = this.validateX(X, "fit", true);
    const n = rows.length;
    const { nComponents: dim, perplexity, earlyExaggeration, nIter, method } = this.params;
    if (perplexity >= n) throw new DataError(`TSNE.fit: perplexity (${perplexity}) must be less than the number of samples (${n})`);
    if (method === "barnes_hut" && dim > 3) throw new ParamError(`TSNE.fit: method "barnes_hut" maps to at most 3 dimensions (its tree splits each axis), got nComponents ${dim}; use method "exact"`);
    const objective: TsneObjective =
      method === "exact" ? new ExactGradient(exactAffinities(rows, perplexity, "TSNE.fit"), n, dim) : new BarnesHutGradient(neighbourAffinities(rows, perplexity, "TSNE.fit"), dim, this.params.angle);

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
    const descent = new GradientDescent(objective, Y, learningRate);
    const P = objective.values;
    for (let t = 0; t < P.length; t++) P[t] *= earlyExaggeration;
    let it = descent.run(0, EXPLORATION_ITERS, 0.5, EXPLORATION_ITERS);
    for (let t = 0; t < P.length; t++) P[t] /= earlyExaggeration;
    if (it + 1 < nIter) it = descent.run(it + 1, nIter, 0.8, 300);
    else descent.error = objective.gradient(Y, new Float64Array(Y.length), true); // no second stage: the cost of the true P

    const embedding: number[][] = [];
    for (let i = 0; i < n; i++) embedding.push(Array.from(Y.subarray(i * dim, (i + 1) * dim)));
    this.embedding_ = embedding;
    this.klDivergence_ = descent.error;
    this.nIter_ = it + 1;
    return this;
  }

  /** Fits and returns the map (embedding_). */
  fitTransform(X: XInput): number[][] {
    return this.fit(X).embedding_;
  }
}

/**
 * Symmetric input similarities p_ij of t-SNE (method "exact"), for the pairs i < j in row order
 * (0,1), (0,2), …, (1,2), … (scipy's "condensed" order). For each row a bisection on the Gaussian
 * precision β_i makes the entropy of p_·|i equal log(perplexity).
 */
export function tsneAffinities(X: XInput, perplexity: number): Float64Array {
  const rows = toMatrix(X, "tsneAffinities");
  if (!(typeof perplexity === "number" && perplexity > 0 && perplexity < rows.length)) throw new ParamError(`tsneAffinities: perplexity must be in (0, ${rows.length}), got ${perplexity}`);
  return exactAffinities(rows, perplexity, "tsneAffinities");
}

/** scikit-learn's _gradient_descent: momentum, per-coordinate gains, progress checks. */
export class GradientDescent {
  private readonly update: Float64Array;
  private readonly gains: Float64Array;
  private readonly grad: Float64Array;
  /** The cost at the last iteration run (computed there, as scikit-learn does). */
  error = NaN;

  constructor(private readonly objective: TsneObjective, private readonly Y: Float64Array, private readonly learningRate: number) {
    this.update = new Float64Array(Y.length);
    this.gains = new Float64Array(Y.length).fill(1);
    this.grad = new Float64Array(Y.length);
  }

  /** Iterations start..end-1; stops early after `patience` iterations without progress; returns the last iteration done. */
  run(start: number, end: number, momentum: number, patience: number): number {
    const { Y, update, gains, grad, learningRate, objective } = this;
    let bestError = Infinity;
    let bestIter = start;
    let i = start;
    for (; i < end; i++) {
      const check = (i + 1) % CHECK_EVERY === 0;
      // The cost is computed at progress checks and at the last iteration.
      this.error = objective.gradient(Y, grad, check || i === end - 1);
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
        if (this.error < bestError) {
          bestError = this.error;
          bestIter = i;
        } else if (i - bestIter > patience) break;
        if (Math.sqrt(norm) <= 1e-7) break;
      }
    }
    return Math.min(i, end - 1);
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
