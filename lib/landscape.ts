// Loss landscapes around a point θ of parameter space: curvature from Hessian-vector products taken as finite
// differences of exact gradients, the eigenvalues of a small Hessian, sharpness measures, and 2-D slices
// along random filter-normalised directions (Li, Xu, Taylor, Studer & Goldstein 2018). Everything works on
// any loss given by its gradient function, so the same code serves a quadratic (tested against its exact
// Hessian) and the course's MLP.
import type { Dataset } from "./data";
import type { MLP } from "./mlp";
import type { Problem } from "./problems";
import { Rng } from "./rng";
import { checkFloat64Array, checkNumber } from "./validate";

/** A loss given by its exact gradient: writes ∇L(θ) into `grads` and returns L(θ). */
export type GradientFunction = (params: Float64Array, grads: Float64Array) => number;

/** The MLP's mean loss on `data` as a {@link GradientFunction} (full batch). */
export function mlpLoss(model: MLP, data: Dataset): GradientFunction {
  return (params, grads) => model.lossAndGradient(params, grads, data);
}

/** Euclidean norm ‖x‖₂. */
function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/** Dot product xᵀy. */
function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * The Hessian-vector product H(θ)·v by a central difference of exact gradients along v:
 * Hv ≈ (∇L(θ + εu) − ∇L(θ − εu)) / (2ε) · ‖v‖ with u = v/‖v‖, so the probe moves θ by exactly ε
 * whatever the size of v. The error is O(ε²) where L is smooth; a ReLU kink within ε of θ spoils it, so
 * ε is small (default 1e-6, far above the rounding of float64 gradients). Writes into `out` and returns it.
 */
export function hessianVectorProduct(
  gradient: GradientFunction,
  params: Float64Array,
  v: Float64Array,
  out: Float64Array = new Float64Array(params.length),
  epsilon = 1e-6,
): Float64Array {
  checkFloat64Array("hessianVectorProduct", "params", params);
  checkFloat64Array("hessianVectorProduct", "v", v);
  checkNumber("hessianVectorProduct", "epsilon", epsilon, { min: 0, minExclusive: true });
  const n = params.length;
  if (v.length !== n || out.length !== n) {
    throw new RangeError(`hessianVectorProduct: v and out must have the length of params, ${n}; got ${v.length} and ${out.length}`);
  }
  const size = norm(v);
  if (size === 0) return out.fill(0);
  const shifted = new Float64Array(n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const h = epsilon / size;
  for (let i = 0; i < n; i++) shifted[i] = params[i] + h * v[i];
  gradient(shifted, plus);
  for (let i = 0; i < n; i++) shifted[i] = params[i] - h * v[i];
  gradient(shifted, minus);
  for (let i = 0; i < n; i++) {
    out[i] = (plus[i] - minus[i]) / (2 * h);
    if (!Number.isFinite(out[i])) throw new RangeError(`hessianVectorProduct: entry ${i} of Hv is ${out[i]}: the gradient is not finite within ${epsilon} of params`);
  }
  return out;
}

/**
 * The whole n×n Hessian at θ, row-major: column j is H·eⱼ (n Hessian-vector products on the unit vectors),
 * then symmetrised, (H + Hᵀ)/2, since finite differences leave it symmetric only up to their error.
 * Costs 2n gradients: meant for small networks (the course's has n = 33).
 */
export function hessianMatrix(gradient: GradientFunction, params: Float64Array, epsilon = 1e-6): Float64Array {
  const n = params.length;
  const H = new Float64Array(n * n);
  const unit = new Float64Array(n);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    unit.fill(0);
    unit[j] = 1;
    hessianVectorProduct(gradient, params, unit, column, epsilon);
    for (let i = 0; i < n; i++) H[i * n + j] = column[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = (H[i * n + j] + H[j * n + i]) / 2;
      H[i * n + j] = mean;
      H[j * n + i] = mean;
    }
  }
  return H;
}

