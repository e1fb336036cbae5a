// The MLP's loss takes one logarithm for a hard label instead of the formula's two: the same bits as the
// textbook formula -[y log p + (1 - y) log(1 - p)], for the loss alone and through a whole training run.
import { describe, expect, it } from "vitest";
import { Adam, binaryCrossEntropy, circleData, MLP, Rng, SGD, train, type Dataset } from "@optlab/lib";

/** The formula as written, with both logarithms, and the same clamp as the library's. */
function textbookBce(p: number, y: number): number {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
}

/** The forward and backward pass of the MLP, written straight from the formulas with the textbook loss. */
function textbookLossAndGradient(H: number, params: Float64Array, grads: Float64Array, data: Dataset, indices: ArrayLike<number>, from: number, to: number): { loss: number; correct: number } {
  grads.fill(0);
  let total = 0;
  let correct = 0;
  const count = to - from;
  for (let k = from; k < to; k++) {
    const s = indices[k];
    const x0 = data.inputs[2 * s];
    const x1 = data.inputs[2 * s + 1];
    const y = data.labels[s];
    const z1: number[] = [];
    let z2 = params[4 * H];
    for (let j = 0; j < H; j++) {
      z1.push(params[2 * j] * x0 + params[2 * j + 1] * x1 + params[2 * H + j]);
      z2 += params[3 * H + j] * Math.max(z1[j], 0);
    }
    const p = 1 / (1 + Math.exp(-z2));
    total += textbookBce(p, y);
    if (p >= 0.5 === y >= 0.5) correct += 1;
    const dz2 = (p - y) / count;
    grads[4 * H] += dz2;
    for (let j = 0; j < H; j++) {
      grads[3 * H + j] += dz2 * Math.max(z1[j], 0);
      const dz1 = z1[j] > 0 ? dz2 * params[3 * H + j] : 0;
      grads[2 * j] += dz1 * x0;
      grads[2 * j + 1] += dz1 * x1;
      grads[2 * H + j] += dz1;
    }
  }
  return { loss: total / count, correct: correct };
}

/** Bit patterns of a number (so that 0 and -0, or two NaNs, are compared exactly). */
const bits = (x: number) => new Uint8Array(Float64Array.of(x).buffer).join(",");

describe("binaryCrossEntropy", () => {
  it("gives the bits of the two-logarithm formula for hard labels, soft labels and clamped probabilities", () => {
    const rng = new Rng(3);
    const ps = [0, 1e-300, 1e-16, 1e-15, 0.5, 1 - 1e-15, 1 - 1e-16, 1, ...Array.from({ length: 2000 }, () => rng.next())];
    for (const p of ps) {
      for (const y of [0, 1, 0.25, 0.9]) expect(bits(binaryCrossEntropy(p, y))).toBe(bits(textbookBce(p, y)));
    }
    // the values themselves: -ln 0.5 for either label at p = 0.5, and the clamp's -ln(1e-15) for a certain mistake
    expect(binaryCrossEntropy(0.5, 1)).toBe(Math.LN2);
    expect(binaryCrossEntropy(0, 1)).toBeCloseTo(15 * Math.LN10, 12);
    expect(binaryCrossEntropy(1, 0)).toBeGreaterThan(34.5);
  });
});

describe("MLP.lossAndGradient", () => {
  const data = circleData({ n: 60, seed: 5 });
  const order = new Rng(9).shuffle(Uint32Array.from({ length: data.size }, (_, i) => i));

  it("equals the textbook pass bit for bit on single samples, mini-batches and the full batch", () => {
    const net = new MLP(8);
    const grads = new Float64Array(net.size);
    const expected = new Float64Array(net.size);
    for (const seed of [0, 1, 2]) {
      const params = net.init(seed, 0.5);
      for (const [from, to] of [[0, 1], [7, 8], [59, 60], [10, 20], [0, 60]]) {
        const loss = net.lossAndGradient(params, grads, data, order, from, to);
        const reference = textbookLossAndGradient(8, params, expected, data, order, from, to);
        expect(bits(loss)).toBe(bits(reference.loss));
        expect(net.lastCorrect).toBe(reference.correct);
        expect(Array.from(grads, bits)).toEqual(Array.from(expected, bits));
      }
    }
  });

  it("trains to the same bits as the textbook pass, one step per sample with Adam and per batch of 10 with SGD", () => {
    const net = new MLP(8);
    for (const [make, batch] of [[() => new Adam({ lr: 0.01 }), 1], [() => new SGD({ lr: 0.3, momentum: 0.9 }), 10]] as const) {
      const params = net.init(4, 0.5);
      const run = train(net, params, make(), data, { epochs: 5, batchSize: batch, shuffleSeed: 11 });
      // the same loop by hand, with the textbook pass
      const mine = net.init(4, 0.5);
      const grads = new Float64Array(net.size);
      const optimizer = make();
      const shuffled = Uint32Array.from({ length: data.size }, (_, i) => i);
      const rng = new Rng(11);
      const losses: number[] = [];
      for (let epoch = 0; epoch < 5; epoch++) {
        rng.shuffle(shuffled);
        let sum = 0;
        for (let from = 0; from < data.size; from += batch) {
          sum += textbookLossAndGradient(8, mine, grads, data, shuffled, from, from + batch).loss * batch;
          optimizer.step(mine, grads);
        }
        losses.push(sum / data.size);
      }
      expect(run.loss.map(bits)).toEqual(losses.map(bits));
      expect(Array.from(params, bits)).toEqual(Array.from(mine, bits));
      expect(run.loss[4]).toBeLessThan(run.loss[0]); // and it did train
    }
  });
});
