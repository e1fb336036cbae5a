// The optimizer playground's model, shared by the kernel (explore(), which checks a lesson's settings) and
// the browser (the live figure, which recomputes them): the problems and optimizers it offers, the range of
// every control, the state written in the page URL's hash, and the run itself. No DOM and no Node here, so
// the same code computes the same numbers in both places.
import { minimize, type MinimizeResult } from "../loop";
import { Adafactor } from "../optimizers/adafactor";
import { Adagrad } from "../optimizers/adagrad";
import { Adam, AdamW } from "../optimizers/adam";
import { Adamax } from "../optimizers/adamax";
import { Lion } from "../optimizers/lion";
import { Muon } from "../optimizers/muon";
import { NAdam } from "../optimizers/nadam";
import { RAdam } from "../optimizers/radam";
import type { Optimizer } from "../optimizers/optimizer";
import { RMSProp } from "../optimizers/rmsprop";
import { SGD } from "../optimizers/sgd";
import { beale, himmelblau, pathological, ravine, rosenbrock, saddle, type Problem } from "../problems";
import { cosineAnnealing, warmupCosine, type Schedule } from "../schedules";
import { checkNumber, describeRange } from "../validate";
import type { Window } from "./types";

/** The 2-D test problems the playground offers, by the key used in the URL (`p=`); `logZ` draws log-contours. */
export const PLAYGROUND_PROBLEMS: Readonly<Record<string, { problem: Problem; logZ: boolean }>> = {
  rosenbrock: { problem: rosenbrock, logZ: true },
  ravine: { problem: ravine(), logZ: false },
  saddle: { problem: saddle, logZ: false },
  pathological: { problem: pathological, logZ: false },
  himmelblau: { problem: himmelblau, logZ: true },
  beale: { problem: beale, logZ: true },
};

/** One knob of an optimizer: its option name, its range (a log-scale slider for `log`) and its default. */
export interface ControlSpec {
  readonly key: string;
  readonly label: string;
  readonly kind: "number" | "boolean";
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  readonly integer: boolean;
  readonly default: number | boolean;
}

const num = (key: string, label: string, min: number, max: number, def: number, log = false): ControlSpec => ({ key, label, kind: "number", min, max, log, integer: false, default: def });
const whole = (key: string, label: string, min: number, max: number, def: number): ControlSpec => ({ key, label, kind: "number", min, max, log: false, integer: true, default: def });
const flag = (key: string, label: string, def = false): ControlSpec => ({ key, label, kind: "boolean", min: 0, max: 1, log: false, integer: false, default: def });
const LR = (def: number) => num("lr", "learning rate η", 1e-5, 10, def, true);
const BETAS = (beta2: number) => [num("beta1", "β₁", 0, 0.999, 0.9), num("beta2", "β₂", 0, 0.9999, beta2)];
const EPS = (def: number) => num("eps", "ε", 1e-12, 1, def, true);

/**
 * The optimizers the playground offers, by the key used in the URL (`o1=adam`), with every option as a control
 * (torch's defaults; SGD's lr has none there, 0.01 here; Lion's are its paper's). Muon takes matrices: here the
 * point (x, y) is a 1 × 2 matrix, whose orthogonalised update is the unit vector along its momentum.
 */
