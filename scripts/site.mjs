// `npm run site [-- --jobs N] [--out DIR]`: executes every notebook on the course kernel and exports the static course
// into site/: one HTML page per lesson with its outputs and interactive figures, and an index listing the
// lessons in order, and playground.html, the live optimizer playground (linked from every page). Pages need no
// network: plotly.js (and, for live figures, the course library) travels inside each page's first figure, and
// MathJax and require.js are copied next to the pages. site/report.json records what ran; exit 1 if a cell failed,
// 2 on bad usage (`--help` shows it).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { executeNotebooks } from "./execute.mjs";
import { integerIn, readCommandLine, usageError } from "./command-line.mjs";
import { findNbclient, installHelp, ROOT } from "./jupyter.mjs";
import { notebookFiles } from "./strip.mjs";

const USAGE = `usage: npm run site [-- --jobs N] [--out DIR]
  executes every notebook on the course kernel and writes the course as HTML pages
  --jobs N    notebooks run at once, 1 to 16 (default 2)
  --out DIR   where the pages go (default site/)
exit code: 0 every notebook ran cleanly, 1 a cell failed, 2 bad usage or no Jupyter`;
const HELP = "npm run site -- --help";

const cli = readCommandLine({ command: "site", helpCommand: HELP, usage: USAGE, options: { jobs: { type: "string" }, out: { type: "string" } } });
/** Notebooks run at once (null when the command line was bad). */
const JOBS = cli === null ? null : integerIn(cli.values.jobs ?? "2", 1, 16);
/** Where the site goes: site/ unless --out says otherwise (the tests build theirs elsewhere). */
const SITE = cli?.values.out ? resolve(cli.values.out) : join(ROOT, "site");
const MATHJAX = "/usr/share/javascript/mathjax";
const REQUIREJS = "/usr/share/javascript/requirejs/require.min.js";
/** The parts of MathJax 2 that the TeX-AMS_CHTML-full configuration loads. */
const MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "extensions", "jax/input/TeX", "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff", "localization/en"];

/** Escapes text for HTML. */
function escapeHtml(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Turns inline Markdown (`code`, **bold**) of a short line into HTML. */
function inlineMarkdown(s) {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*)[*_](?=[\s.,;:)]|$)/g, "$1<em>$2</em>");
}

/** The lesson's title (its first # heading) and hook (the first paragraph after it), from the notebook source. */
function describe(file) {
  let nb;
  try {
    nb = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { title: basename(file, ".ipynb"), hook: "" };
  }
  const text = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n\n");
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? basename(file, ".ipynb");
  const after = text.slice(text.indexOf(title) + title.length).split(/\n\s*\n/).map((p) => p.trim()).find((p) => p !== "" && !p.startsWith("#") && !p.startsWith("|") && !p.startsWith("-"));
  // one line of prose: no block-quote markers, no surrounding emphasis
  const hook = (after ?? "").split("\n").map((l) => l.replace(/^\s*>\s?/, "")).join(" ").replace(/\s+/g, " ").trim();
  return { title, hook: hook.replace(/^\*\*(.*)\*\*$/, "$1").replace(/^[*_](.*)[*_]$/, "$1") };
}

/** Copies MathJax and require.js next to the pages, where Debian's packages provide them; returns their URLs. */
function copyAssets() {
  const assets = join(SITE, "assets");
  mkdirSync(assets, { recursive: true });
  const urls = { mathjax: "", requirejs: "" };
  if (existsSync(join(MATHJAX, "MathJax.js"))) {
    for (const part of MATHJAX_PARTS) {
      const from = join(MATHJAX, part);
      if (existsSync(from)) cpSync(from, join(assets, "mathjax", part), { recursive: true, dereference: true });
    }
    urls.mathjax = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe";
  } else {
    console.warn(`MathJax not found in ${MATHJAX} (Debian's libjs-mathjax): formulas will show as TeX source.`);
  }
  if (existsSync(REQUIREJS)) {
    cpSync(REQUIREJS, join(assets, "require.min.js"), { dereference: true });
    urls.requirejs = "assets/require.min.js";
  }
  return urls;
}

/** Removes every <script src> and <link href> that points off the site (a CDN or file:), so pages stay offline. */
function keepOffline(html, page) {
  return html.replace(/<(script|link)\b[^>]*\b(?:src|href)="((?:https?:|file:|\/\/)[^"]*)"[^>]*>(\s*<\/script>)?/gi, (tag, _kind, url) => {
    console.warn(`${page}: removed a reference to ${url} (pages must not load anything from outside the site)`);
    return "";
  });
}

/** A navigation bar for a lesson page: the index, and the previous and next lessons. */
function navBar(lessons, i) {
  const link = (l, label) => (l ? `<a href="${l.html}">${label}</a>` : `<span style="color:#999">${label}</span>`);
  return (
    `<nav class="optlab-nav" style="font: 14px sans-serif; padding: 8px 16px; border-bottom: 1px solid #ddd; display: flex; gap: 24px;">` +
    `<a href="index.html">Optimizer Lab: all lessons</a>${link(lessons[i - 1], "← previous")}${link(lessons[i + 1], "next →")}<a href="playground.html">the optimizer playground</a></nav>`
  );
}

