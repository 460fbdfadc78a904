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
import { HONEY_SCRIPT, type HoneyPart } from '../../rehearsal-script';

const FILE = 'scenarios/imkt-l5-rehearsal-honey-15min.yaml';
const SEED = 7;
const START = 60_000;

type Parts = HoneyPart[];

const GOOD: Parts = [...HONEY_SCRIPT];

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

// ---------------------------------------------------------------- 四级 and 三级

type TeamPart = Parts[number] & { team?: { seat: string; text: string }[]; cues?: { action: string; product?: string; coupon?: string }[] };

function submitTeam(parts: TeamPart[], t: number, extra: Record<string, unknown> = {}): ActionInput {
  return { t, type: 'submit_script', format: 'duo', parts, ...extra } as unknown as ActionInput;
}

/** The console steps a script plans, done 5 s into their part's window. */
function doCues(parts: TeamPart[], from: number): ActionInput[] {
  const out: ActionInput[] = [];
  let at = from;
  for (const p of parts) {
    for (const c of p.cues ?? []) out.push({ t: at + 5000, type: c.action, ...(c.product ? { product: c.product } : {}), ...(c.coupon ? { coupon: c.coupon } : {}) } as unknown as ActionInput);
    at += p.sec * 1000;
  }
  return out;
}

function scoreFile(file: string, actions: ActionInput[]): ScoreReport {
  const s = scenario(file);
  return scoreRun(s, replay(s, SEED, [...actions].sort((a, b) => a.t - b.t)).log);
}

