// Hyperparameters declared once. Every estimator lists its options in one table:
//
//   static readonly paramSpec = declareParams<RidgeParams>({
//     alpha: { default: 1, rule: number({ min: 0 }), doc: "Strength of the L2 penalty." },
//     fitIntercept: { default: true, rule: bool(), doc: "Fit an intercept." },
//   });
//
// and validation (with the option's name and the offending value in the message), defaults,
// getParams / setParams, clone and the API docs all follow from that table. An unknown option
// name is an error that suggests the nearest valid one.
import { ParamError } from "./errors";

/** A check for one option's value, with the words that describe what it accepts. */
export interface Rule {
  /** True when `value` is acceptable. */
  test(value: unknown): boolean;
  /** What the option accepts, e.g. "an integer >= 1" (used in errors and docs). */
  readonly describe: string;
  /** For a rejected value, an optional hint on what to write instead (appended to the error). */
  explain?(value: unknown): string | undefined;
}

/** One option of an estimator: its default, the rule its values must follow, and one line of docs. */
export interface ParamDecl<T> {
  default: T;
  rule: Rule;
  doc: string;
}

/**
 * An option without a default (e.g. the model inside a pipeline): leaving it out is an error
 * that quotes its doc line.
 */
export interface RequiredDecl {
  required: true;
  rule: Rule;
  doc: string;
}

/** The full table of an estimator's options. */
export type ParamSpec<P> = { readonly [K in keyof P]-?: ParamDecl<Exclude<P[K], undefined>> | RequiredDecl };

/** True for an option declared without a default. */
function isRequired(decl: ParamDecl<unknown> | RequiredDecl): decl is RequiredDecl {
  return "required" in decl && decl.required === true;
}

/** The options after defaults are filled in: every key present, none undefined. */
export type Resolved<P> = { readonly [K in keyof P]-?: Exclude<P[K], undefined> };

/** Identity helper that type-checks a parameter table against the options interface. */
export function declareParams<P>(spec: ParamSpec<P>): ParamSpec<P> {
  for (const [name, decl] of Object.entries(spec) as [string, ParamDecl<unknown> | RequiredDecl][]) {
    if (!isRequired(decl) && !decl.rule.test(decl.default)) throw new Error(`declareParams: the default of "${name}" (${showValue(decl.default)}) breaks its own rule (${decl.rule.describe})`);
  }
  return Object.freeze(spec);
}

