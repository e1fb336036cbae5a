// Known wrong answers. Each variant is a plausible mistake, written out as code; the grader runs every
// variant on the same cases as the learner, and when the learner's results match a variant, the feedback
// names that mistake in plain words. The cases are chosen so that each variant fails more than 60% of them,
// so a named mistake earns at most 3 of 10 points (test/grader/diagnosis.test.ts checks this, and that each
// is diagnosed by its own name).
import type {
  AdamDecayOptions,
  AdamOptions,
  AdamState,
  DecayGroup,
  FactorOptions,
  FactoredState,
  LionOptions,
  MomentumOptions,
  MomentumState,
  ParameterBlock,
} from "@optlab/exercises";
import type { AnyFunction, ExerciseName } from "./harness";

/** A wrong implementation and the sentence that explains the mistake to a learner. */
export interface Variant {
  /** A short identifier, used in tests and in the gradebook's class summary. */
  name: string;
  /** What the learner probably did, in words a learner understands. */
  message: string;
  fn: AnyFunction;
}

function variant<F>(name: string, message: string, fn: F): Variant {
  return { name, message, fn: fn as unknown as AnyFunction };
}

type Vec = Float64Array;

/** Groups of one block each, with the weight decay `decayOf(block, λ)`. */
const decayGroups = (decayOf: (block: ParameterBlock, weightDecay: number) => number) => (blocks: readonly ParameterBlock[], wd: number): DecayGroup[] =>
  blocks.map((b) => ({ from: b.from, to: b.to, weightDecay: decayOf(b, wd) }));

// ---- lesson 01 ----
const sgd = (sign: number, useLr: boolean) => (p: Vec, g: Vec, lr: number) => {
  for (let i = 0; i < p.length; i++) p[i] -= sign * (useLr ? lr : 1) * g[i];
};

// ---- lesson 02 ----
interface MomentumTweaks {
  negativeVelocity?: boolean;
  dampenFirst?: boolean;
  movingAverage?: boolean;
  /** (1 − μ) on the new gradient from the second step on, keeping torch's first-step copy b ← g. */
  oneMinusMomentum?: boolean;
  lrInBuffer?: boolean;
  noIncrement?: boolean;
}
const momentum = (t: MomentumTweaks) => (p: Vec, g: Vec, s: MomentumState, o: MomentumOptions) => {
  const first = s.step === 0;
  const b = s.velocity;
  const keep = o.momentum;
  const blend = t.movingAverage || t.oneMinusMomentum ? 1 - o.momentum : 1 - o.dampening;
  for (let i = 0; i < p.length; i++) {
    if (t.negativeVelocity) {
      // v ← μ·v − η·g (v starts at −η·g), θ ← θ + v
      b[i] = first ? -o.lr * g[i] : keep * b[i] - o.lr * blend * g[i];
      p[i] += b[i];
      continue;
    }
    const gi = t.lrInBuffer ? o.lr * g[i] : g[i];
    b[i] = first && !t.dampenFirst && !t.movingAverage ? gi : keep * b[i] + blend * gi;
    p[i] -= t.lrInBuffer ? b[i] : o.lr * b[i];
  }
  if (!t.noIncrement) s.step += 1;
};

const nesterov = (form: "classic" | "noMu" | "noIncrement") => (p: Vec, g: Vec, s: MomentumState, o: { lr: number; momentum: number }) => {
  const first = s.step === 0;
  const b = s.velocity;
  for (let i = 0; i < p.length; i++) {
    b[i] = first ? g[i] : o.momentum * b[i] + g[i];
    if (form === "classic") p[i] -= o.lr * b[i];
    else if (form === "noMu") p[i] -= o.lr * (g[i] + b[i]);
    else p[i] -= o.lr * (g[i] + o.momentum * b[i]);
  }
  if (form !== "noIncrement") s.step += 1;
};

// ---- lesson 03 ----
type Denominator = "outside" | "inside" | "noSqrt";
const denominator = (acc: number, eps: number, form: Denominator): number =>
  form === "inside" ? Math.sqrt(acc + eps) : form === "noSqrt" ? acc + eps : Math.sqrt(acc) + eps;

