import { checkNumber } from "../validate";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link SGD}; defaults are torch.optim.SGD's. */
export interface SGDOptions {
  /** Learning rate η (required, >= 0). */
  lr: number;
  /** Momentum factor μ in [0, 1); 0 turns momentum off. */
  momentum?: number;
  /** Dampening τ in [0, 1]: the new gradient enters the buffer scaled by (1 - τ). */
  dampening?: number;
  /** Use Nesterov's form of momentum (needs momentum > 0 and dampening = 0). */
  nesterov?: boolean;
  /** L2 penalty λ >= 0, added to the gradient: g ← g + λθ. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with optional momentum, exactly as torch.optim.SGD:
 *
 *   g ← ∇f(θ) + λθ
 *   b ← g                      at the first step (the buffer starts as the gradient, undamped)
 *   b ← μ·b + (1 - τ)·g        afterwards
 *   d ← g + μ·b  (Nesterov)    or  d ← b  (classic)    or  d ← g  (momentum 0)
 *   θ ← θ - η·d
 *
 * This is Sutskever's form with η outside the buffer; the "moving average" form b ← μb + (1-μ)g is the
 * same with dampening = momentum (and a learning rate scaled by 1/(1-μ) to match).
 */
export class SGD extends BaseOptimizer {
  readonly name = "SGD";
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** The momentum buffer b, or null before the first step and when momentum is 0. */
  momentumBuffer: Float64Array | null = null;

  constructor(options: SGDOptions) {
    super(options.lr);
    this.momentum = checkNumber("SGD", "momentum", options.momentum ?? 0, { min: 0, max: 1, maxExclusive: true });
    this.dampening = checkNumber("SGD", "dampening", options.dampening ?? 0, { min: 0, max: 1 });
    this.weightDecay = checkNumber("SGD", "weightDecay", options.weightDecay ?? 0, { min: 0 });
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new RangeError(
        `SGD: nesterov = true needs momentum > 0 and dampening = 0, got momentum = ${this.momentum} and dampening = ${this.dampening}`,
      );
    }
  }

  protected allocate(n: number): void {
    this.momentumBuffer = this.momentum !== 0 && n > 0 ? new Float64Array(n) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number): void {
    const lr = this.lr;
    const mu = this.momentum;
    const wd = this.weightDecay;
    const buffer = this.momentumBuffer;
    const n = params.length;
    if (buffer === null) {
      for (let i = 0; i < n; i++) params[i] -= lr * (grads[i] + wd * params[i]);
      return;
    }
    // At t = 1 torch clones the gradient into the buffer: no μ·b term and no dampening.
    const keep = t === 1 ? 0 : mu;
    const blend = t === 1 ? 1 : 1 - this.dampening;
    const nesterov = this.nesterov;
    for (let i = 0; i < n; i++) {
      const g = grads[i] + wd * params[i];
      const b = keep * buffer[i] + blend * g;
      buffer[i] = b;
      params[i] -= lr * (nesterov ? g + mu * b : b);
    }
  }
}
