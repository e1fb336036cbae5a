// Lesson 02 exercises: momentum as torch.optim.SGD implements it, classic and Nesterov.
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import { NotImplementedError } from "./not-implemented";

/** The state a momentum method carries between steps: steps done so far and the buffer b. */
export interface MomentumState {
  /** Number of completed steps; 0 before the first. Your function adds 1. */
  step: number;
  /** The momentum buffer b, one entry per parameter; all zeros before the first step. */
  velocity: Float64Array;
}

/** Hyperparameters of {@link momentumStep}: learning rate η, momentum μ in [0, 1), dampening τ in [0, 1]. */
export interface MomentumOptions {
  lr: number;
  momentum: number;
  dampening: number;
}

/**
 * One step of SGD with momentum, exactly as torch.optim.SGD(momentum=μ, dampening=τ), in place. With
 * t = state.step + 1 (the number of this step):
 *
 *   b ← g                      if t = 1  (the buffer starts as a copy of the gradient: no dampening yet)
 *   b ← μ·b + (1 − τ)·g        if t > 1
 *   θ ← θ − η·b
 *
 * then set state.step = t. Update `params` and `state.velocity` in place; do not change `grads`.
 * This is the "η outside the buffer" form. The moving-average form, m ← μ·m + (1 − μ)·g from m = 0 and
 * θ ← θ − η′·m, is the same algorithm with a different learning rate: with τ = 0 its m is (1 − μ)·b at every
 * step, so it takes exactly the steps of this rule when η′ = η / (1 − μ). Dampening τ = μ is not that form:
 * torch's buffer starts at g undamped, so the first step (and every later one) differs.
 */
export function momentumStep(params: Float64Array, grads: Float64Array, state: MomentumState, options: MomentumOptions): void {
  throw new NotImplementedError("momentumStep", "02-momentum.ts");
}

/**
 * One step of Nesterov momentum, exactly as torch.optim.SGD(momentum=μ, nesterov=True) (dampening 0), in
 * place. With t = state.step + 1:
 *
 *   b ← g  if t = 1,  else  b ← μ·b + g
 *   θ ← θ − η·(g + μ·b)        (the look-ahead uses the buffer just updated)
 *
 * then set state.step = t. Update `params` and `state.velocity` in place; do not change `grads`.
 */
export function nesterovStep(
  params: Float64Array,
  grads: Float64Array,
  state: MomentumState,
  options: { lr: number; momentum: number },
): void {
  throw new NotImplementedError("nesterovStep", "02-momentum.ts");
}
