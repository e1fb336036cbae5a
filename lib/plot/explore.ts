// explore(...): a figure with live controls. The kernel checks the lesson's settings and sends a small
// script; the page recomputes every run with the library's own code (the bundle of lib/plot/bundle.ts), so
// moving a slider needs no kernel and works on the static site opened from disk. plotly.js and the bundle
// travel once per page, with the first figure that needs them (see showLive in show.ts).
import { randomBytes } from "node:crypto";
import { libraryBundle } from "./bundle";
import { checkExploreSettings, defaultState, type ExploreSettings, type PlaygroundState } from "./playground";
import { escapeScript, loaderScript, showLive } from "./show";

/** Options of {@link explore}: the settings the figure opens with, and its title. */
export interface ExploreOptions extends ExploreSettings {
  title?: string;
}

/** The <script> that defines `window.OptLab` (the library for the browser) unless the page has it already. */
export function libraryScript(): string {
  return `<script type="text/javascript">(function () {\nif (window.OptLab) return;\n${escapeScript(libraryBundle())}\nwindow.OptLab = OptLab;\n})();</script>\n`;
}

/** Waits for plotly.js and the library, then mounts the figure; if they never come, says so in the figure. */
const MOUNT_SCRIPT = `
var tries = 0;
(function wait() {
  var el = document.getElementById(id); if (!el) return;
  if (window.Plotly && window.OptLab) {
    try { window.OptLab.mount(el, { state: state, title: title, urlHash: urlHash }); }
    catch (e) { fail(el, String((e && e.message) || e)); }
    return;
  }
  if (++tries < 100) { setTimeout(wait, 50); return; }
  fail(el, "plotly.js or the course library is not loaded in this page. Restart the kernel and run all cells: the first live figure of a kernel session brings both.");
})();
function fail(el, message) {
  el.innerHTML = ""; var p = document.createElement("pre"); p.style.color = "#b00020"; p.style.whiteSpace = "pre-wrap";
  p.textContent = "This figure could not be drawn: " + message; el.appendChild(p);
}
`;

/** The HTML of a live figure: a <div> and the script that mounts it (plotly.js and the library must be in the page). */
export function exploreHtml(state: PlaygroundState, options: { title: string; urlHash: boolean; id?: string }): string {
  const id = options.id ?? `optlab-explore-${randomBytes(6).toString("hex")}`;
  const json = escapeScript(JSON.stringify(state));
  return (
    `<div id="${id}" class="optlab-figure optlab-explore" style="width: 100%;"></div>\n` +
    `<script type="text/javascript">(function () {\nvar id = "${id}";\nvar state = ${json};\nvar title = ${escapeScript(JSON.stringify(options.title))};\n` +
    `var urlHash = ${options.urlHash};\n${MOUNT_SCRIPT}})();</script>\n`
  );
}

/**
 * Shows a live figure in the notebook: the loss contour of a 2-D problem with the path of up to four
 * optimizers, and a slider with a number box for every hyperparameter; the page reruns `minimize` on every
 * change. Bad settings throw here, naming the option, the value and its range. Outside a notebook it prints one line.
 */
export function explore(options: ExploreOptions = {}): void {
  const state = checkExploreSettings("explore", options);
  const title = options.title ?? "Optimizer playground";
  if (typeof title !== "string" || title.trim() === "") throw new TypeError(`explore: title must be a non-empty string, got ${JSON.stringify(title)}`);
  if (showLive(exploreHtml(state, { title, urlHash: false }), libraryScript)) return;
  console.log(`[live figure "${title}" with ${state.optimizers.length} optimizer(s) on ${state.problem}: explore() draws it inside a notebook]`);
}

/** The standalone playground page (site/playground.html): every problem and optimizer, the state in the URL's hash. */
export function playgroundPage(options: { indexHref?: string } = {}): string {
  const index = options.indexHref ?? "index.html";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Optimizer Lab: the optimizer playground</title>
<style>body { font: 15px/1.5 sans-serif; max-width: 1280px; margin: 0 auto; padding: 0 16px 40px; color: #222; } a { color: #1f4e99; }</style>
</head>
<body>
<nav class="optlab-nav" style="font: 14px sans-serif; padding: 8px 0; border-bottom: 1px solid #ddd;"><a href="${index}">Optimizer Lab: all lessons</a></nav>
<h1>The optimizer playground</h1>
<p>Every 2-D problem and every optimizer of the course library, computed live in this page by the library's own code:
the paths are the ones <code>minimize</code> gives in a notebook with the same settings, to the last bit (the library
computes its powers, cosines and exponentials itself, so no browser's <code>Math</code> can change a digit). Up to four
optimizers side by side; drag a slider or type an exact value; click the contour to start elsewhere; “step ▶” and
“play” go one step at a time and draw the negative gradient, the momentum buffer (or Adam's first moment) and the step
taken as arrows. The address of this page holds the whole setting: copy it to share a figure.</p>
${loaderScript()}${libraryScript()}${exploreHtml(defaultState(), { title: "Optimizer playground", urlHash: true, id: "playground" })}
</body></html>
`;
}
