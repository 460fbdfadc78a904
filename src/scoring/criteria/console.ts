/**
 * Console work (中控 / 平台管理员 and the host's own console): product cards in step with
 * the pitch, stock, the scripted host's cues, operational errors, stream drops.
 */
import { z } from 'zod';
import type { SimEvent } from '../../engine';
import { clock, secs, type RunIndex } from '../run-index';
import type { Bilingual, Evidence } from '../types';
import { NOT_APPLICABLE, clamp01, defineCriterion, ev, feedback, graded, mean, omission, plural } from './define';
import { blindPressBefore } from './accuracy';
import { whenExplained } from './plan';
import { ERROR_KINDS } from '../skills';

export const cardPushSync = defineCriterion({
  id: 'card-push-sync',
  title: { zh: '讲解时及时弹出商品卡（推送链接）', en: 'Product card pushed while the product is explained' },
  observes: {
    zh: '每段商品讲解（按脚本的商品段）：开始讲解（product.explain.start；中控场景为脚本主播在本段第一次说到该商品）后 N 秒内弹出该商品的卡片（product.card.shown）。',
    en: 'For each product stretch of the run of show: the product card (product.card.shown) pops up within N s of the pitch starting (product.explain.start; in controller scenarios, the scripted host first naming the product in the stretch).',
  },
  clauses: ['1x-primary:2.3.1', '1x-primary:2.4.1', 'platform-l5:2-1-3', '1x-intermediate:3.2.2', 'imkt-l5:2-2-2'],
  params: z.strictObject({
    withinSec: z.number().positive().default(10),
    lateSec: z.number().positive().default(60),
    earlySec: z.number().nonnegative().default(10),
    lateCredit: z.number().min(0).max(1).default(0.5),
  }),
  evaluate(run, p) {
    if (run.blocks.length === 0) return NOT_APPLICABLE('脚本里没有商品讲解段。', 'The run of show has no product stretch.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores: number[] = [];
    let late = 0;
    let never = 0;
    for (const b of run.blocks) {
      const from = b.startMs - 30000;
      const nameZh = run.productName(b.product, 'zh');
      const nameEn = run.productName(b.product, 'en');
      // The pitch as it happened (the 讲解中 marker, as the product table shows it): an explanation of
      // the product begun in the stretch or up to two minutes before it, whichever plan button was
      // pressed. (Only whole episodes count: a start taken away can only remove an anchor.)
      let anchors: SimEvent[] = run.episodes.filter((x) => x.product === b.product && x.start < b.endMs && x.start >= b.startMs - 120000).map((x) => x.startEvent);
      if (run.scenario.meta.seat === 'controller') {
        // At the controller seat the pitch begins when the scripted host starts on the product (its
        // first line naming it in the block), not when the controller gets round to the 讲解 marker:
        // a card in step with a late marker is still late for the host.
        const hostPitch = run.of('speech.product').find((sp) => {
          const src = run.sourceOf(sp);
          return sp.product === b.product && src?.type === 'host.say' && src.source === 'script' && sp.t >= b.startMs - 5000 && sp.t < b.endMs;
        });
        if (hostPitch) anchors = [hostPitch];
      }
      const cardFrom = Math.min(from, ...anchors.map((a) => a.t)) - p.earlySec * 1000;
      const cards = run.of('product.card.shown').filter((c) => c.product === b.product && c.t >= cardFrom && c.t < b.endMs);
      if (anchors.length === 0) {
        scores.push(0);
        never++;
        const w = whenExplained(run, b.product);
        evidence.push(omission(run, b.startMs, b.endMs, `「${nameZh}」计划在${clock(b.startMs)}–${clock(b.endMs)}讲解，这段时间没有讲它${w ? `（实际讲解在${w.zh}）` : ''}，无从配合弹卡`, `${nameEn} was planned for ${clock(b.startMs)}–${clock(b.endMs)} and was not presented then${w ? ` (it was presented ${w.en})` : ''}, so no card could follow the pitch`));
        problems.push(w ? { zh: `「${nameZh}」没有在计划时段（${clock(b.startMs)}–${clock(b.endMs)}）讲，实际在${w.zh}讲，卡片要跟着讲解弹出`, en: `${nameEn} was presented ${w.en}, not in its planned slot (${clock(b.startMs)}–${clock(b.endMs)}); the card must follow the pitch` } : { zh: `「${nameZh}」整场没有讲到，也就没有按讲解弹卡`, en: `${nameEn} was never presented, so its card never followed a pitch` });
        continue;
      }
      let best = 0;
      let bestPair: [SimEvent, SimEvent, number] | null = null;
      for (const a of anchors) {
        for (const c of cards) {
          const d = c.t - a.t;
          const s = d < -p.earlySec * 1000 ? p.lateCredit : graded(Math.max(0, d), p.withinSec, p.lateSec, p.lateCredit);
          if (s > best || (s === best && bestPair && Math.abs(d) < Math.abs(bestPair[2]))) {
            best = s;
            bestPair = [a, c, d];
          }
        }
      }
      scores.push(best);
      if (!bestPair) {
        never++;
        evidence.push(ev(anchors[0], false, `${clock(anchors[0].t)} 开始讲解「${nameZh}」，整段没有弹出商品卡`, `Started explaining ${nameEn} at ${clock(anchors[0].t)}; its card never popped up`));
        problems.push({ zh: `讲解「${nameZh}」时始终没有弹卡，开始讲解后${p.withinSec}秒内就要弹出商品卡`, en: `the ${nameEn} card never popped up; push it within ${p.withinSec} s of starting the pitch` });
      } else {
        const [a, c, d] = bestPair;
        const ok = best >= 1;
        if (!ok) {
          late++;
          problems.push(
            d > 0
              ? { zh: `讲解「${nameZh}」${secs(d)}秒后才弹卡，应在${p.withinSec}秒内`, en: `the ${nameEn} card came ${secs(d)} s after the pitch began; aim for ${p.withinSec} s` }
              : { zh: `「${nameZh}」的卡片比讲解早${secs(-d)}秒弹出，讲到它时已经不新鲜了`, en: `the ${nameEn} card came ${secs(-d)} s before the pitch, stale by the time it mattered` },
          );
        }
        evidence.push(ev(a, true, `${clock(a.t)} 开始讲解「${nameZh}」`, `${clock(a.t)} pitch of ${nameEn} began`));
        evidence.push(
          ev(
            c,
            ok,
            ok ? `讲解后${secs(d)}秒弹出商品卡，及时` : `商品卡与讲解相差${secs(d)}秒，不同步`,
            ok ? `Card up ${secs(d)} s after the pitch began: in time` : `Card ${secs(d)} s from the pitch: out of step`,
          ),
        );
      }
    }
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: `每段讲解都在${p.withinSec}秒内弹出了商品卡，保持`, en: `Every pitch had its card up within ${p.withinSec} s; keep it up` }),
      details: { stretches: run.blocks.length, late, never },
    };
  },
});

