// Level-3 descriptors for the case study: from each alloy's site fractions, an idealized,
// seeded 2×2×2 supercell and numbers that describe it — the tolerance and octahedral factors,
// the pseudo-cubic lattice parameter, the leading Coulomb-matrix eigenvalues and a coarse RDF.
import { DataFrame } from "danfojs-node";
import { DataError } from "../core/errors";
import { FrameLike, isFrameLike } from "../core/input";
import { SiteFractions, octahedralFactor, perovskiteCell, pseudoCubicA, toleranceFactor } from "./cell";
import { coulombEigenvalues, radialDistribution } from "./descriptors";

/** Options of StructureFeaturizer: Coulomb eigenvalues kept, RDF bins and range, supercell seed. */
export interface StructureFeaturizerOptions {
  /** Coulomb-matrix eigenvalues kept (default 8). */
  nEigenvalues?: number;
  /** RDF bins between 2 and rMax Å (default 12 bins up to 8 Å). */
  rdfBins?: number;
  rMax?: number;
  /** Seed of the supercells' random occupancy (default 0). */
  seed?: number;
}

const SPECIES_BY_SITE = {
  A: ["K", "Rb", "Cs", "MA", "FA"],
  B: ["Ca", "Sr", "Ba", "Ge", "Sn", "Pb"],
  X: ["Cl", "Br", "I"],
} as const;

/** The 14 composition columns, K … I (the case study's order). */
const COMPOSITION_COLUMNS: string[] = [...SPECIES_BY_SITE.A, ...SPECIES_BY_SITE.B, ...SPECIES_BY_SITE.X];

/** Site fractions from a row of the 14 composition columns (K … I, the case study's order). */
export function fractionsFromComposition(values: readonly number[]): SiteFractions {
  if (values.length !== 14) throw new DataError(`fractionsFromComposition: expected the 14 composition values K…I, got ${values.length}`);
  let k = 0;
  const site = (names: readonly string[]) => Object.fromEntries(names.map((sp) => [sp, values[k++]]).filter(([, x]) => (x as number) > 0));
  return { A: site(SPECIES_BY_SITE.A), B: site(SPECIES_BY_SITE.B), X: site(SPECIES_BY_SITE.X) };
}

/** Turns site fractions into structure descriptors; knows its feature labels (matminer-style). */
export class StructureFeaturizer {
  readonly nEigenvalues: number;
  readonly rdfBins: number;
  readonly rMax: number;
  readonly seed: number;

  constructor(options: StructureFeaturizerOptions = {}) {
    const { nEigenvalues = 8, rdfBins = 12, rMax = 8, seed = 0 } = options;
    if (!Number.isInteger(nEigenvalues) || nEigenvalues < 1) throw new DataError(`StructureFeaturizer: nEigenvalues must be an integer >= 1, got ${nEigenvalues}`);
    if (!Number.isInteger(rdfBins) || rdfBins < 1) throw new DataError(`StructureFeaturizer: rdfBins must be an integer >= 1, got ${rdfBins}`);
    if (!(rMax > 2)) throw new DataError(`StructureFeaturizer: rMax must be > 2 Å, got ${rMax}`);
    this.nEigenvalues = nEigenvalues;
    this.rdfBins = rdfBins;
    this.rMax = rMax;
    this.seed = seed;
  }

  /** Names of the descriptors, in output order. */
  featureLabels(): string[] {
    const width = (this.rMax - 2) / this.rdfBins;
    return [
      "tolerance_factor",
      "octahedral_factor",
      "lattice_a",
      ...Array.from({ length: this.nEigenvalues }, (_, k) => `coulomb_eig_${k + 1}`),
      ...Array.from({ length: this.rdfBins }, (_, k) => `rdf_${(2 + k * width).toFixed(1)}_${(2 + (k + 1) * width).toFixed(1)}`),
    ];
  }

  /** The descriptors of one composition. */
  featurize(f: SiteFractions): number[] {
    const cell = perovskiteCell(f, { size: [2, 2, 2], seed: this.seed });
    const width = (this.rMax - 2) / this.rdfBins;
    // g(r) on a fine grid, averaged over each coarse bin from 2 Å on (nothing is closer).
    const fine = radialDistribution(cell, { rMax: this.rMax, binWidth: 0.05 });
    const rdf = Array.from({ length: this.rdfBins }, (_, k) => {
      const lo = 2 + k * width;
      const hi = lo + width;
      const g = fine.g.filter((_, i) => fine.r[i] >= lo && fine.r[i] < hi);
      return g.reduce((s, v) => s + v, 0) / Math.max(1, g.length);
    });
    return [toleranceFactor(f), octahedralFactor(f), pseudoCubicA(f), ...coulombEigenvalues(cell, this.nEigenvalues), ...rdf];
  }

  /** Descriptors for many rows of the 14 composition columns. */
  featurizeMany(compositions: readonly (readonly number[])[]): number[][] {
    return compositions.map((row) => this.featurize(fractionsFromComposition(row)));
  }

  /**
   * A copy of the DataFrame with the structure descriptors appended as columns (matminer's
   * featurize_dataframe), read from its 14 composition columns (K … I); the index is kept.
   */
  featurizeDataFrame(df: DataFrame | FrameLike): DataFrame {
    const who = "StructureFeaturizer.featurizeDataFrame";
    if (!isFrameLike(df)) throw new DataError(`${who}: expected a DataFrame with the 14 composition columns (${COMPOSITION_COLUMNS.join(", ")})`);
    const columns = df.columns.map(String);
    const missing = COMPOSITION_COLUMNS.filter((c) => !columns.includes(c));
    if (missing.length) throw new DataError(`${who}: the DataFrame has no composition column(s) ${missing.join(", ")}`);
    const labels = this.featureLabels();
    const present = labels.filter((c) => columns.includes(c));
    if (present.length) throw new DataError(`${who}: the DataFrame already has structure column(s) ${present.slice(0, 5).join(", ")}`);
    const idx = COMPOSITION_COLUMNS.map((c) => columns.indexOf(c));
    const rows = df.values as unknown[][];
    const values = rows.map((r, i) => {
      const fractions = idx.map((j) => r[j]);
      if (!fractions.every((v) => typeof v === "number" && Number.isFinite(v))) throw new DataError(`${who}: row ${i} has a composition value that is not a finite number`);
      return [...r, ...this.featurize(fractionsFromComposition(fractions as number[]))];
    });
    const index = df.index as (string | number)[] | undefined;
    return new DataFrame(values, index ? { columns: [...columns, ...labels], index } : { columns: [...columns, ...labels] });
  }

  /** Where the definitions come from. */
  citations(): string[] {
    return [
      "V. M. Goldschmidt, Naturwissenschaften 14, 477 (1926): tolerance factor",
      "R. D. Shannon, Acta Cryst. A32, 751 (1976): ionic radii",
      "G. Kieslich, S. Sun, A. K. Cheetham, Chem. Sci. 5, 4712 (2014): radii of molecular cations",
      "M. Rupp, A. Tkatchenko, K.-R. Müller, O. A. von Lilienfeld, Phys. Rev. Lett. 108, 058301 (2012): Coulomb matrix",
    ];
  }
}
