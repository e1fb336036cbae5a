// Notebooks are committed clean: no outputs, no execution counts, no run timings, the course kernel's
// metadata. `npm run strip` fixes a notebook that fails here.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { NOTEBOOK_METADATA, notebookFiles, stripNotebook } from "../scripts/strip.mjs";

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

const files: string[] = notebookFiles();
const FIXED_NAMES = [
  "00-welcome.ipynb", "01-gradient-descent.ipynb", "02-momentum.ipynb", "03-adagrad-rmsprop.ipynb", "04-adam.ipynb",
  "05-adamw.ipynb", "06-schedules.ipynb", "07-clipping.ipynb", "08-capstone.ipynb", "09-after-adam.ipynb",
];

describe("stripNotebook", () => {
  it("removes outputs, counts and timings and sets the kernel, keeping sources and the author's metadata", () => {
    const dirty: Notebook = {
      nbformat: 4,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" }, title: "kept" },
      cells: [
        { cell_type: "markdown", source: "# Title", metadata: { tags: ["intro"] } },
        {
          cell_type: "code", source: "1 + 1", execution_count: 7,
          metadata: { execution: { "iopub.status.busy": "2026-01-01" }, tags: ["check"] },
          outputs: [{ output_type: "execute_result", data: { "text/plain": "2" } }],
        },
      ],
    };
    const clean = stripNotebook(dirty) as Notebook;
    expect(clean.cells[1]).toEqual({ cell_type: "code", source: "1 + 1", execution_count: null, metadata: { tags: ["check"] }, outputs: [] });
    expect(clean.cells[0]).toEqual({ cell_type: "markdown", source: "# Title", metadata: { tags: ["intro"] } });
    expect(clean.metadata).toEqual({ ...NOTEBOOK_METADATA, title: "kept" });
    expect(dirty.cells[1].outputs?.length).toBe(1); // the input is not modified
  });
});

describe.each(files.map((f) => [basename(f), f]))("%s", (name, file) => {
  const nb = JSON.parse(readFileSync(file, "utf8")) as Notebook;

  it("has one of the course's notebook names", () => {
    expect(FIXED_NAMES).toContain(name);
  });

  it("is nbformat 4 with the course kernel's metadata", () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec).toEqual(NOTEBOOK_METADATA.kernelspec);
    expect((nb.metadata.language_info as { name?: string } | undefined)?.name).toBe("typescript");
  });

  it("is committed without outputs, execution counts or run timings (npm run strip)", () => {
    const dirty = nb.cells
      .map((c, i) => ({ i, c }))
      .filter(({ c }) => (c.outputs?.length ?? 0) > 0 || (c.execution_count ?? null) !== null || c.metadata?.execution !== undefined || c.metadata?.ExecuteTime !== undefined)
      .map(({ i }) => i);
    expect(dirty, `cells with outputs or counts: ${dirty.join(", ")}; run \`npm run strip\``).toEqual([]);
  });

  it("has at least one markdown and one code cell, none of them empty", () => {
    expect(nb.cells.some((c) => c.cell_type === "markdown")).toBe(true);
    expect(nb.cells.some((c) => c.cell_type === "code")).toBe(true);
    const empty = nb.cells.map((c, i) => ({ i, text: Array.isArray(c.source) ? c.source.join("") : c.source })).filter((c) => c.text.trim() === "").map((c) => c.i);
    expect(empty, `empty cells: ${empty.join(", ")}`).toEqual([]);
  });
});