const adagrad = (form: Denominator, accumulate: "sum" | "replace" | "after" | "abs") => (p: Vec, g: Vec, s: Vec, o: { lr: number; eps: number }) => {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    if (accumulate === "abs") {
      s[i] += Math.abs(gi);
      p[i] -= (o.lr * gi) / denominator(s[i], o.eps, form);
    } else if (accumulate === "after") {
      p[i] -= (o.lr * gi) / denominator(s[i], o.eps, form);
      s[i] += gi * gi;
    } else {
      s[i] = accumulate === "sum" ? s[i] + gi * gi : gi * gi;
      p[i] -= (o.lr * gi) / denominator(s[i], o.eps, form);
    }
  }
};

const rmsprop = (form: Denominator, tweak: "none" | "swapped" | "after") => (p: Vec, g: Vec, v: Vec, o: { lr: number; alpha: number; eps: number }) => {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const next = tweak === "swapped" ? (1 - o.alpha) * v[i] + o.alpha * gi * gi : o.alpha * v[i] + (1 - o.alpha) * gi * gi;
    if (tweak === "after") p[i] -= (o.lr * gi) / denominator(v[i], o.eps, form);
    v[i] = next;
    if (tweak !== "after") p[i] -= (o.lr * gi) / denominator(v[i], o.eps, form);
  }
};

// ---- lessons 04 and 05 ----
interface AdamTweaks {
  noCorrection?: boolean;
  onlyFirstCorrected?: boolean;
  noIncrement?: boolean;
  countFromZero?: boolean;
  epsInside?: boolean;
  epsBeforeCorrection?: boolean;
  betasSwapped?: boolean;
  momentsAfter?: boolean;
  vNotSquared?: boolean;
  /** Weight decay: "l2" in the gradient, "l2Double" 2λθ, "decoupled" before, "after" the update, "noLr" θ(1 − λ). */
  decay?: "l2" | "l2Double" | "decoupled" | "after" | "noLr" | "both";
}

const adam = (t: AdamTweaks) => (p: Vec, g: Vec, s: AdamState, o: AdamDecayOptions) => {
  const wd = o.weightDecay ?? 0;
  const step = s.step + 1;
  if (!t.noIncrement) s.step = step;
  const tt = t.noIncrement ? 1 : t.countFromZero ? step - 1 : step;
  const c1 = t.noCorrection ? 1 : 1 - Math.pow(o.beta1, tt);
  const c2 = t.noCorrection || t.onlyFirstCorrected ? 1 : 1 - Math.pow(o.beta2, tt);
  const [b1, b2] = t.betasSwapped ? [1 - o.beta1, 1 - o.beta2] : [o.beta1, o.beta2];
  for (let i = 0; i < p.length; i++) {
    if (t.decay === "decoupled" || t.decay === "both") p[i] *= 1 - o.lr * wd;
    if (t.decay === "noLr") p[i] *= 1 - wd;
    const gi = g[i] + (t.decay === "l2" || t.decay === "both" ? wd * p[i] : t.decay === "l2Double" ? 2 * wd * p[i] : 0);
    const oldM = s.m[i];
    const oldV = s.v[i];
    s.m[i] = b1 * s.m[i] + (1 - b1) * gi;
    s.v[i] = b2 * s.v[i] + (1 - b2) * (t.vNotSquared ? gi : gi * gi);
    const m = t.momentsAfter ? oldM : s.m[i];
    const v = t.momentsAfter ? oldV : s.v[i];
    let update: number;
    if (t.epsBeforeCorrection) update = ((o.lr * Math.sqrt(c2)) / c1) * (m / (Math.sqrt(v) + o.eps));
    else if (t.epsInside) update = (o.lr * (m / c1)) / Math.sqrt(v / c2 + o.eps);
    else update = (o.lr * (m / c1)) / (Math.sqrt(v / c2) + o.eps);
    p[i] -= update;
    if (t.decay === "after") p[i] *= 1 - o.lr * wd;
  }
};