export const PLAYGROUND_OPTIMIZERS: Readonly<Record<string, { label: string; controls: readonly ControlSpec[] }>> = {
  sgd: {
    label: "SGD",
    controls: [LR(0.01), num("momentum", "momentum μ", 0, 0.999, 0), num("dampening", "dampening τ", 0, 1, 0), flag("nesterov", "Nesterov"), num("weightDecay", "weight decay λ", 0, 1, 0)],
  },
  adam: {
    label: "Adam",
    controls: [LR(1e-3), num("beta1", "β₁", 0, 0.999, 0.9), num("beta2", "β₂", 0, 0.9999, 0.999), num("eps", "ε", 1e-12, 1, 1e-8, true), num("weightDecay", "weight decay λ (L2)", 0, 1, 0), flag("amsgrad", "AMSGrad")],
  },
  adamw: {
    label: "AdamW",
    controls: [LR(1e-3), num("beta1", "β₁", 0, 0.999, 0.9), num("beta2", "β₂", 0, 0.9999, 0.999), num("eps", "ε", 1e-12, 1, 1e-8, true), num("weightDecay", "weight decay λ (decoupled)", 0, 1, 0.01), flag("amsgrad", "AMSGrad")],
  },
  rmsprop: {
    label: "RMSProp",
    controls: [LR(0.01), num("alpha", "α", 0, 1, 0.99), num("eps", "ε", 1e-12, 1, 1e-8, true), num("momentum", "momentum μ", 0, 0.999, 0), flag("centered", "centered"), num("weightDecay", "weight decay λ", 0, 1, 0)],
  },
  adagrad: {
    label: "Adagrad",
    controls: [LR(0.01), num("lrDecay", "lr decay κ", 0, 1, 0), num("weightDecay", "weight decay λ", 0, 1, 0), num("initialAccumulatorValue", "initial sum s₀", 0, 10, 0), EPS(1e-10)],
  },
  nadam: {
    label: "NAdam",
    controls: [LR(2e-3), ...BETAS(0.999), EPS(1e-8), num("weightDecay", "weight decay λ", 0, 1, 0), num("momentumDecay", "momentum decay ψ", 0, 1, 4e-3), flag("decoupledWeightDecay", "decoupled weight decay")],
  },
  radam: {
    label: "RAdam",
    controls: [LR(1e-3), ...BETAS(0.999), EPS(1e-8), num("weightDecay", "weight decay λ", 0, 1, 0), flag("decoupledWeightDecay", "decoupled weight decay")],
  },
  adamax: {
    label: "Adamax",
    controls: [LR(2e-3), ...BETAS(0.999), EPS(1e-8), num("weightDecay", "weight decay λ", 0, 1, 0)],
  },
  lion: {
    label: "Lion",
    controls: [LR(1e-4), ...BETAS(0.99), num("weightDecay", "weight decay λ (decoupled)", 0, 1, 0)],
  },
  adafactor: {
    label: "Adafactor",
    controls: [LR(1e-2), num("beta2Decay", "decay exponent c", -1, 0, -0.8), num("eps1", "ε₁ (floor of v̂)", 1e-30, 1e-3, Number.EPSILON, true), num("eps2", "ε₂ (floor of RMS(θ))", 1e-8, 1, 1e-3, true), num("d", "clipping threshold d", 1, 100, 1), num("weightDecay", "weight decay λ (decoupled)", 0, 1, 0)],
  },
  muon: {
    label: "Muon (1 × 2)",
    controls: [LR(1e-3), num("momentum", "momentum μ", 0, 0.999, 0.95), flag("nesterov", "Nesterov", true), whole("nsSteps", "Newton–Schulz steps", 0, 20, 5), EPS(1e-7), num("weightDecay", "weight decay λ (decoupled)", 0, 1, 0.1)],
  },
};

/** Learning-rate schedules offered, each built from the optimizer's lr and the step count. */
export const PLAYGROUND_SCHEDULES = ["none", "cosine", "warmup-cosine"] as const;
/** The name of one offered schedule. */
export type ScheduleKind = (typeof PLAYGROUND_SCHEDULES)[number];

/** The range of the step-count control: a whole number of steps. */
export const STEPS_RANGE = { min: 1, max: 5000, integer: true } as const;
/** The range of each start coordinate (clicking the contour sets the start inside the plotted window). */
export const START_RANGE = { min: -1000, max: 1000 } as const;
/** The range of the clipping norm (the largest gradient norm a step may use). */
export const CLIP_RANGE = { min: 1e-3, max: 1e4 } as const;
/** At most this many optimizers side by side. */
export const MAX_OPTIMIZERS = 4;

