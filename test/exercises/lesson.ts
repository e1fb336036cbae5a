// The learner's checks in vitest (`npm run check`, the editor's test explorer): for one lesson, a describe
// per exercise and a test per grading case, all taken from the grader's catalog (grader/catalog.ts), so the
// cases, the reference, the tolerance and the diagnosis are the ones `check(...)` and `npm run grade` use.
// The learner's functions run through grader/execute.ts, whose node:vm time limit interrupts an endless
// loop inside a call (vitest's own timeout cannot stop synchronous code); nothing a function does (throw,
// NaN, a wrong length, a changed input, a loop) escapes as a crash of the run: it becomes the test's message.
// An endless loop outside such a call (at the top level of the lesson file, or in code a function left to
// run later) is stopped by the watchdog (./watchdog.ts), which ends this check file's process and says why.
import { stripVTControlCharacters } from "node:util";
import { beforeAll, describe, test } from "vitest";
import { getCatalog, type ExerciseSpec } from "../../grader/catalog";
import { describeError, executeCases } from "../../grader/execute";
import { EXERCISE_NAMES, type AnyFunction } from "../../grader/harness";
import { judge, type Attempt, type ExerciseReport, type Outcome } from "../../grader/judge";
import { setPhase } from "./watchdog";

declare module "vitest" {
  interface TaskMeta {
    /** The grade of the exercise this describe (or the capstone's single test) checks, for the points table. */
    optlabReport?: ExerciseReport;
  }
}

/** A failed check: its message is the whole feedback, so the stack (inside the checker) is left out. */
class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckFailure";
    this.stack = `${this.name}: ${message}`;
  }
}

/** How long loading a lesson file, or code left to run after a call, may keep the checks busy without a break. */
const BUSY_LIMIT_MS = 10_000;
/** How much longer than the grader's own time limit a call may run before the watchdog ends it (the limit should stop it first). */
const CALL_MARGIN_MS = 10_000;

/** Tells the watchdog that from now on only code left to run later (after `what`: promise or timer callbacks) can block. */
function afterPhase(file: string, what: string, exercise?: string): void {
  const message = `${what}, but code it left to run later (the rest of an async function after an await, or a promise or timer callback) did not finish within ${BUSY_LIMIT_MS / 1000} s: an endless loop in exercises/${file}.ts?`;
  setPhase({ limitMs: BUSY_LIMIT_MS, note: { lesson: file, exercise, message } });
}

/** A lesson module as loaded, or why it could not be loaded. */
type LoadedLesson = { module: Record<string, unknown> } | { error: string };

/** Grades one exercise of a loaded lesson module; never throws. */
function gradeLoaded(spec: ExerciseSpec, lesson: LoadedLesson): { attempt: Attempt; report: ExerciseReport } {
  let attempt: Attempt;
  if ("error" in lesson) {
    attempt = { kind: "load-error", message: lesson.error };
  } else if (typeof lesson.module[spec.name] !== "function") {
    attempt = { kind: "missing", message: `exercises/${spec.file}.ts has no exported function ${spec.name}.` };
  } else {
    const fn = lesson.module[spec.name] as AnyFunction;
    const limitMs = spec.timeLimitMs + CALL_MARGIN_MS;
    const message = `${spec.name} did not return within ${limitMs / 1000} s: an endless loop in exercises/${spec.file}.ts?`;
    setPhase({ limitMs, note: { lesson: spec.file, exercise: spec.name, message } });
    attempt = { kind: "cases", outcomes: executeCases(spec.runner, fn, spec.cases.map((c) => c.input), spec.timeLimitMs) };
    afterPhase(spec.file, `${spec.name} returned`, spec.name);
  }
  try {
    return { attempt, report: judge(spec, attempt) };
  } catch (error) {
    const crashed: Attempt = { kind: "crashed", message: `The grader hit a problem of its own: ${describeError(error).message}` };
    return { attempt: crashed, report: judge(spec, crashed) };
  }
}

/** The lines that describe the first failing case of a report: label, inputs, expected and actual values. */
function failureLines(report: ExerciseReport, caseHeading: boolean): string[] {
  const f = report.failure;
  if (!f) return [];
  const lines = caseHeading ? [`case: ${f.label}`] : [`first failing case: ${f.label}`];
  lines.push(`inputs: ${f.inputs}`);
  if (f.where) lines.push(`${f.where}: expected ${f.expected}, got ${f.got}${f.relError ? ` (relative error ${f.relError})` : ""}`);
  else if (f.got && f.got !== report.diagnosis) lines.push(f.got);
  return lines;
}

/**
 * The failure message of case `index`, or null when the case passes. The diagnosis names a known mistake
 * when the whole exercise's results match one (as `npm run grade` reports it), else it speaks of this case.
 */
