// Helpers shared by the figure builders: argument checks, array conversion, colours and grids.
import type { Problem } from "../problems";
import type { Axis, Datum, Window } from "./types";

/** Plotly's default colour cycle, so series keep the same colour across related figures. */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** The colour of the i-th series. */
export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/** Throws unless `value` is a non-empty string (every figure needs a title and axis titles). */
export function checkText(owner: string, option: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${owner}: ${option} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Throws unless `value` is an array with at least one element. */
export function checkNonEmpty<T>(owner: string, option: string, value: readonly T[]): readonly T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${owner}: ${option} must be a non-empty array, got ${Array.isArray(value) ? "[]" : String(value)}`);
  }
  return value;
}

/** Throws unless `value` is an array-like of numbers (a plain array or a typed array). */
export function checkArrayLike(owner: string, option: string, value: unknown): ArrayLike<number> {
  const ok =
    value !== null &&
    typeof value === "object" &&
    typeof (value as ArrayLike<number>).length === "number" &&
    (Array.isArray(value) || ArrayBuffer.isView(value));
  if (!ok) throw new TypeError(`${owner}: ${option} must be an array of numbers, got ${String(value)}`);
  return value as ArrayLike<number>;
}

/** Copies numbers into a plain array for Plotly; non-finite values (and non-positive ones on a log axis) become gaps. */
export function toData(values: ArrayLike<number>, log = false): Datum[] {
  const out: Datum[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === "number" && Number.isFinite(v) && (!log || v > 0) ? v : null;
  }
  return out;
}

/** 0, 1, …, n - 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The smallest and largest plottable values over several arrays, or null when there is none. */
export function extent(arrays: readonly Datum[][]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (const v of a) {
      if (v === null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** An axis range that shows [lo, hi] with a 5 % margin; in log10 units for a log axis. */
export function paddedRange(lo: number, hi: number, log: boolean): [number, number] {
  const a = log ? Math.log10(lo) : lo;
  const b = log ? Math.log10(hi) : hi;
  const pad = b > a ? 0.05 * (b - a) : Math.abs(a) > 0 ? 0.05 * Math.abs(a) : 1;
  return [a - pad, b + pad];
}

/** An axis with a title, and a log type when asked. */
export function axis(title: string, log = false): Axis {
  return log ? { title: { text: title }, type: "log", exponentformat: "power" } : { title: { text: title } };
}

/** Checks a window [[xMin, xMax], [yMin, yMax]]. */
export function checkWindow(owner: string, window: Window): Window {
  const ok =
    Array.isArray(window) &&
    window.length === 2 &&
    window.every((r) => Array.isArray(r) && r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1]);
  if (!ok) {
    throw new RangeError(`${owner}: invalid window = ${JSON.stringify(window)}; expected [[xMin, xMax], [yMin, yMax]] with min < max`);
  }
  return window;
}

/** A 2-D problem's plotting window: the option, else the problem's own, else an error that says so. */
export function windowOf(owner: string, problem: Problem, window: Window | undefined): Window {
  if (problem.dim !== 2) {
    throw new RangeError(`${owner}: the problem "${problem.name}" has ${problem.dim} parameter(s); contour and surface plots need exactly 2`);
  }
  const w = window ?? problem.window;
  if (w === undefined) throw new RangeError(`${owner}: the problem "${problem.name}" has no window; pass options.window`);
  return checkWindow(owner, w);
}

/** `n` evenly spaced numbers from a to b inclusive. */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/** A loss surface sampled on a grid: z[i][j] = f(x[j], y[i]). */
export interface Grid {
  x: number[];
  y: number[];
  z: Datum[][];
}

/** Samples f over the window at `resolution` × `resolution` points. */
export function sampleGrid(f: (x: number, y: number) => number, window: Window, resolution: number): Grid {
  const x = linspace(window[0][0], window[0][1], resolution);
  const y = linspace(window[1][0], window[1][1], resolution);
  const z = y.map((yi) => x.map((xj) => {
    const v = f(xj, yi);
    return Number.isFinite(v) ? v : null;
  }));
  return { x, y, z };
}

/**
 * Puts a grid of losses on a log scale: log10(f - min f + δ), δ a fraction (default a millionth) of the spread, so that a surface
 * whose interesting part spans many orders of magnitude (Rosenbrock's valley) shows its shape.
 */
export function logGrid(z: Datum[][], relativeDelta = 1e-6): Datum[][] {
  const e = extent(z);
  if (e === null) return z;
  const delta = Math.max(1e-12, relativeDelta * (e[1] - e[0]));
  return z.map((row) => row.map((v) => (v === null ? null : Math.log10(v - e[0] + delta))));
}
