// The composition space of inverse design: every ABX3 whose site fractions lie on a grid of
// step 1/units (1/8 by default) over the 14 species of the case study. Each site is listed once
// as its own set of options (all ways to share `units` grid steps among the site's species):
// 495 for A (5 species), 1,287 for B (6) and 45 for X (3) on the 1/8 grid, so the space is
// 495 × 1,287 × 45 = 28,667,925 compositions. A composition is the triple (a, b, x) of option
// numbers, or one flat index (a · nB + b) · nX + x.
//
// Everything about a composition that the models see depends on one site at a time: the site
// fractions, and each elemental descriptor (a fraction-weighted average over one site's species).
// So the descriptors are computed once per site option (siteFeatures) and a composition's 50
// features are read from three small tables.
import { ALL_DESCRIPTORS, COMPOSITION_DESCRIPTORS, SITES, SITE_SPECIES, Site } from "../data/columns";
import type { PerovskiteFeaturizer } from "../data/featurizer";
import { formulaFromFractions } from "../data/candidates";
import { DataError, ParamError } from "../core/errors";
import { DESCRIPTOR_SITE } from "./sites";

/** The options of one site: every way of sharing the grid steps among its species. */
export interface SiteOptions {
  site: Site;
  /** The site's species, in the order of COMPOSITION_DESCRIPTORS. */
  species: string[];
  /** Number of options. */
  size: number;
  /** counts[o * species.length + k]: grid steps of species k in option o (summing to units). */
  counts: Uint8Array;
}

/** Options of a CompositionSpace. */
export interface SpaceOptions {
  /** Grid step of the site fractions; 1/step must be a whole number from 1 to 64. Default 0.125. */
  step?: number;
  /** Species allowed on each site (default all 14 of the case study). */
  species?: Partial<Record<Site, readonly string[]>>;
}

/** All vectors of `k` non-negative integers summing to `units`, first entry largest first. */
function compositions(k: number, units: number): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const recurse = (left: number): void => {
    if (current.length === k - 1) {
      out.push([...current, left]);
      return;
    }
    for (let u = left; u >= 0; u--) {
      current.push(u);
      recurse(left - u);
      current.pop();
    }
  };
  recurse(units);
  return out;
}

/** The grid of ABX3 compositions: site options, indexing, formulas and shards. */
export class CompositionSpace {
  /** Grid step of the site fractions. */
  readonly step: number;
  /** Grid steps per site (1 / step). */
  readonly units: number;
  /** The options of the A, B and X sites. */
  readonly sites: readonly [SiteOptions, SiteOptions, SiteOptions];
  /** Number of compositions (nA · nB · nX). */
  readonly size: number;
  /** Number of (A, B) option pairs (nA · nB): the units that shards and work blocks are cut in. */
  readonly pairs: number;
  private readonly lookups: (Map<string, number> | undefined)[] = [undefined, undefined, undefined];

  constructor(options: SpaceOptions = {}) {
    const step = options.step ?? 0.125;
    const units = Math.round(1 / step);
    if (!(typeof step === "number" && step > 0 && step <= 1 && Math.abs(units * step - 1) < 1e-9 && units <= 64)) {
      throw new ParamError(`CompositionSpace: step must be 1/n for a whole n from 1 to 64 (0.5, 0.25, 0.125, ...), got ${step}`);
    }
    this.step = 1 / units;
    this.units = units;
    const sites = SITES.map((site): SiteOptions => {
      const all = SITE_SPECIES[site] as readonly string[];
      const chosen = options.species?.[site] ?? all;
      for (const sp of chosen) {
        if (!all.includes(sp)) throw new ParamError(`CompositionSpace: species.${site} may hold ${all.join(", ")}, got "${sp}"`);
      }
      if (chosen.length === 0) throw new ParamError(`CompositionSpace: species.${site} is empty`);
      const species = all.filter((sp) => chosen.includes(sp));
      const list = compositions(species.length, units);
      return { site, species, size: list.length, counts: Uint8Array.from(list.flat()) };
    });
    this.sites = [sites[0], sites[1], sites[2]];
    this.pairs = sites[0].size * sites[1].size;
    this.size = this.pairs * sites[2].size;
  }

  /** The grid options as plain data (enough to rebuild the same space). */
  get options(): { step: number; species: Record<Site, string[]> } {
    return { step: this.step, species: { A: [...this.sites[0].species], B: [...this.sites[1].species], X: [...this.sites[2].species] } };
  }

  /** Flat index of the composition (a, b, x). */
  index(a: number, b: number, x: number): number {
    return (a * this.sites[1].size + b) * this.sites[2].size + x;
  }

  /** The option numbers [a, b, x] of a flat index. */
  decode(index: number): [number, number, number] {
    this.checkIndex(index);
    const nX = this.sites[2].size;
    const pair = Math.floor(index / nX);
    return [Math.floor(pair / this.sites[1].size), pair % this.sites[1].size, index % nX];
  }

  /** The 14 site fractions of a composition (COMPOSITION_DESCRIPTORS order). */
  fractions(index: number): number[] {
    const options = this.decode(index);
    const out = new Array<number>(COMPOSITION_DESCRIPTORS.length).fill(0);
    this.sites.forEach((s, k) => {
      const o = options[k];
      s.species.forEach((sp, i) => (out[COMPOSITION_DESCRIPTORS.indexOf(sp)] = s.counts[o * s.species.length + i] / this.units));
    });
    return out;
  }

  /** The composition's formula in the tutorial's style ("Cs0.5MA0.5PbI3"). */
  formula(index: number): string {
    return formulaFromFractions(this.fractions(index));
  }