export const stockControl = defineCriterion({
  id: 'stock-control',
  title: { zh: '库存调整，不超卖', en: 'Stock kept right; nothing oversold' },
  observes: {
    zh: '商品售罄（product.soldout）后 N 秒内处理（下架或改库存），仓库实际库存不符（stock_mismatch）及时改库存；每笔超卖订单（order.placed oversold）扣分。',
    en: 'After a product sells out (product.soldout), acting within N s (delist or set the stock); a warehouse mismatch (stock_mismatch) corrected in time; each oversold order (order.placed, oversold) costs points.',
  },
  clauses: ['1x-primary:2.3.4', 'platform-l5:2-2-2'],
  params: z.strictObject({ withinSec: z.number().positive().default(60), oversoldPenalty: z.number().min(0).max(1).default(0.25) }),
  evaluate(run, p) {
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores: number[] = [];
    // Sell-outs caused by buyers (an order just before, same product and time), not by the host setting stock to 0.
    const orders = run.of('order.placed');
    for (const so of run.of('product.soldout')) {
      if (!orders.some((o) => o.product === so.product && o.t === so.t)) continue;
      const name = { zh: run.productName(so.product, 'zh'), en: run.productName(so.product, 'en') };
      const fix = [...run.of('product.delisted'), ...run.of('product.stock.changed').filter((x) => x.by === 'host')].find(
        (x) => x.product === so.product && x.t >= so.t,
      );
      const lat = fix ? fix.t - so.t : Infinity;
      const s = lat <= p.withinSec * 1000 ? 1 : fix ? 0.5 : 0;
      scores.push(s);
      evidence.push(ev(so, s === 1, `${clock(so.t)}「${name.zh}」售罄`, `${clock(so.t)} ${name.en} sold out`));
      if (fix) evidence.push(ev(fix, s === 1, `${secs(lat)}秒后处理（${fix.type === 'product.delisted' ? '下架' : '改库存'}）`, `handled ${secs(lat)} s later (${fix.type === 'product.delisted' ? 'delisted' : 'stock set'})`));
      else problems.push({ zh: `「${name.zh}」售罄后没有下架或调整库存`, en: `${name.en} sold out and was neither delisted nor restocked` });
      if (s === 0.5) problems.push({ zh: `「${name.zh}」售罄${secs(lat)}秒后才处理，应在${p.withinSec}秒内`, en: `${name.en} was handled ${secs(lat)} s after selling out; aim for ${p.withinSec} s` });
    }
    for (const st of run.of('incident.started').filter((x) => x.kind === 'stock_mismatch')) {
      const h = run.of('incident.handled').find((x) => x.incident === st.incident);
      const s = h ? (h.late ? 0.5 : 1) : 0;
      scores.push(s);
      evidence.push(ev(st, s === 1, `${clock(st.t)} 仓库通知实际库存不足`, `${clock(st.t)} the warehouse reported less stock than the console`, st.message.zh));
      if (h) evidence.push(ev(h, s === 1, `${secs(h.latencyMs)}秒后改了库存`, `stock corrected after ${secs(h.latencyMs)} s`));
      else problems.push({ zh: '仓库库存不足时没有及时把后台库存改成实际数量', en: 'the console stock was not cut to what the warehouse really had' });
    }
    const oversold = orders.filter((o) => o.oversold);
    if (scores.length === 0 && oversold.length === 0) return NOT_APPLICABLE('本场没有售罄或库存不符。', 'Nothing sold out and no stock mismatch in this run.');
    for (const o of oversold.slice(0, 10)) evidence.push(ev(o, false, `超卖订单：仓库已无货`, `Oversold order: nothing left in the warehouse`));
    if (oversold.length > 0) problems.unshift({ zh: `超卖${oversold.length}单，库存不符时要先改库存或下架`, en: `${plural(oversold.length, 'order')} oversold; fix the stock or delist first` });
    const base = scores.length > 0 ? mean(scores) : 1;
    return {
      applicable: true,
      fraction: clamp01(base - p.oversoldPenalty * oversold.length),
      evidence,
      feedback: feedback(problems, { zh: '售罄和库存变化都及时处理了，没有超卖', en: 'Sell-outs and stock changes were handled in time; nothing oversold' }),
      details: { soldOutOrMismatch: scores.length, oversold: oversold.length },
    };
  },
});

