// Helpers shared by the optimizer tests that work steps out by hand.
import { expect } from "vitest";
import type { Optimizer } from "@optlab/lib";

/** Runs the optimizer over a sequence of gradients from `start`; returns the parameters after each step. */
export function run(optimizer: Optimizer, start: number[], grads: number[][]): number[][] {
  const params = Float64Array.from(start);
  return grads.map((g) => {
    optimizer.step(params, Float64Array.from(g));
    return Array.from(params);
  });
}

/**
 * Asserts two vectors agree to a relative error of 1e-12; entries whose expected magnitude is below `floor`
 * are compared with the absolute error `floor`·1e-12 instead.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-300): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(expected[i]), floor);
    expect(Math.abs(actual[i] - expected[i]) / scale, `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(1e-12);
  }
}
