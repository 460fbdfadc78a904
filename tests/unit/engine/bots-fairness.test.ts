/**
 * The calibration bots do what their styles say (scenario authors' reports):
 * - the competent host (complaints: 0) leaves a quality complaint alone, like other complaints;
 * - the expert runs every planned flash sale, not only the first;
 * - on a short return to a product, the expert recaps and makes the ask instead of re-pitching;
 * - which facts the competent host knows does not depend on their order in the file;
 * - the expert handles a microphone failure fully: notice, fix, apology, price again.
 */
import { describe, expect, it } from 'vitest';
import { knowsFact, runWithBot } from '../../../src/engine';
import { createSim } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine';
import { eventsOf, loadScenario } from './helpers';

const TROLL = 'scenarios/drill-troll-wave-5min.yaml';

/** Events found by the host's spoken lines (host.say) in [from, to). */
function spoken<K extends SimEvent['type']>(log: readonly SimEvent[], type: K, from: number, to: number): SimEvent<K>[] {
  return eventsOf(log, type).filter((e) => {
    const src = e.refs ? log[e.refs[0]] : undefined;
    return e.t >= from && e.t < to && src?.type === 'host.say';
  });
}

describe('bots follow their styles', () => {
  it('the competent host leaves a quality complaint unanswered; the expert answers it', () => {
    const file = 'scenarios/drill-quality-complaint-5min.yaml';
    const handled = (bot: 'expert' | 'competent') => {
      const { sim } = runWithBot(loadScenario(file), 1, bot);
      const qc = eventsOf(sim.log, 'incident.started').filter((e) => e.kind === 'quality_complaint').map((e) => e.incident);
      expect(qc.length).toBeGreaterThan(0);
      return eventsOf(sim.log, 'incident.handled').filter((e) => qc.includes(e.incident)).length;
    };
    expect(handled('competent')).toBe(0);
    expect(handled('expert')).toBeGreaterThan(0);
  });

  it('the expert runs every planned flash sale', () => {
    const s = loadScenario(TROLL);
    const pitch = s.runOfShow.find((x) => x.id === 'pitch')!;
    pitch.flashSale = { price: 79, quantity: 20, perBuyer: 1 };
    expect(s.runOfShow.filter((x) => x.flashSale).length).toBe(2);
    const { sim } = runWithBot(s, 1, 'expert');
    expect(eventsOf(sim.log, 'flashsale.scheduled').map((e) => e.product)).toEqual(['scarf', 'beanie']);
  });

  it('on a one-minute return to a product, the expert recaps once, then states the price and asks for the order', () => {
    const s = loadScenario(TROLL);
    const close = s.runOfShow.findIndex((x) => x.id === 'close');
    expect(s.runOfShow[close].product).toBe('scarf');
    const from = s.runOfShow.slice(0, close).reduce((a, x) => a + x.duration, 0) * 1000;
    const to = from + s.runOfShow[close].duration * 1000;
    for (const seed of [1, 2]) {
      const { sim } = runWithBot(s, seed, 'expert');
      const pointLines = new Set(spoken(sim.log, 'speech.points', from, to).map((e) => e.refs![0]));
      expect(pointLines.size).toBeLessThanOrEqual(1);
      const price = spoken(sim.log, 'speech.price', from, to).find((e) => e.product === 'scarf' && e.ok);
      const buy = spoken(sim.log, 'speech.cta', from, to).find((e) => e.kind === 'buy');
      expect(price, `seed ${seed}: no price in the return visit`).toBeDefined();
      expect(buy, `seed ${seed}: no buy call in the return visit`).toBeDefined();
      expect(price!.t - from).toBeLessThan(30000);
    }
  });

  it('which facts the competent host knows does not depend on their order in the file', () => {
    const s = loadScenario(TROLL);
    const known = (scn: typeof s) => {
      const sim = createSim(scn, { seed: 1 });
      return scn.products.flatMap((p) => p.facts.filter((f) => knowsFact(sim, p.id, f.key, 0.5)).map((f) => `${p.id}/${f.key}`)).sort();
    };
    const before = known(s);
    const reordered = structuredClone(s);
    for (const p of reordered.products) p.facts.reverse();
    const rotated = structuredClone(s);
    for (const p of rotated.products) p.facts.push(p.facts.shift()!);
    expect(known(reordered)).toEqual(before);
    expect(known(rotated)).toEqual(before);
    // Half of each product's facts, rounded down.
    for (const p of s.products) expect(before.filter((k) => k.startsWith(`${p.id}/`)).length).toBe(Math.floor(p.facts.length / 2));
  });

  it('the expert posts a notice during a microphone failure, then apologises and says the price again once heard', () => {
    const { sim } = runWithBot(loadScenario('scenarios/drill-mic-failure-5min.yaml'), 1, 'expert');
    for (const st of eventsOf(sim.log, 'incident.started').filter((e) => e.kind === 'mic_failure')) {
      const fixed = eventsOf(sim.log, 'incident.handled').find((h) => h.incident === st.incident)!;
      expect(fixed).toBeDefined();
      expect(eventsOf(sim.log, 'room.announcement').some((a) => a.t >= st.t && a.t <= fixed.t)).toBe(true);
      expect(spoken(sim.log, 'speech.apology', fixed.t, fixed.t + 30000).length).toBeGreaterThan(0);
      expect(spoken(sim.log, 'speech.price', fixed.t, fixed.t + 30000).some((p) => p.ok)).toBe(true);
    }
  });
});
