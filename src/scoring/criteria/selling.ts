/**
 * Selling: FAB before the ask, prices stated truthfully, urgency only from real scarcity,
 * coupons and other promotions, and the outcomes against the scenario's targets.
 */
import { z } from 'zod';
import type { SimEvent } from '../../engine';
import { clock, secs, type RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { NOT_APPLICABLE, clamp01, defineCriterion, ev, feedback, mean, omission, plural } from './define';
import { logMetrics } from '../metrics';

const KIND_ZH = { feature: '特征F', advantage: '优势A', benefit: '利益B' } as const;

/** Buy CTAs attributed to a product: the utterance names it, or it was being explained then. */
function asksFor(run: RunIndex, product: string): SimEvent<'speech.cta'>[] {
  return run.of('speech.cta').filter((c) => c.kind === 'buy' && c.refs && run.productsOf(c.refs[0], c.t).includes(product));
}

export const fabThenAsk = defineCriterion({
  id: 'fab-then-ask',
  title: { zh: '先讲卖点（FAB），再引导下单', en: 'Selling points (FAB) first, then ask for the order' },
  observes: {
    zh: '脚本中每个商品：讲到的卖点占比（speech.points）、特征/优势/利益三类是否都讲到，以及讲完大部分卖点之后是否明确引导下单（speech.cta 下单类）。',
    en: 'For each product of the plan: the share of its selling points covered (speech.points), whether features, advantages and benefits were all covered, and whether the host asked for the order (speech.cta, buy) after covering most of them.',
  },
  clauses: ['imkt-l5:2-2-1', 'imkt-l5:2-2-3', 'imkt-l4:2-2-1', '1x-intermediate:2.1.3', '1x-intermediate:2.1.5', '1x-advanced:2.4.1', '1x-advanced:2.4.2', '1x-advanced:2.4.3'],
  params: z.strictObject({
    askShare: z.number().min(0).max(1).default(1),
    coverageWeight: z.number().min(0).max(1).default(0.5),
    kindsWeight: z.number().min(0).max(1).default(0.15),
  }),
  evaluate(run, p) {
    const products = run.plannedProducts();
    if (products.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const askWeight = Math.max(0, 1 - p.coverageWeight - p.kindsWeight);
    const missingAll: { product: string; text: string; kw: string }[] = [];
    const earlyAsk: string[] = [];
    const noAsk: { zh: string; en: string }[] = [];
    const kindGaps: Bilingual[] = [];
    const scores = products.map((pid) => {
      const prod = run.scenario.products.find((x) => x.id === pid)!;
      const nameZh = prod.name.zh;
      const total = prod.sellingPoints.length;
      const pts = run.of('speech.points').filter((e) => e.product === pid && run.pointsOf(e).length > 0);
      const coveredAt = (t: number) => new Set(pts.filter((e) => e.t <= t).flatMap((e) => run.pointsOf(e))).size;
      const covered = new Set(pts.flatMap((e) => run.pointsOf(e)));
      const kinds = new Set(prod.sellingPoints.map((s) => s.kind));
      const kindsCovered = new Set(prod.sellingPoints.filter((s) => covered.has(s.id)).map((s) => s.kind));
      const c = total > 0 ? covered.size / total : 1;
      const asks = asksFor(run, pid);
      let askScore = 0;
      let bestAsk: SimEvent<'speech.cta'> | undefined;
      for (const a of asks) {
        const s = clamp01(total > 0 ? coveredAt(a.t) / Math.max(1, p.askShare * total) : 1);
        if (s > askScore) {
          askScore = s;
          bestAsk = a;
        }
      }
      if (!bestAsk && asks.length > 0) bestAsk = asks[0];
      const firstOf = new Map<string, SimEvent<'speech.points'>>();
      for (const e of pts) for (const id of run.pointsOf(e)) if (!firstOf.has(id)) firstOf.set(id, e);
      for (const [id, e] of [...firstOf].slice(0, 6)) {
        const kw = e.matches[e.points.indexOf(id)] ?? e.matches[0];
        evidence.push(ev(e, true, `讲到「${nameZh}」卖点：${kw}`, `Covered a selling point of ${prod.name.en}: ${kw}`, kw));
      }
      const missing = prod.sellingPoints.filter((s) => !covered.has(s.id));
      const block = run.blocks.find((b) => b.product === pid);
      if (missing.length > 0) {
        evidence.push(omission(run, block?.startMs ?? 0, block?.endMs ?? run.endMs, `「${nameZh}」没讲到的卖点：${missing.map((s) => s.text).join('；')}`, `Selling points of ${prod.name.en} never covered: ${missing.map((s) => s.keywords[0]).join(', ')}`));
        for (const m of missing) missingAll.push({ product: nameZh, text: m.text, kw: m.keywords[0] });
      }
      const missingKinds = [...kinds].filter((k) => !kindsCovered.has(k));
      if (missingKinds.length > 0 && covered.size > 0) {
        kindGaps.push({ zh: `「${nameZh}」缺少${missingKinds.map((k) => KIND_ZH[k]).join('、')}类卖点`, en: `${prod.name.en} lacked ${missingKinds.join(', ')} points` });
      }
      if (bestAsk) {
        evidence.push(ev(bestAsk, askScore >= 1, askScore >= 1 ? `讲完卖点后引导下单` : `引导下单时卖点只讲了${coveredAt(bestAsk.t)}/${total}个`, askScore >= 1 ? 'Asked for the order after the selling points' : `Asked for the order with only ${coveredAt(bestAsk.t)}/${total} points covered`, bestAsk.match));
        if (askScore < 1) earlyAsk.push(nameZh);
      } else {
        evidence.push(omission(run, block?.startMs ?? 0, block?.endMs ?? run.endMs, `讲「${nameZh}」时没有引导下单（如“喜欢的直接拍下”）`, `Never asked viewers to order ${prod.name.en} (e.g. "拍下")`));
        noAsk.push({ zh: nameZh, en: prod.name.en });
      }
      const kindShare = kinds.size > 0 ? kindsCovered.size / kinds.size : 1;
      return p.coverageWeight * c + p.kindsWeight * kindShare + askWeight * askScore;
    });
    if (noAsk.length > 0) problems.push({ zh: `讲完${noAsk.map((x) => `「${x.zh}」`).join('')}没有引导下单，要明确说出“几号链接，直接拍”`, en: `no ask to order ${noAsk.map((x) => x.en).join(', ')}: say which link to buy, and to buy now` });
    if (missingAll.length > 0) problems.push({ zh: `有${missingAll.length}个卖点没讲到（如「${missingAll[0].product}」的「${missingAll[0].text}」），开播前把每个商品的FAB卖点列全`, en: `${plural(missingAll.length, 'selling point')} never covered (e.g. "${missingAll[0].kw}"); list every product's FAB points before going live` });
    if (earlyAsk.length > 0) problems.push({ zh: `${earlyAsk.map((x) => `「${x}」`).join('')}卖点还没讲完就催单，先讲透卖点再引导下单`, en: `the ask came before all points were covered for ${plural(earlyAsk.length, 'product')}; explain first, then ask` });
    if (kindGaps.length > 0) problems.push({ zh: `${kindGaps.map((k) => k.zh).join('，')}：特征、优势、利益要讲全`, en: `${kindGaps.map((k) => k.en).join('; ')}: cover features, advantages and benefits` });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '每个商品都讲全了FAB卖点并在之后引导下单，保持', en: 'Every product got its FAB points and then a clear ask; keep it up' }),
      details: { products: products.length },
    };
  },
});

