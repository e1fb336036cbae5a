// The optimizer playground, in a real browser (Debian's Chromium through playwright-core) from file:// with
// every network request blocked: the paths it plots are the ones `minimize` gives in Node with the same
// settings, bit for bit; controls, a click on the contour and the URL hash change them as they say; bad
// input is clamped or refused with a visible message and nothing reaches the console. In Node: explore()
// refuses bad settings with a message that names the option, the value and its range.
//
// The paths match to the last bit because the library computes its few elementary functions (β^t, a
// cosine schedule's cos, the test problems' exp and tanh) with lib/exact-math.ts, not with the engine's
// Math.pow, exp and cos, which differ in the last bit between Node 20 and Chromium for about 10% of
// arguments; +, −, ×, ÷ and √ are exact IEEE operations in both. A test below checks that a playground run
// calls none of the engine's elementary functions.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Adafactor, Adam, Adamax, AdamW, cosineAnnealing, defaultOptimizer, PLAYGROUND_OPTIMIZERS, PLAYGROUND_PROBLEMS, PLAYGROUND_SCHEDULES, runPlayground, himmelblau, Lion, Muon, NAdam, RAdam, defaultState, explore, libraryScript, minimize, playgroundPage, rosenbrock, beale, ravine, RMSProp, SGD, setOutputSink,
  stateFromHash, stateToHash, type MinimizeResult,
} from "@optlab/lib";
import { launchChromium, SCREENSHOTS } from "./runtime-helpers";

/** What the figure plots for optimizer i (1-based): the x and y of its path trace, as the figure drew it (its controller's data()). */
interface Plotted {
  x: number[];
  y: number[];
}

const xsOf = (r: MinimizeResult): Plotted => ({ x: r.path.map((p) => p[0]), y: r.path.map((p) => p[1]) });

/** The path Node's minimize gives. */
const nodePath = (run: () => MinimizeResult): Plotted => xsOf(run());

/** The engine's elementary functions, whose last bit differs between JavaScript engines. */
const ELEMENTARY = ["pow", "exp", "expm1", "log", "log1p", "log2", "log10", "sin", "cos", "tan", "tanh", "sinh", "cosh", "atan", "atan2", "asin", "acos", "cbrt", "hypot"] as const;

