import { defineConfig } from "vitest/config";

// One id per `vitest run`: the runtime tests (notebooks, site, live) share one site build per run through it.
process.env.OPTLAB_TEST_RUN ||= `${Date.now()}-${process.pid}`;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // two cores: two test files at a time; the notebook, site and live tests serialise their heavy work
    maxWorkers: 2,
  },
});
