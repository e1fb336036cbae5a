// `npm run check`, the learner's vitest checks, end to end: on the stubs every exercise is reported not
// implemented and the exit code is 1; on a copy of exercises/ holding the reference answers everything
// passes with exit code 0; on a copy with one known mistake (Adam without bias correction) the failure
// messages carry that mistake's diagnosis with the case's values; an endless loop and an exception are
// reported in the grader's words. An endless loop the grader's time limit cannot reach (at the top level
// of a lesson file, or after an await in an async exercise) is stopped by the check file's watchdog: the
// run ends, names the file, checks the other lessons and exits with 1, and --watch keeps working. The
// copies are made here from exercises/ and solutions/, so they can never drift from them; OPTLAB_EXERCISES
// points the check at them.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../grader/catalog";
import { EXERCISE_NAMES } from "../grader/harness";

const ROOT = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "optlab-check-test-"));

/** A copy of exercises/ with every lesson file replaced by its reference answer. */
function solutionsCopy(dir: string): string {
  cpSync(join(ROOT, "exercises"), dir, { recursive: true, filter: (src) => !src.endsWith("package.json") });
  for (const file of readdirSync(join(ROOT, "solutions")).filter((f) => /^\d\d-.*\.ts$/.test(f))) cpSync(join(ROOT, "solutions", file), join(dir, file));
  return dir;
}

const full = solutionsCopy(join(work, "full"));
// The known mistake "noBiasCorrection" (grader/variants.ts): m̂ = m and v̂ = v.
const mistake = solutionsCopy(join(work, "no-bias-correction"));
const adamFile = join(mistake, "04-adam.ts");
const adam = readFileSync(adamFile, "utf8");
const uncorrected = adam
  .replace("const mHat = m[i] / (1 - Math.pow(beta1, t));", "const mHat = m[i];")
  .replace("const vHat = v[i] / (1 - Math.pow(beta2, t));", "const vHat = v[i];");
writeFileSync(adamFile, uncorrected);
// Lesson 07 broken two ways: clipGradNorm never returns, clipGradValue throws.
const broken = solutionsCopy(join(work, "broken"));
const clippingFile = join(broken, "07-clipping.ts");
const clipping = readFileSync(clippingFile, "utf8");
const brokenClipping = clipping
  .replace(/(export function clipGradNorm\([^)]*\): number \{)/, "$1\n  for (;;) {}")
  .replace(/(export function clipGradValue\([^)]*\): void \{)/, '$1\n  throw new RangeError("clipValue out of range");');
writeFileSync(clippingFile, brokenClipping);
// Two loops no node:vm time limit covers: one at the top level of lesson 04 (it runs while the file
// loads, and while lesson 05 loads, which imports adamStep from it), one in lesson 02's momentumStep made
// async, after its first await (it runs after the call returned).
const hanging = solutionsCopy(join(work, "hanging"));
const topLevelLoop = `${readFileSync(join(hanging, "04-adam.ts"), "utf8")}\nwhile (true) {}\n`;
writeFileSync(join(hanging, "04-adam.ts"), topLevelLoop);
const momentumFile = join(hanging, "02-momentum.ts");
const asyncLoop = readFileSync(momentumFile, "utf8").replace(
  /export function momentumStep\(([^)]*)\): void \{/,
  "export async function momentumStep($1): Promise<void> {\n  await null;\n  while (true) {}",
);
writeFileSync(momentumFile, asyncLoop);

interface Run {
  code: number | null;
  /** True when the run had not ended by itself within the test's cap and was stopped. */
  capped: boolean;
  stdout: string;
  stderr: string;
  /** Both streams as they came (vitest writes the failures to stderr, the table goes to stdout). */
  all: string;
}

/**
 * Runs `npm run check -- ARGS` (as tsx scripts/check.ts) on a folder of exercises, without colours; stops
 * it after `capMs`. `onOutput` sees the output so far each time some arrives (the watch-mode test saves
 * files from there).
 */
function check(args: string[], exercises?: string, capMs = 150_000, onOutput?: (all: string, stop: () => void) => void): Promise<Run> {
  // The run happens inside a vitest worker: drop vitest's own variables so the child starts a fresh vitest.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "OPTLAB_CHECK"));
  if (exercises) env.OPTLAB_EXERCISES = exercises;
  else delete env.OPTLAB_EXERCISES;
  env.NO_COLOR = "1";
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "check.ts"), ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    let all = "";
    let capped = false;
    const stop = (): void => void child.kill();
    const cap = setTimeout(() => ((capped = true), stop()), capMs);
    child.stdout.on("data", (d: Buffer) => ((stdout += d.toString()), (all += d.toString()), onOutput?.(all, stop)));
    child.stderr.on("data", (d: Buffer) => ((stderr += d.toString()), (all += d.toString()), onOutput?.(all, stop)));
    child.on("close", (code) => (clearTimeout(cap), resolve({ code, capped, stdout, stderr, all })));
  });
}

