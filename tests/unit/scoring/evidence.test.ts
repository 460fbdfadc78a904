/**
 * Evidence and feedback: every point awarded or withheld is backed by events of the log
 * (real ids, their times, their words), and every criterion tells the student, in Chinese
 * and in English, what to do next time.
 */
import { describe, expect, it } from 'vitest';
import { BOT_NAMES } from '../../../src/engine';
import type { SimEvent } from '../../../src/engine';
import { scoreRun, rubricIds, type ScoreReport } from '../../../src/scoring';
import { botRun, DRILL, KIDSWEAR, stringsOf } from './helpers';

const cases = [KIDSWEAR, DRILL].flatMap((file) => BOT_NAMES.map((bot) => ({ file, bot })));

function checkEvidence(report: ScoreReport, log: readonly SimEvent[]) {
  const byId = new Map(log.map((e) => [e.id, e]));
  const all = [...report.criteria.flatMap((c) => c.evidence.map((e) => ({ c: c.id, e }))), ...report.failedGates.flatMap((g) => g.evidence.map((e) => ({ c: g.id, e })))];
  for (const { c, e } of all) {
    const ev = byId.get(e.event);
    expect(ev, `${c}: evidence names event ${e.event}, which is not in the log`).toBeDefined();
    // An omission is timed at the start of the window it was due in; it points at the event that opens it.
    if (e.missing) {
      expect(e.t, `${c}: an omission is timed at its window`).toBe(e.missing.fromMs);
      expect(e.missing.toMs).toBeGreaterThanOrEqual(e.missing.fromMs);
      expect(e.good).toBe(false);
      expect(Math.abs(ev!.t - e.t), `${c}: the omission's anchor event ${e.event} opens its window`).toBeLessThanOrEqual(e.t >= ev!.t ? Infinity : 2000);
    } else expect(e.t, `${c}: evidence time of event ${e.event}`).toBe(ev!.t);
    expect(e.type, `${c}: evidence type of event ${e.event}`).toBe(ev!.type);
    if (e.quote !== undefined) expect(stringsOf(ev).some((s) => s.includes(e.quote!)), `${c}: "${e.quote}" is not words of event ${e.event}`).toBe(true);
    expect(e.note.zh.length).toBeGreaterThan(0);
    expect(e.note.en.length).toBeGreaterThan(0);
  }
  return all.length;
}

describe('evidence behind every point', () => {
  it.each(cases.map((c) => [c.bot, c.file, c] as const))('a %s host on %s: every piece of evidence names a real event, at its time, quoting its words', (_b, _f, { file, bot }) => {
    const { scenario, log } = botRun(file, bot, 1);
    const report = scoreRun(scenario, log);
    expect(checkEvidence(report, log)).toBeGreaterThan(10);
  });

  it('a withheld point shows the event that was missed (for a passive host, the question nobody answered)', () => {
    const { scenario, log } = botRun(KIDSWEAR, 'passive', 1);
    const q = scoreRun(scenario, log).criteria.find((c) => c.id === 'questions-answered')!;
    expect(q.points).toBe(0);
    const bad = q.evidence.filter((e) => !e.good);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.some((e) => e.type === 'comment' && e.quote === '卫衣是什么面料的？')).toBe(true);
  });

  it('every rubric can score every bot run, with evidence that checks out', () => {
    for (const id of rubricIds()) {
      for (const file of [KIDSWEAR, DRILL]) {
        const { scenario, log } = botRun(file, 'competent', 2);
        checkEvidence(scoreRun(scenario, log, id), log);
      }
    }
  });
});

