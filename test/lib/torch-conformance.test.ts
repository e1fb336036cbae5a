// Whole trajectories against PyTorch itself (Debian's python3-torch), run in a child process: every
// optimizer configuration, parameter groups (with and without schedulers), every torch scheduler we
// mirror, and clip_grad_norm_, at relative error 1e-9.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TORCH1_PYTHON, torch1Available } from "../torch";
import { describe, expect, it } from "vitest";
import {
  Adagrad, Adam, AdamW, clipGradNorm, cosineAnnealing, exponential, linear, minimize, multiStep, oneCycle, RMSProp, Rng, SGD, stepDecay,
  type Optimizer, type Problem, type Schedule,
} from "@optlab/lib";

const PYTHON = TORCH1_PYTHON;
const torchAvailable = torch1Available("run the conformance suite");

// Option objects in torch's names, with the library's constructor for the same configuration.
type TorchOptions = Record<string, number | boolean | number[]>;
const configs: [string, TorchOptions, () => Optimizer][] = [
  ["SGD", { lr: 0.05 }, () => new SGD({ lr: 0.05 })],
  ["SGD", { lr: 0.05, weight_decay: 0.1 }, () => new SGD({ lr: 0.05, weightDecay: 0.1 })],
  ["SGD", { lr: 0.03, momentum: 0.9 }, () => new SGD({ lr: 0.03, momentum: 0.9 })],
  ["SGD", { lr: 0.03, momentum: 0.8, dampening: 0.3, weight_decay: 0.01 }, () => new SGD({ lr: 0.03, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 })],
  ["SGD", { lr: 0.03, momentum: 0.9, nesterov: true }, () => new SGD({ lr: 0.03, momentum: 0.9, nesterov: true })],
  ["SGD", { lr: 0.02, momentum: 0.99, nesterov: true, weight_decay: 0.05 }, () => new SGD({ lr: 0.02, momentum: 0.99, nesterov: true, weightDecay: 0.05 })],
  ["Adagrad", {}, () => new Adagrad()],
  ["Adagrad", { lr: 0.3, lr_decay: 0.01, weight_decay: 0.1, initial_accumulator_value: 0.5, eps: 1e-6 }, () => new Adagrad({ lr: 0.3, lrDecay: 0.01, weightDecay: 0.1, initialAccumulatorValue: 0.5, eps: 1e-6 })],
  ["RMSProp", {}, () => new RMSProp()],
  ["RMSProp", { lr: 0.01, alpha: 0.9, centered: true }, () => new RMSProp({ lr: 0.01, alpha: 0.9, centered: true })],
  ["RMSProp", { lr: 0.005, momentum: 0.9, weight_decay: 0.1 }, () => new RMSProp({ lr: 0.005, momentum: 0.9, weightDecay: 0.1 })],
  ["RMSProp", { lr: 0.005, alpha: 0.95, eps: 1e-4, momentum: 0.5, centered: true }, () => new RMSProp({ lr: 0.005, alpha: 0.95, eps: 1e-4, momentum: 0.5, centered: true })],
  ["Adam", {}, () => new Adam()],
  ["Adam", { lr: 0.1, betas: [0.5, 0.9], eps: 1e-6 }, () => new Adam({ lr: 0.1, betas: [0.5, 0.9], eps: 1e-6 })],
  ["Adam", { lr: 0.05, weight_decay: 0.1, amsgrad: true }, () => new Adam({ lr: 0.05, weightDecay: 0.1, amsgrad: true })],
  ["Adam", { lr: 0.05, betas: [0, 0.99] }, () => new Adam({ lr: 0.05, betas: [0, 0.99] })],
  ["AdamW", {}, () => new AdamW()],
  ["AdamW", { lr: 0.05, weight_decay: 0.1 }, () => new AdamW({ lr: 0.05, weightDecay: 0.1 })],
  ["AdamW", { lr: 0.05, weight_decay: 0.5, amsgrad: true, betas: [0.8, 0.99] }, () => new AdamW({ lr: 0.05, weightDecay: 0.5, amsgrad: true, betas: [0.8, 0.99] })],
];

