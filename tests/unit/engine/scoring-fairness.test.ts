/**
 * Fairness of what the engine reads in the host's words (scenario authors' reports):
 * - a product alias inside another product's name names only the longer one;
 * - a reply quoting a price is about the product the replied-to comment asked about;
 * - a price labelled as the flash-sale price is checked against the flash prices.
 */
import { describe, expect, it } from 'vitest';
import { createSim, type Sim } from '../../../src/engine';
import { mentionedProducts } from '../../../src/engine';
import { runWithBot } from '../../../src/engine';
import type { ActionInput } from '../../../src/engine';
import type { Scenario } from '../../../src/engine';
import { eventsOf, loadScenario } from './helpers';

const at = (m: number, s = 0) => (m * 60 + s) * 1000;

/** The microphone drill without its failures; link 2 renamed so that link 1's alias 坚果 is inside its name. */
function nuts(rename = true): Scenario {
  const s = loadScenario('scenarios/drill-mic-failure-5min.yaml');
  s.incidents = [];
  if (rename) s.products[1].name.zh = '坚果尝鲜装';
  return s;
}

function run(s: Scenario, actions: ActionInput[], until: number, seed = 5): Sim {
  const sim = createSim(s, { seed });
  for (const a of actions) sim.dispatch(a);
  sim.advanceTo(until);
  return sim;
}

describe('product mentions', () => {
  it('an alias inside another product name names only the longer one', () => {
    const s = nuts();
    expect(s.products[0].aliases).toContain('坚果');
    expect(mentionedProducts('坚果尝鲜装今天9.9元', s.products).map((m) => s.products[m.index].id)).toEqual(['trial']);
    // Said apart, both are named.
    expect(mentionedProducts('大包坚果89元，坚果尝鲜装9.9元', s.products).map((m) => s.products[m.index].id)).toEqual(['nuts', 'trial']);
  });

  it('保温杯 inside 保温杯替换密封圈 names the seal, not the cup', () => {
    const s = loadScenario('scenarios/drill-quality-complaint-5min.yaml');
    const cup = s.products[0];
    expect(cup.aliases).toContain('保温杯');
    const seal = structuredClone(cup);
    Object.assign(seal, { id: 'seal', no: 9, name: { zh: '保温杯替换密封圈', en: 'Replacement seal' }, aliases: ['密封圈'] });
    const products = [cup, seal];
    expect(mentionedProducts('保温杯替换密封圈只要19元', products).map((m) => products[m.index].id)).toEqual(['seal']);
    expect(mentionedProducts('这款保温杯只要89元', products).map((m) => products[m.index].id)).toEqual([cup.id]);
  });

  it('a price said about the longer-named product is credited to it, and is not a wrong price', () => {
    const s = nuts();
    const sim = run(s, [
      { t: at(0, 40), type: 'start_explaining', product: 'nuts' },
      { t: at(0, 50), type: 'say', text: '坚果尝鲜装原价25.9元，今天直播间只要19.9元' },
    ], at(1));
    const prices = eventsOf(sim.log, 'speech.price');
    expect(prices.map((p) => [p.product, p.ok])).toEqual([['trial', true], ['trial', true]]);
  });
});

describe('replies are about the product asked about', () => {
  it('a price in a reply to a question about link 2 is checked against link 2, not the explained product', () => {
    const s = nuts(false);
    // A viewer asks about the trial pack while link 1 is being explained.
    s.script.comments.push({ at: 60, user: '小林', kind: 'question', text: '尝鲜装多少钱？', product: 'trial', fact: 'content' } as Scenario['script']['comments'][number]);
    const sim0 = run(s, [{ t: at(0, 40), type: 'start_explaining', product: 'nuts' }], at(1, 1));
    const q = eventsOf(sim0.log, 'comment').find((c) => c.user === '小林')!;
    expect(q).toBeDefined();
    const sim = run(s, [
      { t: at(0, 40), type: 'start_explaining', product: 'nuts' },
      { t: at(1, 5), type: 'reply_comment', comment: q.id, text: '今天直播间只要19.9元' },
    ], at(1, 10));
    const prices = eventsOf(sim.log, 'speech.price');
    expect(prices.map((p) => [p.product, p.stated, p.ok])).toEqual([['trial', 1990, true]]);
  });
});

