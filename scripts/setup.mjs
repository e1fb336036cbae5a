// `npm run setup`: makes sure Jupyter is present (installing it if not) and registers the project-local
// kernel "optlab". Safe to run again: it changes nothing when all is in place.
import { installHelp, setup } from "./jupyter.mjs";

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
const name = jupyter.frontend === "lab" ? "JupyterLab" : "Jupyter Notebook";
console.log(`Jupyter front end: ${name} (${jupyter.python}); notebook execution: ${jupyter.nbclient ? "nbclient" : "missing (install nbclient)"}`);
