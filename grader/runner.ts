"use strict";
// The child process of the CLI: runs one student's exercises and reports what each case produced. It is
// compiled to CommonJS and started inside the operating system's containment (see containment.ts) with
// Node's permission model (reads only inside the sandbox and the compiled course code, no writes, no child
// processes). It never sees the reference solutions or expected values: the parent judges.
//
// The result channel is file descriptor 3. Every message is one line, "\n<nonce> <json>\n": the leading
// newline ends any partial line student code wrote before it, and the nonce (sent on stdin, read before
// any student code runs) marks the runner's own lines. The nonce stays secret because student code cannot
// reach it: heap snapshots are disabled, the inspector is denied by the permission model, and this file is
// strict mode, so stack-trace tricks (CallSite.getFunction, fn.caller) cannot hand student code the
// runner's functions. The parent treats any other line on the channel as tampering by the exercise that
// was running, and checks every message's shape and order itself.
//
// Guards that only this process can apply, as further layers under the OS containment: signals to any
// other process, network sockets and heap snapshots throw and mark the exercise; the course's own
// solutions/ resolve to a tripwire; for lessons 01-07, reading @optlab/lib's optimizers, schedules or
// clipping functions marks the exercise ("uses the course library's implementation"); rewritten built-ins
// are restored after every case and mark the exercise.
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT_MESSAGE, executeCases } from "./execute";
import { GlobalGuard } from "./guard";
import { RUNNERS, type AnyFunction } from "./harness";
import { MARKS, isLibraryFree, isRestrictedLibraryModule, type ExerciseResult, type Mark, type RunnerJob, type RunnerMessage } from "./protocol";

// Captured before any student code runs.
const stringify = JSON.stringify;
const writeSync = fs.writeSync;
const exists = fs.existsSync;
const { apply, defineProperty, get: reflectGet, getOwnPropertyDescriptor } = Reflect;
const reallyExit = (process as unknown as { reallyExit: (code: number) => never }).reallyExit.bind(process);

/** A set of strings that uses no built-in a student could have replaced (a null-prototype object). */
function flagSet(): Record<string, true> {
  return Object.create(null) as Record<string, true>;
}

