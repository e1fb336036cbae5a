// `node scripts/check-prose-numbers.mjs EXECUTED.ipynb ...`: checks that every number of every "Reading the
// experiment" paragraph and of every folded answer is printed by the code cells of its section (see
// scripts/prose-numbers.mjs for what counts as a number and the few exemptions). Prints each offender with
// notebook, cell index (0-based, as in the notebook's JSON) and number; exits 1 if there is any.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { checkNotebook } from "./prose-numbers.mjs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/check-prose-numbers.mjs EXECUTED.ipynb ... (notebooks with their outputs)");
  process.exit(2);
}
let total = 0;
let offenders = 0;
for (const file of files) {
  let notebook;
  try {
    notebook = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: cannot read it as a notebook: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  if (!notebook.cells.some((c) => c.cell_type === "code" && (c.outputs ?? []).length > 0)) {
    console.error(`${file}: no code cell has an output; pass an executed notebook (e.g. from node scripts/run-notebook.mjs)`);
    process.exit(2);
  }
  const r = checkNotebook(notebook);
  total += r.numbers;
  offenders += r.offenders.length;
  for (const o of r.offenders) {
    console.log(`${basename(file)} cell ${o.cell} (${o.kind}, section "${o.section}"): ${o.number} is not printed in its section  …${o.context}…`);
  }
  const inReadings = r.offenders.filter((o) => o.kind === "reading").length;
  console.log(
    `${basename(file)}: ${r.numbers} numbers (${r.numbers - r.inAnswers} in readings, ${r.inAnswers} in folded answers), ` +
      `${r.printed} printed, ${r.settings} settings in the code, ${r.offenders.length} not printed (${inReadings} in readings, ${r.offenders.length - inReadings} in answers)`,
  );
}
console.log(`\n${files.length} notebook(s): ${total} numbers, ${total - offenders} found, ${offenders} not printed in their section.`);
process.exit(offenders > 0 ? 1 : 0);
