/**
 * Following the plan (直播预演 / 控场): pace against the run of show, the planned products
 * listed and explained in their slots, and each product's single-product script delivered
 * in order (introduce → selling points → price → ask).
 */
import { z } from 'zod';
import type { SimEvent } from '../../engine';
import { clock, secs, type RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { NOT_APPLICABLE, clamp01, defineCriterion, ev, feedback, mean, omission } from './define';

/**
 * When a product was really presented, for feedback that never contradicts the product table:
 * its explanation episodes (讲解中), else the student's own words about it. Undefined if never.
 */
export function whenExplained(run: RunIndex, product: string): Bilingual | undefined {
  const eps = run.episodes.filter((e) => e.product === product);
  if (eps.length > 0) {
    const parts = eps.slice(0, 3).map((e) => `${clock(e.start)}–${clock(e.end)}`);
    const more = eps.length > 3 ? `…` : '';
    return { zh: parts.join('、') + more, en: parts.join(', ') + more };
  }
  const said = run.pitchEvents(product, 0, run.endMs);
  if (said.length > 0) return { zh: `讲话中（${clock(said[0].t)}–${clock(said[said.length - 1].t)}）`, en: `in speech (${clock(said[0].t)}–${clock(said[said.length - 1].t)})` };
  return undefined;
}

/** Time in [from, to) covered by the student's words about a product: each mention covers `holdSec` after it. */
function spokenCover(run: RunIndex, product: string, from: number, to: number, holdSec = 30): number {
  let covered = 0;
  let until = from;
  for (const e of run.pitchEvents(product, from - holdSec * 1000, to)) {
    const a = Math.max(e.t, until, from);
    const z = Math.min(e.t + holdSec * 1000, to);
    if (z > a) covered += z - a;
    until = Math.max(until, z);
  }
  return covered;
}

export const segmentPace = defineCriterion({
  id: 'segment-pace',
  title: { zh: '按脚本时间推进各环节', en: 'Each run-of-show segment on time' },
  observes: {
    zh: '脚本中每个商品段的计划开始时间（学生排定的顺序 plan.set，否则场景脚本 segment.start；各段计划时长依次累加）与实际开始讲解该商品（product.explain.start）之差不超过 ± 容差；提前下播（room.ended reason=host）算最后一段未完成。',
    en: "For each product segment, the gap between its planned start (in the student's own order when they set one, plan.set, else the scenario's, segment.start; planned lengths laid end to end) and when the product was actually explained (product.explain.start) within ± a tolerance; ending the stream early (room.ended, host) fails the last segment.",
  },
  clauses: ['1x-intermediate:2.2.1', 'imkt-l5:2-1-2', 'imkt-l4:2-1-2', 'imkt-l3:2-1-1'],
  params: z.strictObject({ toleranceSec: z.number().positive().default(20) }),
  evaluate(run, p) {
    if (run.blocks.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const tol = p.toleranceSec * 1000;
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    if (run.planEvent) {
      const titles = run.segments.map((x) => x.title);
      evidence.push(ev(run.planEvent, true, `按学生排定的脚本顺序计时：${titles.map((x) => x.zh).join(' → ')}`, `Timed against the student's own run of show: ${titles.map((x) => x.en).join(' → ')}`));
    }
    const scores = run.blocks.map((b) => {
      const name = { zh: run.productName(b.product, 'zh'), en: run.productName(b.product, 'en') };
      let best = 0;
      let bestEp: SimEvent | undefined;
      let bestD = 0;
      // What happened: explanations of the product (the 讲解中 marker, as the product table shows
      // them) begun near or in the stretch, whichever plan button was pressed.
      const starts: SimEvent[] = run.episodes.filter((e) => e.product === b.product && e.start < b.endMs && e.start >= b.startMs - 120000).map((e) => e.startEvent);
      for (const e of starts) {
        const d = e.t - b.startMs;
        const f = Math.abs(d) <= tol ? 1 : Math.max(0, 1 - (Math.abs(d) - tol) / (3 * tol));
        if (f > best || !bestEp) {
          best = f;
          bestEp = e;
          bestD = d;
        }
      }
      if (bestEp) {
        evidence.push(ev(bestEp, best === 1, `「${name.zh}」计划${clock(b.startMs)}开始，实际${clock(bestEp.t)}（${bestD >= 0 ? '晚' : '早'}${secs(Math.abs(bestD))}秒）`, `${name.en} planned at ${clock(b.startMs)}, began ${clock(bestEp.t)} (${secs(Math.abs(bestD))} s ${bestD >= 0 ? 'late' : 'early'})`));
        if (best < 1) problems.push({ zh: `「${name.zh}」比计划${bestD >= 0 ? '晚' : '早'}了${secs(Math.abs(bestD))}秒，按脚本时间切换商品`, en: `${name.en} began ${secs(Math.abs(bestD))} s ${bestD >= 0 ? 'late' : 'early'}; switch products on the planned time` });
      } else {
        const w = whenExplained(run, b.product);
        evidence.push(omission(run, b.startMs, b.endMs, `计划${clock(b.startMs)}讲解「${name.zh}」，这段时间没有讲${w ? `（实际讲解在${w.zh}）` : ''}`, `${name.en} was due at ${clock(b.startMs)} and was not presented then${w ? ` (it was presented ${w.en})` : ''}`));
        problems.push(w ? { zh: `「${name.zh}」没有按计划在${clock(b.startMs)}开始讲（实际在${w.zh}）`, en: `${name.en} did not start at its planned ${clock(b.startMs)} (it was presented ${w.en})` } : { zh: `计划的「${name.zh}」整场没有讲到`, en: `the planned ${name.en} was never presented` });
      }
      return best;
    });
    const ended = run.of('room.ended')[0];
    if (ended && ended.reason === 'host' && ended.t < run.durationMs - tol) {
      scores.push(0);
      evidence.push(ev(ended, false, `${clock(ended.t)} 提前下播，计划到${clock(run.durationMs)}`, `Ended at ${clock(ended.t)}, planned to run to ${clock(run.durationMs)}`));
      problems.unshift({ zh: '提前下播了，按计划播满全程', en: 'the stream ended early; run the full planned time' });
    }
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: `每个商品段都在计划时间±${p.toleranceSec}秒内开始`, en: `Every segment started within ±${p.toleranceSec} s of the plan` }),
      details: { segments: run.blocks.length },
    };
  },
});

