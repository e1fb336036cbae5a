// Finds the exercise files in what a learner uploaded to a grading platform: loose lesson files, one folder
// holding them, or a whole copy of the repository (whose exercises/ is the learner's and solutions/ the
// course's). Looks with lstat only: links are never followed, so a link cannot point the grader elsewhere.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
 * The folder of an upload to grade, among the folders (up to 4 levels down, not node_modules or hidden
 * ones) that hold at least one lesson file: preferring, in turn, one outside any solutions/ folder (in a
 * copy of the repository those are the course's answers), one named exercises/, the most lesson files,
 * the shallowest, the first by name. Null when no folder holds any lesson file.
 */
export function findExercises(root: string): FoundExercises | null {
  const candidates: { dir: string; rel: string; depth: number; count: number; inSolutions: boolean }[] = [];
  let seen = 0;
  const walk = (rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch {
      return;
    }
    let count = 0;
    const subfolders: string[] = [];
    for (const name of names) {
      if (++seen > MAX_ENTRIES) return;
      if (name.startsWith(".") || name === "node_modules") continue;
      const st = lstatSync(join(root, rel, name));
      if (st.isDirectory()) {
        if (depth < MAX_DEPTH) subfolders.push(name);
      } else if (LESSON_FILES.includes(name)) count += 1; // a link or pipe counts too: the grader then names it and scores it 0
    }
    if (count > 0) candidates.push({ dir: join(root, rel), rel: rel ? `${rel}/` : "./", depth, count, inSolutions: rel.split("/").includes("solutions") });
    for (const sub of subfolders) walk(rel ? `${rel}/${sub}` : sub, depth + 1);
  };
  walk("", 0);
  if (candidates.length === 0) return null;
  const rank = (c: (typeof candidates)[number]): number[] => [c.inSolutions ? 1 : 0, c.rel.endsWith("exercises/") ? 0 : 1, -c.count, c.depth];
  const sorted = [...candidates].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    const i = x.findIndex((v, k) => v !== y[k]);
    return i >= 0 ? x[i] - y[i] : a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0;
  });
  const [chosen, ...others] = sorted;
  const notes: string[] = [];
  if (others.length > 0) {
    const listed = others.slice(0, 3).map((c) => `${JSON.stringify(c.rel)} (${c.count} file${c.count === 1 ? "" : "s"})`);
    if (others.length > 3) listed.push(`${others.length - 3} more folders`);
    notes.push(`Graded the lesson files in ${JSON.stringify(chosen.rel)}; not graded: ${listed.join(", ")}.`);
  }
  if (chosen.inSolutions) notes.push(`Graded ${JSON.stringify(chosen.rel)} although it lies in a solutions/ folder, because no other folder holds lesson files.`);
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
