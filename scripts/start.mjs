// `npm start`: makes sure Jupyter is present (installing it if needed), registers the course kernel, then
// starts JupyterLab (or the classic Notebook where JupyterLab is absent) at notebooks/00-welcome.ipynb and
// prints the address to open. Extra arguments go to Jupyter: `npm start -- --no-browser --port 8899`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ROOT, jupyterEnv, setupOrExit } from "./jupyter.mjs";

const WELCOME = "notebooks/00-welcome.ipynb";

const jupyter = setupOrExit();
const lab = jupyter.frontend === "lab";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
// The project folder is Jupyter's root (the classic Notebook would otherwise serve only notebooks/).
const args = ["-m", lab ? "jupyterlab" : "notebook", WELCOME, `--notebook-dir=${ROOT}`, ...(isRoot ? ["--allow-root"] : []), ...process.argv.slice(2)];
// Jupyter does not print its token in full; choosing it here lets us print an address that opens directly.
const token = process.env.JUPYTER_TOKEN ?? randomBytes(24).toString("hex");
console.log(`Starting ${lab ? "JupyterLab" : "Jupyter Notebook"} in ${ROOT} ...`);
const child = spawn(jupyter.python, args, { cwd: ROOT, env: { ...jupyterEnv(), JUPYTER_TOKEN: token }, stdio: ["inherit", "pipe", "pipe"] });

let announced = false;
/** Passes Jupyter's output through and, once it prints its address, prints the welcome notebook's address. */
function watch(chunk, stream) {
  stream.write(chunk);
  if (announced) return;
  const m = /(https?:\/\/[^\s/]+:\d+)(\/[^\s?]*)?/.exec(chunk.toString());
  if (!m) return;
  announced = true;
  const path = lab ? `lab/tree/${WELCOME}` : `notebooks/${WELCOME}`;
  const base = (m[2] ?? "/").replace(/(lab|tree|notebooks\/.*)?\/?$/, "/").replace(/\/+$/, "/");
  const url = `${m[1]}${base}${path}${token ? `?token=${token}` : ""}`;
  console.log(`\nOptimizer Lab is running. Open the course at:\n\n    ${url}\n\nStop it with Ctrl+C.\n`);
}
child.stdout.on("data", (d) => watch(d, process.stdout));
child.stderr.on("data", (d) => watch(d, process.stderr));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
