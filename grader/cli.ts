// The grading command. `npm run grade` grades the learner's own exercises/ and prints a table;
// `--json` prints one JSON object instead. `--submissions DIR --out DIR2` grades a class: every subfolder
// of DIR is one student's copy of exercises/, graded in its own sandboxed process; writes gradebook.csv,
// one feedback file per student and summary.txt, shows progress, and ends with a class summary.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { getCatalog, maxTotal } from "./catalog";
import { oneLine, quoteStudentText, textDetail, textTable } from "./format";
import { EXERCISE_NAMES } from "./harness";
import { judge, type ExerciseReport, type JudgeOptions } from "./judge";
import { repoRoot } from "./locate";
import { DEFAULT_LIMITS, containmentLine, runSubmission, type Limits } from "./sandbox";
import { buildTemplate, prepareSubmission } from "./submission";
import { CANVAS_KEYS, isCanvasKey, readCanvasExport, writeCanvasImport, type CanvasKey } from "./canvas";
import { gradePrairieLearn } from "./prairielearn";

/** Parsed command-line options. */
export interface CliOptions {
  /** --help: print the usage and exit 0. */
  help: boolean;
  json: boolean;
  submissions?: string;
  out?: string;
  exercises?: string;
  jobs: number;
  limits: Limits;
  keep: boolean;
  /** Leave every failing case's inputs and expected values out of the feedback (the diagnosis stays). */
  hideCases: boolean;
  /** A PrairieLearn grading job's folder: grade DIR/student/, write DIR/results/results.json. */
  prairielearn?: string;
  /** A gradebook exported from Canvas: also write OUT/canvas-import.csv. */
  canvas?: string;
  /** The export's column folder names are matched against (default "SIS Login ID"). */
  canvasKey?: CanvasKey;
}

/** The usage, printed by --help. */
export const USAGE = `usage:
  npm run grade                                   grade exercises/ and print a table
  npm run grade -- --json                         the same as one JSON object
  npm run grade -- --submissions DIR --out DIR2   grade a class (one subfolder of DIR per student)
  npm run grade -- --prairielearn DIR             grade DIR/student/ for PrairieLearn (DIR/results/results.json)
options: --exercises DIR (grade another folder), --jobs N (parallel students, default: cores),
         --exercise-time S (override every exercise's limit), --student-time S (default 120),
         --memory MB (heap cap, default 256), --keep (keep the sandboxes),
         --hide-cases (feedback keeps the diagnosis but not the failing case's inputs and expected values),
         --canvas EXPORT.csv (with --submissions: write canvas-import.csv for that Canvas gradebook),
         --canvas-key COLUMN (match folder names to "SIS Login ID" (default), "SIS User ID" or "ID"),
         --help (this text)`;

/** Appended to util.parseArgs' errors (an unknown option, a missing value), which name no range. */
const HELP_HINT = "(npm run grade -- --help shows the usage)";

/** The options util.parseArgs reads; numbers arrive as text and are checked below. */
const OPTION_TABLE = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  keep: { type: "boolean" },
  "hide-cases": { type: "boolean" },
  submissions: { type: "string" },
  out: { type: "string" },
  exercises: { type: "string" },
  jobs: { type: "string" },
  "exercise-time": { type: "string" },
  "student-time": { type: "string" },
  memory: { type: "string" },
  prairielearn: { type: "string" },
  canvas: { type: "string" },
  "canvas-key": { type: "string" },
} as const;

/** A usage error: one line that names the option, the value and what was expected. */
function usage(message: string): Error {
  return new Error(message.split("\n").map((line) => line.trim()).filter(Boolean).join(" "));
}

