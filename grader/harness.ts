"use strict";
// How each exercise is called on a case and what is observed. This file imports nothing at run time, because
// the instructor CLI compiles it into every student's sandbox: the child process that runs student
// code needs the runners, and must not see the reference solutions or the grading cases' answers.
import type { CaseInput, JsonValue, Values } from "./values";

/** The exercises, in course order. */
export const EXERCISE_NAMES = [
  "sgdStep",
  "stableLearningRate",
  "momentumStep",
  "nesterovStep",
  "adagradStep",
  "rmspropStep",
  "adamStep",
  "effectiveStepSizes",
  "adamL2Step",
  "adamwStep",
  "noDecayOnBiases",
  "stepDecay",
  "cosineAnnealing",
  "warmupCosine",
  "clipGradNorm",
  "clipGradValue",
  "fitCircle",
  "lionStep",
  "adafactorFactors",
] as const;

/** The name of one exercise. */
export type ExerciseName = (typeof EXERCISE_NAMES)[number];

/** The module of `exercises/` (without ".ts") that defines each exercise. */
export const EXERCISE_FILES: Record<ExerciseName, string> = {
  sgdStep: "01-gradient-descent",
  stableLearningRate: "01-gradient-descent",
  momentumStep: "02-momentum",
  nesterovStep: "02-momentum",
  adagradStep: "03-adagrad-rmsprop",
  rmspropStep: "03-adagrad-rmsprop",
  adamStep: "04-adam",
  effectiveStepSizes: "04-adam",
  adamL2Step: "05-adamw",
  adamwStep: "05-adamw",
  noDecayOnBiases: "05-adamw",
  stepDecay: "06-schedules",
  cosineAnnealing: "06-schedules",
  warmupCosine: "06-schedules",
  clipGradNorm: "07-clipping",
  clipGradValue: "07-clipping",
  fitCircle: "08-capstone",
  lionStep: "09-after-adam",
  adafactorFactors: "09-after-adam",
};

/** True when `name` is one of the exercises. */
export function isExerciseName(name: string): name is ExerciseName {
  return (EXERCISE_NAMES as readonly string[]).includes(name);
}

/** Any function, as loaded from a learner's module. */
export type AnyFunction = (...args: unknown[]) => unknown;

/** Runs one case: calls the function on fresh copies of the inputs and returns what it observed. */
export type Runner = (fn: AnyFunction, input: CaseInput) => Values;

// Captured before any student code runs, so a student who rewrites these globals cannot change what
// the runner observes.
const FloatArray = Float64Array;
const isArray = Array.isArray;
const isView = ArrayBuffer.isView;

/** Reads an array-like of numbers into a plain array; null when `x` is not array-like. */
export function toNumbers(x: unknown): number[] | null {
  if (typeof x === "number") return [x];
  if (!(isArray(x) || isView(x))) return null;
  const list = x as ArrayLike<unknown>;
  const out: number[] = [];
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const v = list[i];
    out[i] = typeof v === "number" ? v : NaN;
  }
  return out;
}

/** A scalar result as a one-entry vector (NaN when it is not a number). */
function scalar(x: unknown): number[] {
  return [typeof x === "number" ? x : NaN];
}

function num(input: CaseInput, key: string): number {
  return input[key] as number;
}

