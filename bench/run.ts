// `npm run bench [-- --only optimizers,circle,notebooks,grading,check,playground] [--sizes 1e5,1e6] [--quick] [--no-save] [--report]`
// Runs the benchmark parts (all by default), prints the tables with their ratios and the targets of the
// performance issue, and merges the results into bench/results.json (parts not run keep their last values;
// `--no-save` leaves the file alone). `--report` prints the tables of bench/results.json as Markdown
// without measuring anything; `--help` prints the usage.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { benchCheck, type CheckResult } from "./check";
import { benchCircle, TOLERANCE, type CircleResult } from "./circle";
import { benchGrading, benchNotebooks, type GradingResult, type NotebookResult } from "./course";
import { benchOptimizers, checkTwins, runTorch, type OptimizerRow } from "./optimizers";
import { benchPlayground, type PlaygroundResult } from "./playground";
import { benchAfterAdam, renderAfterAdam, type AfterAdamResult } from "./after-adam";
import type { Spread } from "./stats";
import { readCommandLine, usageError } from "../scripts/command-line.mjs";

const PARTS = ["optimizers", "circle", "notebooks", "grading", "check", "after-adam", "playground"] as const;
type Part = (typeof PARTS)[number];

/** Everything bench/results.json holds; each part carries when and on what load it was measured. */
interface Results {
  machine: { cpu: string; cores: number; node: string };
  optimizers?: { measuredAt: string; load: number[]; command: string; torch: string | null; rows: OptimizerRow[] };
  circle?: { measuredAt: string; load: number[]; command: string } & CircleResult;
  notebooks?: { measuredAt: string; load: number[]; command: string } & NotebookResult;
  grading?: { measuredAt: string; load: number[]; command: string } & GradingResult;
  /** The scale row: 300 correct submissions. */
  gradingScale?: { measuredAt: string; load: number[]; command: string } & GradingResult;
  check?: { measuredAt: string; load: number[]; command: string } & CheckResult;
  afterAdam?: { measuredAt: string; load: number[]; command: string } & AfterAdamResult;
  /** The playground frame row: 4 optimizers × 1000 steps recomputed and redrawn in headless Chromium. */
  playground?: { measuredAt: string; load: number[]; command: string } & PlaygroundResult;
}

const resultsFile = new URL("./results.json", import.meta.url).pathname;

const USAGE = `usage: npm run bench [-- --only PARTS] [--sizes LIST] [--quick] [--no-save] [--report]
  --only PARTS   some of ${PARTS.join(",")} (default: all)
  --sizes LIST   parameter counts for the optimizer part, integers in [1, 1e8] (default 1e5,1e6,1e7)
  --quick        fewer repetitions
  --no-save      leave bench/results.json alone
  --report       print bench/results.json's tables as Markdown, measuring nothing`;
const HELP = "npm run bench -- --help";

/** The options, or null when the command line was answered already (--help, or a one-line error with exit code 2). */
function parseOptions(): { parts: Part[]; sizes: number[]; quick: boolean; report: boolean; save: boolean } | null {
  const cli = readCommandLine({
    command: "bench",
    helpCommand: HELP,
    usage: USAGE,
    options: { only: { type: "string" }, sizes: { type: "string" }, quick: { type: "boolean" }, "no-save": { type: "boolean" }, report: { type: "boolean" } },
  });
  if (cli === null) return null;
  const values = cli.values as { only?: string; sizes?: string; quick?: boolean; "no-save"?: boolean; report?: boolean };
  let parts: Part[] = [...PARTS];
  if (values.only !== undefined) {
    const wanted = values.only.split(",");
    const unknown = wanted.filter((p) => !(PARTS as readonly string[]).includes(p));
    if (unknown.length > 0) return usageError("bench", `unknown part ${unknown.join(", ")} in --only = ${JSON.stringify(values.only)}; expected some of ${PARTS.join(", ")}`, HELP);
    parts = wanted as Part[];
  }
  let sizes = [1e5, 1e6, 1e7];
  if (values.sizes !== undefined) {
    sizes = values.sizes.split(",").map(Number);
    if (sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 1e8)) return usageError("bench", `invalid --sizes = ${JSON.stringify(values.sizes)}; expected integers in [1, 1e8], e.g. 1e5,1e6`, HELP);
  }
  return { parts, sizes, quick: values.quick === true, report: values.report === true, save: values["no-save"] !== true };
}