function main(): void {
  const job = JSON.parse(fs.readFileSync(0, "utf8")) as RunnerJob;
  const nonce = job.nonce;
  const send = (message: RunnerMessage): void => {
    const json = stringify(message, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? { $num: String(v) } : v));
    try {
      writeSync(3, `\n${nonce} ${json}\n`);
    } catch {
      reallyExit(70); // the channel is gone (student code closed it): the parent reports the phase
    }
  };

  // The phase student code is running in ("" between phases), and what the guards caught, as "phase|mark".
  let phase = "";
  const caught = flagSet();
  const mark = (what: Mark): void => {
    caught[`${phase}|${what}`] = true;
  };
  const marksOf = (name: string): Mark[] => {
    const found: Mark[] = [];
    for (let i = 0; i < MARKS.length; i++) if (caught[`${name}|${MARKS[i]}`] === true) found[found.length] = MARKS[i];
    return found;
  };
  const libraryFreePhases = flagSet();
  for (const ex of job.exercises) {
    if (isLibraryFree(ex.file)) {
      libraryFreePhases[ex.name] = true;
      libraryFreePhases[`load:${ex.file}`] = true;
    }
  }

  // Student code may not end the process: process.exit, kill of itself and abort throw instead. A signal
  // to any other process throws and marks the exercise (the OS containment hides other processes anyway).
  class ExitCalled extends Error {
    constructor() {
      super(EXIT_MESSAGE);
      this.name = "ProcessExit";
    }
  }
  const ownPid = process.pid;
  const refuse = (what: Mark, text: string): never => {
    mark(what);
    throw new Error(`${text} is not allowed during grading`);
  };
  process.exit = (() => {
    throw new ExitCalled();
  }) as typeof process.exit;
  process.abort = (() => {
    throw new ExitCalled();
  }) as typeof process.abort;
  const kill = (pid: unknown): never => {
    if (pid === ownPid) throw new ExitCalled();
    return refuse("signal", "sending a signal to another process");
  };
  process.kill = kill as typeof process.kill;
  const internals = process as unknown as Record<string, unknown>;
  internals._kill = kill;
  internals.reallyExit = () => {
    throw new ExitCalled();
  };
  if (process.report) process.report.writeReport = () => refuse("snapshot", "writing a diagnostic report");

  // No network: every way Node's modules open a socket or look up a name throws and marks the exercise.
  const net = require("node:net") as Record<string, unknown> & { Socket: { prototype: Record<string, unknown> }; Server: { prototype: Record<string, unknown> } };
  const noNetwork = (): never => refuse("network", "network access");
  net.connect = net.createConnection = net.createServer = noNetwork;
  net.Socket.prototype.connect = noNetwork;
  net.Server.prototype.listen = noNetwork;
  const dgram = require("node:dgram") as Record<string, unknown> & { Socket: { prototype: Record<string, unknown> } };
  dgram.createSocket = noNetwork;
  for (const method of ["bind", "connect", "send"]) dgram.Socket.prototype[method] = noNetwork;
  const dns = require("node:dns") as Record<string, unknown> & { promises: Record<string, unknown> };
  for (const table of [dns, dns.promises]) {
    for (const key of Object.keys(table)) if (typeof table[key] === "function") table[key] = noNetwork;
  }

  // No heap snapshots: they would show the nonce.
  const v8 = require("node:v8") as Record<string, unknown>;
  for (const key of ["getHeapSnapshot", "writeHeapSnapshot", "setHeapSnapshotNearHeapLimit"]) v8[key] = () => refuse("snapshot", "taking a heap snapshot");

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

  const Module = require("node:module") as {
    _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
    _cache: Record<string, { exports: unknown }>;
  };
  const inside = (dir: string, file: string): boolean => file === dir || file.startsWith(dir + path.sep);

  // The course's own solutions (the @optlab/solutions package, or a path that leaves the student's folder
  // into a solutions/ folder) resolve to a tripwire: reading anything from it marks the phase. A module of
  // the student's own, such as ./solutions.ts inside their folder, is theirs.
  const isCourseSolutions = (request: string, parent: { filename?: string } | undefined): boolean => {
    if (/^@optlab\/solutions(\/|$)/.test(request)) return true;
    if (!(request.startsWith(".") || path.isAbsolute(request))) return false;
    const target = path.resolve(parent?.filename ? path.dirname(parent.filename) : job.dir, request);
    return !inside(job.dir, target) && target.split(path.sep).includes("solutions");
  };
  const tripwirePath = path.join(job.dir, "__reference_solution__.js");
  const tripwire = new Proxy(
    {},
    {
      get(_t, key) {
        if (key === "__esModule") return true;
        mark("solutions");
        return () => {
          throw new Error("uses the reference solution");
        };
      },
      has: () => true,
    },
  );
  Module._cache[tripwirePath] = { id: tripwirePath, filename: tripwirePath, loaded: true, exports: tripwire, children: [], paths: [] } as { exports: unknown };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (this: unknown, request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string {
    if (isCourseSolutions(request, parent)) return tripwirePath;
    if (request === "@optlab/exercises") return path.join(job.dir, "index.js");
    return apply(resolve, this, [request, parent, ...rest]) as string;
  };

  // Reading the course's solutions by file path is caught as well (the permission model and the OS deny
  // the read itself: they are not in the sandbox).
  const fsTable = require("node:fs") as Record<string, unknown>;
  for (const name of ["readFileSync", "readFile", "openSync", "open", "createReadStream", "readdirSync", "readdir", "existsSync", "statSync", "stat", "lstatSync", "accessSync", "cpSync", "copyFileSync"]) {
    const original = fsTable[name];
    if (typeof original !== "function") continue;
    fsTable[name] = function (this: unknown, target: unknown, ...rest: unknown[]): unknown {
      if (typeof target === "string" && isCourseSolutions(target, undefined)) mark("solutions");
      return apply(original as AnyFunction, this, [target, ...rest]);
    };
  }

  // The library as student code sees it: every compiled module of @optlab/lib is loaded now, and its entry
  // in the module cache (fixed, so it cannot be deleted and loaded afresh) hands out a view. For lessons
  // 01-07, reading an optimizer, schedule or clipping function through a view marks the phase. The
  // library's own modules and the harness keep the references they took when they loaded.
  const restrictedNames = flagSet();
  const views: [string, boolean][] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(job.libDir, rel)).sort()) {
      const child = rel ? path.join(rel, name) : name;
      if (fs.statSync(path.join(job.libDir, child)).isDirectory()) walk(child);
      else if (name.endsWith(".js")) views.push([child, isRestrictedLibraryModule(child)]);
    }
  };
  walk("");
  for (const [rel, restricted] of views) {
    const exported = require(path.join(job.libDir, rel)) as Record<string, unknown>;
    if (restricted) for (const key of Object.keys(exported)) restrictedNames[key] = true;
  }
  for (const [rel, restricted] of views) {
    const file = path.join(job.libDir, rel);
    const entry = Module._cache[file];
    const real = entry.exports as object;
    const isIndex = rel === "index.js" || rel.endsWith(`${path.sep}index.js`);
    const view = new Proxy(real, {
      get(target, key, receiver) {
        if (typeof key === "string" && key !== "__esModule" && libraryFreePhases[phase] === true && (restricted || (isIndex && restrictedNames[key] === true))) mark("library");
        return reflectGet(target, key, receiver);
      },
    });
    defineProperty(entry, "exports", { value: view, writable: false, configurable: false, enumerable: true });
    const descriptor = getOwnPropertyDescriptor(Module._cache, file);
    defineProperty(Module._cache, file, { ...descriptor, writable: false, configurable: false });
  }

  const guard = new GlobalGuard();
  // What changed in the current phase, each name once (restored after every case, so it may change again).
  let changedNow: string[] = [];
  let changedSeen = flagSet();
  const restore = (): void => {
    const changed = guard.checkAndRestore();
    for (let i = 0; i < changed.length; i++) {
      if (changedSeen[changed[i]] === true) continue;
      changedSeen[changed[i]] = true;
      changedNow[changedNow.length] = changed[i];
    }
  };
  const newPhase = (name: string): void => {
    changedNow = [];
    changedSeen = flagSet();
    phase = name;
  };
  const modules = new Map<string, Record<string, unknown> | string>();
  for (const ex of job.exercises) {
    if (!modules.has(ex.file)) {
      send({ t: "load", file: ex.file });
      const file = path.join(job.dir, `${ex.file}.js`);
      let exported: unknown = null;
      newPhase(`load:${ex.file}`);
      const [outcome] = executeCases((load) => (load(), {}), () => (exported = require(file) as unknown), [{}], job.loadLimitMs, undefined, restore);
      phase = "";
      let error: string | null = null;
      if (!exists(file)) error = `exercises/${ex.file}.ts is missing`;
      else if (outcome.kind === "timeout") error = `loading exercises/${ex.file}.ts did not finish within ${job.loadLimitMs / 1000} s (an endless loop at the top level?)`;
      else if (outcome.kind === "threw") error = `exercises/${ex.file}.ts could not be loaded: ${stringify(outcome.name.slice(0, 60))}: ${stringify(outcome.message.slice(0, 200))}`;
      modules.set(ex.file, error ?? (exported as Record<string, unknown>));
      send({ t: "loaded", file: ex.file, error, marks: marksOf(`load:${ex.file}`), restored: changedNow });
    }
    send({ t: "start", name: ex.name });
    const mod = modules.get(ex.file) as Record<string, unknown> | string;
    let result: ExerciseResult;
    newPhase(ex.name);
    if (typeof mod === "string") {
      result = { kind: "load-error", message: mod };
    } else {
      // Reading the export can run student code too (a getter), so it gets the same time limit.
      let fn: unknown;
      const [read] = executeCases((get) => (get(), {}), () => (fn = mod[ex.name]), [{}], ex.timeLimitMs, undefined, restore);
      if (read.kind !== "values") fn = undefined;
      if (typeof fn !== "function") {
        result = { kind: "missing" };
      } else {
        const outcomes = executeCases(RUNNERS[ex.name], fn as AnyFunction, ex.inputs, ex.timeLimitMs, undefined, restore);
        result = { kind: "cases", outcomes, marks: [], changed: [] };
      }
    }
    phase = "";
    restore();
    if (result.kind === "cases") result = { ...result, marks: marksOf(ex.name), changed: changedNow };
    send({ t: "attempt", name: ex.name, result });
  }
  send({ t: "done", printed });
  reallyExit(0);
}

main();
