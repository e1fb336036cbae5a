// Lesson 05 exercises: two ways to add weight decay to Adam, L2 in the gradient (torch.optim.Adam's
// weight_decay) and decoupled decay (torch.optim.AdamW).
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import type { AdamOptions, AdamState } from "./04-adam";
import { NotImplementedError } from "./not-implemented";

/** Adam's hyperparameters plus the weight-decay coefficient λ >= 0. */
export interface AdamDecayOptions extends AdamOptions {
  weightDecay: number;
}

/**
 * Adam with L2 regularisation, exactly as torch.optim.Adam(weight_decay=λ), in place: the decay enters the
 * gradient, so it passes through the moments and gets rescaled like any gradient. With t ← state.step + 1:
 *
 *   gᵢ' = gᵢ + λ·θᵢ
 *   then Adam's step (see adamStep in 04-adam.ts) with g' in place of g
 *
 * Update `params`, `state.m`, `state.v`, `state.step` in place; do not change `grads`.
 */
export function adamL2Step(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamDecayOptions): void {
  throw new NotImplementedError("adamL2Step", "05-adamw.ts");
}

/**
 * AdamW, exactly as torch.optim.AdamW, in place: decoupled weight decay shrinks the parameters first,
 * scaled by the learning rate, and the moments see only the raw gradient. With t ← state.step + 1:
 *
 *   θᵢ ← θᵢ · (1 − lr·λ)                 (before the Adam update)
 *   then Adam's step (see adamStep) with the unchanged gradient g
 *
 * Update `params`, `state.m`, `state.v`, `state.step` in place; do not change `grads`.
 */
export function adamwStep(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamDecayOptions): void {
  throw new NotImplementedError("adamwStep", "05-adamw.ts");
}
