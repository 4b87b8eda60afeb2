// The shortlist a researcher takes to the next DFT calculation: every proposed composition with
// its formula, both predictions and their uncertainties, its distance from the training data and
// whether it lies inside the applicability domain, and which method proposed it (the exhaustive
// screen, the genetic algorithm, Bayesian optimization, ...). Written as a ranked CSV, with the
// Pareto front also as JSON.
import * as fs from "fs";
import * as path from "path";
import { ALL_DESCRIPTORS } from "../data/columns";
import { csvField } from "../data/csv";
import { PerovskiteFeaturizer } from "../data/featurizer";
import { ApplicabilityDomain, DomainOptions } from "./domain";
import type { ScreeningModels } from "./models";
import { DesignGoals, OBJECTIVES, Objective, Prediction, objectiveValue } from "./objectives";
import type { ScreenResult } from "./screen";
import { CompositionSpace } from "./space";

/** A composition some method proposes, under one objective (or as a member of the Pareto front). */
export interface Proposal {
  prediction: Prediction;
  /** Which method found it: "screen", "genetic algorithm", "bayesian optimization", ... */
  method: string;
  objective: Objective | "pareto";
  /** 1 = best under that objective. */
  rank: number;
}

/** One row of the shortlist (the CSV's columns, in order). */
export interface ShortlistRow {
  method: string;
  objective: string;
  rank: number;
  formula: string;
  decomposition_energy: number;
  decomposition_std: number;
  band_gap: number;
  band_gap_std: number;
  /** |band gap − target|, eV. */
  gap_distance: number;
  /** The objective's value (for "pareto" rows: the decomposition energy). */
  objective_value: number;
  nearest_training_distance: number;
  nearest_training_formula: string;
  in_domain: boolean;
  domain_note: string;
}

/** Turns proposals into shortlist rows, checking each against the applicability domain. */
export function shortlistRows(proposals: readonly Proposal[], space: CompositionSpace, models: ScreeningModels, goals: DesignGoals, domain = new ApplicabilityDomain(models.training, models.features)): ShortlistRow[] {
  const featurizer = new PerovskiteFeaturizer(models.properties);
  const columns = models.features.map((f) => ALL_DESCRIPTORS.indexOf(f));
  return proposals.map(({ prediction: p, method, objective, rank }) => {
    const fractions = space.fractions(p.index);
    const all = [...fractions, ...featurizer.descriptorsFromFractions(fractions)];
    const check = domain.check(fractions, columns.map((j) => all[j]));
    return {
      method,
      objective,
      rank,
      formula: space.formula(p.index),
      decomposition_energy: p.decomposition,
      decomposition_std: p.decompositionStd,
      band_gap: p.gap,
      band_gap_std: p.gapStd,
      gap_distance: Math.abs(p.gap - goals.gapTarget),
      objective_value: objectiveValue(objective === "pareto" ? "stability" : objective, p, goals),
      nearest_training_distance: check.nearestDistance,
      nearest_training_formula: check.nearestFormula,
      in_domain: check.inDomain,
      domain_note: check.reason,
    };
  });
}

/** The proposals of a screen: each objective's top K in rank order, then the Pareto front. */
export function screenProposals(result: ScreenResult): Proposal[] {
  const out: Proposal[] = [];
  for (const objective of OBJECTIVES) result.best[objective].forEach((prediction, k) => out.push({ prediction, method: "screen", objective, rank: k + 1 }));
  result.pareto.forEach((prediction, k) => out.push({ prediction, method: "screen", objective: "pareto", rank: k + 1 }));
  return out;
}

/** Predictions some method proposes, as proposals ranked in the order given. */
export function proposalsOf(predictions: readonly Prediction[], method: string, objective: Objective | "pareto" = "stable_in_window"): Proposal[] {
  return predictions.map((prediction, k) => ({ prediction, method, objective, rank: k + 1 }));
}

/** Rows as CSV text (header from the first row's keys). */
export function rowsToCsv(rows: readonly object[]): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]);
  const lines = rows.map((r) => columns.map((c) => csvField((r as Record<string, unknown>)[c])).join(","));
  return [columns.join(","), ...lines].join("\n") + "\n";
}

/** The files `matml screen` writes into `dir`, by name. */
export const SCREEN_FILES = { result: "screen.json", candidates: "candidates.csv", pareto: "pareto.json" } as const;

/**
 * Writes a screen's result into `dir`: screen.json (everything, mergeable), candidates.csv (the
 * shortlist) and pareto.json (the front, with the domain check of each member).
 */
export function writeScreenFiles(result: ScreenResult, models: ScreeningModels, dir: string, domainOptions: DomainOptions = {}): { [K in keyof typeof SCREEN_FILES]: string } {
  fs.mkdirSync(dir, { recursive: true });
  const space = new CompositionSpace(result.space);
  const domain = new ApplicabilityDomain(models.training, models.features, domainOptions);
  const rows = shortlistRows(screenProposals(result), space, models, result.goals, domain);
  const files = {
    result: path.join(dir, SCREEN_FILES.result),
    candidates: path.join(dir, SCREEN_FILES.candidates),
    pareto: path.join(dir, SCREEN_FILES.pareto),
  };
  fs.writeFileSync(files.result, JSON.stringify(result) + "\n");
  fs.writeFileSync(files.candidates, rowsToCsv(rows));
  const front = rows.filter((r) => r.objective === "pareto");
  const pareto = { goals: result.goals, objectives: ["decomposition_energy", "gap_distance"], compositions: result.compositions, domainThreshold: domain.threshold, front };
  fs.writeFileSync(files.pareto, JSON.stringify(pareto, null, 2) + "\n");
  return files;
}
