/**
 * Scores a teacher can defend (issue #12): blind and refused actions cost console accuracy, with
 * evidence; a fix that came from hammering the button earns only part; a violation costs in
 * proportion to its severity; a coupon is judged against the segment it belongs to. Each case
 * re-simulates a bot's run with the change made to its actions.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario, SimEvent } from '../../../src/engine';
import { scoreRun, type ScoreReport } from '../../../src/scoring';
import { actionsOf, botRun, KIDSWEAR, resimulate, type TimedAction as Input } from './helpers';

/** The bot's run, played again with the given actions, scored. */
const base = new Map<string, readonly SimEvent[]>();
function rescore(scenario: Scenario, seed: number, actions: readonly Input[], log: readonly SimEvent[] = base.get(`${scenario.meta.id}|${seed}`)!): ScoreReport {
  return scoreRun(scenario, resimulate(scenario, seed, log, actions));
}
function actionsOfRun(scenario: Scenario, seed: number, log: readonly SimEvent[]): Input[] {
  base.set(`${scenario.meta.id}|${seed}`, log);
  return actionsOf(log);
}

const crit = (r: ScoreReport, id: string) => r.criteria.find((c) => c.id === id)!;
/** Everything but the sales outcomes, which a re-simulated audience redraws by chance. */
const judged = (r: ScoreReport) => r.criteria.filter((c) => c.id !== 'outcomes').reduce((t, c) => t + c.points, 0);

describe('blind and refused actions cost console accuracy', () => {
  const { scenario, log } = botRun(KIDSWEAR, 'competent', 5);
  const actions = actionsOfRun(scenario, 5, log);
  const base = rescore(scenario, 5, actions);

  it('a clean run loses nothing to it', () => {
    const c = crit(base, 'console-accuracy');
    expect(c.points).toBeCloseTo(c.max, 1);
    expect(c.penalty).toBeUndefined();
  });

  it('a few refused clicks cost little, and the evidence says which button, when and why', () => {
    const r = rescore(scenario, 5, [...actions, { t: 200_000, type: 'fix_microphone' } as Input, { t: 400_000, type: 'fix_link', product: 'hoodie' } as Input]);
    // The audience after 3:20 is redrawn, so compare the criterion itself: two blind fixes, under 2 points.
    const lost = crit(base, 'console-accuracy').points - crit(r, 'console-accuracy').points;
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(2);
    expect(crit(r, 'console-accuracy').penalty).toBeUndefined();
    const ev = crit(r, 'console-accuracy').evidence.filter((e) => !e.good);
    expect(ev.map((e) => e.t)).toEqual(expect.arrayContaining([200_000, 400_000]));
    const mic = ev.find((e) => e.t === 200_000)!;
    expect(mic.note.zh).toContain('切换备用麦克风');
    expect(mic.note.zh).toContain('没有需要处理的问题');
    expect(mic.note.en).toContain('nothing to fix');
    expect(mic.type).toBe('action.rejected');
  });

  it('a double click on a refused button counts once', () => {
    const once = rescore(scenario, 5, [...actions, { t: 200_000, type: 'fix_microphone' } as Input]);
    const twice = rescore(scenario, 5, [...actions, { t: 200_000, type: 'fix_microphone' } as Input, { t: 200_800, type: 'fix_microphone' } as Input]);
    expect(crit(twice, 'console-accuracy').details!.blindFixes).toBe(crit(once, 'console-accuracy').details!.blindFixes);
  });

  it('spam costs a lot: a blind fix every two seconds for ten minutes takes at least 30 points', () => {
    const spam = Array.from({ length: 300 }, (_x, i) => ({ t: 60_000 + i * 2000, type: i % 2 ? 'fix_microphone' : 'fix_link', ...(i % 2 ? {} : { product: 'jeans' }) }) as Input);
    const r = rescore(scenario, 5, [...actions, ...spam]);
    expect(judged(base) - judged(r)).toBeGreaterThanOrEqual(30);
    expect(crit(r, 'console-accuracy').penalty).toBeGreaterThan(0);
    expect(r.passed).toBe(false);
  });

  it('a price "fixed" to what it already was is a blind fix too', () => {
    const r = rescore(scenario, 5, [...actions, { t: 300_000, type: 'set_price', product: 'hoodie', price: scenario.products.find((p) => p.id === 'hoodie')!.livePrice } as Input]);
    const ev = crit(r, 'console-accuracy').evidence.find((e) => e.t === 300_000)!;
    expect(ev.type).toBe('action.accepted');
    expect(ev.note.zh).toContain('改价');
    expect(ev.note.en).toContain('already');
  });
});

