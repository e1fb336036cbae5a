// The landscape tools against a quadratic whose Hessian is known exactly: L(θ) = ½θᵀAθ − bᵀθ has ∇L = Aθ − b
// and Hessian A everywhere, so every finite-difference estimate has a value worked out by hand.
import { describe, expect, it } from "vitest";
import {
  MLP, circleData, eigenvalueSigns, filterNormalizedDirection, hessianMatrix, hessianVectorProduct, largestEigenvalue, mlpFilters,
  perturbedLossIncrease, sliceProblem, symmetricEigenvalues, type GradientFunction,
} from "@optlab/lib";

// A = [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: eigenvalues 2 − √2, 2, 2 + √2 (the tridiagonal 2, 1 matrix: 2 + 2cos(kπ/4), k = 1, 2, 3)
const A = [[2, 1, 0], [1, 2, 1], [0, 1, 2]];
const b = [1, 0, -1];
const quadraticLoss: GradientFunction = (p, g) => {
  let value = 0;
  for (let i = 0; i < 3; i++) {
    g[i] = A[i][0] * p[0] + A[i][1] * p[1] + A[i][2] * p[2] - b[i];
    value += 0.5 * p[i] * (g[i] + b[i]) - b[i] * p[i];
  }
  return value;
};
const at = Float64Array.of(0.3, -1.2, 2.5);

describe("hessianVectorProduct", () => {
  it("gives A·v on the quadratic, for a v of any size", () => {
    // A·(1, 2, 3) = (2 + 2, 1 + 4 + 3, 2 + 6) = (4, 8, 8); times 1000 for v·1000
    expect(Array.from(hessianVectorProduct(quadraticLoss, at, Float64Array.of(1, 2, 3)))).toEqual([4, 8, 8].map((x) => expect.closeTo(x, 7)));
    expect(Array.from(hessianVectorProduct(quadraticLoss, at, Float64Array.of(1000, 2000, 3000)))).toEqual([4000, 8000, 8000].map((x) => expect.closeTo(x, 4)));
    expect(Array.from(hessianVectorProduct(quadraticLoss, at, new Float64Array(3)))).toEqual([0, 0, 0]);
  });
  it("refuses a v of the wrong length and a non-positive epsilon, naming them", () => {
    expect(() => hessianVectorProduct(quadraticLoss, at, new Float64Array(2))).toThrow(/hessianVectorProduct: v and out must have the length of params, 3; got 2 and 3/);
    expect(() => hessianVectorProduct(quadraticLoss, at, Float64Array.of(1, 0, 0), undefined, 0)).toThrow(/hessianVectorProduct: invalid epsilon = 0/);
  });
});

describe("hessianMatrix and symmetricEigenvalues", () => {
  it("recover A and its eigenvalues 2 − √2, 2, 2 + √2", () => {
    const H = hessianMatrix(quadraticLoss, at);
    expect(Array.from(H)).toEqual(A.flat().map((x) => expect.closeTo(x, 7)));
    expect(Array.from(symmetricEigenvalues(H, 3))).toEqual([2 - Math.SQRT2, 2, 2 + Math.SQRT2].map((x) => expect.closeTo(x, 7)));
  });
  it("diagonalise small matrices worked by hand, in ascending order, without changing the input", () => {
    // [[2, 1], [1, 2]]: 1 and 3; [[0, 1], [1, 0]] (a saddle's Hessian): −1 and 1; diag(5, −2, 0) sorted
    const m = Float64Array.of(2, 1, 1, 2);
    expect(Array.from(symmetricEigenvalues(m, 2))).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    expect(Array.from(m)).toEqual([2, 1, 1, 2]);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(0, 1, 1, 0), 2))).toEqual([expect.closeTo(-1, 12), expect.closeTo(1, 12)]);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(5, 0, 0, 0, -2, 0, 0, 0, 0), 3))).toEqual([-2, 0, 5]);
    // a 4×4 with known spectrum: Q·diag(−3, −1, 2, 7)·Qᵀ for the orthogonal Q = (1/2)[[1,1,1,1],[1,−1,1,−1],[1,1,−1,−1],[1,−1,−1,1]]
    const Q = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]].map((row) => row.map((x) => x / 2));
    const D = [-3, -1, 2, 7];
    const M = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) M[4 * i + j] += Q[i][k] * D[k] * Q[j][k];
    expect(Array.from(symmetricEigenvalues(M, 4))).toEqual(D.map((x) => expect.closeTo(x, 12)));
  });
  it("refuses a matrix of the wrong size and NaN entries", () => {
    expect(() => symmetricEigenvalues(new Float64Array(3), 2)).toThrow(/symmetricEigenvalues: matrix must hold n·n = 4 entries, got 3/);
    expect(() => symmetricEigenvalues(Float64Array.of(1, NaN, NaN, 1), 2)).toThrow(/symmetricEigenvalues: matrix\[1\] = NaN; every entry must be finite/);
  });
});