/** Short printable form of a value for error messages. */
export function showValue(value: unknown): string {
  if (typeof value === "function") return value.name ? `function ${value.name}` : "a function";
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null && "constructor" in value && value.constructor !== Object && value.constructor !== Array) {
    return String(value.constructor.name || "object");
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? s.slice(0, 57) + "..." : s;
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Rules

interface NumberRange {
  min?: number;
  max?: number;
  /** Exclude the bounds themselves. */
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

function rangeWords(r: NumberRange): string {
  const lo = r.min === undefined ? "" : `${r.minExclusive ? ">" : ">="} ${r.min}`;
  const hi = r.max === undefined ? "" : `${r.maxExclusive ? "<" : "<="} ${r.max}`;
  if (lo && hi) {
    const open = r.minExclusive ? "(" : "[";
    const close = r.maxExclusive ? ")" : "]";
    return `in ${open}${r.min}, ${r.max}${close}`;
  }
  return lo || hi;
}

function inRange(v: number, r: NumberRange): boolean {
  if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) return false;
  if (r.max !== undefined && (r.maxExclusive ? !(v < r.max) : !(v <= r.max))) return false;
  return true;
}

/** A finite number, optionally within a range. */
export function number(range: NumberRange = {}): Rule {
  const words = rangeWords(range);
  return { test: (v) => typeof v === "number" && Number.isFinite(v) && inRange(v, range), describe: `a finite number${words ? " " + words : ""}` };
}

/** An integer, optionally within a range. */
export function int(range: NumberRange = {}): Rule {
  const words = rangeWords(range);
  return { test: (v) => typeof v === "number" && Number.isInteger(v) && inRange(v, range), describe: `an integer${words ? " " + words : ""}` };
}

/** true or false. */
export function bool(): Rule {
  return { test: (v) => typeof v === "boolean", describe: "true or false" };
}

/** Any string. */
export function string(): Rule {
  return { test: (v) => typeof v === "string", describe: "a string" };
}

/** One of a fixed list of values (compared with ===). */
export function oneOf<T extends string | number | boolean | null>(...values: T[]): Rule {
  return { test: (v) => values.includes(v as T), describe: values.length === 1 ? showValue(values[0]) : `one of ${values.map(showValue).join(", ")}` };
}

/** A value accepted by any of the given rules. */
export function anyOf(...rules: Rule[]): Rule {
  return {
    test: (v) => rules.some((r) => r.test(v)),
    describe: rules.map((r) => r.describe).join(", or "),
    explain: (v) => rules.map((r) => r.explain?.(v)).find((hint) => hint !== undefined),
  };
}

/** null, or a value accepted by `rule`. */
export function nullable(rule: Rule): Rule {
  return anyOf(oneOf(null), rule);
}

/** An array whose every item follows `item` (and, if given, of a fixed length). */
export function arrayOf(item: Rule, length?: number): Rule {
  const n = length === undefined ? "" : ` of ${length}`;
  return {
    test: (v) => Array.isArray(v) && (length === undefined || v.length === length) && v.every((x) => item.test(x)),
    describe: `an array${n} of ${item.describe.replace(/^an? /, "")}s`,
  };
}

/**
 * A fraction written explicitly as `{ fraction: f }` with 0 < f <= 1, so that a share of the
 * features or components can never be confused with a count (in JavaScript 1.0 === 1).
 */
export function fraction(): Rule {
  return {
    test: (v) => typeof v === "object" && v !== null && Object.keys(v).length === 1 && "fraction" in v && typeof (v as { fraction: unknown }).fraction === "number" && (v as { fraction: number }).fraction > 0 && (v as { fraction: number }).fraction <= 1,
    describe: "{ fraction: f } with 0 < f <= 1",
  };
}

/** An instance of the given class. */
export function instanceOf(Ctor: abstract new (...args: never[]) => unknown, describe?: string): Rule {
  return { test: (v) => v instanceof Ctor, describe: describe ?? `a ${Ctor.name}` };
}

/** A function. */
export function func(): Rule {
  return { test: (v) => typeof v === "function", describe: "a function" };
}

/** Anything that passes `test` (for options whose rule is easiest to write by hand). */
export function custom(test: (v: unknown) => boolean, describe: string): Rule {
  return { test, describe };
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The valid name closest to `name` (case and underscores ignored), if any is close enough. */
export function nearestName(name: string, valid: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  let best: string | undefined;
  let bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(norm(name), norm(v));
    if (d < bestD) {
      bestD = d;
      best = v;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Throws for option names the table does not declare, suggesting the nearest valid one. */
export function checkNames(owner: string, spec: ParamSpec<object>, names: readonly string[]): void {
  rejectUnknown(owner, Object.keys(spec), names);
}

function rejectUnknown(owner: string, valid: readonly string[], names: readonly string[]): void {
  for (const name of names) {
    if (valid.includes(name)) continue;
    const near = nearestName(name, valid);
    const hint = near ? `; did you mean "${near}"?` : `; valid options: ${valid.join(", ") || "(none)"}`;
    throw new ParamError(`${owner}: unknown option "${name}"${hint}`);
  }
}

/**
 * The option names of an options interface, listed once and checked by the compiler against it
 * (every name present, none extra): `optionNames<KFoldOptions>({ k: true, shuffle: true, seed: true })`.
 */
export function optionNames<T>(names: { [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/**
 * For functions that read their options by hand: `given` must be undefined or a plain object
 * whose names are all in `valid`; anything else is a ParamError naming the option (and the
 * nearest valid name, for a misspelling).
 */
export function checkOptionNames(owner: string, given: unknown, valid: readonly string[]): void {
  if (given === undefined) return;
  if (typeof given !== "object" || given === null || Array.isArray(given)) throw new ParamError(`${owner}: options must be an object like { name: value }, got ${showValue(given)}`);
  rejectUnknown(owner, valid, Object.keys(given));
}

/** Checks one value against its declaration. */
export function checkValue(owner: string, name: string, decl: { rule: Rule }, value: unknown): void {
  if (decl.rule.test(value)) return;
  const hint = decl.rule.explain?.(value);
  throw new ParamError(`${owner}: ${name} must be ${decl.rule.describe}, got ${showValue(value)}${hint ? `; ${hint}` : ""}`);
}

/**
 * Fills in defaults and validates `given` against `spec`: unknown names, wrong types and values
 * out of range are ParamErrors naming the option and the value. `undefined` means "the default".
 */
export function resolveParams<P>(owner: string, spec: ParamSpec<P>, given: Partial<P> | undefined): Resolved<P> {
  checkOptionNames(owner, given, Object.keys(spec));
  const input = (given ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(spec) as [string, ParamDecl<unknown> | RequiredDecl][]) {
    let value = input[name];
    if (value === undefined) {
      if (isRequired(decl)) throw new ParamError(`${owner}: option "${name}" is required (${decl.doc})`);
      // Array defaults are copied, so that changing one estimator's array never changes the default.
      value = Array.isArray(decl.default) ? [...decl.default] : decl.default;
    }
    checkValue(owner, name, decl, value);
    out[name] = value;
  }
  return Object.freeze(out) as Resolved<P>;
}

/** One line per option (name, what it accepts, default, doc) — for docs and help text. */
export function describeParams(spec: ParamSpec<object>): { name: string; accepts: string; default: string; doc: string }[] {
  return (Object.entries(spec) as [string, ParamDecl<unknown> | RequiredDecl][]).map(([name, d]) => ({ name, accepts: d.rule.describe, default: isRequired(d) ? "(required)" : showValue(d.default), doc: d.doc }));
}
