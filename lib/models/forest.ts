// Random forests: many CART trees, each grown on a bootstrap sample of the rows (drawn with
// replacement, so a row can count twice and about a third are left out) and trying a random
// subset of the features at each split. Averaging the trees cancels much of their variance;
// the spread of the trees' predictions is a rough uncertainty for screening.
// Defaults follow scikit-learn 1.2: 100 trees, bootstrap on, all features per split for
// regression and sqrt(p) for classification, trees grown until their leaves are pure.
import { Random } from "../core/random";
import { XInput, YInput, assertFitted, checkParam, isFrameLike, toMatrix, toVector } from "./base";
import { Label, argmax, encodeLabels } from "../core/labels";
import {
  TreeArrays,
  TreeGrower,
  TreeParams,
  TreeTarget,
  applyTree,
  checkTreeParams,
  growLimits,
  prepareTreeData,
  rowMajor,
  treeImportances,
} from "./tree";
import { forestSums } from "./forest-predict";

export interface ForestParams extends TreeParams {
  /** Number of trees. */
  nEstimators: number;
  /** Grow each tree on a bootstrap sample (true) or on all rows (false). */
  bootstrap: boolean;
}

/** Mean and standard deviation (across trees) of each row's prediction. */
export interface PredictionSpread {
  mean: number[];
  std: number[];
}

abstract class BaseForest {
  readonly params: Readonly<ForestParams>;
  /** The fitted trees (undefined until fit). */
  trees?: TreeArrays[];
  /** Impurity-based importance of each feature, averaged over the trees, summing to 1. */
  featureImportances?: number[];
  /** Column names when fit() was given a DataFrame. */
  featureNames?: string[];
  nFeatures?: number;
  protected abstract readonly who: string;

  constructor(defaults: ForestParams, params: Partial<ForestParams>, who: string) {
    this.params = { ...defaults, ...params };
    const { nEstimators, bootstrap } = this.params;
    checkParam(Number.isInteger(nEstimators) && nEstimators >= 1, who, "nEstimators", nEstimators, "an integer >= 1");
    checkParam(typeof bootstrap === "boolean", who, "bootstrap", bootstrap, "true or false");
    checkTreeParams(this.params, who);
  }

  clone(overrides: Partial<ForestParams> = {}): this {
    const Ctor = this.constructor as new (p: Partial<ForestParams>) => this;
    return new Ctor({ ...this.params, ...overrides });
  }

  /** Grows all the trees. Each tree gets its own seed drawn from the forest's seed. */
  protected growForest(X: XInput, M: number[][], target: TreeTarget): void {
    const n = M.length;
    const p = M[0].length;
    const { nEstimators, bootstrap, seed } = this.params;
    const limits = growLimits(this.params, n, p, this.who);
    const grower = new TreeGrower(prepareTreeData(M), target);
    const forestRng = new Random(seed);
    const weights = new Float64Array(n);
    const trees: TreeArrays[] = [];
    const importances = new Float64Array(p);
    let nSplitTrees = 0;
    for (let t = 0; t < nEstimators; t++) {
      const rng = new Random(forestRng.int(2 ** 31));
      if (bootstrap) {
        // n draws with replacement; a row's weight is how often it was drawn.
        weights.fill(0);
        for (let k = 0; k < n; k++) weights[Math.floor(rng.next() * n)] += 1;
      } else {
        weights.fill(1);
      }
      const tree = grower.grow(weights, limits, rng);
      trees.push(tree);
      if (tree.nodeCount > 1) {
        const imp = treeImportances(tree, p);
        for (let f = 0; f < p; f++) importances[f] += imp[f];
        nSplitTrees++;
      }
    }
    // Like scikit-learn: average over trees that split at all, then renormalize.
    let sum = 0;
    for (let f = 0; f < p; f++) sum += importances[f];
    this.featureImportances = Array.from(importances, (v) => (nSplitTrees > 0 && sum > 0 ? v / sum : 0));
    this.trees = trees;
    this.nFeatures = p;
    this.featureNames = isFrameLike(X) ? X.columns.slice() : undefined;
  }

