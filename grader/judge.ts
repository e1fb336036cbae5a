// Turns what a learner's function did on the cases into a report: points, status, and a diagnosis in
// words (a known mistake by name when the results match a wrong variant). Pure: no display, no I/O.
import type { ExerciseSpec } from "./catalog";
import { oneLine, quoteStudentText } from "./format";
import type { CaseInput, JsonValue, Mismatch, Values } from "./values";
import { compareValues } from "./values";
import { compareTrajectory, type TrajectoryReport } from "./trajectory";

/** What one case produced. */
export type Outcome =
  | { kind: "values"; values: Values }
  | { kind: "threw"; name: string; message: string }
  | { kind: "timeout"; ms: number };

/** What a run of one exercise produced: case outcomes (and the whole run's), or a reason why the cases could not run. */
export type Attempt =
  | { kind: "cases"; outcomes: Outcome[]; trajectory?: Outcome }
  | { kind: "missing"; message: string }
  | { kind: "load-error"; message: string }
  | { kind: "forbidden"; message: string }
  | { kind: "crashed"; message: string };

/** How an exercise ended up. */
export type Status = "pass" | "fail" | "not implemented" | "error" | "timeout" | "missing" | "forbidden" | "crashed";

/** The first failing case, shown to the learner. */
export interface FailureDetail {
  /** The case's label, or "case 3 of 12" when its cases are hidden. */
  label: string;
  /** The inputs in one line; empty when the case is hidden. */
  inputs: string;
  /** True when the instructor keeps this exercise's cases private: no inputs, expected or returned values. */
  hidden?: boolean;
  /** e.g. "params[2]" or "lr at step 5". */
  where: string;
  expected: string;
  got: string;
  relError: string;
}

/** The grade of one exercise. */
export interface ExerciseReport {
  name: string;
  title: string;
  file: string;
  points: number;
  max: number;
  status: Status;
  passed: number;
  total: number;
  /** One or two sentences for the learner; empty when everything passed. */
  diagnosis: string;
  /** The known mistake the results matched, if any (a variant name). */
  variant?: string;
  failure?: FailureDetail;
  /** The 50-step run next to the reference (optimizer exercises whose function ran). */
  trajectory?: TrajectoryReport;
}

/** The message used when a submission touches the reference solutions. */
export const USES_REFERENCE = "uses the reference solution";

const expectedCache = new WeakMap<ExerciseSpec, Values[]>();
const trajectoryCache = new WeakMap<ExerciseSpec, Values>();
const variantCache = new WeakMap<ExerciseSpec, Map<string, (Values | null)[]>>();

/** The reference's observed values on every case (computed once per exercise). */
export function expectedValues(spec: ExerciseSpec): Values[] {
  let values = expectedCache.get(spec);
  if (!values) {
    values = spec.cases.map((c) => spec.runner(spec.reference, c.input));
    expectedCache.set(spec, values);
  }
  return values;
}

/** Every input the learner's function runs on: the grading cases, then the whole run (when the exercise has one). */
export function runInputs(spec: ExerciseSpec): CaseInput[] {
  const inputs = spec.cases.map((c) => c.input);
  return spec.trajectory ? [...inputs, spec.trajectory.input] : inputs;
}

/** The attempt made of the outcomes of {@link runInputs}: the cases' outcomes, and the whole run's apart. */
export function casesAttempt(spec: ExerciseSpec, outcomes: readonly Outcome[]): Attempt {
  const n = spec.cases.length;
  return spec.trajectory ? { kind: "cases", outcomes: outcomes.slice(0, n), trajectory: outcomes[n] } : { kind: "cases", outcomes: [...outcomes] };
}

/** The reference's whole run (computed once per exercise). */
function expectedTrajectory(spec: ExerciseSpec): Values | null {
  if (!spec.trajectory) return null;
  let values = trajectoryCache.get(spec);
  if (!values) {
    values = spec.runner(spec.reference, spec.trajectory.input);
    trajectoryCache.set(spec, values);
  }
  return values;
}

function variantValues(spec: ExerciseSpec, name: string, index: number): Values | null {
  let byName = variantCache.get(spec);
  if (!byName) variantCache.set(spec, (byName = new Map()));
  let list = byName.get(name);
  if (!list) byName.set(name, (list = spec.cases.map(() => null)));
  if (list[index] === null) {
    const v = spec.variants.find((x) => x.name === name);
    try {
      list[index] = v ? spec.runner(v.fn, spec.cases[index].input) : {};
    } catch {
      list[index] = {};
    }
  }
  return list[index];
}

