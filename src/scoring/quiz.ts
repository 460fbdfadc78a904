/**
 * The review quiz (复盘): questions about a finished run whose answers are computed from
 * its event log, so the review screen can ask the student and check what they say —
 * 直播销售员 五级 3-2 复盘 (采集、统计营销数据), 1+X 初级 3.3 and 中级 3.3 数据复盘.
 *
 * Every numeric answer carries the tolerance it is checked with: |given − answer| ≤
 * max(abs, rel × |answer|). Percentages are asked and answered as percentages (4.76 for
 * 4.76 %), money in yuan, times as m:ss since the stream went live.
 */
import type { SimEvent } from '../engine';
import type { Scenario } from '../engine';
import { logMetrics } from './metrics';
import { clock, RunIndex } from './run-index';
import type { Bilingual, Evidence } from './types';

export type QuizKind = 'number' | 'percent' | 'money' | 'time' | 'choice';

export interface QuizChoice {
  id: string;
  label: Bilingual;
}

export interface QuizQuestion {
  id: string;
  kind: QuizKind;
  prompt: Bilingual;
  /** The computed answer: a number (percent as 0–100, money in yuan, time in seconds) or a choice id. */
  answer: number | string;
  /** For choices: every id counted correct (ties). */
  accept?: string[];
  choices?: QuizChoice[];
  /** |given − answer| ≤ max(abs, rel × |answer|). Zero for choices. */
  tolerance: { abs: number; rel: number };
  unit: Bilingual;
  /** How the answer is computed, shown after the student answers. */
  explanation: Bilingual;
  evidence: Evidence[];
  clauses: string[];
}

export interface QuizCheck {
  question: string;
  correct: boolean;
  expected: number | string;
  given: number | string | null;
  /** For numbers: how far off, and how far was allowed. */
  difference?: number;
  allowed?: number;
  feedback: Bilingual;
}

const C_VIEWERS = ['1x-primary:3.3.1', '1x-intermediate:3.3.1', 'imkt-l5:3-2-1'];
const C_ACTIVITY = ['1x-primary:3.3.1', '1x-intermediate:3.3.2', 'imkt-l5:3-2-1'];
const C_SALES = ['1x-primary:3.3.1', '1x-primary:3.3.2', 'imkt-l5:3-2-1'];
const C_CONVERSION = ['1x-intermediate:3.3.4', 'imkt-l5:3-2-1'];
const C_DROP = ['imkt-l4:3-1-1', '1x-intermediate:3.3.1'];

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function e(ev: SimEvent | undefined, zh: string, en: string): Evidence[] {
  return ev ? [{ event: ev.id, t: ev.t, type: ev.type, note: { zh, en }, good: true }] : [];
}

