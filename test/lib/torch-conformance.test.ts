// Whole trajectories against PyTorch itself (Debian's python3-torch), run in a child process: every
// optimizer configuration, every torch scheduler we mirror, and clip_grad_norm_, at relative error 1e-9.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  Adagrad, Adam, AdamW, clipGradNorm, cosineAnnealing, exponential, linear, multiStep, oneCycle, RMSProp, Rng, SGD, stepDecay,
  type Optimizer, type Schedule,
} from "@optlab/lib";

const PYTHON = "/usr/bin/python3";
const torchAvailable = (() => {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!torchAvailable) {
  const message = "PyTorch is missing: install Debian's python3-torch (apt-get install python3-torch) to run the conformance suite";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n*** SKIPPED: ${message} ***\n`);
}

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
    trajectories: configs.map(([optimizer, options]) => ({ optimizer, options, steps: STEPS, ...problem })),
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
      })
    : { trajectories: [], schedules: [], clipping: [] };

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
