// Part "optimizers" of the benchmark: ns per parameter per step of each library optimizer at 10^5, 10^6
// and 10^7 float64 parameters, next to a plain scalar loop with the same arithmetic, a loop that moves the
// same bytes (the bandwidth reference), the opt-in WebAssembly fast path, and torch.optim in a child process.
import { spawnSync } from "node:child_process";
import { Adam, AdamW, RMSProp, Rng, SGD, type Optimizer } from "@optlab/lib";
import { FusedAdam, FusedAdamW } from "@optlab/lib/fast";
import { adamReference, bandwidthLoop, momentumReference, rmspropReference, sgdReference, type StepFn } from "./reference";
import { measure, type Budget, type Spread } from "./stats";

/** One benchmarked optimizer: the library's, its scalar twin, and how many state arrays it streams. */
interface Case {
  name: string;
  make: () => Optimizer;
  reference: () => StepFn;
  states: 0 | 1 | 2;
  /** Builds the fast path for this case, when there is one. */
  fast?: (size: number, threads: number) => FusedAdam;
}

/** The six configurations of the table, each with torch's defaults for what it does not set. */
export const CASES: Case[] = [
  { name: "SGD", make: () => new SGD({ lr: 0.01 }), reference: () => sgdReference(0.01), states: 0 },
  { name: "SGD-momentum", make: () => new SGD({ lr: 0.01, momentum: 0.9 }), reference: () => momentumReference(0.01, 0.9, false), states: 1 },
  { name: "Nesterov", make: () => new SGD({ lr: 0.01, momentum: 0.9, nesterov: true }), reference: () => momentumReference(0.01, 0.9, true), states: 1 },
  { name: "RMSProp", make: () => new RMSProp({ lr: 0.01 }), reference: () => rmspropReference(0.01, 0.99, 1e-8), states: 1 },
  {
    name: "Adam",
    make: () => new Adam({ lr: 1e-3 }),
    reference: () => adamReference(1e-3, 0.9, 0.999, 1e-8, 0, false),
    states: 2,
    fast: (size, threads) => new FusedAdam({ lr: 1e-3, size, threads }),
  },
  {
    name: "AdamW",
    make: () => new AdamW({ lr: 1e-3 }),
    reference: () => adamReference(1e-3, 0.9, 0.999, 1e-8, 1e-2, true),
    states: 2,
    fast: (size, threads) => new FusedAdamW({ lr: 1e-3, size, threads }),
  },
];

/** One row of the optimizer table (all times in ns per parameter per step). */
export interface OptimizerRow {
  optimizer: string;
  size: number;
  library: Spread;
  scalar: Spread;
  bandwidth: Spread;
  fast: Spread | null;
  /** The fast path split over 2 threads (the caller's and one worker). */
  fastThreads: Spread | null;
  torch: Spread | null;
  torchTuned: Spread | null;
}

/** Timing budget per size: small vectors get many runs, 10^7 a dozen (each step is tens of ms). */
function budgetFor(size: number, quick: boolean): Budget {
  if (size <= 1e5) return { timeMs: quick ? 100 : 400, iterations: 50, warmupIterations: 20 };
  if (size <= 1e6) return { timeMs: quick ? 100 : 400, iterations: 20, warmupIterations: 5 };
  return { timeMs: 0, iterations: quick ? 5 : 12, warmupIterations: 2 };
}

/** Checks that each scalar twin (and fast path) gives the library's numbers bit for bit on a few steps. */
export function checkTwins(): string[] {
  const problems: string[] = [];
  const rng = new Rng(3);
  const n = 1001;
  for (const c of CASES) {
    const start = rng.fillGaussian(new Float64Array(n));
    const grads = new Float64Array(n);
    const a = start.slice();
    const b = start.slice();
    const f = start.slice();
    const opt = c.make();
    const ref = c.reference();
    const fast = c.fast?.(n, 1);
    const fastParams = fast?.params;
    const fastGrads = fast?.grads;
    fastParams?.set(f);
    for (let s = 0; s < 5; s++) {
      rng.fillGaussian(grads);
      opt.step(a, grads);
      ref(b, grads);
      if (fast && fastParams && fastGrads) {
        fastGrads.set(grads);
        fast.step(fastParams, fastGrads);
      }
    }
    if (a.some((x, i) => !Object.is(x, b[i]))) problems.push(`${c.name}: the scalar twin differs from the library`);
    if (fastParams && a.some((x, i) => !Object.is(x, fastParams[i]))) problems.push(`${c.name}: the fast path differs from the library`);
  }
  return problems;
}

