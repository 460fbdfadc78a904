/**
 * An incident kind as a small state machine: how it starts, what resolves it (an action or
 * words), its default deadline, and what it does when handled or missed. The lifecycle —
 * `incident.started` → `incident.handled` | `incident.missed` (→ `incident.escalated`) — is
 * run by lifecycle.ts for every kind alike; each kind's file says only what is its own.
 */
import type { Scenario } from '../scenario/load';
import type { TaskKind } from '../events';
import type { Task, World } from '../kernel/state';
import type { QueuedAction } from '../kernel/queue';
import type { TimerHandlers } from '../kernel/timers';

export type Incident = Scenario['incidents'][number];
export type IncidentKind = Incident['kind'];
export type IncidentOf<K extends IncidentKind> = Extract<Incident, { kind: K }>;

export interface TaskKindDef<K extends TaskKind = TaskKind> {
  kind: K;
  /** Seconds to handle it when the scenario gives no `within`. */
  defaultWithinSec: number;
  /** What the console shows when it starts (a scenario's `message` overrides it). */
  message?(w: World, inc: K extends IncidentKind ? IncidentOf<K> : never): { zh: string; en: string };
  /** What it does to the room, right after `incident.started` (event id `started`) is logged. */
  start?(w: World, inc: K extends IncidentKind ? IncidentOf<K> : never, task: Task, started: number): void;
  /** Does this accepted action handle it? `product` is the incident's product, if any. */
  handledBy?(w: World, task: Task, action: QueuedAction, product: string | undefined): boolean;
  /** Do these words (speech to the room, or a reply to comment `replyTo`) handle it? */
  handledBySpeech?(w: World, task: Task, text: string, replyTo: number | null): boolean;
  /** After `incident.handled` is logged. */
  onHandled?(w: World, task: Task, late: boolean, product: string | undefined): void;
  /** After `incident.missed` is logged: escalation. */
  onMissed?(w: World, task: Task): void;
  /** Timers this kind sets, by kind. */
  timers?: Partial<TimerHandlers<World>>;
}

/** The name of product `id` in a language (the id itself if unknown). */
export function productLabel(w: World, id: string, lang: 'zh' | 'en'): string {
  const p = w.scenario.products.find((x) => x.id === id);
  return p ? p.name[lang] : id;
}

export function productState(w: World, id: string) {
  return w.products[w.productIndex.get(id)!];
}
