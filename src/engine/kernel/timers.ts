/**
 * Timers as data: (due time, kind, payload) in a heap ordered by (due time, sequence). The system
 * that owns a kind handles it (loop.ts maps kinds to handlers), so pending timers survive a
 * snapshot and nothing hides state in a closure.
 */
import type { EventMap } from '../events';
import { heapPop, heapPush } from './heap';

export interface TimerPayloads {
  /** An unanswered question drops off the open list. */
  'question.expire': { comment: number };
  /** A paid order comes back. */
  'order.refund': { order: number; reason: EventMap['refund']['reason'] };
  /** A flash sale's countdown ends / its window closes. */
  'flash.start': { flash: number };
  'flash.end': { flash: number };
  'luckybag.draw': { bag: number; launch: number };
  /** An issued coupon's claim window closes. */
  'coupon.expire': { coupon: string; until: number };
  /** The primary network is back after streaming on the backup line. */
  'quality.restore': Record<string, never>;
  /** A troll wave's trolls lose interest. */
  'trollwave.end': { trolls: number[] };
  /** More viewers pile on an unhandled quality complaint (task = index in `tasks`). */
  'complaint.pileon': { task: number; product: string };
}

export type TimerKind = keyof TimerPayloads;

export type Timer = { [K in TimerKind]: { t: number; seq: number; kind: K; payload: TimerPayloads[K] } }[TimerKind];

/** Who handles each kind, over a world `W` (the state: kernel/state.ts). */
export type TimerHandlers<W> = { [K in TimerKind]: (w: W, payload: TimerPayloads[K]) => void };

/** What the timers need of the state. */
export interface TimerQueue {
  timers: Timer[];
  timerSeq: number;
  now: number;
}

export function schedule<K extends TimerKind>(w: TimerQueue, t: number, kind: K, payload: TimerPayloads[K]): void {
  heapPush(w.timers, { t, seq: w.timerSeq++, kind, payload } as Timer);
}

/** Run every timer due by `w.now`, in (due, sequence) order; timers they set for now run too. */
export function runDueTimers<W extends TimerQueue>(w: W, handlers: TimerHandlers<W>): void {
  while (w.timers.length > 0 && w.timers[0].t <= w.now) {
    const timer = heapPop(w.timers)!;
    (handlers[timer.kind] as (w: W, p: unknown) => void)(w, timer.payload);
  }
}
