// Canvas: the CSV reader (RFC 4180, strict, errors name the line), reading a gradebook export, and the class
// grader's --canvas end to end: a class of three folders graded in their sandboxes, matched to a Canvas
// export by SIS Login ID (or --canvas-key ID); canvas-import.csv holds the totals of the matched students,
// and summary.txt names every folder and every row that matched nothing.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canvasSummary, matchCanvas, parseCanvasExport } from "../../grader/canvas";
import type { StudentResult } from "../../grader/cli";
import { readCsv } from "../../grader/csv-reader";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "optlab-canvas-test-"));

describe("readCsv", () => {
  it("reads quoted commas, doubled quotes, line breaks in quotes, CRLF and a byte-order mark", () => {
    const text = '\uFEFFStudent,ID\r\n"Lovelace, Ada",1\r\n"say ""hi""",2\n"two\nlines",3\n"",4\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ["Student", "ID"] },
      { line: 2, fields: ["Lovelace, Ada", "1"] },
      { line: 3, fields: ['say "hi"', "2"] },
      { line: 4, fields: ["two\nlines", "3"] },
      // the quoted line break moved this record to line 6
      { line: 6, fields: ["", "4"] },
    ]);
  });

  it("keeps empty trailing fields and reads a last line without a line break", () => {
    expect(readCsv("a,,\nb,c,")).toEqual([
      { line: 1, fields: ["a", "", ""] },
      { line: 2, fields: ["b", "c", ""] },
    ]);
  });

  it.each([
    ['a,b\n"open,1\n', /^line 2: a quoted field is never closed/],
    ['a,b\nx,"y"z\n', /^line 2: text after the closing quote/],
    ['a,b\nx,y\nx,y"z\n', /^line 3: a " inside an unquoted field/],
  ])("names the line of a malformed field: %j", (text, message) => {
    expect(() => readCsv(text)).toThrow(message);
  });
});

const HEADER = 'Student,ID,SIS User ID,SIS Login ID,Section,"Homework 1, part A (1234)"';