const f2 = (x: number) => x.toFixed(2);
const spread = (s: Spread | null, digits = 2) => (s === null ? "–" : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`);
const ratio = (a: Spread | null, b: Spread | null) => (a === null || b === null ? "–" : `${f2(a.median / b.median)}x`);
const sizeName = (n: number) => (Math.log10(n) % 1 === 0 ? `10^${Math.log10(n)}` : String(n));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The Markdown tables of a results object, and the list of targets with their status. */
function render(results: Results): string {
  const out: string[] = [];
  const o = results.optimizers;
  if (o) {
    out.push(`### Optimizer steps: ns per parameter per step, median (min–max)\n\nMeasured ${o.measuredAt}, load average ${o.load.map(f2).join(" ")}; ${o.torch ?? "PyTorch not available"}.\n`);
    out.push(
      table(
        ["optimizer", "size", "library", "scalar loop", "lib / scalar", "bandwidth loop", "lib / bandwidth", "PyTorch", "lib / PyTorch", "PyTorch, tuned malloc", "fast path", "fast path, 2 threads", "fast / tuned PyTorch"],
        o.rows.map((r) => [
          r.optimizer,
          sizeName(r.size),
          spread(r.library),
          spread(r.scalar),
          ratio(r.library, r.scalar),
          spread(r.bandwidth),
          ratio(r.library, r.bandwidth),
          spread(r.torch),
          ratio(r.library, r.torch),
          spread(r.torchTuned),
          spread(r.fast),
          spread(r.fastThreads ?? null),
          ratio(r.fast, r.torchTuned),
        ]),
      ),
    );
  }
  const c = results.circle;
  if (c) {
    out.push(`\n### The circle data set: 4 optimizers × ${c.epochs} epochs × ${c.samples} samples, one step per sample\n\nMeasured ${c.measuredAt}, load average ${c.load.map(f2).join(" ")}.\n`);
    out.push(
      table(
        ["implementation", "seconds for the 4 runs, median (min–max)", "ratio"],
        [
          ["@optlab/lib `train` (Node)", spread(c.javascript, 3), "1x"],
          [`reference pure Python (python ${c.pythonVersion ?? "–"})`, spread(c.python, 3), c.python ? `${(c.python.median / c.javascript.median).toFixed(1)}x slower` : "–"],
        ],
      ),
    );
    out.push(
      "\n" +
        table(
          ["optimizer", "max |Δ loss| per epoch", "max |Δ accuracy|", "max |Δ θ| at the end", "final loss", "final accuracy", "within tolerance"],
          c.agreement.map((a) => [a.name, a.lossDiff.toExponential(1), String(a.accuracyDiff), a.paramsDiff.toExponential(1), a.finalLoss.toFixed(5), a.finalAccuracy.toFixed(3), a.ok ? "yes" : "NO"]),
        ),
    );
    out.push(`\nTolerance: loss ${TOLERANCE.loss}, parameters ${TOLERANCE.params} (AdamW: ${TOLERANCE.adamwLoss}, ${TOLERANCE.adamwParams}).`);
  }
  const n = results.notebooks;
  if (n) {
    out.push(`\n### Notebooks through Jupyter (scripts/run-notebook.mjs, fresh kernel each)\n\nMeasured ${n.measuredAt}, load average ${n.load.map(f2).join(" ")}.${n.note ? ` Note: ${n.note}.` : ""}\n`);
    out.push(
      table(
        ["notebook", "seconds", "outside cells (kernel start/stop)", "first code cell (imports)", "slowest cell", "errors"],
        [
          ...n.notebooks.map((x) => [
            x.name,
            x.seconds === null ? "–" : x.seconds.toFixed(1),
            x.outsideCells === null || x.outsideCells === undefined ? "–" : x.outsideCells.toFixed(1),
            x.firstCell === null || x.firstCell === undefined ? "–" : x.firstCell.toFixed(1),
            x.slowestCell === null ? "–" : `cell ${x.slowestCell}: ${x.slowestSeconds} s`,
            x.firstError ? `${x.errors}: ${x.firstError}` : String(x.errors),
          ]),
          ["whole course (one runner call)", n.course ? n.course.median.toFixed(1) : "–", "", "", "", ""],
        ],
      ),
    );
  }
  const g = results.grading;
  if (g) {
    out.push(`\n### Grading a class with the instructor CLI\n\nMeasured ${g.measuredAt}, load average ${g.load.map(f2).join(" ")}.\n`);
    const row = (x: GradingResult): string[] => {
      const totals = x.totals ?? [];
      const spreadOfTotals = totals.length > 0 ? `${Math.min(...totals)} to ${Math.max(...totals)}` : "–";
      const seconds = x.seconds ? x.seconds.median.toFixed(1) : "–";
      return [`${x.students}${x.allCorrect ? " correct" : " mixed"}`, seconds, String(x.gradebookRows ?? "–"), spreadOfTotals, x.graderMb == null ? "–" : String(x.graderMb), x.containment ?? "–", x.note || "ok"];
    };
    out.push(
      table(
        ["students", "seconds", "gradebook rows", "totals (lowest to highest)", "largest process, MB", "containment", "note"],
        [row(g), ...(results.gradingScale ? [row(results.gradingScale)] : [])],
      ),
    );
  }
  const k = results.check;
  if (k) {
    out.push(`\n### Watch mode of \`npm run check\`: from saving exercises/${k.lesson}.ts to the re-run's points table\n\nMeasured ${k.measuredAt}, load average ${k.load.map(f2).join(" ")}.\n`);
    out.push(
      table(
        ["lesson", "cases checked", "seconds, median (min–max)", "saves", "bare `node -e \"\"`, seconds", "re-run / bare node"],
        [[k.lesson, String(k.cases), spread(k.rerun, 3), String(k.rerun.samples), spread(k.nodeStart ?? null, 3), ratio(k.rerun, k.nodeStart ?? null)]],
      ),
    );
  }
  if (results.afterAdam) out.push(renderAfterAdam(results.afterAdam));
  const pg = results.playground;
  if (pg) {
    out.push(`\n### Playground frame: 4 optimizers × 1000 steps on Rosenbrock, recomputed and redrawn in headless Chromium\n\nMeasured ${pg.measuredAt}, load average ${pg.load.map(f2).join(" ")}; ${pg.browser}.\n`);
    out.push(table(["part", "ms, median (min–max)", "frames", "page size"], [["playground frame (recompute + redraw)", spread(pg.frame), String(pg.frame.samples), `${(pg.pageBytes / 1e6).toFixed(2)} MB`], ["recompute alone", spread(pg.compute), String(pg.compute.samples), ""]]));
  }
  out.push("\n### Targets\n");
  out.push(targets(results).map((t) => `- ${t}`).join("\n"));
  return out.join("\n");
}

