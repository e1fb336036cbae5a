// First steps of every optimizer worked out by hand, identities between optimizers, and argument checks.
import { describe, expect, it } from "vitest";
import { expectClose, run } from "./steps";
import { Adagrad, Adam, AdamW, RMSProp, SGD, type Optimizer } from "@optlab/lib";

const f64 = (...values: number[]) => Float64Array.from(values);

describe("SGD", () => {
  it("plain: θ ← θ - η·g", () => {
    // [1, -2] - 0.1·[0.5, 4] = [0.95, -2.4]
    expectClose(run(new SGD({ lr: 0.1 }), [1, -2], [[0.5, 4]])[0], [0.95, -2.4]);
  });

  it("weight decay adds λθ to the gradient", () => {
    // g + 0.1·θ = [0.5 + 0.1, 4 - 0.2] = [0.6, 3.8]; θ = [1 - 0.06, -2 - 0.38]
    expectClose(run(new SGD({ lr: 0.1, weightDecay: 0.1 }), [1, -2], [[0.5, 4]])[0], [0.94, -2.38]);
  });

  it("momentum: the buffer starts as the first gradient, undamped; later steps are damped", () => {
    // step 1: b = g1 = [0.5, 4] (no dampening), θ = [0.95, -2.4]
    // step 2: b = 0.9·[0.5, 4] + (1 - 0.5)·[1, -1] = [0.95, 3.1], θ = [0.95 - 0.095, -2.4 - 0.31]
    const sgd = new SGD({ lr: 0.1, momentum: 0.9, dampening: 0.5 });
    const path = run(sgd, [1, -2], [[0.5, 4], [1, -1]]);
    expectClose(path[0], [0.95, -2.4]);
    expectClose(path[1], [0.855, -2.71]);
    expectClose(sgd.momentumBuffer as Float64Array, [0.95, 3.1]);
  });

  it("Nesterov: steps along g + μ·b", () => {
    // step 1: b = [0.5, 4]; d = g + 0.9·b = [0.95, 7.6]; θ = [1 - 0.095, -2 - 0.76]
    // step 2: b = 0.9·[0.5, 4] + [1, -1] = [1.45, 2.6]; d = [1 + 1.305, -1 + 2.34] = [2.305, 1.34]
    const path = run(new SGD({ lr: 0.1, momentum: 0.9, nesterov: true }), [1, -2], [[0.5, 4], [1, -1]]);
    expectClose(path[0], [0.905, -2.76]);
    expectClose(path[1], [0.905 - 0.2305, -2.76 - 0.134]);
  });

  it("reset() forgets the buffer, so the next step is a first step again", () => {
    const sgd = new SGD({ lr: 0.1, momentum: 0.9 });
    run(sgd, [0], [[1], [1]]);
    sgd.reset();
    expect(sgd.stepCount).toBe(0);
    expectClose(run(sgd, [0], [[1]])[0], [-0.1]);
  });
});

describe("Adagrad", () => {
  it("divides by the root of the running sum of squares, with lr decay η/(1 + (t-1)κ)", () => {
    // step 1: s = 0.25; θ = 1 - 0.1·0.5/(0.5 + 1e-10)
    // step 2: s = 1.25; η₂ = 0.1/(1 + 0.5); θ -= η₂·1/(√1.25 + 1e-10)
    const path = run(new Adagrad({ lr: 0.1, lrDecay: 0.5 }), [1], [[0.5], [1]]);
    const first = 1 - (0.1 * 0.5) / (0.5 + 1e-10);
    expectClose(path[0], [first]);
    expectClose(path[1], [first - 0.1 / 1.5 / (Math.sqrt(1.25) + 1e-10)]);
  });

  it("starts the sum at initialAccumulatorValue and adds λθ with weight decay", () => {
    // g = 0.5 + 0.2·1 = 0.7; s = 1 + 0.49; θ = 1 - 0.1·0.7/(√1.49 + 1e-10)
    const path = run(new Adagrad({ lr: 0.1, initialAccumulatorValue: 1, weightDecay: 0.2 }), [1], [[0.5]]);
    expectClose(path[0], [1 - 0.07 / (Math.sqrt(1.49) + 1e-10)]);
  });
});

