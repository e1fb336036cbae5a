// Containment of hostile student processes, end to end: one class holds a correct student ("full", made
// here from exercises/ and solutions/) and one student per attack (test/fixtures/hostile-process/): signals
// to the grader and to an unrelated process, network connections to a listener this test starts, forged,
// malformed and partial lines on the result channel, a thrown value that loops when described, a call that
// blocks in the kernel, a process kept alive after grading, the built-in guard blinded or its iterator
// replaced at load, the capstone's old step budget, a learner's own solutions.ts, and the course library's
// own clipping. The class is graded twice with the strongest containment this machine has, once with
// unshare and once with the in-process guards alone (OPTLAB_CONTAINMENT); every run must give the same
// gradebook and feedback, byte for byte.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMessage } from "../../grader/channel";
import { CONTAINMENT_DESCRIPTIONS, containmentFromEnv, containmentWorks, detectContainment, selectContainment, wrapCommand, type ContainmentKind } from "../../grader/containment";
import { GlobalGuard } from "../../grader/guard";
import { EXERCISE_NAMES } from "../../grader/harness";
import { TAMPERED, USES_LIBRARY } from "../../grader/sandbox";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "hostile-process");
const work = mkdtempSync(join(tmpdir(), "optlab-containment-test-"));
const CLASS = join(work, "class");
const STUDENT_SECONDS = 100;

/** Every file under a folder with its content hash, by relative path. */
function hashTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), createHash("sha256").update(readFileSync(full)).digest("hex"));
    }
  };
  walk(dir);
  return files;
}

type Run = { code: number | null; stdout: string; stderr: string; seconds: number; out: string; tmp: string };

function grade(name: string, containment: ContainmentKind | null): Promise<Run> {
  const out = join(work, `out-${name}`);
  const tmp = join(work, `tmp-${name}`);
  mkdirSync(tmp);
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
  if (containment === null) delete env.OPTLAB_CONTAINMENT;
  else env.OPTLAB_CONTAINMENT = containment;
  const args = [join(ROOT, "scripts", "grade.ts"), "--submissions", CLASS, "--out", out, "--jobs", "1", "--exercise-time", "3", "--student-time", String(STUDENT_SECONDS)];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), args, { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000, out, tmp }));
  });
}

let victim: ChildProcess;
let server: Server;
let udp: UdpSocket;
let reached = 0;
let classBefore: Map<string, string>;
const runs: Record<"a" | "b" | "unshare" | "none", Run> = {} as Record<"a" | "b" | "unshare" | "none", Run>;

