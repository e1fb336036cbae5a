// Prepares one submission for grading: compiles the course library and the runner once into a template,
// and each student's exercise files into a private sandbox folder. Only regular files are read; nothing
// the student wrote runs here.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, writeFileSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, sep } from "node:path";
import { createHash } from "node:crypto";
import { transformSync } from "esbuild";
import { quoteStudentText } from "./format";
import { EXERCISE_FILES } from "./harness";

const GRADER_RUNTIME = ["runner", "protocol", "harness", "execute", "guard", "values"];

const compiledCache = new Map<string, { code: string } | { error: string }>();

/** Compiles TypeScript to CommonJS without type checking (esbuild); syntax errors come with a line number. */
export function compileTs(source: string, fileName: string): { code: string } | { error: string } {
  // A class hands in many identical files: each distinct (name, content) is compiled once per run.
  const key = createHash("sha256").update(fileName).update("\0").update(source).digest("hex");
  const cached = compiledCache.get(key);
  if (cached) return cached;
  let result: { code: string } | { error: string };
  try {
    const out = transformSync(source, { loader: "ts", format: "cjs", target: "es2020", sourcefile: fileName, legalComments: "none", logLevel: "silent" });
    result = { code: out.code };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors?.[0];
    result = { error: first ? `${fileName} does not compile (line ${first.location?.line ?? 0}): ${first.text}` : `${fileName} does not compile` };
  }
  compiledCache.set(key, result);
  return result;
}

/** The module names compiled code requires or imports (comments are gone after compiling). */
export function importsOf(compiled: string): string[] {
  const found: string[] = [];
  const pattern = /\b(?:require|import)\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g;
  for (let m = pattern.exec(compiled); m !== null; m = pattern.exec(compiled)) found.push(m[2]);
  return found;
}

/**
 * True when an import specifier points at the course's reference solutions: the `@optlab/solutions`
 * package, or a path that leaves the student's folder and enters a `solutions/` folder (the folder is a
 * copy of `exercises/`, so `../solutions/04-adam` is the course's). A learner's own module inside their
 * folder, such as `./solutions.ts` or `./solutions/helpers.ts`, does not count. `from` is the importing
 * file's path relative to the student's folder.
 */
export function isSolutionsSpecifier(spec: string, from = "index.ts"): boolean {
  if (/^@optlab\/solutions(\/|$)/.test(spec)) return true;
  const segments = spec.split(/[\\/]+/);
  if (isAbsolute(spec) || /^[A-Za-z]:[\\/]/.test(spec)) return segments.includes("solutions");
  if (!spec.startsWith(".")) return false;
  // Resolve inside a pretend repository: the student's folder sits at /repo/exercises.
  const target = posix.normalize(posix.join("/repo/exercises", posix.dirname(from.split(sep).join("/")), segments.join("/")));
  return !(target === "/repo/exercises" || target.startsWith("/repo/exercises/")) && target.split("/").includes("solutions");
}

/** Entries of a submission that were not read, by path relative to the student's folder, with the reason. */
type Rejected = Map<string, string>;

/** A student-controlled string (a file name, a link's target) for a message: quoted on one line, capped. */
const quoted = (text: string): string => quoteStudentText(text, 120);

/** Why a directory entry that is not a folder or a regular file is not read, e.g. "a symbolic link to "x"". */
function describeSpecial(full: string, st: Stats): string {
  if (st.isSymbolicLink()) {
    let target = "";
    try {
      target = readlinkSync(full);
    } catch {
      // unreadable link: describe it without its target
    }
    return `is a symbolic link${target ? ` to ${quoted(target)}` : ""}; the grader reads only regular files and never follows links`;
  }
  const kind = st.isFIFO() ? "a named pipe (FIFO)" : st.isSocket() ? "a socket" : st.isCharacterDevice() || st.isBlockDevice() ? "a device" : "not a regular file";
  return `is ${kind}; the grader reads only regular files`;
}

const MAX_DEPTH = 3;
const MAX_ENTRIES = 1000;
const MAX_FILE_BYTES = 1 << 20;

/**
 * The .ts files of a folder, by path relative to it, without following links: every entry is looked at
 * with lstat, and links, pipes, sockets and devices go into `rejected` with the reason. Hidden entries
 * and node_modules are skipped.
 */
