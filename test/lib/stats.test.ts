// meanStd against values worked out by hand, and spreadChart drawing exactly those numbers.
import { describe, expect, it } from "vitest";
import { apartFromExtreme, meanStd, spreadChart, type ScatterTrace } from "@optlab/lib";

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

describe("apartFromExtreme", () => {
  // A: mean 1, std 0; B: mean 2, std √2 ≈ 1.414 (|2 − 1| < 0 + 1.414: within); C: mean 5, std 1 (|5 − 1| > 0 + 1: apart)
  const groups = [{ name: "A", values: [1, 1] }, { name: "B", values: [1, 3] }, { name: "C", values: [4, 6] }];
  it("sorts the others into apart and within by the sum of the two standard deviations", () => {
    const r = apartFromExtreme(groups, "lowest");
    expect(r.extreme.name).toBe("A");
    expect(r.apart.map((s) => s.name)).toEqual(["C"]);
    expect(r.within.map((s) => s.name)).toEqual(["B"]);
  });
  it("works from the highest mean too", () => {
    // from C (mean 5, std 1): A differs by 4 > 1 + 0, B by 3 > 1 + 1.414
    const r = apartFromExtreme(groups, "highest");
    expect(r.extreme.name).toBe("C");
    expect(r.apart.map((s) => s.name)).toEqual(["A", "B"]);
  });
  it("names a bad argument", () => {
    expect(() => apartFromExtreme([], "lowest")).toThrow(/apartFromExtreme: groups/);
    expect(() => apartFromExtreme(groups, "best" as "lowest")).toThrow(/invalid end = "best"/);
  });
});