describe("parseCanvasExport", () => {
  it("reads the identity columns wherever they stand, skips the Points Possible row and keeps it", () => {
    const text = ["ID,Student,Section,SIS Login ID,SIS User ID,Quiz (7)", ",    Points Possible,,,,10", '7,"Hopper, Grace",S1,grace,U7,9'].join("\n");
    const shuffled = parseCanvasExport(text, "e.csv");
    expect(shuffled.rows).toEqual([{ line: 3, identity: ["Hopper, Grace", "7", "U7", "grace", "S1"], key: "grace" }]);
    expect(shuffled.pointsPossible).toEqual(["    Points Possible", "", "", "", ""]);
    expect(shuffled.column).toBe("Optimizer Lab");
  });

  it("uses an existing column whose name starts with Optimizer Lab, so Canvas updates that assignment", () => {
    const text = `${HEADER},Optimizer Lab (5678)\n"Lovelace, Ada",1,U1,ada,S1,3,\n`;
    expect(parseCanvasExport(text, "e.csv").column).toBe("Optimizer Lab (5678)");
  });

  it("warns when that assignment is worth other than the course's total in Canvas", () => {
    const text = `${HEADER},Optimizer Lab (5678)\n    Points Possible,,,,,10,100\n"Lovelace, Ada",1,U1,ada,S1,3,\n`;
    const canvas = parseCanvasExport(text, "e.csv");
    expect(canvas.columnPoints).toBe("100");
    const match = matchCanvas(canvas, []);
    expect(canvasSummary(canvas, match, 160)).toContain('Warning: in Canvas, "Optimizer Lab (5678)" is worth 100 points, but the totals are out of 160; set the assignment\'s points to 160 in Canvas before importing.');
    expect(canvasSummary(parseCanvasExport(text.replace(",100\n", ",160\n"), "e.csv"), match, 160).some((l) => l.startsWith("Warning"))).toBe(false);
  });

  it.each([
    ["an empty file", "", /^e\.csv is empty/],
    ["a header without SIS Login ID", "Student,ID,SIS User ID,Section\n", /^e\.csv, line 1: the header has no "SIS Login ID" column/],
    ["a row with a missing field", `${HEADER}\n"Lovelace, Ada",1,U1,ada,S1,3\n"Hopper, Grace",2,U2,grace,S1\n`, /^e\.csv, line 3: 5 fields where the header has 6/],
    ["a login used twice", `${HEADER}\nA,1,U1,ada,S1,3\nB,2,U2,ada,S1,3\n`, /^e\.csv, line 3: SIS Login ID "ada" is also on line 2/],
    ["a broken quote", `${HEADER}\n"Lovelace, Ada,1,U1,ada,S1,3\n`, /^e\.csv, line 2: a quoted field is never closed/],
  ])("rejects %s with the line", (_what, text, message) => {
    expect(() => parseCanvasExport(text, "e.csv")).toThrow(message);
  });

  it("matches folder names to the chosen key column, exactly, spaces around the cell ignored", () => {
    const text = `${HEADER}\nA,101,U1, ada ,S1,3\nB,102,U2,bob,S1,3\nC,103,U3,,S1,3\n`;
    const result = (student: string): StudentResult => ({ student, reports: [], total: 1, notes: [] });
    const byLogin = matchCanvas(parseCanvasExport(text, "e.csv"), [result("ada"), result("Bob"), result("101")]);
    expect(byLogin.matched.map((m) => [m.row.line, m.result.student])).toEqual([[2, "ada"]]);
    expect(byLogin.unmatchedFolders).toEqual(["Bob", "101"]);
    expect(byLogin.unmatchedRows.map((r) => r.line)).toEqual([3, 4]);
    const byId = matchCanvas(parseCanvasExport(text, "e.csv", "ID"), [result("ada"), result("101")]);
    expect(byId.matched.map((m) => [m.row.line, m.result.student])).toEqual([[2, "101"]]);
  });
});

