"use strict";
// The messages between the grader and its child process (runner.ts), and the rules both sides share. The
// child is compiled with this file into every sandbox; the parent checks each message in channel.ts.
import * as path from "node:path";
import type { ExerciseName } from "./harness";
import type { Outcome } from "./judge";
import type { CaseInput } from "./values";

/** What the parent asks the child to run. */
export interface RunnerJob {
  /** Marks the runner's own lines on the result channel; read from stdin before any student code runs. */
  nonce: string;
  /** The sandbox's copy of the student's exercises/ (compiled to .js). */
  dir: string;
  /** The compiled @optlab/lib (read-only, shared by every sandbox). */
  libDir: string;
  /** Time limit for loading one lesson module, in milliseconds. */
  loadLimitMs: number;
  /** Bytes of stdout/stderr the student may print before the rest is dropped. */
  outputCap: number;
  exercises: { name: ExerciseName; file: string; inputs: CaseInput[]; timeLimitMs: number }[];
}

/** What a guard of the child caught during a phase (an exercise, or loading a lesson file). */
export type Mark = "solutions" | "library" | "signal" | "network" | "snapshot";

/** The marks, strongest first: when an exercise has several, the first names the reason. */
export const MARKS: readonly Mark[] = ["solutions", "library", "signal", "network", "snapshot"];

/** What running one exercise produced, as the runner reports it (the parent turns it into an Attempt). */
export type ExerciseResult =
  | { kind: "cases"; outcomes: Outcome[]; marks: Mark[]; changed: string[] }
  | { kind: "missing" }
  | { kind: "load-error"; message: string };

/** One line from child to parent, in this order: per lesson file load/loaded, per exercise start/attempt, then done. */
export type RunnerMessage =
  | { t: "load"; file: string }
  | { t: "loaded"; file: string; error: string | null; marks: Mark[]; restored: string[] }
  | { t: "start"; name: string }
  | { t: "attempt"; name: string; result: ExerciseResult }
  | { t: "done"; printed: number };

/** Lesson files whose exercises may not use the library's optimizers, schedules and clipping functions (all but the capstone, 08). */
export function isLibraryFree(file: string): boolean {
  return /^0[1-79]-/.test(file);
}

/** Library modules (relative to the compiled @optlab/lib) that implement what lessons 01-07 ask for. */
export function isRestrictedLibraryModule(relative: string): boolean {
  return /^(optimizers|fast)\/[^/]+\.js$|^(schedules|clipping)\.js$/.test(relative.split(path.sep).join("/"));
}

