// Lesson 04 exercises: Adam with bias correction, and the step each parameter actually takes.
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import { NotImplementedError } from "./not-implemented";

/** Adam's state: completed steps t, first moment m and second moment v (one entry per parameter). */
export interface AdamState {
  /** Number of completed steps; 0 before the first. adamStep adds 1. */
  step: number;
  /** First moment m (running mean of g); zeros before the first step. */
  m: Float64Array;
  /** Second moment v (running mean of g²); zeros before the first step. */
  v: Float64Array;
}

/** Adam's hyperparameters: learning rate, the two decay rates in [0, 1), and eps > 0. */
export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/**
 * One step of Adam, exactly as torch.optim.Adam (no weight decay, no amsgrad), in place. First
 * t ← state.step + 1 (so t = 1 at the first step) and store it in state.step; then for every i:
 *
 *   mᵢ ← β1·mᵢ + (1 − β1)·gᵢ
 *   vᵢ ← β2·vᵢ + (1 − β2)·gᵢ²
 *   m̂ᵢ = mᵢ / (1 − β1ᵗ),   v̂ᵢ = vᵢ / (1 − β2ᵗ)      (bias correction)
 *   θᵢ ← θᵢ − lr · m̂ᵢ / (√v̂ᵢ + eps)                 (eps outside the square root)
 *
 * Update `params`, `state.m`, `state.v` and `state.step` in place; do not change `grads`.
 */
export function adamStep(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamOptions): void {
  throw new NotImplementedError("adamStep", "04-adam.ts");
}

/**
 * The step each parameter took at Adam's last step: a new array with entries lr · m̂ᵢ / (√v̂ᵢ + eps),
 * where m̂ and v̂ are state.m and state.v bias-corrected with t = state.step (≥ 1, the step just taken).
 * Read `state` without changing it. Comparing these with lr shows how Adam rescales every coordinate.
 */
export function effectiveStepSizes(state: AdamState, options: AdamOptions): Float64Array {
  throw new NotImplementedError("effectiveStepSizes", "04-adam.ts");
}
