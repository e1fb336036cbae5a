// Learning-rate schedules as pure functions of the step count. `schedule(s)` is the learning rate of the
// step that follows `s` completed optimizer steps, so `schedule(0)` is the first step's rate; it equals
// torch's lr after `s` calls of `scheduler.step()`. Pure functions can be plotted by mapping over a range
// and cannot drift when called twice.
import { cos, pow } from "./exact-math";
import { checkNumber } from "./validate";

/** A learning-rate schedule: completed steps → learning rate. */
export type Schedule = (step: number) => number;

/** Checks a step argument: a whole number >= 0. */
function checkStep(owner: string, step: number): number {
  return checkNumber(owner, "step", step, { min: 0, integer: true });
}

/** The same learning rate at every step. */
export function constant(lr: number): Schedule {
  checkNumber("constant", "lr", lr, { min: 0 });
  return (step) => {
    checkStep("constant", step);
    return lr;
  };
}

/** StepLR: lr · γ^⌊s / stepSize⌋ (multiply by γ every `stepSize` steps). */
export function stepDecay(options: { lr: number; stepSize: number; gamma?: number }): Schedule {
  const lr = checkNumber("stepDecay", "lr", options.lr, { min: 0 });
  const stepSize = checkNumber("stepDecay", "stepSize", options.stepSize, { min: 1, integer: true });
  const gamma = checkNumber("stepDecay", "gamma", options.gamma ?? 0.1, { min: 0, minExclusive: true });
  return (step) => lr * pow(gamma, Math.floor(checkStep("stepDecay", step) / stepSize));
}

/** MultiStepLR: lr · γ^k, where k is the number of milestones already reached (milestone <= s). */
export function multiStep(options: { lr: number; milestones: readonly number[]; gamma?: number }): Schedule {
  const lr = checkNumber("multiStep", "lr", options.lr, { min: 0 });
  const gamma = checkNumber("multiStep", "gamma", options.gamma ?? 0.1, { min: 0, minExclusive: true });
  const milestones = [...options.milestones];
  milestones.forEach((m, i) => {
    checkNumber("multiStep", `milestones[${i}]`, m, { min: i === 0 ? 1 : milestones[i - 1] + 1, integer: true });
  });
  return (step) => {
    checkStep("multiStep", step);
    const reached = milestones.filter((m) => m <= step).length;
    return lr * pow(gamma, reached);
  };
}

/** ExponentialLR: lr · γ^s. */
export function exponential(options: { lr: number; gamma: number }): Schedule {
  const lr = checkNumber("exponential", "lr", options.lr, { min: 0 });
  const gamma = checkNumber("exponential", "gamma", options.gamma, { min: 0, minExclusive: true });
  return (step) => lr * pow(gamma, checkStep("exponential", step));
}

/**
 * CosineAnnealingLR in closed form: minLr + (lr - minLr)(1 + cos(πs / tMax)) / 2. It reaches minLr at
 * s = tMax; like torch's closed form it then rises again (a cosine has no end), so size tMax to the run.
 */
export function cosineAnnealing(options: { lr: number; tMax: number; minLr?: number }): Schedule {
  const lr = checkNumber("cosineAnnealing", "lr", options.lr, { min: 0 });
  const tMax = checkNumber("cosineAnnealing", "tMax", options.tMax, { min: 1, integer: true });
  const minLr = checkNumber("cosineAnnealing", "minLr", options.minLr ?? 0, { min: 0, max: lr });
  return (step) => minLr + ((lr - minLr) * (1 + cos((Math.PI * checkStep("cosineAnnealing", step)) / tMax))) / 2;
}

/**
 * LinearLR: lr · f(s) with f moving linearly from startFactor to endFactor over totalSteps steps, then
 * staying at endFactor. Torch's defaults: startFactor 1/3, endFactor 1, totalSteps 5.
 */
export function linear(options: { lr: number; startFactor?: number; endFactor?: number; totalSteps?: number }): Schedule {
  const lr = checkNumber("linear", "lr", options.lr, { min: 0 });
  const start = checkNumber("linear", "startFactor", options.startFactor ?? 1 / 3, { min: 0, max: 1, minExclusive: true });
  const end = checkNumber("linear", "endFactor", options.endFactor ?? 1, { min: 0, max: 1 });
  const total = checkNumber("linear", "totalSteps", options.totalSteps ?? 5, { min: 1, integer: true });
  return (step) => lr * (start + ((end - start) * Math.min(checkStep("linear", step), total)) / total);
}

