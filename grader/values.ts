"use strict";
// What a grading case observes and how two observations are compared. Everything here is plain data, so
// it can cross a process boundary as JSON (the instructor CLI runs student code in a child process).

/** Observed outputs of one case: named vectors of numbers (a scalar is a vector of length 1). */
export type Values = Record<string, number[]>;

/** The inputs of one case, as JSON-compatible data. */
export type CaseInput = { readonly [key: string]: JsonValue };

/** JSON-compatible data (NaN and ±Infinity travel through {@link encodeJson}). */
export type JsonValue = number | string | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The tolerance on the relative error, as CS231n's rel_error checks. */
export const TOLERANCE = 1e-9;

/**
 * Relative error |x − y| / max(|x| + |y|, 1e-8·scale), where `scale` is the size of the quantity being
 * compared (the largest expected entry of the field, or a case's own scale such as the peak learning rate).
 * NaN only equals NaN, and an infinity only itself.
 */
export function relError(x: number, y: number, scale: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
  if (x === y) return 0;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return Infinity;
  return Math.abs(x - y) / Math.max(Math.abs(x) + Math.abs(y), 1e-8 * scale);
}

/** The first place where two observations differ beyond the tolerance. */
export interface Mismatch {
  field: string;
  /** Index inside the field; -1 when the field is missing or has the wrong length. */
  index: number;
  expected: number | null;
  got: number | null;
  relError: number;
  /** Set when the field is missing or its length is wrong. */
  shape?: { expected: number; got: number | null };
}

/**
 * Compares `got` with `expected` field by field, in the order of `expected`'s keys; fields only in `got`
 * are ignored. `scales` overrides the comparison scale of a field. Returns null when all agree.
 */
export function compareValues(expected: Values, got: Values, scales: Record<string, number> = {}): Mismatch | null {
  for (const field of Object.keys(expected)) {
    const want = expected[field];
    const have = Object.prototype.hasOwnProperty.call(got, field) ? got[field] : undefined;
    if (have === undefined || have.length !== want.length) {
      return { field, index: -1, expected: null, got: null, relError: Infinity, shape: { expected: want.length, got: have ? have.length : null } };
    }
    let scale = scales[field];
    if (scale === undefined) {
      scale = 0;
      for (const w of want) if (Number.isFinite(w)) scale = Math.max(scale, Math.abs(w));
    }
    for (let i = 0; i < want.length; i++) {
      const err = relError(want[i], have[i], scale);
      if (err > TOLERANCE) return { field, index: i, expected: want[i], got: have[i], relError: err };
    }
  }
  return null;
}

/** JSON.stringify that keeps NaN and ±Infinity (as {"$num": "NaN"} etc.). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? { $num: String(v) } : v,
  );
}

/** The inverse of {@link encodeJson}. */
export function decodeJson(text: string): unknown {
  return restoreNumbers(JSON.parse(text));
}

/**
 * Turns every {"$num": "NaN"} (an object with that one key) back into its number, innermost first, as a
 * JSON.parse reviver would; a walk after parsing costs a few times less than a reviver, which is called
 * for every number (a child's results are about 200 KB of numbers).
 */
function restoreNumbers(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x !== null && typeof x === "object") v[i] = restoreNumbers(x);
    }
    return v;
  }
  const record = v as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const key of keys) {
    const x = record[key];
    if (x === null || typeof x !== "object") continue;
    const y = restoreNumbers(x);
    // defineProperty, not assignment: a key such as "__proto__" stays an own property, as JSON.parse made it.
    if (y !== x) Object.defineProperty(record, key, { value: y, writable: true, enumerable: true, configurable: true });
  }
  const n = record.$num;
  return typeof n === "string" && keys.length === 1 ? Number(n) : v;
}
