// Parameter groups (torch.optim's param_groups): first steps worked out by hand, the identity with no groups
// bit for bit, reading and writing the groups, and every bad `groups` argument named in its error.
// Whole trajectories against PyTorch are in torch-conformance.test.ts.
import { describe, expect, it } from "vitest";
import { expectClose, run } from "./steps";
import { Adagrad, Adam, AdamW, MLP, RMSProp, Rng, SGD, type Optimizer } from "@optlab/lib";
import { FusedAdam } from "@optlab/lib/fast";

describe("each group steps with its own options (worked by hand)", () => {
  it("SGD: its own lr and weight decay on the second group", () => {
    // group 0: 1 - 0.1·0.5 = 0.95; group 1: g = 4 + 0.1·(-2) = 3.8, θ = -2 - 0.5·3.8 = -3.9
    const sgd = new SGD({ lr: 0.1, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, lr: 0.5, weightDecay: 0.1 }] });
    expectClose(run(sgd, [1, -2], [[0.5, 4]])[0], [0.95, -3.9]);
  });

  it("SGD: momentum in one group only; the state stays per parameter", () => {
    // group 0 (μ = 0.9): b = 1, θ = -0.1; then b = 0.9 + 1 = 1.9, θ = -0.1 - 0.19 = -0.29
    // group 1 (no momentum): θ = -0.1, then -0.2; its buffer entry is never used and stays 0
    const sgd = new SGD({ lr: 0.1, groups: [{ from: 0, to: 1, momentum: 0.9 }, { from: 1, to: 2 }] });
    const path = run(sgd, [0, 0], [[1, 1], [1, 1]]);
    expectClose(path[0], [-0.1, -0.1]);
    expectClose(path[1], [-0.29, -0.2]);
    expectClose(sgd.momentumBuffer as Float64Array, [1.9, 0]);
  });

  it("Adam: betas per group change the second step", () => {
    // g = 1 then 0. Step 1: m̂ = v̂ = 1, θ = -η/(1 + ε). Step 2: m̂ = β1(1 - β1)/(1 - β1²) = β1/(1 + β1),
    // v̂ = β2/(1 + β2), θ -= η·m̂/(√v̂ + ε).
    const adam = new Adam({ lr: 0.1, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, betas: [0.5, 0.99] }] });
    const path = run(adam, [0, 0], [[1, 1], [0, 0]]);
    const first = -0.1 / (1 + 1e-8);
    const second = (b1: number, b2: number) => first - (0.1 * (b1 / (1 + b1))) / (Math.sqrt(b2 / (1 + b2)) + 1e-8);
    expectClose(path[0], [first, first]);
    expectClose(path[1], [second(0.9, 0.999), second(0.5, 0.99)]);
  });

  it("AdamW: no decay on the second group (as on biases)", () => {
    // group 0: θ = 2·(1 - 0.1·0.5) - 0.1·1/(1 + ε) = 1.9 - 0.1/(1 + ε); group 1: θ = 2 - 0.1/(1 + ε)
    const adamw = new AdamW({ lr: 0.1, weightDecay: 0.5, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, weightDecay: 0 }] });
    expectClose(run(adamw, [2, 2], [[1, 1]])[0], [1.9 - 0.1 / (1 + 1e-8), 2 - 0.1 / (1 + 1e-8)]);
  });

  it("Adagrad: lr decay per group", () => {
    // step 1: s = 1, θ = -0.1/(1 + ε) in both; step 2: s = 2, group 0 takes η = 0.1, group 1 η = 0.1/(1 + 1·1)
    const adagrad = new Adagrad({ lr: 0.1, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, lrDecay: 1 }] });
    const path = run(adagrad, [0, 0], [[1, 1], [1, 1]]);
    const first = -0.1 / (1 + 1e-10);
    expectClose(path[1], [first - 0.1 / (Math.sqrt(2) + 1e-10), first - 0.05 / (Math.sqrt(2) + 1e-10)]);
  });

  it("RMSProp: centered in one group, momentum in the other", () => {
    // α = 0.5, g = 2 at step 1. Group 0 centered: v = 2, ḡ = 1, d = √(2 - 1) + ε, θ = -0.1·2/d.
    // Group 1 with μ = 0.9: v = 2, d = √2 + ε, b = 2/d, θ = -0.1·b.
    const rms = new RMSProp({ lr: 0.1, alpha: 0.5, groups: [{ from: 0, to: 1, centered: true }, { from: 1, to: 2, momentum: 0.9 }] });
    expectClose(run(rms, [0, 0], [[2, 2]])[0], [-0.2 / (1 + 1e-8), (-0.1 * 2) / (Math.SQRT2 + 1e-8)]);
    expect(rms.gradAvg).not.toBeNull();
    expect(rms.momentumBuffer).not.toBeNull();
  });
});

