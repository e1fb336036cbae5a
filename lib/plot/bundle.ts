// The library for the browser. A notebook cell that calls explore(...) runs in the tslab kernel, so the
// bundle is made there, on first use: esbuild (a devDependency of the course, found in node_modules the
// way show() finds plotly.js) bundles lib/plot/browser-entry.ts, the same TypeScript files the kernel
// runs, into one IIFE script of about 40 kB that defines the global `OptLab`. Building from the sources
// each session, instead of shipping a prebuilt file, means the page can never run stale arithmetic: it
// is the code in lib/ right now. An IIFE calls no `define`, so require.js in the classic Notebook leaves
// it alone. The result is cached for the process; `show` sends it once per page, like plotly.js.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The part of esbuild's API used here. */
interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[] };
}

let bundleSource: string | null = null;

/** Where node_modules can be searched from: the working directory, or the running script. */
function bases(): string[] {
  return [join(process.cwd(), "noop.js"), process.argv[1] ?? ""].filter((b) => b !== "");
}

/** Resolves a module from node_modules (tslab compiles cells to CommonJS, so no import.meta here). */
function resolveModule(name: string): string {
  for (const base of bases()) {
    try {
      return createRequire(base).resolve(name);
    } catch {
      // try the next base
    }
  }
  throw new Error(`explore: cannot find ${name} in node_modules (esbuild bundles the library for the browser); run \`npm install\` in the course folder`);
}

/** The entry file, lib/plot/browser-entry.ts of the installed @optlab/lib (the course's own lib/, linked as a workspace). */
function entryFile(): string {
  return join(dirname(resolveModule("@optlab/lib/package.json")), "plot", "browser-entry.ts");
}

/** esbuild from node_modules. */
function loadEsbuild(): Esbuild {
  return createRequire(resolveModule("esbuild"))("esbuild") as Esbuild;
}

/** The library bundled for the browser: one minified IIFE script that sets the global `OptLab`. */
export function libraryBundle(): string {
  if (bundleSource !== null) return bundleSource;
  const result = loadEsbuild().buildSync({
    entryPoints: [entryFile()],
    bundle: true,
    format: "iife",
    globalName: "OptLab",
    platform: "browser",
    target: "es2020",
    minify: true,
    write: false,
    legalComments: "none",
  });
  bundleSource = result.outputFiles[0].text;
  return bundleSource;
}
