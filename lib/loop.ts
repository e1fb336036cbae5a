// Training loops that record what the lessons plot. Each step runs in the order every framework uses:
// gradient, (clip), optimizer step with the scheduled learning rate. A non-finite loss or parameter stops
// the run and says at which step it happened, instead of filling the history with NaN.
import { clipGradNorm, gradNorm } from "./clipping";
import type { Dataset } from "./data";
import type { MLP } from "./mlp";
import type { Optimizer } from "./optimizers/optimizer";
import type { Problem } from "./problems";
import { Rng } from "./rng";
import type { Schedule } from "./schedules";
import { checkNumber } from "./validate";

/** Why and where a run stopped early. */
export interface Failure {
  /** The optimizer step after which the loss or a parameter stopped being finite (0 = at the start). */
  readonly step: number;
  readonly message: string;
}

/** Options shared by {@link minimize} and {@link train}. */
export interface LoopOptions {
  /**
   * Learning rate per step, written before step s + 1. One schedule sets the optimizer's `lr` to schedule(s),
   * which scales every parameter group in proportion to its own starting rate (as torch's schedulers scale
   * each group's initial_lr); an array of schedules, one per group, sets groups[k].lr to schedules[k](s).
   */
  schedule?: Schedule | readonly Schedule[];
  /** Clip the gradient to this total 2-norm before each step (clipGradNorm). */
  clipNorm?: number;
  /**
   * The clipping function used with clipNorm, for instance a learner's own (default: the library's
   * clipGradNorm). It clips the gradient in place and returns the norm before clipping.
   */
  clipFunction?: (grads: Float64Array, maxNorm: number) => number;
}

/** The optimizer's groups, or the optimizer itself as its only group when it has none (a learner's own). */
function groupsOf(optimizer: Optimizer): readonly { lr: number }[] {
  return optimizer.groups ?? [optimizer];
}

/** Checks that an array of schedules has one schedule per group of the optimizer. */
function checkSchedules(owner: string, optimizer: Optimizer, schedule: LoopOptions["schedule"]): void {
  if (schedule === undefined || typeof schedule === "function") return;
  const groups = groupsOf(optimizer).length;
  if (schedule.length !== groups) {
    throw new RangeError(`${owner}: schedule is an array of ${schedule.length} schedules but ${optimizer.name} has ${groups} parameter group${groups === 1 ? "" : "s"}; give one per group`);
  }
}

/** The learning rate of the first group: the one rate there is, for an optimizer without groups. */
function firstLr(optimizer: Optimizer): number {
  return optimizer.groups ? optimizer.groups[0].lr : optimizer.lr;
}

/** Writes the learning rates of the step that follows `step` completed steps (see LoopOptions.schedule). */
function applySchedule(optimizer: Optimizer, schedule: LoopOptions["schedule"], step: number): void {
  if (schedule === undefined) return;
  if (typeof schedule === "function") {
    optimizer.lr = schedule(step);
    return;
  }
  const groups = groupsOf(optimizer);
  for (let k = 0; k < groups.length; k++) groups[k].lr = schedule[k](step);
}

/** The history of a {@link minimize} run; path and loss have one entry more than steps taken. */
export interface MinimizeResult {
  /** Parameters at the start and after each step. */
  path: number[][];
  /** Loss at each point of `path`. */
  loss: number[];
  /** Gradient 2-norm before clipping, at each step. */
  gradNorm: number[];
  /** Learning rate used at each step (of the first group, when the optimizer has several). */
  lr: number[];
  /** Set when the run stopped on a non-finite value. */
  failure: Failure | null;
}

function firstNonFinite(params: Float64Array): number {
  for (let i = 0; i < params.length; i++) if (!Number.isFinite(params[i])) return i;
  return -1;
}

function checkFinite(loss: number, params: Float64Array, step: number): Failure | null {
  if (!Number.isFinite(loss)) return { step, message: `the loss became ${loss} after step ${step}` };
  const i = firstNonFinite(params);
  return i < 0 ? null : { step, message: `parameter ${i} became ${params[i]} after step ${step}` };
}

/**
 * Runs `steps` optimizer steps on a test problem from `start` (default: the problem's start) and records
 * the path. `onStep(step, params, loss)` is called after every step.
 */
