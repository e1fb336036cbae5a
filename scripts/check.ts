// `npm run check [-- 04 | adamStep | --watch]`: checks the learner's exercises/ with vitest (the "exercises"
// project of vitest.config.ts: one test per grading case, the grader's diagnosis as the failure message),
// then prints the same points table as `npm run grade`. Exit code 0 only when every checked exercise passes.
// With --watch it stays running and re-checks a lesson each time its exercise file is saved.
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Reporter, TestModule } from "vitest/node";
import { startVitest } from "vitest/node";
import { getCatalog } from "../grader/catalog";
import { textTable } from "../grader/format";
import { EXERCISE_FILES, EXERCISE_NAMES, isExerciseName, type ExerciseName } from "../grader/harness";
import { judge, type ExerciseReport } from "../grader/judge";
import { repoRoot } from "../grader/locate";

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

/**
 * Prints the points table after every run (in watch mode, for the lessons that ran) and records whether
 * every exercise of the run passed. An exercise whose check file could not run at all is shown as crashed.
 */
class PointsTable implements Reporter {
  allPassed = false;

  constructor(private readonly selected: readonly ExerciseName[]) {}

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
    const catalog = getCatalog();
    const reports = this.selected
      .filter((name) => ran.has(EXERCISE_FILES[name]))
      .map((name) => found.get(name) ?? judge(catalog[name], { kind: "crashed", message: `not checked: test/exercises/${EXERCISE_FILES[name]}.check.ts did not run (see the errors above)` }));
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
  const root = repoRoot();
  const table = new PointsTable(selection.exercises);
  const complete = selection.exercises.length === EXERCISE_NAMES.filter((name) => selection.files.includes(EXERCISE_FILES[name])).length;
  const vitest = await startVitest("test", selection.files.map((file) => `test/exercises/${file}.check.ts`), {
    root,
    config: join(root, "vitest.config.ts"),
    project: ["exercises"],
    watch: selection.watch,
    run: !selection.watch,
    reporters: ["default", table],
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
