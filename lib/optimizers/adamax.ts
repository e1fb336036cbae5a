import { pow } from "../exact-math";
import { checkBetas, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link Adamax}; defaults are torch.optim.Adamax's. */
export interface AdamaxOptions {
  /** Learning rate η >= 0 (default 2e-3). */
  lr?: number;
  /** [β1, β2], each in [0, 1): decay rates of the first moment and of the infinity norm (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** ε >= 0 added to |g| before the maximum, so that u is never 0 (default 1e-8). */
  eps?: number;
  /** L2 penalty λ >= 0, added to the gradient: g ← g + λθ (default 0). */
  weightDecay?: number;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<AdamaxSettings>[];
}

/** Every option of {@link Adamax}, checked and with the defaults filled in: what each group holds. */
export type AdamaxSettings = Required<Omit<AdamaxOptions, "groups">>;

/** Checks Adamax's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveAdamax(owner: string, given: Partial<AdamaxSettings>, defaults: Partial<AdamaxSettings>, prefix: string): AdamaxSettings {
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    betas: checkBetas(owner, `${prefix}betas`, given.betas ?? defaults.betas),
    eps: checkNumber(owner, `${prefix}eps`, given.eps ?? defaults.eps, { min: 0 }),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
  };
}

/**
 * Adamax (Kingma & Ba 2015, §7.1), exactly as torch.optim.Adamax: Adam with the second moment's L2 norm
 * replaced by an exponentially weighted infinity norm u, which needs no bias correction:
 *
 *   g ← ∇f(θ) + λθ
 *   m ← β1·m + (1 - β1)·g
 *   u ← max(β2·u, |g| + ε)               (starts at 0; torch adds ε inside the maximum)
 *   θ ← θ - η/(1 - β1ᵗ) · m/u
 */
export class Adamax extends BaseOptimizer<AdamaxSettings> {
  readonly name = "Adamax";
  /** First moment m (null before the first step). */
  expAvg: Float64Array | null = null;
  /** Infinity norm u (torch's state["exp_inf"]; null before the first step). */
  expInf: Float64Array | null = null;

  constructor(options: AdamaxOptions = {}) {
    super("Adamax", options, { lr: 2e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0 }, resolveAdamax);
  }

  protected allocate(n: number): void {
    this.expAvg = n > 0 ? new Float64Array(n) : null;
    this.expInf = n > 0 ? new Float64Array(n) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<AdamaxSettings>, from: number, to: number): void {
    const m = this.expAvg as Float64Array;
    const u = this.expInf as Float64Array;
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    const stepSize = lr / (1 - pow(beta1, t));
    for (let i = from; i < to; i++) {
      const p = params[i];
      const g = grads[i] + weightDecay * p;
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const ui = Math.max(beta2 * u[i], Math.abs(g) + eps);
      m[i] = mi;
      u[i] = ui;
      params[i] = p - (stepSize * mi) / ui;
    }
  }
}
