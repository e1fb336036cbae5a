// Gradescope's autograder: for every submission, Gradescope puts the learner's upload in
// <root>/submission/ and runs run_autograder, which must write <root>/results/results.json (Gradescope's
// "Autograder Specifications"): one test per exercise with name, score, max_score, output and visibility,
// and the submission's score, execution_time, output and stdout_visibility. The root is /autograder, or
// the environment variable AUTOGRADER_ROOT (which lets the whole flow run in a test).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getCatalog } from "./catalog";
import type { StudentResult } from "./cli";
import { textDetail, textTable } from "./format";
import { EXERCISE_NAMES } from "./harness";
import { addCourseHelpers, findExercises, NO_EXERCISE_FILES } from "./upload";

/** When Gradescope shows a test (or the standard output) to the learner. */
export type Visibility = "hidden" | "after_due_date" | "after_published" | "visible";

/** One test of Gradescope's results: one exercise. */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: Visibility;
}

/** The results.json Gradescope reads after run_autograder. */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
}

/** The autograder root: $AUTOGRADER_ROOT, else /autograder. */
export function autograderRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUTOGRADER_ROOT || "/autograder";
}

/** Gradescope's results for a graded upload: one test per exercise; the table and `notes` as the output. */
export function gradescopeResults(result: StudentResult, notes: readonly string[], seconds: number): GradescopeResults {
  const max = result.reports.reduce((s, r) => s + r.max, 0);
  const output = [`${result.total}/${max} points.`, "", textTable(result.reports), ...(notes.length > 0 ? ["", "Notes:", ...notes.map((n) => `  - ${n}`)] : [])].join("\n");
  const tests = result.reports.map((r, i): GradescopeTest => ({
    name: `${r.name}: ${r.title}`,
    number: String(i + 1),
    score: r.points,
    max_score: r.max,
    status: r.points === r.max ? "passed" : "failed",
    output: textDetail(r),
    visibility: "visible",
  }));
  return { score: result.total, execution_time: Math.round(seconds), output, visibility: "visible", stdout_visibility: "hidden", tests };
}

/** Gradescope's results for an upload without any lesson file: 0 points, and what was expected. */
export function noExerciseResults(seconds: number): GradescopeResults {
  const catalog = getCatalog();
  const tests = EXERCISE_NAMES.map((name, i): GradescopeTest => ({
    name: `${name}: ${catalog[name].title}`,
    number: String(i + 1),
    score: 0,
    max_score: catalog[name].points,
    status: "failed",
    output: "Not graded: the upload holds no exercise file.",
    visibility: "visible",
  }));
  return { score: 0, execution_time: Math.round(seconds), output: NO_EXERCISE_FILES, visibility: "visible", stdout_visibility: "hidden", tests };
}

/** Results that say the autograder itself failed (not the learner's files), so nothing fails silently. */
export function failedResults(message: string, seconds: number): GradescopeResults {
  const output = `The autograder itself failed (${message}); this is not a mistake in your files. Please tell your instructor; the log is in the autograder's standard output.`;
  return { score: 0, execution_time: Math.round(seconds), output, visibility: "visible", stdout_visibility: "hidden", tests: [] };
}

/**
 * Grades <root>/submission/ with `grade` (the same sandboxed grading as `npm run grade`) and writes
 * <root>/results/results.json. The exercise folder of the upload is found as for PrairieLearn; the
 * course's not-implemented.ts is added to it when missing. `repo` holds the course (its exercises/).
 */
export async function runAutograder(root: string, repo: string, grade: (folder: string) => Promise<StudentResult>): Promise<GradescopeResults> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  let results: GradescopeResults;
  try {
    const found = findExercises(join(root, "submission"));
    if (found === null) results = noExerciseResults(seconds());
    else {
      addCourseHelpers(found.folder, repo);
      const result = await grade(found.folder);
      results = gradescopeResults(result, [...found.notes, ...result.notes], seconds());
    }
  } catch (error) {
    process.stdout.write(`${(error as Error).stack ?? String(error)}\n`);
    results = failedResults((error as Error).message, seconds());
  }
  mkdirSync(join(root, "results"), { recursive: true });
  writeFileSync(join(root, "results", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