/**
 * The eigenvalues h₁ ≤ … ≤ hₙ of a symmetric n×n matrix (row-major), by the cyclic Jacobi method: rotations
 * J(p, q, φ) with tan 2φ = 2A_pq / (A_qq − A_pp) zero one off-diagonal entry at a time, until the
 * off-diagonal sum of squares is below 1e-22 of the total. The input is not changed.
 */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  checkNumber("symmetricEigenvalues", "n", n, { min: 1, integer: true });
  if (matrix.length !== n * n) throw new RangeError(`symmetricEigenvalues: matrix must hold n·n = ${n * n} entries, got ${matrix.length}`);
  checkFloat64Array("symmetricEigenvalues", "matrix", matrix);
  const bad = matrix.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(`symmetricEigenvalues: matrix[${bad}] = ${matrix[bad]}; every entry must be finite`);
  const A = Float64Array.from(matrix);
  let total = 0;
  for (let i = 0; i < n * n; i++) total += A[i] * A[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * A[p * n + q] ** 2;
    if (off <= 1e-22 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        // t = tan φ, the smaller root of t² + 2θt − 1 = 0 with θ = (A_qq − A_pp) / (2A_pq) (Golub & Van Loan 8.5)
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // columns p and q: A ← A·J
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // rows p and q: A ← Jᵀ·A
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = A[i * n + i];
  return values.sort();
}

/** How many eigenvalues are negative, near zero and positive, counting |hᵢ| ≤ tolerance·max|h| as zero. */
export function eigenvalueSigns(values: ArrayLike<number>, tolerance = 1e-3): { negative: number; zero: number; positive: number } {
  checkNumber("eigenvalueSigns", "tolerance", tolerance, { min: 0 });
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  const counts = { negative: 0, zero: 0, positive: 0 };
  for (let i = 0; i < values.length; i++) {
    if (Math.abs(values[i]) <= tolerance * largest) counts.zero += 1;
    else if (values[i] < 0) counts.negative += 1;
    else counts.positive += 1;
  }
  return counts;
}

/**
 * The eigenvalue of largest magnitude of H(θ), by power iteration on Hessian-vector products:
 * v ← Hv/‖Hv‖ from a seeded random start, and the estimate is the Rayleigh quotient vᵀHv. At a minimum,
 * where no eigenvalue is below −h_max, this is h_max, the sharpness. Each iteration costs two gradients.
 */
export function largestEigenvalue(
  gradient: GradientFunction,
  params: Float64Array,
  options: { iterations?: number; seed?: number; epsilon?: number } = {},
): { value: number; vector: Float64Array } {
  const iterations = checkNumber("largestEigenvalue", "iterations", options.iterations ?? 20, { min: 1, integer: true });
  const n = params.length;
  const v = new Rng(options.seed ?? 0).fillGaussian(new Float64Array(n));
  const Hv = new Float64Array(n);
  let value = 0;
  for (let k = 0; k < iterations; k++) {
    const size = norm(v);
    for (let i = 0; i < n; i++) v[i] /= size;
    hessianVectorProduct(gradient, params, v, Hv, options.epsilon);
    value = dot(v, Hv); // Rayleigh quotient of the unit vector v
    const next = norm(Hv);
    if (next === 0) break;
    for (let i = 0; i < n; i++) v[i] = Hv[i];
  }
  const size = norm(v);
  for (let i = 0; i < n; i++) v[i] /= size;
  return { value, vector: v };
}

/**
 * The loss increase L(θ + r·u) − L(θ) for `samples` directions u drawn uniformly from the unit sphere
 * (a normalised Gaussian vector), all at distance r = radius from θ: a sharpness measure that needs no
 * derivative. For small r it is about (r²/2)·uᵀHu, whose mean over the sphere is (r²/2n)·Σhᵢ.
 */
export function perturbedLossIncrease(
  loss: (params: Float64Array) => number,
  params: Float64Array,
  options: { radius: number; samples?: number; seed?: number },
): Float64Array {
  const radius = checkNumber("perturbedLossIncrease", "radius", options.radius, { min: 0 });
  const samples = checkNumber("perturbedLossIncrease", "samples", options.samples ?? 20, { min: 1, integer: true });
  const rng = new Rng(options.seed ?? 0);
  const n = params.length;
  const base = loss(params);
  const u = new Float64Array(n);
  const moved = new Float64Array(n);
  const increases = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    rng.fillGaussian(u);
    const scale = radius / norm(u);
    for (let i = 0; i < n; i++) moved[i] = params[i] + scale * u[i];
    increases[s] = loss(moved) - base;
  }
  return increases;
}

