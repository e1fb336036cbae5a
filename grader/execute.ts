// Runs a learner's function on an exercise's cases in this process, with a time limit that interrupts
// endless loops (node:vm's timeout stops any JavaScript running inside the call). Shared by the notebooks'
// `check` and by the child process of the CLI; it never throws.
import * as vm from "node:vm";
import type { AnyFunction, Runner } from "./harness";
import type { Outcome } from "./judge";
import type { CaseInput, Values } from "./values";

const context = vm.createContext({ task: null as (() => Values) | null });
const script = new vm.Script("task()");

/** Error name and message of anything thrown, without a stack trace. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
    const e = error as { name?: unknown; message?: unknown };
    return { name: typeof e.name === "string" ? e.name : "Error", message: String(e.message) };
  }
  return { name: "a non-Error value", message: String(error) };
}

/**
 * Runs every case in order; a case that exceeds the time left for the exercise ends the run (later cases
 * get no outcome). `beforeCase` lets the caller record which case is running.
 */
export function executeCases(
  runner: Runner,
  fn: AnyFunction,
  inputs: readonly CaseInput[],
  timeLimitMs: number,
  beforeCase?: (index: number) => void,
): Outcome[] {
  const outcomes: Outcome[] = [];
  const started = Date.now();
  for (let i = 0; i < inputs.length; i++) {
    const left = Math.max(1, timeLimitMs - (Date.now() - started));
    beforeCase?.(i);
    context.task = () => runner(fn, inputs[i]);
    try {
      const values = script.runInContext(context, { timeout: left }) as Values;
      outcomes.push({ kind: "values", values });
    } catch (error) {
      const { name, message } = describeError(error);
      if (/^Script execution timed out/.test(message)) {
        outcomes.push({ kind: "timeout", ms: timeLimitMs });
        break;
      }
      outcomes.push({ kind: "threw", name, message });
    } finally {
      context.task = null;
    }
  }
  return outcomes;
}
