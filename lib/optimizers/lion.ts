import { checkBetas, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link Lion}; defaults are the paper's (Chen et al. 2023: β1 = 0.9, β2 = 0.99). */
export interface LionOptions {
  /** Learning rate η >= 0 (default 1e-4: the sign update has size η in every coordinate, so η is small). */
  lr?: number;
  /** [β1, β2], each in [0, 1): β1 interpolates the update, β2 is the momentum's decay (default [0.9, 0.99]). */
  betas?: readonly [number, number];
  /** Decoupled weight decay λ >= 0: θ ← θ - ηλθ along with the sign step (default 0). */
  weightDecay?: number;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<LionSettings>[];
}

/** Every option of {@link Lion}, checked and with the defaults filled in: what each group holds. */
export type LionSettings = Required<Omit<LionOptions, "groups">>;

/** Checks Lion's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveLion(owner: string, given: Partial<LionSettings>, defaults: Partial<LionSettings>, prefix: string): LionSettings {
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    betas: checkBetas(owner, `${prefix}betas`, given.betas ?? defaults.betas),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
  };
}

/**
 * Lion, "EvoLved Sign Momentum" (Chen et al. 2023, Algorithm 2), found by program search; not in torch.optim:
 *
 *   c ← β1·m + (1 - β1)·g                (the update's direction: an interpolation, m itself is not changed yet)
 *   θ ← θ - η·(sign(c) + λθ)             (sign(0) = 0)
 *   m ← β2·m + (1 - β2)·g                (the momentum, with its own, slower decay)
 *
 * One state vector (Adam has two), and every coordinate moves by exactly η (plus the decay).
 */
export class Lion extends BaseOptimizer<LionSettings> {
  readonly name = "Lion";
  /** Momentum m (null before the first step). */
  expAvg: Float64Array | null = null;

  constructor(options: LionOptions = {}) {
    super("Lion", options, { lr: 1e-4, betas: [0.9, 0.99] as const, weightDecay: 0 }, resolveLion);
  }

  protected allocate(n: number): void {
    this.expAvg = n > 0 ? new Float64Array(n) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, _t: number, group: ParamGroup<LionSettings>, from: number, to: number): void {
    const m = this.expAvg as Float64Array;
    const { lr, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    for (let i = from; i < to; i++) {
      const g = grads[i];
      const c = beta1 * m[i] + (1 - beta1) * g;
      const p = params[i];
      // Math.sign(0) is 0, as the paper's sign; c is never NaN for finite m and g.
      params[i] = p - lr * (Math.sign(c) + weightDecay * p);
      m[i] = beta2 * m[i] + (1 - beta2) * g;
    }
  }
}