// One group over the whole vector, or several that override nothing, is the optimizer without groups:
// same operations in the same order, so the same bits (Object.is), for parameters and every state array.
const identities: [string, (groups?: { from: number; to: number }[]) => Optimizer][] = [
  ["SGD, Nesterov and weight decay", (groups) => new SGD({ lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01, groups })],
  ["SGD, damped momentum", (groups) => new SGD({ lr: 0.05, momentum: 0.8, dampening: 0.3, groups })],
  ["Adam, amsgrad and L2", (groups) => new Adam({ lr: 0.02, betas: [0.8, 0.99], weightDecay: 0.1, amsgrad: true, groups })],
  ["AdamW", (groups) => new AdamW({ lr: 0.02, weightDecay: 0.3, groups })],
  ["RMSProp, centered with momentum", (groups) => new RMSProp({ lr: 0.01, momentum: 0.5, centered: true, weightDecay: 0.1, groups })],
  ["Adagrad", (groups) => new Adagrad({ lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.2, groups })],
];

/** Parameters and every Float64Array of state (by field name) after 50 steps on seeded random gradients. */
function finalState(optimizer: Optimizer): Record<string, number[]> {
  const rng = new Rng(11);
  const params = rng.fillGaussian(new Float64Array(7));
  const grads = new Float64Array(7);
  for (let s = 0; s < 50; s++) optimizer.step(params, rng.fillGaussian(grads));
  const state: Record<string, number[]> = { params: Array.from(params) };
  for (const [key, value] of Object.entries(optimizer)) if (value instanceof Float64Array) state[key] = Array.from(value);
  return state;
}

describe.each(identities)("identity with no groups: %s", (_, make) => {
  const plain = finalState(make());
  const bitsOf = (state: Record<string, number[]>) => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v.map((x) => (Object.is(x, -0) ? "-0" : x))]));

  it("one group [0, n) gives the same bits", () => {
    expect(Object.keys(plain).length).toBeGreaterThan(1); // the state arrays are compared too
    expect(bitsOf(finalState(make([{ from: 0, to: 7 }])))).toEqual(bitsOf(plain));
  });

  it("three groups that override nothing give the same bits", () => {
    expect(bitsOf(finalState(make([{ from: 0, to: 2 }, { from: 2, to: 3 }, { from: 3, to: 7 }])))).toEqual(bitsOf(plain));
  });
});

