/**
 * The audience each tick: arrivals drawn from the traffic curve, then every viewer whose
 * decision time has come leaves, comments, likes, follows, clicks, shares, claims a coupon,
 * enters the lucky bag or grabs a red packet, with rates from the persona and the room
 * (docs/engine.md §The audience).
 */
import type { Via } from '../events';
import type { World } from '../kernel/state';
import { emit } from '../kernel/log';
import type { PersonaParams, PersonaType } from '../audience/personas';
import type { Scenario } from '../scenario/load';
import { TICK_MS } from '../time';
import { yuanText } from '../money';
import { TEMPLATES, complaintGroup } from '../audience/templates';
import {
  F_ANSWERED, F_CLAIMED, F_CLICKED, F_ENGAGED, F_FAN, F_FOLLOWED, F_GRABBED, F_GREETED, F_LUCKY, F_SCRIPTED, F_VIP, F_WAVE_TROLL,
  PHASE_CONSIDERING, PHASE_PAYING,
} from '../audience/pool';
import {
  follow, leave, like, markNotable, newViewer, personaSlotFor, personaType, pickText, postComment, rememberName, scheduleDecision, share,
} from './viewers';
import { claimCoupon, enterLuckyBag, grabPacket, openCouponExists } from './promotions';
import { click, decidePurchase, resolvePayment } from './commerce';
import { hasOpenTask } from './moderation';
import { firstListed, productName } from './products';
import { CARD_FRESH_MS, CTA_WINDOW_MS, DEAD_AIR_MS, GREET_WINDOW_MS } from './tuning';
import { anyPresented, updateExposure } from './exposure';

/** A call to action's lift fades with this time constant (docs/engine.md §The audience). */
const CTA_FADE_MS = 120000;
/** Leaving slows as a viewer settles in: after a few times SETTLE_SEC, to SETTLED_LEAVE of the first minutes' rate. */
const SETTLE_SEC = 150;
const SETTLED_LEAVE = 0.45;
/** Seconds of products presented that halve a viewer's leaving; past EXPOSURE_HOLD_MAX_SEC it holds them no more (at most ÷2.5), so nobody stays for ever. */
const EXPOSURE_HOLD_SEC = 200;
const EXPOSURE_HOLD_MAX_SEC = 300;
/** Lucky-bag entries per minute of those who have not entered (about a fifth of those present enter a 3-minute bag). */
const LUCKY_ENTRY_PER_MIN = 0.08;

export function arrivals(w: World): void {
  const tSec = w.now / 1000;
  const pts = w.scenario.audience.traffic;
  let perMin = pts[pts.length - 1].perMin;
  for (let i = 0; i < pts.length; i++) {
    if (pts[i].at >= tSec) {
      if (i === 0) perMin = pts[0].perMin;
      else {
        const a = pts[i - 1];
        const b = pts[i];
        perMin = a.perMin + ((b.perMin - a.perMin) * (tSec - a.at)) / (b.at - a.at);
      }
      break;
    }
  }
  if (w.penaltyUntil >= 0 && w.now >= w.penaltyUntil) {
    w.penaltyFactor = 1;
    w.penaltyUntil = -1;
  }
  let lambda = (perMin / 60) * (TICK_MS / 1000) * w.recMultiplier * w.penaltyFactor;
  if (w.status !== 'live') lambda *= 0.15;
  const n = w.rng.poisson(lambda);
  for (let k = 0; k < n; k++) {
    const u = w.rng.float();
    let p = 0;
    while (p < w.personaCum.length - 1 && u >= w.personaCum[p]) p++;
    newViewer(w, p, false);
  }
  // forget arrivals older than the greeting window (compact now and then, not every tick)
  const cutoff = w.now - GREET_WINDOW_MS;
  const ra = w.recentArrivals;
  while (w.recentHead < ra.length && ra[w.recentHead + 2] < cutoff) w.recentHead += 3;
  if (w.recentHead > 30000) {
    w.recentArrivals = ra.slice(w.recentHead);
    w.recentHead = 0;
  }
}

/**
 * How much a call to action still moves viewers, `ms` after it was said: it fades over about a
 * minute instead of switching off after a fixed window, so a host who calls once a minute keeps
 * most of the effect and one who repeats it every few seconds gains little more.
 */
function ctaLift(w: World, kind: keyof World['ctaUntil'], lift: number): number {
  const until = w.ctaUntil[kind];
  if (until < 0) return 1;
  const age = w.now - (until - CTA_WINDOW_MS);
  return 1 + lift * Math.exp(-age / CTA_FADE_MS);
}