// Parameter groups: torch splits θ (6 numbers) into one tensor per group, in order, with the sizes given;
// the library gets the same groups as index ranges. Options in torch's names, typed out for each side.
type TorchGroup = TorchOptions & { size: number };
const groupConfigs: [string, string, TorchOptions, TorchGroup[], () => Optimizer][] = [
  ["SGD", "2 groups: weight decay on one, its own lr, momentum and dampening on the other",
    { lr: 0.03, momentum: 0.9 }, [{ size: 4, weight_decay: 0.1 }, { size: 2, lr: 0.01, momentum: 0.5, dampening: 0.2 }],
    () => new SGD({ lr: 0.03, momentum: 0.9, groups: [{ from: 0, to: 4, weightDecay: 0.1 }, { from: 4, to: 6, lr: 0.01, momentum: 0.5, dampening: 0.2 }] })],
  ["SGD", "3 groups: Nesterov, no momentum with decay, damped momentum with its own lr",
    { lr: 0.05 }, [{ size: 2, momentum: 0.9, nesterov: true }, { size: 1, weight_decay: 0.05 }, { size: 3, lr: 0.02, momentum: 0.8, dampening: 0.3, weight_decay: 0.01 }],
    () => new SGD({ lr: 0.05, groups: [{ from: 0, to: 2, momentum: 0.9, nesterov: true }, { from: 2, to: 3, weightDecay: 0.05 }, { from: 3, to: 6, lr: 0.02, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 }] })],
  ["Adam", "2 groups: other betas and L2 decay on one, its own lr and amsgrad on the other",
    { lr: 0.05 }, [{ size: 3, betas: [0.5, 0.9], weight_decay: 0.1 }, { size: 3, lr: 0.1, amsgrad: true }],
    () => new Adam({ lr: 0.05, groups: [{ from: 0, to: 3, betas: [0.5, 0.9], weightDecay: 0.1 }, { from: 3, to: 6, lr: 0.1, amsgrad: true }] })],
  ["Adam", "3 groups: defaults, other betas and eps, its own lr and L2 decay",
    { lr: 0.03 }, [{ size: 1 }, { size: 3, betas: [0.8, 0.99], eps: 1e-6 }, { size: 2, lr: 0.01, weight_decay: 0.2 }],
    () => new Adam({ lr: 0.03, groups: [{ from: 0, to: 1 }, { from: 1, to: 4, betas: [0.8, 0.99], eps: 1e-6 }, { from: 4, to: 6, lr: 0.01, weightDecay: 0.2 }] })],
  ["AdamW", "2 groups: no decay on the second (as on biases)",
    { lr: 0.05, weight_decay: 0.1 }, [{ size: 4 }, { size: 2, weight_decay: 0 }],
    () => new AdamW({ lr: 0.05, weightDecay: 0.1, groups: [{ from: 0, to: 4 }, { from: 4, to: 6, weightDecay: 0 }] })],
  ["AdamW", "3 groups: its own lr, other betas with amsgrad, no decay",
    { lr: 0.05, weight_decay: 0.5 }, [{ size: 2, lr: 0.02 }, { size: 3, betas: [0.8, 0.99], amsgrad: true }, { size: 1, weight_decay: 0 }],
    () => new AdamW({ lr: 0.05, weightDecay: 0.5, groups: [{ from: 0, to: 2, lr: 0.02 }, { from: 2, to: 5, betas: [0.8, 0.99], amsgrad: true }, { from: 5, to: 6, weightDecay: 0 }] })],
  ["RMSProp", "2 groups: centered with another alpha, momentum with decay and its own lr",
    { lr: 0.01 }, [{ size: 3, alpha: 0.9, centered: true }, { size: 3, lr: 0.005, momentum: 0.9, weight_decay: 0.1 }],
    () => new RMSProp({ lr: 0.01, groups: [{ from: 0, to: 3, alpha: 0.9, centered: true }, { from: 3, to: 6, lr: 0.005, momentum: 0.9, weightDecay: 0.1 }] })],
  ["RMSProp", "3 groups: defaults, centered momentum with eps, another alpha and lr",
    { lr: 0.01 }, [{ size: 2 }, { size: 2, momentum: 0.5, centered: true, eps: 1e-4 }, { size: 2, alpha: 0.95, lr: 0.02 }],
    () => new RMSProp({ lr: 0.01, groups: [{ from: 0, to: 2 }, { from: 2, to: 4, momentum: 0.5, centered: true, eps: 1e-4 }, { from: 4, to: 6, alpha: 0.95, lr: 0.02 }] })],
  // Adagrad's starting sum is the optimizer's for every group, in torch as in the library (see adagrad.ts).
  ["Adagrad", "2 groups: lr decay on one, its own lr, decay and eps on the other",
    { lr: 0.3, initial_accumulator_value: 0.5 }, [{ size: 2, lr_decay: 0.01 }, { size: 4, lr: 0.1, weight_decay: 0.1, eps: 1e-6 }],
    () => new Adagrad({ lr: 0.3, initialAccumulatorValue: 0.5, groups: [{ from: 0, to: 2, lrDecay: 0.01 }, { from: 2, to: 6, lr: 0.1, weightDecay: 0.1, eps: 1e-6 }] })],
  ["Adagrad", "3 groups: defaults, weight decay, its own lr and no lr decay",
    { lr: 0.2, lr_decay: 0.05, initial_accumulator_value: 0.1 }, [{ size: 3 }, { size: 1, weight_decay: 0.3 }, { size: 2, lr: 0.5, lr_decay: 0 }],
    () => new Adagrad({ lr: 0.2, lrDecay: 0.05, initialAccumulatorValue: 0.1, groups: [{ from: 0, to: 3 }, { from: 3, to: 4, weightDecay: 0.3 }, { from: 4, to: 6, lr: 0.5, lrDecay: 0 }] })],
];

