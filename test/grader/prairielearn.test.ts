// PrairieLearn: `npm run grade -- --prairielearn DIR` grades DIR/student/ in the sandbox and writes
// DIR/results/results.json in PrairieLearn's external-grader format, checked against a JSON Schema written
// from PrairieLearn's documentation. The reference answers score 1, the stubs 0, a partly wrong upload its
// share with the diagnosis, an upload without lesson files is not gradable; the question's entry point
// (integrations/prairielearn/grade.sh) does the same. Also: how an upload's exercise folder is found.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXERCISE_FILES, EXERCISE_NAMES, type ExerciseName } from "../../grader/harness";
import type { PrairieLearnResults } from "../../grader/prairielearn";
import { findExercises, LESSON_FILES } from "../../grader/upload";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "optlab-pl-test-"));
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(__dirname, "schemas", "prairielearn-results.schema.json"), "utf8")));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
const grade = (args: string[]) => run(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "grade.ts"), ...args]);

/** A job folder whose student/ gets the given files (relative path -> source file). */
function job(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "student"), { recursive: true });
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(join(dir, "student", rel, ".."), { recursive: true });
    cpSync(from, join(dir, "student", rel));
  }
  return dir;
}
const lessons = (folder: string, prefix = ""): Record<string, string> => Object.fromEntries(LESSON_FILES.map((f) => [`${prefix}${f}`, join(ROOT, folder, f)]));
const results = (dir: string): PrairieLearnResults => JSON.parse(readFileSync(join(dir, "results", "results.json"), "utf8")) as PrairieLearnResults;

const jobs: Record<string, string> = {};
const runs: Record<string, Awaited<ReturnType<typeof grade>>> = {};

