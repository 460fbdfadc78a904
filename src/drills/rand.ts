/**
 * Seeded choices for drawing drill variants: pure-rand's xoroshiro128+ (as the engine), so the
 * same seed draws the same variant in Node and in the browser.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

export interface Rand {
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element. */
  pick<T>(xs: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(xs: readonly T[]): T[];
  /** `n` distinct elements (all of them if fewer), in a random order. */
  sample<T>(xs: readonly T[], n: number): T[];
}

export function seeded(seed: number): Rand {
  const g = xoroshiro128plus(seed | 0);
  for (let i = 0; i < 16; i++) g.next(); // small seeds give correlated first outputs (as src/engine/rng.ts)
  const int = (min: number, max: number) => uniformInt(g, min, max);
  const shuffle = <T,>(xs: readonly T[]) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return {
    int,
    pick: <T,>(xs: readonly T[]) => {
      if (xs.length === 0) throw new Error('nothing to pick from');
      return xs[int(0, xs.length - 1)];
    },
    shuffle,
    sample: <T,>(xs: readonly T[], n: number) => shuffle(xs).slice(0, n),
  };
}
