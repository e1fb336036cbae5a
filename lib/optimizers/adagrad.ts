import { checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
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
  /**
   * Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above
   * but initialAccumulatorValue, which torch.optim.Adagrad takes from the optimizer's own options for every group.
   */
  groups?: readonly GroupOptions<Omit<AdagradSettings, "initialAccumulatorValue">>[];
}

/** Every option of {@link Adagrad}, checked and with the defaults filled in: what each of its groups holds. */
export type AdagradSettings = Required<Omit<AdagradOptions, "groups">>;

/** torch.optim.Adagrad's defaults. */
const ADAGRAD_DEFAULTS: AdagradSettings = { lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 };

/** Checks Adagrad's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveAdagrad(owner: string, given: Partial<AdagradSettings>, defaults: Partial<AdagradSettings>, prefix: string): AdagradSettings {
  if (prefix !== "" && given.initialAccumulatorValue !== undefined) {
    throw new RangeError(
      `${owner}: ${prefix}initialAccumulatorValue cannot be set per group: torch.optim.Adagrad starts every group's sum at the optimizer's own initialAccumulatorValue; set it there`,
    );
  }
  const option = (name: keyof AdagradSettings) => checkNumber(owner, prefix + name, given[name] ?? defaults[name], { min: 0 });
  return { lr: option("lr"), lrDecay: option("lrDecay"), weightDecay: option("weightDecay"), initialAccumulatorValue: option("initialAccumulatorValue"), eps: option("eps") };
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
export class Adagrad extends BaseOptimizer<AdagradSettings> {
  readonly name = "Adagrad";
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;
  /** The running sum of squared gradients s (null before the first step). */
  sum: Float64Array | null = null;

  constructor(options: AdagradOptions = {}) {
    super("Adagrad", options, ADAGRAD_DEFAULTS, resolveAdagrad);
    this.lrDecay = this.defaults.lrDecay;
    this.weightDecay = this.defaults.weightDecay;
    this.initialAccumulatorValue = this.defaults.initialAccumulatorValue;
    this.eps = this.defaults.eps;
  }

  protected allocate(n: number): void {
    this.sum = n > 0 ? new Float64Array(n).fill(this.initialAccumulatorValue) : null;
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<AdagradSettings>, from: number, to: number): void {
    const sum = this.sum as Float64Array;
    const clr = group.lr / (1 + (t - 1) * group.lrDecay);
    const { weightDecay: wd, eps } = group;
    for (let i = from; i < to; i++) {
      const g = grads[i] + wd * params[i];
      const s = sum[i] + g * g;
      sum[i] = s;
      params[i] -= (clr * g) / (Math.sqrt(s) + eps);
    }
  }
}
