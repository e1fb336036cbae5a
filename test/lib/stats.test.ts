// meanStd against values worked out by hand, and spreadChart drawing exactly those numbers.
import { describe, expect, it } from "vitest";
import { meanStd, spreadChart, type ScatterTrace } from "@optlab/lib";

describe("meanStd", () => {
  it("gives the mean and the sample standard deviation (divided by n - 1)", () => {
    // mean of 2,4,4,4,5,5,7,9 is 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; √(32/7) = 2.13809…
    const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(s.n).toBe(8);
  });
  it("gives std 0 for one value and refuses an empty list or a NaN, naming it", () => {
    expect(meanStd(Float64Array.of(3))).toEqual({ mean: 3, std: 0, n: 1 });
    expect(() => meanStd([])).toThrow(/meanStd: invalid values.length = 0/);
    expect(() => meanStd([1, NaN])).toThrow(/meanStd: invalid values\[1\] = NaN/);
  });
});

describe("spreadChart", () => {
  it("draws each run, and the mean with ± one standard deviation, one column per group", () => {
    const f = spreadChart([{ name: "A", values: [1, 3] }, { name: "B", values: [10, 10, 16] }], { title: "T", xTitle: "optimizer", yTitle: "accuracy" });
    const [runs, means] = f.data as ScatterTrace[];
    expect(runs.x).toEqual([0, 0, 1, 1, 1]);
    expect(runs.y).toEqual([1, 3, 10, 10, 16]);
    expect(means.y).toEqual([2, 12]);
    // A: √((1 + 1)/1) = √2; B: deviations -2, -2, 4, √(24/2) = √12
    expect(means.error_y?.array[0]).toBeCloseTo(Math.SQRT2, 14);
    expect(means.error_y?.array[1]).toBeCloseTo(Math.sqrt(12), 14);
    expect(f.layout.xaxis?.ticktext).toEqual(["A", "B"]);
    expect(f.layout.title).toEqual({ text: "T" });
  });
});
