// Reference answer for lesson 08: one recipe that clears 95% held-out accuracy on the circle data.
import { Adam, MLP, circleData, train, warmupCosine } from "@optlab/lib";
import type { CircleFit } from "@optlab/exercises";

/**
 * Adam (lr 0.03) with 50 warm-up steps and cosine decay to lr/100, gradients clipped to norm 1,
 * 16 hidden units, batches of 10, 30 epochs: 30 · 500/10 = 1500 steps.
 */
export function fitCircle(seed: number): CircleFit {
  const hidden = 16;
  const model = new MLP(hidden);
  const params = model.init(seed);
  const data = circleData({ n: 500, seed });
  const epochs = 30;
  const batchSize = 10;
  const totalSteps = (epochs * data.size) / batchSize;
  const result = train(model, params, new Adam({ lr: 0.03 }), data, {
    epochs,
    batchSize,
    shuffleSeed: seed,
    schedule: warmupCosine({ peakLr: 0.03, warmupSteps: 50, totalSteps, minLr: 0.0003 }),
    clipNorm: 1,
  });
  return { hidden, params, steps: result.lr.length };
}
