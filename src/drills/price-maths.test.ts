import { shippedScenarios } from '../../tests/shipped-scenarios';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, yuanText, type Scenario } from '../engine';
import { clauseEntry } from '../scoring/catalogue';
import { SKILLS } from '../scoring/skills';
import { drillMeta } from './catalog';
import { parseMoneyInput, PRICE_ITEMS, PRICE_TEMPLATES, priceKey, priceMaths, priceTemplatesFor, priceUnusable } from './price-maths';
import type { DrillAnswer, DrillSources, DrillVariant } from './types';

const load = (text: string, file: string): Scenario => {
  const r = loadScenarioText(text, file);
  if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.scenario;
};
const SCENARIOS: Scenario[] = shippedScenarios();
const byId = (id: string) => SCENARIOS.find((s) => s.meta.id === id)!;
const ZH: DrillSources = { scenarios: SCENARIOS };
const EN: DrillSources = { scenarios: SCENARIOS, language: 'en' };
const draw = (seed: number, sources: DrillSources = ZH) => priceMaths.generate(seed, sources);
/** The answer keys of a variant's items. */
const keys = (v: DrillVariant) => v.items.map(priceKey);
const answersOf = (v: DrillVariant, write: (fen: number) => string = (f) => yuanText(f)): DrillAnswer[] => v.items.map((it) => ({ item: it.id, value: write(priceKey(it).fen), ms: 10000 }));

/**
 * A small room whose every answer is worked out by hand below: socks (list 39.9, live 29.9), a cup
 * (list 99, live 59, flash 39 with 2 per buyer), a 5-yuan live-room coupon for the cup and 满115减10
 * on anything. Its threshold makes the stacked trap: two cups are 118 (over 115) but 113 after
 * the live-room coupon (under it).
 */
const ROOM = load(
  `format: livesim/scenario@1
meta:
  id: test-price-room
  title: { zh: 算价测试间, en: Price test room }
  level: imkt-l5
  mode: drill
  duration: 5m
  rubric: imkt-l5-live-selling
products:
  - id: socks
    name: { zh: 棉袜, en: Cotton socks }
    category: 服饰/袜子
    class: ordinary
    listPrice: 39.9
    livePrice: 29.9
    cost: 10
    stock: 100
    sellingPoints: [{ id: soft, text: 柔软, keywords: [柔软] }]
  - id: cup
    name: { zh: 保温杯, en: Vacuum cup }
    category: 家居/杯子
    class: ordinary
    listPrice: 99
    livePrice: 59
    cost: 20
    stock: 100
    sellingPoints: [{ id: warm, text: 保温, keywords: [保温] }]
coupons:
  - { id: cup5, kind: live, discount: 5, quantity: 50, products: [cup] }
  - { id: spend115, kind: threshold, threshold: 115, discount: 10, quantity: 50 }
audience:
  traffic: [{ at: 0, perMin: 10 }]
  personas: [{ type: price_sensitive, share: 1 }]
runOfShow:
  - { id: socks, title: { zh: 袜子, en: Socks }, duration: 2m, product: socks }
  - { id: cup, title: { zh: 杯子, en: Cup }, duration: 2m, product: cup, flashSale: { price: 39, quantity: 20, perBuyer: 2 } }
`,
  'test-price-room.yaml',
);

