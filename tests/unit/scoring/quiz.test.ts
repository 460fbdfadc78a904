/**
 * The review quiz (复盘): questions about a finished run whose answers are recomputed from
 * the event log, checked within a stated tolerance.
 */
import { describe, expect, it } from 'vitest';
import { checkQuizAnswer, gradeQuiz, reviewQuiz, scoreRun, unanswered, verdictSentence, type QuizQuestion } from '../../../src/scoring';
import { botRun, DRILL, KIDSWEAR } from './helpers';

const q = (qs: QuizQuestion[], id: string) => {
  const x = qs.find((y) => y.id === id);
  if (!x) throw new Error(`no question ${id}`);
  return x;
};

describe('the review quiz asks about the run and knows the answers', () => {
  it.each([
    ['expert', KIDSWEAR],
    ['competent', KIDSWEAR],
    ['competent', DRILL],
  ] as const)('after a %s host on %s, the answers equal the engine’s own metrics', (bot, file) => {
    const { scenario, log, metrics: m } = botRun(file, bot, 1);
    const qs = reviewQuiz(scenario, log);
    expect(q(qs, 'uv').answer).toBe(m.uv);
    expect(q(qs, 'gmv').answer).toBeCloseTo(m.gmv, 2);
    expect(q(qs, 'conversion').answer).toBeCloseTo(m.conversion * 100, 1);
    expect(q(qs, 'uv-value').answer).toBeCloseTo(m.uvValue, 2);
    expect(q(qs, 'new-followers').answer).toBe(m.newFollowers);
    expect(q(qs, 'likes').answer).toBe(m.likes);
    expect(q(qs, 'comments').answer).toBe(m.comments);
    // The log has the online count once a second; the engine's peak may fall between two seconds.
    const peak = q(qs, 'peak-online');
    expect(Math.abs((peak.answer as number) - m.peakOnline)).toBeLessThanOrEqual(Math.max(peak.tolerance.abs, peak.tolerance.rel * m.peakOnline));
    expect(Math.abs((q(qs, 'avg-dwell').answer as number) - m.avgDwellSec)).toBeLessThanOrEqual(1);
    if (m.clickers > 0) expect(q(qs, 'click-conversion').answer).toBeCloseTo(m.clickConversion * 100, 1);
    // Every question carries its tolerance, an explanation and evidence from the log.
    const ids = new Set(log.map((e) => e.id));
    for (const x of qs) {
      expect(x.tolerance.abs).toBeGreaterThanOrEqual(0);
      expect(x.explanation.zh.length).toBeGreaterThan(3);
      expect(x.explanation.en.length).toBeGreaterThan(3);
      for (const e of x.evidence) expect(ids.has(e.event)).toBe(true);
    }
  });

  it('the best and worst products are the ones the engine counts the most and least sales for', () => {
    const { scenario, log, metrics: m } = botRun(KIDSWEAR, 'expert', 1);
    const qs = reviewQuiz(scenario, log);
    const byGmv = [...m.products].sort((a, b) => b.gmv - a.gmv);
    expect(q(qs, 'best-product').accept).toContain(byGmv[0].id);
    expect(q(qs, 'worst-product').accept).toContain(byGmv[byGmv.length - 1].id);
  });

  it('when the stream drops, the quiz asks when viewers left and names the drop as the cause', () => {
    const { scenario, log } = botRun(DRILL, 'competent', 1);
    const qs = reviewQuiz(scenario, log);
    const when = q(qs, 'drop-time');
    const drop = log.find((e) => e.type === 'room.interrupted')!;
    expect(Math.abs((when.answer as number) * 1000 - drop.t)).toBeLessThanOrEqual(90_000);
    expect(q(qs, 'drop-cause').answer).toBe('stream_drop');
  });
});

