/**
 * The rehearsal task (2-1 直播预演, seed 004 五级 2-1-1 / 2-1-2): the script the student wrote
 * (`script.submitted`, the last one before the rehearsal began) and the rehearsal they ran from it.
 *
 * - script-elements: each of the five parts is there and does its job (开场 greets and names the
 *   product, FAB covers the product's points across feature/advantage/benefit, 价格与促销 states a
 *   true price and the offer, 促单 asks for the order with a reason to act now, 结尾 thanks and
 *   invites back); parts that copy each other or are a few words long earn little.
 * - script-compliance: the script checker (the same one the script-check page runs, with the
 *   scenario's facts) finds nothing at the gate; scaled by how much of the script exists.
 * - flow-plan: the flow's order (open first, end last, points before price before the close), its
 *   total length against the rehearsal's slot, and each part's words sayable in its time.
 * - rehearsal-follow: what the student said in the rehearsal, sentence by sentence, matched to the
 *   part it comes from; each part said in full, in its planned window, in order; the console steps
 *   (explain the product during the points, its card shown for price and close). Scaled by the
 *   script's elements, so faithfully reading a hollow script is not a good rehearsal.
 */
import { z } from 'zod';
import { coveredPoints, detectCtas, factSheetOf, isGreeting, lineKey, lintScript, mentionedProducts, sentencesOf, statedPrices, SCRIPT_PARTS, TEAM_STRUCTURES, type Product, type Scenario, type ScriptPart, type SimEvent, type TeamStructure } from '../../engine';
import { clock, secs, RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { clamp01, defineCriterion, ev, feedback, mean, omission } from './define';

const CLAUSES_SCRIPT = ['imkt-l5:2-1-1', 'imkt-l4:2-1-1'];
const CLAUSES_REHEARSE = ['imkt-l5:2-1-2', 'imkt-l4:2-1-2', 'imkt-l3:2-1-1'];

export const PART_TITLES: Record<ScriptPart, Bilingual> = {
  opening: { zh: '开场', en: 'opening' },
  fab: { zh: 'FAB卖点', en: 'FAB selling points' },
  price: { zh: '价格与促销', en: 'price and offer' },
  close: { zh: '促单', en: 'close' },
  ending: { zh: '结尾', en: 'ending' },
};

type ScriptEvent = SimEvent<'script.submitted'>;
type Part = ScriptEvent['parts'][number];

/** One rehearsal: from its product segment's start to the next segment without a product (or the end), run from the script submitted last before it. */
interface RehearsalRun {
  start: SimEvent<'segment.start'>;
  endMs: number;
  script?: ScriptEvent;
  windows: { part: Part; fromMs: number; toMs: number }[];
}

/**
 * What the log says about the rehearsal task: every rehearsal (a 三级 task has two, with a writing
 * segment between them), the script that counts (the one the last rehearsal ran from, or the last
 * one submitted when no rehearsal started), its product and the rehearsal slot's planned length.
 */
interface Rehearsal {
  runs: RehearsalRun[];
  script?: ScriptEvent;
  /** The last rehearsal's start and its planned parts. */
  start?: SimEvent<'segment.start'>;
  windows: RehearsalRun['windows'];
  product?: Product;
  /** The rehearsal segment's planned length (ms). */
  slotMs: number;
}

/** Each criterion asks for the same reading of one run: it is made once per run index. */
const readings = new WeakMap<RunIndex, Rehearsal>();

function rehearsalOf(run: RunIndex): Rehearsal {
  let r = readings.get(run);
  if (!r) readings.set(run, (r = readRehearsal(run)));
  return r;
}

function readRehearsal(run: RunIndex): Rehearsal {
  const productSegments = new Set(run.scenario.runOfShow.filter((s) => s.product !== undefined).map((s) => s.id));
  const starts = run.of('segment.start');
  const scripts = run.of('script.submitted');
  const seen = new Set<string>();
  const runs: RehearsalRun[] = [];
  for (const start of starts) {
    if (!productSegments.has(start.segment) || seen.has(start.segment)) continue;
    seen.add(start.segment);
    // It runs until a segment without a product starts (the next writing time), or the end.
    const next = starts.find((e) => e.t >= start.t && e.id > start.id && !productSegments.has(e.segment));
    const before = scripts.filter((e) => e.t <= start.t);
    const script = before[before.length - 1];
    const windows: RehearsalRun['windows'] = [];
    let at = start.t;
    for (const part of script?.parts ?? []) {
      windows.push({ part, fromMs: at, toMs: at + part.sec * 1000 });
      at += part.sec * 1000;
    }
    runs.push({ start, endMs: next ? next.t : run.endMs, script, windows });
  }
  const last = runs[runs.length - 1];
  const script = last?.script ?? (runs.length === 0 ? scripts[scripts.length - 1] : undefined);
  const seg = run.scenario.runOfShow.find((s) => s.product !== undefined);
  const productId = last?.start.product ?? seg?.product;
  const product = run.scenario.products.find((p) => p.id === productId);
  return { runs, script, start: last?.start, windows: last?.windows ?? [], product, slotMs: Math.round((seg?.duration ?? 0) * 1000) };
}

const title = (p: string): Bilingual => PART_TITLES[p as ScriptPart] ?? { zh: p, en: p };
const PROMO_RE = /券|优惠|福利|秒杀|满减|立减|赠|送|包邮|到手|coupon|deal|discount|free/i;
const URGENCY_RE = /限时|限量|仅剩|只剩|最后|倒计时|抓紧|赶紧|手慢无|马上|现在(就)?(下单|拍)|今天|今晚|\d+\s*(秒|分钟|单|份)|只有|结束|now|today|last|only|hurry/i;
const THANKS_RE = /感谢|谢谢|thank/i;
const COMEBACK_RE = /关注|下次|明天|下期|预告|再见|下播|回放|不见不散|follow|next time|tomorrow|see you/i;
/** A part shorter than this (letters and digits) is a heading, not a script. */
const THIN_CHARS = 8;
/** Two parts this similar (character bigrams) are one part written twice. */
const SAME_PART = 0.6;

/**
 * The amounts a script may truthfully state for the product: what it sells at (live price, after
 * each coupon, the flash price) and the other true amounts (list and reference prices, each
 * coupon's value and threshold, the saving against the list price).
 */
function truePrices(run: RunIndex, product: Product): { sell: number[]; other: number[] } {
  const cents = (x: number) => Math.round(x * 100) / 100;
  const sell = [product.livePrice];
  const other = [product.listPrice, product.referencePrice ?? product.listPrice, cents(product.listPrice - product.livePrice)];
  for (const c of run.scenario.coupons) {
    if (c.products.length > 0 && !c.products.includes(product.id)) continue;
    sell.push(cents(product.livePrice - c.discount));
    other.push(c.discount, ...(c.threshold ? [c.threshold] : []));
  }
  for (const s of run.scenario.runOfShow) if (s.product === product.id && s.flashSale) sell.push(s.flashSale.price);
  return { sell, other };
}

const near = (a: number, xs: readonly number[]) => xs.some((x) => Math.abs(a - x) < 0.011);

/** How well one part does its job, 0–1, with what is missing. */
function partJob(run: RunIndex, product: Product, part: Part): { score: number; missing: Bilingual[]; found: string[] } {
  const text = part.text;
  const missing: Bilingual[] = [];
  const found: string[] = [];
  const hit = (ok: string | null | false | undefined, weight: number, zh: string, en: string): number => {
    if (ok) {
      found.push(ok);
      return weight;
    }
    missing.push({ zh, en });
    return 0;
  };
  switch (part.part as ScriptPart) {
    case 'opening': {
      const named = mentionedProducts(text, [product])[0]?.match;
      return { score: hit(isGreeting(text), 0.5, '没有欢迎观众', 'no welcome') + hit(named, 0.5, '没有说今天卖什么', 'does not say what is on sale'), missing, found };
    }
    case 'fab': {
      const pts = coveredPoints(text, product);
      const kinds = new Set(pts.map((p) => product.sellingPoints.find((s) => s.id === p.id)?.kind));
      const offered = new Set(product.sellingPoints.map((s) => s.kind));
      for (const p of pts) found.push(p.match);
      if (pts.length < Math.min(3, product.sellingPoints.length)) missing.push({ zh: `只讲到${pts.length}个卖点`, en: `only ${pts.length} selling point(s)` });
      if (kinds.size < offered.size) missing.push({ zh: '特征、优势、利益没有讲全', en: 'features, advantages and benefits not all there' });
      return { score: 0.5 * Math.min(1, pts.length / Math.min(3, product.sellingPoints.length)) + 0.5 * (kinds.size / offered.size), missing, found };
    }
    case 'price': {
      const { sell, other } = truePrices(run, product);
      const stated = statedPrices(text);
      const wrong = stated.find((p) => !near(p.value, sell) && !near(p.value, other));
      const right = stated.find((p) => near(p.value, sell));
      if (wrong) missing.push({ zh: `价格「${wrong.match}」与商品信息不符`, en: `the price "${wrong.match}" is not the product's` });
      const priceScore = wrong ? 0 : hit(right?.match, 0.6, '没有说出直播间价格', 'no live price');
      return { score: priceScore + hit(PROMO_RE.exec(text)?.[0], 0.4, '没有讲优惠（券、福利、包邮等）', 'no offer (coupon, gift, free shipping…)'), missing, found };
    }
    case 'close': {
      const buy = detectCtas(text).find((c) => c.kind === 'buy')?.match;
      return { score: hit(buy, 0.6, '没有引导下单（如“拍1号链接”）', 'no call to buy (e.g. "order link 1")') + hit(URGENCY_RE.exec(text)?.[0], 0.4, '没有给出马上下单的理由', 'no reason to order now'), missing, found };
    }
    case 'ending':
      return { score: hit(THANKS_RE.exec(text)?.[0], 0.5, '没有感谢观众', 'no thanks') + hit(COMEBACK_RE.exec(text)?.[0], 0.5, '没有引导关注或预告下次', 'no follow or next-time invitation'), missing, found };
  }
  return { score: 0, missing, found };
}

/** Bigrams of a line key, as a multiset. */
function bigrams(key: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < key.length - 1; i++) {
    const g = key.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Share of `a`'s bigrams found in `b` (1: every pair of characters of a is in b). */
function containment(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  let common = 0;
  for (const [g, k] of a) {
    n += k;
    common += Math.min(k, b.get(g) ?? 0);
  }
  return n === 0 ? 0 : common / n;
}

function similar(a: string, b: string): number {
  const x = bigrams(lineKey(a));
  const y = bigrams(lineKey(b));
  return Math.min(containment(x, y), containment(y, x));
}

/** Every part's job, with the caps for thin parts and parts that repeat another. */
function judgeScript(run: RunIndex, product: Product, script: ScriptEvent): { part: ScriptPart; score: number; missing: Bilingual[]; found: string[]; given?: Part }[] {
  return SCRIPT_PARTS.map((id) => {
    const given = script.parts.find((p) => p.part === id);
    if (!given || lineKey(given.text).length === 0) return { part: id, score: 0, missing: [{ zh: '没有写', en: 'not written' }], found: [] };
    const j = partJob(run, product, given);
    let score = j.score;
    if (lineKey(given.text).length < THIN_CHARS) {
      score = Math.min(score, 0.3);
      j.missing.push({ zh: '只有几个字', en: 'only a few words' });
    }
    const twin = script.parts.find((o) => o !== given && lineKey(o.text).length > 0 && similar(o.text, given.text) >= SAME_PART);
    if (twin) {
      score = Math.min(score, 0.3);
      j.missing.push({ zh: `和「${title(twin.part).zh}」几乎一样`, en: `almost the same as the ${title(twin.part).en}` });
    }
    return { ...j, part: id, score, given };
  });
}

function noScript(run: RunIndex): { applicable: true; fraction: 0; evidence: Evidence[]; feedback: Bilingual } {
  const seg = run.segments[0];
  return {
    applicable: true,
    fraction: 0,
    evidence: [omission(run, 0, seg ? seg.endMs : run.endMs, '没有提交直播脚本', 'No live script was submitted')],
    feedback: { zh: '没有提交脚本：先写好开场、FAB卖点、价格与促销、促单、结尾五部分并提交，再开始预演。', en: 'No script was submitted: write the opening, FAB points, price and offer, close and ending, submit them, then rehearse.' },
  };
}

/** The script's elements, 0–1 (0 without a script), for the criteria that scale by it. */
function elementsFraction(run: RunIndex, r: Rehearsal): number {
  return r.script && r.product ? mean(judgeScript(run, r.product, r.script).map((x) => x.score)) : 0;
}

export const scriptElements = defineCriterion({
  id: 'script-elements',
  title: { zh: '单品脚本要素齐全、各司其职', en: 'Single-product script: every element there and doing its job' },
  observes: {
    zh: '预演开始前最后提交的脚本（script.submitted）：开场（欢迎＋说明卖什么）、FAB卖点（讲到的卖点数，特征/优势/利益是否讲全）、价格与促销（说出真实的直播价或用券后价，讲优惠）、促单（引导下单＋马上下单的理由）、结尾（感谢＋关注/预告）。少于8个字的部分、与另一部分几乎相同的部分最多得三成。',
    en: 'The last script submitted before the rehearsal (script.submitted): opening (welcome, what is on sale), FAB points (how many points, whether features, advantages and benefits are all there), price and offer (a true live or after-coupon price, the offer), close (a call to buy and a reason to act now), ending (thanks, follow or next time). A part under 8 characters, or one almost the same as another part, earns at most 30 %.',
  },
  clauses: CLAUSES_SCRIPT,
  params: z.strictObject({}),
  evaluate(run) {
    const r = rehearsalOf(run);
    if (!r.script || !r.product) return noScript(run);
    const judged = judgeScript(run, r.product, r.script);
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    for (const j of judged) {
      const t = title(j.part);
      const note = j.missing.length === 0 ? { zh: '齐全', en: 'complete' } : { zh: j.missing.map((m) => m.zh).join('，'), en: j.missing.map((m) => m.en).join(', ') };
      evidence.push(ev(r.script, j.score >= 0.99, `脚本「${t.zh}」：${note.zh}（${Math.round(j.score * 100)}%）`, `Script ${t.en}: ${note.en} (${Math.round(j.score * 100)} %)`, j.found[0]));
      if (j.score < 0.99) problems.push({ zh: `「${t.zh}」${note.zh}`, en: `${t.en}: ${note.en}` });
    }
    return {
      applicable: true,
      fraction: mean(judged.map((j) => j.score)),
      evidence,
      feedback: feedback(problems, { zh: '脚本五个部分齐全，每部分都完成了它的任务。', en: 'All five parts of the script are there and each does its job.' }),
    };
  },
});

export const scriptCompliance = defineCriterion({
  id: 'script-compliance',
  title: { zh: '脚本文案合规', en: 'A compliant script' },
  observes: {
    zh: '脚本全文（含团队台词）经脚本检查器（与“脚本检查”页相同，带场景的商品事实）检查：达到门槛的问题每处扣三分之一，轻微问题每处扣一成；按已写部分的比例折算（空脚本不算合规）。',
    en: "The whole script (team lines included) run through the script checker (the same as the script-check page, with the scenario's facts): each finding at the gate costs a third, each minor one a tenth; scaled by how many parts are written (an empty script is not compliant).",
  },
  clauses: [...CLAUSES_SCRIPT, 'imkt-l5:1-3-2'],
  params: z.strictObject({ perBlocking: z.number().min(0).max(1).default(1 / 3), perMinor: z.number().min(0).max(1).default(0.1) }),
  evaluate(run, p) {
    const r = rehearsalOf(run);
    if (!r.script || !r.product) return noScript(run);
    const lines = r.script.parts.flatMap((x) => [x.text, ...x.team.map((l) => l.text)]).filter((x) => x.trim().length > 0);
    const report = lintScript(lines.join('\n'), { complianceClass: r.product.class, facts: factSheetOf(run.scenario), scenarioId: run.scenario.meta.id });
    const written = SCRIPT_PARTS.filter((id) => r.script!.parts.some((x) => x.part === id && lineKey(x.text).length >= THIN_CHARS)).length / SCRIPT_PARTS.length;
    const gate = report.summary.gate;
    const blocking = report.findings.filter((f) => f.severity >= gate);
    const minor = report.findings.filter((f) => f.severity < gate);
    const evidence: Evidence[] = report.findings.slice(0, 8).map((f) => ev(r.script!, false, `脚本第${f.line}行「${f.text}」：${f.reason.zh}`, `Script line ${f.line} "${f.text}": ${f.reason.en}`, f.text));
    if (report.findings.length === 0) evidence.push(ev(r.script, written >= 1, `脚本检查未发现问题（已写${Math.round(written * 5)}/5部分）`, `The script checker found nothing (${Math.round(written * 5)}/5 parts written)`));
    const fraction = clamp01(1 - p.perBlocking * blocking.length - p.perMinor * minor.length) * written;
    const problems: Bilingual[] = blocking.map((f) => ({ zh: `脚本中「${f.text}」${f.reason.zh}`, en: `"${f.text}" in the script: ${f.reason.en}` }));
    if (written < 1) problems.push({ zh: '脚本没有写全', en: 'the script is not complete' });
    return { applicable: true, fraction, evidence, feedback: feedback(problems, { zh: '脚本通过合规检查。', en: 'The script passes the compliance check.' }) };
  },
});

export const flowPlan = defineCriterion({
  id: 'flow-plan',
  title: { zh: '选择直播方式、制定直播流程', en: 'Live format chosen and the flow set' },
  observes: {
    zh: '脚本的直播方式与流程（各部分的顺序和时长）：开场在前、结尾在后、先讲卖点再报价、报价后促单；各部分时长合计不超过预演时段的110%、不少于一半；每部分的字数按时长能讲完（每秒不超过6个字），也不冷场（每秒不少于0.5个字）。按已写部分的比例折算。',
    en: "The script's format and flow (the parts' order and lengths): opening first, ending last, points before the price, the close after it; the lengths adding up to at most 110 % and at least half of the rehearsal slot; each part sayable in its time (at most 6 characters a second) and without dead air (at least 0.5 a second). Scaled by how many parts are written.",
  },
  clauses: CLAUSES_REHEARSE,
  params: z.strictObject({ maxCharsPerSec: z.number().positive().default(6), minCharsPerSec: z.number().min(0).default(0.5) }),
  evaluate(run, p) {
    const r = rehearsalOf(run);
    if (!r.script || !r.product) return noScript(run);
    const parts = r.script.parts.filter((x) => lineKey(x.text).length > 0);
    const order = parts.map((x) => x.part);
    const at = (id: string) => order.indexOf(id);
    const problems: Bilingual[] = [];
    const rules: [boolean, Bilingual][] = [
      [at('opening') <= 0, { zh: '开场不在第一部分', en: 'the opening is not first' }],
      [at('ending') === -1 || at('ending') === order.length - 1, { zh: '结尾不在最后', en: 'the ending is not last' }],
      [at('fab') === -1 || at('price') === -1 || at('fab') < at('price'), { zh: '先报价后讲卖点', en: 'the price comes before the selling points' }],
      [at('price') === -1 || at('close') === -1 || at('price') < at('close'), { zh: '促单在报价之前', en: 'the close comes before the price' }],
    ];
    for (const [ok, why] of rules) if (!ok) problems.push(why);
    const orderScore = 1 - 0.25 * rules.filter(([ok]) => !ok).length;
    const totalMs = parts.reduce((s, x) => s + x.sec * 1000, 0);
    let timeScore = 1;
    if (r.slotMs > 0 && totalMs > r.slotMs * 1.1) {
      timeScore = clamp01(1 - (totalMs / r.slotMs - 1.1) * 2);
      problems.push({ zh: `流程共${clock(totalMs)}，超出预演时段${clock(r.slotMs)}`, en: `the flow takes ${clock(totalMs)}, longer than the ${clock(r.slotMs)} slot` });
    } else if (r.slotMs > 0 && totalMs < r.slotMs * 0.5) {
      timeScore = totalMs / (r.slotMs * 0.5);
      problems.push({ zh: `流程只有${clock(totalMs)}，不到预演时段的一半`, en: `the flow takes only ${clock(totalMs)}, under half the slot` });
    }
    const paces = parts.map((x) => {
      const rate = lineKey(x.text).length / x.sec;
      if (rate > p.maxCharsPerSec) problems.push({ zh: `「${title(x.part).zh}」${x.sec}秒讲不完${lineKey(x.text).length}个字`, en: `the ${title(x.part).en} has ${lineKey(x.text).length} characters for ${x.sec} s` });
      else if (rate < p.minCharsPerSec) problems.push({ zh: `「${title(x.part).zh}」${x.sec}秒只有${lineKey(x.text).length}个字，会冷场`, en: `the ${title(x.part).en} has only ${lineKey(x.text).length} characters for ${x.sec} s: dead air` });
      return rate > p.maxCharsPerSec || rate < p.minCharsPerSec ? 0.5 : 1;
    });
    const written = new Set(order.filter((id) => (SCRIPT_PARTS as readonly string[]).includes(id))).size / SCRIPT_PARTS.length;
    const fraction = (0.4 * orderScore + 0.3 * timeScore + 0.3 * mean(paces)) * written;
    const flowText = parts.map((x) => `${title(x.part).zh}${x.sec}秒`).join(' → ');
    const flowEn = parts.map((x) => `${title(x.part).en} ${x.sec} s`).join(' → ');
    const evidence = [ev(r.script, problems.length === 0, `直播方式：${r.script.format}；流程：${flowText}（共${clock(totalMs)}，预演时段${clock(r.slotMs)}）`, `Format: ${r.script.format}; flow: ${flowEn} (${clock(totalMs)} of a ${clock(r.slotMs)} slot)`)];
    if (written < 1) problems.push({ zh: `只写了${Math.round(written * 5)}/5部分`, en: `only ${Math.round(written * 5)}/5 parts written` });
    return { applicable: true, fraction, evidence, feedback: feedback(problems, { zh: '流程顺序合理，时长安排得当。', en: 'The flow is in a sound order and well timed.' }) };
  },
});

/** How a rehearsal is matched to its script: a sentence's share of one part, the share said that counts as all of it, the window's tolerance. */
const followParams = z.strictObject({ match: z.number().min(0).max(1).default(0.8), fullCover: z.number().min(0).max(1).default(0.7), toleranceSec: z.number().min(0).default(20) });
type FollowParams = z.output<typeof followParams>;

/** How closely one rehearsal followed its script, 0–1 (before scaling by the script's elements), with its evidence. */
function followRun(run: RunIndex, rr: RehearsalRun, item: Product, p: FollowParams): { rehearsed: number; byPart: { part: string; score: number }[]; evidence: Evidence[]; problems: Bilingual[] } {
  const parts = rr.windows.map((w) => ({ ...w, grams: bigrams(lineKey(w.part.text)), covered: new Map<string, number>(), said: [] as SimEvent<'host.say'>[], times: [] as number[] }));
  type Slot = (typeof parts)[number];
  const tolOf = (x: Slot) => Math.max(p.toleranceSec * 1000, (x.toMs - x.fromMs) / 4);
  const distance = (x: Slot, t: number) => Math.max(0, x.fromMs - tolOf(x) - t, t - x.toMs - tolOf(x));
  for (const say of run.of('host.say')) {
    if (say.t < rr.start.t || say.t >= rr.endMs || say.source === 'script') continue;
    const hit = new Set<Slot>();
    for (const sentence of sentencesOf(say.text)) {
      const g = bigrams(lineKey(sentence));
      if (g.size < 2) continue;
      let best: Slot | undefined;
      let bestC = 0;
      for (const x of parts) {
        const c = containment(g, x.grams);
        if (c > bestC) [best, bestC] = [x, c];
      }
      if (!best || bestC < p.match) continue;
      for (const [k, n] of g) if (best.grams.has(k)) best.covered.set(k, Math.min(best.grams.get(k)!, (best.covered.get(k) ?? 0) + n));
      if (!best.said.includes(say)) best.said.push(say);
      hit.add(best);
    }
    // One utterance is on time for one part at most (the one whose window it falls in, or the
    // nearest): the whole script said at once is said, but not rehearsed.
    let primary: Slot | undefined;
    for (const x of hit) if (!primary || distance(x, say.t) < distance(primary, say.t)) primary = x;
    primary?.times.push(say.t);
  }
  const evidence: Evidence[] = [];
  const problems: Bilingual[] = [];
  const scores = parts.map((x) => {
    const t = title(x.part.part);
    const total = [...x.grams.values()].reduce((a, b) => a + b, 0);
    const cover = total === 0 ? 0 : [...x.covered.values()].reduce((a, b) => a + b, 0) / total;
    if (x.said.length === 0) {
      evidence.push(omission(run, x.fromMs, x.toMs, `脚本「${t.zh}」（计划${clock(x.fromMs)}–${clock(x.toMs)}）没有讲`, `Script ${t.en} (planned ${clock(x.fromMs)}–${clock(x.toMs)}) was not said`));
      problems.push({ zh: `「${t.zh}」没有按脚本讲`, en: `the ${t.en} was not said as written` });
      return 0;
    }
    const mid = x.times.length > 0 ? x.times.slice().sort((a, b) => a - b)[Math.floor(x.times.length / 2)] : x.said[0].t;
    const off = x.times.length > 0 ? distance(x, mid) : Infinity;
    const timing = clamp01(1 - off / (2 * Math.max(30000, x.toMs - x.fromMs)));
    const coverScore = Math.min(1, cover / p.fullCover);
    const score = coverScore * (0.3 + 0.7 * timing);
    evidence.push(
      ev(
        x.said[0],
        score >= 0.9,
        `脚本「${t.zh}」讲到${Math.round(cover * 100)}%，计划${clock(x.fromMs)}–${clock(x.toMs)}，实际约${clock(mid)}`,
        `Script ${t.en}: ${Math.round(cover * 100)} % said, planned ${clock(x.fromMs)}–${clock(x.toMs)}, said around ${clock(mid)}`,
        x.said[0].text.slice(0, 40),
      ),
    );
    if (coverScore < 1) problems.push({ zh: `「${t.zh}」只讲了${Math.round(cover * 100)}%`, en: `only ${Math.round(cover * 100)} % of the ${t.en} was said` });
    if (timing < 1) problems.push({ zh: `「${t.zh}」计划${clock(x.fromMs)}开始，实际约${clock(mid)}（差${secs(Math.abs(mid - x.fromMs))}秒）`, en: `the ${t.en} was planned for ${clock(x.fromMs)}, said around ${clock(mid)}` });
    return score;
  });
  // Order: parts said, by when they were first said, against the flow.
  const firsts = parts.map((x, i) => ({ i, t: x.said.length > 0 ? Math.min(...x.said.map((e) => e.t)) : undefined })).filter((x): x is { i: number; t: number } => x.t !== undefined);
  let inversions = 0;
  for (let a = 0; a < firsts.length; a++) for (let b = a + 1; b < firsts.length; b++) if (firsts[a].t > firsts[b].t) inversions++;
  const pairs = (firsts.length * (firsts.length - 1)) / 2;
  const orderFactor = pairs === 0 ? 1 : 1 - (0.5 * inversions) / pairs;
  if (inversions > 0) problems.unshift({ zh: '讲的顺序和脚本流程不一致', en: 'the parts were said out of the flow’s order' });
  // The console steps the flow needs.
  const product = item.id;
  const fab = rr.windows.find((w) => w.part.part === 'fab');
  const sale = rr.windows.filter((w) => w.part.part === 'price' || w.part.part === 'close');
  const steps: number[] = [];
  if (fab) {
    const explain = run.of('product.explain.start').find((e) => e.product === product && e.t >= rr.start.t - 30000 && e.t <= fab.toMs);
    steps.push(explain ? 1 : 0);
    if (explain) evidence.push(ev(explain, true, `讲卖点时开始讲解（${clock(explain.t)}）`, `Explaining started for the points (${clock(explain.t)})`));
    else {
      evidence.push(omission(run, fab.fromMs, fab.toMs, '讲卖点时没有点“开始讲解”', 'No "start explaining" during the selling points'));
      problems.push({ zh: '讲卖点时没有开始讲解商品', en: 'the product was not put on explain for the points' });
    }
  }
  if (sale.length > 0) {
    const from = Math.min(...sale.map((w) => w.fromMs));
    const to = Math.max(...sale.map((w) => w.toMs));
    const card = run.of('product.card.shown').find((e) => e.product === product && e.t <= to + p.toleranceSec * 1000 && !run.of('product.card.hidden').some((h) => h.product === product && h.t > e.t && h.t < from));
    steps.push(card ? 1 : 0);
    if (card) evidence.push(ev(card, true, `报价、促单时商品卡片在显示（${clock(card.t)}弹出）`, `The card was up for price and close (popped at ${clock(card.t)})`));
    else {
      evidence.push(omission(run, from, to, '报价、促单时没有弹出商品卡片', 'No product card for the price and close'));
      problems.push({ zh: '报价、促单时没有弹出商品卡片', en: 'no product card for the price and close' });
    }
  }
  return { rehearsed: 0.8 * mean(scores) * orderFactor + 0.2 * (steps.length === 0 ? 1 : mean(steps)), byPart: parts.map((x, i) => ({ part: x.part.part, score: scores[i] })), evidence, problems };
}

export const rehearsalFollow = defineCriterion({
  id: 'rehearsal-follow',
  title: { zh: '按自己的脚本预演：讲全、按序、按时', en: 'Rehearsing one’s own script: all of it, in order, on time' },
  observes: {
    zh: '预演开始（商品环节 segment.start）后学生说的每一句（host.say 按句切分）归入最相近的脚本部分（该句八成以上的字符对出自这一部分）；每部分讲到的比例（七成以上算讲全）乘以时间是否落在计划时段内（容差为20秒或该部分时长的四分之一），流程顺序颠倒扣分；讲卖点时开始讲解（product.explain.start）、报价到促单时商品卡片在显示（product.card.shown）。总分按脚本要素的得分折算（照读一份空洞的脚本不是好的预演）。',
    en: "After the rehearsal starts (the product segment's segment.start), each sentence the student says (host.say, split into sentences) goes to the script part it comes from (80 % of its character pairs in that part); each part's share said (70 % counts as all of it) times whether it fell in its planned window (a tolerance of 20 s or a quarter of the part), less for parts out of order; the product explained during the points (product.explain.start) and its card shown from price to close (product.card.shown). Scaled by the script's elements: faithfully reading a hollow script is not a good rehearsal.",
  },
  clauses: CLAUSES_REHEARSE,
  params: followParams,
  evaluate(run, p) {
    const r = rehearsalOf(run);
    // The task is a rehearsal: without one (no script, never started, nothing of it said) it is not done.
    const notDone = (reason: Bilingual, evidence: Evidence[]) => ({ applicable: true, fraction: 0, evidence, feedback: reason, gate: { failed: true, reason, evidence } });
    if (!r.script || !r.product) {
      const none = noScript(run);
      return notDone(none.feedback, none.evidence);
    }
    if (!r.start || r.windows.length === 0) {
      return notDone({ zh: '脚本提交了，但预演没有开始。', en: 'The script was submitted but the rehearsal never started.' }, [omission(run, r.script.t, run.endMs, '预演没有开始', 'The rehearsal never started')]);
    }
    const { rehearsed, byPart, evidence, problems } = followRun(run, r.runs[r.runs.length - 1], r.product, p);
    if (byPart.every((x) => x.score === 0)) return notDone({ zh: '预演中没有讲出脚本的任何一部分。', en: 'Nothing of the script was said in the rehearsal.' }, evidence);
    const substance = elementsFraction(run, r);
    if (substance < 0.99) problems.push({ zh: `按脚本要素得分（${Math.round(substance * 100)}%）折算`, en: `scaled by the script's elements (${Math.round(substance * 100)} %)` });
    return {
      applicable: true,
      fraction: rehearsed * (0.5 + 0.5 * substance),
      evidence,
      feedback: feedback(problems, { zh: '预演完整、按序、按时地讲完了自己的脚本。', en: 'The rehearsal ran the whole script, in order and on time.' }),
      gate: { failed: false, reason: { zh: '进行了预演。', en: 'The rehearsal was run.' }, evidence: [] },
    };
  },
});

// ---------------------------------------------------------------- 四级: the team script and the marketing flow

const SEAT_TITLES: Record<string, Bilingual> = {
  host: { zh: '主播', en: 'host' },
  assistant: { zh: '副播', en: 'assistant host' },
  controller: { zh: '中控', en: 'controller' },
  floor: { zh: '场控', en: 'floor manager' },
  ops: { zh: '运营', en: 'operations' },
  service: { zh: '客服', en: 'customer service' },
};
const seatTitle = (s: string): Bilingual => SEAT_TITLES[s] ?? { zh: s, en: s };
const STRUCTURE_TITLES: Record<string, Bilingual> = { minimal: { zh: '简化版', en: 'minimal' }, standard: { zh: '标配版', en: 'standard' }, full: { zh: '高配版', en: 'full' } };

/** The seats a structure has besides the host (none chosen: the standard team). */
function seatsOf(structure: string | undefined): readonly string[] {
  return TEAM_STRUCTURES[(structure ?? 'standard') as TeamStructure] ?? TEAM_STRUCTURES.standard;
}

export const teamScript = defineCriterion({
  id: 'team-script',
  title: { zh: '团队协作脚本：每个岗位在每一部分都有分工', en: 'A team script: every seat has its part in each part of the flow' },
  observes: {
    zh: '最后提交的脚本（script.submitted）：选定团队架构（未选按标配版：主播、副播、中控、场控）；架构中每个岗位至少有一句台词；每一部分除主播外至少有一个岗位的台词；计划了后台操作（cues）的部分有中控台词；不属于该架构的岗位写了台词、或台词照抄主播话术，都不算。',
    en: "The last script submitted (script.submitted): a team structure chosen (none: the standard team, host, assistant, controller and floor manager); every seat of the structure with at least one line; every part with a line for a seat besides the host; a controller line in every part that plans console steps (cues); lines for a seat outside the structure, or copies of the host's words, do not count.",
  },
  clauses: ['imkt-l4:2-1-1', 'imkt-l3:2-1-1'],
  params: z.strictObject({}),
  evaluate(run) {
    const r = rehearsalOf(run);
    if (!r.script) return noScript(run);
    const script = r.script;
    const seats = seatsOf(script.structure);
    const problems: Bilingual[] = [];
    const evidence: Evidence[] = [];
    const counts = (l: { seat: string; text: string }, host: string) => seats.includes(l.seat) && lineKey(l.text).length >= 4 && similar(l.text, host) < SAME_PART;
    const outside = new Set(script.parts.flatMap((x) => x.team.filter((l) => !seats.includes(l.seat)).map((l) => l.seat)));
    for (const seat of outside) problems.push({ zh: `${seatTitle(seat).zh}不在所选的团队架构里`, en: `the ${seatTitle(seat).en} is not in the chosen structure` });
    const seatScore = mean(
      seats.map((seat) => {
        const has = script.parts.some((x) => x.team.some((l) => l.seat === seat && counts(l, x.text)));
        if (!has) problems.push({ zh: `${seatTitle(seat).zh}没有台词`, en: `no lines for the ${seatTitle(seat).en}` });
        return has ? 1 : 0;
      }),
    );
    const written = script.parts.filter((x) => lineKey(x.text).length > 0);
    const partScore = mean(
      written.map((x) => {
        const team = x.team.some((l) => counts(l, x.text));
        const needsController = x.cues.length > 0;
        const controller = !needsController || x.team.some((l) => l.seat === 'controller' && counts(l, x.text));
        if (!team) problems.push({ zh: `「${title(x.part).zh}」只有主播一个人`, en: `the ${title(x.part).en} has the host alone` });
        else if (!controller) problems.push({ zh: `「${title(x.part).zh}」计划了后台操作，却没有中控台词`, en: `the ${title(x.part).en} plans console steps with no controller line` });
        return team ? 0.6 + (controller ? 0.4 : 0) : 0;
      }),
    );
    const lines = script.parts.reduce((n, x) => n + x.team.length, 0);
    evidence.push(
      ev(
        script,
        problems.length === 0,
        `团队架构：${(STRUCTURE_TITLES[script.structure ?? 'standard'] ?? STRUCTURE_TITLES.standard).zh}（${['host', ...seats].map((x) => seatTitle(x).zh).join('、')}）；团队台词${lines}句`,
        `Team structure: ${(STRUCTURE_TITLES[script.structure ?? 'standard'] ?? STRUCTURE_TITLES.standard).en} (${['host', ...seats].map((x) => seatTitle(x).en).join(', ')}); ${lines} team lines`,
      ),
    );
    const fraction = (0.5 * seatScore + 0.5 * partScore) * (outside.size > 0 ? 0.8 : 1) * (written.length / SCRIPT_PARTS.length);
    return { applicable: true, fraction, evidence, feedback: feedback(problems, { zh: '每个岗位都有分工，每一部分都是团队配合。', en: 'Every seat has its job and every part is teamwork.' }) };
  },
});

const PROMOTIONS: readonly string[] = ['issue_coupon', 'start_flash_sale', 'launch_lucky_bag', 'send_red_packet'];
const CUE_TITLES: Record<string, Bilingual> = {
  start_explaining: { zh: '开始讲解', en: 'start explaining' },
  show_card: { zh: '弹出商品卡', en: 'pop the card' },
  issue_coupon: { zh: '发放优惠券', en: 'issue a coupon' },
  start_flash_sale: { zh: '开启秒杀', en: 'start a flash sale' },
  launch_lucky_bag: { zh: '发福袋', en: 'launch a lucky bag' },
  send_red_packet: { zh: '发红包', en: 'send a red packet' },
  post_announcement: { zh: '发布公告', en: 'post a notice' },
  pin_comment: { zh: '置顶评论', en: 'pin a comment' },
};

/** The event that shows a planned cue was done, first in [from, to). */
function cueDone(run: RunIndex, cue: { action: string; product?: string; coupon?: string }, from: number, to: number): SimEvent | undefined {
  const inWindow = (e: SimEvent) => e.t >= from && e.t < to;
  switch (cue.action) {
    case 'start_explaining':
      return run.of('product.explain.start').find((e) => inWindow(e) && (!cue.product || e.product === cue.product));
    case 'show_card':
      return run.of('product.card.shown').find((e) => inWindow(e) && (!cue.product || e.product === cue.product));
    case 'issue_coupon':
      return run.of('coupon.issued').find((e) => inWindow(e) && (!cue.coupon || e.coupon === cue.coupon));
    case 'start_flash_sale':
      return run.of('flashsale.scheduled').find((e) => inWindow(e) && (!cue.product || e.product === cue.product));
    case 'launch_lucky_bag':
      return run.of('luckybag.launched').find(inWindow);
    case 'send_red_packet':
      return run.of('redpacket.sent').find(inWindow);
    case 'post_announcement':
      return run.of('room.announcement').find(inWindow);
    case 'pin_comment':
      return run.of('comment.pinned').find(inWindow);
  }
  return undefined;
}

export const marketingFlow = defineCriterion({
  id: 'marketing-flow',
  title: { zh: '制定并测试直播营销流程', en: 'The marketing flow planned and tested' },
  observes: {
    zh: '脚本各部分计划的后台操作（cues）：计划里有展示（开始讲解或弹卡）和至少一种促销（券、秒杀、福袋、红包），促销不放在开场；预演中每个计划的操作在它那一部分的时段内（容差20秒）真的做了（product.explain.start、product.card.shown、coupon.issued、flashsale.scheduled、luckybag.launched、redpacket.sent、room.announcement、comment.pinned）；证据里列出每个操作之后该部分时段内的点击和下单，作为评估流程的依据。',
    en: "The console steps planned in the script's parts (cues): the plan shows the product (explain or card) and has at least one promotion (coupon, flash sale, lucky bag, red packet), not in the opening; in the rehearsal each planned step was done within its part's window (20 s tolerance) (product.explain.start, product.card.shown, coupon.issued, flashsale.scheduled, luckybag.launched, redpacket.sent, room.announcement, comment.pinned); the evidence lists the clicks and orders in the part after each step, to evaluate the flow by.",
  },
  clauses: ['imkt-l4:2-1-2'],
  params: z.strictObject({ toleranceSec: z.number().min(0).default(20) }),
  evaluate(run, p) {
    const r = rehearsalOf(run);
    if (!r.script) return noScript(run);
    const planned = r.script.parts.flatMap((x) => x.cues.map((c) => ({ part: x.part, cue: c })));
    const problems: Bilingual[] = [];
    const evidence: Evidence[] = [];
    const shows = planned.some((x) => x.cue.action === 'start_explaining' || x.cue.action === 'show_card');
    const promo = planned.filter((x) => PROMOTIONS.includes(x.cue.action));
    const early = promo.filter((x) => x.part === 'opening');
    if (!shows) problems.push({ zh: '流程里没有计划展示商品（开始讲解或弹卡）', en: 'the flow plans no showing of the product (explain or card)' });
    if (promo.length === 0) problems.push({ zh: '流程里没有计划促销（券、秒杀、福袋或红包）', en: 'the flow plans no promotion (coupon, flash sale, lucky bag or red packet)' });
    if (early.length > 0) problems.push({ zh: '开场就促销：先讲清商品再促销', en: 'a promotion in the opening: present the product first' });
    const planScore = (shows ? 0.4 : 0) + (promo.length > 0 ? 0.4 : 0) + (promo.length > 0 && early.length === 0 ? 0.2 : 0);
    const last = r.runs[r.runs.length - 1];
    if (!last || r.windows.length === 0) {
      evidence.push(omission(run, r.script.t, run.endMs, '预演没有开始，营销流程没有测试', 'The rehearsal never started: the marketing flow was not tested'));
      return { applicable: true, fraction: 0.3 * planScore, evidence, feedback: feedback([{ zh: '预演没有开始，营销流程没有测试', en: 'the rehearsal never started, so the flow was not tested' }, ...problems], { zh: '', en: '' }) };
    }
    const tol = p.toleranceSec * 1000;
    const done = planned.map(({ part, cue }) => {
      const w = r.windows.find((x) => x.part.part === part)!;
      const e = cueDone(run, cue, w.fromMs - tol, w.toMs + tol);
      const name = CUE_TITLES[cue.action] ?? { zh: cue.action, en: cue.action };
      if (e) {
        const clicks = run.of('product.click').filter((c) => c.t >= e.t && c.t < w.toMs + tol).length;
        const orders = run.of('order.placed').filter((o) => o.t >= e.t && o.t < w.toMs + tol).length;
        evidence.push(ev(e, true, `「${title(part).zh}」计划${name.zh}：${clock(e.t)}完成；之后该部分内点击${clicks}次、下单${orders}单`, `${title(part).en}: ${name.en} planned, done at ${clock(e.t)}; then ${clicks} clicks and ${orders} orders in the part`));
        return 1;
      }
      evidence.push(omission(run, w.fromMs, w.toMs, `「${title(part).zh}」计划${name.zh}（${clock(w.fromMs)}–${clock(w.toMs)}），预演中没有做`, `${title(part).en}: ${name.en} planned (${clock(w.fromMs)}–${clock(w.toMs)}), not done in the rehearsal`));
      problems.push({ zh: `「${title(part).zh}」的${name.zh}没有按计划做`, en: `the ${title(part).en}'s ${name.en} was not done as planned` });
      return 0;
    });
    const tested = planned.length === 0 ? 0 : mean(done);
    return { applicable: true, fraction: 0.3 * planScore + 0.7 * tested, evidence, feedback: feedback(problems, { zh: '营销流程计划完整，预演中每一步都按时做了。', en: 'The marketing flow is complete and every step was done on time in the rehearsal.' }) };
  },
});

// ---------------------------------------------------------------- 三级: team roles, analysing the rehearsal, the second rehearsal

export const teamDivision = defineCriterion({
  id: 'team-division',
  title: { zh: '根据直播需求确定团队人员分工', en: 'Team roles set for what the live needs' },
  observes: {
    zh: '最后提交的脚本的团队架构（简化版／标配版／高配版）和分工（duties）：选了架构；主播和架构中每个岗位都写了分工（至少8个字，彼此不同）；场景需要时架构够用（有秒杀或两件以上商品时至少标配版）。',
    en: 'The team structure (minimal, standard, full) and duties in the last script submitted: a structure chosen; the host and every seat of it with a duty (at least 8 characters, each different); a structure big enough for the live (at least standard with a flash sale or two or more products).',
  },
  clauses: ['imkt-l3:2-1-1'],
  params: z.strictObject({}),
  evaluate(run) {
    const r = rehearsalOf(run);
    if (!r.script) return noScript(run);
    const script = r.script;
    const problems: Bilingual[] = [];
    if (!script.structure) problems.push({ zh: '没有选择团队架构', en: 'no team structure chosen' });
    const seats = ['host', ...seatsOf(script.structure)];
    const duties = seats.map((seat) => {
      const d = script.duties.find((x) => x.seat === seat);
      const ok = d !== undefined && lineKey(d.text).length >= THIN_CHARS && !script.duties.some((o) => o !== d && similar(o.text, d.text) >= SAME_PART);
      if (!ok) problems.push({ zh: `${seatTitle(seat).zh}没有写清分工`, en: `no clear duty for the ${seatTitle(seat).en}` });
      return ok ? 1 : 0;
    });
    const busy = run.scenario.products.length >= 2 || run.scenario.runOfShow.some((s) => s.flashSale);
    const fits = !busy || (script.structure !== undefined && script.structure !== 'minimal');
    if (!fits) problems.push({ zh: '这场有秒杀或多件商品，简化版团队忙不过来', en: 'a minimal team cannot keep up with a flash sale or several products' });
    const fraction = (script.structure ? 0.2 : 0) + 0.6 * mean(duties) + (fits ? 0.2 : 0);
    const chosen = STRUCTURE_TITLES[script.structure ?? ''] ?? { zh: '未选', en: 'none' };
    return {
      applicable: true,
      fraction,
      evidence: [ev(script, problems.length === 0, `团队架构：${chosen.zh}；分工：${script.duties.map((d) => `${seatTitle(d.seat).zh}：${d.text}`).join('；') || '无'}`, `Structure: ${chosen.en}; duties: ${script.duties.map((d) => `${seatTitle(d.seat).en}: ${d.text}`).join('; ') || 'none'}`)],
      feedback: feedback(problems, { zh: '团队架构合适，每个岗位的分工清楚。', en: 'A fitting structure, with every seat’s duty clear.' }),
    };
  },
});

/** Part titles as a student would write them in an analysis. */
const PART_WORDS: Record<ScriptPart, RegExp> = {
  opening: /开场|开头|欢迎|opening/i,
  fab: /卖点|FAB|讲解|介绍|特点|优势|selling|points/i,
  price: /价格|报价|优惠|促销|券|price|offer|coupon/i,
  close: /促单|下单|逼单|转化|close|order/i,
  ending: /结尾|收尾|下播|预告|ending/i,
};

export const rehearsalImprovement = defineCriterion({
  id: 'rehearsal-improvement',
  title: { zh: '分析预演、调整方案、二次预演有提高', en: 'The rehearsal analysed, the plan adjusted, the second rehearsal better' },
  observes: {
    zh: '两次预演之间提交的修改稿（script.submitted）：分析（analysis）点到第一次预演中最弱的部分（按 rehearsal-follow 的同一算法逐部分评出），修改稿改了这些部分的话术或时长；第二次预演按修改稿的吻合度不低于第一次（达到九成或比第一次高，满分）。',
    en: "The revised script submitted between the two rehearsals (script.submitted): its analysis names the weakest parts of the first rehearsal (scored part by part as rehearsal-follow does), the revision changes those parts' words or lengths; the second rehearsal follows the revised script at least as well as the first followed its own (full marks at 90 % or any gain).",
  },
  clauses: ['imkt-l3:2-1-2'],
  params: followParams.extend({ weakBelow: z.number().min(0).max(1).default(0.8) }),
  evaluate(run, p) {
    const r = rehearsalOf(run);
    if (!r.script || !r.product) return noScript(run);
    const [first, second] = r.runs;
    if (!first || !first.script) {
      const reason = { zh: '第一次预演没有开始，无从分析和调整。', en: 'The first rehearsal never started: nothing to analyse or adjust.' };
      const evidence = [omission(run, r.script.t, run.endMs, '第一次预演没有开始', 'The first rehearsal never started')];
      return { applicable: true, fraction: 0, evidence, feedback: reason, gate: { failed: true, reason, evidence } };
    }
    const one = followRun(run, first, r.product, p);
    // The weak parts of the first rehearsal: said less than fully, or off their time.
    const weak = new Set(one.byPart.filter((x) => x.score < p.weakBelow).map((x) => x.part));
    const revision = run.of('script.submitted').find((e) => e.t > first.start.t && (!second || e.t <= second.start.t));
    const problems: Bilingual[] = [];
    const evidence: Evidence[] = [];
    if (!revision) {
      problems.push({ zh: '两次预演之间没有提交修改稿', en: 'no revised script between the rehearsals' });
      evidence.push(omission(run, first.endMs, second ? second.start.t : run.endMs, '两次预演之间没有提交修改稿', 'No revised script between the two rehearsals'));
    }
    const analysis = revision?.analysis ?? '';
    const named = [...weak].filter((part) => PART_WORDS[part as ScriptPart]?.test(analysis));
    const analysed = weak.size === 0 ? (lineKey(analysis).length >= THIN_CHARS ? 1 : 0) : named.length / weak.size;
    if (revision && analysed < 1) problems.push({ zh: `分析没有点到第一次预演的薄弱部分（${[...weak].map((x) => title(x).zh).join('、')}）`, en: `the analysis misses the first rehearsal's weak parts (${[...weak].map((x) => title(x).en).join(', ')})` });
    const changed = [...weak].filter((part) => {
      const before = first.script!.parts.find((x) => x.part === part);
      const after = revision?.parts.find((x) => x.part === part);
      return !!before && !!after && (after.text !== before.text || after.sec !== before.sec);
    });
    const adjusted = !revision ? 0 : weak.size === 0 ? 1 : changed.length / weak.size;
    if (revision && adjusted < 1) problems.push({ zh: '修改稿没有改动薄弱的部分', en: 'the revision leaves the weak parts as they were' });
    if (revision) evidence.push(ev(revision, analysed >= 1 && adjusted >= 1, `修改稿：分析「${analysis.slice(0, 60)}」；改动了${changed.map((x) => title(x).zh).join('、') || '无'}`, `Revision: analysis "${analysis.slice(0, 60)}"; changed ${changed.map((x) => title(x).en).join(', ') || 'nothing'}`, analysis.slice(0, 40)));
    let better = 0;
    if (!second || !second.script) {
      problems.push({ zh: '没有进行二次预演', en: 'no second rehearsal' });
      evidence.push(omission(run, first.endMs, run.endMs, '没有进行二次预演', 'No second rehearsal'));
    } else {
      const two = followRun(run, second, r.product, p);
      better = two.rehearsed >= Math.max(0.9, one.rehearsed) || two.rehearsed > one.rehearsed + 0.05 ? 1 : clamp01(0.5 + (two.rehearsed - one.rehearsed) * 2);
      evidence.push(ev(second.start, better >= 1, `第一次预演吻合度${Math.round(one.rehearsed * 100)}%，第二次${Math.round(two.rehearsed * 100)}%`, `First rehearsal ${Math.round(one.rehearsed * 100)} % to its script, second ${Math.round(two.rehearsed * 100)} %`));
      if (better < 1) problems.push({ zh: '第二次预演没有比第一次更好', en: 'the second rehearsal was no better than the first' });
    }
    const secondDone = !!revision && !!second?.script;
    const gateReason = secondDone ? { zh: '提交了修改稿并进行了二次预演。', en: 'A revised script and a second rehearsal.' } : { zh: '二次预演是本任务的一部分：没有修改稿或没有第二次预演，任务没有完成。', en: 'The second rehearsal is part of the task: without a revised script and a second rehearsal it is not done.' };
    return {
      applicable: true,
      fraction: 0.3 * analysed + 0.3 * adjusted + 0.4 * better,
      evidence,
      feedback: feedback(problems, { zh: '分析到位，方案调整有针对性，二次预演更好。', en: 'A sharp analysis, targeted changes, and a better second rehearsal.' }),
      gate: { failed: !secondDone, reason: gateReason, evidence: secondDone ? [] : evidence.filter((e) => !e.good) },
    };
  },
});

/** One part of a finished rehearsal, as the script panel shows it between two rehearsals. */
export interface RehearsedPart {
  part: string;
  /** 0–1, as rehearsal-follow scores it (said in full × on time). */
  score: number;
}

/**
 * The parts of the last rehearsal that has ended (a writing segment started after it), scored as
 * rehearsal-follow scores them: what the student sees when analysing it. Null before any has ended.
 */
export function lastRehearsal(scenario: Scenario, log: readonly SimEvent[]): { parts: RehearsedPart[]; rehearsed: number } | null {
  const run = new RunIndex(scenario, log);
  const r = rehearsalOf(run);
  const writing = new Set(scenario.runOfShow.filter((s) => s.product === undefined).map((s) => s.id));
  const ended = r.runs.filter((x) => run.of('segment.start').some((e) => e.id > x.start.id && writing.has(e.segment)));
  const last = ended[ended.length - 1];
  if (!last || !last.script || !r.product) return null;
  const f = followRun(run, last, r.product, rehearsalFollow.params.parse({}));
  return { parts: f.byPart, rehearsed: f.rehearsed };
}
