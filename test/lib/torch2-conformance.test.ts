// Whole trajectories against PyTorch 2.x, in the project-local environment made by scripts/torch2-env.sh
// (.venv-torch2/): the optimizers that came after Adam (NAdam, RAdam, Adamax, Adafactor, Muon) and the classic
// ones again, since 2.x computes Adam's and others' first moment with lerp_ where 1.13 used mul_ and add_.
// Relative error 1e-9 over 80 steps, as the torch 1.13 suite (torch-conformance.test.ts).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { torch2Python } from "../torch";
import { afterAll, describe, expect, it } from "vitest";
import { Adafactor, Adagrad, Adam, Adamax, AdamW, Muon, NAdam, RAdam, RMSProp, Rng, SGD, type Optimizer } from "@optlab/lib";


/** The torch 2.x environment's python, or null (the suite skips, saying why). */
const torch2 = torch2Python("the torch 2.x conformance suite");

type TorchOptions = Record<string, number | boolean | string | null | (number | null)[]>;
type TorchGroup = TorchOptions & { size: number; shape?: [number, number] };
/** One comparison: a label, torch's options (and groups or shape), the library's optimizer for the same configuration. */
interface Case {
  optimizer: string;
  label: string;
  options: TorchOptions;
  groups?: TorchGroup[];
  shape?: [number, number];
  bfloat16?: boolean;
  make: () => Optimizer;
}

const c = (optimizer: string, options: TorchOptions, make: () => Optimizer, extra: Partial<Case> = {}): Case => ({
  optimizer, label: extra.label ?? JSON.stringify(options), options, make, ...extra,
});

const classic: Case[] = [
  c("SGD", { lr: 0.05, weight_decay: 0.1 }, () => new SGD({ lr: 0.05, weightDecay: 0.1 })),
  c("SGD", { lr: 0.03, momentum: 0.8, dampening: 0.3, weight_decay: 0.01 }, () => new SGD({ lr: 0.03, momentum: 0.8, dampening: 0.3, weightDecay: 0.01 })),
  c("SGD", { lr: 0.03, momentum: 0.9, nesterov: true }, () => new SGD({ lr: 0.03, momentum: 0.9, nesterov: true })),
  c("Adagrad", { lr: 0.3, lr_decay: 0.01, weight_decay: 0.1, initial_accumulator_value: 0.5, eps: 1e-6 },
    () => new Adagrad({ lr: 0.3, lrDecay: 0.01, weightDecay: 0.1, initialAccumulatorValue: 0.5, eps: 1e-6 })),
  c("RMSProp", { lr: 0.01, alpha: 0.9, centered: true }, () => new RMSProp({ lr: 0.01, alpha: 0.9, centered: true })),
  c("RMSProp", { lr: 0.005, alpha: 0.95, eps: 1e-4, momentum: 0.5, centered: true }, () => new RMSProp({ lr: 0.005, alpha: 0.95, eps: 1e-4, momentum: 0.5, centered: true })),
  c("Adam", {}, () => new Adam()),
  c("Adam", { lr: 0.1, betas: [0.5, 0.9], eps: 1e-6 }, () => new Adam({ lr: 0.1, betas: [0.5, 0.9], eps: 1e-6 })),
  c("Adam", { lr: 0.05, weight_decay: 0.1, amsgrad: true }, () => new Adam({ lr: 0.05, weightDecay: 0.1, amsgrad: true })),
  c("AdamW", { lr: 0.05, weight_decay: 0.1 }, () => new AdamW({ lr: 0.05, weightDecay: 0.1 })),
  c("AdamW", { lr: 0.05, weight_decay: 0.5, amsgrad: true, betas: [0.8, 0.99] }, () => new AdamW({ lr: 0.05, weightDecay: 0.5, amsgrad: true, betas: [0.8, 0.99] })),
];