export const hostCues = defineCriterion({
  id: 'host-cues',
  title: { zh: '配合主播口令完成操作', en: "Console actions on the host's cues" },
  observes: {
    zh: '中控场景中脚本主播发出的每个口令（cue.issued）在时限内完成（cue.done 且未超时）。',
    en: "In controller scenarios, every cue from the scripted host (cue.issued) done within its window (cue.done, not late).",
  },
  clauses: ['1x-primary:2.3.2', '1x-intermediate:3.2.2', 'platform-l5:2-2-2'],
  params: z.strictObject({ lateCredit: z.number().min(0).max(1).default(0.5) }),
  evaluate(run, p) {
    const cues = run.of('cue.issued');
    if (cues.length === 0) return NOT_APPLICABLE('本场没有主播口令。', 'No host cues in this run.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores = cues.map((c) => {
      const done = run.of('cue.done').find((d) => d.cue === c.cue);
      const s = done ? (done.late ? p.lateCredit : 1) : 0;
      evidence.push(ev(c, s === 1, `${clock(c.t)} 主播口令`, `${clock(c.t)} host cue`, c.text));
      if (done) evidence.push(ev(done, !done.late, `${secs(done.latencyMs)}秒后完成${done.late ? '（超时）' : ''}`, `done after ${secs(done.latencyMs)} s${done.late ? ' (late)' : ''}`));
      else problems.push({ zh: `主播说「${c.text}」后没有完成对应操作`, en: `the cue "${c.text}" was never acted on` });
      if (done?.late) problems.push({ zh: `口令「${c.text}」${secs(done.latencyMs)}秒后才完成`, en: `the cue "${c.text}" took ${secs(done.latencyMs)} s` });
      return s;
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '主播的每个口令都及时完成了', en: "Every host cue was done in time" }),
      details: { cues: cues.length },
    };
  },
});

