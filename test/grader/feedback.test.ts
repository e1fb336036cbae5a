// Text that comes from student code (error names and messages, thrown values, export names, the child's
// messages and notes) reaches the feedback quoted, on one line, with control characters escaped and its
// length capped: a student cannot write table rows of their own into a feedback file.
import { afterEach, describe, expect, it, vi } from "vitest";
import { check } from "../../grader";
import { getCatalog, maxTotal } from "../../grader/catalog";
import { feedbackText, type StudentResult } from "../../grader/cli";
import { executeCases } from "../../grader/execute";
import { htmlReport, oneLine, quoteStudentText, textDetail, textTable } from "../../grader/format";
import { EXERCISE_NAMES, type AnyFunction, type ExerciseName } from "../../grader/harness";
import { judge, type Attempt, type ExerciseReport } from "../../grader/judge";

const catalog = getCatalog();

/** A fake row of the feedback table, as a hostile student would write it into an error. */
const FORGED_ROW = "total                160/160";
const HOSTILE_NAME = `Error\n\n${FORGED_ROW}\r\nsgdStep              10/10   pass`;
const HOSTILE_MESSAGE = `boom\n${FORGED_ROW}\u2028clipGradNorm 10/10\u0085x\u001b[2J\u202eevil`;

function threwEverywhere(name: ExerciseName, thrownName: string, message: string): Attempt {
  return { kind: "cases", outcomes: catalog[name].cases.map(() => ({ kind: "threw" as const, name: thrownName, message })) };
}

function reference(name: ExerciseName): ExerciseReport {
  const spec = catalog[name];
  return judge(spec, { kind: "cases", outcomes: executeCases(spec.runner, spec.reference, spec.cases.map((c) => c.input), spec.timeLimitMs) });
}

/** A class feedback file: `sgdStep` graded from `attempt`, every other exercise by its reference (full marks). */
function feedbackWith(attempt: Attempt, notes: string[] = []): string {
  const reports = EXERCISE_NAMES.map((name) => (name === "sgdStep" ? judge(catalog.sgdStep, attempt) : reference(name)));
  const result: StudentResult = { student: "student-a", reports, total: reports.reduce((s, r) => s + r.points, 0), notes };
  return feedbackText(result);
}

const totalRows = (text: string): string[] => text.split("\n").filter((line) => /^total\s/.test(line));

describe("quoteStudentText", () => {
  it("quotes, escapes line breaks and control characters, and keeps printable text as it is", () => {
    expect(quoteStudentText("bad beta")).toBe('"bad beta"');
    expect(quoteStudentText('a\nb\r\tc"d\\e')).toBe('"a\\nb\\r\\tc\\"d\\\\e"');
    expect(quoteStudentText("\u001b[2J\u0000\u007f\u0085")).toBe('"\\u001b[2J\\u0000\\u007f\\u0085"');
    // line and paragraph separators, a right-to-left override, a zero-width space, a lone surrogate
    expect(quoteStudentText("a\u2028b\u2029c\u202ed\u200be\ud800")).toBe('"a\\u2028b\\u2029c\\u202ed\\u200be\\ud800"');
    expect(quoteStudentText("θ ← θ − η·g, ✓ 🎉")).toBe('"θ ← θ − η·g, ✓ 🎉"');
  });

  it("caps the length at 200 characters inside the quotes, then an ellipsis", () => {
    const long = quoteStudentText("x".repeat(100_000));
    expect(long).toBe(`"${"x".repeat(200)}…"`);
    expect(quoteStudentText("y".repeat(200))).toBe(`"${"y".repeat(200)}"`);
    // the cap counts escapes as shown: 100 newlines are 200 characters "\n\n…"
    expect(quoteStudentText("\n".repeat(150))).toBe(`"${"\\n".repeat(100)}…"`);
  });

  it("shows values that are not strings, and survives one whose conversion to text throws", () => {
    expect(quoteStudentText(42)).toBe('"42"');
    const hostile = { toString: (): string => { throw new Error("no"); } };
    expect(quoteStudentText(hostile)).toBe('"(a value that cannot be shown as text)"');
  });

  it("oneLine escapes the same characters but adds no quotes", () => {
    expect(oneLine('say "hi"\nthere')).toBe('say "hi"\\nthere');
    expect(oneLine("z".repeat(1500))).toBe(`${"z".repeat(1000)}…`);
  });
});

