// Clipping: the norm it returns, the direction it keeps, and torch's 1e-6 in the scale factor.
import { describe, expect, it } from "vitest";
import { clipGradNorm, clipGradValue } from "@optlab/lib";

const f64 = (...values: number[]) => Float64Array.from(values);

describe("clipGradNorm", () => {
  it("scales a (3, 4) gradient of norm 5 to norm 1 (times 5/(5 + 1e-6)), keeping its direction", () => {
    const g = f64(3, 4);
    expect(clipGradNorm(g, 1)).toBe(5);
    const c = 1 / (5 + 1e-6);
    expect(Array.from(g)).toEqual([3 * c, 4 * c]);
  });

  it("leaves small gradients untouched", () => {
    const g = f64(0.3, -0.4);
    expect(clipGradNorm(g, 1)).toBeCloseTo(0.5, 15);
    expect(Array.from(g)).toEqual([0.3, -0.4]);
  });

  it("takes the norm over several vectors as one", () => {
    const a = f64(1, 2);
    const b = f64(2);
    expect(clipGradNorm([a, b], 1.5)).toBe(3); // √(1 + 4 + 4)
    const c = 1.5 / (3 + 1e-6);
    expect([...a, ...b]).toEqual([c, 2 * c, 2 * c]);
  });

  it("supports the infinity norm and other p-norms", () => {
    expect(clipGradNorm(f64(-7, 2, 5), 100, Infinity)).toBe(7);
    expect(clipGradNorm(f64(3, -4), 100, 1)).toBeCloseTo(7, 14);
    expect(clipGradNorm(f64(1, 1, 1, 1, 1, 1, 1, 1), 100, 3)).toBeCloseTo(2, 14); // 8^(1/3)
  });

  it("refuses non-finite gradients instead of spreading NaN, and names bad arguments", () => {
    expect(() => clipGradNorm(f64(1, NaN), 1)).toThrow(/total gradient norm is NaN/);
    expect(() => clipGradNorm(f64(1), -1)).toThrow(/clipGradNorm: invalid maxNorm = -1; expected a finite number >= 0/);
    expect(() => clipGradNorm(f64(1), 1, 0)).toThrow(/invalid normType = 0/);
    expect(() => clipGradNorm([1, 2] as unknown as Float64Array, 1)).toThrow(/grads must be a Float64Array or an array of them, got a plain array of numbers/);
  });
});

describe("clipGradValue", () => {
  it("clamps every component to [-c, c], which bends the direction", () => {
    const g = f64(3, -0.5, -4);
    clipGradValue(g, 1);
    expect(Array.from(g)).toEqual([1, -0.5, -1]);
    expect(() => clipGradValue(g, -1)).toThrow(/clipGradValue: invalid clipValue = -1/);
  });
});