  /** Sums over the trees of each row's leaf values (and optionally their squares). */
  protected treeSums(X: XInput, withSquares = false): { sums: Float64Array; squares: Float64Array | null; nRows: number; nOut: number; T: number } {
    const trees = assertFitted(this.trees, this.who);
    const p = this.nFeatures as number;
    const { sums, squares, nRows } = forestSums(trees, X, p, withSquares, () => toMatrix(X, this.who, p));
    return { sums, squares, nRows, nOut: trees[0].nOutputs, T: trees.length };
  }
}

const REGRESSOR_DEFAULTS: ForestParams = {
  nEstimators: 100,
  bootstrap: true,
  maxFeatures: "all",
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  seed: 0,
};

/** Random forest for regression (scikit-learn's RandomForestRegressor). */
export class RandomForestRegressor extends BaseForest {
  protected readonly who = "RandomForestRegressor";

  constructor(params: Partial<ForestParams> = {}) {
    super(REGRESSOR_DEFAULTS, params, "RandomForestRegressor");
  }

  fit(X: XInput, y: YInput): this {
    const M = toMatrix(X, this.who);
    const yv = toVector(y, this.who, M.length);
    this.growForest(X, M, { kind: "regression", y: Float64Array.from(yv) });
    return this;
  }

  /** The mean of the trees' predictions. */
  predict(X: XInput): number[] {
    const { sums, T } = this.treeSums(X);
    return Array.from(sums, (s) => s / T);
  }

  /** Every tree's prediction: result[tree][row]. */
  predictPerTree(X: XInput): number[][] {
    const trees = assertFitted(this.trees, this.who);
    const M = toMatrix(X, this.who, this.nFeatures);
    const Xr = rowMajor(M);
    const leaves = new Int32Array(M.length);
    return trees.map((tree) => Array.from(applyTree(tree, Xr, 0, M.length, M[0].length, leaves), (leaf) => tree.value[leaf]));
  }

  /** Mean prediction and its standard deviation across the trees (population std, like numpy's). */
  predictWithSpread(X: XInput): PredictionSpread {
    const { sums, squares, nRows, T } = this.treeSums(X, true);
    const mean = new Array<number>(nRows);
    const std = new Array<number>(nRows);
    for (let i = 0; i < nRows; i++) {
      mean[i] = sums[i] / T;
      std[i] = Math.sqrt(Math.max(0, (squares as Float64Array)[i] / T - mean[i] * mean[i]));
    }
    return { mean, std };
  }
}

const CLASSIFIER_DEFAULTS: ForestParams = { ...REGRESSOR_DEFAULTS, maxFeatures: "sqrt" };

/** Random forest for classification (scikit-learn's RandomForestClassifier). */
export class RandomForestClassifier extends BaseForest {
  protected readonly who = "RandomForestClassifier";
  /** Class labels in sorted order; predictProba's columns follow it. */
  classes?: Label[];

  constructor(params: Partial<ForestParams> = {}) {
    super(CLASSIFIER_DEFAULTS, params, "RandomForestClassifier");
  }

  fit(X: XInput, y: Label[]): this {
    const M = toMatrix(X, this.who);
    const { classes, codes } = encodeLabels(y, this.who, M.length);
    this.classes = classes;
    this.growForest(X, M, { kind: "classification", y: codes, nClasses: classes.length });
    return this;
  }

  /** Class probabilities per row: the trees' leaf class fractions, averaged. Columns as `classes`. */
  predictProba(X: XInput): number[][] {
    const { sums, nRows, nOut, T } = this.treeSums(X);
    const out: number[][] = new Array(nRows);
    for (let i = 0; i < nRows; i++) {
      const row = new Array<number>(nOut);
      for (let k = 0; k < nOut; k++) row[k] = sums[i * nOut + k] / T;
      out[i] = row;
    }
    return out;
  }

  /** The class with the highest mean probability. */
  predict(X: XInput): Label[] {
    const classes = assertFitted(this.classes, this.who);
    return this.predictProba(X).map((row) => classes[argmax(row)]);
  }
}
