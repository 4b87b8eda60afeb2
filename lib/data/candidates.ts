// The project's own screening space: every ABX3 composition on a grid of site fractions, with up
// to a given number of species mixing on each site, featurized like the training data.
//
// The space grows fast (step 0.001 gives ~4.5·10¹¹ compositions), so its size is computed
// first, without enumerating: iterateCandidates streams any size one composition at a time,
// while enumerateWith / enumerateCandidates, which build a DataFrame in memory, refuse a space
// beyond `limit`.
import { DataFrame } from "danfojs-node";
import { ParamError } from "../core/errors";
import { declareParams, resolveParams, Resolved } from "../core/params";
import { anyOf, arrayOf, custom, int, number } from "../core/rules";
import { COMPOSITION_DESCRIPTORS, SITES, SITE_SPECIES, Site } from "./columns";
import { PerovskiteFeaturizer } from "./featurizer";
import type { DataOptions } from "./files";

/** The screening space: species per site, grid step, mixing, exclusions and the in-memory limit. */
export interface CandidateOptions {
  /** Species allowed on each site (default: all 14 of the tutorial). */
  species?: Partial<Record<Site, string[]>>;
  /** Fraction grid step; 1/step must be a whole number (default 0.25). */
  step?: number;
  /** At most this many species mixed on a site (default 2 on every site). */
  maxMix?: number | Partial<Record<Site, number>>;
  /** Leave out these compositions, given as rows of the 14 site fractions (e.g. the training set). */
  exclude?: number[][];
  /** The largest space enumerateWith / enumerateCandidates build in memory (default 1,000,000 compositions). */
  limit?: number;
}

const isSiteRecord = (check: (v: unknown) => boolean) => (v: unknown) =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.entries(v).every(([k, x]) => (SITES as string[]).includes(k) && check(x));

const CANDIDATE_PARAMS = declareParams<CandidateOptions>({
  species: {
    default: {},
    rule: custom(isSiteRecord((x) => Array.isArray(x)), "an object { A?, B?, X? } of species lists"),
    doc: "Species allowed on each site.",
  },
  step: {
    default: 0.25,
    rule: custom((v) => typeof v === "number" && v > 0 && v <= 1 && Math.abs(Math.round(1 / v) * v - 1) < 1e-9, "a fraction of 1 such as 0.5, 0.25 or 0.125"),
    doc: "Grid step of the site fractions.",
  },
  maxMix: {
    default: 2,
    rule: anyOf(int({ min: 1 }), custom(isSiteRecord((x) => Number.isInteger(x) && (x as number) >= 1), "an object { A?, B?, X? } of integers >= 1")),
    doc: "At most this many species mixed on a site.",
  },
  exclude: { default: [], rule: arrayOf(arrayOf(number({ min: 0, max: 1 }), COMPOSITION_DESCRIPTORS.length)), doc: "Compositions (14 site fractions) to leave out." },
  limit: { default: 1_000_000, rule: int({ min: 1 }), doc: "Largest space built in memory as a DataFrame." },
});

