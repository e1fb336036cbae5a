// The program run_autograder starts inside Gradescope's container: grades <root>/submission/ with the course's
// grader, in its sandbox, and writes <root>/results/results.json (see grader/gradescope.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gradeOne } from "../grader/cli";
import { autograderRoot, runAutograder } from "../grader/gradescope";
import { repoRoot } from "../grader/locate";
import { containmentLine } from "../grader/sandbox";

const work = mkdtempSync(join(tmpdir(), "optlab-gradescope-"));
runAutograder(autograderRoot(), repoRoot(), (folder) => gradeOne("submission", folder, work))
  // The standard output is shown to instructors only: the score, where the results are, and how the learner's process was contained.
  .then((results) => process.stdout.write(`score ${results.score}, ${results.execution_time} s; wrote ${join(autograderRoot(), "results", "results.json")}\n${containmentLine()}\n`))
  .finally(() => rmSync(work, { recursive: true, force: true }));
