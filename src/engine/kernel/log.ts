/**
 * The append-only event log and its digest. Events are immutable once logged; the digest is
 * the SHA-256 of one JSON line per event, hashed lazily (so restoring a snapshot re-hashes the
 * stored log and reaches the same digest).
 */
import type { EventMap, EventType, SimEvent } from '../events';
import type { World } from './state';

/** Append an event at `w.eventTime` (or `t`); returns its id. */
export function emit<K extends EventType>(w: World, type: K, payload: EventMap[K], refs?: number[], t = w.eventTime): number {
  const id = w.log.length;
  const ev = { id, t, type, ...payload } as SimEvent;
  if (refs && refs.length > 0) (ev as { refs?: number[] }).refs = refs;
  w.log.push(ev);
  return id;
}

/** Remove the last event (only an action's own `action.accepted`, when the action turns out to be invalid). */
export function retractLast(w: World): void {
  if (w.log.length <= w.hashed) throw new Error('cannot retract an event that is already part of the digest');
  w.log.pop();
}

/** sha256 of the event log (one JSON line per event). */
export function digest(w: World): string {
  for (; w.hashed < w.log.length; w.hashed++) {
    w.hasher.update(JSON.stringify(w.log[w.hashed]));
    w.hasher.update('\n');
  }
  return w.hasher.clone().digestHex();
}