/** The questions for one finished run, with their computed answers. */
export function reviewQuiz(scenario: Scenario, log: readonly SimEvent[]): QuizQuestion[] {
  const run = new RunIndex(scenario, log);
  const m = logMetrics(run);
  const seconds = run.of('audience.second');
  const ended = run.of('room.ended')[0] ?? seconds[seconds.length - 1] ?? log[log.length - 1];
  const qs: QuizQuestion[] = [];
  const num = (id: string, kind: QuizKind, answer: number, tol: { abs: number; rel: number }, prompt: Bilingual, unit: Bilingual, explanation: Bilingual, evidence: Evidence[], clauses: string[]) =>
    qs.push({ id, kind, prompt, answer, tolerance: tol, unit, explanation, evidence, clauses });

  const peakEv = seconds.reduce<SimEvent<'audience.second'> | undefined>((b, s) => (!b || s.online > b.online ? s : b), undefined);
  num('peak-online', 'number', m.peakOnline, { abs: 3, rel: 0.05 }, { zh: '本场峰值在线人数（PCU）是多少？', en: 'What was the peak number of viewers online (PCU)?' }, { zh: '人', en: 'viewers' },
    { zh: '直播中同时在线人数的最高值（每秒记一次）。', en: 'The highest number of viewers online at once (counted every second).' },
    e(peakEv, `${peakEv ? clock(peakEv.t) : ''} 在线${peakEv?.online ?? 0}人，为全场最高`, `${peakEv ? clock(peakEv.t) : ''}: ${peakEv?.online ?? 0} online, the highest`), C_VIEWERS);
  num('uv', 'number', m.uv, { abs: 5, rel: 0.03 }, { zh: '本场观看人数（UV）是多少？', en: 'How many distinct viewers (UV) watched?' }, { zh: '人', en: 'viewers' },
    { zh: '进入过直播间的不同观众数：每秒新进来的人数加起来。', en: 'Distinct viewers who came in: the newcomers of every second added up.' },
    e(ended, '直播结束时累计', 'counted at the end of the stream'), C_VIEWERS);
  const onlineSec = seconds.reduce((s, x) => s + x.online, 0);
  const dwell = m.uv > 0 ? onlineSec / m.uv : 0;
  num('avg-dwell', 'number', round(dwell, 1), { abs: 5, rel: 0.1 }, { zh: '人均停留时长是多少秒？', en: 'What was the average time a viewer stayed, in seconds?' }, { zh: '秒', en: 's' },
    { zh: '所有观众的总停留时间 ÷ 观看人数（每秒在线人数之和 ÷ UV）。', en: 'Total time spent by all viewers ÷ UV (the sum of per-second online counts ÷ UV).' },
    e(ended, '直播结束时累计', 'counted at the end of the stream'), C_VIEWERS);
  const follows = run.of('viewer.follow');
  num('new-followers', 'number', follows.length, { abs: 2, rel: 0.05 }, { zh: '本场新增粉丝（关注）多少人？', en: 'How many new followers did the stream gain?' }, { zh: '人', en: 'followers' },
    { zh: '本场新关注主播的人数。', en: 'How many viewers followed the host during the live.' }, e(follows[follows.length - 1] ?? ended, '最后一次关注', 'the last follow'), C_ACTIVITY);
  const likes = seconds.reduce((s, x) => s + x.likes, 0);
  num('likes', 'number', likes, { abs: 5, rel: 0.05 }, { zh: '本场点赞数是多少？', en: 'How many likes did the stream get?' }, { zh: '次', en: 'likes' },
    { zh: '本场所有点赞加起来。', en: 'All the likes of the live added up.' }, e(ended, '直播结束时累计', 'counted at the end of the stream'), C_ACTIVITY);
  const comments = run.of('comment');
  num('comments', 'number', comments.length, { abs: 3, rel: 0.05 }, { zh: '本场评论数是多少？', en: 'How many comments were posted?' }, { zh: '条', en: 'comments' },
    { zh: '公屏评论（comment，含被隐藏的）条数。', en: 'Comments posted (comment events, hidden ones included).' }, e(comments[comments.length - 1] ?? ended, '最后一条评论', 'the last comment'), C_ACTIVITY);
  num('gmv', 'money', round(m.gmv, 2), { abs: 1, rel: 0.02 }, { zh: '本场成交额（GMV，扣除退款）是多少元？', en: 'What was the GMV (after refunds), in yuan?' }, { zh: '元', en: 'yuan' },
    { zh: '已付款订单的金额，减去退款。', en: 'What paid orders came to, less refunds.' }, e(ended, '直播结束时累计', 'counted at the end of the stream'), C_SALES);
  num('conversion', 'percent', round(m.conversion * 100, 2), { abs: 0.2, rel: 0.05 }, { zh: '看播转化率（成交人数 ÷ 观看人数）是百分之多少？', en: 'What was the conversion rate (buyers ÷ viewers), in percent?' }, { zh: '%', en: '%' },
    { zh: `成交人数 ${m.buyers} ÷ 观看人数 ${m.uv}。`, en: `${m.buyers} buyers ÷ ${m.uv} viewers.` }, e(ended, '直播结束时累计', 'counted at the end of the stream'), C_CONVERSION);
  num('uv-value', 'money', round(m.uvValue, 2), { abs: 0.05, rel: 0.05 }, { zh: 'UV价值（成交额 ÷ 观看人数）是多少元？', en: 'What was the UV value (GMV ÷ viewers), in yuan?' }, { zh: '元', en: 'yuan' },
    { zh: `成交额 ${m.gmv.toFixed(2)} 元 ÷ 观看人数 ${m.uv}。`, en: `GMV ${m.gmv.toFixed(2)} ÷ ${m.uv} viewers.` }, e(ended, '直播结束时累计', 'counted at the end of the stream'), C_CONVERSION);
  if (m.clickers > 0) {
    num('click-conversion', 'percent', round((m.buyers / m.clickers) * 100, 2), { abs: 0.5, rel: 0.05 }, { zh: '点击转化率（成交人数 ÷ 点击商品的人数）是百分之多少？', en: 'What was the click conversion (buyers ÷ viewers who clicked a product), in percent?' }, { zh: '%', en: '%' },
      { zh: `成交人数 ${m.buyers} ÷ 点击人数 ${m.clickers}。`, en: `${m.buyers} buyers ÷ ${m.clickers} clickers.` }, e(ended, '直播结束时累计', 'counted at the end of the stream'), C_CONVERSION);
  }
  if (scenario.targets.gmv !== undefined && scenario.targets.gmv > 0) {
    num('gmv-target', 'percent', round((m.gmv / scenario.targets.gmv) * 100, 1), { abs: 1, rel: 0.02 }, { zh: `成交额目标是 ${scenario.targets.gmv} 元，完成了百分之多少？`, en: `The GMV target was ${scenario.targets.gmv}. What share of it was reached, in percent?` }, { zh: '%', en: '%' },
      { zh: '成交额 ÷ 目标成交额。', en: 'GMV ÷ the GMV target.' }, e(ended, '直播结束时累计', 'counted at the end of the stream'), ['1x-primary:3.3.2']);
  }

  qs.push(...productQuestions(run, m), ...dropQuestions(run), ...askedQuestions(run));
  return qs;
}


