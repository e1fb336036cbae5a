// Reference answers for lesson 07: clipping by norm and by value, as torch.nn.utils.

/** Scales g by maxNorm/(N + 1e-6) when that factor is below 1; returns N = ‖g‖₂ before clipping. */
export function clipGradNorm(grads: Float64Array, maxNorm: number): number {
  let sumOfSquares = 0;
  for (let i = 0; i < grads.length; i++) sumOfSquares += grads[i] * grads[i];
  const norm = Math.sqrt(sumOfSquares);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    for (let i = 0; i < grads.length; i++) grads[i] *= coef;
  }
  return norm;
}

/** Clamps every gᵢ to [−clipValue, clipValue]. */
export function clipGradValue(grads: Float64Array, clipValue: number): void {
  for (let i = 0; i < grads.length; i++) {
    grads[i] = Math.min(clipValue, Math.max(-clipValue, grads[i]));
  }
}