/** The rows of the points table at the end of the output: exercise → [points, status]. */
function table(stdout: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  for (const line of stdout.split("\n")) {
    const m = /^(\w+)\s+(\d+\/\d+)\s+(pass|fail|not implemented|error|timeout|missing|forbidden|crashed)\b/.exec(line);
    if (m) rows.set(m[1], [m[2], m[3]]);
  }
  return rows;
}

let stubs: Run;
let solved: Run;
let wrong: Run;
let bad: Run;
let looping: Run;

beforeAll(async () => {
  // One at a time: each starts its own vitest on a machine with two cores.
  stubs = await check([]);
  solved = await check([], full);
  wrong = await check(["04"], mistake);
  bad = await check(["9x"]);
  looping = await check(["07"], broken);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run check", () => {
  it("the mistake copy really differs from the reference in the bias correction", () => {
    expect(uncorrected).not.toBe(adam);
    expect(uncorrected).toContain("const mHat = m[i];");
    expect(uncorrected).toContain("const vHat = v[i];");
  });

  it("on the stubs: every exercise not implemented, each case naming the file and function, exit code 1", () => {
    expect(stubs.code, stubs.stderr).toBe(1);
    const rows = table(stubs.stdout);
    expect([...rows.keys()]).toEqual([...EXERCISE_NAMES]);
    for (const name of EXERCISE_NAMES) expect(rows.get(name)).toEqual(["0/10", "not implemented"]);
    expect(stubs.stdout).toMatch(/^total\s+0\/190$/m);
    const catalog = getCatalog();
    for (const name of EXERCISE_NAMES) {
      expect(stubs.all).toContain(`${name} is not implemented yet: open exercises/${catalog[name].file}.ts and write ${name}.`);
    }
    const cases = EXERCISE_NAMES.reduce((n, name) => n + (catalog[name].assess ? 1 : catalog[name].cases.length), 0);
    expect(stubs.all).toMatch(new RegExp(`Tests\\s+${cases} failed \\(${cases}\\)`));
  });

  it("on a copy of the solutions: every case passes, the table shows 190/190, exit code 0", () => {
    expect(solved.code, solved.all.slice(-3000)).toBe(0);
    const rows = table(solved.stdout);
    expect([...rows.keys()]).toEqual([...EXERCISE_NAMES]);
    for (const name of EXERCISE_NAMES) expect(rows.get(name)).toEqual(["10/10", "pass"]);
    expect(solved.stdout).toMatch(/^total\s+190\/190$/m);
    expect(solved.all).toMatch(/Test Files\s+9 passed \(9\)/);
  });

  it("on a copy with Adam's bias correction left out: the mistake's diagnosis and the case's values, exit code 1", () => {
    expect(wrong.code).toBe(1);
    const spec = getCatalog().adamStep;
    const diagnosis = spec.variants.find((v) => v.name === "noBiasCorrection")?.message;
    expect(diagnosis).toBeDefined();
    expect(wrong.all).toContain(`adamStep (exercises/04-adam.ts): ${diagnosis}`);
    // The first case's feedback: its label, inputs, and expected against actual with the relative error.
    expect(wrong.all).toContain(`case: ${spec.cases[0].label}`);
    expect(wrong.all).toMatch(/params\[\d+\]: expected -?[\d.e+-]+, got -?[\d.e+-]+ \(relative error [\d.]+e[+-]\d+\)/);
    const rows = table(wrong.stdout);
    expect([...rows.keys()]).toEqual(["adamStep", "effectiveStepSizes"]);
    expect(rows.get("adamStep")?.[1]).toBe("fail");
    expect(rows.get("effectiveStepSizes")).toEqual(["10/10", "pass"]);
    expect(wrong.stdout).toMatch(/^adamStep\s+\d\/10\s+fail\s+Bias correction is missing/m);
  });

  it("an endless loop is stopped by the exercise's time limit and an exception is reported, both as failures of the run", () => {
    expect(brokenClipping).toContain("for (;;) {}");
    expect(brokenClipping).toContain("throw new RangeError");
    expect(looping.code).toBe(1);
    const limit = (getCatalog().clipGradNorm.timeLimitMs / 1000).toFixed(1);
    expect(looping.all).toContain(`clipGradNorm (exercises/07-clipping.ts): It did not finish within ${limit} s (an endless loop?)`);
    expect(looping.all).toContain(`clipGradNorm: not run, because an earlier case hit the time limit of ${limit} s`);
    expect(looping.all).toMatch(/clipGradValue \(exercises\/07-clipping\.ts\): It threw "?RangeError"?: "?clipValue out of range/);
    const rows = table(looping.stdout);
    expect(rows.get("clipGradNorm")).toEqual(["0/10", "timeout"]);
    expect(rows.get("clipGradValue")).toEqual(["0/10", "error"]);
  });

  it("a bad argument: exit code 2 and a message naming it and the valid lessons and exercises", () => {
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown lesson or exercise "9x"');
    expect(bad.stderr).toContain("01, 02, 03, 04, 05, 06, 07, 08");
    expect(bad.stderr).toContain(EXERCISE_NAMES.join(", "));
  });
});

describe("npm run check on endless loops outside the grader's timed calls", () => {
  let hung: Run;
  let watched: Run;
  let tables: string[];

  beforeAll(async () => {
    hung = await check([], hanging);
    // Watch lesson 04 of the copy: the first run meets the top-level loop; then the loop is taken out
    // (the reference file saved over it), and the re-run must check the lesson.
    const watching = solutionsCopy(join(work, "watching"));
    writeFileSync(join(watching, "04-adam.ts"), topLevelLoop);
    let saved = false;
    watched = await check(["--watch", "04"], watching, 150_000, (all, stop) => {
      const count = all.match(/^total /gm)?.length ?? 0;
      if (count === 1 && !saved) {
        saved = true;
        cpSync(join(ROOT, "solutions", "04-adam.ts"), join(watching, "04-adam.ts"));
      }
      if (count === 2) stop();
    });
    tables = watched.stdout.split(/^exercise\s+points/m).slice(1);
  }, 330_000);

  it("the copies really hold the loops", () => {
    expect(topLevelLoop).toMatch(/\nwhile \(true\) \{\}\n$/);
    expect(asyncLoop).toContain("export async function momentumStep(");
    expect(asyncLoop).toContain("await null;\n  while (true) {}");
  });

  it("the run ends by itself, names the file and the cause, checks every other lesson, exit code 1", () => {
    expect(hung.capped, hung.all.slice(-3000)).toBe(false);
    expect(hung.code).toBe(1);
    const rows = table(hung.stdout);
    expect([...rows.keys()]).toEqual([...EXERCISE_NAMES]);
    const loading = (file: string): string =>
      `exercises/${file}.ts did not finish loading within 10 s: an endless loop at the top level (outside any function) of it or of a file it imports?`;
    const lines = hung.stdout.split("\n");
    for (const [file, names] of [["04-adam", ["adamStep", "effectiveStepSizes"]], ["05-adamw", ["adamL2Step", "adamwStep", "noDecayOnBiases"]]] as const) {
      for (const name of names) {
        expect(rows.get(name), name).toEqual(["0/10", "error"]);
        const line = lines.find((l) => l.startsWith(`${name} `)) ?? "";
        expect(line.endsWith(` ${loading(file)}`), line).toBe(true);
      }
      expect(hung.all).toContain(`test/exercises/${file}.check.ts was stopped: ${loading(file)}`);
    }
    // momentumStep returned a promise; the rest of it, after the await, looped.
    expect(rows.get("momentumStep")).toEqual(["0/10", "timeout"]);
    expect(hung.stdout).toMatch(
      /^momentumStep\s+0\/10\s+timeout\s+momentumStep returned, but code it left to run later \(the rest of an async function after an await, or a promise or timer callback\) did not finish within 10 s: an endless loop in exercises\/02-momentum\.ts\?$/m,
    );
    expect(rows.get("nesterovStep")).toEqual(["0/10", "crashed"]);
    expect(hung.stdout).toMatch(/^nesterovStep\s+0\/10\s+crashed\s+not checked: the checks of exercises\/02-momentum\.ts were stopped at momentumStep/m);
    const stopped = ["momentumStep", "nesterovStep", "adamStep", "effectiveStepSizes", "adamL2Step", "adamwStep", "noDecayOnBiases"];
    for (const name of EXERCISE_NAMES.filter((n) => !stopped.includes(n))) expect(rows.get(name), name).toEqual(["10/10", "pass"]);
    expect(hung.stdout).toMatch(/^total\s+120\/190$/m);
    // vitest's own words for the ended worker process are replaced by the watchdog's.
    expect(hung.all).not.toContain("Worker exited unexpectedly");
  });

  it("in --watch, a hung lesson is reported and the next save is checked as usual", () => {
    expect(watched.capped, watched.all.slice(-3000)).toBe(false);
    expect(tables).toHaveLength(2);
    expect(table(tables[0]).get("adamStep")).toEqual(["0/10", "error"]);
    expect(tables[0]).toContain("exercises/04-adam.ts did not finish loading within 10 s");
    expect(table(tables[1]).get("adamStep")).toEqual(["10/10", "pass"]);
    expect(table(tables[1]).get("effectiveStepSizes")).toEqual(["10/10", "pass"]);
  });
});