describe('the answer checker', () => {
  const { scenario, log } = botRun(KIDSWEAR, 'expert', 1);
  const qs = reviewQuiz(scenario, log);

  it('accepts the exact answer and answers within the tolerance, and rejects answers outside it', () => {
    for (const x of qs.filter((y) => y.kind !== 'choice')) {
      const a = x.answer as number;
      const allowed = Math.max(x.tolerance.abs, x.tolerance.rel * Math.abs(a));
      expect(checkQuizAnswer(x, a).correct, x.id).toBe(true);
      expect(checkQuizAnswer(x, a + 0.9 * allowed).correct, `${x.id} within`).toBe(true);
      expect(checkQuizAnswer(x, a - 0.9 * allowed).correct, `${x.id} within`).toBe(true);
      expect(checkQuizAnswer(x, a + 1.1 * allowed + 0.01).correct, `${x.id} outside`).toBe(false);
      expect(checkQuizAnswer(x, a - 1.1 * allowed - 0.01).correct, `${x.id} outside`).toBe(false);
    }
  });

  it('reads answers the way students type them: "5.12%", "¥5023.2", "10:10", "3分20秒"', () => {
    const conv = q(qs, 'conversion');
    expect(checkQuizAnswer(conv, `${conv.answer}%`).correct).toBe(true);
    expect(checkQuizAnswer(q(qs, 'gmv'), `¥${q(qs, 'gmv').answer}`).correct).toBe(true);
    const t = q(qs, 'drop-time');
    const s = t.answer as number;
    expect(checkQuizAnswer(t, `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`).correct).toBe(true);
    expect(checkQuizAnswer(t, `${Math.floor(s / 60)}分${s % 60}秒`).correct).toBe(true);
    expect(checkQuizAnswer(t, `${Math.floor(s / 60) + 3}:00`).correct).toBe(false);
  });

  it('accepts a choice by its id or its label, and rejects the others', () => {
    const best = q(qs, 'best-product');
    const right = best.choices!.find((c) => c.id === best.answer)!;
    const wrong = best.choices!.find((c) => !best.accept!.includes(c.id))!;
    expect(checkQuizAnswer(best, right.id).correct).toBe(true);
    expect(checkQuizAnswer(best, right.label.zh).correct).toBe(true);
    expect(checkQuizAnswer(best, right.label.en).correct).toBe(true);
    const no = checkQuizAnswer(best, wrong.id);
    expect(no.correct).toBe(false);
    expect(no.feedback.zh).toContain(right.label.zh);
  });

  it('an answer it cannot read is wrong, and the feedback gives the right one', () => {
    const r = checkQuizAnswer(q(qs, 'uv'), 'lots');
    expect(r.correct).toBe(false);
    expect(r.given).toBeNull();
    expect(r.feedback.zh).toContain(String(q(qs, 'uv').answer));
  });

  it('the quiz is its own line: right or wrong answers mark the review line and never move the live grade', () => {
    const right = Object.fromEntries(qs.map((x) => [x.id, x.answer]));
    const wrong = Object.fromEntries(qs.map((x) => [x.id, x.kind === 'choice' ? 'nothing' : -999]));
    const live = scoreRun(scenario, log);
    const withRight = scoreRun(scenario, log, undefined, { quizAnswers: right });
    const withWrong = scoreRun(scenario, log, undefined, { quizAnswers: wrong });
    const blank = scoreRun(scenario, log, undefined, { quizAnswers: {} });
    expect(live.review).toMatchObject({ assessed: false, score: null });
    expect(withRight.review).toMatchObject({ assessed: true, score: 100 });
    expect(withWrong.review).toMatchObject({ assessed: true, score: 0 });
    expect(blank.review).toMatchObject({ assessed: true, score: 0 }); // blank answers count wrong
    for (const r of [withRight, withWrong, blank]) {
      expect(r.total).toBe(live.total);
      expect(r.passed).toBe(live.passed);
      expect(r.verdict).toEqual(live.verdict);
      expect(r.sections).toEqual(live.sections);
      expect(r.criteria.map((c) => [c.id, c.points, c.max])).toEqual(live.criteria.map((c) => [c.id, c.points, c.max]));
    }
    // The quiz is in no live section or criterion; its clause is observed by it once answered.
    expect(live.criteria.some((c) => c.id === 'review-quiz')).toBe(false);
    expect(withRight.competencies.find((c) => c.clause === 'imkt-l5:3-2-1')!.passed).toBe(true);
    expect(live.competencies.find((c) => c.clause === 'imkt-l5:3-2-1')!.percent).toBeNull();
  });

  it('gradeQuiz checks one submission: blank and unreadable answers are wrong, and the blanks are named', () => {
    const some = Object.fromEntries(qs.slice(0, 3).map((x) => [x.id, String(x.answer)]));
    const g = gradeQuiz(scenario, log, { ...some, [qs[3].id]: '   ' });
    expect(g.questions).toBe(qs.length);
    expect(g.correct).toBe(3);
    expect(g.score).toBe(Math.round((1000 * 3) / qs.length) / 10);
    expect(g.blank).toEqual(qs.slice(3).map((x) => x.id));
    expect(unanswered(qs, some)).toEqual(g.blank);
    expect(gradeQuiz(scenario, log, {})).toMatchObject({ correct: 0, score: 0, blank: qs.map((x) => x.id) });
  });
});

