/**
 * The action queue: dispatched actions waiting for their time, in a heap ordered by (t, seq),
 * so dispatching n actions costs O(n log n) whatever order they come in.
 */
import { heapPop, heapPush, heapSorted } from './heap';

/** What the queue needs of the state. */
export interface ActionQueue {
  queue: QueuedAction[];
}

/** A dispatched action: `{ t, type, ...payload }` plus its dispatch sequence number. */
export type QueuedAction = { t: number; seq: number; type: string } & Record<string, unknown>;

export function enqueue(w: ActionQueue, a: QueuedAction): void {
  heapPush(w.queue, a);
}

export function peekAction(w: ActionQueue): QueuedAction | undefined {
  return w.queue[0];
}

export function takeAction(w: ActionQueue): QueuedAction | undefined {
  return heapPop(w.queue);
}

/** Empty the queue, returning what was in it in time order. */
export function drainQueue(w: ActionQueue): QueuedAction[] {
  const all = heapSorted(w.queue);
  w.queue = [];
  return all;
}