const effective = (form: "noCorrection" | "epsInside" | "nextStep" | "noLr") => (s: AdamState, o: AdamOptions) => {
  const t = form === "nextStep" ? s.step + 1 : s.step;
  const c1 = form === "noCorrection" ? 1 : 1 - Math.pow(o.beta1, t);
  const c2 = form === "noCorrection" ? 1 : 1 - Math.pow(o.beta2, t);
  return Float64Array.from(s.m, (m, i) =>
    form === "epsInside"
      ? (o.lr * (m / c1)) / Math.sqrt(s.v[i] / c2 + o.eps)
      : ((form === "noLr" ? 1 : o.lr) * (m / c1)) / (Math.sqrt(s.v[i] / c2) + o.eps),
  );
};

// ---- lesson 06 ----
type StepOptions = { lr: number; stepSize: number; gamma: number };
type CosineOptions = { lr: number; tMax: number; minLr: number };
type WarmupOptions = { peakLr: number; warmupSteps: number; totalSteps: number; minLr: number };
const cosineBetween = (high: number, low: number, progress: number): number => low + ((high - low) * (1 + Math.cos(Math.PI * progress))) / 2;

// ---- lesson 07 ----
const norm2 = (g: Vec): number => Math.sqrt(g.reduce((acc, x) => acc + x * x, 0));
const clipNorm = (form: "byValue" | "normAfter" | "noEpsilon" | "always" | "squared") => (g: Vec, maxNorm: number) => {
  if (form === "byValue") {
    const n = norm2(g);
    for (let i = 0; i < g.length; i++) g[i] = Math.min(maxNorm, Math.max(-maxNorm, g[i]));
    return n;
  }
  const n = form === "squared" ? g.reduce((acc, x) => acc + x * x, 0) : norm2(g);
  const coef = form === "noEpsilon" ? maxNorm / n : maxNorm / (n + 1e-6);
  if (coef < 1 || form === "always") for (let i = 0; i < g.length; i++) g[i] *= coef;
  return form === "normAfter" ? norm2(g) : n;
};

// ---- lesson 09 ----
type LionTweak = "signOfNewMomentum" | "betasSwapped" | "decayNotScaledByLr" | "decayAfterUpdate" | "noSign";
const lion = (tweak: LionTweak) => (p: Vec, g: Vec, m: Vec, o: LionOptions) => {
  const [b1, b2] = tweak === "betasSwapped" ? [o.beta2, o.beta1] : [o.beta1, o.beta2];
  for (let i = 0; i < p.length; i++) {
    const c = b1 * m[i] + (1 - b1) * g[i];
    const next = b2 * m[i] + (1 - b2) * g[i];
    const direction = tweak === "signOfNewMomentum" ? Math.sign(next) : tweak === "noSign" ? c : Math.sign(c);
    if (tweak === "decayNotScaledByLr") p[i] -= o.lr * direction + o.weightDecay * p[i];
    else if (tweak === "decayAfterUpdate") p[i] = (p[i] - o.lr * direction) * (1 - o.lr * o.weightDecay);
    else p[i] -= o.lr * (direction + o.weightDecay * p[i]);
    m[i] = next;
  }
};

type FactorTweak = "columnMajor" | "sums" | "noEps1" | "eps1InSquares" | "beta2Swapped" | "stepNotIncremented" | "notNormalised";
const factors = (tweak: FactorTweak) => (g: Vec, s: FactoredState, o: FactorOptions): Vec => {
  const { rows, cols, eps1 } = o;
  if (tweak !== "stepNotIncremented") s.step += 1;
  const t = tweak === "stepNotIncremented" ? 1 : s.step;
  const w = tweak === "beta2Swapped" ? 1 - Math.pow(t, o.beta2Decay) : Math.pow(t, o.beta2Decay);
  // g_ij as the learner reads it: row-major as stated, or column by column.
  const at = (i: number, j: number): number => (tweak === "columnMajor" ? g[j * rows + i] : g[i * cols + j]);
  const square = (i: number, j: number): number => at(i, j) ** 2 + (tweak === "eps1InSquares" ? eps1 : 0);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += square(i, j);
    s.rowVar[i] += w * ((tweak === "sums" ? sum : sum / cols) - s.rowVar[i]);
  }
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += square(i, j);
    s.colVar[j] += w * ((tweak === "sums" ? sum : sum / rows) - s.colVar[j]);
  }
  const rowMean = s.rowVar.reduce((acc, x) => acc + x, 0) / rows;
  const floor = tweak === "noEps1" || tweak === "eps1InSquares" ? 0 : eps1 * eps1;
  const divisor = tweak === "notNormalised" ? 1 : tweak === "noEps1" || tweak === "eps1InSquares" ? rowMean : Math.max(rowMean, eps1);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = Math.max((s.rowVar[i] * s.colVar[j]) / divisor, floor);
  return out;
};

