// k-nearest neighbours: a new point takes the majority label (classifier) or the mean target
// (regressor) of the k training points closest to it in Euclidean distance. With
// weights "distance" each neighbour votes with weight 1/d, so closer points count more.
// Features on very different scales should be standardised first: distance sees raw units.
import { BaseClassifier, BaseRegressor } from "../core/estimator";
import { LabelInput, XInput, YInput, toLabels, toVector } from "../core/input";
import { ParamError } from "../core/errors";
import { declareParams } from "../core/params";
import { int, oneOf } from "../core/rules";
import { encodeLabels, Label, argmax } from "../core/labels";
import { registerEstimator } from "../core/registry";

/** Options of the k-nearest-neighbour models. */
export interface KNeighborsParams {
  /** How many neighbours vote (default 5). */
  nNeighbors?: number;
  /** "uniform" (default): every neighbour counts the same; "distance": weight 1/distance. */
  weights?: "uniform" | "distance";
}

/** The k nearest training rows of each query. */
export interface Neighbors {
  /** Distances to the k nearest training points, nearest first (one row per query). */
  distances: number[][];
  /** Row numbers of those training points in the training data. */
  indices: number[][];
}

const KNN_SPEC = declareParams<KNeighborsParams>({
  nNeighbors: { default: 5, rule: int({ min: 1 }), doc: "How many neighbours vote." },
  weights: { default: "uniform", rule: oneOf("uniform", "distance"), doc: '"uniform": every neighbour counts the same; "distance": weight 1/distance.' },
});

/** Training rows stored flat (row-major) for fast distance loops; checks that k fits. */
function storeRows(rows: number[][], k: number, who: string): Float64Array {
  const n = rows.length;
  const p = rows[0].length;
  if (k > n) throw new ParamError(`${who}: nNeighbors = ${k} is larger than the ${n} training samples`);
  const data = new Float64Array(n * p);
  rows.forEach((r, i) => data.set(r, i * p));
  return data;
}

/**
 * The k nearest training rows (`data`, row-major, p wide) of each query, nearest first. Equal
 * distances are broken by the lower training index, so results do not depend on the order of
 * the computation.
 */
function nearest(data: Float64Array, p: number, queries: number[][], k: number): Neighbors {
  const n = data.length / p;
  const dist = new Float64Array(k);
  const idx = new Int32Array(k);
  const out: Neighbors = { distances: [], indices: [] };
  for (const q of queries) {
    let filled = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const off = i * p;
      for (let j = 0; j < p; j++) {
        const d = data[off + j] - q[j];
        s += d * d;
      }
      // Insert into the sorted buffer of the k best so far (k is small); strict "<" keeps the
      // earlier index first among equal distances.
      if (filled < k || s < dist[filled - 1]) {
        let pos = filled < k ? filled++ : k - 1;
        while (pos > 0 && dist[pos - 1] > s) {
          dist[pos] = dist[pos - 1];
          idx[pos] = idx[pos - 1];
          pos--;
        }
        dist[pos] = s;
        idx[pos] = i;
      }
    }
    out.distances.push(Array.from(dist, Math.sqrt));
    out.indices.push(Array.from(idx));
  }
  return out;
}

/** Vote weight of each neighbour; a query that coincides with training points trusts only those. */
function neighbourWeights(distances: number[], weights: "uniform" | "distance"): number[] {
  if (weights === "uniform") return distances.map(() => 1);
  if (distances.some((d) => d === 0)) return distances.map((d) => (d === 0 ? 1 : 0));
  return distances.map((d) => 1 / d);
}

/**
 * k-nearest-neighbour classifier (scikit-learn's KNeighborsClassifier, brute-force search).
 *
 * Cost: brute force, so predicting m rows against n training rows takes O(m·n·p) time — it
 * grows like n² when m ≈ n, where scikit-learn's kd-tree / ball tree grows more slowly on a few
 * descriptors (`npm run bench -- --scale` measures both). Fine for the case study's hundreds of
 * alloys; for tens of thousands of training rows, expect it to be the slow step.
 */
