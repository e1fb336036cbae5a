// Schedule values at the steps where their formulas change, worked out from torch's definitions.
import { describe, expect, it } from "vitest";
import { constant, cosineAnnealing, exponential, linear, multiStep, oneCycle, stepDecay, warmupCosine } from "@optlab/lib";

describe("schedules", () => {
  it("constant", () => {
    expect([0, 1, 1000].map(constant(0.3))).toEqual([0.3, 0.3, 0.3]);
  });

  it("stepDecay (StepLR): multiplies by γ at steps 3, 6, ...", () => {
    const s = stepDecay({ lr: 1, stepSize: 3, gamma: 0.5 });
    expect([0, 2, 3, 5, 6, 9].map(s)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.125]);
  });

  it("multiStep (MultiStepLR): one factor of γ per milestone reached", () => {
    const s = multiStep({ lr: 2, milestones: [2, 5], gamma: 0.1 });
    expect([0, 1, 2, 4].map(s)).toEqual([2, 2, 2 * 0.1, 2 * 0.1]);
    expect(s(5)).toBeCloseTo(0.02, 15);
    expect(s(100)).toBeCloseTo(0.02, 15);
  });

  it("exponential (ExponentialLR): lr·γ^s", () => {
    const s = exponential({ lr: 0.1, gamma: 0.999 });
    expect(s(0)).toBe(0.1);
    expect(s(1000)).toBeCloseTo(0.1 * Math.exp(1000 * Math.log(0.999)), 15);
  });

  it("cosineAnnealing: lr at 0, the midpoint (lr + min)/2 at tMax/2, minLr at tMax", () => {
    const s = cosineAnnealing({ lr: 1, tMax: 10, minLr: 0.2 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.6, 15);
    expect(s(10)).toBeCloseTo(0.2, 15);
  });

  it("linear (LinearLR): startFactor·lr at 0, endFactor·lr from totalSteps on", () => {
    const s = linear({ lr: 0.3, startFactor: 0.5, endFactor: 1, totalSteps: 4 });
    // factors 0.5, 0.625, 0.75, 0.875, 1, 1
    [0.5, 0.625, 0.75, 0.875, 1, 1].forEach((f, step) => expect(s(step)).toBeCloseTo(0.3 * f, 15));
    expect(linear({ lr: 3 })(0)).toBeCloseTo(1, 15); // torch's defaults: 1/3 of lr, reaching lr after 5 steps
  });

  it("oneCycle (OneCycleLR): maxLr/25 at 0, maxLr at pctStart·total - 1, maxLr/25/1e4 at total - 1", () => {
    const s = oneCycle({ maxLr: 1, totalSteps: 100 });
    expect(s(0)).toBeCloseTo(1 / 25, 15);
    expect(s(29)).toBeCloseTo(1, 15);
    expect(s(99)).toBeCloseTo(1 / 25 / 1e4, 15);
    // halfway through the rise (14.5 of 29 steps) the cosine is halfway: (1/25 + 1)/2; check the linear form there too
    const lin = oneCycle({ maxLr: 1, totalSteps: 100, annealStrategy: "linear" });
    expect(lin(10)).toBeCloseTo(1 / 25 + (1 - 1 / 25) * (10 / 29), 15);
    expect(() => s(101)).toThrow(/oneCycle: invalid step = 101; expected an integer in \[0, 100\]/);
  });

  it("warmupCosine: a linear ramp from 0, the peak at warmupSteps, minLr from totalSteps on", () => {
    const s = warmupCosine({ peakLr: 1, warmupSteps: 10, totalSteps: 110, minLr: 0.1 });
    expect(s(0)).toBe(0);
    expect(s(5)).toBe(0.5);
    expect(s(9)).toBe(0.9);
    expect(s(10)).toBe(1);
    expect(s(60)).toBeCloseTo(0.55, 15);
    expect(s(110)).toBeCloseTo(0.1, 15);
    expect(s(500)).toBe(0.1);
  });

  it("is pure: calling twice gives the same value", () => {
    const s = warmupCosine({ peakLr: 1, warmupSteps: 3, totalSteps: 10 });
    expect([4, 4, 4].map(s)).toEqual([s(4), s(4), s(4)]);
  });

  it.each([
    ["negative step", () => stepDecay({ lr: 1, stepSize: 2 })(-1), /stepDecay: invalid step = -1; expected an integer >= 0/],
    ["fractional step", () => exponential({ lr: 1, gamma: 0.9 })(1.5), /invalid step = 1.5/],
    ["stepSize 0", () => stepDecay({ lr: 1, stepSize: 0 }), /stepDecay: invalid stepSize = 0; expected an integer >= 1/],
    ["unsorted milestones", () => multiStep({ lr: 1, milestones: [5, 3] }), /multiStep: invalid milestones\[1\] = 3; expected an integer >= 6/],
    ["gamma 0", () => exponential({ lr: 1, gamma: 0 }), /exponential: invalid gamma = 0; expected a finite number > 0/],
    ["minLr above lr", () => cosineAnnealing({ lr: 0.1, tMax: 10, minLr: 0.2 }), /cosineAnnealing: invalid minLr = 0.2; expected a finite number in \[0, 0.1\]/],
    ["startFactor 0", () => linear({ lr: 1, startFactor: 0 }), /linear: invalid startFactor = 0; expected a finite number in \(0, 1\]/],
    ["pctStart 1", () => oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 1 }), /oneCycle: invalid pctStart = 1; expected a finite number in \(0, 1\)/],
    ["warmup as long as training", () => warmupCosine({ peakLr: 1, warmupSteps: 10, totalSteps: 10 }), /warmupCosine: invalid warmupSteps = 10; expected an integer in \[0, 9\]/],
  ])("rejects %s with a clear message", (_, call, message) => {
    expect(call).toThrow(message);
  });
});
