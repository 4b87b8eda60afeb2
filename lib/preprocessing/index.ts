export * from "./split";
export * from "./scalers";
export * from "./select";
