import { checkFloat64Array, checkNumber, checkSameLength } from "../validate";

/** What every optimizer offers: an in-place `step(params, grads)`, a writable `lr`, a step count and `reset()`. */
export interface Optimizer {
  /** Short name for tables and legends, e.g. "Adam". */
  readonly name: string;
  /** Learning rate used by the next step; schedules write it before each step. */
  lr: number;
  /** Number of completed steps (torch's `state["step"]`). */
  readonly stepCount: number;
  /** Updates `params` in place from `grads`; both are Float64Arrays of the same length. */
  step(params: Float64Array, grads: Float64Array): void;
  /** Forgets all state (moments, step count), as if newly constructed with the same options. */
  reset(): void;
}

/**
 * Shared bookkeeping for the optimizers: a validated `lr`, the step counter, argument checks and the
 * length of the parameter vector the state was allocated for. Subclasses implement `update`.
 */
export abstract class BaseOptimizer implements Optimizer {
  abstract readonly name: string;
  private learningRate: number;
  private steps = 0;
  /** Length of the parameter vector seen at the first step; the state is allocated for it. */
  protected size = -1;

  protected constructor(lr: number) {
    this.learningRate = checkNumber(this.constructor.name, "lr", lr, { min: 0 });
  }

  get lr(): number {
    return this.learningRate;
  }

  set lr(value: number) {
    this.learningRate = checkNumber(this.name, "lr", value, { min: 0 });
  }

  get stepCount(): number {
    return this.steps;
  }

  step(params: Float64Array, grads: Float64Array): void {
    checkFloat64Array(this.name, "params", params);
    checkFloat64Array(this.name, "grads", grads);
    checkSameLength(this.name, "params", params, "grads", grads);
    if (this.size === -1) {
      this.size = params.length;
      this.allocate(params.length);
    } else if (params.length !== this.size) {
      throw new RangeError(
        `${this.name}: params has length ${params.length} but this optimizer's state was made for ${this.size}; call reset() to start over`,
      );
    }
    this.steps += 1;
    this.update(params, grads, this.steps);
  }

  reset(): void {
    this.steps = 0;
    this.size = -1;
    this.allocate(0);
  }

  /** Allocates (or, for n = 0, drops) the per-parameter state. Called once, before the first step. */
  protected abstract allocate(n: number): void;

  /** The update rule proper; `t` is the number of this step, counting from 1. */
  protected abstract update(params: Float64Array, grads: Float64Array, t: number): void;
}
