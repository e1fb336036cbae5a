// Known mistakes are named, and earn little: every wrong variant of grader/variants.ts, graded on the real
// cases, is diagnosed by its own sentence and earns at most 3 of 10 points, while every reference solution
// earns 10 of 10. Plus hand-worked numbers showing that the three newest variants make the mistake they name.
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../grader/catalog";
import { executeCases } from "../../grader/execute";
import { EXERCISE_NAMES, type AnyFunction, type ExerciseName } from "../../grader/harness";
import { judge, type ExerciseReport } from "../../grader/judge";
import { VARIANTS } from "../../grader/variants";

const catalog = getCatalog();
const MAX_POINTS_FOR_A_KNOWN_MISTAKE = 3;

function gradeFn(name: ExerciseName, fn: AnyFunction): ExerciseReport {
  const spec = catalog[name];
  return judge(spec, { kind: "cases", outcomes: executeCases(spec.runner, fn, spec.cases.map((c) => c.input), spec.timeLimitMs) });
}

function variantFn(name: ExerciseName, variant: string): AnyFunction {
  const found = VARIANTS[name].find((v) => v.name === variant);
  if (!found) throw new Error(`${name} has no variant ${variant}`);
  return found.fn;
}

const everyVariant = EXERCISE_NAMES.flatMap((name) => catalog[name].variants.map((v) => [name, v.name, v] as const));

describe("every known mistake", () => {
  it("is listed for the exercises with a formula to get wrong (all but the capstone)", () => {
    expect(everyVariant.length).toBeGreaterThan(50);
    for (const name of EXERCISE_NAMES) if (name !== "fitCircle") expect(catalog[name].variants.length, name).toBeGreaterThanOrEqual(2);
  });

  it.each(everyVariant)(`%s / %s is named and earns at most ${MAX_POINTS_FOR_A_KNOWN_MISTAKE} of 10 points`, (name, _label, v) => {
    const report = gradeFn(name, v.fn);
    expect(report.variant).toBe(v.name);
    expect(report.diagnosis).toBe(v.message);
    expect(report.diagnosis).not.toBe("The results differ from the expected values.");
    expect(report.max).toBe(10);
    expect(report.points).toBeLessThanOrEqual(MAX_POINTS_FOR_A_KNOWN_MISTAKE);
    expect(report.status).toBe("fail");
  });

  it.each(EXERCISE_NAMES.map((name) => [name]))("the reference solution of %s still earns 10 of 10", (name) => {
    const report = gradeFn(name, catalog[name].reference);
    expect([report.points, report.max, report.status, report.passed]).toEqual([10, 10, "pass", catalog[name].cases.length]);
  });
});

describe("the mistakes that used to get only 'The results differ from the expected values'", () => {
  it("momentum with (1 − μ) on the new gradient after torch's first-step copy: b₂ = 0.9·1 + 0.1·1 = 1, not 1.9", () => {
    const fn = variantFn("momentumStep", "oneMinusMomentumOnGradient");
    const state = { step: 0, velocity: Float64Array.of(0) };
    const params = Float64Array.of(0);
    const options = { lr: 0.1, momentum: 0.9, dampening: 0 };
    fn(params, Float64Array.of(1), state, options);
    expect(state.velocity[0]).toBe(1); // the first step copies g, as torch does
    fn(params, Float64Array.of(1), state, options);
    expect(state.velocity[0]).toBeCloseTo(1, 15); // torch: 0.9·1 + (1 − 0)·1 = 1.9
    expect(params[0]).toBeCloseTo(-0.2, 15); // −0.1·1 − 0.1·1
    expect(state.step).toBe(2);
  });

  it("Adagrad summing |g|: g = −2 from s = 0 gives s = 2 and a step of 0.1·(−2)/√2, not 0.1·(−2)/2", () => {
    const fn = variantFn("adagradStep", "absoluteValues");
    const sum = Float64Array.of(0);
    const params = Float64Array.of(1);
    fn(params, Float64Array.of(-2), sum, { lr: 0.1, eps: 1e-10 });
    expect(sum[0]).toBe(2); // torch: s = 4
    expect(params[0]).toBeCloseTo(1 + 0.2 / (Math.SQRT2 + 1e-10), 15); // torch: 1 + 0.2/2 = 1.1
  });

  it("cosine annealing one step late: step 0 gives the rate of step −1, and minLr comes at tMax + 1", () => {
    const fn = variantFn("cosineAnnealing", "oneStepLate");
    const o = { lr: 1, tMax: 4, minLr: 0 };
    // the rate of step −1 equals that of step 1 (cos is even): (1 + cos(π/4))/2
    expect(fn(0, o)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 15);
    expect(fn(1, o)).toBe(1);
    expect(fn(2, o)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 15);
    expect(fn(3, o)).toBeCloseTo(0.5, 15);
    expect(fn(5, o)).toBe(0);
  });
});