function caseFailure(spec: ExerciseSpec, attempt: Attempt, report: ExerciseReport, index: number): string | null {
  const file = `exercises/${spec.file}.ts`;
  if (report.status === "not implemented") return `${spec.name} is not implemented yet: open ${file} and write ${spec.name}.`;
  if (attempt.kind !== "cases") return `${spec.name}: ${report.diagnosis}`;
  const outcome: Outcome | undefined = attempt.outcomes[index];
  if (!outcome) {
    return `${spec.name}: not run, because an earlier case hit the time limit of ${(spec.timeLimitMs / 1000).toFixed(1)} s for the whole exercise (an endless loop?).`;
  }
  const single = judge({ ...spec, cases: [spec.cases[index]] }, { kind: "cases", outcomes: [outcome] });
  if (single.status === "pass") return null;
  // The exercise's results match a known mistake on every case (the diagnosis is then exactly its message).
  const knownMistake = spec.variants.some((v) => v.name === report.variant && v.message === report.diagnosis);
  const diagnosis = knownMistake ? report.diagnosis : single.diagnosis;
  return [`${spec.name} (${file}): ${diagnosis}`, ...failureLines(single, true).map((line) => `  ${line}`)].join("\n");
}

/** The failure message of a whole exercise (the capstone's single test), or null when it passes. */
function exerciseFailure(spec: ExerciseSpec, report: ExerciseReport): string | null {
  if (report.status === "pass") return null;
  if (report.status === "not implemented") return `${spec.name} is not implemented yet: open exercises/${spec.file}.ts and write ${spec.name}.`;
  const summary = `${spec.name} (exercises/${spec.file}.ts): ${report.status}, ${report.passed}/${report.total} cases passed. ${report.diagnosis}`;
  return [summary, ...failureLines(report, false).map((line) => `  ${line}`)].join("\n");
}

/** Loads a lesson module; a module that throws or does not compile is reported, never thrown. */
async function loadLesson(file: string, load: () => Promise<Record<string, unknown>>): Promise<LoadedLesson> {
  const loading = `exercises/${file}.ts did not finish loading within ${BUSY_LIMIT_MS / 1000} s: an endless loop at the top level (outside any function) of it or of a file it imports?`;
  setPhase({ limitMs: BUSY_LIMIT_MS, note: { lesson: file, message: loading } });
  try {
    return { module: await load() };
  } catch (error) {
    const { name, message } = describeError(error);
    // A syntax error comes from the bundler with colours and a drawn code frame: keep its words and place.
    const text = stripVTControlCharacters(message);
    const place = /╭─\[\s*(\S+?)\s*\]/.exec(text)?.[1];
    const words = text.split(/\n\s*╭/)[0].replace(/\s+/g, " ").trim();
    const detail = `${words}${place ? ` (at ${place})` : ""}`.slice(0, 400);
    return { error: `exercises/${file}.ts could not be loaded: ${name}: ${detail}` };
  } finally {
    afterPhase(file, `exercises/${file}.ts loaded`);
  }
}

/**
 * Declares the checks of one lesson. `load` imports the lesson's module (a literal import in the lesson's
 * check file, so vitest's watch mode knows which file re-runs when an exercise is saved).
 */
export function checkLesson(file: string, load: () => Promise<Record<string, unknown>>): void {
  const catalog = getCatalog();
  const specs = EXERCISE_NAMES.map((name) => catalog[name]).filter((spec) => spec.file === file);
  if (specs.length === 0) throw new Error(`no exercise of the catalog lives in exercises/${file}.ts`);
  let lesson: Promise<LoadedLesson> | null = null;
  const loaded = (): Promise<LoadedLesson> => (lesson ??= loadLesson(file, load));

  for (const spec of specs) {
    describe(`${spec.name}: ${spec.title}`, () => {
      if (spec.assess) {
        // An outcome exercise (the capstone): one test, with room for the grader's own time limit to hit first.
        test(`${spec.name} on ${spec.cases.length} seeds (time limit ${spec.timeLimitMs / 1000} s)`, async ({ task }) => {
          const { report } = gradeLoaded(spec, await loaded());
          task.meta.optlabReport = report;
          const message = exerciseFailure(spec, report);
          if (message) throw new CheckFailure(message);
        }, spec.timeLimitMs + 15_000);
        return;
      }
      let graded: { attempt: Attempt; report: ExerciseReport } | null = null;
      // vitest passes the fixtures first (they must be destructured) and the suite second.
      beforeAll(async ({}, suite) => {
        graded = gradeLoaded(spec, await loaded());
        suite.meta.optlabReport = graded.report;
      }, spec.timeLimitMs + 15_000);
      spec.cases.forEach((c, index) => {
        test(c.label, () => {
          if (!graded) throw new CheckFailure(`${spec.name} was not graded (its setup did not run)`);
          const message = caseFailure(spec, graded.attempt, graded.report, index);
          if (message) throw new CheckFailure(message);
        });
      });
    });
  }
}