const ERROR_NAMES: Record<(typeof ERROR_KINDS)[number], Bilingual> = {
  wrong_link: { zh: '链接挂错', en: 'wrong link' },
  wrong_price: { zh: '价格设错', en: 'wrong price' },
  coupon_misconfig: { zh: '优惠券设错', en: 'wrong coupon' },
  supplier_price_change: { zh: '供应商调价', en: 'supplier price change' },
  mic_failure: { zh: '麦克风故障', en: 'microphone failure' },
  platform_warning: { zh: '平台警告', en: 'platform warning' },
};

export const errorCorrection = defineCriterion({
  id: 'error-correction',
  title: { zh: '链接、价格、优惠券错误及时发现并纠正', en: 'Wrong link, price or coupon noticed and corrected' },
  observes: {
    zh: '链接挂错、价格设错、优惠券设错、供应商调价、麦克风故障、平台警告（incident.started）在 N 秒内纠正（incident.handled）；错价期间成交的订单列为证据。麦克风故障还看善后：故障超过 G 秒时，故障期间发公告告知观众（room.announcement）；主播岗恢复后 A 秒内被听到的致歉（speech.apology），R 秒内把价格再报一遍（speech.price 正确）。',
    en: 'A wrong link, wrong price, wrong coupon, supplier price change, microphone failure or platform warning (incident.started) corrected within N s (incident.handled); orders taken at the wrong price are listed as evidence. A microphone failure is also judged on the recovery: when it lasts more than G s, a notice to viewers during it (room.announcement); at the host seat, a heard apology within A s of the fix (speech.apology) and the price said again, correctly, within R s (speech.price ok).',
  },
  clauses: ['1x-intermediate:2.2.3', '1x-primary:1.4.3', 'platform-l5:2-1-3', 'imkt-l4:1-3-2', 'imkt-l3:2-2-3', 'imkt-l5:1-3-2'],
  params: z.strictObject({
    withinSec: z.number().positive().default(15),
    lateSec: z.number().positive().default(90),
    lateCredit: z.number().min(0).max(1).default(0.4),
    /** A microphone failure: the share of its item earned by the fix; the rest by the notice, the apology and the repeated price. */
    micFixWeight: z.number().min(0).max(1).default(0.5),
    /** A failure fixed within this many seconds needs no notice. */
    micNoticeGraceSec: z.number().nonnegative().default(10),
    micApologyWithinSec: z.number().positive().default(30),
    micRepeatWithinSec: z.number().positive().default(60),
    /** A fix after blind presses of the same button (within blindWindowSec before the incident) earns this share of its credit. */
    guessCredit: z.number().min(0).max(1).default(0.25),
    blindWindowSec: z.number().nonnegative().default(120),
  }),
  evaluate(run, p) {
    const started = run.of('incident.started').filter((x) => (ERROR_KINDS as readonly string[]).includes(x.kind));
    if (started.length === 0) return NOT_APPLICABLE('本场没有链接、价格或优惠券错误。', 'No wrong link, price or coupon in this run.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores = started.map((st) => {
      const kind = ERROR_NAMES[st.kind as (typeof ERROR_KINDS)[number]];
      const h = run.of('incident.handled').find((x) => x.incident === st.incident);
      const lat = h ? h.latencyMs : Infinity;
      const s = h ? graded(lat, p.withinSec, p.lateSec, p.lateCredit) : 0;
      evidence.push(ev(st, s === 1, `${clock(st.t)} ${kind.zh}`, `${clock(st.t)} ${kind.en}`, st.message.zh));
      if (h) evidence.push(ev(h, s === 1, `${secs(lat)}秒后纠正`, `corrected after ${secs(lat)} s`));
      // Orders taken while a wrong price was live.
      if (st.kind === 'wrong_price' && st.product) {
        const fixT = h ? h.t : run.endMs;
        const bad = run.of('order.placed').filter((o) => o.product === st.product && o.t >= st.t && o.t <= fixT && !o.flash);
        for (const o of bad.slice(0, 5)) evidence.push(ev(o, false, `错价期间成交：单价${(o.unitPrice / 100).toFixed(2)}元`, `Sold at the wrong price: ${(o.unitPrice / 100).toFixed(2)} each`));
        if (bad.length > 0) problems.push({ zh: `错价期间成交${bad.length}单，每单都在亏钱`, en: `${plural(bad.length, 'order')} went through at the wrong price, each at a loss` });
      }
      if (!h) problems.unshift({ zh: `${clock(st.t)}的${kind.zh}一直没有纠正，出现后${p.withinSec}秒内要改正`, en: `the ${kind.en} at ${clock(st.t)} was never corrected; fix it within ${p.withinSec} s` });
      else if (s < 1) problems.unshift({ zh: `${clock(st.t)}的${kind.zh}${secs(lat)}秒后才纠正，应在${p.withinSec}秒内`, en: `the ${kind.en} at ${clock(st.t)} took ${secs(lat)} s to fix; aim for ${p.withinSec} s` });
      const fix = h ? guessed(run, st.kind, st.t, p, evidence, problems, kind) * s : s;
      if (st.kind === 'mic_failure') return p.micFixWeight * fix + (1 - p.micFixWeight) * micRecovery(run, st, h, p, evidence, problems);
      return fix;
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: `每个操作错误都在${p.withinSec}秒内纠正了`, en: `Every error was corrected within ${p.withinSec} s` }),
      details: { incidents: started.length },
    };
  },
});

