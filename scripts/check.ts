// `npm run check [-- 04 | adamStep | --watch]`: checks the learner's exercises/ with vitest (the "exercises"
// project of vitest.config.ts: one test per grading case, the grader's diagnosis as the failure message),
// then prints the same points table as `npm run grade`. Exit code 0 only when every checked exercise passes.
// With --watch it stays running and re-checks a lesson each time its exercise file is saved.
// A lesson whose checks hung (an endless loop outside a call the grader times, see test/exercises/watchdog.ts)
// is stopped by its watchdog, which leaves a note in a folder of this run; the table shows it.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Reporter, TestModule } from "vitest/node";
import { startVitest } from "vitest/node";
import { getCatalog } from "../grader/catalog";
import { textTable } from "../grader/format";
import { EXERCISE_FILES, EXERCISE_NAMES, isExerciseName, type ExerciseName } from "../grader/harness";
import { judge, type ExerciseReport } from "../grader/judge";
import { repoRoot } from "../grader/locate";
import { NOTES_DIR_VARIABLE, type StopNote } from "../test/exercises/watchdog";

const LESSON_FILES = [...new Set(Object.values(EXERCISE_FILES))];
const LESSON_NUMBERS = LESSON_FILES.map((file) => file.slice(0, 2));

const USAGE = `usage:
  npm run check                     check every exercise once, then print the points table
  npm run check -- 04               one lesson (by number: ${LESSON_NUMBERS.join(", ")})
  npm run check -- adamStep         one exercise (by name)
  npm run check -- --watch [04]     stay running: re-check a lesson each time its exercise file is saved
The lessons: ${LESSON_FILES.join(", ")}.
The exercises: ${EXERCISE_NAMES.join(", ")}.
OPTLAB_EXERCISES=DIR checks another copy of exercises/ instead.`;

/** What to check: the exercises, the lesson files they live in, and whether to keep watching. */
interface CheckSelection {
  exercises: ExerciseName[];
  files: string[];
  watch: boolean;
}

/** Reads the command line ("help" for --help); throws an Error that names a bad argument and the valid values. */
function parseCheckArgs(argv: readonly string[]): CheckSelection | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { watch: { type: "boolean", short: "w" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) return "help";
  const chosen = new Set<ExerciseName>();
  for (const arg of parsed.positionals) {
    const lesson = LESSON_FILES.find((file) => file === arg || file.slice(0, 2) === arg);
    if (lesson) EXERCISE_NAMES.filter((name) => EXERCISE_FILES[name] === lesson).forEach((name) => chosen.add(name));
    else if (isExerciseName(arg)) chosen.add(arg);
    else {
      throw new Error(`unknown lesson or exercise "${arg}": give a lesson number (${LESSON_NUMBERS.join(", ")}) or an exercise name (${EXERCISE_NAMES.join(", ")})\n${USAGE}`);
    }
  }
  const exercises = chosen.size > 0 ? EXERCISE_NAMES.filter((name) => chosen.has(name)) : [...EXERCISE_NAMES];
  const files = LESSON_FILES.filter((file) => exercises.some((name) => EXERCISE_FILES[name] === file));
  return { exercises, files, watch: parsed.values.watch === true };
}

/** The lesson file ("04-adam") a check module belongs to, from its path. */
function lessonOf(module: TestModule): string | undefined {
  return LESSON_FILES.find((file) => module.moduleId.endsWith(`/test/exercises/${file}.check.ts`));
}

/** Reads and removes the watchdog's notes of a run: lesson file → note. */
function takeStopNotes(dir: string): Map<string, StopNote> {
  const notes = new Map<string, StopNote>();
  for (const name of readdirSync(dir)) {
    const note = JSON.parse(readFileSync(join(dir, name), "utf8")) as StopNote;
    notes.set(note.lesson, note);
    rmSync(join(dir, name));
  }
  return notes;
}

/** The report of an exercise the run did not grade: stopped by the watchdog (see `note`), or its check file did not run. */
function ungradedReport(name: ExerciseName, note: StopNote | undefined): ExerciseReport {
  const spec = getCatalog()[name];
  const file = `exercises/${spec.file}.ts`;
  if (!note) return judge(spec, { kind: "crashed", message: `not checked: test/exercises/${spec.file}.check.ts did not run (see the errors above)` });
  // Loading the file hung: every exercise of it is an error, as when the file does not load in `npm run grade`.
  if (note.exercise === undefined) return judge(spec, { kind: "load-error", message: note.message });
  // The exercise's own code hung: a time-out, in the watchdog's words.
  if (note.exercise === name) return { ...judge(spec, { kind: "crashed", message: note.message }), status: "timeout" };
  return judge(spec, { kind: "crashed", message: `not checked: the checks of ${file} were stopped at ${note.exercise} (an endless loop)` });
}