// Groups under a scheduler, run by the library's `minimize`: one schedule scales each group's own starting
// rate (torch's StepLR or CosineAnnealingLR), an array gives each group its own (torch's LambdaLR with one
// factor per group, γ^⌊s / stepSize⌋, the library's stepDecay from that group's lr).
type TorchScheduler = { name: string; options?: TorchOptions; groups?: { step_size: number; gamma: number }[] };
const scheduledConfigs: [string, string, TorchOptions, TorchGroup[], TorchScheduler, () => Optimizer, Schedule | Schedule[]][] = [
  ["SGD", "2 groups with momentum and their own lr under one StepLR",
    { lr: 0.04, momentum: 0.9 }, [{ size: 3 }, { size: 3, lr: 0.01, weight_decay: 0.1 }], { name: "stepDecay", options: { step_size: 7, gamma: 0.5 } },
    () => new SGD({ lr: 0.04, momentum: 0.9, groups: [{ from: 0, to: 3 }, { from: 3, to: 6, lr: 0.01, weightDecay: 0.1 }] }),
    stepDecay({ lr: 0.04, stepSize: 7, gamma: 0.5 })],
  ["AdamW", "2 groups, no decay on one, under one CosineAnnealingLR",
    { lr: 0.05, weight_decay: 0.2 }, [{ size: 4, lr: 0.1 }, { size: 2, weight_decay: 0 }], { name: "cosineAnnealing", options: { T_max: 80, eta_min: 0 } },
    () => new AdamW({ lr: 0.05, weightDecay: 0.2, groups: [{ from: 0, to: 4, lr: 0.1 }, { from: 4, to: 6, weightDecay: 0 }] }),
    cosineAnnealing({ lr: 0.05, tMax: 80 })],
  ["Adam", "3 groups, each with its own schedule (LambdaLR)",
    { lr: 0.05 }, [{ size: 2 }, { size: 2, lr: 0.1, betas: [0.8, 0.99] }, { size: 2, lr: 0.02 }],
    { name: "lambda", groups: [{ step_size: 10, gamma: 0.5 }, { step_size: 5, gamma: 0.8 }, { step_size: 30, gamma: 0.1 }] },
    () => new Adam({ lr: 0.05, groups: [{ from: 0, to: 2 }, { from: 2, to: 4, lr: 0.1, betas: [0.8, 0.99] }, { from: 4, to: 6, lr: 0.02 }] }),
    [stepDecay({ lr: 0.05, stepSize: 10, gamma: 0.5 }), stepDecay({ lr: 0.1, stepSize: 5, gamma: 0.8 }), stepDecay({ lr: 0.02, stepSize: 30, gamma: 0.1 })]],
];

// The same closed-loop gradient in both languages, with the same operation order: g = a·θ - b + c·θ³.
const DIM = 6;
const STEPS = 80;
const rng = new Rng(2024);
const problem = {
  a: Array.from({ length: DIM }, () => rng.uniform(0.2, 3)),
  b: Array.from({ length: DIM }, () => rng.uniform(-1, 1)),
  c: Array.from({ length: DIM }, () => rng.uniform(0, 0.1)),
  start: Array.from({ length: DIM }, () => rng.uniform(-2, 2)),
};

