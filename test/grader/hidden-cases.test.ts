// Hidden cases: with `npm run grade -- --hide-cases`, or an exercise listed in HIDDEN_CASES (catalog.ts), the
// feedback keeps the diagnosis (the known mistake by name, where the results differ) but leaves the failing
// case's label, inputs, expected and returned values out: nothing from which the private case can be rebuilt.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIDDEN_CASES, getCatalog, type ExerciseSpec } from "../../grader/catalog";
import { executeCases } from "../../grader/execute";
import { formatNumber, judge, type ExerciseReport } from "../../grader/judge";
import { htmlReport, textDetail } from "../../grader/format";
import type { AnyFunction } from "../../grader/harness";
import type { MomentumOptions, MomentumState } from "@optlab/exercises";

const ROOT = join(__dirname, "..", "..");
const catalog = getCatalog();

function graded(spec: ExerciseSpec, fn: AnyFunction, hideCases?: boolean): ExerciseReport {
  const attempt = { kind: "cases" as const, outcomes: executeCases(spec.runner, fn, spec.cases.map((c) => c.input), spec.timeLimitMs) };
  return judge(spec, attempt, hideCases === undefined ? {} : { hideCases });
}

const variantFn = (spec: ExerciseSpec, name: string): AnyFunction => (spec.variants.find((v) => v.name === name) as { fn: AnyFunction }).fn;

/** Momentum that counts two steps per call (no known mistake does that) and drops dampening. */
function momentumWithoutStepCount(p: Float64Array, g: Float64Array, s: MomentumState, o: MomentumOptions): void {
  for (let i = 0; i < p.length; i++) {
    s.velocity[i] = o.momentum * s.velocity[i] + g[i];
    p[i] -= o.lr * s.velocity[i];
  }
  s.step += 2;
}

describe("judge with hidden cases", () => {
  it("keeps the known mistake's diagnosis, points and status, and leaves the case's label, inputs and numbers out", () => {
    const spec = catalog.adamStep;
    const open = graded(spec, variantFn(spec, "noBiasCorrection"));
    const hidden = graded(spec, variantFn(spec, "noBiasCorrection"), true);
    expect(open.failure?.inputs).not.toBe("");
    expect(open.failure?.expected).toMatch(/\d/);
    expect([hidden.points, hidden.status, hidden.passed, hidden.variant, hidden.diagnosis]).toEqual([open.points, open.status, open.passed, "noBiasCorrection", open.diagnosis]);
    expect(hidden.diagnosis).toMatch(/^Bias correction is missing/);
    // The first failing case is the first case (Adam's first step), named by its position only.
    expect(hidden.failure).toEqual({ label: `case 1 of ${spec.cases.length}`, inputs: "", hidden: true, where: "params", expected: "", got: "", relError: "" });
    for (const text of [textDetail(hidden), htmlReport(hidden)]) {
      expect(text).toContain(`case 1 of ${spec.cases.length}`);
      expect(text).toContain("kept private");
      expect(text).toContain(open.diagnosis.slice(0, 40));
      for (const secret of [open.failure?.label, open.failure?.inputs, open.failure?.expected, open.failure?.got, open.failure?.relError]) {
        expect(text).not.toContain(secret as string);
      }
    }
    expect(textDetail(open)).toContain(`expected ${open.failure?.expected}, got ${open.failure?.got}`);
  });

  it("words a wrong step count without the expected number when no known mistake explains it", () => {
    const spec = catalog.momentumStep;
    const open = graded(spec, momentumWithoutStepCount as unknown as AnyFunction);
    const hidden = graded(spec, momentumWithoutStepCount as unknown as AnyFunction, true);
    expect(open.variant).toBeUndefined();
    // The first case takes one step from step 0, without dampening: the parameters and the buffer agree, but the
    // reference ends at state.step = 1 and this function at 2.
    expect(open.diagnosis).toBe(`state.step should be ${formatNumber(1)} after the call(s) but is ${formatNumber(2)}.`);
    expect(hidden.diagnosis).toBe("state.step is wrong after the call(s): each call should add one to it.");
    expect(hidden.points).toBe(open.points);
    expect(hidden.failure?.where).toBe("step");
  });

  it("follows the exercise's own setting (HIDDEN_CASES in catalog.ts), which hides nothing by default", () => {
    expect(HIDDEN_CASES).toEqual([]);
    expect(Object.values(catalog).filter((s) => s.hideCases)).toEqual([]);
    const spec: ExerciseSpec = { ...catalog.momentumStep, hideCases: true };
    const report = graded(spec, variantFn(spec, "dampeningOnFirstStep"));
    expect(report.variant).toBe("dampeningOnFirstStep");
    expect(report.failure?.hidden).toBe(true);
    expect(report.failure?.inputs).toBe("");
    // The option cannot show what the exercise hides.
    expect(graded(spec, variantFn(spec, "dampeningOnFirstStep"), false).failure?.hidden).toBe(true);
  });

  it("hides what a thrown error's case was, but keeps what was thrown", () => {
    const spec = catalog.sgdStep;
    const report = graded(spec, () => {
      throw new RangeError("bad lr");
    }, true);
    expect(report.diagnosis).toBe('It threw "RangeError": "bad lr"');
    expect(report.failure).toMatchObject({ label: `case 1 of ${spec.cases.length}`, inputs: "", hidden: true, where: "" });
    expect(textDetail(report)).not.toContain(spec.cases[0].label);
  });
});

