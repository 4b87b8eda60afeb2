// The WebAssembly backend of TensorFlow.js can run a convolution forward, and it can push a
// gradient back to a convolution's input, but it has no kernel for the gradient with respect to
// the filter weights (`Conv2DBackpropFilter`). Without it a CNN cannot learn on wasm. This file
// adds that kernel, built from two kernels wasm does have: Transpose and Conv2D (XNNPACK). It
// also replaces four slow wasm training kernels (Conv2DBackpropInput, MaxPoolGrad, GatherV2 of
// rows, and BatchMatMul with a transposed operand) with faster ones; all are checked against the cpu
// backend in test/nn.test.ts.
//
// The trick: the filter gradient is itself a convolution. For a layer with stride s,
//   dW[kh, kw, ci, co] = Σ_b Σ_oh Σ_ow  xPadded[b, oh·s + kh, ow·s + kw, ci] · dy[b, oh, ow, co]
// Read x as a batch of `ci` images with `b` channels, and dy as a filter of size OH × OW with
// `b` input and `co` output channels whose taps are s pixels apart (dilation s). Then the sum
// above is an ordinary convolution with stride 1 whose output is KH × KW pixels, one per filter
// tap. Transposes move the axes into place before and after.
// tf comes from the core package (not from ./backend, which imports this file) to avoid a cycle.
import * as tf from "@tensorflow/tfjs";

