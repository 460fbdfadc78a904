/**
 * The tick loop. Time advances in ticks of TICK_MS; tick k covers [k·TICK, (k+1)·TICK):
 *   1. the scripted events and queued actions whose time falls in it, in time order (scripted
 *      first on ties, actions in dispatch order), each stamped with its own time;
 *   2. then, stamped at the end of the tick: timers, incident deadlines, arrivals, the viewers'
 *      decisions, the per-second aggregate and the recommendation update.
 * Splitting advanceTo() calls differently never changes the result; neither does dispatching
 * actions early. An action stamped before the current time is rejected as late.
 */
import { emit } from './kernel/log';
import { enqueue, peekAction, takeAction, type QueuedAction } from './kernel/queue';
import type { World } from './kernel/state';
import { runDueTimers, type TimerHandlers } from './kernel/timers';
import { TICK_MS, TICKS_PER_SECOND } from './time';
import { applyAction } from './actions/registry';
import { runScriptItem } from './script';
import { arrivals, viewerDecisions } from './systems/audience';
import { expireQuestion } from './systems/viewers';
import { refund } from './systems/orders';
import { drawLuckyBag, expireCoupon, flashSaleOpens, flashSaleTimesOut } from './systems/promotions';
import { endRun, rejectEnded, restoreQuality } from './systems/room';
import { flushSecond, updateRecommendation } from './systems/traffic';
import { REC_UPDATE_TICKS } from './systems/tuning';
import { INCIDENT_TIMERS } from './incidents/registry';
import { taskDeadlines, tasksAfterAction } from './incidents/lifecycle';

/** Who handles each kind of timer. */
const TIMERS: TimerHandlers<World> = {
  'question.expire': expireQuestion,
  'order.refund': refund,
  'flash.start': flashSaleOpens,
  'flash.end': flashSaleTimesOut,
  'luckybag.draw': drawLuckyBag,
  'coupon.expire': expireCoupon,
  'quality.restore': restoreQuality,
  ...(INCIDENT_TIMERS as Pick<TimerHandlers<World>, 'trollwave.end' | 'complaint.pileon'>),
};

/**
 * Queue an action. It is applied when the simulation reaches its time.
 * Returns the sequence number; the outcome (accepted/rejected) appears in the log.
 */
export function dispatch(w: World, input: Record<string, unknown>): number {
  const seq = w.actionSeq++;
  const action = { ...input, seq } as QueuedAction;
  const t = action.t as unknown;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t < w.now || w.finished) {
    // Stamp the refusal now, never before what is already in the log.
    const last = w.log.length > 0 ? w.log[w.log.length - 1].t : 0;
    w.eventTime = Math.max(w.now, last);
    if (w.finished && typeof t === 'number' && t >= w.now) {
      rejectEnded(w, action);
      return seq;
    }
    const { t: _t, type, seq: _seq, ...payload } = action as unknown as Record<string, unknown>;
    void _t;
    void _seq;
    const bad = typeof t !== 'number' || !Number.isInteger(t) || t < 0;
    emit(w, 'action.rejected', {
      seq,
      action: String(type),
      payload,
      code: bad ? 'bad_time' : 'late',
      reason: bad
        ? `action time ${String(t)} is not a whole number of milliseconds ≥ 0`
        : `action time ${String(t)} ms is before the current simulation time ${w.now} ms`,
    });
    return seq;
  }
  enqueue(w, action);
  return seq;
}

/** Simulate up to (not including) time `t` ms, in whole ticks. */
export function advanceTo(w: World, t: number): void {
  const target = Math.min(t, w.durationMs);
  while (!w.finished && w.now + TICK_MS <= target) step(w);
  if (!w.finished && w.now >= w.durationMs) endRun(w, 'time');
}

export function runToEnd(w: World): void {
  advanceTo(w, w.durationMs);
  if (!w.finished) endRun(w, 'time');
}

function step(w: World): void {
  const start = w.now;
  const end = start + TICK_MS;
  // 1. scripted events and actions in [start, end), in time order
  for (;;) {
    const s = w.scriptNext < w.script.length ? w.script[w.scriptNext] : null;
    const a = peekAction(w);
    const sAt = s && s.at < end ? s.at : Infinity;
    const aAt = a && a.t < end ? a.t : Infinity;
    if (sAt === Infinity && aAt === Infinity) break;
    if (sAt <= aAt) {
      w.scriptNext++;
      w.eventTime = s!.at;
      runScriptItem(w, s!);
    } else {
      takeAction(w);
      w.eventTime = a!.t;
      if (w.finished) rejectEnded(w, a!);
      else {
        const accepted = applyAction(w, a!);
        if (accepted >= 0) tasksAfterAction(w, a!, accepted);
      }
    }
    if (w.finished) return;
  }
  // 2. the audience and room timers, stamped at the end of the tick
  w.now = end;
  w.tick++;
  w.eventTime = end;
  // At the controller seat the scripted host is on air the whole time: its lines in the file are
  // the ones that matter (cues, key claims), and it keeps talking between them. No dead air then,
  // unless the stream is down or the microphone has failed.
  if (w.scenario.meta.seat === 'controller' && w.status === 'live' && !w.micDown) w.lastSpeech = end;
  runDueTimers(w, TIMERS);
  taskDeadlines(w);
  arrivals(w);
  viewerDecisions(w);
  if (w.tick % TICKS_PER_SECOND === 0) flushSecond(w);
  if (w.tick % REC_UPDATE_TICKS === 0) updateRecommendation(w);
  if (w.now >= w.durationMs) endRun(w, 'time');
}
