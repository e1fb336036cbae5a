// Summaries of repeated runs: an experiment that ranks optimizers is run from several seeds, and the
// lessons report the mean together with the spread.
import { checkNumber } from "./validate";

/**
 * Mean and sample standard deviation of a list of results (one per seed):
 * mean = (1/n) Σ xᵢ, std = √( Σ (xᵢ − mean)² / (n − 1) ), and std = 0 for a single value.
 */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number; n: number } {
  const n = checkNumber("meanStd", "values.length", values.length, { min: 1, integer: true });
  let sum = 0;
  for (let i = 0; i < n; i++) sum += checkNumber("meanStd", `values[${i}]`, values[i]);
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0, n };
}

/** A named group of results, one per seed, with its mean and standard deviation. */
export interface GroupStats {
  name: string;
  mean: number;
  std: number;
  n: number;
}

/**
 * The group with the lowest (or highest) mean, and every other group sorted into `apart` (its mean differs from
 * the extreme one's by more than the two standard deviations added together) or `within` (it does not). Only
 * differences in `apart` are large enough to call a ranking; those in `within` another set of seeds may reverse.
 */
export function apartFromExtreme(
  groups: readonly { name: string; values: ArrayLike<number> }[],
  end: "lowest" | "highest",
): { extreme: GroupStats; apart: GroupStats[]; within: GroupStats[] } {
  if (groups.length === 0) throw new RangeError("apartFromExtreme: groups must hold at least one group, got none");
  if (end !== "lowest" && end !== "highest") throw new RangeError(`apartFromExtreme: invalid end = ${JSON.stringify(end)}; expected "lowest" or "highest"`);
  const stats = groups.map((g) => ({ name: g.name, ...meanStd(g.values) }));
  const extreme = stats.reduce((a, s) => ((end === "lowest" ? s.mean < a.mean : s.mean > a.mean) ? s : a));
  const others = stats.filter((s) => s !== extreme);
  const isApart = (s: GroupStats) => Math.abs(s.mean - extreme.mean) > s.std + extreme.std;
  return { extreme, apart: others.filter(isApart), within: others.filter((s) => !isApart(s)) };
}
