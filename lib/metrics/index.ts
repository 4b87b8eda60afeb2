export * from "./regression";
export * from "./classification";
