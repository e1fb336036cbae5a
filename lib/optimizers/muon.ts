import { checkBoolean, checkNumber } from "../validate";
import { checkShape, checkShapeFits } from "./adafactor";
import type { GroupOptions, ParamGroup } from "./groups";
import { BaseOptimizer } from "./optimizer";

/** torch's Newton–Schulz coefficients (a, b, c) for Muon: chosen for a steep slope at 0, not for convergence. */
export const MUON_NS_COEFFICIENTS: readonly [number, number, number] = Object.freeze([3.4445, -4.775, 2.0315] as [number, number, number]);

/** How Muon scales η by the matrix's shape [A, B]: torch's `adjust_lr_fn`. */
export type MuonAdjustLr = "original" | "match_rms_adamw" | null;

/** Options of {@link Muon}; defaults are torch.optim.Muon's. */
export interface MuonOptions {
  /** Learning rate η >= 0 (default 1e-3). */
  lr?: number;
  /** Decoupled weight decay λ >= 0: θ ← θ·(1 - ηλ) (default 0.1). */
  weightDecay?: number;
  /** Momentum μ in [0, 1): the buffer is B ← μ·B + (1 - μ)·g (default 0.95). */
  momentum?: number;
  /** Orthogonalise (1 - μ)·g + μ·B instead of B (default true). */
  nesterov?: boolean;
  /** The quintic's coefficients (a, b, c): X ← aX + (b·XXᵀ + c·(XXᵀ)²)X (default [3.4445, -4.775, 2.0315]). */
  nsCoefficients?: readonly [number, number, number];
  /** ε > 0: the matrix is divided by max(‖X‖_F, ε) before the iteration (default 1e-7). */
  eps?: number;
  /** Number of Newton–Schulz iterations, an integer in [0, 99] (default 5). */
  nsSteps?: number;
  /** null or "original": η·√max(1, A/B); "match_rms_adamw": η·0.2·√max(A, B) (default null). */
  adjustLrFn?: MuonAdjustLr;
  /** [rows, cols] of the weight matrix, row-major (required: here or in every group; Muon takes only matrices). */
  shape?: readonly [number, number] | null;
  /** Parameter groups: index ranges [from, to) covering the vector in order, each overriding any option above. */
  groups?: readonly GroupOptions<MuonSettings>[];
}

/** Every option of {@link Muon}, checked and with the defaults filled in: what each group holds. */
export type MuonSettings = Required<Omit<MuonOptions, "groups">>;

/** Checks Muon's options, at the top level or in a group, taking what is missing from `defaults`. */
function resolveMuon(owner: string, given: Partial<MuonSettings>, defaults: Partial<MuonSettings>, prefix: string): MuonSettings {
  const coefficients: unknown = given.nsCoefficients ?? defaults.nsCoefficients;
  if (!Array.isArray(coefficients) || coefficients.length !== 3) {
    throw new RangeError(`${owner}: invalid ${prefix}nsCoefficients = ${JSON.stringify(coefficients)}; expected three finite numbers [a, b, c]`);
  }
  const coefficient = (k: number) => checkNumber(owner, `${prefix}nsCoefficients[${k}]`, coefficients[k]);
  const adjust = given.adjustLrFn !== undefined ? given.adjustLrFn : defaults.adjustLrFn;
  if (adjust !== null && adjust !== "original" && adjust !== "match_rms_adamw") {
    throw new RangeError(`${owner}: invalid ${prefix}adjustLrFn = ${JSON.stringify(adjust)}; expected null, "original" or "match_rms_adamw"`);
  }
  return {
    lr: checkNumber(owner, `${prefix}lr`, given.lr ?? defaults.lr, { min: 0 }),
    weightDecay: checkNumber(owner, `${prefix}weightDecay`, given.weightDecay ?? defaults.weightDecay, { min: 0 }),
    momentum: checkNumber(owner, `${prefix}momentum`, given.momentum ?? defaults.momentum, { min: 0, max: 1, maxExclusive: true }),
    nesterov: checkBoolean(owner, `${prefix}nesterov`, given.nesterov ?? defaults.nesterov),
    nsCoefficients: Object.freeze([coefficient(0), coefficient(1), coefficient(2)] as [number, number, number]),
    eps: checkNumber(owner, `${prefix}eps`, given.eps ?? defaults.eps, { min: 0, minExclusive: true }),
    nsSteps: checkNumber(owner, `${prefix}nsSteps`, given.nsSteps ?? defaults.nsSteps, { min: 0, max: 99, integer: true }),
    adjustLrFn: adjust ?? null,
    shape: checkShape(owner, `${prefix}shape`, given.shape !== undefined ? given.shape : defaults.shape),
  };
}

