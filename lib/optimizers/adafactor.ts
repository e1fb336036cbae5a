import { pow } from "../exact-math";
import { checkNumber } from "../validate";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** Options of {@link Adafactor}; defaults are torch.optim.Adafactor's. */
export interface AdafactorOptions {
  /** Learning rate η >= 0; the relative step is ρ_t = min(η, 1/√t) (default 1e-2). */
  lr?: number;
  /** The exponent c <= 0 of the second moment's weight 1 - β2_t = t^c (default -0.8). */
  beta2Decay?: number;
  /** [ε1, ε2]: ε1 >= 0 floors v̂ (null: float64's machine epsilon), ε2 >= 0 floors RMS(θ) (default [null, 1e-3]). */
  eps?: readonly [number | null, number];
  /** Clipping threshold d >= 1: the update is divided by max(1, RMS(u)/d) (default 1). */
  d?: number;
  /** Decoupled weight decay λ >= 0: θ ← θ·(1 - ηλ) (default 0). */
  weightDecay?: number;
  /**
   * [rows, cols] of the weight matrix the (group's) vector holds, row-major: its second moment is then factored
   * into a row and a column factor. null (the default): a vector, with a full second moment.
   */
  shape?: readonly [number, number] | null;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<AdafactorSettings>[];
}

/** Every option of {@link Adafactor}, checked and with the defaults filled in: what each group holds. */
export type AdafactorSettings = Required<Omit<AdafactorOptions, "groups">>;

/** Checks a `shape` option: null, or two positive integers [rows, cols]. */
export function checkShape(owner: string, option: string, shape: unknown): readonly [number, number] | null {
  if (shape === null) return null;
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new RangeError(`${owner}: invalid ${option} = ${JSON.stringify(shape)}; expected [rows, cols], two integers >= 1`);
  }
  const rows = checkNumber(owner, `${option}[0]`, shape[0], { min: 1, integer: true });
  const cols = checkNumber(owner, `${option}[1]`, shape[1], { min: 1, integer: true });
  return Object.freeze([rows, cols] as [number, number]);
}

/** Checks that a group's shape matches its length (at the first step, when the length is known). */
export function checkShapeFits(owner: string, k: number, groupCount: number, shape: readonly [number, number], length: number): void {
  if (shape[0] * shape[1] === length) return;
  const where = groupCount === 1 ? "params" : `groups[${k}]`;
  const option = groupCount === 1 ? "shape" : `groups[${k}].shape`;
  throw new RangeError(
    `${owner}: ${option} = [${shape[0]}, ${shape[1]}] holds ${shape[0] * shape[1]} numbers but ${where} has ${length}; expected rows·cols = ${length}`,
  );
}

/** Checks Adafactor's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveAdafactor(owner: string, given: Partial<AdafactorSettings>, defaults: Partial<AdafactorSettings>, prefix: string): AdafactorSettings {
  const eps: unknown = given.eps ?? defaults.eps;
  if (!Array.isArray(eps) || eps.length !== 2) {
    throw new RangeError(`${owner}: invalid ${prefix}eps = ${JSON.stringify(eps)}; expected [ε1, ε2] with ε1 null or >= 0 and ε2 >= 0`);
  }
  const eps1 = eps[0] === null ? null : checkNumber(owner, `${prefix}eps[0]`, eps[0], { min: 0 });
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    beta2Decay: checkNumber(owner, `${prefix}beta2Decay`, given.beta2Decay ?? defaults.beta2Decay, { max: 0 }),
    eps: Object.freeze([eps1, checkNumber(owner, `${prefix}eps[1]`, eps[1], { min: 0 })] as [number | null, number]),
    d: checkNumber(owner, `${prefix}d`, given.d ?? defaults.d, { min: 1 }),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
    shape: checkShape(owner, `${prefix}shape`, given.shape !== undefined ? given.shape : defaults.shape),
  };
}

/** Adafactor's state for one group: the row and column factors of a matrix, or the full second moment of a vector. */
export interface AdafactorState {
  /** R: the mean of g² over each row, averaged over steps (one number per row; null for a vector). */
  readonly rowVar: Float64Array | null;
  /** C: the mean of g² over each column, averaged over steps (one number per column; null for a vector). */
  readonly colVar: Float64Array | null;
  /** v: the full second moment of a vector (null for a matrix). */
  readonly variance: Float64Array | null;
}

/**
 * Adafactor (Shazeer & Stern 2018), exactly as torch.optim.Adafactor. For an r×c weight matrix the second
 * moment is stored as a row factor R (r numbers) and a column factor C (c numbers) instead of r·c numbers:
 *
 *   ρ_t = min(η, 1/√t),   α_t = max(ε2, RMS(θ))·ρ_t,   1 - β2_t = t^c   (1 at the first step)
 *   θ ← θ·(1 - ηλ)
 *   R ← β2_t·R + (1 - β2_t)·mean_j g²_ij,   C ← β2_t·C + (1 - β2_t)·mean_i g²_ij
 *   v̂_ij = R_i·C_j / max(mean_i R_i, ε1)     (a vector keeps v ← β2_t·v + (1 - β2_t)·g² instead)
 *   u = g / √max(v̂, ε1²),   θ ← θ - α_t/max(1, RMS(u)/d) · u
 *
 * Each group is one tensor, as one torch parameter: RMS(θ) and RMS(u) are taken over the group. There is
 * no first moment (torch's Adafactor has none).
 */
