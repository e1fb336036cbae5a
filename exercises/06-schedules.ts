// Lesson 06 exercises: learning-rate schedules as pure functions. `step` is the number of optimizer steps
// already completed (0 for the first step), so f(step) is the learning rate of the next step; it equals
// torch's lr after `step` calls of scheduler.step().
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import { NotImplementedError } from "./not-implemented";

/**
 * StepLR: lr · γ^⌊step / stepSize⌋ (the rate is multiplied by γ every `stepSize` steps; the first drop is
 * at step = stepSize). Options: lr >= 0, stepSize >= 1 (integer), gamma > 0. Example: lr 1, stepSize 3,
 * gamma 0.5 gives 1, 1, 1, 0.5, 0.5, 0.5, 0.25, …
 */
export function stepDecay(step: number, options: { lr: number; stepSize: number; gamma: number }): number {
  throw new NotImplementedError("stepDecay", "06-schedules.ts");
}

/**
 * CosineAnnealingLR in closed form, for 0 <= step <= tMax:
 *
 *   minLr + (lr − minLr) · (1 + cos(π · step / tMax)) / 2
 *
 * It starts at lr (step 0) and reaches minLr at step = tMax. Options: lr >= minLr >= 0, tMax >= 1.
 */
export function cosineAnnealing(step: number, options: { lr: number; tMax: number; minLr: number }): number {
  throw new NotImplementedError("cosineAnnealing", "06-schedules.ts");
}

/**
 * Linear warm-up followed by cosine decay (the shape used to train transformers):
 *
 *   peakLr · step / warmupSteps                                                 if step < warmupSteps
 *   minLr + (peakLr − minLr) · (1 + cos(π · (step − w) / (totalSteps − w))) / 2  if w <= step <= totalSteps
 *   minLr                                                                       if step > totalSteps
 *
 * with w = warmupSteps. So step 0 has rate 0 (when w > 0), the peak is reached at step = w, and the rate
 * stays at minLr after totalSteps. Options: peakLr >= minLr >= 0, 0 <= warmupSteps < totalSteps.
 */
export function warmupCosine(
  step: number,
  options: { peakLr: number; warmupSteps: number; totalSteps: number; minLr: number },
): number {
  throw new NotImplementedError("warmupCosine", "06-schedules.ts");
}
