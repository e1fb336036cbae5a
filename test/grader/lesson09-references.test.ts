// Lesson 09's reference solutions, the grader's expected values, against sources of their own: lionStep against
// steps of Chen et al. 2023's Algorithm 2 worked by hand (Lion is not in torch), adafactorFactors on every
// grading case against torch 2.x's torch.optim.Adafactor (from .venv-torch2/, made by scripts/torch2-env.sh).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { torch2Python } from "../torch";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../grader/catalog";
import { compareValues, type Values } from "../../grader/values";

const catalog = getCatalog();

describe("lionStep's reference, against steps worked by hand", () => {
  it("one parameter over three steps (lr 0.01, β 0.9 and 0.99, λ 0.1)", () => {
    // t=1: c = 0.1·2 = 0.2 > 0;  θ = 0.5 − 0.01·(1 + 0.1·0.5) = 0.4895;            m = 0.01·2 = 0.02
    // t=2: c = 0.9·0.02 − 0.1 = −0.082; θ = 0.4895 − 0.01·(−1 + 0.04895) = 0.4990105; m = 0.0198 − 0.01 = 0.0098
    // t=3: c = 0.00882 + 0.025 = 0.03382; θ = 0.4990105 − 0.01·(1 + 0.04990105) = 0.4885114895; m = 0.009702 + 0.0025 = 0.012202
    const spec = catalog.lionStep;
    const input = { params: [0.5], grads: [[2], [-1], [0.25]], options: { lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 } };
    const got = spec.runner(spec.reference, input);
    expect(compareValues({ params: [0.4885114895], m: [0.012202] }, { params: got.params, m: got.m })).toBeNull();
  });

  it("sign(0) = 0: a zero interpolation moves the parameter by the decay alone", () => {
    // θ = (1, −2), g = (0, 3), lr 0.1, λ 0.5: c = (0, 0.3); θ₀ = 1 − 0.1·(0 + 0.5) = 0.95, θ₁ = −2 − 0.1·(1 − 1) = −2; m = (0, 0.03)
    const spec = catalog.lionStep;
    const input = { params: [1, -2], grads: [[0, 3]], options: { lr: 0.1, beta1: 0.9, beta2: 0.99, weightDecay: 0.5 } };
    const got = spec.runner(spec.reference, input);
    expect(compareValues({ params: [0.95, -2], m: [0, 0.03] }, { params: got.params, m: got.m })).toBeNull();
  });
});

const SCRIPT = fileURLToPath(new URL("./adafactor_factors_torch2.py", import.meta.url));

/** The torch 2.x environment's python, or null (the suite skips, saying why). */
const torch2 = torch2Python("adafactorFactors against torch 2.x");

describe.skipIf(torch2 === null)("adafactorFactors' expected values, against torch 2.x's Adafactor", () => {
  const spec = catalog.adafactorFactors;
  const torchRuns =
    torch2 !== null
      ? (JSON.parse(execFileSync(torch2, [SCRIPT], { input: JSON.stringify(spec.cases.map((c) => ({ input: c.input }))), encoding: "utf8", stdio: ["pipe", "pipe", "ignore"] })) as Record<string, (number | null)[]>[])
      : [];

  it.each(spec.cases.map((c, k) => [c.label, k]))("%s: the factors, the step count and v̂ are torch's", (_label, k) => {
    const expected = spec.runner(spec.reference, spec.cases[k as number].input);
    const torch = torchRuns[k as number];
    expect(compareValues({ step: torch.step as number[], rowVar: torch.rowVar as number[], colVar: torch.colVar as number[] }, { step: expected.step, rowVar: expected.rowVar, colVar: expected.colVar })).toBeNull();
    // v̂ where torch's update shows it (g ≠ 0), compared at the scale of the whole estimate.
    const shown = torch.estimate.map((v, i) => [v, expected.estimate[i]]).filter(([v]) => v !== null) as number[][];
    expect(shown.length).toBeGreaterThan(0);
    const scale = Math.max(...expected.estimate.map(Math.abs));
    const values = (column: number): Values => ({ estimate: shown.map((pair) => pair[column]) });
    expect(compareValues(values(0), values(1), { estimate: scale })).toBeNull();
  });
});