/**
 * How a microphone failure was handled beyond the fix, 0..1: viewers told on the screen while
 * they could not hear (a notice, unless the fix came within the grace time), then, at the host
 * seat, a heard apology and the price said again once the sound is back.
 */
function micRecovery(
  run: RunIndex,
  st: SimEvent<'incident.started'>,
  h: SimEvent<'incident.handled'> | undefined,
  p: { micNoticeGraceSec: number; micApologyWithinSec: number; micRepeatWithinSec: number },
  evidence: Evidence[],
  problems: Bilingual[],
): number {
  const fixT = h ? h.t : run.endMs;
  const parts: number[] = [];
  // The notice: while the sound is gone, only the screen reaches viewers.
  const notice = run.of('room.announcement').find((a) => a.t >= st.t && a.t <= fixT && a.text.trim().length > 0);
  const quick = h !== undefined && fixT - st.t <= p.micNoticeGraceSec * 1000;
  parts.push(notice || quick ? 1 : 0);
  if (notice) evidence.push(ev(notice, true, `${secs(notice.t - st.t)}秒后发公告告知观众麦克风故障`, `posted a notice about the microphone after ${secs(notice.t - st.t)} s`, notice.text));
  else if (!quick) problems.push({ zh: `${clock(st.t)}麦克风故障期间没有发公告，观众听不到声音时要用公告告诉大家马上恢复`, en: `no notice during the microphone failure at ${clock(st.t)}: while viewers cannot hear you, tell them on the screen that the sound is coming back` });
  // After the fix, at the host seat: the apology and the key information again.
  if (h && run.scenario.meta.seat === 'host') {
    const heard = (e: SimEvent) => {
      const src = run.sourceOf(e);
      return src !== undefined && src.type === 'host.say' && src.heard;
    };
    const sorry = run.of('speech.apology').find((a) => a.t >= fixT && a.t - fixT <= p.micApologyWithinSec * 1000 && heard(a));
    const price = run.of('speech.price').find((x) => x.t >= fixT && x.t - fixT <= p.micRepeatWithinSec * 1000 && x.ok && !x.anchor && heard(x));
    parts.push(((sorry ? 1 : 0) + (price ? 1 : 0)) / 2);
    if (sorry) evidence.push(ev(run.sourceOf(sorry)!, true, `声音恢复后${secs(sorry.t - fixT)}秒向观众致歉`, `apologised ${secs(sorry.t - fixT)} s after the sound came back`, run.textOf(run.sourceOf(sorry))));
    else problems.push({ zh: `${clock(fixT)}声音恢复后没有向观众致歉，先用一句话说明刚才没声音`, en: `after the sound came back at ${clock(fixT)} there was no apology; say in one sentence what happened` });
    if (price) evidence.push(ev(run.sourceOf(price)!, true, `声音恢复后${secs(price.t - fixT)}秒把价格再报一遍`, `said the price again ${secs(price.t - fixT)} s after the sound came back`, run.textOf(run.sourceOf(price))));
    else problems.push({ zh: `${clock(fixT)}声音恢复后没有把价格再报一遍，观众错过了关键信息`, en: `after the sound came back at ${clock(fixT)} the price was not said again; viewers missed it` });
  }
  return mean(parts);
}