describe("reading and writing the groups", () => {
  it("each group holds every option, its own or the optimizer's", () => {
    const sgd = new SGD({ lr: 0.1, momentum: 0.9, groups: [{ from: 0, to: 4, weightDecay: 0.01 }, { from: 4, to: 6, lr: 0.5, nesterov: true }] });
    expect({ ...sgd.groups[0] }).toEqual({ from: 0, to: 4, lr: 0.1, initialLr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0.01 });
    expect({ ...sgd.groups[1] }).toEqual({ from: 4, to: 6, lr: 0.5, initialLr: 0.5, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 });
    expect(sgd.momentum).toBe(0.9);
    expect(sgd.weightDecay).toBe(0);
  });

  it("without groups there is one, [0, Infinity), with torch's defaults", () => {
    const adam = new Adam();
    expect(adam.groups).toHaveLength(1);
    expect({ ...adam.groups[0] }).toEqual({ from: 0, to: Infinity, lr: 1e-3, initialLr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false });
    expect(new AdamW().groups[0].weightDecay).toBe(1e-2);
  });

  it("a group's lr is writable: lr 0 freezes that group only", () => {
    const adam = new Adam({ lr: 0.1, groups: [{ from: 0, to: 2 }, { from: 2, to: 3 }] });
    adam.groups[0].lr = 0;
    const after = run(adam, [1, 2, 3], [[1, 1, 1]])[0];
    expect(after.slice(0, 2)).toEqual([1, 2]);
    expectClose([after[2]], [3 - 0.1 / (1 + 1e-8)]);
    expect(adam.groups[0].initialLr).toBe(0.1);
  });

  it("the other options are read-only: writing one throws instead of being ignored", () => {
    const sgd = new SGD({ lr: 0.1, momentum: 0.9, groups: [{ from: 0, to: 2 }] });
    expect(() => {
      (sgd.groups[0] as unknown as { momentum: number }).momentum = 0.5;
    }).toThrow(TypeError);
    expect(sgd.groups[0].momentum).toBe(0.9);
  });

  it("writing optimizer.lr scales every group by its starting rate, as torch's schedulers scale initial_lr", () => {
    const sgd = new SGD({ lr: 0.1, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, lr: 0.5 }] });
    sgd.lr = 0.01;
    expect(sgd.lr).toBe(0.01);
    expect(sgd.groups[0].lr).toBe(0.01); // a group without its own lr gets exactly the value written
    expect(sgd.groups[1].lr).toBeCloseTo(0.05, 15); // 0.01 · 0.5 / 0.1
    // the step uses the groups' rates: 1 - 0.01·1 and 1 - 0.05·1
    expectClose(run(sgd, [1, 1], [[1, 1]])[0], [0.99, 0.95]);
  });
});

