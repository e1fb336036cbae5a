// Notices when code rewrites the built-ins the grader relies on (Math.sqrt, Float64Array.prototype.fill,
// Array.prototype.push, …) and puts them back. Used by the CLI's child process around student code.

type Key = string | symbol;

const { getOwnPropertyDescriptor, getPrototypeOf, ownKeys, defineProperty, deleteProperty, setPrototypeOf } = Reflect;

/** The objects watched, by the name used in messages. Additions count as changes except on globalThis. */
function watched(): [string, object][] {
  const typedArray = getPrototypeOf(Float64Array) as object;
  return [
    ["Math", Math],
    ["JSON", JSON],
    ["Reflect", Reflect],
    ["Object", Object],
    ["Object.prototype", Object.prototype],
    ["Array", Array],
    ["Array.prototype", Array.prototype],
    ["Function.prototype", Function.prototype],
    ["Number", Number],
    ["Number.prototype", Number.prototype],
    ["String.prototype", String.prototype],
    ["Float64Array", Float64Array],
    ["Float64Array.prototype", Float64Array.prototype],
    ["TypedArray", typedArray],
    ["TypedArray.prototype", getPrototypeOf(Float64Array.prototype) as object],
    ["Error.prototype", Error.prototype],
  ];
}

/** Standard globals whose binding on globalThis must not change. */
const GLOBAL_NAMES = [
  "Math", "JSON", "Reflect", "Object", "Array", "Number", "String", "Boolean", "Symbol", "Function", "Error",
  "TypeError", "RangeError", "Float64Array", "Float32Array", "Uint32Array", "Int32Array", "ArrayBuffer",
  "Map", "Set", "WeakMap", "Promise", "Date", "parseFloat", "parseInt", "isNaN", "isFinite", "undefined",
  "NaN", "Infinity",
];

interface Entry {
  name: string;
  target: object;
  proto: object | null;
  props: Map<Key, PropertyDescriptor>;
  /** Only these keys are watched (globalThis); null = all own keys, and additions count. */
  only: readonly Key[] | null;
}

function same(a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable &&
    a.enumerable === b.enumerable && a.configurable === b.configurable
  );
}

function label(name: string, key: Key): string {
  return typeof key === "symbol" ? `${name}[${String(key)}]` : name === "globalThis" ? key : `${name}.${key}`;
}

/** A snapshot of the watched built-ins. */
export class GlobalGuard {
  private readonly entries: Entry[];

  constructor() {
    const list: [string, object, readonly Key[] | null][] = watched().map(([n, t]) => [n, t, null]);
    list.push(["globalThis", globalThis, GLOBAL_NAMES]);
    this.entries = list.map(([name, target, only]) => {
      const props = new Map<Key, PropertyDescriptor>();
      for (const key of only ?? ownKeys(target)) {
        const d = getOwnPropertyDescriptor(target, key);
        if (d) props.set(key, d);
      }
      return { name, target, proto: getPrototypeOf(target) as object | null, props, only };
    });
  }

  /** Lists what changed since the snapshot and restores it; returns names like "Math.sqrt" (empty: nothing). */
  checkAndRestore(): string[] {
    const changed: string[] = [];
    for (const e of this.entries) {
      if (getPrototypeOf(e.target) !== e.proto) {
        changed.push(`the prototype of ${e.name}`);
        setPrototypeOf(e.target, e.proto);
      }
      const keys = e.only ?? ownKeys(e.target);
      for (const key of keys) {
        const now = getOwnPropertyDescriptor(e.target, key);
        const before = e.props.get(key);
        if (same(now, before)) continue;
        changed.push(label(e.name, key));
        const ok = before ? defineProperty(e.target, key, before) : deleteProperty(e.target, key);
        if (!ok) changed.push(`(could not restore ${label(e.name, key)})`);
      }
      if (e.only === null) {
        for (const key of e.props.keys()) {
          if (!getOwnPropertyDescriptor(e.target, key)) {
            changed.push(label(e.name, key));
            defineProperty(e.target, key, e.props.get(key) as PropertyDescriptor);
          }
        }
      }
    }
    return changed;
  }
}
