/**
 * The controller-cues drill: variants are reproducible and varied, each cue has the right
 * operation among four distinct options in a seeded order, scripted cues are answered as the
 * scenario says, and credit follows correctness and time.
 */
import { shippedScenarios } from '../../tests/shipped-scenarios';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../engine';
import { clauseEntry } from '../scoring/catalogue';
import { controllerCues } from './controller-cues';
import type { DrillAnswer, DrillItem, DrillVariant } from './types';

const scenarios: Scenario[] = shippedScenarios();
const chinese = scenarios.filter((s) => s.meta.language === 'zh');
const byId = (id: string) => scenarios.find((x) => x.meta.id === id)!;
const kitchen = byId('1x-primary-controller-kitchen-15min');
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** The right option of an item (its answer key). */
const rightOf = (it: DrillItem): string => (it as DrillItem & { key: { answer: string } }).key.answer;
const optionsOf = (it: DrillItem) => (it.input.type === 'choice' ? it.input.options : []);
const answerAll = (v: DrillVariant, value: (it: DrillItem) => string, ms: (it: DrillItem) => number): DrillAnswer[] => v.items.map((it) => ({ item: it.id, value: value(it), ms: ms(it) }));

describe('controller-cues: the kind', () => {
  it('is described as the brief asks, with 1+X primary 2.3/2.4 clauses that exist in the catalogue', () => {
    expect(controllerCues.id).toBe('controller-cues');
    expect(controllerCues.skill).toBe('console');
    expect(controllerCues.minutes).toBe(2);
    expect([...controllerCues.languages]).toEqual(['zh']);
    expect(controllerCues.clauses.length).toBeGreaterThan(0);
    for (const c of controllerCues.clauses) {
      expect(c).toMatch(/^1x-primary:2\.[34]\.\d$/);
      expect(clauseEntry(c), c).toBeDefined();
    }
  });
});

