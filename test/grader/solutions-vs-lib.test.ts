// The reference solutions (short learner-style code) and the library classes (@optlab/lib) must agree on
// the same inputs: this guards both. Plus a few values worked out by hand or printed by PyTorch 1.13 for
// the toy problem of lesson 01, f(w) = (w − 2)² from w = 5 (torch.optim in float64).
import {
  Adagrad,
  Adam,
  AdamW,
  RMSProp,
  SGD,
  clipGradNorm as libClipNorm,
  clipGradValue as libClipValue,
  cosineAnnealing as libCosine,
  stepDecay as libStepDecay,
  warmupCosine as libWarmupCosine,
  type Optimizer,
} from "@optlab/lib";
import * as sol from "@optlab/solutions";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../grader/catalog";
import type { ExerciseName } from "../../grader/harness";
import { compareValues, type CaseInput } from "../../grader/values";

const catalog = getCatalog();

/** Runs a library optimizer on a case's inputs (gradient list or the Σ(w − 2)² bowl); returns the final params. */
function libParams(make: (o: Record<string, number>) => Optimizer, input: CaseInput): number[] {
  const params = Float64Array.from(input.params as number[]);
  const opt = make(input.options as Record<string, number>);
  const list = (input.grads ?? []) as number[][];
  const steps = (input.bowl as number | undefined) ?? list.length;
  for (let s = 0; s < steps; s++) {
    const grads = input.bowl ? params.map((w) => 2 * (w - 2)) : Float64Array.from(list[s]);
    opt.step(params, grads);
  }
  return Array.from(params);
}

const adamBetas = (o: Record<string, number>): [number, number] => [o.beta1, o.beta2];
const LIB: [ExerciseName, (o: Record<string, number>) => Optimizer][] = [
  ["sgdStep", (o) => new SGD({ lr: o.lr })],
  ["momentumStep", (o) => new SGD({ lr: o.lr, momentum: o.momentum, dampening: o.dampening })],
  ["nesterovStep", (o) => new SGD({ lr: o.lr, momentum: o.momentum, nesterov: true })],
  ["adagradStep", (o) => new Adagrad({ lr: o.lr, eps: o.eps })],
  ["rmspropStep", (o) => new RMSProp({ lr: o.lr, alpha: o.alpha, eps: o.eps })],
  ["adamStep", (o) => new Adam({ lr: o.lr, betas: adamBetas(o), eps: o.eps })],
  ["adamL2Step", (o) => new Adam({ lr: o.lr, betas: adamBetas(o), eps: o.eps, weightDecay: o.weightDecay })],
  ["adamwStep", (o) => new AdamW({ lr: o.lr, betas: adamBetas(o), eps: o.eps, weightDecay: o.weightDecay })],
];

describe.each(LIB)("solution %s agrees with the library class", (name, make) => {
  const spec = catalog[name];
  const fresh = spec.cases.filter((c) => c.input.state === undefined);
  it(`on the ${fresh.length} grading cases that start from a fresh state`, () => {
    expect(fresh.length).toBeGreaterThan(5);
    for (const c of fresh) {
      const mine = spec.runner(spec.reference, c.input);
      const mismatch = compareValues({ params: libParams(make, c.input) }, mine);
      expect(mismatch, c.label).toBeNull();
    }
  });
});

describe("effectiveStepSizes agrees with the library's Adam", () => {
  it("is exactly the move Adam made at its last step, read from Adam's own state", () => {
    const adam = new Adam({ lr: 0.05, betas: [0.8, 0.99], eps: 1e-6 });
    const params = Float64Array.of(1, -2, 0.5, 3);
    let before = params.slice();
    for (let t = 0; t < 7; t++) {
      before = params.slice();
      adam.step(params, Float64Array.from(params, (w, i) => Math.sin(w + i) + 0.1 * t));
    }
    const state = { step: adam.stepCount, m: adam.expAvg as Float64Array, v: adam.expAvgSq as Float64Array };
    const steps = sol.effectiveStepSizes(state, { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6 });
    const moved = Array.from(before, (b, i) => b - params[i]);
    expect(compareValues({ moved }, { moved: Array.from(steps) })).toBeNull();
  });
});

