"use strict";
// Runs a learner's function on an exercise's cases in this process, with a time limit that interrupts
// endless loops (node:vm's timeout stops any JavaScript running inside the call). Shared by the notebooks'
// `check` and by the child process of the CLI; it never throws. Describing a thrown value (its name and
// message, which may be getters or a looping toString) happens inside the same time limit. Everything it
// uses itself is captured when the module loads, before any learner's code runs, so rewritten built-ins
// cannot change its bookkeeping. (The file is strict mode, so a learner's stack-trace tricks cannot reach
// its functions.)
import * as vm from "node:vm";
import type { AnyFunction, Runner } from "./harness";
import type { Outcome } from "./judge";
import type { CaseInput, Values } from "./values";

/** The message of the error thrown in place of process.exit and friends. */
export const EXIT_MESSAGE = "called process.exit (or kill/abort), which would stop the grader";

/** Thrown and described messages are cut to this many characters. */
const MESSAGE_CAP = 2000;

const { apply, defineProperty } = Reflect;
const stringOf = String;
const slice = String.prototype.slice;
const runInContext = vm.Script.prototype.runInContext;

type Described = { name: string; message: string };
type CaseResult = { ok: true; values: Values } | { ok: false; error: Described };

const context = vm.createContext({ task: null as (() => void) | null });
const script = new vm.Script('"use strict"; task()');

function cap(text: string): string {
  return text.length > MESSAGE_CAP ? `${apply(slice, text, [0, MESSAGE_CAP]) as string}…` : text;
}

/** Error name and message of anything thrown, without a stack trace (messages capped at 2000 characters). */
export function describeError(error: unknown): Described {
  if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
    const e = error as { name?: unknown; message?: unknown };
    const name = e.name;
    return { name: typeof name === "string" ? cap(name) : "Error", message: cap(stringOf(e.message)) };
  }
  return { name: "a non-Error value", message: cap(stringOf(error)) };
}

/** True for the error node:vm throws when the time limit runs out (its code, not a message a learner can imitate). */
function isTimeout(error: unknown): boolean {
  return error !== null && typeof error === "object" && (error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

/**
 * Runs every case in order, all within one time limit for the exercise (one timed call for all the cases:
 * starting a timed call costs about a tenth of a millisecond). A case that runs past it ends the run;
 * later cases get no outcome. `beforeCase` lets the caller record which case is running; `afterCase` runs
 * right after each case (the CLI's runner checks the built-ins there), and after an interrupted one.
 */
export function executeCases(
  runner: Runner,
  fn: AnyFunction,
  inputs: readonly CaseInput[],
  timeLimitMs: number,
  beforeCase?: (index: number) => void,
  afterCase?: (index: number) => void,
): Outcome[] {
  const outcomes: Outcome[] = [];
  const add = (outcome: Outcome): void => {
    defineProperty(outcomes, outcomes.length, { value: outcome, writable: true, enumerable: true, configurable: true });
  };
  const count = inputs.length;
  let current = -1;
  context.task = () => {
    for (let i = 0; i < count; i++) {
      current = i;
      beforeCase?.(i);
      const result = runCase(runner, fn, inputs[i]);
      afterCase?.(i);
      current = -1;
      add(result.ok ? { kind: "values", values: result.values } : { kind: "threw", name: result.error.name, message: result.error.message });
    }
  };
  try {
    apply(runInContext, script, [context, { timeout: Math.max(1, timeLimitMs) }]);
  } catch (error) {
    // The time limit ran out, while running the function or while describing what it threw.
    if (!isTimeout(error)) throw error;
    if (current >= 0) afterCase?.(current);
    add({ kind: "timeout", ms: timeLimitMs });
  } finally {
    context.task = null;
  }
  return outcomes;
}

/** One case: the runner's observation, or a description of what was thrown (a time-out is not caught). */
function runCase(runner: Runner, fn: AnyFunction, input: CaseInput): CaseResult {
  try {
    return { ok: true, values: runner(fn, input) };
  } catch (error) {
    if (isTimeout(error)) throw error;
    return { ok: false, error: describeError(error) };
  }
}
