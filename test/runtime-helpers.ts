// Shared by the runtime tests (notebooks, site, live): finding Jupyter (a missing Jupyter fails under CI and is
// skipped loudly elsewhere), building the static site once per test run, and launching headless Chromium.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { findNbclient, installHelp, ROOT, type JupyterFound } from "../scripts/jupyter.mjs";

export { ROOT };
const RUN_ID = process.env.OPTLAB_TEST_RUN ?? "";
const BUILDS = join(ROOT, ".jupyter", "test-site");
/**
 * The site this test run builds and checks: its own folder (git-ignored), so that two test runs at once on
 * one machine never delete each other's pages. `npm run site` builds the same thing into site/.
 */
export const SITE = join(BUILDS, RUN_ID || "manual");
/** Where the browser tests save their screenshots. */
export const SCREENSHOTS = join(ROOT, "site", "screenshots");
const LOCK = `${SITE}.lock`;

/**
 * The Jupyter that can execute notebooks, or null after printing a loud skip message. Under CI=true a
 * missing Jupyter throws instead, so the run fails.
 */
export function jupyterOrSkip(what: string): JupyterFound | null {
  const found = findNbclient();
  if (found !== null && found.nbconvert) return found;
  const message = `Jupyter (nbclient + nbconvert) was not found, so ${what} cannot run.\n${installHelp()}`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n${"!".repeat(78)}\nSKIPPED: ${message}\n${"!".repeat(78)}\n`);
  return null;
}

/** One lesson's entry in site/report.json. */
export interface LessonReport {
  stem: string;
  html: string;
  title: string;
  errors: number;
  seconds: number | null;
  executedBytes: number | null;
  errorList: { cell: number | null; ename: string; evalue: string; traceback: string }[];
}

/** site/report.json, written by scripts/site.mjs. */
export interface SiteReport {
  runId: string;
  builtAt: string;
  seconds: number;
  converted: boolean;
  lessons: LessonReport[];
}

function readReport(): SiteReport | null {
  try {
    return JSON.parse(readFileSync(join(SITE, "report.json"), "utf8")) as SiteReport;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `node scripts/site.mjs`, passing its output through; resolves when it exits. */
function buildSite(): Promise<void> {
  return new Promise((done) => {
    // builds of earlier runs are removed after an hour
    mkdirSync(BUILDS, { recursive: true });
    for (const old of readdirSync(BUILDS)) {
      const path = join(BUILDS, old);
      if (path !== SITE && path !== LOCK && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    }
    const child = spawn(process.execPath, [join(ROOT, "scripts", "site.mjs"), "--jobs", "2", "--out", SITE], {
      cwd: ROOT,
      env: { ...process.env, OPTLAB_TEST_RUN: RUN_ID },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("close", () => done());
  });
}

/**
 * The site built in this test run: the first test file to ask builds it (executing every notebook), the
 * others wait for it, so notebooks run once per `npm test`. A lock folder keeps builds from overlapping.
 */
export async function ensureSite(): Promise<SiteReport> {
  const deadline = Date.now() + 20 * 60_000;
  const current = (r: SiteReport | null): r is SiteReport => r !== null && RUN_ID !== "" && r.runId === RUN_ID;
  for (;;) {
    if (!existsSync(LOCK)) {
      const report = readReport();
      if (current(report)) return report;
    }
    let locked = false;
    try {
      mkdirSync(BUILDS, { recursive: true });
      mkdirSync(LOCK);
      locked = true;
    } catch {
      // another test file is building; a lock older than 20 minutes is left over from a killed run
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 20 * 60_000) rmSync(LOCK, { recursive: true, force: true });
    }
    if (locked) {
      try {
        if (!current(readReport())) await buildSite();
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
      const built = readReport();
      if (built === null) throw new Error("scripts/site.mjs wrote no site/report.json; see its output above");
      return built;
    }
    if (Date.now() > deadline) throw new Error("waited 20 minutes for another site build");
    await sleep(1000);
  }
}

/** Launches Debian's Chromium headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Waits (up to a minute) until every course figure on the page is drawn (Plotly's SVG) or shows its failure message. */
export async function waitForFigures(page: Page): Promise<void> {
  await page
    .waitForFunction(
      `Array.from(document.querySelectorAll(".optlab-figure")).every((f) => f.querySelector(".main-svg") !== null || f.querySelector("pre") !== null)`,
      undefined,
      { timeout: 60_000 },
    )
    .catch(() => undefined); // the callers then count drawn and failed figures and report what is missing
}
