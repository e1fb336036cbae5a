import { pow } from "../exact-math";
import { checkBetas, checkBoolean, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link NAdam}; defaults are torch.optim.NAdam's. */
export interface NAdamOptions {
  /** Learning rate η >= 0 (default 2e-3). */
  lr?: number;
  /** [β1, β2], each in [0, 1): decay rates of the first and second moment (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** ε >= 0 added to √v̂ (default 1e-8). */
  eps?: number;
  /** Weight decay λ >= 0: added to the gradient (L2), or decoupled with `decoupledWeightDecay` (default 0). */
  weightDecay?: number;
  /** ψ >= 0 in the momentum schedule μ_t = β1·(1 - ½·0.96^(tψ)) (default 4e-3). */
  momentumDecay?: number;
  /** Shrink θ by (1 - ηλ) instead of adding λθ to the gradient, as AdamW (default false). */
  decoupledWeightDecay?: boolean;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<NAdamSettings>[];
}

/** Every option of {@link NAdam}, checked and with the defaults filled in: what each group holds. */
export type NAdamSettings = Required<Omit<NAdamOptions, "groups">>;

/** Checks NAdam's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveNAdam(owner: string, given: Partial<NAdamSettings>, defaults: Partial<NAdamSettings>, prefix: string): NAdamSettings {
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    betas: checkBetas(owner, `${prefix}betas`, given.betas ?? defaults.betas),
    eps: checkNumber(owner, `${prefix}eps`, given.eps ?? defaults.eps, { min: 0 }),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
    momentumDecay: checkNumber(owner, `${prefix}momentumDecay`, given.momentumDecay ?? defaults.momentumDecay, { min: 0 }),
    decoupledWeightDecay: checkBoolean(owner, `${prefix}decoupledWeightDecay`, given.decoupledWeightDecay ?? defaults.decoupledWeightDecay),
  };
}

/**
 * NAdam (Dozat 2016): Adam with Nesterov momentum, exactly as torch.optim.NAdam. With a momentum schedule
 * μ_t = β1·(1 - ½·0.96^(tψ)) and its running product Π_t = μ_1···μ_t:
 *
 *   g ← ∇f(θ) + λθ                       (or θ ← θ·(1 - ηλ) with decoupledWeightDecay)
 *   m ← β1·m + (1 - β1)·g,   v ← β2·v + (1 - β2)·g²
 *   θ ← θ - η·(1 - μ_t)/(1 - Π_t) · g/(√v̂ + ε) - η·μ_{t+1}/(1 - Π_t·μ_{t+1}) · m/(√v̂ + ε),   v̂ = v/(1 - β2ᵗ)
 *
 * The first term is the gradient's share of the look-ahead, the second the momentum's one step ahead.
 */
export class NAdam extends BaseOptimizer<NAdamSettings> {
  readonly name = "NAdam";
  /** First moment m (null before the first step). */
  expAvg: Float64Array | null = null;
  /** Second moment v (null before the first step). */
  expAvgSq: Float64Array | null = null;
  /** Π_t = μ_1···μ_t of each group, in group order (torch's state["mu_product"]); 1 before the first step. */
  readonly muProduct: Float64Array;

  constructor(options: NAdamOptions = {}) {
    const torchDefaults = { lr: 2e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, decoupledWeightDecay: false };
    super("NAdam", options, torchDefaults, resolveNAdam);
    this.muProduct = new Float64Array(this.groups.length).fill(1);
  }

  protected allocate(n: number): void {
    this.expAvg = n > 0 ? new Float64Array(n) : null;
    this.expAvgSq = n > 0 ? new Float64Array(n) : null;
    this.muProduct.fill(1);
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<NAdamSettings>, from: number, to: number): void {
    const m = this.expAvg as Float64Array;
    const v = this.expAvgSq as Float64Array;
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const k = this.groups.indexOf(group);
    const mu = beta1 * (1 - 0.5 * pow(0.96, t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * pow(0.96, (t + 1) * momentumDecay));
    const product = this.muProduct[k] * mu;
    this.muProduct[k] = product;
    const gradScale = (lr * (1 - mu)) / (1 - product);
    const momentumScale = (lr * muNext) / (1 - product * muNext);
    const correction2 = 1 - pow(beta2, t);
    const l2 = group.decoupledWeightDecay ? 0 : weightDecay;
    const shrink = group.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
    for (let i = from; i < to; i++) {
      const p = params[i] * shrink;
      const g = grads[i] + l2 * p;
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const denom = Math.sqrt(vi / correction2) + eps;
      params[i] = p - (gradScale * g) / denom - (momentumScale * mi) / denom;
    }
  }
}