beforeAll(async () => {
  jobs.full = job("full", lessons("solutions"));
  jobs.stubs = job("stubs", lessons("exercises"));
  const partly = join(ROOT, "test", "fixtures", "submissions", "partly-wrong");
  jobs.partly = job("partly", Object.fromEntries(readdirSync(partly).map((f) => [f, join(partly, f)])));
  // a copy of the repository: the learner's stubs in exercises/, the course's answers in solutions/
  jobs.repo = job("repo", { ...lessons("exercises", "optimizer-lab/exercises/"), ...lessons("solutions", "optimizer-lab/solutions/") });
  jobs.empty = job("empty", { "notes.txt": join(ROOT, "README.md") });
  jobs.entry = job("entry", lessons("solutions", "my-work/"));
  const [full, stubs, partlyRun, repo, empty] = await Promise.all(["full", "stubs", "partly", "repo", "empty"].map((k) => grade(["--prairielearn", jobs[k], "--exercise-time", "5"])));
  Object.assign(runs, { full, stubs, partly: partlyRun, repo, empty });
  runs.entry = await run(join(ROOT, "integrations", "prairielearn", "grade.sh"), [], { ...process.env, OPTLAB_GRADE_DIR: jobs.entry });
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run grade -- --prairielearn", () => {
  it("writes results that PrairieLearn's format accepts, under 1 MB, for every upload", () => {
    for (const name of ["full", "stubs", "partly", "repo", "empty", "entry"]) {
      expect(runs[name].code, `${name}: ${runs[name].stderr}`).toBe(0);
      const text = readFileSync(join(jobs[name], "results", "results.json"), "utf8");
      expect(Buffer.byteLength(text)).toBeLessThan(1 << 20);
      const data: unknown = JSON.parse(text);
      expect(validate(data), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("gives the reference answers score 1: one test per exercise, 10 of 10 points each", () => {
    const r = results(jobs.full);
    expect(r.gradable).toBe(true);
    expect(r.score).toBe(1);
    expect(r.message).toBe("190/190 points. Every exercise passes.");
    expect(r.tests.map((t) => t.name)).toEqual([...EXERCISE_NAMES]);
    for (const t of r.tests) expect(t).toMatchObject({ points: 10, max_points: 10 });
    expect(r.tests[0].output).toMatch(/^sgdStep \(one step of gradient descent\): 10\/10, pass, \d+\/\d+ cases passed$/);
  });

  it("gives the stubs score 0, each test saying it is not implemented yet", () => {
    const r = results(jobs.stubs);
    expect(r.score).toBe(0);
    for (const t of r.tests) {
      expect(t.points).toBe(0);
      // the stubs import exercises/not-implemented.ts, which the upload lacks: the grader adds the course's
      expect(t.message).toBe(`Not implemented yet: write ${t.name} in exercises/${EXERCISE_FILES[t.name as ExerciseName]}.ts.`);
    }
  });

  it("gives a partly wrong upload its share of the points, with the diagnosis and the first failing case", () => {
    const r = results(jobs.partly);
    const points = Object.fromEntries(r.tests.map((t) => [t.name, t.points]));
    for (const name of ["sgdStep", "stableLearningRate", "effectiveStepSizes", "stepDecay", "cosineAnnealing"]) expect(points[name]).toBe(10);
    expect(points.adamStep).toBeLessThan(10);
    expect(points.momentumStep).toBe(0);
    const total = r.tests.reduce((s, t) => s + t.points, 0);
    expect(r.score).toBe(total / 190);
    const adam = r.tests.find((t) => t.name === "adamStep");
    expect(adam?.message).toMatch(/Bias correction is missing/);
    expect(adam?.output).toMatch(/first failing case: .*\n {4}inputs: .*\n {4}params\[\d+\]: expected -?[\d.e-]+, got -?[\d.e-]+ \(relative error/);
    expect(r.tests.find((t) => t.name === "momentumStep")?.message).toBe("exercises/02-momentum.ts is missing");
  });

  it("grades exercises/ of a repository copy, never its solutions/", () => {
    const r = results(jobs.repo);
    expect(r.score).toBe(0);
    expect(r.tests.every((t) => /^Not implemented yet/.test(t.message))).toBe(true);
  });

  it("marks an upload without lesson files not gradable, saying which files were expected", () => {
    const r = results(jobs.empty);
    expect(r.gradable).toBe(false);
    expect(r.tests).toEqual([]);
    expect(r.format_errors).toEqual([r.message]);
    for (const f of LESSON_FILES) expect(r.message).toContain(f);
  });

  it("grades through the question's entry point, files in a sub-folder", () => {
    expect(results(jobs.entry).score).toBe(1);
  });

  it("builds its image with the versions of esbuild and tsx the repository pins", () => {
    const image = JSON.parse(readFileSync(join(ROOT, "integrations", "prairielearn", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const repo = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(image.dependencies).toEqual({ esbuild: repo.devDependencies.esbuild, tsx: repo.devDependencies.tsx });
  });

  it("grades through the image's files: the Dockerfile's COPY lines, then npm install, then grade.sh", async () => {
    // No Docker daemon here: the image's folder is laid out by following the Dockerfile's own COPY lines.
    const image = join(work, "image");
    const dockerfile = readFileSync(join(ROOT, "integrations", "prairielearn", "Dockerfile"), "utf8");
    const copies = [...dockerfile.matchAll(/^COPY (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(copies.length).toBeGreaterThan(5);
    for (const [from, to] of copies) cpSync(join(ROOT, from), join(image, to), { recursive: true });
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { ...process.env, npm_config_loglevel: "error" }, image);
    expect(install.code, install.stderr).toBe(0);
    const dir = job("image-job", lessons("solutions"));
    const graded = await run(join(image, "integrations", "prairielearn", "grade.sh"), [], { ...process.env, OPTLAB_GRADE_DIR: dir }, image);
    expect(graded.code, graded.stderr).toBe(0);
    expect(results(dir)).toMatchObject({ gradable: true, score: 1 });
  }, 120_000);

  it("rejects --prairielearn with a folder that does not exist, naming it", async () => {
    const missing = await grade(["--prairielearn", join(work, "nowhere")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--prairielearn ${join(work, "nowhere")} is not a folder`);
  });
});

describe("findExercises", () => {
  const tree = (name: string, files: string[]): string => {
    const dir = join(work, "trees", name);
    for (const f of files) {
      mkdirSync(join(dir, f, ".."), { recursive: true });
      writeFileSync(join(dir, f), "");
    }
    return dir;
  };

  it("takes loose files, the fullest folder, exercises/ over any other, and never solutions/", () => {
    const loose = tree("loose", ["04-adam.ts", "notes.md"]);
    expect(findExercises(loose)).toEqual({ folder: loose, notes: [] });
    expect(findExercises(tree("mixed", ["01-gradient-descent.ts", "old/01-gradient-descent.ts", "old/02-momentum.ts"]))?.notes).toEqual(['Graded the lesson files in "old/"; not graded: "./" (1 file).']);
    const nested = tree("nested", ["a/01-gradient-descent.ts", "b/01-gradient-descent.ts", "b/02-momentum.ts"]);
    expect(findExercises(nested)?.folder).toBe(join(nested, "b"));
    expect(findExercises(nested)?.notes).toEqual(['Graded the lesson files in "b/"; not graded: "a/" (1 file).']);
    const repo = tree("repo", ["lab/solutions/01-gradient-descent.ts", "lab/solutions/02-momentum.ts", "lab/exercises/01-gradient-descent.ts"]);
    expect(findExercises(repo)).toEqual({ folder: join(repo, "lab", "exercises"), notes: ['Graded the lesson files in "lab/exercises/"; not graded: "lab/solutions/" (2 files).'] });
    expect(findExercises(tree("none", ["readme.txt", "a/b/c/d/e/04-adam.ts"]))).toBeNull();
    // a folder named solutions/ is graded only when no other folder holds lesson files, and that is said
    const own = tree("own", ["solutions/04-adam.ts", "readme.txt"]);
    expect(findExercises(own)).toEqual({ folder: join(own, "solutions"), notes: ['Graded "solutions/" although it lies in a solutions/ folder, because no other folder holds lesson files.'] });
  });

  it("does not follow a linked folder", () => {
    const dir = tree("linked", ["x.txt"]);
    symlinkSync(join(ROOT, "solutions"), join(dir, "answers"));
    expect(findExercises(dir)).toBeNull();
  });
});
