// Canvas gradebooks: reads the CSV that Canvas exports (Grades > Export), matches its rows to the graded
// student folders, and writes a CSV that Canvas imports (Grades > Import) with one "Optimizer Lab" column.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { StudentResult } from "./cli";
import { readCsv, type CsvRecord } from "./csv-reader";

/** The identity columns every Canvas export starts with, in order; the import repeats them. */
export const CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;

/** The columns a folder name can be matched against (`--canvas-key`). */
export const CANVAS_KEYS = ["SIS Login ID", "SIS User ID", "ID"] as const;

/** One of the columns a folder name can be matched against. */
export type CanvasKey = (typeof CANVAS_KEYS)[number];

/** The assignment column written when the export has none whose name starts with this. */
export const ASSIGNMENT_PREFIX = "Optimizer Lab";

/** One student row of an export: its line in the file and its five identity cells. */
export interface CanvasRow {
  /** The line of the export the row starts on. */
  line: number;
  /** Student, ID, SIS User ID, SIS Login ID and Section, as written in the export. */
  identity: string[];
  /** The cell of the matching column, spaces around it removed ("" when empty). */
  key: string;
}

/** A Canvas export as read: the rows, the "Points Possible" row if any, the column to write, the key. */
export interface CanvasExport {
  /** The export's path, for messages. */
  file: string;
  /** The column folder names are matched against. */
  key: CanvasKey;
  /** The student rows, in the export's order. */
  rows: CanvasRow[];
  /** The identity cells of the "Points Possible" row, or null when the export has none. */
  pointsPossible: string[] | null;
  /** An existing column whose name starts with "Optimizer Lab" (Canvas then updates that assignment), or the prefix. */
  column: string;
  /** That existing column's cell in the "Points Possible" row (null when there is no such column or row). */
  columnPoints: string | null;
}

/** True when `text` names a matching column. */
export function isCanvasKey(text: string): text is CanvasKey {
  return (CANVAS_KEYS as readonly string[]).includes(text);
}

/**
 * Reads a Canvas gradebook export: a header holding Student, ID, SIS User ID, SIS Login ID and Section,
 * then one row per student. Rows with an empty ID are Canvas's own ("Points Possible", "Manual Posting"),
 * not students. Throws an Error naming the file and line of anything malformed: a broken quote, a row
 * whose number of fields differs from the header, a missing identity column, a key used twice.
 */
export function parseCanvasExport(text: string, file: string, key: CanvasKey = "SIS Login ID"): CanvasExport {
  let records: CsvRecord[];
  try {
    records = readCsv(text);
  } catch (error) {
    throw new Error(`${file}, ${(error as Error).message}`);
  }
  if (records.length === 0) throw new Error(`${file} is empty; expected a Canvas gradebook export (header ${CANVAS_IDENTITY.join(", ")}, …)`);
  const header = records[0].fields.map((f) => f.trim());
  const at = CANVAS_IDENTITY.map((name) => header.indexOf(name));
  const missing = CANVAS_IDENTITY.filter((_, i) => at[i] < 0);
  if (missing.length > 0) {
    throw new Error(`${file}, line ${records[0].line}: the header has no ${missing.map((m) => JSON.stringify(m)).join(", ")} column; a Canvas gradebook export starts with ${CANVAS_IDENTITY.join(", ")}`);
  }
  const keyAt = header.indexOf(key);
  const idAt = header.indexOf("ID");
  const rows: CanvasRow[] = [];
  let pointsPossible: string[] | null = null;
  const columnAt = header.findIndex((h) => h.startsWith(ASSIGNMENT_PREFIX));
  let columnPoints: string | null = null;
  const seen = new Map<string, number>();
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== header.length) {
      throw new Error(`${file}, line ${line}: ${fields.length} field${fields.length === 1 ? "" : "s"} where the header has ${header.length}`);
    }
    const identity = at.map((i) => fields[i]);
    if (fields[idAt].trim() === "") {
      if (fields[at[0]].trim() === "Points Possible") {
        pointsPossible = identity;
        if (columnAt >= 0) columnPoints = fields[columnAt].trim();
      }
      continue;
    }
    const value = fields[keyAt].trim();
    if (value !== "") {
      const before = seen.get(value);
      if (before !== undefined) throw new Error(`${file}, line ${line}: ${key} ${JSON.stringify(value)} is also on line ${before}; rows are matched to folders by it, so it must be unique (choose another with --canvas-key)`);
      seen.set(value, line);
    }
    rows.push({ line, identity, key: value });
  }
  const column = columnAt >= 0 ? header[columnAt] : ASSIGNMENT_PREFIX;
  return { file, key, rows, pointsPossible, column, columnPoints };
}

