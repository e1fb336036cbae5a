// The "playground frame" row: in headless Chromium, the playground page with 4 optimizers × 1000 steps on
// Rosenbrock; each frame moves optimizer 1's learning-rate slider to a new value and times, in the page
// (performance.now), the recompute of every run by the bundled library plus Plotly's redraw. A second
// number times the recompute alone, to show where a frame's time goes.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { playgroundPage } from "@optlab/lib";
import type { Spread } from "./stats";

/** What the playground row records. */
export interface PlaygroundResult {
  /** Milliseconds per frame: recompute 4 × 1000 steps and redraw. */
  frame: Spread;
  /** Milliseconds per recompute alone (no drawing). */
  compute: Spread;
  pageBytes: number;
  browser: string;
}

/** Median, min and max of samples. */
function spreadOf(samples: number[]): Spread {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], samples: s.length };
}

const HASH = "p=rosenbrock&n=1000&o1=adam&lr1=0.01&o2=sgd&lr2=0.001&momentum2=0.9&o3=rmsprop&lr3=0.003&o4=adagrad&lr4=0.5";

/** Runs `frames` timed frames (after 5 untimed ones) in headless Chromium. */
export async function benchPlayground(frames: number): Promise<PlaygroundResult> {
  const dir = mkdtempSync(join(tmpdir(), "optlab-bench-playground-"));
  const file = join(dir, "playground.html");
  writeFileSync(file, playgroundPage());
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    await page.goto(`${pathToFileURL(file).href}#${HASH}`);
    await page.waitForFunction(`(() => { const c = document.getElementById("playground").optlabExplore; return c && c.renders > 0 && !c.pending() && document.querySelector("#playground .main-svg"); })()`);
    const timings = (await page.evaluate(`(async () => {
      const root = document.getElementById("playground"); const c = root.optlabExplore;
      const slider = root.querySelector('fieldset[data-index="0"] input[type=range]');
      const nextFrame = () => new Promise((done) => requestAnimationFrame(() => done()));
      const frame = [], compute = [];
      for (let k = 0; k < ${frames} + 5; k++) {
        slider.value = String(500 + (k % 40) * 5);
        slider.dispatchEvent(new Event("input"));
        await nextFrame(); await nextFrame(); // the frame the slider queued has run
        const t0 = performance.now();
        await c.redraw();
        const t1 = performance.now();
        window.OptLab.runPlayground(c.state());
        const t2 = performance.now();
        if (k >= 5) { frame.push(t1 - t0); compute.push(t2 - t1); }
      }
      return { frame, compute, runs: c.state().optimizers.length, steps: c.state().steps };
    })()`)) as { frame: number[]; compute: number[]; runs: number; steps: number };
    if (timings.runs !== 4 || timings.steps !== 1000) throw new Error(`bench playground: the page runs ${timings.runs} optimizers × ${timings.steps} steps, not 4 × 1000`);
    return { frame: spreadOf(timings.frame), compute: spreadOf(timings.compute), pageBytes: statSync(file).size, browser: `Chromium ${browser.version()}` };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
