// `npm run strip`: removes outputs, execution counts and run timings from every notebook in notebooks/ and
// sets the course kernel's metadata, so notebooks are committed clean. `--check` only reports (exit 1 if dirty); `--help` shows the usage.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCommandLine } from "./command-line.mjs";
import { KERNEL_DISPLAY_NAME, KERNEL_NAME, ROOT } from "./jupyter.mjs";

/** The metadata every course notebook carries. */
export const NOTEBOOK_METADATA = {
  kernelspec: { name: KERNEL_NAME, display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
  language_info: { name: "typescript" },
};

/** Cell metadata written by running a notebook, not by its author. */
const RUN_METADATA = ["execution", "ExecuteTime", "collapsed", "scrolled"];

/** A clean copy of a parsed notebook: no outputs, no execution counts, no run timings, the course kernel. */
export function stripNotebook(nb) {
  const cells = nb.cells.map((cell) => {
    const metadata = { ...(cell.metadata ?? {}) };
    for (const key of RUN_METADATA) delete metadata[key];
    const out = { ...cell, metadata };
    if (cell.cell_type === "code") {
      out.outputs = [];
      out.execution_count = null;
    } else {
      delete out.outputs;
      delete out.execution_count;
    }
    return out;
  });
  const metadata = { ...(nb.metadata ?? {}), ...NOTEBOOK_METADATA };
  delete metadata.widgets;
  return { ...nb, metadata, cells };
}

/** Serialises a notebook the way Jupyter does: keys sorted, one-space indent, final newline. */
export function formatNotebook(nb) {
  const sort = (v) =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
  return JSON.stringify(sort(nb), null, 1) + "\n";
}

/** The course notebooks, in lesson order. */
export function notebookFiles(dir = join(ROOT, "notebooks")) {
  return readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(dir, f));
}

const USAGE = `usage: npm run strip [-- --check]
  removes outputs, execution counts and run timings from every notebook in notebooks/
  --check   only list the notebooks that need stripping (exit code 1 if any does)`;

function main() {
  const cli = readCommandLine({ command: "strip", helpCommand: "npm run strip -- --help", usage: USAGE, options: { check: { type: "boolean" } } });
  if (cli === null) return;
  const check = cli.values.check === true;
  let dirty = 0;
  for (const file of notebookFiles()) {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    const clean = formatNotebook(stripNotebook(nb));
    if (clean === formatNotebook(nb)) continue; // already clean (the file's own formatting is left alone)
    dirty += 1;
    if (check) console.log(`needs stripping: ${file}`);
    else {
      writeFileSync(file, clean);
      console.log(`stripped ${file}`);
    }
  }
  if (dirty === 0) console.log("All notebooks are clean.");
  if (check && dirty > 0) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
