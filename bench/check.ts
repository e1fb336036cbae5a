// Part "check" of the benchmark: `npm run check -- --watch 04` as a learner uses it. A copy of exercises/
// holding the reference answers is checked in watch mode; each timed run saves its lesson 04 file and
// waits until the points table of the re-run is printed, so the time covers the file watcher, vitest's
// re-run of that lesson's checks and the report. Target: under 1 s.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Spread } from "./stats";

const root = new URL("..", import.meta.url).pathname;

/** The watch re-run time of one lesson, from the save to the printed table. */
export interface CheckResult {
  lesson: string;
  /** Seconds from writing the file to the end of the re-run's table. */
  rerun: Spread;
  /** Cases the lesson's re-run checked (all pass on the reference answers). */
  cases: number;
  /** Seconds to start and end a bare `node -e ""` on the same machine right after: the load's yardstick. */
  nodeStart: Spread;
}

/** Median, min and max of some timings in seconds. */
function spreadOf(seconds: readonly number[]): Spread {
  const sorted = [...seconds].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples: sorted.length };
}

/** Strips terminal colours and cursor codes from vitest's output. */
function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\u001bc/g, "");
}

/** Measures `runs` saves of exercises/04-adam.ts (a copy) under `npm run check -- --watch 04`. */
export async function benchCheck(runs: number): Promise<CheckResult> {
  const lesson = "04-adam";
  const work = mkdtempSync(join(tmpdir(), "optlab-bench-check-"));
  cpSync(join(root, "exercises"), work, { recursive: true, filter: (src) => !src.endsWith("package.json") });
  for (const file of readdirSync(join(root, "solutions")).filter((f) => /^\d\d-.*\.ts$/.test(f))) cpSync(join(root, "solutions", file), join(work, file));
  const file = join(work, `${lesson}.ts`);
  const original = readFileSync(file, "utf8");

  const env: NodeJS.ProcessEnv = { ...process.env, OPTLAB_EXERCISES: work, NO_COLOR: "1" };
  const child = spawn(join(root, "node_modules", ".bin", "tsx"), [join(root, "scripts", "check.ts"), "--watch", lesson.slice(0, 2)], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let waiting: { from: number; resolve: () => void; reject: (error: Error) => void } | null = null;
  // A re-run is over when its table has printed; one started by the save names the saved file.
  const settle = (): void => {
    if (!waiting) return;
    const text = plain(output.slice(waiting.from));
    const done = waiting.from === 0 ? /^total /m.test(text) : /RERUN\s+\S*04-adam\.ts[\s\S]*^total /m.test(text);
    if (done) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  };
  const nextTable = (from: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: no re-run of ${lesson} reported within 30 s; output:\n${plain(output).slice(-2000)}`)), 30_000);
      waiting = { from, resolve: () => (clearTimeout(timer), resolve()), reject };
      settle();
    });
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
    settle();
  });
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  child.on("exit", (code) => waiting?.reject(new Error(`bench: npm run check --watch ended with code ${code}:\n${plain(output).slice(-2000)}`)));

  try {
    await nextTable(0);
    const cases = Number(/Tests\s+(\d+) passed/.exec(plain(output))?.[1] ?? NaN);
    const seconds: number[] = [];
    for (let save = 1; save <= runs; save++) {
      // Let the watcher settle after the previous run, as between two saves of a learner (not timed).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const done = nextTable(output.length);
      const started = performance.now();
      writeFileSync(file, `${original}\n// save ${save}\n`);
      await done;
      seconds.push((performance.now() - started) / 1000);
    }
    const starts: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      spawnSync(process.execPath, ["-e", ""]);
      starts.push((performance.now() - started) / 1000);
    }
    return { lesson, rerun: spreadOf(seconds), cases, nodeStart: spreadOf(starts) };
  } finally {
    child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}
