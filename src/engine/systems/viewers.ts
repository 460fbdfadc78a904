/**
 * Viewers as individuals: arriving, being scheduled to decide, leaving, commenting, liking,
 * following, and having their questions answered or left to expire.
 */
import type { EventMap } from '../events';
import { emit } from '../kernel/log';
import type { OpenQuestion, World } from '../kernel/state';
import { schedule } from '../kernel/timers';
import { TICK_MS } from '../time';
import { PERSONA_DEFAULTS, type PersonaType } from '../audience/personas';
import { PERSONA_TYPES } from '../scenario/persona-types';
import { viewerName } from '../audience/names';
import { templates } from '../audience/templates';
import {
  F_ANSWERED, F_ENGAGED, F_FAN, F_FOLLOWED, F_INTERACTED, F_MISLED, F_NOTABLE, PHASE_PAYING,
} from '../audience/pool';
import { cancelOrder } from './orders';
import { CARD_FRESH_MS, DEAD_AIR_MS, DECISION_MAX_MS, DECISION_MEAN_MS, QUESTION_OPEN_MS } from './tuning';

export function userName(w: World, viewer: number): string {
  return w.nameOverrides.get(viewer) ?? viewerName(viewer, w.lang);
}

export function personaSlotFor(w: World, type: PersonaType): number {
  const i = w.personaTypeIndex.indexOf(PERSONA_TYPES.indexOf(type));
  if (i >= 0) return i;
  // A scripted viewer of a persona the room does not list: add it with defaults.
  w.personaTypeIndex.push(PERSONA_TYPES.indexOf(type));
  w.personas.push({ ...PERSONA_DEFAULTS[type] });
  return w.personas.length - 1;
}

export function personaType(w: World, slot: number): PersonaType {
  return PERSONA_TYPES[w.personaTypeIndex[w.pool.persona[slot]]];
}

/** A random text of one kind in the room's language, with `{var}`s filled in. */
export function pickText(w: World, kind: string, vars: Record<string, string> = {}): string {
  let text = w.rng.pick(templates(w.lang, kind)!);
  for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(v);
  return text;
}

export function scheduleDecision(w: World, slot: number, meanMs = DECISION_MEAN_MS): void {
  const dt = Math.min(w.rng.exp(meanMs), DECISION_MAX_MS) + 500;
  w.pool.schedule(slot, w.tick + Math.max(1, Math.ceil(dt / TICK_MS)));
}

/** Create a viewer now. `engaged` viewers skip the bounce draw (scripted ones always stay a while). */
export function newViewer(w: World, persona: number, engaged: boolean): number {
  const vid = w.nextViewerId++;
  const slot = w.pool.add(vid, persona, w.eventTime);
  w.uv++;
  w.presentArrivalSum += w.eventTime;
  if (w.pool.online > w.peakOnline) w.peakOnline = w.pool.online;
  w.secondAgg.joined++;
  if (w.secondAgg.joinedIds.length < 3) w.secondAgg.joinedIds.push(vid);
  w.recentArrivals.push(slot, vid, w.eventTime);
  const pp = w.personas[persona];
  const flags = w.pool.flags;
  if (engaged) {
    flags[slot] |= F_ENGAGED;
    w.engaged++;
    scheduleDecision(w, slot);
  } else {
    let bounce = pp.bounce;
    if (w.status !== 'live') bounce = 0.9;
    else {
      if (w.card >= 0 && w.now - w.cardAt < CARD_FRESH_MS) bounce *= 0.8;
      // Newcomers to a silent room leave at once; half a minute without a word is still only a pause.
      const quiet = w.now - w.lastSpeech;
      if (quiet > 4 * DEAD_AIR_MS) bounce = Math.min(0.95, bounce * 1.3);
      else if (quiet > 2 * DEAD_AIR_MS) bounce = Math.min(0.95, bounce * 1.15);
      if (w.flash && !w.flash.started) bounce *= 0.8;
    }
    if (w.rng.float() < bounce) {
      // Negative watching: gone within a few seconds.
      w.pool.schedule(slot, w.tick + 10 + w.rng.int(50));
    } else {
      flags[slot] |= F_ENGAGED;
      w.engaged++;
      if (w.rng.float() < 0.12) flags[slot] |= F_FOLLOWED; // already a follower
      scheduleDecision(w, slot);
    }
  }
  return slot;
}

/** From now on this viewer appears by id in the log, and the room can find them by id. */
export function markNotable(w: World, slot: number): void {
  const f = w.pool.flags;
  if ((f[slot] & F_NOTABLE) === 0) {
    f[slot] |= F_NOTABLE;
    w.notable.set(w.pool.vid[slot], slot);
  }
}

export function rememberName(w: World, vid: number): void {
  w.nameable.push(vid);
  if (w.nameable.length > 60) w.nameable.splice(0, 20);
}

/** VIPs and recent commenters still in the room: the names a host might use. */
export function greetable(w: World): number[] {
  return w.nameable.filter((vid) => w.notable.has(vid));
}

/** Viewers who arrived within the greeting window and are still here. */
export function recentViewers(w: World): { slot: number; vid: number }[] {
  const out: { slot: number; vid: number }[] = [];
  for (let i = w.recentHead; i < w.recentArrivals.length; i += 3) {
    const slot = w.recentArrivals[i];
    const vid = w.recentArrivals[i + 1];
    if (w.pool.isPresent(slot) && w.pool.vid[slot] === vid) out.push({ slot, vid });
  }
  return out;
}

/** The slot of a viewer who is in the room now, or -1. */
export function slotOf(w: World, viewer: number): number {
  const known = w.notable.get(viewer);
  if (known !== undefined) return known;
  const pool = w.pool;
  for (let s = 0; s < pool.used; s++) if (pool.vid[s] === viewer && pool.isPresent(s)) return s;
  return -1;
}

