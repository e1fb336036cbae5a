// What the class grader reads from a submission folder: only regular files, never through a link. Links to
// the reference solutions (absolute, relative, as a sub-folder, as the student folder itself), dangling
// links, a named pipe and a link to a device each cost only the exercises concerned, with a reason that
// names the entry, and never stop the class; hidden folders and stray files are named in the summary;
// folder names that a spreadsheet would run as formulas are neutralised in the gradebook.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvField } from "../../grader/cli";
import { EXERCISE_NAMES } from "../../grader/harness";
import { isSolutionsSpecifier } from "../../grader/submission";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "optlab-files-test-"));
const CLASS = join(work, "class");
const FORMULA_NAMES = ['=HYPERLINK("evil","x")', "+1", "-2", "@SUM(A1)"];

/** A complete, correct submission: the exercise folder with every lesson file replaced by its reference answer. */
function correctStudent(name: string): string {
  const dir = join(CLASS, name);
  cpSync(join(ROOT, "exercises"), dir, { recursive: true, filter: (src) => !src.endsWith("package.json") });
  for (const file of readdirSync(join(ROOT, "solutions")).filter((f) => /^\d\d-.*\.ts$/.test(f))) cpSync(join(ROOT, "solutions", file), join(dir, file));
  return dir;
}

function buildClass(): void {
  mkdirSync(CLASS, { recursive: true });
  const ada = correctStudent("ada");
  // 04-adam.ts an absolute link, 05-adamw.ts a relative link to the reference solutions
  const linkFile = correctStudent("link-file");
  rmSync(join(linkFile, "04-adam.ts"));
  symlinkSync(join(ROOT, "solutions", "04-adam.ts"), join(linkFile, "04-adam.ts"));
  rmSync(join(linkFile, "05-adamw.ts"));
  symlinkSync(relative(linkFile, join(ROOT, "solutions", "05-adamw.ts")), join(linkFile, "05-adamw.ts"));
  // a stub that re-exports a linked sub-folder
  const linkDir = correctStudent("link-subfolder");
  symlinkSync(join(ROOT, "solutions"), join(linkDir, "vendor"));
  writeFileSync(join(linkDir, "04-adam.ts"), 'export * from "./vendor/04-adam";\n');
  // the student folder itself is a link (to a correct submission), and one that dangles
  symlinkSync(ada, join(CLASS, "link-folder"));
  symlinkSync(join(work, "nowhere"), join(CLASS, "dangling-folder"));
  const dangling = correctStudent("dangling-file");
  rmSync(join(dangling, "04-adam.ts"));
  symlinkSync(join(work, "nowhere.ts"), join(dangling, "04-adam.ts"));
  const fifo = correctStudent("fifo");
  rmSync(join(fifo, "04-adam.ts"));
  execFileSync("mkfifo", [join(fifo, "04-adam.ts")]);
  const device = correctStudent("device");
  rmSync(join(device, "04-adam.ts"));
  symlinkSync("/dev/zero", join(device, "04-adam.ts"));
  // a learner's own helper module called solutions.ts is theirs, not the course's
  const own = correctStudent("own-helper");
  writeFileSync(join(own, "solutions.ts"), "export const half = (x: number): number => x / 2;\n");
  writeFileSync(join(own, "01-gradient-descent.ts"), `import { half } from "./solutions";\n${readFileSync(join(ROOT, "solutions", "01-gradient-descent.ts"), "utf8")}\nexport const unused = half(2);\n`);
  for (const name of FORMULA_NAMES) correctStudent(name);
  correctStudent(".hidden");
  writeFileSync(join(CLASS, "notes.txt"), "not a student\n");
}

function grade(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const args = [join(ROOT, "scripts", "grade.ts"), "--submissions", CLASS, "--out", out, "--jobs", "2", "--exercise-time", "5"];
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), args, { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Splits one CSV line into its cells (RFC 4180 quoting). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quotedCell = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quotedCell) {
      if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quotedCell = false;
      else cell += c;
    } else if (c === '"') quotedCell = true;
    else if (c === ",") out.push(cell), (cell = "");
    else cell += c;
  }
  out.push(cell);
  return out;
}

let run: Awaited<ReturnType<typeof grade>>;
let again: Awaited<ReturnType<typeof grade>>;
const book = new Map<string, Record<string, number>>();
const feedback = (student: string): string => readFileSync(join(work, "a", "feedback", `${student}.txt`), "utf8");

