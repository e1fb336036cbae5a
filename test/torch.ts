// How the tests reach PyTorch: Debian's torch 1.13 behind /usr/bin/python3, and torch 2.x in the project's
// .venv-torch2 (made on first use by scripts/torch2-env.sh). Without one, the suites that need it skip with a
// message that says why; under CI=true they fail instead, so a missing install step cannot pass unnoticed.
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Debian's Python, which has torch 1.13 from the python3-torch package. */
export const TORCH1_PYTHON = "/usr/bin/python3";

/** Says a suite is skipped (or fails under CI) because `reason`. */
function missing(reason: string): void {
  if (process.env.CI === "true") throw new Error(reason);
  console.warn(`\n*** SKIPPED: ${reason} ***\n`);
}

/** True when /usr/bin/python3 imports torch; otherwise warns that `what` is skipped. */
export function torch1Available(what: string): boolean {
  const ok = spawnSync(TORCH1_PYTHON, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
  if (!ok) missing(`PyTorch is missing: install Debian's python3-torch (apt-get install python3-torch) to ${what}`);
  return ok;
}

/** The torch 2.x environment's python (made on first use, a few minutes), or null after a warning naming `what`. */
export function torch2Python(what: string): string | null {
  const script = fileURLToPath(new URL("../scripts/torch2-env.sh", import.meta.url));
  try {
    const out = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 15 * 60_000 });
    return out.trim().split("\n").pop() as string;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error).trim().split("\n").slice(-4).join("\n");
    missing(`${what}: scripts/torch2-env.sh could not install PyTorch 2.x into .venv-torch2 with pip:\n${stderr}`);
    return null;
  }
}
