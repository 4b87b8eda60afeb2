// A fast training step for a stack of dense layers: forward pass, backpropagation of the mean
// squared error and one Adam update in one call, on Float32Array weights held here.
//
// Why: a DenseRegressor batch through TensorFlow.js (model.apply, the gradient tape and
// tf.train.adam) runs about 170 kernels; for the tutorial's 50 → 100 → 100 → 1 net on batches
// of 32 each kernel does a few microseconds of arithmetic and costs ~10 µs of JavaScript
// dispatch, so ~70% of the time went to dispatch (profile in issue 13). Here the large matrix
// products of a step still run on TensorFlow.js (XNNPACK on wasm: plain JavaScript is 2–3×
// slower at them), the small ones (the output layer's) and the element-wise work (bias,
// activation and its derivative, the loss, Adam) run as plain loops, tanh as a float32
// rational approximation. The readable version is the TensorFlow.js path in network.ts;
// test/nn.test.ts proves the two equal to float32 rounding on the same weights and batches.
import { tf } from "./backend";

/** Activation functions a dense layer can use. */
export type Activation = "tanh" | "relu" | "sigmoid" | "linear";

/** Adam's settings, with TensorFlow.js' defaults for beta1, beta2 and epsilon (float32). */
export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** A row-major matrix held in a Float32Array. */
interface Matrix {
  values: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Products smaller than this many multiply-adds run as plain loops: for them TensorFlow.js'
 * dispatch and copies (~20 µs) cost more than the arithmetic (the output layer's 32 × 100 · 100 × 1
 * takes ~5 µs in JavaScript).
 */
const SMALL_PRODUCT = 8192;

/** op(a) · op(b) as plain loops, with op = transpose where asked; sums in float64. */
export function plainProduct(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Float32Array {
  const [m, k] = transposeA ? [a.cols, a.rows] : [a.rows, a.cols];
  const n = transposeB ? b.rows : b.cols;
  // op(a)[i][p] = A[i·ai + p·ap] and op(b)[p][j] = B[p·bp + j·bj].
  const [ai, ap] = transposeA ? [1, a.cols] : [a.cols, 1];
  const [bp, bj] = transposeB ? [1, b.cols] : [b.cols, 1];
  const A = a.values;
  const B = b.values;
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += A[i * ai + p * ap] * B[p * bp + j * bj];
      c[i * n + j] = sum;
    }
  }
  return c;
}

/**
 * Matrix products of one training step: large ones on TensorFlow.js, small ones as plain loops.
 * Each Float32Array becomes a tensor at most once per step (a layer's input and weights serve both
 * the forward pass and the backward pass); dispose() frees them all.
 */
class StepProducts {
  private readonly made = new Map<Float32Array, tf.Tensor2D>();

  /** The tensor of a matrix. */
  private tensor(a: Matrix): tf.Tensor2D {
    let t = this.made.get(a.values);
    if (!t) {
      t = tf.tensor2d(a.values, [a.rows, a.cols]);
      this.made.set(a.values, t);
    }
    return t;
  }

  /** op(a) · op(b) as a Float32Array; no tf.tidy, which would walk the returned array element by element. */
  product(a: Matrix, b: Matrix, transposeA: boolean, transposeB: boolean): Float32Array {
    if (a.rows * a.cols * (transposeB ? b.rows : b.cols) < SMALL_PRODUCT) return plainProduct(a, b, transposeA, transposeB);
    const c = tf.matMul(this.tensor(a), this.tensor(b), transposeA, transposeB);
    const values = c.dataSync() as Float32Array;
    c.dispose();
    return values;
  }

  dispose(): void {
    tf.dispose([...this.made.values()]);
    this.made.clear();
  }
}