function libTrajectory(optimizer: Optimizer): number[][] {
  const { a, b, c } = problem;
  const theta = Float64Array.from(problem.start);
  const grads = new Float64Array(DIM);
  const path: number[][] = [];
  for (let s = 0; s < STEPS; s++) {
    for (let i = 0; i < DIM; i++) grads[i] = a[i] * theta[i] - b[i] + c[i] * theta[i] * theta[i] * theta[i];
    optimizer.step(theta, grads);
    path.push(Array.from(theta));
  }
  return path;
}

/** The same gradient as a Problem, so that `minimize` can run it with a schedule. */
const conformanceProblem: Problem = {
  name: "conformance",
  formula: "g = a·θ - b + c·θ³",
  dim: DIM,
  start: problem.start,
  loss: () => 0,
  gradient(theta, grads) {
    const { a, b, c } = problem;
    for (let i = 0; i < DIM; i++) grads[i] = a[i] * theta[i] - b[i] + c[i] * theta[i] * theta[i] * theta[i];
    return 0;
  },
};

/** Largest relative error between two trajectories, over every step and coordinate. */
function worstError(ours: number[][], theirs: number[][]): number {
  expect(theirs).toHaveLength(ours.length);
  let worst = 0;
  ours.forEach((point, s) => point.forEach((x, k) => (worst = Math.max(worst, relError(x, theirs[s][k])))));
  return worst;
}

const schedules: [string, number, TorchOptions, number, Schedule][] = [
  ["stepDecay", 0.5, { step_size: 7, gamma: 0.3 }, 40, stepDecay({ lr: 0.5, stepSize: 7, gamma: 0.3 })],
  ["multiStep", 0.5, { milestones: [3, 10, 11], gamma: 0.5 }, 20, multiStep({ lr: 0.5, milestones: [3, 10, 11], gamma: 0.5 })],
  ["exponential", 0.1, { gamma: 0.97 }, 200, exponential({ lr: 0.1, gamma: 0.97 })],
  ["cosineAnnealing", 0.2, { T_max: 50 }, 50, cosineAnnealing({ lr: 0.2, tMax: 50 })],
  ["cosineAnnealing", 0.2, { T_max: 33, eta_min: 0.01 }, 33, cosineAnnealing({ lr: 0.2, tMax: 33, minLr: 0.01 })],
  ["linear", 0.3, {}, 10, linear({ lr: 0.3 })],
  ["linear", 0.3, { start_factor: 0.1, end_factor: 0.6, total_iters: 17 }, 30, linear({ lr: 0.3, startFactor: 0.1, endFactor: 0.6, totalSteps: 17 })],
  ["oneCycle", 0.1, { max_lr: 1, total_steps: 100, cycle_momentum: false }, 100, oneCycle({ maxLr: 1, totalSteps: 100 })],
  ["oneCycle", 0.1, { max_lr: 0.4, total_steps: 37, pct_start: 0.45, div_factor: 10, final_div_factor: 100, anneal_strategy: "linear" as unknown as number, cycle_momentum: false }, 37,
    oneCycle({ maxLr: 0.4, totalSteps: 37, pctStart: 0.45, divFactor: 10, finalDivFactor: 100, annealStrategy: "linear" })],
];

const clipping: { grads: number[][]; maxNorm: number; normType: number }[] = [
  { grads: [[3, 4]], maxNorm: 1, normType: 2 },
  { grads: [[0.1, -0.2], [0.05]], maxNorm: 1, normType: 2 },
  { grads: [[1, -2, 3], [4, -5]], maxNorm: 2.5, normType: 2 },
  { grads: [[1, -2, 3], [4, -5]], maxNorm: 2.5, normType: 1 },
  { grads: [[1, -2, 3], [4, -5]], maxNorm: 2.5, normType: 3.5 },
  { grads: [[1, -2, 3], [4, -5]], maxNorm: 2.5, normType: Infinity },
];

