// The whole run: every optimizer exercise also runs the learner's function for 50 steps on a 2-D problem next
// to the reference. The child process only records what happened (params and the state after every step, see
// harness.ts); here the parent compares the two runs step by step and says at which step they part, which
// piece of state parted first and by how much, and draws both paths on one contour for the notebook's check.
import { contourPaths, ravine, type Figure, type Problem, type ScatterTrace } from "@optlab/lib";
import { quoteStudentText } from "./format";
import type { ExerciseName } from "./harness";
import type { Outcome } from "./judge";
import { TOLERANCE, relError, type CaseInput, type Values } from "./values";

/** Steps of the whole run. */
export const TRAJECTORY_STEPS = 50;

/** Curvatures along x and y, and where the minimum sits (moved off 0 so that weight decay and the loss pull apart). */
const CURVATURE = [0.1, 2] as const;
const CENTER = [1, 1] as const;

/** A 2-D problem moved so that its minimum sits at `center`: f(θ − center), the same curvatures and window shape. */
function moved(base: Problem, center: readonly [number, number]): Problem {
  const shifted = new Float64Array(2);
  const at = (p: Float64Array): Float64Array => {
    shifted[0] = p[0] - center[0];
    shifted[1] = p[1] - center[1];
    return shifted;
  };
  const window = base.window as readonly [readonly [number, number], readonly [number, number]];
  return {
    name: `${base.name}, minimum at (${center[0]}, ${center[1]})`,
    formula: base.formula,
    dim: 2,
    loss: (p) => base.loss(at(p)),
    gradient: (p, out) => base.gradient(at(p), out),
    start: base.start.map((x, i) => x + center[i]),
    minimum: center,
    window: [
      [window[0][0] + center[0], window[0][1] + center[0]],
      [window[1][0] + center[1], window[1][1] + center[1]],
    ],
  };
}

/**
 * The whole run's problem: lesson 02's ravine f(x, y) = ½(0.1·(x − 1)² + 2·(y − 1)²), condition number 20,
 * with its minimum moved to (1, 1), started at (−8, 2.5). The child computes the same gradient,
 * cᵢ·(θᵢ − 1), from the curvatures and the center in the run's input.
 */
export const TRAJECTORY_PROBLEM: Problem = moved(ravine(CURVATURE[0], CURVATURE[1]), CENTER);

/** The hyperparameters of each optimizer exercise's run: dampening, decay and eps where the exercise has them. */
const RUN_OPTIONS: Partial<Record<ExerciseName, Record<string, number>>> = {
  sgdStep: { lr: 0.8 },
  momentumStep: { lr: 0.1, momentum: 0.8, dampening: 0.5 },
  nesterovStep: { lr: 0.1, momentum: 0.8 },
  adagradStep: { lr: 1, eps: 1e-10 },
  rmspropStep: { lr: 0.1, alpha: 0.9, eps: 1e-8 },
  adamStep: { lr: 0.3, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  adamL2Step: { lr: 0.3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5 },
  adamwStep: { lr: 0.3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5 },
};

/** One exercise's whole run: the problem, the input the child's runner reads, and a phrase that describes it. */
export interface TrajectorySpec {
  problem: Problem;
  input: CaseInput;
  description: string;
}

/** The whole run of an optimizer exercise, or undefined for the others (schedules, clipping, the capstone...). */
export function trajectoryOf(name: ExerciseName): TrajectorySpec | undefined {
  const options = RUN_OPTIONS[name];
  if (!options) return undefined;
  const start = [...TRAJECTORY_PROBLEM.start];
  const settings = Object.entries(options).map(([k, v]) => `${k} ${v}`).join(", ");
  return {
    problem: TRAJECTORY_PROBLEM,
    input: { params: start, curvature: [...CURVATURE], center: [...CENTER], steps: TRAJECTORY_STEPS, options },
    description: `${TRAJECTORY_STEPS} steps on the ravine f(x, y) = ½(0.1·(x − 1)² + 2·(y − 1)²) from (${start.join(", ")}), ${settings}`,
  };
}

/** Where the two runs part: the first step at which a piece differs beyond the tolerance. */
export interface Parting {
  /** The step (1 = after the first call). */
  step: number;
  /** The piece that parted first: "step", a state field ("velocity", "m", "v", "sum", "squareAvg") or "params". */
  piece: string;
  /** The entry with the largest relative error in that piece, e.g. "m[1]" or "y". */
  entry: string;
  expected: number;
  got: number;
  relError: number;
  /** Other pieces that parted at the same step. */
  alsoParted: string[];
  /** The distance between the two points (x, y) at that step. */
  distance: number;
}

/** The whole run as the feedback shows it. */
export interface TrajectoryReport {
  /** The problem's name, for the figure. */
  problem: string;
  steps: number;
  /** The points (x, y) of the reference and of the learner, start included (steps + 1 each; NaN where missing). */
  reference: number[][];
  path: number[][];
  /** null when the runs agree at every step (or the run stopped before giving values). */
  parted: Parting | null;
  /** Set when the run gave no values: what it threw, or that it ran out of time. */
  stopped?: string;
  /** One line for the feedback. */
  summary: string;
}

/** The order in which pieces are compared at each step: the step count, the state, then the parameters they move. */
function piecesOf(expected: Values): string[] {
  const keys = Object.keys(expected);
  return [...keys.filter((k) => k === "step"), ...keys.filter((k) => k !== "step" && k !== "params"), ...keys.filter((k) => k === "params")];
}

/** What each piece is called in the feedback. */
const PIECE_NAMES: Record<string, string> = {
  step: "the step count (state.step)",
  velocity: "the buffer (state.velocity)",
  m: "m (state.m, the first moment)",
  v: "v (state.v, the second moment)",
  sum: "the sum of squared gradients (the state array)",
  squareAvg: "the average of squared gradients (the state array)",
  params: "the parameters",
};

function pieceName(piece: string): string {
  return PIECE_NAMES[piece] ?? piece;
}

/** What each piece is called in a list: "m", "v", "the buffer", "the step count". */
const SHORT_NAMES: Record<string, string> = { step: "the step count", velocity: "the buffer", sum: "the sum", squareAvg: "the average", params: "the parameters" };

function shortName(piece: string): string {
  return SHORT_NAMES[piece] ?? piece;
}

/** A number in feedback: `digits` significant digits (6 by default), or the word for a non-finite value. */
function num(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? "0" : Math.abs(x) >= 1e-4 && Math.abs(x) < 1e7 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 2);
}

