// The blocked Cholesky factorization and inverse (lib/linalg/cholesky.ts) against their simple
// row-oriented versions, on sizes around the block edges and below the switch-over.
import { test } from "node:test";
import * as assert from "assert";
import { BLOCKED_MIN, choleskyFactor, choleskyFactorSimple, choleskyInverse, choleskyInverseSimple, gemmNT } from "../lib/linalg/cholesky";
import { inKernelMemory, workspace } from "../lib/linalg/gemm-wasm";
import { Random } from "../lib/core/random";

function randomSpd(n: number, rng: Random): Float64Array {
  const B = Float64Array.from({ length: n * n }, () => rng.next() - 0.5);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * B[j * n + k];
      A[i * n + j] = A[j * n + i] = s + (i === j ? 0.05 * n : 0);
    }
  }
  return A;
}

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

test("blocked Cholesky factor and inverse equal the simple versions (1e-13 relative)", () => {
  const rng = new Random(3);
  for (const n of [3, BLOCKED_MIN - 1, BLOCKED_MIN, 97, 145, 200]) {
    const A = randomSpd(n, rng);
    const L = choleskyFactor(A, n) as Float64Array;
    const Ls = choleskyFactorSimple(A, n) as Float64Array;
    assert.ok(maxRelDiff(L, Ls) < 1e-13, `factor, n = ${n}: ${maxRelDiff(L, Ls)}`);
    for (const upperOnly of [true, false]) {
      const inv = choleskyInverse(Ls, n, upperOnly);
      const invS = choleskyInverseSimple(Ls, n, upperOnly);
      assert.ok(maxRelDiff(inv, invS) < 1e-13, `inverse (upperOnly ${upperOnly}), n = ${n}: ${maxRelDiff(inv, invS)}`);
      if (upperOnly) for (let i = 1; i < n; i++) assert.strictEqual(inv[i * n + i - 1], 0, "below the diagonal stays 0");
    }
    // and it is the inverse: A · A⁻¹ = I
    const inv = choleskyInverse(L, n);
    for (const [i, j] of [[0, 0], [n - 1, 0], [n >> 1, n - 1]]) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[i * n + k] * inv[k * n + j];
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-10, `A·A⁻¹ at (${i}, ${j}) = ${s}`);
    }
  }
});

test("blocked Cholesky returns null for a matrix that is not positive definite", () => {
  const n = 150;
  const A = randomSpd(n, new Random(4));
  A[120 * n + 120] = -1;
  assert.strictEqual(choleskyFactor(A, n), null);
  assert.strictEqual(choleskyFactorSimple(A, n), null);
});

test("gemmNT adds sign · A Bᵀ on a block, the lower triangle only when asked", () => {
  const n = 7;
  const rng = new Random(5);
  const A = Float64Array.from({ length: n * n }, () => rng.next());
  const B = Float64Array.from({ length: n * n }, () => rng.next());
  for (const lower of [false, true]) {
    const C = new Float64Array(n * n).fill(1);
    gemmNT(C, A, B, n, 1, 6, 0, 5, 2, 7, -1, lower);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let want = 1;
        if (r >= 1 && r < 6 && c < 5 && (!lower || c <= r)) for (let k = 2; k < 7; k++) want -= A[r * n + k] * B[c * n + k];
        assert.ok(Math.abs(C[r * n + c] - want) < 1e-14, `(${r}, ${c}) lower=${lower}`);
      }
    }
  }
});

test("the WebAssembly SIMD tiles compute what the JavaScript loop computes", () => {
  const n = 37;
  const ws = workspace(n, 3);
  if (!ws) {
    console.log("# note: WebAssembly SIMD is not available here: only the JavaScript loop runs");
    return;
  }
  const [A, B, C] = ws;
  assert.ok(inKernelMemory(A, B, C));
  const rng = new Random(6);
  for (let i = 0; i < n * n; i++) [A[i], B[i]] = [rng.next() - 0.5, rng.next() - 0.5];
  for (const [lower, k0, k1] of [[false, 0, 37], [true, 3, 36], [true, 5, 6], [false, 2, 2]] as [boolean, number, number][]) {
    C.fill(0.5);
    gemmNT(C, A, B, n, 1, 36, 0, 33, k0, k1, -1, lower, true);
    const plain = new Float64Array(n * n).fill(0.5);
    gemmNT(plain, Float64Array.from(A), Float64Array.from(B), n, 1, 36, 0, 33, k0, k1, -1, lower, false);
    for (let i = 0; i < n * n; i++) assert.ok(Math.abs(C[i] - plain[i]) < 1e-13, `lower=${lower} k ${k0}..${k1}: entry ${i}: ${C[i]} vs ${plain[i]}`);
  }
});
