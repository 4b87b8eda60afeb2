// The matml library: everything a notebook needs, importable from one place:
//   import { loadDFT, RandomForestRegressor, parityPlot, show } from "../dist/lib";
export * from "./core";
export * from "./paths";
export * from "./report";
export * from "./data";
export * from "./preprocessing";
export * from "./metrics";
export * from "./models";
export * from "./decomposition";
export * from "./gp";
export * from "./active";
export * from "./nn";
export * from "./plot";
export * from "./structure";
export * from "./check";
export * from "./design";
