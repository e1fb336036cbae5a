// Finds the exercise files in what a learner uploaded to a grading platform: loose lesson files, one folder
// holding them, or a whole copy of the repository (whose exercises/ is the learner's and solutions/ the
// course's). Looks with lstat only: links are never followed, so a link cannot point the grader elsewhere.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { EXERCISE_FILES } from "./harness";

/** The lesson files a submission consists of, e.g. "04-adam.ts", in course order. */
export const LESSON_FILES = [...new Set(Object.values(EXERCISE_FILES))].map((stem) => `${stem}.ts`);

/** What the platforms tell a learner whose upload holds no lesson file. */
export const NO_EXERCISE_FILES = `No exercise file was found in the upload. Expected the lesson files ${LESSON_FILES.join(", ")} (any of them; a missing one scores 0 for its exercises), uploaded as they are, in one folder, or as a copy of the repository (its exercises/ folder is graded).`;

/** Where the exercises of an upload are: the folder to grade, and notes on other folders that were passed over. */
export interface FoundExercises {
  folder: string;
  notes: string[];
}

const MAX_DEPTH = 4;
const MAX_ENTRIES = 2000;

/**
 * The folder of an upload to grade: among the folders (up to 4 levels down, not node_modules, hidden ones or
 * any solutions/ folder) that hold at least one lesson file, one named exercises/ if there is one, else the
 * one with the most lesson files, then the shallowest, then the first by name. Null when none holds any.
 */
export function findExercises(root: string): FoundExercises | null {
  const candidates: { dir: string; depth: number; count: number }[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    let count = 0;
    const subfolders: string[] = [];
    for (const name of names) {
      if (++seen > MAX_ENTRIES) return;
      if (name.startsWith(".") || name === "node_modules") continue;
      const st = lstatSync(join(dir, name));
      if (st.isDirectory()) {
        if (name !== "solutions" && depth < MAX_DEPTH) subfolders.push(name);
      } else if (LESSON_FILES.includes(name)) count += 1; // a link or pipe counts too: the grader then names it and scores it 0
    }
    if (count > 0) candidates.push({ dir, depth, count });
    for (const sub of subfolders) walk(join(dir, sub), depth + 1);
  };
  walk(root, 0);
  if (candidates.length === 0) return null;
  const named = candidates.filter((c) => c.dir.split(/[\\/]/).pop() === "exercises");
  const pool = named.length > 0 ? named : candidates;
  pool.sort((a, b) => b.count - a.count || a.depth - b.depth || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const chosen = pool[0];
  const shown = (dir: string): string => (relative(root, dir) || ".").split("\\").join("/");
  const others = candidates.filter((c) => c !== chosen);
  const listed = others.slice(0, 3).map((c) => `${JSON.stringify(`${shown(c.dir)}/`)} (${c.count} file${c.count === 1 ? "" : "s"})`);
  if (others.length > 3) listed.push(`${others.length - 3} more folders`);
  const notes = others.length > 0 ? [`Graded the lesson files in ${JSON.stringify(`${shown(chosen.dir)}/`)}; not graded: ${listed.join(", ")}.`] : [];
  return { folder: chosen.dir, notes };
}

/** Course files of exercises/ that the lesson stubs import and a learner never writes. */
export const COURSE_HELPERS = ["not-implemented.ts"];

/**
 * Adds the course's own helper modules (exercises/not-implemented.ts, which every stub imports) to an
 * upload folder that lacks them, so a lesson file with one exercise still a stub loads, as it does in the
 * learner's repository. Never replaces anything: an existing entry, even a link, stays as it is.
 */
export function addCourseHelpers(folder: string, repo: string): void {
  for (const name of COURSE_HELPERS) {
    try {
      writeFileSync(join(folder, name), readFileSync(join(repo, "exercises", name)), { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
