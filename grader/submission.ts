// Prepares one submission for grading: compiles the course library and the runner once into a template,
// and each student's exercise files into a private sandbox folder. Only regular files are read; nothing
// the student wrote runs here.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { transformSync } from "esbuild";

const GRADER_RUNTIME = ["runner", "harness", "execute", "guard", "values"];

/** Compiles TypeScript to CommonJS without type checking (esbuild); syntax errors come with a line number. */
export function compileTs(source: string, fileName: string): { code: string } | { error: string } {
  try {
    const out = transformSync(source, { loader: "ts", format: "cjs", target: "es2020", sourcefile: fileName, legalComments: "none", logLevel: "silent" });
    return { code: out.code };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors?.[0];
    return { error: first ? `${fileName} does not compile (line ${first.location?.line ?? 0}): ${first.text}` : `${fileName} does not compile` };
  }
}

/** The module names compiled code requires or imports (comments are gone after compiling). */
export function importsOf(compiled: string): string[] {
  const found: string[] = [];
  const pattern = /\b(?:require|import)\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g;
  for (let m = pattern.exec(compiled); m !== null; m = pattern.exec(compiled)) found.push(m[2]);
  return found;
}

/** True when an import specifier points at the reference solutions (by package name or by path). */
export function isSolutionsSpecifier(spec: string): boolean {
  return /(^|[\\/@])solutions([\\/.]|$)/.test(spec);
}

function tsFiles(dir: string, depth = 0): string[] {
  if (depth > 3 || !existsSync(dir)) return [];
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) files.push(...tsFiles(full, depth + 1));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(full);
  }
  return files;
}

/** Builds the part of every sandbox that is the same for all students: compiled lib and runner. */
export function buildTemplate(repo: string, into: string): void {
  const libOut = join(into, "node_modules", "@optlab", "lib");
  for (const file of tsFiles(join(repo, "lib"))) {
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
  /** Lesson files that do not compile, with the message. */
  compileErrors: Map<string, string>;
  notes: string[];
}

/** Copies the template and the student's compiled exercises into a fresh sandbox folder. */
export function prepareSubmission(template: string, sandbox: string, submission: string): Prepared {
  cpSync(template, sandbox, { recursive: true });
  const out = join(sandbox, "exercises");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "package.json"), JSON.stringify({ private: true, type: "commonjs" }));
  const prepared: Prepared = { dir: out, importsSolutions: new Set(), compileErrors: new Map(), notes: [] };
  for (const file of tsFiles(submission)) {
    const rel = relative(submission, file);
    const stem = rel.replace(/\.ts$/, "");
    if (statSync(file).size > 1 << 20) {
      prepared.notes.push(`${rel} is larger than 1 MB and was skipped.`);
      continue;
    }
    const compiled = compileTs(readFileSync(file, "utf8"), `exercises/${rel}`);
    if ("error" in compiled) {
      prepared.compileErrors.set(stem, compiled.error);
      continue;
    }
    if (importsOf(compiled.code).some(isSolutionsSpecifier)) prepared.importsSolutions.add(stem);
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, `${stem}.js`), compiled.code);
  }
  return prepared;
}