/**
 * Each target judged on medians (what a run gave) and on minima (what the code does when the machine leaves
 * it alone): "met", "met on minima only" (the median missed, on a loaded machine) or "MISSED".
 */
function targets(results: Results): string[] {
  const lines: string[] = [];
  const judge = (median: number | null, min: number | null, ok: (x: number) => boolean, show: (x: number) => string) => {
    if (median === null || min === null) return "– (not measured)";
    const status = ok(median) ? "met" : ok(min) ? "met on minima only" : "MISSED";
    return `${show(median)} median, ${show(min)} on minima (${status})`;
  };
  const x = (v: number) => `${f2(v)}x`;
  const ns = (v: number) => `${f2(v)} ns`;
  const rows = results.optimizers?.rows ?? [];
  for (const name of ["Adam", "AdamW"]) {
    const r = rows.find((row) => row.optimizer === name && row.size === 1e7);
    const t = r?.torch ?? null;
    lines.push(`${name} at 10^7, library / scalar loop <= 1.1: ${judge(r ? r.library.median / r.scalar.median : null, r ? r.library.min / r.scalar.min : null, (v) => v <= 1.1, x)}`);
    lines.push(`${name} at 10^7, library / stock PyTorch <= 0.6: ${judge(r && t ? r.library.median / t.median : null, r && t ? r.library.min / t.min : null, (v) => v <= 0.6, x)}`);
  }
  const adam7 = rows.find((row) => row.optimizer === "Adam" && row.size === 1e7);
  for (const [label, s] of [["1 thread", adam7?.fast ?? null], ["2 threads", adam7?.fastThreads ?? null]] as const) {
    lines.push(`fast path Adam at 10^7 <= 2.5 ns per parameter, ${label}: ${judge(s?.median ?? null, s?.min ?? null, (v) => v <= 2.5, ns)}`);
  }
  const c = results.circle;
  lines.push(
    `circle training >= 30x faster than the Python reference: ${judge(
      c?.python ? c.python.median / c.javascript.median : null,
      c?.python ? c.python.min / c.javascript.min : null,
      (v) => v >= 30,
      (v) => `${v.toFixed(1)}x`,
    )}`,
  );
  const agree = c?.python ? c.agreement.length > 0 && c.agreement.every((a) => a.ok) : null;
  lines.push(`circle results equal to the Python's within tolerance: ${agree === null ? "not measured (no python3)" : agree ? "met" : "MISSED"}`);
  const n = results.notebooks;
  const course = n?.course ? n.course.median : null;
  const incomplete = n && n.missing.length > 0 ? `; only ${n.notebooks.length} of 9 notebooks exist` : "";
  lines.push(`whole course <= 90 s: ${course === null ? "– (not measured)" : `${course.toFixed(1)} s (${course <= 90 ? "met" : "MISSED"}${incomplete})`}`);
  const slowest = n && n.notebooks.length > 0 ? n.notebooks.reduce((a, nb) => Math.max(a, nb.seconds ?? 0), 0) : null;
  lines.push(`no notebook over 20 s: ${slowest === null ? "– (not measured)" : `slowest ${slowest.toFixed(1)} s (${slowest <= 20 ? "met" : "MISSED"})`}`);
  const g = results.grading;
  const gs = g?.seconds ? g.seconds.median : null;
  lines.push(`grading 30 submissions under a minute: ${gs === null ? `– (${g?.note || "not measured"})` : `${gs.toFixed(1)} s (${gs < 60 && g?.gradebookRows === g?.students ? "met" : "MISSED"})`}`);
  const scale = results.gradingScale;
  const ss = scale?.seconds ? scale.seconds.median : null;
  lines.push(`grading 300 correct submissions in at most 60 s: ${ss === null ? `– (${scale?.note || "not measured"})` : `${ss.toFixed(1)} s (${ss <= 60 && scale?.gradebookRows === scale?.students ? "met" : "MISSED"})`}`);
  const mb = scale?.graderMb ?? null;
  lines.push(`grader's own memory under 1 GB (largest process of the 300-student run): ${mb === null ? "– (not measured)" : `${mb} MB (${mb < 1024 ? "met" : "MISSED"})`}`);
  const k = results.check?.rerun ?? null;
  lines.push(`watch re-run of one lesson under 1 s: ${judge(k?.median ?? null, k?.min ?? null, (v) => v < 1, (v) => `${v.toFixed(2)} s`)}`);
  const pg = results.playground;
  lines.push(`playground frame <= 16 ms: ${judge(pg?.frame.median ?? null, pg?.frame.min ?? null, (v) => v <= 16, (v) => `${v.toFixed(1)} ms`)}`);
  lines.push(`playground page under 5 MB: ${pg ? `${(pg.pageBytes / 1e6).toFixed(2)} MB (${pg.pageBytes < 5e6 ? "met" : "MISSED"})` : "– (not measured)"}`);
  return lines;
}