describe('every lost point has evidence, omissions included', () => {
  const files = [KIDSWEAR, DRILL, 'scenarios/imkt-l4-food-20min.yaml', 'scenarios/platform-l5-tea-15min.yaml', 'scenarios/1x-intermediate-beauty-20min.yaml'];
  it.each(files)('on %s, for every bot, a criterion that lost points names at least one event that cost them', (file) => {
    for (const bot of BOT_NAMES) {
      const { scenario, log } = botRun(file, bot, 3);
      const r = scoreRun(scenario, log);
      for (const c of r.criteria) {
        if (c.max - c.points <= 0.05) continue;
        expect(c.evidence.some((e) => !e.good), `${bot}: ${c.id} lost ${(c.max - c.points).toFixed(2)} points with no evidence of why`).toBe(true);
      }
    }
  });

  it('an omission says what was missing and when: no coupon, no call for likes, in their window', () => {
    const { scenario, log } = botRun(KIDSWEAR, 'passive', 1);
    const r = scoreRun(scenario, log);
    const coupon = r.criteria.find((c) => c.id === 'coupon-use')!.evidence.filter((e) => e.missing);
    expect(coupon.length).toBeGreaterThan(0);
    expect(coupon[0].note.zh).toMatch(/没有发出优惠券「.+」（应在「.+」环节（\d+:\d\d–\d+:\d\d）/);
    expect(coupon[0].note.en).toMatch(/never issued \(it belongs in the .+ stretch \(\d+:\d\d–\d+:\d\d\)/);
    const likes = r.criteria.find((c) => c.id === 'likes-and-shares')!.evidence.filter((e) => e.missing);
    expect(likes.length).toBe(r.criteria.find((c) => c.id === 'likes-and-shares')!.details!.stretches);
    expect(likes[0].note.zh).toContain('没有引导点赞或分享');
  });
});

describe('the score report', () => {
  it.each(cases.map((c) => [c.bot, c.file, c] as const))('a %s host on %s: points add up to the total, never exceed their maximum, and every criterion has feedback in zh and en', (_b, _f, { file, bot }) => {
    const { scenario, log } = botRun(file, bot, 1);
    const r = scoreRun(scenario, log);
    const sum = r.criteria.reduce((s, c) => s + c.points, 0);
    // Penalties can take the sum below zero; the total stops at 0.
    expect(Math.abs(Math.max(0, sum) - r.total)).toBeLessThanOrEqual(0.2);
    expect(r.total).toBeGreaterThanOrEqual(0);
    expect(r.total).toBeLessThanOrEqual(100);
    const maxSum = r.criteria.reduce((s, c) => s + c.max, 0);
    expect(Math.abs(maxSum - 100)).toBeLessThanOrEqual(0.2);
    for (const c of r.criteria) {
      expect(c.points).toBeGreaterThanOrEqual(-(c.penalty ?? 0) - 1e-9);
      expect(c.points).toBeLessThanOrEqual(c.max + 1e-9);
      expect(c.feedback.zh.length, c.id).toBeGreaterThan(3);
      expect(c.feedback.en.length, c.id).toBeGreaterThan(3);
      expect(/[\u4e00-\u9fff]/.test(c.feedback.zh), `${c.id} zh feedback is Chinese`).toBe(true);
    }
    expect(r.improvements.length).toBeLessThanOrEqual(3);
    for (const i of r.improvements) {
      expect(i.zh.length).toBeGreaterThan(3);
      expect(i.en.length).toBeGreaterThan(3);
    }
    expect(r.passed).toBe(r.failedGates.length === 0 && r.total >= r.passMark);
  });

  it('a weak run gets three things to improve, the failed gate first', () => {
    const { scenario, log } = botRun(KIDSWEAR, 'reckless', 1);
    const r = scoreRun(scenario, log);
    expect(r.failedGates.map((g) => g.id)).toEqual(['compliance']);
    expect(r.passed).toBe(false);
    expect(r.improvements).toHaveLength(3);
    expect(r.improvements[0].criterion).toBe('compliance');
  });

  it('reports each competency against the pass mark, and what the run is worth in a full exam', () => {
    const { scenario, log } = botRun(KIDSWEAR, 'expert', 1);
    const r = scoreRun(scenario, log);
    const fab = r.competencies.find((c) => c.clause === 'imkt-l5:2-2-1')!;
    expect(fab.passed).toBe(true);
    expect(fab.percent).toBeGreaterThan(r.passMark);
    expect(r.competencies.find((c) => c.clause === 'imkt-l5:3-2-1')!.percent).toBeNull(); // the review quiz is not taken yet
    // 2-1 直播预演 is its own practical task: not assessed in a selling run, its weight left out.
    expect(r.exam!.units.map((u) => [u.unit, u.weight])).toEqual([['2-2', 30]]);
    const rehearsal = r.sections.find((x) => x.examUnit === '2-1')!;
    expect(rehearsal.assessed).toBe(false);
    expect(rehearsal.max).toBe(0);
    expect(r.competencies.find((c) => c.clause === 'imkt-l5:2-1-2')!.percent).toBeNull();
    expect(r.sections.filter((x) => x.assessed).reduce((t, x) => t + x.max, 0)).toBeCloseTo(100, 1);
    for (const u of r.exam!.units) expect(u.examPoints).toBeCloseTo((u.score * u.weight) / 100, 1);
  });

  it('2-1 直播预演 is not scored from a selling run, whatever plan buttons were pressed', () => {
    for (const bot of ['expert', 'clicks', 'passive'] as const) {
      const { scenario, log } = botRun(KIDSWEAR, bot, 2);
      const r = scoreRun(scenario, log);
      for (const id of ['segment-pace', 'plan-products']) {
        const c = r.criteria.find((x) => x.id === id)!;
        expect(c.verdict, `${id} for ${bot}`).toBe('not_assessed');
        expect(c.max).toBe(0);
        expect(c.feedback.zh).toContain('本场直播不评估');
        expect(c.feedback.en).toContain('not assessed in this run');
      }
    }
  });

  it('criteria a scenario gives no occasion for are left out, not given free points', () => {
    const { scenario, log } = botRun(DRILL, 'expert', 1);
    const r = scoreRun(scenario, log);
    const err = r.criteria.find((c) => c.id === 'error-correction')!;
    expect(err.verdict).toBe('not_applicable');
    expect(err.max).toBe(0);
  });
});