/** Two numbers that differ, each with enough digits to show the difference (6, else 12 significant digits). */
function pair(a: number, b: number): [string, string] {
  const short: [string, string] = [num(a), num(b)];
  return short[0] !== short[1] ? short : [num(a, 12), num(b, 12)];
}

function point(p: readonly number[]): string {
  return `(${num(p[0])}, ${num(p[1])})`;
}

function distanceOf(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The points of a recorded run, with the start first. */
function pointsOf(start: readonly number[], params: readonly number[] | undefined, steps: number): number[][] {
  const out: number[][] = [[start[0], start[1]]];
  for (let k = 0; k < steps; k++) {
    const x = params?.[2 * k];
    const y = params?.[2 * k + 1];
    out.push([typeof x === "number" ? x : NaN, typeof y === "number" ? y : NaN]);
  }
  return out;
}

/** The first step at which `got` leaves `expected`, with the piece that parted first, or null. */
export function findParting(expected: Values, got: Values, steps: number): Parting | null {
  const pieces = piecesOf(expected);
  for (let k = 0; k < steps; k++) {
    const parted: { piece: string; index: number; expected: number; got: number; relError: number }[] = [];
    for (const piece of pieces) {
      const want = expected[piece];
      const width = want.length / steps;
      const have = Object.prototype.hasOwnProperty.call(got, piece) ? got[piece] : [];
      let scale = 0;
      for (let i = 0; i < width; i++) if (Number.isFinite(want[k * width + i])) scale = Math.max(scale, Math.abs(want[k * width + i]));
      let worst: (typeof parted)[number] | null = null;
      for (let i = 0; i < width; i++) {
        const e = want[k * width + i];
        const g = have.length === want.length ? have[k * width + i] : NaN;
        const err = relError(e, g, scale);
        if (err > TOLERANCE && (worst === null || err > worst.relError)) worst = { piece, index: i, expected: e, got: g, relError: err };
      }
      if (worst) parted.push(worst);
    }
    if (parted.length > 0) {
      const first = parted[0];
      const p = expected.params;
      const q = got.params ?? [];
      return {
        step: k + 1,
        piece: first.piece,
        entry: first.piece === "params" ? ["x", "y"][first.index] ?? `params[${first.index}]` : first.piece === "step" ? "state.step" : `${first.piece}[${first.index}]`,
        expected: first.expected,
        got: first.got,
        relError: first.relError,
        alsoParted: parted.slice(1).map((x) => x.piece),
        distance: distanceOf([p[2 * k], p[2 * k + 1]], [q[2 * k] ?? NaN, q[2 * k + 1] ?? NaN]),
      };
    }
  }
  return null;
}

/** The sentence about where the runs part. */
function partingSentence(parting: Parting, pieces: readonly string[]): string {
  const err = parting.relError === Infinity ? "∞" : parting.relError.toExponential(1);
  const [expected, got] = pair(parting.expected, parting.got);
  let text = `Your run leaves the reference at step ${parting.step} of ${TRAJECTORY_STEPS}: ${pieceName(parting.piece)} parted first, ${parting.entry} expected ${expected}, got ${got} (relative error ${err})`;
  if (parting.alsoParted.length > 0) text += `; ${parting.alsoParted.map(shortName).join(" and ")} parted at the same step`;
  const state = pieces.filter((p) => p !== "params");
  if (parting.piece === "params" && state.length > 0) {
    const agreeing = state.map(shortName).join(", ").replace(/, ([^,]*)$/, " and $1");
    const update = state.includes("m") ? "the update computed from them differs (m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), eps or lr?)" : "the update computed from them differs";
    text += `; ${agreeing} still agreed there, so ${update}`;
  }
  return `${text}.`;
}

/** Compares the learner's whole run with the reference's; `outcome` is what the child reported for the run. */
export function compareTrajectory(spec: TrajectorySpec, expected: Values, outcome: Outcome | undefined): TrajectoryReport {
  const steps = TRAJECTORY_STEPS;
  const start = spec.input.params as readonly number[];
  const reference = pointsOf(start, expected.params, steps);
  const lead = `Whole run (${spec.description}):`;
  const base = { problem: spec.problem.name, steps, reference };
  if (!outcome || outcome.kind !== "values") {
    const stopped =
      !outcome ? "it did not run (an earlier case used up the time limit)"
      : outcome.kind === "timeout" ? "it did not finish within the time limit"
      : `it threw ${quoteStudentText(outcome.name, 60)}: ${quoteStudentText(outcome.message)}`;
    return { ...base, path: pointsOf(start, undefined, steps), parted: null, stopped, summary: `${lead} ${stopped}.` };
  }
  const path = pointsOf(start, outcome.values.params, steps);
  const parted = findParting(expected, outcome.values, steps);
  const end = path[steps];
  const refEnd = reference[steps];
  const apart = distanceOf(end, refEnd);
  const ending = `After ${steps} steps your point is ${point(end)}, the reference's ${point(refEnd)}${Number.isFinite(apart) ? `, ${num(apart)} apart` : ""}.`;
  const summary = parted
    ? `${lead} ${partingSentence(parted, piecesOf(expected))} ${ending}`
    : `${lead} your parameters and state follow the reference at every step (relative error at most ${TOLERANCE}); both end at ${point(refEnd)}.`;
  return { ...base, path, parted, summary };
}

/** The window that shows both paths: the problem's, widened to the paths' finite points, at most 4 times its size. */
function windowFor(problem: Problem, paths: readonly number[][][]): [[number, number], [number, number]] {
  const w = problem.window as readonly [readonly [number, number], readonly [number, number]];
  const axis = (d: 0 | 1): [number, number] => {
    const [lo, hi] = w[d];
    const span = hi - lo;
    let a = lo;
    let b = hi;
    for (const path of paths) for (const p of path) if (Number.isFinite(p[d])) [a, b] = [Math.min(a, p[d]), Math.max(b, p[d])];
    const pad = 0.05 * (b - a);
    return [Math.max(a - pad, lo - 1.5 * span), Math.min(b + pad, hi + 1.5 * span)];
  };
  return [axis(0), axis(1)];
}

/** Both paths on one contour of the problem, with a cross where the learner's leaves the reference. A plain Plotly figure. */
export function trajectoryFigure(report: TrajectoryReport, problem: Problem = TRAJECTORY_PROBLEM): Figure {
  const title = report.parted ? `Your path leaves the reference at step ${report.parted.step}` : report.stopped ? "The whole run stopped early" : "Your path follows the reference";
  const figure = contourPaths(
    problem,
    [
      { name: "reference", path: report.reference },
      { name: "your function", path: report.path },
    ],
    { title: `${title} (${report.steps} steps, ${problem.name})`, window: windowFor(problem, [report.reference, report.path]), resolution: 60 },
  );
  if (report.parted) {
    const at = report.path[report.parted.step];
    const cross: ScatterTrace = {
      type: "scatter",
      mode: "markers",
      name: `paths part (step ${report.parted.step})`,
      x: [Number.isFinite(at[0]) ? at[0] : null],
      y: [Number.isFinite(at[1]) ? at[1] : null],
      marker: { color: "#b3261e", size: 14, symbol: "x" },
    };
    figure.data.push(cross);
  }
  return figure;
}