describe("bad groups get an error that names them", () => {
  const sgd = (groups: unknown) => () => new SGD({ lr: 0.1, groups: groups as { from: number; to: number }[] });

  it("an empty list or not a list", () => {
    expect(sgd([])).toThrow("SGD: groups must be a non-empty array of { from, to, ...options }, got []");
    expect(sgd(3)).toThrow("SGD: groups must be a non-empty array of { from, to, ...options }, got 3");
  });

  it("a gap between groups, or before the first", () => {
    expect(sgd([{ from: 0, to: 2 }, { from: 3, to: 5 }])).toThrow("SGD: gap before groups[1] = [3, 5): indices [2, 3) belong to no group");
    expect(sgd([{ from: 1, to: 5 }])).toThrow("SGD: gap before groups[0] = [1, 5): indices [0, 1) belong to no group");
  });

  it("an overlap", () => {
    expect(sgd([{ from: 0, to: 3 }, { from: 2, to: 5 }])).toThrow("SGD: groups[1] = [2, 5) overlaps groups[0] on [2, 3)");
  });

  it("groups out of order", () => {
    expect(sgd([{ from: 0, to: 2 }, { from: 4, to: 6 }, { from: 2, to: 4 }])).toThrow(
      "SGD: groups out of order: groups[2] = [2, 4) starts at 2 but comes after groups[1] = [4, 6); list the groups by index",
    );
  });

  it("an empty or reversed range, a negative or fractional index", () => {
    expect(sgd([{ from: 0, to: 3 }, { from: 3, to: 3 }])).toThrow("SGD: groups[1] = [3, 3) is empty or reversed; expected to > from");
    expect(sgd([{ from: 0, to: 3 }, { from: 3, to: 1 }])).toThrow("SGD: groups[1] = [3, 1) is empty or reversed; expected to > from");
    expect(sgd([{ from: -1, to: 3 }])).toThrow("SGD: invalid groups[0].from = -1; expected an integer >= 0");
    expect(sgd([{ from: 0, to: 2.5 }])).toThrow("SGD: invalid groups[0].to = 2.5; expected an integer >= 0");
    expect(sgd([{ from: 0 }])).toThrow("SGD: invalid groups[0].to = undefined; expected an integer >= 0");
  });

  it("ranges that do not match the vector's length at the first step: out of bounds, or short", () => {
    const long = new SGD({ lr: 0.1, groups: [{ from: 0, to: 4 }, { from: 4, to: 8 }] });
    expect(() => long.step(new Float64Array(6), new Float64Array(6))).toThrow("SGD: groups[1] = [4, 8) is out of bounds: params has length 6");
    const short = new Adam({ groups: [{ from: 0, to: 4 }] });
    expect(() => short.step(new Float64Array(6), new Float64Array(6))).toThrow(
      "Adam: the groups end at index 4 but params has length 6: indices [4, 6) belong to no group",
    );
    expect(short.stepCount).toBe(0);
  });

  it("an option the optimizer does not have, with the options it has", () => {
    expect(() => new Adam({ groups: [{ from: 0, to: 2, momentum: 0.9 } as { from: number; to: number }] })).toThrow(
      'Adam: groups[0] sets "momentum", which is not an option of Adam; its options are lr, betas, eps, weightDecay, amsgrad',
    );
    expect(sgd([{ from: 0, to: 2, weight_decay: 0.1 }])).toThrow(
      'SGD: groups[0] sets "weight_decay", which is not an option of SGD; its options are lr, momentum, dampening, nesterov, weightDecay',
    );
    expect(() => new RMSProp({ groups: [{ from: 0, to: 2 }, { from: 2, to: 3, betas: [0.9, 0.9] } as { from: number; to: number }] })).toThrow(
      'RMSProp: groups[1] sets "betas", which is not an option of RMSProp; its options are lr, alpha, eps, momentum, centered, weightDecay',
    );
  });

  it("an option with a bad value, named with its group", () => {
    expect(sgd([{ from: 0, to: 1 }, { from: 1, to: 2, momentum: 1 }])).toThrow("SGD: invalid groups[1].momentum = 1; expected a finite number in [0, 1)");
    expect(sgd([{ from: 0, to: 1, lr: -0.1 }])).toThrow("SGD: invalid groups[0].lr = -0.1; expected a finite number >= 0");
    expect(sgd([{ from: 0, to: 1, nesterov: true }])).toThrow("SGD: groups[0].nesterov = true needs groups[0].momentum > 0 and groups[0].dampening = 0");
    expect(() => new Adam({ groups: [{ from: 0, to: 1, betas: [0.9] as unknown as [number, number] }] })).toThrow(
      "Adam: invalid groups[0].betas = [0.9]; expected two numbers [β1, β2], each in [0, 1)",
    );
    expect(() => new Adam({ groups: [{ from: 0, to: 1, betas: [0.9, 1] }] })).toThrow("Adam: invalid groups[0].betas[1] = 1; expected a finite number in [0, 1)");
    expect(() => new AdamW({ groups: [{ from: 0, to: 1, amsgrad: 1 as unknown as boolean }] })).toThrow("AdamW: invalid groups[0].amsgrad = 1; expected true or false");
    expect(() => new RMSProp({ groups: [{ from: 0, to: 1, alpha: 2 }] })).toThrow("RMSProp: invalid groups[0].alpha = 2; expected a finite number in [0, 1]");
  });

  it("Adagrad's starting sum per group, which torch takes from the optimizer's options only", () => {
    const groups = [{ from: 0, to: 1, initialAccumulatorValue: 1 }] as unknown as { from: number; to: number }[]; // a type error too
    expect(() => new Adagrad({ groups })).toThrow(
      "Adagrad: groups[0].initialAccumulatorValue cannot be set per group: torch.optim.Adagrad starts every group's sum at the optimizer's own initialAccumulatorValue; set it there",
    );
  });

  it("a bad learning rate written into a group, and a base rate of 0 that cannot be scaled", () => {
    const sgd = new SGD({ lr: 0.1, groups: [{ from: 0, to: 1 }] });
    expect(() => (sgd.groups[0].lr = -1)).toThrow("SGD: invalid groups[0].lr = -1; expected a finite number >= 0");
    expect(() => (sgd.groups[0].lr = NaN)).toThrow("SGD: invalid groups[0].lr = NaN; expected a finite number >= 0");
    expect(sgd.groups[0].lr).toBe(0.1);
    const zero = new SGD({ lr: 0, groups: [{ from: 0, to: 1 }, { from: 1, to: 2, lr: 0.1 }] });
    expect(() => (zero.lr = 0.1)).toThrow(
      "SGD: cannot scale groups[1] (lr = 0.1) with lr: the optimizer was built with lr = 0; write groups[1].lr instead",
    );
    expect(zero.groups[1].lr).toBe(0.1);
  });

  it("groups on the fused kernel, which has one set of options for the whole vector", () => {
    expect(() => new FusedAdam({ size: 4, groups: [{ from: 0, to: 4 }] })).toThrow(
      "FusedAdam: groups are not supported by the fused kernel; use Adam from @optlab/lib for parameter groups",
    );
  });
});

