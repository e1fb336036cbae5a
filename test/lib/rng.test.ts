// The seeded generator: reproducible, and with the right moments.
import { describe, expect, it } from "vitest";
import { Rng } from "@optlab/lib";

describe("Rng", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const draws = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    const first = draws(a);
    expect(draws(b)).toEqual(first);
    expect(draws(c)).not.toEqual(first);
  });

  it("draws uniforms in [0, 1) with mean 1/2 and variance 1/12", () => {
    const r = new Rng(1);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      if (!(u >= 0 && u < 1)) outside += 1;
      sum += u;
      sq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sq / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it("draws gaussians with the requested mean and standard deviation", () => {
    const r = new Rng(2);
    const xs = r.fillGaussian(new Float64Array(100_000), 3, 0.5);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(3, 2);
    expect(Math.sqrt(variance)).toBeCloseTo(0.5, 2);
  });

  it("shuffles into a permutation, reproducibly", () => {
    const shuffled = new Rng(3).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(new Rng(3).shuffle(Array.from({ length: 50 }, (_, i) => i))).toEqual(shuffled);
  });

  it("draws integers in [0, n) and uniforms in [low, high)", () => {
    const r = new Rng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[r.int(3)] += 1;
    counts.forEach((c) => expect(c).toBeGreaterThan(900));
    const u = r.fillUniform(new Float64Array(1000), -2, 2);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(2);
  });

  it("rejects a non-integer seed", () => {
    expect(() => new Rng(0.5)).toThrow(/Rng: invalid seed = 0.5; expected an integer/);
  });
});
