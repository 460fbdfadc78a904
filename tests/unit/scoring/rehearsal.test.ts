/**
 * The rehearsal task (2-1 直播预演): a good script rehearsed as written scores well, and each way
 * of earning the points without doing the task does not: no script, a hollow script read
 * faithfully, one part pasted into all five, the whole script dumped in one line, a good script
 * never rehearsed, a script full of banned claims, parts said out of order. Also: the engine
 * takes a script only in a rehearsal scenario and only before the rehearsal starts.
 */
import { describe, expect, it } from 'vitest';
import { replay, type ActionInput } from '../../../src/engine';
import { scoreRun, type ScoreReport } from '../../../src/scoring';
import { scenario } from './helpers';

const FILE = 'scenarios/imkt-l5-rehearsal-honey-15min.yaml';
const SEED = 7;
const START = 60_000;

type Parts = { part: 'opening' | 'fab' | 'price' | 'close' | 'ending'; sec: number; text: string }[];

const GOOD: Parts = [
  { part: 'opening', sec: 40, text: '欢迎来到直播间的家人们，大家好！今天给大家带来的是秦岭土蜂蜜，一瓶500克。' },
  { part: 'fab', sec: 150, text: '这款蜂蜜来自陕西秦岭山区，是中华蜂采的百花蜜，一年一取。它是封盖成熟蜜，波美度42度以上，浓稠能拉丝。每批都有第三方检测报告，不加糖浆。早上一杯温水蜂蜜水，抹面包、做菜调味都方便。' },
  { part: 'price', sec: 80, text: '平时店里卖79元，今天直播间到手价59元，再领5元直播间专享券，用券后只要54元，还包邮，碎瓶包赔。' },
  { part: 'close', sec: 70, text: '喜欢的家人们现在就拍1号链接，直播间价只在今晚直播时有效，抓紧下单！' },
  { part: 'ending', sec: 40, text: '感谢家人们的陪伴，没点关注的点个关注，明天晚上八点我们不见不散！' },
];

function submit(parts: Parts, t = 5000, format = 'demo'): ActionInput {
  return { t, type: 'submit_script', format, parts } as unknown as ActionInput;
}

/** Say each part's sentences spread over its planned window (the first at `lag` ms into it). */
function rehearse(parts: Parts, from = START, lag = 3000): ActionInput[] {
  const out: ActionInput[] = [];
  let at = from;
  for (const p of parts) {
    const sentences = p.text.split(/(?<=[。！？，])/).filter((x) => x.length > 0);
    const step = Math.floor((p.sec * 1000 - lag) / Math.max(1, sentences.length));
    sentences.forEach((s, i) => out.push({ t: at + lag + i * step, type: 'say', text: s }));
    at += p.sec * 1000;
  }
  return out;
}

const consoleSteps = (): ActionInput[] => [
  { t: START + 45_000, type: 'start_explaining', product: 'honey' },
  { t: START + 195_000, type: 'show_card', product: 'honey' },
];

function score(actions: ActionInput[]): ScoreReport {
  const s = scenario(FILE);
  const sim = replay(s, SEED, [...actions].sort((a, b) => a.t - b.t));
  return scoreRun(s, sim.log);
}

const points = (r: ScoreReport, id: string) => {
  const c = r.criteria.find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c.points / c.max;
};

