// Lesson 03 exercises: per-coordinate step sizes from squared gradients, Adagrad (a running sum) and
// RMSProp (a moving average), exactly as torch.optim implements them.
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import { NotImplementedError } from "./not-implemented";

/**
 * One step of Adagrad, as torch.optim.Adagrad (no lr decay, no weight decay), in place:
 *
 *   Gᵢ ← Gᵢ + gᵢ²
 *   θᵢ ← θᵢ − lr · gᵢ / (√Gᵢ + eps)      (eps outside the square root)
 *
 * `sum` holds G (zeros before the first step) and is updated in place; do not change `grads`.
 */
export function adagradStep(params: Float64Array, grads: Float64Array, sum: Float64Array, options: { lr: number; eps: number }): void {
  throw new NotImplementedError("adagradStep", "03-adagrad-rmsprop.ts");
}

/**
 * One step of RMSProp, as torch.optim.RMSprop (no momentum, not centered), in place:
 *
 *   vᵢ ← α·vᵢ + (1 − α)·gᵢ²
 *   θᵢ ← θᵢ − lr · gᵢ / (√vᵢ + eps)      (eps outside the square root; no bias correction)
 *
 * `squareAvg` holds v (zeros before the first step) and is updated in place; do not change `grads`.
 */
export function rmspropStep(
  params: Float64Array,
  grads: Float64Array,
  squareAvg: Float64Array,
  options: { lr: number; alpha: number; eps: number },
): void {
  throw new NotImplementedError("rmspropStep", "03-adagrad-rmsprop.ts");
}
