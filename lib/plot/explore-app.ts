/// <reference lib="dom" />
// The live playground figure, in the browser: controls on top, the loss contour with every optimizer's path
// and a loss curve beside it, all recomputed by the library's own minimize() whenever a control moves.
// Bundled by esbuild (lib/plot/bundle.ts) with the rest of the library; never imported by Node code.
// Every handler catches what it raises and shows it in the figure's message line, so nothing reaches
// the console; a burst of slider events schedules one recompute per animation frame at most.
import type { Optimizer } from "../optimizers/optimizer";
import { PALETTE, sampleGrid, logGrid } from "./common";
import {
  checkTyped, CLIP_RANGE, defaultOptimizer, MAX_OPTIMIZERS, PLAYGROUND_OPTIMIZERS, PLAYGROUND_PROBLEMS, PLAYGROUND_SCHEDULES, runPlayground,
  runLabel, stateFromHash, stateToHash, START_RANGE, STEPS_RANGE, type ControlSpec, type PlaygroundRun, type PlaygroundState, type ScheduleKind,
} from "./playground";
import { drawRuns, pointAt, type DrawnRun, type PlacedLayout } from "./path-canvas";
import type { Window } from "./types";

/** The part of plotly.js the figure uses. */
interface PlotlyApi {
  react(el: HTMLElement, data: unknown[], layout: unknown, config: unknown): Promise<unknown>;
}

/** A figure element once Plotly has drawn into it: its traces, its laid-out axes and its event hook. */
interface PlottedElement extends HTMLElement {
  data?: { uid?: string; x?: unknown; y?: unknown }[];
  _fullLayout?: PlacedLayout;
  on?: (event: string, handler: () => void) => void;
}

/** One curve of the figure as drawn: an optimizer's path (uid path-i) or its loss against the step (uid loss-i), i from 1. */
export interface DrawnTrace {
  uid: string;
  x: number[];
  y: number[];
}

/** What mount() puts on the figure's element, for tests and the benchmark. */
export interface ExploreController {
  /** The current state (a copy). */
  state(): PlaygroundState;
  /** How many recomputes have run, and whether one is queued for the next animation frame. */
  renders: number;
  pending(): boolean;
  /** The figure's curves as last drawn, one path and one loss curve per optimizer that ran. */
  data(): DrawnTrace[];
  /** Recomputes and redraws now; resolves when the figure has drawn. */
  redraw(): Promise<void>;
  /** Replaces the state (as from a hash) and redraws. */
  setHash(hash: string): Promise<void>;
}

/** Options of {@link mount}. */
export interface MountOptions {
  state: PlaygroundState;
  title: string;
  /** Keep the state in the page URL's hash and read it from there on load (the playground page; not lessons, where several figures share a page). */
  urlHash: boolean;
}

const LOG_SLIDER_STEPS = 1000;
/** Coordinates beyond this are not drawn: the path has diverged, and its next points would only be a line off the figure. */
const FAR = 1e6;

/** A trace with no points on the loss subplot: Plotly lays out (and so draws) only the subplots that hold a trace. */
const LOSS_AXES = { type: "scatter", mode: "lines", x: [], y: [], xaxis: "x2", yaxis: "y2", showlegend: false, hoverinfo: "skip" };

/** Three significant digits: what a slider position means (typed values are kept exactly). */
const round3 = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(3)));

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== "") e.textContent = text;
  return e;
}

/** Slider position ↔ value: linear, or logarithmic for rates that span decades. */
function toSlider(c: { min: number; max: number; log: boolean }, v: number): number {
  if (!c.log) return v;
  return Math.round((LOG_SLIDER_STEPS * Math.log(v / c.min)) / Math.log(c.max / c.min));
}
function fromSlider(c: { min: number; max: number; log: boolean }, pos: number): number {
  if (!c.log) return round3(pos);
  return round3(c.min * Math.pow(c.max / c.min, pos / LOG_SLIDER_STEPS));
}