const afterAdam: Case[] = [
  c("NAdam", {}, () => new NAdam()),
  c("NAdam", { lr: 0.05, betas: [0.8, 0.99], weight_decay: 0.1, momentum_decay: 0.01 }, () => new NAdam({ lr: 0.05, betas: [0.8, 0.99], weightDecay: 0.1, momentumDecay: 0.01 })),
  c("NAdam", { lr: 0.05, weight_decay: 0.2, decoupled_weight_decay: true }, () => new NAdam({ lr: 0.05, weightDecay: 0.2, decoupledWeightDecay: true })),
  c("RAdam", {}, () => new RAdam()),
  // β2 = 0.9: ρ∞ = 19, so the rectified adaptive step starts at step 6 of 80
  c("RAdam", { lr: 0.05, betas: [0.9, 0.9] }, () => new RAdam({ lr: 0.05, betas: [0.9, 0.9] })),
  c("RAdam", { lr: 0.05, betas: [0.8, 0.95], eps: 1e-6, weight_decay: 0.1 }, () => new RAdam({ lr: 0.05, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1 })),
  c("RAdam", { lr: 0.05, betas: [0.9, 0.9], weight_decay: 0.3, decoupled_weight_decay: true }, () => new RAdam({ lr: 0.05, betas: [0.9, 0.9], weightDecay: 0.3, decoupledWeightDecay: true })),
  c("Adamax", {}, () => new Adamax()),
  c("Adamax", { lr: 0.05, betas: [0.8, 0.9], eps: 1e-4, weight_decay: 0.1 }, () => new Adamax({ lr: 0.05, betas: [0.8, 0.9], eps: 1e-4, weightDecay: 0.1 })),
  c("Adafactor", {}, () => new Adafactor(), { label: "a vector, defaults" }),
  c("Adafactor", { lr: 0.05, beta2_decay: -0.5, eps: [1e-20, 1e-2], d: 1.5, weight_decay: 0.1 },
    () => new Adafactor({ lr: 0.05, beta2Decay: -0.5, eps: [1e-20, 1e-2], d: 1.5, weightDecay: 0.1 })),
  c("Adafactor", {}, () => new Adafactor({ shape: [3, 4] }), { shape: [3, 4], label: "a 3×4 matrix, factored, defaults" }),
  c("Adafactor", { lr: 0.05, weight_decay: 0.2, d: 2 }, () => new Adafactor({ lr: 0.05, weightDecay: 0.2, d: 2, shape: [4, 3] }), { shape: [4, 3], label: "a 4×3 matrix with lr, decay and d" }),
  c("Muon", { lr: 0.02 }, () => new Muon({ lr: 0.02, shape: [3, 4] }), { shape: [3, 4], label: "a 3×4 matrix, lr 0.02" }),
  c("Muon", { lr: 0.02, weight_decay: 0, nesterov: false, adjust_lr_fn: "match_rms_adamw" },
    () => new Muon({ lr: 0.02, weightDecay: 0, nesterov: false, adjustLrFn: "match_rms_adamw", shape: [4, 3] }), { shape: [4, 3], label: "a 4×3 matrix, no Nesterov, match_rms_adamw" }),
  c("Muon", { lr: 0.01, momentum: 0.9, ns_steps: 8, ns_coefficients: [1.5, -0.5, 0], eps: 1e-5, adjust_lr_fn: "original" },
    () => new Muon({ lr: 0.01, momentum: 0.9, nsSteps: 8, nsCoefficients: [1.5, -0.5, 0], eps: 1e-5, adjustLrFn: "original", shape: [6, 2] }),
    { shape: [6, 2], label: "a 6×2 matrix, the cubic Newton–Schulz for 8 steps" }),
];

const grouped: Case[] = [
  c("NAdam", { lr: 0.03 }, () => new NAdam({ lr: 0.03, groups: [{ from: 0, to: 5, betas: [0.8, 0.99] }, { from: 5, to: 12, lr: 0.01, weightDecay: 0.1, momentumDecay: 0.02 }] }),
    { groups: [{ size: 5, betas: [0.8, 0.99] }, { size: 7, lr: 0.01, weight_decay: 0.1, momentum_decay: 0.02 }], label: "2 groups: betas on one, lr, decay and momentumDecay on the other" }),
  c("RAdam", { lr: 0.05, betas: [0.9, 0.9] }, () => new RAdam({ lr: 0.05, betas: [0.9, 0.9], groups: [{ from: 0, to: 6 }, { from: 6, to: 12, betas: [0.9, 0.999], weightDecay: 0.1, decoupledWeightDecay: true }] }),
    { groups: [{ size: 6 }, { size: 6, betas: [0.9, 0.999], weight_decay: 0.1, decoupled_weight_decay: true }], label: "2 groups: one rectified from step 6, one not within 80 steps" }),
  c("Adamax", { lr: 0.05 }, () => new Adamax({ lr: 0.05, groups: [{ from: 0, to: 4, eps: 1e-3 }, { from: 4, to: 12, lr: 0.02, weightDecay: 0.1 }] }),
    { groups: [{ size: 4, eps: 1e-3 }, { size: 8, lr: 0.02, weight_decay: 0.1 }], label: "2 groups" }),
  c("Adafactor", { lr: 0.05 }, () => new Adafactor({ lr: 0.05, groups: [{ from: 0, to: 8, shape: [2, 4] }, { from: 8, to: 12, weightDecay: 0.1 }] }),
    { groups: [{ size: 8, shape: [2, 4] }, { size: 4, weight_decay: 0.1 }], label: "2 groups: a 2×4 weight matrix, factored, and a bias vector" }),
  c("Muon", { lr: 0.02 }, () => new Muon({ lr: 0.02, groups: [{ from: 0, to: 6, shape: [2, 3] }, { from: 6, to: 12, shape: [3, 2], lr: 0.01, momentum: 0.8, nesterov: false }] }),
    { groups: [{ size: 6, shape: [2, 3] }, { size: 6, shape: [3, 2], lr: 0.01, momentum: 0.8, nesterov: false }], label: "2 groups: a 2×3 and a 3×2 matrix" }),
];

