// Loss surfaces with analytic gradients: the small worlds in which the lessons watch optimizers move.
// Each problem writes its gradient into a buffer the caller owns, so a run allocates nothing per step.
import { exp, tanh } from "./exact-math";

/** A differentiable test function f: ℝⁿ → ℝ with a suggested start and plotting window. */
export interface Problem {
  /** Name for titles and legends. */
  readonly name: string;
  /** The formula, in LaTeX, for lesson text. */
  readonly formula: string;
  /** Number of parameters n. */
  readonly dim: number;
  /** f(θ). */
  loss(params: Float64Array): number;
  /** Writes ∇f(θ) into `out` (length n) and returns f(θ). */
  gradient(params: Float64Array, out: Float64Array): number;
  /** A suggested starting point. */
  readonly start: readonly number[];
  /** The minimiser, where there is one. */
  readonly minimum?: readonly number[];
  /** A window [[xMin, xMax], [yMin, yMax]] that shows the interesting part (2-D problems). */
  readonly window?: readonly [readonly [number, number], readonly [number, number]];
}

/** The toy problem of lesson 01, the 1-D bowl f(w) = (w - 2)², started at w = 5; f'(w) = 2(w - 2), curvature f'' = 2. */
export const quadratic: Problem = {
  name: "(w - 2)²",
  formula: "f(w) = (w - 2)^2",
  dim: 1,
  loss: (p) => (p[0] - 2) ** 2,
  gradient(p, out) {
    out[0] = 2 * (p[0] - 2);
    return (p[0] - 2) ** 2;
  },
  start: [5],
  minimum: [2],
};

/**
 * An ill-conditioned quadratic ravine f(x, y) = (a·x² + b·y²) / 2 with curvatures a (shallow, along the
 * valley) and b (steep, across it); the condition number is b / a. Defaults a = 0.1, b = 2.
 */
export function ravine(a = 0.1, b = 2): Problem {
  return {
    name: `ravine (a=${a}, b=${b})`,
    formula: `f(x, y) = \\tfrac12(${a}\\,x^2 + ${b}\\,y^2)`,
    dim: 2,
    loss: (p) => (a * p[0] * p[0] + b * p[1] * p[1]) / 2,
    gradient(p, out) {
      out[0] = a * p[0];
      out[1] = b * p[1];
      return (a * p[0] * p[0] + b * p[1] * p[1]) / 2;
    },
    start: [-9, 1.5],
    minimum: [0, 0],
    window: [[-10, 2], [-2, 2]],
  };
}

/** Rosenbrock's banana valley f(x, y) = (1 - x)² + 100(y - x²)², minimum at (1, 1); the course starts it at (-1, 1). */
export const rosenbrock: Problem = {
  name: "Rosenbrock",
  formula: "f(x, y) = (1 - x)^2 + 100\\,(y - x^2)^2",
  dim: 2,
  loss: (p) => (1 - p[0]) ** 2 + 100 * (p[1] - p[0] * p[0]) ** 2,
  gradient(p, out) {
    const x = p[0];
    const r = p[1] - x * x;
    out[0] = -2 * (1 - x) - 400 * x * r;
    out[1] = 200 * r;
    return (1 - x) ** 2 + 100 * r * r;
  },
  start: [-1, 1],
  minimum: [1, 1],
  window: [[-2, 2], [-1, 3]],
};

/** The saddle f(x, y) = x² - y²: a minimum along x, a maximum along y, unbounded below; started at (0.01, 0.01), just off the saddle point. */
export const saddle: Problem = {
  name: "saddle x² - y²",
  formula: "f(x, y) = x^2 - y^2",
  dim: 2,
  loss: (p) => p[0] * p[0] - p[1] * p[1],
  gradient(p, out) {
    out[0] = 2 * p[0];
    out[1] = -2 * p[1];
    return p[0] * p[0] - p[1] * p[1];
  },
  start: [0.01, 0.01],
  window: [[-1, 1], [-1, 1]],
};

const sigmoid = (z: number): number => 1 / (1 + exp(-z));

/**
 * The "pathological curvature" surface of lessons 02 and 04: f(w₁, w₂) = tanh(w₁)² + 0.01|w₁| + σ(w₂), started at (7, 7).
 * Flat plateaus far out, a sharp valley near w₁ = 0; the gradient of |w₁| at 0 is taken as 0 (as torch).
 */
export const pathological: Problem = {
  name: "pathological curvature",
  formula: "f(w_1, w_2) = \\tanh(w_1)^2 + 0.01\\,|w_1| + \\sigma(w_2)",
  dim: 2,
  loss: (p) => tanh(p[0]) ** 2 + 0.01 * Math.abs(p[0]) + sigmoid(p[1]),
  gradient(p, out) {
    const t = tanh(p[0]);
    const s = sigmoid(p[1]);
    out[0] = 2 * t * (1 - t * t) + 0.01 * Math.sign(p[0]);
    out[1] = s * (1 - s);
    return t * t + 0.01 * Math.abs(p[0]) + s;
  },
  start: [7, 7],
  window: [[-8, 8], [-8, 8]],
};

/** Himmelblau's function f(x, y) = (x² + y - 11)² + (x + y² - 7)²: four minima of value 0, one at (3, 2). */
export const himmelblau: Problem = {
  name: "Himmelblau",
  formula: "f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
  dim: 2,
  loss: (p) => (p[0] * p[0] + p[1] - 11) ** 2 + (p[0] + p[1] * p[1] - 7) ** 2,
  gradient(p, out) {
    const u = p[0] * p[0] + p[1] - 11;
    const v = p[0] + p[1] * p[1] - 7;
    out[0] = 4 * p[0] * u + 2 * v;
    out[1] = 2 * u + 4 * p[1] * v;
    return u * u + v * v;
  },
  start: [0, 0],
  minimum: [3, 2],
  window: [[-5, 5], [-5, 5]],
};

/** Beale's function f(x, y) = (1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)², minimum at (3, 0.5). */
export const beale: Problem = {
  name: "Beale",
  formula: "f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
  dim: 2,
  loss(p) {
    const [x, y] = [p[0], p[1]];
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2;
  },
  gradient(p, out) {
    const x = p[0];
    const y = p[1];
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    out[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
    out[1] = 2 * a * x + 4 * b * x * y + 6 * c * x * y * y;
    return a * a + b * b + c * c;
  },
  start: [1, 1.5],
  minimum: [3, 0.5],
  window: [[-4.5, 4.5], [-4.5, 4.5]],
};
