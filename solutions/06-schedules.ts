// Reference answers for lesson 06: schedules as pure functions of the completed step count.

/** lr · γ^⌊step / stepSize⌋. */
export function stepDecay(step: number, options: { lr: number; stepSize: number; gamma: number }): number {
  return options.lr * Math.pow(options.gamma, Math.floor(step / options.stepSize));
}

/** minLr + (lr − minLr)·(1 + cos(π·step/tMax))/2. */
export function cosineAnnealing(step: number, options: { lr: number; tMax: number; minLr: number }): number {
  const { lr, tMax, minLr } = options;
  return minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * step) / tMax))) / 2;
}

/** Linear warm-up from 0 to peakLr over warmupSteps, cosine down to minLr at totalSteps, then minLr. */
export function warmupCosine(
  step: number,
  options: { peakLr: number; warmupSteps: number; totalSteps: number; minLr: number },
): number {
  const { peakLr, warmupSteps, totalSteps, minLr } = options;
  if (step < warmupSteps) return (peakLr * step) / warmupSteps;
  if (step > totalSteps) return minLr;
  const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
  return minLr + ((peakLr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
}
