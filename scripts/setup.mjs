// `npm run setup`: makes sure Jupyter is present (installing it if not) and registers the project-local
// kernel "optlab". Safe to run again: it changes nothing when all is in place.
import { setupOrExit } from "./jupyter.mjs";

const jupyter = setupOrExit();
const name = jupyter.frontend === "lab" ? "JupyterLab" : "Jupyter Notebook";
console.log(`Jupyter front end: ${name} (${jupyter.python}); notebook execution: ${jupyter.nbclient ? "nbclient" : "missing (install nbclient)"}`);
