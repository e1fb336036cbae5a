"use strict";
// Notices when code rewrites the built-ins the grader relies on (Math.sqrt, Float64Array.prototype.fill,
// Array.prototype.push, the array iterator, …) and puts them back. Used by the CLI's child process around
// student code. It uses nothing a student could have rewritten: the Reflect functions it needs are captured
// when the module loads, and its loops are plain index loops over arrays it built itself (no iterators,
// no Map or Set), so patching Array.prototype[Symbol.iterator] or Map.prototype.get cannot blind it.

type Key = string | symbol;

const { getOwnPropertyDescriptor, getPrototypeOf, ownKeys, defineProperty, deleteProperty, setPrototypeOf } = Reflect;
const is = Object.is;
const stringOf = String;

/** The objects watched, by the name used in messages. Additions count as changes except on globalThis. */
function watched(): [string, object][] {
  const typedArray = getPrototypeOf(Float64Array) as object;
  const arrayIterator = getPrototypeOf([][Symbol.iterator]()) as object;
  return [
    ["Math", Math],
    ["JSON", JSON],
    ["Reflect", Reflect],
    ["Object", Object],
    ["Object.prototype", Object.prototype],
    ["Array", Array],
    ["Array.prototype", Array.prototype],
    ["ArrayIterator.prototype", arrayIterator],
    ["Function.prototype", Function.prototype],
    ["Number", Number],
    ["Number.prototype", Number.prototype],
    ["String", String],
    ["String.prototype", String.prototype],
    ["Symbol", Symbol],
    ["RegExp.prototype", RegExp.prototype],
    ["Map.prototype", Map.prototype],
    ["Set.prototype", Set.prototype],
    ["Float64Array", Float64Array],
    ["Float64Array.prototype", Float64Array.prototype],
    ["TypedArray", typedArray],
    ["TypedArray.prototype", getPrototypeOf(Float64Array.prototype) as object],
    ["ArrayBuffer", ArrayBuffer],
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
  /** The watched keys and their descriptors at the snapshot, index for index. */
  keys: Key[];
  descriptors: (PropertyDescriptor | undefined)[];
  /** Only the snapshot's keys are watched (globalThis); otherwise added keys count as changes too. */
  fixed: boolean;
}

function same(a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable &&
    a.enumerable === b.enumerable && a.configurable === b.configurable
  );
}

function label(name: string, key: Key): string {
  return typeof key === "symbol" ? `${name}[${stringOf(key)}]` : name === "globalThis" ? key : `${name}.${key}`;
}

/** Appends without Array.prototype.push (which a student may have replaced). */
function append<T>(list: T[], item: T): void {
  defineProperty(list, list.length, { value: item, writable: true, enumerable: true, configurable: true });
}

function indexOfKey(keys: readonly Key[], key: Key): number {
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
  return -1;
}

/** A snapshot of the watched built-ins. */
export class GlobalGuard {
  private readonly entries: Entry[] = [];

  constructor() {
    const list = watched();
    for (let i = 0; i < list.length; i++) this.entries[i] = this.snapshot(list[i][0], list[i][1], null);
    this.entries[list.length] = this.snapshot("globalThis", globalThis, GLOBAL_NAMES);
  }

  private snapshot(name: string, target: object, only: readonly Key[] | null): Entry {
    const keys: Key[] = [];
    const descriptors: (PropertyDescriptor | undefined)[] = [];
    const all = only ?? ownKeys(target);
    for (let i = 0; i < all.length; i++) {
      keys[i] = all[i];
      descriptors[i] = getOwnPropertyDescriptor(target, all[i]);
    }
    return { name, target, proto: getPrototypeOf(target) as object | null, keys, descriptors, fixed: only !== null };
  }

  /** Lists what changed since the snapshot and restores it; returns names like "Math.sqrt" (empty: nothing). */
  checkAndRestore(): string[] {
    const changed: string[] = [];
    for (let e = 0; e < this.entries.length; e++) {
      const entry = this.entries[e];
      const { target, keys, descriptors } = entry;
      if (getPrototypeOf(target) !== entry.proto) {
        append(changed, `the prototype of ${entry.name}`);
        setPrototypeOf(target, entry.proto);
      }
      for (let i = 0; i < keys.length; i++) {
        const before = descriptors[i];
        if (same(getOwnPropertyDescriptor(target, keys[i]), before)) continue;
        append(changed, label(entry.name, keys[i]));
        const ok = before ? defineProperty(target, keys[i], before) : deleteProperty(target, keys[i]);
        if (!ok) append(changed, `(could not restore ${label(entry.name, keys[i])})`);
      }
      if (!entry.fixed) {
        const now = ownKeys(target);
        for (let i = 0; i < now.length; i++) {
          // Keys come back in the snapshot's order unless some were added or deleted: check that place first.
          if ((i < keys.length && keys[i] === now[i]) || indexOfKey(keys, now[i]) >= 0) continue;
          append(changed, label(entry.name, now[i]));
          if (!deleteProperty(target, now[i])) append(changed, `(could not remove ${label(entry.name, now[i])})`);
        }
      }
    }
    return changed;
  }
}