describe("MLP.parameterGroups", () => {
  const model = new MLP(3);
  const blocks = model.parameterGroups();

  it("names the blocks of the vector in order, covering it: W1, b1, w2, b2", () => {
    // H = 3: W1 = [0, 6), b1 = [6, 9), w2 = [9, 12), b2 = [12, 13)
    expect(blocks.map(({ name, kind, layer, from, to }) => [name, kind, layer, from, to])).toEqual([
      ["W1", "weight", 1, 0, 6],
      ["b1", "bias", 1, 6, 9],
      ["w2", "weight", 2, 9, 12],
      ["b2", "bias", 2, 12, 13],
    ]);
  });

  it("matches the layout the forward pass uses: init leaves exactly the biases at 0", () => {
    const params = model.init(4);
    for (const block of blocks) {
      const values = Array.from(params.subarray(block.from, block.to));
      if (block.kind === "bias") expect(values.every((x) => x === 0), block.name).toBe(true);
      else expect(values.every((x) => x !== 0), block.name).toBe(true);
    }
  });

  it("matches the gradient: for one sample, ∂L/∂W1[j] = ∂L/∂b1[j]·x and ∂L/∂w2[j] = ∂L/∂b2·h[j]", () => {
    const params = model.init(4);
    params.fill(0.3, 6, 9); // positive biases keep every hidden unit active, so no gradient is 0
    const x = [0.7, -1.3];
    const data = { inputs: Float64Array.from(x), labels: Float64Array.from([1]), size: 1 };
    const grads = new Float64Array(model.size);
    model.lossAndGradient(params, grads, data);
    const [W1, b1, w2, b2] = blocks;
    for (let j = 0; j < 3; j++) {
      const dz1 = grads[b1.from + j];
      expect(dz1).not.toBe(0);
      expect(grads[W1.from + 2 * j]).toBeCloseTo(dz1 * x[0], 15);
      expect(grads[W1.from + 2 * j + 1]).toBeCloseTo(dz1 * x[1], 15);
      const h = Math.max(0, params[W1.from + 2 * j] * x[0] + params[W1.from + 2 * j + 1] * x[1] + params[b1.from + j]);
      expect(grads[w2.from + j]).toBeCloseTo(grads[b2.from] * h, 15);
    }
  });

  it("maps straight to an optimizer's groups: no weight decay on the biases", () => {
    const groups = blocks.map(({ from, to, kind }) => ({ from, to, weightDecay: kind === "bias" ? 0 : 0.1 }));
    const adamw = new AdamW({ lr: 0.01, groups });
    expect(adamw.groups.map((g) => g.weightDecay)).toEqual([0.1, 0, 0.1, 0]);
    const start = model.init(4);
    start.fill(0.5, 6, 9); // biases away from 0, so that a decay on them would show
    start[12] = -0.5;
    const params = start.slice();
    adamw.step(params, new Float64Array(model.size)); // zero gradient: only the decay moves anything
    blocks.forEach((block) => {
      for (let i = block.from; i < block.to; i++) expect(params[i]).toBe(block.kind === "bias" ? start[i] : start[i] * (1 - 0.01 * 0.1));
    });
  });
});