describe("eigenvalueSigns", () => {
  it("counts negative, near-zero (|h| <= tolerance·max|h|) and positive eigenvalues", () => {
    // max |h| = 10, tolerance 1e-3: |h| <= 0.01 is zero, so 0.005 and −0.01 are zero, −0.02 negative
    expect(eigenvalueSigns([-0.02, -0.01, 0, 0.005, 1, 10])).toEqual({ negative: 1, zero: 3, positive: 2 });
    expect(eigenvalueSigns([-5, 1], 0.5)).toEqual({ negative: 1, zero: 1, positive: 0 });
  });
});

describe("largestEigenvalue", () => {
  it("finds 2 + √2 and its eigenvector (1, √2, 1)/2 on the quadratic by power iteration", () => {
    // the other eigenvalues are 2 and 0.586: the error shrinks by (2/3.414)² per iteration, 1e-14 after 40
    const { value, vector } = largestEigenvalue(quadraticLoss, at, { iterations: 40, seed: 3 });
    expect(value).toBeCloseTo(2 + Math.SQRT2, 7);
    const sign = Math.sign(vector[1]);
    expect(Array.from(vector).map((x) => sign * x)).toEqual([0.5, Math.SQRT1_2, 0.5].map((x) => expect.closeTo(x, 6)));
  });
  it("gives the Rayleigh quotient of the seeded start after one iteration", () => {
    // one iteration: v = start/‖start‖, value = vᵀAv, which lies between the smallest and largest eigenvalue
    const { value } = largestEigenvalue(quadraticLoss, at, { iterations: 1, seed: 3 });
    expect(value).toBeGreaterThan(2 - Math.SQRT2);
    expect(value).toBeLessThan(2 + Math.SQRT2);
    expect(() => largestEigenvalue(quadraticLoss, at, { iterations: 0 })).toThrow(/largestEigenvalue: invalid iterations = 0/);
  });
});

describe("perturbedLossIncrease", () => {
  it("is (r²/2)·uᵀAu at the minimum of a quadratic: between r²·h_min/2 and r²·h_max/2, mean r²·trace/(2n)", () => {
    // L = ½(x² + 4y²): h = 1 and 4; at r = 0.1 each increase lies in [0.005, 0.02], the mean over the circle is 0.0125
    const bowl = (p: Float64Array) => 0.5 * (p[0] ** 2 + 4 * p[1] ** 2);
    const increases = perturbedLossIncrease(bowl, new Float64Array(2), { radius: 0.1, samples: 4000, seed: 1 });
    expect(increases.length).toBe(4000);
    for (const x of increases) {
      expect(x).toBeGreaterThanOrEqual(0.005 - 1e-15);
      expect(x).toBeLessThanOrEqual(0.02 + 1e-15);
    }
    const mean = increases.reduce((s, x) => s + x, 0) / increases.length;
    expect(mean).toBeCloseTo(0.0125, 3);
    expect(() => perturbedLossIncrease(bowl, new Float64Array(2), { radius: -1 })).toThrow(/perturbedLossIncrease: invalid radius = -1/);
  });
});

