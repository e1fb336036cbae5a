// A small seeded random generator. Every experiment in the course takes a seed, so a notebook run twice
// (on any machine) prints the same numbers. Nothing in the course uses Math.random.
import { checkNumber } from "./validate";

/**
 * Mulberry32: a 32-bit generator with one word of state, fast and good enough for teaching experiments
 * (not for cryptography). Doubles are built from two draws, so they carry 53 random bits.
 */
export class Rng {
  private state: number;

  /** Creates a generator; the same integer seed always gives the same sequence. */
  constructor(seed: number) {
    checkNumber("Rng", "seed", seed, { integer: true });
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    // Mulberry32 (Tommy Ettinger): a Weyl sequence scrambled by two multiply-xorshift rounds.
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** A uniform double in [0, 1). */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    checkNumber("Rng.int", "n", n, { min: 1, integer: true });
    return Math.floor(this.next() * n);
  }

  /** A normal sample with the given mean and standard deviation (Box–Muller). */
  gaussian(mean = 0, std = 1): number {
    const u1 = 1 - this.next(); // in (0, 1], so the logarithm is finite
    const u2 = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** Fills `out` with uniform samples in [low, high) and returns it. */
  fillUniform(out: Float64Array, low: number, high: number): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** Fills `out` with normal samples and returns it. */
  fillGaussian(out: Float64Array, mean = 0, std = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.gaussian(mean, std);
    return out;
  }
}
