// Gradescope, the whole flow as Gradescope runs it, under a temporary autograder root (AUTOGRADER_ROOT):
// `npm run gradescope` builds autograder.zip; it is unzipped into <root>/source/ (by Python's zipfile, an
// unzipper independent of the one that wrote it), setup.sh installs the grading code's packages (Node 20 is
// here, so it must not install Node), run_autograder is copied to <root>/ and run once per upload, and every
// results.json is checked against a JSON Schema written from Gradescope's specification. The reference
// answers score full marks, the stubs 0, an upload without exercise files 0 with what was expected, a
// process-exiting upload only its passing exercises, a repository copy its exercises/ and never solutions/;
// a broken autograder still writes results that say so.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXERCISE_NAMES } from "../../grader/harness";
import type { GradescopeResults } from "../../grader/gradescope";
import { LESSON_FILES } from "../../grader/upload";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "optlab-gradescope-test-"));
const AG = join(work, "autograder");
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(__dirname, "schemas", "gradescope-results.schema.json"), "utf8")));

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}
const build = (out: string) => run(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "gradescope.ts"), "--out", out]);
const env = { ...process.env, AUTOGRADER_ROOT: AG };

/** Unzips with Python's zipfile, keeping the permission bits; returns each entry with its mode. */
function unzip(zip: string, into: string): Record<string, number> {
  const script = [
    "import json, os, sys, zipfile",
    "z = zipfile.ZipFile(sys.argv[1])",
    "modes = {}",
    "for info in z.infolist():",
    "    path = z.extract(info, sys.argv[2])",
    "    mode = (info.external_attr >> 16) & 0o777",
    "    os.chmod(path, mode)",
    "    modes[info.filename] = mode",
    "print(json.dumps(modes))",
  ].join("\n");
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, zip, into], { encoding: "utf8" })) as Record<string, number>;
}

/** The uploads, each a function that fills <root>/submission/. */
const SUBMISSIONS: Record<string, (dir: string) => void> = {
  solutions: (dir) => {
    for (const f of LESSON_FILES) cpSync(join(ROOT, "solutions", f), join(dir, f));
  },
  stubs: (dir) => cpSync(join(ROOT, "exercises"), join(dir, "exercises"), { recursive: true }),
  empty: (dir) => writeFileSync(join(dir, "answers.txt"), "I wrote my answers in the notebook.\n"),
  "process-exit": (dir) => cpSync(join(ROOT, "test", "fixtures", "submissions", "process-exit"), join(dir, "work"), { recursive: true }),
  repository: (dir) => {
    cpSync(join(ROOT, "test", "fixtures", "submissions", "partly-wrong"), join(dir, "optimizer-lab", "exercises"), { recursive: true });
    cpSync(join(ROOT, "solutions"), join(dir, "optimizer-lab", "solutions"), { recursive: true });
  },
};

let modes: Record<string, number> = {};
let sameBytes = false;
let setup: Awaited<ReturnType<typeof run>>;
const graded: Record<string, { run: Awaited<ReturnType<typeof run>>; text: string }> = {};

