// The whole run: every optimizer exercise also runs the learner's function for 50 steps on the ravine moved to
// (1, 1), next to the reference. The reference's run is PyTorch's, step by step; a correct function never parts;
// a known mistake parts at the step, in the piece of state and by the amount worked out by hand below; the
// class grader's feedback (student code in its sandboxed child) and the notebook's check say so, and check
// draws both paths on one contour.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { figureProblems, ravine } from "@optlab/lib";
import * as sol from "@optlab/solutions";
import { TORCH1_PYTHON, torch1Available } from "../torch";
import { afterAll, describe, expect, it, vi } from "vitest";
import { check, grade } from "../../grader";
import { getCatalog } from "../../grader/catalog";
import { htmlReport, textDetail } from "../../grader/format";
import type { AnyFunction, ExerciseName } from "../../grader/harness";
import type { ExerciseReport } from "../../grader/judge";
import { TRAJECTORY_PROBLEM, TRAJECTORY_STEPS, trajectoryFigure, type TrajectoryReport } from "../../grader/trajectory";
import { compareValues, type Values } from "../../grader/values";

const ROOT = join(__dirname, "..", "..");
const catalog = getCatalog();
const OPTIMIZERS: ExerciseName[] = ["sgdStep", "momentumStep", "nesterovStep", "adagradStep", "rmspropStep", "adamStep", "adamL2Step", "adamwStep"];
const OTHERS = (Object.keys(catalog) as ExerciseName[]).filter((n) => !OPTIMIZERS.includes(n));

const variantFn = (name: ExerciseName, variant: string): AnyFunction => (catalog[name].variants.find((v) => v.name === variant) as { fn: AnyFunction }).fn;

function run(name: ExerciseName, fn: AnyFunction): { report: ExerciseReport; trajectory: TrajectoryReport } {
  const report = grade(name, fn as never);
  expect(report.trajectory, `${name} has a whole run`).toBeDefined();
  return { report, trajectory: report.trajectory as TrajectoryReport };
}

describe("the whole run's problem", () => {
  it("is lib's ravine(0.1, 2) moved to (1, 1), started at (−8, 2.5)", () => {
    const base = ravine(0.1, 2);
    const at = Float64Array.from([3, -0.5]);
    const moved = Float64Array.from([2, -1.5]);
    const g = new Float64Array(2);
    const h = new Float64Array(2);
    expect(TRAJECTORY_PROBLEM.gradient(at, g)).toBe(base.gradient(moved, h));
    expect([...g]).toEqual([...h]);
    // ∇f = (0.1·(3 − 1), 2·(−0.5 − 1)) = (0.2, −3); f = ½(0.1·4 + 2·2.25) = 2.45
    expect([...g]).toEqual([0.2, -3]);
    expect(TRAJECTORY_PROBLEM.loss(at)).toBeCloseTo(2.45, 14);
    expect([...TRAJECTORY_PROBLEM.start]).toEqual([-8, 2.5]);
    expect(TRAJECTORY_PROBLEM.minimum).toEqual([1, 1]);
  });

  it("exists for the eight optimizer exercises and for no other", () => {
    for (const name of OPTIMIZERS) expect(catalog[name].trajectory?.input.steps).toBe(TRAJECTORY_STEPS);
    for (const name of OTHERS) expect(catalog[name].trajectory).toBeUndefined();
    expect(grade("stepDecay", sol.stepDecay as never).trajectory).toBeUndefined();
  });
});

const PYTHON = TORCH1_PYTHON;
const torchAvailable = torch1Available("check the whole runs against it");

describe.skipIf(!torchAvailable)("the reference's whole run", () => {
  const script = fileURLToPath(new URL("./trajectory_torch.py", import.meta.url));
  const request = Object.fromEntries(OPTIMIZERS.map((name) => [name, catalog[name].trajectory?.input]));
  const torchRuns = torchAvailable ? (JSON.parse(execFileSync(PYTHON, [script], { input: JSON.stringify(request), encoding: "utf8" })) as Record<string, Values>) : {};

  it.each(OPTIMIZERS.map((n) => [n]))("%s: params and state after every one of the 50 steps are PyTorch's", (name) => {
    const spec = catalog[name as ExerciseName];
    const torchRun = torchRuns[name];
    expect(torchRun.params).toHaveLength(2 * TRAJECTORY_STEPS);
    const recorded = spec.runner(spec.reference, spec.trajectory?.input ?? {});
    const ours = Object.fromEntries(Object.keys(torchRun).map((k) => [k, recorded[k]]));
    // The whole list at once would compare late small entries against the largest early one: step by step.
    for (let k = 0; k < TRAJECTORY_STEPS; k++) {
      const at = (v: Values): Values => Object.fromEntries(Object.entries(v).map(([key, list]) => [key, list.slice((k * list.length) / TRAJECTORY_STEPS, ((k + 1) * list.length) / TRAJECTORY_STEPS)]));
      expect(compareValues(at(torchRun), at(ours)), `${name}, step ${k + 1}`).toBeNull();
    }
  });
});

