// Ionic radii for the tolerance and octahedral factors and for building idealized cells.
// Shannon's effective ionic radii (Acta Cryst. A32, 751 (1976)) for the inorganic ions — A site
// in 12-fold, B and X in 6-fold coordination — and Kieslich, Sun & Cheetham's effective radii for
// the molecular cations (Chem. Sci. 5, 4712 (2014)): MA⁺ 2.17 Å, FA⁺ 2.53 Å. Shannon gives no
// 6-fold Sn²⁺/Ge²⁺ radius; the values used widely in the perovskite literature are taken
// (Sn²⁺ 1.18 Å, Ge²⁺ 0.73 Å), so treat factors for Ge/Sn compounds as approximate.

/** Ionic radius in Å of each of the 14 species, on its own site. */
export const SHANNON_RADII: Readonly<Record<string, number>> = Object.freeze({
  K: 1.64,
  Rb: 1.72,
  Cs: 1.88,
  MA: 2.17,
  FA: 2.53,
  Ca: 1.0,
  Sr: 1.18,
  Ba: 1.35,
  Ge: 0.73,
  Sn: 1.18,
  Pb: 1.19,
  Cl: 1.81,
  Br: 1.96,
  I: 2.2,
});

/**
 * Atomic number used for each species in Coulomb matrices. The molecular cations are placed as
 * one pseudo-atom carrying the total nuclear charge of the molecule (CH₃NH₃⁺: 6 + 7 + 6 = 19,
 * CH(NH₂)₂⁺: 6 + 2·7 + 5 = 25) — a simplification: their atoms, orientation and hydrogen bonds
 * are not modelled.
 */
export const NUCLEAR_CHARGE: Readonly<Record<string, number>> = Object.freeze({
  K: 19,
  Rb: 37,
  Cs: 55,
  MA: 19,
  FA: 25,
  Ca: 20,
  Sr: 38,
  Ba: 56,
  Ge: 32,
  Sn: 50,
  Pb: 82,
  Cl: 17,
  Br: 35,
  I: 53,
});