describe('controller-cues: variants', () => {
  it('the same seed and sources give a deep-equal variant', () => {
    for (const seed of [1, 2, 99, 123456]) expect(controllerCues.generate(seed, { scenarios })).toEqual(controllerCues.generate(seed, { scenarios }));
  });

  it('20 seeds give varied variants, 6–8 cues of several operations, option order shuffled', () => {
    const variants = SEEDS.map((seed) => controllerCues.generate(seed, { scenarios }));
    expect(new Set(variants.map((v) => v.items.map((it) => it.prompt.zh).join('\n'))).size).toBeGreaterThanOrEqual(18);
    expect(new Set(variants.map((v) => v.source)).size).toBeGreaterThanOrEqual(6);
    const positions = new Map<number, number>();
    for (const v of variants) {
      expect(v.kind).toBe('controller-cues');
      expect(v.language).toBe('zh');
      expect(v.items.length).toBeGreaterThanOrEqual(6);
      expect(v.items.length).toBeLessThanOrEqual(8);
      expect(new Set(v.items.map((it) => it.id)).size).toBe(v.items.length);
      // Several kinds of operation in one variant.
      expect(new Set(v.items.map((it) => rightOf(it).split(':')[0])).size).toBeGreaterThanOrEqual(4);
      for (const it of v.items) {
        const options = optionsOf(it);
        expect(options).toHaveLength(4);
        expect(new Set(options.map((o) => o.id)).size).toBe(4);
        expect(new Set(options.map((o) => o.label.zh)).size).toBe(4);
        expect(options.filter((o) => o.id === rightOf(it))).toHaveLength(1);
        expect(it.limitSec).toBeGreaterThanOrEqual(8);
        expect(it.limitSec).toBeLessThanOrEqual(10);
        const at = options.findIndex((o) => o.id === rightOf(it));
        positions.set(at, (positions.get(at) ?? 0) + 1);
      }
    }
    // The right option is anywhere, not always in the same place.
    expect([...positions.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const n of positions.values()) expect(n).toBeGreaterThan(10);
  });

  it("scripted host lines are answered with the scenario's own cue", () => {
    let checked = 0;
    for (const seed of SEEDS) {
      const v = controllerCues.generate(seed, { scenarios: [kitchen] });
      for (const it of v.items) {
        const line = kitchen.script.host.find((h) => h.cue && it.prompt.zh === `主播：“${h.say}”`);
        if (!line?.cue) continue;
        const [action, arg] = rightOf(it).split(':');
        expect(action).toBe(line.cue.action);
        if (line.cue.product) expect(arg).toBe(line.cue.product);
        if (line.cue.coupon) expect(arg).toBe(line.cue.coupon);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('wrong options are the plausible mistakes: the same tool on another link, the card for the marker, another coupon', () => {
    const v = SEEDS.map((seed) => controllerCues.generate(seed, { scenarios: [kitchen] }));
    const items = v.flatMap((x) => x.items);
    const explain = items.find((it) => rightOf(it) === 'start_explaining:shears')!;
    expect(explain).toBeDefined();
    const ids = optionsOf(explain).map((o) => o.id);
    expect(ids.every((id) => id === 'start_explaining:shears' || id === 'show_card:shears' || id === 'list_product:shears' || /^start_explaining:(lids|cloths|basket)$/.test(id))).toBe(true);
    const coupon = items.find((it) => rightOf(it) === 'issue_coupon:live5')!;
    expect(optionsOf(coupon).map((o) => o.id)).toContain('issue_coupon:spend59');
    const flash = items.find((it) => rightOf(it).startsWith('start_flash_sale:basket'));
    expect(flash && rightOf(flash)).toBe('start_flash_sale:basket:9.9:100');
    expect(flash!.prompt.zh).toContain('9.9元');
  });

  it('every usable shipped scenario generates; an unusable one gives a clear Error', () => {
    for (const s of chinese) {
      for (const seed of [1, 2, 3, 4, 5]) expect(controllerCues.generate(seed, { scenarios: [s] }).source).toBe(s.meta.id);
    }
    const english = byId('crossborder-en-homeware-30min');
    expect(() => controllerCues.generate(1, { scenarios: [english] })).toThrow(/controller-cues: no usable scenario.*crossborder-en-homeware-30min: its room is in en/);
    expect(() => controllerCues.generate(1, { scenarios: [] })).toThrow(/controller-cues: no usable scenario/);
    expect(() => controllerCues.generate(1, { scenarios, language: 'en' })).toThrow(/controller-cues: only in Chinese/);
    // A room with one product, no coupons, flash sales, incidents or scripted cues has too few cues.
    const bare: Scenario = { ...kitchen, meta: { ...kitchen.meta, id: 'bare-room' }, products: [kitchen.products[0]!], coupons: [], runOfShow: kitchen.runOfShow.map(({ flashSale: _f, ...seg }) => seg), incidents: [], script: { ...kitchen.script, host: [] } };
    expect(() => controllerCues.generate(1, { scenarios: [bare] })).toThrow(/controller-cues: no usable scenario.*bare-room: only \d cues/);
  });
});

describe('controller-cues: scoring', () => {
  it('right within the limit 100; blank 0; right but late 50; wrong 0', () => {
    for (const seed of SEEDS) {
      const v = controllerCues.generate(seed, { scenarios });
      const onTime = controllerCues.score(v, answerAll(v, rightOf, (it) => it.limitSec! * 1000 - 1));
      expect(onTime.percent).toBe(100);
      expect(onTime.items.every((r) => r.credit === 1 && r.feedback.zh.startsWith('正确'))).toBe(true);
      expect(controllerCues.score(v, []).percent).toBe(0);
      expect(controllerCues.score(v, answerAll(v, () => '', () => 500)).percent).toBe(0);
      const late = controllerCues.score(v, answerAll(v, rightOf, (it) => it.limitSec! * 1000 + 1));
      expect(late.percent).toBe(50);
      expect(late.items.every((r) => r.credit === 0.5 && r.feedback.zh.includes('超过'))).toBe(true);
      const wrong = controllerCues.score(v, answerAll(v, (it) => optionsOf(it).find((o) => o.id !== rightOf(it))!.id, () => 1000));
      expect(wrong.percent).toBe(0);
    }
  });

  it('mixed answers: per-item credit, percent with one decimal, feedback naming the right operation', () => {
    const v = controllerCues.generate(11, { scenarios: [kitchen] });
    const [a, b, c, d] = v.items;
    const wrongOption = optionsOf(c!).find((o) => o.id !== rightOf(c!))!;
    const r = controllerCues.score(v, [
      { item: a!.id, value: rightOf(a!), ms: 2000 },
      { item: b!.id, value: rightOf(b!), ms: 12_000 },
      { item: c!.id, value: wrongOption.id, ms: 3000 },
      { item: d!.id, value: 'not-an-option', ms: 100 },
      { item: d!.id, value: rightOf(d!), ms: 4000 }, // changed before moving on: the last answer counts
    ]);
    expect(r.items.map((x) => x.credit)).toEqual([1, 0.5, 0, 1, ...v.items.slice(4).map(() => 0)]);
    expect(r.percent).toBe(Math.round((2.5 / v.items.length) * 1000) / 10);
    const right = optionsOf(c!).find((o) => o.id === rightOf(c!))!;
    expect(r.items[2]!.expected).toEqual(right.label);
    expect(r.items[2]!.feedback.zh).toContain(`选了「${wrongOption.label.zh}」，应选「${right.label.zh}」`);
  });

  it('scoring a stored (JSON) variant gives the same result; a variant without answer keys is refused', () => {
    const v = controllerCues.generate(8, { scenarios });
    const answers = answerAll(v, rightOf, () => 3000);
    expect(controllerCues.score(JSON.parse(JSON.stringify(v)) as DrillVariant, answers)).toEqual(controllerCues.score(v, answers));
    const bare = { ...v, items: v.items.map(({ id, prompt, input, limitSec }) => ({ id, prompt, input, limitSec })) };
    expect(() => controllerCues.score(bare, answers)).toThrow(/controller-cues: item "cue-1" has no answer key/);
  });
});
