import { shippedScenarios } from '../../tests/shipped-scenarios';
import { describe, expect, it } from 'vitest';
import { canonical, judgeAnswer, roomWords, type Scenario } from '../engine';
import { clauseEntry } from '../scoring/catalogue';
import { SKILLS } from '../scoring/skills';
import { drillMeta } from './catalog';
import { judgeReply, LATE_CREDIT, questionSprint, SPRINT_LIMIT_SEC, SPRINT_MIN_FACTS, sprintKey } from './question-sprint';
import type { DrillAnswer, DrillSources, DrillVariant } from './types';

const SCENARIOS: Scenario[] = shippedScenarios();
const byId = (id: string) => SCENARIOS.find((s) => s.meta.id === id)!;
const productOf = (scn: string, id: string) => byId(scn).products.find((p) => p.id === id)!;
const ZH: DrillSources = { scenarios: SCENARIOS };
const EN: DrillSources = { scenarios: SCENARIOS, language: 'en' };

const draw = (seed: number, sources: DrillSources = ZH) => questionSprint.generate(seed, sources);
/** The product of a variant and the fact each item asks about, from the items' answer keys. */
const keyOf = (v: DrillVariant) => ({ product: sprintKey(v.items[0]).product, facts: v.items.map((it) => sprintKey(it).fact) });
const factOf = (v: DrillVariant, i: number) => {
  const k = sprintKey(v.items[i]);
  return k.product.facts.find((f) => f.key === k.fact)!;
};
/** A right answer to every item: the first accepted word of its fact. */
const rightAnswers = (v: DrillVariant, ms = 5000): DrillAnswer[] => v.items.map((it, i) => ({ item: it.id, value: factOf(v, i).accept[0], ms }));