export function leave(w: World, slot: number): void {
  const pool = w.pool;
  const vid = pool.vid[slot];
  // Someone removed mid-payment (blocked) never pays: release the stock.
  if (pool.phase[slot] === PHASE_PAYING) cancelOrder(w, pool.order[slot], 'unpaid');
  const dwell = w.now - pool.arrived[slot];
  w.departedDwellMs += dwell;
  w.presentArrivalSum -= pool.arrived[slot];
  w.secondAgg.left++;
  if (pool.flags[slot] & F_NOTABLE) {
    w.notable.delete(vid);
    emit(w, 'viewer.leave', { viewer: vid, dwellMs: dwell });
  }
  pool.remove(slot);
}

export function interacted(w: World, slot: number): void {
  // Interaction rate counts viewers, not acts: mark the first interaction only.
  const f = w.pool.flags;
  if ((f[slot] & F_INTERACTED) === 0) {
    f[slot] |= F_INTERACTED;
    w.interactors++;
  }
  w.win.interactions[w.win.i]++;
}

export function like(w: World, slot: number): void {
  const taps = 1 + w.rng.int(12);
  w.likes += taps;
  w.secondAgg.likes += taps;
  interacted(w, slot);
}

export function share(w: World, slot: number): void {
  w.shares++;
  w.secondAgg.shares++;
  interacted(w, slot);
}

export function follow(w: World, slot: number, cause: EventMap['viewer.follow']['cause']): void {
  w.pool.flags[slot] |= F_FOLLOWED;
  w.newFollowers++;
  interacted(w, slot);
  markNotable(w, slot);
  emit(w, 'viewer.follow', { viewer: w.pool.vid[slot], cause });
  if (w.now < w.ctaUntil.fanclub && w.rng.float() < 0.3) {
    w.pool.flags[slot] |= F_FAN;
    w.fanclubJoins++;
    emit(w, 'viewer.fanclub', { viewer: w.pool.vid[slot] });
  }
}

/** Post a comment from a viewer; questions open a question the host should answer. */
export function postComment(
  w: World,
  slot: number,
  kind: EventMap['comment']['kind'],
  text: string,
  o: { product?: number; fact?: number; scripted?: boolean; incident?: string },
): number {
  const vid = w.pool.vid[slot];
  markNotable(w, slot);
  w.comments++;
  interacted(w, slot);
  const mutedUntil = w.muted.get(vid);
  let hidden: 'muted' | 'filtered' | undefined;
  if (mutedUntil !== undefined && mutedUntil > w.eventTime) hidden = 'muted';
  else if (w.filterWords.length > 0 && w.filterWords.some((x) => text.toLowerCase().includes(x))) hidden = 'filtered';
  const p = o.product ?? -1;
  const id = emit(w, 'comment', {
    viewer: vid,
    user: userName(w, vid),
    kind,
    text,
    ...(p >= 0 ? { product: w.products[p].id } : {}),
    ...(p >= 0 && o.fact !== undefined && o.fact >= 0 ? { fact: w.scenario.products[p].facts[o.fact].key } : {}),
    scripted: o.scripted ?? false,
    ...(hidden ? { hidden } : {}),
    ...(o.incident ? { incident: o.incident } : {}),
  });
  rememberName(w, vid);
  if (kind === 'question' && p >= 0 && o.fact !== undefined && o.fact >= 0 && !hidden) {
    w.questions.set(id, { eventId: id, viewer: vid, slot, product: p, fact: o.fact, askedAt: w.eventTime, answered: false });
    w.pool.question[slot] = id;
    w.pool.askedAt[slot] = w.eventTime;
    // Unanswered questions make the asker restless; an old one is dropped from the open list.
    schedule(w, w.eventTime + QUESTION_OPEN_MS, 'question.expire', { comment: id });
  }
  return id;
}

/** Timer `question.expire`. */
export function expireQuestion(w: World, p: { comment: number }): void {
  const q = w.questions.get(p.comment);
  if (!q || q.answered) return;
  w.questions.delete(p.comment);
  w.trust = Math.max(-1, w.trust - 0.01);
  if (w.pool.isPresent(q.slot) && w.pool.vid[q.slot] === q.viewer) w.pool.question[q.slot] = -1;
  emit(w, 'question.expired', { comment: p.comment, viewer: q.viewer }, [p.comment]);
}

/** Mark an open question answered. A correct answer keeps the asker and makes them likelier to buy. */
export function answerQuestion(w: World, q: OpenQuestion, correct: boolean, by: 'reply' | 'speech', byEvent: number): void {
  q.answered = true;
  w.questions.delete(q.eventId);
  const present = w.pool.isPresent(q.slot) && w.pool.vid[q.slot] === q.viewer;
  if (present) {
    w.pool.question[q.slot] = -1;
    w.pool.flags[q.slot] |= F_ANSWERED;
    // A wrong answer never lowers the asker's will to buy now; it shows up later as a refund.
    if (correct) w.pool.trust[q.slot] += 0.5;
    else w.pool.flags[q.slot] |= F_MISLED;
  }
  w.trust = Math.min(1, w.trust + (correct ? 0.03 : 0));
  if (!correct) w.products[q.product].misled = true;
  const fact = w.scenario.products[q.product].facts[q.fact].key;
  emit(w, 'question.answered', { comment: q.eventId, viewer: q.viewer, product: w.products[q.product].id, fact, correct, by }, [q.eventId, byEvent]);
  if (present && correct && w.rng.float() < 0.15) postComment(w, q.slot, 'chat', pickText(w, 'thanks'), {});
}
