// The loops: what they record, the order of a step, and how they stop on divergence.
import { describe, expect, it } from "vitest";
import { Adam, circleData, constant, MLP, minimize, quadratic, rosenbrock, SGD, stepDecay, train, type Optimizer, type Problem } from "@optlab/lib";

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

describe("schedules with parameter groups", () => {
  // f(x, y) = (x² + y²)/2: gradient (x, y), so an SGD step multiplies each coordinate by (1 - its group's lr).
  const bowl: Problem = {
    name: "bowl",
    formula: "(x^2 + y^2)/2",
    dim: 2,
    start: [1, 1],
    loss: (p) => (p[0] * p[0] + p[1] * p[1]) / 2,
    gradient(p, out) {
      out[0] = p[0];
      out[1] = p[1];
      return this.loss(p);
    },
  };

  it("one schedule scales every group from its own starting rate, as torch's schedulers do", () => {
    const sgd = new SGD({ lr: 0.1, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, lr: 0.2 }] });
    const rates: number[][] = [];
    const run = minimize(bowl, sgd, { steps: 4, schedule: stepDecay({ lr: 0.1, stepSize: 2, gamma: 0.5 }), onStep: () => rates.push(sgd.groups.map((g) => g.lr)) });
    // group 0: 0.1, 0.1, 0.05, 0.05; group 1 twice that
    rates.forEach((r, s) => {
      expect(r[0]).toBeCloseTo([0.1, 0.1, 0.05, 0.05][s], 15);
      expect(r[1]).toBeCloseTo([0.2, 0.2, 0.1, 0.1][s], 15);
    });
    expect(run.lr).toEqual(rates.map((r) => r[0])); // the record is the first group's rate
    // x: 0.9, 0.81, 0.81·0.95, ·0.95; y: 0.8, 0.64, 0.64·0.9, ·0.9
    [0.9, 0.81, 0.7695, 0.731025].forEach((x, s) => expect(run.path[s + 1][0]).toBeCloseTo(x, 14));
    [0.8, 0.64, 0.576, 0.5184].forEach((y, s) => expect(run.path[s + 1][1]).toBeCloseTo(y, 14));
  });

  it("an array gives each group its own schedule: training only the output layer leaves W1 and b1 alone", () => {
    const model = new MLP(4);
    const params = model.init(1);
    const start = params.slice();
    const groups = model.parameterGroups().map(({ from, to }) => ({ from, to }));
    const schedule = model.parameterGroups().map((block) => constant(block.layer === 2 ? 0.1 : 0));
    const run = train(model, params, new SGD({ lr: 0.1, groups }), circleData(), { epochs: 1, batchSize: 50, schedule });
    expect(run.lr).toEqual([0, 0, 0, 0]); // the first group, W1, is held at 0
    expect(Array.from(params.subarray(0, 12))).toEqual(Array.from(start.subarray(0, 12))); // W1 and b1
    for (let i = 12; i < 17; i++) expect(params[i], `output parameter ${i}`).not.toBe(start[i]); // w2 and b2
  });

  it("rejects an array of schedules that does not have one per group", () => {
    const model = new MLP(4);
    const sgd = new SGD({ lr: 0.1, groups: model.parameterGroups().map(({ from, to }) => ({ from, to })) });
    expect(() => train(model, model.init(0), sgd, circleData(), { epochs: 1, schedule: [constant(0.1), constant(0.2)] })).toThrow(
      "train: schedule is an array of 2 schedules but SGD has 4 parameter groups; give one per group",
    );
    expect(() => minimize(quadratic, new SGD({ lr: 0.1 }), { steps: 1, schedule: [] })).toThrow(
      "minimize: schedule is an array of 0 schedules but SGD has 1 parameter group; give one per group",
    );
  });

  it("a learner's optimizer without groups is one group: an array of one schedule sets its lr", () => {
    const plain: Optimizer = {
      name: "plain",
      lr: 1,
      stepCount: 0,
      step(params, grads) {
        for (let i = 0; i < params.length; i++) params[i] -= this.lr * grads[i];
      },
      reset() {},
    };
    const run = minimize(quadratic, plain, { steps: 3, schedule: [stepDecay({ lr: 0.1, stepSize: 1, gamma: 0.5 })] });
    expect(run.lr).toEqual([0.1, 0.05, 0.025]);
    // w ← w - lr·2(w - 2): 5 → 4.4 → 4.16 → 4.052
    expect(run.path[3][0]).toBeCloseTo(4.052, 14);
  });
});