function grade(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "grade.ts"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// The class: ada hands in the reference answers (190 points), bob the fixture that throws (only
// stableLearningRate passes: 10 points, as the class-grading test states), zed is in no row of the export.
const CLASS = join(work, "class");
function buildClass(): void {
  mkdirSync(join(CLASS, "ada"), { recursive: true });
  for (const file of readdirSync(join(ROOT, "solutions")).filter((f) => /^\d\d-.*\.ts$/.test(f))) cpSync(join(ROOT, "solutions", file), join(CLASS, "ada", file));
  cpSync(join(ROOT, "test", "fixtures", "submissions", "throwing"), join(CLASS, "bob"), { recursive: true });
  cpSync(join(ROOT, "test", "fixtures", "submissions", "throwing"), join(CLASS, "zed"), { recursive: true });
  const lines = [
    `${HEADER},Optimizer Lab (5678)`,
    "    Points Possible,,,,,10,190",
    '"Lovelace, Ada",101,S101,ada,Section 1,9,',
    '"Hopper, Grace",102,S102,grace,Section 1,8,',
    // a section name a spreadsheet would run as a formula
    '"Byron, Bob",103,S103,bob,"=HYPERLINK(""x"")",7,',
    '"Student, Test",104,,,Section 1,0,',
  ];
  writeFileSync(join(work, "export.csv"), `${lines.join("\r\n")}\r\n`);
  writeFileSync(join(work, "broken.csv"), `${HEADER}\n"Lovelace, Ada",101,S101,ada,Section 1,9\n"Hopper, Grace",102,S102\n`);
}

let run: Awaited<ReturnType<typeof grade>>;
let broken: Awaited<ReturnType<typeof grade>>;
let badKey: Awaited<ReturnType<typeof grade>>;
let byId: Awaited<ReturnType<typeof grade>>;

beforeAll(async () => {
  buildClass();
  const common = ["--submissions", CLASS, "--jobs", "1", "--exercise-time", "5"];
  [run, broken, badKey] = await Promise.all([
    grade([...common, "--out", join(work, "out"), "--canvas", join(work, "export.csv")]),
    grade([...common, "--out", join(work, "broken-out"), "--canvas", join(work, "broken.csv")]),
    grade([...common, "--out", join(work, "x"), "--canvas", join(work, "export.csv"), "--canvas-key", "email"]),
  ]);
  // --canvas-key ID: folders named by Canvas's numeric ID
  mkdirSync(join(work, "by-id"));
  cpSync(join(CLASS, "bob"), join(work, "by-id", "103"), { recursive: true });
  byId = await grade(["--submissions", join(work, "by-id"), "--out", join(work, "id-out"), "--canvas", join(work, "export.csv"), "--canvas-key", "ID", "--exercise-time", "5"]);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run grade -- --canvas", () => {
  it("writes canvas-import.csv: the five identity columns, the Optimizer Lab column, Points Possible, one row per matched student", () => {
    expect(run.code).toBe(0);
    const text = readFileSync(join(work, "out", "canvas-import.csv"), "utf8");
    expect(text).toBe(
      [
        "Student,ID,SIS User ID,SIS Login ID,Section,Optimizer Lab (5678)",
        "    Points Possible,,,,,190",
        '"Lovelace, Ada",101,S101,ada,Section 1,190',
        // the formula is neutralised with a leading apostrophe, as in gradebook.csv
        `"Byron, Bob",103,S103,bob,"'=HYPERLINK(""x"")",10`,
        "",
      ].join("\n"),
    );
    // the gradebook agrees with the import
    expect(readFileSync(join(work, "out", "gradebook.csv"), "utf8")).toMatch(/\nada,(10,){19}190\nbob,0,10,(0,){17}10\nzed,/);
  });

  it("names every unmatched folder and row in summary.txt", () => {
    const summary = readFileSync(join(work, "out", "summary.txt"), "utf8");
    expect(summary).toContain('Canvas: 2 of 3 folders matched a row of export.csv by SIS Login ID; canvas-import.csv has their totals in the column "Optimizer Lab (5678)".');
    expect(summary).not.toContain("Warning");
    expect(summary).toContain("Folders with no row in the Canvas export (no SIS Login ID equals the folder name):\n  - zed\n");
    expect(summary).toContain('Canvas rows with no folder:\n  - line 4: Hopper, Grace (SIS Login ID "grace")\n  - line 6: Student, Test (SIS Login ID empty)\n');
  });

  it("matches by Canvas's ID with --canvas-key ID", () => {
    expect(byId.code).toBe(0);
    const rows = readCsv(readFileSync(join(work, "id-out", "canvas-import.csv"), "utf8")).map((r) => r.fields);
    expect(rows.slice(2)).toEqual([["Byron, Bob", "103", "S103", "bob", "'=HYPERLINK(\"x\")", "10"]]);
  });

  it("stops on a malformed export before grading, naming the file and the line", () => {
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`grade: ${join(work, "broken.csv")}, line 3: 3 fields where the header has 6`);
    expect(existsSync(join(work, "broken-out", "gradebook.csv"))).toBe(false);
  });

  it("rejects a bad --canvas-key naming the value and the valid ones, an export that cannot be read, and --canvas without a class", async () => {
    expect(badKey.code).toBe(2);
    expect(badKey.stderr.split("\n")[0]).toBe('invalid --canvas-key = "email"; expected one of "SIS Login ID", "SIS User ID", "ID"');
    const missing = await grade(["--submissions", CLASS, "--out", join(work, "y"), "--canvas", join(work, "nowhere.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`grade: --canvas ${join(work, "nowhere.csv")} cannot be read (ENOENT); expected a gradebook exported from Canvas as CSV\n`);
    const alone = await grade(["--canvas", join(work, "export.csv")]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^--canvas .*export\.csv needs --submissions DIR --out DIR2/);
  });
});