/** Scratch matrices for {@link newtonSchulz} on an r×c matrix, with m = min(r, c) and n = max(r, c). */
export interface NewtonSchulzWork {
  /** X, m×n (the wide orientation). */
  readonly x: Float64Array;
  /** The next X, m×n. */
  readonly next: Float64Array;
  /** A = XXᵀ, m×m. */
  readonly gram: Float64Array;
  /** b·A + c·A², m×m. */
  readonly poly: Float64Array;
}

/** Allocates the scratch matrices of {@link newtonSchulz} for an r×c matrix, once, outside the step. */
export function newtonSchulzWork(rows: number, cols: number): NewtonSchulzWork {
  const m = Math.min(rows, cols);
  return { x: new Float64Array(rows * cols), next: new Float64Array(rows * cols), gram: new Float64Array(m * m), poly: new Float64Array(m * m) };
}

/**
 * The Newton–Schulz iteration of torch's Muon (after Jordan et al. 2024), in float64: for G (r×c, row-major),
 * X ← G/max(‖G‖_F, ε) (transposed first when r > c, so that XXᵀ is the smaller Gram matrix), then `steps` times
 *
 *   A ← XXᵀ,   X ← a·X + (b·A + c·A²)·X
 *
 * which pushes every singular value of X towards about 1 (into roughly [0.7, 1.2]) and keeps the singular
 * vectors: X ≈ UVᵀ for G = USVᵀ. Writes the result (r×c) into `out` and returns it. torch runs it in bfloat16.
 */
export function newtonSchulz(
  matrix: ArrayLike<number>,
  rows: number,
  cols: number,
  coefficients: readonly [number, number, number] = MUON_NS_COEFFICIENTS,
  steps = 5,
  eps = 1e-7,
  out: Float64Array = new Float64Array(rows * cols),
  work: NewtonSchulzWork = newtonSchulzWork(rows, cols),
): Float64Array {
  const transpose = rows > cols;
  const m = transpose ? cols : rows;
  const n = transpose ? rows : cols;
  let x = work.x;
  let next = work.next;
  const { gram, poly } = work;
  const [a, b, c] = coefficients;
  let squares = 0;
  for (let i = 0; i < rows * cols; i++) squares += matrix[i] * matrix[i];
  const scale = 1 / Math.max(Math.sqrt(squares), eps);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) x[transpose ? j * rows + i : i * cols + j] = matrix[i * cols + j] * scale;
  }
  for (let s = 0; s < steps; s++) {
    // A = XXᵀ: dot products of rows (A is symmetric; fill both halves).
    for (let i = 0; i < m; i++) {
      const ri = i * n;
      for (let j = i; j < m; j++) {
        const rj = j * n;
        let sum = 0;
        for (let k = 0; k < n; k++) sum += x[ri + k] * x[rj + k];
        gram[i * m + j] = sum;
        gram[j * m + i] = sum;
      }
    }
    // P = b·A + c·A·A, with (A·A)_ij = row i · row j, since A is symmetric.
    for (let i = 0; i < m; i++) {
      const ri = i * m;
      for (let j = i; j < m; j++) {
        const rj = j * m;
        let sum = 0;
        for (let k = 0; k < m; k++) sum += gram[ri + k] * gram[rj + k];
        const value = b * gram[i * m + j] + c * sum;
        poly[i * m + j] = value;
        poly[j * m + i] = value;
      }
    }
    // X' = a·X + P·X, row by row (i-k-j order keeps the inner loop contiguous).
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) next[row + j] = a * x[row + j];
      for (let k = 0; k < m; k++) {
        const pik = poly[i * m + k];
        const source = k * n;
        for (let j = 0; j < n; j++) next[row + j] += pik * x[source + j];
      }
    }
    const swap = x;
    x = next;
    next = swap;
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = x[transpose ? j * rows + i : i * cols + j];
  }
  return out;
}

