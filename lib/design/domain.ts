// The applicability domain: can the models be trusted for this composition? A forest or a GP
// trained on 512 alloys says little about a composition unlike all of them. Every proposal
// therefore carries
// - its distance to the nearest training composition (Euclidean, over the 14 site fractions:
//   moving a fraction f of one site from one species to another is a distance of f·√2), and
//   which training alloy that is;
// - whether its descriptors lie inside the training data's range (each of the model's columns
//   between its training minimum and maximum);
// and it is flagged as outside the domain when a descriptor is out of range or the distance
// exceeds what is usual inside the training set: the `quantile` (default 95%) of the training
// alloys' own distances to their nearest other training alloy.
import { DataError, ParamError } from "../core/errors";
import { COMPOSITION_DESCRIPTORS } from "../data/columns";
import type { TrainingSet } from "./models";

/** Where one composition stands relative to the training data. */
export interface DomainCheck {
  /** Distance over the 14 site fractions to the nearest training composition. */
  nearestDistance: number;
  nearestFormula: string;
  /** Model columns whose value lies outside the training range (empty when none). */
  outOfRange: string[];
  /** False when a descriptor is out of range or the distance exceeds the domain's threshold. */
  inDomain: boolean;
  /** Why it is outside (empty when inside). */
  reason: string;
}

/** Options of ApplicabilityDomain. */
export interface DomainOptions {
  /** Quantile of the training set's nearest-neighbour distances used as the distance threshold (default 0.95). */
  quantile?: number;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

/** The training data's domain: ranges of the model columns and a distance threshold. */
export class ApplicabilityDomain {
  /** Distances beyond this (over the 14 site fractions) are outside the domain. */
  readonly threshold: number;
  /** Each training alloy's distance to its nearest other training alloy. */
  readonly trainingDistances: number[];
  private readonly low: number[];
  private readonly high: number[];

  constructor(
    private readonly training: TrainingSet,
    private readonly features: readonly string[],
    options: DomainOptions = {},
  ) {
    const { quantile = 0.95 } = options;
    if (!(quantile > 0 && quantile <= 1)) throw new ParamError(`ApplicabilityDomain: quantile must be in (0, 1], got ${quantile}`);
    const n = training.fractions.length;
    if (n < 2) throw new DataError(`ApplicabilityDomain: need at least 2 training compositions, got ${n}`);
    if (training.X.length !== n || training.X.some((r) => r.length !== features.length)) {
      throw new DataError(`ApplicabilityDomain: the training set has ${n} compositions but its X is not ${n} rows of the ${features.length} model columns`);
    }
    this.trainingDistances = training.fractions.map((f, i) => Math.min(...training.fractions.map((g, j) => (i === j ? Infinity : distance(f, g)))));
    const sorted = [...this.trainingDistances].sort((a, b) => a - b);
    this.threshold = sorted[Math.min(n - 1, Math.ceil(quantile * n) - 1)];
    this.low = features.map((_, j) => Math.min(...training.X.map((r) => r[j])));
    this.high = features.map((_, j) => Math.max(...training.X.map((r) => r[j])));
  }

  /** Checks one composition, given its 14 site fractions and its model columns. */
  check(fractions: readonly number[], X: readonly number[]): DomainCheck {
    if (fractions.length !== COMPOSITION_DESCRIPTORS.length) throw new DataError(`ApplicabilityDomain.check: expected 14 site fractions, got ${fractions.length}`);
    if (X.length !== this.features.length) throw new DataError(`ApplicabilityDomain.check: expected ${this.features.length} model columns, got ${X.length}`);
    let best = Infinity;
    let nearest = 0;
    this.training.fractions.forEach((g, i) => {
      const d = distance(fractions, g);
      if (d < best) {
        best = d;
        nearest = i;
      }
    });
    // A tolerance of 1e-9 absorbs rounding in the training file's descriptors.
    const outOfRange = this.features.filter((_, j) => X[j] < this.low[j] - 1e-9 || X[j] > this.high[j] + 1e-9);
    const reasons: string[] = [];
    if (outOfRange.length) reasons.push(`outside the training range: ${outOfRange.join(", ")}`);
    if (best > this.threshold) reasons.push(`nearest training alloy ${best.toFixed(3)} away (threshold ${this.threshold.toFixed(3)})`);
    return { nearestDistance: best, nearestFormula: this.training.formulas[nearest], outOfRange, inDomain: reasons.length === 0, reason: reasons.join("; ") };
  }
}