const full = (parts: Parts = GOOD) => [submit(parts), { t: START, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(parts), ...consoleSteps()];

describe('rehearsal task scoring', () => {
  const good = score(full());

  it('a complete, compliant script rehearsed as written, in order and on time, scores high', () => {
    expect(points(good, 'script-elements')).toBeGreaterThan(0.9);
    expect(points(good, 'script-compliance')).toBe(1);
    expect(points(good, 'flow-plan')).toBeGreaterThan(0.9);
    expect(points(good, 'rehearsal-follow')).toBeGreaterThan(0.85);
    expect(good.total).toBeGreaterThan(85);
    expect(good.passed).toBe(true);
  });

  it('every point names a moment of the log', () => {
    const ids = new Set(replay(scenario(FILE), SEED, [...full()].sort((a, b) => a.t - b.t)).log.map((e) => e.id));
    for (const c of good.criteria) for (const e of c.evidence) expect(ids.has(e.event)).toBe(true);
    const follow = good.criteria.find((c) => c.id === 'rehearsal-follow')!;
    expect(follow.evidence.filter((e) => e.type === 'host.say').length).toBe(5);
  });

  it('no script: nothing for the script, the flow or the rehearsal, whatever is said', () => {
    const r = score([{ t: START, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(GOOD), ...consoleSteps()]);
    for (const id of ['script-elements', 'script-compliance', 'flow-plan', 'rehearsal-follow']) expect(points(r, id)).toBe(0);
    expect(r.passed).toBe(false);
  });

  it('a hollow script read faithfully does not pass', () => {
    const hollow: Parts = [
      { part: 'opening', sec: 60, text: '开始了。' },
      { part: 'fab', sec: 60, text: '这个东西很好。' },
      { part: 'price', sec: 60, text: '价格很便宜。' },
      { part: 'close', sec: 60, text: '大家看看。' },
      { part: 'ending', sec: 60, text: '结束了。' },
    ];
    const r = score(full(hollow));
    expect(points(r, 'script-elements')).toBeLessThan(0.35);
    expect(points(r, 'rehearsal-follow')).toBeLessThan(0.7);
    expect(r.passed).toBe(false);
    expect(r.total).toBeLessThan(good.total - 30);
  });

  it('one good part pasted into all five earns little for the elements', () => {
    const all = GOOD.map(() => GOOD.map((q) => q.text).join(''));
    const pasted: Parts = GOOD.map((p, i) => ({ ...p, text: all[i] }));
    const r = score(full(pasted));
    expect(points(r, 'script-elements')).toBeLessThanOrEqual(0.3);
    expect(r.passed).toBe(false);
  });

  it('the whole script dumped in one line at the start is not a rehearsal', () => {
    const dump: ActionInput = { t: START + 2000, type: 'say', text: GOOD.map((p) => p.text).join('') };
    const r = score([submit(GOOD), { t: START, type: 'start_segment', segment: 'rehearse' } as ActionInput, dump, ...consoleSteps()]);
    expect(points(r, 'rehearsal-follow')).toBeLessThan(0.6);
    expect(points(r, 'rehearsal-follow')).toBeLessThan(points(good, 'rehearsal-follow') - 0.3);
  });

  it('a good script never rehearsed earns nothing for the rehearsal', () => {
    const r = score([submit(GOOD), { t: START, type: 'start_segment', segment: 'rehearse' } as ActionInput]);
    expect(points(r, 'script-elements')).toBeGreaterThan(0.9);
    expect(points(r, 'rehearsal-follow')).toBeLessThan(0.2);
    expect(r.passed).toBe(false);
  });

  it('parts said out of the flow’s order cost points', () => {
    const reversed = rehearse([...GOOD].reverse());
    const r = score([submit(GOOD), { t: START, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...reversed, ...consoleSteps()]);
    expect(points(r, 'rehearsal-follow')).toBeLessThan(points(good, 'rehearsal-follow') - 0.3);
  });

  it('a wrong price and a health claim in the script are caught', () => {
    const bad: Parts = GOOD.map((p) =>
      p.part === 'price' ? { ...p, text: '今天直播间到手价49元，领券再减5元，还包邮。' } : p.part === 'fab' ? { ...p, text: p.text + '天天喝能润肺止咳，治疗咽炎。' } : p,
    );
    const r = score(full(bad));
    expect(points(r, 'script-compliance')).toBeLessThan(0.7);
    expect(points(r, 'script-elements')).toBeLessThan(points(good, 'script-elements'));
    const price = r.criteria.find((c) => c.id === 'script-elements')!.evidence.find((e) => e.note.zh.includes('价格与促销'))!;
    expect(price.note.zh).toContain('不符');
  });

  it('a flow longer than the slot, or crammed, loses flow points', () => {
    const long: Parts = GOOD.map((p) => ({ ...p, sec: 200 }));
    const crammed: Parts = GOOD.map((p) => ({ ...p, sec: 10 }));
    expect(points(score(full(long)), 'flow-plan')).toBeLessThan(0.8);
    expect(points(score(full(crammed)), 'flow-plan')).toBeLessThan(0.8);
  });

  it('the engine takes a script only before the rehearsal starts, and only in a rehearsal scenario', () => {
    const s = scenario(FILE);
    const sim = replay(s, SEED, [submit(GOOD, 1000), { t: START, type: 'start_segment', segment: 'rehearse' } as ActionInput, submit(GOOD, START + 1000)]);
    const rejected = sim.log.filter((e) => e.type === 'action.rejected');
    expect(rejected.map((e) => (e as { code?: string }).code)).toEqual(['script_locked']);
    const drill = scenario('scenarios/drill-stream-drop-5min.yaml');
    const other = replay(drill, SEED, [submit(GOOD, 1000)]);
    expect(other.log.some((e) => e.type === 'action.rejected' && (e as { code?: string }).code === 'not_rehearsal')).toBe(true);
    const dup = replay(s, SEED, [submit([GOOD[0], GOOD[0]], 1000)]);
    expect(dup.log.some((e) => e.type === 'action.rejected' && (e as { code?: string }).code === 'duplicate_part')).toBe(true);
  });

  it('a later submission before the rehearsal replaces the first', () => {
    const first: Parts = [{ part: 'opening', sec: 60, text: '大家好' }];
    const r = score([submit(first, 1000), ...full()]);
    expect(points(r, 'script-elements')).toBeCloseTo(points(good, 'script-elements'), 5);
  });
});
