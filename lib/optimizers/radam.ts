import { pow } from "../exact-math";
import { checkBetas, checkBoolean, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link RAdam}; defaults are torch.optim.RAdam's. */
export interface RAdamOptions {
  /** Learning rate η >= 0 (default 1e-3). */
  lr?: number;
  /** [β1, β2], each in [0, 1): decay rates of the first and second moment (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** ε >= 0 added to √v (default 1e-8). */
  eps?: number;
  /** Weight decay λ >= 0: added to the gradient (L2), or decoupled with `decoupledWeightDecay` (default 0). */
  weightDecay?: number;
  /** Shrink θ by (1 - ηλ) instead of adding λθ to the gradient, as AdamW (default false). */
  decoupledWeightDecay?: boolean;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<RAdamSettings>[];
}

/** Every option of {@link RAdam}, checked and with the defaults filled in: what each group holds. */
export type RAdamSettings = Required<Omit<RAdamOptions, "groups">>;

/** Checks RAdam's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveRAdam(owner: string, given: Partial<RAdamSettings>, defaults: Partial<RAdamSettings>, prefix: string): RAdamSettings {
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    betas: checkBetas(owner, `${prefix}betas`, given.betas ?? defaults.betas),
    eps: checkNumber(owner, `${prefix}eps`, given.eps ?? defaults.eps, { min: 0 }),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
    decoupledWeightDecay: checkBoolean(owner, `${prefix}decoupledWeightDecay`, given.decoupledWeightDecay ?? defaults.decoupledWeightDecay),
  };
}

/**
 * ρ_t, the length of the simple moving average that Adam's second moment approximates at step t
 * (Liu et al. 2020): ρ_t = ρ_∞ - 2t·β2ᵗ/(1 - β2ᵗ), with ρ_∞ = 2/(1 - β2) - 1.
 */
export function radamRho(beta2: number, t: number): number {
  const rhoInf = 2 / (1 - beta2) - 1;
  return rhoInf - (2 * t * pow(beta2, t)) / (1 - pow(beta2, t));
}

/**
 * RAdam (Liu et al. 2020), exactly as torch.optim.RAdam: Adam whose adaptive step is switched on only once
 * the variance of 1/√v̂ is defined (ρ_t > 5), and then scaled by the rectification r_t:
 *
 *   g ← ∇f(θ) + λθ                       (or θ ← θ·(1 - ηλ) with decoupledWeightDecay)
 *   m ← β1·m + (1 - β1)·g,   v ← β2·v + (1 - β2)·g²,   m̂ = m/(1 - β1ᵗ)
 *   ρ_t > 5:  r_t = √((ρ_t - 4)(ρ_t - 2)ρ_∞ / ((ρ_∞ - 4)(ρ_∞ - 2)ρ_t)),   θ ← θ - η·m̂·r_t·√(1 - β2ᵗ)/(√v + ε)
 *   ρ_t <= 5: θ ← θ - η·m̂                (SGD with momentum: with β2 = 0.999, the first 5 steps)
 */
export class RAdam extends BaseOptimizer<RAdamSettings> {
  readonly name = "RAdam";
  /** First moment m (null before the first step). */
  expAvg: Float64Array | null = null;
  /** Second moment v (null before the first step). */
  expAvgSq: Float64Array | null = null;

  constructor(options: RAdamOptions = {}) {
    const torchDefaults = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false };
    super("RAdam", options, torchDefaults, resolveRAdam);
  }

  protected allocate(n: number): void {
    this.expAvg = n > 0 ? new Float64Array(n) : null;
    this.expAvgSq = n > 0 ? new Float64Array(n) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<RAdamSettings>, from: number, to: number): void {
    const m = this.expAvg as Float64Array;
    const v = this.expAvgSq as Float64Array;
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    const l2 = group.decoupledWeightDecay ? 0 : weightDecay;
    const shrink = group.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
    const correction1 = 1 - pow(beta1, t);
    const correction2Sqrt = Math.sqrt(1 - pow(beta2, t));
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = radamRho(beta2, t);
    const adaptive = rho > 5;
    const rect = adaptive ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    for (let i = from; i < to; i++) {
      const p = params[i] * shrink;
      const g = grads[i] + l2 * p;
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const step = (mi / correction1) * lr;
      params[i] = adaptive ? p - ((step * correction2Sqrt) / (Math.sqrt(vi) + eps)) * rect : p - step;
    }
  }
}
