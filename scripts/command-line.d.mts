// Types for scripts/command-line.mjs, so TypeScript entry points (bench, gradescope) can use it without `any`.
import type { ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** A message as one line. */
export declare function oneLineMessage(message: string): string;
/** Prints `command: message (how to see the usage)` on stderr, sets exit code 2, returns null. */
export declare function usageError(command: string, message: string, helpCommand: string): null;
/** util.parseArgs with --help and one-line errors; null when it has already answered (exit code set). */
export declare function readCommandLine(spec: {
  command: string;
  helpCommand: string;
  usage: string;
  options: Options;
  allowPositionals?: boolean;
  argv?: string[];
}): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } | null;
/** A whole number from `text` in [min, max], or null. */
export declare function integerIn(text: string, min: number, max: number): number | null;
