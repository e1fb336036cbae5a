// Every notebook in notebooks/ runs top to bottom in a fresh kernel through Jupyter's own client (nbclient)
// on the real tslab kernel, with no failed cell, and its executed copy stays under 8 MB. The notebooks are
// executed once per test run by the site build (scripts/site.mjs), which the site test then opens.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JUPYTER_DATA, KERNEL_NAME, registerKernel, ROOT } from "../scripts/jupyter.mjs";
import { notebookFiles } from "../scripts/strip.mjs";
import { ensureSite, jupyterOrSkip, type SiteReport } from "./runtime-helpers";

const jupyter = jupyterOrSkip("the notebook execution test");
// the course's lessons (NN-name); any other notebook found in notebooks/ is still run, and checked as a whole
const stems = notebookFiles().map((f) => basename(f, ".ipynb")).filter((s) => /^\d\d-/.test(s));
const MAX_BYTES = 8 * 1024 * 1024;

describe("the project-local kernel (npm run setup)", () => {
  it("is registered inside the project, runs tslab with tsx's loader, and registering twice changes nothing", () => {
    const file = registerKernel(() => {});
    expect(file).toBe(join(ROOT, ".jupyter", "share", "jupyter", "kernels", KERNEL_NAME, "kernel.json"));
    expect(file.startsWith(JUPYTER_DATA)).toBe(true);
    const first = readFileSync(file, "utf8");
    registerKernel(() => {});
    expect(readFileSync(file, "utf8")).toBe(first);
    const spec = JSON.parse(first) as { argv: string[]; display_name: string; env: { NODE_OPTIONS: string } };
    expect(spec.display_name).toBe("TypeScript (Optimizer Lab)");
    expect(spec.argv.slice(1)).toEqual([join(ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"]);
    expect(spec.env.NODE_OPTIONS).toBe(`--require ${JSON.stringify(join(ROOT, "node_modules", "tsx", "dist", "cjs", "index.cjs"))}`);
  });

  it("is not in the user's or the system's Jupyter folders", () => {
    const global = [join(homedir(), ".local", "share", "jupyter"), "/usr/local/share/jupyter", "/usr/share/jupyter"];
    for (const dir of global) expect(existsSync(join(dir, "kernels", KERNEL_NAME)), dir).toBe(false);
  });
});

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
