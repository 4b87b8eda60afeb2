export * from "./columns";
