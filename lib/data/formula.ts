// From a perovskite formula to the 14 site fractions, without silent changes.
//
// Accepted styles (all found in the tutorial's data files, this edition and the earlier ones):
//   CsPbI3, MA1Ca0.12Sn0.75Pb0.12I3, RbSrCl0.125I2.875, KSnI_3, RbGe_0.875Sn_0.125I_3,
//   CsPbI_2.5_Br_0.5 (an underscore before any amount or species), (FASnI3)0.6(MAPbI3)0.4,
//   Cs0.05(FA0.92MA0.08)0.95Pb(I0.92Br0.08)3, 1.25E-01-style exponents.
//
// Each site must be filled: the amounts on A, B and X must add up to 1, 1 and 3 per formula unit
// within the rounding of the amounts as written (Ca0.12 + Sn0.75 + Pb0.12 = 0.99 is eighths
// rounded to two decimals; CsPbI2.9 and CsPb0.96I3 are not full sites and are errors unless the
// caller asks to `normalize`). Snapping amounts to the nearest eighth (the tutorial's grid) is an
// explicit option, `snapToEighths`, and every value it changes is reported.
import { DataError } from "../core/errors";
import { declareParams, resolveParams, Resolved } from "../core/params";
import { bool } from "../core/rules";
import { COMPOSITION_DESCRIPTORS, SITES, SITE_SPECIES, Site } from "./columns";

/** Which site each of the 14 species sits on. */
const SITE_OF: Record<string, Site> = Object.fromEntries(SITES.flatMap((s) => SITE_SPECIES[s].map((sp) => [sp, s])));
/** Formula units carry 1 A, 1 B and 3 X. */
const NOMINAL: Record<Site, number> = { A: 1, B: 1, X: 3 };
/** However coarsely amounts are written, a site may miss its total by at most 3 % and count as full. */
const MAX_ROUNDING = 0.03;
// Longest names first so "MA" is not read as "M" + "A" and "Cs" not as "C" + "s".
const SPECIES_BY_LENGTH = Object.keys(SITE_OF).sort((a, b) => b.length - a.length);

/** Amount of each species in one formula unit, as written. */
export type Amounts = Record<string, number>;

/** How a formula may be read. */
export interface FormulaOptions {
  /** Snap each site's fractions to the nearest eighths when every amount is an eighth rounded to two decimals (default false). */
  snapToEighths?: boolean;
  /** Scale amounts that do not fill a site (CsPbI2.9) so that they do, instead of an error (default false). */
  normalize?: boolean;
}

/** The declared formula options (defaults, rules, docs). */
export const FORMULA_PARAMS = declareParams<FormulaOptions>({
  snapToEighths: { default: false, rule: bool(), doc: "Snap fractions to the nearest eighth (the tutorial's grid) when every amount on a site is such a rounding; each change is reported." },
  normalize: { default: false, rule: bool(), doc: "Scale amounts that do not fill a site so that they do (reported), instead of an error." },
});

/** A formula that cannot be read; the message names the formula and the problem. */
export class FormulaError extends DataError {
  constructor(formula: string, why: string) {
    super(`formula "${formula}": ${why}`);
    this.name = "FormulaError";
  }
}

/** An amount and half a unit of its last written decimal (0 for whole numbers, which are exact). */
interface Written {
  n: number;
  rounding: number;
}

const NUMBER = /^_?(\d+(?:\.(\d*))?|\.(\d+))(?:[eE]([-+]?\d+))?/;

/** Reads a number (allowing a leading "_" as in "MAGeCl_3"); returns it and the new position. */
function readNumber(s: string, i: number, formula: string): [Written | undefined, number] {
  const m = NUMBER.exec(s.slice(i));
  if (!m) return [undefined, i];
  const n = Number(m[0].replace("_", ""));
  if (!Number.isFinite(n)) throw new FormulaError(formula, `the amount "${m[0]}" at position ${i + 1} is out of range`);
  const decimals = m[2] ?? m[3];
  const rounding = decimals === undefined ? 0 : 0.5 * 10 ** -(decimals.length - Number(m[4] ?? 0));
  return [{ n, rounding }, i + m[0].length];
}

