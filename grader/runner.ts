// The child process of the CLI: runs one student's exercises and reports what each case produced. It is
// compiled to CommonJS into the student's sandbox and started with Node's permission model (reads only
// inside the sandbox, no writes, no child processes). It never sees the reference solutions or expected
// values: the parent judges. Messages go to file descriptor 3, one line each, prefixed by a nonce the
// parent sent on stdin, so student code cannot forge results.
import * as fs from "node:fs";
import * as path from "node:path";
import { executeCases } from "./execute";
import { GlobalGuard } from "./guard";
import { RUNNERS, type AnyFunction, type ExerciseName } from "./harness";
import type { Attempt } from "./judge";
import type { CaseInput } from "./values";

/** What the parent asks the child to run. */
export interface RunnerJob {
  nonce: string;
  /** The sandbox's copy of the student's exercises/ (compiled to .js). */
  dir: string;
  /** Time limit for loading one lesson module, in milliseconds. */
  loadLimitMs: number;
  /** Bytes of stdout/stderr the student may print before the rest is dropped. */
  outputCap: number;
  exercises: { name: ExerciseName; file: string; inputs: CaseInput[]; timeLimitMs: number }[];
}

/** One line from child to parent. */
export type RunnerMessage =
  | { t: "load"; file: string }
  | { t: "loaded"; file: string }
  | { t: "start"; name: string }
  | { t: "attempt"; name: string; attempt: Attempt; notes: string[] }
  | { t: "note"; text: string }
  | { t: "done" };

/** The message of the error thrown in place of process.exit and friends. */
export const EXIT_MESSAGE = "called process.exit (or kill/abort), which would stop the grader";

// Captured before any student code runs.
const stringify = JSON.stringify;
const writeSync = fs.writeSync;
const realExit = process.exit.bind(process);
const exists = fs.existsSync;

