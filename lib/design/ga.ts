// Genetic algorithms over the composition space. The genes of a composition are its site
// fractions on the grid (whole grid steps per species); crossover and mutation work site by site
// and keep every site summing to 1, so every child is a valid ABX3 on the same grid.
//
// - geneticSearch: one objective (penalizedObjective: the most stable composition with its band
//   gap in the window), tournament selection, (μ + λ) survival of the best distinct compositions.
// - nsgaSearch: two objectives (decomposition energy and |gap − target|), NSGA-II: survival by
//   Pareto rank, then by crowding distance within the last front admitted.
//
// Both stop when their budget of distinct evaluated compositions is spent (or after
// maxGenerations). The evaluator records what was evaluated and in which order.
import { Random } from "../core/random";
import { declareParams, resolveParams } from "../core/params";
import { int, number, custom } from "../core/rules";
import { CompositionEvaluator } from "./evaluator";
import { DesignGoals, Prediction, frontPoint, penalizedObjective, resolveGoals } from "./objectives";
import { CompositionSpace } from "./space";

/** Options of geneticSearch and nsgaSearch. */
export interface GeneticOptions {
  populationSize?: number;
  maxEvaluations?: number;
  maxGenerations?: number;
  crossoverRate?: number;
  mutationRate?: number;
  tournamentSize?: number;
  penalty?: number;
  goals?: Partial<DesignGoals>;
  seed?: number;
}

const GENETIC_SPEC = declareParams<GeneticOptions>({
  populationSize: { default: 100, rule: int({ min: 2 }), doc: "Compositions in the population." },
  maxEvaluations: { default: 20000, rule: int({ min: 1 }), doc: "Budget: distinct compositions evaluated (the initial population included)." },
  maxGenerations: { default: 10000, rule: int({ min: 1 }), doc: "Stop after this many generations even if budget is left." },
  crossoverRate: { default: 0.9, rule: number({ min: 0, max: 1 }), doc: "Probability that a child mixes two parents (else it copies one)." },
  mutationRate: { default: 0.3, rule: number({ min: 0, max: 1 }), doc: "Probability, per site, of moving grid steps from one species to another." },
  tournamentSize: { default: 3, rule: int({ min: 1 }), doc: "Parents are the best of this many random members." },
  penalty: { default: 10, rule: number({ min: 0 }), doc: "eV added per eV of band gap outside the window (single objective)." },
  goals: { default: {}, rule: custom((v) => typeof v === "object" && v !== null, "an object of design goals"), doc: "Gap target, gap window, stability limit." },
  seed: { default: 0, rule: int(), doc: "Seed of every random choice." },
});

/** One line of a search's history. */
export interface GenerationRecord {
  generation: number;
  /** Distinct compositions evaluated so far. */
  evaluations: number;
  /** Best objective so far (single objective) or size of the first front (NSGA-II). */
  best: number;
}

/** What a search returns. */
export interface SearchResult {
  /** The final population (single objective: best first; NSGA-II: its first front, most stable first). */
  best: Prediction[];
  /** One record per generation. */
  history: GenerationRecord[];
  /** Distinct compositions in the order they were evaluated (the evaluator's order). */
  evaluated: number[];
}

/** Operators on compositions of one space. */
class Genes {
  constructor(
    readonly space: CompositionSpace,
    readonly rng: Random,
  ) {}

  random(): number {
    const [A, B, X] = this.space.sites;
    return this.space.index(this.rng.int(A.size), this.rng.int(B.size), this.rng.int(X.size));
  }

  /**
   * A child of two parents, site by site: either one parent's site as it is, or the two sites
   * blended (each species gets the mean of its parents' grid steps; where the mean falls between
   * two steps, a random half of those species round up and the others down, so the site still
   * sums to 1).
   */
  crossover(p: number, q: number): number {
    const [op, oq] = [this.space.decode(p), this.space.decode(q)];
    const child = [0, 1, 2].map((s) => {
      const r = this.rng.next();
      if (r < 1 / 3) return op[s];
      if (r < 2 / 3) return oq[s];
      const [cp, cq] = [this.space.counts(s, op[s]), this.space.counts(s, oq[s])];
      const odd = cp.map((_, k) => k).filter((k) => (cp[k] + cq[k]) % 2 === 1);
      const counts = cp.map((c, k) => Math.floor((c + cq[k]) / 2));
      const up = this.shuffled(odd).slice(0, odd.length / 2);
      for (const k of up) counts[k]++;
      return this.space.optionOf(s, counts);
    });
    return this.space.index(child[0], child[1], child[2]);
  }

