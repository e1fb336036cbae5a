// Executes notebooks top to bottom in fresh "optlab" kernels through Jupyter's own client (nbclient), and
// reports, per notebook, every failed cell (tslab reports a failed cell as status "error" with its message on
// stderr), the time per cell and the size of the executed copy. Used by run-notebook, site and the tests.
import { spawn } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { jupyterEnv, registerKernel, KERNEL_NAME } from "./jupyter.mjs";

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

/** Executes one notebook in a Python child process; resolves to its report. */
export function execute(python, notebook, out, timeout) {
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
export function printReport(report) {
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

/**
 * Executes notebooks with `python` (which has nbclient), `jobs` at a time; the executed copies go to outDir
 * (or nowhere). `onReport` is called as each finishes. Resolves to the reports in the order given.
 */
export async function executeNotebooks(python, notebooks, { outDir = null, out = null, jobs = 1, timeout = 300, onReport = printReport } = {}) {
  registerKernel(() => {});
  if (outDir) mkdirSync(outDir, { recursive: true });
  const queue = notebooks.map((nb, index) => ({ nb, index, out: out ?? (outDir ? join(outDir, basename(nb)) : null) }));
  const reports = new Array(notebooks.length);
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const r = await execute(python, job.nb, job.out, timeout);
      r.executedFile = job.out ? resolve(job.out) : null;
      r.executedBytes = job.out ? safeSize(job.out) : null;
      onReport(r);
      reports[job.index] = r;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, worker));
  return reports;
}

function safeSize(file) {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}
