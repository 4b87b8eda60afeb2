// k-nearest neighbours: a new point takes the majority label (classifier) or the mean target
// (regressor) of the k training points closest to it in Euclidean distance. With
// weights "distance" each neighbour votes with weight 1/d, so closer points count more.
// Features on very different scales should be standardised first: distance sees raw units.
import { XInput, YInput, toMatrix, toVector, assertFitted, checkParam, Classifier, Regressor, HasParams } from "./base";
import { encodeLabels, Label, argmax } from "../core/labels";

export interface KNeighborsParams {
  /** How many neighbours vote (default 5). */
  nNeighbors?: number;
  /** "uniform" (default): every neighbour counts the same; "distance": weight 1/distance. */
  weights?: "uniform" | "distance";
}

export interface Neighbors {
  /** Distances to the k nearest training points, nearest first (one row per query). */
  distances: number[][];
  /** Row numbers of those training points in the training data. */
  indices: number[][];
}

function checkKnnParams(params: KNeighborsParams, who: string): Required<KNeighborsParams> {
  const { nNeighbors = 5, weights = "uniform" } = params;
  checkParam(Number.isInteger(nNeighbors) && nNeighbors >= 1, who, "nNeighbors", nNeighbors, "a positive integer");
  checkParam(weights === "uniform" || weights === "distance", who, "weights", weights, '"uniform" or "distance"');
  return { nNeighbors, weights };
}

/** Training rows stored flat (row-major) for fast distance loops. */
interface StoredRows {
  data: Float64Array;
  n: number;
  p: number;
}

function storeRows(rows: number[][], k: number, who: string): StoredRows {
  const n = rows.length;
  const p = rows[0].length;
  if (k > n) throw new Error(`${who}: nNeighbors = ${k} is larger than the ${n} training samples`);
  const data = new Float64Array(n * p);
  rows.forEach((r, i) => data.set(r, i * p));
  return { data, n, p };
}

/**
 * The k nearest training rows of each query, nearest first. Equal distances are broken by the
 * lower training index, so results do not depend on the order of the computation.
 */
function nearest(train: StoredRows, queries: number[][], k: number): Neighbors {
  const { data, n, p } = train;
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

interface KnnClassifierState {
  train: StoredRows;
  codes: Int32Array;
  classes: Label[];
}

export class KNeighborsClassifier implements Classifier, HasParams<KNeighborsParams> {
  readonly params: Readonly<Required<KNeighborsParams>>;
  private state?: KnnClassifierState;

  constructor(params: KNeighborsParams = {}) {
    this.params = checkKnnParams(params, "KNeighborsClassifier");
  }

  clone(overrides: Partial<KNeighborsParams> = {}): this {
    return new KNeighborsClassifier({ ...this.params, ...overrides }) as this;
  }

  get classes(): Label[] { return assertFitted(this.state, "KNeighborsClassifier").classes; }

  /** Stores the training data (k-NN has nothing else to learn). */
  fit(X: XInput, y: Label[]): this {
    const rows = toMatrix(X, "KNeighborsClassifier.fit");
    const { classes, codes } = encodeLabels(y, "KNeighborsClassifier.fit", rows.length);
    this.state = { train: storeRows(rows, this.params.nNeighbors, "KNeighborsClassifier.fit"), codes, classes };
    return this;
  }

  kneighbors(X: XInput): Neighbors {
    const { train } = assertFitted(this.state, "KNeighborsClassifier");
    return nearest(train, toMatrix(X, "KNeighborsClassifier.kneighbors", train.p), this.params.nNeighbors);
  }

  /** Weighted share of each class among the neighbours (columns in `classes` order). */
  predictProba(X: XInput): number[][] {
    const { codes, classes } = assertFitted(this.state, "KNeighborsClassifier");
    const { distances, indices } = this.kneighbors(X);
    return indices.map((row, q) => {
      const w = neighbourWeights(distances[q], this.params.weights);
      const votes = new Array<number>(classes.length).fill(0);
      row.forEach((i, m) => (votes[codes[i]] += w[m]));
      const total = votes.reduce((a, b) => a + b, 0);
      return votes.map((v) => v / total);
    });
  }

  /** Majority (or weighted-majority) class of the neighbours; a tie goes to the smallest label. */
  predict(X: XInput): Label[] {
    const { classes } = assertFitted(this.state, "KNeighborsClassifier");
    return this.predictProba(X).map((votes) => classes[argmax(votes)]);
  }
}

interface KnnRegressorState {
  train: StoredRows;
  y: number[];
}

export class KNeighborsRegressor implements Regressor, HasParams<KNeighborsParams> {
  readonly params: Readonly<Required<KNeighborsParams>>;
  private state?: KnnRegressorState;

  constructor(params: KNeighborsParams = {}) {
    this.params = checkKnnParams(params, "KNeighborsRegressor");
  }

  clone(overrides: Partial<KNeighborsParams> = {}): this {
    return new KNeighborsRegressor({ ...this.params, ...overrides }) as this;
  }

  fit(X: XInput, y: YInput): this {
    const rows = toMatrix(X, "KNeighborsRegressor.fit");
    this.state = { train: storeRows(rows, this.params.nNeighbors, "KNeighborsRegressor.fit"), y: toVector(y, "KNeighborsRegressor.fit", rows.length) };
    return this;
  }

  kneighbors(X: XInput): Neighbors {
    const { train } = assertFitted(this.state, "KNeighborsRegressor");
    return nearest(train, toMatrix(X, "KNeighborsRegressor.kneighbors", train.p), this.params.nNeighbors);
  }

  /** Mean (or 1/distance-weighted mean) target of the neighbours. */
  predict(X: XInput): number[] {
    const { y } = assertFitted(this.state, "KNeighborsRegressor");
    const { distances, indices } = this.kneighbors(X);
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
}
