// Small synthetic data sets, generated from a seed so every run sees the same points.
import { Rng } from "./rng";
import { checkNumber } from "./validate";

/** A 2-D binary classification set: `inputs` holds (x, y) pairs row by row, `labels` 0 or 1. */
export interface Dataset {
  readonly inputs: Float64Array;
  readonly labels: Float64Array;
  readonly size: number;
}

/**
 * The circle data set: n points uniform in the square [-2, 2]², labelled 1 inside the circle
 * x² + y² < 1.5 and 0 outside.
 */
export function circleData(options: { n?: number; seed?: number; radiusSquared?: number } = {}): Dataset {
  const n = checkNumber("circleData", "n", options.n ?? 200, { min: 1, integer: true });
  const r2 = checkNumber("circleData", "radiusSquared", options.radiusSquared ?? 1.5, { min: 0, minExclusive: true });
  const rng = new Rng(options.seed ?? 42);
  const inputs = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(-2, 2);
    const y = rng.uniform(-2, 2);
    inputs[2 * i] = x;
    inputs[2 * i + 1] = y;
    labels[i] = x * x + y * y < r2 ? 1 : 0;
  }
  return { inputs, labels, size: n };
}

/** Noisy points on a line, y = slope·x + intercept + noise·N(0, 1), with x uniform in [-1, 1]. */
export function lineData(options: { n?: number; slope?: number; intercept?: number; noise?: number; seed?: number } = {}): {
  x: Float64Array;
  y: Float64Array;
} {
  const n = checkNumber("lineData", "n", options.n ?? 100, { min: 1, integer: true });
  const slope = checkNumber("lineData", "slope", options.slope ?? 3);
  const intercept = checkNumber("lineData", "intercept", options.intercept ?? 1);
  const noise = checkNumber("lineData", "noise", options.noise ?? 0.5, { min: 0 });
  const rng = new Rng(options.seed ?? 0);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.uniform(-1, 1);
    y[i] = slope * x[i] + intercept + noise * rng.gaussian();
  }
  return { x, y };
}
