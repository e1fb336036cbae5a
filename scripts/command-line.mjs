// The command lines of the course's scripts (site, run-notebook, strip, bench, gradescope) read their options
// with Node's util.parseArgs, the same way: `--help` (or -h) prints the usage and exits 0; an unknown option,
// a missing value or a bad value prints one line on stderr and exits with code 2.
import { parseArgs } from "node:util";

/** A message as one line (util.parseArgs explains an ambiguous value over three lines). */
export function oneLineMessage(message) {
  return String(message).split("\n").map((line) => line.trim()).filter((line) => line !== "").join(" ");
}

/** Prints `command: message (how to see the usage)` on stderr and sets the exit code 2. Returns null. */
export function usageError(command, message, helpCommand) {
  process.stderr.write(`${command}: ${oneLineMessage(message)} (${helpCommand} shows the usage)\n`);
  process.exitCode = 2;
  return null;
}

/**
 * Reads `argv` against `options` (util.parseArgs' option table; --help is added). Returns { values, positionals },
 * or null when it has already answered: --help printed `usage` (exit code 0), or a one-line error (exit code 2).
 */
export function readCommandLine({ command, helpCommand, usage, options, allowPositionals = false, argv = process.argv.slice(2) }) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals });
  } catch (error) {
    return usageError(command, error instanceof Error ? error.message : String(error), helpCommand);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    process.exitCode = 0;
    return null;
  }
  return parsed;
}

/** A whole number from `text` in [min, max], or null (the caller reports the option, the value and the range). */
export function integerIn(text, min, max) {
  const n = Number(text);
  return text.trim() !== "" && Number.isInteger(n) && n >= min && n <= max ? n : null;
}
