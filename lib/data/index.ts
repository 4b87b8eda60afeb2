// The case study's data: column names, loaders (found locally, in the cache, or downloaded and
// verified against pinned checksums), the formula featurizer, candidate enumeration, and small
// DataFrame bridges. CSV parsing, pins, verification and downloading are internal.
export { SITE_SPECIES, SITES, COMPOSITION_DESCRIPTORS, ELEMENTAL_PROPERTIES, ELEMENTAL_DESCRIPTORS, ALL_DESCRIPTORS, TARGET_DECOMPOSITION, TARGET_GAP, TARGETS, DESCRIPTOR_SETS } from "./columns";
export type { Site } from "./columns";
export { DATASETS } from "./pins";
export type { DatasetName } from "./pins";
export { loadDFT, loadOutside } from "./datasets";
export type { OutsideOptions } from "./datasets";
export { TUTORIAL_REPOSITORY, defaultCacheDir, locateDataset, describeDatasets } from "./files";
export type { DataOptions, DatasetStatus } from "./files";
export { loadElementalProperties } from "./elements";
export { parseAmounts, siteFractions, FormulaError } from "./formula";
export type { Amounts, FormulaOptions } from "./formula";
export { PerovskiteFeaturizer } from "./featurizer";
export type { FeaturizeFrameOptions, RowNote, FeaturizedBatch, PropertyTable } from "./featurizer";
export { matrixOf, columnOf, rowsOf, frameFromRecords, concatFrames, recordsOf } from "./frame";
export { countCandidates, formulaFromFractions, iterateCandidates, enumerateCandidates } from "./candidates";
export type { CandidateOptions } from "./candidates";
export { writeBundle, readBundle, unpackBundle } from "./bundle";