describe('question sprint: drawing a variant', () => {
  it('draws the same variant from the same seed, and one that survives JSON', () => {
    for (const seed of [1, 42, 99999]) {
      const a = draw(seed);
      expect(draw(seed)).toEqual(a);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
    expect(draw(5, EN)).toEqual(draw(5, EN));
  });

  it('draws different variants from different seeds', () => {
    const vs = Array.from({ length: 20 }, (_, i) => draw(i + 1));
    const shapes = new Set(vs.map((v) => `${v.source}/${keyOf(v).product.id}/${v.items.map((it) => it.prompt.zh).join('|')}`));
    expect(shapes.size).toBeGreaterThanOrEqual(15);
    expect(new Set(vs.map((v) => v.source)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(vs.map((v) => v.items.length)).size).toBeGreaterThanOrEqual(2);
  });

  it('asks 5–8 questions, each with its limit and the whole fact sheet to look the answer up in', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const v = draw(seed);
      expect(v.kind).toBe('question-sprint');
      expect(v.language).toBe('zh');
      expect(v.items.length).toBeGreaterThanOrEqual(5);
      expect(v.items.length).toBeLessThanOrEqual(8);
      expect(v.timeLimitSec).toBe(v.items.length * 20 + 60);
      const p = byId(v.source).products.find((x) => x.id === keyOf(v).product.id)!;
      expect(p.facts.length).toBeGreaterThanOrEqual(SPRINT_MIN_FACTS);
      expect(new Set(v.items.map((it) => it.id)).size).toBe(v.items.length);
      for (const it of v.items) {
        expect(it.limitSec).toBe(20);
        expect(it.input.type).toBe('text');
        expect(it.prompt.zh).toMatch(/^观众「.+」问：/);
        expect(it.context).toHaveLength(p.facts.length + 1);
        expect(it.context![0].text).toEqual(p.name);
        expect(it.context!.slice(1).map((c) => c.text.zh)).toEqual(p.facts.map((f) => f.value));
      }
      // Every fact is asked before any is asked twice, and never twice in a row when it can be helped.
      const facts = keyOf(v).facts;
      expect(new Set(facts).size).toBe(Math.min(facts.length, p.facts.length));
      for (let i = 1; i < facts.length; i++) if (new Set(facts).size > 2) expect(facts[i]).not.toBe(facts[i - 1]);
    }
  });

  it("asks in the scenario's own words: a scripted question about the fact, else the fact's ask, else one built from its label", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const v = draw(seed);
      const scn = byId(v.source);
      const p = scn.products.find((x) => x.id === keyOf(v).product.id)!;
      v.items.forEach((it, i) => {
        const f = p.facts.find((x) => x.key === keyOf(v).facts[i])!;
        const asked = it.prompt.zh.replace(/^观众「.+?」问：/, '');
        const own = [...scn.script.comments.filter((c) => c.product === p.id && c.fact === f.key).map((c) => c.text), ...f.ask];
        const built = [`主播，${f.label.zh}是怎样的？`, `想问一下${f.label.zh}`];
        expect([...own, ...built]).toContain(asked);
      });
      // A fact the scenario has questions for is asked at least once in the scenario's words.
      for (const key of new Set(keyOf(v).facts)) {
        const f = p.facts.find((x) => x.key === key)!;
        const own = [...scn.script.comments.filter((c) => c.product === p.id && c.fact === key).map((c) => c.text), ...f.ask];
        const asked = v.items.filter((_, i) => keyOf(v).facts[i] === key).map((it) => it.prompt.zh.replace(/^观众「.+?」问：/, ''));
        if (own.length > 0) expect(asked.some((q) => own.includes(q)), `${v.source} ${key}`).toBe(true);
      }
    }
    // drill-stock-mismatch-5min, sweet-potato strips: every fact has scripted questions or asks.
    const v = questionSprint.generate(3, { scenarios: [byId('drill-stock-mismatch-5min')] });
    expect(v.source).toBe('drill-stock-mismatch-5min');
    expect(keyOf(v).product.id).toBe('strips');
    expect(v.items.some((it) => it.prompt.zh.endsWith('保质期多久？') || it.prompt.zh.endsWith('能买几份？') || it.prompt.zh.endsWith('有没有加糖？'))).toBe(true);
  });

  it('draws from every shipped scenario, each on its own', () => {
    const used: string[] = [];
    for (const scn of SCENARIOS) {
      for (let seed = 1; seed <= 5; seed++) {
        const v = questionSprint.generate(seed, { scenarios: [scn], language: scn.meta.language });
        expect(v.source).toBe(scn.meta.id);
        expect(v.language).toBe(scn.meta.language);
        expect(questionSprint.score(v, rightAnswers(v)).percent).toBe(100);
      }
      used.push(scn.meta.id);
    }
    expect(used).toHaveLength(21);
  });

  it('names why a scenario cannot make a sprint', () => {
    const scn = byId('drill-wrong-link-controller-5min');
    const thin: Scenario = { ...scn, products: scn.products.map((p) => ({ ...p, facts: p.facts.slice(0, 2) })) };
    expect(() => questionSprint.generate(1, { scenarios: [thin] })).toThrow(/no product with at least 3 facts in the "zh" scenarios \(drill-wrong-link-controller-5min\)/);
    expect(() => questionSprint.generate(1, { scenarios: [scn], language: 'en' })).toThrow(/no scenario in language "en" among the 1 given/);
    expect(() => questionSprint.generate(1, { scenarios: [] })).toThrow(/no scenario in language "zh"/);
  });

  it('draws English questions from the English room', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const v = draw(seed, EN);
      expect(v.language).toBe('en');
      expect(v.source).toBe('crossborder-en-homeware-30min');
      for (const it of v.items) {
        expect(it.limitSec).toBe(SPRINT_LIMIT_SEC.en);
        expect(it.prompt.en).toMatch(/^Viewer \w+ asks: /);
        expect(it.prompt.en).not.toMatch(/[\u4e00-\u9fff]/);
      }
      expect(questionSprint.score(v, rightAnswers(v, 24000)).percent).toBe(100);
    }
  });
});