/** Every question the test room can ask: its working (zh) and its answer in yuan, by hand. */
const BY_HAND: Record<string, number> = {
  // 满减 reached: socks 4–5, cups 2–3
  '4×29.9=119.6，满115减10 → 109.6': 109.6,
  '5×29.9=149.5，满115减10 → 139.5': 139.5,
  '2×59=118，满115减10 → 108': 108,
  '3×59=177，满115减10 → 167': 167,
  // 满减 not reached: socks 2–3, one cup
  '2×29.9=59.8，不满115，满减用不了 → 59.8': 59.8,
  '3×29.9=89.7，不满115，满减用不了 → 89.7': 89.7,
  '1×59=59，不满115，满减用不了 → 59': 59,
  // the live-room coupon, once per order
  '59−5=54': 54,
  '2×59=118，专享券减5 → 113': 113,
  '3×59=177，专享券减5 → 172': 172,
  // both coupons: the live-room one first, then the 满减 on what is left
  '2×59=118，减专享券5=113，不满115，满减用不了 → 113': 113,
  '3×59=177，减专享券5=172，满115再减10 → 162': 162,
  '4×59=236，减专享券5=231，满115再减10 → 221': 221,
  // flash sale, within and beyond the limit
  '1×39=39': 39,
  '2×39=78': 78,
  '2×39=78，另1×59=59 → 137': 137,
  '2×39=78，另2×59=118 → 196': 196,
  // saving against the list price
  '39.9−29.9=10': 10,
  '(39.9−29.9)×2=10×2=20': 20,
  '(39.9−29.9)×3=10×3=30': 30,
  '(39.9−29.9)×4=10×4=40': 40,
  '99−59=40': 40,
  '(99−59)×2=40×2=80': 80,
  '(99−59)×3=40×3=120': 120,
  '(99−59)×4=40×4=160': 160,
  '99−39=60': 60,
  '(99−39)×2=60×2=120': 120,
  // socks and cups together for the 满减
  '1×29.9+1×59=88.9，不满115，满减用不了 → 88.9': 88.9,
  '2×29.9+1×59=118.8，满115减10 → 108.8': 108.8,
  '3×29.9+1×59=148.7，满115减10 → 138.7': 138.7,
  '1×29.9+2×59=147.9，满115减10 → 137.9': 137.9,
  '2×29.9+2×59=177.8，满115减10 → 167.8': 167.8,
  '3×29.9+2×59=207.7，满115减10 → 197.7': 197.7,
  '1×59+1×29.9=88.9，不满115，满减用不了 → 88.9': 88.9,
  '1×59+2×29.9=118.8，满115减10 → 108.8': 108.8,
  '2×59+1×29.9=147.9，满115减10 → 137.9': 137.9,
  '2×59+2×29.9=177.8，满115减10 → 167.8': 167.8,
  '3×59+1×29.9=206.9，满115减10 → 196.9': 196.9,
  '3×59+2×29.9=236.8，满115减10 → 226.8': 226.8,
};

describe('parseMoneyInput', () => {
  const cases: [string, number | null][] = [
    ['108', 10800],
    ['108元', 10800],
    ['108 元', 10800],
    ['¥108', 10800],
    ['￥108.00', 10800],
    ['108.00元。', 10800],
    ['19.9', 1990],
    ['19.90', 1990],
    ['$36.5', 3650],
    ['36.5 dollars', 3650],
    ['108 RMB', 10800],
    ['1,299', 129900],
    ['3,299.00元', 329900],
    ['1，299.5', 129950], // a full-width comma
    ['１０８', 10800], // full-width digits
    ['9块9', 990],
    ['十九块九', 1990],
    ['一百零八元', 10800],
    ['0.01', 1],
    ['', null],
    ['   ', null],
    ['不知道', null],
    ['约108', null],
    ['100-108', null],
    ['1,29', null],
    ['108元和109元', null],
  ];
  it.each(cases)('%j → %j fen', (text, fen) => {
    expect(parseMoneyInput(text)).toBe(fen);
  });
});

