// Lesson 05 exercises: two ways to add weight decay to Adam, L2 in the gradient (torch.optim.Adam's
// weight_decay) and decoupled decay (torch.optim.AdamW), and parameter groups that decay no bias.
// Write the rule yourself: calling @optlab/lib's own optimizers, schedules or clipping functions
// here scores the exercise 0 ("uses the course library's implementation"); only the capstone (08) may use
// everything in the library.
import type { AdamOptions, AdamState } from "./04-adam";
import { NotImplementedError } from "./not-implemented";

/** Adam's hyperparameters plus the weight-decay coefficient λ >= 0. */
export interface AdamDecayOptions extends AdamOptions {
  weightDecay: number;
}

/**
 * Adam with L2 regularisation, exactly as torch.optim.Adam(weight_decay=λ), in place: the decay enters the
 * gradient, so it passes through the moments and gets rescaled like any gradient. With t ← state.step + 1:
 *
 *   gᵢ' = gᵢ + λ·θᵢ
 *   then Adam's step (see adamStep in 04-adam.ts) with g' in place of g
 *
 * Update `params`, `state.m`, `state.v`, `state.step` in place; do not change `grads`.
 */
export function adamL2Step(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamDecayOptions): void {
  throw new NotImplementedError("adamL2Step", "05-adamw.ts");
}

/**
 * AdamW, exactly as torch.optim.AdamW, in place: decoupled weight decay shrinks the parameters first,
 * scaled by the learning rate, and the moments see only the raw gradient. With t ← state.step + 1:
 *
 *   θᵢ ← θᵢ · (1 − lr·λ)                 (before the Adam update)
 *   then Adam's step (see adamStep) with the unchanged gradient g
 *
 * Update `params`, `state.m`, `state.v`, `state.step` in place; do not change `grads`.
 */
export function adamwStep(params: Float64Array, grads: Float64Array, state: AdamState, options: AdamDecayOptions): void {
  throw new NotImplementedError("adamwStep", "05-adamw.ts");
}

/** One block of a parameter vector, as `mlp.parameterGroups()` from @optlab/lib describes it. */
export interface ParameterBlock {
  /** e.g. "W1", "b1", "w2", "b2". */
  readonly name: string;
  readonly kind: "weight" | "bias";
  /** 1 for the hidden layer, 2 for the output layer. */
  readonly layer: number;
  /** The block is the index range [from, to) of the flat parameter vector. */
  readonly from: number;
  readonly to: number;
}

/** One entry of an optimizer's `groups` option: the index range [from, to) and its weight decay. */
export interface DecayGroup {
  from: number;
  to: number;
  weightDecay: number;
}

/**
 * The `groups` option that puts weight decay λ = `weightDecay` on every weight and none on any bias, as
 * practitioners do (torch: two param_groups, the biases with weight_decay=0). `blocks` come in index order
 * and cover the vector, e.g. `mlp.parameterGroups()`. Return groups in index order whose ranges [from, to)
 * follow each other from 0 to the end with no gap and no overlap (one group per block is fine; adjacent
 * blocks of the same kind may share one group), each stating its own `weightDecay`:
 *
 *   a weight index gets weightDecay λ, a bias index gets weightDecay 0
 *
 * so that `new AdamW({ lr, groups: noDecayOnBiases(mlp.parameterGroups(), 0.1) })` decays only the weights.
 */
export function noDecayOnBiases(blocks: readonly ParameterBlock[], weightDecay: number): DecayGroup[] {
  throw new NotImplementedError("noDecayOnBiases", "05-adamw.ts");
}
