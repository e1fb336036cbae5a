// The optimizers after Adam (NAdam, RAdam, Adamax, Adafactor, Muon, Lion): first steps worked out by hand,
// their inspectable state, parameter groups and every bad option named in its error. Whole trajectories
// against PyTorch 2.x are in torch2-conformance.test.ts (Lion is not in torch: only the hand-worked steps here).
import { describe, expect, it } from "vitest";
import { expectClose, run } from "./steps";
import { Adafactor, Adamax, Lion, Muon, MUON_NS_COEFFICIENTS, NAdam, newtonSchulz, RAdam, radamRho } from "@optlab/lib";

describe("NAdam (worked by hand)", () => {
  it("with momentumDecay 0 the schedule is μ = β1/2 at every step; β2 = 0 and ε = 0 make √v̂ = |g|", () => {
    // β1 = 0.8: μ = 0.4, Π1 = 0.4, Π2 = 0.16, Π3 = 0.064.
    // step 1, g = 2: m = 0.4; θ = 1 - 0.1·(0.6/0.6)·2/2 - 0.1·(0.4/0.84)·0.4/2 = 0.9 - 0.008/0.84
    // step 2, g = 1: m = 0.32 + 0.2 = 0.52; θ -= 0.1·(0.6/0.84)·1/1 + 0.1·(0.4/0.936)·0.52/1
    const nadam = new NAdam({ lr: 0.1, betas: [0.8, 0], eps: 0, momentumDecay: 0 });
    const path = run(nadam, [1], [[2], [1]]);
    const theta1 = 0.9 - 0.008 / 0.84;
    expectClose(path[0], [theta1], 1e-3);
    expectClose(path[1], [theta1 - 0.06 / 0.84 - 0.0208 / 0.936], 1e-3);
    expectClose(nadam.muProduct, [0.16], 1e-3);
    expectClose(nadam.expAvg as Float64Array, [0.52], 1e-3);
    expectClose(nadam.expAvgSq as Float64Array, [1], 1e-3);
  });

  it("the default schedule: μ_t = β1·(1 - ½·0.96^(0.004t)) enters the first step", () => {
    // step 1, θ = 0, g = 1: m = 0.1, v̂ = 1, denominators 1 + 1e-8;
    // θ = -2e-3·(1 - μ1)/(1 - μ1)/(1 + 1e-8) - 2e-3·μ2/(1 - μ1μ2)·0.1/(1 + 1e-8)
    const mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
    const mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
    const path = run(new NAdam(), [0], [[1]]);
    expectClose(path[0], [(-2e-3 - (2e-3 * mu2 * 0.1) / (1 - mu1 * mu2)) / (1 + 1e-8)], 1e-3);
  });

  it("decoupled weight decay shrinks θ by (1 - ηλ) first; L2 adds λθ to the gradient", () => {
    // β1 = 0 (μ = 0, Π = 0), β2 = 0, ε = 0: the step is η·g/|g|; with g = 1, θ = 2, η = 0.1, λ = 0.5
    const decoupled = run(new NAdam({ lr: 0.1, betas: [0, 0], eps: 0, weightDecay: 0.5, decoupledWeightDecay: true }), [2], [[1]]);
    expectClose(decoupled[0], [2 * 0.95 - 0.1], 1e-3);
    const l2 = run(new NAdam({ lr: 0.1, betas: [0, 0], eps: 0, weightDecay: 0.5 }), [2], [[-3]]);
    expectClose(l2[0], [2 + 0.1], 1e-3); // g = -3 + 0.5·2 = -2: θ = 2 - 0.1·(-2)/2
  });
});

