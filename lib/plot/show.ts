// Drawing figures in a notebook. `show` turns a figure into HTML (a <div> and a script that calls
// Plotly.newPlot) and hands it to the tslab kernel's display. plotly.js comes from node_modules, never from
// a CDN: the first figure of a kernel session carries the whole library (about 4.7 MB), later figures only
// their data, so a notebook page loads it once. Outside a kernel, `show` prints a one-line summary.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Figure } from "./types";

/** Where rich output goes: the kernel's display, or a stand-in set by {@link setOutputSink}. */
export interface OutputSink {
  html(html: string): void;
}

let sink: OutputSink | null = null;
let plotlySent = false;
/** Whether the library's browser bundle (explore figures) has gone out to this page already. */
let librarySent = false;

/** Sends show/table output to `s` instead of the kernel (null: back to the kernel); the next figure carries plotly.js again. */
export function setOutputSink(s: OutputSink | null): void {
  sink = s;
  plotlySent = false;
  librarySent = false;
}

/** A `require` rooted at the working directory (its cache is the process-wide module cache). */
function requireFrom(): NodeRequire {
  return createRequire(join(process.cwd(), "noop.js"));
}

/** tslab's display, when this process is a tslab kernel (its jupyter module is loaded); else null. */
function kernelDisplay(): OutputSink | null {
  const req = requireFrom();
  const loaded = Object.keys(req.cache).find((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
  if (loaded === undefined) return null;
  const tslab = req(join(dirname(loaded), "public.js")) as { display: OutputSink };
  return tslab.display;
}

let plotlySource: string | null = null;

/** The minified plotly.js bundle from node_modules (plotly.js-dist-min), made safe to inline in a <script>. */
export function plotlyBundle(): string {
  if (plotlySource !== null) return plotlySource;
  const bases = [join(process.cwd(), "noop.js"), process.argv[1] ?? ""].filter((b) => b !== "");
  let file: string | null = null;
  for (const base of bases) {
    try {
      file = createRequire(base).resolve("plotly.js-dist-min/plotly.min.js");
      break;
    } catch {
      // try the next base
    }
  }
  if (file === null) {
    throw new Error("show: cannot find plotly.js-dist-min in node_modules; run `npm install` in the course folder");
  }
  plotlySource = escapeScript(readFileSync(file, "utf8"));
  return plotlySource;
}

/** Makes text safe inside an inline <script>: no `</script` and no `<!--` (both are left as JS escapes). */
export function escapeScript(js: string): string {
  return js.replace(/<\//g, "<\\/").replace(/<!--/g, "<\\!--");
}

/** The loader: evaluates plotly.js once per page, with require.js's `define` hidden (classic Notebook). */
export function loaderScript(): string {
  return (
    '<script type="text/javascript">(function () {\n' +
    "if (window.Plotly) return;\n" +
    "var savedDefine = window.define; window.define = undefined;\n" +
    "try {\n" +
    plotlyBundle() +
    "\n} finally { window.define = savedDefine; }\n" +
    "}).call(window);</script>\n"
  );
}

/** Rounds to 7 significant digits for the page (smaller notebooks); non-finite numbers become gaps. */
function compact(_key: string, value: unknown): unknown {
  if (typeof value !== "number") return value;
  if (!Number.isFinite(value)) return null;
  return Number.isInteger(value) ? value : Number(value.toPrecision(7));
}

const DRAW_SCRIPT = `
function target() { return document.getElementById(id); }
function fail(message) {
  var el = target(); if (!el) return;
  el.style.height = "auto"; el.innerHTML = "";
  var p = document.createElement("pre"); p.style.color = "#b00020"; p.style.whiteSpace = "pre-wrap";
  p.textContent = "This figure could not be drawn: " + message; el.appendChild(p);
}
function draw() {
  var el = target(); if (!el) return;
  try {
    var done = window.Plotly.newPlot(el, figure.data, figure.layout, { responsive: true, displaylogo: false });
    if (done && done.catch) done.catch(function (e) { fail(String((e && e.message) || e)); });
  } catch (e) { fail(String((e && e.message) || e)); }
}
function baseUrl() {
  var b = document.body && document.body.getAttribute("data-base-url");
  if (b) return b;
  var c = document.getElementById("jupyter-config-data");
  if (c) { try { return JSON.parse(c.textContent).baseUrl || null; } catch (e) { return null; } }
  return null;
}
function loadFromServer(done) {
  var base = baseUrl(); if (base === null) { done(false); return; }
  var s = document.createElement("script"); var savedDefine = window.define; window.define = undefined;
  s.src = base.replace(/\\/?$/, "/") + "files/node_modules/plotly.js-dist-min/plotly.min.js";
  s.onload = function () { window.define = savedDefine; done(!!window.Plotly); };
  s.onerror = function () { window.define = savedDefine; done(false); };
  document.head.appendChild(s);
}
var tries = 0;
(function wait() {
  if (window.Plotly) { draw(); return; }
  if (++tries < 40) { setTimeout(wait, 50); return; }
  loadFromServer(function (ok) {
    if (ok) draw();
    else fail("plotly.js is not loaded in this page. Restart the kernel and run all cells: the first figure of a kernel session brings plotly.js.");
  });
})();
`;

/** Lists what is wrong with a figure (empty when it can be drawn): missing title, unequal x/y, bad z grid, … */
export function figureProblems(figure: Figure): string[] {
  const problems: string[] = [];
  if (figure === null || typeof figure !== "object") return [`a figure must be an object { data, layout }, got ${String(figure)}`];
  if (!Array.isArray(figure.data)) problems.push("figure.data must be an array of traces");
  const layout = figure.layout as Figure["layout"] | undefined;
  if (layout === null || typeof layout !== "object") problems.push("figure.layout must be an object");
  else {
    const title: unknown = layout.title;
    if (typeof title === "string") problems.push('layout.title must be { text: "..." }: plotly.js 3 and later ignore a plain string');
    else if (!title || typeof (title as { text?: unknown }).text !== "string") problems.push('layout.title must be { text: "..." }');
  }
  if (!Array.isArray(figure.data)) return problems;
  figure.data.forEach((t, i) => {
    const label = `trace ${i}${t && typeof t === "object" && t.name ? ` ("${t.name}")` : ""}`;
    if (t === null || typeof t !== "object") {
      problems.push(`${label} must be an object`);
      return;
    }
    const arr = (key: string, v: unknown): v is unknown[] => {
      if (Array.isArray(v)) return true;
      problems.push(`${label}: ${key} must be a plain array${ArrayBuffer.isView(v) ? " (a typed array is not drawn: use Array.from)" : ""}`);
      return false;
    };
    switch (t.type) {
      case "scatter":
        if (arr("x", t.x) && arr("y", t.y) && t.x.length !== t.y.length) problems.push(`${label}: x has ${t.x.length} values but y has ${t.y.length}`);
        break;
      case "histogram":
        arr("x", t.x);
        break;
      case "contour":
      case "surface":
        if (arr("x", t.x) && arr("y", t.y) && arr("z", t.z)) {
          if (t.z.length !== t.y.length) problems.push(`${label}: z has ${t.z.length} rows but y has ${t.y.length} values`);
          const bad = t.z.findIndex((row) => !Array.isArray(row) || row.length !== t.x.length);
          if (bad >= 0) problems.push(`${label}: z row ${bad} must be an array of ${t.x.length} values (one per x)`);
        }
        break;
      default:
        problems.push(`${label}: unknown type ${JSON.stringify((t as { type?: unknown }).type)}; expected scatter, contour, surface or histogram`);
    }
  });
  return problems;
}

/** The HTML that draws a figure: a sized <div> and a script; with `includePlotly`, plotly.js comes first. */
export function figureHtml(figure: Figure, options: { includePlotly: boolean; id?: string }): string {
  const id = options.id ?? `optlab-figure-${randomBytes(6).toString("hex")}`;
  const height = figure.layout.height ?? 450;
  const json = escapeScript(JSON.stringify({ data: figure.data, layout: figure.layout }, compact));
  return (
    (options.includePlotly ? loaderScript() : "") +
    `<div id="${id}" class="optlab-figure" style="width: 100%; height: ${height}px;"></div>\n` +
    `<script type="text/javascript">(function () {\nvar id = "${id}";\nvar figure = ${json};\n${DRAW_SCRIPT}})();</script>\n`
  );
}

/**
 * Hands HTML to the output sink or the kernel's display; returns false when there is neither (tslab loaded
 * outside a running kernel says "Not ready"), so the caller can print a text version instead.
 */
function emit(html: string): boolean {
  if (sink !== null) {
    sink.html(html);
    return true;
  }
  const display = kernelDisplay();
  if (display === null) return false;
  try {
    display.html(html);
    return true;
  } catch {
    return false;
  }
}

/** Draws a figure in the notebook cell's output; throws an error naming every problem of a malformed figure. */
export function show(figure: Figure): void {
  const problems = figureProblems(figure);
  if (problems.length > 0) throw new TypeError(`show: this figure cannot be drawn:\n  - ${problems.join("\n  - ")}`);
  if (emit(figureHtml(figure, { includePlotly: !plotlySent }))) {
    plotlySent = true;
    return;
  }
  console.log(`[figure "${figure.layout.title.text}" with ${figure.data.length} trace(s): show() draws it inside a notebook]`);
}

/**
 * Displays the HTML of a live figure, which needs plotly.js and the library's browser bundle in the page:
 * each travels with the first such output of the kernel session, as plotly.js does for `show`. `library`
 * gives the bundle's <script> (called only when it is sent). Returns false when there is no notebook.
 */
export function showLive(html: string, library: () => string): boolean {
  const head = (plotlySent ? "" : loaderScript()) + (librarySent ? "" : library());
  if (!emit(head + html)) return false;
  plotlySent = true;
  librarySent = true;
  return true;
}

/** Escapes text for HTML. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Formats a table cell: integers as they are, other numbers to 7 significant digits. */
export function formatCell(v: string | number): string {
  if (typeof v === "string") return v;
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(7)));
}

/** The HTML of a table: one column per key (in order of first appearance), numbers (and numeric text) right-aligned. */
export function tableHtml(rows: Record<string, string | number>[]): string {
  if (!Array.isArray(rows)) throw new TypeError(`table: rows must be an array of objects, got ${String(rows)}`);
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cell = (v: string | number | undefined) => {
    const numeric = typeof v === "number" || (typeof v === "string" && /^\s*[-+−]?\d[\d.,]*(e[-+]?\d+)?\s*%?$/i.test(v));
    const align = numeric ? "right" : "left";
    return `<td style="text-align: ${align}; padding: 2px 10px;">${v === undefined ? "" : escapeHtml(formatCell(v))}</td>`;
  };
  const head = columns.map((c) => `<th style="text-align: left; padding: 2px 10px;">${escapeHtml(c)}</th>`).join("");
  const body = rows.map((r) => `<tr>${columns.map((c) => cell(r[c])).join("")}</tr>`).join("\n");
  return `<table class="optlab-table" style="border-collapse: collapse;">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Displays rows as an HTML table in the notebook (a plain console table outside one). */
export function table(rows: Record<string, string | number>[]): void {
  if (!emit(tableHtml(rows))) console.table(rows);
}
