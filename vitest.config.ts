import { defineConfig } from "vitest/config";

// One id per `vitest run`: the runtime tests (notebooks, site, live) share one site build per run through it.
process.env.OPTLAB_TEST_RUN ||= `${Date.now()}-${process.pid}`;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    // three files at a time on two cores: the notebook, site and live tests mostly wait for one shared site build
    maxWorkers: 3,
  },
});
