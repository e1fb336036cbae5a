import { resolve } from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// One id per `vitest run`: the runtime tests (notebooks, site, live) share one site build per run through it.
process.env.OPTLAB_TEST_RUN ||= `${Date.now()}-${process.pid}`;

// The learner's project checks exercises/ against the reference; it fails until every exercise is written,
// so plain `vitest run` / `npm test` leave it out. It is on under `npm run check` (which sets OPTLAB_CHECK=1)
// and in VS Code's Vitest extension (which sets VITEST_VSCODE), whose test explorer then lists it.
const learnerProject = process.env.OPTLAB_CHECK === "1" || process.env.VITEST_VSCODE !== undefined;

// OPTLAB_EXERCISES=DIR checks another copy of exercises/ (the maintainers' test of `npm run check` uses it):
// the check files' imports of ../../exercises/NN-name go to DIR/NN-name, and @optlab/lib still resolves
// when DIR lies outside the repository.
const otherExercises = process.env.OPTLAB_EXERCISES ? resolve(process.env.OPTLAB_EXERCISES) : null;

const exercises: TestProjectInlineConfiguration = {
  resolve: {
    alias: otherExercises
      ? [
          { find: /^\.\.\/\.\.\/exercises\//, replacement: `${otherExercises}/` },
          { find: /^@optlab\/lib$/, replacement: resolve(import.meta.dirname, "lib", "index.ts") },
        ]
      : [],
  },
  test: {
    name: "exercises",
    include: ["test/exercises/*.check.ts"],
    // Each check file in a process of its own: its watchdog (test/exercises/watchdog.ts) ends that process
    // when an endless loop blocks it, and so stops no other lesson's checks.
    pool: "forks",
    isolate: true,
    // The grader's own time limits (node:vm) stop a looping exercise first, and the watchdog a loop
    // outside its calls; this is only a backstop.
    testTimeout: 20_000,
  },
};

export default defineConfig({
  // Watch mode re-runs a lesson when its file changes; vitest watches the repository, so a folder of
  // exercises elsewhere is added to its watcher.
  plugins: otherExercises ? [{ name: "optlab-watch-exercises", configureServer: (server) => void server.watcher.add(otherExercises) }] : [],
  test: {
    // three files at a time on two cores: the notebook, site and live tests mostly wait for one shared site build
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: "maintainers", include: ["test/**/*.test.ts"], testTimeout: 20_000 } },
      ...(learnerProject ? [exercises] : []),
    ],
  },
});