/** One optimizer of the playground: its key in PLAYGROUND_OPTIMIZERS and a value for each of its controls. */
export interface PlaygroundOptimizer {
  kind: string;
  values: Record<string, number | boolean>;
}

/** Everything a playground figure shows; the URL hash holds all of it. */
export interface PlaygroundState {
  problem: string;
  steps: number;
  start: [number, number];
  schedule: ScheduleKind;
  /** Clip the gradient to this 2-norm before each step, or null for no clipping. */
  clipNorm: number | null;
  /** The plotted window; null: the problem's own. */
  window: Window | null;
  optimizers: PlaygroundOptimizer[];
}

/** An optimizer of the given kind with every control at its default. */
export function defaultOptimizer(kind: string): PlaygroundOptimizer {
  const spec = PLAYGROUND_OPTIMIZERS[kind];
  const values: Record<string, number | boolean> = {};
  for (const c of spec.controls) values[c.key] = c.default;
  return { kind, values };
}

/** The playground's opening state: Rosenbrock from its start, SGD with momentum beside Adam, 1000 steps. */
export function defaultState(): PlaygroundState {
  const sgd = defaultOptimizer("sgd");
  sgd.values.lr = 0.001;
  sgd.values.momentum = 0.9;
  const adam = defaultOptimizer("adam");
  adam.values.lr = 0.01;
  return { problem: "rosenbrock", steps: 1000, start: [rosenbrock.start[0], rosenbrock.start[1]], schedule: "none", clipNorm: null, window: null, optimizers: [sgd, adam] };
}

/** A checked control value, and the message to show when the given one was changed (clamped) or refused. */
export interface Checked<T> {
  value: T;
  message: string | null;
}

/**
 * Reads a typed or hashed value for a numeric control: text that is not a finite number is refused (the
 * previous value stays), a number outside [min, max] is clamped to the nearest end; both say why.
 */
export function checkTyped(name: string, text: string, range: { min: number; max: number; integer?: boolean }, previous: number): Checked<number> {
  const trimmed = text.trim();
  const value = trimmed === "" ? NaN : Number(trimmed);
  const valid = describeRange(range);
  if (!Number.isFinite(value)) return { value: previous, message: `${name} = ${JSON.stringify(text)} is not a number; expected ${valid}; kept ${previous}` };
  let v = range.integer ? Math.round(value) : value;
  const clamped = Math.min(range.max, Math.max(range.min, v));
  if (clamped !== v || v !== value) {
    v = clamped;
    return { value: v, message: `${name} = ${trimmed} is outside ${valid}; set to ${v}` };
  }
  return { value: v, message: null };
}

/** Reads a boolean control from the hash ("1"/"0", "true"/"false"). */
function checkFlag(name: string, text: string, previous: boolean): Checked<boolean> {
  if (text === "1" || text === "true") return { value: true, message: null };
  if (text === "0" || text === "false") return { value: false, message: null };
  return { value: previous, message: `${name} = ${JSON.stringify(text)} is not 0 or 1; kept ${previous ? 1 : 0}` };
}

/** The name of optimizer i's control in the hash: key and number (1-based), with "_" after a key that ends in a digit (beta1_1). */
export function hashName(key: string, i: number): string {
  return /\d$/.test(key) ? `${key}_${i + 1}` : `${key}${i + 1}`;
}

/** The state as URL-hash text (without "#"): every control, so a link reproduces the figure exactly. */
export function stateToHash(state: PlaygroundState): string {
  const parts: [string, string][] = [["p", state.problem], ["n", String(state.steps)], ["x0", String(state.start[0])], ["y0", String(state.start[1])], ["sched", state.schedule], ["clip", state.clipNorm === null ? "off" : String(state.clipNorm)]];
  if (state.window !== null) parts.push(["win", state.window.flat().join(",")]);
  state.optimizers.forEach((o, i) => {
    parts.push([`o${i + 1}`, o.kind]);
    for (const c of PLAYGROUND_OPTIMIZERS[o.kind].controls) {
      const v = o.values[c.key];
      parts.push([hashName(c.key, i), typeof v === "boolean" ? (v ? "1" : "0") : String(v)]);
    }
  });
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
}

