// Random forests: many CART trees, each grown on a bootstrap sample of the rows (drawn with
// replacement, so a row can count twice and about a third are left out) and trying a random
// subset of the features at each split. Averaging the trees cancels much of their variance;
// the spread of the trees' predictions is a rough uncertainty for screening.
// Defaults follow scikit-learn 1.2: 100 trees, bootstrap on, all features per split for
// regression and sqrt(p) for classification, trees grown until their leaves are pure.
import { Random } from "../core/random";
import { BaseClassifier, BaseRegressor } from "../core/estimator";
import { LabelInput, XInput, YInput, toLabels, toVector } from "../core/input";
import { Resolved, declareParams } from "../core/params";
import { bool, int } from "../core/rules";
import { Label, argmax, encodeLabels } from "../core/labels";
import { registerEstimator } from "../core/registry";
import { TreeArrays, TreeGrower, TreeParams, TreeTarget, applyTree, growLimits, prepareTreeData, rowMajor, treeImportances, treeParamDecls } from "./tree";
import { forestSums } from "./forest-predict";

/** Options of a random forest: those of its trees plus the size of the ensemble. */
export interface ForestParams extends TreeParams {
  /** Number of trees (default 100). */
  nEstimators?: number;
  /** Grow each tree on a bootstrap sample (true, default) or on all rows (false). */
  bootstrap?: boolean;
}

/** Mean and standard deviation (across trees) of each row's prediction. */
export interface PredictionSpread {
  mean: number[];
  std: number[];
}

/** The option table of a forest whose trees try `maxFeatures` features per split by default. */
function forestSpec(maxFeatures: "all" | "sqrt") {
  return declareParams<ForestParams>({
    nEstimators: { default: 100, rule: int({ min: 1 }), doc: "Number of trees." },
    bootstrap: { default: true, rule: bool(), doc: "Grow each tree on a bootstrap sample of the rows (false: on all rows)." },
    ...treeParamDecls(maxFeatures),
  });
}

/** What fitting a forest learns. */
interface FittedForest {
  trees: TreeArrays[];
  importances: number[];
}

/** Grows all the trees. Each tree gets its own seed drawn from the forest's seed. */
function growForest(params: Resolved<ForestParams>, M: number[][], target: TreeTarget, who: string): FittedForest {
  const n = M.length;
  const p = M[0].length;
  const { nEstimators, bootstrap, seed } = params;
  const limits = growLimits(params, n, p, who);
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
  return { trees, importances: Array.from(importances, (v) => (nSplitTrees > 0 && sum > 0 ? v / sum : 0)) };
}

/** Random forest for regression (scikit-learn's RandomForestRegressor). */
export class RandomForestRegressor extends BaseRegressor<ForestParams> {
  static readonly paramSpec = forestSpec("all");
  /** The fitted trees (scikit-learn's estimators_), as flat node arrays. */
  trees_!: TreeArrays[];
  /** Impurity-based importance of each feature, averaged over the trees, summing to 1. */
  featureImportances_!: number[];

  fit(X: XInput, y: YInput): this {
    const M = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const yv = toVector(y, who, M.length);
    const { trees, importances } = growForest(this.params, M, { kind: "regression", y: Float64Array.from(yv) }, who);
    this.trees_ = trees;
    this.featureImportances_ = importances;
    return this;
  }

  /** The mean of the trees' predictions. */
  predict(X: XInput): number[] {
    const { sums } = this.treeSums(X, "predict", false);
    const T = this.trees_.length;
    return Array.from(sums, (s) => s / T);
  }

  /** Every tree's prediction: result[tree][row] (the plain tree walk, one tree at a time). */
  predictPerTree(X: XInput): number[][] {
    const M = this.validateX(X, "predictPerTree", false);
    const Xr = rowMajor(M);
    const leaves = new Int32Array(M.length);
    return this.trees_.map((tree) => Array.from(applyTree(tree, Xr, 0, M.length, M[0].length, leaves), (leaf) => tree.value[leaf]));
  }

  /** Mean prediction and its standard deviation across the trees (population std, like numpy's). */
  predictWithSpread(X: XInput): PredictionSpread {
    const { sums, squares, nRows } = this.treeSums(X, "predictWithSpread", true);
    const T = this.trees_.length;
    const mean = new Array<number>(nRows);
    const std = new Array<number>(nRows);
    for (let i = 0; i < nRows; i++) {
      mean[i] = sums[i] / T;
      std[i] = Math.sqrt(Math.max(0, (squares as Float64Array)[i] / T - mean[i] * mean[i]));
    }
    return { mean, std };
  }

  /** Sums over the trees of each row's leaf value (and optionally of its square). */
  private treeSums(X: XInput, method: string, withSquares: boolean): { sums: Float64Array; squares: Float64Array | null; nRows: number } {
    this.checkFitted(method);
    return forestSums(this.trees_, X, this.nFeaturesIn_ as number, withSquares, () => this.validateX(X, method, false));
  }
}

/** Random forest for classification (scikit-learn's RandomForestClassifier). */
export class RandomForestClassifier extends BaseClassifier<ForestParams> {
  static readonly paramSpec = forestSpec("sqrt");
  /** Class labels in sorted order; predictProba's columns follow it. */
  declare classes_: Label[];
  /** The fitted trees (scikit-learn's estimators_), as flat node arrays. */
  trees_!: TreeArrays[];
  /** Impurity-based importance of each feature, averaged over the trees, summing to 1. */
  featureImportances_!: number[];

  fit(X: XInput, y: LabelInput): this {
    const M = this.validateX(X, "fit", true);
    const who = `${this.estimatorName}.fit`;
    const { classes, codes } = encodeLabels(toLabels(y, who), who, M.length);
    const { trees, importances } = growForest(this.params, M, { kind: "classification", y: codes, nClasses: classes.length }, who);
    this.classes_ = classes;
    this.trees_ = trees;
    this.featureImportances_ = importances;
    return this;
  }

  /** Class probabilities per row: the trees' leaf class fractions, averaged. Columns as `classes_`. */
  predictProba(X: XInput): number[][] {
    return this.probaOf(X, "predictProba");
  }

  /** The class with the highest mean probability. */
  predict(X: XInput): Label[] {
    return this.probaOf(X, "predict").map((row) => this.classes_[argmax(row)]);
  }

  private probaOf(X: XInput, method: string): number[][] {
    this.checkFitted(method);
    const trees = this.trees_;
    const { sums, nRows } = forestSums(trees, X, this.nFeaturesIn_ as number, false, () => this.validateX(X, method, false));
    const nOut = trees[0].nOutputs;
    const T = trees.length;
    const out: number[][] = new Array(nRows);
    for (let i = 0; i < nRows; i++) {
      const row = new Array<number>(nOut);
      for (let k = 0; k < nOut; k++) row[k] = sums[i * nOut + k] / T;
      out[i] = row;
    }
    return out;
  }
}

registerEstimator(RandomForestRegressor, RandomForestClassifier);