/** Muon's learning rate for an A×B matrix: η·√max(1, A/B) ("original", null) or η·0.2·√max(A, B) ("match_rms_adamw"). */
export function muonAdjustedLr(lr: number, adjust: MuonAdjustLr, rows: number, cols: number): number {
  if (adjust === "match_rms_adamw") return lr * 0.2 * Math.sqrt(Math.max(rows, cols));
  return lr * Math.sqrt(Math.max(1, rows / cols));
}

/**
 * Muon (Jordan et al. 2024), exactly as torch.optim.Muon except that the Newton–Schulz iteration runs in
 * float64 (torch's in bfloat16). For a weight matrix θ (A×B) with momentum buffer B_t (starts at 0):
 *
 *   B ← μ·B + (1 - μ)·g                   (torch's lerp_; its documentation writes μB + g, the same up to scale)
 *   U = (1 - μ)·g + μ·B  (nesterov)   or   U = B
 *   O = NS(U)                             (orthogonalised: U's singular values replaced by about 1)
 *   θ ← θ·(1 - ηλ) - η'·O,   η' = η·√max(1, A/B)
 *
 * Each group is one matrix with its own `shape`; a vector (a bias) belongs with another optimizer.
 */
export class Muon extends BaseOptimizer<MuonSettings> {
  readonly name = "Muon";
  /** Momentum buffer B, the whole vector (torch's state["momentum_buffer"]; null before the first step). */
  momentumBuffer: Float64Array | null = null;
  /** The last orthogonalised update O of the whole vector (null before the first step). */
  lastUpdate: Float64Array | null = null;
  private input: Float64Array | null = null;
  private work: NewtonSchulzWork[] = [];
  /** Each group's slice of lastUpdate, made once with the state (a subarray per step would allocate). */
  private updates: Float64Array[] = [];

  constructor(options: MuonOptions = {}) {
    const torchDefaults = {
      lr: 1e-3, weightDecay: 0.1, momentum: 0.95, nesterov: true, nsCoefficients: MUON_NS_COEFFICIENTS, eps: 1e-7, nsSteps: 5, adjustLrFn: null, shape: null,
    };
    super("Muon", options, torchDefaults, resolveMuon);
    this.groups.forEach((group, k) => {
      if (group.shape === null) {
        const option = this.groups.length === 1 ? "shape" : `groups[${k}].shape`;
        throw new RangeError(`${this.name}: ${option} is missing: Muon only takes weight matrices; give [rows, cols] (a vector such as a bias belongs with AdamW)`);
      }
    });
  }

  protected allocate(n: number): void {
    this.momentumBuffer = n > 0 ? new Float64Array(n) : null;
    this.lastUpdate = n > 0 ? new Float64Array(n) : null;
    this.input = null;
    this.work = [];
    this.updates = [];
    if (n === 0) return;
    let largest = 0;
    this.groups.forEach((group, k) => {
      const shape = group.shape as readonly [number, number];
      checkShapeFits(this.name, k, this.groups.length, shape, Math.min(group.to, n) - group.from);
      this.work.push(newtonSchulzWork(shape[0], shape[1]));
      this.updates.push((this.lastUpdate as Float64Array).subarray(group.from, Math.min(group.to, n)));
      largest = Math.max(largest, shape[0] * shape[1]);
    });
    this.input = new Float64Array(largest);
  }

  protected update(params: Float64Array, grads: Float64Array, _t: number, group: ParamGroup<MuonSettings>, from: number, to: number): void {
    const k = this.groups.indexOf(group);
    const buffer = this.momentumBuffer as Float64Array;
    const input = this.input as Float64Array;
    const { lr, momentum, nesterov, weightDecay } = group;
    const [rows, cols] = group.shape as readonly [number, number];
    for (let i = from; i < to; i++) {
      const g = grads[i];
      const b = buffer[i] + (1 - momentum) * (g - buffer[i]);
      buffer[i] = b;
      input[i - from] = nesterov ? g + momentum * (b - g) : b;
    }
    const update = this.updates[k];
    newtonSchulz(input, rows, cols, group.nsCoefficients, group.nsSteps, group.eps, update, this.work[k]);
    const shrink = 1 - lr * weightDecay;
    const rate = muonAdjustedLr(lr, group.adjustLrFn, rows, cols);
    for (let i = from; i < to; i++) params[i] = params[i] * shrink - rate * update[i - from];
  }
}
