// The single source of grading truth: for every exercise, its cases, how it is run, the reference answer
// it is compared with, the known wrong variants, its points and time limit. The notebooks' `check`, the
// CLI and vitest all grade from this table.
import { MLP, circleData } from "@optlab/lib";
import * as solutions from "@optlab/solutions";
import { buildCases, type GradingCase } from "./cases";
import { EXERCISE_FILES, EXERCISE_NAMES, RUNNERS, type AnyFunction, type ExerciseName, type Runner } from "./harness";
import type { CaseInput, Values } from "./values";
import { trajectoryOf, type TrajectorySpec } from "./trajectory";
import { VARIANTS, type Variant } from "./variants";

/** Everything the grader knows about one exercise. */
export interface ExerciseSpec {
  name: ExerciseName;
  /** The lesson module, e.g. "04-adam" (exercises/04-adam.ts). */
  file: string;
  /** A short description for tables. */
  title: string;
  /** Points for passing every case. */
  points: number;
  cases: GradingCase[];
  runner: Runner;
  reference: AnyFunction;
  variants: Variant[];
  /** Observed fields that are inputs the function must only read. */
  readOnly: string[];
  /** Wall-clock limit for all cases of the exercise together, in milliseconds. */
  timeLimitMs: number;
  /** The 50-step run on a 2-D problem shown next to the reference (optimizer exercises only). */
  trajectory?: TrajectorySpec;
  /** Feedback keeps the diagnosis but not the failing case's inputs and expected values (see HIDDEN_CASES). */
  hideCases: boolean;
  /** Outcome exercises: judges the observed values directly (null = pass, else the reason). */
  assess?: (input: CaseInput, values: Values) => string | null;
}

const TITLES: Record<ExerciseName, string> = {
  sgdStep: "one step of gradient descent",
  stableLearningRate: "stability bound (supremum) of the learning rate on a quadratic",
  momentumStep: "SGD with momentum (torch form)",
  nesterovStep: "Nesterov momentum",
  adagradStep: "Adagrad",
  rmspropStep: "RMSProp",
  adamStep: "Adam with bias correction",
  effectiveStepSizes: "Adam's per-parameter step sizes",
  adamL2Step: "Adam with L2 in the gradient",
  adamwStep: "AdamW (decoupled weight decay)",
  noDecayOnBiases: "parameter groups: no weight decay on biases",
  stepDecay: "step decay schedule",
  cosineAnnealing: "cosine annealing schedule",
  warmupCosine: "warm-up then cosine schedule",
  clipGradNorm: "clipping by global norm",
  clipGradValue: "clipping by value",
  fitCircle: "capstone: fit the circle data",
  lionStep: "Lion (sign of an interpolated momentum)",
  adafactorFactors: "Adafactor's factored second moment",
};

/**
 * The exercises whose cases the instructor keeps private: their feedback (notebook check, CLI, Gradescope,
 * PrairieLearn) names the mistake and where the results differ, but not the failing case's inputs or expected
 * values. Add a name here to hide one exercise's cases; `npm run grade -- --hide-cases` hides every exercise's.
 */
export const HIDDEN_CASES: readonly ExerciseName[] = [];

/** The capstone's limits, stated in exercises/08-capstone.ts. */
export const CIRCLE = { trainingSize: 500, heldOutSize: 1000, heldOutSeedOffset: 1000, maxSteps: 1500, maxHidden: 64, accuracy: 0.95 };

/** Judges one fitCircle result: the parameters' accuracy on held-out points, the reported step count, the shape. */
function assessCircle(input: CaseInput, values: Values): string | null {
  const seed = input.seed as number;
  const hidden = values.hidden[0];
  const steps = values.steps[0];
  if (!Number.isInteger(hidden) || hidden < 1 || hidden > CIRCLE.maxHidden) {
    return `hidden must be an integer from 1 to ${CIRCLE.maxHidden}, got ${hidden}`;
  }
  if (values.params.length !== 4 * hidden + 1) {
    return `params has length ${values.params.length}; an MLP with ${hidden} hidden units has 4·${hidden} + 1 = ${4 * hidden + 1}`;
  }
  if (!values.params.every(Number.isFinite)) return "params holds NaN or Infinity: the training diverged (try a smaller learning rate or clipping)";
  if (!Number.isInteger(steps) || steps < 1) return `steps must be the number of optimizer steps taken, got ${steps}`;
  if (steps > CIRCLE.maxSteps) return `used ${steps} optimizer steps; the budget is ${CIRCLE.maxSteps}`;
  const heldOut = circleData({ n: CIRCLE.heldOutSize, seed: seed + CIRCLE.heldOutSeedOffset });
  const { accuracy } = new MLP(hidden).evaluate(Float64Array.from(values.params), heldOut);
  if (accuracy < CIRCLE.accuracy) {
    return `held-out accuracy ${(accuracy * 100).toFixed(1)}% is below ${CIRCLE.accuracy * 100}% (after ${steps} steps)`;
  }
  return null;
}

function buildCatalog(): Record<ExerciseName, ExerciseSpec> {
  const cases = buildCases();
  const references = solutions as unknown as Record<ExerciseName, AnyFunction>;
  const entries = EXERCISE_NAMES.map((name): [ExerciseName, ExerciseSpec] => {
    const isOptimizer = RUNNERS[name] === RUNNERS.sgdStep || ["momentumStep", "nesterovStep", "adagradStep", "rmspropStep", "adamStep", "adamL2Step", "adamwStep", "lionStep"].includes(name);
    const readOnly = isOptimizer || name === "adafactorFactors" ? ["grads"] : name === "effectiveStepSizes" ? ["m", "v", "step"] : [];
    return [
      name,
      {
        name,
        file: EXERCISE_FILES[name],
        title: TITLES[name],
        points: 10,
        cases: cases[name],
        runner: RUNNERS[name],
        reference: references[name],
        variants: VARIANTS[name],
        readOnly,
        timeLimitMs: name === "fitCircle" ? 30_000 : 3_000,
        trajectory: trajectoryOf(name),
        hideCases: HIDDEN_CASES.includes(name),
        assess: name === "fitCircle" ? assessCircle : undefined,
      },
    ];
  });
  return Object.fromEntries(entries) as Record<ExerciseName, ExerciseSpec>;
}

let catalog: Record<ExerciseName, ExerciseSpec> | null = null;

/** The grading table (built once, on first use). */
export function getCatalog(): Record<ExerciseName, ExerciseSpec> {
  catalog ??= buildCatalog();
  return catalog;
}

/** The total of all exercises' points. */
export function maxTotal(): number {
  return Object.values(getCatalog()).reduce((sum, spec) => sum + spec.points, 0);
}
