// Figures of inverse design, built on lib/plot: the predicted map of the whole space with its
// Pareto front, recall curves of the searches, the hyperparameter searches against the grid, a
// search's convergence, and a map of where the proposals sit relative to the training alloys.
import { PCA } from "../decomposition/pca";
import { Figure, Trace, baseLayout } from "../plot/figure";
import { linePlot, scatterPlot } from "../plot/builders";
import type { HyperparameterRun, SearchMethod, SearchRun } from "./compare";
import type { SearchResult } from "./ga";
import type { ScreenResult } from "./screen";
import type { ShortlistRow } from "./shortlist";
import type { TrainingSet } from "./models";
import { siteFractions } from "../data/formula";

/**
 * The whole screened space as a density map (log10 of the number of compositions per cell of
 * predicted decomposition energy × band gap), the gap window and stability limit as a box, and
 * the Pareto front on top.
 */
export function screenMap(result: ScreenResult, title = "Every composition of the space, predicted"): Figure {
  const { bins, counts, decompositionRange: [d0, d1], gapRange: [g0, g1] } = result.histogram;
  const centres = (lo: number, hi: number) => Array.from({ length: bins }, (_, k) => lo + ((k + 0.5) * (hi - lo)) / bins);
  // z[gap bin][decomposition bin]; empty cells are left blank.
  const z = centres(g0, g1).map((_, j) => centres(d0, d1).map((__, i) => (counts[i * bins + j] > 0 ? Math.log10(counts[i * bins + j]) : null)));
  const heat: Trace = {
    type: "heatmap",
    x: centres(d0, d1),
    y: centres(g0, g1),
    z: z as number[][],
    colorscale: "Viridis",
    colorbar: { title: "log10 compositions" },
    hovertemplate: "decomposition %{x:.3f} eV<br>gap %{y:.2f} eV<br>log10 count %{z:.2f}<extra></extra>",
    name: "screened space",
  };
  const front: Trace = {
    type: "scatter",
    mode: "lines+markers",
    x: result.pareto.map((p) => p.decomposition),
    y: result.pareto.map((p) => p.gap),
    name: "Pareto front",
    marker: { color: "#d62728", size: 7 },
    line: { color: "#d62728", width: 1 },
  };
  const layout = baseLayout({ title, xTitle: "predicted decomposition energy (eV per formula unit)", yTitle: "predicted band gap (eV)", height: 520 });
  const [lo, hi] = result.goals.gapWindow;
  layout.shapes = [{ type: "rect", x0: d0, x1: result.goals.maxDecomposition, y0: lo, y1: hi, line: { color: "white", width: 1.5, dash: "dash" } }];
  layout.legend = { x: 0.02, y: 0.98, bgcolor: "rgba(255,255,255,0.85)" };
  return { data: [heat, front], layout };
}

/**
 * Recall of the truth against evaluations: for each method, the mean over its seeds (line) and
 * the lowest to highest seed (band), on a log axis of evaluations.
 */
export function recallFigure(study: { checkpoints: number[]; runs: SearchRun[] }, field: "top10" | "top100" | "front", title: string): Figure {
  const methods = [...new Set(study.runs.map((r) => r.method))] as SearchMethod[];
  const series = methods.map((method) => {
    const runs = study.runs.filter((r) => r.method === method);
    const at = (k: number) => runs.map((r) => r[field][k]);
    const mean = study.checkpoints.map((_, k) => at(k).reduce((s, v) => s + v, 0) / runs.length);
    const band = { lower: study.checkpoints.map((_, k) => Math.min(...at(k))), upper: study.checkpoints.map((_, k) => Math.max(...at(k))) };
    return { name: `${method} (${runs.length} seeds)`, x: study.checkpoints, y: mean, band, markers: true };
  });
  return linePlot({ series, title, xTitle: "compositions evaluated", yTitle: "fraction found", logX: true });
}

/** Best cross-validated score after each fit, relative to the grid's best: mean over seeds (line), best to worst seed (band), and the 2% line. */
export function hyperparameterFigure(runs: readonly HyperparameterRun[], gridBest: number, tolerance = 0.02): Figure {
  const methods = [...new Set(runs.map((r) => r.method))];
  const budget = Math.max(...runs.map((r) => r.bestSoFar.length));
  const fits = Array.from({ length: budget }, (_, k) => k + 1);
  const series = methods.map((method) => {
    const mine = runs.filter((r) => r.method === method);
    const at = (k: number) => mine.map((r) => r.bestSoFar[Math.min(k, r.bestSoFar.length - 1)] / gridBest);
    return {
      name: `${method} (${mine.length} seeds)`,
      x: fits,
      y: fits.map((_, k) => at(k).reduce((s, v) => s + v, 0) / mine.length),
      band: { lower: fits.map((_, k) => Math.min(...at(k))), upper: fits.map((_, k) => Math.max(...at(k))) },
    };
  });
  series.push({ name: `grid's best + ${100 * tolerance}%`, x: fits, y: fits.map(() => 1 + tolerance), band: { lower: fits.map(() => 1), upper: fits.map(() => 1 + tolerance) } });
  return linePlot({ series, title: "Hyperparameter search: best CV RMSE so far ÷ the 243-point grid's best", xTitle: "fits (cross-validated combinations)", yTitle: "relative CV RMSE" });
}

/** Best objective found against evaluations, one line per search. */
export function convergenceFigure(searches: Record<string, SearchResult>, title = "Best objective found so far"): Figure {
  const series = Object.entries(searches).map(([name, r]) => ({ name, x: r.history.map((h) => h.evaluations), y: r.history.map((h) => h.best) }));
  return linePlot({ series, title, xTitle: "compositions evaluated", yTitle: "best penalized objective (eV)", logX: true });
}

/**
 * Where the proposals sit: the first two principal components of the 14 site fractions, fitted on
 * the training alloys; training alloys in grey, each method's proposals in its colour, and the
 * proposals outside the applicability domain as a group of their own.
 */
export function domainMap(training: TrainingSet, rows: readonly ShortlistRow[]): Figure {
  const pca = new PCA({ nComponents: 2 }).fit(training.fractions);
  const byFormula = new Map<string, ShortlistRow>();
  for (const r of rows) if (!byFormula.has(r.formula)) byFormula.set(r.formula, r);
  const proposals = [...byFormula.values()];
  const fractions = proposals.map((r) => siteFractions(r.formula));
  const points = [...pca.transform(training.fractions), ...pca.transform(fractions)];
  const groups = [...training.formulas.map(() => "training alloys"), ...proposals.map((r) => (!r.in_domain ? "outside the domain" : r.method === "screen" ? `screen (${r.objective === "pareto" ? "Pareto front" : r.objective})` : r.method))];
  const labels = [...training.formulas, ...proposals.map((r) => `${r.formula} (${r.method}, nearest ${r.nearest_training_formula} at ${r.nearest_training_distance.toFixed(2)})`)];
  return scatterPlot({ x: points.map((p) => p[0]), y: points.map((p) => p[1]), groups, labels, title: "Proposals and training alloys (PCA of the site fractions)", xTitle: "PC 1", yTitle: "PC 2", size: 8 });
}

