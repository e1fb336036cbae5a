// Lesson 07 exercises: gradient clipping, as torch.nn.utils implements it, applied in place.
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import { NotImplementedError } from "./not-implemented";

/**
 * Clip by global norm, exactly as torch.nn.utils.clip_grad_norm_ (2-norm), in place:
 *
 *   N = √(Σ gᵢ²)
 *   c = maxNorm / (N + 1e-6)
 *   if c < 1: gᵢ ← gᵢ · c  for every i     (gradients already small enough are left alone)
 *
 * Return N, the norm before clipping. The direction of g never changes.
 */
export function clipGradNorm(grads: Float64Array, maxNorm: number): number {
  throw new NotImplementedError("clipGradNorm", "07-clipping.ts");
}

/**
 * Clip by value, exactly as torch.nn.utils.clip_grad_value_, in place: every gᵢ is clamped to
 * [−clipValue, clipValue] on its own (this can change the direction of g). Returns nothing.
 */
export function clipGradValue(grads: Float64Array, clipValue: number): void {
  throw new NotImplementedError("clipGradValue", "07-clipping.ts");
}