beforeAll(async () => {
  const [a, b] = await Promise.all([build(join(work, "dist-a")), build(join(work, "dist-b"))]);
  if (a.code !== 0) throw new Error(`npm run gradescope failed:\n${a.stderr}`);
  expect(b.code).toBe(0);
  sameBytes = readFileSync(join(work, "dist-a", "autograder.zip")).equals(readFileSync(join(work, "dist-b", "autograder.zip")));
  mkdirSync(join(AG, "source"), { recursive: true });
  modes = unzip(join(work, "dist-a", "autograder.zip"), join(AG, "source"));
  setup = await run("bash", [join(AG, "source", "setup.sh")], { cwd: join(AG, "source"), env });
  if (setup.code !== 0) throw new Error(`setup.sh failed:\n${setup.stdout}\n${setup.stderr}`);
  // Gradescope copies run_autograder to the root and runs it from there.
  cpSync(join(AG, "source", "run_autograder"), join(AG, "run_autograder"));
  for (const [name, fill] of Object.entries(SUBMISSIONS)) {
    rmSync(join(AG, "submission"), { recursive: true, force: true });
    rmSync(join(AG, "results"), { recursive: true, force: true });
    mkdirSync(join(AG, "submission"));
    fill(join(AG, "submission"));
    const result = await run(join(AG, "run_autograder"), [], { cwd: AG, env });
    graded[name] = { run: result, text: readFileSync(join(AG, "results", "results.json"), "utf8") };
  }
  // A broken autograder, not the learner's fault: first a course file missing at grading time (the grader
  // catches the error), then a library that no longer compiles (the process dies; run_autograder steps in).
  const again = async (name: string): Promise<void> => {
    rmSync(join(AG, "results"), { recursive: true, force: true });
    graded[name] = { run: await run(join(AG, "run_autograder"), [], { cwd: AG, env }), text: readFileSync(join(AG, "results", "results.json"), "utf8") };
  };
  rmSync(join(AG, "submission"), { recursive: true, force: true });
  mkdirSync(join(AG, "submission"));
  SUBMISSIONS.solutions(join(AG, "submission"));
  rmSync(join(AG, "source", "exercises", "not-implemented.ts"));
  await again("missing-course-file");
  writeFileSync(join(AG, "source", "lib", "index.ts"), "export const = ;\n");
  await again("broken-library");
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const results = (name: string): GradescopeResults => JSON.parse(graded[name].text) as GradescopeResults;
const points = (name: string): Record<string, number> => Object.fromEntries(results(name).tests.map((t) => [t.name.split(":")[0], t.score]));

describe("npm run gradescope", () => {
  it("builds a zip with setup.sh and run_autograder at its root, executable, and only the course code the grader needs", () => {
    expect(modes["setup.sh"]).toBe(0o755);
    expect(modes.run_autograder).toBe(0o755);
    expect(modes["grader/cli.ts"]).toBe(0o644);
    for (const f of LESSON_FILES) expect(Object.keys(modes)).toContain(`solutions/${f}`);
    for (const path of Object.keys(modes)) expect(path).toMatch(/^(setup\.sh|run_autograder|package\.json|scripts\/grade(scope-run)?\.ts|(lib|solutions|exercises|grader)\/.+\.ts|(lib|solutions|exercises|grader)\/package\.json)$/);
    const pkg = JSON.parse(readFileSync(join(AG, "source", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const repo = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(pkg.dependencies).toEqual({ esbuild: repo.devDependencies.esbuild, tsx: repo.devDependencies.tsx });
  });

  it("builds the same bytes twice", () => {
    expect(sameBytes).toBe(true);
  });

  it("answers --help with its usage and rejects an unknown option or a missing value in one line, exit code 2", async () => {
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const script = join(ROOT, "scripts", "gradescope.ts");
    const [help, unknown, missing] = await Promise.all([run(tsx, [script, "--help"]), run(tsx, [script, "--zip"]), run(tsx, [script, "--out"])]);
    expect([help.code, help.stdout]).toEqual([0, "usage: npm run gradescope [-- --out DIR]\n  builds DIR/autograder.zip for Gradescope (default DIR: dist/gradescope)\n"]);
    expect(unknown.code).toBe(2);
    // one line (Node's wording of the reason varies between versions)
    expect(unknown.stderr).toMatch(/^gradescope: Unknown option '--zip'[^\n]* \(npm run gradescope -- --help shows the usage\)\n$/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^gradescope: Option '--out <value>' argument missing .*\n$/);
  });
});

describe("setup.sh and run_autograder under AUTOGRADER_ROOT", () => {
  it("setup.sh finds Node 20 and does not install it, then installs the grading code's packages", () => {
    expect(setup.stdout).toMatch(new RegExp(`^Node ${process.version.replace(/\./g, "\\.")} found; not installing Node$`, "m"));
    expect(setup.stdout).toMatch(/setup\.sh: done\s*$/);
    console.log(`setup.sh took ${setup.seconds.toFixed(1)} s; run_autograder ${Object.entries(graded).map(([k, v]) => `${k} ${v.run.seconds.toFixed(1)} s`).join(", ")}`);
  });

  it("writes a results.json that Gradescope's specification accepts for every upload, without crashing", () => {
    for (const [name, { run: r, text }] of Object.entries(graded)) {
      expect(r.code, `${name}: ${r.stdout}${r.stderr}`).toBe(0);
      const data = JSON.parse(text) as GradescopeResults;
      expect(validate(data), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(data.stdout_visibility).toBe("hidden");
      if (name === "missing-course-file" || name === "broken-library") continue;
      expect(data.tests.map((t) => t.name.split(":")[0])).toEqual([...EXERCISE_NAMES]);
      expect(data.score).toBe(data.tests.reduce((s, t) => s + t.score, 0));
      for (const t of data.tests) expect(t.visibility).toBe("visible");
    }
  });

  it("says so when the autograder itself fails, whether the grader catches the error or its process dies", () => {
    const caught = results("missing-course-file");
    expect(caught.score).toBe(0);
    expect(caught.output).toMatch(/^The autograder itself failed \(ENOENT: .*not-implemented\.ts.*\); this is not a mistake in your files\./);
    expect(graded["missing-course-file"].run.stdout).toMatch(/Error: ENOENT/);
    const died = results("broken-library");
    expect(died.score).toBe(0);
    expect(died.tests).toEqual([]);
    expect(died.output).toMatch(/^The autograder itself failed \(exit code [1-9]\d*\); this is not a mistake in your files\./);
  });

  it("gives a copy of solutions/ full marks, and tells the instructor (standard output) how the learner's process was contained", () => {
    expect(graded.solutions.run.stdout).toMatch(/^score 190, \d+ s; wrote .*results\.json\ncontainment: (bubblewrap|unshare|in-process guards only)/);
    const r = results("solutions");
    expect(r.score).toBe(190);
    for (const t of r.tests) expect([t.score, t.max_score, t.status]).toEqual([10, 10, "passed"]);
  });

  it("gives the stubs 0, each exercise saying it is not implemented yet", () => {
    const r = results("stubs");
    expect(r.score).toBe(0);
    for (const t of r.tests) expect(t.output).toMatch(/: 0\/10, not implemented, 0\/\d+ cases passed\n {2}Not implemented yet: write \w+ in exercises\//);
  });

  it("gives an upload without exercise files 0 and says what was expected", () => {
    const r = results("empty");
    expect(r.score).toBe(0);
    expect(r.output).toMatch(/^No exercise file was found in the upload\. Expected the lesson files 01-gradient-descent\.ts, .*08-capstone\.ts/);
    for (const t of r.tests) expect(t).toMatchObject({ score: 0, max_score: 10, status: "failed" });
  });

  it("contains an upload that calls process.exit: only its passing exercises score, as with npm run grade", () => {
    const p = points("process-exit");
    expect(results("process-exit").score).toBe(30);
    for (const name of ["stableLearningRate", "clipGradNorm", "clipGradValue"]) expect(p[name]).toBe(10);
    expect(results("process-exit").tests.find((t) => t.name.startsWith("sgdStep"))?.output).toMatch(/called process\.exit/);
  });

  it("grades exercises/ of a repository copy, never its solutions/, with the diagnosis and the first failing case", () => {
    const p = points("repository");
    for (const name of ["sgdStep", "stableLearningRate", "effectiveStepSizes", "stepDecay", "cosineAnnealing"]) expect(p[name]).toBe(10);
    expect(p.adamStep).toBeLessThan(10);
    expect(p.momentumStep).toBe(0);
    const adam = results("repository").tests.find((t) => t.name.startsWith("adamStep"));
    expect(adam?.output).toMatch(/Bias correction is missing[\s\S]*first failing case: [\s\S]*expected -?[\d.e-]+, got -?[\d.e-]+/);
  });
});
