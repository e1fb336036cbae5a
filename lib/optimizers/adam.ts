import { pow } from "../exact-math";
import { checkBetas, checkBoolean, checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link Adam} and {@link AdamW}; defaults are torch.optim.Adam's (AdamW: weightDecay 1e-2). */
export interface AdamOptions {
  /** Learning rate η >= 0 (default 1e-3). */
  lr?: number;
  /** [β1, β2], each in [0, 1): decay rates of the first and second moment (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** ε >= 0 added to √v̂, outside the square root (default 1e-8). */
  eps?: number;
  /** Weight decay λ >= 0: Adam adds λθ to the gradient (L2); AdamW shrinks θ by (1 - ηλ) (decoupled). */
  weightDecay?: number;
  /** Divide by the running maximum of v instead of v (AMSGrad; default false). */
  amsgrad?: boolean;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<AdamSettings>[];
}

/** Every option of {@link Adam} and {@link AdamW}, checked and with the defaults filled in: what each group holds. */
export type AdamSettings = Required<Omit<AdamOptions, "groups">>;

/** Checks Adam's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveAdam(owner: string, given: Partial<AdamSettings>, defaults: Partial<AdamSettings>, prefix: string): AdamSettings {
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    betas: checkBetas(owner, `${prefix}betas`, given.betas ?? defaults.betas),
    eps: checkNumber(owner, `${prefix}eps`, given.eps ?? defaults.eps, { min: 0 }),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
    amsgrad: checkBoolean(owner, `${prefix}amsgrad`, given.amsgrad ?? defaults.amsgrad),
  };
}

/**
 * Adam, exactly as torch.optim.Adam, with weight decay as an L2 term added to the gradient:
 *
 *   g ← ∇f(θ) + λθ
 *   m ← β1·m + (1 - β1)·g                 (first moment, starts at 0)
 *   v ← β2·v + (1 - β2)·g²                (second moment, starts at 0)
 *   v_max ← max(v_max, v)                 (amsgrad only; then v_max replaces v below)
 *   m̂ ← m / (1 - β1ᵗ),  v̂ ← v / (1 - β2ᵗ)  (bias correction; t counts from 1)
 *   θ ← θ - η · m̂ / (√v̂ + ε)
 *
 * In code, as in torch: step size η/(1 - β1ᵗ), denominator √v/√(1 - β2ᵗ) + ε.
 */
export class Adam extends BaseOptimizer<AdamSettings> {
  readonly name: string = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  /** True for AdamW: decay multiplies θ by (1 - ηλ) before the update instead of entering the gradient. */
  readonly decoupled: boolean = false;
  /** First moment m (null before the first step). */
  expAvg: Float64Array | null = null;
  /** Second moment v (null before the first step). */
  expAvgSq: Float64Array | null = null;
  /** Running maximum of v (null unless a group uses amsgrad). */
  maxExpAvgSq: Float64Array | null = null;

  constructor(options: AdamOptions = {}, defaultWeightDecay = 0) {
    const torchDefaults = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: defaultWeightDecay, amsgrad: false };
    super(new.target.name, options, torchDefaults, resolveAdam);
    this.beta1 = this.defaults.betas[0];
    this.beta2 = this.defaults.betas[1];
    this.eps = this.defaults.eps;
    this.weightDecay = this.defaults.weightDecay;
    this.amsgrad = this.defaults.amsgrad;
  }

  protected allocate(n: number): void {
    this.expAvg = n > 0 ? new Float64Array(n) : null;
    this.expAvgSq = n > 0 ? new Float64Array(n) : null;
    this.maxExpAvgSq = n > 0 && this.groups.some((group) => group.amsgrad) ? new Float64Array(n) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<AdamSettings>, from: number, to: number): void {
    const m = this.expAvg as Float64Array;
    const v = this.expAvgSq as Float64Array;
    const vMax = group.amsgrad ? this.maxExpAvgSq : null;
    const { lr, eps, weightDecay } = group;
    const beta1 = group.betas[0];
    const beta2 = group.betas[1];
    const l2 = this.decoupled ? 0 : weightDecay;
    const shrink = this.decoupled ? 1 - lr * weightDecay : 1;
    const stepSize = lr / (1 - pow(beta1, t));
    const correction2Sqrt = Math.sqrt(1 - pow(beta2, t));
    // One fused pass per step. AMSGrad has a loop of its own, so the common loop carries no branch.
    if (vMax === null) {
      for (let i = from; i < to; i++) {
        const p = params[i] * shrink;
        const g = grads[i] + l2 * p;
        const mi = beta1 * m[i] + (1 - beta1) * g;
        const vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] = p - (stepSize * mi) / (Math.sqrt(vi) / correction2Sqrt + eps);
      }
      return;
    }
    for (let i = from; i < to; i++) {
      const p = params[i] * shrink;
      const g = grads[i] + l2 * p;
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const viMax = Math.max(vMax[i], vi);
      vMax[i] = viMax;
      params[i] = p - (stepSize * mi) / (Math.sqrt(viMax) / correction2Sqrt + eps);
    }
  }
}

/**
 * AdamW, exactly as torch.optim.AdamW: Adam without the L2 term, and with decoupled weight decay applied
 * to the parameters first, θ ← θ·(1 - ηλ), then the Adam update above. Default λ = 1e-2.
 */
export class AdamW extends Adam {
  readonly name: string = "AdamW";
  readonly decoupled: boolean = true;

  constructor(options: AdamOptions = {}) {
    super(options, 1e-2);
  }
}
