// Lesson 09 exercises: Lion's sign step (Chen et al. 2023), and Adafactor's factored second moment
// (Shazeer & Stern 2018, as torch.optim.Adafactor).
// Write the rule yourself: calling @optlab/lib's own optimizers (Lion, Adafactor, …), schedules or clipping
// functions here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08)
// may use everything in the library.
import { NotImplementedError } from "./not-implemented";

/** Lion's hyperparameters: learning rate η, β1 (the update's interpolation) and β2 (the momentum's decay), each in [0, 1), λ >= 0. */
export interface LionOptions {
  lr: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
}

/**
 * One step of Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2), in place.
 * `m` is the momentum (zeros before the first step). For every i, in this order:
 *
 *   cᵢ = β1·mᵢ + (1 − β1)·gᵢ                  (the update's direction: an interpolation; m is not changed yet)
 *   θᵢ ← θᵢ − lr·(sign(cᵢ) + λ·θᵢ)            (sign(0) = 0; the decay uses θ before this step, scaled by lr)
 *   mᵢ ← β2·mᵢ + (1 − β2)·gᵢ                  (then the momentum, with its own decay β2)
 *
 * Update `params` and `m` in place; do not change `grads`.
 */
export function lionStep(params: Float64Array, grads: Float64Array, m: Float64Array, options: LionOptions): void {
  throw new NotImplementedError("lionStep", "09-after-adam.ts");
}

/** Adafactor's factored second moment of an r×c weight matrix: the step count, a row factor and a column factor. */
export interface FactoredState {
  /** Number of completed steps; 0 before the first. adafactorFactors adds 1. */
  step: number;
  /** R: one number per row (r entries); zeros before the first step. */
  rowVar: Float64Array;
  /** C: one number per column (c entries); zeros before the first step. */
  colVar: Float64Array;
}

/** The matrix's shape (the gradient is row-major: g_ij = grads[i·cols + j]), the exponent c <= 0 and ε1 > 0. */
export interface FactorOptions {
  rows: number;
  cols: number;
  /** torch's beta2_decay, -0.8 by default: the new gradient's weight is 1 − β2_t = t^beta2Decay. */
  beta2Decay: number;
  /** torch's eps[0]: the floor of the row factor's mean and (squared) of the estimate. */
  eps1: number;
}

/**
 * One step of Adafactor's factored second moment, exactly as torch.optim.Adafactor does it for a matrix, in
 * place. First t ← state.step + 1 (t = 1 at the first step), stored in state.step; with w = t^beta2Decay
 * (1 − β2_t: w = 1 at t = 1, so the first step replaces the zeros):
 *
 *   Rᵢ ← Rᵢ + w·(mean_j g²ᵢⱼ − Rᵢ)        (the mean of row i's squares, over its cols entries)
 *   Cⱼ ← Cⱼ + w·(mean_i g²ᵢⱼ − Cⱼ)        (the mean of column j's squares, over its rows entries)
 *
 * Return a new array (rows·cols entries, row-major) with the estimate of the second moment that the update
 * divides by, normalised by the mean of R and floored with ε1 (ε1 is not added to g²):
 *
 *   v̂ᵢⱼ = max(Rᵢ·Cⱼ / max(mean_i Rᵢ, ε1), ε1²)
 *
 * Update `state.step`, `state.rowVar` and `state.colVar` in place; do not change `grads`.
 */
export function adafactorFactors(grads: Float64Array, state: FactoredState, options: FactorOptions): Float64Array {
  throw new NotImplementedError("adafactorFactors", "09-after-adam.ts");
}
