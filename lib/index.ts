// The matml library: everything a notebook needs, importable from one place.
export * from "./random";
export * from "./paths";
export * from "./report";
export * from "./models/base";