describe("RAdam (worked by hand)", () => {
  it("ρ_t: 1 at the first step for any β2; with β2 = 0.9 it passes 5 between steps 5 and 6", () => {
    expect(radamRho(0.999, 1)).toBeCloseTo(1, 9); // 1999 - 2·0.999/0.001
    expect(radamRho(0.9, 5)).toBeCloseTo(19 - (10 * 0.59049) / 0.40951, 12);
    expect(radamRho(0.9, 5)).toBeLessThan(5);
    expect(radamRho(0.9, 6)).toBeCloseTo(19 - (12 * 0.531441) / 0.468559, 12);
    expect(radamRho(0.9, 6)).toBeGreaterThan(5);
  });

  it("SGD with momentum while ρ_t <= 5, then η·r_t·sign(g) for a constant gradient (ε = 0)", () => {
    // constant g = 0.5: m̂ = g exactly, √v = √(1 - β2ᵗ)·|g|, so the adaptive step is η·r_t·g/|g|
    const radam = new RAdam({ lr: 0.1, betas: [0.9, 0.9], eps: 0 });
    const path = run(radam, [1], Array.from({ length: 6 }, () => [0.5]));
    for (let t = 1; t <= 5; t++) expectClose(path[t - 1], [1 - t * 0.05], 1e-3);
    const rho6 = 19 - (12 * 0.531441) / 0.468559;
    const r6 = Math.sqrt(((rho6 - 4) * (rho6 - 2) * 19) / (15 * 17 * rho6));
    expectClose(path[5], [0.75 - 0.1 * r6], 1e-3);
  });

  it("the default β2 = 0.999 stays un-rectified in the first steps: θ ← θ - η·m̂", () => {
    // step 1: m̂ = g = 0.5; step 2, g = -0.5: m = 0.045 - 0.05 = -0.005, m̂ = -0.005/0.19
    const path = run(new RAdam({ lr: 0.1 }), [1], [[0.5], [-0.5]]);
    expectClose(path[0], [0.95], 1e-3);
    expectClose(path[1], [0.95 + (0.1 * 0.005) / 0.19], 1e-3);
  });
});

describe("Adamax (worked by hand)", () => {
  it("u is the decayed running maximum of |g|; the step is η/(1 - β1ᵗ)·m/u", () => {
    // step 1, g = 0.5: m = 0.05, u = 0.5, θ = 1 - (0.1/0.1)·0.05/0.5 = 0.9
    // step 2, g = -0.25: m = 0.045 - 0.025 = 0.02, u = max(0.4995, 0.25) = 0.4995, θ = 0.9 - (0.1/0.19)·0.02/0.4995
    const adamax = new Adamax({ lr: 0.1, eps: 0 });
    const path = run(adamax, [1], [[0.5], [-0.25]]);
    expectClose(path[0], [0.9], 1e-3);
    expectClose(path[1], [0.9 - 0.002 / (0.19 * 0.4995)], 1e-3);
    expectClose(adamax.expInf as Float64Array, [0.4995], 1e-3);
  });

  it("ε enters inside the maximum: a zero gradient gives u = ε; weight decay adds λθ to g", () => {
    const adamax = new Adamax({ lr: 0.1, eps: 0.1, weightDecay: 0 });
    run(adamax, [1], [[0]]);
    expectClose(adamax.expInf as Float64Array, [0.1], 1e-3);
    // g = 0 + 0.5·2 = 1: m = 0.1, u = 1 + 1e-8, θ = 2 - 1·0.1/(1 + 1e-8)
    expectClose(run(new Adamax({ lr: 0.1, weightDecay: 0.5 }), [2], [[0]])[0], [2 - 0.1 / (1 + 1e-8)], 1e-3);
  });
});

describe("Lion (Chen et al. 2023, Algorithm 2, worked by hand)", () => {
  it("steps by η·sign(β1·m + (1 - β1)·g), then updates m with β2; sign(0) = 0", () => {
    // step 1, m = 0: c = 0.1g = [0.03, -0.2, 0] → θ = [0.9, -0.9, 0.5]; m = 0.01g = [0.003, -0.02, 0]
    // step 2, g = [-0.01, 0.1, 0]: c = [0.0027 - 0.001, -0.018 + 0.01, 0] = [0.0017, -0.008, 0] → θ = [0.8, -0.8, 0.5]
    //   (the gradients changed sign; the interpolation with the momentum did not); m = [0.00297 - 0.0001, -0.0198 + 0.001, 0]
    const lion = new Lion({ lr: 0.1 });
    const path = run(lion, [1, -1, 0.5], [[0.3, -2, 0], [-0.01, 0.1, 0]]);
    expectClose(path[0], [0.9, -0.9, 0.5], 1e-3);
    expectClose(path[1], [0.8, -0.8, 0.5], 1e-3);
    expectClose(lion.expAvg as Float64Array, [0.00287, -0.0188, 0], 1e-3);
  });

  it("β1 and β2 do different jobs: with β1 = 0 the step is sign(g), whatever m holds", () => {
    const lion = new Lion({ lr: 0.1, betas: [0, 0.9] });
    const path = run(lion, [0], [[1], [-0.001]]);
    expectClose(path[1], [0], 1e-3); // -0.1, then +0.1: sign(-0.001)
    expectClose(lion.expAvg as Float64Array, [0.9 * 0.1 - 0.0001], 1e-3);
  });

  it("decoupled weight decay: θ ← θ - η·(sign(c) + λθ)", () => {
    expectClose(run(new Lion({ lr: 0.1, weightDecay: 0.5 }), [2], [[1]])[0], [2 - 0.1 * (1 + 0.5 * 2)], 1e-3);
  });
});

