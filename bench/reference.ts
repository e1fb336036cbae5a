// Plain scalar loops for the benchmark: the same arithmetic as the library's optimizers, in the same order,
// each written as one function whose constants are copied into locals before a loop with no calls, checks
// or branches. They are the "scalar loop" the library is measured against, and the bench checks that they
// agree with the library bit for bit.
import { exactMath } from "@optlab/lib";

/** One optimizer step on flat arrays; the closure owns its state and step count. */
export type StepFn = (params: Float64Array, grads: Float64Array) => void;

/** torch SGD without momentum and weight decay λ = 0: θ ← θ - η(g + λθ). */
export function sgdReference(learningRate: number): StepFn {
  return (params, grads) => {
    const lr = learningRate;
    const wd = 0;
    for (let i = 0, n = params.length; i < n; i++) params[i] -= lr * (grads[i] + wd * params[i]);
  };
}

/** torch SGD with momentum μ (classic or Nesterov), dampening 0, weight decay 0. */
export function momentumReference(learningRate: number, momentum: number, nesterov: boolean): StepFn {
  let buffer: Float64Array | null = null;
  let steps = 0;
  return (params, grads) => {
    const n = params.length;
    buffer ??= new Float64Array(n);
    steps += 1;
    const b = buffer;
    const lr = learningRate;
    const mu = momentum;
    const wd = 0;
    const keep = steps === 1 ? 0 : mu;
    const blend = steps === 1 ? 1 : 1 - 0;
    if (nesterov) {
      for (let i = 0; i < n; i++) {
        const g = grads[i] + wd * params[i];
        const bi = keep * b[i] + blend * g;
        b[i] = bi;
        params[i] -= lr * (g + mu * bi);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const g = grads[i] + wd * params[i];
        const bi = keep * b[i] + blend * g;
        b[i] = bi;
        params[i] -= lr * bi;
      }
    }
  };
}

/** torch RMSprop, not centered, no momentum, weight decay 0. */
export function rmspropReference(learningRate: number, smoothing: number, epsilon: number): StepFn {
  let square: Float64Array | null = null;
  return (params, grads) => {
    const n = params.length;
    square ??= new Float64Array(n);
    const v = square;
    const lr = learningRate;
    const alpha = smoothing;
    const eps = epsilon;
    const wd = 0;
    for (let i = 0; i < n; i++) {
      const g = grads[i] + wd * params[i];
      const vi = alpha * v[i] + (1 - alpha) * g * g;
      v[i] = vi;
      params[i] -= (lr * g) / (Math.sqrt(vi) + eps);
    }
  };
}

/** torch Adam (decoupled = false: L2 weight decay) or AdamW (decoupled = true), amsgrad off. */
export function adamReference(learningRate: number, b1: number, b2: number, epsilon: number, weightDecay: number, decoupled: boolean): StepFn {
  let expAvg: Float64Array | null = null;
  let expAvgSq: Float64Array | null = null;
  let steps = 0;
  return (params, grads) => {
    const n = params.length;
    expAvg ??= new Float64Array(n);
    expAvgSq ??= new Float64Array(n);
    steps += 1;
    const m = expAvg;
    const v = expAvgSq;
    const t = steps;
    const lr = learningRate;
    const beta1 = b1;
    const beta2 = b2;
    const eps = epsilon;
    const l2 = decoupled ? 0 : weightDecay;
    const shrink = decoupled ? 1 - lr * weightDecay : 1;
    const stepSize = lr / (1 - exactMath.pow(beta1, t));
    const correction2Sqrt = Math.sqrt(1 - exactMath.pow(beta2, t));
    for (let i = 0; i < n; i++) {
      const p = params[i] * shrink;
      const g = grads[i] + l2 * p;
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = p - (stepSize * mi) / (Math.sqrt(vi) / correction2Sqrt + eps);
    }
  };
}

/**
 * The bandwidth reference: reads params, grads and `states` state arrays and writes params and the state
 * arrays back, with one addition per array, so it moves exactly the bytes of an optimizer step with that
 * much state (Adam: 2 state arrays, 7 × 8 bytes per parameter) and does almost no arithmetic.
 */
export function bandwidthLoop(states: 0 | 1 | 2): StepFn {
  let first: Float64Array | null = null;
  let second: Float64Array | null = null;
  return (params, grads) => {
    const n = params.length;
    if (states === 0) {
      for (let i = 0; i < n; i++) params[i] += grads[i];
      return;
    }
    first ??= new Float64Array(n);
    const a = first;
    if (states === 1) {
      for (let i = 0; i < n; i++) {
        const g = grads[i];
        a[i] += g;
        params[i] += g;
      }
      return;
    }
    second ??= new Float64Array(n);
    const b = second;
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      a[i] += g;
      b[i] += g;
      params[i] += g;
    }
  };
}