describe('rehearsal task, level 4: the team script and the marketing flow', () => {
  const L4 = 'scenarios/imkt-l4-rehearsal-thermos-15min.yaml';
  const TEAM: TeamPart[] = [
    { part: 'opening', sec: 40, text: '欢迎来到直播间的家人们，大家好！今天给大家带来一款316不锈钢保温杯。', team: [{ seat: 'assistant', text: '家人们点个关注，马上开始' }, { seat: 'floor', text: '灯光调亮，镜头推近杯子' }] },
    {
      part: 'fab',
      sec: 150,
      text: '它的内胆是316不锈钢，杯盖和密封圈是食品级材料。双层真空，装满开水6小时后还在60度以上。按压弹盖单手就能开，倒过来摇也不漏。上班上学带一杯，一整天都能喝上热的。',
      team: [{ seat: 'assistant', text: '我来倒过来摇一摇给大家看，一滴不漏' }, { seat: 'controller', text: '1号链接开始讲解' }],
      cues: [{ action: 'start_explaining', product: 'flask' }],
    },
    {
      part: 'price',
      sec: 80,
      text: '平时卖129元，今天直播间到手价89元，再领10元直播间专享券，用券后只要79元。',
      team: [{ seat: 'controller', text: '弹出商品卡，发放10元券' }, { seat: 'assistant', text: '券已经发了，家人们先领券' }],
      cues: [{ action: 'show_card', product: 'flask' }, { action: 'issue_coupon', coupon: 'live10' }],
    },
    { part: 'close', sec: 70, text: '喜欢的家人们现在就拍1号链接，券只在今天直播时能用，抓紧下单！', team: [{ seat: 'floor', text: '提醒主播语速放慢，看评论区提问' }, { seat: 'controller', text: '盯住库存和订单' }] },
    { part: 'ending', sec: 40, text: '感谢家人们的陪伴，没点关注的点个关注，明天晚上八点不见不散！', team: [{ seat: 'assistant', text: '关注主播，明天见' }] },
  ];
  const START4 = 60_000;
  const good = scoreFile(L4, [submitTeam(TEAM, 5000, { structure: 'standard' }), { t: START4, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(TEAM, START4), ...doCues(TEAM, START4)]);

  it('a team script with every seat and a planned flow, tested in the rehearsal, scores high', () => {
    expect(points(good, 'team-script')).toBeGreaterThan(0.95);
    expect(points(good, 'marketing-flow')).toBeGreaterThan(0.95);
    expect(points(good, 'rehearsal-follow')).toBeGreaterThan(0.85);
    expect(good.passed).toBe(true);
    const flow = good.criteria.find((c) => c.id === 'marketing-flow')!;
    expect(flow.evidence.filter((e) => e.good).length).toBe(3);
    expect(flow.evidence[0].note.zh).toMatch(/点击\d+次、下单\d+单/);
  });

  it('the host alone is not a team script', () => {
    const solo = TEAM.map((p) => ({ ...p, team: [] }));
    const r = scoreFile(L4, [submitTeam(solo, 5000, { structure: 'standard' }), { t: START4, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(solo, START4), ...doCues(solo, START4)]);
    expect(points(r, 'team-script')).toBeLessThan(0.1);
    expect(r.total).toBeLessThan(good.total - 15);
  });

  it('lines for a seat the structure does not have cost points', () => {
    const r = scoreFile(L4, [submitTeam(TEAM, 5000, { structure: 'minimal' }), { t: START4, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(TEAM, START4), ...doCues(TEAM, START4)]);
    expect(points(r, 'team-script')).toBeLessThan(points(good, 'team-script'));
  });

  it('a flow planned but not tested, or with no promotion, loses the marketing-flow points', () => {
    const untested = scoreFile(L4, [submitTeam(TEAM, 5000, { structure: 'standard' }), { t: START4, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(TEAM, START4)]);
    expect(points(untested, 'marketing-flow')).toBeLessThanOrEqual(0.3);
    const noPromo = TEAM.map((p) => ({ ...p, cues: (p.cues ?? []).filter((c) => c.action !== 'issue_coupon') }));
    const r = scoreFile(L4, [submitTeam(noPromo, 5000, { structure: 'standard' }), { t: START4, type: 'start_segment', segment: 'rehearse' } as ActionInput, ...rehearse(noPromo, START4), ...doCues(noPromo, START4)]);
    expect(points(r, 'marketing-flow')).toBeLessThan(0.9);
  });

  it('a script never rehearsed fails the rehearsal gate, whatever it scores', () => {
    const r = scoreFile(L4, [submitTeam(TEAM, 5000, { structure: 'standard' }), { t: START4, type: 'start_segment', segment: 'rehearse' } as ActionInput]);
    expect(r.failedGates.map((g) => g.id)).toContain('rehearsed');
    expect(r.passed).toBe(false);
  });

  it('a cue naming a product or coupon the scenario lacks is refused', () => {
    const bad = [{ ...TEAM[0], cues: [{ action: 'issue_coupon', coupon: 'ghost' }] }];
    const sim = replay(scenario(L4), SEED, [submitTeam(bad, 1000)]);
    expect(sim.log.some((e) => e.type === 'action.rejected' && (e as { code?: string }).code === 'unknown_coupon')).toBe(true);
  });
});

describe('rehearsal task, level 3: roles, analysis, a second rehearsal', () => {
  const L3 = 'scenarios/imkt-l3-rehearsal-noodles-15min.yaml';
  const SCRIPT3: TeamPart[] = [
    { part: 'opening', sec: 30, text: '欢迎来到直播间的家人们，大家好！今天给大家带来河南的手工空心挂面。', team: [{ seat: 'assistant', text: '新来的家人点个关注' }] },
    { part: 'fab', sec: 90, text: '这是手工拉制的挂面，自然晾晒36小时，面条中间是空心的。空心的面容易熟、吸汤汁，煮久了也不糊。配料只有小麦粉、水和盐。早上三分钟就能煮一碗热乎面。', team: [{ seat: 'controller', text: '1号链接开始讲解' }], cues: [{ action: 'start_explaining', product: 'noodles' }] },
    { part: 'price', sec: 50, text: '平时卖39.9元，今天直播间到手价29.9元，再领5元直播间专享券。', team: [{ seat: 'controller', text: '弹出商品卡，发券' }], cues: [{ action: 'show_card', product: 'noodles' }, { action: 'issue_coupon', coupon: 'live5' }] },
    { part: 'close', sec: 40, text: '喜欢的家人们现在就拍1号链接，券只在今天直播时能用，抓紧下单！', team: [{ seat: 'floor', text: '看评论区，提醒主播回答问题' }] },
    { part: 'ending', sec: 20, text: '感谢家人们的陪伴，点个关注，明天晚上八点不见不散！', team: [{ seat: 'assistant', text: '明天见' }] },
  ];
  const DUTIES = [
    { seat: 'host', text: '讲解商品、回答提问、引导下单' },
    { seat: 'assistant', text: '配合展示煮面、提醒关注和领券' },
    { seat: 'controller', text: '上链接、弹卡片、发券、开秒杀、盯库存' },
    { seat: 'floor', text: '看评论和节奏，提醒主播调整' },
  ];
  const R1 = 240_000;
  const R2 = 660_000;
  const ADJUST = 480_000;
  // The first rehearsal leaves out the close; the revision is analysed and rehearsed in full.
  const first = rehearse(SCRIPT3, R1).filter((a) => !SCRIPT3[3].text.includes((a as { text?: string }).text ?? '@'));
  const revised = SCRIPT3.map((p) => (p.part === 'close' ? { ...p, sec: 50, text: '喜欢的家人们现在就拍1号链接，今天直播间到手价只在直播时有效，抓紧下单！' } : p));
  const base = [submitTeam(SCRIPT3, 5000, { structure: 'standard', duties: DUTIES }), ...first, ...doCues(SCRIPT3, R1)];
  const revise = (analysis: string, parts = revised) => submitTeam(parts, ADJUST + 30_000, { structure: 'standard', duties: DUTIES, analysis });
  const good = scoreFile(L3, [...base, revise('第一次预演漏掉了促单部分，下单引导没有讲，调整促单话术并加长到50秒'), ...rehearse(revised, R2), ...doCues(revised, R2)]);

  it('roles set, the weak part analysed and revised, the second rehearsal better: a pass', () => {
    expect(points(good, 'team-division')).toBeGreaterThan(0.95);
    expect(points(good, 'rehearsal-improvement')).toBeGreaterThan(0.95);
    expect(good.failedGates).toEqual([]);
    expect(good.passed).toBe(true);
  });

  it('one rehearsal only fails the second-rehearsal gate', () => {
    const r = scoreFile(L3, base);
    expect(r.failedGates.map((g) => g.id)).toContain('second-rehearsal');
    expect(r.passed).toBe(false);
  });

  it('an analysis that misses the weak part, or a revision that leaves it, earns less', () => {
    const vague = scoreFile(L3, [...base, revise('整体还可以，继续加油'), ...rehearse(revised, R2), ...doCues(revised, R2)]);
    expect(points(vague, 'rehearsal-improvement')).toBeLessThan(points(good, 'rehearsal-improvement') - 0.2);
    const unchanged = scoreFile(L3, [...base, revise('促单部分没有讲', SCRIPT3), ...rehearse(SCRIPT3, R2), ...doCues(SCRIPT3, R2)]);
    expect(points(unchanged, 'rehearsal-improvement')).toBeLessThan(points(good, 'rehearsal-improvement') - 0.2);
  });

  it('a minimal team for a live with a flash sale, or duties left out, costs team-division points', () => {
    const r = scoreFile(L3, [submitTeam(SCRIPT3, 5000, { structure: 'minimal', duties: DUTIES.slice(0, 1) }), ...rehearse(SCRIPT3, R1)]);
    expect(points(r, 'team-division')).toBeLessThan(0.8);
  });

  it('the script can be revised between the rehearsals, not during one', () => {
    const sim = replay(scenario(L3), SEED, [submitTeam(SCRIPT3, 5000), submitTeam(SCRIPT3, R1 + 10_000), submitTeam(SCRIPT3, ADJUST + 10_000), submitTeam(SCRIPT3, R2 + 10_000)]);
    const codes = sim.log.filter((e) => e.type === 'action.rejected').map((e) => (e as { code?: string }).code);
    expect(codes).toEqual(['script_locked', 'script_locked']);
    expect(sim.log.filter((e) => e.type === 'script.submitted')).toHaveLength(2);
  });
});