describe("Adafactor (worked by hand)", () => {
  it("a vector: v = g² at the first step, so u = sign(g); α = max(ε2, RMS(θ))·min(η, 1)", () => {
    // θ = [3, 4]: RMS = √12.5; u = [1, 1], RMS(u) = 1 = d: no clipping; θ ← θ - 0.01·√12.5·u
    const adafactor = new Adafactor();
    const path = run(adafactor, [3, 4], [[1, 2]]);
    const alpha = 0.01 * Math.sqrt(12.5);
    expectClose(path[0], [3 - alpha, 4 - alpha], 1e-3);
    expectClose(adafactor.state[0].variance as Float64Array, [1, 4], 1e-3);
    expect(adafactor.state[0].rowVar).toBeNull();
  });

  it("a 2×2 matrix: row and column means of g², and v̂ = R·Cᵀ/mean(R)", () => {
    // g = [[1, 2], [3, 4]]: R = [(1+4)/2, (9+16)/2] = [2.5, 12.5], C = [(1+9)/2, (4+16)/2] = [5, 10], mean(R) = 7.5
    // v̂ = [[5/3, 10/3], [25/3, 50/3]], u² = g²/v̂ = [0.6, 1.2, 1.08, 0.96]: RMS(u) = √0.96 < 1, no clipping
    // θ = 1 everywhere: α = 0.01
    const adafactor = new Adafactor({ shape: [2, 2] });
    const path = run(adafactor, [1, 1, 1, 1], [[1, 2, 3, 4]]);
    expectClose(adafactor.state[0].rowVar as Float64Array, [2.5, 12.5], 1e-3);
    expectClose(adafactor.state[0].colVar as Float64Array, [5, 10], 1e-3);
    expect(adafactor.state[0].variance).toBeNull();
    expectClose(path[0], [1 - 0.01 * Math.sqrt(0.6), 1 - 0.01 * Math.sqrt(1.2), 1 - 0.01 * Math.sqrt(1.08), 1 - 0.01 * Math.sqrt(0.96)], 1e-3);
  });

  it("the second moment's weight is t^beta2Decay: R ← R + 2^-0.8·(4R - R) when g doubles at step 2", () => {
    const adafactor = new Adafactor({ shape: [2, 2] });
    run(adafactor, [1, 1, 1, 1], [[1, 2, 3, 4], [2, 4, 6, 8]]);
    const w = Math.pow(2, -0.8);
    expectClose(adafactor.state[0].rowVar as Float64Array, [2.5 * (1 + 3 * w), 12.5 * (1 + 3 * w)], 1e-3);
    expectClose(adafactor.state[0].colVar as Float64Array, [5 * (1 + 3 * w), 10 * (1 + 3 * w)], 1e-3);
  });

  it("clipping: u is divided by RMS(u)/d when that exceeds 1; weight decay multiplies θ by 1 - ηλ", () => {
    // step 1, g = [1e-3, 2e-3]; step 2, g = [1, 2]: v = k·[1, 4] with k = 1e-6 + w·(1 - 1e-6), w = 2^-0.8,
    // so u = [1, 1]/√k and RMS(u) = 1/√k ≈ 1.32 > d = 1: the clipped update is α·u/RMS(u) = α·[1, 1]
    const w = Math.pow(2, -0.8);
    const k = 1e-6 + w * (1 - 1e-6);
    expect(1 / Math.sqrt(k)).toBeGreaterThan(1.3); // clipping is on
    const adafactor = new Adafactor({ lr: 0.1, weightDecay: 0.5 });
    const params = Float64Array.from([2, 3]);
    adafactor.step(params, Float64Array.from([1e-3, 2e-3]));
    const before = Array.from(params);
    adafactor.step(params, Float64Array.from([1, 2]));
    const alpha = Math.sqrt((before[0] ** 2 + before[1] ** 2) / 2) * Math.min(0.1, 1 / Math.sqrt(2)); // RMS(θ) before the decay
    expectClose(params, [before[0] * 0.95 - alpha, before[1] * 0.95 - alpha], 1e-3);
    expectClose(adafactor.state[0].variance as Float64Array, [k, 4 * k], 1e-3);
  });
});

/** The quintic p(s) = a·s + b·s³ + c·s⁵ that Newton–Schulz applies to each singular value (after normalising). */
const p = (s: number) => MUON_NS_COEFFICIENTS[0] * s + MUON_NS_COEFFICIENTS[1] * s ** 3 + MUON_NS_COEFFICIENTS[2] * s ** 5;
const p5 = (s: number) => p(p(p(p(p(s)))));