describe('a fix that follows blind presses of the same button earns only part of its credit', () => {
  it('on the wrong-price drill, pressing 改价 every 5 s before the incident makes its fix a guess', () => {
    const file = 'scenarios/drill-wrong-price-5min.yaml';
    const { scenario, log } = botRun(file, 'expert', 3);
    const actions = actionsOfRun(scenario, 3, log);
    const inc = log.find((e): e is SimEvent<'incident.started'> => e.type === 'incident.started' && e.kind === 'wrong_price')!;
    const prod = scenario.products.find((p) => p.id === inc.product)!;
    const presses = Array.from({ length: 12 }, (_x, i) => ({ t: inc.t - 60_000 + i * 5000, type: 'set_price', product: prod.id, price: prod.livePrice }) as Input).filter((a) => a.t > 0 && a.t < inc.t);
    const base = rescore(scenario, 3, actions);
    const r = rescore(scenario, 3, [...actions, ...presses]);
    const e = crit(r, 'error-correction');
    expect(e.points).toBeLessThan(crit(base, 'error-correction').points - 0.5);
    expect(e.evidence.some((x) => !x.good && x.note.en.includes('pressing it all the time'))).toBe(true);
  });
});

describe('violations cost in proportion to their severity', () => {
  const { scenario, log } = botRun(KIDSWEAR, 'expert', 6);
  const actions = actionsOfRun(scenario, 6, log);
  const base = rescore(scenario, 6, actions);

  it('one absolute claim costs several points of the total, not a fraction of one', () => {
    const r = rescore(scenario, 6, [...actions, { t: 500_000, type: 'say', text: '这款卫衣是全网最低价，史上最好！', source: 'typed' } as Input]);
    expect(judged(base) - judged(r)).toBeGreaterThanOrEqual(4);
    expect(crit(r, 'compliance').penalty).toBeGreaterThan(0);
    expect(r.failedGates).toHaveLength(0);
  });

  it('a severe one costs more and still fails the gate', () => {
    const abs = rescore(scenario, 6, [...actions, { t: 500_000, type: 'say', text: '这款卫衣是全网最低价', source: 'typed' } as Input]);
    const severe = rescore(scenario, 6, [...actions, { t: 500_000, type: 'say', text: '想要更便宜的加我微信私聊', source: 'typed' } as Input]);
    // The rest of the run is redrawn after 8:20; compare what compliance itself costs.
    expect(crit(severe, 'compliance').points).toBeLessThan(crit(abs, 'compliance').points);
    expect(severe.failedGates.map((g) => g.id)).toContain('compliance');
  });
});

describe('a coupon is judged against the segment it belongs to', () => {
  it('issued at 0:00, before any of its products is pitched, it earns less than in its own segment, and the evidence says where it belongs', () => {
    const { scenario, log } = botRun(KIDSWEAR, 'expert', 7);
    const actions = actionsOfRun(scenario, 7, log);
    const early = actions.map((a) => (a.type === 'issue_coupon' && (a as { coupon?: string }).coupon === 'live10' ? ({ ...a, t: 0 } as Input) : a));
    const base = crit(rescore(scenario, 7, actions), 'coupon-use');
    const r = crit(rescore(scenario, 7, early), 'coupon-use');
    expect(r.points).toBeLessThan(base.points);
    const ev = r.evidence.find((e) => !e.good && e.type === 'coupon.issued')!;
    expect(ev.t).toBe(0);
    expect(ev.note.zh).toMatch(/不在它所属的「.+」环节（1:30–5:30）/);
    expect(ev.note.en).toContain('outside the');
  });
});