export class KNeighborsClassifier extends BaseClassifier<KNeighborsParams> {
  static readonly paramSpec = KNN_SPEC;
  /** Class labels in sorted order; predictProba's columns follow it. */
  declare classes_: Label[];
  /** The training rows, row-major (k-NN has nothing else to learn). */
  fitX_!: Float64Array;
  /** Each training row's class, as a position in `classes_`. */
  fitCodes_!: Int32Array;

  /** Stores the training data. */
  fit(X: XInput, y: LabelInput): this {
    const rows = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const { classes, codes } = encodeLabels(toLabels(y, who), who, rows.length);
    this.fitX_ = storeRows(rows, this.params.nNeighbors, who);
    this.fitCodes_ = codes;
    this.classes_ = classes;
    return this;
  }

  /** The nNeighbors nearest training rows of each row of X. */
  kneighbors(X: XInput): Neighbors {
    return this.neighborsOf(X, "kneighbors");
  }

  /** Weighted share of each class among the neighbours (columns in `classes_` order). */
  predictProba(X: XInput): number[][] {
    return this.probaOf(X, "predictProba");
  }

  /** Majority (or weighted-majority) class of the neighbours; a tie goes to the smallest label. */
  predict(X: XInput): Label[] {
    return this.probaOf(X, "predict").map((votes) => this.classes_[argmax(votes)]);
  }

  private neighborsOf(X: XInput, method: string): Neighbors {
    const queries = this.validateX(X, method, false);
    return nearest(this.fitX_, this.nFeaturesIn_ as number, queries, this.params.nNeighbors);
  }

  private probaOf(X: XInput, method: string): number[][] {
    const { distances, indices } = this.neighborsOf(X, method);
    const codes = this.fitCodes_;
    return indices.map((row, q) => {
      const w = neighbourWeights(distances[q], this.params.weights);
      const votes = new Array<number>(this.classes_.length).fill(0);
      row.forEach((i, m) => (votes[codes[i]] += w[m]));
      const total = votes.reduce((a, b) => a + b, 0);
      return votes.map((v) => v / total);
    });
  }
}

/**
 * k-nearest-neighbour regressor (scikit-learn's KNeighborsRegressor, brute-force search).
 *
 * Cost: brute force, so predicting m rows against n training rows takes O(m·n·p) time — it
 * grows like n² when m ≈ n, where scikit-learn's kd-tree / ball tree grows more slowly on a few
 * descriptors (`npm run bench -- --scale` measures both). Fine for the case study's hundreds of
 * alloys; for tens of thousands of training rows, expect it to be the slow step.
 */
export class KNeighborsRegressor extends BaseRegressor<KNeighborsParams> {
  static readonly paramSpec = KNN_SPEC;
  /** The training rows, row-major (k-NN has nothing else to learn). */
  fitX_!: Float64Array;
  /** The training targets. */
  fitY_!: number[];

  /** Stores the training data. */
  fit(X: XInput, y: YInput): this {
    const rows = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const yv = toVector(y, who, rows.length);
    this.fitX_ = storeRows(rows, this.params.nNeighbors, who);
    this.fitY_ = yv;
    return this;
  }

  /** The nNeighbors nearest training rows of each row of X. */
  kneighbors(X: XInput): Neighbors {
    return this.neighborsOf(X, "kneighbors");
  }

  /** Mean (or 1/distance-weighted mean) target of the neighbours. */
  predict(X: XInput): number[] {
    const y = this.fitY_;
    const { distances, indices } = this.neighborsOf(X, "predict");
    return indices.map((row, q) => {
      const w = neighbourWeights(distances[q], this.params.weights);
      let num = 0;
      let den = 0;
      row.forEach((i, m) => {
        num += w[m] * y[i];
        den += w[m];
      });
      return num / den;
    });
  }

  private neighborsOf(X: XInput, method: string): Neighbors {
    const queries = this.validateX(X, method, false);
    return nearest(this.fitX_, this.nFeaturesIn_ as number, queries, this.params.nNeighbors);
  }
}

registerEstimator(KNeighborsClassifier, KNeighborsRegressor);
