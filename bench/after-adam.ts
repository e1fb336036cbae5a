// Part "after-adam" of the benchmark: each optimizer of lesson 09 at 10^6 float64 parameters next to a plain
// loop written here with the same arithmetic (no classes, no groups, no checks), and Muon's Newton–Schulz
// iteration on a 256×256 matrix next to torch 2.x's (from .venv-torch2, made by scripts/torch2-env.sh).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Adafactor, Adamax, exactMath, Lion, Muon, NAdam, newtonSchulz, newtonSchulzWork, RAdam, Rng, type Optimizer } from "@optlab/lib";
import { measure, type Spread } from "./stats";

/** A step of a plain loop: updates params in place from grads, keeping its own state. */
type PlainStep = (params: Float64Array, grads: Float64Array) => void;

/** NAdam with torch's defaults, one loop. */
function plainNAdam(n: number): PlainStep {
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  let t = 0;
  let product = 1;
  return (params, grads) => {
    t += 1;
    const mu = 0.9 * (1 - 0.5 * exactMath.pow(0.96, t * 4e-3));
    const muNext = 0.9 * (1 - 0.5 * exactMath.pow(0.96, (t + 1) * 4e-3));
    product *= mu;
    const a = (2e-3 * (1 - mu)) / (1 - product);
    const b = (2e-3 * muNext) / (1 - product * muNext);
    const c2 = 1 - exactMath.pow(0.999, t);
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.999 * v[i] + 0.001 * g * g;
      const d = Math.sqrt(v[i] / c2) + 1e-8;
      params[i] = params[i] - (a * g) / d - (b * m[i]) / d;
    }
  };
}

/** RAdam with torch's defaults, one loop (both branches of the rectification). */
function plainRAdam(n: number): PlainStep {
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  let t = 0;
  return (params, grads) => {
    t += 1;
    const c1 = 1 - exactMath.pow(0.9, t);
    const c2 = Math.sqrt(1 - exactMath.pow(0.999, t));
    const rhoInf = 2 / 0.001 - 1;
    const rho = rhoInf - (2 * t * exactMath.pow(0.999, t)) / (1 - exactMath.pow(0.999, t));
    const rect = rho > 5 ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.999 * v[i] + 0.001 * g * g;
      const s = (m[i] / c1) * 1e-3;
      params[i] = rho > 5 ? params[i] - ((s * c2) / (Math.sqrt(v[i]) + 1e-8)) * rect : params[i] - s;
    }
  };
}

/** Adamax with torch's defaults, one loop. */
function plainAdamax(n: number): PlainStep {
  const m = new Float64Array(n);
  const u = new Float64Array(n);
  let t = 0;
  return (params, grads) => {
    t += 1;
    const s = 2e-3 / (1 - exactMath.pow(0.9, t));
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      u[i] = Math.max(0.999 * u[i], Math.abs(g) + 1e-8);
      params[i] = params[i] - (s * m[i]) / u[i];
    }
  };
}

/** Lion with lr 1e-4, betas (0.9, 0.99), one loop. */
function plainLion(n: number): PlainStep {
  const m = new Float64Array(n);
  return (params, grads) => {
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      params[i] = params[i] - 1e-4 * Math.sign(0.9 * m[i] + 0.1 * g);
      m[i] = 0.99 * m[i] + 0.01 * g;
    }
  };
}

/** Adafactor with torch's defaults on a vector: the RMS pass, the second-moment pass, the update pass. */
function plainAdafactorVector(n: number): PlainStep {
  const v = new Float64Array(n);
  let t = 0;
  return (params, grads) => {
    t += 1;
    const w = exactMath.pow(t, -0.8);
    let pp = 0;
    for (let i = 0; i < n; i++) pp += params[i] * params[i];
    const alpha = Math.max(1e-3, Math.sqrt(pp) / Math.sqrt(n)) * Math.min(1e-2, 1 / Math.sqrt(t));
    let uu = 0;
    for (let i = 0; i < n; i++) {
      v[i] = v[i] + w * (grads[i] * grads[i] - v[i]);
      const u = grads[i] / Math.sqrt(Math.max(v[i], Number.EPSILON * Number.EPSILON));
      uu += u * u;
    }
    const scale = alpha / Math.max(1, Math.sqrt(uu) / Math.sqrt(n));
    for (let i = 0; i < n; i++) params[i] = params[i] - scale * (grads[i] / Math.sqrt(Math.max(v[i], Number.EPSILON * Number.EPSILON)));
  };
}

