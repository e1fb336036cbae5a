// Timing helpers for the benchmark: every measurement goes through tinybench, which does the warm-up,
// the repetition and the statistics; this file only turns its latency (milliseconds per call) into the
// units of the tables.
import { Bench } from "tinybench";

/** Median with min and max over the repeated runs, in the unit of the table. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Number of timed runs behind the numbers. */
  samples: number;
}

/** How long tinybench runs each task: a time budget and a minimum number of timed runs. */
export interface Budget {
  timeMs: number;
  iterations: number;
  warmupIterations: number;
}

/** Runs each task under tinybench, one after the other, and returns its latency spread scaled by `scale`. */
export async function measure(tasks: { name: string; fn: () => unknown }[], budget: Budget, scale: number): Promise<Map<string, Spread>> {
  const bench = new Bench({
    time: budget.timeMs,
    iterations: budget.iterations,
    warmup: budget.warmupIterations > 0,
    warmupTime: 0,
    warmupIterations: budget.warmupIterations,
    throws: true,
  });
  for (const task of tasks) bench.add(task.name, task.fn);
  await bench.run();
  const spreads = new Map<string, Spread>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`bench: task ${task.name} ended as ${result.state}`);
    const latency = result.latency;
    spreads.set(task.name, { median: latency.p50 * scale, min: latency.min * scale, max: latency.max * scale, samples: latency.samplesCount });
  }
  return spreads;
}

/** Times one async job `runs` times (for jobs of seconds: notebooks, grading) and returns seconds. */
export async function measureSeconds(name: string, fn: () => Promise<unknown>, runs: number): Promise<Spread> {
  const spreads = await measure([{ name, fn }], { timeMs: 0, iterations: runs, warmupIterations: 0 }, 1e-3);
  return spreads.get(name) as Spread;
}
