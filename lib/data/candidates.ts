// The project's own screening space: every ABX3 composition on a grid of site fractions, with up
// to a given number of species mixing on each site, featurized like the training data.
import { DataFrame } from "danfojs-node";
import { COMPOSITION_DESCRIPTORS, SITES, SITE_SPECIES, Site } from "./columns";
import { PerovskiteFeaturizer } from "./featurizer";
import type { DataOptions } from "./datasets";
import { checkParam } from "../models/base";

export interface CandidateOptions {
  /** Species allowed on each site (default: all 14 of the tutorial). */
  species?: Partial<Record<Site, string[]>>;
  /** Fraction grid step; 1/step must be a whole number (default 0.25). */
  step?: number;
  /** At most this many species mixed on a site (default 2 on every site). */
  maxMix?: number | Partial<Record<Site, number>>;
  /** Leave out these compositions, given as rows of the 14 site fractions (e.g. the training set). */
  exclude?: number[][];
}

/** All ways to share `units` grid steps among at most `maxMix` of `species` (each share ≥ 1 step). */
function siteMixtures(species: string[], units: number, maxMix: number): Map<string, number>[] {
  const out: Map<string, number>[] = [];
  const recurse = (start: number, left: number, chosen: [string, number][]) => {
    if (left === 0) {
      out.push(new Map(chosen));
      return;
    }
    if (chosen.length === maxMix) return;
    for (let i = start; i < species.length; i++) {
      for (let u = left; u >= 1; u--) recurse(i + 1, left - u, [...chosen, [species[i], u]]);
    }
  };
  recurse(0, units, []);
  return out;
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
 * Enumerates candidate compositions and featurizes them: a DataFrame with Formula, the 14 site
 * fractions and the 36 elemental descriptors (same columns as DFT_data.csv minus the targets).
 * With the defaults (step 0.25, two species per site) that is 35 × 51 × 12 = 21,420 compositions.
 */
export async function enumerateCandidates(options: CandidateOptions = {}, data: DataOptions = {}): Promise<DataFrame> {
  const featurizer = await PerovskiteFeaturizer.load(data);
  return enumerateWith(featurizer, options);
}

/** enumerateCandidates with a featurizer you already have. */
export function enumerateWith(featurizer: PerovskiteFeaturizer, options: CandidateOptions = {}): DataFrame {
  const step = options.step ?? 0.25;
  const units = Math.round(1 / step);
  checkParam(step > 0 && step <= 1 && Math.abs(units * step - 1) < 1e-9, "enumerateCandidates", "step", step, "a fraction of 1 such as 0.5, 0.25 or 0.125");
  const perSite = SITES.map((site) => {
    const species = options.species?.[site] ?? [...SITE_SPECIES[site]];
    for (const sp of species) {
      checkParam((SITE_SPECIES[site] as readonly string[]).includes(sp), "enumerateCandidates", `species.${site}`, sp, `one of ${SITE_SPECIES[site].join(", ")}`);
    }
    checkParam(species.length > 0, "enumerateCandidates", `species.${site}`, species, "a non-empty list");
    const mix = typeof options.maxMix === "number" ? options.maxMix : options.maxMix?.[site] ?? 2;
    checkParam(Number.isInteger(mix) && mix >= 1, "enumerateCandidates", "maxMix", mix, "a whole number >= 1");
    return siteMixtures(species, units, mix);
  });
  const excluded = new Set((options.exclude ?? []).map((r) => r.map((v) => v.toFixed(4)).join(",")));
  const rows: unknown[][] = [];
  for (const a of perSite[0]) {
    for (const b of perSite[1]) {
      for (const x of perSite[2]) {
        const fractions = COMPOSITION_DESCRIPTORS.map((sp) => ((a.get(sp) ?? b.get(sp) ?? x.get(sp)) ?? 0) / units);
        if (excluded.has(fractions.map((v) => v.toFixed(4)).join(","))) continue;
        rows.push([formulaFromFractions(fractions), ...fractions, ...featurizer.descriptorsFromFractions(fractions)]);
      }
    }
  }
  return new DataFrame(rows, { columns: ["Formula", ...featurizer.featureLabels()] });
}