function main(): void {
  const job = JSON.parse(fs.readFileSync(0, "utf8")) as RunnerJob;
  const send = (message: RunnerMessage): void => {
    const line = `${job.nonce} ${stringify(message, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? { $num: String(v) } : v))}\n`;
    writeSync(3, line);
  };

  // Student code may not end the process: process.exit, kill of itself and abort throw instead.
  class ExitCalled extends Error {
    constructor() {
      super(EXIT_MESSAGE);
      this.name = "ProcessExit";
    }
  }
  const ownPid = process.pid;
  const realKill = process.kill.bind(process);
  process.exit = (() => {
    throw new ExitCalled();
  }) as typeof process.exit;
  process.abort = (() => {
    throw new ExitCalled();
  }) as typeof process.abort;
  process.kill = ((pid: number, signal?: string | number) => {
    if (pid === ownPid || pid === 0 || pid === -ownPid) throw new ExitCalled();
    return realKill(pid, signal);
  }) as typeof process.kill;
  (process as unknown as { reallyExit: () => void }).reallyExit = () => {
    throw new ExitCalled();
  };

  // Output caps: printing is allowed, but only the first bytes are passed on.
  let printed = 0;
  const cap = (stream: NodeJS.WriteStream): void => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const size = typeof chunk === "string" ? chunk.length : chunk.byteLength;
      printed += size;
      if (printed - size < job.outputCap) return write(chunk, ...(rest as []));
      return true;
    }) as typeof stream.write;
  };
  cap(process.stdout);
  cap(process.stderr);

  // Any module whose name or path mentions the solutions resolves to a tripwire instead: reading anything
  // from it marks the exercise running at that moment (or the lesson file, while it loads).
  let phase = "";
  const touched = new Set<string>();
  const Module = require("node:module") as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _cache: Record<string, unknown> };
  const tripwirePath = path.join(job.dir, "__reference_solution__.js");
  const tripwire = new Proxy(
    {},
    {
      get(_t, key) {
        if (key === "__esModule") return true;
        touched.add(phase);
        return () => {
          throw new Error("uses the reference solution");
        };
      },
      has: () => true,
    },
  );
  Module._cache[tripwirePath] = { id: tripwirePath, filename: tripwirePath, loaded: true, exports: tripwire, children: [], paths: [] };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    if (/(^|[\\/@])solutions([\\/.]|$)/.test(request)) return tripwirePath;
    if (request === "@optlab/exercises") return path.join(job.dir, "index.js");
    return resolve.call(this, request, ...rest);
  };

  // Reading the reference solutions' files (by any path) is caught as well; the permission model denies
  // the read itself, since they are outside the sandbox.
  const fsTable = require("node:fs") as Record<string, unknown>;
  for (const name of ["readFileSync", "readFile", "openSync", "open", "createReadStream", "readdirSync", "readdir", "existsSync", "statSync", "stat", "lstatSync", "accessSync", "cpSync", "copyFileSync"]) {
    const original = fsTable[name];
    if (typeof original !== "function") continue;
    fsTable[name] = function (this: unknown, target: unknown, ...rest: unknown[]): unknown {
      if (/(^|[\\/])solutions([\\/]|$)/.test(String(target))) touched.add(phase);
      return (original as AnyFunction).call(this, target, ...rest);
    };
  }

  const guard = new GlobalGuard();
  const modules = new Map<string, Record<string, unknown> | string>();
  const loadNotes: string[] = [];
  for (const ex of job.exercises) {
    if (!modules.has(ex.file)) {
      phase = `load:${ex.file}`;
      send({ t: "load", file: ex.file });
      const file = path.join(job.dir, `${ex.file}.js`);
      const [outcome] = executeCases((load) => (load(), {}), () => require(file) as unknown, [{}], job.loadLimitMs);
      let loaded: Record<string, unknown> | string;
      if (!exists(file)) loaded = `exercises/${ex.file}.ts is missing`;
      else if (outcome.kind === "timeout") loaded = `loading exercises/${ex.file}.ts did not finish within ${job.loadLimitMs / 1000} s (an endless loop at the top level?)`;
      else if (outcome.kind === "threw") loaded = `exercises/${ex.file}.ts could not be loaded: ${outcome.name}: ${outcome.message.split("\n")[0]}`;
      else loaded = require(file) as Record<string, unknown>;
      const changed = guard.checkAndRestore();
      if (changed.length > 0) loadNotes.push(`Loading exercises/${ex.file}.ts changed built-ins (${changed.join(", ")}); they were restored before grading.`);
      modules.set(ex.file, loaded);
      send({ t: "loaded", file: ex.file });
    }
    phase = ex.name;
    send({ t: "start", name: ex.name });
    const notes: string[] = [];
    const mod = modules.get(ex.file) as Record<string, unknown> | string;
    let attempt: Attempt;
    if (typeof mod === "string") {
      attempt = { kind: "load-error", message: mod };
    } else {
      // Reading the export can run student code too (a getter), so it gets the same time limit.
      let fn: unknown;
      const [read] = executeCases((get) => (get(), {}), () => (fn = mod[ex.name]), [{}], ex.timeLimitMs);
      if (read.kind !== "values") fn = undefined;
      if (typeof fn !== "function") {
        attempt = { kind: "missing", message: `exercises/${ex.file}.ts has no exported function ${ex.name}.` };
      } else {
        const outcomes = executeCases(RUNNERS[ex.name], fn as AnyFunction, ex.inputs, ex.timeLimitMs);
        attempt = { kind: "cases", outcomes };
      }
    }
    const changed = guard.checkAndRestore();
    if (touched.has(ex.name) || touched.has(`load:${ex.file}`)) {
      attempt = { kind: "forbidden", message: "uses the reference solution" };
    } else if (changed.length > 0) {
      attempt = { kind: "crashed", message: `rewrote built-ins while running (${changed.join(", ")}), which the grader cannot trust` };
    }
    if (attempt.kind === "cases" && attempt.outcomes.some((o) => o.kind === "threw" && o.message === EXIT_MESSAGE)) {
      notes.push(`${ex.name} ${EXIT_MESSAGE}.`);
    }
    send({ t: "attempt", name: ex.name, attempt, notes });
  }
  for (const text of loadNotes) send({ t: "note", text });
  if (printed > job.outputCap) send({ t: "note", text: `Printed ${printed} characters; only the first ${job.outputCap} were kept.` });
  send({ t: "done" });
  realExit(0);
}

main();
