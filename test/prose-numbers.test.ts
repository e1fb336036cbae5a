// Every number a lesson states in a "Reading the experiment" paragraph or a folded answer is printed by the
// code cells of its section (scripts/prose-numbers.mjs says what counts as a number and what is exempt). The
// matching logic is tested on small notebooks written here; the lessons are checked on the executed copies
// that the site build of this test run keeps (no second execution).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkNotebook, figuresInHtml, outputText, printedNumbers, proseNumbers, sections, type CheckedNotebook, type NotebookOutput } from "../scripts/prose-numbers.mjs";
import { ensureSite, jupyterOrSkip, SITE, type SiteReport } from "./runtime-helpers";

const md = (source: string) => ({ cell_type: "markdown", source });
const stream = (text: string): NotebookOutput => ({ output_type: "stream", text });
const code = (source: string, ...outputs: NotebookOutput[]) => ({ cell_type: "code", source, outputs });
/** A one-section notebook: a code cell printing `printed`, then a reading stating `reading`. */
const lesson = (printed: string, reading: string, source = "console.log(x);"): CheckedNotebook => ({
  cells: [md("## 1. An experiment"), code(source, stream(printed)), md(`**Reading the experiment.** ${reading}`)],
});
const offenders = (nb: CheckedNotebook) => checkNotebook(nb).offenders.map((o) => o.number);