/** Relative error |x - y| / max(|y|, 1e-300), as CS231n's rel_error for one number. */
const relError = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe.skipIf(!torchAvailable)("conformance with PyTorch (float64)", () => {
  const request = {
    trajectories: [
      ...configs.map(([optimizer, options]) => ({ optimizer, options, steps: STEPS, ...problem })),
      ...groupConfigs.map(([optimizer, , options, groups]) => ({ optimizer, options, groups, steps: STEPS, ...problem })),
      ...scheduledConfigs.map(([optimizer, , options, groups, scheduler]) => ({ optimizer, options, groups, scheduler, steps: STEPS, ...problem })),
    ],
    schedules: schedules.map(([schedule, lr, options, steps]) => ({ schedule, lr, options, steps })),
    clipping: clipping.map((c) => ({ ...c, normType: c.normType === Infinity ? "inf" : c.normType })),
  };
  // JSON has no Infinity; torch accepts the string "inf" as a norm type.
  const script = fileURLToPath(new URL("./torch_reference.py", import.meta.url));
  const answer = torchAvailable
    ? (JSON.parse(execFileSync(PYTHON, [script], { input: JSON.stringify(request), encoding: "utf8" })) as {
        trajectories: number[][][];
        schedules: number[][];
        clipping: { total: number; grads: number[][] }[];
        dtypes: string[];
      })
    : { trajectories: [], schedules: [], clipping: [], dtypes: [] };

  it("PyTorch computed in float64: every parameter and state tensor", () => {
    expect(answer.dtypes).toEqual(["torch.float64"]);
  });

  it.each(configs.map(([name, options, make], i) => [name, JSON.stringify(options), make, i] as const))(
    "%s %s follows torch's trajectory for 80 steps",
    (_, __, make, i) => {
      const ours = libTrajectory(make());
      const theirs = answer.trajectories[i];
      expect(ours).toHaveLength(STEPS);
      let worst = 0;
      ours.forEach((point, s) => point.forEach((x, k) => (worst = Math.max(worst, relError(x, theirs[s][k])))));
      expect(worst).toBeLessThan(1e-9);
      // the run must actually move: a trajectory that stays at the start would compare equal to nothing
      expect(relError(ours[STEPS - 1][0], problem.start[0])).toBeGreaterThan(1e-3);
    },
  );

  it.each(groupConfigs.map(([name, description, , , make], i) => [name, description, make, configs.length + i] as const))(
    "%s with %s follows torch's param_groups for 80 steps",
    (_, __, make, i) => {
      const ours = libTrajectory(make());
      expect(worstError(ours, answer.trajectories[i])).toBeLessThan(1e-9);
      ours[STEPS - 1].forEach((x, k) => expect(relError(x, problem.start[k]), `coordinate ${k} moved`).toBeGreaterThan(1e-3));
    },
  );

  it.each(scheduledConfigs.map(([name, description, , , , make, schedule], i) => [name, description, make, schedule, configs.length + groupConfigs.length + i] as const))(
    "%s with %s: minimize's schedule follows torch's scheduler for 80 steps",
    (_, __, make, schedule, i) => {
      const run = minimize(conformanceProblem, make(), { steps: STEPS, schedule });
      expect(run.failure).toBeNull();
      const ours = run.path.slice(1);
      expect(worstError(ours, answer.trajectories[i])).toBeLessThan(1e-9);
      ours[STEPS - 1].forEach((x, k) => expect(relError(x, problem.start[k]), `coordinate ${k} moved`).toBeGreaterThan(1e-3));
    },
  );

  it.each(schedules.map(([name, , options, steps, schedule], i) => [name, JSON.stringify(options), steps, schedule, i] as const))(
    "%s %s gives torch's lr at every step",
    (_, __, steps, schedule, i) => {
      const theirs = answer.schedules[i];
      expect(theirs).toHaveLength(steps + 1);
      theirs.forEach((lr, s) => expect(relError(schedule(s), lr), `step ${s}: ${schedule(s)} vs ${lr}`).toBeLessThan(1e-9));
    },
  );

  it.each(clipping.map((c, i) => [c.normType, c.maxNorm, c, i] as const))("clip_grad_norm_ with norm %s, max %s", (_, __, c, i) => {
    const grads = c.grads.map((g) => Float64Array.from(g));
    const total = clipGradNorm(grads, c.maxNorm, c.normType);
    expect(relError(total, answer.clipping[i].total)).toBeLessThan(1e-12);
    grads.forEach((g, j) => g.forEach((x, k) => expect(relError(x, answer.clipping[i].grads[j][k])).toBeLessThan(1e-12)));
  });
});