/** Reads and parses the export at `path`; throws an Error naming --canvas and the path when it cannot be read. */
export function readCanvasExport(path: string, key: CanvasKey = "SIS Login ID"): CanvasExport {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`--canvas ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); expected a gradebook exported from Canvas as CSV`);
  }
  return parseCanvasExport(text, path, key);
}

/** How the graded folders and the export's rows matched up. */
export interface CanvasMatch {
  matched: { row: CanvasRow; result: StudentResult }[];
  /** Folders no row names. */
  unmatchedFolders: string[];
  /** Rows that name no folder. */
  unmatchedRows: CanvasRow[];
}

/** Matches folders to rows: a folder named exactly like a row's key cell (spaces around it ignored). */
export function matchCanvas(canvas: CanvasExport, results: readonly StudentResult[]): CanvasMatch {
  const byName = new Map(results.map((r) => [r.student, r]));
  const matched: CanvasMatch["matched"] = [];
  const unmatchedRows: CanvasRow[] = [];
  const used = new Set<string>();
  for (const row of canvas.rows) {
    const result = row.key === "" ? undefined : byName.get(row.key);
    if (result === undefined) unmatchedRows.push(row);
    else {
      matched.push({ row, result });
      used.add(result.student);
    }
  }
  return { matched, unmatchedFolders: results.map((r) => r.student).filter((s) => !used.has(s)), unmatchedRows };
}

/** The CSV Canvas imports: the five identity columns and the assignment column, one row per matched student. */
export function canvasImportCsv(canvas: CanvasExport, match: CanvasMatch, maxPoints: number, field: (text: string) => string): string {
  const lines = [[...CANVAS_IDENTITY, canvas.column].map(field).join(",")];
  if (canvas.pointsPossible) lines.push([...canvas.pointsPossible, String(maxPoints)].map(field).join(","));
  for (const { row, result } of match.matched) lines.push([...row.identity, String(result.total)].map(field).join(","));
  return `${lines.join("\n")}\n`;
}

/** A name as shown in summary.txt: as it is, or quoted with escapes when it holds control characters. */
function shown(name: string): string {
  return /[\u0000-\u001f\u007f-\u009f]/.test(name) ? JSON.stringify(name) : name;
}

/**
 * The lines summary.txt gets about the match: counts, a warning when the existing assignment is worth
 * other than `maxPoints` in Canvas (the totals would show out of the wrong number), then every unmatched
 * folder and row.
 */
export function canvasSummary(canvas: CanvasExport, match: CanvasMatch, maxPoints: number): string[] {
  const lines = [
    "",
    `Canvas: ${match.matched.length} of ${match.matched.length + match.unmatchedFolders.length} folders matched a row of ${basename(canvas.file)} by ${canvas.key}; canvas-import.csv has their totals in the column ${JSON.stringify(canvas.column)}.`,
  ];
  if (canvas.columnPoints !== null && canvas.columnPoints !== "" && Number(canvas.columnPoints) !== maxPoints) {
    lines.push(`Warning: in Canvas, ${JSON.stringify(canvas.column)} is worth ${canvas.columnPoints} points, but the totals are out of ${maxPoints}; set the assignment's points to ${maxPoints} in Canvas before importing.`);
  }
  if (match.unmatchedFolders.length > 0) {
    lines.push(`Folders with no row in the Canvas export (no ${canvas.key} equals the folder name):`, ...match.unmatchedFolders.map((s) => `  - ${shown(s)}`));
  }
  if (match.unmatchedRows.length > 0) {
    lines.push(
      "Canvas rows with no folder:",
      ...match.unmatchedRows.map((r) => `  - line ${r.line}: ${shown(r.identity[0])} (${canvas.key} ${r.key === "" ? "empty" : JSON.stringify(r.key)})`),
    );
  }
  return lines;
}

/**
 * Writes OUT/canvas-import.csv and returns the lines for summary.txt. `field` renders one CSV cell (the
 * gradebook's csvField, which keeps spreadsheet formulas from running).
 */
export function writeCanvasImport(canvas: CanvasExport, results: readonly StudentResult[], out: string, maxPoints: number, field: (text: string) => string): string[] {
  const match = matchCanvas(canvas, results);
  writeFileSync(join(out, "canvas-import.csv"), canvasImportCsv(canvas, match, maxPoints, field));
  return canvasSummary(canvas, match, maxPoints);
}
