// `node scripts/run-notebook.mjs NOTEBOOK... [--out FILE | --out-dir DIR] [--jobs N] [--timeout S] [--report FILE]`
// Executes notebooks top to bottom in a fresh "optlab" kernel through Jupyter's own client (nbclient), prints
// every error and the time taken, and exits 1 if any cell failed (2 on bad usage or when Jupyter is missing).
// The notebook file itself is never written; --out / --out-dir write the executed copy elsewhere.
import { writeFileSync } from "node:fs";
import { executeNotebooks } from "./execute.mjs";
import { findNbclient, installHelp } from "./jupyter.mjs";
import { integerIn, readCommandLine, usageError } from "./command-line.mjs";

const USAGE = `usage: node scripts/run-notebook.mjs NOTEBOOK... [--out FILE | --out-dir DIR] [--jobs N] [--timeout S] [--report FILE]
  executes each notebook top to bottom in a fresh course kernel (the notebook file itself is never written)
  --out FILE       write the executed copy of the one notebook to FILE
  --out-dir DIR    write the executed copies into DIR
  --jobs N         notebooks run at once, 1 to 16 (default 1)
  --timeout S      seconds one cell may take, 1 to 3600 (default 300)
  --report FILE    write what ran (errors, seconds) as JSON
exit code: 0 every cell ran, 1 a cell failed, 2 bad usage or no Jupyter`;

const HELP = "node scripts/run-notebook.mjs --help";

/** The options, or null when the command line was answered already (--help, or a one-line error). */
function readOptions() {
  const cli = readCommandLine({
    command: "run-notebook",
    helpCommand: HELP,
    usage: USAGE,
    allowPositionals: true,
    options: { out: { type: "string" }, "out-dir": { type: "string" }, jobs: { type: "string" }, timeout: { type: "string" }, report: { type: "string" } },
  });
  if (cli === null) return null;
  const { values, positionals } = cli;
  const jobs = integerIn(values.jobs ?? "1", 1, 16);
  if (jobs === null) return usageError("run-notebook", `invalid --jobs = ${JSON.stringify(values.jobs)}; expected a whole number from 1 to 16`, HELP);
  const timeout = integerIn(values.timeout ?? "300", 1, 3600);
  if (timeout === null) return usageError("run-notebook", `invalid --timeout = ${JSON.stringify(values.timeout)}; expected whole seconds from 1 to 3600`, HELP);
  if (positionals.length === 0) return usageError("run-notebook", "no notebook given; expected one or more .ipynb files", HELP);
  if (values.out && positionals.length > 1) return usageError("run-notebook", `--out takes one notebook (got ${positionals.length}); use --out-dir for several`, HELP);
  return { notebooks: positionals, out: values.out ?? null, outDir: values["out-dir"] ?? null, jobs, timeout, report: values.report ?? null };
}

async function main() {
  const opts = readOptions();
  if (opts === null) return;
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