export function viewerDecisions(w: World): void {
  const pool = w.pool;
  updateExposure(w);
  // Room-wide factors, computed once per tick.
  const live = w.status === 'live';
  const quiet = w.now - w.lastSpeech;
  const cardFresh = w.card >= 0 && w.now - w.cardAt < CARD_FRESH_MS && w.products[w.card].listed;
  const f = w.flash;
  // A flash sale counting down or open shows its product with a countdown: it draws clicks and holds viewers without talk.
  const flashOn = live && f !== null && w.products[f.product].listed && f.sold < f.quantity && w.now < f.endsMs ? f.product : -1;
  const onScreen = cardFresh || flashOn >= 0;
  let roomLeave = 1;
  if (!live) roomLeave *= 6;
  if (w.micDown) roomLeave *= 2;
  if (w.quality === 'degraded') roomLeave *= 1.15;
  // Silence hurts gradually: half a minute is a pause, a whole minute is dead air, two are worse
  // (less so with something on screen). Talking more often than that earns nothing by itself.
  if (quiet > 4 * DEAD_AIR_MS) roomLeave *= onScreen ? 1.35 : 1.6;
  else if (quiet > 2 * DEAD_AIR_MS) roomLeave *= onScreen ? 1.1 : 1.3;
  if (w.explaining >= 0 || onScreen) roomLeave *= 0.9;
  if (f && !f.started) roomLeave *= 0.6;
  if (hasOpenTask(w, 'troll_wave')) roomLeave *= 1.25;
  roomLeave *= 1 - 0.3 * w.trust;
  let pull = 0;
  let target = -1;
  let via: Via = 'bag';
  if (live) {
    if (cardFresh) {
      pull = 1;
      target = w.card;
      via = 'card';
    } else if (flashOn >= 0) {
      pull = 0.8;
      target = flashOn;
      via = 'card';
    } else if (w.explaining >= 0 && w.products[w.explaining].listed) {
      pull = 0.35;
      target = w.explaining;
    } else if (firstListed(w) >= 0) pull = 0.06;
  }
  const followMul = ctaLift(w, 'follow', 1.3) * (live ? 1 : 0);
  const likeMul = ctaLift(w, 'like', 2) * (quiet > 2 * DEAD_AIR_MS ? 0.5 : 1) * (live ? 1 : 0.3);
  const shareMul = ctaLift(w, 'share', 4);
  const talkMul = live ? (quiet > 2 * DEAD_AIR_MS ? 0.6 : 1) : 1.5;
  const buyCta = ctaLift(w, 'buy', 0.25);
  const couponOpen = live && openCouponExists(w);
  const couponMul = ctaLift(w, 'coupon', 2);
  const bagOpen = live && w.luckyBag !== null;
  const packetOpen = live && w.redPacket !== null;
  const presented = live && anyPresented(w);

  // Hot loop: locals instead of property chains; persona rates pre-divided per minute of dwell.
  const now = w.now;
  const tick = w.tick;
  const rng = w.rng;
  const personas = w.personas;
  const flagsA = pool.flags;
  const personaA = pool.persona;
  const lastA = pool.lastDecision;
  const askedA = pool.askedAt;
  const trustA = pool.trust;
  const arrivedA = pool.arrived;
  const exposureA = pool.exposure;
  const followCause = w.ctaUntil.follow >= 0 && now < w.ctaUntil.follow + CTA_WINDOW_MS ? 'cta' : null;
  for (let following = pool.takeDue(tick); following >= 0; ) {
    const slot = following;
    // Detach before acting: acting may schedule this viewer again into another bucket.
    following = pool.nextDue(slot);
    const flags = flagsA[slot];
    const persona = personas[personaA[slot]];
    if ((flags & F_ENGAGED) === 0) {
      leave(w, slot);
      continue;
    }
    const phase = pool.phase[slot];
    if (phase === PHASE_CONSIDERING) {
      decidePurchase(w, slot, persona, buyCta);
      continue;
    }
    if (phase === PHASE_PAYING) {
      resolvePayment(w, slot);
      continue;
    }
    const dtMin = (now - lastA[slot]) / 60000;
    lastA[slot] = now;
    if (presented) exposureA[slot] += dtMin * 60;
    const exposure = exposureA[slot];
    const watchSec = (now - arrivedA[slot]) / 1000;
    // Personal stay factors. Someone still here after a few minutes is a long watcher, and the
    // more of the products they have been shown, the more they stay (watch time is a mixture:
    // many short visits, a long tail).
    let personal = (SETTLED_LEAVE + (1 - SETTLED_LEAVE) * Math.exp(-watchSec / SETTLE_SEC)) / (1 + (exposure < EXPOSURE_HOLD_MAX_SEC ? exposure : EXPOSURE_HOLD_MAX_SEC) / EXPOSURE_HOLD_SEC);
    if (flags & (F_GREETED | F_ANSWERED | F_FOLLOWED | F_LUCKY | F_WAVE_TROLL)) {
      if (flags & F_GREETED) personal *= 0.7;
      if (flags & F_ANSWERED) personal *= 0.55;
      if (flags & F_FOLLOWED) personal *= 0.85;
      if (flags & F_LUCKY && bagOpen) personal *= 0.15;
      if (flags & F_WAVE_TROLL) personal *= 0.2;
    }
    if (pool.question[slot] >= 0 && now - askedA[slot] > 30000) personal *= 1.4;
    const tr = trustA[slot];
    if (tr !== 0) personal *= 1 - 0.3 * (tr > 1 ? 1 : tr < -1 ? -1 : tr);
    const perDwell = 60 / persona.dwell;
    const leaveP = roomLeave * personal * perDwell * dtMin;
    const comment = persona.commentRate * talkMul * (flags & F_WAVE_TROLL ? 8 : 1) * dtMin;
    const likeP = persona.likeRate * likeMul * dtMin;
    const followP = flags & F_FOLLOWED ? 0 : persona.followRate * followMul * (flags & F_GREETED ? 1.5 : 1) * perDwell * dtMin;
    // Clicks: what is on screen pulls; a viewer who has watched the products presented for a while, or got an answer, looks closer.
    const warm = 0.5 + 0.5 * (exposure >= 60 ? 1 : exposure / 60);
    const clickP = persona.clickRate * pull * buyCta * warm * (flags & F_ANSWERED ? 1.5 : 1) * (flags & F_CLICKED ? 0.4 : 1) * dtMin;
    const shareP = 0.004 * shareMul * dtMin;
    const claim = couponOpen && (flags & F_CLAIMED) === 0 ? 0.6 * (persona.priceSensitivity + 0.3) * couponMul * dtMin : 0;
    const lucky = bagOpen && (flags & F_LUCKY) === 0 ? LUCKY_ENTRY_PER_MIN * dtMin : 0;
    const grab = packetOpen && (flags & F_GRABBED) === 0 ? 1.5 * dtMin : 0;
    let total = leaveP + comment + likeP + followP + clickP + shareP + claim + lucky + grab;
    const scale = total > 0.95 ? 0.95 / total : 1;
    total *= scale;
    let u = rng.float();
    if (u >= total) {
      scheduleDecision(w, slot);
      continue;
    }
    u /= scale;
    if ((u -= leaveP) < 0) leave(w, slot);
    else if ((u -= comment) < 0) organicComment(w, slot, persona);
    else if ((u -= likeP) < 0) like(w, slot);
    else if ((u -= followP) < 0) follow(w, slot, followCause ?? (flags & F_GREETED ? 'greeting' : 'organic'));
    else if ((u -= clickP) < 0) click(w, slot, target, via);
    else if ((u -= shareP) < 0) share(w, slot);
    else if ((u -= claim) < 0) claimCoupon(w, slot);
    else if (u - lucky < 0) enterLuckyBag(w, slot);
    else grabPacket(w, slot);
    if (pool.isPresent(slot) && pool.sched[slot] < 0) scheduleDecision(w, slot);
  }
}