describe('the verdict states the pass line and the gates in one sentence', () => {
  const gate = (n: number) => ({ id: 'compliance', criterion: 'compliance', title: { zh: '合规门槛', en: 'Compliance gate' }, reason: { zh: '', en: '' }, evidence: Array.from({ length: n }, (_, i) => ({ event: i, t: 0, type: 'speech.violation', note: { zh: '', en: '' }, good: false })) });
  it('a failed gate with a score above the line reads as one sentence, not a contradiction', () => {
    expect(verdictSentence({ total: 62.9, passMark: 60, failedGates: [gate(2)] })).toEqual({ zh: '未通过：合规门槛（2 处严重违规）；分数 62.9 ≥ 60', en: 'Not passed: compliance gate (2 severe violations); score 62.9 ≥ 60' });
  });
  it('passed, below the line, and both', () => {
    expect(verdictSentence({ total: 71.2, passMark: 60, failedGates: [] })).toEqual({ zh: '通过：分数 71.2 ≥ 60', en: 'Passed: score 71.2 ≥ 60' });
    expect(verdictSentence({ total: 57, passMark: 60, failedGates: [] })).toEqual({ zh: '未通过：分数 57.0 < 60', en: 'Not passed: score 57.0 < 60' });
    expect(verdictSentence({ total: 40.5, passMark: 60, failedGates: [gate(1)] }).en).toBe('Not passed: compliance gate (1 severe violation); score 40.5 < 60');
  });
  it('every report carries its verdict, agreeing with passed', () => {
    const { scenario, log } = botRun(KIDSWEAR, 'competent', 2);
    const r = scoreRun(scenario, log);
    expect(r.verdict.zh.startsWith(r.passed ? '通过：' : '未通过：')).toBe(true);
    expect(r.verdict.zh).toContain(r.total.toFixed(1));
  });
});

describe('the review quiz speaks to students', () => {
  it('its questions, explanations and feedback name likes, orders and minutes, never an event of the log', () => {
    const eventName = /\b[a-z]+(?:\.[a-z_]+)+\b/;
    for (const file of [KIDSWEAR, DRILL]) {
      const { scenario, log } = botRun(file, 'expert', 1);
      const qs = reviewQuiz(scenario, log);
      const graded = gradeQuiz(scenario, log, Object.fromEntries(qs.map((x) => [x.id, 'nonsense'])));
      const texts = [...qs.flatMap((x) => [x.prompt.zh, x.prompt.en, x.explanation.zh, x.explanation.en]), ...graded.checks.flatMap((r) => [r.feedback.zh, r.feedback.en])];
      for (const text of texts) expect(text, text).not.toMatch(eventName);
    }
  });
});
