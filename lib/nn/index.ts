export * from "./backend";
export * from "./images";
export * from "./lattice-images";
export * from "./idx";
export * from "./live";
export * from "./network";
export * from "./dense";
export * from "./cnn";
