// The parent's side of the private result channel: every line from the child is checked here before the
// grader looks at it. A line is the runner's only when it starts with the nonce of that child; anything
// else on the channel was written by student code. A runner line must also have exactly the expected
// shape (the right field types, known names, bounded sizes), or it is refused. Nothing here throws.
import { isExerciseName } from "./harness";
import type { Outcome } from "./judge";
import { MARKS, type ExerciseResult, type Mark, type RunnerMessage } from "./protocol";
import { decodeJson, type Values } from "./values";

/** Longest text field accepted (the runner cuts thrown messages to 2000 characters). */
const MAX_TEXT = 4000;
/** Most fields in one case's values, and most numbers in one field. */
const MAX_FIELDS = 64;
const MAX_NUMBERS = 1 << 20;
/** A built-in's label as the guard writes it ("Math.sqrt", "Array.prototype[Symbol(Symbol.iterator)]"). */
const BUILT_IN_LABEL = /^[\w$.[\]() -]{1,100}$/;

type Json = unknown;

function isObject(x: Json): x is Record<string, Json> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function isText(x: Json): x is string {
  return typeof x === "string" && x.length <= MAX_TEXT;
}

function isValues(x: Json): x is Values {
  if (!isObject(x)) return false;
  const keys = Object.keys(x);
  if (keys.length > MAX_FIELDS) return false;
  for (const key of keys) {
    const list = x[key];
    if (!Array.isArray(list) || list.length > MAX_NUMBERS) return false;
    for (const v of list) if (typeof v !== "number") return false;
  }
  return true;
}

function isOutcome(x: Json): x is Outcome {
  if (!isObject(x)) return false;
  if (x.kind === "values") return isValues(x.values);
  if (x.kind === "threw") return isText(x.name) && isText(x.message);
  if (x.kind === "timeout") return typeof x.ms === "number" && Number.isFinite(x.ms) && x.ms >= 0;
  return false;
}

function isMarks(x: Json): x is Mark[] {
  return Array.isArray(x) && x.length <= MARKS.length && x.every((m) => (MARKS as readonly Json[]).includes(m));
}

/** Built-in labels: a list of short strings; a label with unusual characters (a student's own key) is renamed. */
function labels(x: Json): string[] | null {
  if (!Array.isArray(x) || x.length > 1000) return null;
  const out: string[] = [];
  for (const v of x) {
    if (typeof v !== "string") return null;
    out.push(BUILT_IN_LABEL.test(v) ? v : "(a property with an unusual name)");
  }
  return out;
}

function result(x: Json): ExerciseResult | null {
  if (!isObject(x)) return null;
  if (x.kind === "missing") return { kind: "missing" };
  if (x.kind === "load-error") return isText(x.message) ? { kind: "load-error", message: x.message } : null;
  if (x.kind !== "cases") return null;
  const changed = labels(x.changed);
  if (!Array.isArray(x.outcomes) || x.outcomes.length > 1000 || !x.outcomes.every(isOutcome) || !isMarks(x.marks) || changed === null) return null;
  return { kind: "cases", outcomes: x.outcomes, marks: x.marks, changed };
}

/** Checks one runner line (the JSON after the nonce); null when it is not exactly a runner message. */
export function parseMessage(json: string): RunnerMessage | null {
  let x: Json;
  try {
    x = decodeJson(json);
  } catch {
    return null;
  }
  if (!isObject(x)) return null;
  switch (x.t) {
    case "load":
      return isText(x.file) ? { t: "load", file: x.file } : null;
    case "loaded": {
      const restored = labels(x.restored);
      if (!isText(x.file) || !(x.error === null || isText(x.error)) || !isMarks(x.marks) || restored === null) return null;
      return { t: "loaded", file: x.file, error: x.error, marks: x.marks, restored };
    }
    case "start":
      return typeof x.name === "string" && isExerciseName(x.name) ? { t: "start", name: x.name } : null;
    case "attempt": {
      const r = result(x.result);
      return typeof x.name === "string" && isExerciseName(x.name) && r !== null ? { t: "attempt", name: x.name, result: r } : null;
    }
    case "done":
      return typeof x.printed === "number" && Number.isFinite(x.printed) ? { t: "done", printed: x.printed } : null;
    default:
      return null;
  }
}
