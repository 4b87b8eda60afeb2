// Level-3 (structure) descriptors: idealized ABX3 cells from ionic radii, tolerance and
// octahedral factors, Coulomb matrices, radial distribution functions, CIF/POSCAR export, 3-D view.
export { SHANNON_RADII, NUCLEAR_CHARGE } from "./radii";
export { toleranceFactor, octahedralFactor, pseudoCubicA, siteRadius, siteCounts, perovskiteCell, formulaOf, cartesian } from "./cell";
export type { SiteFractions, Site3D, Cell, CellOptions } from "./cell";
export { coulombMatrix, coulombEigenvalues, radialDistribution, toCif, toPoscar } from "./descriptors";
export type { Rdf, RdfOptions } from "./descriptors";
export { StructureFeaturizer, fractionsFromComposition } from "./featurizer";
export type { StructureFeaturizerOptions } from "./featurizer";
export { cellPlot } from "./view";
