// Parts "notebooks" and "grading" of the benchmark: the course as learners and instructors run it. Each
// notebook executes through real Jupyter (scripts/run-notebook.mjs), and a class of 30 generated
// submissions is graded with the instructor CLI. Both report what is missing instead of failing.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureSeconds, type Spread } from "./stats";

const root = new URL("..", import.meta.url).pathname;

/** The lesson notebooks the course is made of (fixed names from the design). */
export const COURSE = [
  "00-welcome.ipynb",
  "01-gradient-descent.ipynb",
  "02-momentum.ipynb",
  "03-adagrad-rmsprop.ipynb",
  "04-adam.ipynb",
  "05-adamw.ipynb",
  "06-schedules.ipynb",
  "07-clipping.ipynb",
  "08-capstone.ipynb",
];

/** Timing of the notebooks: the whole course in one run of the runner, and each notebook inside it. */
export interface NotebookResult {
  /** Wall time of `node scripts/run-notebook.mjs` over every notebook present, in seconds. */
  course: Spread | null;
  notebooks: {
    name: string;
    /** From the runner's start of the notebook to its end, kernel start included. */
    seconds: number | null;
    /** Time outside the cells: kernel start-up and shutdown. */
    outsideCells: number | null;
    /** The first code cell (imports: tslab compiles and type-checks them). */
    firstCell: number | null;
    slowestCell: number | null;
    slowestSeconds: number | null;
    errors: number;
    /** The first error's name and message, when a cell failed. */
    firstError: string | null;
  }[];
  missing: string[];
  note: string;
}

interface RunnerReport {
  notebook: string;
  seconds: number | null;
  errors: { cell: number | null; ename: string; evalue: string }[];
  cells: { cell: number; seconds: number | null }[];
}

