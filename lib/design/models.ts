// The models a screen uses, kept together as one folder on disk: a decomposition-energy model and
// a band-gap model (random forests as in notebook 01, or Gaussian processes), the descriptor
// columns they were fitted on, the elemental property table the descriptors are computed from,
// and the training compositions (for the applicability domain). `matml screen --model DIR`
// reads such a folder, so a screen can use the models of notebook 01 or a user's own.
//
//   DIR/screening.json      features, property table, training set
//   DIR/decomposition/      the decomposition-energy model (saveModel's folder)
//   DIR/band_gap/           the band-gap model
import * as fs from "fs";
import * as path from "path";
import type { DataFrame } from "danfojs-node";
import { DataError, NotFittedError } from "../core/errors";
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, ELEMENTAL_PROPERTIES, SITES, SITE_SPECIES, TARGET_DECOMPOSITION, TARGET_GAP } from "../data/columns";
import { PerovskiteFeaturizer, PropertyTable } from "../data/featurizer";
import { columnOf, matrixOf } from "../data/frame";
import { RandomForestRegressor } from "../models/forest";
import { GaussianProcessRegressor } from "../gp/gpr";
import { loadModel, saveModel } from "../core/persist";
import { TreeLike, referenceSums, spreadOf } from "./site-forest";

/** A regressor that can say how unsure it is: a random forest (tree spread) or a Gaussian process (posterior std). */
export type UncertainRegressor = RandomForestRegressor | GaussianProcessRegressor;

/** The training data behind the models, kept for the applicability domain. */
export interface TrainingSet {
  formulas: string[];
  /** The 14 site fractions of each training composition. */
  fractions: number[][];
  /** The model's input columns of each training composition (the `features` of the models). */
  X: number[][];
  decomposition: number[];
  gap: number[];
}

/** Everything a screen needs from the modelling side. */
export interface ScreeningModels {
  decomposition: UncertainRegressor;
  gap: UncertainRegressor;
  /** The input columns both models were fitted on, in order (names from ALL_DESCRIPTORS). */
  features: string[];
  /** Elemental properties of the 14 species, from which the descriptors are computed. */
  properties: PropertyTable;
  training: TrainingSet;
}

/** Options of trainScreeningModels. */
export interface TrainScreeningOptions {
  /** Input columns (default all 50 descriptors, as notebook 01's screening forests). */
  features?: string[];
  /** Trees per forest (default 100). */
  nEstimators?: number;
  /** Seed of both forests (default 0). */
  seed?: number;
}

/**
 * Fits notebook 01's screening models on a DFT table (e.g. loadDFT()): two random forests of 100
 * trees, seed 0, on all rows, one per target.
 */
export function trainScreeningModels(dft: DataFrame, featurizer: PerovskiteFeaturizer, options: TrainScreeningOptions = {}): ScreeningModels {
  const { features = ALL_DESCRIPTORS, nEstimators = 100, seed = 0 } = options;
  checkFeatures(features, "trainScreeningModels");
  const X = matrixOf(dft, features);
  const training: TrainingSet = {
    formulas: columnOf<string>(dft, "Formula").map(String),
    fractions: matrixOf(dft, COMPOSITION_DESCRIPTORS),
    X,
    decomposition: columnOf(dft, TARGET_DECOMPOSITION),
    gap: columnOf(dft, TARGET_GAP),
  };
  return {
    decomposition: new RandomForestRegressor({ nEstimators, seed }).fit(X, training.decomposition),
    gap: new RandomForestRegressor({ nEstimators, seed }).fit(X, training.gap),
    features: [...features],
    properties: propertyTableOf(featurizer),
    training,
  };
}

function checkFeatures(features: readonly string[], who: string): void {
  if (features.length === 0) throw new DataError(`${who}: features is empty`);
  for (const f of features) {
    if (!ALL_DESCRIPTORS.includes(f)) throw new DataError(`${who}: feature "${f}" is not one of the 50 case-study descriptors (${ALL_DESCRIPTORS.slice(0, 3).join(", ")}, ...)`);
  }
}

/**
 * The featurizer's property table, read back through the featurizer itself: a pure species on
 * its site has fraction 1, so its descriptors are its properties, exactly.
 */
