// Reference answers for lesson 01. Read them after trying: reveal("sgdStep") shows one in a notebook.

/** θᵢ ← θᵢ − lr·gᵢ in place. */
export function sgdStep(params: Float64Array, grads: Float64Array, lr: number): void {
  for (let i = 0; i < params.length; i++) {
    params[i] -= lr * grads[i];
  }
}

/** GD on ½·h·x² multiplies x by (1 − lr·h) each step; |1 − lr·h| < 1 holds for 0 < lr < 2/h. */
export function stableLearningRate(curvature: number): number {
  return 2 / curvature;
}
