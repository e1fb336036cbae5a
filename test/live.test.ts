// The main job, tested live: `npm start` serves the course; headless Chromium opens the welcome notebook in
// the real Jupyter page, runs all cells through the menu, waits for the kernel, and checks that every figure
// rendered, no cell shows an error and `npm start` printed no error line. The server is stopped afterwards and
// the notebook file left as it was.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minimize, ravine, SGD } from "@optlab/lib";
import { markCommonJs } from "../scripts/jupyter.mjs";
import { ensureSite, jupyterOrSkip, launchChromium, ROOT, SCREENSHOTS, waitForFigures } from "./runtime-helpers";

/**
 * The lines of `npm start`'s output that report a problem: a Jupyter log line of level E (error) or C
 * (critical), or a line that speaks of an error, a traceback, an exception, a failure or something "not
 * supported". A clean start prints none: the course's own lines (the kernel registered, "Starting …",
 * the address) and Jupyter's [I] and [W] lines use none of these words; the one warning of a clean start,
 * "[W …] No web browser found", is a warning and not matched.
 */
function errorLines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .filter((line) => /^\[[EC] /.test(line) || /\b(errors?|traceback|exceptions?|fail(s|ed|ure)?|fatal|not supported)\b/i.test(line))
    .map((line) => (line.length > 200 ? `${line.slice(0, 200)}…` : line));
}

describe("what counts as an error line of npm start", () => {
  it("finds the lines of JupyterLab's yarn loaded as an ES module, and none in a clean start", () => {
    const broken = [
      "Starting JupyterLab in /home/me/optimizer-lab ...",
      "Fail to get yarn configuration. file:///home/me/optimizer-lab/.venv/lib/python3.11/site-packages/jupyter_builder/yarn.js:4",
      "(()=>{var Nge=Object.create;var uS=Object.defineProperty;",
      'Error: Dynamic require of "util" is not supported',
      "[I 2026-12-01 09:11:39.772 ServerApp] Jupyter Server 2.21.1 is running at:",
    ].join("\n");
    expect(errorLines(broken)).toEqual([broken.split("\n")[1], broken.split("\n")[3]]);
    const clean = [
      "> optimizer-lab@0.1.0 start",
      '> node scripts/start.mjs --no-browser --port=18873 --ip=127.0.0.1',
      'The kernel "TypeScript (Optimizer Lab)" is registered in /work/main/.jupyter/share/jupyter/kernels/optlab',
      "Starting Jupyter Notebook in /work/main ...",
      "[I 09:16:01.085 NotebookApp] Jupyter Notebook 6.4.12 is running at:",
      "[W 09:16:01.087 NotebookApp] No web browser found: could not locate runnable browser.",
      "[I 2026-12-01 09:12:48.928 ServerApp] notebook_shim | extension was successfully loaded.",
      "Optimizer Lab is running. Open the course at:",
    ].join("\n");
    expect(errorLines(clean)).toEqual([]);
    expect(errorLines("[E 09:20:00.000 NotebookApp] Uncaught exception GET /api/kernels\nTraceback (most recent call last):")).toHaveLength(2);
    expect(errorLines("[C 2026-12-01 09:13:14.780 ServerApp] received signal 15, stopping")).toHaveLength(1);
  });
});

describe("a Python environment inside the project is marked CommonJS (npm run setup, npm start)", () => {
  // under the project's "type": "module", a CommonJS script inside .venv (JupyterLab's bundled yarn.js) is
  // loaded as an ES module and fails; the package.json that markCommonJs writes makes Node load it as CommonJS
  const env = join(ROOT, ".jupyter", `test-env-${process.pid}`);
  const script = join(env, "lib", "site-packages", "tool.js");
  const runScript = () => spawnSync(process.execPath, [script], { encoding: "utf8" });

  it("makes Node load the environment's scripts as CommonJS, and changes nothing the second time", () => {
    rmSync(env, { recursive: true, force: true });
    mkdirSync(join(env, "lib", "site-packages"), { recursive: true });
    writeFileSync(script, 'const util = require("util"); console.log(util.format("%s", "commonjs"));\n');
    try {
      const before = runScript();
      expect(before.status).not.toBe(0);
      expect(before.stderr).toMatch(/require is not defined in ES module scope/);
      expect(markCommonJs(env, () => {})).toBe(true);
      expect(JSON.parse(readFileSync(join(env, "package.json"), "utf8"))).toEqual({ type: "commonjs" });
      const after = runScript();
      expect(after.stderr).toBe("");
      expect(after.stdout).toBe("commonjs\n");
      expect(markCommonJs(env, () => {})).toBe(false);
    } finally {
      rmSync(env, { recursive: true, force: true });
    }
  });

  it("keeps what an existing package.json says and only sets its type", () => {
    rmSync(env, { recursive: true, force: true });
    mkdirSync(env, { recursive: true });
    writeFileSync(join(env, "package.json"), JSON.stringify({ private: true, type: "module" }));
    try {
      expect(markCommonJs(env, () => {})).toBe(true);
      expect(JSON.parse(readFileSync(join(env, "package.json"), "utf8"))).toEqual({ private: true, type: "commonjs" });
    } finally {
      rmSync(env, { recursive: true, force: true });
    }
  });

  it("does nothing where there is no environment", () => {
    expect(markCommonJs(join(ROOT, ".jupyter", `no-such-env-${process.pid}`), () => {})).toBe(false);
  });
});

