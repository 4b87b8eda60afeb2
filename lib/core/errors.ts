// The library's typed errors, one place for all of them so that callers can catch them by type:
//   try { model.predict(X) } catch (e) { if (e instanceof NotFittedError) ... }

/** Raised when an estimator is used (predict, transform, score, …) before fit(). */
export class NotFittedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFittedError";
  }
}

/** Raised for a bad hyperparameter: an unknown option, a wrong type or a value out of range. */
export class ParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParamError";
  }
}

/** Raised for bad data handed to fit / predict / transform (NaN, wrong width, missing columns, …). */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataError";
  }
}

const warnedOnce = new Set<string>();

/**
 * Prints `message` as a warning the first time it is seen in this process (scikit-learn's
 * ConvergenceWarning habit: say it once, not at every fold). Returns the message.
 */
export function warnOnce(message: string): string {
  if (!warnedOnce.has(message)) {
    warnedOnce.add(message);
    if (process.env.MATML_QUIET_WARNINGS !== "1") console.warn(`warning: ${message}`);
  }
  return message;
}
