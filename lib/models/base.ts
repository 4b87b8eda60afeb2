// TEMPORARY shim while estimators move to lib/core (removed at the end of the migration).
import { ParamError } from "../core/errors";
import { NotFittedError } from "../core/errors";
export { toMatrix, toVector, isFrameLike } from "../core/input";
export type { FrameLike, XInput, YInput } from "../core/input";

/** @deprecated use BaseEstimator.checkFitted */
export function assertFitted<T>(state: T | undefined, who: string): T {
  if (state === undefined) throw new NotFittedError(`${who}: call fit() before predict()`);
  return state;
}

/** @deprecated declare options in a paramSpec */
export function checkParam(ok: boolean, who: string, name: string, value: unknown, rule: string): void {
  if (!ok) throw new ParamError(`${who}: ${name} must be ${rule}, got ${JSON.stringify(value)}`);
}

export interface Regressor {
  fit(X: import("../core/input").XInput, y: import("../core/input").YInput): this;
  predict(X: import("../core/input").XInput): number[];
}
export interface Classifier {
  fit(X: import("../core/input").XInput, y: (number | string)[]): this;
  predict(X: import("../core/input").XInput): (number | string)[];
  predictProba?(X: import("../core/input").XInput): number[][];
  classes?: (number | string)[];
}
export interface HasParams<P extends object> {
  readonly params: Readonly<P>;
  clone(overrides?: Partial<P>): this;
}
