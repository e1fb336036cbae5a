// Runs one submission in isolation. Each student gets a private folder with their own compiled exercises
// (never the solutions, never another student's files); the compiled course library and runner are shared
// read-only from the template. The child process runs inside the operating system's containment
// (containment.ts: bubblewrap, else unshare, else none) and under Node's permission model (reads only the
// sandbox and the template, no writes, no child processes), with a heap cap, a resident-memory watchdog
// over its whole process tree, output caps, and time limits that this parent enforces itself: a watchdog
// per phase (start-up, each lesson file's loading, each exercise, the gaps between), and the child is
// ended as soon as it reports that it is done. If the child dies or hangs, the phase it was in gets a
// reason, and a new child carries on with the rest.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExerciseSpec } from "./catalog";
import { parseMessage } from "./channel";
import { CONTAINMENT_DESCRIPTIONS, detectContainment, wrapCommand, type ContainmentKind } from "./containment";
import { EXIT_MESSAGE } from "./execute";
import type { ExerciseName } from "./harness";
import { casesAttempt, runInputs, type Attempt } from "./judge";
import { MARKS, type ExerciseResult, type Mark, type RunnerJob, type RunnerMessage } from "./protocol";
import type { Prepared } from "./submission";

/** Limits for one student. */
export interface Limits {
  /** Override of every exercise's time limit, in milliseconds (default: each exercise's own). */
  exerciseMs?: number;
  /** Wall-clock limit for the whole student, in milliseconds. */
  studentMs: number;
  /** V8 heap cap of the child, in megabytes. */
  heapMb: number;
  /** Resident memory at which the child is killed, in megabytes (covers typed arrays outside the heap). */
  rssMb: number;
  /** Characters of output kept from the student's printing. */
  outputCap: number;
}

/** Default limits: generous for honest code, short for endless loops. */
export const DEFAULT_LIMITS: Limits = { studentMs: 120_000, heapMb: 256, rssMb: 1024, outputCap: 1 << 20 };

/** The message of an exercise that used the course library where lessons 01-07 forbid it. */
export const USES_LIBRARY = "uses the course library's implementation";

/** What each guard of the runner means, as the feedback says it. */
const MARK_MESSAGES: Record<Mark, string> = {
  solutions: "uses the reference solution",
  library: USES_LIBRARY,
  signal: "tried to send a signal to another process, which grading does not allow",
  network: "tried to use the network, which grading does not allow",
  snapshot: "tried to read the grader's own memory (a heap snapshot or diagnostic report), which grading does not allow",
};

/** The message of an exercise during which student code wrote on the grader's result channel. */
export const TAMPERED = "wrote on the grader's private result channel (forged or stray messages), which grading does not allow";

/** How long the child may take to start and load the library, and to move between two phases. */
const STARTUP_MS = 15_000;
const GAP_MS = 5_000;
/** The parent's watchdog allows this much beyond a phase's own limit (the child's timer should fire first). */
const graceMs = (limitMs: number): number => 2000 + limitMs / 2;
/** Characters the child may write on the channel in all (its own lines need well under 1 MB), and of lines not its own. */
const MAX_CHANNEL_CHARS = 16 << 20;
const MAX_FOREIGN_CHARS = 1 << 20;

/** Node's permission model flag: experimental until Node 22.13 / 23.5, then stable as --permission. */
export function permissionFlag(version = process.versions.node): string {
  const [major, minor] = version.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? "--permission" : "--experimental-permission";
}

/** The containment in force, as the terminal and summary.txt say it. */
export function containmentLine(kind: ContainmentKind = detectContainment()): string {
  return `containment: ${CONTAINMENT_DESCRIPTIONS[kind]}`;
}

// Children still running, ended if the grader itself exits first.
const live = new Map<ChildProcess, boolean>();
let exitHook = false;

/** Kills a child and everything it started. */
function kill(child: ChildProcess, group: boolean): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(group ? -child.pid : child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Resident memory of a process and all its descendants, in megabytes (0 when unknown). */
export function treeRssMb(pid: number): number {
  let kb = 0;
  const stack = [pid];
  for (let seen = 0; stack.length > 0 && seen < 64; seen++) {
    const p = stack.pop() as number;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) kb += Number(m[1]);
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/)) if (c) stack.push(Number(c));
    } catch {
      // gone, or no /proc (not Linux): the heap cap still applies
    }
  }
  return kb / 1024;
}

