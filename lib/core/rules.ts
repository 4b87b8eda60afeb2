// The rules an option's value can follow, for parameter tables (see params.ts).
export { number, int, bool, string, oneOf, anyOf, nullable, arrayOf, fraction, instanceOf, func, custom } from "./params";