/**
 * Reads a URL hash over a base state. Whatever is malformed is reported and left at the base value; numbers
 * outside their range are clamped; unknown keys are reported and ignored. Never throws.
 */
export function stateFromHash(hash: string, base: PlaygroundState): { state: PlaygroundState; messages: string[] } {
  const messages: string[] = [];
  const state: PlaygroundState = { ...base, start: [base.start[0], base.start[1]], optimizers: base.optimizers.map((o) => ({ kind: o.kind, values: { ...o.values } })) };
  const text = hash.replace(/^#/, "");
  if (text.trim() === "") return { state, messages };
  const params = new Map<string, string>();
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    let key = part;
    let value = "";
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      value = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1));
    } catch {
      messages.push(`the link has a malformed part ${JSON.stringify(part.slice(0, 40))}; ignored`);
      continue;
    }
    params.set(key, value);
  }
  const used = new Set<string>();
  const take = (key: string): string | undefined => {
    used.add(key);
    return params.get(key);
  };
  const note = (c: Checked<unknown>) => {
    if (c.message !== null) messages.push(c.message);
  };
  const p = take("p");
  if (p !== undefined) {
    if (p in PLAYGROUND_PROBLEMS) {
      if (p !== state.problem) {
        const problem = PLAYGROUND_PROBLEMS[p].problem;
        state.start = [problem.start[0], problem.start[1]];
        state.window = null;
      }
      state.problem = p;
    } else messages.push(`p = ${JSON.stringify(p)} is not a problem of the playground; expected one of ${Object.keys(PLAYGROUND_PROBLEMS).join(", ")}; kept ${state.problem}`);
  }
  const n = take("n");
  if (n !== undefined) {
    const c = checkTyped("n (steps)", n, STEPS_RANGE, state.steps);
    note(c);
    state.steps = c.value;
  }
  (["x0", "y0"] as const).forEach((key, k) => {
    const v = take(key);
    if (v === undefined) return;
    const c = checkTyped(key, v, START_RANGE, state.start[k]);
    note(c);
    state.start[k] = c.value;
  });
  const sched = take("sched");
  if (sched !== undefined) {
    if ((PLAYGROUND_SCHEDULES as readonly string[]).includes(sched)) state.schedule = sched as ScheduleKind;
    else messages.push(`sched = ${JSON.stringify(sched)} is not a schedule; expected one of ${PLAYGROUND_SCHEDULES.join(", ")}; kept ${state.schedule}`);
  }
  const clip = take("clip");
  if (clip !== undefined) {
    if (clip === "off") state.clipNorm = null;
    else {
      const c = checkTyped("clip (max norm)", clip, CLIP_RANGE, state.clipNorm ?? 10);
      note(c);
      state.clipNorm = c.message !== null && !Number.isFinite(Number(clip)) ? state.clipNorm : c.value;
    }
  }
  const win = take("win");
  if (win !== undefined) {
    const w = win.split(",").map(Number);
    if (w.length === 4 && w.every((v) => Number.isFinite(v) && Math.abs(v) <= START_RANGE.max) && w[0] < w[1] && w[2] < w[3]) state.window = [[w[0], w[1]], [w[2], w[3]]];
    else messages.push(`win = ${JSON.stringify(win)} is not a window xMin,xMax,yMin,yMax with xMin < xMax and yMin < yMax; kept the problem's window`);
  }
  const kinds: PlaygroundOptimizer[] = [];
  for (let i = 0; i < MAX_OPTIMIZERS; i++) {
    const kind = take(`o${i + 1}`);
    if (kind === undefined) continue;
    if (!(kind in PLAYGROUND_OPTIMIZERS)) {
      messages.push(`o${i + 1} = ${JSON.stringify(kind)} is not an optimizer of the playground; expected one of ${Object.keys(PLAYGROUND_OPTIMIZERS).join(", ")}; left out`);
      continue;
    }
    const previous = state.optimizers[i];
    const o = previous !== undefined && previous.kind === kind ? previous : defaultOptimizer(kind);
    for (const c of PLAYGROUND_OPTIMIZERS[kind].controls) {
      const name = hashName(c.key, i);
      const v = take(name);
      if (v === undefined) continue;
      const checked = c.kind === "boolean" ? checkFlag(name, v, o.values[c.key] as boolean) : checkTyped(name, v, c, o.values[c.key] as number);
      note(checked);
      o.values[c.key] = checked.value;
    }
    kinds.push(o);
  }
  if (kinds.length > 0) state.optimizers = kinds;
  for (const key of params.keys()) {
    if (!used.has(key)) messages.push(`the link's key ${JSON.stringify(key.slice(0, 30))} means nothing to the playground; ignored`);
  }
  return { state, messages };
}