type TensorInfo = tf.TensorInfo;
// The wasm backend's class is internal to its package; the kernels only need these members.
interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  /** A Float32Array (Int32Array for int32) view of a tensor's bytes inside the WebAssembly memory. */
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/** Calls another kernel already registered for wasm (as the backend's own kernels do). */
function runWasmKernel(name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>, backend: WasmBackendLike): TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (!kernel) throw new Error(`wasm-conv-grad: the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend: backend as unknown as tf.KernelBackend }) as TensorInfo;
}

/** Attributes tfjs passes to both convolution-gradient kernels. */
interface ConvGradientAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  const attrs = args.attrs as unknown as ConvGradientAttrs & { filterShape: [number, number, number, number] };
  if (attrs.dataFormat === "NCHW") throw new Error("wasm Conv2DBackpropFilter: only dataFormat 'NHWC' (channels last) is supported");
  const [batch, inH, inW, inC] = x.shape as [number, number, number, number];
  // The forward convolution's geometry: output size, stride and the padding it used.
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: kH, filterWidth: kW, outHeight: oH, outWidth: oW, strideHeight: sH, strideWidth: sW } = info;
  const outC = info.outChannels;
  const { top, left } = info.padInfo;
  if (dy.shape[1] !== oH || dy.shape[2] !== oW || dy.shape[3] !== outC || dy.shape[0] !== batch) {
    throw new Error(`wasm Conv2DBackpropFilter: dy has shape [${dy.shape}], expected [${batch},${oH},${oW},${outC}]`);
  }

  const temps: TensorInfo[] = [];
  try {
    // x: [b, H, W, ci] → [ci, H, W, b]   (ci images, b channels each)
    const xT = runWasmKernel("Transpose", { x }, { perm: [3, 1, 2, 0] }, backend);
    temps.push(xT);
    // dy: [b, OH, OW, co] → [OH, OW, b, co]   (a filter OH × OW, b in, co out)
    const dyT = runWasmKernel("Transpose", { x: dy }, { perm: [1, 2, 0, 3] }, backend);
    temps.push(dyT);
    // Pad top/left as the forward pass did; pad bottom/right just enough for KH × KW outputs.
    // (A dilated OH-tap filter spans (OH-1)·sH + 1 rows; output rows = rows - span + 1.)
    const bottom = Math.max(0, kH + (oH - 1) * sH - top - inH);
    const right = Math.max(0, kW + (oW - 1) * sW - left - inW);
    const padding = [[0, 0], [top, bottom], [left, right], [0, 0]];
    let grad = runWasmKernel(
      "Conv2D",
      { x: xT, filter: dyT },
      { strides: [1, 1], pad: padding, dataFormat: "NHWC", dilations: [sH, sW], dimRoundingMode: undefined },
      backend,
    );
    temps.push(grad);
    // With strides > 1 the last input rows may be unused and the output larger than KH × KW.
    if (grad.shape[1] !== kH || grad.shape[2] !== kW) {
      grad = runWasmKernel("Slice", { x: grad }, { begin: [0, 0, 0, 0], size: [inC, kH, kW, outC] }, backend);
      temps.push(grad);
    }
    // [ci, KH, KW, co] → [KH, KW, ci, co], the filter's own layout.
    const out = runWasmKernel("Transpose", { x: grad }, { perm: [1, 2, 0, 3] }, backend);
    return out;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * The gradient with respect to a convolution's input, for stride 1: a "full" convolution of dy
 * with the filter turned by 180° and its in/out channels swapped,
 *   dx[b, i, j, ci] = Σ_kh Σ_kw Σ_co dy[b, i + top - kh, j + left - kw, co] · W[kh, kw, ci, co],
 * padded so that the output is the input's size again. wasm's own kernel for this is a plain
 * loop; routed through Conv2D it runs on XNNPACK, several times faster. Strided convolutions,
 * or padding wider than the filter, go to the original kernel.
 */
function makeConv2DBackpropInput(original: tf.KernelFunc) {
  return (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap }): TensorInfo => {
    const backend = args.backend as WasmBackendLike;
    const dy = args.inputs.dy as TensorInfo;
    const filter = args.inputs.filter as TensorInfo;
    const attrs = args.attrs as unknown as ConvGradientAttrs & { inputShape: [number, number, number, number] };
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const { filterHeight: kH, filterWidth: kW, strideHeight: sH, strideWidth: sW } = info;
    const { top, bottom, left, right } = info.padInfo;
    const fallback = attrs.dataFormat === "NCHW" || sH !== 1 || sW !== 1 || Math.max(top, bottom) > kH - 1 || Math.max(left, right) > kW - 1;
    if (fallback) return original(args as never) as TensorInfo;
    const temps: TensorInfo[] = [];
    try {
      // W[kh, kw, ci, co] → W'[kH-1-kh, kW-1-kw, co, ci]
      const flipped = runWasmKernel("Reverse", { x: filter }, { dims: [0, 1] }, backend);
      temps.push(flipped);
      const swapped = runWasmKernel("Transpose", { x: flipped }, { perm: [0, 1, 3, 2] }, backend);
      temps.push(swapped);
      const padding = [[0, 0], [kH - 1 - top, kH - 1 - bottom], [kW - 1 - left, kW - 1 - right], [0, 0]];
      return runWasmKernel("Conv2D", { x: dy, filter: swapped }, { strides: [1, 1], pad: padding, dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode: undefined }, backend);
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * The gradient of max-pooling: each output's gradient goes back to the input pixel that was the
 * maximum of its window (the first one in scan order on ties, as the cpu backend does); all
 * other pixels get zero. Written here in JavaScript directly on the WebAssembly memory, because
 * wasm's own kernel for it is slower than this simple loop.
 */
function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = args.inputs.dy as TensorInfo;
  const input = args.inputs.input as TensorInfo;
  const attrs = args.attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: "valid" | "same" | number;
    dimRoundingMode?: "floor" | "round" | "ceil";
  };
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const out = backend.makeOutput(input.shape, "float32");
  // Views are taken after makeOutput: allocating may move the WebAssembly memory.
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const r0 = Math.max(0, yR * strideHeight - top);
      const r1 = Math.min(inHeight, yR * strideHeight - top + filterHeight);
      for (let yC = 0; yC < outWidth; yC++) {
        const c0 = Math.max(0, yC * strideWidth - left);
        const c1 = Math.min(inWidth, yC * strideWidth - left + filterWidth);
        const dyBase = ((b * outHeight + yR) * outWidth + yC) * C;
        for (let d = 0; d < C; d++) {
          let best = -Infinity;
          let at = -1;
          for (let r = r0; r < r1; r++) {
            for (let c = c0; c < c1; c++) {
              const i = ((b * inHeight + r) * inWidth + c) * C + d;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += g[dyBase + d];
        }
      }
    }
  }
  return out;
}

/**
 * Matrix products with a transposed operand (A^T·B, A·B^T: what backpropagation through a dense
 * layer asks for) take a slow path in wasm, while a plain A·B runs on XNNPACK. Transposing the
 * operand explicitly first (cheap: a copy) and multiplying plainly is several times faster.
 */
function makeBatchMatMul(original: tf.KernelFunc) {
  return (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap }): TensorInfo => {
    const backend = args.backend as WasmBackendLike;
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args as never) as TensorInfo;
    const temps: TensorInfo[] = [];
    const plain = (t: TensorInfo, transpose: boolean): TensorInfo => {
      if (!transpose) return t;
      const r = t.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2]; // swap the last two axes
      const out = runWasmKernel("Transpose", { x: t }, { perm }, backend);
      temps.push(out);
      return out;
    };
    try {
      const a = plain(args.inputs.a as TensorInfo, transposeA);
      const b = plain(args.inputs.b as TensorInfo, transposeB);
      return original({ ...args, inputs: { a, b }, attrs: { transposeA: false, transposeB: false } } as never) as TensorInfo;
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

let registered = false;

/**
 * Gathering rows (axis 0) takes time in proportion to the whole input in wasm's GatherV2 (about
 * 0.8 ms for a batch of 32 of 6,000 images), and the training loops gather every batch. Rows are
 * contiguous, so copying each one is enough; other axes go to the original kernel.
 */
function makeGatherV2(original: tf.KernelFunc) {
  return (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap }): TensorInfo => {
    const backend = args.backend as WasmBackendLike;
    const x = args.inputs.x as TensorInfo;
    const indices = args.inputs.indices as TensorInfo;
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    const rowsAxis = axis === 0 || axis === -x.shape.length;
    if (!rowsAxis || (batchDims ?? 0) !== 0 || x.shape.length === 0 || (x.dtype !== "float32" && x.dtype !== "int32") || indices.dtype !== "int32") {
      return original(args as never) as TensorInfo;
    }
    const n = x.shape[0];
    const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // Views are taken after makeOutput: allocating may move the WebAssembly memory.
    const idx = backend.typedArrayFromHeap(indices) as unknown as Int32Array;
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let i = 0; i < idx.length; i++) {
      const row = idx[i];
      if (!(row >= 0 && row < n)) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${row} is not in [0, ${n - 1}]`);
      }
      to.set(from.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
    }
    return out;
  };
}

