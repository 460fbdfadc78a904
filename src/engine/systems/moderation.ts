/**
 * The platform's side of moderation: warnings and traffic throttling. Every third warning
 * throttles traffic for five minutes.
 */
import { emit } from '../kernel/log';
import type { World } from '../kernel/state';
import type { TaskKind } from '../events';

export function penalise(w: World, reason: string, factor: number, forMs: number): void {
  w.penaltyFactor = Math.min(w.penaltyFactor, factor);
  w.penaltyUntil = Math.max(w.penaltyUntil, w.eventTime + forMs);
  emit(w, 'platform.penalty', { kind: 'throttle', factor, untilMs: w.penaltyUntil, reason });
}

export function warn(w: World, reason: string, incident?: string): void {
  w.warnings++;
  emit(w, 'platform.warning', { reason, ...(incident ? { incident } : {}) });
  if (w.warnings % 3 === 0) penalise(w, 'repeated warnings', 0.4, 5 * 60000);
}

export function hasOpenTask(w: World, kind: TaskKind): boolean {
  return w.tasks.some((t) => t.kind === kind && !t.handled);
}
