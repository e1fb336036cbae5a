// Part "circle" of the benchmark: the circle data set with the classic per-sample protocol (a 2-8-1 network
// on 200 points, 300 epochs of one step per sample, four optimizers) trained with the library's `train`,
// against a reference pure-Python training of the same network (bench/circle_reference.py) on the same
// data and initial weights, with the results compared number by number.
import { spawnSync } from "node:child_process";
import { Adam, AdamW, MLP, SGD, circleData, train, type Optimizer } from "@optlab/lib";
import { measure, type Spread } from "./stats";

const EPOCHS = 300;
const HIDDEN = 8;

/** The four runs: the library optimizer and the Python reference's class with the same hyperparameters. */
const RUNS: { name: string; make: () => Optimizer; python: Record<string, string | number> }[] = [
  { name: "SGD", make: () => new SGD({ lr: 0.01 }), python: { kind: "sgd", lr: 0.01 } },
  { name: "SGD-momentum", make: () => new SGD({ lr: 0.01, momentum: 0.9 }), python: { kind: "momentum", lr: 0.01, momentum: 0.9 } },
  { name: "Adam", make: () => new Adam({ lr: 1e-3 }), python: { kind: "adam", lr: 1e-3 } },
  { name: "AdamW", make: () => new AdamW({ lr: 1e-3, weightDecay: 1e-2 }), python: { kind: "adamw", lr: 1e-3, weightDecay: 1e-2 } },
];

/**
 * Agreement required between the two languages. The Python reference computes the output gradient as
 * (-(y/p) + (1-y)/(1-p))·p(1-p) and Adam's step as η·m̂/(√v̂ + ε); the library computes p - y and torch's
 * η/(1-β1ᵗ)·m/(√v/√(1-β2ᵗ) + ε): equal in exact arithmetic, a few ulps apart per step in float64.
 * Its AdamW also decays θ after the Adam update where torch decays before it, which differs by
 * η²λ·(update) per step, so AdamW gets a looser bound.
 */
export const TOLERANCE = { loss: 1e-12, params: 1e-10, adamwLoss: 1e-5, adamwParams: 1e-4 };

/** What the circle part reports. */
export interface CircleResult {
  epochs: number;
  samples: number;
  /** Seconds for all four runs in JavaScript. */
  javascript: Spread;
  /** Seconds for all four runs in the Python reference, or null when python3 is missing. */
  python: Spread | null;
  pythonVersion: string | null;
  /** Per optimizer: largest difference of per-epoch loss and of final parameters, and whether within tolerance. */
  agreement: { name: string; lossDiff: number; accuracyDiff: number; paramsDiff: number; finalLoss: number; finalAccuracy: number; ok: boolean }[];
}

function runAll(model: MLP, init: Float64Array, data: ReturnType<typeof circleData>) {
  return RUNS.map((run) => {
    const params = init.slice();
    const result = train(model, params, run.make(), data, { epochs: EPOCHS });
    return { result, params };
  });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Times the four JavaScript runs (tinybench) and the Python reference (its own clock), and compares them. */
export async function benchCircle(quick: boolean): Promise<CircleResult> {
  const data = circleData({ n: 200, seed: 42 });
  const model = new MLP(HIDDEN);
  const init = model.init(0, 0.5);
  const js = runAll(model, init, data);
  const javascript = (
    await measure([{ name: "circle", fn: () => runAll(model, init, data) }], { timeMs: 0, iterations: quick ? 5 : 15, warmupIterations: 3 }, 1e-3)
  ).get("circle") as Spread;

  const request = {
    inputs: Array.from(data.inputs),
    labels: Array.from(data.labels),
    init: Array.from(init),
    hidden: HIDDEN,
    epochs: EPOCHS,
    repeats: quick ? 1 : 3,
    optimizers: RUNS.map((r) => ({ name: r.name, ...r.python })),
  };
  const child = spawnSync("python3", [new URL("./circle_reference.py", import.meta.url).pathname], {
    input: JSON.stringify(request),
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (child.error || child.status !== 0) {
    return { epochs: EPOCHS, samples: data.size, javascript, python: null, pythonVersion: null, agreement: [] };
  }
  const out = JSON.parse(child.stdout) as {
    python: string;
    seconds: Spread;
    runs: { name: string; loss: number[]; accuracy: number[]; params: number[] }[];
  };
  const agreement = RUNS.map((run, k) => {
    const mine = js[k];
    const theirs = out.runs[k];
    const lossDiff = maxDiff(mine.result.loss, theirs.loss);
    const accuracyDiff = maxDiff(mine.result.accuracy, theirs.accuracy);
    const paramsDiff = maxDiff(mine.params, theirs.params);
    const adamw = run.name === "AdamW";
    const ok =
      mine.result.failure === null &&
      mine.result.loss.length === theirs.loss.length &&
      lossDiff <= (adamw ? TOLERANCE.adamwLoss : TOLERANCE.loss) &&
      paramsDiff <= (adamw ? TOLERANCE.adamwParams : TOLERANCE.params);
    return {
      name: run.name,
      lossDiff,
      accuracyDiff,
      paramsDiff,
      finalLoss: mine.result.loss[EPOCHS - 1],
      finalAccuracy: mine.result.accuracy[EPOCHS - 1],
      ok,
    };
  });
  return { epochs: EPOCHS, samples: data.size, javascript, python: out.seconds, pythonVersion: out.python, agreement };
}
