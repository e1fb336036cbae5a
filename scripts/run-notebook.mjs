// `node scripts/run-notebook.mjs NOTEBOOK... [--out FILE | --out-dir DIR] [--jobs N] [--timeout S] [--report FILE]`
// Executes notebooks top to bottom in a fresh "optlab" kernel through Jupyter's own client (nbclient), prints
// every error output and the time taken, and exits 1 if any cell failed (2 if Jupyter is missing). The
// notebook file itself is never written; --out / --out-dir write the executed copy elsewhere.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { findNbclient, installHelp, jupyterEnv, registerKernel, KERNEL_NAME } from "./jupyter.mjs";

const EXECUTE = String.raw`
import json, re, sys, time
import nbformat
from nbclient import NotebookClient
src, out, cwd, timeout, kernel = sys.argv[1:6]
nb = nbformat.read(src, as_version=4)
replies = {}
def on_executed(cell, cell_index, execute_reply):
    replies[cell_index] = execute_reply.get("content", {})
client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), allow_errors=True, record_timing=True,
                        resources={"metadata": {"path": cwd}}, on_cell_executed=on_executed)
report = {"notebook": src, "errors": [], "stderr": [], "cells": []}
start = time.time()
try:
    client.execute()
except Exception as e:  # dead kernel, timeout: the run itself failed
    report["errors"].append({"cell": None, "ename": type(e).__name__, "evalue": str(e)[:2000], "traceback": ""})
report["seconds"] = round(time.time() - start, 2)
ansi = re.compile(r"\x1b\[[0-9;]*m")
def stamp(s):
    from datetime import datetime
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
for i, cell in enumerate(nb.cells):
    if cell.cell_type != "code":
        continue
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        secs = round(stamp(timing["iopub.status.idle"]) - stamp(timing["iopub.status.busy"]), 2)
    except Exception:
        secs = None
    status = replies.get(i, {}).get("status", "not run")
    report["cells"].append({"cell": i, "seconds": secs, "status": status})
    outputs = cell.get("outputs", [])
    stderr = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr")
    errors = [o for o in outputs if o.get("output_type") == "error"]
    for o in errors:
        report["errors"].append({"cell": i, "ename": o.get("ename", ""), "evalue": ansi.sub("", o.get("evalue", "")),
                                 "traceback": ansi.sub("", "\n".join(o.get("traceback", [])))[:4000]})
    if status == "error" and not errors:
        # tslab reports a failed cell as status "error" with the message on stderr
        lines = [l for l in ansi.sub("", stderr).splitlines() if l.strip()]
        head = next((l for l in lines if re.match(r"^\w*(Error|Exception)\b", l)), lines[0] if lines else "the cell failed")
        report["errors"].append({"cell": i, "ename": "CellError", "evalue": head.strip()[:500], "traceback": ansi.sub("", stderr)[:4000]})
    elif stderr:
        report["stderr"].append({"cell": i, "text": stderr[:2000]})
if out != "-":
    nbformat.write(nb, out)
print("@@REPORT@@" + json.dumps(report))
`;

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

/** Executes one notebook in a Python child process; resolves to its report. */
function execute(python, notebook, out, timeout) {
  const src = resolve(notebook);
  return new Promise((done) => {
    const child = spawn(python, ["-c", EXECUTE, src, out ? resolve(out) : "-", dirname(src), String(timeout), KERNEL_NAME], {
      env: jupyterEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("@@REPORT@@"));
      if (line) return done(JSON.parse(line.slice("@@REPORT@@".length)));
      done({ notebook: src, seconds: null, cells: [], stderr: [], errors: [{ cell: null, ename: "ExecutionFailed", evalue: `python exited with code ${code}`, traceback: stderr.slice(-4000) }] });
    });
  });
}

/** Prints one notebook's result: errors in full, then a summary line with the time and the slowest cell. */
function print(report) {
  const name = report.notebook.replace(process.cwd() + "/", "");
  for (const e of report.errors) {
    console.log(`\n✗ ${name}${e.cell === null ? "" : `, cell ${e.cell}`}: ${e.ename}: ${e.evalue}`);
    if (e.traceback && e.traceback.trim() !== `${e.ename}: ${e.evalue}`) console.log(e.traceback.split("\n").map((l) => `    ${l}`).join("\n"));
  }
  const timed = report.cells.filter((c) => c.seconds !== null);
  const slowest = timed.reduce((a, c) => (a === null || c.seconds > a.seconds ? c : a), null);
  const slow = slowest ? `; slowest cell ${slowest.cell}: ${slowest.seconds} s` : "";
  const notRun = report.cells.filter((c) => c.status !== "ok" && c.status !== "error").length;
  const skipped = notRun > 0 ? ` (${notRun} not run after the error)` : "";
  const mark = report.errors.length === 0 ? "✓" : "✗";
  console.log(`${mark} ${name}: ${report.cells.length} code cells, ${report.errors.length} error(s)${skipped}, ${report.seconds ?? "?"} s${slow}`);
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
  registerKernel(() => {});
  if (opts.outDir) mkdirSync(opts.outDir, { recursive: true });
  const queue = opts.notebooks.map((nb) => ({ nb, out: opts.out ?? (opts.outDir ? join(opts.outDir, basename(nb)) : null) }));
  const reports = [];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const r = await execute(jupyter.python, job.nb, job.out, opts.timeout);
      print(r);
      reports.push(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, queue.length) }, worker));
  if (opts.report) writeFileSync(opts.report, JSON.stringify(reports, null, 2));
  const failed = reports.filter((r) => r.errors.length > 0).length;
  if (reports.length > 1) console.log(`${reports.length - failed} notebook(s) passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
