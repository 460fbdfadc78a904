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
import { coveredPoints, detectCtas, factSheetOf, isGreeting, lineKey, lintScript, mentionedProducts, sentencesOf, statedPrices, SCRIPT_PARTS, type Product, type ScriptPart, type SimEvent } from '../../engine';
import { clock, secs, type RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { clamp01, defineCriterion, ev, feedback, mean, omission } from './define';

const CLAUSES_SCRIPT = ['imkt-l5:2-1-1'];
const CLAUSES_REHEARSE = ['imkt-l5:2-1-2'];

export const PART_TITLES: Record<ScriptPart, Bilingual> = {
  opening: { zh: '开场', en: 'opening' },
  fab: { zh: 'FAB卖点', en: 'FAB selling points' },
  price: { zh: '价格与促销', en: 'price and offer' },
  close: { zh: '促单', en: 'close' },
  ending: { zh: '结尾', en: 'ending' },
};

type ScriptEvent = SimEvent<'script.submitted'>;
type Part = ScriptEvent['parts'][number];

/** What the log says about the rehearsal: the script, when the rehearsal began, its product, each part's planned window. */
interface Rehearsal {
  script?: ScriptEvent;
  start?: SimEvent<'segment.start'>;
  product?: Product;
  /** The rehearsal segment's planned length (ms). */
  slotMs: number;
  windows: { part: Part; fromMs: number; toMs: number }[];
}

function rehearsalOf(run: RunIndex): Rehearsal {
  const start = run.of('segment.start').find((e) => e.product !== undefined);
  const scripts = run.of('script.submitted').filter((e) => !start || e.t <= start.t);
  const script = scripts[scripts.length - 1];
  const seg = run.scenario.runOfShow.find((s) => s.product !== undefined);
  const productId = start?.product ?? seg?.product;
  const product = run.scenario.products.find((p) => p.id === productId);
  const windows: Rehearsal['windows'] = [];
  if (script && start) {
    let at = start.t;
    for (const part of script.parts) {
      windows.push({ part, fromMs: at, toMs: at + part.sec * 1000 });
      at += part.sec * 1000;
    }
  }
  return { script, start, product, slotMs: Math.round((seg?.duration ?? 0) * 1000), windows };
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

export const rehearsalFollow = defineCriterion({
  id: 'rehearsal-follow',
  title: { zh: '按自己的脚本预演：讲全、按序、按时', en: 'Rehearsing one’s own script: all of it, in order, on time' },
  observes: {
    zh: '预演开始（商品环节 segment.start）后学生说的每一句（host.say 按句切分）归入最相近的脚本部分（该句八成以上的字符对出自这一部分）；每部分讲到的比例（七成以上算讲全）乘以时间是否落在计划时段内（容差为20秒或该部分时长的四分之一），流程顺序颠倒扣分；讲卖点时开始讲解（product.explain.start）、报价到促单时商品卡片在显示（product.card.shown）。总分按脚本要素的得分折算（照读一份空洞的脚本不是好的预演）。',
    en: "After the rehearsal starts (the product segment's segment.start), each sentence the student says (host.say, split into sentences) goes to the script part it comes from (80 % of its character pairs in that part); each part's share said (70 % counts as all of it) times whether it fell in its planned window (a tolerance of 20 s or a quarter of the part), less for parts out of order; the product explained during the points (product.explain.start) and its card shown from price to close (product.card.shown). Scaled by the script's elements: faithfully reading a hollow script is not a good rehearsal.",
  },
  clauses: CLAUSES_REHEARSE,
  params: z.strictObject({ match: z.number().min(0).max(1).default(0.8), fullCover: z.number().min(0).max(1).default(0.7), toleranceSec: z.number().min(0).default(20) }),
  evaluate(run, p) {
    const r = rehearsalOf(run);
    if (!r.script || !r.product) return noScript(run);
    if (!r.start || r.windows.length === 0) {
      return { applicable: true, fraction: 0, evidence: [omission(run, r.script.t, run.endMs, '预演没有开始', 'The rehearsal never started')], feedback: { zh: '脚本提交了，但预演没有开始。', en: 'The script was submitted but the rehearsal never started.' } };
    }
    const parts = r.windows.map((w) => ({ ...w, grams: bigrams(lineKey(w.part.text)), covered: new Map<string, number>(), said: [] as SimEvent<'host.say'>[], times: [] as number[] }));
    type Slot = (typeof parts)[number];
    const tolOf = (x: Slot) => Math.max(p.toleranceSec * 1000, (x.toMs - x.fromMs) / 4);
    const distance = (x: Slot, t: number) => Math.max(0, x.fromMs - tolOf(x) - t, t - x.toMs - tolOf(x));
    for (const say of run.of('host.say')) {
      if (say.t < r.start.t || say.source === 'script') continue;
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
    const product = r.product.id;
    const fab = r.windows.find((w) => w.part.part === 'fab');
    const sale = r.windows.filter((w) => w.part.part === 'price' || w.part.part === 'close');
    const steps: number[] = [];
    if (fab) {
      const explain = run.of('product.explain.start').find((e) => e.product === product && e.t >= r.start!.t - 30000 && e.t <= fab.toMs);
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
    const rehearsed = 0.8 * mean(scores) * orderFactor + 0.2 * (steps.length === 0 ? 1 : mean(steps));
    const substance = elementsFraction(run, r);
    if (substance < 0.99) problems.push({ zh: `按脚本要素得分（${Math.round(substance * 100)}%）折算`, en: `scaled by the script's elements (${Math.round(substance * 100)} %)` });
    return {
      applicable: true,
      fraction: rehearsed * (0.5 + 0.5 * substance),
      evidence,
      feedback: feedback(problems, { zh: '预演完整、按序、按时地讲完了自己的脚本。', en: 'The rehearsal ran the whole script, in order and on time.' }),
    };
  },
});
