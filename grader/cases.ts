// The grading cases: one list per exercise, drawn with seeded random numbers so every run (notebook, CLI, vitest)
// sees exactly the same inputs. Seeded random inputs plus edge cases: the first step, zero gradients,
// very large and very small magnitudes, many steps, resuming from a saved state, schedule boundaries.
// Each exercise's mix is chosen so that every known mistake (grader/variants.ts) fails more than 60% of
// its cases: the points are the share of cases passed, so a named mistake earns at most 3 of 10.
import { MLP, Rng } from "@optlab/lib";
import type { ExerciseName } from "./harness";
import type { CaseInput } from "./values";

/** One grading case: a short label for feedback and the inputs. */
export interface GradingCase {
  label: string;
  input: CaseInput;
  /** Comparison scales per observed field (default: the field's largest expected entry). */
  scales?: Record<string, number>;
}

function gaussian(rng: Rng, n: number, scale = 1): number[] {
  return Array.from({ length: n }, () => scale * rng.gaussian());
}

function gradSequence(rng: Rng, steps: number, n: number, scale = 1): number[][] {
  return Array.from({ length: steps }, () => gaussian(rng, n, scale));
}

function positive(rng: Rng, n: number, scale = 1): number[] {
  return Array.from({ length: n }, () => scale * (0.1 + rng.next()));
}

/** The cases shared by the optimizer exercises, by key (each exercise picks the ones that tell its mistakes apart). */
type CommonCase = "first" | "someZero" | "three" | "large" | "tiny" | "many" | "bowl" | "single";
const ALL_COMMON: readonly CommonCase[] = ["first", "someZero", "three", "large", "tiny", "many", "bowl", "single"];

/** The shared optimizer cases with the hyperparameters `options`, drawn from `seed`, in the order of `keys`. */
function optimizerCases(seed: number, options: Record<string, number>, keys: readonly CommonCase[] = ALL_COMMON, suffix = ""): GradingCase[] {
  const rng = new Rng(seed);
  // Drawn in a fixed order whatever `keys` holds, so a case does not change when another is left out.
  const all: Record<CommonCase, GradingCase> = {
    first: { label: "first step, random values", input: { params: gaussian(rng, 5), grads: gradSequence(rng, 1, 5), options } },
    someZero: {
      label: "two of four gradients always zero (those parameters must not move)",
      input: { params: gaussian(rng, 4), grads: gradSequence(rng, 2, 4).map((g) => g.map((x, i) => (i % 2 === 0 ? 0 : x))), options },
    },
    three: { label: "three steps, random values", input: { params: gaussian(rng, 6), grads: gradSequence(rng, 3, 6), options } },
    large: { label: "large magnitudes (1e6 parameters, 1e8 gradients)", input: { params: gaussian(rng, 4, 1e6), grads: gradSequence(rng, 2, 4, 1e8), options } },
    tiny: { label: "tiny gradients (about 1e-9)", input: { params: gaussian(rng, 4), grads: gradSequence(rng, 4, 4, 1e-9), options } },
    many: { label: "many steps (100), random gradients", input: { params: gaussian(rng, 3), grads: gradSequence(rng, 100, 3), options } },
    bowl: { label: "the toy problem of lesson 01, Σ(w − 2)²: 25 steps from w = (5, −1)", input: { params: [5, -1], bowl: 25, options } },
    single: { label: "a single parameter", input: { params: [0.5], grads: [[2], [-1], [0.25]], options } },
  };
  return keys.map((k) => ({ ...all[k], label: `${all[k].label}${suffix}` }));
}