interface ChildRun {
  /** What the runner reported per exercise, and the marks of each lesson file's loading. */
  results: Map<ExerciseName, ExerciseResult>;
  loads: Map<string, { error: string | null; marks: Mark[]; restored: string[] }>;
  /** Phases ("load:<file>" or an exercise name) during which something other than the runner wrote on the channel. */
  tampered: Set<string>;
  printed: number;
  /** The phase the child was in when it stopped without finishing, and why. */
  unfinished: string | null;
  reason: string;
}

/** One step of the order the runner reports in; a runner line that does not match the next one is refused. */
type Step = { t: "load" | "loaded"; file: string } | { t: "start" | "attempt"; name: string } | { t: "done" };

function expectedSteps(job: RunnerJob): Step[] {
  const steps: Step[] = [];
  const loaded = new Set<string>();
  for (const ex of job.exercises) {
    if (!loaded.has(ex.file)) {
      loaded.add(ex.file);
      steps.push({ t: "load", file: ex.file }, { t: "loaded", file: ex.file });
    }
    steps.push({ t: "start", name: ex.name }, { t: "attempt", name: ex.name });
  }
  steps.push({ t: "done" });
  return steps;
}

function matches(step: Step, m: RunnerMessage): boolean {
  if (step.t !== m.t) return false;
  if (step.t === "load" || step.t === "loaded") return (m as { file: string }).file === step.file;
  if (step.t === "start" || step.t === "attempt") return (m as { name: string }).name === step.name;
  return true;
}

// The exercises' part of a job (every case's inputs, about 100 KB) is the same for most students: serialized once.
const exercisesJson = new Map<string, string>();

/** The job as the runner reads it from stdin. */
function jobText(job: Omit<RunnerJob, "nonce">, nonce: string): string {
  const key = job.exercises.map((e) => `${e.name}:${e.timeLimitMs}`).join(",");
  let exercises = exercisesJson.get(key);
  if (exercises === undefined) exercisesJson.set(key, (exercises = JSON.stringify(job.exercises)));
  const head = JSON.stringify({ nonce, dir: job.dir, libDir: job.libDir, loadLimitMs: job.loadLimitMs, outputCap: job.outputCap });
  return `${head.slice(0, -1)},"exercises":${exercises}}`;
}

