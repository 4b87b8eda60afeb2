export * from "./pca";
export * from "./mds";
export * from "./tsne";
