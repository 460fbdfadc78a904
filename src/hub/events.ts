/**
 * Events between the hub's processes: an attempt closed (the student's page is told), a student
 * rejoined from another computer (the old page's socket is cut), and later "an attempt changed"
 * for the teacher's live class view. Whoever holds the student's or the teacher's socket
 * subscribes; whatever changes the data publishes, after its transaction committed.
 *
 * With SQLite there is one hub process: the bus is a local EventEmitter. With PostgreSQL several
 * hub processes share the database and the bus is its LISTEN/NOTIFY (src/hub/db/pg.ts). Payloads
 * stay small (ids and a status): a subscriber reads anything else from the database.
 */
import { EventEmitter } from 'node:events';
import type { AttemptStatus } from './protocol';

export type HubEvent =
  /** An attempt was closed (time up, the exam ended, voided): tell the student's page. */
  | { kind: 'closed'; attemptId: string; examId: string; status: AttemptStatus }
  /** The student rejoined from another computer: the old page's socket goes. */
  | { kind: 'rejoined'; attemptId: string; examId: string }
  /** Something of the attempt changed (for live views); read it again from the database. */
  | { kind: 'attempt'; attemptId: string; examId: string; status?: AttemptStatus };

export interface EventBus {
  /** Deliver to every subscriber of every hub process on this database (this one's at once). Never throws. */
  publish(e: HubEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(fn: (e: HubEvent) => void): () => void;
  close(): Promise<void>;
}

/** Subscribers of this process. */
export class LocalBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  publish(e: HubEvent): void {
    for (const fn of this.emitter.listeners('event') as ((e: HubEvent) => void)[]) {
      try {
        fn(e);
      } catch (err) {
        console.error('hub: an event subscriber failed:', err);
      }
    }
  }
  subscribe(fn: (e: HubEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
  get subscribers(): number {
    return this.emitter.listenerCount('event');
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const KINDS = new Set<string>(['closed', 'rejoined', 'attempt']);

/**
 * A payload from another process, checked (a NOTIFY on the channel can come from anyone with access
 * to the database), with the sending process's id beside it.
 */
export function parseEvent(text: string): { event: HubEvent; from: unknown } | null {
  try {
    const { from, ...e } = JSON.parse(text) as Partial<HubEvent> & { from?: unknown };
    if (!KINDS.has(e.kind ?? '') || typeof e.attemptId !== 'string' || typeof e.examId !== 'string') return null;
    if ('status' in e && typeof e.status !== 'string') return null;
    return { event: e as HubEvent, from };
  } catch {
    return null;
  }
}