beforeAll(async () => {
  victim = spawn("sleep", ["600"], { stdio: "ignore" });
  server = createServer((socket) => {
    reached += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  udp = createSocket("udp4");
  udp.on("message", () => (reached += 1));
  await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", resolve));

  // The correct student, and one student per attack with the victim's pid and the listener's port filled in.
  cpSync(join(ROOT, "exercises"), join(CLASS, "full"), { recursive: true, filter: (src) => !src.endsWith("package.json") });
  for (const file of readdirSync(join(ROOT, "solutions")).filter((f) => /^\d\d-.*\.ts$/.test(f))) cpSync(join(ROOT, "solutions", file), join(CLASS, "full", file));
  for (const attack of readdirSync(FIXTURES)) {
    cpSync(join(FIXTURES, attack), join(CLASS, attack), { recursive: true });
    for (const file of readdirSync(join(CLASS, attack))) {
      const path = join(CLASS, attack, file);
      writeFileSync(path, readFileSync(path, "utf8").replace(/__VICTIM_PID__/g, String(victim.pid)).replace(/__PORT__/g, String(port)));
    }
  }
  classBefore = hashTree(CLASS);
  [runs.a, runs.b, runs.unshare, runs.none] = await Promise.all([grade("a", null), grade("b", null), grade("unshare", "unshare"), grade("none", "none")]);
}, 300_000);

afterAll(() => {
  victim.kill();
  server.close();
  udp.close();
  rmSync(work, { recursive: true, force: true });
});

type Row = Record<string, number>;
function gradebook(run: Run): Map<string, Row> {
  const [header, ...rows] = readFileSync(join(run.out, "gradebook.csv"), "utf8").trim().split("\n");
  const columns = header.split(",");
  return new Map(rows.map((line) => {
    const cells = line.split(",");
    return [cells[0], Object.fromEntries(columns.slice(1).map((c, i) => [c, Number(cells[i + 1])]))];
  }));
}
const feedback = (student: string, run = runs.a): string => readFileSync(join(run.out, "feedback", `${student}.txt`), "utf8");
/** The table row of one exercise in a feedback file: points, status and diagnosis. */
const rowOf = (student: string, exercise: string): string => feedback(student).split("\n").find((line) => line.startsWith(`${exercise} `)) ?? "";

describe("choosing the containment", () => {
  it("takes the strongest kind that works, from OPTLAB_CONTAINMENT's cap downwards", () => {
    const works = (ok: ContainmentKind[]) => (kind: ContainmentKind) => ok.includes(kind);
    expect(selectContainment(null, works(["bubblewrap", "unshare"]))).toBe("bubblewrap");
    expect(selectContainment(null, works(["unshare"]))).toBe("unshare");
    expect(selectContainment(null, works([]))).toBe("none");
    expect(selectContainment("unshare", works(["bubblewrap", "unshare"]))).toBe("unshare");
    expect(selectContainment("unshare", works(["bubblewrap"]))).toBe("none");
    expect(selectContainment("none", works(["bubblewrap", "unshare"]))).toBe("none");
  });

  it("reads OPTLAB_CONTAINMENT and names the variable, the value and the choices when it is wrong", () => {
    expect(containmentFromEnv(undefined)).toBeNull();
    expect(containmentFromEnv("")).toBeNull();
    expect(containmentFromEnv("bwrap")).toBe("bubblewrap");
    expect(containmentFromEnv("unshare")).toBe("unshare");
    expect(() => containmentFromEnv("docker")).toThrow(/invalid OPTLAB_CONTAINMENT = "docker"; expected one of bubblewrap \(or bwrap\), unshare, none/);
  });

  it("runs bubblewrap with no network, its own namespaces and a read-only view of the given folders only", () => {
    const { command, args } = wrapCommand("bubblewrap", [process.execPath, "-e", "0"], [work], work);
    expect(command).toBe("bwrap");
    for (const flag of ["--unshare-all", "--unshare-user", "--die-with-parent", "--new-session"]) expect(args).toContain(flag);
    expect(args.join(" ")).toContain(`--ro-bind ${work} ${work}`);
    expect(args).not.toContain("--bind");
    expect(args).not.toContain("--share-net");
    expect(wrapCommand("unshare", ["node"], [], "/").args).toEqual(["--user", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--", "node"]);
    expect(wrapCommand("none", ["node", "x.js"], [], "/")).toEqual({ command: "node", args: ["x.js"] });
  });

  it("says in the summary which containment was in force", () => {
    const strongest = selectContainment(null, containmentWorks);
    expect(detectContainment()).toBe(strongest);
    expect(readFileSync(join(runs.a.out, "summary.txt"), "utf8")).toContain(`containment: ${CONTAINMENT_DESCRIPTIONS[strongest]}`);
    expect(runs.a.stdout).toContain(`containment: ${CONTAINMENT_DESCRIPTIONS[strongest]}`);
    expect(readFileSync(join(runs.unshare.out, "summary.txt"), "utf8")).toContain(`containment: ${CONTAINMENT_DESCRIPTIONS[selectContainment("unshare", containmentWorks)]}`);
    expect(readFileSync(join(runs.none.out, "summary.txt"), "utf8")).toContain("containment: in-process guards only");
  });
});

describe("the result channel's checks", () => {
  it("accepts exactly the runner's message shapes and refuses wrong field types", () => {
    expect(parseMessage('{"t":"start","name":"sgdStep"}')).toEqual({ t: "start", name: "sgdStep" });
    expect(parseMessage('{"t":"attempt","name":"sgdStep","result":{"kind":"cases","outcomes":[{"kind":"values","values":{"params":[1,{"$num":"NaN"}]}}],"marks":[],"changed":[]}}')).toEqual({
      t: "attempt",
      name: "sgdStep",
      result: { kind: "cases", outcomes: [{ kind: "values", values: { params: [1, NaN] } }], marks: [], changed: [] },
    });
    for (const bad of [
      '{"t":"attempt","name":"sgdStep","attempt":{"kind":"cases","outcomes":"all passed"},"notes":5}',
      '{"t":"attempt","name":"sgdStep","result":{"kind":"cases","outcomes":[{"kind":"values","values":{"params":["1"]}}],"marks":[],"changed":[]}}',
      '{"t":"attempt","name":"sgdStep","result":{"kind":"cases","outcomes":[],"marks":["bribe"],"changed":[]}}',
      '{"t":"start","name":"notAnExercise"}',
      '{"t":"start","name":5}',
      '{"t":"done","printed":"lots"}',
      '{"t":"loaded","file":"01-gradient-descent","error":7,"marks":[],"restored":[]}',
      '{"t":"note","text":"total 160/160"}',
      "[1,2]",
      "not json",
    ]) {
      expect(parseMessage(bad)).toBeNull();
    }
  });

  it("renames built-in labels with unusual characters instead of passing student text on", () => {
    const m = parseMessage('{"t":"loaded","file":"01-gradient-descent","error":null,"marks":[],"restored":["Math.sqrt","Object.prototype.\\ntotal 160/160"]}');
    expect(m).toEqual({ t: "loaded", file: "01-gradient-descent", error: null, marks: [], restored: ["Math.sqrt", "(a property with an unusual name)"] });
  });
});

describe("the built-in guard", () => {
  it("sees a rewritten Math.sqrt even when the array iterator was replaced first, and restores both", () => {
    const guard = new GlobalGuard();
    const iterator = Object.getPrototypeOf([][Symbol.iterator]()) as { next: () => IteratorResult<unknown> };
    const next = iterator.next;
    const sqrt = Math.sqrt;
    iterator.next = () => ({ done: true, value: undefined });
    Math.sqrt = (x: number) => x;
    const changed = guard.checkAndRestore();
    expect(iterator.next).toBe(next);
    expect(Math.sqrt).toBe(sqrt);
    expect(changed).toEqual(expect.arrayContaining(["ArrayIterator.prototype.next", "Math.sqrt"]));
    expect(guard.checkAndRestore()).toEqual([]);
  });
});

describe("grading a class with hostile students", () => {
  it("finishes every run and writes the gradebook, with one row per student", () => {
    for (const run of Object.values(runs)) {
      expect(run.stderr).not.toMatch(/TypeError|grade: /);
      expect(run.code).toBe(0);
      expect([...gradebook(run).keys()]).toEqual(readdirSync(CLASS).sort());
    }
  });

  it("gives the correct student full marks", () => {
    for (const run of Object.values(runs)) expect(gradebook(run).get("full")?.total).toBe(190);
  });

  it("gives the same gradebook and feedback, byte for byte, on a second run and under every containment", () => {
    const files = hashTree(runs.a.out);
    files.delete("summary.txt");
    for (const run of [runs.b, runs.unshare, runs.none]) {
      const other = hashTree(run.out);
      other.delete("summary.txt");
      expect(other).toEqual(files);
    }
    expect(readFileSync(join(runs.b.out, "summary.txt"), "utf8")).toBe(readFileSync(join(runs.a.out, "summary.txt"), "utf8"));
  });

  it("leaves the unrelated process running and lets no connection reach the loopback listener", () => {
    expect(victim.exitCode).toBeNull();
    expect(victim.signalCode).toBeNull();
    expect(reached).toBe(0);
  });

  it("writes nothing outside the out folder: the class is unchanged and the temporary folder is empty again", () => {
    expect(hashTree(CLASS)).toEqual(classBefore);
    for (const run of Object.values(runs)) {
      expect(readdirSync(run.tmp).filter((f) => !f.startsWith("tsx-"))).toEqual([]); // tsx keeps its cache there
      expect([...hashTree(run.out).keys()].every((f) => f === "gradebook.csv" || f === "summary.txt" || f.startsWith("feedback/"))).toBe(true);
    }
    expect(existsSync("/tmp/optlab-hostile-write.txt")).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes("hostile"))).toEqual([]);
  });

  it("ends a student's process when it reports, however it tries to stay alive", () => {
    for (const run of Object.values(runs)) expect(run.seconds).toBeLessThan(STUDENT_SECONDS);
    expect(rowOf("keep-alive", "sgdStep")).toMatch(/10\/10 +pass/);
    expect(rowOf("keep-alive", "stableLearningRate")).toMatch(/10\/10 +pass/);
  });

  /** The points of one student, exercise by exercise: `scores` for those listed, 0 for the rest. */
  const expectPoints = (student: string, scores: Record<string, number>): void => {
    const expected: Row = Object.fromEntries(EXERCISE_NAMES.map((n) => [n, scores[n] ?? 0]));
    expected.total = Object.values(scores).reduce((s, x) => s + x, 0);
    expect(gradebook(runs.a).get(student)).toEqual(expected);
  };

  it("signals: the signalling exercise and the file that signals at load score 0, and say why", () => {
    expectPoints("signals", { stableLearningRate: 10 });
    expect(rowOf("signals", "sgdStep")).toMatch(/0\/10 +forbidden +tried to send a signal to another process/);
    expect(rowOf("signals", "momentumStep")).toMatch(/0\/10 +forbidden +tried to send a signal to another process/);
    expect(rowOf("signals", "nesterovStep")).toMatch(/0\/10 +forbidden +tried to send a signal to another process/);
  });

  it("network: the exercise that reaches out scores 0, and nothing arrives", () => {
    expectPoints("network", { stableLearningRate: 10 });
    expect(rowOf("network", "sgdStep")).toMatch(/0\/10 +forbidden +tried to use the network/);
  });

  it("result channel: heap snapshots are refused, and forged, malformed or partial lines cost the writer its exercise", () => {
    expectPoints("forged-channel", { stableLearningRate: 10 });
    expect(rowOf("forged-channel", "sgdStep")).toMatch(/0\/10 +forbidden +tried to read the grader's own memory \(a heap snapshot/);
    expect(rowOf("forged-channel", "stepDecay")).toMatch(/exercises\/06-schedules\.ts is missing/);
    expect(feedback("forged-channel")).not.toContain("FORGED");
    for (const student of ["malformed-message", "partial-line"]) {
      expectPoints(student, { stableLearningRate: 10 });
      expect(rowOf(student, "sgdStep")).toContain(`0/10    forbidden        ${TAMPERED}`);
    }
  });

  it("time limits: describing a looping thrown value is timed, a blocked process is stopped, and later exercises are still graded", () => {
    expectPoints("tostring-loop", { stableLearningRate: 10 });
    expect(rowOf("tostring-loop", "sgdStep")).toMatch(/0\/10 +timeout +It did not finish within 3\.0 s/);
    // Blocked in a system call, out of reach of the child's own timer: the grader's watchdog ends it.
    expectPoints("blocking-call", { stableLearningRate: 10 });
    expect(rowOf("blocking-call", "sgdStep")).toMatch(/0\/10 +crashed +the time limit ran out \(3 s\), and the grader stopped the process/);
  });

  it("built-ins: a blinded guard still sees Math.sqrt and fill rewritten; an iterator replaced at load is restored and noted", () => {
    expectPoints("iterator-blind", {});
    expect(rowOf("iterator-blind", "adagradStep")).toMatch(/0\/10 +crashed +rewrote built-ins while running \(Math\.sqrt, ArrayIterator\.prototype\.next\)/);
    expect(rowOf("iterator-blind", "rmspropStep")).toMatch(/0\/10 +crashed +rewrote built-ins while running \(ArrayIterator\.prototype\.next, Float64Array\.prototype\.fill\)/);
    expectPoints("iterator-at-load", { sgdStep: 10, stableLearningRate: 10 });
    expect(feedback("iterator-at-load")).toContain("Loading exercises/01-gradient-descent.ts changed built-ins (Array.prototype[Symbol(Symbol.iterator)]); they were restored before grading.");
  });

  it("capstone: there is no step budget left to dodge, so capturing lossAndGradient changes nothing", () => {
    expectPoints("capstone-budget", { fitCircle: 10 });
    expect(feedback("capstone-budget")).not.toMatch(/the budget is|lossAndGradient calls/);
  });

  it("a learner's own solutions.ts is theirs; the course library's clipping in lesson 07, Lion and Adafactor in lesson 09 score 0", () => {
    expectPoints("own-solutions-module", { adamStep: 10, effectiveStepSizes: 10 });
    expectPoints("course-library", {});
    expect(rowOf("course-library", "clipGradNorm")).toContain(`forbidden        ${USES_LIBRARY}`);
    expect(rowOf("course-library", "clipGradValue")).toContain(`forbidden        ${USES_LIBRARY}`);
    expect(rowOf("course-library", "lionStep")).toContain(`forbidden        ${USES_LIBRARY}`);
    expect(rowOf("course-library", "adafactorFactors")).toContain(`forbidden        ${USES_LIBRARY}`);
  });
});
