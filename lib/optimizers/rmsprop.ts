import { checkNumber } from "../validate";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link RMSProp}; defaults are torch.optim.RMSprop's. */
export interface RMSPropOptions {
  /** Learning rate η >= 0 (default 0.01). */
  lr?: number;
  /** Smoothing constant α in [0, 1] of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** ε >= 0 added to the square root, outside it (default 1e-8). */
  eps?: number;
  /** Momentum μ in [0, 1) applied to the normalised step (default 0). */
  momentum?: number;
  /** Divide by the estimated variance v - ḡ² instead of v (default false). */
  centered?: boolean;
  /** L2 penalty λ >= 0, added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * RMSProp, exactly as torch.optim.RMSprop (note: ε sits outside the square root, unlike TensorFlow's):
 *
 *   g ← ∇f(θ) + λθ
 *   v ← α·v + (1 - α)·g²
 *   ḡ ← α·ḡ + (1 - α)·g                      (centered only)
 *   d ← √(v - ḡ²) + ε   (centered)   or   √v + ε
 *   b ← μ·b + g / d,  θ ← θ - η·b           (momentum > 0; b starts at 0)
 *   θ ← θ - η·g / d                          (momentum = 0)
 */
export class RMSProp extends BaseOptimizer {
  readonly name = "RMSProp";
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;
  /** Running average of squared gradients v (null before the first step). */
  squareAvg: Float64Array | null = null;
  /** Running average of gradients ḡ (centered only). */
  gradAvg: Float64Array | null = null;
  /** Momentum buffer b (momentum > 0 only). */
  momentumBuffer: Float64Array | null = null;

  constructor(options: RMSPropOptions = {}) {
    super(options.lr ?? 0.01);
    this.alpha = checkNumber("RMSProp", "alpha", options.alpha ?? 0.99, { min: 0, max: 1 });
    this.eps = checkNumber("RMSProp", "eps", options.eps ?? 1e-8, { min: 0 });
    this.momentum = checkNumber("RMSProp", "momentum", options.momentum ?? 0, { min: 0, max: 1, maxExclusive: true });
    this.weightDecay = checkNumber("RMSProp", "weightDecay", options.weightDecay ?? 0, { min: 0 });
    this.centered = options.centered ?? false;
  }

  protected allocate(n: number): void {
    const make = (wanted: boolean): Float64Array | null => (wanted && n > 0 ? new Float64Array(n) : null);
    this.squareAvg = make(true);
    this.gradAvg = make(this.centered);
    this.momentumBuffer = make(this.momentum > 0);
  }

  protected update(params: Float64Array, grads: Float64Array): void {
    const v = this.squareAvg as Float64Array;
    const gAvg = this.gradAvg;
    const buffer = this.momentumBuffer;
    const { alpha, eps, momentum: mu, weightDecay: wd, lr } = this;
    for (let i = 0, n = params.length; i < n; i++) {
      const g = grads[i] + wd * params[i];
      const vi = alpha * v[i] + (1 - alpha) * g * g;
      v[i] = vi;
      let denom: number;
      if (gAvg !== null) {
        const mi = alpha * gAvg[i] + (1 - alpha) * g;
        gAvg[i] = mi;
        denom = Math.sqrt(vi - mi * mi) + eps;
      } else {
        denom = Math.sqrt(vi) + eps;
      }
      if (buffer !== null) {
        const b = mu * buffer[i] + g / denom;
        buffer[i] = b;
        params[i] -= lr * b;
      } else {
        params[i] -= (lr * g) / denom;
      }
    }
  }
}
