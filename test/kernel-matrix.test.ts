// lib/linalg/kernel-matrix.ts: the one kernel-matrix function behind KernelRidge, SVC and the GP's
// RBF kernel, checked bit for bit against the plain formulas written out entry by entry.
import { test } from "node:test";
import * as assert from "assert";
import { PairwiseKernel, kernelMatrix, squaredDistances } from "../lib/linalg/kernel-matrix";
import { fromRows } from "../lib/linalg/cholesky";
import { RBF } from "../lib/gp";
import { Random } from "../lib/core/random";
import { assertClose } from "./helpers";

/** k(a, b) written out directly: the short readable version of kernelMatrix. */
function plainKernel(kernel: PairwiseKernel, a: number[], b: number[]): number {
  let s = 0;
  switch (kernel.kind) {
    case "rbf":
      for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
      return Math.exp(-kernel.gamma * s);
    case "laplacian":
      for (let k = 0; k < a.length; k++) s += Math.abs(a[k] - b[k]);
      return Math.exp(-kernel.gamma * s);
    case "linear":
      for (let k = 0; k < a.length; k++) s += a[k] * b[k];
      return s;
    case "polynomial":
      for (let k = 0; k < a.length; k++) s += a[k] * b[k];
      return Math.pow(kernel.gamma * s + kernel.coef0, kernel.degree);
  }
}

function randomRows(rng: Random, n: number, p: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal(0, 2)));
}

const kernels: PairwiseKernel[] = [
  { kind: "rbf", gamma: 0.3 },
  { kind: "laplacian", gamma: 0.7 },
  { kind: "linear" },
  { kind: "polynomial", gamma: 0.2, degree: 3, coef0: 1.5 },
];

test("kernelMatrix equals the plain formula entry by entry (K(X, X) and K(X, Y), every kernel)", () => {
  const rng = new Random(11);
  const X = randomRows(rng, 17, 5);
  const Y = randomRows(rng, 9, 5);
  for (const kernel of kernels) {
    const KX = kernelMatrix(fromRows(X), null, kernel);
    assert.deepStrictEqual([KX.rows, KX.cols], [17, 17]);
    X.forEach((a, i) => X.forEach((b, j) => assert.strictEqual(KX.data[i * 17 + j], plainKernel(kernel, a, b), `${kernel.kind} K(X, X)[${i}][${j}]`)));
    const KXY = kernelMatrix(fromRows(X), fromRows(Y), kernel);
    assert.deepStrictEqual([KXY.rows, KXY.cols], [17, 9]);
    X.forEach((a, i) => Y.forEach((b, j) => assert.strictEqual(KXY.data[i * 9 + j], plainKernel(kernel, a, b), `${kernel.kind} K(X, Y)[${i}][${j}]`)));
  }
  assert.throws(() => kernelMatrix(fromRows(X), fromRows([[1, 2]]), kernels[0]), /X has 5 features but Y has 2/);
});

test("the GP's RBF kernel is the same function: exp(-d²/(2l²)) = rbf with gamma = 1/(2l²), bit for bit", () => {
  const rng = new Random(5);
  const X = randomRows(rng, 12, 3);
  const Y = randomRows(rng, 4, 3);
  for (const l of [0.3, 1, 2.5]) {
    const gamma = 0.5 * (1 / (l * l));
    assert.deepStrictEqual(new RBF({ lengthScale: l }).call(X).K.data, kernelMatrix(fromRows(X), null, { kind: "rbf", gamma }).data, `l = ${l}, K(X, X)`);
    // K(X, Y) divides the differences by l before squaring (as it always has): the same function on those distances
    const D = squaredDistances(fromRows(X), fromRows(Y), [l]);
    assert.deepStrictEqual(new RBF({ lengthScale: l }).call(X, Y).K.data, kernelMatrix(fromRows(X), fromRows(Y), { kind: "rbf", gamma: 0.5 }, D).data, `l = ${l}, K(X, Y)`);
    assertClose(Array.from(D), Array.from(squaredDistances(fromRows(X), fromRows(Y))).map((d) => d / (l * l)), 1e-14, 0, "scaled distances");
  }
  // anisotropic: distances divided feature by feature, then the same exp(-gamma d²) with gamma = ½
  const ls = [0.5, 1.5, 3];
  const D = squaredDistances(fromRows(X), null, ls);
  const K = kernelMatrix(fromRows(X), null, { kind: "rbf", gamma: 0.5 }, D).data;
  assert.deepStrictEqual(new RBF({ lengthScale: ls }).call(X).K.data, K);
  const plain = X.flatMap((a) => X.map((b) => Math.exp(-0.5 * a.reduce((s, v, k) => s + ((v - b[k]) / ls[k]) ** 2, 0))));
  assertClose(Array.from(K), plain, 1e-14, 0, "anisotropic RBF");
});