/** Runs the course's notebooks through Jupyter once (cold kernel per notebook, as a learner starts them). */
export async function benchNotebooks(): Promise<NotebookResult> {
  const present = COURSE.filter((name) => existsSync(join(root, "notebooks", name)));
  const missing = COURSE.filter((name) => !present.includes(name));
  const runner = join(root, "scripts", "run-notebook.mjs");
  if (!existsSync(runner) || present.length === 0) {
    return { course: null, notebooks: [], missing, note: !existsSync(runner) ? "scripts/run-notebook.mjs is missing" : "no notebooks yet" };
  }
  const reportFile = join(mkdtempSync(join(tmpdir(), "optlab-bench-")), "report.json");
  let status: number | null = null;
  const course = await measureSeconds(
    "course",
    async () => {
      const child = spawnSync(process.execPath, [runner, ...present.map((n) => join("notebooks", n)), "--report", reportFile], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
      status = child.status;
    },
    1,
  );
  if (!existsSync(reportFile)) return { course: null, notebooks: [], missing, note: `the runner exited with status ${status} and wrote no report` };
  const reports = JSON.parse(readFileSync(reportFile, "utf8")) as RunnerReport[];
  const notebooks = present.map((name) => {
    const r = reports.find((x) => x.notebook.endsWith(`/${name}`));
    const timed = (r?.cells ?? []).filter((c) => c.seconds !== null) as { cell: number; seconds: number }[];
    const slowest = timed.reduce<{ cell: number; seconds: number } | null>((a, c) => (a === null || c.seconds > a.seconds ? c : a), null);
    const inCells = timed.reduce((sum, c) => sum + c.seconds, 0);
    const seconds = r?.seconds ?? null;
    return {
      name,
      seconds,
      outsideCells: seconds === null ? null : Number((seconds - inCells).toFixed(2)),
      firstCell: timed[0]?.seconds ?? null,
      slowestCell: slowest?.cell ?? null,
      slowestSeconds: slowest?.seconds ?? null,
      errors: r?.errors.length ?? -1,
      firstError: r && r.errors.length > 0 ? `cell ${r.errors[0].cell}: ${r.errors[0].ename}: ${r.errors[0].evalue}`.slice(0, 300) : null,
    };
  });
  const note = missing.length > 0 ? `not written yet: ${missing.join(", ")}` : "";
  return { course, notebooks, missing, note };
}

/** Timing of the instructor CLI on a generated class. */
export interface GradingResult {
  students: number;
  /** True when every submission is complete and correct (the scale row); false for the mixed class. */
  allCorrect?: boolean;
  /** Peak resident memory of the largest single process of the run (the grader, unless a student's child is larger), in MB. */
  graderMb?: number | null;
  /** The containment the grader reported (its summary's "containment:" line). */
  containment?: string | null;
  /** Wall time of `npm run grade -- --submissions DIR --out DIR2`, in seconds. */
  seconds: Spread | null;
  /** Rows written to gradebook.csv (one per student expected). */
  gradebookRows: number | null;
  /** The `total` column of the gradebook, per student in order. */
  totals: number[];
  note: string;
}

/**
 * Builds `count` student folders, each a copy of exercises/ in which some lesson files are replaced by
 * the reference solutions (student k solves the first k mod 9 lessons), so the class mixes full, partial
 * and empty submissions; with `allCorrect`, every student solves every lesson.
 */
export function makeSubmissions(dir: string, count: number, allCorrect = false): void {
  const lessons = readdirSync(join(root, "exercises")).filter((f) => /^\d\d-.*\.ts$/.test(f)).sort();
  for (let k = 0; k < count; k++) {
    const student = join(dir, `student-${String(k + 1).padStart(2, "0")}`);
    cpSync(join(root, "exercises"), student, { recursive: true, filter: (src) => !src.includes("node_modules") });
    lessons.slice(0, allCorrect ? lessons.length : k % (lessons.length + 1)).forEach((file) => {
      const solution = join(root, "solutions", file);
      if (!existsSync(solution)) return;
      // The solutions import their types from "@optlab/exercises"; in a student's folder those are local.
      const text = readFileSync(solution, "utf8").replace(/from "@optlab\/exercises"/g, 'from "./index"');
      writeFileSync(join(student, file), text);
    });
  }
}

/**
 * Grades `count` generated submissions with the instructor CLI, if it exists yet: by default the mixed
 * class of 30; `allCorrect` for the scale row (300 correct submissions in at most 60 s on 2 cores). The
 * grader runs under /usr/bin/time when it exists, for its own peak memory.
 */
export async function benchGrading(count = 30, allCorrect = false): Promise<GradingResult> {
  const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts as Record<string, string>;
  if (!scripts.grade) return { students: count, seconds: null, gradebookRows: null, totals: [], note: "no `grade` script in package.json yet (the instructor CLI is not built)" };
  const work = mkdtempSync(join(tmpdir(), "optlab-class-"));
  const submissions = join(work, "submissions");
  const out = join(work, "out");
  makeSubmissions(submissions, count, allCorrect);
  const timeFile = join(work, "time.txt");
  const timed = existsSync("/usr/bin/time");
  let status: number | null = null;
  let stderr = "";
  const seconds = await measureSeconds(
    "grading",
    async () => {
      rmSync(out, { recursive: true, force: true });
      // The grader itself (tsx's node), without npm around it, so /usr/bin/time measures the grading process.
      const grade = [join(root, "node_modules", ".bin", "tsx"), join(root, "scripts", "grade.ts"), "--submissions", submissions, "--out", out];
      const child = spawnSync(timed ? "/usr/bin/time" : grade[0], timed ? ["-f", "%M", "-o", timeFile, ...grade] : grade.slice(1), {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
      status = child.status;
      stderr = child.stderr;
    },
    1,
  );
  const gradebook = join(out, "gradebook.csv");
  const lines = existsSync(gradebook) ? readFileSync(gradebook, "utf8").trim().split("\n") : null;
  const rows = lines ? lines.length - 1 : null;
  const totals = (lines ?? []).slice(1).map((line) => Number(line.slice(line.lastIndexOf(",") + 1)));
  const note = rows === count ? "" : `grade exited with status ${status}; gradebook rows: ${rows}; ${stderr.slice(-300)}`;
  const summary = join(out, "summary.txt");
  const containment = existsSync(summary) ? (/^containment: (.*)$/m.exec(readFileSync(summary, "utf8"))?.[1] ?? null) : null;
  // /usr/bin/time's %M: the peak resident set, in KB, of the largest single process among the one it ran and
  // the descendants that process waited for (the grader and the students' children): a bound on the grader's.
  const kb = timed && existsSync(timeFile) ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) : NaN;
  rmSync(work, { recursive: true, force: true });
  return { students: count, allCorrect, seconds, gradebookRows: rows, totals, graderMb: Number.isFinite(kb) ? Math.round(kb / 1024) : null, containment, note };
}
