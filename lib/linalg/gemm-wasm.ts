// The inner loop of the blocked Cholesky factorization and inverse (gemmNT in cholesky.ts) as a
// small WebAssembly SIMD function: two rows of A against a run of row pairs of B, four dot
// products at a time, two doubles per instruction, no bounds checks. It does exactly what the
// JavaScript loop in gemmNT does (the same products, summed in another order), about twice as
// fast; test/linalg.test.ts checks the two against each other.
//
// The matrices live in this module's memory (see workspace()): all are n×n, row-major doubles,
// rows `stride` bytes apart. In WebAssembly text format:
//   (func (export "rowPairs") (param $pa i32) (param $stride i32) (param $pb i32) (param $pc i32)
//         (param $pairs i32) (param $len i32) (param $sign f64)
//     ;; for each of $pairs column pairs c, c+1 (B rows $pb, $pb+$stride; C entries at $pc):
//     ;;   s_xy = Σ_k A[r+x][k] · B[c+y][k] over $len values of k, two lanes at a time
//     ;;   C[r+x][c+y] += $sign · s_xy;  then $pb += 2·$stride, $pc += 16
//   )
// Below, the same instructions are written out as the bytes of a WebAssembly module.

import { name, section, sleb, uleb, vec } from "../core/wasm-bytes";

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, void: 0x40,
  get: 0x20, set: 0x21, tee: 0x22, f64Load: 0x2b, f64Store: 0x39, i32Const: 0x41,
  i32Eqz: 0x45, i32GeU: 0x4f, i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Shl: 0x74,
  f64Add: 0xa0, f64Mul: 0xa2,
};
const SIMD = 0xfd;
const v128Load = [SIMD, ...uleb(0), 3, 0]; // align 8, offset 0
const v128Zero = [SIMD, ...uleb(12), ...new Array(16).fill(0)];
const f64x2Add = [SIMD, ...uleb(240)];
const f64x2Mul = [SIMD, ...uleb(242)];
const lane = (i: number) => [SIMD, ...uleb(33), i]; // f64x2.extract_lane
const f64Load = (offset = 0) => [OP.f64Load, 3, ...uleb(offset)];
const f64Store = (offset = 0) => [OP.f64Store, 3, ...uleb(offset)];
const c32 = (n: number) => [OP.i32Const, ...sleb(n)];

// parameters, then locals
const [PA, STRIDE, PB, PC, PAIRS, LEN, SIGN] = [0, 1, 2, 3, 4, 5, 6];
const [K, KEND, PA1, PB1] = [7, 8, 9, 10]; // i32
const ACC = [11, 12, 13, 14]; // v128: 00, 01, 10, 11
const [A0, A1, B0, B1] = [15, 16, 17, 18]; // v128
const S = [19, 20, 21, 22]; // f64

