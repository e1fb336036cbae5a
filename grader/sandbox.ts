// Runs one submission in isolation. Each student gets a private folder with a compiled copy of
// @optlab/lib, the runner and their own exercises (never the solutions, never another student's files),
// and a child process started with Node's permission model (reads only inside that folder, no writes,
// no child processes), a heap cap, an RSS watchdog, output caps and time limits. If the child dies or
// hangs, the exercise it was on gets a reason, and a new child carries on with the rest.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExerciseSpec } from "./catalog";
import type { ExerciseName } from "./harness";
import type { Attempt } from "./judge";
import type { RunnerJob, RunnerMessage } from "./runner";
import type { Prepared } from "./submission";
import { decodeJson } from "./values";

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

/** Node's permission model flag: experimental until Node 22.13 / 23.5, then stable as --permission. */
export function permissionFlag(version = process.versions.node): string {
  const [major, minor] = version.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? "--permission" : "--experimental-permission";
}

/** Kills a child quietly. */
function kill(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface ChildRun {
  attempts: Map<string, Attempt>;
  notes: string[];
  /** The phase the child was in when it stopped without finishing: an exercise name or "load:<file>". */
  unfinished: string | null;
  reason: string;
}

/** Starts one child on a list of exercises and collects its messages until it finishes, dies or is killed. */
function runChild(sandbox: string, job: Omit<RunnerJob, "nonce">, limits: Limits, deadlineMs: number): Promise<ChildRun> {
  return new Promise((resolveRun) => {
    const nonce = randomBytes(16).toString("hex");
    const child = spawn(
      process.execPath,
      [
        permissionFlag(),
        `--allow-fs-read=${sandbox}/*`,
        `--max-old-space-size=${limits.heapMb}`,
        "--no-warnings",
        join(sandbox, "runtime", "runner.js"),
      ],
      { cwd: sandbox, env: {}, stdio: ["pipe", "pipe", "pipe", "pipe"] },
    );
    const run: ChildRun = { attempts: new Map(), notes: [], unfinished: null, reason: "" };
    let phase: string | null = null;
    let done = false;
    let killedFor = "";
    let stderrTail = "";
    let buffer = "";
    const onLine = (line: string): void => {
      if (!line.startsWith(`${nonce} `)) return;
      const message = decodeJson(line.slice(nonce.length + 1)) as RunnerMessage;
      if (message.t === "load") phase = `load:${message.file}`;
      else if (message.t === "loaded") phase = null;
      else if (message.t === "start") phase = message.name;
      else if (message.t === "attempt") {
        run.attempts.set(message.name, message.attempt);
        run.notes.push(...message.notes);
        phase = null;
      } else if (message.t === "note") run.notes.push(message.text);
      else if (message.t === "done") done = true;
    };
    const results = child.stdio[3] as NodeJS.ReadableStream;
    results.setEncoding("utf8");
    results.on("data", (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 64 << 20) {
        killedFor = "sent more than 64 MB of results";
        kill(child.pid);
      }
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    // Output is drained (so the child never blocks) but only the tail of stderr is kept, to spot crashes.
    child.stdout.on("data", () => undefined);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4096);
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify({ ...job, nonce }));
    const timer = setTimeout(() => {
      killedFor = "the time limit ran out (the process stopped responding)";
      kill(child.pid);
    }, Math.max(1, deadlineMs - Date.now()));
    const watch = setInterval(() => {
      if (child.pid !== undefined && rssMb(child.pid) > limits.rssMb) {
        killedFor = `used more than ${limits.rssMb} MB of memory`;
        kill(child.pid);
      }
    }, 100);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      if (buffer) onLine(buffer);
      if (!done) {
        run.unfinished = phase;
        if (killedFor) run.reason = killedFor;
        else if (/heap out of memory|Reached heap limit|allocation failed/i.test(stderrTail)) run.reason = `ran out of memory (the heap limit is ${limits.heapMb} MB)`;
        else if (/Maximum call stack/i.test(stderrTail)) run.reason = "overflowed the call stack";
        else run.reason = `the process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
      }
      resolveRun(run);
    });
  });
}

/** Everything the grader learned about one submission. */
export interface SubmissionRun {
  attempts: Map<ExerciseName, Attempt>;
  notes: string[];
}

/**
 * Runs the given exercises of one prepared submission. A child that dies or hangs costs only the exercise
 * (or lesson file) it was on; a new child continues with the rest, within the student's time limit.
 */
export async function runSubmission(prepared: Prepared, sandbox: string, specs: readonly ExerciseSpec[], limits: Limits): Promise<SubmissionRun> {
  const attempts = new Map<ExerciseName, Attempt>();
  const notes = [...prepared.notes];
  for (const spec of specs) {
    if (prepared.compileErrors.has(spec.file)) attempts.set(spec.name, { kind: "load-error", message: prepared.compileErrors.get(spec.file) as string });
  }
  const deadline = Date.now() + limits.studentMs;
    for (let round = 0; round < 8; round++) {
    const todo = specs.filter((s) => !attempts.has(s.name));
    if (todo.length === 0) break;
    if (Date.now() >= deadline) break;
    const job: Omit<RunnerJob, "nonce"> = {
      dir: prepared.dir,
      loadLimitMs: Math.min(5000, limits.exerciseMs ?? 5000),
      outputCap: limits.outputCap,
      exercises: todo.map((s) => ({ name: s.name, file: s.file, inputs: s.cases.map((c) => c.input), timeLimitMs: limits.exerciseMs ?? s.timeLimitMs })),
    };
    // A child should finish within the sum of its exercises' limits; the margin covers start-up and loading.
    const files = new Set(todo.map((s) => s.file)).size;
    const expectedEnd = Date.now() + job.exercises.reduce((sum, e) => sum + e.timeLimitMs, 0) + files * job.loadLimitMs + 10_000;
    const run = await runChild(sandbox, job, limits, Math.min(deadline, expectedEnd));
    for (const [name, attempt] of run.attempts) attempts.set(name as ExerciseName, attempt);
    notes.push(...run.notes);
    if (run.unfinished === null) {
      if (run.attempts.size === 0) {
        // The child stopped before reporting anything: nothing to retry with.
        for (const s of todo) attempts.set(s.name, { kind: "crashed", message: `the grading process failed to start: ${run.reason || "no results"}` });
        break;
      }
      continue;
    }
    const message = run.reason;
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
  // A lesson file that imports the solutions, where no call could be traced to one exercise at run time:
  // every exercise of that file scores 0.
  for (const file of prepared.importsSolutions) {
    const inFile = specs.filter((s) => s.file === file);
    if (!inFile.some((s) => attempts.get(s.name)?.kind === "forbidden")) {
      for (const s of inFile) attempts.set(s.name, { kind: "forbidden", message: "uses the reference solution" });
    }
  }
  return { attempts, notes };
}
