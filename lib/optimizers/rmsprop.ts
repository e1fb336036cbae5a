import { checkBoolean, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
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
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<RMSPropSettings>[];
}

/** Every option of {@link RMSProp}, checked and with the defaults filled in: what each of its groups holds. */
export type RMSPropSettings = Required<Omit<RMSPropOptions, "groups">>;

/** torch.optim.RMSprop's defaults. */
const RMSPROP_DEFAULTS: RMSPropSettings = { lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, weightDecay: 0 };

/** Checks RMSProp's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveRMSProp(owner: string, given: Partial<RMSPropSettings>, defaults: Partial<RMSPropSettings>, prefix: string): RMSPropSettings {
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    alpha: checkNumber(owner, `${prefix}alpha`, given.alpha ?? defaults.alpha, { min: 0, max: 1 }),
    eps: checkNumber(owner, `${prefix}eps`, given.eps ?? defaults.eps, { min: 0 }),
    momentum: checkNumber(owner, `${prefix}momentum`, given.momentum ?? defaults.momentum, { min: 0, max: 1, maxExclusive: true }),
    centered: checkBoolean(owner, `${prefix}centered`, given.centered ?? defaults.centered),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
  };
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
export class RMSProp extends BaseOptimizer<RMSPropSettings> {
  readonly name = "RMSProp";
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;
  /** Running average of squared gradients v (null before the first step). */
  squareAvg: Float64Array | null = null;
  /** Running average of gradients ḡ (null unless a group is centered). */
  gradAvg: Float64Array | null = null;
  /** Momentum buffer b (null unless a group has momentum > 0). */
  momentumBuffer: Float64Array | null = null;

  constructor(options: RMSPropOptions = {}) {
    super("RMSProp", options, RMSPROP_DEFAULTS, resolveRMSProp);
    this.alpha = this.defaults.alpha;
    this.eps = this.defaults.eps;
    this.momentum = this.defaults.momentum;
    this.centered = this.defaults.centered;
    this.weightDecay = this.defaults.weightDecay;
  }

  protected allocate(n: number): void {
    const make = (wanted: boolean): Float64Array | null => (wanted && n > 0 ? new Float64Array(n) : null);
    this.squareAvg = make(true);
    this.gradAvg = make(this.groups.some((group) => group.centered));
    this.momentumBuffer = make(this.groups.some((group) => group.momentum > 0));
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<RMSPropSettings>, from: number, to: number): void {
    const v = this.squareAvg as Float64Array;
    const gAvg = group.centered ? this.gradAvg : null;
    const buffer = group.momentum > 0 ? this.momentumBuffer : null;
    const { alpha, eps, momentum: mu, weightDecay: wd, lr } = group;
    for (let i = from; i < to; i++) {
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
