/**
 * Scoring fairness reported by scenario authors:
 * - realtime-adjustment does not count a slump that leaves no time to respond before the end;
 * - negative-comments: a reply to one viewer answers that viewer's complaint only;
 * - error-correction: a microphone failure is judged on the notice, the apology and the repeated price too;
 * - questions-answered: when a scripted question's asker leaves is chance, so its answer is judged on time alone.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../../src/engine';
import { createSim } from '../../../src/engine';
import { negativeComments, questionsAnswered, realtimeAdjustment } from '../../../src/scoring/criteria/room';
import { errorCorrection } from '../../../src/scoring/criteria/console';
import type { ActionInput } from '../../../src/engine';
import { RunIndex } from '../../../src/scoring/run-index';
import type { Scenario } from '../../../src/engine';
import { scenario } from './helpers';

const MIC = 'scenarios/drill-mic-failure-5min.yaml';

/** A hand-made log of a 5-minute run: a steady room, the given clicks, no order, no move by the host. */
function quietRun(clickSecs: number[], online: (sec: number) => number = () => 30): SimEvent[] {
  const log: SimEvent[] = [];
  const push = (e: Record<string, unknown>) => log.push({ id: log.length, ...e } as unknown as SimEvent);
  const clicks = [...clickSecs].sort((a, b) => a - b);
  for (let sec = 1; sec <= 300; sec++) {
    for (const c of clicks.filter((x) => x > sec - 1 && x <= sec)) push({ t: Math.round(c * 1000), type: 'product.click', viewer: 1000 + log.length, product: 'nuts', via: 'bag', shown: 'nuts' });
    push({ t: sec * 1000, type: 'audience.second', online: online(sec), joined: 0, left: 0, likes: 0, shares: 0, claims: 0, joinedIds: [] });
  }
  push({ t: 300000, type: 'room.ended', reason: 'time' });
  return log;
}

/** Slumps judged in this 5-minute room as if it were long enough (minRunSec 0). */
const evaluateAdjustment = (log: readonly SimEvent[], params: Record<string, unknown> = { minRunSec: 0 }) => realtimeAdjustment.evaluate(new RunIndex(scenario(MIC), log), realtimeAdjustment.params.parse(params), {});

describe('realtime-adjustment and the end of the run', () => {
  const burst = (from: number) => Array.from({ length: 12 }, (_, i) => from + i * 1.5);

  it('clicks without orders in the last seconds of a 5-minute run are not a slump anyone could answer', () => {
    const out = evaluateAdjustment(quietRun(burst(281)));
    expect(out.applicable).toBe(false);
  });

  it('an online fall in the last 45 s is not counted either', () => {
    const out = evaluateAdjustment(quietRun([], (sec) => (sec >= 290 ? 20 : 30)));
    expect(out.applicable).toBe(false);
  });

  it('a run shorter than 10 minutes is not judged on slumps at all: one or two of them are chance', () => {
    const out = evaluateAdjustment(quietRun(burst(200)), {});
    expect(out.applicable).toBe(false);
    expect(out.feedback.zh).toContain('不足10分钟');
  });

  it('the same clicks earlier are a slump, and doing nothing about it scores 0', () => {
    const out = evaluateAdjustment(quietRun(burst(200)));
    expect(out.applicable).toBe(true);
    expect(out.fraction).toBe(0);
    expect(out.details).toMatchObject({ slumps: 1 });
  });
});

describe('negative-comments: replies answer their own comment only', () => {
  /** The mic drill without failures, with a viewer complaint and an unrelated question. */
  function run(reply: 'other' | 'complaint'): { s: Scenario; log: readonly SimEvent[] } {
    const s = structuredClone(scenario(MIC));
    s.incidents = [];
    s.script.comments = [
      { at: 70, user: '小黑', kind: 'complaint', text: '刚才怎么黑屏了？' },
      { at: 72, user: '用户3035', kind: 'question', text: '收到漏气了怎么办？', product: 'nuts', fact: 'aftersales' },
    ] as Scenario['script']['comments'];
    const sim = createSim(s, { seed: 4 });
    sim.advanceTo(73000);
    const cs = sim.log.filter((e): e is SimEvent<'comment'> => e.type === 'comment' && e.scripted);
    const target = cs.find((c) => (reply === 'other' ? c.user === '用户3035' : c.user === '小黑'))!;
    sim.dispatch({ t: 75000, type: 'reply_comment', comment: target.id, text: '不好意思，胀袋漏气拍照联系客服，包退包换' });
    sim.advanceTo(120000);
    return { s, log: sim.log };
  }

  const complaintScore = (r: { s: Scenario; log: readonly SimEvent[] }) => {
    const out = negativeComments.evaluate(new RunIndex(r.s, r.log), negativeComments.params.parse({}), {});
    const complaint = r.log.find((e): e is SimEvent<'comment'> => e.type === 'comment' && e.user === '小黑')!;
    return { out, answered: out.evidence.some((e) => e.event === complaint.id && e.good) };
  };

  it('an after-sales reply to another viewer does not answer the complaint', () => {
    const { out, answered } = complaintScore(run('other'));
    expect(answered).toBe(false);
    expect(out.feedback.zh).toContain('没有回应');
  });

  it('the same reply to the complaint does', () => {
    expect(complaintScore(run('complaint')).answered).toBe(true);
  });
});

