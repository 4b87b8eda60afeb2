// From a perovskite formula to descriptors, in the style of matminer: the featurizer knows its
// feature labels and citations and turns formulas (or a DataFrame of them) into descriptor columns.
//
//   "MA1Ca0.125Sn0.75Pb0.125I3" → site fractions A: MA 1 | B: Ca .125, Sn .75, Pb .125 | X: I 1
//   → 14 composition descriptors (fraction of each species on its site)
//   → 36 elemental descriptors: for each site s and property p, Σ_i f_i · p(species_i),
//     the fraction-weighted average of the property over the species on that site.
//
// How formulas are read (styles, full sites, the snapToEighths and normalize options) is
// formula.ts. Nothing is changed silently: whatever an option changes is reported.
import { DataFrame } from "danfojs-node";
import { DataError, warnOnce } from "../core/errors";
import { FrameLike, isFrameLike } from "../core/input";
import { declareParams, resolveParams, Resolved } from "../core/params";
import { bool, string } from "../core/rules";
import { COMPOSITION_DESCRIPTORS, ELEMENTAL_DESCRIPTORS, ELEMENTAL_PROPERTIES, SITES, SITE_SPECIES } from "./columns";
import { checkUniqueColumns } from "./csv";
import { loadElementalProperties } from "./elements";
import type { DataOptions } from "./files";
import { FORMULA_PARAMS, FormulaOptions, readFormulaWith } from "./formula";

/** Options of featurizeDataFrame: the formula options plus where the formulas are and what may be replaced. */
export interface FeaturizeFrameOptions extends FormulaOptions {
  /** Column holding the formulas (default "Formula"). */
  formulaColumn?: string;
  /** Replace feature columns the frame already has (default false: that is an error). */
  overwrite?: boolean;
}

const FRAME_PARAMS = declareParams<FeaturizeFrameOptions>({
  ...FORMULA_PARAMS,
  formulaColumn: { default: "Formula", rule: string(), doc: "Column holding the formulas." },
  overwrite: { default: false, rule: bool(), doc: "Replace feature columns the frame already has instead of raising an error." },
});

/** Something said about one formula of a batch: why it failed, or what an option changed. */
export interface RowNote {
  /** Position of the formula in the batch (0-based). */
  index: number;
  /** The formula cell as given. */
  formula: string;
  message: string;
}

/** The result of featurizing many formulas. */
export interface FeaturizedBatch {
  /** 50 features per formula; null where the formula could not be read. */
  rows: (number[] | null)[];
  /** Formulas that could not be read. */
  errors: RowNote[];
  /** Formulas whose composition an option (normalize, snapToEighths) changed. */
  changes: RowNote[];
}

/** Element → property values (ELEMENTAL_PROPERTIES order), as read from Elemental_properties.xlsx. */
export type PropertyTable = Record<string, number[]>;

/** The text of a formula cell; an empty, null or NaN cell is an error (a formula cannot be guessed). */
export function formulaText(cell: unknown): string {
  if (cell === null || cell === undefined || (typeof cell === "number" && Number.isNaN(cell))) {
    throw new DataError(`the formula cell is empty (${cell === undefined ? "undefined" : String(cell)})`);
  }
  if (typeof cell !== "string") throw new DataError(`the formula cell holds ${typeof cell} ${JSON.stringify(cell)}, not a formula`);
  if (cell.trim() === "") throw new DataError("the formula cell is empty");
  if (/^\s*(nan|null|none|n\/a)\s*$/i.test(cell)) throw new DataError(`the formula cell is empty ("${cell.trim()}")`);
  return cell;
}

