import { checkBoolean, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
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
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<SGDSettings>[];
}

/** Every option of {@link SGD}, checked and with the defaults filled in: what each of its groups holds. */
export type SGDSettings = Required<Omit<SGDOptions, "groups">>;

/** torch.optim.SGD's defaults (lr has none there either). */
const SGD_DEFAULTS: Partial<SGDSettings> = { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };

/** Checks SGD's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveSGD(owner: string, given: Partial<SGDSettings>, defaults: Partial<SGDSettings>, prefix: string): SGDSettings {
  const settings: SGDSettings = {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    momentum: checkNumber(owner, `${prefix}momentum`, given.momentum ?? defaults.momentum, { min: 0, max: 1, maxExclusive: true }),
    dampening: checkNumber(owner, `${prefix}dampening`, given.dampening ?? defaults.dampening, { min: 0, max: 1 }),
    nesterov: checkBoolean(owner, `${prefix}nesterov`, given.nesterov ?? defaults.nesterov),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
  };
  if (settings.nesterov && (settings.momentum === 0 || settings.dampening !== 0)) {
    throw new RangeError(
      `${owner}: ${prefix}nesterov = true needs ${prefix}momentum > 0 and ${prefix}dampening = 0, got momentum = ${settings.momentum} and dampening = ${settings.dampening}`,
    );
  }
  return settings;
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
export class SGD extends BaseOptimizer<SGDSettings> {
  readonly name = "SGD";
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** The momentum buffer b (0 in groups without momentum), or null before the first step and when no group has momentum. */
  momentumBuffer: Float64Array | null = null;

  constructor(options: SGDOptions) {
    super("SGD", options, SGD_DEFAULTS, resolveSGD);
    this.momentum = this.defaults.momentum;
    this.dampening = this.defaults.dampening;
    this.nesterov = this.defaults.nesterov;
    this.weightDecay = this.defaults.weightDecay;
  }

  protected allocate(n: number): void {
    this.momentumBuffer = n > 0 && this.groups.some((group) => group.momentum !== 0) ? new Float64Array(n) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<SGDSettings>, from: number, to: number): void {
    const { lr, momentum: mu, weightDecay: wd, nesterov } = group;
    const buffer = this.momentumBuffer;
    if (mu === 0 || buffer === null) {
      for (let i = from; i < to; i++) params[i] -= lr * (grads[i] + wd * params[i]);
      return;
    }
    // At t = 1 torch clones the gradient into the buffer: no μ·b term and no dampening.
    const keep = t === 1 ? 0 : mu;
    const blend = t === 1 ? 1 : 1 - group.dampening;
    for (let i = from; i < to; i++) {
      const g = grads[i] + wd * params[i];
      const b = keep * buffer[i] + blend * g;
      buffer[i] = b;
      params[i] -= lr * (nesterov ? g + mu * b : b);
    }
  }
}
