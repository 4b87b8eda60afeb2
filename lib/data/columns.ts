// Column names of the case-study tables: the 14 site fractions, the 36 elemental-property
// descriptors and the two DFT targets, in the order the tutorial's files use.

/** Species allowed on each site of ABX3. */
export const SITE_SPECIES = {
  A: ["K", "Rb", "Cs", "MA", "FA"],
  B: ["Ca", "Sr", "Ba", "Ge", "Sn", "Pb"],
  X: ["Cl", "Br", "I"],
} as const;

/** One of the three sites of ABX3. */
export type Site = keyof typeof SITE_SPECIES;
/** The sites in formula order. */
export const SITES: Site[] = ["A", "B", "X"];

/** The 14 composition descriptors: the fraction of each species on its site. */
export const COMPOSITION_DESCRIPTORS: string[] = [...SITE_SPECIES.A, ...SITE_SPECIES.B, ...SITE_SPECIES.X];

/** Suffixes of the 12 elemental properties, in file order, and the spreadsheet column each comes from. */
export const ELEMENTAL_PROPERTIES: { suffix: string; sheetColumn: string; meaning: string }[] = [
  { suffix: "ion_rad", sheetColumn: "Ion_rad", meaning: "ionic radius (Å)" },
  { suffix: "BP", sheetColumn: "BP", meaning: "boiling point (K)" },
  { suffix: "MP", sheetColumn: "MP", meaning: "melting point (K)" },
  { suffix: "dens", sheetColumn: "Density", meaning: "density (g/cm³)" },
  { suffix: "at_wt", sheetColumn: "At_wt", meaning: "atomic weight (u)" },
  { suffix: "EA", sheetColumn: "Elec_Aff", meaning: "electron affinity (kJ/mol)" },
  { suffix: "IE", sheetColumn: "Ion_Energy", meaning: "first ionization energy (kJ/mol)" },
  { suffix: "hof", sheetColumn: "Heat_fusion", meaning: "heat of fusion (kJ/mol)" },
  { suffix: "hov", sheetColumn: "Heat_vap", meaning: "heat of vaporization (kJ/mol)" },
  { suffix: "En", sheetColumn: "Electronegativity", meaning: "Pauling electronegativity" },
  { suffix: "at_num", sheetColumn: "At_num", meaning: "atomic number" },
  { suffix: "period", sheetColumn: "Period", meaning: "period in the periodic table" },
];

/** The 36 elemental-property descriptors: A_ion_rad ... X_period (site-averaged properties). */
export const ELEMENTAL_DESCRIPTORS: string[] = SITES.flatMap((s) => ELEMENTAL_PROPERTIES.map((p) => `${s}_${p.suffix}`));

/** All 50 descriptors: composition then elemental. */
export const ALL_DESCRIPTORS: string[] = [...COMPOSITION_DESCRIPTORS, ...ELEMENTAL_DESCRIPTORS];

/** The DFT targets in DFT_data.csv. */
export const TARGET_DECOMPOSITION = "Decomposition Energy"; // eV per formula unit; < 0 means stable
/** Band gap column, eV (the DFT functional is not stated in the file). */
export const TARGET_GAP = "Band Gap";
/** Both targets of DFT_data.csv. */
export const TARGETS = [TARGET_DECOMPOSITION, TARGET_GAP];

/** The descriptor sets the tutorial compares, by name. */
export const DESCRIPTOR_SETS: Record<"composition" | "elemental" | "all", string[]> = {
  composition: COMPOSITION_DESCRIPTORS,
  elemental: ELEMENTAL_DESCRIPTORS,
  all: ALL_DESCRIPTORS,
};
