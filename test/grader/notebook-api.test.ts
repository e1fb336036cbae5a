// The notebook functions check / reveal / implementation outside a kernel (they print text instead of
// HTML), and the generic diagnoses: exceptions, NaN, wrong shapes, mutated inputs, new arrays, loops.
import { Adam, MLP, circleData, train } from "@optlab/lib";
import * as sol from "@optlab/solutions";
import { afterEach, describe, expect, it, vi } from "vitest";
import { check, grade, implementation, reveal } from "../../grader";
import { executeCases } from "../../grader/execute";
import { RUNNERS } from "../../grader/harness";

function printed(run: () => void): string {
  const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    run();
    return spy.mock.calls.map((c) => c.join(" ")).join("\n");
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("check", () => {
  it("reports a correct function as passing with full points", () => {
    const text = printed(() => check(sol.sgdStep));
    expect(text).toMatch(/sgdStep .*: 10\/10, pass, 10\/10 cases passed/);
  });

  it("names a known mistake and shows the first failing case with expected, got and relative error", () => {
    const sgdStep = (p: Float64Array, g: Float64Array, lr: number): void => {
      for (let i = 0; i < p.length; i++) p[i] += lr * g[i];
    };
    const text = printed(() => check(sgdStep));
    expect(text).toContain("The parameters moved uphill");
    expect(text).toMatch(/first failing case: first step, random values/);
    expect(text).toMatch(/params\[0\]: expected -?[\d.]+, got -?[\d.]+ \(relative error [\d.]+e-?\d+\)/);
    expect(text).not.toMatch(/at .*grader\//); // no stack trace into the grader
  });

  it("never throws, whatever the function does", () => {
    const hostile = [
      function adamStep(): void {
        throw 42;
      },
      function adamStep(): unknown {
        return new Proxy({}, { get: () => { throw new Error("trap"); } });
      },
      function effectiveStepSizes(): unknown {
        return new Proxy([], { get: () => { throw new Error("trap"); } });
      },
      function fitCircle(): unknown {
        return { hidden: 1e9, params: null, steps: -1 };
      },
    ];
    for (const fn of hostile) expect(() => printed(() => check(fn))).not.toThrow();
    expect(printed(() => check("noSuchExercise"))).toContain('There is no exercise called "noSuchExercise"');
    expect(printed(() => check(function anonymousHelper() {}))).toContain("There is no exercise called");
  });
});

describe("generic diagnoses", () => {
  it("an exception is reported by type and message", () => {
    const r = grade("adamStep", () => {
      throw new RangeError("bad beta");
    });
    expect(r.status).toBe("error");
    expect(r.points).toBe(0);
    expect(r.diagnosis).toBe('It threw "RangeError": "bad beta"');
  });

  it("NaN in the result", () => {
    const r = grade("sgdStep", (p: Float64Array) => p.fill(NaN) as unknown as void);
    expect(r.diagnosis).toMatch(/It produced NaN/);
  });

  it("changing the gradients it should only read", () => {
    const r = grade("sgdStep", (p: Float64Array, g: Float64Array, lr: number) => {
      for (let i = 0; i < p.length; i++) {
        g[i] *= lr;
        p[i] -= g[i];
      }
    });
    expect(r.diagnosis).toMatch(/It changed grads, which it should only read/);
  });

  it("changing the Adam state it should only read (effectiveStepSizes)", () => {
    const r = grade("effectiveStepSizes", (s: { step: number; m: Float64Array; v: Float64Array }, o: { lr: number; beta1: number; beta2: number; eps: number }) => {
      s.step += 1;
      return sol.effectiveStepSizes({ ...s, step: s.step - 1 }, o);
    });
    expect(r.diagnosis).toMatch(/It changed state\.step/);
  });

  it("returning new values instead of updating in place", () => {
    const r = grade("sgdStep", (p: Float64Array, g: Float64Array, lr: number) => p.map((x, i) => x - lr * g[i]) as unknown as void);
    expect(r.diagnosis).toMatch(/returned new values instead of writing them into params/);
  });

  it("a result of the wrong length", () => {
    const r = grade("effectiveStepSizes", (s: { m: Float64Array }) => new Float64Array(s.m.length - 1));
    expect(r.diagnosis).toMatch(/steps has \d entries where \d were expected/);
  });

  it("an endless loop is stopped by the time limit and reported", () => {
    const outcomes = executeCases(RUNNERS.sgdStep, () => {
      for (;;);
    }, [{ params: [1], grads: [[1]], options: { lr: 0.1 } }, { params: [2], grads: [[1]], options: { lr: 0.1 } }], 100);
    expect(outcomes).toEqual([{ kind: "timeout", ms: 100 }]);
  });
});

describe("reveal and implementation", () => {
  it("reveal shows the reference function's source, and only that function", () => {
    const text = printed(() => reveal("adamStep"));
    expect(text).toContain("Reference solution for adamStep (solutions/04-adam.ts)");
    expect(text).toContain("export function adamStep(");
    expect(text).not.toContain("export function effectiveStepSizes(");
  });

  it("implementation falls back to the reference, with a visible note, when the learner's cannot be used", () => {
    let fn: unknown;
    const text = printed(() => {
      fn = implementation("sgdStep");
    });
    expect(fn).toBe(sol.sgdStep);
    expect(text).toMatch(/reference/);
  });
});

describe("fitCircle is graded by outcome", () => {
  it("an undertrained network fails on held-out accuracy", () => {
    const r = grade("fitCircle", (seed: number) => {
      const model = new MLP(8);
      const params = model.init(seed);
      const result = train(model, params, new Adam({ lr: 0.001 }), circleData({ n: 500, seed }), { epochs: 1, batchSize: 10 });
      return { hidden: 8, params, steps: result.lr.length };
    });
    expect(r.points).toBe(0);
    expect(r.diagnosis).toMatch(/^held-out accuracy [\d.]+% is below 95% \(after 50 steps\)$/);
  });

  it("a wrong parameter count is explained", () => {
    const r = grade("fitCircle", () => ({ hidden: 4, params: new Float64Array(16), steps: 10 }));
    expect(r.diagnosis).toBe("params has length 16; an MLP with 4 hidden units has 4·4 + 1 = 17");
  });
});