/** Renders a number briefly but exactly enough to see a difference. */
export function formatNumber(x: number | null): string {
  if (x === null) return "(missing)";
  if (Number.isNaN(x) || !Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e7 ? String(Number(x.toPrecision(12))) : x.toExponential(10).replace(/\.?0+e/, "e");
}

/** Renders case inputs in one short line. */
export function formatInputs(input: CaseInput): string {
  const show = (v: JsonValue, depth: number): string => {
    if (typeof v === "number") return formatNumber(v).replace(/(\.\d{6})\d+/, "$1");
    if (Array.isArray(v)) {
      if (depth === 0 && v.length > 0 && Array.isArray(v[0])) {
        return v.length === 1 ? show(v[0], 1) : `${v.length} vectors, first ${show(v[0], 1)}`;
      }
      const head = v.slice(0, 5).map((x) => show(x as JsonValue, depth + 1));
      return `[${head.join(", ")}${v.length > 5 ? `, … (${v.length} entries)` : ""}]`;
    }
    if (v !== null && typeof v === "object") {
      return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${show(x as JsonValue, depth + 1)}`).join(", ")} }`;
    }
    return String(v);
  };
  return Object.entries(input)
    .map(([key, v]) => (key === "bowl" ? `steps on Σ(w − 2)²: ${v}` : key === "grads" && Array.isArray(v) && Array.isArray(v[0]) ? `grads (one per step): ${show(v, 0)}` : `${key}: ${show(v, 0)}`))
    .join("; ");
}

function whereOf(spec: ExerciseSpec, input: CaseInput, m: Mismatch): string {
  if (m.index < 0) return m.field;
  const steps = input.steps;
  if (m.field === "lr" && Array.isArray(steps)) return `lr at step ${steps[m.index] as number}`;
  if (Array.isArray(input.grads) && Array.isArray(input.grads[0])) {
    const n = (input.grads[0] as readonly number[]).length;
    if (m.field === "grads") return `grads of step ${Math.floor(m.index / n) + 1}, entry ${m.index % n}`;
    if (m.field === "norm") return `norm returned at step ${m.index + 1}`;
  }
  const single = ["step", "norm", "lr", "hidden"].includes(m.field);
  return single ? m.field : `${m.field}[${m.index}]`;
}

/** What describeError calls a thrown value that is not an Error: the grader's words, shown unquoted. */
const NON_ERROR = "a non-Error value";

/** "It threw "RangeError": "bad beta"": the name and message come from student code, so they are quoted. */
function threwSentence(name: string, message: string): string {
  return `It threw ${name === NON_ERROR ? NON_ERROR : quoteStudentText(name, 60)}: ${quoteStudentText(message)}`;
}

/** A sentence about a mismatch when no known mistake explains it; with `hidden`, it names no number of the case. */
function explain(spec: ExerciseSpec, input: CaseInput, m: Mismatch, got: Values, expected: Values, hidden: boolean): string {
  if (spec.readOnly.includes(m.field)) {
    return `It changed ${m.field === "m" || m.field === "v" || m.field === "step" ? `state.${m.field}` : m.field}, which it should only read (the caller reuses it).`;
  }
  if (m.shape) {
    if (m.shape.got === null) {
      return m.field === "steps" ? "It returned nothing; it should return a new Float64Array with one entry per parameter." : `The result has no ${m.field}.`;
    }
    return hidden ? `${m.field} has ${m.shape.got} entries, not the number expected.` : `${m.field} has ${m.shape.got} entries where ${m.shape.expected} were expected.`;
  }
  if (got.returned && m.field === "params" && compareValues({ params: expected.params }, { params: got.returned }) === null) {
    return "It returned new values instead of writing them into params: update the array in place (params[i] -= …).";
  }
  if (m.field === "step") return hidden ? "state.step is wrong after the call(s): each call should add one to it." : `state.step should be ${formatNumber(m.expected)} after the call(s) but is ${formatNumber(m.got)}.`;
  if (m.got !== null && Number.isNaN(m.got)) return "It produced NaN (a division by zero, a square root of a negative number, or an undefined value?).";
  if (m.got !== null && !Number.isFinite(m.got)) return `It produced ${m.got} (a division by zero?).`;
  void input;
  return "The results differ from the expected values.";
}

/** How many cases of an attempt gave values (rather than throwing or running out of time). */
function withValuesCount(attempt: Attempt & { kind: "cases" }): number {
  return attempt.outcomes.filter((o) => o.kind === "values").length;
}

function notImplemented(attempt: Attempt): boolean {
  return attempt.kind === "cases" && attempt.outcomes.length > 0 && attempt.outcomes.every((o) => o.kind === "threw" && o.name === "NotImplementedError");
}

/** How a report is written, beyond what the exercise's spec says. */
export interface JudgeOptions {
  /** Keep the diagnosis but leave the failing case's inputs and expected values out (as spec.hideCases does for one exercise). */
  hideCases?: boolean;
}

/** Grades one exercise from what the learner's function produced. */
export function judge(spec: ExerciseSpec, attempt: Attempt, options: JudgeOptions = {}): ExerciseReport {
  const hidden = options.hideCases === true || spec.hideCases === true;
  const base = { name: spec.name, title: spec.title, file: spec.file, max: spec.points, total: spec.cases.length };
  // Messages of attempts that did not run are the grader's, but can hold text from the child process.
  const zero = (status: Status, message: string): ExerciseReport => ({ ...base, points: 0, status, passed: 0, diagnosis: oneLine(message) });
  if (attempt.kind === "missing") return zero("missing", attempt.message);
  if (attempt.kind === "load-error") return zero("error", attempt.message);
  if (attempt.kind === "forbidden") return zero("forbidden", attempt.message);
  if (attempt.kind === "crashed") return zero("crashed", attempt.message);
  if (notImplemented(attempt)) return zero("not implemented", `Not implemented yet: write ${spec.name} in exercises/${spec.file}.ts.`);

  const expected = spec.assess ? null : expectedValues(spec);
  let passed = 0;
  let firstFail = -1;
  let firstReason = "";
  let firstMismatch: Mismatch | null = null;
  let timedOut = false;
  const failedWithValues: number[] = [];
  spec.cases.forEach((c, i) => {
    const outcome = attempt.outcomes[i];
    let reason = "";
    if (!outcome) {
      reason = timedOut ? "not run: an earlier case hit the time limit" : "not run";
    } else if (outcome.kind === "timeout") {
      timedOut = true;
      reason = `It did not finish within ${(outcome.ms / 1000).toFixed(1)} s (an endless loop?).`;
    } else if (outcome.kind === "threw") {
      reason = outcome.name === "NotImplementedError" ? "It threw NotImplementedError." : threwSentence(outcome.name, outcome.message);
    } else if (spec.assess) {
      reason = spec.assess(c.input, outcome.values) ?? "";
    } else {
      const m = compareValues((expected as Values[])[i], outcome.values, c.scales);
      if (m) {
        failedWithValues.push(i);
        if (firstFail < 0) firstMismatch = m;
        reason = explain(spec, c.input, m, outcome.values, (expected as Values[])[i], hidden);
      }
    }
    if (reason === "") passed += 1;
    else if (firstFail < 0) {
      firstFail = i;
      firstReason = reason;
    }
  });

  const points = Math.floor((spec.points * passed) / spec.cases.length);
  // The whole run, when it ran (the cases did not end in a timeout before it) and some case gave values.
  const reference = attempt.trajectory && withValuesCount(attempt) > 0 ? expectedTrajectory(spec) : null;
  const trajectory = spec.trajectory && reference ? { trajectory: compareTrajectory(spec.trajectory, reference, attempt.trajectory) } : {};
  if (firstFail < 0) return { ...base, points, status: "pass", passed, diagnosis: "", ...trajectory };

  let variant: string | undefined;
  let diagnosis = firstReason;
  // A known mistake: the learner's results equal a variant's on every case that produced values, and on
  // at least one failing case. Otherwise, one matching the first failing case is reported as likely.
  const withValues = attempt.outcomes.flatMap((o, i) => (o && o.kind === "values" ? [i] : []));
  if (!spec.assess && failedWithValues.length > 0) {
    const valuesAt = (i: number): Values => (attempt.outcomes[i] as { values: Values }).values;
    const matches = (name: string, i: number): boolean => compareValues(variantValues(spec, name, i) ?? {}, valuesAt(i), spec.cases[i].scales) === null;
    const full = spec.variants.find((v) => withValues.every((i) => matches(v.name, i)));
    const partial = full ?? spec.variants.find((v) => matches(v.name, failedWithValues[0]));
    if (full) {
      variant = full.name;
      diagnosis = full.message;
    } else if (partial && failedWithValues[0] === firstFail) {
      variant = partial.name;
      diagnosis = `${partial.message} (This explains the first failing case; other cases may have other mistakes.)`;
    }
  }

  const c = spec.cases[firstFail];
  const outcome = attempt.outcomes[firstFail];
  const mismatch = firstMismatch as Mismatch | null;
  let failure: FailureDetail;
  if (hidden) {
    // Only where the results differ: no label (labels describe the inputs), no inputs, no numbers.
    const where = mismatch && outcome && outcome.kind === "values" ? mismatch.field : "";
    failure = { label: `case ${firstFail + 1} of ${spec.cases.length}`, inputs: "", hidden: true, where, expected: "", got: where ? "" : firstReason, relError: "" };
  } else if (mismatch && outcome && outcome.kind === "values") {
    failure = {
      label: c.label,
      inputs: formatInputs(c.input),
      where: whereOf(spec, c.input, mismatch),
      expected: mismatch.shape ? `${mismatch.shape.expected} entries` : formatNumber(mismatch.expected),
      got: mismatch.shape ? (mismatch.shape.got === null ? "(missing)" : `${mismatch.shape.got} entries`) : formatNumber(mismatch.got),
      relError: mismatch.shape ? "" : mismatch.relError === Infinity ? "∞" : mismatch.relError.toExponential(2),
    };
  } else {
    failure = { label: c.label, inputs: formatInputs(c.input), where: "", expected: "", got: firstReason, relError: "" };
  }
  const allErrors = attempt.outcomes.length > 0 && attempt.outcomes.every((o) => o.kind === "threw");
  const status: Status = timedOut ? "timeout" : allErrors ? "error" : "fail";
  return { ...base, points, status, passed, diagnosis, variant, failure, ...trajectory };
}