  /** Each site, with probability `rate`, moves 1 to 3 grid steps from one species to another. */
  mutate(index: number, rate: number): number {
    const options = this.space.decode(index);
    for (let s = 0; s < 3; s++) {
      if (this.rng.next() >= rate) continue;
      const counts = this.space.counts(s, options[s]);
      if (counts.length < 2) continue;
      const donors = counts.map((_, k) => k).filter((k) => counts[k] > 0);
      const from = donors[this.rng.int(donors.length)];
      let to = this.rng.int(counts.length - 1);
      if (to >= from) to++;
      const steps = 1 + Math.min(counts[from] - 1, this.rng.int(3));
      counts[from] -= steps;
      counts[to] += steps;
      options[s] = this.space.optionOf(s, counts);
    }
    return this.space.index(options[0], options[1], options[2]);
  }

  private shuffled(items: number[]): number[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** Distinct random compositions for the first population. */
function initialPopulation(genes: Genes, size: number): number[] {
  const seen = new Set<number>();
  while (seen.size < Math.min(size, genes.space.size)) seen.add(genes.random());
  return [...seen];
}

/**
 * Children for the next generation: parents by tournament (`better(i, j)` compares population
 * members), crossover with probability crossoverRate, then mutation. Children already in the
 * population are drawn again (a few tries), so each generation brings new compositions.
 */
function breed(genes: Genes, population: number[], count: number, o: Required<GeneticOptions>, better: (i: number, j: number) => boolean): number[] {
  const pick = (): number => {
    let best = genes.rng.int(population.length);
    for (let t = 1; t < o.tournamentSize; t++) {
      const c = genes.rng.int(population.length);
      if (better(c, best)) best = c;
    }
    return population[best];
  };
  const inPopulation = new Set(population);
  const children = new Set<number>();
  for (let tries = 0; children.size < count && tries < 20 * count; tries++) {
    const p = pick();
    let child = genes.rng.next() < o.crossoverRate ? genes.crossover(p, pick()) : p;
    child = genes.mutate(child, o.mutationRate);
    if (!inPopulation.has(child)) children.add(child);
  }
  return [...children];
}

function resolve(options: GeneticOptions): Required<GeneticOptions> & { goalsResolved: DesignGoals } {
  const o = resolveParams("geneticSearch", GENETIC_SPEC, options) as Required<GeneticOptions>;
  return { ...o, goalsResolved: resolveGoals(o.goals) };
}

/**
 * Single-objective genetic algorithm: minimizes penalizedObjective (most stable, band gap in the
 * window) until maxEvaluations distinct compositions have been evaluated.
 */
export function geneticSearch(evaluator: CompositionEvaluator, options: GeneticOptions = {}): SearchResult {
  const o = resolve(options);
  const genes = new Genes(evaluator.space, new Random(o.seed));
  const fitness = (p: Prediction) => penalizedObjective(p, o.goalsResolved, o.penalty);
  const rank = (ids: number[]) => {
    const preds = evaluator.evaluate(ids);
    return preds.map((p) => ({ id: p.index, f: fitness(p) })).sort((a, b) => a.f - b.f || a.id - b.id);
  };
  const start = evaluator.evaluations;
  const budgetLeft = () => o.maxEvaluations - (evaluator.evaluations - start);
  let population = rank(initialPopulation(genes, Math.min(o.populationSize, o.maxEvaluations)));
  const history: GenerationRecord[] = [{ generation: 0, evaluations: evaluator.evaluations - start, best: population[0].f }];
  for (let g = 1; g <= o.maxGenerations && budgetLeft() > 0; g++) {
    const ids = population.map((m) => m.id);
    const children = breed(genes, ids, Math.min(o.populationSize, budgetLeft()), o, (i, j) => population[i].f < population[j].f || (population[i].f === population[j].f && ids[i] < ids[j]));
    if (children.length === 0) break;
    population = rank([...ids, ...children]).slice(0, o.populationSize);
    history.push({ generation: g, evaluations: evaluator.evaluations - start, best: population[0].f });
  }
  return { best: evaluator.evaluate(population.map((m) => m.id)), history, evaluated: evaluator.order.slice(start) };
}

/**
 * Fast non-dominated sorting (NSGA-II) of points to minimize: the front number of each point
 * (0 = not dominated by any point).
 */
export function paretoRanks(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const dominates = (a: readonly number[], b: readonly number[]) => a.every((v, k) => v <= b[k]) && a.some((v, k) => v < b[k]);
  const dominatedBy: number[][] = points.map(() => []);
  const count = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i], points[j])) {
        dominatedBy[i].push(j);
        count[j]++;
      } else if (dominates(points[j], points[i])) {
        dominatedBy[j].push(i);
        count[i]++;
      }
    }
  }
  const rank = new Array<number>(n).fill(-1);
  let front = points.map((_, i) => i).filter((i) => count[i] === 0);
  for (let r = 0; front.length; r++) {
    const next: number[] = [];
    for (const i of front) {
      rank[i] = r;
      for (const j of dominatedBy[i]) if (--count[j] === 0) next.push(j);
    }
    front = next;
  }
  return rank;
}