/** Parses species and amounts (with how precisely each was written), groups and multipliers. */
function parseWritten(formula: string): Record<string, Written> {
  const s = formula.replace(/\s+/g, "");
  if (!s) throw new FormulaError(formula, "is empty");
  let i = 0;
  const group = (depth: number): Record<string, Written> => {
    const amounts: Record<string, Written> = {};
    const add = (sp: string, w: Written) => {
      const a = (amounts[sp] ??= { n: 0, rounding: 0 });
      a.n += w.n;
      a.rounding += w.rounding;
    };
    while (i < s.length) {
      const c = s[i];
      if (c === "_") {
        if (!/[A-Z(]/.test(s[i + 1] ?? "")) throw new FormulaError(formula, `"_" at position ${i + 1} must be followed by an amount or a species`);
        i++;
        continue;
      }
      if (c === "(") {
        i++;
        const inner = group(depth + 1);
        if (s[i] !== ")") throw new FormulaError(formula, `missing ")" at position ${i + 1}`);
        i++;
        const [mult, next] = readNumber(s, i, formula);
        i = next;
        const m = mult ?? { n: 1, rounding: 0 };
        for (const [sp, w] of Object.entries(inner)) add(sp, { n: w.n * m.n, rounding: w.rounding * m.n + w.n * m.rounding });
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
      const [w, next] = readNumber(s, i, formula);
      i = next;
      add(sp, w ?? { n: 1, rounding: 0 });
    }
    if (depth > 0) throw new FormulaError(formula, 'missing ")"');
    return amounts;
  };
  return group(0);
}

/** Parses species and amounts, with parenthesised groups and multipliers: "(FASnI3)0.6(MAPbI3)0.4". */
export function parseAmounts(formula: string): Amounts {
  return Object.fromEntries(Object.entries(parseWritten(formula)).map(([sp, w]) => [sp, w.n]));
}

/** The site fractions of a formula and what reading it changed (empty unless an option changed a value). */
export interface ReadFormula {
  /** The 14 site fractions, in COMPOSITION_DESCRIPTORS order. */
  fractions: number[];
  /** One sentence per change made by `normalize` or `snapToEighths`. */
  changes: string[];
}

function short(x: number): string {
  return String(+x.toPrecision(4));
}

/**
 * Reads a formula into its 14 site fractions. Each site's amounts are divided by their total,
 * which must be 1 (A), 1 (B) and 3 (X) within the rounding of the amounts as written; otherwise
 * a FormulaError, unless `normalize`. With `snapToEighths`, eighths rounded to two decimals
 * become exact eighths. Every change either option makes is listed in `changes`.
 */
export function readFormula(formula: string, options: FormulaOptions = {}): ReadFormula {
  return readFormulaWith(formula, resolveParams("readFormula", FORMULA_PARAMS, options));
}

/** readFormula with options already resolved (for loops over many formulas). */
export function readFormulaWith(formula: string, o: Resolved<FormulaOptions>): ReadFormula {
  if (typeof formula !== "string") throw new FormulaError(String(formula), `is not a formula but ${formula === null ? "null" : typeof formula}`);
  const written = parseWritten(formula);
  const totals: Record<Site, number> = { A: 0, B: 0, X: 0 };
  const rounding: Record<Site, number> = { A: 0, B: 0, X: 0 };
  for (const [sp, w] of Object.entries(written)) {
    totals[SITE_OF[sp]] += w.n;
    rounding[SITE_OF[sp]] += w.rounding;
  }
  const changes: string[] = [];
  for (const site of SITES) {
    const nominal = NOMINAL[site];
    if (totals[site] === 0) throw new FormulaError(formula, `no ${site}-site species (one of ${SITE_SPECIES[site].join(", ")})`);
    const slack = Math.min(rounding[site], MAX_ROUNDING * nominal) + 1e-9;
    if (Math.abs(totals[site] - nominal) > slack) {
      const sum = short(totals[site]);
      if (!o.normalize) {
        throw new FormulaError(formula, `${site}-site amounts add up to ${sum}, but an ABX3 formula unit has ${nominal} (to scale them to fill the site, ask to normalize)`);
      }
      changes.push(`${site}-site amounts add up to ${sum}, not ${nominal}: scaled to fill the site`);
    }
  }
  const fractions = COMPOSITION_DESCRIPTORS.map((sp) => (written[sp]?.n ?? 0) / totals[SITE_OF[sp]]);
  if (o.snapToEighths) for (const site of SITES) snapEighths(fractions, site, written, changes);
  return { fractions, changes };
}

/**
 * The 14 site fractions of a formula, in COMPOSITION_DESCRIPTORS order (see readFormula; any
 * change an option makes is not reported here: use readFormula to see them).
 */
export function siteFractions(formula: string, options: FormulaOptions = {}): number[] {
  return readFormula(formula, options).fractions;
}

/**
 * The tutorial's formulas write eighths rounded to two decimals (Ca0.12 for 1/8, Sn0.38 for 3/8).
 * When every amount on a site is such a rounding and the eighths add up to the site's total, the
 * exact eighths are used, so "K1Ca0.38Sr0.12..." gives 0.375 rather than 0.38/0.98. Each fraction
 * this changes is described in `changes`.
 */
function snapEighths(fractions: number[], site: Site, written: Record<string, Written>, changes: string[]): void {
  const species = (SITE_SPECIES[site] as readonly string[]).filter((sp) => written[sp] !== undefined && written[sp].n > 0);
  const eighths = species.map((sp) => Math.round((8 * written[sp].n) / NOMINAL[site]));
  const close = species.every((sp, k) => Math.abs(written[sp].n / NOMINAL[site] - eighths[k] / 8) <= 0.0051);
  if (!close || eighths.reduce((a, b) => a + b, 0) !== 8 || eighths.some((e) => e === 0)) return;
  const moved: string[] = [];
  species.forEach((sp, k) => {
    const j = COMPOSITION_DESCRIPTORS.indexOf(sp);
    if (Math.abs(fractions[j] - eighths[k] / 8) > 1e-12) moved.push(`${sp} ${short(fractions[j])} → ${eighths[k] / 8}`);
    fractions[j] = eighths[k] / 8;
  });
  if (moved.length) changes.push(`${site}-site fractions snapped to eighths: ${moved.join(", ")}`);
}
