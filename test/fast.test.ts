// The WebAssembly fast path against the readable loop, as PyTorch tests its foreach path against the
// single-tensor one: same options, same gradients, every parameter and state entry equal bit for bit.
import { describe, expect, it } from "vitest";
import { Adam, AdamW, Rng, type AdamOptions } from "@optlab/lib";
import { FusedAdam, FusedAdamW, assembleModule } from "@optlab/lib/fast";

/** Indices where two arrays differ as float64 values (Object.is: -0 and +0 differ, NaN equals NaN). */
function differences(a: Float64Array, b: Float64Array): number[] {
  expect(a.length).toBe(b.length);
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

/** Gradients with awkward values mixed in: zeros of both signs, tiny, huge and subnormal numbers. */
function awkwardGradients(rng: Rng, out: Float64Array, step: number): Float64Array {
  rng.fillGaussian(out);
  const specials = [0, -0, 1e-300, -5e-324, 1e150, -3e-8, 7];
  for (let i = 0; i < out.length; i += 5) out[i] = specials[(i + step) % specials.length];
  return out;
}

const CONFIGS: { name: string; options: AdamOptions; decoupled: boolean }[] = [
  { name: "Adam, defaults", options: {}, decoupled: false },
  { name: "Adam, L2 weight decay", options: { lr: 0.01, weightDecay: 0.1 }, decoupled: false },
  { name: "Adam, amsgrad and other betas", options: { lr: 0.05, betas: [0.5, 0.9], amsgrad: true, eps: 1e-6 }, decoupled: false },
  { name: "AdamW, defaults", options: {}, decoupled: true },
  { name: "AdamW, strong decay and amsgrad", options: { lr: 0.02, weightDecay: 0.3, amsgrad: true }, decoupled: true },
  { name: "AdamW, no decay", options: { lr: 0.01, weightDecay: 0 }, decoupled: true },
];

describe.each(CONFIGS)("fast path: $name", ({ options, decoupled }) => {
  it.each([1, 2, 3, 16, 33, 1001])("matches the readable loop bit for bit over 40 steps, size %i", (size) => {
    const rng = new Rng(size);
    const readable = decoupled ? new AdamW(options) : new Adam(options);
    const fast = decoupled ? new FusedAdamW({ ...options, size }) : new FusedAdam({ ...options, size });
    const params = rng.fillGaussian(new Float64Array(size), 0, 3);
    if (size > 3) params[3] = -0;
    fast.params.set(params);
    const grads = new Float64Array(size);
    for (let step = 0; step < 40; step++) {
      awkwardGradients(rng, grads, step);
      fast.grads.set(grads);
      if (step === 20) readable.lr = fast.lr = readable.lr * 0.3; // a schedule changes lr between steps
      readable.step(params, grads);
      fast.step(fast.params, fast.grads);
      expect(differences(params, fast.params), `params after step ${step + 1}`).toEqual([]);
    }
    expect(differences(readable.expAvg as Float64Array, fast.expAvg as Float64Array)).toEqual([]);
    expect(differences(readable.expAvgSq as Float64Array, fast.expAvgSq as Float64Array)).toEqual([]);
    if (options.amsgrad) expect(differences(readable.maxExpAvgSq as Float64Array, fast.maxExpAvgSq as Float64Array)).toEqual([]);
    expect(fast.stepCount).toBe(40);
  });
});

describe("fast path on worker threads", () => {
  it.each(CONFIGS)("splits the step across 2 and 3 threads with the same bits as the readable loop: $name", ({ options, decoupled }) => {
    for (const threads of [2, 3]) {
      for (const size of [1, 5, 1001]) {
        const rng = new Rng(size + threads);
        const readable = decoupled ? new AdamW(options) : new Adam(options);
        const fast = decoupled ? new FusedAdamW({ ...options, size, threads }) : new FusedAdam({ ...options, size, threads });
        const params = rng.fillGaussian(new Float64Array(size));
        fast.params.set(params);
        const grads = new Float64Array(size);
        for (let step = 0; step < 15; step++) {
          awkwardGradients(rng, grads, step);
          fast.grads.set(grads);
          readable.step(params, grads);
          fast.step(fast.params, fast.grads);
        }
        fast.close();
        expect(differences(params, fast.params), `${threads} threads, size ${size}`).toEqual([]);
        expect(differences(readable.expAvgSq as Float64Array, fast.expAvgSq as Float64Array)).toEqual([]);
      }
    }
  });

  it("refuses to step after close()", () => {
    const fast = new FusedAdam({ size: 8, threads: 2 });
    fast.close();
    expect(() => fast.step(fast.params, fast.grads)).toThrow("FusedAdam: step() after close()");
  });
});

describe("fast path as a drop-in optimizer", () => {
  it("takes arrays outside its memory (copied in and out) with the same result", () => {
    const rng = new Rng(5);
    const size = 101;
    const viewed = new FusedAdam({ lr: 0.01, size });
    const copied = new FusedAdam({ lr: 0.01, size });
    const readable = new Adam({ lr: 0.01 });
    const a = rng.fillGaussian(new Float64Array(size));
    const b = a.slice();
    viewed.params.set(a);
    const g = new Float64Array(size);
    for (let s = 0; s < 10; s++) {
      rng.fillGaussian(g);
      viewed.grads.set(g);
      viewed.step(viewed.params, viewed.grads);
      copied.step(a, g);
      readable.step(b, g);
    }
    expect(differences(a, viewed.params)).toEqual([]);
    expect(differences(a, b)).toEqual([]);
  });

  it("moves the parameters the way Adam's first step does: by η against the sign of the gradient", () => {
    // At t = 1, m̂ = g and √v̂ = |g|, so θ ← θ - η·g/(|g| + ε): about η against the sign of g, a little
    // less as |g| gets small next to ε = 1e-8: 1 - 0.1·0.5/(0.5 + 1e-8) = 0.900000002, 2 + 0.1·4/(4 + 1e-8)
    // = 2.09999999975, 3 - 0.1·1e-3/(1e-3 + 1e-8) = 2.90000099999.
    const fast = new FusedAdam({ lr: 0.1, size: 3 });
    fast.params.set([1, 2, 3]);
    fast.grads.set([0.5, -4, 1e-3]);
    fast.step(fast.params, fast.grads);
    const expected = [0.900000002, 2.09999999975, 2.90000099999];
    fast.params.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 12));
  });

  it("forgets its state on reset() and starts again like a new optimizer", () => {
    const fast = new FusedAdamW({ lr: 0.01, size: 4 });
    const fresh = new FusedAdamW({ lr: 0.01, size: 4 });
    fast.params.set([1, 2, 3, 4]);
    fast.grads.set([1, 1, 1, 1]);
    for (let s = 0; s < 5; s++) fast.step(fast.params, fast.grads);
    fast.reset();
    expect(fast.stepCount).toBe(0);
    expect(fast.expAvg).toBeNull();
    fast.params.set([1, 2, 3, 4]);
    fresh.params.set([1, 2, 3, 4]);
    fresh.grads.set([1, 1, 1, 1]);
    fast.step(fast.params, fast.grads);
    fresh.step(fresh.params, fresh.grads);
    expect(differences(fast.params, fresh.params)).toEqual([]);
  });

  it("names the option, value and range when misused", () => {
    expect(() => new FusedAdam({ size: 0 })).toThrow("FusedAdam: invalid size = 0; expected an integer in [1, ");
    expect(() => new FusedAdamW({ size: 2.5 })).toThrow("FusedAdamW: invalid size = 2.5");
    expect(() => new FusedAdam({ size: 8, threads: 0 })).toThrow("FusedAdam: invalid threads = 0; expected an integer in [1, 16]");
    expect(() => new FusedAdam({ size: 4, betas: [1, 0.999] })).toThrow("FusedAdam: invalid betas[0] = 1");
    const fast = new FusedAdam({ size: 4 });
    expect(() => fast.step(new Float64Array(3), new Float64Array(3))).toThrow("params has length 3 but this optimizer was built for size = 4");
  });

  it("assembles a valid WebAssembly module", () => {
    const bytes = assembleModule([]);
    expect(Array.from(bytes.slice(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });
});