async function main(): Promise<void> {
  const args = parseOptions();
  if (args === null) return;
  const previous: Results | null = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, "utf8")) as Results) : null;
  if (args.report) {
    if (!previous) throw new Error("bench: no bench/results.json yet; run `npm run bench` first");
    console.log(render(previous));
    return;
  }
  const command = `npm run bench${process.argv.length > 2 ? " -- " + process.argv.slice(2).join(" ") : ""}`;
  const results: Results = { ...(previous ?? {}), machine: { cpu: cpus()[0]?.model ?? "?", cores: cpus().length, node: process.version } };
  const stamp = () => ({ measuredAt: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", load: loadavg(), command });
  const log = (line: string) => process.stderr.write(line + "\n");
  if (args.parts.includes("optimizers")) {
    const twins = checkTwins();
    if (twins.length > 0) throw new Error(`bench: ${twins.join("; ")}`);
    const at = stamp();
    const rows: OptimizerRow[] = [];
    let version: string | null = null;
    // Size by size, so that each JavaScript row and its PyTorch numbers are measured close together in time.
    for (const size of args.sizes) {
      log(`optimizers at ${size}: JavaScript (library, scalar loop, bandwidth loop, fast path)`);
      const sized = await benchOptimizers([size], args.quick, log);
      log(`optimizers at ${size}: PyTorch, stock and tuned allocator`);
      const torch = runTorch([size], args.quick, false);
      const tuned = torch ? runTorch([size], args.quick, true) : null;
      for (const r of sized) {
        r.torch = torch?.spreads.get(`${r.optimizer}@${r.size}`) ?? null;
        r.torchTuned = tuned?.spreads.get(`${r.optimizer}@${r.size}`) ?? null;
      }
      if (torch) version = `PyTorch ${torch.version}, 1 thread, /usr/bin/python3`;
      rows.push(...sized);
    }
    results.optimizers = { ...at, torch: version, rows };
  }
  if (args.parts.includes("circle")) {
    log("circle: the per-sample circle training in Node and in pure Python");
    results.circle = { ...stamp(), ...(await benchCircle(args.quick)) };
  }
  if (args.parts.includes("notebooks")) {
    log("notebooks: the course through Jupyter");
    results.notebooks = { ...stamp(), ...(await benchNotebooks()) };
  }
  if (args.parts.includes("grading")) {
    log("grading: 30 submissions with the instructor CLI");
    results.grading = { ...stamp(), ...(await benchGrading()) };
    log("grading: 300 correct submissions with the instructor CLI (the scale target)");
    results.gradingScale = { ...stamp(), ...(await benchGrading(300, true)) };
  }
  if (args.parts.includes("check")) {
    log("check: npm run check -- --watch 04, one save after another");
    results.check = { ...stamp(), ...(await benchCheck(args.quick ? 5 : 20)) };
  }
  if (args.parts.includes("after-adam")) results.afterAdam = { ...stamp(), ...(await benchAfterAdam(args.quick, log)) };
  if (args.parts.includes("playground")) {
    log("playground: 4 optimizers × 1000 steps, recomputed and redrawn in headless Chromium");
    results.playground = { ...stamp(), ...(await benchPlayground(args.quick ? 20 : 60)) };
  }
  console.log(render(results));
  if (args.save) {
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");
    log(`\nwritten ${resultsFile.replace(process.cwd() + "/", "")}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
