// Finds the course's folders (exercises/, solutions/) from wherever the code runs: a notebook kernel
// started in notebooks/, a script run from the repository root, or the CLI.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository root: the nearest folder, upwards from here or from the working directory, with grader/ and exercises/. */
export function repoRoot(): string {
  const starts: string[] = [];
  if (typeof __dirname === "string") starts.push(__dirname);
  starts.push(process.cwd());
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, "grader", "package.json")) && existsSync(join(dir, "exercises", "package.json"))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return process.cwd();
}
