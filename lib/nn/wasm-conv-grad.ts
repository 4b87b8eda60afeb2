// The WebAssembly backend of TensorFlow.js can run a convolution forward, and it can push a
// gradient back to a convolution's input, but it has no kernel for the gradient with respect to
// the filter weights (`Conv2DBackpropFilter`). Without it a CNN cannot learn on wasm. This file
// adds that kernel, built from two kernels wasm does have: Transpose and Conv2D (XNNPACK).
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
}

/** Calls another kernel already registered for wasm (as the backend's own kernels do). */
function runWasmKernel(name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>, backend: WasmBackendLike): TensorInfo {
  const kernel = tf.getKernel(name, "wasm");
  if (!kernel) throw new Error(`wasm-conv-grad: the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend: backend as unknown as tf.KernelBackend }) as TensorInfo;
}

function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap }): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  const attrs = args.attrs as unknown as {
    strides: number | [number, number];
    pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
    dataFormat: "NHWC" | "NCHW";
    dimRoundingMode?: "floor" | "round" | "ceil";
    filterShape: [number, number, number, number];
  };
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

let registered = false;

/** Registers the kernel with TensorFlow.js (once; harmless if wasm already has one). */
export function registerWasmConvGrad(): void {
  if (registered || tf.getKernel("Conv2DBackpropFilter", "wasm")) return;
  tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName: "wasm", kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc });
  registered = true;
}