/** Best and worst product by GMV, among the products the plan sells (none when they all sold the same). */
function productQuestions(run: RunIndex, m: ReturnType<typeof logMetrics>): QuizQuestion[] {
  const out: QuizQuestion[] = [];
  const scenario = run.scenario;
  const ended = run.of('room.ended')[0] ?? run.events[run.events.length - 1];
  const planned = run.plannedProducts().length > 0 ? run.plannedProducts() : scenario.products.map((p) => p.id);
  if (planned.length >= 2) {
    const choices = planned.map((id) => ({ id, label: { zh: run.productName(id, 'zh'), en: run.productName(id, 'en') } }));
    const gmvOf = (id: string) => round(m.productGmv.get(id) ?? 0, 2);
    const hi = Math.max(...planned.map(gmvOf));
    const lo = Math.min(...planned.map(gmvOf));
    if (hi === lo) return [];
    const best = planned.filter((id) => gmvOf(id) === hi);
    const worst = planned.filter((id) => gmvOf(id) === lo);
    const table = planned.map((id) => `${run.productName(id, 'zh')} ${gmvOf(id).toFixed(2)}`).join('，');
    const tableEn = planned.map((id) => `${run.productName(id, 'en')} ${gmvOf(id).toFixed(2)}`).join(', ');
    out.push({ id: 'best-product', kind: 'choice', prompt: { zh: '哪个商品成交额最高？', en: 'Which product brought the most GMV?' }, answer: best[0], accept: best, choices, tolerance: { abs: 0, rel: 0 }, unit: { zh: '', en: '' },
      explanation: { zh: `各商品成交额（元）：${table}。`, en: `GMV by product: ${tableEn}.` }, evidence: e(ended, '直播结束时累计', 'counted at the end of the stream'), clauses: ['1x-intermediate:3.3.4', 'imkt-l5:3-2-1', '1x-primary:3.3.1'] });
    out.push({ id: 'worst-product', kind: 'choice', prompt: { zh: '哪个商品成交额最低？', en: 'Which product brought the least GMV?' }, answer: worst[0], accept: worst, choices, tolerance: { abs: 0, rel: 0 }, unit: { zh: '', en: '' },
      explanation: { zh: `各商品成交额（元）：${table}。`, en: `GMV by product: ${tableEn}.` }, evidence: e(ended, '直播结束时累计', 'counted at the end of the stream'), clauses: ['1x-intermediate:3.3.4', 'imkt-l5:3-2-1', '1x-primary:3.3.1'] });
  }

  return out;
}

