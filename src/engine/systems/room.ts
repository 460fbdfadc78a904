/** The room's life: ending the stream (on time or by the host) and refusing what comes after. */
import { emit } from '../kernel/log';
import { drainQueue, type QueuedAction } from '../kernel/queue';
import type { World } from '../kernel/state';
import { stopExplaining } from './products';
import { flushSecond } from './traffic';

/** Log `action.rejected` (code `ended`) for an action that comes after the end. */
export function rejectEnded(w: World, a: QueuedAction): void {
  const { t: _t, type, seq, ...payload } = a;
  void _t;
  emit(w, 'action.rejected', { seq, action: String(type), payload, code: 'ended', reason: 'the stream has ended' });
}

export function endRun(w: World, reason: 'time' | 'host'): void {
  if (w.finished) return;
  w.eventTime = Math.min(Math.max(w.eventTime, w.now), w.durationMs);
  if (w.explaining >= 0) stopExplaining(w);
  flushSecond(w, true);
  w.status = 'ended';
  w.finished = true;
  w.now = Math.max(w.now, w.eventTime);
  emit(w, 'room.ended', { reason });
  // Anything still queued can never happen.
  for (const a of drainQueue(w)) {
    w.eventTime = Math.max(w.eventTime, Math.min(a.t, w.durationMs));
    rejectEnded(w, a);
  }
}

/** Timer `quality.restore`: the primary network is back after the backup line. */
export function restoreQuality(w: World): void {
  if (w.quality !== 'degraded' || w.finished) return;
  w.quality = 'good';
  emit(w, 'room.quality', { quality: 'good', reason: 'primary_restored' });
}
