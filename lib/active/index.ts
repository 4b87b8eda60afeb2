// Active learning: acquisition functions, query strategies and a discovery-campaign runner.
export * from "./acquisition";
export * from "./strategies";
export * from "./campaign";