export const streamRecovery = defineCriterion({
  id: 'stream-recovery',
  title: { zh: '断流后迅速恢复并向观众解释', en: 'Stream drop recovered fast and explained to viewers' },
  observes: {
    zh: '推流中断（room.interrupted）到恢复（room.restored）的时间不超过 N 秒（恢复画面）；恢复后 M 秒内向观众致歉并说明原因（speech.apology）。',
    en: 'Time from the drop (room.interrupted) to the restored stream (room.restored) within N s (the picture is back); an apology and explanation to viewers (speech.apology) within M s of coming back.',
  },
  clauses: ['imkt-l5:1-3-1', 'platform-l5:1-3-1', '1x-intermediate:2.2.3', 'imkt-l4:1-3-2', 'imkt-l3:2-2-3', '1x-primary:2.3.3'],
  params: z.strictObject({
    recoverWithinSec: z.number().positive().default(10),
    recoverLateSec: z.number().positive().default(60),
    lateCredit: z.number().min(0).max(1).default(0.4),
    explainWithinSec: z.number().positive().default(60),
    recoverWeight: z.number().min(0).max(1).default(0.6),
    /** A reconnect after blind reconnect presses (within blindWindowSec before the drop) earns this share of its credit. */
    guessCredit: z.number().min(0).max(1).default(0.25),
    blindWindowSec: z.number().nonnegative().default(120),
  }),
  evaluate(run, p) {
    const drops = run.of('room.interrupted');
    if (drops.length === 0) return NOT_APPLICABLE('本场没有断流。', 'No stream drop in this run.');
    const evidence: Evidence[] = [];
    const problems: Bilingual[] = [];
    const scores = drops.map((d) => {
      const up = run.of('room.restored').find((u) => u.t >= d.t);
      const failed = run.of('stream.reconnect.failed').filter((f) => f.t >= d.t && (!up || f.t <= up.t));
      evidence.push(ev(d, false, `${clock(d.t)} 推流中断`, `${clock(d.t)} the stream dropped`));
      let rec = 0;
      let expl = 0;
      if (!up) {
        problems.push({ zh: `${clock(d.t)}断流后一直没有恢复：立刻切换备用网络（热点）`, en: `the stream dropped at ${clock(d.t)} and never came back: switch to the backup network (hotspot) at once` });
      } else {
        const lat = up.t - d.t;
        rec = graded(lat, p.recoverWithinSec, p.recoverLateSec, p.lateCredit);
        rec *= guessed(run, 'stream_drop', d.t, p, evidence, problems, { zh: '断流', en: 'stream drop' });
        evidence.push(ev(up, rec === 1, `${secs(lat)}秒后恢复推流（${up.via === 'backup' ? '备用网络' : '重试'}）`, `back after ${secs(lat)} s (${up.via === 'backup' ? 'backup network' : 'retry'})`));
        if (rec < 1) problems.push({ zh: `断流${secs(lat)}秒才恢复${failed.length > 0 ? `，重试失败${failed.length}次` : ''}，应在${p.recoverWithinSec}秒内切换备用网络`, en: `the stream was down ${secs(lat)} s${failed.length > 0 ? ` with ${plural(failed.length, 'failed retry', 'failed retries')}` : ''}; switch to the backup network within ${p.recoverWithinSec} s` });
        const sorry = [...run.of('speech.apology')].find((a) => {
          const src = run.sourceOf(a);
          return a.t >= up.t && src && (src.type !== 'host.say' || src.heard);
        });
        if (sorry) {
          const l2 = sorry.t - up.t;
          expl = l2 <= p.explainWithinSec * 1000 ? 1 : 0.5;
          const src = run.sourceOf(sorry)!;
          evidence.push(ev(src, expl === 1, `恢复后${secs(l2)}秒向观众致歉并解释`, `apologised and explained ${secs(l2)} s after coming back`, run.textOf(src)));
          if (expl < 1) problems.push({ zh: `恢复后${secs(l2)}秒才向观众解释，应在${p.explainWithinSec}秒内先致歉、说明原因`, en: `the explanation came ${secs(l2)} s after the stream was back; apologise and explain within ${p.explainWithinSec} s` });
        } else problems.push({ zh: '恢复后没有向观众致歉、说明断流原因', en: 'after coming back, nobody told viewers what happened or apologised' });
      }
      return p.recoverWeight * rec + (1 - p.recoverWeight) * expl;
    });
    return {
      applicable: true,
      fraction: mean(scores),
      evidence,
      feedback: feedback(problems, { zh: '断流后迅速恢复并向观众做了解释', en: 'The drop was fixed fast and explained to viewers' }),
      details: { drops: drops.length },
    };
  },
});

/**
 * 1, or `guessCredit` when the fix followed blind presses of the same button before the incident
 * (see blindPressBefore): pressing a fix button all the time is not noticing the problem.
 */
function guessed(run: RunIndex, kind: string, t: number, p: { guessCredit: number; blindWindowSec: number }, evidence: Evidence[], problems: Bilingual[], name: Bilingual): number {
  const b = blindPressBefore(run, kind, t, p.blindWindowSec);
  if (!b) return 1;
  evidence.push(ev(b.event, false, `${clock(b.event.t)} 在出现${name.zh}之前就已盲目按过修复按钮：这次修复来自乱按，不是发现了问题`, `${clock(b.event.t)} the fix button was pressed blindly before the ${name.en} happened: the fix came from pressing it all the time, not from noticing the problem`));
  problems.push({ zh: `${clock(t)}的${name.zh}是靠反复盲按修复按钮“修好”的，只得部分分：先发现问题再处理`, en: `the ${name.en} at ${clock(t)} was "fixed" by pressing the button over and over: partial credit only; notice the problem, then fix it` });
  return p.guessCredit;
}
