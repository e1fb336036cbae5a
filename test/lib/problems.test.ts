// Every analytic gradient against central finite differences, and known values at known points.
import { describe, expect, it } from "vitest";
import { beale, circleData, himmelblau, MLP, pathological, quadratic, ravine, rosenbrock, saddle, type Problem } from "@optlab/lib";

/** Central difference (f(θ + h·eᵢ) - f(θ - h·eᵢ)) / 2h for every coordinate. */
function numericGradient(f: (p: Float64Array) => number, at: Float64Array, h = 1e-6): Float64Array {
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) {
    const p = Float64Array.from(at);
    p[i] = at[i] + h;
    const up = f(p);
    p[i] = at[i] - h;
    out[i] = (up - f(p)) / (2 * h);
  }
  return out;
}

function expectGradientsAgree(analytic: Float64Array, numeric: Float64Array): void {
  for (let i = 0; i < analytic.length; i++) {
    const scale = Math.max(1, Math.abs(numeric[i]));
    expect(Math.abs(analytic[i] - numeric[i]) / scale, `coordinate ${i}: ${analytic[i]} vs ${numeric[i]}`).toBeLessThan(1e-6);
  }
}

const problems: Problem[] = [quadratic, ravine(), ravine(1, 50), rosenbrock, saddle, pathological, himmelblau, beale];
const points = [[0.3, -1.2], [-1.7, 0.8], [2.5, 2.5]];

describe.each(problems.map((p) => [p.name, p] as const))("%s", (_, problem) => {
  it.each(points)("gradient at (%d, %d) matches finite differences", (x, y) => {
    const at = Float64Array.from([x, y].slice(0, problem.dim));
    const grads = new Float64Array(problem.dim);
    const loss = problem.gradient(at, grads);
    expect(Math.abs(loss - problem.loss(at))).toBeLessThanOrEqual(1e-14 * Math.abs(loss));
    expectGradientsAgree(grads, numericGradient(problem.loss, at));
  });

  it("has a start of the right dimension, and a zero gradient at its minimum", () => {
    expect(problem.start).toHaveLength(problem.dim);
    if (problem.minimum) {
      const grads = new Float64Array(problem.dim);
      problem.gradient(Float64Array.from(problem.minimum), grads);
      grads.forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-12));
    }
  });
});

describe("known values", () => {
  it("Rosenbrock is 4 at (-1, 1) (the course's start) and 0 at (1, 1)", () => {
    expect(rosenbrock.loss(Float64Array.from([-1, 1]))).toBe(4);
    expect(rosenbrock.loss(Float64Array.from([1, 1]))).toBe(0);
  });

  it("the pathological surface at (7, 7) is tanh(7)² + 0.07 + σ(7)", () => {
    expect(pathological.loss(Float64Array.from([7, 7]))).toBeCloseTo(Math.tanh(7) ** 2 + 0.07 + 1 / (1 + Math.exp(-7)), 15);
  });
});

describe("MLP", () => {
  const data = circleData({ n: 40, seed: 3 });

  it.each([1, 8, 16])("backprop with %d hidden units matches finite differences of the mean loss", (hidden) => {
    const model = new MLP(hidden);
    const params = model.init(5, 0.8);
    params.forEach((_, i) => (params[i] += 0.01 * i)); // non-zero biases, so every term of the backward pass is exercised
    const grads = new Float64Array(model.size);
    const loss = model.lossAndGradient(params, grads, data);
    const meanLoss = (p: Float64Array) => model.lossAndGradient(p, new Float64Array(model.size), data);
    expect(loss).toBeCloseTo(model.evaluate(params, data).loss, 14);
    expectGradientsAgree(grads, numericGradient(meanLoss, params));
  });

  it("has 4H + 1 parameters, and its gradient over a batch of indices is the mean of the per-sample ones", () => {
    const model = new MLP(8);
    expect(model.size).toBe(33);
    const params = model.init(0);
    const grads = new Float64Array(33);
    const single = new Float64Array(33);
    model.lossAndGradient(params, grads, data, [4, 9], 0, 2);
    // the batch gradient is the mean of the two per-sample gradients
    const sum = new Float64Array(33);
    for (const i of [4, 9]) {
      model.lossAndGradient(params, single, data, [i]);
      single.forEach((g, k) => (sum[k] += g / 2));
    }
    grads.forEach((g, k) => expect(g).toBeCloseTo(sum[k], 15));
  });

  it("predicts p = σ(b₂) when every weight is zero", () => {
    const model = new MLP(4);
    const params = new Float64Array(model.size);
    params[16] = 2;
    expect(model.predict(params, 0.5, -1)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
  });

  it("rejects parameters of the wrong size", () => {
    const model = new MLP(8);
    expect(() => model.lossAndGradient(new Float64Array(10), new Float64Array(10), data)).toThrow(/MLP: params and grads must have length 33/);
    expect(() => new MLP(0)).toThrow(/MLP: invalid hidden = 0; expected an integer >= 1/);
  });
});

describe("the circle data set", () => {
  it("lies in [-2, 2]² and is labelled 1 exactly inside x² + y² < 1.5", () => {
    const d = circleData();
    expect(d.size).toBe(200);
    for (let i = 0; i < d.size; i++) {
      const [x, y] = [d.inputs[2 * i], d.inputs[2 * i + 1]];
      expect(Math.abs(x)).toBeLessThanOrEqual(2);
      expect(Math.abs(y)).toBeLessThanOrEqual(2);
      expect(d.labels[i]).toBe(x * x + y * y < 1.5 ? 1 : 0);
    }
    // the circle covers π·1.5/16 ≈ 29% of the square
    const inside = d.labels.reduce((a, b) => a + b, 0) / d.size;
    expect(inside).toBeGreaterThan(0.2);
    expect(inside).toBeLessThan(0.4);
  });
});