  /**
   * Flat index of the composition with these 14 site fractions (COMPOSITION_DESCRIPTORS order);
   * undefined when it is not on this grid (a fraction between grid points, a species left out).
   */
  indexOfFractions(fractions: readonly number[]): number | undefined {
    if (fractions.length !== COMPOSITION_DESCRIPTORS.length) {
      throw new DataError(`CompositionSpace.indexOfFractions: expected ${COMPOSITION_DESCRIPTORS.length} site fractions, got ${fractions.length}`);
    }
    const options: number[] = [];
    for (const s of this.sites) {
      const k = s.species.length;
      const want = s.species.map((sp) => fractions[COMPOSITION_DESCRIPTORS.indexOf(sp)] * this.units);
      const siteTotal = (SITE_SPECIES[s.site] as readonly string[]).reduce((t, sp) => t + fractions[COMPOSITION_DESCRIPTORS.indexOf(sp)], 0);
      if (want.some((u) => Math.abs(u - Math.round(u)) > 1e-6) || Math.abs(siteTotal - 1) > 1e-6) return undefined;
      let found = -1;
      for (let o = 0; o < s.size && found < 0; o++) {
        let same = true;
        for (let i = 0; i < k && same; i++) same = s.counts[o * k + i] === Math.round(want[i]);
        if (same) found = o;
      }
      if (found < 0) return undefined;
      options.push(found);
    }
    return this.index(options[0], options[1], options[2]);
  }

  /** The grid steps of each species of one site option (site 0 = A, 1 = B, 2 = X). */
  counts(site: number, option: number): number[] {
    const s = this.sites[site];
    const k = s.species.length;
    return Array.from(s.counts.subarray(option * k, (option + 1) * k));
  }

  /** The option of a site with these grid steps per species (they must sum to `units`). */
  optionOf(site: number, counts: readonly number[]): number {
    let lookup = this.lookups[site];
    if (!lookup) {
      lookup = new Map();
      for (let o = 0; o < this.sites[site].size; o++) lookup.set(this.counts(site, o).join(","), o);
      this.lookups[site] = lookup;
    }
    const o = lookup.get(counts.join(","));
    if (o === undefined) throw new DataError(`CompositionSpace.optionOf: ${counts.join(", ")} is not a ${this.sites[site].site}-site option (${this.sites[site].species.length} whole numbers summing to ${this.units})`);
    return o;
  }

  /** The compositions one grid step away: one step of one site moved from one species to another. */
  neighbours(index: number): number[] {
    const options = this.decode(index);
    const out: number[] = [];
    for (let s = 0; s < 3; s++) {
      const c = this.counts(s, options[s]);
      for (let from = 0; from < c.length; from++) {
        if (c[from] === 0) continue;
        for (let to = 0; to < c.length; to++) {
          if (to === from) continue;
          const moved = [...c];
          moved[from]--;
          moved[to]++;
          const o = [...options];
          o[s] = this.optionOf(s, moved);
          out.push(this.index(o[0], o[1], o[2]));
        }
      }
    }
    return out;
  }

  /**
   * The (A, B) pairs of shard i of n (0-based): pairs [start, end). Shards are contiguous and
   * differ in size by at most one pair, so n shards always cover the space exactly once.
   */
  shard(i: number, n: number): { start: number; end: number } {
    if (!Number.isInteger(n) || n < 1) throw new ParamError(`CompositionSpace.shard: the number of shards must be a whole number >= 1, got ${n}`);
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ParamError(`CompositionSpace.shard: shard must be a whole number from 0 to ${n - 1}, got ${i}`);
    return { start: Math.floor((i * this.pairs) / n), end: Math.floor(((i + 1) * this.pairs) / n) };
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new DataError(`CompositionSpace: composition index must be a whole number from 0 to ${this.size - 1}, got ${index}`);
    }
  }
}

/**
 * The 50 descriptors (ALL_DESCRIPTORS order) of every option of every site, computed once:
 * features[s][o * 50 + j] is descriptor j of option o of site s when descriptor j belongs to site
 * s, and 0 otherwise. Each site's descriptors come from the featurizer itself (fed a vector with
 * only that site's fractions), so they are the featurizer's numbers to the last bit.
 */
export function siteFeatures(space: CompositionSpace, featurizer: PerovskiteFeaturizer): [Float64Array, Float64Array, Float64Array] {
  const p = ALL_DESCRIPTORS.length;
  const tables = space.sites.map((s, si) => {
    const table = new Float64Array(s.size * p);
    const k = s.species.length;
    const fractions = new Array<number>(COMPOSITION_DESCRIPTORS.length).fill(0);
    const slots = s.species.map((sp) => COMPOSITION_DESCRIPTORS.indexOf(sp));
    for (let o = 0; o < s.size; o++) {
      for (let i = 0; i < k; i++) fractions[slots[i]] = s.counts[o * k + i] / space.units;
      const row = [...fractions, ...featurizer.descriptorsFromFractions(fractions)];
      for (let j = 0; j < p; j++) if (DESCRIPTOR_SITE[j] === si) table[o * p + j] = row[j];
    }
    return table;
  });
  return [tables[0], tables[1], tables[2]];
}

/** The 50 descriptors of composition (a, b, x), assembled from the per-site tables. */
export function assembleFeatures(tables: readonly Float64Array[], a: number, b: number, x: number): number[] {
  const p = ALL_DESCRIPTORS.length;
  const options = [a, b, x];
  return ALL_DESCRIPTORS.map((_, j) => tables[DESCRIPTOR_SITE[j]][options[DESCRIPTOR_SITE[j]] * p + j]);
}