/** Runs torch.optim in a child process on /usr/bin/python3; null when torch cannot be imported. */
export function runTorch(sizes: number[], quick: boolean, tunedAllocator: boolean): { version: string; spreads: Map<string, Spread> } | null {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return null;
  const results = new Map<string, Spread>();
  let version = "?";
  for (const size of sizes) {
    const repeats = size <= 1e5 ? 200 : size <= 1e6 ? 30 : quick ? 5 : 10;
    const env = tunedAllocator
      ? { ...process.env, MALLOC_MMAP_MAX_: "0", MALLOC_TRIM_THRESHOLD_: "100000000000", MALLOC_TOP_PAD_: "1000000000" }
      : process.env;
    const child = spawnSync(python, [new URL("./torch_steps.py", import.meta.url).pathname], {
      input: JSON.stringify({ sizes: [size], optimizers: CASES.map((c) => c.name), repeats }),
      encoding: "utf8",
      env,
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`bench: torch_steps.py failed: ${child.stderr}`);
    const out = JSON.parse(child.stdout) as { torch: string; results: { optimizer: string; size: number; median: number; min: number; max: number; samples: number }[] };
    version = out.torch;
    for (const r of out.results) results.set(`${r.optimizer}@${r.size}`, { median: r.median, min: r.min, max: r.max, samples: r.samples });
  }
  return { version, spreads: results };
}

/** Measures the JavaScript side for every case and size; the torch numbers are merged in by the caller. */
export async function benchOptimizers(sizes: number[], quick: boolean, log: (line: string) => void): Promise<OptimizerRow[]> {
  const rows: OptimizerRow[] = [];
  for (const size of sizes) {
    const rng = new Rng(1);
    const grads = rng.fillGaussian(new Float64Array(size));
    const start = rng.fillGaussian(new Float64Array(size));
    const budget = budgetFor(size, quick);
    const scale = 1e6 / size; // ms per step → ns per parameter
    const bandwidth = new Map<number, Spread>();
    for (const states of [0, 1, 2] as const) {
      const params = start.slice();
      const loop = bandwidthLoop(states);
      const spread = (await measure([{ name: "bw", fn: () => loop(params, grads) }], budget, scale)).get("bw") as Spread;
      bandwidth.set(states, spread);
    }
    for (const c of CASES) {
      const libParams = start.slice();
      const refParams = start.slice();
      const opt = c.make();
      const ref = c.reference();
      const tasks = [
        { name: "library", fn: () => opt.step(libParams, grads) },
        { name: "scalar", fn: () => ref(refParams, grads) },
      ];
      const fast = c.fast?.(size, 1);
      const fastThreads = c.fast?.(size, 2);
      for (const [name, f] of [["fast", fast], ["fastThreads", fastThreads]] as const) {
        if (!f) continue;
        f.params.set(start);
        f.grads.set(grads);
        tasks.push({ name, fn: () => f.step(f.params, f.grads) });
      }
      const spreads = await measure(tasks, budget, scale);
      rows.push({
        optimizer: c.name,
        size,
        library: spreads.get("library") as Spread,
        scalar: spreads.get("scalar") as Spread,
        bandwidth: bandwidth.get(c.states) as Spread,
        fast: spreads.get("fast") ?? null,
        fastThreads: spreads.get("fastThreads") ?? null,
        torch: null,
        torchTuned: null,
      });
      fastThreads?.close();
      log(`  ${c.name} at ${size.toExponential(0)} done`);
    }
  }
  return rows;
}
