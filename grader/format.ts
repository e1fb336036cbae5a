// Renders grade reports as plain text (terminal, feedback files) and as HTML (notebooks), and makes text
// that comes from student code (error names and messages, thrown values, export names) safe to show.
import type { ExerciseReport } from "./judge";

// Characters that could start a new line, move the cursor, reorder or hide text on a terminal or in an
// editor: control characters (C0, DEL, C1), format characters (bidirectional overrides, zero-width),
// line and paragraph separators, and lone surrogates.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const SHORT_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The escape of one unsafe character: \n, \r, \t, or \uXXXX. */
function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) as number;
  return SHORT_ESCAPES[ch] ?? `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Text as one safe line of at most `max` characters (then "…"); `quote` also escapes `"` and `\`. */
function safeLine(text: unknown, max: number, quote: boolean): string {
  let source: string;
  try {
    source = typeof text === "string" ? text : String(text);
  } catch {
    source = "(a value that cannot be shown as text)";
  }
  let out = "";
  // Code point by code point, stopping at the cap: a huge message costs no more than a short one.
  for (const ch of source) {
    const piece = quote && (ch === '"' || ch === "\\") ? `\\${ch}` : UNSAFE.test(ch) ? escapeChar(ch) : ch;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/**
 * Text that comes from student code, as shown in feedback: in double quotes, on one line (line breaks,
 * control and invisible characters escaped as \n or \uXXXX, `"` and `\` as \" and \\), at most `max`
 * characters inside the quotes, then "…". So a student cannot write lines of their own into a feedback file.
 */
export function quoteStudentText(text: unknown, max = 200): string {
  return `"${safeLine(text, max, true)}"`;
}

/** Any message as one line: line breaks and control characters escaped, at most `max` characters. */
export function oneLine(text: unknown, max = 1000): string {
  return safeLine(text, max, false);
}

/** The text after a status in tables: the points as "7/10". */
export function pointsText(r: ExerciseReport): string {
  return `${r.points}/${r.max}`;
}

/** Pads or cuts a string to a width. */
function cell(text: string, width: number): string {
  const line = oneLine(text);
  return line.length > width ? `${line.slice(0, width - 1)}…` : line.padEnd(width);
}

/** A fixed-width table: one row per exercise, then the total. */
export function textTable(reports: readonly ExerciseReport[]): string {
  const lines = [`${cell("exercise", 20)} ${cell("points", 7)} ${cell("status", 16)} diagnosis`];
  lines.push("-".repeat(100));
  for (const r of reports) {
    lines.push(`${cell(r.name, 20)} ${cell(pointsText(r), 7)} ${cell(r.status, 16)} ${oneLine(r.diagnosis)}`);
  }
  const total = reports.reduce((s, r) => s + r.points, 0);
  const max = reports.reduce((s, r) => s + r.max, 0);
  lines.push("-".repeat(100));
  lines.push(`${cell("total", 20)} ${total}/${max}`);
  return lines.join("\n");
}

/** The full feedback on one exercise in text: status line, diagnosis and the first failing case (each one line). */
export function textDetail(r: ExerciseReport): string {
  const lines = [`${r.name} (${r.title}): ${pointsText(r)}, ${r.status}, ${r.passed}/${r.total} cases passed`];
  if (r.diagnosis) lines.push(`  ${r.diagnosis}`);
  const f = r.failure;
  if (f?.hidden) {
    lines.push(`  first failing case: ${f.label} (its inputs and expected values are kept private)`);
    if (f.where) lines.push(`    the results differ in ${f.where}`);
    else if (f.got && f.got !== r.diagnosis) lines.push(`    ${f.got}`);
  } else if (f) {
    lines.push(`  first failing case: ${f.label}`);
    lines.push(`    inputs: ${f.inputs}`);
    if (f.where) lines.push(`    ${f.where}: expected ${f.expected}, got ${f.got}${f.relError ? ` (relative error ${f.relError})` : ""}`);
    else if (f.got && f.got !== r.diagnosis) lines.push(`    ${f.got}`);
  }
  // The whole run: always when points were lost; for a pass, only when the run still parts or stops.
  if (r.trajectory && (r.status !== "pass" || r.trajectory.parted || r.trajectory.stopped)) lines.push(`  ${r.trajectory.summary}`);
  return lines.map((line) => oneLine(line, 2000)).join("\n");
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const COLORS: Record<string, string> = { pass: "#1b7f3b", "not implemented": "#6b6b6b" };

/** One exercise's result as a small HTML table with points, status, diagnosis and the first failing case. */
export function htmlReport(r: ExerciseReport, note = ""): string {
  const color = COLORS[r.status] ?? "#b3261e";
  const row = (k: string, v: string): string =>
    `<tr><th style="text-align:left;padding:2px 10px 2px 0;vertical-align:top">${k}</th><td style="text-align:left;padding:2px 0">${v}</td></tr>`;
  const rows = [
    row("exercise", `<code>${escapeHtml(r.name)}</code> — ${escapeHtml(r.title)} (<code>exercises/${escapeHtml(r.file)}.ts</code>)`),
    row("points", `<b>${r.points} / ${r.max}</b> (${r.passed} of ${r.total} cases passed)`),
    row("status", `<b style="color:${color}">${escapeHtml(r.status)}</b>`),
  ];
  if (r.diagnosis) rows.push(row("diagnosis", escapeHtml(r.diagnosis)));
  const f = r.failure;
  if (f?.hidden) {
    rows.push(row("first failing case", `${escapeHtml(f.label)} (its inputs and expected values are kept private)`));
    if (f.where) rows.push(row("differs in", `<code>${escapeHtml(f.where)}</code>`));
    else if (f.got && f.got !== r.diagnosis) rows.push(row("what happened", escapeHtml(f.got)));
  } else if (f) {
    rows.push(row("first failing case", escapeHtml(f.label)));
    rows.push(row("inputs", `<code>${escapeHtml(f.inputs)}</code>`));
    if (f.where) {
      rows.push(row(escapeHtml(f.where), `expected <code>${escapeHtml(f.expected)}</code>, got <code>${escapeHtml(f.got)}</code>${f.relError ? ` (relative error ${escapeHtml(f.relError)})` : ""}`));
    }
  }
  if (r.trajectory) rows.push(row("whole run", escapeHtml(r.trajectory.summary)));
  const noteHtml = note ? `<div style="color:#555;font-size:90%;margin-top:4px">${escapeHtml(note)}</div>` : "";
  return `<div class="optlab-check" style="border-left:4px solid ${color};padding:4px 10px;margin:4px 0"><table style="border-collapse:collapse;font-size:95%">${rows.join("")}</table>${noteHtml}</div>`;
}