/**
 * The playground page, from lib/plot/explore.ts. The library is TypeScript, so a child Node loads it through
 * tsx (a devDependency, as for npm run bench); the page carries plotly.js and the library's browser bundle.
 */
function playgroundHtml() {
  const script = 'import("@optlab/lib").then((lib) => process.stdout.write(lib.playgroundPage()))';
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`the playground page could not be built:\n${child.stderr}`);
  return child.stdout;
}

/** The index page: every lesson in order, with its hook and whether it ran cleanly. */
function indexPage(lessons, mathjaxUrl) {
  const items = lessons
    .map((l) => {
      const status = l.errors === 0 ? `ran without errors in ${l.seconds} s` : `<b style="color:#b00020">${l.errors} error(s) when run</b>`;
      return `<li><a href="${l.html}"><b>${escapeHtml(l.stem)}</b>: ${inlineMarkdown(l.title)}</a><div class="hook">${inlineMarkdown(l.hook)}</div><div class="status">${status}</div></li>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Optimizer Lab</title>
<style>
body { font: 16px/1.5 sans-serif; max-width: 820px; margin: 40px auto; padding: 0 16px; color: #222; }
ol { padding-left: 24px; } li { margin: 14px 0; } a { color: #1f4e99; text-decoration: none; } a:hover { text-decoration: underline; }
.hook { color: #444; } .status { color: #777; font-size: 13px; }
</style>
${mathjaxUrl ? `<script type="text/x-mathjax-config">MathJax.Hub.Config({ tex2jax: { inlineMath: [["$", "$"]] } });</script>\n<script src="${mathjaxUrl}"></script>` : ""}
</head>
<body>
<h1>Optimizer Lab</h1>
<p>A course on neural-network optimizers in TypeScript. These pages are the course's notebooks, run top to bottom on
the course kernel, with their outputs and interactive figures (hover, zoom, sliders). They need no network.
To run and change the code yourself, clone the repository and run <code>npm install &amp;&amp; npm start</code>.</p>
<p class="playground"><a href="playground.html"><b>The optimizer playground</b></a>: every 2-D problem and every optimizer of the
course library, recomputed live in the page as you drag the sliders.</p>
<ol start="0">
${items}
</ol>
</body></html>
`;
}

async function main() {
  if (cli === null) return;
  const jobs = JOBS;
  if (jobs === null) {
    usageError("site", `invalid --jobs = ${JSON.stringify(cli.values.jobs)}; expected a whole number from 1 to 16`, HELP);
    return;
  }
  const jupyter = findNbclient();
  if (jupyter === null || !jupyter.nbconvert) {
    console.error(`Building the site needs Jupyter's nbclient and nbconvert.\n${installHelp()}`);
    process.exit(2);
  }
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  const files = notebookFiles();
  const described = files.map((f) => describe(f));
  const started = Date.now();
  const reports = await executeNotebooks(jupyter.python, files, { outDir: join(SITE, "executed"), jobs });

  const lessons = files.map((file, i) => {
    const stem = basename(file, ".ipynb");
    const r = reports[i];
    return { stem, html: `${stem}.html`, ...described[i], errors: r.errors.length, seconds: r.seconds, executedBytes: r.executedBytes, errorList: r.errors };
  });
  const writeReport = (converted) => {
    const report = {
      runId: process.env.OPTLAB_TEST_RUN ?? "",
      builtAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      converted,
      lessons: lessons.map(({ stem, html, title, errors, seconds, executedBytes, errorList }) => ({ stem, html, title, errors, seconds, executedBytes, errorList })),
    };
    writeFileSync(join(SITE, "report.json"), JSON.stringify(report, null, 2));
    return report;
  };
  writeReport(false);
  const urls = copyAssets();
  const executed = reports.filter((r) => r.executedFile && existsSync(r.executedFile)).map((r) => r.executedFile);
  const convert = spawnSync(
    jupyter.python,
    [
      "-m", "nbconvert", "--to", "html", "--output-dir", SITE,
      `--HTMLExporter.mathjax_url=${urls.mathjax}`, `--HTMLExporter.require_js_url=${urls.requirejs}`,
      ...executed,
    ],
    { encoding: "utf8", timeout: 600_000 },
  );
  if (convert.status !== 0) {
    console.error(`nbconvert failed:\n${convert.stderr}`);
    process.exit(1);
  }

  lessons.forEach((l, i) => {
    const page = join(SITE, l.html);
    if (!existsSync(page)) return;
    let html = keepOffline(readFileSync(page, "utf8"), l.html);
    html = html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(`${l.stem}: ${l.title}`)}</title>`);
    html = html.replace(/<body([^>]*)>/, (m) => `${m}\n${navBar(lessons, i)}`);
    writeFileSync(page, html);
  });
  writeFileSync(join(SITE, "index.html"), indexPage(lessons, urls.mathjax));
  writeFileSync(join(SITE, "playground.html"), playgroundHtml());
  const report = writeReport(true);
  const failed = lessons.filter((l) => l.errors > 0).length;
  const pages = readdirSync(SITE).filter((f) => f.endsWith(".html")).length;
  console.log(`\nThe site is in ${SITE}: ${pages} pages (open ${join(relative(process.cwd(), SITE) || ".", "index.html")}), built in ${report.seconds} s; ${lessons.length - failed} notebook(s) ran cleanly, ${failed} failed.`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