const jupyter = jupyterOrSkip("the live npm start test");
const WELCOME = join(ROOT, "notebooks", "00-welcome.ipynb");
/** The lesson whose live figure (explore) the test drives in the Jupyter page. */
const LIVE_LESSON = join(ROOT, "notebooks", "02-momentum.ipynb");

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** How many figures the welcome notebook draws: its code cells' calls of show(…). */
function expectedFigures(): number {
  const nb = JSON.parse(readFileSync(WELCOME, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .reduce((n, src) => n + (src.match(/\bshow\(/g)?.length ?? 0), 0);
}

/** Opens a notebook in the Jupyter page (classic Notebook or JupyterLab), runs all its cells and waits until none is running. */
async function openAndRunAll(page: Page, address: string): Promise<void> {
  await page.goto(address, { waitUntil: "load", timeout: 120_000 });
  const classic = await page
    .waitForSelector("#notebook-container, .jp-Notebook", { timeout: 120_000 })
    .then(async () => (await page.locator("#notebook-container").count()) > 0);

  if (classic) {
    // classic Notebook 6: wait for the kernel, keep autosave off, then Cell → Run All
    await page.waitForFunction("window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()", undefined, { timeout: 120_000 });
    await page.evaluate("Jupyter.notebook.set_autosave_interval(0)");
    await page.click("#celllink");
    await page.click("#run_all_cells > a");
    await page.waitForFunction(
      `Array.from(document.querySelectorAll(".code_cell .input_prompt")).some((p) => /\\[\\*\\]|\\[\\d+\\]/.test(p.textContent))`,
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForFunction(
      `!Array.from(document.querySelectorAll(".code_cell .input_prompt")).some((p) => p.textContent.includes("*")) && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null`,
      undefined,
      { timeout: 300_000, polling: 500 },
    );
  } else {
    // JupyterLab (or Notebook 7): wait for an idle kernel, then Run → Run All Cells
    await page.waitForFunction(`/Idle/.test(document.body.innerText)`, undefined, { timeout: 120_000 });
    await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
    await page.click('li.lm-Menu-item[data-command="runmenu:run-all"], li.lm-Menu-item[data-command="notebook:run-all-cells"]');
    await page.waitForFunction(
      `Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).some((p) => /\\[\\*\\]|\\[\\d+\\]/.test(p.textContent))`,
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForFunction(
      `!Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt")).some((p) => p.textContent.includes("*"))`,
      undefined,
      { timeout: 300_000, polling: 500 },
    );
  }
}

describe.skipIf(jupyter === null)("npm start, driven in a real browser", () => {
  const token = randomBytes(16).toString("hex");
  const original = readFileSync(WELCOME, "utf8");
  const lessonOriginal = readFileSync(LIVE_LESSON, "utf8");
  let server: ChildProcess;
  let log = "";
  let url = "";
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // the site build runs every notebook; waiting for it keeps two kernels' worth of work off the two cores
    await ensureSite();
    const port = await freePort();
    server = spawn("npm", ["start", "--", "--no-browser", `--port=${port}`, "--ip=127.0.0.1"], {
      cwd: ROOT,
      env: { ...process.env, JUPYTER_TOKEN: token, BROWSER: "true" },
      detached: true, // its own process group, so the test can stop npm, node and Jupyter together
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`npm start printed no address within 3 minutes:\n${log}`)), 180_000);
      const onData = (d: Buffer) => {
        log += d.toString();
        const m = /Open the course at:\s+(\S+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          done(m[1]);
        }
      };
      server.stdout?.on("data", onData);
      server.stderr?.on("data", onData);
      server.on("exit", (code) => fail(new Error(`npm start exited with ${code}:\n${log}`)));
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(String(e)));
  }, 25 * 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) {
      const exited = new Promise((done) => server.once("exit", done));
      // ask Jupyter to shut its kernels and itself down, and wait until it stops answering
      if (url) {
        const origin = new URL(url).origin;
        const auth = { Authorization: `token ${token}` };
        await fetch(`${origin}/api/shutdown`, { method: "POST", headers: auth }).catch(() => undefined);
        for (let i = 0; i < 60; i++) {
          const up = await fetch(`${origin}/api/status`, { headers: auth }).then(() => true, () => false);
          if (!up) break;
          await new Promise((done) => setTimeout(done, 500));
        }
      }
      // then stop npm and node (and Jupyter, had it not gone), SIGKILL only as a last resort
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
      await new Promise((done) => setTimeout(done, 2_000));
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {
        // stopped by SIGTERM
      }
    }
    if (readFileSync(WELCOME, "utf8") !== original) writeFileSync(WELCOME, original);
    if (readFileSync(LIVE_LESSON, "utf8") !== lessonOriginal) writeFileSync(LIVE_LESSON, lessonOriginal);
  }, 90_000);

  it("prints the welcome notebook's address on 127.0.0.1 with its token", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(notebooks|lab\/tree)\/notebooks\/00-welcome\.ipynb\?token=/);
    expect(url).toContain(token);
  });

  it("runs all cells of 00-welcome in Jupyter: every figure renders, no cell shows an error", async () => {
    await openAndRunAll(page, url);
    await waitForFigures(page);
    await page.screenshot({ path: join(SCREENSHOTS, "live-00-welcome.png"), fullPage: true });
    const shown = page.locator(".optlab-figure");
    for (let i = 0; i < (await shown.count()); i++) {
      await shown.nth(i).scrollIntoViewIfNeeded();
      await shown.nth(i).screenshot({ path: join(SCREENSHOTS, `live-00-welcome-figure-${i + 1}.png`) });
    }

    const prompts = (await page.evaluate(
      `Array.from(document.querySelectorAll(".code_cell .input_prompt, .jp-CodeCell .jp-InputPrompt")).map((p) => p.textContent.trim())`,
    )) as string[];
    const unrun = prompts.filter((p) => !/\[\d+\]/.test(p));
    expect(unrun, `cells without an execution count: ${unrun.join(" | ")}`).toEqual([]);

    const errors = (await page.evaluate(
      `Array.from(document.querySelectorAll(".output_stderr, .output_error, [data-mime-type='application/vnd.jupyter.stderr'], [data-mime-type='application/vnd.jupyter.error']")).map((e) => e.textContent)`,
    )) as string[];
    expect(errors, errors.join("\n")).toEqual([]);

    const figures = (await page.evaluate(`document.querySelectorAll(".optlab-figure").length`)) as number;
    const drawn = (await page.evaluate(`Array.from(document.querySelectorAll(".optlab-figure")).filter((f) => f.querySelector(".main-svg")).length`)) as number;
    expect(figures).toBe(expectedFigures());
    expect(drawn).toBe(figures);
    const failures = (await page.evaluate(`Array.from(document.querySelectorAll(".optlab-figure pre")).map((p) => p.textContent)`)) as string[];
    expect(failures).toEqual([]);

    // the grader's check cell rendered its report
    expect(await page.locator(".optlab-check").count()).toBeGreaterThan(0);
    // JupyterLab's debugger panel asks every kernel for a debug session; tslab has none, and the front end
    // reports that as an unhandled rejection of its own, unrelated to the notebook
    const ours = pageErrors.filter((e) => !/No active debugger session/.test(e));
    expect(ours).toEqual([]);
  }, 10 * 60_000);

  it("recomputes lesson 02's live ravine figure in the page: a typed momentum gives minimize's path in Node, bit for bit", async () => {
    await openAndRunAll(page, url.replace("00-welcome.ipynb", "02-momentum.ipynb"));
    await waitForFigures(page);
    const figure = page.locator(".optlab-explore").first();
    await figure.scrollIntoViewIfNeeded();
    const box = figure.locator('fieldset[data-index="0"]').getByLabel("momentum μ (exact value)", { exact: true });
    await box.fill("0.5");
    await box.press("Enter");
    await box.blur();
    const read = `(() => { const el = document.querySelector(".optlab-explore"); const c = el.optlabExplore;
      if (!c || c.pending() || c.state().optimizers[0].values.momentum !== 0.5) return null;
      const t = c.data().find((d) => d.uid === "path-1"); return t ? { x: t.x, y: t.y } : null; })()`;
    await page.waitForFunction(read, undefined, { timeout: 30_000 });
    const plotted = await page.evaluate(read);
    // the page computes with the library itself: Node's minimize gives the same path, bit for bit
    const run = minimize(ravine(0.1, 2), new SGD({ lr: 0.9, momentum: 0.5 }), { steps: 60 });
    expect(plotted).toEqual({ x: run.path.map((p) => p[0]), y: run.path.map((p) => p[1]) });
    expect(await figure.locator(".optlab-explore-message").textContent()).toBe("");
    await figure.screenshot({ path: join(SCREENSHOTS, "live-02-momentum-explore.png") });
    expect(pageErrors.filter((e) => !/No active debugger session/.test(e))).toEqual([]);
  }, 10 * 60_000);

  it("printed no error line while starting and serving the notebook", () => {
    // checked before the server is stopped: stopping it prints a critical "received signal" line by design
    expect(log).toMatch(/Open the course at:/);
    const errors = errorLines(log);
    expect(errors, `npm start printed ${errors.length} error line(s) (each cut at 200 characters)`).toEqual([]);
  });
});