describe('flash-sale prices', () => {
  it('秒杀价 is checked against the flash price: right when it matches the plan, wrong when it does not', () => {
    const s = nuts(false);
    const right = run(s, [
      { t: at(0, 40), type: 'start_explaining', product: 'trial' },
      { t: at(0, 50), type: 'say', text: '尝鲜装秒杀价9.9元，限量100份，每个账号限购1份' },
    ], at(1));
    expect(eventsOf(right.log, 'speech.price').map((p) => [p.product, p.ok])).toEqual([['trial', true]]);
    // The live price said as the flash price is not the flash price.
    const wrong = run(s, [
      { t: at(0, 40), type: 'start_explaining', product: 'trial' },
      { t: at(0, 50), type: 'say', text: '尝鲜装秒杀价19.9元' },
    ], at(1));
    expect(eventsOf(wrong.log, 'speech.price').map((p) => [p.product, p.ok])).toEqual([['trial', false]]);
  });

  it('an answer quoting the flash price is both a correct answer and a true price, also before the sale runs', () => {
    const s = nuts(false);
    s.script.comments.push({ at: 60, user: '小林', kind: 'question', text: '能买几份？', product: 'trial', fact: 'limit' } as Scenario['script']['comments'][number]);
    const sim0 = run(s, [{ t: at(0, 40), type: 'start_explaining', product: 'nuts' }], at(1, 1));
    const q = eventsOf(sim0.log, 'comment').find((c) => c.user === '小林')!;
    const sim = run(s, [
      { t: at(0, 40), type: 'start_explaining', product: 'nuts' },
      { t: at(1, 5), type: 'reply_comment', comment: q.id, text: '秒杀价9.9元，限量100份，每个账号限购1份' },
    ], at(1, 10));
    expect(eventsOf(sim.log, 'question.answered').map((a) => a.correct)).toEqual([true]);
    expect(eventsOf(sim.log, 'speech.price').map((p) => [p.product, p.ok])).toEqual([['trial', true]]);
  });

  it('秒杀价 said while another product is explained names the product whose flash sale has that price', () => {
    const s = nuts(false);
    const sim = run(s, [
      { t: at(0, 40), type: 'start_explaining', product: 'nuts' },
      { t: at(0, 50), type: 'say', text: '等一下还有秒杀价9.9元的福利' },
    ], at(1));
    expect(eventsOf(sim.log, 'speech.price').map((p) => [p.product, p.ok])).toEqual([['trial', true]]);
  });
});

describe('complaints fit the product', () => {
  it('every shipped product falls in a complaint group that suits its category', async () => {
    const { complaintGroup } = await import('../../../src/engine/audience/templates');
    const { shippedScenarioFiles } = await import('./helpers');
    const expected: [RegExp, string][] = [[/^家用电器/, 'appliance'], [/^童装|^服饰/, 'apparel'], [/^美妆/, 'beauty'], [/^食品|^生鲜|^茶叶|^粮油|^南北干货/, 'food'], [/^文创/, 'craft'], [/^家居|^茶具/, 'home']];
    for (const file of shippedScenarioFiles()) {
      for (const p of loadScenario(file).products) {
        const want = expected.find(([re]) => re.test(p.category));
        expect(want, `${file}: ${p.id} (${p.category}) has no expected group in this test`).toBeDefined();
        expect(complaintGroup(p), `${file}: ${p.id} (${p.category})`).toBe(want![1]);
      }
    }
  });

  it('in an appliance room nobody complains that it was too small, and product complaints name appliance troubles', () => {
    const s = loadScenario('scenarios/imkt-l3-appliance-20min.yaml');
    s.incidents = [];
    const texts = new Set<string>();
    for (const seed of [1, 2]) {
      const { sim } = runWithBot(s, seed, 'competent');
      for (const c of eventsOf(sim.log, 'comment')) if (c.kind === 'complaint' && !c.scripted) texts.add(c.text);
    }
    expect(texts.size).toBeGreaterThan(0);
    for (const t of texts) expect(['上次买的有点小', '尺码是不是偏小', '上次买的洗了起球', '上次用了有点闷痘']).not.toContain(t);
    expect([...texts].some((t) => ['上次买的噪音有点大', '用了没多久就出毛病了', '说明书看不懂'].includes(t)), [...texts].join(' / ')).toBe(true);
  });

  it('a quality complaint without a scripted text fits the product: no washing a dishwasher', () => {
    const s = loadScenario('scenarios/imkt-l3-appliance-20min.yaml');
    const prod = s.products.find((p) => p.category.startsWith('家用电器'))!;
    s.incidents = [{ id: 'qc', kind: 'quality_complaint', at: 60, product: prod.id } as Scenario['incidents'][number]];
    const sim = createSim(s, { seed: 1 });
    sim.advanceTo(61000);
    const c = eventsOf(sim.log, 'comment').find((x) => x.incident === 'qc')!;
    expect(c.text).toContain(prod.name.zh);
    expect(c.text).not.toContain('洗了一次');
    expect(c.text).toContain('坏了');
  });
});
