// Lesson 01 exercises: one step of plain gradient descent, and the learning rate at which it stops converging.
// Replace each `throw` with your code, then run check("sgdStep") in notebooks/01-gradient-descent.ipynb or
// `npm run grade` in a terminal.
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import { NotImplementedError } from "./not-implemented";

/**
 * One step of plain gradient descent (torch.optim.SGD with momentum 0), in place:
 *
 *   θᵢ ← θᵢ − lr · gᵢ   for every i
 *
 * Write the new values into `params` (do not return a new array); read `grads` without changing it.
 * Example: params [5], grads [6], lr 0.1 → params becomes [4.4].
 */
export function sgdStep(params: Float64Array, grads: Float64Array, lr: number): void {
  throw new NotImplementedError("sgdStep", "01-gradient-descent.ts");
}

/**
 * The stability limit of gradient descent on the 1-D quadratic f(x) = ½·h·x², whose gradient is h·x and
 * whose curvature (second derivative) is h = `curvature` > 0. One step maps x to (1 − lr·h)·x, so the
 * iterates shrink to 0 exactly when |1 − lr·h| < 1. Return the supremum of the learning rates that
 * converge (the boundary itself oscillates forever). Example: the toy problem of lesson 01, (w − 2)², has
 * h = 2, so the answer is 1, and lr = 1.1 diverges.
 */
export function stableLearningRate(curvature: number): number {
  throw new NotImplementedError("stableLearningRate", "01-gradient-descent.ts");
}
