// A two-layer perceptron for 2-D binary classification, with hand-written backpropagation over one flat
// parameter vector, so that any optimizer of the course can train it.
import type { Dataset } from "./data";
import { Rng } from "./rng";
import { checkFloat64Array, checkNumber } from "./validate";

const P_MIN = 1e-15; // probabilities are clamped to [P_MIN, 1 - P_MIN] inside the log, so the loss stays finite

/**
 * Binary cross-entropy -[y log p + (1 - y) log(1 - p)] with p clamped away from 0 and 1.
 * For a hard label (y = 1 or y = 0) one of the two terms is 0 · log(...) = -0 (both logarithms are finite and
 * negative after the clamp), and adding -0 changes nothing: so only the other logarithm is taken, with the
 * same bits as the full formula (tested), at half the cost. Soft labels take the full formula.
 */
export function binaryCrossEntropy(p: number, y: number): number {
  const q = Math.min(1 - P_MIN, Math.max(P_MIN, p));
  if (y === 1) return -Math.log(q);
  if (y === 0) return -Math.log(1 - q);
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
}

/** One block of the MLP's parameter vector: the index range [from, to), what it is and which layer it belongs to. */
export interface ParameterBlock {
  /** "W1", "b1", "w2" or "b2". */
  readonly name: string;
  readonly kind: "weight" | "bias";
  /** 1 for the hidden layer, 2 for the output layer. */
  readonly layer: 1 | 2;
  readonly from: number;
  readonly to: number;
}

/**
 * The network p = σ(w₂·relu(W₁x + b₁) + b₂) with x ∈ ℝ², H hidden units and one sigmoid output, trained on
 * binary cross-entropy. The parameter vector is laid out as W₁ (H rows of 2), b₁ (H), w₂ (H),
 * b₂ (1): 4H + 1 numbers. Work buffers are allocated once, so forward and backward allocate nothing.
 */
export class MLP {
  readonly hidden: number;
  /** Number of parameters, 4H + 1. */
  readonly size: number;
  /**
   * How many samples the last `lossAndGradient` call classified correctly (p >= 0.5 matching the label),
   * with the parameters it was given: the training loop reads its accuracy here instead of a second pass.
   */
  lastCorrect = 0;
  private readonly z1: Float64Array;
  private readonly h: Float64Array;

  /** A network with `hidden` ReLU units (default 8: the course's 2-8-1 network). */
  constructor(hidden = 8) {
    this.hidden = checkNumber("MLP", "hidden", hidden, { min: 1, integer: true });
    this.size = 4 * hidden + 1;
    this.z1 = new Float64Array(hidden);
    this.h = new Float64Array(hidden);
  }

  /**
   * The blocks of the parameter vector in index order, W₁ [0, 2H), b₁ [2H, 3H), w₂ [3H, 4H), b₂ [4H, 4H + 1):
   * map them to an optimizer's `groups`, e.g. no weight decay on biases, or an output layer with its own lr.
   */
  parameterGroups(): ParameterBlock[] {
    const H = this.hidden;
    return [
      { name: "W1", kind: "weight", layer: 1, from: 0, to: 2 * H },
      { name: "b1", kind: "bias", layer: 1, from: 2 * H, to: 3 * H },
      { name: "w2", kind: "weight", layer: 2, from: 3 * H, to: 4 * H },
      { name: "b2", kind: "bias", layer: 2, from: 4 * H, to: 4 * H + 1 },
    ];
  }

  /** New parameters: weights drawn from N(0, std²) with the given seed, biases 0 (the course uses std 0.5). */
  init(seed = 0, std = 0.5): Float64Array {
    const H = this.hidden;
    const params = new Float64Array(this.size);
    const rng = new Rng(seed);
    for (let i = 0; i < 2 * H; i++) params[i] = rng.gaussian(0, std);
    for (let i = 3 * H; i < 4 * H; i++) params[i] = rng.gaussian(0, std);
    return params;
  }

  /** The predicted probability p(y = 1 | x) for the point (x0, x1); fills the hidden buffers for backward. */
  predict(params: Float64Array, x0: number, x1: number): number {
    const H = this.hidden;
    const { z1, h } = this;
    let z2 = params[4 * H];
    for (let j = 0; j < H; j++) {
      const z = params[2 * j] * x0 + params[2 * j + 1] * x1 + params[2 * H + j];
      const hj = z > 0 ? z : 0;
      z1[j] = z;
      h[j] = hj;
      z2 += params[3 * H + j] * hj;
    }
    return 1 / (1 + Math.exp(-z2));
  }

  /**
   * Mean loss over the samples `indices[from..to)` (all samples by default); writes the mean gradient into
   * `grads`. Backward pass per sample: ∂L/∂z₂ = p - y; ∂L/∂w₂ⱼ = (p - y)hⱼ; ∂L/∂z₁ⱼ = (p - y)w₂ⱼ·[z₁ⱼ > 0];
   * ∂L/∂W₁ⱼ = ∂L/∂z₁ⱼ·x; ∂L/∂b₁ⱼ = ∂L/∂z₁ⱼ.
   */
  lossAndGradient(
    params: Float64Array,
    grads: Float64Array,
    data: Dataset,
    indices?: ArrayLike<number>,
    from = 0,
    to = indices ? indices.length : data.size,
  ): number {
    checkFloat64Array("MLP", "params", params);
    checkFloat64Array("MLP", "grads", grads);
    if (params.length !== this.size || grads.length !== this.size) {
      throw new RangeError(`MLP: params and grads must have length ${this.size} (4·hidden + 1), got ${params.length} and ${grads.length}`);
    }
    const H = this.hidden;
    const count = to - from;
    const { z1, h } = this;
    const { inputs, labels } = data;
    grads.fill(0);
    let total = 0;
    let correct = 0;
    for (let k = from; k < to; k++) {
      const s = indices ? indices[k] : k;
      const x0 = inputs[2 * s];
      const x1 = inputs[2 * s + 1];
      const y = labels[s];
      const p = this.predict(params, x0, x1);
      total += binaryCrossEntropy(p, y);
      if (p >= 0.5 === y >= 0.5) correct += 1;
      const dz2 = (p - y) / count;
      grads[4 * H] += dz2;
      for (let j = 0; j < H; j++) {
        grads[3 * H + j] += dz2 * h[j];
        const dz1 = z1[j] > 0 ? dz2 * params[3 * H + j] : 0;
        grads[2 * j] += dz1 * x0;
        grads[2 * j + 1] += dz1 * x1;
        grads[2 * H + j] += dz1;
      }
    }
    this.lastCorrect = correct;
    return total / count;
  }

  /** Mean loss and accuracy (fraction of points with (p >= 0.5) matching the label) over a data set. */
  evaluate(params: Float64Array, data: Dataset): { loss: number; accuracy: number } {
    const { inputs, labels } = data;
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < data.size; s++) {
      const y = labels[s];
      const p = this.predict(params, inputs[2 * s], inputs[2 * s + 1]);
      loss += binaryCrossEntropy(p, y);
      if (p >= 0.5 === y >= 0.5) correct += 1;
    }
    return { loss: loss / data.size, accuracy: correct / data.size };
  }
}