/** Adafactor with torch's defaults on a rows×cols matrix: row and column factors. */
function plainAdafactorMatrix(rows: number, cols: number): PlainStep {
  const r = new Float64Array(rows);
  const c = new Float64Array(cols);
  const colSums = new Float64Array(cols);
  const n = rows * cols;
  const floor = Number.EPSILON * Number.EPSILON;
  let t = 0;
  return (params, grads) => {
    t += 1;
    const w = exactMath.pow(t, -0.8);
    let pp = 0;
    for (let i = 0; i < n; i++) pp += params[i] * params[i];
    const alpha = Math.max(1e-3, Math.sqrt(pp) / Math.sqrt(n)) * Math.min(1e-2, 1 / Math.sqrt(t));
    colSums.fill(0);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const g2 = grads[i * cols + j] * grads[i * cols + j];
        s += g2;
        colSums[j] += g2;
      }
      r[i] = r[i] + w * (s / cols - r[i]);
    }
    let rs = 0;
    for (let i = 0; i < rows; i++) rs += r[i];
    for (let j = 0; j < cols; j++) c[j] = c[j] + w * (colSums[j] / rows - c[j]);
    const mean = Math.max(rs / rows, Number.EPSILON);
    let uu = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const u = grads[i * cols + j] / Math.sqrt(Math.max((r[i] * c[j]) / mean, floor));
        uu += u * u;
      }
    }
    const scale = alpha / Math.max(1, Math.sqrt(uu) / Math.sqrt(n));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) params[i * cols + j] -= scale * (grads[i * cols + j] / Math.sqrt(Math.max((r[i] * c[j]) / mean, floor)));
    }
  };
}

/**
 * Muon with torch's defaults on a rows×cols matrix (rows <= cols): the momentum, Newton–Schulz with the Gram
 * matrix computed in full (no symmetry), the decayed update.
 */
function plainMuon(rows: number, cols: number): PlainStep {
  const n = rows * cols;
  const buffer = new Float64Array(n);
  let x = new Float64Array(n);
  let y = new Float64Array(n);
  const gram = new Float64Array(rows * rows);
  const poly = new Float64Array(rows * rows);
  return (params, grads) => {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      buffer[i] = buffer[i] + 0.05 * (grads[i] - buffer[i]);
      x[i] = grads[i] + 0.95 * (buffer[i] - grads[i]);
      ss += x[i] * x[i];
    }
    const norm = Math.max(Math.sqrt(ss), 1e-7);
    for (let i = 0; i < n; i++) x[i] /= norm;
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < rows; j++) {
          let sum = 0;
          for (let k = 0; k < cols; k++) sum += x[i * cols + k] * x[j * cols + k];
          gram[i * rows + j] = sum;
        }
      }
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < rows; j++) {
          let sum = 0;
          for (let k = 0; k < rows; k++) sum += gram[i * rows + k] * gram[k * rows + j];
          poly[i * rows + j] = -4.775 * gram[i * rows + j] + 2.0315 * sum;
        }
      }
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) y[i * cols + j] = 3.4445 * x[i * cols + j];
        for (let k = 0; k < rows; k++) {
          const p = poly[i * rows + k];
          for (let j = 0; j < cols; j++) y[i * cols + j] += p * x[k * cols + j];
        }
      }
      const swap = x;
      x = y;
      y = swap;
    }
    for (let i = 0; i < n; i++) params[i] = params[i] * (1 - 1e-3 * 0.1) - 1e-3 * x[i];
  };
}

const SIZE = 1e6;
/** The rows of the table: the library's optimizer and its plain loop, both for 10^6 parameters. */
const CASES: { name: string; make: () => Optimizer; plain: () => PlainStep }[] = [
  { name: "NAdam", make: () => new NAdam(), plain: () => plainNAdam(SIZE) },
  { name: "RAdam", make: () => new RAdam(), plain: () => plainRAdam(SIZE) },
  { name: "Adamax", make: () => new Adamax(), plain: () => plainAdamax(SIZE) },
  { name: "Lion", make: () => new Lion(), plain: () => plainLion(SIZE) },
  { name: "Adafactor, a vector", make: () => new Adafactor(), plain: () => plainAdafactorVector(SIZE) },
  { name: "Adafactor, 1000×1000", make: () => new Adafactor({ shape: [1000, 1000] }), plain: () => plainAdafactorMatrix(1000, 1000) },
  { name: "Muon, 4×250000", make: () => new Muon({ shape: [4, 250000] }), plain: () => plainMuon(4, 250000) },
];

/** One row: ns per parameter per step of the library and of the plain loop. */
export interface AfterAdamRow {
  optimizer: string;
  size: number;
  library: Spread;
  plain: Spread;
}

/** What the part measures: the rows, Newton–Schulz on 256×256 in ms per call, and the twins' agreement. */
export interface AfterAdamResult {
  rows: AfterAdamRow[];
  newtonSchulz: { size: number; library: Spread; torch: string | null; torchBfloat16: Spread | null; torchFloat64: Spread | null };
  /** Largest relative difference between each library optimizer and its plain loop over 3 steps of 10^6. */
  twins: Record<string, number>;
}

function vectors(seed: number): { params: Float64Array; grads: Float64Array } {
  const rng = new Rng(seed);
  const params = new Float64Array(SIZE);
  const grads = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) {
    params[i] = rng.gaussian();
    grads[i] = rng.gaussian();
  }
  return { params, grads };
}

