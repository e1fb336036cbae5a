// Reference answers for lesson 04: Adam with bias correction, as torch.optim.Adam.
import type { AdamOptions, AdamState } from "@optlab/exercises";

/** t ← t + 1; update m and v; θ ← θ − lr·m̂ / (√v̂ + eps) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ). */
export function adamStep(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamOptions): void {
  const { lr, beta1, beta2, eps } = options;
  state.step += 1;
  const t = state.step;
  const { m, v } = state;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    const mHat = m[i] / (1 - Math.pow(beta1, t));
    const vHat = v[i] / (1 - Math.pow(beta2, t));
    params[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
}

/** lr·m̂ᵢ / (√v̂ᵢ + eps) for every i, bias-corrected with t = state.step. */
export function effectiveStepSizes(state: AdamState, options: AdamOptions): Float64Array {
  const { lr, beta1, beta2, eps } = options;
  const t = state.step;
  const steps = new Float64Array(state.m.length);
  for (let i = 0; i < steps.length; i++) {
    const mHat = state.m[i] / (1 - Math.pow(beta1, t));
    const vHat = state.v[i] / (1 - Math.pow(beta2, t));
    steps[i] = (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
  return steps;
}