describe('question sprint: scoring', () => {
  const v = draw(11);

  it('gives 100 for right answers in time, and the fact as the expected answer', () => {
    const r = questionSprint.score(v, rightAnswers(v));
    expect(r.kind).toBe('question-sprint');
    expect(r.percent).toBe(100);
    expect(r.items.map((x) => x.credit)).toEqual(v.items.map(() => 1));
    const f = keyOf(v).product.facts.find((x) => x.key === keyOf(v).facts[0])!;
    expect(r.items[0].expected).toEqual({ zh: `${f.label.zh}：${f.value}`, en: `${f.label.en}: ${f.value}` });
    expect(r.items[0].feedback.zh).toMatch(/^答对了：「.+」（5\.0秒）。$/);
  });

  it('takes the whole fact value as a right answer for every fact of every shipped product', () => {
    let n = 0;
    for (const scn of SCENARIOS)
      for (const p of scn.products)
        for (const f of p.facts) {
          expect(judgeReply(p, f.key, f.value).right, `${scn.meta.id} ${p.id} ${f.key}`).toBe(true);
          n++;
        }
    expect(n).toBeGreaterThan(250);
  });

  it('judges a reply as the engine does in the full room (judgeAnswer, reply: true)', () => {
    for (const scn of SCENARIOS) {
      const room = roomWords(scn);
      scn.products.forEach((p, pi) =>
        p.facts.forEach((f, fi) => {
          const other = p.facts[(fi + 1) % p.facts.length];
          for (const said of [f.value, ...f.accept, other.value, '不知道', 'no idea']) {
            const engine = judgeAnswer(room, canonical(said), pi, fi, { reply: true, named: true });
            expect(judgeReply(p, f.key, said).hits, `${scn.meta.id} ${p.id} ${f.key} ${said}`).toEqual(engine.hits);
          }
        }),
      );
    }
  });

  it('gives 0 for no answer, blank answers and missing items', () => {
    expect(questionSprint.score(v, []).percent).toBe(0);
    const blank = questionSprint.score(v, v.items.map((it) => ({ item: it.id, value: '   ', ms: 1000 })));
    expect(blank.percent).toBe(0);
    expect(blank.items[0].feedback.zh).toMatch(/^没有回答。/);
    // Half the items answered right, the rest left out.
    const half = rightAnswers(v).filter((_, i) => i % 2 === 0);
    expect(questionSprint.score(v, half).percent).toBe(Math.round((1000 * half.length) / v.items.length) / 10);
  });

  it('gives 0 for wrong answers, and says when the reply is about another fact', () => {
    const nonsense = questionSprint.score(v, v.items.map((it) => ({ item: it.id, value: '不知道呢，问客服吧', ms: 3000 })));
    expect(nonsense.percent).toBe(0);
    // Each question answered with the value of another fact.
    const facts = keyOf(v).product.facts;
    const wrong = v.items.map((it, i) => {
      const other = facts.find((f) => f.key !== keyOf(v).facts[i] && !judgeReply(keyOf(v).product, keyOf(v).facts[i], f.value).right)!;
      return { item: it.id, value: other.accept[0], ms: 3000 };
    });
    const r = questionSprint.score(v, wrong);
    expect(r.percent).toBe(0);
    expect(r.items.every((x) => x.credit === 0)).toBe(true);
    expect(r.items[0].feedback.zh).toMatch(/^这是「.+」的信息，观众问的是「.+」。/);
  });

  it('gives 0 to a reply that pastes the fact sheet', () => {
    const sheet = keyOf(v).product.facts.map((f) => f.value).join('；');
    const r = questionSprint.score(v, v.items.map((it) => ({ item: it.id, value: sheet, ms: 3000 })));
    expect(r.percent).toBe(0);
    expect(r.items[0].feedback.zh).toContain('一次贴了好几条信息');
    // One other fact alongside is still an answer.
    const p = productOf('drill-quality-complaint-5min', 'flask');
    expect(judgeReply(p, 'capacity', '容量500毫升，保温6小时').right).toBe(true);
    expect(judgeReply(p, 'capacity', '容量500毫升，保温6小时，内胆316').right).toBe(false);
  });

  it(`gives ${LATE_CREDIT} for a right answer after the limit`, () => {
    const limitMs = v.items[0].limitSec! * 1000;
    expect(questionSprint.score(v, rightAnswers(v, limitMs)).percent).toBe(100);
    const late = questionSprint.score(v, rightAnswers(v, limitMs + 1));
    expect(late.percent).toBe(50);
    expect(late.items[0].credit).toBe(0.5);
    expect(late.items[0].feedback.zh).toMatch(/^答对了（「.+」），但用了20\.0秒，超过20秒，得一半分。$/);
    // One late, the rest in time.
    const mixed = rightAnswers(v).map((a, i) => (i === 0 ? { ...a, ms: 31000 } : a));
    expect(questionSprint.score(v, mixed).percent).toBe(Math.round((1000 * (v.items.length - 0.5)) / v.items.length) / 10);
  });

  it('counts the last answer to an item', () => {
    const first = rightAnswers(v);
    const r = questionSprint.score(v, [...first, { item: v.items[0].id, value: '不知道', ms: 6000 }]);
    expect(r.items[0].credit).toBe(0);
    expect(r.items[1].credit).toBe(1);
  });

  it('refuses a variant without its answer key', () => {
    const bare: DrillVariant = { ...v, items: v.items.map((it) => ({ id: it.id, prompt: it.prompt, input: it.input })) };
    expect(() => questionSprint.score(bare, [])).toThrow('question-sprint: item "q1" has no answer key: score a variant made by this drill kind\'s generate()');
  });
});

