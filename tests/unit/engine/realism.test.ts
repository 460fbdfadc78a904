/**
 * Realism: hosted rooms land inside the practitioners' rules of thumb and the shape the
 * research describes.
 *
 * The ranges are the ones documented in docs/metrics.md, "How realistic is a room?", with their
 * sources (../shared/research/live-room-benchmarks.md): for the `competent` bot on
 * scenarios/imkt-l5-kidswear-20min.yaml averaged over seeds, average dwell 30–120 s, interaction
 * rate 3–20 %, buyers ÷ UV 0.5–6 %; follow rate (转粉率) at most 6 % for every host, and the
 * `expert` at or above the 3 % goal; and buying needs a long watch: orders from viewers who have
 * watched ten minutes or more exist (at least 3 % of each host's orders) and the median order comes after
 * two minutes of watching or more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BOT_STEP_MS, createBot, createSim } from '../../../src/engine';
import type { BotName, Metrics, Scenario } from '../../../src/engine';
import { kidswear, mean, range } from './helpers';

/** A bot's run, with how long each buyer had been watching when they ordered (s). */
function hosted(s: Scenario, seed: number, name: BotName): { m: Metrics; watchAtOrder: number[] } {
  const sim = createSim(s, { seed });
  const bot = createBot(name, seed);
  const watchAtOrder: number[] = [];
  let seen = 0;
  while (!sim.finished) {
    for (const a of bot.step(sim)) sim.dispatch(a);
    sim.advanceTo(sim.now + BOT_STEP_MS);
    for (; seen < sim.log.length; seen++) {
      const e = sim.log[seen];
      if (e.type !== 'order.placed') continue;
      // A buyer clicked first, so the room knows them by id while they are present.
      const slot = sim.state.notable.get(e.viewer);
      if (slot === undefined) throw new Error(`buyer ${e.viewer} is not in the room at ${e.t} ms`);
      watchAtOrder.push((e.t - sim.state.pool.arrived[slot]) / 1000);
    }
  }
  return { m: sim.metrics(), watchAtOrder };
}

describe('hosted 20-minute kidswear rooms look like real ones (ranges and sources in docs/metrics.md)', () => {
  let competent: ReturnType<typeof hosted>[] = [];
  let expert: ReturnType<typeof hosted>[] = [];
  beforeAll(() => {
    competent = range(1, 5).map((seed) => hosted(kidswear(), seed, 'competent'));
    expert = range(1, 5).map((seed) => hosted(kidswear(), seed, 'expert'));
  }, 60_000);
  const avg = (runs: ReturnType<typeof hosted>[], f: (m: Metrics) => number) => mean(runs.map((r) => f(r.m)));

  it('viewers of a competent host stay 30 to 120 seconds on average', () => {
    const dwell = avg(competent, (m) => m.avgDwellSec);
    expect(dwell).toBeGreaterThanOrEqual(30);
    expect(dwell).toBeLessThanOrEqual(120);
  });

  it('3 % to 20 % of a competent host\'s viewers interact (comment, like, follow or share)', () => {
    const rate = avg(competent, (m) => m.interactionRate);
    expect(rate).toBeGreaterThanOrEqual(0.03);
    expect(rate).toBeLessThanOrEqual(0.2);
  });

  it('0.5 % to 6 % of a competent host\'s viewers buy', () => {
    const rate = avg(competent, (m) => m.buyers / m.uv);
    expect(rate).toBeGreaterThanOrEqual(0.005);
    expect(rate).toBeLessThanOrEqual(0.06);
  });

  it('the follow rate (新增粉丝 ÷ 观众) is at most 6 % for any host, and an expert reaches the 3 % goal', () => {
    const c = avg(competent, (m) => m.followRate);
    const e = avg(expert, (m) => m.followRate);
    expect(c, `competent ${c}`).toBeGreaterThan(0);
    expect(c, `competent ${c}`).toBeLessThanOrEqual(0.06);
    expect(e, `expert ${e}`).toBeGreaterThanOrEqual(0.03);
    expect(e, `expert ${e}`).toBeLessThanOrEqual(0.06);
  });

  it('buying needs a long watch: some orders come after ten minutes or more of watching, and the median after two minutes or more', () => {
    for (const [name, runs] of [['competent', competent], ['expert', expert]] as const) {
      const watch = runs.flatMap((r) => r.watchAtOrder).sort((a, b) => a - b);
      expect(watch.length, name).toBeGreaterThan(20);
      const long = watch.filter((x) => x >= 600).length / watch.length;
      const median = watch[Math.floor(watch.length / 2)];
      expect(long, `${name}: share of orders after ≥ 10 min of watching`).toBeGreaterThanOrEqual(0.03);
      expect(median, `${name}: median watch at order (s)`).toBeGreaterThanOrEqual(120);
    }
  });

  it('the figures come from real activity: many viewers came and the conversion metric is buyers ÷ UV', () => {
    expect(competent).toHaveLength(5);
    for (const { m } of [...competent, ...expert]) {
      expect(m.uv).toBeGreaterThan(300);
      expect(m.conversion).toBeCloseTo(m.buyers / m.uv, 3);
    }
  });
});
