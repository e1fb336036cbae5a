// The grader's expected values come from the reference solutions; this checks them against PyTorch itself
// (Debian's python3-torch), case by case, at the grader's own tolerance: every case of every exercise that
// torch implements (optimizers, StepLR, CosineAnnealingLR, clipping), including the resumed states and the
// clipping cases that clip several gradients in a row. A diagnosis is only as good as the values it compares.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TORCH1_PYTHON, torch1Available } from "../torch";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../grader/catalog";
import type { ExerciseName } from "../../grader/harness";
import { expectedValues } from "../../grader/judge";
import { compareValues, decodeJson, encodeJson, type Values } from "../../grader/values";

const PYTHON = TORCH1_PYTHON;
const SCRIPT = fileURLToPath(new URL("./diagnosis_torch.py", import.meta.url));
const torchAvailable = torch1Available("check the grading cases against it");

/** The exercises torch implements one to one. */
const WITH_TORCH: ExerciseName[] = [
  "sgdStep", "momentumStep", "nesterovStep", "adagradStep", "rmspropStep", "adamStep", "adamL2Step", "adamwStep",
  "stepDecay", "cosineAnnealing", "clipGradNorm", "clipGradValue",
];

const catalog = getCatalog();

describe.skipIf(!torchAvailable)("the grading cases against PyTorch", () => {
  const request = Object.fromEntries(WITH_TORCH.map((name) => [name, catalog[name].cases.map((c) => c.input)]));
  const answer = torchAvailable ? (decodeJson(execFileSync(PYTHON, [SCRIPT], { input: encodeJson(request), encoding: "utf8" })) as Record<string, Values[]>) : {};

  it.each(WITH_TORCH.map((name) => [name]))("%s: the reference's values on every case are torch's", (name) => {
    const spec = catalog[name as ExerciseName];
    const expected = expectedValues(spec);
    expect(answer[name]).toHaveLength(spec.cases.length);
    spec.cases.forEach((c, i) => {
      const torchValues = answer[name][i];
      // every field torch reports is compared; the grader observes more (e.g. that grads stay unchanged)
      expect(Object.keys(torchValues).length).toBeGreaterThan(0);
      const fromReference = Object.fromEntries(Object.keys(torchValues).map((k) => [k, expected[i][k]]));
      expect(compareValues(torchValues, fromReference, c.scales), `${name}: ${c.label}`).toBeNull();
    });
  });
});