/** Reads the command line with util.parseArgs; throws an Error whose one-line message names the bad option. */
export function readOptions(argv: readonly string[]): CliOptions {
  const parse = () => parseArgs({ args: [...argv], options: OPTION_TABLE, strict: true, allowPositionals: false }).values;
  let values: ReturnType<typeof parse>;
  try {
    values = parse();
  } catch (error) {
    throw usage(`${(error as Error).message} ${HELP_HINT}`);
  }
  const positive = (name: "jobs" | "exercise-time" | "student-time" | "memory", fallback: number): number => {
    const text = values[name];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n) || n <= 0) throw usage(`invalid --${name} = ${JSON.stringify(text)}; expected a number > 0`);
    return n;
  };
  // A count (--jobs, --memory): whole and at least 1, so that 0.5 cannot become 0.
  const whole = (name: "jobs" | "memory", fallback: number): number => {
    const n = Math.floor(positive(name, fallback));
    if (n < 1) throw usage(`invalid --${name} = ${JSON.stringify(values[name])}; expected a whole number ≥ 1`);
    return n;
  };
  const limits: Limits = { ...DEFAULT_LIMITS };
  if (values["exercise-time"] !== undefined) limits.exerciseMs = positive("exercise-time", 0) * 1000;
  limits.studentMs = positive("student-time", limits.studentMs / 1000) * 1000;
  limits.heapMb = whole("memory", limits.heapMb);
  const options: CliOptions = {
    help: values.help === true,
    json: values.json === true,
    keep: values.keep === true,
    hideCases: values["hide-cases"] === true,
    jobs: whole("jobs", Math.max(1, cpus().length)),
    limits,
    submissions: values.submissions,
    out: values.out,
    exercises: values.exercises,
    prairielearn: values.prairielearn,
    canvas: values.canvas,
  };
  const key = values["canvas-key"];
  if (key !== undefined) {
    if (!isCanvasKey(key)) throw usage(`invalid --canvas-key = ${JSON.stringify(key)}; expected one of ${CANVAS_KEYS.map((k) => JSON.stringify(k)).join(", ")}`);
    options.canvasKey = key;
  }
  if (options.help) return options;
  if (options.submissions && !options.out) throw usage("--submissions needs --out DIR for the gradebook");
  if (options.canvas && !options.submissions) throw usage(`--canvas ${options.canvas} needs --submissions DIR --out DIR2 (it matches a class to the Canvas gradebook)`);
  if (options.canvasKey && !options.canvas) throw usage(`--canvas-key ${options.canvasKey} needs --canvas EXPORT.csv`);
  if (options.prairielearn && (options.submissions || options.exercises || options.json)) throw usage(`--prairielearn ${options.prairielearn} grades one job folder; it cannot be combined with --submissions, --exercises or --json`);
  return options;
}

/** One graded submission. */
export interface StudentResult {
  student: string;
  reports: ExerciseReport[];
  total: number;
  notes: string[];
}

/** Grades one folder of exercises in a sandbox under `work`; `judging` can hide every exercise's cases. */
export async function gradeFolder(student: string, folder: string, template: string, sandbox: string, limits: Limits, judging: JudgeOptions = {}): Promise<StudentResult> {
  const catalog = getCatalog();
  const specs = EXERCISE_NAMES.map((n) => catalog[n]);
  const prepared = prepareSubmission(template, sandbox, folder);
  const run = await runSubmission(prepared, sandbox, specs, limits, template);
  const reports = specs.map((spec) => judge(spec, run.attempts.get(spec.name) ?? { kind: "crashed", message: "not graded" }, judging));
  return { student, reports, total: reports.reduce((s, r) => s + r.points, 0), notes: run.notes };
}

/** Grades one folder end to end, as `npm run grade` does: builds the template in `work`, then grades in a sandbox there. */
export async function gradeOne(student: string, folder: string, work: string, limits: Limits = DEFAULT_LIMITS, judging: JudgeOptions = {}): Promise<StudentResult> {
  const template = join(work, "template");
  buildTemplate(repoRoot(), template);
  return gradeFolder(student, folder, template, join(work, "s0"), limits, judging);
}

/** A folder name as shown in text files: as it is, or quoted with escapes when it holds control characters. */
function displayName(name: string): string {
  return /[\u0000-\u001f\u007f-\u009f]/.test(name) ? quoteStudentText(name) : name;
}

/** The student folders of a class, read without following links; every other entry is named with a reason. */
export function listStudents(root: string): { students: string[]; linked: Map<string, string>; skipped: string[] } {
  const students: string[] = [];
  const linked = new Map<string, string>();
  const skipped: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const name = entry.name;
    if (name.startsWith(".")) skipped.push(`${displayName(name)}: a hidden folder or file (its name starts with a dot); rename it to grade it`);
    else if (entry.isDirectory()) students.push(name);
    else if (entry.isSymbolicLink()) {
      students.push(name);
      linked.set(name, "the student folder is a symbolic link, which the grader does not follow");
    } else skipped.push(`${displayName(name)}: not a folder`);
  }
  students.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  skipped.sort();
  return { students, linked, skipped };
}

