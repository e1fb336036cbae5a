// Shared by setup, start, run-notebook and site: finds a Jupyter installation, installs one when asked, and
// registers the course's project-local TypeScript kernel "optlab" (tslab + tsx) under .jupyter/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Where the kernelspec lives: JUPYTER_PATH entry inside the project (git-ignored). */
export const JUPYTER_DATA = join(ROOT, ".jupyter", "share", "jupyter");
/** The kernel's name, as written in every notebook's metadata. */
export const KERNEL_NAME = "optlab";
/** The kernel's display name. */
export const KERNEL_DISPLAY_NAME = "TypeScript (Optimizer Lab)";
const VENV = join(ROOT, ".venv");
const DEBIAN_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient"];

/** Runs a command quietly; returns its status and output. */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000, ...options });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/** The interpreter named in a script's #! line, if it is an absolute path. */
function shebangPython(script) {
  try {
    const first = readFileSync(script, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\/\S+python[\d.]*)\s*$/.exec(first);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

/** Every `name` executable on PATH, in order. */
function onPath(name) {
  const found = [];
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const p = join(dir || ".", name);
    if (existsSync(p) && !found.includes(p)) found.push(p);
  }
  return found;
}

/** Python interpreters that might have Jupyter: the project's venv first, then the one behind `jupyter`, then system ones. */
function candidatePythons() {
  const list = [join(VENV, "bin", "python")];
  for (const j of onPath("jupyter")) {
    const py = shebangPython(j);
    if (py) list.push(py);
  }
  list.push("/usr/bin/python3", ...onPath("python3"));
  return [...new Set(list)].filter((p) => existsSync(p));
}

const PROBE = `
import importlib.util as u, json
has = lambda m: u.find_spec(m) is not None
print(json.dumps({"lab": has("jupyterlab"), "notebook": has("notebook"), "nbclient": has("nbclient") and has("nbformat"),
  "nbconvert": has("nbconvert"), "client": has("jupyter_client")}))
`;

/**
 * Looks for Jupyter. Returns { python, frontend: "lab" | "notebook" | null, nbclient, nbconvert } for the first
 * interpreter with JupyterLab, else the first with the classic Notebook, else the first with nbclient; null
 * when none has Jupyter at all.
 */
export function findJupyter() {
  const found = [];
  for (const python of candidatePythons()) {
    const r = run(python, ["-c", PROBE], { timeout: 20_000 });
    if (!r.ok) continue;
    let caps;
    try {
      caps = JSON.parse(r.stdout.trim().split("\n").pop());
    } catch {
      continue;
    }
    if (!caps.client) continue;
    found.push({ python, frontend: caps.lab ? "lab" : caps.notebook ? "notebook" : null, nbclient: caps.nbclient, nbconvert: caps.nbconvert });
  }
  return found.find((f) => f.frontend === "lab") ?? found.find((f) => f.frontend !== null) ?? found.find((f) => f.nbclient) ?? null;
}

/** The interpreter to execute notebooks with (nbclient), or null. */
export function findNbclient() {
  const first = findJupyter();
  if (first?.nbclient) return first;
  for (const python of candidatePythons()) {
    const r = run(python, ["-c", PROBE], { timeout: 20_000 });
    if (!r.ok) continue;
    try {
      const caps = JSON.parse(r.stdout.trim().split("\n").pop());
      if (caps.nbclient && caps.client) return { python, frontend: null, nbclient: true, nbconvert: caps.nbconvert };
    } catch {
      // not this one
    }
  }
  return null;
}

/** The commands a person can run to install Jupyter by hand. */
export function installHelp() {
  return [
    "Jupyter is needed to run the course. Install it in one of these ways, then run `npm start` again:",
    "  python3 -m venv .venv && .venv/bin/pip install jupyterlab      # JupyterLab, inside the project",
    `  sudo apt-get install ${DEBIAN_PACKAGES.join(" ")}   # Debian or Ubuntu: classic Notebook`,
  ].join("\n");
}

/**
 * Installs a Jupyter front end: JupyterLab into the project's .venv with pip; where pip cannot reach its
 * index and we are root on Debian or Ubuntu, Debian's packages with apt. Returns true on success.
 */
export function installJupyter(log = console.log) {
  const python3 = onPath("python3")[0] ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : null);
  if (python3) {
    log(`Installing JupyterLab into ${VENV} (python3 -m venv, then pip) ...`);
    const venv = run(python3, ["-m", "venv", VENV], { stdio: "inherit", timeout: 300_000 });
    const pip = join(VENV, "bin", "pip");
    if (venv.ok && existsSync(pip)) {
      markCommonJs(VENV, log);
      const r = run(pip, ["install", "--retries", "1", "--timeout", "20", "jupyterlab", "nbclient", "nbconvert"], { stdio: "inherit", timeout: 900_000 });
      if (r.ok) return true;
      log("pip could not install JupyterLab (no access to its package index?).");
    } else {
      log("python3 -m venv failed (on Debian it needs the python3-venv package).");
    }
    rmSync(VENV, { recursive: true, force: true });
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const debian = existsSync("/etc/debian_version") && onPath("apt-get").length > 0;
  if (isRoot && debian) {
    log(`Installing Debian's packages with apt: ${DEBIAN_PACKAGES.join(" ")} ...`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = run("apt-get", ["update", "-q"], { stdio: "inherit", env, timeout: 600_000 });
    const install = update.ok && run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...DEBIAN_PACKAGES], { stdio: "inherit", env, timeout: 1_200_000 });
    if (install && install.ok) return true;
    log("apt-get could not install the packages.");
  }
  return false;
}

