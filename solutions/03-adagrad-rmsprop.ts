// Reference answers for lesson 03: Adagrad and RMSProp as torch.optim implements them.

/** s ← s + g²; θ ← θ − lr·g / (√s + eps). */
export function adagradStep(params: Float64Array, grads: Float64Array, sum: Float64Array, options: { lr: number; eps: number }): void {
  const { lr, eps } = options;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    sum[i] += g * g;
    params[i] -= (lr * g) / (Math.sqrt(sum[i]) + eps);
  }
}

/** v ← α·v + (1 − α)·g²; θ ← θ − lr·g / (√v + eps). */
export function rmspropStep(
  params: Float64Array,
  grads: Float64Array,
  squareAvg: Float64Array,
  options: { lr: number; alpha: number; eps: number },
): void {
  const { lr, alpha, eps } = options;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
    params[i] -= (lr * g) / (Math.sqrt(squareAvg[i]) + eps);
  }
}