describe("Muon and its Newton–Schulz iteration (worked by hand)", () => {
  it("on diag(3, 4) it maps each singular value s/‖G‖_F = 0.6, 0.8 through p five times, off-diagonals stay 0", () => {
    expectClose(newtonSchulz([3, 0, 0, 4], 2, 2), [p5(0.6), 0, 0, p5(0.8)], 1e-3);
  });

  it("a tall matrix is done transposed: the result is the transpose of the wide one's", () => {
    const wide = [1, 2, 3, -1, 0.5, 2];
    const tall = [1, -1, 2, 0.5, 3, 2]; // its transpose, 3×2
    const a = newtonSchulz(wide, 2, 3);
    const b = newtonSchulz(tall, 3, 2);
    expectClose(b, [a[0], a[3], a[1], a[4], a[2], a[5]], 1e-3);
  });

  it("the cubic coefficients (1.5, -0.5, 0) converge to UVᵀ: OOᵀ = I", () => {
    const o = newtonSchulz([2, 1, 0, 0.5, -1, 1, 3, 0.2], 2, 4, [1.5, -0.5, 0], 40);
    const dot = (i: number, j: number) => o[i * 4] * o[j * 4] + o[i * 4 + 1] * o[j * 4 + 1] + o[i * 4 + 2] * o[j * 4 + 2] + o[i * 4 + 3] * o[j * 4 + 3];
    expectClose([dot(0, 0), dot(0, 1), dot(1, 1)], [1, 0, 1], 1e-3);
  });

  it("first step: B = (1 - μ)g, U = (1 - μ²)g (Nesterov), NS is scale-free; θ ← θ(1 - ηλ) - η·√max(1, A/B)·NS(g)", () => {
    // 2×1 matrix g = [3, 4]: NS(g) = p⁵(1)·[0.6, 0.8] (one singular value, 5 after normalising)
    const muon = new Muon({ lr: 0.1, weightDecay: 0.5, shape: [2, 1] });
    const path = run(muon, [1, 2], [[3, 4]]);
    const rate = 0.1 * Math.sqrt(2);
    expectClose(path[0], [1 * 0.95 - rate * p5(1) * 0.6, 2 * 0.95 - rate * p5(1) * 0.8], 1e-3);
    expectClose(muon.momentumBuffer as Float64Array, [0.05 * 3, 0.05 * 4], 1e-3);
  });

  it("match_rms_adamw scales η by 0.2·√max(A, B); without Nesterov the update is NS(B)", () => {
    const muon = new Muon({ lr: 0.1, weightDecay: 0, nesterov: false, adjustLrFn: "match_rms_adamw", shape: [2, 2] });
    const path = run(muon, [0, 0, 0, 0], [[3, 0, 0, 4]]);
    const rate = 0.1 * 0.2 * Math.sqrt(2);
    expectClose(path[0], [-rate * p5(0.6), 0, 0, -rate * p5(0.8)], 1e-3);
    expectClose(muon.lastUpdate as Float64Array, [p5(0.6), 0, 0, p5(0.8)], 1e-3);
  });
});

describe("groups, state and reset", () => {
  it("Lion: each group with its own lr and betas, the state per parameter", () => {
    const lion = new Lion({ lr: 0.1, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, lr: 0.5, weightDecay: 1 }] });
    expectClose(run(lion, [1, 1], [[1, 1]])[0], [0.9, 1 - 0.5 * (1 + 1)], 1e-3);
  });

  it("Adafactor: a factored weight group and a vector group, each with its own RMS", () => {
    const adafactor = new Adafactor({ groups: [{ from: 0, to: 4, shape: [2, 2] }, { from: 4, to: 6 }] });
    const path = run(adafactor, [1, 1, 1, 1, 3, 4], [[1, 2, 3, 4, 1, 2]]);
    const alpha = 0.01 * Math.sqrt(12.5);
    expectClose(path[0].slice(4), [3 - alpha, 4 - alpha], 1e-3);
    expectClose(path[0].slice(0, 1), [1 - 0.01 * Math.sqrt(0.6)], 1e-3);
    expectClose(adafactor.state[0].rowVar as Float64Array, [2.5, 12.5], 1e-3);
    expectClose(adafactor.state[1].variance as Float64Array, [1, 4], 1e-3);
  });

  it("Muon: one matrix per group, each with its own shape; reset forgets the buffer", () => {
    const muon = new Muon({ lr: 0.1, weightDecay: 0, groups: [{ from: 0, to: 4, shape: [2, 2] }, { from: 4, to: 6, shape: [1, 2], lr: 0.2 }] });
    const path = run(muon, [0, 0, 0, 0, 0, 0], [[3, 0, 0, 4, 3, 4]]);
    expectClose(path[0], [-0.1 * p5(0.6), 0, 0, -0.1 * p5(0.8), -0.2 * p5(1) * 0.6, -0.2 * p5(1) * 0.8], 1e-3);
    muon.reset();
    expect(muon.momentumBuffer).toBeNull();
    expect(muon.stepCount).toBe(0);
  });

  it("NAdam keeps one momentum product per group", () => {
    const nadam = new NAdam({ momentumDecay: 0, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, betas: [0.5, 0.999] }] });
    run(nadam, [0, 0], [[1, 1], [1, 1]]);
    expectClose(nadam.muProduct, [0.45 * 0.45, 0.25 * 0.25], 1e-3);
  });
});

