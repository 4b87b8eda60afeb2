// The inner loop of forest prediction as a small WebAssembly function. It does exactly what
// sumTrees() in forest-predict.ts does for one regression tree, but WebAssembly runs it with
// no array bounds checks or type guards: about twice as fast as the JavaScript loop, which is
// what screening tens of thousands of candidates needs.
//
// Memory layout (byte offsets into the shared WebAssembly memory): a tree is a run of 16-byte
// node records [f64 threshold (or the leaf value at a leaf), i32 feature (-1 at a leaf), i32
// right child]; the left child of a node is the next record. X is row-major f64.
//
// The function, in WebAssembly text format:
//   (func (export "sumTree") (param $nodes i32) (param $x i32) (param $nRows i32)
//         (param $rowBytes i32) (param $out i32) (param $sq i32)
//     (local $row i32) (local $node i32) (local $f i32) (local $v f64)
//     (if (i32.eqz (local.get $nRows)) (then (return)))
//     (local.set $row (local.get $x))
//     (loop $rows
//       (local.set $node (local.get $nodes))
//       (block $leaf
//         (loop $walk
//           (br_if $leaf (i32.lt_s (local.tee $f (i32.load offset=8 (local.get $node))) (i32.const 0)))
//           (if (f64.le (f64.load (i32.add (local.get $row) (i32.shl (local.get $f) (i32.const 3))))
//                       (f64.load (local.get $node)))
//             (then (local.set $node (i32.add (local.get $node) (i32.const 16))))
//             (else (local.set $node (i32.add (local.get $nodes)
//                                             (i32.shl (i32.load offset=12 (local.get $node)) (i32.const 4))))))
//           (br $walk)))
//       (local.set $v (f64.load (local.get $node)))
//       (f64.store (local.get $out) (f64.add (f64.load (local.get $out)) (local.get $v)))
//       (if (local.get $sq) (then
//         (f64.store (local.get $sq) (f64.add (f64.load (local.get $sq)) (f64.mul (local.get $v) (local.get $v))))
//         (local.set $sq (i32.add (local.get $sq) (i32.const 8)))))
//       (local.set $out (i32.add (local.get $out) (i32.const 8)))
//       (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
//       (br_if $rows (local.tee $nRows (i32.sub (local.get $nRows) (i32.const 1))))))
// Below, the same instructions are written out as the bytes of a WebAssembly module.

import { name, section, sleb, uleb, vec } from "../core/wasm-bytes";

// Opcodes used.
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, return: 0x0f, void: 0x40,
  get: 0x20, set: 0x21, tee: 0x22, i32Load: 0x28, f64Load: 0x2b, f64Store: 0x39, i32Const: 0x41,
  i32Eqz: 0x45, i32LtS: 0x48, f64Le: 0x65, i32Add: 0x6a, i32Sub: 0x6b, i32Shl: 0x74, f64Add: 0xa0, f64Mul: 0xa2,
};
const I32 = 0x7f;
const F64 = 0x7c;
// Parameters and locals by index.
const [NODES, X, NROWS, ROWBYTES, OUT, SQ, ROW, NODE, F, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function sumTreeBody(): number[] {
  const { get, set, tee } = OP;
  const c32 = (n: number) => [OP.i32Const, ...sleb(n)];
  const f64Load = [OP.f64Load, 3, 0]; // align 8, offset 0
  const f64Store = [OP.f64Store, 3, 0];
  return [
    get, NROWS, OP.i32Eqz, OP.if, OP.void, OP.return, OP.end,
    get, X, set, ROW,
    OP.loop, OP.void, // $rows
    get, NODES, set, NODE,
    OP.block, OP.void, // $leaf
    OP.loop, OP.void, // $walk
    get, NODE, OP.i32Load, 2, 8, tee, F, ...c32(0), OP.i32LtS, OP.brIf, 1,
    get, ROW, get, F, ...c32(3), OP.i32Shl, OP.i32Add, ...f64Load,
    get, NODE, ...f64Load,
    OP.f64Le,
    OP.if, OP.void,
    get, NODE, ...c32(16), OP.i32Add, set, NODE,
    OP.else,
    get, NODES, get, NODE, OP.i32Load, 2, 12, ...c32(4), OP.i32Shl, OP.i32Add, set, NODE,
    OP.end,
    OP.br, 0,
    OP.end, // $walk
    OP.end, // $leaf
    get, NODE, ...f64Load, set, V,
    get, OUT, get, OUT, ...f64Load, get, V, OP.f64Add, ...f64Store,
    get, SQ, OP.if, OP.void,
    get, SQ, get, SQ, ...f64Load, get, V, get, V, OP.f64Mul, OP.f64Add, ...f64Store,
    get, SQ, ...c32(8), OP.i32Add, set, SQ,
    OP.end,
    get, OUT, ...c32(8), OP.i32Add, set, OUT,
    get, ROW, get, ROWBYTES, OP.i32Add, set, ROW,
    get, NROWS, ...c32(1), OP.i32Sub, tee, NROWS, OP.brIf, 0,
    OP.end, // $rows
    OP.end,
  ];
}

/** Largest shared memory the kernel may use, in 64 KiB pages (1 GiB). */
export const MAX_PAGES = 16384;

/** The module: imports a shared memory env.mem, exports sumTree. */
export function kernelBytes(): Uint8Array {
  const code = [...vec([[...uleb(3), I32], [...uleb(1), F64]]), ...sumTreeBody()];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]])), // type: (6 × i32) -> ()
    ...section(2, vec([[...name("env"), ...name("mem"), 0x02, 0x03, ...uleb(1), ...uleb(MAX_PAGES)]])), // shared memory import
    ...section(3, vec([[0]])), // one function of type 0
    ...section(7, vec([[...name("sumTree"), 0x00, 0]])), // export it
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** The kernel's sumTree: adds one regression tree's leaf values for nRows rows (byte offsets into memory). */
export type SumTree = (nodes: number, x: number, nRows: number, rowBytes: number, out: number, sq: number) => void;

/**
 * Instantiates the kernel against a memory. Each thread makes its own instance; the memory
 * and the compiled module (pass the main thread's to the helper) are shared.
 */
export function instantiateKernel(memory: WebAssembly.Memory, module = new WebAssembly.Module(kernelBytes())): { sumTree: SumTree; module: WebAssembly.Module } {
  const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
  return { sumTree: instance.exports.sumTree as unknown as SumTree, module };
}
