// PrairieLearn's external grading: a job folder (in the grading container, /grade) holds the learner's files
// in student/; the grader writes results/results.json in PrairieLearn's format: `gradable`, `score` in
// [0, 1], `message`, and one test per exercise with `name`, `points`, `max_points`, `message`, `output`.
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StudentResult } from "./cli";
import { textDetail, textTable } from "./format";
import { repoRoot } from "./locate";
import { containmentLine } from "./sandbox";
import { addCourseHelpers, findExercises, NO_EXERCISE_FILES } from "./upload";

/** One test of PrairieLearn's results: one exercise. */
export interface PrairieLearnTest {
  name: string;
  description: string;
  points: number;
  max_points: number;
  message: string;
  output: string;
}

/** The results.json PrairieLearn reads back from the grading container. */
export interface PrairieLearnResults {
  gradable: boolean;
  score: number;
  message: string;
  output: string;
  format_errors?: string[];
  tests: PrairieLearnTest[];
}

/** PrairieLearn's results for a graded folder: score = total / max, one test per exercise, `notes` in the output. */
export function prairieLearnResults(result: StudentResult, notes: readonly string[] = result.notes): PrairieLearnResults {
  const max = result.reports.reduce((s, r) => s + r.max, 0);
  const lost = result.reports.filter((r) => r.points < r.max).length;
  const message = `${result.total}/${max} points.${lost > 0 ? ` ${lost} exercise${lost === 1 ? "" : "s"} lost points; each says why, with its first failing case.` : " Every exercise passes."}`;
  const output = [textTable(result.reports), ...(notes.length > 0 ? ["", "Notes:", ...notes.map((n) => `  - ${n}`)] : [])].join("\n");
  const tests = result.reports.map((r) => ({
    name: r.name,
    description: r.title,
    points: r.points,
    max_points: r.max,
    message: r.diagnosis || `All ${r.total} cases pass.`,
    output: textDetail(r),
  }));
  return { gradable: true, score: max > 0 ? result.total / max : 0, message, output, tests };
}

/** PrairieLearn's results for an upload without any lesson file: not gradable (no attempt used), with what was expected. */
export function notGradableResults(reason: string = NO_EXERCISE_FILES): PrairieLearnResults {
  return { gradable: false, score: 0, message: reason, output: "", format_errors: [reason], tests: [] };
}

/**
 * Grades a PrairieLearn job folder: finds the exercises in DIR/student/ (adding the course's
 * not-implemented.ts there when missing) and grades them with `grade` (the same sandboxed grading as
 * `npm run grade`), then writes DIR/results/results.json.
 */
export async function gradePrairieLearn(dir: string, grade: (folder: string) => Promise<StudentResult>): Promise<PrairieLearnResults> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--prairielearn ${dir} is not a folder; expected a grading job folder holding student/`);
  const found = existsSync(join(dir, "student")) ? findExercises(join(dir, "student")) : null;
  let results: PrairieLearnResults;
  if (found === null) results = notGradableResults();
  else {
    addCourseHelpers(found.folder, repoRoot());
    const result = await grade(found.folder);
    results = prairieLearnResults(result, [...found.notes, ...result.notes]);
  }
  mkdirSync(join(dir, "results"), { recursive: true });
  const file = join(dir, "results", "results.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${results.gradable ? `score ${results.score}: ${results.message}` : `not gradable: ${results.message}`}\n${containmentLine()}\nWrote ${file}\n`);
  return results;
}
