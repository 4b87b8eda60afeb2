// Adam's weight update as one plain loop over Float32Arrays. tf.train.adam runs ~10 kernels per
// weight tensor per step (moments, bias corrections, square root, division, assignment); for the
// small tensors of the tutorial's networks their dispatch costs far more than their arithmetic.
// The readable version is tf.train.adam itself: test/nn.test.ts proves the two equal to float32
// rounding.
import { tf } from "./backend";

/** Adam's settings, with TensorFlow.js' defaults for beta1, beta2 and epsilon (float32). */
export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam's moments for a list of weight arrays of fixed sizes, and tf.train.adam's update
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  w ← w − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)
 * done in float32 operation by operation in TensorFlow.js' order (Math.fround after every
 * operation; float32 +, −, ×, ÷ and √ are correctly rounded, so each step gives the same bits
 * as tf.train.adam's kernels on the same gradients).
 */
export class PlainAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly oneMinusBeta1: number;
  private readonly oneMinusBeta2: number;
  private readonly epsilon: number;
  private readonly minusLearningRate: number;
  /** β1ᵗ and β2ᵗ, as float32 products (tf.train.adam's accBeta1 / accBeta2). */
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    /** Number of values of each weight array, in the order update() receives them. */
    private readonly sizes: readonly number[],
    settings: AdamSettings,
  ) {
    const f = Math.fround;
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
    const beta1 = settings.beta1 ?? 0.9;
    const beta2 = settings.beta2 ?? 0.999;
    this.beta1 = f(beta1);
    this.beta2 = f(beta2);
    this.oneMinusBeta1 = f(1 - beta1);
    this.oneMinusBeta2 = f(1 - beta2);
    this.epsilon = f(settings.epsilon ?? 1e-7);
    this.minusLearningRate = f(-settings.learningRate);
    this.accBeta1 = this.beta1;
    this.accBeta2 = this.beta2;
  }

  /** One Adam step: updates `weights` in place along their gradients `grads` (same order and sizes). */
  update(weights: Float32Array[], grads: ArrayLike<number>[]): void {
    if (weights.length !== this.sizes.length || grads.length !== this.sizes.length) {
      throw new Error(`PlainAdam.update: expected ${this.sizes.length} weight and gradient arrays, got ${weights.length} and ${grads.length}`);
    }
    const f = Math.fround;
    const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, minusLearningRate } = this;
    const c1 = f(1 - this.accBeta1);
    const c2 = f(1 - this.accBeta2);
    for (let p = 0; p < weights.length; p++) {
      const w = weights[p];
      const g = grads[p];
      const m = this.m[p];
      const v = this.v[p];
      if (w.length !== m.length || g.length !== m.length) {
        throw new Error(`PlainAdam.update: weight array ${p} has ${w.length} values and its gradient ${g.length}, expected ${m.length}`);
      }
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        const mi = f(f(m[i] * beta1) + f(gi * oneMinusBeta1));
        const vi = f(f(v[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
        m[i] = mi;
        v[i] = vi;
        const root = f(f(Math.sqrt(f(vi / c2))) + epsilon);
        w[i] = f(f(f(f(mi / c1) / root) * minusLearningRate) + w[i]);
      }
    }
    this.accBeta1 = f(this.accBeta1 * beta1);
    this.accBeta2 = f(this.accBeta2 * beta2);
  }

  /**
   * One Adam step on TensorFlow.js variables: each gradient and weight is read once, updated in
   * the loop above, and written back with one assign per variable.
   */
  updateVariables(variables: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    const weights = variables.map((w) => Float32Array.from(w.dataSync() as Float32Array));
    this.update(weights, grads.map((g) => g.dataSync() as Float32Array));
    variables.forEach((w, p) => {
      const value = tf.tensor(weights[p], w.shape, "float32");
      w.assign(value);
      value.dispose();
    });
  }
}