export const pricesTruthful = defineCriterion({
  id: 'prices-stated-truthfully',
  title: { zh: '报价与库存说法属实（诚实守信）', en: 'Prices and stock stated truthfully' },
  observes: {
    zh: '每个商品至少报对一次价格（speech.price 与后台价格、券后价或计划秒杀价一致）；每次报错价、虚构原价或夸大库存（speech.price ok=false、speech.stock overstated）都扣分；少报库存制造稀缺由 real-urgency 判定。',
    en: 'Each product has its price stated correctly at least once (speech.price matching the live, coupon or planned flash price); each wrong price, false original price or overstated stock (speech.price not ok, speech.stock overstated) costs points; understated stock (false scarcity) is judged by real-urgency.',
  },
  clauses: ['imkt-l5:1-3-2', '1x-intermediate:2.1.6', 'imkt-l4:2-2-2'],
  params: z.strictObject({ wrongPenalty: z.number().min(0).max(1).default(0.25) }),
  evaluate(run, p) {
    const products = run.plannedProducts();
    if (products.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const prices = run.of('speech.price');
    const stated = products.map((pid) => {
      const ok = prices.find((x) => x.product === pid && x.ok);
      const name = { zh: run.productName(pid, 'zh'), en: run.productName(pid, 'en') };
      if (ok) evidence.push(ev(ok, true, `报对「${name.zh}」的价格：${(ok.stated / 100).toFixed(2)}元`, `Stated the right price of ${name.en}: ${(ok.stated / 100).toFixed(2)}`, ok.match));
      else {
        const b = run.blocks.find((x) => x.product === pid);
        evidence.push(omission(run, b?.startMs ?? 0, b?.endMs ?? run.endMs, `整场没有报对「${name.zh}」的价格`, `the price of ${name.en} was never stated correctly`));
        problems.push({ zh: `没有报出「${name.zh}」的到手价，讲完卖点要说清价格`, en: `the price of ${name.en} was never stated; say the final price after the points` });
      }
      return ok ? 1 : 0;
    });
    let wrong = 0;
    for (const x of prices.filter((e) => !e.ok && !run.numberInName(e))) {
      wrong++;
      evidence.push(ev(x, false, x.anchor ? `虚构原价：说的原价${(x.stated / 100).toFixed(2)}元高于真实划线价` : `报价${(x.stated / 100).toFixed(2)}元与后台价格不符`, x.anchor ? `False original price ${(x.stated / 100).toFixed(2)}, above the real list price` : `Stated ${(x.stated / 100).toFixed(2)}, which matches no configured price`, x.match));
    }
    // Claiming more stock than there is; claiming less (false scarcity) is judged by real-urgency.
    for (const x of run.of('speech.stock').filter((e) => e.verdict === 'overstated' && !run.numberInName(e))) {
      wrong++;
      evidence.push(ev(x, false, `说库存${x.stated}件，实际${x.actual}件`, `Claimed ${x.stated} left; ${x.actual} actually in stock`, x.match));
    }
    if (wrong > 0) problems.unshift({ zh: `${wrong}处报价或库存说法与后台不符，开口前先看后台`, en: `${plural(wrong, 'price or stock statement')} did not match the console; check it before you say a number` });
    return {
      applicable: true,
      fraction: clamp01(mean(stated) - p.wrongPenalty * wrong),
      evidence,
      feedback: feedback(problems, { zh: '每个商品都报对了价格，没有不实说法', en: 'Every price was stated and all were true' }),
      details: { products: products.length, wrong },
    };
  },
});

export const realUrgency = defineCriterion({
  id: 'real-urgency',
  title: { zh: '只用真实的稀缺制造紧迫感', en: 'Urgency only from real scarcity' },
  observes: {
    zh: '计划的秒杀开抢前和进行中有促单（flashsale.* 与 speech.cta）；真实的库存说法（speech.stock 属实）算作真实紧迫感；每次虚假稀缺（speech.stock false_scarcity、虚假紧迫类违规）扣分。',
    en: 'Planned flash sales announced during their countdown and run (flashsale.* with speech.cta); true stock statements count as real urgency; each false scarcity claim (speech.stock false_scarcity, false-urgency findings) costs points.',
  },
  clauses: ['1x-intermediate:3.2.4', 'imkt-l5:2-2-3'],
  params: z.strictObject({ falsePenalty: z.number().min(0).max(1).default(0.34) }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const planned = run.segments.filter((s) => s.flashSale && s.product && s.startMs < run.durationMs);
    const positives: number[] = [];
    for (const seg of planned) {
      const name = { zh: run.productName(seg.product!, 'zh'), en: run.productName(seg.product!, 'en') };
      const sched = run.of('flashsale.scheduled').filter((f) => f.product === seg.product && f.t >= seg.startMs - 60000 && f.t < seg.endMs);
      let s = 0;
      for (const f of sched) {
        const end = run.of('flashsale.ended').find((x) => x.product === f.product && x.t >= f.t)?.t ?? f.endsMs;
        const calls = run.of('speech.cta').filter((c) => (c.kind === 'buy' || c.kind === 'coupon') && c.t >= f.t && c.t <= end);
        const v = calls.length > 0 ? 1 : 0.5;
        if (v > s) {
          s = v;
          evidence.push(ev(f, true, `按计划开启「${name.zh}」秒杀，限量${f.quantity}`, `Flash sale of ${name.en} run as planned, ${f.quantity} units`));
          if (calls[0]) evidence.push(ev(calls[0], true, '秒杀期间促单', 'Called viewers to buy during the flash sale', calls[0].match));
        }
      }
      if (s === 0) {
        const off = run.of('flashsale.scheduled').find((f) => f.product === seg.product);
        evidence.push(
          off
            ? ev(off, false, `「${name.zh}」秒杀${clock(off.t)}开启，不在计划的「${seg.title.zh}」环节（${clock(seg.startMs)}–${clock(seg.endMs)}）`, `The ${name.en} flash sale ran at ${clock(off.t)}, outside its planned segment "${seg.title.en}" (${clock(seg.startMs)}–${clock(seg.endMs)})`)
            : omission(run, seg.startMs, seg.endMs, `计划的「${name.zh}」秒杀（${clock(seg.startMs)}–${clock(seg.endMs)}）没有开启`, `The planned flash sale of ${name.en} (${clock(seg.startMs)}–${clock(seg.endMs)}) never ran`),
        );
        problems.push({ zh: `没有按计划开启「${name.zh}」秒杀：限时限量的秒杀才是真实的紧迫感`, en: `the planned flash sale of ${name.en} never ran: a timed, limited sale is real urgency` });
      } else if (s < 1) {
        const f = sched[0];
        evidence.push(omission(run, f.t, run.of('flashsale.ended').find((x) => x.product === f.product && x.t >= f.t)?.t ?? f.endsMs, `「${name.zh}」秒杀期间没有倒数促单`, `no call to buy during the ${name.en} flash sale`));
        problems.push({ zh: `「${name.zh}」秒杀期间没有倒数促单`, en: `nobody was urged to buy during the ${name.en} flash sale` });
      }
      positives.push(s);
    }
    const trueStock = run.of('speech.stock').filter((x) => x.verdict === 'true');
    for (const x of trueStock.slice(0, 3)) evidence.push(ev(x, true, `真实库存提醒：还剩${x.stated}件`, `True stock reminder: ${x.stated} left`, x.match));
    const falseClaims: SimEvent[] = [
      ...run.of('speech.stock').filter((x) => x.verdict === 'false_scarcity' && !run.numberInName(x)),
      ...run.of('speech.violation').filter((x) => x.category === 'false_scarcity' && x.ruleId !== 'engine-false-scarcity'),
    ];
    for (const x of falseClaims) {
      evidence.push(
        x.type === 'speech.stock'
          ? ev(x, false, `虚假稀缺：说还剩${x.stated}件，实际${x.actual}件`, `False scarcity: claimed ${x.stated} left, ${x.actual} in stock`, x.match)
          : ev(x, false, '虚假紧迫用语', 'False-urgency wording', x.type === 'speech.violation' ? x.text : undefined),
      );
    }
    if (falseClaims.length > 0) problems.unshift({ zh: `${falseClaims.length}次虚假稀缺（如“最后3件”），只能说真实的库存和限时活动`, en: `${plural(falseClaims.length, 'false scarcity claim')} (such as "last 3"); only real stock and real time limits may create urgency` });
    if (positives.length === 0 && trueStock.length === 0 && falseClaims.length === 0) {
      return NOT_APPLICABLE('本场没有计划秒杀，也没有任何紧迫感说法。', 'No planned flash sale and no urgency claims in this run.');
    }
    const base = positives.length > 0 ? mean(positives) : trueStock.length > 0 ? 1 : 0;
    return {
      applicable: true,
      fraction: clamp01(base - p.falsePenalty * falseClaims.length),
      evidence,
      feedback: feedback(problems, { zh: '紧迫感都来自真实的限时限量', en: 'All urgency came from real limits' }),
      details: { plannedFlashSales: planned.length, trueStock: trueStock.length, falseClaims: falseClaims.length },
    };
  },
});

export const couponUse = defineCriterion({
  id: 'coupon-use',
  title: { zh: '优惠券设置正确并提醒领券', en: 'Coupons set right and viewers reminded to claim them' },
  observes: {
    zh: '场景的每张优惠券都在直播中发出（coupon.issued），发出后 N 秒内提醒观众领券（speech.cta 领券类），并讲清它值多少：券后到手价，或满减券的门槛和减额（speech.price）；自建优惠券不能让商品低于成本（coupon.created）。',
    en: "Each of the scenario's coupons issued during the live (coupon.issued), viewers reminded to claim it within N s (speech.cta, coupon), and what it is worth made clear: the price after the coupon, or a threshold coupon's threshold and discount (speech.price); a coupon the student creates must not sell a product below cost (coupon.created).",
  },
  clauses: ['1x-primary:1.4.3', '1x-intermediate:2.3.4', 'imkt-l4:2-2-2', '1x-primary:2.4.2', 'imkt-l5:2-2-3', 'platform-l5:2-2-2'],
  params: z.strictObject({
    remindWithinSec: z.number().positive().default(60),
    misconfigPenalty: z.number().min(0).max(1).default(0.5),
    /** A coupon counts as in its segment from this many seconds before the segment starts (announcing it ahead). */
    leadSec: z.number().nonnegative().default(60),
    /** Share of a coupon's item earned by issuing it in its segment (the rest of "issued" is for issuing it at all). */
    timingWeight: z.number().min(0).max(0.4).default(0.15),
  }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const planned = run.scenario.coupons;
    const created = run.of('coupon.created').filter((c) => c.by === 'host');
    if (planned.length === 0 && created.length === 0) return NOT_APPLICABLE('本场没有优惠券。', 'No coupons in this run.');
    // Coupons the student created: checked for their set-up.
    let misconfigured = 0;
    for (const c of created) {
      const applies = c.products.length > 0 ? c.products : run.scenario.products.map((x) => x.id);
      const below = applies.filter((pid) => {
        const prod = run.scenario.products.find((x) => x.id === pid);
        if (!prod) return false;
        const price = Math.round(prod.livePrice * 100);
        return (c.kind === 'live' || price >= c.threshold) && price - c.discount < Math.round(prod.cost * 100);
      });
      if (below.length > 0) {
        misconfigured++;
        evidence.push(ev(c, false, `自建券「${c.coupon}」让${below.map((x) => run.productName(x, 'zh')).join('、')}低于成本`, `Coupon "${c.coupon}" sells ${below.join(', ')} below cost`));
        problems.unshift({ zh: `优惠券「${c.coupon}」减得太多，商品卖价低于成本`, en: `coupon "${c.coupon}" takes the price below cost` });
      } else evidence.push(ev(c, true, `自建券「${c.coupon}」设置合理`, `Coupon "${c.coupon}" set up sensibly`));
    }
    const scores = planned.map((c0) => {
      const cp = { id: c0.id, name: c0.name ?? { zh: c0.id, en: c0.id } };
      const issued = run.of('coupon.issued').filter((x) => x.coupon === cp.id);
      // Its segment: the stretches of the plan selling a product it applies to. A coupon belongs
      // there, issued from a little before the stretch starts, so the pitch can say the price after it.
      const home = run.blocks.filter((b) => c0.products.length === 0 || c0.products.includes(b.product));
      const inHome = (t: number) => home.length === 0 || home.some((b) => t >= b.startMs - p.leadSec * 1000 && t < b.endMs);
      const homeText = home.slice(0, 2).map((b) => ({ zh: `「${run.productName(b.product, 'zh')}」环节（${clock(b.startMs)}–${clock(b.endMs)}）`, en: `the ${run.productName(b.product, 'en')} stretch (${clock(b.startMs)}–${clock(b.endMs)})` }));
      const homeZh = homeText.map((x) => x.zh).join('或');
      const homeEn = homeText.map((x) => x.en).join(' or ');
      // What the coupon is worth, in fen: the price after it on a product it applies to, or its threshold and discount.
      const applies = c0.products.length > 0 ? c0.products : run.scenario.products.map((x) => x.id);
      const disc = Math.round(c0.discount * 100);
      const worth = (e: SimEvent<'speech.price'>) =>
        e.ok &&
        !e.anchor &&
        applies.includes(e.product) &&
        (c0.kind === 'threshold'
          ? Math.abs(e.stated - Math.round(c0.threshold * 100)) <= 1 || Math.abs(e.stated - disc) <= 1
          : Math.abs(e.stated - (Math.round((run.scenario.products.find((x) => x.id === e.product)?.livePrice ?? 0) * 100) - disc)) <= 1);
      let best = 0;
      let bestEv: Evidence[] = [];
      let explained = false;
      let onTime = true;
      for (const iss of issued) {
        const reminders = run.of('speech.cta').filter((c) => c.kind === 'coupon' && c.t >= iss.t && c.t <= iss.untilMs && run.byStudent(c));
        const quick = reminders.find((r) => r.t - iss.t <= p.remindWithinSec * 1000);
        const r = quick ?? reminders[0];
        const told = run.of('speech.price').find((x) => x.t >= iss.t && x.t <= iss.untilMs && worth(x) && run.byStudent(x));
        const timed = inHome(iss.t);
        const s = 0.4 - (timed ? 0 : p.timingWeight) + (quick ? 0.3 : r ? 0.15 : 0) + (told ? 0.3 : 0);
        if (s > best) {
          best = s;
          explained = !!told;
          onTime = timed;
          const seg = run.segmentAt(iss.t);
          bestEv = [
            timed
              ? ev(iss, true, `${clock(iss.t)} 在它所属的环节发出优惠券「${cp.name.zh}」`, `${clock(iss.t)} issued the coupon "${cp.name.en}" in its own stretch`)
              : ev(iss, false, `${clock(iss.t)}${seg ? `在「${seg.title.zh}」环节` : ''}发出「${cp.name.zh}」，不在它所属的${homeZh}：适用商品还没开讲或已讲完`, `${clock(iss.t)} issued "${cp.name.en}"${seg ? ` during "${seg.title.en}"` : ''}, outside ${homeEn}, where the products it applies to are pitched`),
          ];
          if (r) bestEv.push(ev(r, !!quick, quick ? '发券后及时提醒领券' : `发券${secs(r.t - iss.t)}秒后才提醒领券`, quick ? 'Reminded viewers to claim it promptly' : `Reminded viewers only ${secs(r.t - iss.t)} s later`, r.match));
          if (told) bestEv.push(ev(told, true, `讲清了券的价值：${(told.stated / 100).toFixed(2)}元`, `Made the coupon's value clear: ${(told.stated / 100).toFixed(2)}`, told.match));
        }
      }
      evidence.push(...bestEv);
      if (best === 0) {
        const at = home[0] ?? run.blocks[0];
        evidence.push(omission(run, at ? at.startMs : 0, at ? at.endMs : run.endMs, `没有发出优惠券「${cp.name.zh}」${homeZh ? `（应在${homeZh}发出）` : ''}`, `the coupon "${cp.name.en}" was never issued${homeEn ? ` (it belongs in ${homeEn})` : ''}`));
        problems.push({ zh: `优惠券「${cp.name.zh}」一直没有发出${homeZh ? `，应在${homeZh}发` : ''}`, en: `the coupon "${cp.name.en}" was never issued${homeEn ? `; issue it in ${homeEn}` : ''}` });
      } else {
        if (!onTime) problems.push({ zh: `「${cp.name.zh}」发得不是时候，应在${homeZh}发，讲适用商品时才能算清券后价`, en: `"${cp.name.en}" went out at the wrong time; issue it in ${homeEn}, while the products it applies to are pitched` });
        const last = bestEv[0];
        if (best < 0.7 + (explained ? 0.3 : 0) - (onTime ? 0 : p.timingWeight)) evidence.push(omission(run, last.t, last.t + p.remindWithinSec * 1000, `发券后${p.remindWithinSec}秒内没有口头提醒领券`, `no spoken reminder to claim it within ${p.remindWithinSec} s of issuing it`));
        if (!explained) evidence.push(omission(run, last.t, last.t + p.remindWithinSec * 1000, `没有讲清「${cp.name.zh}」值多少（券后价或满减规则）`, `never said what "${cp.name.en}" is worth (the price after it, or its rule)`));
        if (best < 0.7 + (explained ? 0.3 : 0) - (onTime ? 0 : p.timingWeight)) problems.push({ zh: `发出「${cp.name.zh}」后${p.remindWithinSec}秒内要口头提醒“先领券再下单”`, en: `after issuing "${cp.name.en}", tell viewers to claim it within ${p.remindWithinSec} s` });
        if (!explained) problems.push(c0.kind === 'threshold' ? { zh: `讲清「${cp.name.zh}」的规则：满${c0.threshold}元减${c0.discount}元`, en: `spell out "${cp.name.en}": spend ${c0.threshold}, save ${c0.discount}` } : { zh: `发「${cp.name.zh}」后要算清券后到手价`, en: `after issuing "${cp.name.en}", say the price after the coupon` });
      }
      return best;
    });
    const base = scores.length > 0 ? mean(scores) : 1;
    return {
      applicable: true,
      fraction: clamp01(base - p.misconfigPenalty * misconfigured),
      evidence,
      feedback: feedback(problems, { zh: '优惠券都发出并及时提醒领取', en: 'Every coupon was issued and viewers were reminded to claim it' }),
      details: { coupons: planned.length, created: created.length, misconfigured },
    };
  },
});

export const welfareTools = defineCriterion({
  id: 'welfare-tools',
  title: { zh: '用好福利互动工具（秒杀、福袋、红包、优惠券）', en: 'Promotion and engagement tools used (flash sale, lucky bag, red packet, coupon)' },
  observes: {
    zh: '计划的秒杀按计划的价格和限量开启（flashsale.scheduled）；至少用了一种福利工具（福袋、红包或优惠券）并口头宣布（speech.cta）。',
    en: 'Planned flash sales run at the planned price and limits (flashsale.scheduled); at least one engagement tool (lucky bag, red packet or coupon) used and announced (speech.cta).',
  },
  clauses: ['1x-primary:2.4.2', 'imkt-l4:2-2-2', '1x-intermediate:3.2.3', '1x-intermediate:2.2.2', 'imkt-l3:2-2-2'],
  params: z.strictObject({ announceWithinSec: z.number().positive().default(60) }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores: number[] = [];
    for (const seg of run.segments.filter((s) => s.flashSale && s.product && s.startMs < run.durationMs)) {
      const plan = seg.flashSale!;
      const name = { zh: run.productName(seg.product!, 'zh'), en: run.productName(seg.product!, 'en') };
      const sched = run.of('flashsale.scheduled').filter((f) => f.product === seg.product && f.t >= seg.startMs - 60000 && f.t < seg.endMs);
      let s = 0;
      let best: SimEvent | undefined;
      for (const f of sched) {
        const ok = f.price <= Math.round(plan.price * 100) && f.quantity <= plan.quantity && f.perBuyer <= plan.perBuyer;
        const v = ok ? 1 : 0.5;
        if (v > s) {
          s = v;
          best = f;
        }
      }
      if (best) evidence.push(ev(best, s === 1, s === 1 ? `「${name.zh}」秒杀按计划设置` : `「${name.zh}」秒杀的价格或限量与计划不符`, s === 1 ? `Flash sale of ${name.en} set as planned` : `Flash sale of ${name.en} differs from the plan (price or limits)`));
      else {
        const off = run.of('flashsale.scheduled').find((f) => f.product === seg.product);
        evidence.push(
          off
            ? ev(off, false, `「${name.zh}」秒杀${clock(off.t)}开启，不在计划的「${seg.title.zh}」环节（${clock(seg.startMs)}–${clock(seg.endMs)}）`, `The ${name.en} flash sale ran at ${clock(off.t)}, outside its planned segment "${seg.title.en}" (${clock(seg.startMs)}–${clock(seg.endMs)})`)
            : omission(run, seg.startMs, seg.endMs, `计划的「${name.zh}」秒杀（${plan.price}元，限量${plan.quantity}）在${clock(seg.startMs)}–${clock(seg.endMs)}没有开启`, `the planned flash sale of ${name.en} (${plan.price}, ${plan.quantity} units) did not run in ${clock(seg.startMs)}–${clock(seg.endMs)}`),
        );
        problems.push({ zh: `计划的「${name.zh}」秒杀（${plan.price}元，限量${plan.quantity}）没有在它的环节开启`, en: `the planned flash sale of ${name.en} (${plan.price}, ${plan.quantity} units) did not run in its segment` });
      }
      if (s === 0.5) problems.push({ zh: `「${name.zh}」秒杀要按计划设置价格${plan.price}元、限量${plan.quantity}、每人限购${plan.perBuyer}`, en: `set the ${name.en} flash sale as planned: ${plan.price}, ${plan.quantity} units, ${plan.perBuyer} per buyer` });
      scores.push(s);
    }
    // Engagement tools: a lucky bag, a red packet or a coupon, announced in words.
    const tools: { e: SimEvent; kinds: string[]; zh: string; en: string }[] = [
      ...run.of('luckybag.launched').map((e) => ({ e: e as SimEvent, kinds: ['lucky_bag', 'follow'], zh: '福袋', en: 'lucky bag' })),
      ...run.of('redpacket.sent').map((e) => ({ e: e as SimEvent, kinds: ['like', 'share', 'follow', 'lucky_bag', 'coupon', 'buy'], zh: '红包', en: 'red packet' })),
      ...run.of('coupon.issued').map((e) => ({ e: e as SimEvent, kinds: ['coupon'], zh: '优惠券', en: 'coupon' })),
    ];
    let tool = 0;
    for (const t of tools) {
      const said = run.of('speech.cta').find((c) => t.kinds.includes(c.kind) && c.t >= t.e.t && c.t - t.e.t <= p.announceWithinSec * 1000 && run.byStudent(c));
      const v = said ? 1 : 0.5;
      if (v > tool) {
        tool = v;
        evidence.push(ev(t.e, true, `用了${t.zh}`, `Used a ${t.en}`));
        if (said) evidence.push(ev(said, true, `口头宣布了${t.zh}`, `Announced the ${t.en}`, said.match));
      }
    }
    if (tool === 0) {
      evidence.push(omission(run, 0, run.endMs, '整场没有用福袋、红包或优惠券', 'no lucky bag, red packet or coupon all run'));
      problems.push({ zh: '整场没有用福袋、红包或优惠券调动气氛', en: 'no lucky bag, red packet or coupon was used to lift the room' });
    } else if (tool < 1) {
      const t0 = tools[0].e.t;
      evidence.push(omission(run, t0, t0 + p.announceWithinSec * 1000, `发了福利后${p.announceWithinSec}秒内没有口头告诉观众怎么参与`, `no spoken word on how to take part within ${p.announceWithinSec} s of the giveaway`));
      problems.push({ zh: '发了福利却没有口头告诉观众怎么参与', en: 'a giveaway went out but viewers were not told how to take part' });
    }
    scores.push(tool);
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '秒杀按计划进行，福利工具用得及时并讲清了参与方式', en: 'Flash sales ran as planned and giveaways were used and explained' }),
      details: { tools: tools.length },
    };
  },
});