function randomAskable(w: World): number {
  const c = w.products.filter((p) => p.askable.length > 0);
  return c.length > 0 ? w.rng.pick(c).index : -1;
}

function organicComment(w: World, slot: number, persona: PersonaParams): void {
  const flags = w.pool.flags[slot];
  const vars = (p: number) => ({ product: productName(w, p), no: String(w.scenario.products[p].no), price: yuanText(w.products[p].price), keyword: w.luckyBag?.keyword ?? '' });
  const focus = w.explaining >= 0 ? w.explaining : w.card >= 0 ? w.card : firstListed(w);
  // Situational comments come first: what a real audience says when something is off.
  if (w.status !== 'live') return void postComment(w, slot, 'chat', pickText(w, 'streamDown'), {});
  if (w.micDown && w.rng.float() < 0.7) return void postComment(w, slot, 'chat', pickText(w, 'micDown'), {});
  if (w.luckyBag && w.luckyBag.entry === 'comment' && (flags & F_LUCKY) === 0) {
    enterLuckyBag(w, slot);
    return;
  }
  if (focus >= 0) {
    const fp = w.products[focus];
    if (fp.linkTarget !== focus && flags & F_CLICKED && w.rng.float() < 0.6) return void postComment(w, slot, 'complaint', pickText(w, 'wrongLink', vars(focus)), { product: focus });
    if (fp.price < fp.intendedPrice * 0.6 && w.rng.float() < 0.4) return void postComment(w, slot, 'price', pickText(w, 'lowPrice', vars(focus)), { product: focus });
    if (fp.price > fp.intendedPrice * 1.2 && w.rng.float() < 0.4) return void postComment(w, slot, 'complaint', pickText(w, 'highPrice', vars(focus)), { product: focus });
    if (fp.soldOut && w.rng.float() < 0.4) return void postComment(w, slot, 'chat', pickText(w, 'soldOut', vars(focus)), { product: focus });
  }
  const m = persona.mix;
  const type = personaType(w, slot);
  let u = w.rng.float() * (m.question + m.chat + m.praise + m.complaint + m.troll + m.price);
  if ((u -= m.question) < 0) {
    const p = focus >= 0 && w.products[focus].askable.length > 0 ? focus : randomAskable(w);
    if (p >= 0) {
      const fact = w.rng.pick(w.products[p].askable);
      const f = w.scenario.products[p].facts[fact];
      return void postComment(w, slot, 'question', w.rng.pick(f.ask), { product: p, fact });
    }
    return void postComment(w, slot, 'chat', pickText(w, 'chat'), {});
  }
  if ((u -= m.chat) < 0) return void postComment(w, slot, 'chat', pickText(w, 'chat'), {});
  if ((u -= m.praise) < 0) return void postComment(w, slot, 'praise', pickText(w, 'praise'), {});
  if ((u -= m.complaint) < 0) {
    if (type === 'rival_plant') return void postComment(w, slot, 'complaint', pickText(w, 'plant'), {});
    // General complaints, and those that fit the product in view (its category's group).
    const general = TEMPLATES[w.lang].complaint ?? TEMPLATES.zh.complaint;
    const fitting = focus >= 0 ? TEMPLATES[w.lang][`complaint:${complaintGroup(w.scenario.products[focus])}`] ?? [] : [];
    const i = w.rng.int(general.length + fitting.length);
    return void postComment(w, slot, 'complaint', i < general.length ? general[i] : fitting[i - general.length], i < general.length ? {} : { product: focus });
  }
  if (u - m.troll < 0) return void postComment(w, slot, 'troll', pickText(w, type === 'rival_plant' ? 'plant' : 'troll'), {});
  const p = focus >= 0 ? focus : 0;
  return void postComment(w, slot, 'price', pickText(w, 'price', vars(p)), { product: p });
}