/** When online viewers fell most, and why. */
function dropQuestions(run: RunIndex): QuizQuestion[] {
  const out: QuizQuestion[] = [];
  const drop = biggestDrop(run);
  if (drop) {
    out.push({
      id: 'drop-time',
      kind: 'time',
      prompt: { zh: '在线人数下降最多的是什么时候（开播后几分几秒）？', en: 'When did online viewers fall the most (m:ss after going live)?' },
      answer: Math.round(drop.at.t / 1000),
      tolerance: { abs: 45, rel: 0 },
      unit: { zh: '', en: '' },
      explanation: { zh: `${clock(drop.from.t)}在线${drop.from.online}人，${clock(drop.at.t)}降到${drop.at.online}人，是一分钟内最大的下降。`, en: `${drop.from.online} online at ${clock(drop.from.t)}, ${drop.at.online} at ${clock(drop.at.t)}: the biggest fall within a minute.` },
      evidence: [...e(drop.from, '下降开始', 'the fall begins'), ...e(drop.at, '下降到最低', 'the low point')],
      clauses: C_DROP,
    });
    out.push({ id: 'drop-cause', kind: 'choice', prompt: { zh: '这次在线人数下降的主要原因是什么？', en: 'What mainly caused that fall?' }, answer: drop.cause, accept: [drop.cause], choices: DROP_CAUSES, tolerance: { abs: 0, rel: 0 }, unit: { zh: '', en: '' },
      explanation: drop.explanation, evidence: drop.evidence, clauses: C_DROP });
  }

  return out;
}

/** What viewers asked about most (behaviour and interests: 用户画像). */
function askedQuestions(run: RunIndex): QuizQuestion[] {
  const out: QuizQuestion[] = [];
  const scenario = run.scenario;
  const asked = new Map<string, number>();
  for (const c of run.of('comment')) if (c.kind === 'question' && c.product && c.fact) asked.set(`${c.product}:${c.fact}`, (asked.get(`${c.product}:${c.fact}`) ?? 0) + 1);
  if (asked.size >= 2) {
    const label = (k: string): Bilingual => {
      const [pid, fk] = k.split(':');
      const prod = scenario.products.find((p) => p.id === pid);
      const f = prod?.facts.find((x) => x.key === fk);
      return { zh: `${prod?.name.zh ?? pid}·${f?.label.zh ?? fk}`, en: `${prod?.name.en ?? pid}: ${f?.label.en ?? fk}` };
    };
    const keys = [...asked.keys()].sort();
    const top = Math.max(...asked.values());
    const accept = keys.filter((k) => asked.get(k) === top);
    const firstQ = run.of('comment').find((c) => c.kind === 'question' && `${c.product}:${c.fact}` === accept[0]);
    out.push({ id: 'most-asked', kind: 'choice', prompt: { zh: '观众问得最多的是哪个商品的哪方面？', en: 'Which product detail did viewers ask about most?' }, answer: accept[0], accept, choices: keys.map((k) => ({ id: k, label: label(k) })), tolerance: { abs: 0, rel: 0 }, unit: { zh: '', en: '' },
      explanation: { zh: `提问次数：${keys.map((k) => `${label(k).zh} ${asked.get(k)}`).join('，')}。`, en: `Questions asked: ${keys.map((k) => `${label(k).en} ${asked.get(k)}`).join(', ')}.` },
      evidence: firstQ ? [{ event: firstQ.id, t: firstQ.t, type: firstQ.type, quote: firstQ.text, note: { zh: '此类提问之一', en: 'one of these questions' }, good: true }] : [], clauses: ['1x-intermediate:3.3.3'] });
  }
  return out;
}

export const DROP_CAUSES: QuizChoice[] = [
  { id: 'stream_drop', label: { zh: '推流中断（断网）', en: 'the stream dropped' } },
  { id: 'mic_failure', label: { zh: '麦克风故障，听不到声音', en: 'the microphone failed' } },
  { id: 'troll_wave', label: { zh: '黑粉刷屏', en: 'a troll wave' } },
  { id: 'quality_complaint', label: { zh: '质量投诉发酵', en: 'a quality complaint spreading' } },
  { id: 'dead_air', label: { zh: '冷场（长时间没人说话）', en: 'dead air (nobody talking)' } },
  { id: 'traffic', label: { zh: '平台推流回落、自然流失', en: 'recommended traffic fell off (natural churn)' } },
];

