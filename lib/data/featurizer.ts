// From a perovskite formula to descriptors, in the style of matminer: the featurizer knows its
// feature labels and turns formulas (or a DataFrame of them) into descriptor columns.
//
//   "MA1Ca0.12Sn0.75Pb0.12I3" → site fractions A: MA 1 | B: Ca .125, Sn .75, Pb .125 | X: I 1
//   → 14 composition descriptors (fraction of each species on its site)
//   → 36 elemental descriptors: for each site s and property p, Σ_i f_i · p(species_i),
//     the fraction-weighted average of the property over the species on that site.
import { DataFrame } from "danfojs-node";
import { COMPOSITION_DESCRIPTORS, ELEMENTAL_DESCRIPTORS, ELEMENTAL_PROPERTIES, SITES, SITE_SPECIES, Site } from "./columns";
import type { DataOptions } from "./datasets";

/** Which site each of the 14 species sits on. */
const SITE_OF: Record<string, Site> = Object.fromEntries(SITES.flatMap((s) => SITE_SPECIES[s].map((sp) => [sp, s])));
/** Formula units carry 1 A, 1 B and 3 X. */
const NOMINAL: Record<Site, number> = { A: 1, B: 1, X: 3 };
/** Rounded amounts in formulas (0.12 for 1/8) may miss the nominal total by a few percent. */
const TOTAL_TOLERANCE = 0.05;
// Longest names first so "MA" is not read as "M" + "A" and "Cs" not as "C" + "s".
const SPECIES_BY_LENGTH = Object.keys(SITE_OF).sort((a, b) => b.length - a.length);

/** Amount of each species in one formula unit, as written. */
export type Amounts = Record<string, number>;

class FormulaError extends Error {
  constructor(formula: string, why: string) {
    super(`formula "${formula}": ${why}`);
  }
}