/**
 * Prints the points table after every run (in watch mode, for the lessons that ran) and records whether
 * every exercise of the run passed. An exercise whose check file could not run at all is shown as crashed,
 * or with the watchdog's words when it stopped the file.
 */
class PointsTable implements Reporter {
  allPassed = false;
  /** Notes of this run already told in one of vitest's "Worker exited unexpectedly" errors. */
  private readonly told = new Set<string>();

  constructor(
    private readonly selected: readonly ExerciseName[],
    private readonly notesDir: string,
  ) {}

  /**
   * For vitest's onUnhandledError: vitest's error about a worker process that a watchdog ended (its stack
   * lies in vitest's internals, its cause is "Worker exited unexpectedly") is rewritten, one per note, to
   * say the watchdog's words instead. It stays an error, so vitest still reports the run as failed.
   */
  tellStop(error: { message: string; stack?: string; cause?: unknown }): void {
    const cause = error.cause as { message?: unknown } | undefined;
    if (cause?.message !== "Worker exited unexpectedly") return;
    const name = readdirSync(this.notesDir).find((file) => !this.told.has(file));
    if (name === undefined) return;
    this.told.add(name);
    const note = JSON.parse(readFileSync(join(this.notesDir, name), "utf8")) as StopNote;
    error.message = `test/exercises/${note.lesson}.check.ts was stopped: ${note.message}`;
    error.stack = `Error: ${error.message}`;
    error.cause = undefined;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const found = new Map<string, ExerciseReport>();
    for (const module of modules) {
      const tasks = [...module.children.allSuites(), ...module.children.allTests()];
      for (const task of tasks) {
        const report = task.meta().optlabReport;
        if (report) found.set(report.name, report);
      }
    }
    const ran = new Set(modules.map(lessonOf));
    const stopped = takeStopNotes(this.notesDir);
    this.told.clear();
    const reports = this.selected
      .filter((name) => ran.has(EXERCISE_FILES[name]))
      .map((name) => found.get(name) ?? ungradedReport(name, stopped.get(EXERCISE_FILES[name])));
    this.allPassed = reports.length > 0 && reports.every((r) => r.status === "pass");
    const note = this.allPassed ? "Every exercise checked passes." : "In a notebook, check(\"name\") shows the same for one exercise; reveal(\"name\") shows a reference answer.";
    process.stdout.write(`\n${textTable(reports)}\n\n${note}\n`);
  }
}

/** Entry point: returns the exit code (0 every exercise passes, 1 some do not, 2 bad usage; null while watching). */
async function main(argv: readonly string[]): Promise<number | null> {
  let selection: CheckSelection;
  try {
    const parsed = parseCheckArgs(argv);
    if (parsed === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    selection = parsed;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  // Turns the exercises project on (vitest.config.ts leaves it out of plain `vitest run`).
  process.env.OPTLAB_CHECK = "1";
  // The watchdogs of the check files (vitest's worker processes inherit the variable) leave their notes here.
  const notesDir = mkdtempSync(join(tmpdir(), "optlab-check-"));
  process.env[NOTES_DIR_VARIABLE] = notesDir;
  process.on("exit", () => rmSync(notesDir, { recursive: true, force: true }));
  const root = repoRoot();
  const table = new PointsTable(selection.exercises, notesDir);
  const complete = selection.exercises.length === EXERCISE_NAMES.filter((name) => selection.files.includes(EXERCISE_FILES[name])).length;
  const vitest = await startVitest("test", selection.files.map((file) => `test/exercises/${file}.check.ts`), {
    root,
    config: join(root, "vitest.config.ts"),
    project: ["exercises"],
    watch: selection.watch,
    run: !selection.watch,
    reporters: ["default", table],
    onUnhandledError: (error) => table.tellStop(error),
    // One exercise of a lesson: only its describe ("adamStep: …") runs.
    testNamePattern: complete ? undefined : `^(${selection.exercises.join("|")}): `,
  });
  if (selection.watch) return null; // vitest keeps running until the learner presses q or Ctrl+C
  await vitest.close();
  return table.allPassed && process.exitCode !== 1 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => {
  if (code !== null) process.exitCode = code;
});