describe("explore() in the kernel", () => {
  it("refuses bad settings, naming the option, the value and the range", () => {
    expect(() => explore({ problem: "banana" })).toThrow(/problem = "banana"; expected one of rosenbrock, ravine/);
    expect(() => explore({ steps: 0 })).toThrow(/invalid steps = 0; expected an integer in \[1, 5000\]/);
    expect(() => explore({ optimizers: [{ type: "adam", lr: 50 }] })).toThrow("explore: invalid optimizers[0].lr = 50; expected a finite number in [0.00001, 10]");
    expect(() => explore({ optimizers: [{ type: "sgd", lr: 0.1, nesterov: true }] })).toThrow(/nesterov = true needs momentum > 0/);
    expect(() => explore({ optimizers: [{ type: "sgd", lr: 0.1, betas: [0.9, 0.9] }] })).toThrow(/sets "betas", which the playground's sgd has no control for/);
    expect(() => explore({ optimizers: [] })).toThrow(/1 to 4 optimizers, got 0/);
    expect(() => explore({ clipNorm: -1 })).toThrow(/invalid clipNorm = -1/);
  });

  it("runs every optimizer, schedule and problem of the playground without the engine's elementary functions", () => {
    const calls: string[] = [];
    const math = Math as unknown as Record<string, (...a: number[]) => number>;
    const original = Object.fromEntries(ELEMENTARY.map((name) => [name, math[name]]));
    for (const name of ELEMENTARY) math[name] = (...a: number[]) => { calls.push(name); return original[name](...a); };
    try {
      for (const problem of Object.keys(PLAYGROUND_PROBLEMS)) {
        for (const schedule of PLAYGROUND_SCHEDULES) {
          const state = { ...defaultState(), problem, schedule, clipNorm: 1, steps: 50, optimizers: Object.keys(PLAYGROUND_OPTIMIZERS).map(defaultOptimizer) };
          state.start = [...PLAYGROUND_PROBLEMS[problem].problem.start] as [number, number];
          for (let i = 0; i < state.optimizers.length; i += 4) {
            const { runs } = runPlayground({ ...state, optimizers: state.optimizers.slice(i, i + 4) });
            for (const run of runs) expect(run.error, `${problem}, ${schedule}: ${run.label}`).toBeNull();
          }
        }
      }
    } finally {
      Object.assign(Math, original);
    }
    expect([...new Set(calls)]).toEqual([]);
  });

  it("sends plotly.js and the library with the first live figure only", () => {
    const out: string[] = [];
    setOutputSink({ html: (h) => out.push(h) });
    try {
      explore({ problem: "ravine", optimizers: [{ type: "sgd", lr: 0.9, momentum: 0.5 }], steps: 60 });
      explore({ problem: "ravine", optimizers: [{ type: "sgd", lr: 0.9 }], steps: 60 });
    } finally {
      setOutputSink(null);
    }
    expect(out).toHaveLength(2);
    expect(out[0]).toContain("window.OptLab = OptLab");
    expect(out[0]).toContain("if (window.Plotly) return;");
    expect(out[1]).not.toContain("window.OptLab = OptLab");
    expect(out[1]).not.toContain("if (window.Plotly) return;");
    expect(out[1].length).toBeLessThan(5000);
    // nothing inside the library's <script> closes it early
    const script = libraryScript();
    expect(script.startsWith('<script type="text/javascript">')).toBe(true);
    expect(script.slice(script.indexOf(">") + 1, script.lastIndexOf("</script>"))).not.toMatch(/<\/script|<!--/i);
  });

  it("reads a hash back to the state it was written from, and reports every malformed part", () => {
    const state = defaultState();
    state.optimizers[1].values.beta1 = 0.5;
    state.clipNorm = 3;
    expect(stateFromHash(`#${stateToHash(state)}`, defaultState())).toEqual({ state, messages: [] });
    const bad = stateFromHash("#p=nope&n=-5&lr1=abc&o2=adadelta&zz=1&x0=1e9", defaultState());
    expect(bad.messages).toEqual([
      'p = "nope" is not a problem of the playground; expected one of rosenbrock, ravine, saddle, pathological, himmelblau, beale; kept rosenbrock',
      "n (steps) = -5 is outside an integer in [1, 5000]; set to 1",
      "x0 = 1e9 is outside a finite number in [-1000, 1000]; set to 1000",
      'o2 = "adadelta" is not an optimizer of the playground; expected one of sgd, adam, adamw, rmsprop, adagrad, nadam, radam, adamax, lion, adafactor, muon; left out',
      'the link\'s key "lr1" means nothing to the playground; ignored',
      'the link\'s key "zz" means nothing to the playground; ignored',
    ]);
    expect(bad.state.steps).toBe(1);
    expect(bad.state.start[0]).toBe(1000);
  });
});

describe("the playground page in Chromium, offline from file://", () => {
  let browser: Browser;
  let dir = "";
  let pageUrl = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "optlab-playground-"));
    writeFileSync(join(dir, "playground.html"), playgroundPage());
    pageUrl = pathToFileURL(join(dir, "playground.html")).href;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the page with every request but the page itself refused, recording page errors, console errors and refused requests. */
  async function open(url: string): Promise<{ page: Page; errors: string[]; external: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const errors: string[] = [];
    const external: string[] = [];
    page.on("pageerror", (e) => errors.push(`page error: ${String(e)}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`console ${m.type()}: ${m.text()}`);
    });
    await page.route("**/*", (route) => {
      const u = route.request().url();
      if (u.split("#")[0] === pageUrl || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
      external.push(u);
      return route.abort();
    });
    await page.goto(url, { waitUntil: "load" });
    await waitDrawn(page);
    return { page, errors, external };
  }

  /** Waits until the figure has drawn and no recompute is queued. */
  async function waitDrawn(page: Page): Promise<void> {
    await page.waitForFunction(`(() => { const c = document.getElementById("playground").optlabExplore; return c && c.renders > 0 && !c.pending() && document.querySelector("#playground .main-svg"); })()`, undefined, { timeout: 60_000 });
    await page.evaluate(`document.getElementById("playground").optlabExplore.redraw()`);
  }

  async function plotted(page: Page, i: number): Promise<Plotted> {
    return (await page.evaluate(`(() => { const t = document.getElementById("playground").optlabExplore.data().find((d) => d.uid === "path-${i}"); return t ? { x: t.x, y: t.y } : null; })()`)) as Plotted;
  }

  const messages = (page: Page) => page.locator("#playground .optlab-explore-message").textContent();
  const optimizerBox = (page: Page, i: number) => page.locator(`#playground fieldset.optlab-explore-optimizer[data-index="${i - 1}"]`);

  /** Types an exact value into a control's number box and commits it, as a learner does. */
  async function type(page: Page, scope: ReturnType<Page["locator"]>, label: string, value: string): Promise<void> {
    await scope.getByLabel(`${label} (exact value)`, { exact: true }).fill(value);
    await scope.getByLabel(`${label} (exact value)`, { exact: true }).press("Enter");
    await scope.getByLabel(`${label} (exact value)`, { exact: true }).blur();
    await waitDrawn(page);
  }

  it("plots minimize's paths bit for bit, through the controls, the contour and a reload from the URL", async () => {
    const { page, errors, external } = await open(`${pageUrl}#p=rosenbrock&n=1000&o1=adam&lr1=0.01&o2=sgd&lr2=0.001&momentum2=0.9`);
    expect(await messages(page)).toBe("");
    // the opening runs, from the link
    expect(await plotted(page, 1)).toEqual(nodePath(() => minimize(rosenbrock, new Adam({ lr: 0.01 }), { steps: 1000 })));
    expect(await plotted(page, 2)).toEqual(nodePath(() => minimize(rosenbrock, new SGD({ lr: 0.001, momentum: 0.9 }), { steps: 1000 })));
    expect(await plotted(page, 3)).toBeNull();

    // controls: switch optimizer 2 to RMSProp, set its values, add a third (AdamW); a cosine schedule and clipping at 5
    await optimizerBox(page, 2).getByLabel("type").selectOption("rmsprop");
    await waitDrawn(page);
    await type(page, optimizerBox(page, 2), "learning rate η", "0.003");
    await type(page, optimizerBox(page, 2), "α", "0.9");
    await optimizerBox(page, 2).getByLabel("centered").check();
    await page.locator('#playground [data-action="add"]').click();
    await waitDrawn(page);
    await optimizerBox(page, 3).getByLabel("type").selectOption("adamw");
    await waitDrawn(page);
    await type(page, optimizerBox(page, 3), "learning rate η", "0.02");
    await type(page, optimizerBox(page, 3), "β₂", "0.99");
    await page.locator("#playground").getByLabel("schedule").selectOption("cosine");
    await page.locator("#playground").getByLabel("clip the gradient norm").check();
    await type(page, page.locator("#playground .optlab-explore-general"), "max norm", "5");
    await type(page, page.locator("#playground .optlab-explore-general"), "steps", "700");
    expect(await messages(page)).toBe("");
    const settings = { steps: 700, clipNorm: 5 };
    const cos = (lr: number) => cosineAnnealing({ lr, tMax: 700 });
    const expected1 = nodePath(() => minimize(rosenbrock, new Adam({ lr: 0.01 }), { ...settings, schedule: cos(0.01) }));
    const expected2 = nodePath(() => minimize(rosenbrock, new RMSProp({ lr: 0.003, alpha: 0.9, centered: true }), { ...settings, schedule: cos(0.003) }));
    const expected3 = nodePath(() => minimize(rosenbrock, new AdamW({ lr: 0.02, betas: [0.9, 0.99] }), { ...settings, schedule: cos(0.02) }));
    expect(await plotted(page, 1)).toEqual(expected1);
    expect(await plotted(page, 2)).toEqual(expected2);
    expect(await plotted(page, 3)).toEqual(expected3);

    // a click on the contour moves every start there
    const area = page.locator('#playground .optlab-explore-plot .nsewdrag[data-subplot="xy"]');
    await area.scrollIntoViewIfNeeded();
    const box = await area.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.click(box!.x + box!.width * 0.25, box!.y + box!.height * 0.75);
    await waitDrawn(page);
    const clicked = await plotted(page, 1);
    const start: [number, number] = [clicked.x[0], clicked.y[0]];
    // Rosenbrock's window is [-2, 2] × [-1, 3]: a quarter across and three quarters down is near (-1, 0)
    expect(start[0]).toBeCloseTo(-1, 1);
    expect(start[1]).toBeCloseTo(0, 1);
    expect(start).not.toEqual([-1, 1]);
    expect(clicked).toEqual(nodePath(() => minimize(rosenbrock, new Adam({ lr: 0.01 }), { ...settings, start, schedule: cos(0.01) })));
    expect(await plotted(page, 3)).toEqual(nodePath(() => minimize(rosenbrock, new AdamW({ lr: 0.02, betas: [0.9, 0.99] }), { ...settings, start, schedule: cos(0.02) })));
    await page.screenshot({ path: join(SCREENSHOTS, "playground.png"), fullPage: true });

    // the URL now holds the whole state (written 200 ms after the last change): a fresh page from it draws the same figure
    await page.waitForFunction(`location.hash.slice(1) === window.OptLab.stateToHash(document.getElementById("playground").optlabExplore.state())`);
    const url = page.url();
    expect(url).toContain("sched=cosine");
    expect(url).toContain("clip=5");
    const before = [await plotted(page, 1), await plotted(page, 2), await plotted(page, 3)];
    const again = await open(url);
    expect([await plotted(again.page, 1), await plotted(again.page, 2), await plotted(again.page, 3)]).toEqual(before);
    expect(again.errors).toEqual([]);
    expect(again.external).toEqual([]);
    await again.page.close();

    // another problem from the picker
    await page.locator("#playground").getByLabel("problem").selectOption("beale");
    await waitDrawn(page);
    expect(await plotted(page, 1)).toEqual(nodePath(() => minimize(beale, new Adam({ lr: 0.01 }), { ...settings, schedule: cos(0.01) })));
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 180_000);

  it("clamps or refuses bad typed values and a malformed hash with a visible message, and nothing reaches the console", async () => {
    const { page, errors, external } = await open(`${pageUrl}#p=ravine&n=abc&o1=sgd&lr1=0.9&momentum1=1.5&o2=nope&%E0%A4%A=1`);
    const shown = await messages(page);
    expect(shown).toContain('n (steps) = "abc" is not a number; expected an integer in [1, 5000]; kept 1000');
    expect(shown).toContain("momentum1 = 1.5 is outside a finite number in [0, 0.999]; set to 0.999");
    expect(shown).toContain('o2 = "nope" is not an optimizer of the playground');
    expect(shown).toContain("malformed part");
    expect(await page.locator("#playground .optlab-explore-message").isVisible()).toBe(true);
    const valley = ravine(0.1, 2);
    expect(await plotted(page, 1)).toEqual(nodePath(() => minimize(valley, new SGD({ lr: 0.9, momentum: 0.999 }), { steps: 1000 })));

    await type(page, optimizerBox(page, 1), "learning rate η", "1e9");
    expect(await messages(page)).toContain("learning rate η = 1e9 is outside a finite number in [0.00001, 10]; set to 10");
    expect(await optimizerBox(page, 1).getByLabel("learning rate η (exact value)", { exact: true }).inputValue()).toBe("10");
    await type(page, optimizerBox(page, 1), "learning rate η", "fast");
    expect(await messages(page)).toContain('learning rate η = "fast" is not a number; expected a finite number in [0.00001, 10]; kept 10');
    // lr 10 on the ravine diverges: the run stops with minimize's own message, shown, not thrown
    expect(await messages(page)).not.toContain("could not be drawn");
    await type(page, optimizerBox(page, 1), "momentum μ", "0");
    const diverged = minimize(valley, new SGD({ lr: 10 }), { steps: 1000 });
    expect(await messages(page)).toContain(`run 1 (1: SGD) stopped: ${diverged.failure?.message}`);
    // drawn up to the last point within the plane (|x|, |y| <= 1e6), each one minimize's
    const far = diverged.path.findIndex((p) => Math.abs(p[0]) > 1e6 || Math.abs(p[1]) > 1e6);
    expect(far).toBeGreaterThan(1);
    expect(await messages(page)).toContain(`left the plane (|x| or |y| > 1000000) at step ${far}; drawn up to step ${far - 1}`);
    expect(await plotted(page, 1)).toEqual({ x: xsOf(diverged).x.slice(0, far), y: xsOf(diverged).y.slice(0, far) });
    // Nesterov without momentum: the optimizer refuses, the figure says so
    await optimizerBox(page, 1).getByLabel("Nesterov").check();
    await waitDrawn(page);
    expect(await messages(page)).toContain("nesterov = true needs momentum > 0");
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 120_000);

  it("merges a burst of slider events into one recompute, and steps through a run with arrows", async () => {
    const { page, errors } = await open(`${pageUrl}#p=rosenbrock&n=1000&o1=sgd&lr1=0.001&momentum1=0.9`);
    const result = (await page.evaluate(`(() => {
      const root = document.getElementById("playground"); const c = root.optlabExplore;
      const slider = root.querySelector('fieldset[data-index="0"] input[type=range][aria-label="momentum μ"]');
      const before = c.renders; const pendingSeen = [];
      for (let k = 0; k < 200; k++) { slider.value = String(0.5 + k / 1000); slider.dispatchEvent(new Event("input")); pendingSeen.push(c.pending()); }
      return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done({ added: c.renders - before, pendingSeen: pendingSeen.every(Boolean), momentum: c.state().optimizers[0].values.momentum }))));
    })()`)) as { added: number; pendingSeen: boolean; momentum: number };
    expect(result).toEqual({ added: 1, pendingSeen: true, momentum: 0.699 });
    await waitDrawn(page);
    expect(await plotted(page, 1)).toEqual(nodePath(() => minimize(rosenbrock, new SGD({ lr: 0.001, momentum: 0.699 }), { steps: 1000 })));
    // after a frame drawn by the canvas alone, the figure's Plotly data holds the same path (as a trace Plotly does not draw)
    const held = await page.evaluate(`(() => { const t = document.querySelector("#playground .optlab-explore-plot").data.find((d) => d.uid === "path-1"); return { x: t.x, y: t.y, visible: t.visible }; })()`);
    expect(held).toEqual({ ...(await plotted(page, 1)), visible: false });

    // a drag of 60 frames, one slider event per frame: one recompute each, and the URL written once, after it
    const drag = (await page.evaluate(`(async () => {
      const root = document.getElementById("playground"); const c = root.optlabExplore;
      const slider = root.querySelector('fieldset[data-index="0"] input[type=range][aria-label="momentum μ"]');
      const before = c.renders;
      for (let k = 0; k < 60; k++) {
        slider.value = String(0.8 + k / 1000); slider.dispatchEvent(new Event("input"));
        await new Promise((done) => requestAnimationFrame(() => done()));
      }
      await new Promise((done) => setTimeout(done, 400));
      return { added: c.renders - before, hash: location.hash.includes("momentum1=0.859") };
    })()`)) as { added: number; hash: boolean };
    expect(drag.added).toBeLessThanOrEqual(60);
    expect(drag.added).toBeGreaterThan(0);
    expect(drag.hash).toBe(true);
    await page.getByLabel("momentum μ (exact value)", { exact: true }).fill("0.699");
    await page.getByLabel("momentum μ (exact value)", { exact: true }).press("Enter");
    await waitDrawn(page);

    for (let k = 0; k < 3; k++) {
      await page.locator('#playground [data-action="step"]').click();
      await waitDrawn(page);
    }
    const shown = await plotted(page, 1);
    const full = xsOf(minimize(rosenbrock, new SGD({ lr: 0.001, momentum: 0.699 }), { steps: 1000 }));
    expect(shown).toEqual({ x: full.x.slice(0, 3), y: full.y.slice(0, 3) });
    const notes = (await page.evaluate(`document.querySelector("#playground .optlab-explore-plot").layout.annotations.map((a) => a.text.split(" ").slice(0, -1).join(" "))`)) as string[];
    expect(notes).toEqual(["−∇f", "−b (momentum buffer)", "step Δθ"]);
    expect(await page.locator("#playground .optlab-explore-step").textContent()).toBe("step 2 of 1000");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("runs every optimizer of the library, each with its own options, as minimize does in Node", async () => {
    const { page, errors, external } = await open(
      `${pageUrl}#p=himmelblau&n=400&o1=nadam&lr1=0.05&momentumDecay1=0.01&o2=radam&lr2=0.1&decoupledWeightDecay2=1&weightDecay2=0.1&o3=adamax&lr3=0.1&beta2_3=0.99&o4=lion&lr4=0.01&beta1_4=0.95`,
    );
    expect(await messages(page)).toBe("");
    const steps = { steps: 400 };
    expect(await plotted(page, 1)).toEqual(nodePath(() => minimize(himmelblau, new NAdam({ lr: 0.05, momentumDecay: 0.01 }), steps)));
    expect(await plotted(page, 2)).toEqual(nodePath(() => minimize(himmelblau, new RAdam({ lr: 0.1, weightDecay: 0.1, decoupledWeightDecay: true }), steps)));
    expect(await plotted(page, 3)).toEqual(nodePath(() => minimize(himmelblau, new Adamax({ lr: 0.1, betas: [0.9, 0.99] }), steps)));
    expect(await plotted(page, 4)).toEqual(nodePath(() => minimize(himmelblau, new Lion({ lr: 0.01, betas: [0.95, 0.99] }), steps)));
    // Adafactor on the point as a vector, Muon on it as a 1 × 2 matrix
    await optimizerBox(page, 1).getByLabel("type").selectOption("adafactor");
    await waitDrawn(page);
    await type(page, optimizerBox(page, 1), "clipping threshold d", "2");
    await optimizerBox(page, 2).getByLabel("type").selectOption("muon");
    await waitDrawn(page);
    await type(page, optimizerBox(page, 2), "Newton–Schulz steps", "3");
    await optimizerBox(page, 2).getByLabel("Nesterov").uncheck();
    await waitDrawn(page);
    expect(await messages(page)).toBe("");
    // switching the rule keeps the learning rate
    expect(await plotted(page, 1)).toEqual(nodePath(() => minimize(himmelblau, new Adafactor({ lr: 0.05, d: 2 }), steps)));
    expect(await plotted(page, 2)).toEqual(nodePath(() => minimize(himmelblau, new Muon({ lr: 0.1, nsSteps: 3, nesterov: false, shape: [1, 2] }), steps)));
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 120_000);

  it("draws each path on the canvas over the contour, and draws it again when the window is resized", async () => {
    const { page, errors } = await open(`${pageUrl}#p=rosenbrock&n=300&o1=sgd&lr1=0.001&momentum1=0.9`);
    /** The canvas's colour at path point k of run 1 and at a point the path never nears, and the canvas's width in CSS pixels. */
    const sample = (k: number) => page.evaluate(`(() => {
      const root = document.getElementById("playground");
      const plot = root.querySelector(".optlab-explore-plot"); const canvas = root.querySelector("canvas.optlab-explore-paths");
      const { xaxis, yaxis } = plot._fullLayout; const path = root.optlabExplore.data().find((d) => d.uid === "path-1");
      const at = (x, y) => [xaxis._offset + (x - xaxis.range[0]) / (xaxis.range[1] - xaxis.range[0]) * xaxis._length,
                            yaxis._offset + (yaxis.range[1] - y) / (yaxis.range[1] - yaxis.range[0]) * yaxis._length];
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      // read from a copy made for reading (reading the figure's own canvas twice makes Chromium warn)
      const copy = document.createElement("canvas"); copy.width = canvas.width; copy.height = canvas.height;
      const reader = copy.getContext("2d", { willReadFrequently: true }); reader.drawImage(canvas, 0, 0);
      const pixel = ([u, v]) => Array.from(reader.getImageData(Math.round(u * ratio), Math.round(v * ratio), 1, 1).data);
      return { onPath: pixel(at(path.x[${k}], path.y[${k}])), away: pixel(at(1.9, -0.9)), width: canvas.getBoundingClientRect().width, figure: plot._fullLayout.width };
    })()`) as Promise<{ onPath: number[]; away: number[]; width: number; figure: number }>;
    /** The first colour of the palette, #1f77b4, mostly opaque (a 2-pixel line, anti-aliased, rarely covers a pixel fully). */
    const isBlue = ([r, g, b, a]: number[]) => Math.abs(r - 0x1f) <= 2 && Math.abs(g - 0x77) <= 2 && Math.abs(b - 0xb4) <= 2 && a >= 128;
    const before = await sample(150);
    expect(before.onPath, `canvas colour ${before.onPath}`).toSatisfy(isBlue);
    expect(before.away[3]).toBe(0); // transparent: the contour shows through
    expect(before.width).toBe(before.figure);
    // the start sliders reach across the plotted window, [-2, 2] × [-1, 3]; the boxes take any value in [-1000, 1000]
    const reach = (label: string) => page.getByLabel(label, { exact: true }).evaluate((el) => [(el as HTMLInputElement).min, (el as HTMLInputElement).max]);
    expect([await reach("start x"), await reach("start y")]).toEqual([["-2", "2"], ["-1", "3"]]);
    // hovering the path names the run and step under the pointer, with the point's coordinates
    const point = (await page.evaluate(`(() => { const root = document.getElementById("playground"); const plot = root.querySelector(".optlab-explore-plot");
      const { xaxis, yaxis } = plot._fullLayout; const path = root.optlabExplore.data().find((d) => d.uid === "path-1"); const box = plot.getBoundingClientRect();
      return { u: box.left + xaxis._offset + (path.x[20] - xaxis.range[0]) / (xaxis.range[1] - xaxis.range[0]) * xaxis._length,
               v: box.top + yaxis._offset + (yaxis.range[1] - path.y[20]) / (yaxis.range[1] - yaxis.range[0]) * yaxis._length, x: path.x[20], y: path.y[20] }; })()`)) as { u: number; v: number; x: number; y: number };
    await page.mouse.move(point.u, point.v);
    const readout = (await page.locator("#playground .optlab-explore-readout").textContent()) ?? "";
    const read = /^1: SGD, step (\d+): x = (\S+), y = (\S+), loss /.exec(readout);
    expect(read, readout).not.toBeNull();
    expect(Number(read![2])).toBeCloseTo(point.x, 2);
    expect(Number(read![3])).toBeCloseTo(point.y, 2);
    await page.setViewportSize({ width: 900, height: 1000 });
    await page.waitForFunction(`document.querySelector("#playground .optlab-explore-plot")._fullLayout.width < 900`);
    await page.waitForTimeout(300);
    const after = await sample(150);
    expect(after.width).toBe(after.figure);
    expect(after.width).toBeLessThan(before.width);
    expect(after.onPath, `canvas colour ${after.onPath}`).toSatisfy(isBlue);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("stays under 5 MB with plotly.js and the library inside", () => {
    expect(statSync(join(dir, "playground.html")).size).toBeLessThan(5_000_000);
  });
});