export function propertyTableOf(featurizer: PerovskiteFeaturizer): PropertyTable {
  const table: PropertyTable = {};
  const nProps = ELEMENTAL_PROPERTIES.length;
  SITES.forEach((site, s) => {
    for (const sp of SITE_SPECIES[site]) {
      const fractions = COMPOSITION_DESCRIPTORS.map((c) => (c === sp ? 1 : 0));
      table[sp] = featurizer.descriptorsFromFractions(fractions).slice(s * nProps, (s + 1) * nProps);
    }
  });
  return table;
}

/** The fitted trees of a random forest (its trees_), with a clear error before fit. */
export function forestTrees(model: RandomForestRegressor): TreeLike[] {
  if (!model.isFitted()) throw new NotFittedError("RandomForestRegressor: the forest is not fitted yet; call fit() first");
  return model.trees_;
}

/**
 * Mean and uncertainty of a model's predictions for rows of its input columns: a forest's trees
 * are walked one by one (referenceSums, summed in tree order) and their spread is the
 * uncertainty; a Gaussian process gives its posterior standard deviation.
 */
export function predictWithUncertainty(model: UncertainRegressor, X: number[][]): { mean: number[]; std: number[] } {
  if (model instanceof GaussianProcessRegressor) return model.predict(X, { returnStd: true });
  const trees = forestTrees(model);
  const { sums, squares } = referenceSums(trees, X);
  const mean: number[] = [];
  const std: number[] = [];
  sums.forEach((s, i) => {
    const [m, sd] = spreadOf(s, squares[i], trees.length);
    mean.push(m);
    std.push(sd);
  });
  return { mean, std };
}

const BUNDLE_FILE = "screening.json";
const MODEL_DIRS = { decomposition: "decomposition", gap: "band_gap" } as const;

/** Writes the models into `dir` (replacing an earlier bundle there; written beside and renamed into place). */
export function saveScreeningModels(models: ScreeningModels, dir: string): void {
  checkFeatures(models.features, "saveScreeningModels");
  const tmp = `${path.resolve(dir)}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  saveModel(models.decomposition, path.join(tmp, MODEL_DIRS.decomposition));
  saveModel(models.gap, path.join(tmp, MODEL_DIRS.gap));
  const meta = { format: "matml-screening-models", version: 1, features: models.features, properties: models.properties, training: models.training };
  fs.writeFileSync(path.join(tmp, BUNDLE_FILE), JSON.stringify(meta));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
}

/** Reads models written by saveScreeningModels, checking that the pieces fit together. */
export function loadScreeningModels(dir: string): ScreeningModels {
  const file = path.join(dir, BUNDLE_FILE);
  if (!fs.existsSync(file)) throw new DataError(`loadScreeningModels: ${dir} holds no ${BUNDLE_FILE}; save models there with saveScreeningModels (or \`matml screen train --out ${dir}\`)`);
  let meta: { format?: string; features?: string[]; properties?: PropertyTable; training?: TrainingSet };
  try {
    meta = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new DataError(`loadScreeningModels: ${file} is not valid JSON (${(e as Error).message})`);
  }
  if (meta.format !== "matml-screening-models" || !meta.features || !meta.properties || !meta.training) {
    throw new DataError(`loadScreeningModels: ${file} is not a screening-model file (format, features, properties and training are required)`);
  }
  checkFeatures(meta.features, `loadScreeningModels(${file})`);
  const load = (key: keyof typeof MODEL_DIRS): UncertainRegressor => {
    const model = loadModel(path.join(dir, MODEL_DIRS[key]));
    if (!(model instanceof RandomForestRegressor || model instanceof GaussianProcessRegressor)) {
      throw new DataError(`loadScreeningModels: ${path.join(dir, MODEL_DIRS[key])} holds a ${model.constructor.name}; a screen needs a RandomForestRegressor or a GaussianProcessRegressor`);
    }
    return model;
  };
  const models: ScreeningModels = { decomposition: load("decomposition"), gap: load("gap"), features: meta.features, properties: meta.properties, training: meta.training };
  new PerovskiteFeaturizer(models.properties); // checks the property table
  return models;
}
