/**
 * The simulation's random numbers: pure-rand's xoroshiro128+ seeded from the
 * run's seed. The generator lives inside the simulation state, so the same
 * scenario, seed and actions always draw the same numbers.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

const TWO_POW_32 = 4294967296;

/** Spread nearby seeds (1, 2, 3…) over the whole 32-bit space (a murmur3 finaliser). */
function mixSeed(seed: number): number {
  let h = (seed | 0) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class Rng {
  private gen: JumpableRandomGenerator;

  constructor(seed: number, stream = 0) {
    this.gen = xoroshiro128plus(mixSeed(seed));
    // Small seeds give correlated first outputs; discard a few.
    for (let i = 0; i < 16; i++) this.gen.next();
    // Independent streams (e.g. a bot's choices) must never share draws with the audience.
    for (let i = 0; i < stream; i++) this.gen.jump();
  }

  static fromState(state: readonly number[]): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    r.gen = xoroshiro128plusFromState(state);
    return r;
  }

  state(): readonly number[] {
    return this.gen.getState();
  }

  /** Uniform in [0, 1). */
  float(): number {
    return (this.gen.next() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.float();
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Poisson-distributed count with the given mean (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) {
      // Box–Muller; one draw pair per call keeps the stream simple to reason about.
      const u1 = 1 - this.float();
      const u2 = this.float();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}