/** Starts one child on a list of exercises and collects its messages until it finishes, dies or is stopped. */
function runChild(sandbox: string, template: string, job: Omit<RunnerJob, "nonce">, limits: Limits, deadlineMs: number): Promise<ChildRun> {
  return new Promise((resolveRun) => {
    const nonce = randomBytes(16).toString("hex");
    const kind = detectContainment();
    const argv = [
      process.execPath,
      permissionFlag(),
      `--allow-fs-read=${sandbox}/*`,
      `--allow-fs-read=${template}/*`,
      `--max-old-space-size=${limits.heapMb}`,
      // No V8 background threads (concurrent compiling, marking, sweeping): the grader already runs one
      // child per core, so they would only compete with the other students' children for the same cores.
      "--single-threaded",
      "--no-warnings",
      join(template, "runtime", "runner.js"),
    ];
    const { command, args } = wrapCommand(kind, argv, [template, sandbox], sandbox);
    const group = kind === "none";
    const child = spawn(command, args, {
      cwd: sandbox,
      env: { NODE_PATH: join(template, "node_modules") },
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      detached: group,
    });
    live.set(child, group);
    if (!exitHook) {
      exitHook = true;
      process.on("exit", () => {
        for (const [c, g] of live) kill(c, g);
      });
    }
    const run: ChildRun = { results: new Map(), loads: new Map(), tampered: new Set(), printed: 0, unfinished: null, reason: "" };
    const steps = expectedSteps({ ...job, nonce });
    const limitOf = new Map(job.exercises.map((e) => [e.name as string, e.timeLimitMs]));
    let next = 0;
    /** The phase student code may be running in, and the last one it ran in (for lines written in a gap). */
    let phase: string | null = null;
    let lastPhase = job.exercises.length > 0 ? `load:${job.exercises[0].file}` : "";
    let done = false;
    let stopped = "";
    let stderrTail = "";
    let buffer = "";
    let channelChars = 0;
    let foreignChars = 0;
    let watchdog: NodeJS.Timeout | undefined;

    const stop = (reason: string): void => {
      if (!stopped) stopped = reason;
      kill(child, group);
    };
    const arm = (ms: number, reason: string): void => {
      clearTimeout(watchdog);
      const until = Math.min(Date.now() + ms, deadlineMs);
      watchdog = setTimeout(() => stop(Date.now() >= deadlineMs ? "the time limit for the whole submission ran out" : reason), Math.max(1, until - Date.now()));
    };
    const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;
    arm(STARTUP_MS, `the grading process did not start within ${seconds(STARTUP_MS)}`);

    const onMessage = (m: RunnerMessage): void => {
      if (m.t === "load") {
        phase = lastPhase = `load:${m.file}`;
        arm(job.loadLimitMs + graceMs(job.loadLimitMs), `the time limit ran out while loading (${seconds(job.loadLimitMs)}), and the grader stopped the process`);
      } else if (m.t === "start") {
        const limit = limitOf.get(m.name) ?? 0;
        phase = lastPhase = m.name;
        arm(limit + graceMs(limit), `the time limit ran out (${seconds(limit)}), and the grader stopped the process`);
      } else if (m.t === "loaded" || m.t === "attempt") {
        if (m.t === "loaded") run.loads.set(m.file, { error: m.error, marks: m.marks, restored: m.restored });
        else run.results.set(m.name as ExerciseName, m.result);
        phase = null;
        arm(GAP_MS, "the grading process stopped responding");
      } else {
        run.printed = m.printed;
        done = true;
        clearTimeout(watchdog);
        kill(child, group); // finished: nothing the student left behind (timers, handlers) may run on
      }
    };
    const onLine = (line: string): void => {
      if (line === "" || done) return;
      if (line.startsWith(`${nonce} `)) {
        const message = parseMessage(line.slice(nonce.length + 1));
        if (message !== null && next < steps.length && matches(steps[next], message)) {
          next += 1;
          onMessage(message);
        } else {
          stop("the grading process sent a message the grader could not read");
        }
        return;
      }
      // Not the runner's: student code wrote on the channel during the current (or the last) phase.
      run.tampered.add(phase ?? lastPhase);
      foreignChars += line.length;
      if (foreignChars > MAX_FOREIGN_CHARS) stop(`wrote more than ${MAX_FOREIGN_CHARS >> 20} MB on the grader's result channel`);
    };
    const results = child.stdio[3] as NodeJS.ReadableStream;
    results.setEncoding("utf8");
    results.on("data", (chunk: string) => {
      channelChars += chunk.length;
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        onLine(line);
      }
      if (channelChars > MAX_CHANNEL_CHARS) {
        if (buffer.length > 0 && !buffer.startsWith(nonce)) run.tampered.add(phase ?? lastPhase);
        buffer = "";
        stop(`sent more than ${MAX_CHANNEL_CHARS >> 20} MB of results`);
      }
    });
    results.on("error", () => undefined);
    // Output is drained (so the child never blocks) but only the tail of stderr is kept, to spot crashes.
    child.stdout?.on("data", () => undefined);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4096);
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(jobText(job, nonce));
    const memory = setInterval(() => {
      if (child.pid !== undefined && treeRssMb(child.pid) > limits.rssMb) stop(`used more than ${limits.rssMb} MB of memory`);
    }, 100);
    child.on("error", (error) => stop(`the grading process could not be started (${error.message})`));
    child.on("close", (code, signal) => {
      live.delete(child);
      clearTimeout(watchdog);
      clearInterval(memory);
      if (buffer && !done) onLine(buffer);
      if (!done) {
        run.unfinished = phase ?? (next < steps.length ? stepPhase(steps[next]) : null);
        if (stopped) run.reason = stopped;
        else if (/heap out of memory|Reached heap limit|allocation failed/i.test(stderrTail)) run.reason = `ran out of memory (the heap limit is ${limits.heapMb} MB)`;
        else if (/Maximum call stack/i.test(stderrTail)) run.reason = "overflowed the call stack";
        else run.reason = `the process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
      }
      resolveRun(run);
    });
  });
}

/** The phase a step belongs to (for a child that stopped before reaching it). */
function stepPhase(step: Step): string | null {
  if (step.t === "load" || step.t === "loaded") return `load:${step.file}`;
  if (step.t === "start" || step.t === "attempt") return step.name;
  return null;
}

/** Everything the grader learned about one submission. */
export interface SubmissionRun {
  attempts: Map<ExerciseName, Attempt>;
  notes: string[];
}

/** The attempt decided by the runner's marks: the first in MARKS's order (the reference solution first). */
function markedAttempt(marks: readonly Mark[]): Attempt | null {
  const first = MARKS.find((m) => marks.includes(m));
  return first ? { kind: "forbidden", message: MARK_MESSAGES[first] } : null;
}

/** The grade-ready attempt of one exercise from what the runner reported. */
function toAttempt(spec: ExerciseSpec, result: ExerciseResult, load: { marks: Mark[] } | undefined): Attempt {
  const marked = markedAttempt([...(load?.marks ?? []), ...(result.kind === "cases" ? result.marks : [])]);
  if (marked) return marked;
  if (result.kind === "missing") return { kind: "missing", message: `exercises/${spec.file}.ts has no exported function ${spec.name}.` };
  if (result.kind === "load-error") return { kind: "load-error", message: result.message };
  if (result.changed.length > 0) return { kind: "crashed", message: `rewrote built-ins while running (${result.changed.join(", ")}), which the grader cannot trust` };
  return casesAttempt(spec, result.outcomes);
}

/**
 * Runs the given exercises of one prepared submission with the compiled course code in `template`. A
 * child that dies or hangs costs only the exercise (or lesson file) it was on; a new child continues with
 * the rest, within the student's time limit.
 */
export async function runSubmission(prepared: Prepared, sandbox: string, specs: readonly ExerciseSpec[], limits: Limits, template: string): Promise<SubmissionRun> {
  const attempts = new Map<ExerciseName, Attempt>();
  const notes = [...prepared.notes];
  for (const spec of specs) {
    if (prepared.compileErrors.has(spec.file)) attempts.set(spec.name, { kind: "load-error", message: prepared.compileErrors.get(spec.file) as string });
  }
  const deadline = Date.now() + limits.studentMs;
  const noted = new Set<string>();
  let printed = 0;
  for (let round = 0; round < 8; round++) {
    const todo = specs.filter((s) => !attempts.has(s.name));
    if (todo.length === 0 || Date.now() >= deadline) break;
    const job: Omit<RunnerJob, "nonce"> = {
      dir: prepared.dir,
      libDir: join(template, "node_modules", "@optlab", "lib"),
      loadLimitMs: Math.min(5000, limits.exerciseMs ?? 5000),
      outputCap: limits.outputCap,
      exercises: todo.map((s) => ({ name: s.name, file: s.file, inputs: runInputs(s), timeLimitMs: limits.exerciseMs ?? s.timeLimitMs })),
    };
    const run = await runChild(sandbox, template, job, limits, deadline);
    printed = Math.max(printed, run.printed);
    for (const [file, load] of run.loads) {
      if (load.restored.length > 0 && !noted.has(file)) {
        noted.add(file);
        notes.push(`Loading exercises/${file}.ts changed built-ins (${load.restored.join(", ")}); they were restored before grading.`);
      }
    }
    for (const spec of todo) {
      const result = run.results.get(spec.name);
      if (result === undefined) continue;
      const attempt = run.tampered.has(spec.name) || run.tampered.has(`load:${spec.file}`) ? { kind: "forbidden" as const, message: TAMPERED } : toAttempt(spec, result, run.loads.get(spec.file));
      attempts.set(spec.name, attempt);
      if (attempt.kind === "cases" && attempt.outcomes.some((o) => o.kind === "threw" && o.message === EXIT_MESSAGE)) notes.push(`${spec.name} ${EXIT_MESSAGE}.`);
    }
    if (run.unfinished === null) {
      if (run.results.size === 0) {
        // The child stopped before reporting anything: nothing to retry with.
        for (const s of todo) attempts.set(s.name, { kind: "crashed", message: `the grading process failed to start: ${run.reason || "no results"}` });
        break;
      }
      continue;
    }
    const message = run.tampered.has(run.unfinished) ? `${TAMPERED}; ${run.reason}` : run.reason;
    if (run.unfinished.startsWith("load:")) {
      const file = run.unfinished.slice(5);
      for (const s of todo) if (s.file === file && !attempts.has(s.name)) attempts.set(s.name, { kind: "crashed", message: `while loading exercises/${file}.ts: ${message}` });
    } else {
      attempts.set(run.unfinished as ExerciseName, { kind: "crashed", message });
    }
  }
  for (const spec of specs) {
    if (!attempts.has(spec.name)) {
      attempts.set(spec.name, { kind: "crashed", message: `not graded: the time limit for the whole submission (${Math.round(limits.studentMs / 1000)} s) ran out` });
    }
  }
  if (printed > limits.outputCap) notes.push(`Printed ${printed} characters; only the first ${limits.outputCap} were kept.`);
  // A lesson file that imports the solutions, where no call could be traced to one exercise at run time:
  // every exercise of that file scores 0.
  for (const file of prepared.importsSolutions) {
    const inFile = specs.filter((s) => s.file === file);
    if (!inFile.some((s) => attempts.get(s.name)?.kind === "forbidden")) {
      for (const s of inFile) attempts.set(s.name, { kind: "forbidden", message: MARK_MESSAGES.solutions });
    }
  }
  return { attempts, notes };
}