describe("a thrown Error whose name and message hold newlines", () => {
  const attempt = threwEverywhere("sgdStep", HOSTILE_NAME, HOSTILE_MESSAGE);
  const report = judge(catalog.sgdStep, attempt);

  it("is reported on one line, quoted and escaped", () => {
    expect(report.points).toBe(0);
    expect(report.status).toBe("error");
    expect(report.diagnosis).not.toMatch(/[\n\r\u2028\u2029\u0085\u001b\u202e]/);
    expect(report.diagnosis).toBe(
      // the name is capped at 60 characters as shown, the message at 200
      `It threw "Error\\n\\ntotal                160/160\\r\\nsgdStep${" ".repeat(12)}…": ` +
        `"boom\\ntotal                160/160\\u2028clipGradNorm 10/10\\u0085x\\u001b[2J\\u202eevil"`,
    );
  });

  it("adds no line to the feedback file and forges no row", () => {
    const benign = feedbackWith(threwEverywhere("sgdStep", "RangeError", "bad beta"));
    const hostile = feedbackWith(attempt);
    // the same exercises fail the same way, so the file has exactly as many lines
    expect(hostile.split("\n").length).toBe(benign.split("\n").length);
    expect(hostile).not.toMatch(/[\r\u2028\u2029\u0085\u001b\u202e]/);
    const expectedTotal = maxTotal() - catalog.sgdStep.points;
    expect(totalRows(hostile)).toEqual([`total                ${expectedTotal}/${maxTotal()}`]);
    expect(hostile.split("\n").filter((line) => /^sgdStep\s/.test(line))).toHaveLength(2); // its table row and its detail
    expect(hostile.split("\n").filter((line) => line.startsWith("clipGradNorm"))).toHaveLength(1);
    expect(textTable([report]).split("\n")).toHaveLength(5); // header, rule, one row, rule, total
    expect(textDetail(report).split("\n")).toHaveLength(4); // status, diagnosis, case label, inputs
  });

  it("is escaped for HTML too in the notebook view", () => {
    const html = htmlReport(judge(catalog.sgdStep, threwEverywhere("sgdStep", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>")));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("other text from the student's process", () => {
  it("a thrown non-Error value's description and a 100,000-character message are capped on one line", () => {
    const r = judge(catalog.sgdStep, threwEverywhere("sgdStep", "a non-Error value", `${"line\n".repeat(20_000)}`));
    expect(r.diagnosis.startsWith('It threw a non-Error value: "line\\nline\\n')).toBe(true);
    expect(r.diagnosis.endsWith('…"')).toBe(true);
    expect(r.diagnosis.length).toBeLessThan(260);
  });

  it.each<Attempt["kind"]>(["missing", "load-error", "forbidden", "crashed"])("a %s message with newlines stays on one line", (kind) => {
    const attempt = { kind, message: `exercises/01-gradient-descent.ts could not be loaded: x\n${FORGED_ROW}` } as Attempt;
    const text = feedbackWith(attempt);
    expect(totalRows(text)).toEqual([`total                ${maxTotal() - 10}/${maxTotal()}`]);
    expect(judge(catalog.sgdStep, attempt).diagnosis).toBe(`exercises/01-gradient-descent.ts could not be loaded: x\\n${FORGED_ROW}`);
  });

  it("notes are one line each", () => {
    const text = feedbackWith(threwEverywhere("sgdStep", "RangeError", "bad beta"), [`printed a lot\n${FORGED_ROW}`]);
    expect(totalRows(text)).toHaveLength(1);
    expect(text).toContain(`  - printed a lot\\n${FORGED_ROW}`);
  });
});

describe("an exported function's name in the notebook's check()", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is quoted and escaped when it names no exercise", () => {
    const fn = (): void => undefined;
    Object.defineProperty(fn, "name", { value: `helper\n${FORGED_ROW}` });
    const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
    check(fn as unknown as AnyFunction);
    const printed = spy.mock.calls.map((c) => c.join(" ")).join("\n");
    expect(printed.split("\n")).toHaveLength(1);
    expect(printed).toContain(`There is no exercise called "helper\\n${FORGED_ROW}".`);
  });

  it("an Error with a hostile name, thrown by the exercise and run in-process as check() runs it, is quoted", () => {
    const r = judge(catalog.sgdStep, { kind: "cases", outcomes: executeCases(catalog.sgdStep.runner, () => {
      const e = new Error(`first\n${FORGED_ROW}`);
      e.name = "Weird\nName";
      throw e;
    }, catalog.sgdStep.cases.map((c) => c.input), 1000) });
    expect(r.diagnosis).toBe(`It threw "Weird\\nName": "first\\n${FORGED_ROW}"`);
  });
});
