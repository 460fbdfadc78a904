import { shippedScenarios } from '../../tests/shipped-scenarios';
import { describe, expect, it } from 'vitest';
import { runWithBot, type BotName, type Scenario, type SimEvent } from '../engine';
import catalogue from '../scoring/catalogue.json' with { type: 'json' };
import { bucketMinutes, dataReview, MAX_TABLE_ROWS, parseNumberAnswer } from './data-review';
import type { DrillAnswer, DrillItem, DrillVariant, RunSource } from './types';

const SCENARIOS: Scenario[] = shippedScenarios();
const byId = (id: string) => SCENARIOS.find((s) => s.meta.id === id)!;
const KIDSWEAR = SCENARIOS.find((s) => s.meta.id.includes('kidswear') && s.meta.duration === 1200)!;
const STREAM_DROP = SCENARIOS.find((s) => s.meta.id.includes('stream-drop'))!;
const RURAL = SCENARIOS.find((s) => s.meta.duration === 3600)!;

/** A run as the student's history would hold it: the actions of a bot's run, replayed by the drill. */
function ownRun(id: string, scenario: Scenario, seed: number, bot: BotName): RunSource {
  return { id, title: { zh: `练习 ${id}`, en: `run ${id}` }, scenario, seed, actions: runWithBot(scenario, seed, bot).actions };
}

const item = (v: DrillVariant, id: string) => v.items.find((i) => i.id === id);
const optionIds = (i: DrillItem | undefined) => (i?.input.type === 'choice' ? i.input.options.map((o) => o.id) : []);
const answer = (itemId: string, value: string): DrillAnswer => ({ item: itemId, value, ms: 5000 });
const creditOf = (v: DrillVariant, itemId: string, value: string) => dataReview.score(v, [answer(itemId, value)]).items.find((r) => r.item === itemId)!.credit;

/** The option of a choice item that scores 1 (and checks there is exactly one). */
function rightOption(v: DrillVariant, itemId: string): string {
  const right = optionIds(item(v, itemId)).filter((o) => creditOf(v, itemId, o) === 1);
  expect(right, `${itemId} of seed ${v.seed}`).toHaveLength(1);
  return right[0];
}

/** Everything the drill's answers are checked against, computed from the engine without the drill. */
function independent(scenario: Scenario, seed: number, bot: BotName) {
  const { sim } = runWithBot(scenario, seed, bot);
  const m = sim.metrics();
  const log = sim.log;
  const orderedViewers = new Set(log.filter((e): e is SimEvent<'order.placed'> => e.type === 'order.placed').map((e) => e.viewer));
  const funnel = { entered: m.uv, stayed: sim.view().stayed, clicked: m.clickers, ordered: orderedViewers.size, paid: m.buyers };
  // Online at the end of each period: the last per-second sample at or before its end.
  const b = bucketMinutes(sim.now) * 60_000;
  const seconds = log.filter((e): e is SimEvent<'audience.second'> => e.type === 'audience.second');
  const online: number[] = [];
  for (let end = b; end - b < sim.now; end += b) online.push([...seconds].reverse().find((s) => s.t <= Math.min(end, sim.now))?.online ?? 0);
  const incidents = log.filter((e): e is SimEvent<'incident.started'> => e.type === 'incident.started');
  return { m, funnel, online, incidents, bucketMs: b, targetGmv: scenario.targets.gmv };
}

function shippedSource(v: DrillVariant): { bot: BotName; seed: number; scenario: Scenario } {
  const m = /^bot:([a-z]+):(\d+):(.+)$/.exec(v.source);
  if (!m) throw new Error(`unexpected source ${v.source}`);
  return { bot: m[1] as BotName, seed: Number(m[2]), scenario: byId(m[3]) };
}