/**
 * Marks a Python environment inside the project as CommonJS for Node by writing {"type": "commonjs"} into
 * its package.json. The project's package.json says "type": "module", and Node applies the nearest one: without
 * this, JupyterLab's bundled yarn.js (a CommonJS script in .venv/lib/…/site-packages) is loaded as an ES
 * module, and every start prints a page of minified JavaScript ("Dynamic require of "util" is not
 * supported"). Returns true when it wrote the file.
 */
export function markCommonJs(dir = VENV, log = console.log) {
  if (!existsSync(dir)) return false;
  const file = join(dir, "package.json");
  let old = {};
  if (existsSync(file)) {
    try {
      old = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      old = {};
    }
    if (old.type === "commonjs") return false;
  }
  writeFileSync(file, JSON.stringify({ ...old, type: "commonjs" }) + "\n");
  log(`Marked ${dir} as CommonJS for Node (${file}), so that JupyterLab's bundled yarn runs`);
  return true;
}

/** The kernelspec that runs tslab with tsx's require hook, so cells can import the course's TypeScript packages. */
export function kernelSpec() {
  const tslab = join(ROOT, "node_modules", "tslab", "bin", "tslab");
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cjs", "index.cjs");
  for (const [what, file] of [["tslab", tslab], ["tsx", tsx]]) {
    if (!existsSync(file)) throw new Error(`${what} is missing (${file}); run \`npm install\` first`);
  }
  return {
    argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    env: { NODE_OPTIONS: `--require ${JSON.stringify(tsx)}` },
  };
}

/** Writes .jupyter/share/jupyter/kernels/optlab/kernel.json if it is missing or different; returns its path. */
export function registerKernel(log = console.log) {
  const dir = join(JUPYTER_DATA, "kernels", KERNEL_NAME);
  const file = join(dir, "kernel.json");
  const text = JSON.stringify(kernelSpec(), null, 2) + "\n";
  const old = existsSync(file) ? readFileSync(file, "utf8") : null;
  if (old !== text) {
    mkdirSync(dir, { recursive: true });
    // write then rename, so a Jupyter starting a kernel meanwhile never reads a half-written file
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    log(`Registered the kernel "${KERNEL_DISPLAY_NAME}" (${KERNEL_NAME}) in ${dir}`);
  } else {
    log(`The kernel "${KERNEL_DISPLAY_NAME}" is registered in ${dir}`);
  }
  return file;
}

/** The environment for Jupyter processes: the project's kernel folder first on JUPYTER_PATH. */
export function jupyterEnv(base = process.env) {
  const rest = base.JUPYTER_PATH ? `:${base.JUPYTER_PATH}` : "";
  return { ...base, JUPYTER_PATH: `${JUPYTER_DATA}${rest}` };
}

/**
 * Finds Jupyter (installing it if `install`), marks the project's Python environment (.venv, or the one
 * the Jupyter found lives in, when that is inside the project) as CommonJS, registers the kernel; returns
 * the Jupyter found, or null.
 */
export function setup({ install = true, log = console.log } = {}) {
  let jupyter = findJupyter();
  if (jupyter?.frontend == null && install) {
    if (!installJupyter(log)) return null;
    jupyter = findJupyter();
  }
  markCommonJs(VENV, log);
  // an environment of another name inside the project: the folder above its bin/python
  if (jupyter !== null && jupyter.python.startsWith(`${ROOT}/`)) markCommonJs(dirname(dirname(jupyter.python)), log);
  registerKernel(log);
  return jupyter;
}

/** For the command-line entry points: setup(), or exit 1 with the reason (or the install commands). */
export function setupOrExit() {
  let jupyter;
  try {
    jupyter = setup({ install: true });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  if (jupyter === null || jupyter.frontend === null) {
    console.error(installHelp());
    process.exit(1);
  }
  return jupyter;
}
