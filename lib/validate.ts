// Argument checks shared by every module of the library. Each failure names the option, the value and
// the valid range, so a typo in a notebook reads as a sentence instead of turning into NaN later.

/** The range a numeric option must lie in; every bound is optional. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** True when `min` itself is not allowed (x > min rather than x >= min). */
  minExclusive?: boolean;
  /** True when `max` itself is not allowed (x < max rather than x <= max). */
  maxExclusive?: boolean;
  integer?: boolean;
}

/** Describes a range in words, e.g. "a finite number in [0, 1)". */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? "an integer" : "a finite number";
  const { min, max } = range;
  if (min !== undefined && max !== undefined) {
    const open = range.minExclusive ? "(" : "[";
    const close = range.maxExclusive ? ")" : "]";
    return `${kind} in ${open}${min}, ${max}${close}`;
  }
  if (min !== undefined) return `${kind} ${range.minExclusive ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${kind} ${range.maxExclusive ? "<" : "<="} ${max}`;
  return kind;
}

/** Throws a RangeError unless `value` is a finite number inside `range`; returns it otherwise. */
export function checkNumber(owner: string, option: string, value: unknown, range: NumberRange = {}): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || (range.minExclusive ? value > range.min : value >= range.min)) &&
    (range.max === undefined || (range.maxExclusive ? value < range.max : value <= range.max));
  if (!ok) {
    throw new RangeError(`${owner}: invalid ${option} = ${show(value)}; expected ${describeRange(range)}`);
  }
  return value as number;
}

/** Throws a TypeError unless `value` is true or false; returns it otherwise. */
export function checkBoolean(owner: string, option: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new TypeError(`${owner}: invalid ${option} = ${show(value)}; expected true or false`);
  return value;
}

/** Checks a pair of decay rates [β1, β2], each in [0, 1), and returns it frozen; the error names `option`. */
export function checkBetas(owner: string, option: string, value: unknown): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new RangeError(`${owner}: invalid ${option} = ${JSON.stringify(value)}; expected two numbers [β1, β2], each in [0, 1)`);
  }
  const beta = (k: 0 | 1) => checkNumber(owner, `${option}[${k}]`, value[k], { min: 0, max: 1, maxExclusive: true });
  return Object.freeze([beta(0), beta(1)] as [number, number]);
}

/** Throws a TypeError unless `value` is a Float64Array (a plain array would be silently slow or wrong). */
export function checkFloat64Array(owner: string, name: string, value: unknown): Float64Array {
  if (!(value instanceof Float64Array)) {
    const what = Array.isArray(value) ? "a plain array" : show(value);
    throw new TypeError(
      `${owner}: ${name} must be a Float64Array, got ${what}; wrap it with Float64Array.from(...)`,
    );
  }
  return value;
}

/** Throws a RangeError unless the two arrays have the same length. */
export function checkSameLength(owner: string, nameA: string, a: ArrayLike<number>, nameB: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new RangeError(`${owner}: ${nameA} has length ${a.length} but ${nameB} has length ${b.length}; they must match`);
  }
}

/** Renders any value briefly for an error message. */
function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.slice(0, 4).map(show).join(", ")}${value.length > 4 ? ", ..." : ""}]`;
  return Object.prototype.toString.call(value);
}
