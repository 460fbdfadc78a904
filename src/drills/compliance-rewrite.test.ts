/**
 * The compliance-rewrite drill: variants are reproducible and varied, every line is one the
 * script checker blocks, and rewrites written by hand score as a teacher would mark them.
 */
import { shippedScenarios } from '../../tests/shipped-scenarios';
import { describe, expect, it } from 'vitest';
import { checkEnglishRisks, DEFAULT_GATE, factSheetOf, lintScript, type Scenario } from '../engine';
import { clauseEntry } from '../scoring/catalogue';
import { complianceRewrite } from './compliance-rewrite';
import type { DrillAnswer, DrillVariant } from './types';

const scenarios: Scenario[] = shippedScenarios();
const byId = (id: string) => {
  const s = scenarios.find((x) => x.meta.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
};
const kitchen = byId('1x-primary-controller-kitchen-15min');
const crossborder = byId('crossborder-en-homeware-30min');
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

const lineOf = (v: DrillVariant, i: number) => v.items[i]!.context![0]!.text.zh;
const answer = (v: DrillVariant, values: (line: string) => string): DrillAnswer[] => v.items.map((it) => ({ item: it.id, value: values(it.context![0]!.text.zh), ms: 30_000 }));

/** The product a line is about (every line starts with its product's name). */
function productOf(s: Scenario, line: string, lang: 'zh' | 'en') {
  const p = s.products.find((x) => line.startsWith(lang === 'zh' ? x.name.zh : x.name.en));
  if (!p) throw new Error(`no product named at the start of "${line}"`);
  return p;
}

/** What the script checker blocks in the line, checked here straight with the engine. */
function gateFindings(s: Scenario, line: string, lang: 'zh' | 'en') {
  const p = productOf(s, line, lang);
  const report = lintScript(line, { complianceClass: p.class, facts: factSheetOf(s) });
  const found = report.findings.filter((f) => f.severity >= DEFAULT_GATE).map((f) => f.ruleId);
  if (lang === 'en') found.push(...checkEnglishRisks(line).filter((f) => f.severity >= DEFAULT_GATE).map((f) => f.ruleId));
  return found;
}

// Rewrites written by hand for every fact a kitchen line can carry: the facts in other words
// (零下40度 for -40℃, 二十三厘米 for 23厘米, 19块9 for 19.9元), no risky claim.
const KITCHEN_FACTS: Record<string, string> = {
  '耐温-40℃到230℃': '保鲜盖耐温零下40度到230度，冰箱、微波炉、蒸锅都能用。',
  '铂金硫化食品级硅胶': '保鲜盖用的是铂金硫化硅胶，拉伸以后能贴合碗口。',
  '7天无理由退换': '保鲜盖支持七天无理由退换，盖不住还能换尺寸。',
  '全长23厘米': '剪刀全长二十三厘米，女生拿着也顺手。',
  '刀身3Cr13不锈钢': '剪刀刀身是3Cr13不锈钢，刃口带锯齿。',
  '两片可拆开清洗': '剪刀两片可以拆开洗，缝里不藏油污。',
  '一年质保': '这把剪刀有一年质保，断裂松动免费换新。',
  '每条25×25厘米': '洗碗布每条25乘25厘米，大小刚好。',
  '竹纤维60%': '洗碗布里竹纤维占百分之六十，不粘油也不掉毛。',
  '可机洗': '这包洗碗布可以直接机洗，用完拧干挂起来就行。',
  '直径27厘米': '沥水篮直径27公分，折起来只有薄薄一层。',
  '秒杀价9.9元': '沥水篮秒杀价9块9，每人限购一个。',
  '食品级硅胶加PP骨架': '沥水篮是食品级硅胶加PP骨架，可以装热水烫洗。',
};
const KITCHEN_PRICE: Record<string, [shown: string, said: string]> = {
  lids: ['直播间到手价19.9元', '今天直播间到手价19块9。'],
  shears: ['直播间到手价35.9元', '今天直播间三十五块九。'],
  cloths: ['直播间到手价12.9元', '直播间价格12.9元一包。'],
  basket: ['直播间到手价29.9元', '今天直播间29块9就能带走。'],
};
/** Compliant, long enough, but without the facts of the line. */
const KITCHEN_NO_FACTS: Record<string, string> = {
  lids: '这套保鲜盖做工很扎实，碗盘杯罐都能盖，喜欢的家人直接在直播间下单。',
  shears: '这把厨房剪刀做工很扎实，剪鸡骨头不打滑，需要的家人直接在直播间下单。',
  cloths: '这包洗碗布手感很软，不粘油也不掉毛，需要的家人直接在直播间下单。',
  basket: '这个沥水篮做工很扎实，洗菜洗水果都方便，需要的家人直接在直播间下单。',
};

const CROSSBORDER_FACTS: Record<string, string> = {
  '30-day returns on unused items': 'If the cups are not for you, unused sets can go back within 30 days.',
  'each cup holds 150 ml': 'Each of these hand-painted cups takes 150 ml of tea, a nice single serving.',
  'gift box with a foam insert for each cup': 'The cups come in a gift box, and every cup sits in its own foam insert.',
  'lead-free and cadmium-free glaze': 'These hand-painted cups have a lead-free and cadmium-free glaze for everyday tea.',
  '100% mulberry silk': 'This square scarf is 100% mulberry silk and drapes beautifully.',
  'rinse with hot water only': 'After steaming, rinse the bamboo steamer with hot water only, no soap.',
  'flash price 9.9 dollars': 'In the flash deal a tin of this jasmine tea is 9.9 dollars.',
};
const CROSSBORDER_PRICE: Record<string, [shown: string, said: string]> = {
  cups: ['only $36 today', 'Today the set is $36 in this live room.'],
  scarf: ['only $29.9 today', 'Today the scarf is $29.9 in this live room.'],
  steamer: ['only $24.9 today', 'Today the steamer is $24.9 in this live room.'],
  jasmine: ['only $15.9 today', 'Today a tin is $15.9 in this live room.'],
};
const CROSSBORDER_NO_FACTS: Record<string, string> = {
  cups: 'These hand-painted cups look lovely on any tea table, and you can order them right here in the live room.',
  scarf: 'This scarf feels soft and drapes nicely around the neck; order it right here in the live room.',
  steamer: 'This steamer is a handy helper in any kitchen; order it right here in the live room.',
  jasmine: 'This jasmine tea smells lovely when you open the tin; order it right here in the live room.',
};

/** The hand-written rewrite of a line: a sentence for each fact it carries, and its price if it says one. */
function goodRewrite(s: Scenario, line: string, lang: 'zh' | 'en'): string {
  const p = productOf(s, line, lang);
  const facts = lang === 'zh' ? KITCHEN_FACTS : CROSSBORDER_FACTS;
  const price = (lang === 'zh' ? KITCHEN_PRICE : CROSSBORDER_PRICE)[p.id];
  const parts = Object.entries(facts).filter(([shown]) => line.includes(shown)).map(([, said]) => said);
  if (price && line.includes(price[0])) parts.push(price[1]);
  if (parts.length === 0) throw new Error(`the test has no hand-written rewrite for "${line}"`);
  return parts.join(lang === 'zh' ? '' : ' ');
}

describe('compliance-rewrite: the kind', () => {
  it('is described as the brief asks, with clauses that exist in the catalogue', () => {
    expect(complianceRewrite.id).toBe('compliance-rewrite');
    expect(complianceRewrite.skill).toBe('compliance');
    expect(complianceRewrite.minutes).toBe(3);
    expect([...complianceRewrite.languages]).toEqual(['zh', 'en']);
    expect(complianceRewrite.clauses).toContain('1x-intermediate:1.4.3');
    for (const c of complianceRewrite.clauses) expect(clauseEntry(c), c).toBeDefined();
  });
});

describe('compliance-rewrite: variants', () => {
  it('the same seed and sources give a deep-equal variant', () => {
    for (const seed of [1, 7, 12345]) {
      expect(complianceRewrite.generate(seed, { scenarios })).toEqual(complianceRewrite.generate(seed, { scenarios }));
      expect(complianceRewrite.generate(seed, { scenarios, language: 'en' })).toEqual(complianceRewrite.generate(seed, { scenarios, language: 'en' }));
    }
  });

  it('20 seeds give varied variants: scenarios, products, rules', () => {
    const variants = SEEDS.map((seed) => complianceRewrite.generate(seed, { scenarios }));
    const distinct = new Set(variants.map((v) => v.items.map((it) => it.context![0]!.text.zh).join('\n')));
    expect(distinct.size).toBeGreaterThanOrEqual(18);
    expect(new Set(variants.map((v) => v.source)).size).toBeGreaterThanOrEqual(6);
    const rules = new Set<string>();
    for (const v of variants) {
      const s = byId(v.source);
      expect(v.kind).toBe('compliance-rewrite');
      expect(v.language).toBe('zh');
      expect(v.items.length).toBeGreaterThanOrEqual(3);
      expect(v.items.length).toBeLessThanOrEqual(4);
      expect(new Set(v.items.map((it) => it.id)).size).toBe(v.items.length);
      expect(new Set(v.items.map((it) => it.context![0]!.text.zh)).size).toBe(v.items.length);
      // More than one rule in a variant.
      const inVariant = new Set(v.items.map((it) => gateFindings(s, it.context![0]!.text.zh, 'zh')[0]));
      expect(inVariant.size).toBeGreaterThanOrEqual(2);
      for (const r of inVariant) rules.add(r!);
    }
    expect(rules.size).toBeGreaterThanOrEqual(10);
  });

  it('every line is blocked by the script checker (and, in English, the English rules)', () => {
    for (const seed of SEEDS) {
      for (const lang of ['zh', 'en'] as const) {
        const v = complianceRewrite.generate(seed, { scenarios, language: lang });
        const s = byId(v.source);
        expect(s.meta.language).toBe(lang);
        for (const it of v.items) expect(gateFindings(s, it.context![0]!.text.zh, lang), it.context![0]!.text.zh).not.toEqual([]);
      }
    }
  });

  it('English variants are drawn from the English room and use its rules', () => {
    const v = complianceRewrite.generate(3, { scenarios, language: 'en' });
    expect(v.language).toBe('en');
    expect(v.source).toBe('crossborder-en-homeware-30min');
    expect(v.items.some((it) => checkEnglishRisks(it.context![0]!.text.en).length > 0)).toBe(true);
  });

  it('every shipped scenario generates in its language; without one in the language, a clear Error', () => {
    for (const s of scenarios) {
      for (const seed of [1, 2, 3]) {
        const v = complianceRewrite.generate(seed, { scenarios: [s], language: s.meta.language });
        expect(v.source).toBe(s.meta.id);
      }
    }
    expect(() => complianceRewrite.generate(1, { scenarios: [kitchen], language: 'en' })).toThrow(/compliance-rewrite: no scenario in English.*1x-primary-controller-kitchen-15min \(zh\)/);
    expect(() => complianceRewrite.generate(1, { scenarios: [] })).toThrow(/compliance-rewrite: no scenario in Chinese/);
  });
});

describe('compliance-rewrite: scoring', () => {
  it('a good rewrite scores 1; the original pasted back 0; a rewrite without the facts 0.4', () => {
    for (const [s, lang, noFacts] of [
      [kitchen, 'zh', KITCHEN_NO_FACTS],
      [crossborder, 'en', CROSSBORDER_NO_FACTS],
    ] as const) {
      for (const seed of SEEDS) {
        const v = complianceRewrite.generate(seed, { scenarios: [s], language: lang });
        const good = complianceRewrite.score(v, answer(v, (line) => goodRewrite(s, line, lang)));
        expect(good.items.map((r) => r.credit), JSON.stringify(good.items.map((r) => r.feedback.en))).toEqual(v.items.map(() => 1));
        expect(good.percent).toBe(100);

        const pasted = complianceRewrite.score(v, answer(v, (line) => line));
        expect(pasted.items.map((r) => r.credit)).toEqual(v.items.map(() => 0));
        expect(pasted.percent).toBe(0);

        const dropped = complianceRewrite.score(v, answer(v, (line) => noFacts[productOf(s, line, lang).id]!));
        expect(dropped.items.map((r) => r.credit), JSON.stringify(dropped.items.map((r) => r.feedback.en))).toEqual(v.items.map(() => 0.4));
        expect(dropped.percent).toBe(40);
      }
    }
  });

  it('each fact counts: keeping the fact but not the price (or the price but not the fact) scores 0.4', () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const v = complianceRewrite.generate(seed, { scenarios: [kitchen] });
      v.items.forEach((it, i) => {
        const line = lineOf(v, i);
        const p = productOf(kitchen, line, 'zh');
        const [priceShown, priceSaid] = KITCHEN_PRICE[p.id]!;
        const fact = Object.keys(KITCHEN_FACTS).find((f) => line.includes(f));
        if (!line.includes(priceShown) || !fact) return;
        const noPrice = complianceRewrite.score(v, [{ item: it.id, value: KITCHEN_FACTS[fact]! + KITCHEN_NO_FACTS[p.id]!, ms: 1 }]).items[i]!;
        expect(noPrice.credit).toBe(0.4);
        expect(noPrice.feedback.zh).toContain(`漏掉了商品事实：直播间价格（${priceShown}）`);
        const noFact = complianceRewrite.score(v, [{ item: it.id, value: KITCHEN_NO_FACTS[p.id]! + priceSaid, ms: 1 }]).items[i]!;
        expect(noFact.credit).toBe(0.4);
        expect(noFact.feedback.zh).toContain(`（${fact}）`);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('feedback names the rule the line broke, and what the rewrite lacks', () => {
    const v = complianceRewrite.generate(4, { scenarios: [kitchen] });
    const s = kitchen;
    const line = lineOf(v, 0);
    const p = productOf(s, line, 'zh');
    const broke = lintScript(line, { complianceClass: p.class, facts: factSheetOf(s) }).findings.find((f) => f.severity >= DEFAULT_GATE)!;
    const r = complianceRewrite.score(v, [{ item: v.items[0]!.id, value: KITCHEN_NO_FACTS[p.id]!, ms: 1 }]);
    const fb = r.items[0]!.feedback;
    expect(fb.zh).toContain(broke.rule);
    expect(fb.zh).toContain(broke.reason.zh);
    expect(fb.en).toContain(broke.reason.en);
    expect(fb.zh).toContain('漏掉了商品事实');
    expect(r.items[0]!.expected.zh).toContain('参考改写');
    // The example rewrite in `expected` passes the checker.
    const example = r.items[0]!.expected.zh.replace(/^参考改写：/, '').replace(/（须保留：.*$/, '');
    expect(lintScript(example, { complianceClass: p.class, facts: factSheetOf(s) }).summary.passed).toBe(true);
    // Items not answered score 0 ("no answer").
    expect(r.items.slice(1).every((x) => x.credit === 0 && x.feedback.en.startsWith('No answer'))).toBe(true);
  });

  it('a rewrite that keeps the facts but adds another risky claim scores 0 and names it', () => {
    const v = complianceRewrite.generate(9, { scenarios: [kitchen] });
    const r = complianceRewrite.score(v, answer(v, (line) => `${goodRewrite(kitchen, line, 'zh')}全网最低价！`));
    expect(r.items.every((x) => x.credit === 0)).toBe(true);
    expect(r.items.every((x) => x.feedback.zh.includes('全网最低价'))).toBe(true);
  });

  it('a wrong price in the rewrite fails the check (facts are checked against the scenario)', () => {
    const v = SEEDS.map((seed) => complianceRewrite.generate(seed, { scenarios: [kitchen] })).find((x) => x.items.some((it) => it.context![0]!.text.zh.includes('直播间到手价')))!;
    const i = v.items.findIndex((it) => it.context![0]!.text.zh.includes('直播间到手价'));
    const line = lineOf(v, i);
    const wrong = goodRewrite(kitchen, line, 'zh').replace(/今天.*$|直播间价格.*$/, '今天直播间到手价9元。');
    const r = complianceRewrite.score(v, [{ item: v.items[i]!.id, value: wrong, ms: 1 }]);
    expect(r.items[i]!.credit).toBe(0);
  });

  it('a rewrite under 40 % of the line scores at most 0.4, even with the facts', () => {
    // The line's fact alone, said plainly: compliant, keeps the fact, but far too short.
    let checked = 0;
    for (const seed of SEEDS) {
      const v = complianceRewrite.generate(seed, { scenarios: [kitchen] });
      v.items.forEach((it, i) => {
        const line = lineOf(v, i);
        if (line.includes('直播间到手价')) return;
        const shown = Object.keys(KITCHEN_FACTS).find((f) => line.includes(f))!;
        if (shown.length >= 0.4 * line.replace(/\s+/g, '').length) return;
        const r = complianceRewrite.score(v, [{ item: it.id, value: shown, ms: 1 }]);
        expect(r.items[i]!.credit).toBe(0.4);
        expect(r.items[i]!.feedback.zh).toContain('太短');
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('blank and missing answers score 0; scoring a stored (JSON) variant gives the same result', () => {
    const v = complianceRewrite.generate(5, { scenarios });
    expect(complianceRewrite.score(v, []).percent).toBe(0);
    expect(complianceRewrite.score(v, v.items.map((it) => ({ item: it.id, value: '   ', ms: 1 }))).items.every((r) => r.credit === 0)).toBe(true);
    const answers = answer(v, (line) => line.slice(0, 30));
    expect(complianceRewrite.score(JSON.parse(JSON.stringify(v)) as DrillVariant, answers)).toEqual(complianceRewrite.score(v, answers));
  });

  it('refuses a variant whose items carry no answer key', () => {
    const v = complianceRewrite.generate(5, { scenarios });
    const bare = { ...v, items: v.items.map(({ id, prompt, context, input }) => ({ id, prompt, context, input })) };
    expect(() => complianceRewrite.score(bare, [])).toThrow(/compliance-rewrite: item "line-1" has no answer key/);
  });
});
