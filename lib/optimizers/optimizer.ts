import { checkFloat64Array, checkNumber, checkSameLength } from "../validate";
import { checkGroupsCover, makeGroups, type GroupOptions, type GroupRate, type ParamGroup, type Resolve } from "./groups";

/** What every optimizer offers: an in-place `step(params, grads)`, a writable `lr`, a step count and `reset()`. */
export interface Optimizer {
  /** Short name for tables and legends, e.g. "Adam". */
  readonly name: string;
  /** Learning rate used by the next step (with groups, the base rate they follow); schedules write it before each step. */
  lr: number;
  /** The parameter groups, when the optimizer has them (every optimizer of the library does). */
  readonly groups?: readonly GroupRate[];
  /** Number of completed steps (torch's `state["step"]`). */
  readonly stepCount: number;
  /** Updates `params` in place from `grads`; both are Float64Arrays of the same length. */
  step(params: Float64Array, grads: Float64Array): void;
  /** Forgets all state (moments, step count), as if newly constructed with the same options. */
  reset(): void;
}

/**
 * Shared bookkeeping for the optimizers: the checked options and parameter groups, the step counter,
 * argument checks and the length of the parameter vector the state was allocated for. Subclasses give
 * their options' checks (`resolve`) and implement `update`, which runs once per group and step.
 */
export abstract class BaseOptimizer<S extends { lr: number }> implements Optimizer {
  abstract readonly name: string;
  /** The optimizer's own options with torch's defaults filled in; groups start from these. */
  readonly defaults: Readonly<S>;
  /**
   * The parameter groups in index order, as torch's `param_groups`: each with its range, its options and a
   * writable `lr`. Without the `groups` option, one group [0, Infinity) covers the whole vector.
   */
  readonly groups: readonly ParamGroup<S>[];
  private baseLr: number;
  private steps = 0;
  /** Length of the parameter vector seen at the first step; the state is allocated for it. */
  protected size = -1;

  protected constructor(owner: string, options: Partial<S> & { groups?: readonly GroupOptions<S>[] }, torchDefaults: Partial<S>, resolve: Resolve<S>) {
    this.defaults = resolve(owner, options, torchDefaults, "");
    this.baseLr = this.defaults.lr;
    this.groups = makeGroups(owner, options.groups, this.defaults, resolve);
  }

  /**
   * The base learning rate. Writing it sets every group's rate in proportion to the rate the group was built
   * with, lr_g ← lr · initialLr_g / initialLr, as torch's schedulers scale each group's `initial_lr`; groups
   * built with the optimizer's own rate get exactly `lr`.
   */
  get lr(): number {
    return this.baseLr;
  }

  set lr(value: number) {
    const lr = checkNumber(this.name, "lr", value, { min: 0 });
    const base = this.defaults.lr;
    const bad = base === 0 ? this.groups.findIndex((group) => group.initialLr !== 0) : -1; // no ratio to 0
    if (bad >= 0) {
      throw new RangeError(
        `${this.name}: cannot scale groups[${bad}] (lr = ${this.groups[bad].initialLr}) with lr: the optimizer was built with lr = 0; write groups[${bad}].lr instead`,
      );
    }
    this.baseLr = lr;
    for (const group of this.groups) group.lr = group.initialLr === base ? lr : lr * (group.initialLr / base);
  }

  get stepCount(): number {
    return this.steps;
  }

  step(params: Float64Array, grads: Float64Array): void {
    checkFloat64Array(this.name, "params", params);
    checkFloat64Array(this.name, "grads", grads);
    checkSameLength(this.name, "params", params, "grads", grads);
    if (this.size === -1) {
      checkGroupsCover(this.name, this.groups, params.length);
      this.size = params.length;
      this.allocate(params.length);
    } else if (params.length !== this.size) {
      throw new RangeError(
        `${this.name}: params has length ${params.length} but this optimizer's state was made for ${this.size}; call reset() to start over`,
      );
    }
    this.steps += 1;
    const groups = this.groups;
    for (let k = 0; k < groups.length; k++) {
      const group = groups[k];
      // The one group of an optimizer built without `groups` ends at Infinity, i.e. at the end of params.
      // (Passing the integer length, not Math.min(Infinity, n), keeps the loop counters small integers.)
      this.update(params, grads, this.steps, group, group.from, group.to === Infinity ? params.length : group.to);
    }
  }

  reset(): void {
    this.steps = 0;
    this.size = -1;
    this.allocate(0);
  }

  /** Allocates (or, for n = 0, drops) the per-parameter state. Called once, before the first step. */
  protected abstract allocate(n: number): void;

  /**
   * The update rule proper, for the indices [from, to) of one group with its options; `t` is the number of
   * this step, counting from 1. State stays per parameter: index i always uses entry i of each state array.
   */
  protected abstract update(params: Float64Array, grads: Float64Array, t: number, group: ParamGroup<S>, from: number, to: number): void;
}
