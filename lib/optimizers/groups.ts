// Parameter groups, as torch.optim's `param_groups`: consecutive index ranges [from, to) of the flat
// parameter vector, each with options of its own. Every optimizer accepts `groups: [{ from, to, ...options }]`;
// an option a group leaves out is the optimizer's own. The checks here name the group and what is wrong.
import { checkNumber } from "../validate";

/** One entry of the `groups` option: the half-open index range [from, to) and any options it overrides. */
export type GroupOptions<S> = { from: number; to: number } & Partial<S>;

/** The part of a parameter group that every optimizer shares: its index range and its writable rate. */
export interface GroupRate {
  /** First index of the group. */
  readonly from: number;
  /** One past its last index (Infinity for the single group of an optimizer built without `groups`). */
  readonly to: number;
  /** Learning rate of the group's next step (checked when written). */
  lr: number;
}

/**
 * A parameter group as an optimizer holds it: its range, every option with the defaults filled in
 * (read-only), `initialLr` (the rate it was built with, torch's `initial_lr`) and a writable `lr`.
 */
export type ParamGroup<S extends { lr: number }> = Readonly<Omit<S, "lr">> & GroupRate & { readonly initialLr: number };

/**
 * Checks an optimizer's options and fills in what is missing from `defaults`; returns every option.
 * `prefix` ("" at the top level, "groups[1]." in a group) goes in front of each option's name in errors.
 */
export type Resolve<S> = (owner: string, given: Partial<S>, defaults: Partial<S>, prefix: string) => S;

/** `[from, to)` as text, for messages. */
const range = (from: unknown, to: unknown) => `[${String(from)}, ${String(to)})`;

/** A group object: frozen, so a typo like `group.momentum = 0.5` throws; only `lr` can change, through a check. */
function makeGroup<S extends { lr: number }>(owner: string, name: string, from: number, to: number, settings: S): ParamGroup<S> {
  let lr = settings.lr;
  return Object.freeze({
    ...settings,
    from,
    to,
    initialLr: settings.lr,
    get lr(): number {
      return lr;
    },
    set lr(value: number) {
      lr = checkNumber(owner, `${name}.lr`, value, { min: 0 });
    },
  });
}

/**
 * Builds an optimizer's groups from its `groups` option, checking that each entry sets only options the
 * optimizer has and that the ranges follow each other from index 0 with no gap and no overlap. Without the
 * option there is one group, [0, Infinity), with the optimizer's own options.
 */
export function makeGroups<S extends { lr: number }>(
  owner: string,
  specs: readonly GroupOptions<S>[] | undefined,
  defaults: S,
  resolve: Resolve<S>,
): ParamGroup<S>[] {
  if (specs === undefined) return [makeGroup(owner, "groups[0]", 0, Infinity, defaults)];
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new RangeError(`${owner}: groups must be a non-empty array of { from, to, ...options }, got ${Array.isArray(specs) ? "[]" : String(specs)}`);
  }
  const known = Object.keys(defaults);
  return specs.map((spec, i) => {
    const name = `groups[${i}]`;
    for (const key of Object.keys(spec)) {
      if (key !== "from" && key !== "to" && !known.includes(key)) {
        throw new RangeError(`${owner}: ${name} sets ${JSON.stringify(key)}, which is not an option of ${owner}; its options are ${known.join(", ")}`);
      }
    }
    const from = checkNumber(owner, `${name}.from`, spec.from, { min: 0, integer: true });
    const to = checkNumber(owner, `${name}.to`, spec.to, { min: 0, integer: true });
    if (to <= from) throw new RangeError(`${owner}: ${name} = ${range(from, to)} is empty or reversed; expected to > from`);
    const start = i === 0 ? 0 : specs[i - 1].to; // where this group must begin
    if (from !== start) {
      const later = specs.findIndex((other, j) => j > i && other.from === start);
      if (later >= 0) {
        throw new RangeError(
          `${owner}: groups out of order: groups[${later}] = ${range(specs[later].from, specs[later].to)} starts at ${start} but comes after ${name} = ${range(from, to)}; list the groups by index`,
        );
      }
      if (from > start) throw new RangeError(`${owner}: gap before ${name} = ${range(from, to)}: indices ${range(start, from)} belong to no group`);
      throw new RangeError(`${owner}: ${name} = ${range(from, to)} overlaps groups[${i - 1}] on ${range(from, Math.min(start, to))}`);
    }
    return makeGroup(owner, name, from, to, resolve(owner, spec, defaults, `${name}.`));
  });
}

/** Checks, at the first step, that the groups end exactly at the end of the parameter vector. */
export function checkGroupsCover(owner: string, groups: readonly GroupRate[], length: number): void {
  const end = groups[groups.length - 1].to;
  if (end === Infinity || end === length) return;
  if (end < length) {
    throw new RangeError(`${owner}: the groups end at index ${end} but params has length ${length}: indices ${range(end, length)} belong to no group`);
  }
  const i = groups.findIndex((group) => group.to > length);
  throw new RangeError(`${owner}: groups[${i}] = ${range(groups[i].from, groups[i].to)} is out of bounds: params has length ${length}`);
}
