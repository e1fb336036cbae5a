// `node scripts/run-notebook.mjs NOTEBOOK... [--out FILE | --out-dir DIR] [--jobs N] [--timeout S] [--report FILE]`
// Executes notebooks top to bottom in a fresh "optlab" kernel through Jupyter's own client (nbclient), prints
// every error and the time taken, and exits 1 if any cell failed (2 if Jupyter is missing). The notebook file
// itself is never written; --out / --out-dir write the executed copy elsewhere.
import { writeFileSync } from "node:fs";
import { executeNotebooks } from "./execute.mjs";
import { findNbclient, installHelp } from "./jupyter.mjs";

function parseArgs(argv) {
  const opts = { notebooks: [], out: null, outDir: null, jobs: 1, timeout: 300, report: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--out") opts.out = value();
    else if (a === "--out-dir") opts.outDir = value();
    else if (a === "--jobs") opts.jobs = Math.max(1, Number(value()) || 1);
    else if (a === "--timeout") opts.timeout = Math.max(1, Number(value()) || 300);
    else if (a === "--report") opts.report = value();
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else opts.notebooks.push(a);
  }
  if (opts.notebooks.length === 0) throw new Error("usage: node scripts/run-notebook.mjs NOTEBOOK... [--out FILE | --out-dir DIR] [--jobs N] [--timeout S] [--report FILE]");
  if (opts.out && opts.notebooks.length > 1) throw new Error("--out takes one notebook; use --out-dir for several");
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(64);
  }
  const jupyter = findNbclient();
  if (jupyter === null) {
    console.error(`No Python with nbclient was found, so notebooks cannot be executed.\n${installHelp()}`);
    process.exit(2);
  }
  const reports = await executeNotebooks(jupyter.python, opts.notebooks, { out: opts.out, outDir: opts.outDir, jobs: opts.jobs, timeout: opts.timeout });
  if (opts.report) writeFileSync(opts.report, JSON.stringify(reports, null, 2));
  const failed = reports.filter((r) => r.errors.length > 0).length;
  if (reports.length > 1) console.log(`${reports.length - failed} notebook(s) passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