/** The known wrong variants of every exercise. */
export const VARIANTS: Record<ExerciseName, Variant[]> = {
  sgdStep: [
    variant("ascent", "The parameters moved uphill: the step adds lr·g instead of subtracting it (θ ← θ − lr·g).", sgd(-1, true)),
    variant("noLearningRate", "The step ignores the learning rate: it subtracts the raw gradient g instead of lr·g.", sgd(1, false)),
  ],
  stableLearningRate: [
    variant("oneOverCurvature", "You returned 1/c: that lr jumps to the minimum in one step, but rates up to 2/c still converge (they overshoot and come back, because |1 − lr·c| < 1).", (c: number) => 1 / c),
    variant("curvatureOverTwo", "The ratio is upside down: you returned c/2 where the limit is 2/c (a steeper bowl needs a smaller learning rate).", (c: number) => c / 2),
    variant("twoTimesCurvature", "You returned 2·c: the limit is 2/c (a steeper bowl needs a smaller learning rate, not a larger one).", (c: number) => 2 * c),
  ],
  momentumStep: [
    variant("dampeningOnFirstStep", "Dampening was applied at the first step: torch starts the buffer as an exact copy of g (b ← g when t = 1) and applies (1 − τ) only from the second step on.", momentum({ dampenFirst: true })),
    variant("movingAverage", "This is the moving-average form b ← μ·b + (1 − μ)·g; PyTorch's momentum is b ← μ·b + (1 − τ)·g with the dampening τ (0 by default), starting from b = g.", momentum({ movingAverage: true })),
    variant("oneMinusMomentumOnGradient", "From the second step on, the new gradient was weighted by (1 − μ), as in a moving average; PyTorch weights it by (1 − τ), the dampening (0 by default): b ← μ·b + (1 − τ)·g, starting from b = g.", momentum({ oneMinusMomentum: true })),
    variant("lrInsideBuffer", "The learning rate went inside the buffer (b ← μ·b + η·g, θ ← θ − b): the parameters can agree, but state.velocity must hold torch's buffer, without η.", momentum({ lrInBuffer: true })),
    variant("stepNotIncremented", "state.step never increases, so every step is treated as the first one and the buffer is reset to g: this is plain SGD. Add 1 to state.step at the end of each call.", momentum({ noIncrement: true })),
    variant("negativeVelocity", "The buffer holds a velocity with the learning rate and the minus sign inside (v ← μ·v − η·g, θ ← θ + v, as in CS231n): the parameters agree with torch, but state.velocity must hold torch's buffer b ← μ·b + (1 − τ)·g, and θ ← θ − η·b.", momentum({ negativeVelocity: true })),
  ],
  nesterovStep: [
    variant("classicMomentum", "This is classic momentum (θ ← θ − η·b); Nesterov looks ahead: θ ← θ − η·(g + μ·b).", nesterov("classic")),
    variant("missingMomentumFactor", "The look-ahead step is η·(g + b); the buffer must be scaled by μ: θ ← θ − η·(g + μ·b).", nesterov("noMu")),
    variant("stepNotIncremented", "state.step never increases, so every step is treated as the first one and the buffer is reset to g. Add 1 to state.step at the end of each call.", nesterov("noIncrement")),
  ],
  adagradStep: [
    variant("epsInsideSqrt", "eps sits inside the square root (√(s + eps)); torch adds it outside: √s + eps. The difference only shows when gradients are tiny.", adagrad("inside", "sum")),
    variant("noAccumulation", "The sum is replaced by the latest g² instead of growing (s ← s + g²): Adagrad remembers every past gradient.", adagrad("outside", "replace")),
    variant("absoluteValues", "The sum grows by |g| instead of g²: Adagrad accumulates squared gradients, s ← s + g², and divides by √s + eps.", adagrad("outside", "abs")),
    variant("sumUpdatedAfter", "The step used the sum from before adding this gradient's square; add g² to s first, then divide by √s + eps.", adagrad("outside", "after")),
    variant("noSqrt", "The gradient was divided by s + eps instead of √s + eps (the square root is missing).", adagrad("noSqrt", "sum")),
  ],
  rmspropStep: [
    variant("epsInsideSqrt", "eps sits inside the square root (√(v + eps)); torch's RMSprop adds it outside: √v + eps (TensorFlow puts it inside). The difference only shows when gradients are tiny.", rmsprop("inside", "none")),
    variant("alphaSwapped", "The weights of the moving average are swapped: it is v ← α·v + (1 − α)·g², so with α = 0.99 the old average keeps 99%.", rmsprop("outside", "swapped")),
    variant("averageUpdatedAfter", "The step used the average from before this gradient; update v first, then divide by √v + eps.", rmsprop("outside", "after")),
    variant("noSqrt", "The gradient was divided by v + eps instead of √v + eps (the square root is missing).", rmsprop("noSqrt", "none")),
  ],
  adamStep: [
    variant("noBiasCorrection", "Bias correction is missing: divide m by (1 − β1ᵗ) and v by (1 − β2ᵗ). Without it the first steps are the wrong size, because m and v start at 0: the first step is (1 − β1)/√(1 − β2) times the corrected one (about 3.16 times too large with the default betas).", adam({ noCorrection: true })),
    variant("onlyFirstMomentCorrected", "Only m is bias-corrected; v needs its own correction, v̂ = v / (1 − β2ᵗ).", adam({ onlyFirstCorrected: true })),
    variant("stepNotIncremented", "state.step is not incremented, so the bias correction always uses t = 1. Add 1 to state.step at the start of each call and use the new value as t.", adam({ noIncrement: true })),
    variant("stepCountsFromZero", "The bias correction used t = 0 at the first step (1 − β⁰ = 0, so it divides by zero): t must be the number of this step, counting from 1. Increment state.step before using it.", adam({ countFromZero: true })),
    variant("epsInsideSqrt", "eps sits inside the square root (√(v̂ + eps)); torch adds it outside: √v̂ + eps. The difference only shows when gradients are tiny.", adam({ epsInside: true })),
    variant("epsBeforeCorrection", "eps was added before the bias correction (the paper's 'efficient' form lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m/(√v + eps)); torch adds eps to √v̂, after correcting v.", adam({ epsBeforeCorrection: true })),
    variant("betasSwapped", "The moving-average weights are swapped: it is m ← β1·m + (1 − β1)·g (and the same with β2 for v), so the old value keeps the large share.", adam({ betasSwapped: true })),
    variant("vNotSquared", "The second moment averages g instead of g²: v ← β2·v + (1 − β2)·g² (squared, so it is never negative and its square root exists).", adam({ vNotSquared: true })),
    variant("momentsUpdatedAfter", "The step used m and v from before this gradient; update both moments first, then compute the step from them.", adam({ momentsAfter: true })),
  ],
  effectiveStepSizes: [
    variant("noBiasCorrection", "Bias correction is missing: use m̂ = m/(1 − β1ᵗ) and v̂ = v/(1 − β2ᵗ) with t = state.step.", effective("noCorrection")),
    variant("epsInsideSqrt", "eps sits inside the square root; Adam divides by √v̂ + eps.", effective("epsInside")),
    variant("nextStep", "The correction used t = state.step + 1; state.step already counts the step just taken, so use t = state.step.", effective("nextStep")),
    variant("missingLr", "The learning rate is missing: the step of parameter i is lr · m̂ᵢ / (√v̂ᵢ + eps).", effective("noLr")),
  ],
  adamL2Step: [
    variant("decoupledInsteadOfL2", "This is AdamW's decoupled decay; torch.optim.Adam's weight_decay adds λ·θ to the gradient, so the decay passes through m and v.", adam({ decay: "decoupled" })),
    variant("doubleDecay", "The decay term is 2·λ·θ; torch adds λ·θ to the gradient (the gradient of (λ/2)·‖θ‖²).", adam({ decay: "l2Double" })),
    variant("noDecay", "The weight decay is missing: add λ·θ to the gradient before updating the moments.", adam({})),
  ],
  adamwStep: [
    variant("l2InsteadOfDecoupled", "This is L2 regularisation (λ·θ added to the gradient, as torch.optim.Adam does); AdamW decouples it: θ ← θ·(1 − lr·λ), and the moments see only the raw gradient.", adam({ decay: "l2" })),
    variant("decayAfterUpdate", "The decay was applied after the Adam update; torch's AdamW shrinks θ by (1 − lr·λ) first, then applies the update.", adam({ decay: "after" })),
    variant("decayNotScaledByLr", "The decay is not scaled by the learning rate: AdamW multiplies θ by (1 − lr·λ), not (1 − λ).", adam({ decay: "noLr" })),
    variant("decayTwice", "The decay was applied twice, once decoupled and once as λ·θ in the gradient; AdamW uses only the decoupled shrink.", adam({ decay: "both" })),
    variant("noDecay", "The weight decay is missing: shrink θ by (1 − lr·λ) before the Adam update.", adam({})),
  ],
  noDecayOnBiases: [
    variant("swapped", "The decay is on the biases and not on the weights: a weight block gets weightDecay λ, a bias block 0.", decayGroups((b, wd) => (b.kind === "bias" ? wd : 0))),
    variant("byLayer", "The groups follow the layers instead of the kinds of parameter: the hidden layer (its bias too) got λ and the output layer (its weights too) none. Decide by block.kind: every bias, in whichever layer, gets weightDecay 0, and every weight λ.", decayGroups((b, wd) => (b.layer === 1 ? wd : 0))),
    variant("decayEverywhere", "Every group has weightDecay λ, the biases too: give each bias block weightDecay 0.", decayGroups((_b, wd) => wd)),
    variant("inclusiveTo", "The groups end one index early: `to` is one past the last index, [from, to) as in the blocks, so copy block.to as it is; here the last index of every block belongs to no group.", (blocks: readonly ParameterBlock[], wd: number) =>
      blocks.map((b) => ({ from: b.from, to: b.to - 1, weightDecay: b.kind === "bias" ? 0 : wd }))),
    variant("torchSpelling", "The groups set weight_decay, PyTorch's spelling; @optlab/lib's option is weightDecay (the optimizer would refuse weight_decay).", (blocks: readonly ParameterBlock[], wd: number) =>
      blocks.map((b) => ({ from: b.from, to: b.to, weight_decay: b.kind === "bias" ? 0 : wd }))),
    variant("setsNotRanges", "The weights were put in one group from the first weight index to the last, and the biases in another, as PyTorch's param_groups hold sets of tensors; here a group is one range [from, to), so those two ranges overlap. Give each block its own group, in index order.", (blocks: readonly ParameterBlock[], wd: number) => {
      const span = (kind: string) => blocks.filter((b) => b.kind === kind);
      const group = (kind: string, decay: number) => ({ from: Math.min(...span(kind).map((b) => b.from)), to: Math.max(...span(kind).map((b) => b.to)), weightDecay: decay });
      return [group("weight", wd), group("bias", 0)].sort((x, y) => x.from - y.from);
    }),
  ],
  stepDecay: [
    variant("offByOne", "The rate drops one step early: the first drop is at step = stepSize, i.e. γ^⌊step/stepSize⌋ with step counting completed steps from 0.", (s: number, o: StepOptions) => o.lr * Math.pow(o.gamma, Math.floor((s + 1) / o.stepSize))),
    variant("noFloor", "The exponent is step/stepSize without rounding down: that decays smoothly (ExponentialLR); StepLR holds the rate constant, then drops it: γ^⌊step/stepSize⌋.", (s: number, o: StepOptions) => o.lr * Math.pow(o.gamma, s / o.stepSize)),
    variant("ceil", "The exponent is rounded up; StepLR rounds down: γ^⌊step/stepSize⌋, so the first stepSize steps keep the initial rate.", (s: number, o: StepOptions) => o.lr * Math.pow(o.gamma, Math.ceil(s / o.stepSize))),
  ],
  cosineAnnealing: [
    variant("ignoresMinLr", "minLr is ignored: the curve must end at minLr, not 0: minLr + (lr − minLr)·(1 + cos(π·step/tMax))/2.", (s: number, o: CosineOptions) => cosineBetween(o.lr, 0, s / o.tMax)),
    variant("minLrNotSubtracted", "minLr was added but not subtracted from the amplitude: use (lr − minLr) in front of the cosine, so that step 0 gives exactly lr.", (s: number, o: CosineOptions) => o.minLr + (o.lr * (1 + Math.cos((Math.PI * s) / o.tMax))) / 2),
    variant("oneStepLate", "The schedule runs one step late: it gives at step s the rate of step s − 1. Steps count from 0: step 0 has the full rate lr, and minLr comes exactly at step = tMax.", (s: number, o: CosineOptions) => cosineBetween(o.lr, o.minLr, (s - 1) / o.tMax)),
    variant("tMaxOffByOne", "The cosine reaches its end one step early (π·step/(tMax − 1)); it reaches minLr exactly at step = tMax.", (s: number, o: CosineOptions) => cosineBetween(o.lr, o.minLr, s / (o.tMax - 1))),
  ],
  warmupCosine: [
    variant("warmupOffByOne", "The warm-up is one step ahead: step 0 must have rate 0 and the peak comes at step = warmupSteps (peakLr·step/warmupSteps).", (s: number, o: WarmupOptions) =>
      s < o.warmupSteps ? (o.peakLr * (s + 1)) / o.warmupSteps : s > o.totalSteps ? o.minLr : cosineBetween(o.peakLr, o.minLr, (s - o.warmupSteps) / (o.totalSteps - o.warmupSteps))),
    variant("cosineNotShifted", "The cosine phase starts counting at step 0 instead of at the end of the warm-up: use (step − warmupSteps)/(totalSteps − warmupSteps).", (s: number, o: WarmupOptions) =>
      s < o.warmupSteps ? (o.peakLr * s) / o.warmupSteps : s > o.totalSteps ? o.minLr : cosineBetween(o.peakLr, o.minLr, s / o.totalSteps)),
    variant("noClampAfterTotal", "After totalSteps the rate rises again (the cosine keeps going); it must stay at minLr.", (s: number, o: WarmupOptions) =>
      s < o.warmupSteps ? (o.peakLr * s) / o.warmupSteps : cosineBetween(o.peakLr, o.minLr, (s - o.warmupSteps) / (o.totalSteps - o.warmupSteps))),
    variant("ignoresMinLr", "minLr is ignored: the cosine must go from peakLr down to minLr, and stay there after totalSteps.", (s: number, o: WarmupOptions) =>
      s < o.warmupSteps ? (o.peakLr * s) / o.warmupSteps : s > o.totalSteps ? 0 : cosineBetween(o.peakLr, 0, (s - o.warmupSteps) / (o.totalSteps - o.warmupSteps))),
  ],
  clipGradNorm: [
    variant("clipsByValue", "Each entry was clamped to ±maxNorm (clipping by value); clipping by norm scales the whole vector by maxNorm/(N + 1e-6), keeping its direction.", clipNorm("byValue")),
    variant("returnsNormAfter", "The returned norm is the one after clipping; return N, the norm before clipping (for logging how large the gradients were).", clipNorm("normAfter")),
    variant("noEpsilon", "The scale factor is maxNorm/N; torch uses maxNorm/(N + 1e-6), so the clipped norm lands just below maxNorm.", clipNorm("noEpsilon")),
    variant("alwaysScales", "Small gradients were scaled up to maxNorm; clipping only shrinks: scale only when maxNorm/(N + 1e-6) < 1.", clipNorm("always")),
    variant("squaredNorm", "N is the sum of squares; the 2-norm is its square root, N = √(Σ gᵢ²).", clipNorm("squared")),
  ],
  clipGradValue: [
    variant("clipsByNorm", "The vector was rescaled to norm clipValue (clipping by norm); clipping by value clamps each entry on its own to [−clipValue, clipValue].", (g: Vec, c: number) => {
      clipNorm("noEpsilon")(g, c);
    }),
    variant("upperOnly", "Only the upper bound was applied; large negative entries must be clamped to −clipValue as well.", (g: Vec, c: number) => {
      for (let i = 0; i < g.length; i++) g[i] = Math.min(c, g[i]);
    }),
    variant("losesSign", "Clamped entries lost their sign: an entry below −clipValue becomes −clipValue, not +clipValue.", (g: Vec, c: number) => {
      for (let i = 0; i < g.length; i++) if (Math.abs(g[i]) > c) g[i] = c;
    }),
  ],
  fitCircle: [],
  lionStep: [
    variant("signOfNewMomentum", "The sign was taken from the new momentum (β2·m + (1 − β2)·g); Lion steps by the sign of the interpolation c = β1·m + (1 − β1)·g, computed from m before it is updated, and only then updates m with β2.", lion("signOfNewMomentum")),
    variant("betasSwapped", "β1 and β2 are swapped: β1 interpolates the update (c = β1·m + (1 − β1)·g) and β2 decays the momentum (m ← β2·m + (1 − β2)·g).", lion("betasSwapped")),
    variant("decayNotScaledByLr", "The weight decay is not scaled by the learning rate: Lion's step is θ ← θ − lr·(sign(c) + λ·θ), so the decay is lr·λ·θ, not λ·θ.", lion("decayNotScaledByLr")),
    variant("decayAfterUpdate", "The decay was applied after the sign step (θ ← (θ − lr·sign(c))·(1 − lr·λ)); Lion decays θ as it was before this step: θ ← θ − lr·(sign(c) + λ·θ).", lion("decayAfterUpdate")),
    variant("noSign", "The sign is missing: Lion steps by lr·sign(c), the same size lr in every coordinate, not by lr·c.", lion("noSign")),
  ],
  adafactorFactors: [
    variant("columnMajor", "The gradient was read column by column: it is row-major, g_ij = grads[i·cols + j], so R_i averages the cols entries of row i and C_j the rows entries of column j. Here rows and columns are mixed up.", factors("columnMajor")),
    variant("sumsNotMeans", "R and C hold sums of g² over each row and column; torch keeps means: R_i averages over the cols entries of row i, C_j over the rows entries of column j.", factors("sums")),
    variant("noEps1", "ε1 is missing: torch divides by max(mean R, ε1) and floors the estimate at ε1², so that a zero gradient gives ε1², never 0 or NaN.", factors("noEps1")),
    variant("eps1AddedToSquares", "ε1 was added to g² (the paper's form, R ← β2·R + (1 − β2)·mean(g² + ε1)); torch averages g² alone and uses ε1 only as a floor: v̂ = max(R_i·C_j / max(mean R, ε1), ε1²).", factors("eps1InSquares")),
    variant("beta2Swapped", "The weights of the moving average are swapped: the new mean of g² gets w = t^beta2Decay (1 − β2_t, which is 1 at the first step) and the old factor 1 − w: R ← R + w·(mean − R).", factors("beta2Swapped")),
    variant("stepNotIncremented", "state.step never increases, so w = t^beta2Decay is 1 at every step and the factors only hold the latest gradient. Add 1 to state.step at the start of each call and use the new value as t.", factors("stepNotIncremented")),
    variant("notNormalised", "The estimate is R_i·C_j without the normalisation: divide by the mean of R (floored at ε1), v̂ = R_i·C_j / max(mean R, ε1), so that the estimate has the scale of g² and not of its square.", factors("notNormalised")),
  ],
};