describe("filterNormalizedDirection and mlpFilters", () => {
  it("gives each filter the norm of the same filter of θ and leaves the biases at 0", () => {
    const net = new MLP(3);
    // W1 rows [0,2), [2,4), [4,6); b1 [6,9); w2 [9,12); b2 [12]
    expect(mlpFilters(net)).toEqual([{ from: 0, to: 2 }, { from: 2, to: 4 }, { from: 4, to: 6 }, { from: 9, to: 12 }]);
    const theta = Float64Array.of(3, 4, 0.6, 0.8, 1, 0, 9, 9, 9, 1, 2, 2, 9);
    const d = filterNormalizedDirection(theta, mlpFilters(net), 5);
    const normOf = (x: Float64Array, from: number, to: number) => Math.hypot(...x.subarray(from, to));
    expect(normOf(d, 0, 2)).toBeCloseTo(5, 12);
    expect(normOf(d, 2, 4)).toBeCloseTo(1, 12);
    expect(normOf(d, 4, 6)).toBeCloseTo(1, 12);
    expect(normOf(d, 9, 12)).toBeCloseTo(3, 12);
    expect([d[6], d[7], d[8], d[12]]).toEqual([0, 0, 0, 0]);
    expect(Array.from(filterNormalizedDirection(theta, mlpFilters(net), 5))).toEqual(Array.from(d));
    expect(() => filterNormalizedDirection(theta, [{ from: 12, to: 14 }], 0)).toThrow(/filters\[0\] = \[12, 14\) must be a non-empty range inside \[0, 13\)/);
  });
});

describe("sliceProblem", () => {
  it("is L(θ + c₁d₁ + c₂d₂) with the exact gradient (∇L·d₁, ∇L·d₂)", () => {
    // d1 = e1, d2 = e3 through θ = 0: f(c₁, c₂) = ½(2c₁² + 2c₂²) − (c₁ − c₂) = c₁² + c₂² − c₁ + c₂; ∂f = (2c₁ − 1, 2c₂ + 1)
    const slice = sliceProblem(quadraticLoss, new Float64Array(3), Float64Array.of(1, 0, 0), Float64Array.of(0, 0, 1));
    const g = new Float64Array(2);
    expect(slice.gradient(Float64Array.of(0.5, -2), g)).toBeCloseTo(0.25 + 4 - 0.5 - 2, 14);
    expect(Array.from(g)).toEqual([0, -3]);
    expect(slice.loss(Float64Array.of(1, 1))).toBe(2);
    expect(slice.window).toEqual([[-1, 1], [-1, 1]]);
    expect(() => sliceProblem(quadraticLoss, new Float64Array(3), new Float64Array(2), new Float64Array(3))).toThrow(/d1 and d2 must have the length of params, 3; got 2 and 3/);
  });
  it("on the MLP, the exact directional derivative matches a central difference of the loss", () => {
    const net = new MLP(4);
    const data = circleData({ n: 50, seed: 3 });
    const theta = net.init(2);
    const d1 = filterNormalizedDirection(theta, mlpFilters(net), 1);
    const d2 = filterNormalizedDirection(theta, mlpFilters(net), 2);
    const slice = sliceProblem((p, gr) => net.lossAndGradient(p, gr, data), theta, d1, d2);
    const g = new Float64Array(2);
    slice.gradient(Float64Array.of(0.1, 0.2), g);
    const h = 1e-6;
    const fd = (slice.loss(Float64Array.of(0.1 + h, 0.2)) - slice.loss(Float64Array.of(0.1 - h, 0.2))) / (2 * h);
    expect(g[0]).toBeCloseTo(fd, 6);
  });
});