function listSources(root: string, rejected: Rejected, notes: string[]): string[] {
  const files: string[] = [];
  let seen = 0;
  const walk = (rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch (error) {
      notes.push(`The folder ${quoted(rel || ".")} could not be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
      return;
    }
    for (const name of names) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      if (++seen > MAX_ENTRIES) {
        if (seen === MAX_ENTRIES + 1) notes.push(`The submission holds more than ${MAX_ENTRIES} entries; the rest were not read.`);
        return;
      }
      const entry = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, entry));
      if (st.isDirectory()) {
        if (depth < MAX_DEPTH) walk(entry, depth + 1);
        else notes.push(`The folder ${quoted(entry)} is nested more than ${MAX_DEPTH} levels deep and was not read.`);
      } else if (!st.isFile()) {
        rejected.set(entry, describeSpecial(join(root, entry), st));
      } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) {
        files.push(entry);
      }
    }
  };
  walk("", 0);
  return files;
}

/** Reads a regular file without following a link or blocking on a pipe; null when it is not one or too large. */
function readRegularFile(path: string, maxBytes: number): string | null {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return null;
    const buffer = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buffer, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.toString("utf8", 0, read);
  } finally {
    closeSync(fd);
  }
}

function sourceFiles(dir: string): string[] {
  const rejected: Rejected = new Map();
  return listSources(dir, rejected, []).map((rel) => join(dir, rel));
}

/** Builds the part of every sandbox that is the same for all students: compiled lib and runner. */
export function buildTemplate(repo: string, into: string): void {
  const libOut = join(into, "node_modules", "@optlab", "lib");
  for (const file of sourceFiles(join(repo, "lib"))) {
    const rel = relative(join(repo, "lib"), file);
    const compiled = compileTs(readFileSync(file, "utf8"), rel);
    if ("error" in compiled) throw new Error(`grader: lib/${compiled.error}`);
    mkdirSync(dirname(join(libOut, rel)), { recursive: true });
    writeFileSync(join(libOut, rel.replace(/\.ts$/, ".js")), compiled.code);
  }
  writeFileSync(join(libOut, "package.json"), JSON.stringify({ name: "@optlab/lib", main: "index.js", type: "commonjs" }));
  mkdirSync(join(into, "runtime"), { recursive: true });
  for (const name of GRADER_RUNTIME) {
    const compiled = compileTs(readFileSync(join(repo, "grader", `${name}.ts`), "utf8"), `${name}.ts`);
    if ("error" in compiled) throw new Error(`grader: ${compiled.error}`);
    writeFileSync(join(into, "runtime", `${name}.js`), compiled.code);
  }
  writeFileSync(join(into, "package.json"), JSON.stringify({ private: true, type: "commonjs" }));
}

/** What preparing a submission found before running anything. */
export interface Prepared {
  dir: string;
  /** Lesson files (e.g. "04-adam") whose source imports the solutions. */
  importsSolutions: Set<string>;
  /** Lesson files that cannot be graded (a link, not a regular file, too large, does not compile), with the reason. */
  compileErrors: Map<string, string>;
  notes: string[];
}

/** The relative module paths a compiled file imports, resolved against the student's folder. */
function relativeImports(compiled: string, from: string): string[] {
  return importsOf(compiled)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => posix.normalize(posix.join(posix.dirname(from), spec)));
}

/** The rejected entry a resolved module path lies in or is (with or without its extension), if any. */
function rejectedEntryOf(target: string, rejected: Rejected): string | undefined {
  for (const entry of rejected.keys()) {
    if (target === entry || entry === `${target}.ts` || target.startsWith(`${entry}/`)) return entry;
  }
  return undefined;
}

/**
 * Copies the template and the student's compiled exercises into a fresh sandbox folder. Only regular
 * files are read (never through a link); a lesson file that is a link, a pipe or a device, or that
 * imports through one, cannot be graded, and the reason names the entry.
 */
export function prepareSubmission(template: string, sandbox: string, submission: string): Prepared {
  void template; // the compiled course code stays in the template, shared read-only by every sandbox
  const out = join(sandbox, "exercises");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "package.json"), JSON.stringify({ private: true, type: "commonjs" }));
  const prepared: Prepared = { dir: out, importsSolutions: new Set(), compileErrors: new Map(), notes: [] };
  const lessonFiles = new Set(Object.values(EXERCISE_FILES));
  const rejected: Rejected = new Map();
  const files = listSources(submission, rejected, prepared.notes);
  for (const [entry, reason] of rejected) {
    const stem = entry.replace(/\.ts$/, "");
    if (lessonFiles.has(stem)) prepared.compileErrors.set(stem, `exercises/${entry} ${reason}`);
    else prepared.notes.push(`Skipped ${quoted(entry)}: it ${reason}.`);
  }
  const compiledFiles = new Map<string, string>();
  for (const rel of files) {
    const stem = rel.replace(/\.ts$/, "");
    let source: string | null;
    try {
      source = readRegularFile(join(submission, rel), MAX_FILE_BYTES);
    } catch (error) {
      source = null;
      prepared.notes.push(`${quoted(rel)} could not be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    if (source === null) {
      const reason = `exercises/${rel} is larger than 1 MB or not a regular file, and was not graded`;
      if (lessonFiles.has(stem)) prepared.compileErrors.set(stem, reason);
      else prepared.notes.push(`${reason}.`);
      continue;
    }
    const compiled = compileTs(source, `exercises/${rel}`);
    if ("error" in compiled) {
      prepared.compileErrors.set(stem, compiled.error);
      continue;
    }
    if (importsOf(compiled.code).some((spec) => isSolutionsSpecifier(spec, rel))) prepared.importsSolutions.add(stem);
    compiledFiles.set(rel, compiled.code);
  }
  // A file that imports through a rejected entry (say a linked sub-folder), directly or through another
  // of the student's files, cannot be graded either; the reason names the entry.
  const blocked = new Map<string, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [rel, code] of compiledFiles) {
      if (blocked.has(rel)) continue;
      for (const target of relativeImports(code, rel)) {
        const entry = rejectedEntryOf(target, rejected);
        const via = [...blocked.keys()].find((b) => b === target || b === `${target}.ts`);
        if (entry !== undefined || via !== undefined) {
          blocked.set(rel, entry !== undefined ? `${quoted(entry)}, which ${rejected.get(entry)}` : `${quoted(via as string)}, which ${blocked.get(via as string)}`);
          changed = true;
          break;
        }
      }
    }
  }
  for (const [rel, code] of compiledFiles) {
    const stem = rel.replace(/\.ts$/, "");
    const reason = blocked.get(rel);
    if (reason !== undefined) {
      if (lessonFiles.has(stem)) prepared.compileErrors.set(stem, `exercises/${rel} imports ${reason}`);
      continue;
    }
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, `${stem}.js`), code);
  }
  return prepared;
}