/** Draws a live playground figure into `root`; returns its controller (also at root.optlabExplore). */
export function mount(root: HTMLElement, options: MountOptions): ExploreController {
  const plotly = (window as unknown as { Plotly?: PlotlyApi }).Plotly;
  let state: PlaygroundState = options.state;
  const messages = element("div", { class: "optlab-explore-message", role: "status", style: "color:#b00020; font: 13px sans-serif; min-height: 1.2em; white-space: pre-wrap;" });
  const controls = element("div", { class: "optlab-explore-controls", style: "font: 13px sans-serif; display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: flex-start;" });
  const share = element("div", { class: "optlab-explore-share", style: "font: 12px monospace; color: #555; overflow-wrap: anywhere;" });
  const legend = element("div", { class: "optlab-explore-legend", style: "font: 13px sans-serif; margin-top: 4px;" });
  // the canvas lies over Plotly's figure and lets every pointer event through to it (a click sets the start)
  const stack = element("div", { style: "position: relative;" });
  const plot: PlottedElement = element("div", { class: "optlab-explore-plot", style: "width: 100%; height: 560px;" });
  const canvas = element("canvas", { class: "optlab-explore-paths", style: "position: absolute; left: 0; top: 0; pointer-events: none;" });
  stack.append(plot, canvas);
  root.innerHTML = "";
  const readout = element("div", { class: "optlab-explore-readout", style: "font: 12px monospace; min-height: 1.3em;" });
  root.append(controls, messages, legend, stack, readout, share);
  const controller: ExploreController = {
    state: () => JSON.parse(JSON.stringify(state)) as PlaygroundState,
    renders: 0,
    pending: () => frame !== 0,
    data: () => drawnTraces(),
    redraw: () => render(),
    setHash: (hash: string) => {
      const read = stateFromHash(hash, state);
      state = read.state;
      say(read.messages);
      buildControls();
      return render();
    },
  };
  (root as HTMLElement & { optlabExplore?: ExploreController }).optlabExplore = controller;
  let frame = 0;
  /** Step-through mode: the step shown (null: the whole run), and the animation timer. */
  let shownStep: number | null = null;
  let timer = 0;
  let notes: string[] = [];

  function say(lines: string[]): void {
    notes = lines;
    messages.textContent = lines.join("\n");
  }
  function warn(line: string): void {
    say([...notes, line]);
  }
  /** Runs `f`, turning anything it throws into a visible message. */
  function guarded(f: () => void): void {
    try {
      f();
    } catch (e) {
      warn(e instanceof Error ? e.message : String(e));
    }
  }
  /** Queues one recompute for the next animation frame; further requests before it runs are merged into it. */
  function requestRender(): void {
    if (frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      void render();
    });
  }

  /**
   * A slider and a number box for one numeric value; `set` receives each accepted value. The box takes any
   * value in [min, max]; the slider spans `slide` when given (a narrower reach, e.g. the plotted window).
   */
  function numberControl(label: string, spec: { min: number; max: number; log: boolean; integer?: boolean; slide?: readonly [number, number] }, value: number, set: (v: number) => void): HTMLElement {
    const box = element("label", { style: "display: flex; align-items: center; gap: 6px;" });
    const [low, high] = spec.log ? [0, LOG_SLIDER_STEPS] : spec.slide ?? [spec.min, spec.max];
    const slider = element("input", { type: "range", min: String(low), max: String(high), step: spec.log || spec.integer ? "1" : "any", "aria-label": label });
    const typed = element("input", { type: "text", inputmode: "decimal", size: "8", "aria-label": `${label} (exact value)` });
    slider.value = String(toSlider(spec, value));
    typed.value = String(value);
    slider.addEventListener("input", () =>
      guarded(() => {
        const v = spec.integer ? Math.round(Number(slider.value)) : fromSlider(spec, Number(slider.value));
        typed.value = String(v);
        value = v;
        set(v);
        requestRender();
      }),
    );
    typed.addEventListener("change", () =>
      guarded(() => {
        const checked = checkTyped(label, typed.value, spec, value);
        say(checked.message === null ? [] : [checked.message]);
        value = checked.value;
        typed.value = String(checked.value);
        slider.value = String(toSlider(spec, checked.value));
        set(checked.value);
        requestRender();
      }),
    );
    box.append(element("span", {}, label), slider, typed);
    return box;
  }

  function flagControl(label: string, value: boolean, set: (v: boolean) => void): HTMLElement {
    const box = element("label", { style: "display: flex; align-items: center; gap: 6px;" });
    const input = element("input", { type: "checkbox", "aria-label": label });
    input.checked = value;
    input.addEventListener("change", () => guarded(() => {
      set(input.checked);
      requestRender();
    }));
    box.append(input, element("span", {}, label));
    return box;
  }

  function select(label: string, choices: readonly [string, string][], value: string, set: (v: string) => void): HTMLElement {
    const box = element("label", { style: "display: flex; align-items: center; gap: 6px;" });
    const s = element("select", { "aria-label": label });
    for (const [key, text] of choices) {
      const o = element("option", { value: key }, text);
      if (key === value) o.selected = true;
      s.append(o);
    }
    s.addEventListener("change", () => guarded(() => set(s.value)));
    box.append(element("span", {}, label), s);
    return box;
  }

  function button(text: string, onClick: () => void, name = text): HTMLButtonElement {
    const b = element("button", { type: "button", "data-action": name }, text);
    b.addEventListener("click", () => guarded(onClick));
    return b;
  }

  /** The plotted window: the state's, else the problem's own. */
  function plotted(): Window {
    return state.window ?? PLAYGROUND_PROBLEMS[state.problem].problem.window ?? [[-5, 5], [-5, 5]];
  }

  /** Rebuilds every control from the state (after a change of structure: problem, optimizer kind, adding or removing one). */
  function buildControls(): void {
    controls.innerHTML = "";
    const general = element("fieldset", { class: "optlab-explore-general", style: "border: 1px solid #ccc; display: flex; flex-direction: column; gap: 4px;" });
    general.append(element("legend", {}, "problem and run"));
    general.append(select("problem", Object.entries(PLAYGROUND_PROBLEMS).map(([k, v]) => [k, v.problem.name]), state.problem, (v) => {
      state.problem = v;
      const p = PLAYGROUND_PROBLEMS[v].problem;
      state.start = [p.start[0], p.start[1]];
      state.window = null;
      buildControls();
      requestRender();
    }));
    general.append(numberControl("steps", { ...STEPS_RANGE, log: false }, state.steps, (v) => { state.steps = v; }));
    const win = plotted();
    general.append(numberControl("start x", { ...START_RANGE, log: false, slide: win[0] }, state.start[0], (v) => { state.start[0] = v; }));
    general.append(numberControl("start y", { ...START_RANGE, log: false, slide: win[1] }, state.start[1], (v) => { state.start[1] = v; }));
    general.append(select("schedule", PLAYGROUND_SCHEDULES.map((s) => [s, s === "none" ? "constant lr" : s === "cosine" ? "cosine to 0" : "10% warm-up, cosine"] as [string, string]), state.schedule, (v) => {
      state.schedule = v as ScheduleKind;
      requestRender();
    }));
    const clipRow = element("div", { style: "display: flex; gap: 8px;" });
    clipRow.append(flagControl("clip the gradient norm", state.clipNorm !== null, (on) => { state.clipNorm = on ? lastClip : null; }));
    clipRow.append(numberControl("max norm", { ...CLIP_RANGE, log: true }, state.clipNorm ?? lastClip, (v) => {
      lastClip = v;
      if (state.clipNorm !== null) state.clipNorm = v;
    }));
    general.append(clipRow);
    const stepping = element("div", { class: "optlab-explore-stepping", style: "display: flex; gap: 6px; align-items: center;" });
    stepping.append(
      button("step ▶", () => stepThrough(1), "step"),
      button("play", () => play(), "play"),
      button("whole run", () => { stopPlay(); shownStep = null; requestRender(); }, "whole"),
      element("span", { class: "optlab-explore-step" }, shownStep === null ? "" : `step ${shownStep}`),
    );
    general.append(stepping);
    controls.append(general);
    state.optimizers.forEach((o, i) => {
      const box = element("fieldset", { class: "optlab-explore-optimizer", "data-index": String(i), style: `border: 2px solid ${PALETTE[i]}; display: flex; flex-direction: column; gap: 4px;` });
      box.append(element("legend", { style: `color: ${PALETTE[i]}; font-weight: bold;` }, `optimizer ${i + 1}`));
      box.append(select("type", Object.entries(PLAYGROUND_OPTIMIZERS).map(([k, v]) => [k, v.label]), o.kind, (kind) => {
        const fresh = defaultOptimizer(kind);
        fresh.values.lr = o.values.lr; // keep the step size when switching the rule
        state.optimizers[i] = fresh;
        buildControls();
        requestRender();
      }));
      for (const c of PLAYGROUND_OPTIMIZERS[o.kind].controls) box.append(control(c, o.values));
      if (state.optimizers.length > 1) box.append(button("remove", () => {
        state.optimizers.splice(i, 1);
        buildControls();
        requestRender();
      }, "remove"));
      controls.append(box);
    });
    if (state.optimizers.length < MAX_OPTIMIZERS) {
      controls.append(button("+ optimizer", () => {
        state.optimizers.push(defaultOptimizer("adam"));
        buildControls();
        requestRender();
      }, "add"));
    }
  }
  let lastClip = state.clipNorm ?? 10;

  function control(c: ControlSpec, values: Record<string, number | boolean>): HTMLElement {
    if (c.kind === "boolean") return flagControl(c.label, values[c.key] as boolean, (v) => { values[c.key] = v; });
    return numberControl(c.label, c, values[c.key] as number, (v) => { values[c.key] = v; });
  }

  function stepThrough(by: number): void {
    shownStep = Math.min(state.steps, (shownStep ?? -1) + by);
    if (shownStep >= state.steps) stopPlay();
    requestRender();
  }
  function play(): void {
    stopPlay();
    if (shownStep === null || shownStep >= state.steps) shownStep = -1;
    timer = window.setInterval(() => guarded(() => stepThrough(1)), 150);
  }
  function stopPlay(): void {
    if (timer !== 0) window.clearInterval(timer);
    timer = 0;
  }

  /**
   * A click on the contour moves the start there (rounded to 3 decimals). Plotly covers the page while the
   * mouse button is down, so no "click" reaches the plot: a press and release within 4 pixels counts as one.
   */
  let pressed: { x: number; y: number } | null = null;
  plot.addEventListener("pointerdown", (event) => { pressed = { x: event.clientX, y: event.clientY }; }, true);
  window.addEventListener("pointerup", (event) => guarded(() => {
    const at = pressed;
    pressed = null;
    if (at === null || Math.hypot(event.clientX - at.x, event.clientY - at.y) > 4) return;
    const layout = plot._fullLayout;
    if (!layout) return;
    const rect = plot.getBoundingClientRect();
    const px = at.x - rect.left - layout.xaxis._offset;
    const py = at.y - rect.top - layout.yaxis._offset;
    if (px < 0 || py < 0 || px > layout.xaxis._length || py > layout.yaxis._length) return;
    const [x0, x1] = layout.xaxis.range;
    const [y0, y1] = layout.yaxis.range;
    const x = Math.round((x0 + ((x1 - x0) * px) / layout.xaxis._length) * 1000) / 1000;
    const y = Math.round((y1 - ((y1 - y0) * py) / layout.yaxis._length) * 1000) / 1000;
    state.start = [x, y];
    shownStep = null;
    buildControls();
    requestRender();
  }), true);

  /** Hovering a path or a loss curve names the run and step under the pointer, with its point and loss. */
  plot.addEventListener("pointermove", (event) => guarded(() => {
    const layout = plot._fullLayout;
    if (!layout?.xaxis2) return;
    const rect = plot.getBoundingClientRect();
    const hit = pointAt(layout, drawnRuns, event.clientX - rect.left, event.clientY - rect.top);
    if (hit === null) {
      readout.textContent = "";
      return;
    }
    const r = drawnRuns[hit.run];
    readout.style.color = PALETTE[hit.run];
    readout.textContent = `${runLabel(state, hit.run)}, step ${hit.step}: x = ${r.x[hit.step].toPrecision(6)}, y = ${r.y[hit.step].toPrecision(6)}, loss ${r.loss[hit.step].toExponential(3)}`;
  }));
  plot.addEventListener("pointerleave", () => { readout.textContent = ""; });

  /**
   * Writes the state into the URL 200 ms after the last change: Chromium throttles (and warns about) more
   * than a few history updates a second, which a dragged slider would cause.
   */
  let hashTimer = 0;
  function writeHashSoon(hash: string): void {
    window.clearTimeout(hashTimer);
    hashTimer = window.setTimeout(() => guarded(() => {
      if (location.hash.slice(1) !== hash) history.replaceState(null, "", `#${hash}`);
    }), 200);
  }

  /** What Plotly's part of the figure shows (see render); null before the first drawing. */
  let drawnFrame: string | null = null;

  /** An axis range that holds every finite value (on a log axis: in decades, of the positive ones), padded by 5%. */
  function rangeOf(values: number[], log: boolean): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      const u = log ? Math.log10(v) : v;
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    if (!(lo <= hi)) return [0, 1];
    const pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
    return [lo - pad, hi + pad];
  }

  /**
   * The loss axis's range: the one drawn while it holds every value and is at most three times as wide as they
   * need (so a dragged slider seldom moves the axis, and Plotly seldom redraws), else fitted anew with 20% to spare.
   */
  function keepOrFit(needed: [number, number], drawn: [number, number] | null): [number, number] {
    const span = needed[1] - needed[0];
    if (drawn !== null && drawn[0] <= needed[0] && needed[1] <= drawn[1] && drawn[1] - drawn[0] <= 3 * span) return drawn;
    return [needed[0] - 0.2 * span, needed[1] + 0.2 * span];
  }

  let contourKey = "";
  let contour: unknown = null;
  /** The loss contour over the window, cached until the problem or the window changes. */
  function contourTrace(win: Window): unknown {
    const key = `${state.problem}|${win.flat().join(",")}`;
    if (key === contourKey) return contour;
    const entry = PLAYGROUND_PROBLEMS[state.problem];
    const p = new Float64Array(2);
    const grid = sampleGrid((x, y) => { p[0] = x; p[1] = y; return entry.problem.loss(p); }, win, 60);
    contour = {
      type: "contour", x: grid.x, y: grid.y, z: entry.logZ ? logGrid(grid.z) : grid.z, colorscale: "Viridis", reversescale: true, ncontours: 30,
      contours: { coloring: "fill", showlines: true }, line: { width: 0.5, color: "rgba(255,255,255,0.35)" }, showscale: false, showlegend: false,
      hoverinfo: "skip", xaxis: "x", yaxis: "y",
    };
    contourKey = key;
    return contour;
  }

  /** Arrows at the shown step of each run: −∇f, the momentum buffer (as the step it pushes), and the step taken; each drawn at a fixed length, its norm in the label. */
  function arrows(runs: PlaygroundRun[], optimizers: (Optimizer | null)[], win: Window, t: number): unknown[] {
    const problem = PLAYGROUND_PROBLEMS[state.problem].problem;
    const length = 0.12 * Math.min(win[0][1] - win[0][0], win[1][1] - win[1][0]);
    const out: unknown[] = [];
    runs.forEach((run, i) => {
      const path = run.result?.path;
      if (!path || t >= path.length) return;
      const [x, y] = path[t];
      const add = (dx: number, dy: number, text: string, dash: boolean) => {
        const norm = Math.hypot(dx, dy);
        if (!(norm > 0) || !Number.isFinite(norm)) return;
        out.push({
          x: x + (length * dx) / norm, y: y + (length * dy) / norm, ax: x, ay: y, xref: "x", yref: "y", axref: "x", ayref: "y",
          showarrow: true, arrowhead: 2, arrowwidth: dash ? 1.5 : 2.5, arrowcolor: PALETTE[i], text: `${text} ${norm.toExponential(2)}`,
          font: { size: 10, color: PALETTE[i] }, xanchor: "left",
        });
      };
      const g = new Float64Array(2);
      problem.gradient(Float64Array.from(path[t]), g);
      add(-g[0], -g[1], "−∇f", false);
      const o = optimizers[i] as (Optimizer & { momentumBuffer?: Float64Array | null; expAvg?: Float64Array | null }) | null;
      const m = o?.momentumBuffer ?? o?.expAvg ?? null;
      if (m) add(-m[0], -m[1], o?.expAvg ? "−m (first moment)" : "−b (momentum buffer)", true);
      const next = runs[i].result?.path[t + 1];
      if (next) add(next[0] - x, next[1] - y, "step Δθ", false);
    });
    return out;
  }

  /** What the canvas shows now (redrawn as is when Plotly lays the figure out again, e.g. on a resize). */
  let drawnRuns: DrawnRun[] = [];
  /** The loss axis as Plotly last drew it: its range, and whether it is logarithmic. */
  let drawnLoss: { range: [number, number]; log: boolean } | null = null;

  /** The drawn runs as traces: a path (uid path-i) and a loss curve (uid loss-i) for each run i (from 1) that has points. */
  function drawnTraces(): DrawnTrace[] {
    return drawnRuns.flatMap((r, i) => (r.count === 0 ? [] : [
      { uid: `path-${i + 1}`, x: Array.from(r.x), y: Array.from(r.y) },
      { uid: `loss-${i + 1}`, x: Array.from(r.loss, (_, k) => k), y: Array.from(r.loss) },
    ]));
  }

  /** Draws the runs on the canvas over the figure, placed by the axes Plotly laid out. */
  function paintRuns(): void {
    const layout = plot._fullLayout;
    if (layout?.xaxis2 === undefined) return;
    drawRuns(canvas, layout, drawnRuns);
  }

  /** Recomputes every run with the library and redraws: the canvas always, Plotly only when the figure's frame changes. */
  async function render(): Promise<void> {
    try {
      controller.renders += 1;
      if (plotly === undefined) throw new Error("plotly.js is not loaded in this page");
      const win = plotted();
      const t = shownStep === null ? state.steps : Math.max(0, shownStep);
      const { runs } = runPlayground(state);
      // the optimizer state at the shown step, for the arrows: the same run stopped after t steps
      const atStep = shownStep === null ? null : runPlayground(state, t);
      const lines: string[] = [...notes.filter((n) => !n.startsWith("run "))];
      const drawn: DrawnRun[] = [];
      runs.forEach((run, i) => {
        const color = PALETTE[i];
        if (run.result === null) {
          lines.push(`run ${i + 1} (${run.label}) did not start: ${run.error}`);
          drawn.push({ color, x: new Float64Array(0), y: new Float64Array(0), loss: new Float64Array(0), count: 0 });
          return;
        }
        const { path, loss } = run.result;
        if (run.result.failure) lines.push(`run ${i + 1} (${run.label}) stopped: ${run.result.failure.message}`);
        // beyond ±1e6 a point is off any sensible plot; the path is drawn up to there, and the figure says so
        const far = path.findIndex((p) => !(Math.abs(p[0]) <= FAR && Math.abs(p[1]) <= FAR));
        const count = far < 0 ? t + 1 : Math.min(t + 1, far);
        if (far >= 0 && far <= t) lines.push(`run ${i + 1} (${run.label}) left the plane (|x| or |y| > ${FAR}) at step ${far}; drawn up to step ${far - 1}`);
        const x = new Float64Array(count);
        const y = new Float64Array(count);
        const lossAt = new Float64Array(count);
        for (let k = 0; k < count; k++) {
          x[k] = path[k][0];
          y[k] = path[k][1];
          lossAt[k] = loss[k];
        }
        drawn.push({ color, x, y, loss: lossAt, count });
      });
      say(lines);
      legend.replaceChildren(...runs.map((run, i) => {
        const item = element("span", { style: "display: inline-flex; align-items: center; gap: 4px; margin-right: 14px;" });
        item.append(element("span", { style: `display: inline-block; width: 22px; height: 0; border-top: 3px solid ${PALETTE[i]};` }), element("span", {}, run.label));
        return item;
      }));
      const positive = runs.every((r) => r.result === null || r.result.loss.every((l) => !(l <= 0)));
      const lossRange = keepOrFit(rangeOf(drawn.flatMap((d) => Array.from(d.loss)), positive), drawnLoss?.log === positive ? drawnLoss.range : null);
      const stepLabel = controls.querySelector(".optlab-explore-step");
      if (stepLabel) stepLabel.textContent = shownStep === null ? "" : `step ${t} of ${state.steps}`;
      const hash = stateToHash(state);
      if (options.urlHash) writeHashSoon(hash);
      else share.textContent = `playground link: playground.html#${hash}`;
      drawnRuns = drawn;
      // Plotly redraws only when its part changes: the problem or window (the contour), the axes (the step
      // count, the loss range, log or linear), the step-through arrows. A dragged slider usually changes
      // none of these, and then the canvas alone is redrawn.
      // The figure's data (plot.data) holds every drawn curve too, as traces Plotly does not draw (visible:
      // false): whoever reads the figure, in a test or the browser's console, finds the plotted numbers there.
      const traces = drawnTraces();
      const frame = JSON.stringify([state.problem, win, t, lossRange, positive, shownStep, options.title, traces.map((d) => d.uid)]);
      if (frame === drawnFrame && shownStep === null) {
        for (const d of traces) {
          const held = plot.data?.find((p) => p.uid === d.uid);
          if (held) [held.x, held.y] = [d.x, d.y];
        }
      } else {
        const layout = {
          title: { text: options.title }, height: 560, margin: { t: 60, l: 60, r: 20, b: 50 }, hovermode: false, dragmode: false, showlegend: false,
          xaxis: { domain: [0, 0.6], range: [win[0][0], win[0][1]], title: { text: "x" }, zeroline: false },
          yaxis: { range: [win[1][0], win[1][1]], title: { text: "y" }, zeroline: false },
          xaxis2: { domain: [0.7, 1], anchor: "y2", title: { text: "step" }, range: [0, Math.max(1, t)] },
          yaxis2: { anchor: "x2", type: positive ? "log" : "linear", title: { text: "loss" }, exponentformat: "power", range: lossRange },
          annotations: shownStep === null || atStep === null ? [] : arrows(runs, atStep.optimizers, win, t),
        };
        const hidden = traces.map((d) => ({ ...d, type: "scatter", mode: "lines", visible: false, ...(d.uid.startsWith("loss") ? { xaxis: "x2", yaxis: "y2" } : { xaxis: "x", yaxis: "y" }) }));
        // no "download as PNG" button: Plotly's picture would leave out the canvas, and so every path
        const config = { displaylogo: false, responsive: true, scrollZoom: false, modeBarButtonsToRemove: ["toImage"] };
        await plotly.react(plot, [contourTrace(win), LOSS_AXES, ...hidden], layout, config);
        if (drawnFrame === null) plot.on?.("plotly_afterplot", () => guarded(paintRuns)); // a resize lays the axes out anew
        drawnFrame = frame;
        drawnLoss = { range: lossRange, log: positive };
      }
      paintRuns();
    } catch (e) {
      warn(`this figure could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  if (options.urlHash && location.hash.length > 1) {
    const read = stateFromHash(location.hash, state);
    state = read.state;
    say(read.messages);
  }
  if (options.urlHash) {
    window.addEventListener("hashchange", () => guarded(() => {
      if (location.hash.slice(1) === stateToHash(state)) return;
      void controller.setHash(location.hash);
    }));
  }
  buildControls();
  void render();
  return controller;
}