/** The library's optimizer for one playground optimizer (its constructor checks what the ranges cannot, e.g. Nesterov's needs). */
export function makeOptimizer(o: PlaygroundOptimizer): Optimizer {
  const v = o.values;
  const n = (key: string) => v[key] as number;
  const b = (key: string) => v[key] as boolean;
  switch (o.kind) {
    case "sgd":
      return new SGD({ lr: n("lr"), momentum: n("momentum"), dampening: n("dampening"), nesterov: b("nesterov"), weightDecay: n("weightDecay") });
    case "adam":
    case "adamw": {
      const options = { lr: n("lr"), betas: [n("beta1"), n("beta2")] as [number, number], eps: n("eps"), weightDecay: n("weightDecay"), amsgrad: b("amsgrad") };
      return o.kind === "adam" ? new Adam(options) : new AdamW(options);
    }
    case "rmsprop":
      return new RMSProp({ lr: n("lr"), alpha: n("alpha"), eps: n("eps"), momentum: n("momentum"), centered: b("centered"), weightDecay: n("weightDecay") });
    case "adagrad":
      return new Adagrad({ lr: n("lr"), lrDecay: n("lrDecay"), weightDecay: n("weightDecay"), initialAccumulatorValue: n("initialAccumulatorValue"), eps: n("eps") });
    case "nadam":
      return new NAdam({ lr: n("lr"), betas: [n("beta1"), n("beta2")], eps: n("eps"), weightDecay: n("weightDecay"), momentumDecay: n("momentumDecay"), decoupledWeightDecay: b("decoupledWeightDecay") });
    case "radam":
      return new RAdam({ lr: n("lr"), betas: [n("beta1"), n("beta2")], eps: n("eps"), weightDecay: n("weightDecay"), decoupledWeightDecay: b("decoupledWeightDecay") });
    case "adamax":
      return new Adamax({ lr: n("lr"), betas: [n("beta1"), n("beta2")], eps: n("eps"), weightDecay: n("weightDecay") });
    case "lion":
      return new Lion({ lr: n("lr"), betas: [n("beta1"), n("beta2")], weightDecay: n("weightDecay") });
    case "adafactor":
      return new Adafactor({ lr: n("lr"), beta2Decay: n("beta2Decay"), eps: [n("eps1"), n("eps2")], d: n("d"), weightDecay: n("weightDecay") });
    case "muon":
      return new Muon({ lr: n("lr"), momentum: n("momentum"), nesterov: b("nesterov"), nsSteps: n("nsSteps"), eps: n("eps"), weightDecay: n("weightDecay"), shape: [1, 2] });
    default:
      throw new RangeError(`playground: unknown optimizer ${JSON.stringify(o.kind)}; expected one of ${Object.keys(PLAYGROUND_OPTIMIZERS).join(", ")}`);
  }
}