describe('question sprint: answers written differently (the engine canonical form)', () => {
  const cases: [string, string, string, string, boolean][] = [
    // scenario, product, fact, reply, right?
    ['drill-quality-complaint-5min', 'flask', 'capacity', '500ml', true],
    ['drill-quality-complaint-5min', 'flask', 'capacity', '0.5升', true],
    ['drill-quality-complaint-5min', 'flask', 'capacity', '五百毫升', true],
    ['drill-quality-complaint-5min', 'flask', 'capacity', '300ml', false],
    ['drill-quality-complaint-5min', 'flask', 'keep-warm', '六个小时', true],
    ['1x-intermediate-beauty-20min', 'mask', 'usage', '十五到二十分钟', true],
    ['1x-intermediate-beauty-20min', 'mask', 'usage', '15-20min', true],
    ['1x-intermediate-beauty-20min', 'mask', 'usage', '15~20分钟', true],
    ['1x-intermediate-beauty-20min', 'mask', 'usage', '每天都可以敷', false],
    ['1x-primary-controller-kitchen-15min', 'shears', 'length', '230mm', true],
    ['1x-primary-controller-kitchen-15min', 'shears', 'length', '23cm', true],
    ['1x-primary-controller-kitchen-15min', 'shears', 'length', '二十三厘米', true],
    ['1x-primary-controller-kitchen-15min', 'shears', 'length', '24厘米', false],
    ['practice-rural-aid-60min', 'kiwi', 'grade', '100-120g', true],
    ['practice-rural-aid-60min', 'kiwi', 'grade', '单果一百到一百二十克', true],
    ['practice-rural-aid-60min', 'kiwi', 'grade', '约20-24个', true],
    ['practice-rural-aid-60min', 'millet', 'spec', '一斤一袋', true],
    ['practice-rural-aid-60min', 'millet', 'spec', '每袋500g', true],
    ['practice-rural-aid-60min', 'millet', 'spec', '0.5kg一袋', true],
    // Negation: 不含酒精 is accepted, 含酒精 and 没有神经酰胺 are not.
    ['1x-intermediate-beauty-20min', 'cream', 'ingredients', '不含酒精', true],
    ['1x-intermediate-beauty-20min', 'cream', 'ingredients', '含酒精', false],
    ['1x-intermediate-beauty-20min', 'cream', 'ingredients', '没有神经酰胺', false],
    ['crossborder-en-homeware-30min', 'cups', 'size', '150 mL each', true],
    ['crossborder-en-homeware-30min', 'cups', 'size', 'about 5 fl oz', true],
    ['crossborder-en-homeware-30min', 'cups', 'size', '200 ml', false],
    ['crossborder-en-homeware-30min', 'scarf', 'size', '900 mm square', true],
    ['crossborder-en-homeware-30min', 'scarf', 'size', 'It is 35 x 35 inches', true],
  ];
  it.each(cases)('%s %s.%s: "%s" → %s', (scn, product, fact, reply, right) => {
    expect(judgeReply(productOf(scn, product), fact, reply).right).toBe(right);
  });
});

describe('question sprint: the kind', () => {
  it('trains the answers skill against clauses that exist in the catalogue', () => {
    expect(questionSprint.id).toBe('question-sprint');
    expect(questionSprint.skill).toBe('answers');
    expect(questionSprint.title).toEqual(drillMeta('question-sprint')!.title);
    expect(SKILLS.map((s) => s.id)).toContain(questionSprint.skill);
    expect(questionSprint.clauses).toEqual(['imkt-l5:2-2-3', '1x-primary:2.4.3']);
    for (const c of questionSprint.clauses) expect(clauseEntry(c), c).toBeDefined();
    expect(clauseEntry('1x-primary:2.4.3')!.text).toContain('解答直播间粉丝对商品的疑问');
    expect(questionSprint.minutes).toBe(2);
    expect(questionSprint.languages).toEqual(['zh', 'en']);
  });
});