describe("schedule and clipping solutions agree with the library", () => {
  it("stepDecay, cosineAnnealing and warmupCosine on every graded step", () => {
    const libs = {
      stepDecay: (o: Record<string, number>) => libStepDecay({ lr: o.lr, stepSize: o.stepSize, gamma: o.gamma }),
      cosineAnnealing: (o: Record<string, number>) => libCosine({ lr: o.lr, tMax: o.tMax, minLr: o.minLr }),
      warmupCosine: (o: Record<string, number>) => libWarmupCosine({ peakLr: o.peakLr, warmupSteps: o.warmupSteps, totalSteps: o.totalSteps, minLr: o.minLr }),
    } as const;
    for (const name of ["stepDecay", "cosineAnnealing", "warmupCosine"] as const) {
      for (const c of catalog[name].cases) {
        const schedule = libs[name](c.input.options as Record<string, number>);
        const expected = { lr: (c.input.steps as number[]).map((s) => schedule(s)) };
        expect(compareValues(expected, catalog[name].runner(catalog[name].reference, c.input), c.scales), `${name} ${c.label}`).toBeNull();
      }
    }
  });

  it("clipGradNorm and clipGradValue on every grading case", () => {
    for (const c of catalog.clipGradNorm.cases) {
      // a case holds one gradient vector or several, clipped one after another
      const list = (Array.isArray((c.input.grads as unknown[])[0]) ? c.input.grads : [c.input.grads]) as number[][];
      const grads: number[] = [];
      const norm: number[] = [];
      for (const entry of list) {
        const g = Float64Array.from(entry);
        norm.push(libClipNorm(g, c.input.maxNorm as number));
        grads.push(...g);
      }
      expect(compareValues({ grads, norm }, catalog.clipGradNorm.runner(sol.clipGradNorm as never, c.input)), c.label).toBeNull();
    }
    for (const c of catalog.clipGradValue.cases) {
      const g = Float64Array.from(c.input.grads as number[]);
      libClipValue(g, c.input.clipValue as number);
      expect(compareValues({ grads: Array.from(g) }, catalog.clipGradValue.runner(sol.clipGradValue as never, c.input)), c.label).toBeNull();
    }
  });
});

describe("values worked out by hand or printed by PyTorch for the toy problem of lesson 01", () => {
  const bowl = (step: (p: Float64Array, g: Float64Array) => void, steps: number): number => {
    const p = Float64Array.of(5);
    for (let s = 0; s < steps; s++) step(p, Float64Array.of(2 * (p[0] - 2)));
    return p[0];
  };

  it("sgdStep: w = 5, g = 6, lr 0.1 gives 4.4; torch.optim.SGD prints w = 2.011 after 25 steps", () => {
    expect(bowl((p, g) => sol.sgdStep(p, g, 0.1), 1)).toBeCloseTo(4.4, 12);
    expect(bowl((p, g) => sol.sgdStep(p, g, 0.1), 25)).toBeCloseTo(2.011, 3);
    // lr 1.1 multiplies (w − 2) by (1 − 2.2) = −1.2 each step: w₁₀ = 2 + 3·1.2¹⁰ ≈ 20.575 (torch: 20.575209)
    expect(bowl((p, g) => sol.sgdStep(p, g, 1.1), 10)).toBeCloseTo(2 + 3 * 1.2 ** 10, 9);
  });

  it("momentumStep with μ = 0.9: torch.optim.SGD prints w = 0.259 after 5 steps and 2.475 after 25", () => {
    const state = { step: 0, velocity: new Float64Array(1) };
    const run = (n: number) => bowl((p, g) => sol.momentumStep(p, g, state, { lr: 0.1, momentum: 0.9, dampening: 0 }), n);
    expect(run(5)).toBeCloseTo(0.259, 3);
    state.step = 0;
    state.velocity.fill(0);
    expect(run(25)).toBeCloseTo(2.475, 3);
  });

  it("adamStep's first step moves by lr·g/(|g| + eps) ≈ lr whatever |g| (5 → 4.9), and torch.optim.Adam prints 2.739 after 25 steps", () => {
    const fresh = () => ({ step: 0, m: new Float64Array(1), v: new Float64Array(1) });
    const opts = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    let state = fresh();
    expect(bowl((p, g) => sol.adamStep(p, g, state, opts), 1)).toBeCloseTo(5 - (0.1 * 6) / (6 + 1e-8), 12);
    expect(state.step).toBe(1);
    state = fresh();
    expect(bowl((p, g) => sol.adamStep(p, g, state, opts), 25)).toBeCloseTo(2.739, 3);
  });

  it("stableLearningRate(2) = 1: lesson 01's lr 1.1 is past the limit of (w − 2)², whose curvature is 2", () => {
    expect(sol.stableLearningRate(2)).toBe(1);
    expect(sol.stableLearningRate(0.5)).toBe(4);
  });

  it("clipGradNorm([3, 4], 1) returns 5 and scales by 1/(5 + 1e-6)", () => {
    const g = Float64Array.of(3, 4);
    expect(sol.clipGradNorm(g, 1)).toBe(5);
    expect(g[0]).toBeCloseTo(3 / (5 + 1e-6), 15);
    expect(g[1]).toBeCloseTo(4 / (5 + 1e-6), 15);
  });

  it("warmupCosine: 0 at step 0, peak at the end of warm-up, minLr at and after totalSteps", () => {
    const o = { peakLr: 1, warmupSteps: 4, totalSteps: 12, minLr: 0.1 };
    expect(sol.warmupCosine(0, o)).toBe(0);
    expect(sol.warmupCosine(2, o)).toBe(0.5);
    expect(sol.warmupCosine(4, o)).toBe(1);
    expect(sol.warmupCosine(8, o)).toBeCloseTo(0.55, 12);
    expect(sol.warmupCosine(12, o)).toBeCloseTo(0.1, 12);
    expect(sol.warmupCosine(20, o)).toBe(0.1);
  });
});
