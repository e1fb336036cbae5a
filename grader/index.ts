// @optlab/grader for notebooks: check("adamStep") grades the learner's exercise in place and shows a small
// table; reveal("adamStep") shows the reference answer; implementation("adamStep") hands lesson cells the
// learner's function when it passes, else the reference, so every notebook runs in any state of exercises/.
// None of them throws. The grading itself lives in catalog/judge/execute, shared with the CLI and vitest.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as Solutions from "@optlab/solutions";
import { getCatalog, type ExerciseSpec } from "./catalog";
import { showFigure, showHtml } from "./display";
import { executeCases, describeError } from "./execute";
import { escapeHtml, htmlReport, quoteStudentText, textDetail } from "./format";
import { EXERCISE_NAMES, isExerciseName, type AnyFunction, type ExerciseName } from "./harness";
import { casesAttempt, judge, runInputs, type Attempt, type ExerciseReport } from "./judge";
import { trajectoryFigure } from "./trajectory";
import { repoRoot } from "./locate";

export type { ExerciseReport } from "./judge";
export type { ExerciseName } from "./harness";
export { EXERCISE_NAMES } from "./harness";

/** Any exercise function, as a notebook passes it to check(adamStep). */
export type ExerciseFunction = (...args: never[]) => unknown;

type Loaded = { fn: AnyFunction } | { attempt: Exclude<Attempt, { kind: "cases" }> };

/**
 * Loads one exercise from exercises/ afresh: the lesson module and everything else under exercises/ are
 * dropped from the require cache first, so check() sees the file as it is on disk now.
 */
function loadFresh(spec: ExerciseSpec): Loaded {
  const dir = join(repoRoot(), "exercises");
  const file = join(dir, `${spec.file}.ts`);
  // In the kernel the grader itself runs as CommonJS (tsx's require hook); elsewhere make a require.
  const load = typeof require === "function" ? require : createRequire(join(dir, "package.json"));
  for (const key of Object.keys(load.cache ?? {})) {
    if (key.startsWith(dir)) delete load.cache[key];
  }
  let module: Record<string, unknown>;
  try {
    module = load(file) as Record<string, unknown>;
  } catch (error) {
    const { name, message } = describeError(error);
    const detail = message.split(dir).join("exercises").replace(/\s+/g, " ").trim();
    return { attempt: { kind: "load-error", message: `exercises/${spec.file}.ts could not be loaded: ${quoteStudentText(name, 60)}: ${quoteStudentText(detail)}` } };
  }
  const fn = module[spec.name];
  if (typeof fn !== "function") {
    return { attempt: { kind: "missing", message: `exercises/${spec.file}.ts has no exported function ${spec.name}.` } };
  }
  return { fn: fn as AnyFunction };
}

/** Grades a function (or the learner's current exercise of that name) and returns the report; never throws. */
export function grade(name: ExerciseName, fn?: ExerciseFunction): ExerciseReport {
  const spec = getCatalog()[name];
  const loaded: Loaded = fn ? { fn: fn as unknown as AnyFunction } : loadFresh(spec);
  const attempt: Attempt =
    "fn" in loaded
      ? casesAttempt(spec, executeCases(spec.runner, loaded.fn, runInputs(spec), spec.timeLimitMs))
      : loaded.attempt;
  return judge(spec, attempt);
}

function unknownName(name: string): string {
  return `There is no exercise called ${quoteStudentText(name, 60)}. The exercises are: ${EXERCISE_NAMES.join(", ")}.`;
}

function nameOf(exercise: string | ExerciseFunction): string {
  return typeof exercise === "string" ? exercise : exercise.name;
}

function showProblem(message: string): void {
  showHtml(`<div style="border-left:4px solid #b3261e;padding:4px 10px">${escapeHtml(message)}</div>`, message);
}

/**
 * Runs the grading cases on your exercise and shows points, status and a diagnosis; for an optimizer, also
 * its 50-step run on a 2-D problem next to the reference, as a sentence and as both paths on one contour. Pass the name
 * (check("adamStep"): the file is re-read from disk every time) or the function (check(adamStep): the
 * version your notebook imported, which changes only after a kernel restart). Never throws.
 */
