/**
 * Realism: a competently hosted room lands inside the practitioners' rules of thumb.
 *
 * The ranges are the ones documented in docs/metrics.md, "How realistic is a room?":
 * average dwell 30–120 s, interaction rate 3–20 %, buyers ÷ UV 0.5–6 %, for the
 * `competent` bot on scenarios/imkt-l5-kidswear-20min.yaml averaged over seeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runWithBot } from '../../../src/engine';
import type { Metrics } from '../../../src/engine';
import { kidswear, mean, range } from './helpers';

describe('a competently hosted 20-minute kidswear room looks like a real one (ranges from docs/metrics.md)', () => {
  let runs: Metrics[] = [];
  beforeAll(() => {
    runs = range(1, 5).map((seed) => runWithBot(kidswear(), seed, 'competent').sim.metrics());
  }, 60_000);
  const avg = (f: (m: Metrics) => number) => mean(runs.map(f));

  it('viewers stay 30 to 120 seconds on average', () => {
    const dwell = avg((m) => m.avgDwellSec);
    expect(dwell).toBeGreaterThanOrEqual(30);
    expect(dwell).toBeLessThanOrEqual(120);
  });

  it('3 % to 20 % of viewers interact (comment, like, follow or share)', () => {
    const rate = avg((m) => m.interactionRate);
    expect(rate).toBeGreaterThanOrEqual(0.03);
    expect(rate).toBeLessThanOrEqual(0.2);
  });

  it('0.5 % to 6 % of viewers buy', () => {
    const rate = avg((m) => m.buyers / m.uv);
    expect(rate).toBeGreaterThanOrEqual(0.005);
    expect(rate).toBeLessThanOrEqual(0.06);
  });

  it('the figures come from real activity: many viewers came and the conversion metric is buyers ÷ UV', () => {
    expect(runs).toHaveLength(5);
    for (const m of runs) {
      expect(m.uv).toBeGreaterThan(300);
      expect(m.conversion).toBeCloseTo(m.buyers / m.uv, 3);
    }
  });
});