describe('parseNumberAnswer', () => {
  it('reads numbers as students type them, units or not', () => {
    const cases: [string, number][] = [
      ['3.37', 3.37],
      [' 3.37 ', 3.37],
      ['3.37元', 3.37],
      ['3.37 元', 3.37],
      ['¥3.37', 3.37],
      ['￥3.37', 3.37],
      ['3.37元/人', 3.37],
      ['3.37 yuan', 3.37],
      ['5.5%', 5.5],
      ['5.5 %', 5.5],
      ['５．５％', 5.5],
      ['百分之5.5', 5.5],
      ['约3.4', 3.4],
      ['1,234.5', 1234.5],
      ['3,37', 3.37],
      ['.5', 0.5],
      ['0', 0],
    ];
    for (const [raw, n] of cases) expect(parseNumberAnswer(raw), raw).toBe(n);
  });

  it('refuses what is not one number', () => {
    for (const raw of ['', '   ', 'abc', '3.37.1', '3 4', '两块', '3.37元元', '5%%', '1,2,3', '-']) expect(parseNumberAnswer(raw), raw).toBeNull();
  });
});

describe('data-review drill', () => {
  it('is the review skill, three minutes, in Chinese, and trains clauses that are in the catalogue', () => {
    expect(dataReview.id).toBe('data-review');
    expect(dataReview.skill).toBe('review');
    expect(dataReview.minutes).toBe(3);
    expect(dataReview.languages).toEqual(['zh']);
    const ids = new Set(catalogue.entries.map((e) => e.id));
    for (const c of dataReview.clauses) expect(ids.has(c), c).toBe(true);
    // Every 五级 3-2 复盘 and 1+X 初级 3.3 clause the catalogue has, and nothing else.
    const wanted = catalogue.entries.filter((e) => e.id.startsWith('imkt-l5:3-2-') || e.id.startsWith('1x-primary:3.3.')).map((e) => e.id);
    expect([...dataReview.clauses].sort()).toEqual(wanted.sort());
    expect(wanted.length).toBeGreaterThanOrEqual(2);
  });

  it('draws the same variant from the same seed (a shipped run)', () => {
    for (const seed of [1, 77]) {
      const a = dataReview.generate(seed, { scenarios: SCENARIOS });
      const b = dataReview.generate(seed, { scenarios: SCENARIOS });
      expect(b).toEqual(a);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
  });

  it('draws the same variant from the same seed (the student’s own runs)', () => {
    const runs = [ownRun('r1', KIDSWEAR, 5, 'competent'), ownRun('r2', STREAM_DROP, 9, 'typist')];
    const a = dataReview.generate(42, { scenarios: SCENARIOS, runs });
    const b = dataReview.generate(42, { scenarios: SCENARIOS, runs });
    expect(b).toEqual(a);
    expect(['r1', 'r2']).toContain(a.source);
    const sources = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => dataReview.generate(s, { scenarios: SCENARIOS, runs }).source));
    expect(sources).toEqual(new Set(['r1', 'r2']));
  });

  describe('over 20 seeds of shipped runs', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const variants = seeds.map((seed) => dataReview.generate(seed, { scenarios: SCENARIOS }));

    it('gives several different variants', () => {
      expect(new Set(variants.map((v) => v.source)).size).toBeGreaterThanOrEqual(15);
      expect(new Set(variants.map((v) => shippedSource(v).scenario.meta.id)).size).toBeGreaterThanOrEqual(6);
      const explained = new Set(variants.map((v) => rightOption(v, 'explain').split(':')[0]));
      expect(explained.size).toBeGreaterThanOrEqual(4);
      for (const v of variants) {
        expect(v.kind).toBe('data-review');
        expect(v.language).toBe('zh');
        expect(v.items.length).toBeGreaterThanOrEqual(4);
        expect(v.items.length).toBeLessThanOrEqual(5);
        expect(v.items.map((i) => i.id).slice(0, 3)).toEqual(['uv-value', 'conversion', 'funnel-drop']);
        expect(v.items[v.items.length - 1].id).toBe('explain');
        for (const i of v.items) {
          expect(i.table ?? i.chart, i.id).toBeDefined();
          if (i.table) expect(i.table.rows.length).toBeLessThanOrEqual(MAX_TABLE_ROWS);
          if (i.table) for (const r of i.table.rows) expect(r).toHaveLength(i.table.columns.length);
          if (i.chart) for (const s of i.chart.series) expect(s.values.length).toBe(item(v, 'explain')!.table!.rows.length);
          if (i.input.type === 'choice') expect(new Set(optionIds(i)).size).toBe(i.input.options.length);
        }
        expect(optionIds(item(v, 'explain'))).toHaveLength(4);
        const fall = item(v, 'viewer-fall');
        if (fall) expect(optionIds(fall).length).toBeGreaterThanOrEqual(2);
      }
    });

    it('expects the answers an independent computation from the engine gives', () => {
      for (const v of variants) {
        const src = shippedSource(v);
        const { m, funnel, online, incidents, bucketMs, targetGmv } = independent(src.scenario, src.seed, src.bot);
        const at = `seed ${v.seed} (${v.source})`;
        const result = dataReview.score(v, []);
        // UV value and conversion, against the engine's own final metrics.
        expect(result.items[0].expected.zh, at).toBe(`${m.uvValue.toFixed(2)} 元`);
        expect(result.items[1].expected.zh, at).toBe(`${(m.conversion * 100).toFixed(2)}%`);
        expect(result.items[0].feedback.zh, at).toContain(`${m.gmv.toFixed(2)} 元 ÷ ${m.uv} 人`);
        // The funnel step with the largest drop-off.
        const steps = [
          ['enter-stay', funnel.entered, funnel.stayed],
          ['stay-click', funnel.stayed, funnel.clicked],
          ['click-order', funnel.clicked, funnel.ordered],
          ['order-pay', funnel.ordered, funnel.paid],
        ] as const;
        const loss = steps.map(([id, a, b]) => [id, a > 0 ? 1 - b / a : -1] as const);
        const top = Math.max(...loss.map(([, l]) => l));
        const right = rightOption(v, 'funnel-drop');
        expect(loss.find(([id]) => id === right)![1], at).toBeGreaterThanOrEqual(top - 0.005);
        // The period viewers fell most in, among the four offered.
        const fallItem = item(v, 'viewer-fall');
        const fall = (i: number) => (i > 0 ? online[i - 1] : 0) - online[i];
        if (fallItem) {
          const offered = optionIds(fallItem).map((id) => Number(id.slice(1)) - 1);
          const best = offered.reduce((b, i) => (fall(i) > fall(b) ? i : b), offered[0]);
          expect(rightOption(v, 'viewer-fall'), at).toBe(`p${best + 1}`);
          expect(fall(best), at).toBe(Math.max(...online.map((_, i) => fall(i))));
        } else {
          expect(Math.max(...online.map((_, i) => fall(i))), at).toBeLessThan(3);
        }
        // The explanation that scores is true of the run (checked here for each kind of statement).
        const [kind, p1, p2] = rightOption(v, 'explain').split(':');
        const clickRate = m.clickers / m.uv;
        const clickConv = m.clickers > 0 ? m.buyers / m.clickers : 0;
        const period = (t: number) => Math.floor(t / bucketMs);
        switch (kind) {
          case 'incident-drop': {
            const i = Number(p2) - 1;
            expect(incidents.some((e) => e.kind === p1 && period(e.t) === i), at).toBe(true);
            expect(Math.max(fall(i), i + 1 < online.length ? fall(i + 1) : -Infinity), at).toBeGreaterThanOrEqual(3);
            break;
          }
          case 'calm-drop': {
            const i = Number(p1) - 1;
            expect(fall(i), at).toBe(Math.max(...online.map((_, j) => fall(j))));
            expect(incidents.filter((e) => ['stream_drop', 'mic_failure', 'troll_wave', 'quality_complaint'].includes(e.kind) && period(e.t) >= i - 2 && period(e.t) <= i), at).toEqual([]);
            break;
          }
          case 'no-big-drop':
            expect(Math.max(...online.map((_, j) => fall(j))), at).toBeLessThanOrEqual(Math.max(1, 0.02 * m.peakOnline));
            break;
          case 'clicks-no-orders':
            expect(clickRate >= 0.1 && clickConv <= 0.15, at).toBe(true);
            break;
          case 'few-clicks':
            expect(clickRate, at).toBeLessThan(0.05);
            break;
          case 'strong-close':
            expect(clickConv, at).toBeGreaterThanOrEqual(0.3);
            break;
          case 'target-met':
            expect(m.gmv, at).toBeGreaterThanOrEqual(targetGmv!);
            break;
          case 'target-missed':
            expect(m.gmv, at).toBeLessThan(targetGmv!);
            break;
          case 'no-sales':
            expect(m.buyers, at).toBe(0);
            break;
          case 'sales-burst':
            expect(m.gmv, at).toBeGreaterThan(0);
            break;
          case 'peak-at':
            expect(online[Number(p1) - 1], at).toBe(Math.max(...online));
            break;
          default:
            throw new Error(`${at}: unexpected right statement ${kind}`);
        }
      }
    });

    it('gives 100 for the right answers and 0 for none', () => {
      for (const v of variants) {
        const { m } = independent(shippedSource(v).scenario, shippedSource(v).seed, shippedSource(v).bot);
        const answers = v.items.map((i) => {
          if (i.id === 'uv-value') return answer(i.id, m.uvValue.toFixed(2));
          if (i.id === 'conversion') return answer(i.id, (m.conversion * 100).toFixed(2));
          return answer(i.id, rightOption(v, i.id));
        });
        const right = dataReview.score(v, answers);
        expect(right.kind).toBe('data-review');
        expect(right.percent, `seed ${v.seed}`).toBe(100);
        const blank = dataReview.score(v, []);
        expect(blank.percent).toBe(0);
        expect(blank.items).toHaveLength(v.items.length);
        for (const r of blank.items) {
          expect(r.credit).toBe(0);
          expect(r.feedback.zh).toContain('没有作答');
          expect(r.expected.zh.length).toBeGreaterThan(0);
        }
        expect(dataReview.score(v, v.items.map((i) => answer(i.id, '   '))).percent).toBe(0);
      }
    });
  });

  it('accepts tolerant number formats and names the usual slips', () => {
    // The first seed whose kidswear run sold something to more than one buyer.
    const [v, seed, bot, m] = (() => {
      for (let s = 1; s < 50; s++) {
        const v = dataReview.generate(s, { scenarios: [KIDSWEAR] });
        const src = shippedSource(v);
        const { m } = independent(KIDSWEAR, src.seed, src.bot);
        if (m.buyers > 1) return [v, src.seed, src.bot, m] as const;
      }
      throw new Error('no kidswear run with buyers');
    })();
    const uvv = m.uvValue;
    const conv = m.conversion * 100;
    for (const typed of [uvv.toFixed(2), `${uvv.toFixed(2)}元`, `¥${uvv.toFixed(2)}`, `${uvv.toFixed(2)} 元/人`, (uvv * 1.009).toFixed(4), (uvv + 0.01).toFixed(2), String(m.gmv / m.uv)]) {
      expect(creditOf(v, 'uv-value', typed), typed).toBe(1);
    }
    for (const typed of [conv.toFixed(2), `${conv.toFixed(2)}%`, `${conv.toFixed(2)} %`, `百分之${conv.toFixed(2)}`, (conv * 0.995).toFixed(3), String((m.buyers / m.uv) * 100)]) {
      expect(creditOf(v, 'conversion', typed), typed).toBe(1);
    }
    // Off by more than 1 % (and more than 0.01): wrong.
    expect(creditOf(v, 'uv-value', (uvv * 1.05 + 0.02).toFixed(2))).toBe(0);
    expect(creditOf(v, 'conversion', (conv * 1.05 + 0.02).toFixed(2))).toBe(0);
    expect(creditOf(v, 'conversion', 'about five')).toBe(0);
    // A fraction instead of a percentage: half credit, said so.
    const frac = dataReview.score(v, [answer('conversion', (m.buyers / m.uv).toFixed(4))]).items[1];
    expect(frac.credit).toBe(0.5);
    expect(frac.feedback.zh).toContain('乘以 100');
    expect(creditOf(v, 'conversion', '0')).toBe(0);
    // GMV over peak online: wrong, and the feedback names the mistake and shows the formula.
    const peak = dataReview.score(v, [answer('uv-value', (m.gmv / m.peakOnline).toFixed(2))]).items[0];
    expect(peak.credit).toBe(0);
    expect(peak.feedback.zh).toContain('峰值在线');
    expect(peak.feedback.zh).toContain('UV价值 = 成交金额 ÷ 观看人数');
    // Viewers who ordered instead of buyers, when they differ.
    const { funnel } = independent(KIDSWEAR, seed, bot);
    if (funnel.ordered !== funnel.paid) {
      const ordered = dataReview.score(v, [answer('conversion', ((funnel.ordered / m.uv) * 100).toFixed(2))]).items[1];
      expect(ordered.credit).toBe(0);
      expect(ordered.feedback.zh).toContain('下单人数');
    }
    // A choice that is not an option.
    expect(creditOf(v, 'funnel-drop', 'nonsense')).toBe(0);
  });

  it('builds the table in rows of 1, 2, 5… minutes so that it has at most 20', () => {
    expect(bucketMinutes(300_000)).toBe(1);
    expect(bucketMinutes(1_200_000)).toBe(1);
    expect(bucketMinutes(1_230_000)).toBe(2);
    expect(bucketMinutes(1_800_000)).toBe(2);
    expect(bucketMinutes(2_460_000)).toBe(5);
    expect(bucketMinutes(3_600_000)).toBe(5);
    expect(bucketMinutes(4 * 3_600_000)).toBe(15);
    const v = dataReview.generate(3, { scenarios: [RURAL] });
    const rows = item(v, 'explain')!.table!.rows;
    expect(rows).toHaveLength(12);
    expect(rows[0][0]).toBe('1–5');
    expect(rows[11][0]).toBe('56–60');
    expect(item(v, 'explain')!.chart!.x.zh).toContain('每5分钟');
  });

  it('passes over a past run too short to review, and says so when none is left', () => {
    const short: RunSource = { id: 'short', title: { zh: '太短', en: 'too short' }, scenario: KIDSWEAR, seed: 3, actions: [{ t: 90_000, type: 'end_stream' }] };
    expect(() => dataReview.generate(1, { scenarios: SCENARIOS, runs: [short] })).toThrow(/can be reviewed.*"short": it lasted 1:30, under the 2:00 a review needs/);
    const good = ownRun('good', STREAM_DROP, 4, 'expert');
    for (const seed of [1, 2, 3, 4, 5]) expect(dataReview.generate(seed, { scenarios: SCENARIOS, runs: [short, good] }).source).toBe('good');
  });

  it('refuses a run nobody watched', () => {
    const empty: Scenario = {
      ...STREAM_DROP,
      audience: { ...STREAM_DROP.audience, traffic: STREAM_DROP.audience.traffic.map((p) => ({ ...p, perMin: 0 })) },
      script: { ...STREAM_DROP.script, comments: [], vips: [] },
    };
    const run = ownRun('empty', empty, 5, 'expert');
    expect(() => dataReview.generate(1, { scenarios: SCENARIOS, runs: [run] })).toThrow(/nobody watched it \(UV 0\)/);
  });

  it('says clearly when there is nothing to draw from, or a language it is not made in', () => {
    expect(() => dataReview.generate(1, { scenarios: [] })).toThrow(/no past run and no scenario/);
    expect(() => dataReview.generate(1, { scenarios: SCENARIOS, language: 'en' })).toThrow(/Chinese only/);
  });

  it('simulates once per variant, fast', () => {
    const t0 = performance.now();
    dataReview.generate(11, { scenarios: [KIDSWEAR] });
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