describe("a correct function", () => {
  it.each(OPTIMIZERS.map((n) => [n]))("%s: the reference solution never parts, and its path is the reference's", (name) => {
    const fn = (sol as unknown as Record<string, AnyFunction>)[name];
    const { report, trajectory } = run(name as ExerciseName, fn);
    expect(report.status).toBe("pass");
    expect(trajectory.parted).toBeNull();
    expect(trajectory.stopped).toBeUndefined();
    expect(trajectory.path).toEqual(trajectory.reference);
    expect(trajectory.path).toHaveLength(TRAJECTORY_STEPS + 1);
    expect(trajectory.summary).toMatch(/follow the reference at every step/);
  });
});

describe("known mistakes part where the hand calculation says", () => {
  // Step 1 of every run starts at θ0 = (−8, 2.5), where g = (0.1·(−8 − 1), 2·(2.5 − 1)) = (−0.9, 3).
  // Adam's eps = 1e-8 sits in the denominators below: it moves the numbers by about 1e-9.
  const EPS = 1e-8;

  it("Adam without bias correction: the parameters part at step 1 while m, v and the step count agree", () => {
    // m = 0.1·g = (−0.09, 0.3), v = 0.001·g² = (0.00081, 0.009), the same with or without correction.
    // Corrected, m̂ = g and √v̂ = |g|: θ1 = θ0 − 0.3·g/(|g| + eps) = (−7.7, 2.2). Uncorrected, m/√v =
    // 0.1·g/(√0.001·|g|) = 3.16228·sign(g): θ1 = θ0 − 0.948683·(−1, 1) = (−7.051317, 1.551317).
    // Relative errors: x 0.6487/14.75 = 0.0440, y 0.6487/3.7513 = 0.1729, so y is named.
    const { report, trajectory } = run("adamStep", variantFn("adamStep", "noBiasCorrection"));
    const p = trajectory.parted;
    const uncorrected = (0.3 * 0.3) / (Math.sqrt(0.009) + EPS);
    expect(p).toMatchObject({ step: 1, piece: "params", entry: "y", alsoParted: [] });
    expect(p?.expected).toBeCloseTo(2.5 - (0.3 * 3) / (3 + EPS), 14);
    expect(p?.got).toBeCloseTo(2.5 - uncorrected, 14);
    expect(uncorrected).toBeCloseTo(0.948683, 6);
    expect(p?.relError).toBeCloseTo((2.2 - 1.5513167) / (2.2 + 1.5513167), 6);
    expect(p?.distance).toBeCloseTo(Math.SQRT2 * (0.948683 - 0.3), 5);
    expect(trajectory.path[1][0]).toBeCloseTo(-8 + (0.3 * 0.09) / (Math.sqrt(0.00081) + EPS), 14);
    expect(trajectory.summary).toContain("leaves the reference at step 1 of 50: the parameters parted first, y expected 2.2, got 1.55132");
    expect(trajectory.summary).toContain("the step count, m and v still agreed there");
    expect(trajectory.summary).toContain("m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)");
    expect(textDetail(report)).toContain(trajectory.summary);
  });

  it("momentum with dampening on the first step: the buffer parts at step 1, by a factor 1 − τ = 0.5", () => {
    // torch: b1 = g = (−0.9, 3); damped: b1 = 0.5·g = (−0.45, 1.5). Both entries are off by 1/3 relative
    // (0.45/1.35 and 1.5/4.5); the parameters follow at the same step.
    const { trajectory } = run("momentumStep", variantFn("momentumStep", "dampeningOnFirstStep"));
    const p = trajectory.parted;
    expect(p).toMatchObject({ step: 1, piece: "velocity", alsoParted: ["params"] });
    expect(p?.relError).toBeCloseTo(1 / 3, 12);
    expect([p?.entry, p?.expected, p?.got]).toSatisfy(([entry, e, g]: [string, number, number]) =>
      (entry === "velocity[0]" && Math.abs(e + 0.9) < 1e-12 && Math.abs(g + 0.45) < 1e-12) || (entry === "velocity[1]" && Math.abs(e - 3) < 1e-12 && Math.abs(g - 1.5) < 1e-12));
    expect(trajectory.summary).toMatch(/step 1 of 50: the buffer \(state\.velocity\) parted first, velocity\[[01]\]/);
  });

  it("a moving-average weight on the new gradient from step 2 on: the buffer parts at step 2", () => {
    // Step 1 copies g in both: b1 = (−0.9, 3), θ1 = θ0 − 0.1·b1 = (−7.91, 2.2), g2 = (−0.891, 2.4).
    // torch: b2 = 0.8·b1 + 0.5·g2 = (−1.1655, 3.6); with (1 − μ) = 0.2: (−0.8982, 2.88).
    // Relative errors 0.2673/2.0637 = 0.1295 (x) and 0.72/6.48 = 0.1111 (y): velocity[0] is named.
    const { trajectory } = run("momentumStep", variantFn("momentumStep", "oneMinusMomentumOnGradient"));
    const p = trajectory.parted;
    expect(p).toMatchObject({ step: 2, piece: "velocity", entry: "velocity[0]" });
    expect(p?.expected).toBeCloseTo(-1.1655, 12);
    expect(p?.got).toBeCloseTo(-0.8982, 12);
    expect(trajectory.path[1]).toEqual(trajectory.reference[1]);
  });

  it("a step count that never increases is named as the step count, at step 1", () => {
    const { trajectory } = run("momentumStep", variantFn("momentumStep", "stepNotIncremented"));
    expect(trajectory.parted).toMatchObject({ step: 1, piece: "step", entry: "state.step", expected: 1, got: 0 });
    expect(trajectory.summary).toContain("the step count (state.step) parted first, state.step expected 1, got 0");
  });

  it("the learning rate inside the buffer: the buffer parts, the path does not", () => {
    // b1 = η·g = 0.1·(−0.9, 3) = (−0.09, 0.3) where torch keeps g; θ ← θ − b moves exactly as torch's θ ← θ − η·b.
    const { trajectory } = run("momentumStep", variantFn("momentumStep", "lrInsideBuffer"));
    expect(trajectory.parted).toMatchObject({ step: 1, piece: "velocity", alsoParted: [] });
    expect(trajectory.parted?.got).toBeCloseTo(trajectory.parted?.entry === "velocity[0]" ? -0.09 : 0.3, 12);
    const end = trajectory.path[TRAJECTORY_STEPS];
    const ref = trajectory.reference[TRAJECTORY_STEPS];
    expect(Math.hypot(end[0] - ref[0], end[1] - ref[1])).toBeLessThan(1e-12);
  });

  it("Adam's v averaging g instead of g²: v parts at step 1 and the run ends in NaN, said without a NaN distance", () => {
    // v1 = 0.001·g = (−0.0009, 0.003) where torch has 0.001·g² = (0.00081, 0.009); √v of a negative is NaN.
    const { trajectory } = run("adamStep", variantFn("adamStep", "vNotSquared"));
    expect(trajectory.parted).toMatchObject({ step: 1, piece: "v", alsoParted: ["params"] });
    expect(trajectory.parted?.entry).toBe("v[0]");
    expect(trajectory.parted?.expected).toBeCloseTo(0.00081, 15);
    expect(trajectory.parted?.got).toBeCloseTo(-0.0009, 15);
    expect(trajectory.summary).toContain("your point is (NaN, NaN)");
    expect(trajectory.summary).not.toContain("NaN apart");
  });

  it("AdamW's decay left out: the parameters part at step 1 by the shrink lr·λ·θ", () => {
    // AdamW first shrinks θ0 by (1 − 0.3·0.5) = 0.85: y = 2.125, then the Adam step 0.3·3/(3 + eps):
    // y1 = 1.825. Without decay y1 = 2.2. (m and v see only g in both, so they agree.)
    const { trajectory } = run("adamwStep", variantFn("adamwStep", "noDecay"));
    const adamStepY = (0.3 * 3) / (3 + EPS);
    expect(trajectory.parted).toMatchObject({ step: 1, piece: "params", entry: "y", alsoParted: [] });
    expect(trajectory.parted?.expected).toBeCloseTo(2.5 * 0.85 - adamStepY, 14);
    expect(trajectory.parted?.got).toBeCloseTo(2.5 - adamStepY, 14);
  });

  it("eps inside the square root parts late and by little, and the numbers shown differ", () => {
    const { trajectory } = run("rmspropStep", variantFn("rmspropStep", "epsInsideSqrt"));
    const p = trajectory.parted;
    expect(p?.step).toBeGreaterThan(1);
    expect(p?.relError).toBeGreaterThan(1e-9);
    expect(p?.relError).toBeLessThan(1e-8);
    const shown = /expected (\S+), got (\S+) /.exec(trajectory.summary);
    expect(shown?.[1]).not.toBe(shown?.[2]);
  });
});