// ---------------------------------------------------------------- scripted viewers

export function vipArrives(w: World, user: string, persona: PersonaType, fanLevel: number): void {
  const slot = newViewer(w, personaSlotFor(w, persona), true);
  const f = w.pool.flags;
  f[slot] |= F_VIP | F_FAN | F_FOLLOWED | F_SCRIPTED;
  w.nameOverrides.set(w.pool.vid[slot], user);
  markNotable(w, slot);
  rememberName(w, w.pool.vid[slot]);
  emit(w, 'viewer.join', { viewer: w.pool.vid[slot], user, vip: true, fanLevel, scripted: true });
}

export function scriptedComment(w: World, c: Scenario['script']['comments'][number]): void {
  const persona = c.persona ?? (c.kind === 'troll' ? 'troll' : c.kind === 'question' ? 'question_asker' : 'loyal_fan');
  const slot = newViewer(w, personaSlotFor(w, persona), true);
  w.pool.flags[slot] |= F_SCRIPTED;
  if (c.user) w.nameOverrides.set(w.pool.vid[slot], c.user);
  const p = c.product !== undefined ? w.productIndex.get(c.product) ?? -1 : -1;
  const fact = p >= 0 && c.fact ? w.scenario.products[p].facts.findIndex((f) => f.key === c.fact) : -1;
  postComment(w, slot, c.kind, c.text, { product: p, fact, scripted: true });
}
