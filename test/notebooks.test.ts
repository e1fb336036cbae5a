// Every notebook in notebooks/ runs top to bottom in a fresh kernel through Jupyter's own client (nbclient)
// on the real tslab kernel, with no failed cell, and its executed copy stays under 8 MB. The notebooks are
// executed once per test run by the site build (scripts/site.mjs), which the site test then opens.
import { basename } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { notebookFiles } from "../scripts/strip.mjs";
import { ensureSite, jupyterOrSkip, type SiteReport } from "./runtime-helpers";

const jupyter = jupyterOrSkip("the notebook execution test");
// the course's lessons (NN-name); any other notebook found in notebooks/ is still run, and checked as a whole
const stems = notebookFiles().map((f) => basename(f, ".ipynb")).filter((s) => /^\d\d-/.test(s));
const MAX_BYTES = 8 * 1024 * 1024;

describe.skipIf(jupyter === null)("notebooks on the real kernel", () => {
  let report: SiteReport;
  beforeAll(async () => {
    report = await ensureSite();
  }, 25 * 60_000);

  it("found notebooks to run", () => {
    expect(stems.length).toBeGreaterThan(0);
  });

  it("every notebook that was run (lessons and any other) had no failed cell and stays under 8 MB", () => {
    const bad = report.lessons
      .filter((l) => l.errors > 0 || (l.executedBytes ?? Infinity) >= MAX_BYTES)
      .map((l) => `${l.stem}: ${l.errors} failed cell(s), executed size ${l.executedBytes ?? "unknown"} bytes`);
    expect(bad, bad.join("\n")).toEqual([]);
  });

  it.each(stems)("%s runs top to bottom with no failed cell", (stem) => {
    const lesson = report.lessons.find((l) => l.stem === stem);
    expect(lesson, `${stem} was not executed (added after the run started?)`).toBeDefined();
    const errors = lesson!.errorList.map((e) => `cell ${e.cell}: ${e.ename}: ${e.evalue}\n${e.traceback}`);
    expect(errors, errors.join("\n\n")).toEqual([]);
  });

  it.each(stems)("%s: the executed notebook is under 8 MB", (stem) => {
    const lesson = report.lessons.find((l) => l.stem === stem);
    expect(lesson?.executedBytes ?? Infinity).toBeLessThan(MAX_BYTES);
  });
});
