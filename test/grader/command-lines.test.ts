// Every command line of the course (grade, gradescope, site, run-notebook, bench, strip) reads its options with
// util.parseArgs: --help prints the usage and exits 0; an unknown option, a missing value or a value out of
// range is refused in one line on stderr with exit code 2, before any work starts.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

/** How each command is started, the start of its usage, an option that takes a value, and a bad value for it. */
const COMMANDS = [
  { name: "grade", argv: [TSX, "scripts/grade.ts"], usage: "usage:\n  npm run grade ", valued: "--out", bad: ["--jobs", "0"], badLine: 'invalid --jobs = "0"; expected a number > 0' },
  { name: "gradescope", argv: [TSX, "scripts/gradescope.ts"], usage: "usage: npm run gradescope [-- --out DIR]", valued: "--out", bad: null, badLine: "" },
  { name: "site", argv: [process.execPath, "scripts/site.mjs"], usage: "usage: npm run site [-- --jobs N] [--out DIR]", valued: "--jobs", bad: ["--jobs", "17"], badLine: 'site: invalid --jobs = "17"; expected a whole number from 1 to 16' },
  {
    name: "run-notebook",
    argv: [process.execPath, "scripts/run-notebook.mjs"],
    usage: "usage: node scripts/run-notebook.mjs NOTEBOOK...",
    valued: "--timeout",
    bad: ["notebooks/00-welcome.ipynb", "--timeout", "1.5"],
    badLine: 'run-notebook: invalid --timeout = "1.5"; expected whole seconds from 1 to 3600',
  },
  { name: "bench", argv: [TSX, "bench/run.ts"], usage: "usage: npm run bench [-- --only PARTS]", valued: "--only", bad: ["--only", "grading,speed"], badLine: 'bench: unknown part speed in --only = "grading,speed"; expected some of optimizers, circle, notebooks, grading, check' },
  { name: "strip", argv: [process.execPath, "scripts/strip.mjs"], usage: "usage: npm run strip [-- --check]", valued: null, bad: ["--check=yes"], badLine: "strip: Option '--check' does not take an argument" },
];

function run(argv: string[], args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(argv[0], [...argv.slice(1), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(COMMANDS)("$name", (c) => {
  it("answers --help and -h with its usage on stdout, exit code 0", () => {
    for (const flag of ["--help", "-h"]) {
      const help = run(c.argv, [flag]);
      expect([help.code, help.stderr]).toEqual([0, ""]);
      expect(help.stdout.startsWith(c.usage)).toBe(true);
    }
  });

  it("refuses an unknown option in one line naming it, exit code 2, and prints nothing on stdout", () => {
    const r = run(c.argv, ["--no-such-option"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^[^\n]*Unknown option '--no-such-option'[^\n]*--help shows the usage\)\n$/);
  });

  it.runIf(c.valued !== null)("refuses an option whose value is missing in one line, exit code 2", () => {
    const r = run(c.argv, [c.valued as string]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^[^\\n]*Option '${c.valued} <value>' argument missing[^\\n]*\\n$`));
    // A value that looks like an option is refused too (util.parseArgs calls it ambiguous), still in one line.
    const ambiguous = run(c.argv, [c.valued as string, "--help"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^[^\n]*argument is ambiguous[^\n]*\n$/);
  });

  it.runIf(c.bad !== null)("refuses a bad value in one line naming the option, the value and the valid range, exit code 2", () => {
    const r = run(c.argv, c.bad as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr.startsWith(c.badLine)).toBe(true);
  });
});

describe("grade's counts", () => {
  it("refuses a count that rounds down to 0 (--jobs 0.5, --memory 0.9), naming the option and the value", () => {
    const jobs = run(COMMANDS[0].argv, ["--jobs", "0.5"]);
    expect([jobs.code, jobs.stderr]).toEqual([2, 'invalid --jobs = "0.5"; expected a whole number ≥ 1\n']);
    const memory = run(COMMANDS[0].argv, ["--memory", "0.9"]);
    expect([memory.code, memory.stderr]).toEqual([2, 'invalid --memory = "0.9"; expected a whole number ≥ 1\n']);
  });
});
