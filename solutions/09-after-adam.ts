// Reference answers for lesson 09: Lion (Chen et al. 2023, Algorithm 2) and Adafactor's factored second moment
// (as torch.optim.Adafactor).
import type { FactorOptions, FactoredState, LionOptions } from "@optlab/exercises";

/** c = β1·m + (1 − β1)·g; θ ← θ − lr·(sign(c) + λθ); then m ← β2·m + (1 − β2)·g. */
export function lionStep(params: Float64Array, grads: Float64Array, m: Float64Array, options: LionOptions): void {
  const { lr, beta1, beta2, weightDecay } = options;
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    const c = beta1 * m[i] + (1 - beta1) * g;
    params[i] -= lr * (Math.sign(c) + weightDecay * params[i]);
    m[i] = beta2 * m[i] + (1 - beta2) * g;
  }
}

/** t ← t + 1; R and C move towards the row and column means of g² by t^beta2Decay; returns max(R·Cᵀ / max(mean R, ε1), ε1²). */
export function adafactorFactors(grads: Float64Array, state: FactoredState, options: FactorOptions): Float64Array {
  const { rows, cols, beta2Decay, eps1 } = options;
  state.step += 1;
  const w = Math.pow(state.step, beta2Decay);
  const { rowVar, colVar } = state;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += grads[i * cols + j] ** 2;
    rowVar[i] += w * (sum / cols - rowVar[i]);
  }
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += grads[i * cols + j] ** 2;
    colVar[j] += w * (sum / rows - colVar[j]);
  }
  let rowTotal = 0;
  for (let i = 0; i < rows; i++) rowTotal += rowVar[i];
  const rowMean = Math.max(rowTotal / rows, eps1);
  const estimate = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) estimate[i * cols + j] = Math.max((rowVar[i] * colVar[j]) / rowMean, eps1 * eps1);
  }
  return estimate;
}