export const planProducts = defineCriterion({
  id: 'plan-products',
  title: { zh: '按脚本上架并讲解每个商品', en: 'Each planned product listed and explained in its slot' },
  observes: {
    zh: '脚本中每个商品段：商品在段开始时已上架（product.listed），在本段大部分时间处于讲解中且在播（product.explain.start/stop，扣除断流时间），本段计划的秒杀按时开启（flashsale.scheduled）。',
    en: 'For each product segment: the product is listed by the time it starts (product.listed), is being explained on air for most of the segment (product.explain.start/stop, minus the time the stream was down), and the flash sale the segment plans is run in it (flashsale.scheduled).',
  },
  clauses: ['1x-primary:1.4.2', 'imkt-l5:2-1-2', 'imkt-l5:2-2-2', 'imkt-l4:2-1-2', 'imkt-l3:2-1-1', '1x-intermediate:2.1.4', 'platform-l5:2-1-3'],
  params: z.strictObject({
    listGraceSec: z.number().nonnegative().default(15),
    minShare: z.number().min(0).max(1).default(0.6),
    listWeight: z.number().min(0).max(1).default(0.2),
    activityWeight: z.number().min(0).max(1).default(0.3),
  }),
  evaluate(run, p) {
    if (run.blocks.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores = run.blocks.map((b) => {
      const name = { zh: run.productName(b.product, 'zh'), en: run.productName(b.product, 'en') };
      const listed = run.of('product.listed').find((x) => x.product === b.product && x.t <= b.startMs + p.listGraceSec * 1000);
      if (listed) evidence.push(ev(listed, true, `「${name.zh}」${listed.t === 0 ? '开播时已在购物车' : `${clock(listed.t)} 上架`}`, `${name.en} ${listed.t === 0 ? 'in the bag from the start' : `listed at ${clock(listed.t)}`}`));
      else {
        const late = run.of('product.listed').find((x) => x.product === b.product && x.t < b.endMs);
        if (late) evidence.push(ev(late, false, `「${name.zh}」${clock(late.t)}才上架，段开始是${clock(b.startMs)}`, `${name.en} listed only at ${clock(late.t)}; its segment began ${clock(b.startMs)}`));
        else evidence.push(omission(run, b.startMs, b.endMs, `「${name.zh}」本段（${clock(b.startMs)}–${clock(b.endMs)}）没有上架`, `${name.en} was never listed for its segment (${clock(b.startMs)}–${clock(b.endMs)})`));
        problems.push({ zh: `「${name.zh}」要在本段开始前上架（小黄车）`, en: `list ${name.en} before its segment starts` });
      }
      const len = b.endMs - b.startMs;
      let overlap = 0;
      let first: SimEvent | undefined;
      // Time on air only: explaining while the stream is down reaches nobody.
      const onAir = (a: number, z: number) => Math.max(0, z - a) - run.down.reduce((s, [x, y]) => s + Math.max(0, Math.min(y, z) - Math.max(x, a)), 0);
      for (const e of run.episodes) {
        if (e.product !== b.product) continue;
        const o = onAir(Math.max(e.start, b.startMs), Math.min(e.end, b.endMs));
        if (o > 0) {
          overlap += o;
          first ??= e.startEvent;
        }
      }
      // Presented in words without the 讲解 marker still counts: what happened, not which button.
      const spoken = Math.max(0, spokenCover(run, b.product, b.startMs, b.endMs) - run.down.reduce((s, [x, y]) => s + Math.max(0, Math.min(y, b.endMs) - Math.max(x, b.startMs)), 0));
      if (spoken > overlap) {
        overlap = spoken;
        first ??= run.pitchEvents(b.product, b.startMs, b.endMs)[0];
      }
      const share = len > 0 ? overlap / len : 0;
      const exp = clamp01(share / p.minShare);
      if (first) evidence.push(ev(first, exp === 1, `本段在播讲解「${name.zh}」${secs(overlap)}秒（计划${secs(len)}秒）`, `${name.en} presented on air for ${secs(overlap)} s of its ${secs(len)} s segment`));
      else {
        const w = whenExplained(run, b.product);
        evidence.push(omission(run, b.startMs, b.endMs, `「${name.zh}」在计划时段（${clock(b.startMs)}–${clock(b.endMs)}）没有讲解${w ? `（实际讲解在${w.zh}）` : ''}`, `${name.en} was not presented in its planned slot (${clock(b.startMs)}–${clock(b.endMs)})${w ? `; it was presented ${w.en}` : ''}`));
        problems.unshift(w ? { zh: `「${name.zh}」没有在计划时段讲，实际在${w.zh}`, en: `${name.en} was presented ${w.en}, not in its planned slot` } : { zh: `「${name.zh}」整场没有讲到`, en: `${name.en} was never presented` });
      }
      if (first && exp < 1) problems.push({ zh: `「${name.zh}」只讲了计划时间的${Math.round(share * 100)}%`, en: `${name.en} was explained for only ${Math.round(share * 100)}% of its slot` });
      // The segment's planned activity (a flash sale), run during it.
      const planned = b.segments.filter((s) => s.flashSale);
      if (planned.length === 0) return p.listWeight * (listed ? 1 : 0) + (1 - p.listWeight) * exp;
      const ran = run.of('flashsale.scheduled').find((f) => f.product === b.product && f.t >= b.startMs - 30000 && f.t < b.endMs);
      if (ran) evidence.push(ev(ran, true, `按计划在本段开启「${name.zh}」秒杀`, `Ran the planned flash sale of ${name.en} in its segment`));
      else {
        evidence.push(omission(run, b.startMs, b.endMs, `本段（${clock(b.startMs)}–${clock(b.endMs)}）计划的「${name.zh}」秒杀没有开启`, `The flash sale planned for ${name.en} did not run in its segment (${clock(b.startMs)}–${clock(b.endMs)})`));
        problems.unshift({ zh: `脚本计划的「${name.zh}」秒杀没有执行`, en: `the flash sale the plan sets for ${name.en} was skipped` });
      }
      const rest = 1 - p.listWeight - p.activityWeight;
      return p.listWeight * (listed ? 1 : 0) + rest * exp + p.activityWeight * (ran ? 1 : 0);
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '每个商品都按计划上架并讲解', en: 'Every product was listed and explained as planned' }),
      details: { segments: run.blocks.length },
    };
  },
});