interface Drop {
  from: SimEvent<'audience.second'>;
  at: SimEvent<'audience.second'>;
  cause: string;
  explanation: Bilingual;
  evidence: Evidence[];
}

/** The largest fall of online viewers within 60 s, and what was going on. */
function biggestDrop(run: RunIndex): Drop | null {
  const s = run.of('audience.second');
  let best: { i: number; j: number; d: number } | null = null;
  let j0 = 0;
  for (let j = 0; j < s.length; j++) {
    while (s[j].t - s[j0].t > 60000) j0++;
    let hi = j0;
    for (let i = j0; i < j; i++) if (s[i].online > s[hi].online) hi = i;
    const d = s[hi].online - s[j].online;
    if (d > 0 && (!best || d > best.d)) best = { i: hi, j, d };
  }
  if (!best || best.d < 3) return null;
  const from = s[best.i];
  const at = s[best.j];
  const a = from.t - 30000;
  const b = at.t;
  const evidence: Evidence[] = [];
  const inc = run.of('incident.started').find((x) => x.t >= a - 60000 && x.t <= b && ['stream_drop', 'mic_failure', 'troll_wave', 'quality_complaint'].includes(x.kind));
  let cause = 'traffic';
  if (run.of('room.interrupted').some((x) => x.t <= b && (run.down.find(([p]) => p === x.t)?.[1] ?? run.endMs) >= a)) cause = 'stream_drop';
  else if (inc) cause = inc.kind;
  else {
    // Dead air: 30 s or more without heard speech inside the window.
    const says = run.of('host.say').filter((x) => x.heard).map((x) => x.t);
    let last = says.filter((t) => t <= a).pop() ?? 0;
    let gap = 0;
    for (const t of says.filter((t) => t > a && t <= b)) {
      gap = Math.max(gap, t - Math.max(last, a));
      last = t;
    }
    gap = Math.max(gap, b - Math.max(last, a));
    if (gap >= 30000) cause = 'dead_air';
  }
  const label = DROP_CAUSES.find((c) => c.id === cause)!.label;
  const src = cause === 'stream_drop' ? run.of('room.interrupted').find((x) => x.t <= b) : inc;
  if (src) evidence.push({ event: src.id, t: src.t, type: src.type, note: { zh: `${clock(src.t)} ${label.zh}`, en: `${clock(src.t)} ${label.en}` }, good: true });
  evidence.push({ event: at.id, t: at.t, type: at.type, note: { zh: `${clock(at.t)} 在线降到${at.online}人`, en: `${clock(at.t)} online down to ${at.online}` }, good: true });
  const explanation: Bilingual =
    cause === 'traffic'
      ? { zh: '这段时间没有断流、故障或冷场：是平台推荐流量回落、观众自然流失（可用互动和福利留人）。', en: 'No drop, failure or dead air at that time: recommended traffic fell and viewers drifted off (interaction and giveaways keep them).' }
      : { zh: `下降期间发生了：${label.zh}。`, en: `During the fall: ${label.en}.` };
  return { from, at, cause, explanation, evidence };
}

/** Parse what a student typed for a question of this kind. */
function parseAnswer(q: QuizQuestion, raw: unknown): number | string | null {
  if (q.kind === 'choice') {
    if (typeof raw !== 'string') return null;
    const v = raw.trim().toLowerCase();
    const hit = q.choices?.find((c) => c.id.toLowerCase() === v || c.label.zh.toLowerCase() === v || c.label.en.toLowerCase() === v);
    return hit ? hit.id : v;
  }
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const s = raw.trim().replace(/[,，\s]/g, '');
  if (q.kind === 'time') {
    const mmss = /^(\d+)[:：](\d{1,2})$/.exec(s);
    if (mmss) return Number(mmss[1]) * 60 + Number(mmss[2]);
    const cn = /^(?:(\d+)分(?:钟)?)?(?:(\d+)秒)?$/.exec(s);
    if (cn && (cn[1] || cn[2])) return Number(cn[1] ?? 0) * 60 + Number(cn[2] ?? 0);
  }
  const n = /^[¥￥$]?(-?\d+(?:\.\d+)?)(?:%|元|块|人|秒|s|个|次|条)?$/.exec(s);
  return n ? Number(n[1]) : null;
}