/** Formula → 14 site fractions + 36 elemental descriptors, from a table of elemental properties (matminer-style). */
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
      if (m < 0 || idx.some((j) => j < 0)) throw new DataError("PerovskiteFeaturizer: the property table needs column M and the 12 property columns");
      for (const row of properties.values as unknown[][]) table[String(row[m])] = idx.map((j) => Number(row[j]));
    } else Object.assign(table, properties);
    for (const sp of COMPOSITION_DESCRIPTORS) {
      const values = table[sp];
      if (!values) throw new DataError(`PerovskiteFeaturizer: Elemental_properties has no row for ${sp}`);
      if (values.length !== ELEMENTAL_PROPERTIES.length) throw new DataError(`PerovskiteFeaturizer: ${sp} has ${values.length} properties, expected ${ELEMENTAL_PROPERTIES.length}`);
      values.forEach((v, k) => {
        if (!Number.isFinite(v)) throw new DataError(`PerovskiteFeaturizer: ${ELEMENTAL_PROPERTIES[k].sheetColumn} of ${sp} is missing`);
      });
    }
    this.table = table;
  }

  /** A featurizer built from the tutorial's Elemental_properties.xlsx (found like every dataset). */
  static async load(options: DataOptions = {}): Promise<PerovskiteFeaturizer> {
    return new PerovskiteFeaturizer(await loadElementalProperties(options));
  }

  /** Names of the 50 features featurize() returns: 14 site fractions, then 36 elemental descriptors. */
  featureLabels(): string[] {
    return [...COMPOSITION_DESCRIPTORS, ...ELEMENTAL_DESCRIPTORS];
  }

  /** What to cite when using these features (BibTeX, as matminer's featurizers give). */
  citations(): string[] {
    return [
      "@misc{mannodi_imrc2025_tutorial, author = {Mannodi-Kanakkithodi, Arun}, title = {Machine Learning in Materials Science: From Basic Concepts to Active Learning (IMRC 2025 tutorial; data and notebook)}, year = {2025}, howpublished = {\\url{https://github.com/mannodiarun/IMRC-2025-ML-Tutorial}}}",
      "@article{mannodi2023workshops, author = {Mannodi-Kanakkithodi, Arun and McDannald, Austin and Sun, Shijing and Desai, Saaketh and Brown, Keith A. and Kusne, A. Gilad}, title = {A framework for materials informatics education through workshops}, journal = {MRS Bulletin}, year = {2023}, doi = {10.1557/s43577-023-00531-6}}",
    ];
  }

  /** The 36 elemental descriptors from the 14 site fractions (COMPOSITION_DESCRIPTORS order). */
  descriptorsFromFractions(fractions: readonly number[]): number[] {
    if (fractions.length !== COMPOSITION_DESCRIPTORS.length) {
      throw new DataError(`descriptorsFromFractions: expected ${COMPOSITION_DESCRIPTORS.length} site fractions, got ${fractions.length}`);
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
    if (out.some((v) => !Number.isFinite(v))) {
      const bad = fractions.findIndex((f) => !Number.isFinite(f));
      throw new DataError(`descriptorsFromFractions: site fraction ${COMPOSITION_DESCRIPTORS[bad]} is ${fractions[bad]}, not a finite number`);
    }
    return out;
  }

  /** The 50 features of one formula cell with options already resolved, and what the options changed. */
  private featuresOf(cell: unknown, o: Resolved<FormulaOptions>): { features: number[]; changes: string[] } {
    const text = formulaText(cell);
    const { fractions, changes } = readFormulaWith(text, o);
    return { features: [...fractions, ...this.descriptorsFromFractions(fractions)], changes };
  }

  /**
   * The 50 features of one formula and what `normalize` / `snapToEighths` changed (empty when
   * nothing). Throws a DataError naming the formula when it cannot be read.
   */
  featurizeDetailed(formula: string, options: FormulaOptions = {}): { features: number[]; changes: string[] } {
    return this.featuresOf(formula, resolveParams("featurize", FORMULA_PARAMS, options));
  }

  /** All 50 features of one formula; a change made by an option is printed as a warning. */
  featurize(formula: string, options: FormulaOptions = {}): number[] {
    const { features, changes } = this.featurizeDetailed(formula, options);
    for (const c of changes) warnOnce(`featurize: formula "${formula}": ${c}`);
    return features;
  }

  /** Featurizes many formula cells; a bad one gives an error entry (with its index) and a null row. */
  featurizeMany(formulas: readonly unknown[], options: FormulaOptions = {}): FeaturizedBatch {
    const o = resolveParams("featurizeMany", FORMULA_PARAMS, options);
    const errors: RowNote[] = [];
    const changes: RowNote[] = [];
    const rows = formulas.map((cell, index) => {
      try {
        const r = this.featuresOf(cell, o);
        for (const message of r.changes) changes.push({ index, formula: String(cell), message });
        return r.features;
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        errors.push({ index, formula: String(cell), message: e.message });
        return null;
      }
    });
    return { rows, errors, changes };
  }

  /**
   * matminer's featurize_dataframe: a DataFrame with a formula column in, the same frame (same
   * rows, index and columns) with the 50 feature columns appended out. A formula that cannot be
   * read, an empty cell, a second formula column or feature columns already present (unless
   * `overwrite`) are errors naming the row or column; changes made by `normalize` or
   * `snapToEighths` are reported in one warning (featurizeMany lists them all).
   */
  featurizeDataFrame(df: DataFrame | FrameLike, options: FeaturizeFrameOptions | string = {}): DataFrame {
    const who = "featurizeDataFrame";
    const o = resolveParams(who, FRAME_PARAMS, typeof options === "string" ? { formulaColumn: options } : options);
    if (!isFrameLike(df)) throw new DataError(`${who}: expected a DataFrame with a "${o.formulaColumn}" column`);
    const columns = df.columns.map(String);
    checkUniqueColumns(columns, who);
    const j = columns.indexOf(o.formulaColumn);
    if (j < 0) throw new DataError(`${who}: no "${o.formulaColumn}" column (columns are: ${columns.slice(0, 12).join(", ")}${columns.length > 12 ? ", ..." : ""})`);
    const twin = columns.find((c, k) => k !== j && c.trim().toLowerCase() === o.formulaColumn.trim().toLowerCase());
    if (twin !== undefined) throw new DataError(`${who}: two formula columns, "${o.formulaColumn}" and "${twin}"; keep one`);
    const labels = this.featureLabels();
    const present = labels.filter((c) => columns.includes(c));
    if (present.length && !o.overwrite) {
      throw new DataError(`${who}: the frame already has feature column(s) ${present.slice(0, 8).join(", ")}${present.length > 8 ? ", ..." : ""}; pass overwrite: true to replace them`);
    }
    const values = df.values as unknown[][];
    const { rows, errors, changes } = this.featurizeMany(
      values.map((r) => r[j]),
      { snapToEighths: o.snapToEighths, normalize: o.normalize },
    );
    const index = df.index;
    const rowName = (i: number) => (index && index[i] !== i ? `row ${i} (index ${String(index[i])})` : `row ${i}`);
    if (errors.length) {
      const shown = errors.slice(0, 3).map((e) => `${rowName(e.index)}: ${e.message}`);
      throw new DataError(`${who}: ${errors.length} formula(s) could not be featurized: ${shown.join("; ")}${errors.length > 3 ? "; ..." : ""}`);
    }
    if (changes.length) {
      const shown = changes.slice(0, 3).map((c) => `${rowName(c.index)} "${c.formula}": ${c.message}`);
      warnOnce(`${who}: ${changes.length} change(s) to compositions: ${shown.join("; ")}${changes.length > 3 ? "; ... (featurizeMany lists them all)" : ""}`);
    }
    return withColumns(df, labels, rows as number[][]);
  }

  /** Replaces the 36 elemental descriptors of a DataFrame by values computed from its 14 site-fraction columns. */
  recomputeDescriptors(df: DataFrame): DataFrame {
    const idx = COMPOSITION_DESCRIPTORS.map((c) => df.columns.indexOf(c));
    if (idx.some((j) => j < 0)) throw new DataError("recomputeDescriptors: the DataFrame needs the 14 site-fraction columns");
    const rows = (df.values as number[][]).map((r) => this.descriptorsFromFractions(idx.map((j) => r[j])));
    return withColumns(df, ELEMENTAL_DESCRIPTORS, rows);
  }
}

/** A copy of df with `columns` set from `rows` (replacing same-named columns in place, else appending); the index is kept. */
function withColumns(df: DataFrame | FrameLike, columns: string[], rows: number[][]): DataFrame {
  const own = df.columns.map(String);
  const order = own.concat(columns.filter((c) => !own.includes(c)));
  const source = order.map((c) => (columns.includes(c) ? { from: "new" as const, j: columns.indexOf(c) } : { from: "old" as const, j: own.indexOf(c) }));
  const values = (df.values as unknown[][]).map((r, i) => source.map((s) => (s.from === "new" ? rows[i][s.j] : r[s.j])));
  const index = df.index as (string | number)[] | undefined;
  return new DataFrame(values, index ? { columns: order, index } : { columns: order });
}