describe("the prose-number matching", () => {
  it("accepts a number printed as it is written", () => {
    expect(offenders(lesson("final_loss=0.1038\n", "The loss fell to 0.1038."))).toEqual([]);
    expect(offenders(lesson("settled after 2559 steps\n", "It settles after 2559 steps."))).toEqual([]);
  });

  it("rejects a number that nothing printed", () => {
    const r = checkNotebook(lesson("curvatures 1001.6 and 0.4\n", "The floor is 2500 times flatter than the wall (1001.6)."));
    expect(r.numbers).toBe(2);
    expect(r.offenders).toEqual([expect.objectContaining({ cell: 2, kind: "reading", number: "2500", section: "1. An experiment" })]);
  });

  it("accepts a number rounded from a printed one, but not one with more digits than were printed", () => {
    expect(offenders(lesson("accuracy 0.6312\n", "About 0.63 of the points."))).toEqual([]);
    expect(offenders(lesson("accuracy 0.6312\n", "About 0.64 of the points."))).toEqual(["0.64"]);
    expect(offenders(lesson("accuracy 0.63\n", "Exactly 0.6312 of the points."))).toEqual(["0.6312"]);
    expect(offenders(lesson("w = 2558.7\n", "about 2559 steps"))).toEqual([]);
    expect(offenders(lesson("bound 0.001997\n", "below the bound, 0.002"))).toEqual([]);
  });

  it("matches a percentage against a printed fraction or percentage, and a fraction against a printed percentage", () => {
    expect(offenders(lesson("val_acc=0.96\n", "It reaches 96 % on validation."))).toEqual([]);
    expect(offenders(lesson("val_acc=96.0%\n", "It reaches 96% on validation."))).toEqual([]);
    expect(offenders(lesson("val_acc=0.955\n", "It reaches 96.0 % on validation."))).toEqual(["96.0"]);
    expect(offenders(lesson("warmup 2%\n", "a warmup of 0.02 of the run"))).toEqual([]);
  });

  it("ignores signs, reads scientific notation in text and in LaTeX, and thousands separators", () => {
    expect(offenders(lesson("y = -1.25\n", "y is −1.25"))).toEqual([]);
    expect(offenders(lesson("norm 1.655e+3\n", "norm $1.655 \\times 10^{3}$, that is 1655"))).toEqual([]);
    expect(offenders(lesson("diff 1.43e-7\n", "they differ by 1.4e-7"))).toEqual([]);
    expect(offenders(lesson("diff 1.43e-7\n", "they differ by 1.43·10⁻⁷"))).toEqual([]);
    // a product with a power of ten is not scientific notation: 0.01 is stated on its own
    expect(proseNumbers("$v = 0.01 \\cdot 10^{-8}$").map((n) => n.token)).toEqual(["0.01"]);
    expect(offenders(lesson("10000 times\n", "10,000 times closer"))).toEqual([]);
  });

  it("states only decimals, percentages and integers of 100 and more, and skips years, versions, section numbers and code blocks", () => {
    const stated = proseNumbers(
      "After 25 steps of lesson 01, 3 runs of 500 steps (Kingma & Ba 2015; Loshchilov and Hutter 2019) on PyTorch 1.13, as section 4.2 shows: 0.5.\n```ts\nconst lr = 0.125;\n```\n5%",
    ).map((n) => n.token);
    expect(stated).toEqual(["500", "0.5", "5"]);
    const cited = "Kingma & Ba 2015, [Adam](https://arxiv.org/abs/1412.6980), arXiv:1412.6980, doi:10.1137/0330046; 0.25";
    expect(proseNumbers(cited).map((n) => n.token)).toEqual(["0.25"]);
  });

  it("accepts a setting that is a literal in the section's code", () => {
    expect(offenders(lesson("done\n", "With a learning rate of 0.0005 and 20000 steps.", "minimize(p, new SGD({ lr: 0.0005 }), { steps: 20_000 });"))).toEqual([]);
    // a literal only counts as written: 0.0005 in the code does not make 0.001 a setting
    expect(offenders(lesson("done\n", "With 0.001.", "const lr = 0.0005;"))).toEqual(["0.001"]);
  });

  it("reads HTML tables and the titles and legends of figures, but not the figures' data", () => {
    const figure = { data: [{ type: "scatter", name: "lr = 0.0019", x: [1, 2], y: [0.777, 0.5] }], layout: { title: { text: "Loss after 2559 steps" } } };
    const html = `<div id="f"></div>\n<script type="text/javascript">(function () {\nvar id = "f";\nvar figure = ${JSON.stringify(figure)};\n})();</script>\n`;
    expect(figuresInHtml(html)).toEqual([figure]);
    const text = outputText({ output_type: "display_data", data: { "text/html": html } });
    expect(printedNumbers(text).map((n) => n.value)).toEqual(expect.arrayContaining([0.0019, 2559]));
    const nb: CheckedNotebook = {
      cells: [
        md("## 1. Experiment"),
        code("show(fig); table(rows);", { output_type: "display_data", data: { "text/html": html } }, { output_type: "display_data", data: { "text/html": "<table><tr><td>0.4521</td></tr></table>" } }),
        md("**Reading the experiment.** At 0.0019 the loss is 0.45 after 2559 steps, not 0.777."),
      ],
    };
    expect(offenders(nb)).toEqual(["0.777"]);
  });

  it("checks each section against its own code cells, folded answers included; a reading heading does not start a section", () => {
    const nb: CheckedNotebook = {
      cells: [
        md("# Lesson\n## 1. First"),
        code("run()", stream("loss 0.25\n")),
        md("### Reading the experiment\n\nThe loss is 0.25.\n\n## 2. Second\n\n**Reading the experiment.** As before, 0.25.\n\n#### A note\n\nafter a heading the reading has ended: 0.9"),
        code("run()", stream("loss 0.75\n")),
        md("## 3. Practice\n\n**1.** Why 0.33? (questions are not checked)\n<details><summary>Answer</summary>Because 0.5 and 0.125.</details>"),
        code("check()", stream("0.125\n")),
      ],
    };
    expect(sections(nb).map((s) => s.heading)).toEqual(["(before the first heading)", "Lesson", "1. First", "2. Second", "3. Practice"]);
    const r = checkNotebook(nb);
    expect(r.numbers).toBe(4);
    expect(r.offenders.map((o) => [o.cell, o.kind, o.number])).toEqual([
      [2, "reading", "0.25"],
      [4, "answer", "0.5"],
    ]);
  });
});

const jupyter = jupyterOrSkip("the prose-number test over the executed lessons");

describe.skipIf(jupyter === null)("every number of the lessons' readings and folded answers is printed in its section", () => {
  let report: SiteReport;
  beforeAll(async () => {
    report = await ensureSite();
  }, 25 * 60_000);

  it("has every lesson's executed copy", () => {
    const missing = report.lessons.filter((l) => !existsSync(join(SITE, "executed", `${l.stem}.ipynb`))).map((l) => l.stem);
    expect(report.lessons.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it("finds every stated number printed by its section", () => {
    const lines: string[] = [];
    let numbers = 0;
    for (const l of report.lessons) {
      const file = join(SITE, "executed", `${l.stem}.ipynb`);
      if (!existsSync(file)) continue;
      const r = checkNotebook(JSON.parse(readFileSync(file, "utf8")) as CheckedNotebook);
      numbers += r.numbers;
      for (const o of r.offenders) lines.push(`${l.stem} cell ${o.cell} (${o.kind}, "${o.section}"): ${o.number}  …${o.context}…`);
    }
    expect(numbers).toBeGreaterThan(0);
    expect(lines, `${lines.length} of ${numbers} numbers are not printed in their section:\n${lines.join("\n")}`).toEqual([]);
  });
});