describe("npm run grade -- --hide-cases", () => {
  const work = mkdtempSync(join(tmpdir(), "optlab-hidden-"));
  const grade = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "grade.ts"), ...args], { cwd: ROOT });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  let open: Awaited<ReturnType<typeof grade>>;
  let hidden: Awaited<ReturnType<typeof grade>>;
  beforeAll(async () => {
    // One student who forgot Adam's bias correction (and a schedule's off-by-one).
    cpSync(join(ROOT, "test", "fixtures", "submissions", "partly-wrong"), join(work, "class", "partly-wrong"), { recursive: true });
    const args = (out: string) => ["--submissions", join(work, "class"), "--out", join(work, out), "--jobs", "1"];
    [open, hidden] = await Promise.all([grade(args("open")), grade([...args("hidden"), "--hide-cases"])]);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("writes the same gradebook and diagnosis, without the failing cases' inputs and values", async () => {
    const { readFileSync } = await import("node:fs");
    expect([open.code, hidden.code]).toEqual([0, 0]);
    expect(readFileSync(join(work, "hidden", "gradebook.csv"), "utf8")).toBe(readFileSync(join(work, "open", "gradebook.csv"), "utf8"));
    const openText = readFileSync(join(work, "open", "feedback", "partly-wrong.txt"), "utf8");
    const hiddenText = readFileSync(join(work, "hidden", "feedback", "partly-wrong.txt"), "utf8");
    expect(openText).toMatch(/\n {4}inputs: /);
    // The whole run stays: it is not a grading case, and its problem and settings are public (trajectory.ts).
    expect(hiddenText).toMatch(/\n {2}Whole run \(50 steps on the ravine .*\): Your run leaves the reference at step 1 of 50/);
    const caseLines = hiddenText.split("\n").filter((l) => !l.startsWith("  Whole run ("));
    expect(caseLines.join("\n")).not.toMatch(/inputs: |expected (?!values)|relative error/);
    expect(hiddenText).toMatch(/adamStep .*Bias correction is missing/);
    expect(hiddenText).toMatch(/first failing case: case 1 of \d+ \(its inputs and expected values are kept private\)/);
    // Every line of the open feedback that names a case's inputs or values is gone.
    const openCaseLines = openText.split("\n").filter((l) => /inputs: |expected .*, got /.test(l) && !l.startsWith("  Whole run ("));
    expect(openCaseLines.length).toBeGreaterThanOrEqual(4);
    for (const line of openCaseLines) expect(hiddenText).not.toContain(line.trim());
  });
});
