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