/** Reads a number (allowing a leading "_" as in "MAGeCl_3"); returns it and the new position. */
function readNumber(s: string, i: number): [number | undefined, number] {
  const m = /^_?(\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(s.slice(i));
  if (!m) return [undefined, i];
  return [Number(m[0].replace("_", "")), i + m[0].length];
}

/** Parses species and amounts, with parenthesised groups and multipliers: "(FASnI3)0.6(MAPbI3)0.4". */
export function parseAmounts(formula: string): Amounts {
  const s = formula.replace(/\s+/g, "");
  if (!s) throw new FormulaError(formula, "is empty");
  let i = 0;
  const group = (depth: number): Amounts => {
    const amounts: Amounts = {};
    const add = (sp: string, n: number) => (amounts[sp] = (amounts[sp] ?? 0) + n);
    while (i < s.length) {
      const c = s[i];
      if (c === "(") {
        i++;
        const inner = group(depth + 1);
        if (s[i] !== ")") throw new FormulaError(formula, `missing ")" at position ${i + 1}`);
        i++;
        const [mult, next] = readNumber(s, i);
        i = next;
        for (const [sp, n] of Object.entries(inner)) add(sp, n * (mult ?? 1));
        continue;
      }
      if (c === ")") {
        if (depth === 0) throw new FormulaError(formula, `unmatched ")" at position ${i + 1}`);
        return amounts;
      }
      const sp = SPECIES_BY_LENGTH.find((name) => s.startsWith(name, i) && !/[a-z]/.test(s[i + name.length] ?? ""));
      if (!sp) {
        const unknown = /^[A-Z][a-z]*|^./.exec(s.slice(i))![0];
        throw new FormulaError(formula, `unknown species "${unknown}" at position ${i + 1} (known: ${COMPOSITION_DESCRIPTORS.join(" ")})`);
      }
      i += sp.length;
      const [n, next] = readNumber(s, i);
      i = next;
      if (n !== undefined && !(n >= 0)) throw new FormulaError(formula, `amount of ${sp} must be >= 0`);
      add(sp, n ?? 1);
    }
    if (depth > 0) throw new FormulaError(formula, 'missing ")"');
    return amounts;
  };
  return group(0);
}

/**
 * The 14 site fractions of a formula, in COMPOSITION_DESCRIPTORS order. Each site's amounts are
 * divided by their total, which must be close to 1 (A), 1 (B) and 3 (X) per formula unit.
 */
export function siteFractions(formula: string): number[] {
  const amounts = parseAmounts(formula);
  const totals: Record<Site, number> = { A: 0, B: 0, X: 0 };
  for (const [sp, n] of Object.entries(amounts)) totals[SITE_OF[sp]] += n;
  for (const site of SITES) {
    const nominal = NOMINAL[site];
    if (totals[site] === 0) throw new FormulaError(formula, `no ${site}-site species (one of ${SITE_SPECIES[site].join(", ")})`);
    if (Math.abs(totals[site] - nominal) > TOTAL_TOLERANCE * nominal) {
      throw new FormulaError(formula, `${site}-site amounts add up to ${+totals[site].toFixed(4)}, but an ABX3 formula unit has ${nominal}`);
    }
  }
  const fractions = COMPOSITION_DESCRIPTORS.map((sp) => (amounts[sp] ?? 0) / totals[SITE_OF[sp]]);
  for (const site of SITES) snapEighths(fractions, site, amounts);
  return fractions;
}

/**
 * The tutorial's formulas write eighths rounded to two decimals (Ca0.12 for 1/8, Sn0.38 for 3/8).
 * When every amount on a site is such a rounding and the eighths add up to the site's total, the
 * exact eighths are used, so "K1Ca0.38Sr0.12..." gives 0.375 rather than 0.38/0.98.
 */
function snapEighths(fractions: number[], site: Site, amounts: Amounts): void {
  const species = (SITE_SPECIES[site] as readonly string[]).filter((sp) => amounts[sp] !== undefined && amounts[sp] > 0);
  const eighths = species.map((sp) => Math.round((8 * amounts[sp]) / NOMINAL[site]));
  const close = species.every((sp, k) => Math.abs(amounts[sp] / NOMINAL[site] - eighths[k] / 8) <= 0.0051);
  if (!close || eighths.reduce((a, b) => a + b, 0) !== 8 || eighths.some((e) => e === 0)) return;
  species.forEach((sp, k) => (fractions[COMPOSITION_DESCRIPTORS.indexOf(sp)] = eighths[k] / 8));
}

/** Element → property values (ELEMENTAL_PROPERTIES order), as read from Elemental_properties.xlsx. */
export type PropertyTable = Record<string, number[]>;

export class PerovskiteFeaturizer {
  /** property[species][k]: the k-th elemental property of each of the 14 species. */
  private readonly table: PropertyTable;

  /** `properties`: the DataFrame from loadElementalProperties(), or a plain table. */
  constructor(properties: DataFrame | PropertyTable) {
    const table: PropertyTable = {};
    if (properties instanceof DataFrame) {
      const cols = properties.columns;
      const idx = ELEMENTAL_PROPERTIES.map((p) => cols.indexOf(p.sheetColumn));
      const m = cols.indexOf("M");
      if (m < 0 || idx.some((j) => j < 0)) throw new Error("PerovskiteFeaturizer: the property table needs column M and the 12 property columns");
      for (const row of properties.values as unknown[][]) table[String(row[m])] = idx.map((j) => Number(row[j]));
    } else Object.assign(table, properties);
    for (const sp of COMPOSITION_DESCRIPTORS) {
      const values = table[sp];
      if (!values) throw new Error(`PerovskiteFeaturizer: Elemental_properties has no row for ${sp}`);
      values.forEach((v, k) => {
        if (!Number.isFinite(v)) throw new Error(`PerovskiteFeaturizer: ${ELEMENTAL_PROPERTIES[k].sheetColumn} of ${sp} is missing`);
      });
    }
    this.table = table;
  }

  /** A featurizer built from the tutorial's Elemental_properties.xlsx (found like every dataset). */
  static async load(options: DataOptions = {}): Promise<PerovskiteFeaturizer> {
    const { loadElementalProperties } = await import("./datasets");
    return new PerovskiteFeaturizer(await loadElementalProperties(options));
  }

  /** Names of the 50 features featurize() returns: 14 site fractions, then 36 elemental descriptors. */
  featureLabels(): string[] {
    return [...COMPOSITION_DESCRIPTORS, ...ELEMENTAL_DESCRIPTORS];
  }

  /** The 36 elemental descriptors from the 14 site fractions (COMPOSITION_DESCRIPTORS order). */
  descriptorsFromFractions(fractions: readonly number[]): number[] {
    if (fractions.length !== COMPOSITION_DESCRIPTORS.length) {
      throw new Error(`descriptorsFromFractions: expected ${COMPOSITION_DESCRIPTORS.length} site fractions, got ${fractions.length}`);
    }
    const out: number[] = [];
    for (const site of SITES) {
      for (let k = 0; k < ELEMENTAL_PROPERTIES.length; k++) {
        let sum = 0;
        for (const sp of SITE_SPECIES[site]) {
          const f = fractions[COMPOSITION_DESCRIPTORS.indexOf(sp)];
          if (f !== 0) sum += f * this.table[sp][k];
        }
        out.push(sum);
      }
    }
    return out;
  }

  /** All 50 features of one formula. */
  featurize(formula: string): number[] {
    const fractions = siteFractions(formula);
    return [...fractions, ...this.descriptorsFromFractions(fractions)];
  }

  /**
   * Adds (or replaces) the 50 feature columns of a DataFrame with a formula column. Rows whose
   * formula cannot be read throw, naming the row; use featurizeMany to collect errors instead.
   */
  featurizeDataFrame(df: DataFrame, formulaColumn = "Formula"): DataFrame {
    const j = df.columns.indexOf(formulaColumn);
    if (j < 0) throw new Error(`featurizeDataFrame: no "${formulaColumn}" column`);
    const { rows, errors } = this.featurizeMany((df.values as unknown[][]).map((r) => String(r[j])));
    if (errors.length) throw new Error(`featurizeDataFrame: row ${errors[0].index}: ${errors[0].message}`);
    return withColumns(df, this.featureLabels(), rows as number[][]);
  }

  /** Featurizes many formulas; a bad one gives an error entry (with its index) and a null row. */
  featurizeMany(formulas: readonly string[]): { rows: (number[] | null)[]; errors: { index: number; formula: string; message: string }[] } {
    const errors: { index: number; formula: string; message: string }[] = [];
    const rows = formulas.map((f, index) => {
      try {
        return this.featurize(f);
      } catch (e) {
        errors.push({ index, formula: f, message: (e as Error).message });
        return null;
      }
    });
    return { rows, errors };
  }

  /** Replaces the 36 elemental descriptors of a DataFrame by values computed from its 14 site-fraction columns. */
  recomputeDescriptors(df: DataFrame): DataFrame {
    const idx = COMPOSITION_DESCRIPTORS.map((c) => df.columns.indexOf(c));
    if (idx.some((j) => j < 0)) throw new Error("recomputeDescriptors: the DataFrame needs the 14 site-fraction columns");
    const rows = (df.values as number[][]).map((r) => this.descriptorsFromFractions(idx.map((j) => r[j])));
    return withColumns(df, ELEMENTAL_DESCRIPTORS, rows);
  }
}

/** A copy of df with `columns` set from `rows` (replacing same-named columns, else appending). */
function withColumns(df: DataFrame, columns: string[], rows: number[][]): DataFrame {
  const keep = df.columns.map((c, j) => [c, j] as const).filter(([c]) => !columns.includes(c));
  const names = [...keep.map(([c]) => c), ...columns];
  const values = (df.values as unknown[][]).map((r, i) => [...keep.map(([, j]) => r[j]), ...rows[i]]);
  // Keep the original column order where the columns already existed.
  const order = df.columns.filter((c) => names.includes(c)).concat(columns.filter((c) => !df.columns.includes(c)));
  const pos = order.map((c) => names.indexOf(c));
  return new DataFrame(values.map((r) => pos.map((p) => r[p])), { columns: order });
}