describe("a run that stops or misbehaves", () => {
  it("a function that throws after 20 calls: the run says what it threw, and the cases still count", () => {
    let calls = 0;
    const flaky = (p: Float64Array, g: Float64Array, lr: number): void => {
      calls += 1;
      if (calls > 20) throw new RangeError("tired");
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
    };
    const { report, trajectory } = run("sgdStep", flaky as AnyFunction);
    expect(report.passed).toBeGreaterThan(0);
    expect(trajectory.parted).toBeNull();
    expect(trajectory.stopped).toBe('it threw "RangeError": "tired"');
    expect(trajectory.summary).toMatch(/^Whole run \(50 steps on the ravine .*\): it threw "RangeError": "tired"\.$/);
  });

  it("a state field replaced by something that is not an array reads as NaN and parts at step 1", () => {
    // Adam kept right, but with each run's first moment in a private array; state.m is left holding a string.
    const own = new WeakMap<object, Float64Array>();
    const broken = (p: Float64Array, g: Float64Array, s: { step: number; m: unknown; v: Float64Array }, o: Record<string, number>): void => {
      if (!own.has(s)) own.set(s, Float64Array.from(s.m as ArrayLike<number>));
      const inner = { step: s.step, m: own.get(s) as Float64Array, v: s.v };
      (sol.adamStep as unknown as AnyFunction)(p, g, inner, o);
      s.step = inner.step;
      s.m = "gone";
    };
    const { trajectory } = run("adamStep", broken as AnyFunction);
    expect(trajectory.parted).toMatchObject({ step: 1, piece: "m", alsoParted: [] });
    expect(trajectory.parted?.got).toBeNaN();
    expect(trajectory.path).toEqual(trajectory.reference);
  });
});