describe('price maths: drawing a variant', () => {
  it('draws the same variant from the same seed, and one that survives JSON', () => {
    for (const seed of [1, 42, 99999]) {
      const a = draw(seed);
      expect(draw(seed)).toEqual(a);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
    expect(draw(8, EN)).toEqual(draw(8, EN));
  });

  it('draws different rooms, questions and answers from different seeds', () => {
    const vs = Array.from({ length: 20 }, (_, i) => draw(i + 1));
    expect(new Set(vs.map((v) => v.items.map((it) => it.prompt.zh).join('|'))).size).toBeGreaterThanOrEqual(18);
    expect(new Set(vs.map((v) => keys(v).map((k) => k.fen).join(','))).size).toBeGreaterThanOrEqual(18);
    expect(new Set(vs.map((v) => v.source)).size).toBeGreaterThanOrEqual(6);
    // The same room gives different quantities and answers.
    const room = Array.from({ length: 20 }, (_, i) => priceMaths.generate(i + 1, { scenarios: [ROOM] }));
    expect(new Set(room.map((v) => keys(v).map((k) => k.fen).join(','))).size).toBeGreaterThanOrEqual(15);
  });

  it('asks 5 different number questions with the prices, coupons and rules in the context', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const v = draw(seed);
      expect(v.items).toHaveLength(PRICE_ITEMS);
      expect(v.timeLimitSec).toBe(180);
      expect(new Set(v.items.map((it) => it.prompt.zh)).size).toBe(PRICE_ITEMS);
      v.items.forEach((it, i) => {
        expect(it.id).toBe(`p${i + 1}`);
        expect(it.input).toEqual({ type: 'number', unit: { zh: '元', en: 'yuan' } });
        expect(it.context!.some((c) => c.label.zh === '直播价')).toBe(true);
        expect(priceKey(v.items[i]).fen).toBeGreaterThan(0);
        expect(Number.isInteger(priceKey(v.items[i]).fen)).toBe(true);
      });
    }
  });

  it('works every question of the test room out as by hand, and asks them all', () => {
    const seen = new Set<string>();
    const workings = new Set<string>();
    for (let seed = 1; seed <= 150; seed++) {
      const v = priceMaths.generate(seed, { scenarios: [ROOM] });
      expect(v.source).toBe('test-price-room');
      keys(v).forEach((k, i) => {
        const w = k.working.zh;
        expect(Object.keys(BY_HAND), `seed ${seed}: ${v.items[i].prompt.zh}`).toContain(w);
        expect(k.fen, w).toBe(Math.round(BY_HAND[w] * 100));
        seen.add(k.template);
        workings.add(w);
      });
    }
    expect([...seen].sort()).toEqual([...PRICE_TEMPLATES].sort());
    expect([...workings].sort()).toEqual(Object.keys(BY_HAND).sort());
  });

  it('shows the stacking rule with a stacked question, and the coupon and flash terms it needs', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const v = priceMaths.generate(seed, { scenarios: [ROOM] });
      v.items.forEach((it, i) => {
        const t = priceKey(v.items[i]).template;
        const ctx = it.context!.map((c) => c.text.zh).join('\n');
        if (t === 'stacked') {
          expect(ctx).toContain('先减专享券，再看减完的金额够不够满减门槛');
          expect(ctx).toContain('「直播间专享5元券」：下单立减5元，每单限用1张（限保温杯）');
        }
        if (t === 'threshold' || t === 'threshold-missed' || t === 'mix') expect(ctx).toContain('「满115减10」：订单满115元减10元，每单减一次（全场商品可用）');
        if (t === 'flash' || t === 'flash-over-limit') expect(ctx).toContain('秒杀价39元，每人限购2件');
      });
    }
  });

  it('draws from every shipped scenario that has enough offers, and names why the others cannot', () => {
    const usable = SCENARIOS.filter((s) => priceUnusable(s) === null).map((s) => s.meta.id);
    const unusable = SCENARIOS.filter((s) => priceUnusable(s) !== null).map((s) => s.meta.id);
    expect(usable).toHaveLength(17);
    expect(unusable).toEqual(['drill-stream-drop-5min', 'drill-wrong-link-controller-5min', 'imkt-l4-rehearsal-thermos-15min', 'imkt-l5-rehearsal-honey-15min']);
    for (const id of usable) {
      const scn = byId(id);
      expect(priceTemplatesFor(scn).length).toBeGreaterThanOrEqual(3);
      for (let seed = 1; seed <= 5; seed++) {
        const v = priceMaths.generate(seed, { scenarios: [scn], language: scn.meta.language });
        expect(v.source).toBe(id);
        expect(v.items).toHaveLength(PRICE_ITEMS);
        expect(priceMaths.score(v, answersOf(v)).percent).toBe(100);
      }
    }
    expect(priceTemplatesFor(byId('drill-stream-drop-5min'))).toEqual(['live-coupon', 'saving']);
    expect(() => priceMaths.generate(1, { scenarios: [byId('drill-stream-drop-5min')] })).toThrow(
      'price-maths: no "zh" scenario has enough coupons or flash sales to work prices out from (drill-stream-drop-5min: its offers make only 2 kind(s) of question (live-coupon, saving), fewer than 3)',
    );
    const bare: Scenario = { ...ROOM, coupons: [], runOfShow: ROOM.runOfShow.map(({ flashSale: _f, ...seg }) => seg) };
    expect(() => priceMaths.generate(1, { scenarios: [bare] })).toThrow(/test-price-room: it has no coupon and no planned flash sale/);
    expect(() => priceMaths.generate(1, { scenarios: [ROOM], language: 'en' })).toThrow(/no scenario in language "en" among the 1 given/);
  });

  it('draws English questions in dollars from the English room', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const v = draw(seed, EN);
      expect(v.language).toBe('en');
      expect(v.source).toBe('crossborder-en-homeware-30min');
      expect(keys(v).every((k) => k.currency === 'USD')).toBe(true);
      for (const it of v.items) {
        expect(it.input).toEqual({ type: 'number', unit: { zh: '美元', en: '$' } });
        expect(it.prompt.en).toMatch(/^(A viewer|The flash sale)/);
        expect(it.prompt.en).not.toMatch(/[\u4e00-\u9fff]/);
      }
      const r = priceMaths.score(v, answersOf(v, (f) => `$${yuanText(f)}`));
      expect(r.percent).toBe(100);
      expect(r.items[0].expected.en).toBe(`$${yuanText(priceKey(v.items[0]).fen)}`);
      expect(r.items[0].expected.zh).toBe(`${yuanText(priceKey(v.items[0]).fen)}美元`);
    }
  });
});

