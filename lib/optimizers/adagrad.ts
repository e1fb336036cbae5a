import { checkNumber } from "../validate";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link Adagrad}; defaults are torch.optim.Adagrad's. */
export interface AdagradOptions {
  /** Learning rate η >= 0 (default 0.01). */
  lr?: number;
  /** Learning-rate decay κ >= 0: step t uses η / (1 + (t - 1)κ) (default 0). */
  lrDecay?: number;
  /** L2 penalty λ >= 0, added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squares, >= 0 (default 0). */
  initialAccumulatorValue?: number;
  /** ε >= 0 added to the square root, outside it (default 1e-10). */
  eps?: number;
}

/**
 * Adagrad, exactly as torch.optim.Adagrad: every coordinate divides by the root of its own running sum of
 * squared gradients, so steps shrink for coordinates that have seen large gradients.
 *
 *   g ← ∇f(θ) + λθ
 *   η_t ← η / (1 + (t - 1)κ)
 *   s ← s + g²
 *   θ ← θ - η_t · g / (√s + ε)
 */
export class Adagrad extends BaseOptimizer {
  readonly name = "Adagrad";
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;
  /** The running sum of squared gradients s (null before the first step). */
  sum: Float64Array | null = null;

  constructor(options: AdagradOptions = {}) {
    super(options.lr ?? 0.01);
    this.lrDecay = checkNumber("Adagrad", "lrDecay", options.lrDecay ?? 0, { min: 0 });
    this.weightDecay = checkNumber("Adagrad", "weightDecay", options.weightDecay ?? 0, { min: 0 });
    this.initialAccumulatorValue = checkNumber("Adagrad", "initialAccumulatorValue", options.initialAccumulatorValue ?? 0, { min: 0 });
    this.eps = checkNumber("Adagrad", "eps", options.eps ?? 1e-10, { min: 0 });
  }

  protected allocate(n: number): void {
    this.sum = n > 0 ? new Float64Array(n).fill(this.initialAccumulatorValue) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number): void {
    const sum = this.sum as Float64Array;
    const clr = this.lr / (1 + (t - 1) * this.lrDecay);
    const wd = this.weightDecay;
    const eps = this.eps;
    for (let i = 0, n = params.length; i < n; i++) {
      const g = grads[i] + wd * params[i];
      const s = sum[i] + g * g;
      sum[i] = s;
      params[i] -= (clr * g) / (Math.sqrt(s) + eps);
    }
  }
}