/** Check a student's answer against the computed one, within the question's tolerance. */
export function checkQuizAnswer(q: QuizQuestion, answer: unknown): QuizCheck {
  const given = parseAnswer(q, answer);
  const fmt = (v: number | string) => (q.kind === 'time' && typeof v === 'number' ? clock(v * 1000) : q.kind === 'choice' ? (q.choices?.find((c) => c.id === v)?.label.zh ?? String(v)) : String(v));
  const fmtEn = (v: number | string) => (q.kind === 'time' && typeof v === 'number' ? clock(v * 1000) : q.kind === 'choice' ? (q.choices?.find((c) => c.id === v)?.label.en ?? String(v)) : String(v));
  if (given === null) {
    return { question: q.id, correct: false, expected: q.answer, given: null, feedback: { zh: `没有看懂这个答案。正确答案：${fmt(q.answer)}${q.unit.zh}。${q.explanation.zh}`, en: `That answer could not be read. The answer is ${fmtEn(q.answer)} ${q.unit.en}. ${q.explanation.en}` } };
  }
  if (q.kind === 'choice') {
    const correct = (q.accept ?? [q.answer]).includes(String(given));
    return {
      question: q.id,
      correct,
      expected: q.answer,
      given,
      feedback: correct ? { zh: `正确。${q.explanation.zh}`, en: `Correct. ${q.explanation.en}` } : { zh: `不对，应是「${fmt(q.answer)}」。${q.explanation.zh}`, en: `Not quite: it was "${fmtEn(q.answer)}". ${q.explanation.en}` },
    };
  }
  const expected = q.answer as number;
  const g = given as number;
  const allowed = Math.max(q.tolerance.abs, q.tolerance.rel * Math.abs(expected));
  const difference = Math.abs(g - expected);
  const correct = difference <= allowed + 1e-9;
  return {
    question: q.id,
    correct,
    expected,
    given: g,
    difference: round(difference, 4),
    allowed: round(allowed, 4),
    feedback: correct
      ? { zh: `正确（${fmt(expected)}${q.unit.zh}）。${q.explanation.zh}`, en: `Correct (${fmtEn(expected)} ${q.unit.en}). ${q.explanation.en}` }
      : { zh: `不对：应是${fmt(expected)}${q.unit.zh}，允许误差±${q.kind === 'time' ? `${allowed}秒` : round(allowed, 2)}。${q.explanation.zh}`, en: `Not quite: it was ${fmtEn(expected)} ${q.unit.en} (±${q.kind === 'time' ? `${allowed} s` : round(allowed, 2)} allowed). ${q.explanation.en}` },
  };
}

/** The questions left blank (no answer, or only spaces): they count as answered wrong. */
export function unanswered(questions: readonly QuizQuestion[], answers: Record<string, unknown>): string[] {
  return questions.filter((q) => {
    const a = answers[q.id];
    return a === undefined || a === null || (typeof a === 'string' && a.trim() === '');
  }).map((q) => q.id);
}

/** One submission of the quiz, checked: what the history keeps and the review line shows. */
export interface QuizGrade {
  /** Number of questions asked. */
  questions: number;
  correct: number;
  /** correct ÷ questions, 0–100, one decimal (0 when there were no questions). */
  score: number;
  /** Ids of the questions left blank (counted wrong). */
  blank: string[];
  checks: QuizCheck[];
}

/** Check every question of the run's quiz against one submission; a blank answer is wrong. */
export function gradeQuiz(scenario: Scenario, log: readonly SimEvent[], answers: Record<string, unknown>): QuizGrade {
  const qs = reviewQuiz(scenario, log);
  const checks = qs.map((q) => checkQuizAnswer(q, answers[q.id]));
  const correct = checks.filter((c) => c.correct).length;
  return { questions: qs.length, correct, score: qs.length > 0 ? Math.round((1000 * correct) / qs.length) / 10 : 0, blank: unanswered(qs, answers), checks };
}
