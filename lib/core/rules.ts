// The rules an option's value can follow, gathered in one object for parameter tables.
import { anyOf, arrayOf, bool, custom, fraction, func, instanceOf, int, nullable, number, oneOf, string } from "./params";
export { anyOf, arrayOf, bool, custom, fraction, func, instanceOf, int, nullable, number, oneOf, string };

/** The rules an option value can follow in a paramSpec: `rules.number({ min: 0 })`, `rules.int()`, `rules.oneOf("a", "b")`, … */
export const rules = { number, int, bool, string, oneOf, anyOf, nullable, arrayOf, fraction, instanceOf, func, custom };