function rowPairsBody(): number[] {
  const { get, set } = OP;
  const load = (base: number) => [get, base, get, K, OP.i32Add, ...v128Load];
  const accumulate = (acc: number, a: number, b: number) => [get, acc, get, a, get, b, ...f64x2Mul, ...f64x2Add, set, acc];
  const tail = (s: number, pa: number, pb: number) => [get, s, get, pa, get, K, OP.i32Add, ...f64Load(), get, pb, get, K, OP.i32Add, ...f64Load(), OP.f64Mul, OP.f64Add, set, s];
  // C entry at address (base) + offset: C += sign · s
  const addTo = (s: number, withStride: boolean, offset: number) => [
    get, PC, ...(withStride ? [get, STRIDE, OP.i32Add] : []),
    get, PC, ...(withStride ? [get, STRIDE, OP.i32Add] : []), ...f64Load(offset),
    get, SIGN, get, s, OP.f64Mul, OP.f64Add, ...f64Store(offset),
  ];
  return [
    get, PAIRS, OP.i32Eqz, OP.if, OP.void, OP.br, 1, OP.end, // nothing to do (br 1 leaves the function body)
    get, LEN, ...c32(-2), OP.i32And, ...c32(3), OP.i32Shl, set, KEND,
    get, PA, get, STRIDE, OP.i32Add, set, PA1,
    OP.loop, OP.void, // $pairs
    get, PB, get, STRIDE, OP.i32Add, set, PB1,
    ...ACC.flatMap((a) => [...v128Zero, set, a]),
    ...c32(0), set, K,
    OP.block, OP.void, // $done
    OP.loop, OP.void, // $k
    get, K, get, KEND, OP.i32GeU, OP.brIf, 1,
    ...load(PA), set, A0,
    ...load(PA1), set, A1,
    ...load(PB), set, B0,
    ...load(PB1), set, B1,
    ...accumulate(ACC[0], A0, B0),
    ...accumulate(ACC[1], A0, B1),
    ...accumulate(ACC[2], A1, B0),
    ...accumulate(ACC[3], A1, B1),
    get, K, ...c32(16), OP.i32Add, set, K,
    OP.br, 0,
    OP.end, // $k
    OP.end, // $done
    ...ACC.flatMap((a, i) => [get, a, ...lane(0), get, a, ...lane(1), OP.f64Add, set, S[i]]),
    // an odd length leaves one k for plain doubles (K now points at it)
    get, LEN, ...c32(1), OP.i32And, OP.if, OP.void,
    ...tail(S[0], PA, PB), ...tail(S[1], PA, PB1), ...tail(S[2], PA1, PB), ...tail(S[3], PA1, PB1),
    OP.end,
    ...addTo(S[0], false, 0), ...addTo(S[1], false, 8), ...addTo(S[2], true, 0), ...addTo(S[3], true, 8),
    get, PB, get, STRIDE, ...c32(1), OP.i32Shl, OP.i32Add, set, PB,
    get, PC, ...c32(16), OP.i32Add, set, PC,
    get, PAIRS, ...c32(1), OP.i32Sub, OP.tee, PAIRS, OP.brIf, 0,
    OP.end, // $pairs
    OP.end,
  ];
}

/** Largest memory the kernel may use, in 64 KiB pages (4 GiB, WebAssembly's limit). */
const MAX_PAGES = 65536;

function moduleBytes(): Uint8Array {
  const code = [...vec([[...uleb(4), I32], [...uleb(8), V128], [...uleb(4), F64]]), ...rowPairsBody()];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [F64]]), 0]])), // (6 × i32, f64) -> ()
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02, 0x01, ...uleb(1), ...uleb(MAX_PAGES)]])), // memory import
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name("rowPairs"), 0x00, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** rowPairs(pa, stride, pb, pc, pairs, len, sign): see the comment at the top. Addresses in bytes. */
export type RowPairs = (pa: number, stride: number, pb: number, pc: number, pairs: number, len: number, sign: number) => void;

interface Kernel {
  memory: WebAssembly.Memory;
  rowPairs: RowPairs;
}

let kernel: Kernel | null | undefined;

/** The instantiated kernel, or null where WebAssembly SIMD is not available (JavaScript is used). */
export function simdKernel(): Kernel | null {
  if (kernel === undefined) {
    try {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), { env: { mem: memory } });
      kernel = { memory, rowPairs: instance.exports.rowPairs as unknown as RowPairs };
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

/**
 * `count` n×n scratch matrices inside the kernel's memory (zero-filled), or null when the kernel
 * is unavailable or they would not fit. They stay valid until the next call: copy results out.
 */
export function workspace(n: number, count: number): Float64Array[] | null {
  const k = simdKernel();
  if (!k) return null;
  const bytes = n * n * 8 * count;
  const need = Math.ceil(bytes / 65536);
  const have = k.memory.buffer.byteLength / 65536;
  if (need > MAX_PAGES) return null;
  if (need > have) k.memory.grow(need - have);
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) out.push(new Float64Array(k.memory.buffer, i * n * n * 8, n * n).fill(0));
  return out;
}

/** True when all three arrays are views into the kernel's memory (so rowPairs can read them). */
export function inKernelMemory(...arrays: Float64Array[]): boolean {
  const buf = kernel?.memory.buffer;
  return !!buf && arrays.every((a) => a.buffer === buf);
}
