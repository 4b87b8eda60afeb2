export * from "./columns";
export * from "./csv";
export * from "./download";
export * from "./datasets";
export * from "./featurizer";
export * from "./frame";
export * from "./candidates";
export * from "./bundle";
