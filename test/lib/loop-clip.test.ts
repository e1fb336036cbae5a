// The loops' clipFunction option: the given function does the clipping (so a learner's clipGradNorm can drive
// a lesson's runs), and the library's clipGradNorm stays the default.
import { describe, expect, it } from "vitest";
import { circleData, clipGradNorm, MLP, minimize, quadratic, SGD, train } from "@optlab/lib";

describe("clipFunction", () => {
  it("minimize: a function that zeroes the gradient leaves θ at the start and records the norms it returns", () => {
    const run = minimize(quadratic, new SGD({ lr: 0.1 }), {
      steps: 3, clipNorm: 1, clipFunction: (g) => { g.fill(0); return 42; },
    });
    expect(run.path[3]).toEqual(run.path[0]);
    expect(run.gradNorm).toEqual([42, 42, 42]);
  });
  it("train: passing the library's clipGradNorm gives exactly the default run", () => {
    const data = circleData({ n: 20, seed: 3 });
    const net = new MLP(4);
    const a = net.init(1), b = net.init(1);
    const calls: number[] = [];
    const runA = train(net, a, new SGD({ lr: 0.5 }), data, { epochs: 2, clipNorm: 0.1 });
    const runB = train(net, b, new SGD({ lr: 0.5 }), data, {
      epochs: 2, clipNorm: 0.1, clipFunction: (g, maxNorm) => { calls.push(maxNorm); return clipGradNorm(g, maxNorm); },
    });
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(runB.gradNorm).toEqual(runA.gradNorm);
    expect(calls.length).toBe(40); // 2 epochs of 20 one-sample steps, each clipped at 0.1
    expect(new Set(calls)).toEqual(new Set([0.1]));
  });
});