/** The index ranges of the MLP's filters in the sense of Li et al.: each hidden unit's two input weights, and the output unit's H weights. */
export function mlpFilters(model: MLP): { from: number; to: number }[] {
  const H = model.hidden;
  const filters = Array.from({ length: H }, (_, j) => ({ from: 2 * j, to: 2 * j + 2 }));
  filters.push({ from: 3 * H, to: 4 * H });
  return filters;
}

/**
 * A random direction d with the scale of θ filter by filter (Li et al. 2018): d ~ N(0, I), then each filter
 * dₖ ← dₖ·‖θₖ‖/‖dₖ‖, so a step of c along d moves every filter by the fraction c of its own norm. Entries in
 * no filter (the biases) are 0, as in the authors' plots that leave biases unperturbed.
 */
export function filterNormalizedDirection(params: Float64Array, filters: readonly { from: number; to: number }[], seed: number): Float64Array {
  checkFloat64Array("filterNormalizedDirection", "params", params);
  const rng = new Rng(seed);
  const d = new Float64Array(params.length);
  filters.forEach(({ from, to }, k) => {
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= params.length)) {
      throw new RangeError(`filterNormalizedDirection: filters[${k}] = [${from}, ${to}) must be a non-empty range inside [0, ${params.length})`);
    }
    let dNorm = 0;
    let pNorm = 0;
    for (let i = from; i < to; i++) {
      d[i] = rng.gaussian();
      dNorm += d[i] * d[i];
      pNorm += params[i] * params[i];
    }
    const scale = Math.sqrt(pNorm / dNorm);
    for (let i = from; i < to; i++) d[i] *= scale;
  });
  return d;
}

/**
 * The loss on the plane through θ spanned by d₁ and d₂, as a 2-D {@link Problem} in (c₁, c₂):
 * f(c₁, c₂) = L(θ + c₁·d₁ + c₂·d₂), with the exact gradient (∇L·d₁, ∇L·d₂), so the course's contour and surface
 * builders draw it. `window` is the (c₁, c₂) square to show (default [−1, 1]²).
 */
export function sliceProblem(
  gradient: GradientFunction,
  params: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  options: { name?: string; window?: readonly [readonly [number, number], readonly [number, number]] } = {},
): Problem {
  const n = params.length;
  if (d1.length !== n || d2.length !== n) throw new RangeError(`sliceProblem: d1 and d2 must have the length of params, ${n}; got ${d1.length} and ${d2.length}`);
  const point = new Float64Array(n);
  const grads = new Float64Array(n);
  const at = (ab: Float64Array) => {
    for (let i = 0; i < n; i++) point[i] = params[i] + ab[0] * d1[i] + ab[1] * d2[i];
    return gradient(point, grads);
  };
  return {
    name: options.name ?? "loss slice",
    formula: "f(c_1, c_2) = L(\\theta + c_1 d_1 + c_2 d_2)",
    dim: 2,
    loss: at,
    gradient(ab, out) {
      const value = at(ab);
      out[0] = dot(grads, d1);
      out[1] = dot(grads, d2);
      return value;
    },
    start: [0, 0],
    window: options.window ?? [[-1, 1], [-1, 1]],
  };
}
