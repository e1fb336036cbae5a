// The loops: what they record, the order of a step, and how they stop on divergence.
import { describe, expect, it } from "vitest";
import { Adam, circleData, constant, MLP, minimize, quadratic, rosenbrock, SGD, stepDecay, train } from "@optlab/lib";

describe("minimize", () => {
  it("records the start, every step, the loss at every point and the lr used", () => {
    const run = minimize(quadratic, new SGD({ lr: 0.1 }), { steps: 3 });
    // w ← w - 0.1·2(w - 2): 5 → 4.4 → 3.92 → 3.536
    expect(run.path).toHaveLength(4);
    [5, 4.4, 3.92, 3.536].forEach((w, i) => expect(run.path[i][0]).toBeCloseTo(w, 14));
    [9, 2.4 ** 2, 1.92 ** 2, 1.536 ** 2].forEach((l, i) => expect(run.loss[i]).toBeCloseTo(l, 13));
    [6, 4.8, 3.84].forEach((g, i) => expect(run.gradNorm[i]).toBeCloseTo(g, 13));
    expect(run.lr).toEqual([0.1, 0.1, 0.1]);
    expect(run.failure).toBeNull();
  });

  it("sets the lr from the schedule before each step", () => {
    const run = minimize(quadratic, new SGD({ lr: 1 }), { steps: 4, schedule: stepDecay({ lr: 0.4, stepSize: 2, gamma: 0.5 }) });
    expect(run.lr).toEqual([0.4, 0.4, 0.2, 0.2]);
  });

  it("clips the gradient before the step and records the norm before clipping", () => {
    const run = minimize(quadratic, new SGD({ lr: 1 }), { steps: 1, clipNorm: 1 });
    expect(run.gradNorm[0]).toBe(6);
    expect(run.path[1][0]).toBeCloseTo(5 - 6 / (6 + 1e-6), 14);
  });

  it("stops at the first non-finite loss and says when", () => {
    const run = minimize(rosenbrock, new SGD({ lr: 0.1 }), { steps: 1000 });
    expect(run.failure).not.toBeNull();
    const failure = run.failure!;
    expect(run.path).toHaveLength(failure.step + 1);
    expect(failure.message).toMatch(new RegExp(`after step ${failure.step}$`));
    expect(run.loss.slice(0, -1).every(Number.isFinite)).toBe(true);
  });

  it("rejects a start of the wrong dimension", () => {
    expect(() => minimize(rosenbrock, new Adam(), { steps: 1, start: [1] })).toThrow(/start has 1 coordinates but Rosenbrock has 2/);
  });
});

describe("train", () => {
  const data = circleData();
  const model = new MLP(8);

  it("takes one step per batch and indexes the schedule by the global step", () => {
    const params = model.init(0);
    const run = train(model, params, new SGD({ lr: 0.1 }), data, { epochs: 2, batchSize: 50, schedule: stepDecay({ lr: 0.1, stepSize: 4, gamma: 0.5 }) });
    expect(run.lr).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
    expect(run.loss).toHaveLength(2);
    expect(run.gradNorm).toHaveLength(8);
  });

  it("learns the circle: Adam reaches more than 90% training accuracy within 100 epochs", () => {
    const params = model.init(0);
    const run = train(model, params, new Adam({ lr: 0.01 }), data, { epochs: 100, validation: circleData({ seed: 7 }) });
    expect(run.failure).toBeNull();
    expect(run.accuracy.at(-1)).toBeGreaterThan(0.9);
    expect(run.validationAccuracy.at(-1)).toBeGreaterThan(0.85);
    expect(run.loss.at(-1)).toBeLessThan(run.loss[0]);
  });

  it("reports the loss of a batch before its step: a zero lr leaves every epoch's loss the same", () => {
    const params = model.init(0);
    const before = model.evaluate(params, data);
    const run = train(model, params, new SGD({ lr: 1 }), data, { epochs: 2, schedule: constant(0) });
    expect(run.loss[0]).toBeCloseTo(before.loss, 14);
    expect(run.loss[1]).toBeCloseTo(before.loss, 14);
    expect(run.accuracy[0]).toBe(before.accuracy);
  });

  it("stops with the step number when a parameter stops being finite", () => {
    const params = model.init(0);
    const broken = (epoch: number, p: Float64Array) => {
      if (epoch === 1) p[3] = Infinity; // after 200 one-sample steps
    };
    const run = train(model, params, new SGD({ lr: 0.1 }), data, { epochs: 3, onEpoch: broken });
    expect(run.failure).toEqual({ step: 200, message: "parameter 3 became Infinity after step 200" });
    expect(run.loss).toHaveLength(1);
  });
});