/**
 * tanh(x) to float32 accuracy (rounded to float32 it is within 3 units in the last place of
 * Math.tanh(x), 95% of float32 inputs exactly equal): Eigen's rational approximation for float,
 * the kind PyTorch and XNNPACK use. It is ~3× faster than Math.tanh, which the hidden layers of
 * the tutorial's network call 6,400 times per batch of 32 (a fifth of the training time).
 * test/nn.test.ts compares the two over float32 inputs.
 */
export function tanhFloat32(x: number): number {
  const a = Math.abs(x);
  // tanh x rounds to x in float32 below |x| = 0.0004 and to ±1 from |x| = 9 (NaN stays NaN).
  if (!(a >= 0.0004 && a < 9)) return a >= 9 ? Math.sign(x) : x;
  const c = Math.min(7.90531110763549805, Math.max(-7.90531110763549805, x));
  const c2 = c * c;
  const p = c * (4.89352455891786e-3 + c2 * (6.37261928875436e-4 + c2 * (1.48572235717979e-5 + c2 * (5.12229709037114e-8 + c2 * (-8.60467152213735e-11 + c2 * (2.00018790482477e-13 + c2 * -2.76076847742355e-16))))));
  const q = 4.89352518554385e-3 + c2 * (2.268434632439e-3 + c2 * (1.18534705686654e-4 + c2 * 1.19825839466702e-6));
  return p / q;
}

/** f(z) in place. */
function activate(z: Float32Array, f: Activation): void {
  if (f === "tanh") for (let i = 0; i < z.length; i++) z[i] = tanhFloat32(z[i]);
  else if (f === "relu") for (let i = 0; i < z.length; i++) z[i] = z[i] > 0 ? z[i] : 0;
  else if (f === "sigmoid") for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
}

/** d ← d · f'(z), with f' written through the activation's output a = f(z). */
function timesDerivative(d: Float32Array, a: Float32Array, f: Activation): void {
  if (f === "tanh") for (let i = 0; i < d.length; i++) d[i] *= 1 - a[i] * a[i];
  else if (f === "relu") for (let i = 0; i < d.length; i++) d[i] = a[i] > 0 ? d[i] : 0;
  else if (f === "sigmoid") for (let i = 0; i < d.length; i++) d[i] *= a[i] * (1 - a[i]);
}

/**
 * Trains a dense stack (Keras' Sequential of Dense layers with one output unit) on the mean
 * squared error with Adam, as `tf.train.adam(...).minimize(() => mse(y, model.apply(x)))` does.
 * `weights` are the layers' kernels (in × out, row-major) and biases, in Keras' order
 * [kernel0, bias0, kernel1, bias1, ...]; they are copied.
 */
export class DenseAdamStep {
  /** The current weights, in the order given to the constructor. */
  readonly weights: Float32Array[];
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private steps = 0;

  constructor(
    /** Units per layer, inputs first: [50, 100, 100, 1]. */
    private readonly sizes: number[],
    weights: Float32Array[],
    /** Activation of each layer after the input (sizes.length − 1 of them). */
    private readonly activations: Activation[],
    private readonly adam: AdamSettings,
  ) {
    if (activations.length !== sizes.length - 1 || weights.length !== 2 * activations.length) {
      throw new Error(`DenseAdamStep: ${sizes.length} sizes need ${sizes.length - 1} activations and ${2 * (sizes.length - 1)} weight arrays (got ${activations.length} and ${weights.length})`);
    }
    if (sizes[sizes.length - 1] !== 1) throw new Error(`DenseAdamStep: the last layer must have one unit (got ${sizes[sizes.length - 1]})`);
    this.weights = weights.map((w, i) => {
      const expected = i % 2 === 0 ? sizes[i / 2] * sizes[i / 2 + 1] : sizes[(i + 1) / 2];
      if (w.length !== expected) throw new Error(`DenseAdamStep: weight array ${i} has ${w.length} values, expected ${expected}`);
      return Float32Array.from(w);
    });
    this.m = this.weights.map((w) => new Float64Array(w.length));
    this.v = this.weights.map((w) => new Float64Array(w.length));
    this.beta1 = adam.beta1 ?? 0.9;
    this.beta2 = adam.beta2 ?? 0.999;
    this.epsilon = adam.epsilon ?? 1e-7;
  }