export function check(exercise: string | ExerciseFunction): void {
  try {
    const name = nameOf(exercise);
    if (!isExerciseName(name)) {
      showProblem(unknownName(name));
      return;
    }
    const report = grade(name, typeof exercise === "function" ? exercise : undefined);
    const file = `exercises/${report.file}.ts`;
    const note =
      typeof exercise === "string"
        ? `check("${name}") re-reads ${file} each time; cells that import from @optlab/exercises see your edits after Kernel → Restart.`
        : `Graded the function this notebook imported; after editing ${file}, restart the kernel (Kernel → Restart) or call check("${name}") to grade the file as it is now.`;
    showHtml(htmlReport(report, note), `${textDetail(report)}\n(${note})`);
    // The whole run: both paths on one contour, so the learner sees where theirs leaves the reference.
    if (report.trajectory && !report.trajectory.stopped && report.status !== "not implemented") showFigure(trajectoryFigure(report.trajectory));
  } catch (error) {
    showProblem(`The grader hit a problem of its own: ${quoteStudentText(describeError(error).message)}`);
  }
}

/** The source of one exported function of a file, with the doc comment above it. */
function extractFunction(source: string, name: string): string | null {
  const start = source.search(new RegExp(`^export function ${name}\\b`, "m"));
  if (start < 0) return null;
  let from = start;
  const before = source.slice(0, start);
  const doc = before.lastIndexOf("/**");
  if (doc >= 0 && /^\/\*\*[\s\S]*?\*\/\s*$/.test(before.slice(doc))) from = doc;
  let depth = 0;
  let opened = false;
  for (let i = source.indexOf("{", source.indexOf(")", start)); i < source.length; i++) {
    if (source[i] === "{") {
      depth += 1;
      opened = true;
    } else if (source[i] === "}") {
      depth -= 1;
      if (opened && depth === 0) return source.slice(from, i + 1);
    }
  }
  return null;
}

/** Shows the reference solution's source for one exercise (for when you are stuck). Never throws. */
export function reveal(exercise: string | ExerciseFunction): void {
  try {
    const name = nameOf(exercise);
    if (!isExerciseName(name)) {
      showProblem(unknownName(name));
      return;
    }
    const spec = getCatalog()[name];
    const path = `solutions/${spec.file}.ts`;
    const source = readFileSync(join(repoRoot(), path), "utf8");
    const code = extractFunction(source, name) ?? source;
    const imports = source.split("\n").filter((line) => /^import (?!type)/.test(line)).join("\n");
    const shown = imports && spec.name === "fitCircle" ? `${imports}\n\n${code}` : code;
    const header = `Reference solution for ${name} (${path}). Try to write it yourself first; check("${name}") tells you what is wrong.`;
    showHtml(
      `<div style="border-left:4px solid #555;padding:4px 10px"><div>${escapeHtml(header)}</div><pre style="margin:6px 0"><code>${escapeHtml(shown)}</code></pre></div>`,
      `${header}\n\n${shown}`,
    );
  } catch (error) {
    showProblem(`reveal could not read the solution: ${quoteStudentText(describeError(error).message)}`);
  }
}

/**
 * The function a lesson cell should use: yours from exercises/ when it passes every case, otherwise the
 * reference solution, with a visible note saying which one (so the notebook runs to the end either way).
 */
export function implementation<N extends ExerciseName>(name: N): (typeof Solutions)[N] {
  const spec = getCatalog()[name];
  const reference = spec.reference as unknown as (typeof Solutions)[N];
  try {
    const loaded = loadFresh(spec);
    if ("fn" in loaded) {
      const report = judge(spec, { kind: "cases", outcomes: executeCases(spec.runner, loaded.fn, spec.cases.map((c) => c.input), spec.timeLimitMs) });
      if (report.status === "pass") {
        const note = `Using your ${name} from exercises/${spec.file}.ts (it passes all ${report.total} cases).`;
        showHtml(`<div style="color:#1b7f3b;font-size:90%">✔ ${escapeHtml(note)}</div>`, note);
        return loaded.fn as unknown as (typeof Solutions)[N];
      }
      const why = report.status === "not implemented" ? "is not implemented yet" : `does not pass yet (${report.passed}/${report.total} cases; run check("${name}") to see why)`;
      const note = `Your ${name} ${why}: this notebook uses the reference implementation instead, so the lesson keeps running.`;
      showHtml(`<div style="color:#8a5a00;font-size:90%">⚠ ${escapeHtml(note)}</div>`, note);
    } else {
      const note = `${loaded.attempt.message} This notebook uses the reference ${name} instead.`;
      showHtml(`<div style="color:#8a5a00;font-size:90%">⚠ ${escapeHtml(note)}</div>`, note);
    }
  } catch (error) {
    showProblem(`implementation("${name}") fell back to the reference: ${quoteStudentText(describeError(error).message)}`);
  }
  return reference;
}
