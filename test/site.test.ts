// The static course site, checked in a real browser (Debian's Chromium through playwright-core): the index
// lists the lessons in order, every lesson page draws every figure (Plotly's SVG present, no failure
// message), throws no page error and asks nothing of the network. Screenshots go to site/screenshots/.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minimize, ravine, SGD } from "@optlab/lib";
import { ensureSite, jupyterOrSkip, launchChromium, SCREENSHOTS, SITE, waitForFigures, type SiteReport } from "./runtime-helpers";

const jupyter = jupyterOrSkip("the static site test");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".png": "image/png",
  ".woff": "font/woff", ".json": "application/json",
};

/** Serves site/ on 127.0.0.1 at a free port. */
function serveSite(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(SITE, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(SITE) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

/** Opens a page, recording page errors and every request that leaves the site. */
async function open(browser: Browser, url: string): Promise<{ page: Page; pageErrors: string[]; external: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const pageErrors: string[] = [];
  const external: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  const origin = new URL(url).origin;
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    external.push(u);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  return { page, pageErrors, external };
}

describe.skipIf(jupyter === null)("the static site in Chromium", () => {
  let report: SiteReport;
  let server: Server;
  let base = "";
  let browser: Browser;

  beforeAll(async () => {
    report = await ensureSite();
    server = await serveSite();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  }, 25 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  it("was exported to HTML", () => {
    expect(report.converted).toBe(true);
    expect(report.lessons.length).toBeGreaterThan(0);
  });

  it("has an index that lists every lesson in order, each link leading to its page", async () => {
    const { page, pageErrors, external } = await open(browser, base);
    const links = (await page.evaluate(`Array.from(document.querySelectorAll("ol li > a")).map((a) => a.getAttribute("href"))`)) as string[];
    expect(links).toEqual(report.lessons.map((l) => l.html));
    expect([...links].sort()).toEqual(links);
    for (const l of report.lessons) expect(existsSync(join(SITE, l.html)), l.html).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "index.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 120_000);

  it("draws every figure of every lesson page, offline and without page errors", async () => {
    const problems: string[] = [];
    for (const lesson of report.lessons) {
      const { page, pageErrors, external } = await open(browser, base + lesson.html);
      const figures = page.locator(".optlab-figure");
      await waitForFigures(page);
      const count = await figures.count();
      const drawn = (await page.evaluate(`Array.from(document.querySelectorAll(".optlab-figure")).filter((f) => f.querySelector(".main-svg")).length`)) as number;
      const failures = await page.locator(".optlab-figure pre").allTextContents();
      if (count === 0) problems.push(`${lesson.html}: no figure at all`);
      if (drawn !== count) problems.push(`${lesson.html}: ${drawn} of ${count} figures drawn`);
      for (const f of failures) problems.push(`${lesson.html}: ${f}`);
      for (const e of pageErrors) problems.push(`${lesson.html}: page error: ${e}`);
      for (const u of external) problems.push(`${lesson.html}: asked the network for ${u}`);
      if (existsSync(join(SITE, "assets", "mathjax"))) {
        const mathjax = (await page.evaluate(`typeof window.MathJax !== "undefined"`)) as boolean;
        if (!mathjax) problems.push(`${lesson.html}: MathJax did not load`);
      }
      await page.screenshot({ path: join(SCREENSHOTS, `${lesson.stem}.png`), fullPage: true });
      for (let i = 0; i < count; i++) {
        await figures.nth(i).screenshot({ path: join(SCREENSHOTS, `${lesson.stem}-figure-${i + 1}.png`) }).catch(() => undefined);
      }
      await page.close();
    }
    expect(problems, problems.join("\n")).toEqual([]);
  }, 15 * 60_000);

  it("recomputes a lesson's live figure in a page opened straight from disk, with no network", async () => {
    const lesson = report.lessons.find((l) => l.stem.startsWith("02-"));
    expect(lesson, "lesson 02 is on the site").toBeDefined();
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const pageErrors: string[] = [];
    const external: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith("file:") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
      external.push(u);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(SITE, lesson!.html)).href, { waitUntil: "load", timeout: 120_000 });
    const figure = page.locator(".optlab-explore").first();
    await figure.scrollIntoViewIfNeeded();
    const box = figure.locator('fieldset[data-index="0"]').getByLabel("momentum μ (exact value)", { exact: true });
    await box.fill("0.3");
    await box.press("Enter");
    const read = `(() => { const c = document.querySelector(".optlab-explore").optlabExplore;
      if (!c || c.pending() || c.state().optimizers[0].values.momentum !== 0.3) return null;
      const t = c.data().find((d) => d.uid === "path-1"); return t ? { x: t.x, y: t.y } : null; })()`;
    await page.waitForFunction(read, undefined, { timeout: 30_000 });
    // the lesson's figure runs SGD (lr 0.9) on the ravine for 60 steps
    const run = minimize(ravine(0.1, 2), new SGD({ lr: 0.9, momentum: 0.3 }), { steps: 60 });
    expect(await page.evaluate(read)).toEqual({ x: run.path.map((p) => p[0]), y: run.path.map((p) => p[1]) });
    expect(await figure.locator(".optlab-explore-message").textContent()).toBe("");
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 120_000);

  it("moves a slider: the figure shows another precomputed run", async () => {
    let tried = false;
    for (const lesson of report.lessons) {
      const { page } = await open(browser, base + lesson.html);
      await page.waitForFunction(`document.querySelectorAll(".optlab-figure .main-svg").length > 0`, undefined, { timeout: 60_000 }).catch(() => undefined);
      const slider = page.locator(".optlab-figure:has(.slider-container)").first();
      if ((await slider.count()) === 0) {
        await page.close();
        continue;
      }
      tried = true;
      const visible = () =>
        slider.evaluate((el) => (el as unknown as { data: { visible?: boolean }[] }).data.map((t) => t.visible !== false));
      const before = await visible();
      // click the far right of the slider's rail: the last precomputed run
      await slider.scrollIntoViewIfNeeded();
      const box = await slider.locator(".slider-rail-touch-rect").first().boundingBox();
      expect(box, `${lesson.html}: no slider rail`).not.toBeNull();
      await page.mouse.click(box!.x + box!.width - 2, box!.y + box!.height / 2);
      await page.waitForTimeout(500);
      const after = await visible();
      expect(after, `${lesson.html}: the slider did not change which run is shown`).not.toEqual(before);
      await slider.screenshot({ path: join(SCREENSHOTS, `${lesson.stem}-slider-moved.png`) });
      await page.close();
      break;
    }
    if (!tried) console.warn("No lesson page has a slider figure yet; the slider check did not run.");
  }, 5 * 60_000);
});