describe("the figure", () => {
  it("draws the contour, both paths and a cross where the learner's leaves the reference", () => {
    const { trajectory } = run("adamStep", variantFn("adamStep", "noBiasCorrection"));
    const figure = trajectoryFigure(trajectory);
    expect(figureProblems(figure)).toEqual([]);
    expect(figure.data[0].type).toBe("contour");
    const names = figure.data.map((t) => t.name);
    expect(names).toContain("reference");
    expect(names).toContain("your function");
    const cross = figure.data.find((t) => t.name === "paths part (step 1)") as { x: number[]; y: number[] };
    expect(cross.x[0]).toBeCloseTo(-7.051317, 6);
    expect(cross.y[0]).toBeCloseTo(1.551317, 6);
    expect([cross.x[0], cross.y[0]]).toEqual(trajectory.path[1]);
    expect(figure.layout.title.text).toMatch(/^Your path leaves the reference at step 1/);
    const learner = figure.data.find((t) => t.name === "your function") as { x: number[] };
    expect(learner.x).toHaveLength(TRAJECTORY_STEPS + 1);
  });

  it("widens the window to show a path that leaves it, up to a limit", () => {
    const { trajectory } = run("sgdStep", variantFn("sgdStep", "ascent"));
    const range = trajectoryFigure(trajectory).layout.xaxis?.range as [number, number];
    // The ravine's window is x in [−9, 3] (12 wide); the widening stops 1.5 widths beyond each side.
    expect(range[0]).toBeLessThan(-9);
    expect(range[0]).toBeGreaterThanOrEqual(-9 - 18);
    expect(range[1]).toBeLessThanOrEqual(3 + 18);
  });
});

describe("check() in a notebook", () => {
  it("prints the whole run's sentence and draws the figure (outside a kernel, as a line of text)", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
    try {
      // check(fn) finds the exercise by the function's name
      const momentumStep = (...args: unknown[]): unknown => variantFn("momentumStep", "dampeningOnFirstStep")(...args);
      check(momentumStep as never);
    } finally {
      spy.mockRestore();
    }
    const text = lines.join("\n");
    expect(text).toMatch(/Whole run \(50 steps on the ravine .*dampening 0\.5\): Your run leaves the reference at step 1 of 50: the buffer/);
    expect(text).toMatch(/\[figure "Your path leaves the reference at step 1 \(50 steps, .*\)" with \d+ trace\(s\)/);
    expect(htmlReport(grade("momentumStep", variantFn("momentumStep", "dampeningOnFirstStep") as never))).toContain("whole run");
  });
});

describe("npm run grade -- --submissions: the run happens in the student's sandboxed process", () => {
  const work = mkdtempSync(join(tmpdir(), "optlab-trajectory-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("writes the whole run into the feedback file, with the numbers of the in-process check", () => {
    cpSync(join(ROOT, "test", "fixtures", "submissions", "partly-wrong"), join(work, "class", "partly-wrong"), { recursive: true });
    const r = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "grade.ts"), "--submissions", join(work, "class"), "--out", join(work, "out"), "--jobs", "1"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(work, "out", "feedback", "partly-wrong.txt"), "utf8");
    // The fixture forgot Adam's bias correction: the same sentence as the noBiasCorrection variant in-process.
    const inProcess = run("adamStep", variantFn("adamStep", "noBiasCorrection")).trajectory.summary;
    expect(text).toContain(`  ${inProcess}\n`);
    expect(text).toContain("y expected 2.2, got 1.55132");
  }, 120_000);
});
