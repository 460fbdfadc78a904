/**
 * Keyword stuffing earns nothing: through real simulations (createSim + say actions), a bare
 * keyword list, a repeated line and a flood of points are withheld and logged as
 * `speech.uncredited` with the reason, and a stuffer's covered points and GMV do not exceed a
 * normal host's.
 */
import { describe, expect, it } from 'vitest';
import { createSim, type ActionInput, type Scenario, type Sim } from '../../../src/engine';
import { eventsOf, kidswear, mean } from './helpers';

/** A run where the host lists product `pid` and explains it, then says `lines(t)` every `everyMs`. */
function run(scenario: Scenario, seed: number, pid: string, everyMs: number, line: (k: number) => string | null, untilMs = 8 * 60000) {
  const sim = createSim(scenario, { seed });
  const first: ActionInput[] = [{ t: 0, type: 'start_explaining', product: pid } as ActionInput];
  const p = scenario.products.find((x) => x.id === pid)!;
  if (!p.listed) first.unshift({ t: 0, type: 'list_product', product: pid } as ActionInput);
  for (const a of first) sim.dispatch(a);
  for (let t = 1000, k = 0; t < untilMs; t += everyMs, k++) {
    const text = line(k);
    if (text) sim.dispatch({ t, type: 'say', text } as ActionInput);
  }
  sim.advanceTo(untilMs);
  return sim;
}

const hoodie = (s: Scenario) => s.products.find((p) => p.id === 'hoodie')!;

describe('selling-point credit is for sentences, not keyword lists', () => {
  it('a bare keyword list covers nothing and is logged as a list', () => {
    const s = kidswear();
    const kws = hoodie(s).sellingPoints.flatMap((sp) => sp.keywords);
    const sim = run(s, 3, 'hoodie', 60000, (k) => (k === 0 ? kws.join(' ') : null), 20000);
    expect(sim.state.products[0].covered.size).toBe(0);
    const why = eventsOf(sim.log, 'speech.uncredited');
    expect(why.length).toBeGreaterThan(0);
    expect(why.every((e) => e.reason === 'list')).toBe(true);
    expect(eventsOf(sim.log, 'speech.points')).toEqual([]);
  });

  it('the same points in sentences are covered', () => {
    const s = kidswear();
    const lines = hoodie(s).sellingPoints.map((sp) => `这款卫衣，${sp.text}。`);
    const sim = run(s, 3, 'hoodie', 12000, (k) => lines[k] ?? null, 60000);
    expect(sim.state.products[0].covered.size).toBe(hoodie(s).sellingPoints.length);
    expect(eventsOf(sim.log, 'speech.uncredited')).toEqual([]);
  });

  it('a repeated line earns nothing after the first time, even with a word changed', () => {
    const s = kidswear();
    const said = ['这款卫衣面料是95%棉，穿着亲肤透气。', '这款卫衣面料是95%棉，穿着亲肤透气！', '这款卫衣面料是95%棉哦，穿着亲肤透气。'];
    const sim = run(s, 3, 'hoodie', 10000, (k) => said[k] ?? null, 40000);
    const pts = eventsOf(sim.log, 'speech.points');
    const why = eventsOf(sim.log, 'speech.uncredited');
    expect(pts).toHaveLength(1);
    expect(why.map((e) => e.reason)).toEqual(['repeat', 'repeat']);
    // The evidence names the line it repeats (the latest similar one).
    const says = eventsOf(sim.log, 'host.say');
    expect(why.map((e) => e.repeats)).toEqual([says[0].id, says[1].id]);
  });

  it('a sentence earns at most two points, and the room at most eight a minute', () => {
    const s = kidswear();
    const all = s.products.slice(0, 3).flatMap((p) => p.sellingPoints.map((sp) => ({ p, sp })));
    // One sentence naming four points: two are credited, two capped.
    const hp = hoodie(s).sellingPoints;
    const sim = run(s, 3, 'hoodie', 60000, (k) => (k === 0 ? `这款卫衣面料是${hp[0].keywords[0]}，摸起来${hp[1].keywords[0]}，设计上${hp[2].keywords[0]}，洗起来${hp[3].keywords[0]}也省心` : null), 5000);
    const credited = eventsOf(sim.log, 'speech.points').flatMap((e) => e.points);
    expect(credited).toHaveLength(2);
    expect(eventsOf(sim.log, 'speech.uncredited').find((e) => e.reason === 'cap')?.points).toHaveLength(2);
    // Twelve different one-point sentences within 40 s: eight credited, the rest capped.
    const lines = all.slice(0, 12).map(({ p, sp }) => `${p.aliases[0]}这点要说一下，${sp.text}。`);
    const sim2 = run(s, 3, 'hoodie', 3000, (k) => lines[k] ?? null, 45000);
    expect(eventsOf(sim2.log, 'speech.points').flatMap((e) => e.points)).toHaveLength(8);
    expect(eventsOf(sim2.log, 'speech.uncredited').filter((e) => e.reason === 'cap').length).toBeGreaterThan(0);
  });
});

describe('a keyword stuffer does not out-sell a normal host', () => {
  it('covers fewer points and sells no more than a host who explains in sentences (5 seeds)', () => {
    const s = kidswear();
    const h = hoodie(s);
    const kws = [...h.sellingPoints.flatMap((sp) => sp.keywords), ...h.facts.flatMap((f) => f.accept.slice(0, 2))];
    // The stuffer: every keyword and fact word with a call to buy, every 8 s.
    const stuffed = () => `这款${h.name.zh}，${kws.join('，')}，1号链接赶紧拍！`;
    // A normal host: one point a sentence every 20 s, then the price and the ask.
    const normal = [...h.sellingPoints.map((sp) => `这款卫衣${sp.text}。`), `卫衣今天到手价79元，1号链接直接拍。`];
    const stuffer: Sim[] = [];
    const host: Sim[] = [];
    for (const seed of [11, 12, 13, 14, 15]) {
      stuffer.push(run(s, seed, 'hoodie', 8000, stuffed));
      host.push(run(s, seed, 'hoodie', 20000, (k) => normal[k % normal.length]));
    }
    const covered = (xs: Sim[]) => mean(xs.map((x) => x.state.products[0].covered.size));
    const gmv = (xs: Sim[]) => mean(xs.map((x) => x.metrics().gmv));
    expect(covered(stuffer)).toBeLessThan(covered(host));
    expect(gmv(stuffer)).toBeLessThanOrEqual(gmv(host));
    expect(stuffer.every((x) => eventsOf(x.log, 'speech.uncredited').every((e) => e.reason === 'list'))).toBe(true);
  });
});
