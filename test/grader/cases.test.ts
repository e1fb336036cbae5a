// The grading cases against the reference solutions, the stubs and the known wrong variants.
import * as exercises from "@optlab/exercises";
import * as solutions from "@optlab/solutions";
import { describe, expect, it } from "vitest";
import { getCatalog, maxTotal } from "../../grader/catalog";
import { executeCases } from "../../grader/execute";
import { EXERCISE_FILES, EXERCISE_NAMES, type AnyFunction } from "../../grader/harness";
import { expectedValues, judge, type ExerciseReport } from "../../grader/judge";
import { compareValues } from "../../grader/values";

const catalog = getCatalog();

function gradeFn(name: (typeof EXERCISE_NAMES)[number], fn: AnyFunction): ExerciseReport {
  const spec = catalog[name];
  return judge(spec, { kind: "cases", outcomes: executeCases(spec.runner, fn, spec.cases.map((c) => c.input), spec.timeLimitMs) });
}

describe("the catalog", () => {
  it("has every exercise of the common brief, 10 points each, in the lesson files named there", () => {
    expect([...EXERCISE_NAMES].sort()).toEqual(
      ["sgdStep", "stableLearningRate", "momentumStep", "nesterovStep", "adagradStep", "rmspropStep", "adamStep", "effectiveStepSizes", "adamL2Step", "adamwStep", "noDecayOnBiases", "stepDecay", "cosineAnnealing", "warmupCosine", "clipGradNorm", "clipGradValue", "fitCircle", "lionStep", "adafactorFactors"].sort(),
    );
    expect(maxTotal()).toBe(190);
    for (const name of EXERCISE_NAMES) {
      expect(typeof (exercises as Record<string, unknown>)[name]).toBe("function");
      expect(typeof (solutions as Record<string, unknown>)[name]).toBe("function");
      expect(catalog[name].file).toBe(EXERCISE_FILES[name]);
    }
  });

  it("builds the same cases every time (seeded)", async () => {
    const { buildCases } = await import("../../grader/cases");
    expect(JSON.stringify(buildCases())).toBe(JSON.stringify(buildCases()));
  });
});

describe.each(EXERCISE_NAMES.map((name) => [name]))("%s", (name) => {
  const spec = catalog[name];

  it("the reference solution passes every case with full points", () => {
    const report = gradeFn(name, spec.reference);
    expect(report.status).toBe("pass");
    expect(report.passed).toBe(spec.cases.length);
    expect(report.points).toBe(spec.points);
  });

  it("the stub scores 0 and says it is not implemented", () => {
    const report = gradeFn(name, (exercises as unknown as Record<string, AnyFunction>)[name]);
    expect(report.points).toBe(0);
    expect(report.status).toBe("not implemented");
    expect(report.diagnosis).toContain("Not implemented yet");
    expect(report.diagnosis).toContain(`exercises/${spec.file}.ts`);
  });

  if (spec.variants.length > 0) {
    it.each(spec.variants.map((v) => [v.name, v]))("diagnoses the wrong variant %s by name", (_label, v) => {
      const report = gradeFn(name, v.fn);
      expect(report.status).not.toBe("pass");
      expect(report.points).toBeLessThan(spec.points);
      expect(report.variant).toBe(v.name);
      expect(report.diagnosis).toBe(v.message);
      expect(report.failure?.label).toBeTruthy();
    });

    it("no two variants give the same results on every case (each diagnosis is unambiguous)", () => {
      const outputs = spec.variants.map((v) => spec.cases.map((c) => spec.runner(v.fn, c.input)));
      const expected = expectedValues(spec);
      for (let a = 0; a < outputs.length; a++) {
        // each variant differs from the reference somewhere
        expect(outputs[a].some((vals, i) => compareValues(expected[i], vals, spec.cases[i].scales) !== null)).toBe(true);
        for (let b = a + 1; b < outputs.length; b++) {
          const same = outputs[a].every((vals, i) => compareValues(outputs[b][i], vals, spec.cases[i].scales) === null);
          expect(same, `${spec.variants[a].name} vs ${spec.variants[b].name}`).toBe(false);
        }
      }
    });
  }
});