/** Buy CTAs attributed to a product (named in the utterance or being explained). */
function asks(run: RunIndex, product: string, from: number, to: number): SimEvent[] {
  return run.of('speech.cta').filter((c) => c.kind === 'buy' && c.t >= from && c.t < to && c.refs && run.productsOf(c.refs[0], c.t).includes(product));
}

export const productScriptFlow = defineCriterion({
  id: 'product-script-flow',
  title: { zh: '单品讲解流程完整有序', en: 'Single-product script delivered in order' },
  observes: {
    zh: '每个商品段依次出现：介绍商品（product.explain.start 或 speech.product）→ 卖点（speech.points）→ 报价（speech.price 正确）→ 引导下单（speech.cta buy）。',
    en: 'In each product segment, in order: the product introduced (product.explain.start or speech.product) → selling points (speech.points) → the price (a correct speech.price) → the ask (speech.cta, buy).',
  },
  // 五级 2-1-1 (writing and rehearsing the script) is the rehearsal task's: a selling rubric does not cover it.
  clauses: ['imkt-l5:2-1-1', 'imkt-l5:2-2-1', 'imkt-l4:2-2-1', '1x-intermediate:2.1.3', '1x-advanced:2.4.2', '1x-advanced:2.4.3'],
  params: z.strictObject({ orderWeight: z.number().min(0).max(1).default(0.3) }),
  evaluate(run, p) {
    if (run.blocks.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores = run.blocks.map((b) => {
      const name = { zh: run.productName(b.product, 'zh'), en: run.productName(b.product, 'en') };
      const from = b.startMs - 30000;
      const inBlock = (e: SimEvent) => e.t >= from && e.t < b.endMs;
      const steps: { zh: string; en: string; events: SimEvent[] }[] = [
        { zh: '介绍商品', en: 'introduce it', events: [...run.episodes.filter((e) => e.product === b.product).map((e) => e.startEvent), ...run.of('speech.product').filter((e) => e.product === b.product)].filter(inBlock).sort((x, y) => x.t - y.t) },
        { zh: '讲卖点', en: 'selling points', events: run.of('speech.points').filter((e) => e.product === b.product && inBlock(e) && run.pointsOf(e).length > 0) },
        { zh: '报价', en: 'the price', events: run.of('speech.price').filter((e) => e.product === b.product && e.ok && inBlock(e)) },
        { zh: '引导下单', en: 'the ask', events: asks(run, b.product, from, b.endMs) },
      ];
      // The selling-point step counts by the share of the product's points delivered in this stretch.
      const prod = run.scenario.products.find((x) => x.id === b.product);
      const total = prod?.sellingPoints.length ?? 0;
      const covered = new Set(steps[1].events.flatMap((e) => (e.type === 'speech.points' ? run.pointsOf(e) : []))).size;
      const pointShare = total > 0 ? Math.min(1, covered / total) : steps[1].events.length > 0 ? 1 : 0;
      // The selling points are the body of a single-product script; intro, price and ask are a line each.
      const stepWeight = [0.15, 0.45, 0.2, 0.2];
      const present = steps.reduce((sum, s, k) => sum + stepWeight[k] * (k === 1 ? pointShare : s.events.length > 0 ? 1 : 0), 0);
      if (pointShare < 1 && pointShare > 0) evidence.push(omission(run, b.startMs, b.endMs, `「${name.zh}」本段只讲了${covered}/${total}个卖点`, `only ${covered}/${total} selling points of ${name.en} in this stretch`));
      if (pointShare < 1 && pointShare > 0) problems.push({ zh: `「${name.zh}」本段只讲了${covered}/${total}个卖点，单品脚本的卖点部分要讲全`, en: `only ${covered}/${total} selling points of ${name.en} in this stretch; deliver the script's whole selling-point part` });
      // In order: some introduce ≤ some point ≤ some price ≤ some ask.
      let t = -Infinity;
      let chain: SimEvent[] = [];
      for (const s of steps) {
        const e = s.events.find((x) => x.t >= t);
        if (!e) {
          chain = [];
          break;
        }
        chain.push(e);
        t = e.t;
      }
      const ordered = chain.length === steps.length;
      const missing = steps.filter((s) => s.events.length === 0);
      if (ordered) {
        const last = chain[chain.length - 1];
        evidence.push(ev(chain[0], true, `「${name.zh}」按“介绍→卖点→报价→促单”的顺序讲完`, `${name.en}: introduced, points, price, ask, in that order`));
        evidence.push(ev(last, true, '最后引导下单', 'ended with the ask', last.type === 'speech.cta' ? last.match : undefined));
      } else {
        const anchor = steps.find((s) => s.events.length > 0)?.events[0];
        if (!anchor) evidence.push(omission(run, b.startMs, b.endMs, `「${name.zh}」环节（${clock(b.startMs)}–${clock(b.endMs)}）没有单品讲解`, `no pitch of ${name.en} in its stretch (${clock(b.startMs)}–${clock(b.endMs)})`));
        else evidence.push(ev(anchor, false, missing.length > 0 ? `「${name.zh}」缺少：${missing.map((s) => s.zh).join('、')}` : `「${name.zh}」讲解顺序乱了`, missing.length > 0 ? `${name.en} lacked: ${missing.map((s) => s.en).join(', ')}` : `${name.en}: steps out of order`));
        problems.push(
          missing.length > 0
            ? { zh: `「${name.zh}」缺少${missing.map((s) => s.zh).join('、')}，单品讲解要有介绍、卖点、报价、促单`, en: `${name.en} lacked ${missing.map((s) => s.en).join(', ')}; a product pitch needs intro, points, price and ask` }
            : { zh: `「${name.zh}」先讲卖点再报价、最后促单`, en: `for ${name.en}, give the points before the price and ask last` },
        );
      }
      return (1 - p.orderWeight) * present + p.orderWeight * (ordered ? 1 : 0);
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '每个商品都按“介绍→卖点→报价→促单”讲完', en: 'Every product went intro → points → price → ask' }),
      details: { segments: run.blocks.length },
    };
  },
});
