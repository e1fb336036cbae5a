// The grading command end to end: the learner's table/JSON and the instructor's class grading on the
// fixture submissions (complete, partly wrong, throwing, endless loops, process.exit and a memory hog,
// importing or reading the solutions, rewriting globals, printing megabytes). Each student runs in its own
// sandboxed child process; the gradebook must come out the same, byte for byte, on a second run.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXERCISE_NAMES } from "../../grader/harness";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "optlab-cli-test-"));
// The class: the fixture students, plus "full", a complete submission made here from the exercise
// folder with every lesson file replaced by its reference answer (so it can never drift from solutions/).
const FIXTURES = join(work, "class");
cpSync(join(ROOT, "test", "fixtures", "submissions"), FIXTURES, { recursive: true });
cpSync(join(ROOT, "exercises"), join(FIXTURES, "full"), { recursive: true, filter: (src) => !src.endsWith("package.json") });
for (const file of readdirSync(join(ROOT, "solutions")).filter((f) => /^\d\d-.*\.ts$/.test(f))) {
  cpSync(join(ROOT, "solutions", file), join(FIXTURES, "full", file));
}

function grade(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "grade.ts"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function hashFolder(dir: string): string {
  const h = createHash("sha256");
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest("hex");
}

const classArgs = (out: string): string[] => ["--submissions", FIXTURES, "--out", out, "--jobs", "1", "--exercise-time", "2", "--memory", "64"];
let first: Awaited<ReturnType<typeof grade>>;
let second: Awaited<ReturnType<typeof grade>>;
let stubs: Awaited<ReturnType<typeof grade>>;
let full: Awaited<ReturnType<typeof grade>>;
let graderBefore = "";

beforeAll(async () => {
  graderBefore = hashFolder(join(ROOT, "grader"));
  [first, second, stubs, full] = await Promise.all([
    grade(classArgs(join(work, "a"))),
    grade(classArgs(join(work, "b"))),
    grade(["--json"]),
    grade(["--json", "--exercises", join(FIXTURES, "full")]),
  ]);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

type Row = Record<string, number>;
function gradebook(dir: string): Map<string, Row> {
  const [header, ...rows] = readFileSync(join(dir, "gradebook.csv"), "utf8").trim().split("\n");
  const columns = header.split(",");
  return new Map(
    rows.map((line) => {
      const cells = line.split(",");
      return [cells[0], Object.fromEntries(columns.slice(1).map((c, i) => [c, Number(cells[i + 1])]))];
    }),
  );
}
const feedback = (student: string): string => readFileSync(join(work, "a", "feedback", `${student}.txt`), "utf8");

/** A row with 10 points for the named exercises and 0 for the rest. */
function row(passing: string[]): Row {
  const r: Row = Object.fromEntries(EXERCISE_NAMES.map((n) => [n, passing.includes(n) ? 10 : 0]));
  r.total = passing.length * 10;
  return r;
}

describe("learner CLI", () => {
  it("--json on the stubs: every exercise 0 points, not implemented", () => {
    expect(stubs.code).toBe(0);
    const report = JSON.parse(stubs.stdout) as { total: number; max: number; exercises: { name: string; points: number; max: number; status: string; diagnosis: string }[] };
    expect(report.total).toBe(0);
    expect(report.max).toBe(190);
    expect(report.exercises.map((e) => e.name)).toEqual([...EXERCISE_NAMES]);
    for (const e of report.exercises) {
      expect(e).toMatchObject({ points: 0, max: 10, status: "not implemented" });
      expect(e.diagnosis).toMatch(/^Not implemented yet/);
    }
  });

  it("--json on a complete submission: 190/190", () => {
    const report = JSON.parse(full.stdout) as { total: number; exercises: { status: string }[] };
    expect(report.total).toBe(190);
    expect(report.exercises.every((e) => e.status === "pass")).toBe(true);
  });
});

describe("instructor CLI on the fixture submissions", () => {
  it("writes gradebook.csv with the header of the issue and one row per student folder, sorted", () => {
    expect(first.code).toBe(0);
    const text = readFileSync(join(work, "a", "gradebook.csv"), "utf8");
    expect(text.split("\n")[0]).toBe(["student", ...EXERCISE_NAMES, "total"].join(","));
    expect([...gradebook(join(work, "a")).keys()]).toEqual(readdirSync(FIXTURES).sort());
  });

  it("gives the expected points to every student", () => {
    const book = gradebook(join(work, "a"));
    expect(book.get("full")).toEqual(row([...EXERCISE_NAMES]));
    expect(book.get("throwing")).toEqual(row(["stableLearningRate"]));
    expect(book.get("endless-loop")).toEqual(row(["stableLearningRate", "clipGradNorm", "clipGradValue"]));
    expect(book.get("process-exit")).toEqual(row(["stableLearningRate", "clipGradNorm", "clipGradValue"]));
    expect(book.get("imports-solutions")).toEqual(row(["stableLearningRate", "clipGradNorm"]));
    expect(book.get("globals")).toEqual(row(["sgdStep", "stableLearningRate"]));
    expect(book.get("noisy")).toEqual(row(["sgdStep", "stableLearningRate"]));
    // partly wrong: two known mistakes earn partial credit only (cases where the mistake does not show)
    const partly = book.get("partly-wrong") as Row;
    const { adamStep, warmupCosine, total, ...rest } = partly;
    expect(adamStep).toBeLessThan(10);
    expect(warmupCosine).toBeLessThan(10);
    const expected = row(["sgdStep", "stableLearningRate", "effectiveStepSizes", "stepDecay", "cosineAnnealing"]);
    const { adamStep: _a, warmupCosine: _w, total: expectedTotal, ...expectedRest } = expected;
    expect(rest).toEqual(expectedRest);
    expect(total).toBe(expectedTotal + adamStep + warmupCosine);
  });

  it("explains every lost point in the student's feedback file", () => {
    expect(feedback("partly-wrong")).toMatch(/adamStep .*Bias correction is missing/);
    expect(feedback("partly-wrong")).toMatch(/warmupCosine .*The warm-up is one step ahead/);
    expect(feedback("partly-wrong")).toContain("exercises/02-momentum.ts is missing");
    expect(feedback("throwing")).toContain('It threw "TypeError": "Cannot read properties of undefined');
    expect(feedback("endless-loop")).toMatch(/sgdStep .*timeout .*It did not finish within 2\.0 s/);
    expect(feedback("endless-loop")).toMatch(/momentumStep .*loading exercises\/02-momentum\.ts did not finish/);
    expect(feedback("process-exit")).toMatch(/sgdStep .*called process\.exit/);
    expect(feedback("process-exit")).toMatch(/adagradStep .*called process\.exit/);
    expect(feedback("process-exit")).toMatch(/rmspropStep .*(ran out of memory|did not finish)/);
    for (const name of ["sgdStep", "adamStep", "clipGradValue"]) {
      expect(feedback("imports-solutions")).toMatch(new RegExp(`${name} .*forbidden .*uses the reference solution`));
    }
    expect(feedback("globals")).toMatch(/adagradStep .*rewrote built-ins while running \(Math\.sqrt\)/);
    expect(feedback("globals")).toMatch(/rmspropStep .*Float64Array\.prototype\.fill/);
    expect(feedback("globals")).toContain("changed built-ins (Math.max); they were restored");
    expect(feedback("noisy")).toMatch(/Printed \d+ characters; only the first 1048576 were kept/);
  });

  it("prints progress and a class summary with pass rates and the most common diagnosis", () => {
    expect(first.stderr).toMatch(/graded 8\/8 students/);
    expect(first.stdout).toMatch(/Class summary: 8 submissions/);
    expect(first.stdout).toMatch(/stableLearningRate\s+8\/8 \(100%\)/);
    expect(first.stdout).toMatch(/adamStep\s+1\/8 \(13%\)\s+[\d.]+\s+file missing: 5/);
  });

  it("produces byte-identical gradebooks, feedback and summaries on a second run", () => {
    expect(second.code).toBe(0);
    for (const file of ["gradebook.csv", "summary.txt"]) {
      expect(readFileSync(join(work, "b", file), "utf8")).toBe(readFileSync(join(work, "a", file), "utf8"));
    }
    expect(hashFolder(join(work, "b", "feedback"))).toBe(hashFolder(join(work, "a", "feedback")));
  });

  it("leaves the grader's own files untouched (the sandbox refused the fixture's write)", () => {
    expect(hashFolder(join(ROOT, "grader"))).toBe(graderBefore);
  });
});