// torch's Muon as shipped, with its Newton–Schulz in bfloat16: the library (float64) agrees to bfloat16's precision.
const bfloat16: Case[] = [
  c("Muon", { lr: 0.02 }, () => new Muon({ lr: 0.02, shape: [3, 4] }), { shape: [3, 4], bfloat16: true, label: "a 3×4 matrix, torch's bfloat16 iteration" }),
];

const cases = [...classic, ...afterAdam, ...grouped];

// The same gradient in both languages, with the same operation order: g = a·θ - b + c·θ³, on 12 numbers.
const DIM = 12;
const STEPS = 80;
const rng = new Rng(2025);
const problem = {
  a: Array.from({ length: DIM }, () => rng.uniform(0.2, 3)),
  b: Array.from({ length: DIM }, () => rng.uniform(-1, 1)),
  c: Array.from({ length: DIM }, () => rng.uniform(0, 0.1)),
  start: Array.from({ length: DIM }, () => rng.uniform(-2, 2)),
};

function libTrajectory(optimizer: Optimizer): number[][] {
  const theta = Float64Array.from(problem.start);
  const grads = new Float64Array(DIM);
  const path: number[][] = [];
  for (let s = 0; s < STEPS; s++) {
    for (let i = 0; i < DIM; i++) grads[i] = problem.a[i] * theta[i] - problem.b[i] + problem.c[i] * theta[i] * theta[i] * theta[i];
    optimizer.step(theta, grads);
    path.push(Array.from(theta));
  }
  return path;
}

/** Relative error |x - y| / max(|y|, 1e-300), as in the torch 1.13 suite. */
const relError = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

/** Largest relative error between two trajectories, over every step and coordinate. */
function worstError(ours: number[][], theirs: number[][]): number {
  expect(theirs).toHaveLength(ours.length);
  let worst = 0;
  ours.forEach((point, s) => point.forEach((x, k) => (worst = Math.max(worst, relError(x, theirs[s][k])))));
  return worst;
}

describe.skipIf(torch2 === null)("conformance with PyTorch 2.x (float64)", () => {
  const request = {
    trajectories: [...cases, ...bfloat16].map(({ optimizer, options, groups, shape, bfloat16: bf }) => ({
      optimizer, options, groups, shape, bfloat16: bf, steps: STEPS, ...problem,
    })),
  };
  const script = fileURLToPath(new URL("./torch2_reference.py", import.meta.url));
  const answer =
    torch2 !== null
      ? (JSON.parse(execFileSync(torch2, [script], { input: JSON.stringify(request), encoding: "utf8", maxBuffer: 64 << 20 })) as {
          version: string;
          trajectories: number[][][];
          dtypes: string[];
        })
      : { version: "", trajectories: [], dtypes: [] };
  const worst: string[] = [];
  afterAll(() => console.log(`torch ${answer.version}: largest relative error per case\n${worst.join("\n")}`));

  it("is PyTorch 2.x, computing in float64 (every parameter and state tensor)", () => {
    expect(Number(answer.version.split(".")[0])).toBeGreaterThanOrEqual(2);
    expect(answer.dtypes).toEqual(["torch.float64"]);
  });

  it.each(cases.map((k, i) => [k.optimizer, k.label, k.make, i] as const))("%s %s follows torch 2.x's trajectory for 80 steps", (name, label, make, i) => {
    const ours = libTrajectory(make());
    const error = worstError(ours, answer.trajectories[i]);
    worst.push(`${name} ${label}: ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-9);
    // every coordinate must actually move: a trajectory that stays at the start would prove nothing
    ours[STEPS - 1].forEach((x, k) => expect(relError(x, problem.start[k]), `coordinate ${k} moved`).toBeGreaterThan(1e-3));
  });

  it("Muon against torch's own bfloat16 Newton–Schulz: within bfloat16's precision, and not within float64's", () => {
    const ours = libTrajectory(bfloat16[0].make());
    const error = worstError(ours, answer.trajectories[cases.length]);
    worst.push(`Muon ${bfloat16[0].label}: ${error.toExponential(2)}`);
    // bfloat16 keeps 8 significant bits (2^-8 ≈ 3.9e-3 per number): over 80 steps the gap stays under 5e-2
    expect(error).toBeLessThan(5e-2);
    expect(error).toBeGreaterThan(1e-6);
  });
});