  /** Each layer's output for `rows` rows of x (row-major, rows × sizes[0]); the last is the prediction. */
  forward(x: Float32Array, rows: number): Float32Array[] {
    const products = new StepProducts();
    try {
      return this.forwardWith(products, x, rows);
    } finally {
      products.dispose();
    }
  }

  private forwardWith(products: StepProducts, x: Float32Array, rows: number): Float32Array[] {
    const outputs = [x];
    for (let l = 0; l < this.activations.length; l++) {
      const [nIn, n] = [this.sizes[l], this.sizes[l + 1]];
      const z = products.product({ values: outputs[l], rows, cols: nIn }, { values: this.weights[2 * l], rows: nIn, cols: n }, false, false);
      const bias = this.weights[2 * l + 1];
      for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) z[r * n + j] += bias[j];
      activate(z, this.activations[l]);
      outputs.push(z);
    }
    return outputs;
  }

  /** The mean squared error of the current weights on `rows` rows of x and their targets y (no update). */
  meanSquaredError(x: Float32Array, y: Float32Array, rows: number): number {
    const out = this.forward(x, rows)[this.activations.length];
    let loss = 0;
    for (let r = 0; r < rows; r++) loss += (out[r] - y[r]) ** 2;
    return loss / rows;
  }

  /**
   * One Adam step on the batch (x: rows × sizes[0], y: rows targets); returns the batch's mean
   * squared error before the update (what minimize() returns).
   */
  step(x: Float32Array, y: Float32Array, rows: number): number {
    const products = new StepProducts();
    try {
      const outputs = this.forwardWith(products, x, rows);
      const L = this.activations.length;
      const out = outputs[L];
      // dLoss/dOutput of the mean over the batch, then back through each layer.
      let d = new Float32Array(rows);
      let loss = 0;
      for (let r = 0; r < rows; r++) {
        const e = out[r] - y[r];
        loss += e * e;
        d[r] = (2 * e) / rows;
      }
      const grads: Float32Array[] = new Array(2 * L);
      for (let l = L - 1; l >= 0; l--) {
        const [nIn, nOut] = [this.sizes[l], this.sizes[l + 1]];
        timesDerivative(d, outputs[l + 1], this.activations[l]);
        const dM = { values: d, rows, cols: nOut };
        grads[2 * l] = products.product({ values: outputs[l], rows, cols: nIn }, dM, true, false); // xᵀ · d
        const gb = new Float32Array(nOut);
        for (let r = 0; r < rows; r++) for (let j = 0; j < nOut; j++) gb[j] += d[r * nOut + j];
        grads[2 * l + 1] = gb;
        if (l > 0) d = products.product(dM, { values: this.weights[2 * l], rows: nIn, cols: nOut }, false, true); // d · Wᵀ
      }
      this.adamUpdate(grads);
      return loss / rows;
    } finally {
      products.dispose();
    }
  }

  /** Adam as tf.train.adam applies it (bias-corrected moments, epsilon outside the root). */
  private adamUpdate(grads: Float32Array[]): void {
    this.steps++;
    const { beta1, beta2, epsilon } = this;
    // lr · (m / c1) / (√(v / c2) + ε), with the bias corrections c1, c2 taken out of the loop.
    const stepSize = this.adam.learningRate / (1 - beta1 ** this.steps);
    const inverseRootC2 = 1 / Math.sqrt(1 - beta2 ** this.steps);
    for (let p = 0; p < this.weights.length; p++) {
      const w = this.weights[p];
      const g = grads[p];
      const m = this.m[p];
      const v = this.v[p];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) * inverseRootC2 + epsilon);
      }
    }
  }
}
