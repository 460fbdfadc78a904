/**
 * The lifecycle every incident and cue goes through: it logs `incident.started` (or
 * `cue.issued`), then exactly one of `incident.handled` / `cue.done` or, when the window
 * passes, `incident.missed` / `cue.missed` (handling it later still logs `handled` with
 * `late: true`). What starts, handles or escalates each kind is in that kind's file.
 */
import { emit } from '../kernel/log';
import type { QueuedAction } from '../kernel/queue';
import type { Task, World } from '../kernel/state';
import type { Scenario } from '../scenario/load';
import { fen } from '../money';
import { cueAlreadyDone, type CueData } from './cue';
import { taskKind } from './registry';
import type { Incident } from './types';

function incidentProduct(w: World, task: Task): string | undefined {
  if (task.kind === 'cue') return undefined;
  const inc = w.scenario.incidents.find((i) => i.id === task.id);
  return inc && 'product' in inc ? inc.product : undefined;
}

export function startIncident(w: World, inc: Incident): void {
  if (w.finished) return;
  const def = taskKind(inc.kind);
  const within = (inc.within ?? def.defaultWithinSec) * 1000;
  const deadline = w.eventTime + within;
  const message = inc.message ?? def.message!(w, inc as never);
  const product = 'product' in inc ? inc.product : undefined;
  const ev = emit(w, 'incident.started', { incident: inc.id, kind: inc.kind, ...(product ? { product } : {}), message, deadlineMs: deadline });
  const task: Task = { id: inc.id, kind: inc.kind, startEvent: ev, startedAt: w.eventTime, deadline, handled: false, missed: false, data: {} };
  w.tasks.push(task);
  def.start?.(w, inc as never, task, ev);
}

export function handle(w: World, task: Task, by: number): void {
  if (task.handled) return;
  task.handled = true;
  const latency = w.eventTime - task.startedAt;
  const late = w.eventTime > task.deadline;
  if (task.kind === 'cue') emit(w, 'cue.done', { cue: task.id, latencyMs: latency, late }, [task.startEvent, by]);
  else emit(w, 'incident.handled', { incident: task.id, kind: task.kind, latencyMs: latency, late }, [task.startEvent, by]);
  taskKind(task.kind).onHandled?.(w, task, late, incidentProduct(w, task));
}

/** A scripted host line at the controller seat asks for an action: open a cue (done at once if it already holds). */
export function issueCue(w: World, line: Scenario['script']['host'][number], index: number, sayEvent: number): void {
  const c = line.cue!;
  const cueId = `cue-${index + 1}`;
  // A host who calls for a new price ("改价59") makes it the room's intended price from now on.
  if (c.action === 'set_price' && c.price !== undefined && c.product !== undefined) {
    const p = w.productIndex.get(c.product);
    if (p !== undefined) w.products[p].intendedPrice = fen(c.price);
  }
  const deadline = w.eventTime + Math.round(c.within * 1000);
  const ev = emit(
    w,
    'cue.issued',
    {
      cue: cueId,
      text: line.say,
      action: c.action,
      deadlineMs: deadline,
      ...(c.product ? { product: c.product } : {}),
      ...(c.coupon ? { coupon: c.coupon } : {}),
      // set_price / set_stock: the value the host asks for (price in fen, like every price in the log).
      ...(c.price !== undefined ? { price: fen(c.price) } : {}),
      ...(c.stock !== undefined ? { stock: c.stock } : {}),
    },
    [sayEvent],
  );
  const data: CueData = { action: c.action, product: c.product, coupon: c.coupon, price: c.price, stock: c.stock };
  const task: Task = { id: cueId, kind: 'cue', startEvent: ev, startedAt: w.eventTime, deadline, handled: false, missed: false, data: data as unknown as Record<string, unknown> };
  w.tasks.push(task);
  if (cueAlreadyDone(w, data)) handle(w, task, task.startEvent);
}

/** After an accepted action (its `action.accepted` event id): does it handle an open incident or cue? */
export function tasksAfterAction(w: World, action: QueuedAction, accepted: number): void {
  for (const task of w.tasks) {
    if (task.handled) continue;
    const def = taskKind(task.kind);
    if (def.handledBy?.(w, task, action, incidentProduct(w, task))) handle(w, task, accepted);
  }
}

/** Words that handle an incident (a calm after-sales answer to a quality complaint). */
export function speechHandlesTasks(w: World, text: string, sourceEvent: number, replyTo: number | null): void {
  for (const task of w.tasks) {
    if (task.handled) continue;
    const def = taskKind(task.kind);
    if (def.handledBySpeech?.(w, task, text, replyTo)) handle(w, task, sourceEvent);
  }
}

/** Each tick: windows that closed without handling. */
export function taskDeadlines(w: World): void {
  for (const task of w.tasks) {
    if (task.handled || task.missed || w.now < task.deadline) continue;
    task.missed = true;
    if (task.kind === 'cue') {
      emit(w, 'cue.missed', { cue: task.id }, [task.startEvent]);
      continue;
    }
    emit(w, 'incident.missed', { incident: task.id, kind: task.kind }, [task.startEvent]);
    w.trust = Math.max(-1, w.trust - 0.05);
    taskKind(task.kind).onMissed?.(w, task);
  }
}