describe("RMSProp", () => {
  it("first step is η·g/(√((1-α)g²) + ε): ten times lr for α = 0.99", () => {
    // v = 0.01·0.25 = 0.0025; √v = 0.05; θ = 1 - 0.01·0.5/(0.05 + 1e-8)
    expectClose(run(new RMSProp({ lr: 0.01 }), [1], [[0.5]])[0], [1 - 0.005 / (0.05 + 1e-8)]);
  });

  it("centered: divides by √(v - ḡ²) + ε", () => {
    // v = 0.0025, ḡ = 0.005, v - ḡ² = 0.002475
    expectClose(run(new RMSProp({ lr: 0.01, centered: true }), [1], [[0.5]])[0], [1 - 0.005 / (Math.sqrt(0.002475) + 1e-8)]);
  });

  it("momentum: b ← μ·b + g/d, θ ← θ - η·b, with b starting at 0", () => {
    // step 1: d₁ = √0.0025 + 1e-8, b = 0.5/d₁
    // step 2: v = 0.99·0.0025 + 0.01·1 = 0.012475, d₂ = √0.012475 + 1e-8, b = 0.9·b + (-1)/d₂
    const path = run(new RMSProp({ lr: 0.01, momentum: 0.9 }), [1], [[0.5], [-1]]);
    const b1 = 0.5 / (0.05 + 1e-8);
    const b2 = 0.9 * b1 - 1 / (Math.sqrt(0.012475) + 1e-8);
    expectClose(path[0], [1 - 0.01 * b1]);
    expectClose(path[1], [1 - 0.01 * b1 - 0.01 * b2]);
  });
});

describe("Adam", () => {
  it("bias correction makes the first step η·g/(|g| + ε), whatever the betas", () => {
    for (const betas of [[0.9, 0.999], [0.5, 0.9], [0, 0.99]] as const) {
      expectClose(run(new Adam({ lr: 0.1, betas }), [1, 1], [[0.5, -3]])[0], [1 - 0.05 / (0.5 + 1e-8), 1 + 0.3 / (3 + 1e-8)]);
    }
  });

  it("second step: m̂ = m/(1 - β1²), v̂ = v/(1 - β2²)", () => {
    // m₂ = 0.9·0.05 - 0.1 = -0.055, v₂ = 0.999·0.00025 + 0.001 = 0.00124975
    const path = run(new Adam({ lr: 0.1 }), [1], [[0.5], [-1]]);
    const mHat = -0.055 / (1 - 0.9 ** 2);
    const vHat = 0.00124975 / (1 - 0.999 ** 2);
    expectClose(path[1], [path[0][0] - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8)]);
  });

  it("exposes its moments for plotting", () => {
    const adam = new Adam({ lr: 0.1 });
    run(adam, [1], [[0.5]]);
    expectClose(adam.expAvg as Float64Array, [0.05]);
    expectClose(adam.expAvgSq as Float64Array, [0.00025]);
    expect(adam.stepCount).toBe(1);
  });

  it("weight decay is L2: λθ enters the gradient and is normalised with it", () => {
    // g = 0.5 + 0.1·1 = 0.6; first step θ = 1 - 0.1·0.6/(0.6 + 1e-8)
    expectClose(run(new Adam({ lr: 0.1, weightDecay: 0.1 }), [1], [[0.5]])[0], [1 - 0.06 / (0.6 + 1e-8)]);
  });

  it("amsgrad divides by the running maximum of v", () => {
    // v₁ = 0.001·4 = 0.004; v₂ = 0.999·0.004 + 0.001·0.0001 = 0.0039961 < v₁, so v_max stays 0.004
    // m₂ = 0.9·0.2 + 0.1·0.01 = 0.181
    const path = run(new Adam({ lr: 0.1, amsgrad: true }), [1], [[2], [0.01]]);
    const denom = Math.sqrt(0.004) / Math.sqrt(1 - 0.999 ** 2) + 1e-8;
    expectClose(path[1], [path[0][0] - (0.1 * (0.181 / (1 - 0.81))) / denom]);
  });
});

describe("AdamW", () => {
  it("shrinks θ by (1 - ηλ) before the Adam step; default λ = 0.01", () => {
    // θ = 1·(1 - 0.1·0.1) - 0.1·0.5/(0.5 + 1e-8)
    expectClose(run(new AdamW({ lr: 0.1, weightDecay: 0.1 }), [1], [[0.5]])[0], [0.99 - 0.05 / (0.5 + 1e-8)]);
    expect(new AdamW().weightDecay).toBe(0.01);
  });
});

// Identities: pairs of settings that must give the same trajectory (bit for bit where the arithmetic is the same).
const gradientsOf = (t: number, params: Float64Array, out: Float64Array) => {
  for (let i = 0; i < params.length; i++) out[i] = (i + 1) * params[i] - Math.cos(t + i) + 0.3;
};

/** Runs 30 steps of a closed-loop gradient from a fixed start, with an optional per-step hook. */
function trajectory(optimizer: Optimizer, beforeStep?: (t: number) => void): Float64Array {
  const params = f64(1, -0.5, 2);
  const grads = new Float64Array(3);
  for (let t = 0; t < 30; t++) {
    gradientsOf(t, params, grads);
    beforeStep?.(t + 1);
    optimizer.step(params, grads);
  }
  return params;
}