/** Every exercise's grading cases. */
export function buildCases(): Record<ExerciseName, GradingCase[]> {
  const adam = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const adamOthers = { lr: 0.1, beta1: 0.5, beta2: 0.9, eps: 1e-6 };
  const adamResume = (seed: number, opts: Record<string, number>): GradingCase => {
    const rng = new Rng(seed);
    return {
      label: "resuming from a saved state (step 7)",
      input: {
        params: gaussian(rng, 4),
        grads: gradSequence(rng, 2, 4),
        options: opts,
        state: { step: 7, m: gaussian(rng, 4, 0.3), v: positive(rng, 4, 0.5) },
      },
    };
  };
  const decay = (wd: number): Record<string, number> => ({ ...adam, lr: 0.05, weightDecay: wd });
  const lion = { lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 };
  const lionOthers = { lr: 0.1, beta1: 0.5, beta2: 0.9, weightDecay: 0.5 };
  const rng = new Rng(4242);
  return {
    sgdStep: [
      ...optimizerCases(101, { lr: 0.1 }),
      { label: "learning rate 2.5", input: { params: gaussian(rng, 3), grads: gradSequence(rng, 1, 3), options: { lr: 2.5 } } },
      { label: "the toy problem of lesson 01 with lr 1.1 (diverges): 10 steps from w = 5", input: { params: [5], bowl: 10, options: { lr: 1.1 } } },
    ],
    stableLearningRate: [2, 0.5, 1, 3, 1e-6, 1e6, 0.1].map((c) => ({ label: `curvature ${c}`, input: { curvature: c } })),
    momentumStep: [
      // Most cases damp, with τ = 0.5 ≠ μ = 0.9: with τ = 0, dampening the first step changes nothing, and
      // with τ = μ, weighting the new gradient by (1 − μ) instead of (1 − τ) changes nothing either.
      ...optimizerCases(102, { lr: 0.05, momentum: 0.9, dampening: 0 }, ["first", "three", "many", "bowl"]),
      ...optimizerCases(103, { lr: 0.1, momentum: 0.9, dampening: 0.5 }, ALL_COMMON, ", dampening 0.5"),
      {
        label: "resuming from a saved state (step 4), dampening 0.3",
        input: { params: [1, -2, 3], grads: [[0.5, 0.25, -1], [1, 1, 1]], options: { lr: 0.1, momentum: 0.8, dampening: 0.3 }, state: { step: 4, velocity: [0.2, -0.4, 0.1] } },
      },
    ],
    nesterovStep: [
      ...optimizerCases(104, { lr: 0.05, momentum: 0.9 }),
      { label: "resuming from a saved state (step 4)", input: { params: [1, -2, 3], grads: [[0.5, 0.25, -1], [1, 1, 1]], options: { lr: 0.1, momentum: 0.8 }, state: { step: 4, velocity: [0.2, -0.4, 0.1] } } },
    ],
    adagradStep: [
      // Where eps sits shows only when eps is not negligible next to √s: tiny gradients, or a large eps.
      ...optimizerCases(105, { lr: 0.1, eps: 1e-10 }, ["first", "three", "tiny", "many"]),
      ...optimizerCases(106, { lr: 0.5, eps: 1e-3 }, ALL_COMMON, ", eps 1e-3"),
    ],
    rmspropStep: [
      ...optimizerCases(107, { lr: 0.01, alpha: 0.99, eps: 1e-8 }),
      ...optimizerCases(108, { lr: 0.1, alpha: 0.7, eps: 1e-4 }, ["first", "someZero", "three", "large", "tiny"], ", alpha 0.7"),
    ],
    adamStep: [
      // With eps = 1e-8 and gradients near 1, where eps sits changes nothing visible: most cases use eps = 1e-6.
      ...optimizerCases(109, adam, ["first", "three", "tiny", "many"]),
      ...optimizerCases(110, adamOthers, ALL_COMMON, ", betas (0.5, 0.9), eps 1e-6"),
      adamResume(111, adamOthers),
      { label: "the toy problem of lesson 01, Adam with lr 0.1: 25 steps from w = 5", input: { params: [5], bowl: 25, options: { ...adam, lr: 0.1 } } },
    ],
    effectiveStepSizes: [
      { label: "after the first step", state: 1 },
      { label: "after 5 steps", state: 5 },
      { label: "after 100 steps", state: 100 },
      { label: "tiny moments (about 1e-18)", state: 3, tiny: true },
    ].map(({ label, state, tiny }, k) => {
      const r = new Rng(200 + k);
      const v = positive(r, 5, tiny ? 1e-18 : 1);
      const m = v.map((vi) => Math.sqrt(vi) * r.uniform(-0.9, 0.9));
      return { label, input: { state: { step: state, m, v }, options: k === 1 ? adamOthers : adam } };
    }),
    adamL2Step: [
      ...optimizerCases(112, decay(0.1)),
      ...optimizerCases(113, decay(1), ["first", "someZero", "three"], ", weight decay 1"),
      adamResume(114, decay(0.1)),
    ],
    adamwStep: [
      ...optimizerCases(115, decay(0.1)),
      ...optimizerCases(116, decay(1), ["first", "someZero", "three"], ", weight decay 1"),
      adamResume(117, decay(0.1)),
    ],
    // The MLP's own blocks, and two layouts of other networks in which the kind of a block and its layer disagree
    // (so deciding by layer fails) and in which two weight blocks touch (so one group may hold both).
    noDecayOnBiases: [
      { label: "the course's 2-8-1 network, λ = 0.01", input: { blocks: blocksOf(8), weightDecay: 0.01 } },
      { label: "a 2-1-1 network (one hidden unit), λ = 0.1", input: { blocks: blocksOf(1), weightDecay: 0.1 } },
      { label: "a 2-3-1 network, λ = 0.5", input: { blocks: blocksOf(3), weightDecay: 0.5 } },
      { label: "a 2-32-1 network, λ = 1", input: { blocks: blocksOf(32), weightDecay: 1 } },
      {
        label: "another layout, biases first: b1 [0, 4), W1 [4, 12), b2 [12, 13), w2 [13, 17), λ = 0.3",
        input: {
          blocks: [
            { name: "b1", kind: "bias", layer: 1, from: 0, to: 4 },
            { name: "W1", kind: "weight", layer: 1, from: 4, to: 12 },
            { name: "b2", kind: "bias", layer: 2, from: 12, to: 13 },
            { name: "w2", kind: "weight", layer: 2, from: 13, to: 17 },
          ],
          weightDecay: 0.3,
        },
      },
      {
        label: "two weight blocks in a row: W1 [0, 6), W2 [6, 9), b2 [9, 10), λ = 0.05",
        input: {
          blocks: [
            { name: "W1", kind: "weight", layer: 1, from: 0, to: 6 },
            { name: "W2", kind: "weight", layer: 2, from: 6, to: 9 },
            { name: "b2", kind: "bias", layer: 2, from: 9, to: 10 },
          ],
          weightDecay: 0.05,
        },
      },
    ],
    stepDecay: [
      { lr: 1, stepSize: 3, gamma: 0.5 },
      { lr: 0.1, stepSize: 1, gamma: 0.9 },
      { lr: 0.01, stepSize: 30, gamma: 0.1 },
    ].map((options) => scheduleCase(options, rangeOf(0, 4 * options.stepSize + 2), options.lr)),
    cosineAnnealing: [
      { lr: 0.1, tMax: 10, minLr: 0 },
      { lr: 1, tMax: 7, minLr: 0.1 },
      { lr: 0.01, tMax: 1000, minLr: 1e-4 },
    ].map((options) =>
      scheduleCase(options, options.tMax > 50 ? [0, 1, 2, 250, 499, 500, 501, 750, 998, 999, 1000] : rangeOf(0, options.tMax + 1), options.lr),
    ),
    warmupCosine: [
      { peakLr: 1, warmupSteps: 4, totalSteps: 12, minLr: 0 },
      { peakLr: 0.1, warmupSteps: 5, totalSteps: 20, minLr: 0.01 },
      { peakLr: 0.5, warmupSteps: 0, totalSteps: 6, minLr: 0.05 },
      { peakLr: 3e-4, warmupSteps: 100, totalSteps: 1000, minLr: 3e-5 },
    ].map((options) =>
      scheduleCase(
        options,
        options.totalSteps > 50 ? [0, 1, 50, 98, 99, 100, 101, 550, 999, 1000, 1001, 1500] : rangeOf(0, options.totalSteps + 4),
        options.peakLr,
      ),
    ),
    // A case may clip several gradients in a row (one call per training step): scaling small gradients up
    // shows only on steps below maxNorm, clamping by value only on steps above it, so most cases hold both.
    clipGradNorm: [
      { label: "norm above maxNorm", grads: [3, 4], maxNorm: 1 },
      { label: "norm below maxNorm (left alone)", grads: [0.3, -0.4], maxNorm: 1 },
      { label: "norm exactly maxNorm (still scaled, by 5/(5 + 1e-6))", grads: [3, 4], maxNorm: 5 },
      { label: "five training steps, norms from 0.28 to 7.3, maxNorm 1", grads: [2, 0.1, 4, 0.2, 1].map((scale) => gaussian(rng, 6, scale)), maxNorm: 1 },
      { label: "zero gradients, then a small and a large step", grads: [[0, 0, 0], [0.1, -0.2, 0.05], [6, -8, 0]], maxNorm: 1 },
      { label: "gradients that explode: norms about 1e-3, 2 and 3e10 over three steps, maxNorm 5", grads: [1e-3, 1, 1e10].map((scale) => gaussian(rng, 5, scale)), maxNorm: 5 },
      { label: "tiny gradients (1e-8), tiny maxNorm", grads: gaussian(rng, 4, 1e-8), maxNorm: 1e-9 },
      { label: "one large entry among small ones, then a small step", grads: [[100, 0.01, -0.01, 0.02], [0.5, -0.5, 0.1, 0]], maxNorm: 10 },
    ].map(({ label, grads, maxNorm }) => ({ label, input: { grads, maxNorm } })),
    clipGradValue: [
      { label: "entries outside the range on both sides", grads: [3, -4, 0.5, -0.2], clipValue: 1 },
      { label: "all inside (left alone)", grads: [0.3, -0.4], clipValue: 1 },
      { label: "zeros, entries at ±clipValue and one below −clipValue", grads: [0, 0.5, -0.5, 0, -0.7], clipValue: 0.5 },
      { label: "random, clip at 0.5", grads: gaussian(rng, 50), clipValue: 0.5 },
      { label: "huge gradients (1e10)", grads: gaussian(rng, 5, 1e10), clipValue: 5 },
      { label: "one large negative entry (norm clipping would change the others)", grads: [-100, 0.01, -0.01, 0.02], clipValue: 10 },
    ].map(({ label, grads, clipValue }) => ({ label, input: { grads, clipValue } })),
    fitCircle: [1, 2, 3].map((seed) => ({ label: `seed ${seed}`, input: { seed } })),
    // Lion moves every coordinate by lr·sign(c): the sign taken from the new momentum instead of c agrees at a
    // first step from m = 0, so most cases take several steps; every case decays (λ > 0) to show where it sits.
    lionStep: [
      ...optimizerCases(118, lion, ["three", "many", "bowl", "single"]),
      ...optimizerCases(119, lionOthers, ALL_COMMON, ", betas (0.5, 0.9), weight decay 0.5"),
      {
        label: "resuming from a saved momentum",
        input: { params: [1, -2, 3, 0.5], grads: [[0.5, 0.25, -1, 0], [-1, 1, 0.2, 0.1]], options: lion, state: { m: [-0.2, 0.4, 0.1, -0.05] } },
      },
    ],
    // ε1 shows only where it is not negligible next to the means of g²: most cases have g² near or below it.
    adafactorFactors: [
      factorCase("first step, 3×4, ε1 1e-3", 3, 4, 1, 0.02, 1e-3),
      factorCase("three steps, 2×5, ε1 1e-3", 2, 5, 3, 0.02, 1e-3),
      factorCase("20 steps, 4×3, ε1 1e-3", 4, 3, 20, 0.03, 1e-3),
      factorCase("100 steps, 2×3, beta2Decay −0.5, ε1 1e-3", 2, 3, 100, 0.03, 1e-3, -0.5),
      factorCase("a single row, 1×4, four steps, ε1 1e-3", 1, 4, 4, 0.02, 1e-3),
      factorCase("tiny gradients (1e-9) with torch's default ε1 for float64 (2.2e-16), 3×2", 3, 2, 3, 1e-9, Number.EPSILON),
      factorCase("large gradients (1e4), 2×3, ε1 1e-30", 2, 3, 2, 1e4, 1e-30),
      { label: "an all-zero first gradient, then a random one, 2×3, ε1 1e-3", input: { grads: [[0, 0, 0, 0, 0, 0], gaussian(rng, 6, 0.02)], options: factorOptions(2, 3, 1e-3) } },
      { label: "a row of zeros, 3×2, gradients about 1, ε1 1e-3", input: { grads: [[0.8, -1.2, 0, 0, 1.5, 0.3], [1.1, 0.4, 0, 0, -0.7, 0.9]], options: factorOptions(3, 2, 1e-3) } },
      {
        label: "resuming from a saved state (step 9), 2×4, ε1 1e-3",
        input: { grads: gradSequence(rng, 2, 8, 0.03), options: factorOptions(2, 4, 1e-3), state: { step: 9, rowVar: positive(rng, 2, 5e-4), colVar: positive(rng, 4, 5e-4) } },
      },
    ],
  };
  /** One adafactorFactors case: `steps` random row-major gradients of a rows×cols matrix. */
  function factorCase(label: string, rows: number, cols: number, steps: number, scale: number, eps1: number, beta2Decay = -0.8): GradingCase {
    return { label, input: { grads: gradSequence(rng, steps, rows * cols, scale), options: factorOptions(rows, cols, eps1, beta2Decay) } };
  }
}

/** adafactorFactors' options: the shape, torch's default beta2Decay −0.8 unless given, and ε1. */
function factorOptions(rows: number, cols: number, eps1: number, beta2Decay = -0.8): Record<string, number> {
  return { rows, cols, beta2Decay, eps1 };
}

/** The blocks of `new MLP(hidden)` (W1, b1, w2, b2) as plain data for a case. */
function blocksOf(hidden: number): CaseInput[] {
  return new MLP(hidden).parameterGroups().map((block) => ({ ...block }));
}

function rangeOf(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function scheduleCase(options: Record<string, number>, steps: number[], scale: number): GradingCase {
  const text = Object.entries(options).map(([k, v]) => `${k} ${v}`).join(", ");
  return { label: `${text}; steps ${steps[0]}..${steps[steps.length - 1]}`, input: { options, steps }, scales: { lr: scale } };
}