describe("bad options name the option, the value and the valid range", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["NAdam betas[0] = 1", () => new NAdam({ betas: [1, 0.9] }), /NAdam: invalid betas\[0\] = 1.*\[0, 1\)/],
    ["RAdam betas not a pair", () => new RAdam({ betas: [0.9] as unknown as [number, number] }), /RAdam: invalid betas = \[0.9\]; expected two numbers/],
    ["Adamax eps < 0", () => new Adamax({ eps: -1 }), /Adamax: invalid eps = -1.*>= 0/],
    ["Lion betas[1] = 1.2", () => new Lion({ betas: [0.9, 1.2] }), /Lion: invalid betas\[1\] = 1.2.*\[0, 1\)/],
    ["NAdam momentumDecay < 0", () => new NAdam({ momentumDecay: -0.1 }), /NAdam: invalid momentumDecay = -0.1.*>= 0/],
    ["Adafactor beta2Decay > 0", () => new Adafactor({ beta2Decay: 0.5 }), /Adafactor: invalid beta2Decay = 0.5.*<= 0/],
    ["Adafactor d < 1", () => new Adafactor({ d: 0.5 }), /Adafactor: invalid d = 0.5.*>= 1/],
    ["Adafactor eps[1] < 0", () => new Adafactor({ eps: [null, -1] }), /Adafactor: invalid eps\[1\] = -1.*>= 0/],
    ["Adafactor shape of a non-integer", () => new Adafactor({ shape: [2, 1.5] }), /Adafactor: invalid shape\[1\] = 1.5.*integer >= 1/],
    ["Adafactor shape that does not fit", () => new Adafactor({ shape: [2, 3] }).step(new Float64Array(5), new Float64Array(5)),
      /Adafactor: shape = \[2, 3\] holds 6 numbers but params has 5; expected rows·cols = 5/],
    ["Adafactor group shape that does not fit", () => new Adafactor({ groups: [{ from: 0, to: 4, shape: [3, 2] }, { from: 4, to: 6 }] }).step(new Float64Array(6), new Float64Array(6)),
      /Adafactor: groups\[0\].shape = \[3, 2\] holds 6 numbers but groups\[0\] has 4/],
    ["Muon without a shape (a vector)", () => new Muon(), /Muon: shape is missing: Muon only takes weight matrices/],
    ["Muon group without a shape", () => new Muon({ groups: [{ from: 0, to: 4, shape: [2, 2] }, { from: 4, to: 6 }] }), /Muon: groups\[1\].shape is missing/],
    ["Muon shape that does not fit", () => new Muon({ shape: [2, 2] }).step(new Float64Array(6), new Float64Array(6)), /Muon: shape = \[2, 2\] holds 4 numbers but params has 6/],
    ["Muon nsSteps = 100", () => new Muon({ shape: [2, 2], nsSteps: 100 }), /Muon: invalid nsSteps = 100.*integer in \[0, 99\]/],
    ["Muon adjustLrFn unknown", () => new Muon({ shape: [2, 2], adjustLrFn: "spectral" as "original" }), /Muon: invalid adjustLrFn = "spectral"; expected null, "original" or "match_rms_adamw"/],
    ["Muon momentum = 1", () => new Muon({ shape: [2, 2], momentum: 1 }), /Muon: invalid momentum = 1.*\[0, 1\)/],
    ["Muon nsCoefficients of two", () => new Muon({ shape: [2, 2], nsCoefficients: [1, 2] as unknown as [number, number, number] }), /Muon: invalid nsCoefficients = \[1,2\]; expected three/],
  ];
  it.each(cases)("%s", (_, make, message) => {
    expect(make).toThrow(message);
  });
});
