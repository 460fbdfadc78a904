/**
 * Data review (数据复盘): a chart and a table from one past run, and five questions on them —
 * the UV value and the conversion rate worked out from the run's figures, the funnel step that
 * lost the most viewers, the minute viewers fell most, and which of four explanations matches
 * the data. 直播销售员 五级 3-2-1 (采集、分析营销数据), 1+X 初级 3.3.1 (采集直播数据) and
 * 3.3.2 (处理数据、分析销售目标达成情况).
 *
 * The run is the student's own when `sources.runs` has one (picked by the seed; a run too short
 * to review is passed over), else a shipped scenario played by one of the engine's host bots
 * with a seed drawn from the drill's seed. Either way it is simulated once (a run passed over
 * costs one more), and every figure
 * comes from that run's event log, counted as the review screen counts it (src/ui/review/
 * analysis.ts: `timeSeries`, `funnelFromLog`, `resimulate`). Metric definitions are the
 * engine's (docs/metrics.md): UV value = GMV ÷ UV, conversion (看播转化率) = buyers ÷ UV.
 *
 * The table has one row per minute, or per 2 / 5 / 10… minutes in a longer run, so that it never
 * has more than 20 rows; the chart follows the table's rows. Every "minute" question is asked
 * at that granularity. Each item carries its answer key (answer-key.ts): the right answer, the
 * formula with the worked numbers, and for number items the usual slips, named in the feedback.
 */
import { HOST_BOTS, REPLAYABLE_VERSIONS, runWithBot, type BotName, type Scenario, type SimEvent, type TaskKind } from '../engine';
import { funnelFromLog, resimulate, timeSeries, type Funnel } from '../ui/review/analysis';
import { answersByItem, isRecord, keyOf, percentOf, withKey } from './answer-key';
import { metaOf } from './catalog';
import { seeded, type Rand } from './rand';
import type { Bilingual, DrillAnswer, DrillItem, DrillKind, DrillResult, DrillSources, DrillVariant, ItemResult, RunSource } from './types';

// ------------------------------------------------------------------------------ numbers typed

/**
 * A number as a student types it: `3.37`, `3.37元`, `¥3.37`, `3.37 元/人`, `5.5%`, `５．５％`,
 * `百分之5.5`, `约3.4`, `1,234.5` (thousands), `3,37` (decimal comma). Units are optional and
 * not checked; anything else (words, two numbers, an empty box) gives null.
 */
