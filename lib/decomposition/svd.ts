// Singular values of a data matrix, computed directly from the matrix (Golub–Kahan SVD), not
// from XᵀX: squaring the matrix, as PCA's eigen-decomposition does, loses every singular value
// below about 1e-8 of the largest, while this keeps them down to about 1e-16 of it. That is what
// tells an exact linear dependency (a value at rounding level, ~1e-16) from a near one (a value
// of 1e-11, e.g. rounding of the numbers in a file).
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { XInput, toMatrix } from "../core/input";
import { declareParams, resolveParams } from "../core/params";
import { bool } from "../core/rules";

/** Options of singularValues. */
export interface SingularValuesOptions {
  /** Subtract each column's mean first (default false, like numpy.linalg.svd). */
  center?: boolean;
}

const svdSpec = declareParams<SingularValuesOptions>({
  center: { default: false, rule: bool(), doc: "Subtract each column's mean first." },
});

/**
 * The singular values of X (rows of numbers or a DataFrame), largest first: min(n, p) of them,
 * like numpy.linalg.svd(X, compute_uv=False). With `center: true` the columns are centred first,
 * so the values are those of PCA (PCA.singularValues_) and the number of values clearly above
 * zero is the rank of the centred data.
 */
export function singularValues(X: XInput, options: SingularValuesOptions = {}): number[] {
  const { center } = resolveParams("singularValues", svdSpec, options);
  const rows = toMatrix(X, "singularValues");
  const p = rows[0].length;
  const mean = new Array<number>(p).fill(0);
  if (center) {
    for (const r of rows) for (let j = 0; j < p; j++) mean[j] += r[j];
    for (let j = 0; j < p; j++) mean[j] /= rows.length;
  }
  const A = new Matrix(rows.map((r) => r.map((v, j) => v - mean[j])));
  // ml-matrix's SVD wants at least as many rows as columns; X and Xᵀ have the same singular values.
  const tall = rows.length >= p ? A : A.transpose();
  const svd = new SingularValueDecomposition(tall, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: false });
  return Array.from(svd.diagonal).sort((a, b) => b - a);
}
