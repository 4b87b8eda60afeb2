// Estimator classes by name, so that an estimator can be rebuilt from plain data: in a worker
// thread (grid search sends class name + options) or from a saved model file. Every estimator
// module registers its classes once, right after defining them.
import type { BaseEstimator, EstimatorClass } from "./estimator";

/** Any estimator class (its options type does not matter here). */
export type AnyEstimatorClass = (new (params?: never) => BaseEstimator<object>) & { readonly paramSpec: object; readonly name: string };

const classes = new Map<string, EstimatorClass<object>>();

/** Makes a class known by its name (its `name` property). Registering twice is harmless. */
export function registerEstimator(...ctors: AnyEstimatorClass[]): void {
  for (const ctor of ctors) {
    const existing = classes.get(ctor.name);
    if (existing && existing !== (ctor as unknown)) throw new Error(`registerEstimator: two different classes are named ${ctor.name}`);
    classes.set(ctor.name, ctor as unknown as EstimatorClass<object>);
  }
}

/** The registered class called `name`, or an error listing the known ones. */
export function estimatorClass(name: string): EstimatorClass<object> {
  const ctor = classes.get(name);
  if (!ctor) throw new Error(`unknown estimator class "${name}"; known: ${[...classes.keys()].sort().join(", ") || "(none: import the library first)"}`);
  return ctor;
}

/** Names of every registered estimator class. */
export function registeredEstimators(): string[] {
  return [...classes.keys()].sort();
}

/** A value that knows how to turn itself into plain data and back (GP kernels, for example). */
export interface Codec<T> {
  /** True for the values this codec handles. */
  test(value: unknown): value is T;
  encode(value: T): unknown;
  decode(data: unknown): T;
}

const codecs = new Map<string, Codec<unknown>>();

/** Registers how values of one kind (e.g. "Kernel") are saved and restored. */
export function registerCodec<T>(name: string, codec: Codec<T>): void {
  codecs.set(name, codec as Codec<unknown>);
}

/** The registered codecs, by name. */
export function allCodecs(): ReadonlyMap<string, Codec<unknown>> {
  return codecs;
}