/** Crowding distance of each point within its front (NSGA-II): larger = in a sparser region. */
export function crowdingDistances(points: readonly (readonly number[])[], ranks: readonly number[]): number[] {
  const out = new Array<number>(points.length).fill(0);
  const fronts = new Map<number, number[]>();
  ranks.forEach((r, i) => fronts.set(r, [...(fronts.get(r) ?? []), i]));
  for (const members of fronts.values()) {
    for (let k = 0; k < points[0].length; k++) {
      const sorted = [...members].sort((a, b) => points[a][k] - points[b][k] || a - b);
      const span = points[sorted[sorted.length - 1]][k] - points[sorted[0]][k];
      out[sorted[0]] = out[sorted[sorted.length - 1]] = Infinity;
      if (span > 0) for (let m = 1; m < sorted.length - 1; m++) out[sorted[m]] += (points[sorted[m + 1]][k] - points[sorted[m - 1]][k]) / span;
    }
  }
  return out;
}

/**
 * Multi-objective genetic algorithm (NSGA-II) on (decomposition energy, |gap − target|): keeps the
 * population spread along the Pareto front instead of converging on one composition.
 */
export function nsgaSearch(evaluator: CompositionEvaluator, options: GeneticOptions = {}): SearchResult {
  const o = resolve(options);
  const genes = new Genes(evaluator.space, new Random(o.seed));
  const start = evaluator.evaluations;
  const budgetLeft = () => o.maxEvaluations - (evaluator.evaluations - start);
  // Survivors: by front, then by crowding distance (larger first), then by index.
  const survive = (ids: number[]) => {
    const points = evaluator.evaluate(ids).map((p) => frontPoint(p, o.goalsResolved));
    const ranks = paretoRanks(points);
    const crowd = crowdingDistances(points, ranks);
    const order = ids.map((_, i) => i).sort((i, j) => ranks[i] - ranks[j] || crowd[j] - crowd[i] || ids[i] - ids[j]);
    const kept = order.slice(0, o.populationSize);
    return { ids: kept.map((i) => ids[i]), ranks: kept.map((i) => ranks[i]), crowd: kept.map((i) => crowd[i]) };
  };
  let pop = survive(initialPopulation(genes, Math.min(o.populationSize, o.maxEvaluations)));
  const frontSize = () => pop.ranks.filter((r) => r === 0).length;
  const history: GenerationRecord[] = [{ generation: 0, evaluations: evaluator.evaluations - start, best: frontSize() }];
  for (let g = 1; g <= o.maxGenerations && budgetLeft() > 0; g++) {
    const children = breed(genes, pop.ids, Math.min(o.populationSize, budgetLeft()), o, (i, j) => pop.ranks[i] < pop.ranks[j] || (pop.ranks[i] === pop.ranks[j] && pop.crowd[i] > pop.crowd[j]));
    if (children.length === 0) break;
    pop = survive([...pop.ids, ...children]);
    history.push({ generation: g, evaluations: evaluator.evaluations - start, best: frontSize() });
  }
  const front = evaluator.evaluate(pop.ids.filter((_, i) => pop.ranks[i] === 0)).sort((a, b) => a.decomposition - b.decomposition || a.index - b.index);
  return { best: front, history, evaluated: evaluator.order.slice(start) };
}