/** Runs the benchmark part; `log` reports progress on standard error. */
export async function benchAfterAdam(quick: boolean, log: (line: string) => void): Promise<AfterAdamResult> {
  const twins: Record<string, number> = {};
  const rows: AfterAdamRow[] = [];
  for (const c of CASES) {
    // the two must compute the same numbers, or the ratio compares different work
    const a = vectors(1);
    const b = vectors(1);
    const optimizer = c.make();
    const plain = c.plain();
    for (let s = 0; s < 3; s++) {
      optimizer.step(a.params, a.grads);
      plain(b.params, b.grads);
    }
    let worst = 0;
    for (let i = 0; i < SIZE; i++) worst = Math.max(worst, Math.abs(a.params[i] - b.params[i]) / Math.max(Math.abs(b.params[i]), 1e-300));
    twins[c.name] = worst;
    if (!(worst < 1e-9)) throw new Error(`bench: ${c.name} and its plain loop differ by ${worst} after 3 steps`);
    log(`after-adam: ${c.name} at 10^6`);
    const lib = { state: c.make(), ...vectors(2) };
    const loop = { step: c.plain(), ...vectors(2) };
    const budget = { timeMs: quick ? 200 : 1000, iterations: quick ? 5 : 15, warmupIterations: 2 };
    const spreads = await measure(
      [
        { name: "library", fn: () => lib.state.step(lib.params, lib.grads) },
        { name: "plain", fn: () => loop.step(loop.params, loop.grads) },
      ],
      budget,
      1e6 / SIZE, // ms per call → ns per parameter
    );
    rows.push({ optimizer: c.name, size: SIZE, library: spreads.get("library") as Spread, plain: spreads.get("plain") as Spread });
  }
  log("after-adam: Newton–Schulz on 256×256, library and torch 2.x");
  const n = 256;
  const rng = new Rng(3);
  const matrix = Float64Array.from({ length: n * n }, () => rng.gaussian());
  const out = new Float64Array(n * n);
  const work = newtonSchulzWork(n, n);
  const repeats = quick ? 5 : 15;
  const ns = await measure([{ name: "ns", fn: () => newtonSchulz(matrix, n, n, undefined, 5, 1e-7, out, work) }], { timeMs: 0, iterations: repeats, warmupIterations: 2 }, 1);
  const torch = torchNewtonSchulz(n, repeats, log);
  return {
    rows,
    twins,
    newtonSchulz: { size: n, library: ns.get("ns") as Spread, torch: torch?.torch ?? null, torchBfloat16: torch?.bfloat16 ?? null, torchFloat64: torch?.float64 ?? null },
  };
}

/** torch 2.x's Newton–Schulz timings from .venv-torch2, or null (with the reason logged) when it cannot be made. */
function torchNewtonSchulz(size: number, repeats: number, log: (line: string) => void): { torch: string; bfloat16: Spread; float64: Spread } | null {
  const env = spawnSync("bash", [fileURLToPath(new URL("../scripts/torch2-env.sh", import.meta.url))], { encoding: "utf8" });
  if (env.status !== 0) {
    log(`after-adam: no torch 2.x (scripts/torch2-env.sh failed: ${env.stderr.trim().split("\n").pop()})`);
    return null;
  }
  const python = env.stdout.trim().split("\n").pop() as string;
  const script = fileURLToPath(new URL("./after_adam_torch.py", import.meta.url));
  const run = spawnSync(python, [script], { input: JSON.stringify({ size, repeats }), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`bench: ${script} failed: ${run.stderr}`);
  const answer = JSON.parse(run.stdout) as { torch: string; bfloat16: Spread; float64: Spread };
  return answer;
}

/** The part's tables in Markdown. */
export function renderAfterAdam(r: AfterAdamResult & { measuredAt: string; load: number[] }): string {
  const f2 = (x: number) => x.toFixed(2);
  const s = (x: Spread | null, digits = 2) => (x === null ? "–" : `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}–${x.max.toFixed(digits)})`);
  const lines = [
    `\n### After Adam (lesson 09): ns per parameter per step at 10^6, median (min–max)\n\nMeasured ${r.measuredAt}, load average ${r.load.map(f2).join(" ")}.\n`,
    "| optimizer | library | plain loop | library / plain (target <= 1.5) | on minima | same numbers (max rel. diff, 3 steps) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.rows.map((row) => `| ${row.optimizer} | ${s(row.library)} | ${s(row.plain)} | ${f2(row.library.median / row.plain.median)}x | ${f2(row.library.min / row.plain.min)}x | ${r.twins[row.optimizer].toExponential(1)} |`),
    `\nNewton–Schulz (5 steps) on ${r.newtonSchulz.size}×${r.newtonSchulz.size}, ms per call: library (float64) ${s(r.newtonSchulz.library, 1)}; ` +
      (r.newtonSchulz.torch === null
        ? "torch 2.x not available."
        : `torch ${r.newtonSchulz.torch} as shipped (bfloat16) ${s(r.newtonSchulz.torchBfloat16, 1)}, in float64 ${s(r.newtonSchulz.torchFloat64, 1)}; library / torch float64 ${f2(r.newtonSchulz.library.median / (r.newtonSchulz.torchFloat64 as Spread).median)}x.`),
  ];
  return lines.join("\n");
}