function vector(value: JsonValue | undefined): Float64Array {
  const list = value as readonly number[];
  const out = new FloatArray(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list[i];
  return out;
}

function options(input: CaseInput): Record<string, number> {
  return { ...(input.options as Record<string, number>) };
}

/** The gradient of lesson 01's toy problem Σ(wᵢ − 2)², written into `out`. */
function bowlGradient(params: Float64Array, out: Float64Array): void {
  for (let i = 0; i < params.length; i++) out[i] = 2 * (params[i] - 2);
}

/** Which state an optimizer exercise keeps: none, one array (Adagrad/RMSProp/Lion), or an object with a step. */
type StateKind = "none" | "sum" | "squareAvg" | "m" | "momentum" | "adam";

/** True for the kinds whose state is one array, recorded under the kind's name. */
function isArrayKind(kind: StateKind): kind is "sum" | "squareAvg" | "m" {
  return kind === "sum" || kind === "squareAvg" || kind === "m";
}

/** The state fields an optimizer exercise keeps, by kind (an array state is recorded under its kind's name). */
const STATE_FIELDS: Record<StateKind, readonly string[]> = { none: [], sum: ["sum"], squareAvg: ["squareAvg"], m: ["m"], momentum: ["step", "velocity"], adam: ["step", "m", "v"] };

/**
 * Records a whole run: after every step, params and each state field, n numbers each (NaN where an entry is
 * missing or not a number), and the step count as one number. Values holds one flat list per field.
 */
function pathRecorder(kind: StateKind, n: number): { record: (params: Float64Array, state: unknown) => void; values: () => Values } {
  const fields = STATE_FIELDS[kind];
  const lists: number[][] = [[]];
  for (let f = 0; f < fields.length; f++) lists[f + 1] = [];
  const append = (list: number[], x: unknown, count: number): void => {
    const xs = toNumbers(x) ?? [];
    for (let i = 0; i < count; i++) list[list.length] = i < xs.length ? xs[i] : NaN;
  };
  return {
    record(params, state) {
      append(lists[0], params, n);
      for (let f = 0; f < fields.length; f++) {
        const value = isArrayKind(kind) ? state : (state as Record<string, unknown>)[fields[f]];
        append(lists[f + 1], value, fields[f] === "step" ? 1 : n);
      }
    },
    values() {
      const out: Values = { params: lists[0] };
      for (let f = 0; f < fields.length; f++) out[fields[f]] = lists[f + 1];
      return out;
    },
  };
}

/**
 * The runner shared by the optimizer exercises. Input: params, a list of gradients (one per step) or
 * `bowl` steps on Σ(wᵢ − 2)², options, and optionally a starting state. Observes params, the state, the
 * gradients after the calls (they must not change) and any returned vector. A whole-run input instead gives
 * `curvature` c, `center` θ* and `steps`: the gradient of the quadratic ½Σ cᵢ(θᵢ − θ*ᵢ)² (lib's ravine, moved to θ*) is cᵢ(θᵢ − θ*ᵢ), and the runner
 * records params and the state after every step (see trajectory.ts), as raw values for the parent to judge.
 */
function optimizerRunner(kind: StateKind): Runner {
  return (fn, input) => {
    const params = vector(input.params);
    const n = params.length;
    const start = (input.state ?? {}) as Record<string, JsonValue>;
    const arrayState = isArrayKind(kind) ? (start[kind] ? vector(start[kind]) : new FloatArray(n)) : null;
    const objectState: Record<string, unknown> | null =
      kind === "momentum"
        ? { step: (start.step as number) ?? 0, velocity: start.velocity ? vector(start.velocity) : new FloatArray(n) }
        : kind === "adam"
          ? { step: (start.step as number) ?? 0, m: start.m ? vector(start.m) : new FloatArray(n), v: start.v ? vector(start.v) : new FloatArray(n) }
          : null;
    const gradList = (input.grads ?? []) as readonly (readonly number[])[];
    const bowlSteps = (input.bowl as number | undefined) ?? 0;
    const curvature = input.curvature as readonly number[] | undefined;
    const center = (input.center ?? []) as readonly number[];
    const path = curvature ? pathRecorder(kind, n) : null;
    const steps = bowlSteps > 0 ? bowlSteps : curvature ? (input.steps as number) : gradList.length;
    const seen: number[] = [];
    let returned: unknown;
    for (let s = 0; s < steps; s++) {
      const grads = new FloatArray(n);
      if (bowlSteps > 0) bowlGradient(params, grads);
      else if (curvature) for (let i = 0; i < n; i++) grads[i] = curvature[i] * (params[i] - (center[i] ?? 0));
      else for (let i = 0; i < n; i++) grads[i] = gradList[s][i];
      const opts = options(input);
      if (kind === "none") returned = fn(params, grads, opts.lr);
      else if (arrayState) returned = fn(params, grads, arrayState, opts);
      else returned = fn(params, grads, objectState, opts);
      if (path) path.record(params, arrayState ?? objectState);
      else if (bowlSteps === 0) for (let i = 0; i < n; i++) seen.push(grads[i]);
    }
    if (path) return path.values();
    const values: Values = { params: toNumbers(params) as number[] };
    if (arrayState) values[kind] = toNumbers(arrayState) as number[];
    if (objectState) {
      values.step = scalar(objectState.step);
      for (const key of kind === "momentum" ? ["velocity"] : ["m", "v"]) {
        values[key] = toNumbers(objectState[key]) ?? [];
      }
    }
    if (bowlSteps === 0) values.grads = seen;
    const back = toNumbers(returned);
    if (back && typeof returned !== "number") values.returned = back;
    return values;
  };
}

/** Schedules: the learning rate at each listed step, with a fresh copy of the options every call. */
const scheduleRunner: Runner = (fn, input) => {
  const steps = input.steps as readonly number[];
  const lr: number[] = [];
  for (const s of steps) lr.push(scalar(fn(s, options(input)))[0]);
  return { lr };
};

/** The runner of every exercise. */
export const RUNNERS: Record<ExerciseName, Runner> = {
  sgdStep: optimizerRunner("none"),
  stableLearningRate: (fn, input) => ({ lr: scalar(fn(num(input, "curvature"))) }),
  momentumStep: optimizerRunner("momentum"),
  nesterovStep: optimizerRunner("momentum"),
  adagradStep: optimizerRunner("sum"),
  rmspropStep: optimizerRunner("squareAvg"),
  adamStep: optimizerRunner("adam"),
  effectiveStepSizes: (fn, input) => {
    const start = input.state as Record<string, JsonValue>;
    const state = { step: start.step as number, m: vector(start.m), v: vector(start.v) };
    const result = fn(state, options(input));
    return {
      steps: toNumbers(result) ?? [],
      m: toNumbers(state.m) as number[],
      v: toNumbers(state.v) as number[],
      step: scalar(state.step),
    };
  },
  adamL2Step: optimizerRunner("adam"),
  adamwStep: optimizerRunner("adam"),
  noDecayOnBiases: (fn, input) => {
    // Observes what the groups do, not how they are cut: the weight decay at every index (NaN where no group
    // or several groups cover it, or weightDecay is not a number), and whether the ranges follow each other
    // in order from 0 to the end as an optimizer's groups must (1) or not (0).
    const blocks = input.blocks as readonly { readonly to: number }[];
    const n = blocks[blocks.length - 1].to;
    const returned = fn(blocks.map((block) => ({ ...block })), num(input, "weightDecay")); // a copy: the learner may not change the case
    const groups: unknown[] = isArray(returned) ? returned : [];
    const decay: number[] = [];
    const covered: number[] = [];
    for (let i = 0; i < n; i++) covered[i] = 0;
    let end = 0;
    let inOrder = groups.length > 0;
    for (let k = 0; k < groups.length; k++) {
      const g = (groups[k] ?? {}) as { from?: unknown; to?: unknown; weightDecay?: unknown };
      const from = typeof g.from === "number" ? g.from : NaN;
      const to = typeof g.to === "number" ? g.to : NaN;
      if (!(from === end && to > from)) inOrder = false;
      end = to;
      for (let i = 0; i < n; i++) {
        if (i >= from && i < to) {
          covered[i] += 1;
          decay[i] = typeof g.weightDecay === "number" ? g.weightDecay : NaN;
        }
      }
    }
    for (let i = 0; i < n; i++) if (covered[i] !== 1) decay[i] = NaN;
    return { weightDecay: decay, inOrder: [inOrder && end === n ? 1 : 0] };
  },
  stepDecay: scheduleRunner,
  cosineAnnealing: scheduleRunner,
  warmupCosine: scheduleRunner,
  clipGradNorm: (fn, input) => {
    // One gradient vector, or a list of them clipped one after another (one call per training step).
    const list = (isArray(input.grads) && isArray((input.grads as readonly JsonValue[])[0]) ? input.grads : [input.grads]) as readonly JsonValue[];
    const seen: number[] = [];
    const norms: number[] = [];
    for (let s = 0; s < list.length; s++) {
      const grads = vector(list[s]);
      norms[s] = scalar(fn(grads, num(input, "maxNorm")))[0];
      for (let i = 0; i < grads.length; i++) seen[seen.length] = grads[i];
    }
    return { grads: seen, norm: norms };
  },
  clipGradValue: (fn, input) => {
    const grads = vector(input.grads);
    const returned = fn(grads, num(input, "clipValue"));
    const values: Values = { grads: toNumbers(grads) as number[] };
    const back = toNumbers(returned);
    if (back && typeof returned !== "number") values.returned = back;
    return values;
  },
  fitCircle: (fn, input) => {
    // No step budget is checked here: code can compute gradients without the library (its own backprop,
    // a fresh copy of the MLP class), so counting model.lossAndGradient calls could always be dodged.
    const fit = fn(num(input, "seed")) as { hidden?: unknown; params?: unknown; steps?: unknown } | null;
    if (fit === null || typeof fit !== "object") return { hidden: [NaN], params: [], steps: [NaN] };
    return { hidden: scalar(fit.hidden), params: toNumbers(fit.params) ?? [], steps: scalar(fit.steps) };
  },
  lionStep: optimizerRunner("m"),
  adafactorFactors: (fn, input) => {
    // One call per gradient (rows·cols numbers, row-major); observes the factors and the step count after the
    // last call, every call's returned estimate one after another, and the gradients (they must not change).
    const opts = options(input);
    const start = (input.state ?? {}) as Record<string, JsonValue>;
    const state = {
      step: (start.step as number) ?? 0,
      rowVar: start.rowVar ? vector(start.rowVar) : new FloatArray(opts.rows),
      colVar: start.colVar ? vector(start.colVar) : new FloatArray(opts.cols),
    };
    const gradList = input.grads as readonly JsonValue[];
    const estimate: number[] = [];
    const seen: number[] = [];
    for (let s = 0; s < gradList.length; s++) {
      const grads = vector(gradList[s]);
      const back = toNumbers(fn(grads, state, options(input))) ?? [];
      // An array of another length is NaN throughout, so that the steps' estimates stay aligned.
      for (let i = 0; i < grads.length; i++) estimate[estimate.length] = back.length === grads.length ? back[i] : NaN;
      for (let i = 0; i < grads.length; i++) seen[seen.length] = grads[i];
    }
    return { step: scalar(state.step), rowVar: toNumbers(state.rowVar) ?? [], colVar: toNumbers(state.colVar) ?? [], estimate, grads: seen };
  },
};