/** The enumeration worked out from the options: grid units and, per site, its species and mixing. */
interface Plan {
  units: number;
  sites: { site: Site; species: string[]; mix: number; count: number }[];
  excluded: Set<string>;
  total: number;
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

function planOf(options: CandidateOptions, who: string): Plan & { o: Resolved<CandidateOptions> } {
  const o = resolveParams(who, CANDIDATE_PARAMS, options);
  const units = Math.round(1 / o.step);
  const sites = SITES.map((site) => {
    const species = o.species[site] ?? [...SITE_SPECIES[site]];
    for (const sp of species) {
      if (!(SITE_SPECIES[site] as readonly string[]).includes(sp)) {
        throw new ParamError(`${who}: species.${site} must be one of ${SITE_SPECIES[site].join(", ")}; got ${JSON.stringify(sp)}`);
      }
    }
    if (species.length === 0) throw new ParamError(`${who}: species.${site} must be a non-empty list`);
    if (new Set(species).size !== species.length) throw new ParamError(`${who}: species.${site} lists a species twice: ${species.join(", ")}`);
    const mix = typeof o.maxMix === "number" ? o.maxMix : o.maxMix[site] ?? 2;
    // Ways to share `units` grid steps among k of the species, each getting at least one step.
    let count = 0;
    for (let k = 1; k <= Math.min(mix, species.length, units); k++) count += choose(species.length, k) * choose(units - 1, k - 1);
    return { site, species, mix, count };
  });
  const excluded = new Set(o.exclude.map((r) => r.map((v) => v.toFixed(4)).join(",")));
  return { o, units, sites, excluded, total: sites.reduce((p, s) => p * s.count, 1) };
}

/** The size of the space before exclusions: the total and the number of mixtures on each site. */
export function countCandidates(options: CandidateOptions = {}): { total: number; perSite: Record<Site, number> } {
  const plan = planOf(options, "countCandidates");
  return { total: plan.total, perSite: Object.fromEntries(plan.sites.map((s) => [s.site, s.count])) as Record<Site, number> };
}

/** All ways to share `left` grid steps among at most `maxMix - chosen.length` more of `species[start..]`, lazily. */
function* siteMixtures(species: string[], left: number, maxMix: number, start = 0, chosen: [string, number][] = []): Generator<Map<string, number>> {
  if (left === 0) {
    yield new Map(chosen);
    return;
  }
  if (chosen.length === maxMix) return;
  for (let i = start; i < species.length; i++) {
    for (let u = left; u >= 1; u--) yield* siteMixtures(species, left - u, maxMix, i + 1, [...chosen, [species[i], u]]);
  }
}

/** Number as written in formulas: 1, 0.5, 0.125 (no trailing zeros). */
function amount(x: number): string {
  return String(+x.toFixed(4));
}

/** Formula in the tutorial's style: A and B amounts per formula unit, X amounts summing to 3. */
export function formulaFromFractions(fractions: readonly number[]): string {
  let s = "";
  for (const site of SITES) {
    for (const sp of SITE_SPECIES[site]) {
      const f = fractions[COMPOSITION_DESCRIPTORS.indexOf(sp)];
      if (f > 0) s += sp + amount(site === "X" ? 3 * f : f);
    }
  }
  return s;
}

/**
 * Streams the candidate compositions one at a time (constant memory, any size): each as its
 * formula and 50 features (14 site fractions, 36 elemental descriptors). The order is A mixture,
 * then B, then X. Use countCandidates first to see how many there will be.
 */
export function* iterateCandidates(featurizer: PerovskiteFeaturizer, options: CandidateOptions = {}): Generator<{ formula: string; features: number[] }> {
  const { units, sites, excluded } = planOf(options, "iterateCandidates");
  const [A, B, X] = sites;
  for (const a of siteMixtures(A.species, units, A.mix)) {
    for (const b of siteMixtures(B.species, units, B.mix)) {
      for (const x of siteMixtures(X.species, units, X.mix)) {
        const fractions = COMPOSITION_DESCRIPTORS.map((sp) => ((a.get(sp) ?? b.get(sp) ?? x.get(sp)) ?? 0) / units);
        if (excluded.size && excluded.has(fractions.map((v) => v.toFixed(4)).join(","))) continue;
        yield { formula: formulaFromFractions(fractions), features: [...fractions, ...featurizer.descriptorsFromFractions(fractions)] };
      }
    }
  }
}

/**
 * Enumerates candidate compositions and featurizes them: a DataFrame with Formula, the 14 site
 * fractions and the 36 elemental descriptors (same columns as DFT_data.csv minus the targets).
 * With the defaults (step 0.25, two species per site) that is 35 × 51 × 12 = 21,420 compositions.
 */
export async function enumerateCandidates(options: CandidateOptions = {}, data: DataOptions = {}): Promise<DataFrame> {
  planOf(options, "enumerateCandidates"); // bad options fail before any file is read
  const featurizer = await PerovskiteFeaturizer.load(data);
  return enumerateWith(featurizer, options);
}

/** enumerateCandidates with a featurizer you already have. */
export function enumerateWith(featurizer: PerovskiteFeaturizer, options: CandidateOptions = {}): DataFrame {
  const who = "enumerateCandidates";
  const plan = planOf(options, who);
  if (plan.total > plan.o.limit) {
    const sizes = plan.sites.map((s) => `${s.site} ${s.count.toLocaleString("en-US")}`).join(" × ");
    throw new ParamError(
      `${who}: the space has ${plan.total.toLocaleString("en-US")} compositions (${sizes}), more than limit ${plan.o.limit.toLocaleString("en-US")} that a DataFrame in memory may hold; ` +
        "use a coarser step, fewer species or a smaller maxMix, raise limit, or stream it with iterateCandidates (or `npx matml enumerate`)",
    );
  }
  const rows: unknown[][] = [];
  for (const c of iterateCandidates(featurizer, options)) rows.push([c.formula, ...c.features]);
  return new DataFrame(rows, { columns: ["Formula", ...featurizer.featureLabels()] });
}