/** The result of a student who could not be graded at all: every exercise 0, with the reason. */
function notGraded(student: string, reason: string): StudentResult {
  const catalog = getCatalog();
  const reports = EXERCISE_NAMES.map((n) => judge(catalog[n], { kind: "load-error", message: reason }));
  return { student, reports, total: 0, notes: [`Not graded: ${reason}.`] };
}

/** The feedback file of one student. */
export function feedbackText(result: StudentResult): string {
  const lines = [`Feedback for ${displayName(result.student)}: ${result.total}/${maxTotal()} points`, "", textTable(result.reports), ""];
  for (const r of result.reports) if (r.status !== "pass") lines.push(textDetail(r), "");
  if (result.notes.length > 0) lines.push("Notes:", ...result.notes.map((n) => `  - ${oneLine(n)}`), "");
  return lines.join("\n");
}

/**
 * One CSV cell that a spreadsheet shows as text: a cell starting with =, +, -, @, tab or carriage return
 * would run as a formula, so it gets a leading apostrophe, and the cell is quoted (OWASP, "CSV Injection").
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r\t']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** gradebook.csv: header student,<exercise>...,total and one row per student, in the given order. */
export function gradebookCsv(results: readonly StudentResult[]): string {
  const header = ["student", ...EXERCISE_NAMES, "total"].join(",");
  const rows = results.map((r) => [csvField(r.student), ...r.reports.map((x) => String(x.points)), String(r.total)].join(","));
  return `${[header, ...rows].join("\n")}\n`;
}

/** A short label for a non-passing report without a known mistake. */
function summaryKey(r: ExerciseReport): string {
  if (r.status === "fail") return "wrong results";
  if (r.status === "forbidden") return r.diagnosis;
  if (r.status === "error") {
    if (/ is missing$/.test(r.diagnosis)) return "file missing";
    if (/symbolic link|regular file|larger than 1 MB/.test(r.diagnosis)) return "not a regular file";
    if (/could not be loaded|does not compile|did not finish within/.test(r.diagnosis)) return "file does not load";
    if (/has no exported function/.test(r.diagnosis)) return "function missing";
    return "throws an error";
  }
  return r.status;
}