describe('price maths: scoring', () => {
  const v = priceMaths.generate(4, { scenarios: [ROOM] });

  it('gives 100 for right answers, however they are typed', () => {
    expect(priceMaths.score(v, answersOf(v)).percent).toBe(100);
    expect(priceMaths.score(v, answersOf(v, (f) => `¥${yuanText(f)}`)).percent).toBe(100);
    expect(priceMaths.score(v, answersOf(v, (f) => `${(f / 100).toFixed(2)} 元`)).percent).toBe(100);
    const r = priceMaths.score(v, answersOf(v));
    expect(r.items[0].feedback.zh).toBe(`对：${priceKey(v.items[0]).working.zh}`);
    expect(r.items[0].expected).toEqual({ zh: `${yuanText(priceKey(v.items[0]).fen)}元`, en: `¥${yuanText(priceKey(v.items[0]).fen)}` });
  });

  it('accepts ±0.01 and no more', () => {
    expect(priceMaths.score(v, answersOf(v, (f) => yuanText(f + 1))).percent).toBe(100);
    expect(priceMaths.score(v, answersOf(v, (f) => yuanText(f - 1))).percent).toBe(100);
    expect(priceMaths.score(v, answersOf(v, (f) => yuanText(f + 2))).percent).toBe(0);
    expect(priceMaths.score(v, answersOf(v, (f) => yuanText(f - 100))).percent).toBe(0);
  });

  it('gives 0 for blank, missing or unreadable answers', () => {
    expect(priceMaths.score(v, []).percent).toBe(0);
    const blank = priceMaths.score(v, v.items.map((it) => ({ item: it.id, value: '', ms: 1 })));
    expect(blank.percent).toBe(0);
    expect(blank.items[0].feedback.zh).toBe(`没有作答。算法：${priceKey(v.items[0]).working.zh}`);
    const words = priceMaths.score(v, v.items.map((it) => ({ item: it.id, value: '大概一百', ms: 1 })));
    expect(words.percent).toBe(0);
    expect(words.items[0].feedback.zh).toMatch(/^「大概一百」不是一个金额/);
    // Two right, three left out: 40.
    expect(priceMaths.score(v, answersOf(v).slice(0, 2)).percent).toBe(40);
  });

  it('names the slip behind a typical wrong answer', () => {
    // Two cups with both coupons: 118 is over 115, but 113 after the live-room coupon is not.
    const trap = Array.from({ length: 200 }, (_, i) => priceMaths.generate(i + 1, { scenarios: [ROOM] }))
      .flatMap((x) => keys(x).map((k, i) => ({ v: x, i, k })))
      .find(({ k }) => k.working.zh.startsWith('2×59=118，减专享券5=113'))!;
    expect(trap).toBeDefined();
    const answers = trap.v.items.map((it, i) => ({ item: it.id, value: i === trap.i ? '103' : '', ms: 1 }));
    const r = priceMaths.score(trap.v, answers).items[trap.i];
    expect(r.credit).toBe(0);
    expect(r.expected.zh).toBe('113元');
    expect(r.feedback.zh).toBe('你填了103元：118虽然满115，但满减要按减完专享券的113算。算法：2×59=118，减专享券5=113，不满115，满减用不了 → 113');
    // Any other wrong number: what it should be, and the working.
    const other = priceMaths.score(trap.v, trap.v.items.map((it, i) => ({ item: it.id, value: i === trap.i ? '1' : '', ms: 1 }))).items[trap.i];
    expect(other.feedback.zh).toBe('你填了1元，应为113元。算法：2×59=118，减专享券5=113，不满115，满减用不了 → 113');
  });

  it('refuses a variant without its answer key', () => {
    const bare: DrillVariant = { ...v, items: v.items.map((it) => ({ id: it.id, prompt: it.prompt, input: it.input })) };
    expect(() => priceMaths.score(bare, [])).toThrow('price-maths: item "p1" has no answer key: score a variant made by this drill kind\'s generate()');
  });
});

describe('price maths: the kind', () => {
  it('trains the offers skill against clauses that exist in the catalogue', () => {
    expect(priceMaths.id).toBe('price-maths');
    expect(priceMaths.skill).toBe('offers');
    expect(priceMaths.title).toEqual(drillMeta('price-maths')!.title);
    expect(SKILLS.map((s) => s.id)).toContain(priceMaths.skill);
    expect(priceMaths.clauses).toEqual(['imkt-l4:2-2-2', '1x-intermediate:2.1.6', '1x-primary:2.4.2']);
    for (const c of priceMaths.clauses) expect(clauseEntry(c), c).toBeDefined();
    expect(clauseEntry('imkt-l4:2-2-2')!.text).toBe('能介绍平台优惠及产品折扣信息');
    expect(priceMaths.minutes).toBe(3);
    expect(priceMaths.languages).toEqual(['zh', 'en']);
  });
});