/**
 * The schedule of a run: none; "cosine" = cosineAnnealing({ lr, tMax: steps }); "warmup-cosine" =
 * warmupCosine({ peakLr: lr, warmupSteps: ⌊steps / 10⌋, totalSteps: steps }).
 */
export function scheduleFor(kind: ScheduleKind, lr: number, steps: number): Schedule | undefined {
  if (kind === "cosine") return cosineAnnealing({ lr, tMax: steps });
  if (kind === "warmup-cosine") return warmupCosine({ peakLr: lr, warmupSteps: Math.floor(steps / 10), totalSteps: steps });
  return undefined;
}

/** One optimizer's run in the playground: its label and minimize's record, or the reason it could not start. */
export interface PlaygroundRun {
  label: string;
  result: MinimizeResult | null;
  error: string | null;
}

/** A legend label: the optimizer's number and name (its settings are in its controls, in the same colour). */
export function runLabel(state: PlaygroundState, i: number): string {
  return `${i + 1}: ${PLAYGROUND_OPTIMIZERS[state.optimizers[i].kind].label}`;
}

/**
 * Runs every optimizer of the state with `minimize` (schedule and clipping as set), exactly as a notebook
 * cell would: minimize(problem, optimizer, { steps, start, schedule, clipNorm }). A setting the optimizer
 * refuses gives an error text instead of a run. `steps` overrides the state's count (step-through mode).
 */
export function runPlayground(state: PlaygroundState, steps = state.steps): { runs: PlaygroundRun[]; optimizers: (Optimizer | null)[] } {
  const problem = PLAYGROUND_PROBLEMS[state.problem].problem;
  const runs: PlaygroundRun[] = [];
  const optimizers: (Optimizer | null)[] = [];
  state.optimizers.forEach((o, i) => {
    const label = runLabel(state, i);
    try {
      const optimizer = makeOptimizer(o);
      const schedule = scheduleFor(state.schedule, o.values.lr as number, state.steps);
      const result = minimize(problem, optimizer, { steps, start: state.start, schedule, clipNorm: state.clipNorm ?? undefined });
      runs.push({ label, result, error: null });
      optimizers.push(optimizer);
    } catch (e) {
      runs.push({ label, result: null, error: e instanceof Error ? e.message : String(e) });
      optimizers.push(null);
    }
  });
  return { runs, optimizers };
}