describe("identities", () => {
  it("AdamW with weightDecay 0 is Adam", () => {
    expect(trajectory(new AdamW({ lr: 0.05, weightDecay: 0 }))).toEqual(trajectory(new Adam({ lr: 0.05 })));
  });

  it("SGD with weight decay λ is SGD on the loss plus (λ/2)‖θ‖²", () => {
    const decayed = trajectory(new SGD({ lr: 0.05, momentum: 0.5, weightDecay: 0.3 }));
    const sgd = new SGD({ lr: 0.05, momentum: 0.5 });
    const params = f64(1, -0.5, 2);
    const grads = new Float64Array(3);
    for (let t = 0; t < 30; t++) {
      gradientsOf(t, params, grads);
      for (let i = 0; i < 3; i++) grads[i] += 0.3 * params[i];
      sgd.step(params, grads);
    }
    expectClose(decayed, params);
  });

  it("Adam with β1 = 0 and ε = 0 is RMSProp (α = β2, ε = 0) with lr·√(1 - β2ᵗ) at step t", () => {
    const adam = trajectory(new Adam({ lr: 0.05, betas: [0, 0.9], eps: 0 }));
    const rmsprop = new RMSProp({ lr: 0.05, alpha: 0.9, eps: 0 });
    const scaled = trajectory(rmsprop, (t) => (rmsprop.lr = 0.05 * Math.sqrt(1 - 0.9 ** t)));
    expectClose(adam, scaled);
  });

  it("dampening = momentum gives the moving-average form b ← μb + (1-μ)g after the first step", () => {
    const sgd = new SGD({ lr: 0.1, momentum: 0.9, dampening: 0.9 });
    const path = run(sgd, [0], [[1], [1], [1]]);
    // b₁ = 1 (torch's first step is undamped), b₂ = 0.9 + 0.1 = 1, b₃ = 1: every step is -0.1
    expectClose(path.map((p) => p[0]), [-0.1, -0.2, -0.3]);
  });
});

describe("bad input gets a clear error", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["negative lr", () => new SGD({ lr: -1 }), /SGD: invalid lr = -1; expected a finite number >= 0/],
    ["NaN lr", () => new Adam({ lr: NaN }), /Adam: invalid lr = NaN/],
    ["momentum >= 1", () => new SGD({ lr: 0.1, momentum: 1 }), /SGD: invalid momentum = 1; expected a finite number in \[0, 1\)/],
    ["negative dampening", () => new SGD({ lr: 0.1, dampening: -0.1 }), /invalid dampening = -0.1/],
    ["nesterov without momentum", () => new SGD({ lr: 0.1, nesterov: true }), /nesterov = true needs momentum > 0 and dampening = 0/],
    ["nesterov with dampening", () => new SGD({ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), /needs momentum > 0 and dampening = 0/],
    ["negative weight decay", () => new SGD({ lr: 0.1, weightDecay: -1 }), /invalid weightDecay = -1/],
    ["beta1 = 1", () => new Adam({ betas: [1, 0.999] }), /Adam: invalid betas\[0\] = 1; expected a finite number in \[0, 1\)/],
    ["beta2 < 0", () => new AdamW({ betas: [0.9, -0.1] }), /AdamW: invalid betas\[1\] = -0.1/],
    ["negative eps", () => new Adam({ eps: -1e-8 }), /invalid eps = -1e-8/],
    ["alpha > 1", () => new RMSProp({ alpha: 1.5 }), /RMSProp: invalid alpha = 1.5; expected a finite number in \[0, 1\]/],
    ["negative lrDecay", () => new Adagrad({ lrDecay: -1 }), /Adagrad: invalid lrDecay = -1/],
    ["negative initial accumulator", () => new Adagrad({ initialAccumulatorValue: -1 }), /invalid initialAccumulatorValue = -1/],
  ];
  it.each(cases)("%s", (_, make, message) => {
    expect(make).toThrow(message);
  });

  it("rejects a negative lr written by a schedule", () => {
    const sgd = new SGD({ lr: 0.1 });
    expect(() => (sgd.lr = -0.5)).toThrow(/SGD: invalid lr = -0.5/);
    expect(() => (sgd.lr = NaN)).toThrow(/SGD: invalid lr = NaN/);
  });

  it("rejects plain arrays, mismatched lengths and a changed parameter count", () => {
    const adam = new Adam();
    const plain = [1, 2] as unknown as Float64Array;
    expect(() => adam.step(plain, f64(1, 2))).toThrow(/Adam: params must be a Float64Array, got a plain array/);
    expect(() => adam.step(f64(1, 2), f64(1))).toThrow(/params has length 2 but grads has length 1/);
    adam.step(f64(1, 2), f64(1, 2));
    expect(() => adam.step(f64(1, 2, 3), f64(1, 2, 3))).toThrow(/state was made for 2; call reset\(\)/);
  });
});