export class Adafactor extends BaseOptimizer<AdafactorSettings> {
  readonly name = "Adafactor";
  /** The state of each group, in group order (empty before the first step). */
  state: AdafactorState[] = [];
  /** Column sums of g² for the step being taken, one scratch array per factored group. */
  private colScratch: (Float64Array | null)[] = [];

  constructor(options: AdafactorOptions = {}) {
    super("Adafactor", options, { lr: 1e-2, beta2Decay: -0.8, eps: [null, 1e-3] as const, d: 1, weightDecay: 0, shape: null }, resolveAdafactor);
  }

  protected allocate(n: number): void {
    this.state = [];
    this.colScratch = [];
    if (n === 0) return;
    this.groups.forEach((group, k) => {
      const length = Math.min(group.to, n) - group.from;
      if (group.shape === null) {
        this.state.push({ rowVar: null, colVar: null, variance: new Float64Array(length) });
        this.colScratch.push(null);
        return;
      }
      checkShapeFits(this.name, k, this.groups.length, group.shape, length);
      this.state.push({ rowVar: new Float64Array(group.shape[0]), colVar: new Float64Array(group.shape[1]), variance: null });
      this.colScratch.push(new Float64Array(group.shape[1]));
    });
  }

  protected update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<AdafactorSettings>, from: number, to: number): void {
    const k = this.groups.indexOf(group);
    const { rowVar, colVar, variance } = this.state[k];
    const { lr, d, weightDecay } = group;
    const eps1 = group.eps[0] === null ? Number.EPSILON : group.eps[0];
    const eps2 = group.eps[1];
    const n = to - from;
    const weight = pow(t, group.beta2Decay); // 1 - β2_t
    const rho = Math.min(lr, 1 / Math.sqrt(t));
    let sumSquares = 0;
    for (let i = from; i < to; i++) sumSquares += params[i] * params[i];
    const alpha = Math.max(eps2, Math.sqrt(sumSquares) / Math.sqrt(n)) * rho;
    const shrink = 1 - lr * weightDecay;
    const floor = eps1 * eps1;
    // Pass 1: update the second moment and sum u² for RMS(u); pass 2 recomputes u and moves θ. Two passes
    // over g instead of a scratch copy of u: Adafactor is about memory.
    let updateSquares = 0;
    if (rowVar === null || colVar === null) {
      const v = variance as Float64Array;
      for (let i = from; i < to; i++) {
        const g = grads[i];
        const vi = v[i - from] + weight * (g * g - v[i - from]);
        v[i - from] = vi;
        const u = g / Math.sqrt(Math.max(vi, floor));
        updateSquares += u * u;
      }
      const scale = alpha / Math.max(1, Math.sqrt(updateSquares) / Math.sqrt(n) / d);
      for (let i = from; i < to; i++) {
        params[i] = params[i] * shrink - scale * (grads[i] / Math.sqrt(Math.max(v[i - from], floor)));
      }
      return;
    }
    const rows = rowVar.length;
    const cols = colVar.length;
    const colSums = this.colScratch[k] as Float64Array;
    colSums.fill(0);
    for (let r = 0; r < rows; r++) {
      let rowSum = 0;
      const base = from + r * cols;
      for (let c = 0; c < cols; c++) {
        const g = grads[base + c];
        rowSum += g * g;
        colSums[c] += g * g;
      }
      rowVar[r] += weight * (rowSum / cols - rowVar[r]);
    }
    let rowTotal = 0;
    for (let r = 0; r < rows; r++) rowTotal += rowVar[r];
    for (let c = 0; c < cols; c++) colVar[c] += weight * (colSums[c] / rows - colVar[c]);
    const rowMean = Math.max(rowTotal / rows, eps1);
    for (let r = 0; r < rows; r++) {
      const base = from + r * cols;
      for (let c = 0; c < cols; c++) {
        const u = grads[base + c] / Math.sqrt(Math.max((rowVar[r] * colVar[c]) / rowMean, floor));
        updateSquares += u * u;
      }
    }
    const scale = alpha / Math.max(1, Math.sqrt(updateSquares) / Math.sqrt(n) / d);
    for (let r = 0; r < rows; r++) {
      const base = from + r * cols;
      for (let c = 0; c < cols; c++) {
        const u = grads[base + c] / Math.sqrt(Math.max((rowVar[r] * colVar[c]) / rowMean, floor));
        params[base + c] = params[base + c] * shrink - scale * u;
      }
    }
  }
}