/** Checks a lesson's explore() settings strictly (errors name the option, the value and the range) and returns the state. */
export function checkExploreSettings(owner: string, settings: ExploreSettings): PlaygroundState {
  const state = defaultState();
  if (settings === null || typeof settings !== "object") throw new TypeError(`${owner}: options must be an object, got ${String(settings)}`);
  const problem = settings.problem ?? "rosenbrock";
  if (!(problem in PLAYGROUND_PROBLEMS)) throw new RangeError(`${owner}: invalid problem = ${JSON.stringify(problem)}; expected one of ${Object.keys(PLAYGROUND_PROBLEMS).join(", ")}`);
  state.problem = problem;
  const p = PLAYGROUND_PROBLEMS[problem].problem;
  state.start = [p.start[0], p.start[1]];
  state.steps = checkNumber(owner, "steps", settings.steps ?? 1000, STEPS_RANGE);
  if (settings.start !== undefined) {
    if (!Array.isArray(settings.start) || settings.start.length !== 2) throw new RangeError(`${owner}: invalid start = ${JSON.stringify(settings.start)}; expected a point [x, y]`);
    state.start = [checkNumber(owner, "start[0]", settings.start[0], START_RANGE), checkNumber(owner, "start[1]", settings.start[1], START_RANGE)];
  }
  const schedule = settings.schedule ?? "none";
  if (!(PLAYGROUND_SCHEDULES as readonly string[]).includes(schedule)) throw new RangeError(`${owner}: invalid schedule = ${JSON.stringify(schedule)}; expected one of ${PLAYGROUND_SCHEDULES.join(", ")}`);
  state.schedule = schedule;
  state.clipNorm = settings.clipNorm === undefined || settings.clipNorm === null ? null : checkNumber(owner, "clipNorm", settings.clipNorm, CLIP_RANGE);
  if (settings.window !== undefined) {
    const w = settings.window;
    const ok = Array.isArray(w) && w.length === 2 && w.every((r) => Array.isArray(r) && r.length === 2 && r.every(Number.isFinite) && r[0] < r[1]);
    if (!ok) throw new RangeError(`${owner}: invalid window = ${JSON.stringify(w)}; expected [[xMin, xMax], [yMin, yMax]] with xMin < xMax and yMin < yMax`);
    state.window = [[w[0][0], w[0][1]], [w[1][0], w[1][1]]];
  }
  const list = settings.optimizers ?? [{ type: "sgd", lr: 0.001, momentum: 0.9 }, { type: "adam", lr: 0.01 }];
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_OPTIMIZERS) {
    throw new RangeError(`${owner}: optimizers must be an array of 1 to ${MAX_OPTIMIZERS} optimizers, got ${Array.isArray(list) ? `${list.length}` : String(list)}`);
  }
  state.optimizers = list.map((given, i) => {
    const name = `optimizers[${i}]`;
    if (given === null || typeof given !== "object" || !(given.type in PLAYGROUND_OPTIMIZERS)) {
      throw new RangeError(`${owner}: invalid ${name}.type = ${JSON.stringify(given?.type)}; expected one of ${Object.keys(PLAYGROUND_OPTIMIZERS).join(", ")}`);
    }
    const o = defaultOptimizer(given.type);
    const controls = PLAYGROUND_OPTIMIZERS[given.type].controls;
    for (const [key, raw] of Object.entries(given)) {
      if (key === "type") continue;
      if (key === "betas" && "beta1" in o.values) {
        if (!Array.isArray(raw) || raw.length !== 2) throw new RangeError(`${owner}: invalid ${name}.betas = ${JSON.stringify(raw)}; expected [β1, β2]`);
        o.values.beta1 = checkNumber(owner, `${name}.betas[0]`, raw[0], controls.find((c) => c.key === "beta1"));
        o.values.beta2 = checkNumber(owner, `${name}.betas[1]`, raw[1], controls.find((c) => c.key === "beta2"));
        continue;
      }
      const c = controls.find((x) => x.key === key);
      if (c === undefined) {
        throw new RangeError(`${owner}: ${name} sets ${JSON.stringify(key)}, which the playground's ${given.type} has no control for; its options are ${controls.map((x) => x.key).join(", ")}${"beta1" in o.values ? ", betas" : ""}`);
      }
      if (c.kind === "boolean") {
        if (typeof raw !== "boolean") throw new TypeError(`${owner}: invalid ${name}.${key} = ${JSON.stringify(raw)}; expected true or false`);
        o.values[key] = raw;
      } else o.values[key] = checkNumber(owner, `${name}.${key}`, raw, c);
    }
    makeOptimizer(o); // the optimizer's own checks (Nesterov needs momentum > 0 and dampening 0)
    return o;
  });
  return state;
}

/** What a lesson passes to explore(): the problem, up to four optimizers with library-style options, and the switches. */
export interface ExploreSettings {
  /** A key of PLAYGROUND_PROBLEMS (default "rosenbrock"). */
  problem?: string;
  /** Up to four optimizers, e.g. { type: "adam", lr: 0.01, betas: [0.9, 0.999] } (default: SGD with momentum 0.9 and Adam). */
  optimizers?: ({ type: string; betas?: readonly [number, number] } & Record<string, unknown>)[];
  /** Steps per run (default 1000). */
  steps?: number;
  /** Start point (default the problem's). */
  start?: readonly [number, number];
  schedule?: ScheduleKind;
  clipNorm?: number | null;
  /** Plotted window [[xMin, xMax], [yMin, yMax]] (default the problem's). */
  window?: Window;
}