/**
 * Registers the kernels with TensorFlow.js (once): the missing Conv2DBackpropFilter, and faster
 * MaxPoolGrad, (stride-1) Conv2DBackpropInput and transposed BatchMatMul in place of wasm's own.
 */
export function registerWasmConvGrad(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel("Conv2DBackpropFilter", "wasm")) {
    tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc });
  }
  if (tf.getKernel("MaxPoolGrad", "wasm")) tf.unregisterKernel("MaxPoolGrad", "wasm");
  tf.registerKernel({ kernelName: "MaxPoolGrad", backendName: "wasm", kernelFunc: maxPoolGrad as unknown as tf.KernelFunc });
  const matMul = tf.getKernel("BatchMatMul", "wasm");
  if (matMul) {
    tf.unregisterKernel("BatchMatMul", "wasm");
    // The original's setupFunc stays, so a re-initialised wasm backend still sets it up.
    tf.registerKernel({ kernelName: "BatchMatMul", backendName: "wasm", setupFunc: matMul.setupFunc, kernelFunc: makeBatchMatMul(matMul.kernelFunc) as unknown as tf.KernelFunc });
  }
  const gather = tf.getKernel("GatherV2", "wasm");
  if (gather) {
    tf.unregisterKernel("GatherV2", "wasm");
    tf.registerKernel({ kernelName: "GatherV2", backendName: "wasm", setupFunc: gather.setupFunc, kernelFunc: makeGatherV2(gather.kernelFunc) as unknown as tf.KernelFunc });
  }
  const input = tf.getKernel("Conv2DBackpropInput", "wasm");
  if (input) {
    tf.unregisterKernel("Conv2DBackpropInput", "wasm");
    tf.registerKernel({ kernelName: "Conv2DBackpropInput", backendName: "wasm", setupFunc: input.setupFunc, kernelFunc: makeConv2DBackpropInput(input.kernelFunc) as unknown as tf.KernelFunc });
  }
}
