export * from "./pca";
export * from "./mds";
export * from "./tsne";
export * from "./svd";
