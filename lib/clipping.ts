// Gradient clipping, applied in place between the backward pass and the optimizer step.
import { pow } from "./exact-math";
import { checkFloat64Array, checkNumber } from "./validate";

/** One gradient vector, or several (one per layer) treated as a single long vector. */
export type Gradients = Float64Array | readonly Float64Array[];

function asList(owner: string, grads: Gradients): readonly Float64Array[] {
  if (!Array.isArray(grads)) return [checkFloat64Array(owner, "grads", grads)];
  if (grads.some((g) => typeof g === "number")) {
    throw new TypeError(`${owner}: grads must be a Float64Array or an array of them, got a plain array of numbers; wrap it with Float64Array.from(...)`);
  }
  return grads.map((g: unknown, i: number) => checkFloat64Array(owner, `grads[${i}]`, g));
}

/** The p-norm (Σ|gᵢ|ᵖ)^(1/p) of one vector; p = Infinity gives max |gᵢ|. */
function vectorNorm(g: ArrayLike<number>, p: number): number {
  let acc = 0;
  if (p === Infinity) {
    for (let i = 0; i < g.length; i++) acc = Math.max(acc, Math.abs(g[i]));
    return acc;
  }
  if (p === 2) {
    for (let i = 0; i < g.length; i++) acc += g[i] * g[i];
    return Math.sqrt(acc);
  }
  for (let i = 0; i < g.length; i++) acc += pow(Math.abs(g[i]), p);
  return pow(acc, 1 / p);
}

/**
 * Clips by total norm, as torch.nn.utils.clip_grad_norm_: N = ‖(‖g₁‖, ‖g₂‖, …)‖ₚ over all vectors; if N
 * exceeds maxNorm every gradient is scaled by c = maxNorm / (N + 1e-6), keeping its direction. Returns N
 * (the norm before clipping). A non-finite N is an error: the gradients are already broken.
 */
export function clipGradNorm(grads: Gradients, maxNorm: number, normType = 2): number {
  const list = asList("clipGradNorm", grads);
  checkNumber("clipGradNorm", "maxNorm", maxNorm, { min: 0 });
  if (normType !== Infinity) checkNumber("clipGradNorm", "normType", normType, { min: 0, minExclusive: true });
  const total = vectorNorm(list.map((g) => vectorNorm(g, normType)), normType);
  if (!Number.isFinite(total)) {
    throw new RangeError(`clipGradNorm: the total gradient norm is ${total}; the gradients hold NaN or Infinity before clipping`);
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  if (coef < 1) {
    for (const g of list) for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return total;
}

/** Clips by value, as torch.nn.utils.clip_grad_value_: every gᵢ is clamped to [-clipValue, clipValue]. */
export function clipGradValue(grads: Gradients, clipValue: number): void {
  const list = asList("clipGradValue", grads);
  checkNumber("clipGradValue", "clipValue", clipValue, { min: 0 });
  for (const g of list) {
    for (let i = 0; i < g.length; i++) g[i] = Math.min(clipValue, Math.max(-clipValue, g[i]));
  }
}

/** The Euclidean norm ‖g‖₂ of a gradient, for logging. */
export function gradNorm(grads: ArrayLike<number>): number {
  return vectorNorm(grads, 2);
}
