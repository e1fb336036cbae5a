// Types for scripts/jupyter.mjs, so tests can import it without `any`.
/** What was found: the Python that runs Jupyter, its front end, and whether it can execute notebooks. */
export interface JupyterFound {
  python: string;
  frontend: "lab" | "notebook" | null;
  nbclient: boolean;
  nbconvert: boolean;
}
/** The project's root folder. */
export declare const ROOT: string;
/** The JUPYTER_PATH entry inside the project that holds the kernelspec. */
export declare const JUPYTER_DATA: string;
/** The kernel's name. */
export declare const KERNEL_NAME: string;
/** The kernel's display name. */
export declare const KERNEL_DISPLAY_NAME: string;
/** Looks for Jupyter; null when no Python has it. */
export declare function findJupyter(): JupyterFound | null;
/** The Python that can execute notebooks (nbclient), or null. */
export declare function findNbclient(): JupyterFound | null;
/** The commands a person can run to install Jupyter by hand. */
export declare function installHelp(): string;
/** Installs a Jupyter front end (pip into .venv, else apt as root on Debian); true on success. */
export declare function installJupyter(log?: (line: string) => void): boolean;
/** Writes {"type": "commonjs"} into the package.json of a Python environment inside the project (default .venv); true when written. */
export declare function markCommonJs(dir?: string, log?: (line: string) => void): boolean;
/** The kernelspec of the optlab kernel. */
export declare function kernelSpec(): { argv: string[]; display_name: string; language: string; env: Record<string, string> };
/** Writes the kernelspec if missing or different; returns its path. */
export declare function registerKernel(log?: (line: string) => void): string;
/** The environment for Jupyter processes, with the project's kernel folder on JUPYTER_PATH. */
export declare function jupyterEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
/** Finds (and if asked installs) Jupyter and registers the kernel. */
export declare function setup(options?: { install?: boolean; log?: (line: string) => void }): JupyterFound | null;
/** setup(), or exit 1 with the reason or the install commands: what `npm run setup` and `npm start` call. */
export declare function setupOrExit(): JupyterFound & { frontend: "lab" | "notebook" };