export function parseNumberAnswer(raw: string): number | null {
  let s = raw.normalize('NFKC').trim().toLowerCase();
  if (/\d\s+[\d.,]/.test(s)) return null; // two numbers, or digits split by a space
  s = s.replace(/\s+/g, '');
  s = s.replace(/。/g, '.');
  s = s.replace(/^(?:约|大约|大概|≈|~|about)/, '');
  s = s.replace(/^百分之/, '');
  s = s.replace(/^(?:¥|rmb|cny|\$)/, '');
  s = s.replace(/\/(?:人|uv|位|个)$/, '');
  s = s.replace(/(?:%|percent|pct|元|块钱|块|yuan|rmb|cny|人民币)$/, '');
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^-?(?:\d+(?:\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** How far a typed number may be from the answer: 1 % of it, at least 0.01. */
export function numberTolerance(answer: number): number {
  return Math.max(0.01, 0.01 * Math.abs(answer));
}

const within = (given: number, answer: number) => Math.abs(given - answer) <= numberTolerance(answer) + 1e-9;

// ------------------------------------------------------------------------------ the run's data

/** Shortest run worth reviewing (ms of sim time). */
export const MIN_REVIEW_MS = 120_000;
/** The table has at most this many rows; the bucket grows (1, 2, 5, 10… minutes) to fit. */
export const MAX_TABLE_ROWS = 20;
const BUCKET_MINUTES = [1, 2, 5, 10, 15, 30, 60] as const;

/** Bots that play a shipped run for review: every host bot but the one that never sells anything. */
export const REVIEW_BOTS: readonly BotName[] = HOST_BOTS.filter((b) => b !== 'passive');

const INCIDENTS: Record<TaskKind, Bilingual> = {
  stream_drop: { zh: '推流中断', en: 'stream drop' },
  wrong_link: { zh: '商品链接挂错', en: 'wrong product link' },
  wrong_price: { zh: '价格设错', en: 'wrong price' },
  coupon_misconfig: { zh: '优惠券设置错误', en: 'misconfigured coupon' },
  stock_mismatch: { zh: '库存不符', en: 'stock mismatch' },
  troll_wave: { zh: '黑粉刷屏', en: 'troll wave' },
  quality_complaint: { zh: '质量投诉', en: 'quality complaint' },
  platform_warning: { zh: '平台警告', en: 'platform warning' },
  supplier_price_change: { zh: '供应商改价', en: 'supplier price change' },
  mic_failure: { zh: '麦克风故障', en: 'microphone failure' },
  cue: { zh: '场控提示', en: 'cue' },
};
/** Incidents that drive viewers away (the review quiz's causes of a fall, src/scoring/quiz.ts). */
const VIEWER_INCIDENTS: readonly TaskKind[] = ['stream_drop', 'mic_failure', 'troll_wave', 'quality_complaint'];

interface Period {
  /** First and last minute it covers (1-based), for labels. */
  from: number;
  to: number;
  /** Online at the end of the period. */
  online: number;
  arrivals: number;
  clicks: number;
  orders: number;
  /** Paid − refunded in the period, fen. */
  gmvFen: number;
  /** Incidents that started in the period, with their start (ms). */
  incidents: { kind: TaskKind; t: number }[];
}

interface ReviewData {
  bucketMin: number;
  periods: Period[];
  uv: number;
  peak: number;
  funnel: Funnel;
  paidOrders: number;
  gmvFen: number;
  /** The scenario's GMV target, fen (none: no target). */
  targetFen: number | null;
}

/** Minutes per table row for a run of `endMs`. */
export function bucketMinutes(endMs: number): number {
  const minutes = Math.ceil(endMs / 60_000);
  return BUCKET_MINUTES.find((b) => Math.ceil(minutes / b) <= MAX_TABLE_ROWS) ?? 60;
}

const clock = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

/** Why a run can't be reviewed, or null when it can. */
function unreviewable(endMs: number, uv: number): Bilingual | null {
  if (endMs < MIN_REVIEW_MS) {
    return { zh: `只播了 ${clock(endMs)}，不到 ${clock(MIN_REVIEW_MS)}，没有足够的数据复盘`, en: `it lasted ${clock(endMs)}, under the ${clock(MIN_REVIEW_MS)} a review needs` };
  }
  if (uv === 0) return { zh: '没有观众进入直播间（观看人数为 0），没有数据可复盘', en: 'nobody watched it (UV 0): there is nothing to review' };
  return null;
}

function collect(scenario: Scenario, log: readonly SimEvent[], endMs: number, funnel: Funnel, peak: number, paidOrders: number): ReviewData {
  const bucketMin = bucketMinutes(endMs);
  const bucketMs = bucketMin * 60_000;
  const rows = timeSeries(log, endMs, bucketMs);
  const lastMinute = Math.ceil(endMs / 60_000);
  const periods: Period[] = rows.map((r, i) => ({
    from: i * bucketMin + 1,
    to: Math.min((i + 1) * bucketMin, lastMinute),
    online: r.online,
    arrivals: r.arrivals,
    clicks: r.clicks,
    orders: r.orders,
    gmvFen: Math.round(r.gmv * 100),
    incidents: [],
  }));
  // An incident belongs to the minute its start shows on the clock (one at 2:00 is in minute 3),
  // as the scenario schedules it; its effect on viewers comes after.
  const at = (t: number) => Math.min(periods.length - 1, Math.max(0, Math.floor(t / bucketMs)));
  for (const e of log) if (e.type === 'incident.started' && e.t <= endMs) periods[at(e.t)].incidents.push({ kind: e.kind, t: e.t });
  const gmvFen = periods.reduce((s, p) => s + p.gmvFen, 0);
  const target = scenario.targets.gmv;
  return { bucketMin, periods, uv: funnel.entered, peak, funnel, paidOrders, gmvFen, targetFen: target !== undefined && target > 0 ? Math.round(target * 100) : null };
}

// ------------------------------------------------------------------------------ what is shown

const yuan = (fen: number) => (fen / 100).toFixed(2);
const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;
const round2 = (x: number) => Math.round(x * 100) / 100;

function periodName(p: Period): Bilingual {
  if (p.from === p.to) return { zh: `第${p.from}分钟`, en: `minute ${p.from}` };
  return { zh: `第${p.from}–${p.to}分钟`, en: `minutes ${p.from}–${p.to}` };
}

function periodOption(p: Period): Bilingual {
  const n = periodName(p);
  const span = `${clock((p.from - 1) * 60_000)}–${clock(p.to * 60_000)}`;
  return { zh: `${n.zh}（${span}）`, en: `${n.en} (${span})` };
}

function periodTable(d: ReviewData): NonNullable<DrillItem['table']> {
  return {
    columns: [
      { zh: '分钟', en: 'Minute' },
      { zh: '时段末在线人数', en: 'Online at the end' },
      { zh: '进入人数', en: 'Arrivals' },
      { zh: '商品点击次数', en: 'Product clicks' },
      { zh: '下单数', en: 'Orders' },
      { zh: '成交金额（元）', en: 'GMV (yuan)' },
      { zh: '场内事件', en: 'Incidents' },
    ],
    rows: d.periods.map((p) => [p.from === p.to ? String(p.from) : `${p.from}–${p.to}`, p.online, p.arrivals, p.clicks, p.orders, yuan(p.gmvFen), p.incidents.map((x) => `${INCIDENTS[x.kind].zh} ${clock(x.t)}`).join('、')]),
  };
}

function chartOf(d: ReviewData): NonNullable<DrillItem['chart']> {
  return {
    x: d.bucketMin === 1 ? { zh: '分钟', en: 'minute' } : { zh: `时段（每${d.bucketMin}分钟）`, en: `period (${d.bucketMin} minutes each)` },
    series: [
      { name: { zh: '在线人数', en: 'Online' }, values: d.periods.map((p) => p.online) },
      { name: { zh: '进入人数', en: 'Arrivals' }, values: d.periods.map((p) => p.arrivals) },
      { name: { zh: '商品点击次数', en: 'Product clicks' }, values: d.periods.map((p) => p.clicks) },
      { name: { zh: '下单数', en: 'Orders' }, values: d.periods.map((p) => p.orders) },
    ],
  };
}

function summaryTable(d: ReviewData): NonNullable<DrillItem['table']> {
  const rows: (string | number)[][] = [
    ['观看人数（UV）', d.uv],
    ['峰值在线人数', d.peak],
    ['商品点击人数', d.funnel.clicked],
    ['下单人数', d.funnel.ordered],
    ['成交人数', d.funnel.paid],
    ['支付订单数', d.paidOrders],
    ['成交金额（元，已扣退款）', yuan(d.gmvFen)],
  ];
  if (d.targetFen !== null) rows.push(['成交额目标（元）', yuan(d.targetFen)]);
  return { columns: [{ zh: '指标', en: 'Metric' }, { zh: '数值', en: 'Value' }], rows };
}

const DEFINITIONS: NonNullable<DrillItem['context']> = [
  {
    label: { zh: '口径', en: 'Definitions' },
    text: {
      zh: '观看人数：进入过直播间的不同观众数；成交人数：有已支付订单的不同观众数；成交金额：已支付金额减去退款。',
      en: 'UV: distinct viewers who came in; buyers: distinct viewers with a paid order; GMV: what was paid, less refunds.',
    },
  },
];

function summaryContext(d: ReviewData): NonNullable<DrillItem['context']> {
  const f = d.funnel;
  const target = d.targetFen !== null ? { zh: `，成交额目标 ${yuan(d.targetFen)} 元`, en: `, GMV target ¥${yuan(d.targetFen)}` } : { zh: '', en: '' };
  return [
    {
      label: { zh: '全场汇总', en: 'Totals' },
      text: {
        zh: `观看人数 ${d.uv}，峰值在线 ${d.peak}，商品点击人数 ${f.clicked}，成交人数 ${f.paid}，成交金额 ${yuan(d.gmvFen)} 元${target.zh}`,
        en: `UV ${d.uv}, peak online ${d.peak}, viewers who clicked a product ${f.clicked}, buyers ${f.paid}, GMV ¥${yuan(d.gmvFen)}${target.en}`,
      },
    },
  ];
}

// ------------------------------------------------------------------------------ answer keys

interface Slip {
  value: number;
  credit: number;
  why: Bilingual;
}

type ReviewKey =
  | { type: 'number'; answer: number; unit: Bilingual; working: Bilingual; slips: Slip[] }
  | { type: 'choice'; correct: string[]; working: Bilingual; why: Record<string, Bilingual> };

const isBilingual = (x: unknown): x is Bilingual => isRecord(x) && typeof x.zh === 'string' && typeof x.en === 'string';

function isReviewKey(k: unknown): k is ReviewKey {
  if (!isRecord(k) || !isBilingual(k.working)) return false;
  if (k.type === 'number') {
    return typeof k.answer === 'number' && isBilingual(k.unit) && Array.isArray(k.slips) && k.slips.every((s) => isRecord(s) && typeof s.value === 'number' && typeof s.credit === 'number' && isBilingual(s.why));
  }
  if (k.type === 'choice') return Array.isArray(k.correct) && k.correct.every((c) => typeof c === 'string') && isRecord(k.why) && Object.values(k.why).every(isBilingual);
  return false;
}

type Item = DrillItem & { key: ReviewKey };

/**
 * A typed number matches a slip's number within 1 % of it (no absolute floor: a slip of 0.0074,
 * a fraction for 0.74 %, must not catch a 0 typed).
 */
const matchesSlip = (given: number, value: number) => Math.abs(given - value) <= 0.01 * Math.abs(value) + 1e-9;

/** Wrong formulas students use, kept only when they give a clearly different number from the answer. */
function slipsFor(answer: number, candidates: Slip[]): Slip[] {
  const out: Slip[] = [];
  for (const s of candidates) {
    if (!Number.isFinite(s.value) || s.value === 0 || within(s.value, answer) || within(answer, s.value)) continue;
    if (out.some((o) => matchesSlip(s.value, o.value) || matchesSlip(o.value, s.value))) continue;
    out.push({ ...s, value: Math.round(s.value * 1e6) / 1e6 });
  }
  return out;
}

function uvValueItem(d: ReviewData): Item {
  const gmv = d.gmvFen / 100;
  const answer = round2(gmv / d.uv);
  const f = d.funnel;
  const slips = slipsFor(answer, [
    { value: gmv / d.peak, credit: 0, why: { zh: '你用了峰值在线人数做分母；UV价值按观看人数（UV）算。', en: 'You divided by peak online; UV value divides by UV.' } },
    { value: f.paid > 0 ? gmv / f.paid : NaN, credit: 0, why: { zh: '你算的是每个成交人数的成交额（人均消费），不是UV价值：分母应是观看人数。', en: 'That is GMV per buyer, not UV value: divide by UV.' } },
    { value: d.paidOrders > 0 ? gmv / d.paidOrders : NaN, credit: 0, why: { zh: '你算的是客单价（成交金额 ÷ 支付订单数），不是UV价值。', en: 'That is the average order value (GMV ÷ paid orders), not UV value.' } },
    { value: f.clicked > 0 ? gmv / f.clicked : NaN, credit: 0, why: { zh: '你用了商品点击人数做分母；UV价值按观看人数算。', en: 'You divided by the viewers who clicked; UV value divides by UV.' } },
    { value: (gmv * 1000) / d.uv, credit: 0, why: { zh: '这是千次观看成交额（GPM = 成交金额 × 1000 ÷ 观看人数），UV价值不乘 1000。', en: 'That is GPM (GMV × 1000 ÷ UV); UV value is not multiplied by 1000.' } },
  ]);
  const working = {
    zh: `UV价值 = 成交金额 ÷ 观看人数 = ${yuan(d.gmvFen)} 元 ÷ ${d.uv} 人 = ${answer.toFixed(2)} 元（保留两位小数）。`,
    en: `UV value = GMV ÷ UV = ¥${yuan(d.gmvFen)} ÷ ${d.uv} = ¥${answer.toFixed(2)} (two decimals).`,
  };
  return withKey(
    {
      id: 'uv-value',
      prompt: { zh: '本场的 UV价值是多少元？（保留两位小数）', en: 'What was the UV value of this live, in yuan (two decimals)?' },
      context: DEFINITIONS,
      table: summaryTable(d),
      chart: chartOf(d),
      input: { type: 'number', unit: { zh: '元', en: 'yuan' } },
    },
    { type: 'number', answer, unit: { zh: '元', en: 'yuan' }, working, slips } satisfies ReviewKey,
  );
}

function conversionItem(d: ReviewData): Item {
  const f = d.funnel;
  const answer = round2((f.paid / d.uv) * 100);
  const slips = slipsFor(answer, [
    { value: f.paid / d.uv, credit: 0.5, why: { zh: '算对了，但填的是小数：题目要百分数，要再乘以 100。', en: 'Right working, but you gave a fraction: the answer is a percentage, so multiply by 100.' } },
    { value: (f.ordered / d.uv) * 100, credit: 0, why: { zh: '你用了下单人数；看播转化率按成交（已支付）人数算。', en: 'You used the viewers who ordered; conversion counts buyers (paid).' } },
    { value: (d.paidOrders / d.uv) * 100, credit: 0, why: { zh: '你用了支付订单数；一人可下多单，转化率按成交人数算。', en: 'You used paid orders; one viewer can pay several orders, so conversion counts buyers.' } },
    { value: f.clicked > 0 ? (f.paid / f.clicked) * 100 : NaN, credit: 0, why: { zh: '这是点击转化率（成交人数 ÷ 商品点击人数）；看播转化率的分母是观看人数。', en: 'That is click conversion (buyers ÷ clickers); viewer conversion divides by UV.' } },
    { value: (f.paid / d.peak) * 100, credit: 0, why: { zh: '你用了峰值在线人数做分母；应除以观看人数。', en: 'You divided by peak online; divide by UV.' } },
  ]);
  const working = {
    zh: `看播转化率 = 成交人数 ÷ 观看人数 × 100% = ${f.paid} ÷ ${d.uv} × 100% = ${answer.toFixed(2)}%。`,
    en: `Conversion = buyers ÷ UV × 100% = ${f.paid} ÷ ${d.uv} × 100% = ${answer.toFixed(2)}%.`,
  };
  return withKey(
    {
      id: 'conversion',
      prompt: { zh: '本场的看播转化率（按成交人数计）是百分之多少？（保留两位小数）', en: 'What was the viewer conversion rate (counting buyers), in percent (two decimals)?' },
      context: DEFINITIONS,
      table: summaryTable(d),
      chart: chartOf(d),
      input: { type: 'number', unit: { zh: '%', en: '%' } },
    },
    { type: 'number', answer, unit: { zh: '%', en: '%' }, working, slips } satisfies ReviewKey,
  );
}

const FUNNEL_STEPS = [
  { id: 'enter-stay', from: 'entered', to: 'stayed', label: { zh: '进入直播间 → 停留', en: 'came in → stayed' } },
  { id: 'stay-click', from: 'stayed', to: 'clicked', label: { zh: '停留 → 点击商品', en: 'stayed → clicked a product' } },
  { id: 'click-order', from: 'clicked', to: 'ordered', label: { zh: '点击商品 → 下单', en: 'clicked → ordered' } },
  { id: 'order-pay', from: 'ordered', to: 'paid', label: { zh: '下单 → 支付成交', en: 'ordered → paid' } },
] as const satisfies readonly { id: string; from: keyof Funnel; to: keyof Funnel; label: Bilingual }[];

/** Two steps whose losses are this close (0.5 percentage points) are both right. */
const FUNNEL_TIE = 0.005;

function funnelItem(d: ReviewData): Item {
  const f = d.funnel;
  const losses = FUNNEL_STEPS.map((s) => (f[s.from] > 0 ? 1 - f[s.to] / f[s.from] : null));
  const max = Math.max(...losses.map((l) => l ?? -1));
  const correct = FUNNEL_STEPS.filter((_, i) => losses[i] !== null && losses[i] >= max - FUNNEL_TIE).map((s) => s.id);
  const lines = FUNNEL_STEPS.map((s, i) => {
    const l = losses[i];
    if (l === null) return { zh: `${s.label.zh}：上一环节 0 人，无从流失`, en: `${s.label.en}: nobody at the step before` };
    return { zh: `${s.label.zh}：1 − ${f[s.to]} ÷ ${f[s.from]} = ${pct(l)}`, en: `${s.label.en}: 1 − ${f[s.to]} ÷ ${f[s.from]} = ${pct(l)}` };
  });
  const best = FUNNEL_STEPS.filter((s) => correct.includes(s.id));
  const working = {
    zh: `流失率 = 1 − 下一环节人数 ÷ 上一环节人数。${lines.map((l) => l.zh).join('；')}。流失最大的是「${best.map((s) => s.label.zh).join('」「')}」。`,
    en: `Drop-off = 1 − next step ÷ step before. ${lines.map((l) => l.en).join('; ')}. The largest: ${best.map((s) => `"${s.label.en}"`).join(', ')}.`,
  };
  return withKey(
    {
      id: 'funnel-drop',
      prompt: { zh: '看转化漏斗：哪一步流失的比例最大？', en: 'In the funnel, which step lost the largest share of viewers?' },
      context: [{ label: { zh: '停留', en: 'Stayed' }, text: { zh: '停留：进入后没有马上离开（没有秒退）的观众。', en: 'Stayed: viewers who did not leave within seconds of coming in.' } }],
      table: {
        columns: [{ zh: '环节', en: 'Step' }, { zh: '人数', en: 'Viewers' }],
        rows: [
          ['进入直播间', f.entered],
          ['停留', f.stayed],
          ['点击商品', f.clicked],
          ['下单', f.ordered],
          ['支付成交', f.paid],
        ],
      },
      input: { type: 'choice', options: FUNNEL_STEPS.map((s) => ({ id: s.id, label: s.label })) },
    },
    { type: 'choice', correct, working, why: {} } satisfies ReviewKey,
  );
}

// Falls of online viewers, period on period.
const onlineBefore = (d: ReviewData, i: number) => (i > 0 ? d.periods[i - 1].online : 0);
const fallAt = (d: ReviewData, i: number) => (i >= 0 && i < d.periods.length ? onlineBefore(d, i) - d.periods[i].online : -Infinity);
const maxFallOf = (d: ReviewData) => Math.max(...d.periods.map((_, i) => fallAt(d, i)));
/** A fall worth calling clear: 3 viewers and 5 % of the peak. */
const clearFall = (d: ReviewData) => Math.max(3, Math.ceil(0.05 * d.peak));

/** The period viewers fell most in, among four; null when no period lost 3 viewers or more. */
function fallItem(d: ReviewData, rand: Rand): Item | null {
  const max = maxFallOf(d);
  if (max < 3) return null;
  const top = d.periods.findIndex((_, i) => fallAt(d, i) === max);
  // Distractors fell clearly less (a difference a chart shows): falls first, then the rest.
  const gap = Math.max(2, Math.ceil(0.25 * max));
  const smaller = d.periods.map((_, i) => i).filter((i) => fallAt(d, i) <= max - gap);
  const falls = rand.shuffle(smaller.filter((i) => fallAt(d, i) > 0));
  const rest = rand.shuffle(smaller.filter((i) => fallAt(d, i) <= 0));
  const offered = [top, ...[...falls, ...rest].slice(0, 3)].sort((a, b) => a - b);
  if (offered.length < 2) return null;
  const line = (i: number) => {
    const f = fallAt(d, i);
    const n = periodName(d.periods[i]);
    const change = f > 0 ? `−${f}` : `+${-f}`;
    return { zh: `${n.zh}：${onlineBefore(d, i)} → ${d.periods[i].online}（${change}）`, en: `${n.en}: ${onlineBefore(d, i)} → ${d.periods[i].online} (${change})` };
  };
  const lines = offered.map(line);
  const unit = d.bucketMin === 1 ? { zh: '分钟', en: 'minute' } : { zh: '时段', en: 'period' };
  const working = {
    zh: `下降人数 = 上一${unit.zh}末在线 − 本${unit.zh}末在线。${lines.map((l) => l.zh).join('；')}。下降最多的是${periodName(d.periods[top]).zh}。`,
    en: `Fall = online at the end of the ${unit.en} before − online at the end of this one. ${lines.map((l) => l.en).join('; ')}. The largest fall: ${periodName(d.periods[top]).en}.`,
  };
  return withKey(
    {
      id: 'viewer-fall',
      prompt:
        d.bucketMin === 1
          ? { zh: '在线人数在哪一分钟下降最多？（比较每分钟末与上一分钟末的在线人数）', en: 'In which minute did viewers online fall most (online at its end against the minute before)?' }
          : { zh: `在线人数在哪个时段下降最多？（每${d.bucketMin}分钟一个时段，比较时段末与上一时段末的在线人数）`, en: `In which period did viewers online fall most (${d.bucketMin}-minute periods; online at its end against the period before)?` },
      table: periodTable(d),
      chart: chartOf(d),
      input: { type: 'choice', options: offered.map((i) => ({ id: `p${i + 1}`, label: periodOption(d.periods[i]) })) },
    },
    { type: 'choice', correct: [`p${top + 1}`], working, why: {} } satisfies ReviewKey,
  );
}

// ------------------------------------------------------------------------------ explanations

/**
 * A statement about the run, with its truth judged from the data the item shows: true, false, or
 * null when the data is too close to a threshold to call (never offered then).
 */
interface Claim {
  id: string;
  family: 'fall' | 'funnel' | 'target' | 'sales' | 'filler';
  /** Offered as the right answer only when nothing more telling is true. */
  weak?: boolean;
  text: Bilingual;
  truth: boolean | null;
  why: Bilingual;
}

function claims(d: ReviewData): Claim[] {
  const out: Claim[] = [];
  const f = d.funnel;
  const n = d.periods.length;
  const clear = clearFall(d);
  const maxFall = maxFallOf(d);
  const top = d.periods.findIndex((_, i) => fallAt(d, i) === maxFall);
  const name = (i: number) => periodName(d.periods[i]);
  /** Online at the end of the period before `from`, then at the end of each period to `to`. */
  const seq = (from: number, to: number) => [onlineBefore(d, from), ...d.periods.slice(from, Math.min(n, to + 1)).map((p) => p.online)].join(' → ');
  const rowsWith = (k: TaskKind) => d.periods.map((p, i) => (p.incidents.some((x) => x.kind === k) ? i : -1)).filter((i) => i >= 0);
  const viewerIncidentsIn = (from: number, to: number) => {
    const hits: { k: TaskKind; i: number }[] = [];
    for (let i = Math.max(0, from); i <= Math.min(n - 1, to); i++) for (const x of d.periods[i].incidents) if (VIEWER_INCIDENTS.includes(x.kind)) hits.push({ k: x.kind, i });
    return hits;
  };

  // An incident and a fall right after it: for every viewer incident that happened, and at the
  // largest fall for every one that did not (a plausible but false story).
  for (const k of VIEWER_INCIDENTS) {
    const label = INCIDENTS[k];
    const rows = rowsWith(k);
    const at = rows.length > 0 ? rows : [top >= 0 && maxFall > 0 ? top : Math.min(n - 1, Math.floor(n / 2))];
    for (const i of at) {
      const text = { zh: `${name(i).zh}发生${label.zh}后，在线人数随即明显下降`, en: `Right after the ${label.en} in ${name(i).en}, viewers online fell clearly` };
      const id = `incident-drop:${k}:${i + 1}`;
      if (rows.length === 0) {
        out.push({ id, family: 'fall', text, truth: false, why: { zh: `本场没有发生${label.zh}（见表中“场内事件”一列）。`, en: `There was no ${label.en} in this live (see the Incidents column).` } });
        continue;
      }
      const fall = Math.max(fallAt(d, i), fallAt(d, i + 1));
      const values = seq(i, i + 1);
      const truth = fall >= clear ? true : fall <= 0 ? false : null;
      const why =
        truth === true
          ? { zh: `${name(i).zh}有${label.zh}，前后时段末在线人数 ${values}，随即少了 ${fall} 人。`, en: `There was a ${label.en} in ${name(i).en}; online at the ends: ${values}, down ${fall}.` }
          : { zh: `${name(i).zh}确有${label.zh}，但前后时段末在线人数 ${values}，没有下降。`, en: `There was a ${label.en} in ${name(i).en}, but online at the ends went ${values}: no fall.` };
      out.push({ id, family: 'fall', text, truth, why });
    }
  }

  // The largest fall with no incident around it: recommended traffic ebbing. Offered at the
  // largest fall and at every period with a viewer incident.
  const calmAt = [...new Set([...(top >= 0 && maxFall > 0 ? [top] : []), ...VIEWER_INCIDENTS.flatMap(rowsWith)])].sort((a, b) => a - b);
  for (const i of calmAt) {
    const fall = fallAt(d, i);
    const near = viewerIncidentsIn(i - 1, i);
    const wider = viewerIncidentsIn(i - 2, i);
    const values = `${onlineBefore(d, i)} → ${d.periods[i].online}`;
    let truth: boolean | null = null;
    let why: Bilingual;
    if (near.length > 0) {
      truth = false;
      why = { zh: `${name(near[0].i).zh}有${INCIDENTS[near[0].k].zh}，并非没有事故。`, en: `There was a ${INCIDENTS[near[0].k].en} in ${name(near[0].i).en}: not incident-free.` };
    } else if (fall <= 0) {
      truth = false;
      why = { zh: `${name(i).zh}在线人数 ${values}，没有下降。`, en: `Online in ${name(i).en} went ${values}: no fall.` };
    } else if (fall < maxFall - Math.max(2, Math.ceil(0.25 * maxFall))) {
      truth = false;
      why = { zh: `${name(i).zh}只少了 ${fall} 人，下降最多的是${name(top).zh}（−${maxFall}）。`, en: `${name(i).en} lost only ${fall}; the largest fall was in ${name(top).en} (−${maxFall}).` };
    } else if (fall === maxFall && fall >= clear && wider.length === 0) {
      truth = true;
      why = { zh: `${name(i).zh}在线人数 ${values}（−${fall}），是全场下降最多的时段，前后都没有推流中断、麦克风故障、黑粉刷屏或质量投诉。`, en: `Online in ${name(i).en} went ${values} (−${fall}), the largest fall, with no stream drop, microphone failure, troll wave or quality complaint around it.` };
    } else {
      why = { zh: '', en: '' };
    }
    out.push({
      id: `calm-drop:${i + 1}`,
      family: 'fall',
      text: { zh: `${name(i).zh}在线人数下降最多，前后没有任何事故：多半是推荐流量回落、观众自然流失`, en: `Viewers fell most in ${name(i).en} with no incident around it: recommended traffic most likely ebbed and viewers drifted off` },
      truth,
      why,
    });
  }

  // No clear fall at all.
  {
    const small = Math.max(1, Math.floor(0.02 * d.peak));
    const big = Math.max(3, Math.ceil(0.1 * d.peak));
    const truth = maxFall <= small ? true : maxFall >= big ? false : null;
    out.push({
      id: 'no-big-drop',
      family: 'fall',
      text: { zh: '全场在线人数没有明显下降，留人做得好', en: 'Viewers online never fell noticeably: the room held its audience' },
      truth,
      why:
        truth === false
          ? { zh: `${name(top).zh}在线人数 ${onlineBefore(d, top)} → ${d.periods[top].online}，少了 ${maxFall} 人。`, en: `Online in ${name(top).en} went ${onlineBefore(d, top)} → ${d.periods[top].online}, down ${maxFall}.` }
          : { zh: `各时段在线人数最多只少了 ${Math.max(0, maxFall)} 人（峰值 ${d.peak}）。`, en: `No period lost more than ${Math.max(0, maxFall)} viewers (peak ${d.peak}).` },
    });
  }

  // The funnel: clicks against orders.
  const clickRate = f.clicked / d.uv;
  const clickConv = f.clicked > 0 ? f.paid / f.clicked : 0;
  const rates = {
    zh: `商品点击率 = 点击人数 ÷ 观看人数 = ${f.clicked} ÷ ${d.uv} = ${pct(clickRate)}；点击成交率 = 成交人数 ÷ 点击人数 = ${f.paid} ÷ ${f.clicked} = ${f.clicked > 0 ? pct(clickConv) : '—'}。`,
    en: `Click rate = clickers ÷ UV = ${f.clicked} ÷ ${d.uv} = ${pct(clickRate)}; click conversion = buyers ÷ clickers = ${f.paid} ÷ ${f.clicked} = ${f.clicked > 0 ? pct(clickConv) : '—'}.`,
  };
  const enoughClicks = f.clicked >= 10;
  out.push({
    id: 'clicks-no-orders',
    family: 'funnel',
    text: { zh: '点击商品的人不少，成交却很少：多半是价格或信任问题（讲解没有打消顾虑）', en: 'Plenty of viewers clicked a product but few bought: most likely a price or trust problem (the pitch did not settle their doubts)' },
    truth: clickRate < 0.05 || (enoughClicks && clickConv >= 0.3) ? false : enoughClicks && clickRate >= 0.1 && clickConv <= 0.15 ? true : null,
    why: rates,
  });
  out.push({
    id: 'few-clicks',
    family: 'funnel',
    text: { zh: '观众进来了却很少点击商品：商品展示和引导点击（讲解、弹卡、提醒下单）做得不够', en: 'Viewers came in but hardly clicked a product: not enough showing the products and prompting clicks (pitch, product card, reminders)' },
    truth: clickRate < 0.05 ? true : clickRate >= 0.1 ? false : null,
    why: rates,
  });
  out.push({
    id: 'strong-close',
    family: 'funnel',
    text: { zh: '点击商品的观众中有三成以上成交：成交环节做得好', en: 'Three in ten or more of the viewers who clicked a product bought: the close worked' },
    truth: enoughClicks ? (clickConv >= 0.3 ? true : clickConv < 0.15 ? false : null) : null,
    why: rates,
  });

  // The GMV target (1+X 初级 3.3.2: 分析销售目标达成情况).
  if (d.targetFen !== null) {
    const t = d.targetFen;
    const share = d.gmvFen / t;
    const close = Math.abs(share - 1) < 0.02;
    const why = { zh: `成交金额 ${yuan(d.gmvFen)} 元 ÷ 目标 ${yuan(t)} 元 = ${pct(share)}。`, en: `GMV ¥${yuan(d.gmvFen)} ÷ target ¥${yuan(t)} = ${pct(share)}.` };
    out.push({ id: 'target-met', family: 'target', text: { zh: `成交额达到了 ${yuan(t)} 元的目标`, en: `GMV reached the ¥${yuan(t)} target` }, truth: close ? null : share >= 1, why });
    out.push({ id: 'target-missed', family: 'target', text: { zh: `成交额没有达到 ${yuan(t)} 元的目标`, en: `GMV fell short of the ¥${yuan(t)} target` }, truth: close ? null : share < 1, why });
  }

  // Sales.
  out.push({
    id: 'no-sales',
    family: 'sales',
    weak: true,
    text: { zh: '本场没有任何成交', en: 'Nothing was sold' },
    truth: f.paid === 0 && d.gmvFen <= 0 ? true : f.paid > 0 ? false : null,
    why: { zh: `成交人数 ${f.paid}，成交金额 ${yuan(d.gmvFen)} 元。`, en: `Buyers ${f.paid}, GMV ¥${yuan(d.gmvFen)}.` },
  });
  if (d.gmvFen > 0) {
    const best = d.periods.reduce((b, p, i) => (p.gmvFen > d.periods[b].gmvFen ? i : b), 0);
    const share = d.periods[best].gmvFen / d.gmvFen;
    out.push({
      id: `sales-burst:${best + 1}`,
      family: 'sales',
      text: { zh: `一半以上的成交额集中在${name(best).zh}这一个时段`, en: `More than half of the GMV came in ${name(best).en} alone` },
      truth: share >= 0.5 ? true : share < 0.3 ? false : null,
      why: { zh: `${name(best).zh}成交 ${yuan(d.periods[best].gmvFen)} 元，占全场 ${yuan(d.gmvFen)} 元的 ${pct(share)}。`, en: `${name(best).en} brought ¥${yuan(d.periods[best].gmvFen)}, ${pct(share)} of ¥${yuan(d.gmvFen)}.` },
    });
  }

  // Plain readings of the chart, for when nothing above can be called.
  const peakRow = d.periods.reduce((b, p, i) => (p.online > d.periods[b].online ? i : b), 0);
  const lowRow = d.periods.reduce((b, p, i) => (p.online < d.periods[b].online ? i : b), 0);
  for (const i of [...new Set([peakRow, lowRow])]) {
    const hi = d.periods[peakRow].online;
    const v = d.periods[i].online;
    out.push({
      id: `peak-at:${i + 1}`,
      family: 'filler',
      weak: true,
      text: { zh: `各时段末的在线人数中，${name(i).zh}末最高`, en: `Of the online counts at the end of each period, the one at the end of ${name(i).en} is the highest` },
      truth: v === hi && d.periods.filter((p) => p.online === hi).length === 1 ? true : v < 0.8 * hi ? false : null,
      why: { zh: `${name(i).zh}末在线 ${v} 人；最高是${name(peakRow).zh}末的 ${hi} 人。`, en: `${v} online at the end of ${name(i).en}; the highest was ${hi}, at the end of ${name(peakRow).en}.` },
    });
  }
  const bigUv = Math.ceil((d.uv * 1.5) / 10) * 10;
  out.push({
    id: `uv-over:${bigUv}`,
    family: 'filler',
    weak: true,
    text: { zh: `观看人数超过 ${bigUv} 人，流量非常充足`, en: `More than ${bigUv} viewers came: plenty of traffic` },
    truth: false,
    why: { zh: `观看人数只有 ${d.uv} 人。`, en: `UV was only ${d.uv}.` },
  });
  return out;
}

function explainItem(d: ReviewData, rand: Rand): Item {
  const all = claims(d);
  // The right answer: an explanation (of a fall, or of the funnel) when one holds, else a reading
  // of sales or the target, else a plain reading of the chart.
  const truths = all.filter((c) => c.truth === true);
  const tiers = [truths.filter((c) => !c.weak && (c.family === 'fall' || c.family === 'funnel')), truths.filter((c) => !c.weak), truths];
  const tier = tiers.find((t) => t.length > 0);
  // A true statement is always there (the peak of the online counts is one); guard anyway.
  if (!tier) throw new Error('data-review: no statement about this run can be called true');
  const right = rand.pick(tier);
  // Three false ones, as varied as the run allows: one of a kind first, then two, fillers last.
  // Never both target statements (one is the other's negation: a giveaway).
  const falses = rand.shuffle(all.filter((c) => c.truth === false && !(c.family === 'target' && right.family === 'target')));
  const picked: Claim[] = [];
  const kindOf = (c: Claim) => c.id.split(':')[0];
  for (const limit of [1, 2, Infinity]) {
    for (const c of falses) {
      if (picked.length >= 3 || picked.includes(c)) continue;
      if (c.family === 'filler' && limit !== Infinity) continue;
      if (c.family === 'target' && picked.some((p) => p.family === 'target')) continue;
      if (picked.filter((p) => kindOf(p) === kindOf(c)).length >= limit) continue;
      picked.push(c);
    }
  }
  const options = rand.shuffle([right, ...picked]);
  const why: Record<string, Bilingual> = {};
  for (const c of options) why[c.id] = c.why;
  const working = { zh: `与数据相符的是「${right.text.zh}」：${right.why.zh}`, en: `What the data shows: "${right.text.en}". ${right.why.en}` };
  return withKey(
    {
      id: 'explain',
      prompt: { zh: '对照图表和表格，下面哪一条说法与本场数据相符？', en: 'Against the chart and the table, which statement matches this live’s data?' },
      context: summaryContext(d),
      table: periodTable(d),
      chart: chartOf(d),
      input: { type: 'choice', options: options.map((c) => ({ id: c.id, label: c.text })) },
    },
    { type: 'choice', correct: [right.id], working, why } satisfies ReviewKey,
  );
}

// ------------------------------------------------------------------------------ the run

interface Picked {
  scenario: Scenario;
  data: ReviewData;
  source: string;
  who: Bilingual;
}

const BOT_WHO: Record<string, Bilingual> = {
  expert: { zh: '经验丰富', en: 'an experienced' },
  competent: { zh: '表现一般', en: 'an average' },
  typist: { zh: '只靠打字讲解', en: 'a typing-only' },
  reckless: { zh: '冒进违规', en: 'a reckless' },
};

function fromOwnRun(run: RunSource): { data: ReviewData } | { problem: Bilingual } {
  const { sim, funnel } = resimulate(run.scenario, run.seed, run.actions, undefined, { engineVersion: run.engineVersion && REPLAYABLE_VERSIONS.includes(run.engineVersion) ? run.engineVersion : undefined });
  const endMs = sim.now;
  const problem = unreviewable(endMs, funnel.entered);
  if (problem) return { problem };
  const m = sim.metrics();
  return { data: collect(run.scenario, sim.log, endMs, funnel, m.peakOnline, m.paidOrders) };
}

function pickRun(rand: Rand, sources: DrillSources): Picked {
  const runs = sources.runs ?? [];
  if (runs.length > 0) {
    // The seed picks the run; one that can't be reviewed is passed over for the next.
    const problems: string[] = [];
    for (const run of rand.shuffle(runs)) {
      const r = fromOwnRun(run);
      if ('data' in r) return { scenario: run.scenario, data: r.data, source: run.id, who: { zh: `你的练习「${run.title.zh}」`, en: `your run "${run.title.en}"` } };
      problems.push(`"${run.id}": ${r.problem.en}`);
    }
    throw new Error(`data-review: none of the ${runs.length} past run(s) can be reviewed: ${problems.join('; ')}`);
  }
  const long = sources.scenarios.filter((s) => s.meta.duration * 1000 >= MIN_REVIEW_MS);
  const zh = long.filter((s) => s.meta.language === 'zh');
  const pool = zh.length > 0 ? zh : long;
  if (pool.length === 0) {
    throw new Error(`data-review: no past run and no scenario of at least ${clock(MIN_REVIEW_MS)} to simulate one (${sources.scenarios.length} scenario(s) given)`);
  }
  const scenario = rand.pick(pool);
  const bot = rand.pick(REVIEW_BOTS);
  const simSeed = rand.int(1, 999_999);
  const { sim } = runWithBot(scenario, simSeed, bot);
  const funnel = funnelFromLog(sim.log, sim.view().stayed);
  const problem = unreviewable(sim.now, funnel.entered);
  if (problem) throw new Error(`data-review: the simulated run of "${scenario.meta.id}" (${bot}, seed ${simSeed}) can't be reviewed: ${problem.en}`);
  const m = sim.metrics();
  const seat = scenario.meta.seat === 'controller' ? { zh: '场控', en: 'controller' } : { zh: '主播', en: 'host' };
  const w = BOT_WHO[bot] ?? { zh: bot, en: bot };
  return {
    scenario,
    data: collect(scenario, sim.log, sim.now, funnel, m.peakOnline, m.paidOrders),
    source: `bot:${bot}:${simSeed}:${scenario.meta.id}`,
    who: { zh: `一位${w.zh}的模拟${seat.zh}的一场直播`, en: `a live run by ${w.en} simulated ${seat.en}` },
  };
}

// ------------------------------------------------------------------------------ the kind

const META = metaOf('data-review');

function generate(seed: number, sources: DrillSources): DrillVariant {
  if ((sources.language ?? 'zh') !== 'zh') throw new Error(`data-review: drawn in Chinese only (asked for "${sources.language}")`);
  const rand = seeded(seed);
  const { scenario, data, source, who } = pickRun(rand, sources);
  const fall = fallItem(data, rand);
  const items: Item[] = [uvValueItem(data), conversionItem(data), funnelItem(data), ...(fall ? [fall] : []), explainItem(data, rand)];
  const last = data.periods[data.periods.length - 1];
  return {
    kind: 'data-review',
    seed,
    language: 'zh',
    source,
    title: { zh: `数据复盘：${scenario.meta.title.zh}`, en: `Data review: ${scenario.meta.title.en}` },
    intro: {
      zh: `下面是${who.zh}（「${scenario.meta.title.zh}」，${last.to} 分钟）的数据。看图表和表格回答 ${items.length} 道题：算UV价值和转化率，找出流失最大的环节${fall ? '和掉人最多的时段' : ''}，再选出与数据相符的说法。数字题允许 1% 的误差，单位可写可不写。`,
      en: `The data of ${who.en} ("${scenario.meta.title.en}", ${last.to} minutes). From the chart and the table, answer ${items.length} questions: work out the UV value and conversion, find the funnel step that lost most${fall ? ' and when viewers fell most' : ''}, then pick the statement the data supports. Numbers are accepted within 1 %, with or without the unit.`,
    },
    items,
    timeLimitSec: 180,
  };
}

function scoreItem(item: DrillItem, answer: DrillAnswer | undefined): ItemResult {
  const key = keyOf('data-review', item, isReviewKey);
  const value = (answer?.value ?? '').trim();
  if (key.type === 'number') {
    const expected = { zh: `${key.answer.toFixed(2)}${key.unit.zh === '%' ? '%' : ` ${key.unit.zh}`}`, en: key.unit.en === 'yuan' ? `¥${key.answer.toFixed(2)}` : `${key.answer.toFixed(2)}${key.unit.en}` };
    const result = (credit: number, zh: string, en: string): ItemResult => ({ item: item.id, credit, expected, feedback: { zh: `${zh}${key.working.zh}`, en: `${en} ${key.working.en}` } });
    if (value === '') return result(0, '没有作答。', 'No answer.');
    const given = parseNumberAnswer(value);
    if (given === null) return result(0, `没有看懂“${value}”：请只填一个数（单位可写可不写）。`, `"${value}" is not a number we can read: type one number (the unit is optional).`);
    if (within(given, key.answer)) return result(1, '正确。', 'Correct.');
    const slip = key.slips.find((s) => matchesSlip(given, s.value));
    if (slip) return result(slip.credit, `${slip.credit > 0 ? '差一点' : '不对'}：${slip.why.zh}`, `${slip.credit > 0 ? 'Nearly' : 'Not quite'}: ${slip.why.en}`);
    const tol = numberTolerance(key.answer);
    return result(0, `不对：你填的是 ${given}，正确答案 ${expected.zh}（允许误差 ±${round2(tol)}）。`, `Not quite: you gave ${given}; the answer is ${expected.en} (±${round2(tol)} allowed).`);
  }
  const options = item.input.type === 'choice' ? item.input.options : [];
  const label = (id: string) => options.find((o) => o.id === id)?.label;
  const rightLabels = key.correct.map(label).filter((l): l is Bilingual => l !== undefined);
  const expected = { zh: rightLabels.map((l) => l.zh).join(' / '), en: rightLabels.map((l) => l.en).join(' / ') };
  const result = (credit: number, zh: string, en: string): ItemResult => ({ item: item.id, credit, expected, feedback: { zh: `${zh}${key.working.zh}`, en: `${en} ${key.working.en}` } });
  if (value === '') return result(0, '没有作答。', 'No answer.');
  const chosen = options.find((o) => o.id === value) ?? options.find((o) => o.label.zh === value || o.label.en === value);
  if (!chosen) return result(0, '所选不是本题的选项。', 'That is not one of the options.');
  if (key.correct.includes(chosen.id)) return result(1, '正确。', 'Correct.');
  const why = key.why[chosen.id];
  return result(0, `不对：「${chosen.label.zh}」${why ? `不符合数据——${why.zh}` : '不是答案。'}`, `Not quite: "${chosen.label.en}" ${why ? `does not match the data: ${why.en}` : 'is not the answer.'}`);
}

function score(variant: DrillVariant, answers: readonly DrillAnswer[]): DrillResult {
  const byItem = answersByItem(answers);
  const items = variant.items.map((item) => scoreItem(item, byItem.get(item.id)));
  return { kind: 'data-review', percent: percentOf(items.map((r) => r.credit)), items };
}

export const dataReview: DrillKind = {
  ...META,
  clauses: ['imkt-l5:3-2-1', '1x-primary:3.3.1', '1x-primary:3.3.2'],
  generate,
  score,
};
