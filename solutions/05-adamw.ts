// Reference answers for lesson 05: weight decay as an L2 term (Adam) and decoupled (AdamW), and groups without decay on biases.
import type { AdamDecayOptions, AdamState, DecayGroup, ParameterBlock } from "@optlab/exercises";
import { adamStep } from "./04-adam";

/** Adam on the gradient g + λθ: the decay goes through the moments. */
export function adamL2Step(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamDecayOptions): void {
  const withDecay = new Float64Array(grads.length);
  for (let i = 0; i < grads.length; i++) {
    withDecay[i] = grads[i] + options.weightDecay * params[i];
  }
  adamStep(params, withDecay, state, options);
}

/** θ ← θ·(1 − lr·λ) first, then Adam on the raw gradient. */
export function adamwStep(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamDecayOptions): void {
  for (let i = 0; i < params.length; i++) {
    params[i] *= 1 - options.lr * options.weightDecay;
  }
  adamStep(params, grads, state, options);
}

/** One group per block, in the blocks' order: λ on weights, 0 on biases. */
export function noDecayOnBiases(blocks: readonly ParameterBlock[], weightDecay: number): DecayGroup[] {
  return blocks.map((block) => ({ from: block.from, to: block.to, weightDecay: block.kind === "bias" ? 0 : weightDecay }));
}