beforeAll(async () => {
  buildClass();
  [run, again] = await Promise.all([grade(join(work, "a")), grade(join(work, "b"))]);
  if (run.code !== 0) throw new Error(`grading failed (exit ${run.code}):\n${run.stderr}`);
  const [header, ...rows] = readFileSync(join(work, "a", "gradebook.csv"), "utf8").trim().split("\n");
  const columns = cells(header);
  for (const line of rows) {
    const [student, ...points] = cells(line);
    book.set(student, Object.fromEntries(columns.slice(1).map((c, i) => [c, Number(points[i])])));
  }
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Expected points: 10 for every exercise except those named. */
function allBut(zero: string[]): Record<string, number> {
  const r: Record<string, number> = Object.fromEntries(EXERCISE_NAMES.map((n) => [n, zero.includes(n) ? 0 : 10]));
  r.total = (EXERCISE_NAMES.length - zero.length) * 10;
  return r;
}

describe("submission files", () => {
  it("finishes the class and writes a gradebook row for every folder, links included", () => {
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/ENOENT|TypeError/);
    expect([...book.keys()].sort()).toEqual(
      ["ada", "dangling-file", "dangling-folder", "device", "fifo", "link-file", "link-folder", "link-subfolder", "own-helper", ...FORMULA_NAMES.map((n) => `'${n}`)].sort(),
    );
    expect(book.get("ada")).toEqual(allBut([]));
  });

  it("never follows a link to the reference solutions", () => {
    expect(book.get("link-file")).toEqual(allBut(["adamStep", "effectiveStepSizes", "adamL2Step", "adamwStep", "noDecayOnBiases"]));
    expect(feedback("link-file")).toMatch(/exercises\/04-adam\.ts is a symbolic link to ".*solutions\/04-adam\.ts"/);
    expect(feedback("link-file")).toMatch(/exercises\/05-adamw\.ts is a symbolic link to "(\.\.\/)+.*solutions\/05-adamw\.ts"/);
    // 05-adamw.ts builds on the student's own adamStep (import from "./04-adam"), so it goes down with it, noDecayOnBiases too
    const adamFiles = ["adamStep", "effectiveStepSizes", "adamL2Step", "adamwStep", "noDecayOnBiases"];
    expect(book.get("link-subfolder")).toEqual(allBut(adamFiles));
    expect(feedback("link-subfolder")).toMatch(/exercises\/04-adam\.ts imports "vendor", which is a symbolic link/);
    expect(book.get("link-folder")).toEqual(allBut([...EXERCISE_NAMES]));
    expect(feedback("link-folder")).toContain("the student folder is a symbolic link");
  });

  it("scores dangling links, pipes and devices 0 for their exercises only, naming the entry", () => {
    for (const student of ["dangling-file", "fifo", "device"]) expect(book.get(student)).toEqual(allBut(["adamStep", "effectiveStepSizes", "adamL2Step", "adamwStep", "noDecayOnBiases"]));
    expect(feedback("dangling-file")).toMatch(/exercises\/04-adam\.ts is a symbolic link to ".*nowhere\.ts"/);
    expect(feedback("fifo")).toContain("exercises/04-adam.ts is a named pipe (FIFO)");
    expect(feedback("device")).toContain('exercises/04-adam.ts is a symbolic link to "/dev/zero"');
    expect(feedback("fifo")).toMatch(/exercises\/05-adamw\.ts imports "04-adam\.ts", which is a named pipe/);
    expect(book.get("dangling-folder")).toEqual(allBut([...EXERCISE_NAMES]));
  });

  it("lets a learner keep a helper module of their own called solutions.ts", () => {
    expect(book.get("own-helper")).toEqual(allBut([]));
    expect(feedback("own-helper")).not.toContain("reference solution");
  });

  it("names hidden folders and stray files in the summary instead of dropping them silently", () => {
    const summary = readFileSync(join(work, "a", "summary.txt"), "utf8");
    expect(summary).toMatch(/Skipped \(no row in the gradebook\):\n {2}- \.hidden: a hidden folder/);
    expect(summary).toContain("notes.txt: not a folder");
    expect(summary).toMatch(/Not graded:\n(.*\n)* {2}- dangling-folder: the student folder is a symbolic link/);
  });

  it("neutralises folder names that a spreadsheet would run as formulas", () => {
    const text = readFileSync(join(work, "a", "gradebook.csv"), "utf8");
    for (const line of text.split("\n").slice(1)) expect(line).not.toMatch(/^[=+\-@\t\r]/);
    expect(text).toContain(`"'=HYPERLINK(""evil"",""x"")",10,`);
    expect(book.get("'@SUM(A1)")).toEqual(allBut([]));
  });

  it("gives byte-identical files on a second run", () => {
    expect(again.code).toBe(0);
    for (const file of ["gradebook.csv", "summary.txt", "feedback/fifo.txt", "feedback/link-file.txt"]) {
      expect(readFileSync(join(work, "b", file), "utf8")).toBe(readFileSync(join(work, "a", file), "utf8"));
    }
  });
});

describe("csvField", () => {
  it.each([
    ["ada", "ada"],
    ["=1+1", `"'=1+1"`],
    ["+1", `"'+1"`],
    ["-2", `"'-2"`],
    ["@x", `"'@x"`],
    ["\tx", `"'\tx"`],
    ["\rx", `"'\rx"`],
    ['a,"b"', `"a,""b"""`],
  ])("%j is written as %j", (name, cell) => {
    expect(csvField(name)).toBe(cell);
  });
});

describe("isSolutionsSpecifier", () => {
  it.each([
    ["@optlab/solutions", "04-adam.ts", true],
    ["@optlab/solutions/04-adam", "04-adam.ts", true],
    ["../solutions/04-adam", "04-adam.ts", true],
    ["../../solutions", "sub/x.ts", true],
    ["/home/ada/optimizer-lab/solutions/04-adam.ts", "04-adam.ts", true],
    ["./solutions", "04-adam.ts", false],
    ["./solutions.ts", "04-adam.ts", false],
    ["./solutions/helpers", "04-adam.ts", false],
    ["../solutions", "sub/x.ts", false],
    ["@optlab/lib", "04-adam.ts", false],
  ])("%s imported from %s: %s", (spec, from, expected) => {
    expect(isSolutionsSpecifier(spec, from)).toBe(expected);
  });
});