/** Options of {@link oneCycle}; defaults are torch.optim.lr_scheduler.OneCycleLR's. */
export interface OneCycleOptions {
  /** The peak learning rate, reached at the end of the warm-up phase. */
  maxLr: number;
  /** Length of the cycle in optimizer steps (>= 2). */
  totalSteps: number;
  /** Fraction of the cycle spent rising, in (0, 1) (default 0.3). */
  pctStart?: number;
  /** The cycle starts at maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The cycle ends at maxLr / divFactor / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** "cos" or "linear" interpolation inside each phase (default "cos"). */
  annealStrategy?: "cos" | "linear";
}

/**
 * OneCycleLR's learning rate (two phases): from maxLr/divFactor up to maxLr over the first
 * pctStart·totalSteps - 1 steps, then down to maxLr/(divFactor·finalDivFactor) at step totalSteps - 1.
 * Inside a phase going from a to b with progress p in [0, 1]: cos gives b + (a - b)(1 + cos πp)/2,
 * linear gives a + (b - a)p. Steps beyond totalSteps are an error, as in torch.
 */
export function oneCycle(options: OneCycleOptions): Schedule {
  const maxLr = checkNumber("oneCycle", "maxLr", options.maxLr, { min: 0 });
  const totalSteps = checkNumber("oneCycle", "totalSteps", options.totalSteps, { min: 2, integer: true });
  const pctStart = checkNumber("oneCycle", "pctStart", options.pctStart ?? 0.3, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const divFactor = checkNumber("oneCycle", "divFactor", options.divFactor ?? 25, { min: 0, minExclusive: true });
  const finalDivFactor = checkNumber("oneCycle", "finalDivFactor", options.finalDivFactor ?? 1e4, { min: 0, minExclusive: true });
  const strategy = options.annealStrategy ?? "cos";
  if (strategy !== "cos" && strategy !== "linear") {
    throw new RangeError(`oneCycle: invalid annealStrategy = ${JSON.stringify(strategy)}; expected "cos" or "linear"`);
  }
  const initialLr = maxLr / divFactor;
  const finalLr = initialLr / finalDivFactor;
  const peakStep = pctStart * totalSteps - 1;
  const lastStep = totalSteps - 1;
  if (peakStep <= 0 || lastStep - peakStep <= 0) {
    throw new RangeError(
      `oneCycle: pctStart = ${pctStart} with totalSteps = ${totalSteps} leaves a phase with no steps; expected pctStart·totalSteps in (1, totalSteps)`,
    );
  }
  const anneal = (from: number, to: number, progress: number): number =>
    strategy === "cos" ? to + ((from - to) * (1 + cos(Math.PI * progress))) / 2 : from + (to - from) * progress;
  return (step) => {
    checkNumber("oneCycle", "step", step, { min: 0, max: totalSteps, integer: true });
    if (step <= peakStep) return anneal(initialLr, maxLr, step / peakStep);
    return anneal(maxLr, finalLr, (step - peakStep) / (lastStep - peakStep));
  };
}

/**
 * Linear warm-up then cosine decay: peakLr · s / warmupSteps for s < warmupSteps; then
 * minLr + (peakLr - minLr)(1 + cos(π(s - warmupSteps)/(totalSteps - warmupSteps)))/2 up to totalSteps;
 * minLr after. Step 0 has learning rate 0 when warmupSteps > 0.
 */
export function warmupCosine(options: { peakLr: number; warmupSteps: number; totalSteps: number; minLr?: number }): Schedule {
  const peakLr = checkNumber("warmupCosine", "peakLr", options.peakLr, { min: 0 });
  const totalSteps = checkNumber("warmupCosine", "totalSteps", options.totalSteps, { min: 1, integer: true });
  const warmupSteps = checkNumber("warmupCosine", "warmupSteps", options.warmupSteps, { min: 0, max: totalSteps - 1, integer: true });
  const minLr = checkNumber("warmupCosine", "minLr", options.minLr ?? 0, { min: 0, max: peakLr });
  return (step) => {
    checkStep("warmupCosine", step);
    if (step < warmupSteps) return (peakLr * step) / warmupSteps;
    if (step > totalSteps) return minLr;
    const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
    return minLr + ((peakLr - minLr) * (1 + cos(Math.PI * progress))) / 2;
  };
}