describe("questions-answered: a scripted asker's leaving is chance", () => {
  /** The mic drill without failures: one question at 1:12, answered correctly at 1:25; its asker leaves at 1:23. */
  function run(scripted: boolean) {
    const s = structuredClone(scenario(MIC));
    s.incidents = [];
    s.script.comments = [{ at: 72, user: '用户3035', kind: 'question', text: '收到漏气了怎么办？', product: 'nuts', fact: 'aftersales' }] as Scenario['script']['comments'];
    const sim = createSim(s, { seed: 4 });
    sim.advanceTo(73000);
    const q = sim.log.find((e): e is SimEvent<'comment'> => e.type === 'comment' && e.user === '用户3035')!;
    sim.dispatch({ t: 85000, type: 'reply_comment', comment: q.id, text: '胀袋漏气的拍照联系客服，包退包换' });
    sim.advanceTo(120000);
    // The asker's own leave is taken out, and one put in at 1:23 (11 s after asking, before the answer).
    const log = sim.log.filter((e) => !(e.type === 'viewer.leave' && e.viewer === q.viewer)).map((e) => (e.id === q.id ? { ...q, scripted } : e));
    const at = log.findIndex((e) => e.t > 83000);
    const leave = { id: Math.max(...log.map((e) => e.id)) + 1, t: 83000, type: 'viewer.leave', viewer: q.viewer, dwellMs: 11000 } as SimEvent;
    log.splice(at, 0, leave);
    const out = questionsAnswered.evaluate(new RunIndex(s, log), questionsAnswered.params.parse({ organicPerMin: scripted ? 0 : 1 }), {});
    return { out, answered: log.some((e) => e.type === 'question.answered' && e.comment === q.id && e.correct) };
  }

  it('a scripted question answered 13 s after it was asked earns full credit, although its asker had left', () => {
    const { out, answered } = run(true);
    expect(answered).toBe(true);
    expect(out.fraction).toBe(1);
    expect(out.details).toMatchObject({ correct: 1, afterLeft: 0 });
  });

  it("a viewer's own question answered after its asker left earns nothing", () => {
    const { out, answered } = run(false);
    expect(answered).toBe(true);
    expect(out.details).toMatchObject({ correct: 0, afterLeft: 1 });
    expect(out.evidence.some((e) => !e.good && e.note.en.includes('before the answer came'))).toBe(true);
  });
});

describe('error-correction: recovering from a microphone failure', () => {
  const at = (m: number, sec = 0) => (m * 60 + sec) * 1000;
  /** The mic drill with its first failure only (2:15); link 1 explained from 0:35. */
  function micRun(actions: ActionInput[]) {
    const s = structuredClone(scenario(MIC));
    s.incidents = s.incidents.filter((i) => i.id === 'mic-1');
    const sim = createSim(s, { seed: 2 });
    sim.dispatch({ t: at(0, 35), type: 'start_explaining', product: 'nuts' });
    for (const a of actions) sim.dispatch(a);
    sim.advanceTo(at(3, 30));
    const out = errorCorrection.evaluate(new RunIndex(s, sim.log), errorCorrection.params.parse({}), {});
    return out;
  }
  const apologyAndPrice = (t: number): ActionInput => ({ t, type: 'say', text: '不好意思，刚才麦克风没声音，再说一遍，每日坚果今天到手价只要89元' });

  it('fixing alone earns half; a notice during it and an apology with the price after earn the rest', () => {
    const bare = micRun([{ t: at(2, 35), type: 'fix_microphone' }]);
    const full = micRun([
      { t: at(2, 18), type: 'post_announcement', text: '麦克风故障，马上恢复' },
      { t: at(2, 35), type: 'fix_microphone' },
      apologyAndPrice(at(2, 38)),
    ]);
    expect(bare.fraction).toBeLessThan(0.5);
    expect(full.fraction - bare.fraction).toBeCloseTo(0.5, 5);
    expect(full.feedback.zh).not.toContain('公告');
    expect(bare.feedback.zh).toContain('公告');
  });

  it('an apology said while the microphone is still dead is not heard and does not count', () => {
    const early = micRun([apologyAndPrice(at(2, 17)), { t: at(2, 18), type: 'fix_microphone' }]);
    const after = micRun([{ t: at(2, 18), type: 'fix_microphone' }, apologyAndPrice(at(2, 20))]);
    expect(after.fraction).toBe(1);
    expect(early.fraction).toBeLessThan(1);
  });
});
