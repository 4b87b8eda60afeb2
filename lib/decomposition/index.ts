// Maps of high-dimensional descriptors: PCA, metric MDS and t-SNE, and trustworthiness to judge them.
export { PCA } from "./pca";
export type { PCAComponents, PCAParams } from "./pca";
export { MDS } from "./mds";
export type { MDSParams } from "./mds";
export { TSNE, trustworthiness } from "./tsne";
export type { TSNEParams } from "./tsne";
export * from "./svd";
