// `npm run gradescope [-- --out DIR]`: builds the Gradescope autograder, DIR/autograder.zip (default
// dist/gradescope/). At the zip's root, as Gradescope's specification asks: setup.sh and run_autograder
// (from integrations/gradescope/), then the course code the grader needs (lib/, solutions/, the exercise
// stubs, grader/, the two entry scripts) and a package.json with only esbuild and tsx, at the versions this
// repository pins. The zip is the same, byte for byte, on every build of the same files.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { repoRoot } from "../grader/locate";
import { readCommandLine } from "./command-line.mjs";

const USAGE = `usage: npm run gradescope [-- --out DIR]
  builds DIR/autograder.zip for Gradescope (default DIR: dist/gradescope)`;

/** The folders of the course copied into the zip, and the single files. */
const FOLDERS = ["lib", "solutions", "exercises", "grader"];
const FILES = ["scripts/grade.ts", "scripts/gradescope-run.ts"];

/** A fixed time stamp (local midnight, 1 January 2000) so that the zip's bytes do not depend on when it was built. */
const MTIME = new Date(2000, 0, 1);

/** The course files under `folder`: TypeScript sources and package.json, sorted, without hidden entries or node_modules. */
function courseFiles(repo: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && (entry.name.endsWith(".ts") || entry.name === "package.json")) out.push(relative(repo, full).split("\\").join("/"));
    }
  };
  walk(join(repo, folder));
  return out;
}

/** The package.json of the autograder: the workspaces the grader imports by name, and esbuild and tsx only. */
function autograderPackage(repo: string): string {
  const root = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const pkg = {
    name: "optimizer-lab-autograder",
    private: true,
    type: "module",
    workspaces: FOLDERS,
    dependencies: { esbuild: root.devDependencies.esbuild, tsx: root.devDependencies.tsx },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Builds the zip's bytes: every entry with a fixed time and Unix permissions (scripts executable). */
function buildAutograderZip(repo: string): { zip: Uint8Array; entries: string[] } {
  const files = new Map<string, { data: Uint8Array; mode: number }>();
  const add = (path: string, data: Uint8Array | string, mode = 0o644): void => {
    files.set(path, { data: typeof data === "string" ? new TextEncoder().encode(data) : data, mode });
  };
  add("setup.sh", readFileSync(join(repo, "integrations", "gradescope", "setup.sh")), 0o755);
  add("run_autograder", readFileSync(join(repo, "integrations", "gradescope", "run_autograder")), 0o755);
  add("package.json", autograderPackage(repo));
  for (const path of [...FOLDERS.flatMap((f) => courseFiles(repo, f)), ...FILES]) add(path, readFileSync(join(repo, path)));
  const entries = [...files.keys()].sort();
  const zippable: Zippable = {};
  for (const path of entries) {
    const { data, mode } = files.get(path) as { data: Uint8Array; mode: number };
    // os 3 = Unix: the upper 16 bits of the external attributes hold the file type and permissions.
    zippable[path] = [data, { mtime: MTIME, os: 3, attrs: ((0o100000 | mode) << 16) >>> 0, level: 6 }];
  }
  return { zip: zipSync(zippable), entries };
}

/** Reads the command line, builds the zip, writes it. Returns the exit code. */
function main(): number {
  const cli = readCommandLine({ command: "gradescope", helpCommand: "npm run gradescope -- --help", usage: USAGE, options: { out: { type: "string" } } });
  if (cli === null) return Number(process.exitCode ?? 0); // answered: --help (0) or a one-line error (2)
  const values = cli.values as { out?: string };
  const repo = repoRoot();
  const out = resolve(values.out ?? join(repo, "dist", "gradescope"));
  const { zip, entries } = buildAutograderZip(repo);
  mkdirSync(out, { recursive: true });
  const file = join(out, "autograder.zip");
  writeFileSync(file, zip);
  process.stdout.write(`Wrote ${file}: ${entries.length} files, ${(statSync(file).size / 1024).toFixed(0)} kB. Upload it on the assignment's "Configure Autograder" page.\n`);
  return 0;
}

process.exitCode = main();
