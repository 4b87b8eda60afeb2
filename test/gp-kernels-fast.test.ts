// The shortcuts the optimizer's kernel evaluations take (lib/gp/kernels.ts) give the numbers of
// the general code: a constant times a kernel without the n×n matrix of constants, and the
// isotropic RBF with its gradient in one pass.
import { test } from "node:test";
import * as assert from "assert";
import { Bounds, ConstantKernel, ExpSineSquared, Kernel, KernelResult, Product, RBF, Sum, WhiteKernel } from "../lib/gp/kernels";
import { fromRows } from "../lib/linalg/cholesky";
import { Random } from "../lib/core/random";

const rng = new Random(7);
const X = fromRows(Array.from({ length: 9 }, () => Array.from({ length: 3 }, () => rng.next())));
const Y = fromRows(Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => rng.next())));

function assertSame(a: KernelResult, b: KernelResult, what: string, tol = 0): void {
  const close = (u: number, v: number) => (tol === 0 ? u === v : Math.abs(u - v) <= tol * Math.max(1, Math.abs(v)));
  assert.ok(a.K.data.every((v, i) => close(v, b.K.data[i])), `${what}: K`);
  assert.strictEqual(a.gradient?.length, b.gradient?.length, `${what}: number of gradients`);
  a.gradient?.forEach((g, p) => assert.ok(g.data.every((v, i) => close(v, (b.gradient as KernelResult["gradient"] & object)[p].data[i])), `${what}: gradient ${p}`));
}

/** The general element-wise product, as Product computed it for every pair of kernels. */
function generalProduct(k1: Kernel, k2: Kernel, Y: typeof X | null, evalGradient: boolean): KernelResult {
  const a = k1.compute(X, Y, evalGradient);
  const b = k2.compute(X, Y, evalGradient);
  const K = a.K.data.map((v, i) => v * b.K.data[i]);
  const gradient = [...(a.gradient ?? []).map((g) => g.data.map((v, i) => v * b.K.data[i])), ...(b.gradient ?? []).map((g) => g.data.map((v, i) => v * a.K.data[i]))];
  return { K: { ...a.K, data: K }, gradient: evalGradient ? gradient.map((data) => ({ ...a.K, data })) : undefined };
}

test("constant × kernel (either side, fixed or free) equals the general element-wise product exactly", () => {
  const kernels = () => [new RBF({ lengthScale: 0.7 }), new ExpSineSquared({ lengthScale: 1.3, periodicity: 2 }), new Sum(new RBF(), new WhiteKernel({ noiseLevel: 0.1 }))];
  for (const bounds of [[1e-5, 1e5], "fixed"] as Bounds[]) {
    for (const k of kernels()) {
      const c = new ConstantKernel({ constantValue: 2.5, constantValueBounds: bounds });
      for (const [k1, k2] of [[c, k], [k, c]] as [Kernel, Kernel][]) {
        const p = new Product(k1, k2);
        assertSame(p.compute(X, null, true), generalProduct(k1, k2, null, true), `${p} with gradient`);
        assertSame(p.compute(X, Y, false), generalProduct(k1, k2, Y, false), `${p} on X, Y`);
      }
    }
  }
});

test("isotropic RBF with its gradient in one pass equals the general path", () => {
  const rbf = new RBF({ lengthScale: 0.8 });
  const fast = rbf.compute(X, null, true);
  // the general path, reached with a fixed length scale (K) and an anisotropic kernel of equal scales (gradient sums)
  const K = new RBF({ lengthScale: 0.8, lengthScaleBounds: "fixed" }).compute(X, null, true).K;
  assert.deepStrictEqual(Array.from(fast.K.data), Array.from(K.data));
  const aniso = new RBF({ lengthScale: [0.8, 0.8, 0.8] }).compute(X, null, true);
  const summed = aniso.gradient?.[0].data.map((_, i) => (aniso.gradient ?? []).reduce((s, g) => s + g.data[i], 0)) as Float64Array;
  assertSame({ K: fast.K, gradient: fast.gradient }, { K, gradient: [{ ...K, data: summed }] }, "gradient", 1e-14);
});