/** The class summary: per exercise, pass rate, mean points and the most common diagnosis. */
export function classSummary(results: readonly StudentResult[]): string {
  const n = results.length;
  const lines = [`Class summary: ${n} submission${n === 1 ? "" : "s"}, mean total ${n ? (results.reduce((s, r) => s + r.total, 0) / n).toFixed(1) : "0"}/${maxTotal()}`];
  lines.push(`${"exercise".padEnd(20)} ${"pass rate".padEnd(14)} ${"mean".padEnd(6)} most common diagnosis`);
  EXERCISE_NAMES.forEach((name, i) => {
    const reports = results.map((r) => r.reports[i]);
    const passed = reports.filter((r) => r.status === "pass").length;
    const mean = n ? reports.reduce((s, r) => s + r.points, 0) / n : 0;
    const counts = new Map<string, number>();
    for (const r of reports) {
      if (r.status === "pass") continue;
      const key = r.variant ? `${r.variant} (known mistake)` : summaryKey(r);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    const rate = `${passed}/${n} (${n ? Math.round((100 * passed) / n) : 0}%)`;
    lines.push(`${name.padEnd(20)} ${rate.padEnd(14)} ${mean.toFixed(1).padEnd(6)} ${top ? `${top[0]}: ${top[1]}` : "-"}`);
  });
  return lines.join("\n");
}

/** Grades the learner's exercises/ (or --exercises DIR) and prints a table or JSON. */
async function learner(options: CliOptions, repo: string, work: string): Promise<void> {
  const template = join(work, "template");
  buildTemplate(repo, template);
  const folder = resolve(options.exercises ?? join(repo, "exercises"));
  const result = await gradeFolder("exercises", folder, template, join(work, "s0"), options.limits, { hideCases: options.hideCases });
  if (options.json) {
    const exercises = result.reports.map((r) => ({ name: r.name, points: r.points, max: r.max, status: r.status, diagnosis: r.diagnosis }));
    process.stdout.write(`${JSON.stringify({ total: result.total, max: maxTotal(), exercises })}\n`);
    return;
  }
  const lines = [textTable(result.reports), ""];
  for (const r of result.reports) if (r.status !== "pass" && r.status !== "not implemented") lines.push(textDetail(r), "");
  if (result.notes.length > 0) lines.push("Notes:", ...result.notes.map((n) => `  - ${oneLine(n)}`), "");
  lines.push("In a notebook, check(\"name\") shows the same for one exercise; reveal(\"name\") shows a reference answer.");
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Grades every subfolder of --submissions in parallel and writes the gradebook and feedback. */
async function instructor(options: CliOptions, repo: string, work: string): Promise<void> {
  const root = resolve(options.submissions as string);
  const out = resolve(options.out as string);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--submissions ${root} is not a folder`);
  const { students, linked, skipped } = listStudents(root);
  if (students.length === 0) throw new Error(`--submissions ${root} has no student folders${skipped.length ? ` (${skipped.join("; ")})` : ""}`);
  const canvas = options.canvas ? readCanvasExport(resolve(options.canvas), options.canvasKey) : null;
  const template = join(work, "template");
  buildTemplate(repo, template);
  const containment = containmentLine();
  mkdirSync(join(out, "feedback"), { recursive: true });

  const results: StudentResult[] = new Array(students.length);
  const started = Date.now();
  let next = 0;
  let finished = 0;
  const tty = process.stderr.isTTY === true;
  const progress = (): void => {
    const elapsed = (Date.now() - started) / 1000;
    const left = finished > 0 ? Math.ceil((elapsed / finished) * (students.length - finished)) : null;
    const line = `graded ${finished}/${students.length} students, ${elapsed.toFixed(0)} s elapsed${left === null ? "" : `, about ${left} s left`}`;
    process.stderr.write(tty ? `\r${line.padEnd(70)}` : `${line}\n`);
  };
  progress();
  const worker = async (): Promise<void> => {
    while (next < students.length) {
      const index = next++;
      const student = students[index];
      const link = linked.get(student);
      results[index] = link !== undefined ? notGraded(student, link) : await gradeFolder(student, join(root, student), template, join(work, `s${index}`), options.limits, { hideCases: options.hideCases });
      writeFileSync(join(out, "feedback", `${student}.txt`), feedbackText(results[index]));
      finished += 1;
      progress();
      if (!options.keep) rmSync(join(work, `s${index}`), { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, students.length) }, worker));
  if (tty) process.stderr.write("\n");
  writeFileSync(join(out, "gradebook.csv"), gradebookCsv(results));
  const canvasLines = canvas ? writeCanvasImport(canvas, results, out, maxTotal(), csvField) : [];
  const notGradedLines = [...linked].map(([name, reason]) => `  - ${displayName(name)}: ${reason}; every exercise scores 0`);
  const summary = [
    classSummary(results),
    "",
    containment,
    ...(notGradedLines.length ? ["", "Not graded:", ...notGradedLines] : []),
    ...(skipped.length ? ["", "Skipped (no row in the gradebook):", ...skipped.map((line) => `  - ${line}`)] : []),
    ...canvasLines,
  ].join("\n");
  writeFileSync(join(out, "summary.txt"), `${summary}\n`);
  process.stdout.write(`${summary}\n\nWrote ${join(out, "gradebook.csv")}, ${students.length} feedback files in ${join(out, "feedback")} and summary.txt (${((Date.now() - started) / 1000).toFixed(1)} s).\n`);
}

/** Entry point: returns the process exit code (0 ok, 2 bad usage or input). */
export async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = readOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const repo = repoRoot();
  const work = mkdtempSync(join(tmpdir(), "optlab-grade-"));
  try {
    if (options.submissions) await instructor(options, repo, work);
    else if (options.prairielearn) await gradePrairieLearn(resolve(options.prairielearn), (folder) => gradeOne("student", folder, work, options.limits, { hideCases: options.hideCases }));
    else await learner(options, repo, work);
    return 0;
  } catch (error) {
    process.stderr.write(`grade: ${(error as Error).message}\n`);
    return 2;
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`sandboxes kept in ${work}\n`);
  }
}
