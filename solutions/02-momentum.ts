// Reference answers for lesson 02: momentum as torch.optim.SGD implements it.
import type { MomentumOptions, MomentumState } from "@optlab/exercises";

/** b ← g at the first step, else μ·b + (1 − τ)·g; then θ ← θ − η·b. */
export function momentumStep(params: Float64Array, grads: Float64Array, state: MomentumState, options: MomentumOptions): void {
  const { lr, momentum, dampening } = options;
  const first = state.step === 0;
  const b = state.velocity;
  for (let i = 0; i < params.length; i++) {
    b[i] = first ? grads[i] : momentum * b[i] + (1 - dampening) * grads[i];
    params[i] -= lr * b[i];
  }
  state.step += 1;
}

/** b ← g at the first step, else μ·b + g; then θ ← θ − η·(g + μ·b). */
export function nesterovStep(
  params: Float64Array,
  grads: Float64Array,
  state: MomentumState,
  options: { lr: number; momentum: number },
): void {
  const { lr, momentum } = options;
  const first = state.step === 0;
  const b = state.velocity;
  for (let i = 0; i < params.length; i++) {
    b[i] = first ? grads[i] : momentum * b[i] + grads[i];
    params[i] -= lr * (grads[i] + momentum * b[i]);
  }
  state.step += 1;
}