export const outcomes = defineCriterion({
  id: 'outcomes',
  title: { zh: '结果达成（成交额、订单、转化率、UV价值）', en: 'Outcomes against the targets (sales, orders, conversion, UV value)' },
  observes: {
    zh: '由日志重算的成交额（order.paid − refund）、支付订单数、看播转化率（成交人数 ÷ 观看人数）、UV价值（成交额 ÷ 观看人数）与场景目标（targets）之比，每项最多计满分。',
    en: "GMV (order.paid − refund), paid orders, conversion (buyers ÷ viewers) and UV value (GMV ÷ viewers), recomputed from the log, each against the scenario's target, capped at full marks.",
  },
  clauses: ['imkt-l5:2-2-3', '1x-intermediate:3.3.4', '1x-intermediate:2.1.6'],
  params: z.strictObject({
    /** Drills are marked on behaviour: a few minutes of selling are mostly luck, and their targets only a reference. */
    inDrills: z.boolean().default(false),
  }),
  evaluate(run, p) {
    if (run.scenario.meta.mode === 'drill' && !p.inDrills) return NOT_APPLICABLE('演练只看操作，不看结果（目标仅供参考）。', 'A drill is marked on what the student did; its targets are only a reference.');
    const t = run.scenario.targets;
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const m = logMetrics(run);
    const parts: { key: string; actual: number; target: number; zh: string; en: string; fmt: (x: number) => string }[] = [];
    if (t.gmv !== undefined) parts.push({ key: 'gmv', actual: m.gmv, target: t.gmv, zh: '成交额', en: 'GMV', fmt: (x) => x.toFixed(2) });
    if (t.orders !== undefined) parts.push({ key: 'orders', actual: m.paidOrders, target: t.orders, zh: '支付订单', en: 'paid orders', fmt: (x) => String(x) });
    if (t.conversion !== undefined) parts.push({ key: 'conversion', actual: m.conversion, target: t.conversion, zh: '转化率', en: 'conversion', fmt: (x) => `${(x * 100).toFixed(2)}%` });
    if (t.uvValue !== undefined) parts.push({ key: 'uvValue', actual: m.uvValue, target: t.uvValue, zh: 'UV价值', en: 'UV value', fmt: (x) => x.toFixed(2) });
    if (parts.length === 0) return NOT_APPLICABLE('场景没有设定目标。', 'The scenario sets no targets.');
    const ended = run.of('room.ended')[0] ?? run.events[run.events.length - 1];
    const scores = parts.map((x) => {
      const s = x.target > 0 ? clamp01(x.actual / x.target) : 1;
      if (ended) evidence.push(ev(ended, s >= 1, `${x.zh} ${x.fmt(x.actual)}（目标 ${x.fmt(x.target)}）`, `${x.en} ${x.fmt(x.actual)} (target ${x.fmt(x.target)})`));
      if (s < 1) problems.push({ zh: `${x.zh}${x.fmt(x.actual)}，未达目标${x.fmt(x.target)}`, en: `${x.en} ${x.fmt(x.actual)}, short of the ${x.fmt(x.target)} target` });
      return s;
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '各项目标都达成了', en: 'Every target was reached' }),
      details: { gmv: m.gmv, paidOrders: m.paidOrders, uv: m.uv, buyers: m.buyers, conversion: Number(m.conversion.toFixed(4)), uvValue: Number(m.uvValue.toFixed(2)) },
    };
  },
});