export function minimize(
  problem: Problem,
  optimizer: Optimizer,
  options: LoopOptions & { steps: number; start?: readonly number[]; onStep?: (step: number, params: Float64Array, loss: number) => void },
): MinimizeResult {
  const steps = checkNumber("minimize", "steps", options.steps, { min: 0, integer: true });
  checkSchedules("minimize", optimizer, options.schedule);
  const params = Float64Array.from(options.start ?? problem.start);
  if (params.length !== problem.dim) {
    throw new RangeError(`minimize: start has ${params.length} coordinates but ${problem.name} has ${problem.dim}`);
  }
  const grads = new Float64Array(problem.dim);
  const result: MinimizeResult = { path: [Array.from(params)], loss: [], gradNorm: [], lr: [], failure: null };
  let loss = problem.gradient(params, grads);
  result.loss.push(loss);
  result.failure = checkFinite(loss, params, 0);
  for (let s = 0; s < steps && result.failure === null; s++) {
    result.gradNorm.push(options.clipNorm === undefined ? gradNorm(grads) : (options.clipFunction ?? clipGradNorm)(grads, options.clipNorm));
    applySchedule(optimizer, options.schedule, s);
    result.lr.push(firstLr(optimizer));
    optimizer.step(params, grads);
    loss = problem.gradient(params, grads);
    result.path.push(Array.from(params));
    result.loss.push(loss);
    result.failure = checkFinite(loss, params, s + 1);
    options.onStep?.(s + 1, params, loss);
  }
  return result;
}

/** Options of {@link train}. */
export interface TrainOptions extends LoopOptions {
  epochs: number;
  /** Samples per optimizer step (default 1: one step per sample, the classic protocol). */
  batchSize?: number;
  /** Shuffle the sample order every epoch with this seed; omitted, the order stays fixed. */
  shuffleSeed?: number;
  /** A held-out set, evaluated after every epoch. */
  validation?: Dataset;
  /** Called after every epoch with its number (from 1) and the parameters. */
  onEpoch?: (epoch: number, params: Float64Array) => void;
}

/** The history of a {@link train} run. */
export interface TrainResult {
  /** Per epoch: mean training loss and accuracy of the batches as they were seen (before their step). */
  loss: number[];
  accuracy: number[];
  /** Per epoch, when a validation set was given: loss and accuracy after the epoch. */
  validationLoss: number[];
  validationAccuracy: number[];
  /** Per optimizer step: gradient 2-norm before clipping, and the learning rate used (of the first group). */
  gradNorm: number[];
  lr: number[];
  /** Set when the run stopped on a non-finite value; `step` counts optimizer steps. */
  failure: Failure | null;
}

/**
 * Trains the MLP on `data` in place of `params` for a number of epochs with mini-batches of `batchSize`
 * samples, one optimizer step per batch; the schedule is indexed by the global step count.
 */
export function train(model: MLP, params: Float64Array, optimizer: Optimizer, data: Dataset, options: TrainOptions): TrainResult {
  const epochs = checkNumber("train", "epochs", options.epochs, { min: 0, integer: true });
  const batchSize = checkNumber("train", "batchSize", options.batchSize ?? 1, { min: 1, max: data.size, integer: true });
  checkSchedules("train", optimizer, options.schedule);
  const grads = new Float64Array(model.size);
  const order = Uint32Array.from({ length: data.size }, (_, i) => i);
  const rng = options.shuffleSeed === undefined ? null : new Rng(options.shuffleSeed);
  const result: TrainResult = { loss: [], accuracy: [], validationLoss: [], validationAccuracy: [], gradNorm: [], lr: [], failure: null };
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    rng?.shuffle(order);
    let lossSum = 0;
    let correct = 0;
    for (let from = 0; from < data.size; from += batchSize) {
      const to = Math.min(from + batchSize, data.size);
      const loss = model.lossAndGradient(params, grads, data, order, from, to);
      correct += model.lastCorrect; // the batch's accuracy, from the same forward pass as its loss
      result.failure = checkFinite(loss, params, step);
      if (result.failure) return result;
      lossSum += loss * (to - from);
      result.gradNorm.push(options.clipNorm === undefined ? gradNorm(grads) : (options.clipFunction ?? clipGradNorm)(grads, options.clipNorm));
      applySchedule(optimizer, options.schedule, step);
      result.lr.push(firstLr(optimizer));
      optimizer.step(params, grads);
      step += 1;
    }
    result.loss.push(lossSum / data.size);
    result.accuracy.push(correct / data.size);
    if (options.validation) {
      const v = model.evaluate(params, options.validation);
      result.validationLoss.push(v.loss);
      result.validationAccuracy.push(v.accuracy);
    }
    options.onEpoch?.(epoch, params);
  }
  const i = firstNonFinite(params);
  if (i >= 0) result.failure = { step, message: `parameter ${i} became ${params[i]} after step ${step}` };
  return result;
}
