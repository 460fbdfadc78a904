/**
 * The event log: append-only, one entry per thing that happened.
 *
 * Every event has a stable `id` (its position in the log), a sim time `t` (ms),
 * a `type`, and optionally `refs`: the ids of earlier events it refers to
 * (an answer refers to its question, a payment to its order, a handled incident
 * to its start). Money is in fen (1/100 yuan) as integers, so sums are exact.
 * Viewers are referred to by numeric `viewer` ids, never by index.
 *
 * Scoring, review, replay and grading read this log and nothing else of the engine.
 */
import type { ComplianceCategory } from './compliance';

export type Via = 'card' | 'bag';
export type CommentKind = 'question' | 'chat' | 'praise' | 'complaint' | 'troll' | 'price' | 'keyword';
export type TaskKind =
  | 'stream_drop'
  | 'wrong_link'
  | 'wrong_price'
  | 'coupon_misconfig'
  | 'stock_mismatch'
  | 'troll_wave'
  | 'quality_complaint'
  | 'platform_warning'
  | 'supplier_price_change'
  | 'mic_failure'
  | 'cue';

export interface EventMap {
  'run.start': { scenario: string; scenarioHash: string; seed: number; engineVersion: string; durationMs: number };
  'room.live': Record<string, never>;
  'room.interrupted': { cause: 'stream_drop' };
  'room.restored': { via: 'retry' | 'backup' };
  'room.quality': { quality: 'good' | 'degraded'; reason: 'backup_network' | 'primary_restored' };
  'room.ended': { reason: 'time' | 'host' };
  'room.announcement': { text: string };
  'action.accepted': { seq: number; action: string; payload: Record<string, unknown> };
  'action.rejected': { seq: number; action: string; payload: Record<string, unknown>; code: string; reason: string };
  'audience.second': { online: number; joined: number; left: number; likes: number; shares: number; claims: number; joinedIds: number[] };
  'traffic.update': { multiplier: number; quality: number; penalty: number };
  'viewer.join': { viewer: number; user: string; vip: boolean; fanLevel?: number; scripted: boolean };
  'viewer.leave': { viewer: number; dwellMs: number };
  'viewer.follow': { viewer: number; cause: 'organic' | 'cta' | 'greeting' | 'lucky_bag' };
  'viewer.fanclub': { viewer: number };
  'viewer.muted': { viewer: number; untilMs: number };
  'viewer.blocked': { viewer: number };
  comment: {
    viewer: number;
    user: string;
    kind: CommentKind;
    text: string;
    product?: string;
    fact?: string;
    scripted: boolean;
    hidden?: 'muted' | 'filtered';
    incident?: string;
  };
  'comment.pinned': { comment: number };
  'comment.unpinned': { comment: number };
  'comment.replied': { comment: number; text: string };
  'question.answered': { comment: number; viewer: number; product: string; fact: string; correct: boolean; by: 'reply' | 'speech' };
  'question.expired': { comment: number; viewer: number };
  'host.say': { text: string; heard: boolean; source: 'typed' | 'voice' | 'script' };
  'speech.greeting': { viewers: number[]; named: number[] };
  'speech.cta': { kind: 'follow' | 'like' | 'share' | 'coupon' | 'buy' | 'fanclub' | 'lucky_bag'; match: string };
  'speech.points': { product: string; points: string[]; newPoints: string[]; matches: string[] };
  'speech.product': { product: string; match: string };
  /**
   * Selling points the host said that earned no credit, and why: `list` (a bare keyword list,
   * no sentence), `repeat` (the same or nearly the same line as one of the last few; `repeats`
   * is the event of the earlier line) or `cap` (over the points a sentence or a minute can earn).
   */
  'speech.uncredited': { product: string; reason: 'list' | 'repeat' | 'cap'; points: string[]; matches: string[]; repeats?: number };
  'speech.price': { product: string; stated: number; ok: boolean; anchor: boolean; match: string };
  'speech.stock': { product: string; stated: number; actual: number; verdict: 'true' | 'false_scarcity' | 'overstated'; match: string };
  'speech.after_sales': { match: string };
  'speech.apology': { match: string };
  'speech.violation': {
    ruleId: string;
    category: ComplianceCategory;
    severity: 1 | 2 | 3;
    text: string;
    start: number;
    end: number;
    /**
     * Values the explanation quotes, for the engine's fact rules: engine-false-scarcity
     * `{ stated, actual }` (pieces), engine-false-anchor `{ stated, listPrice }` (fen).
     * The rule, source and reason are not logged: compliance/explain.ts gives them by ruleId.
     */
    params?: Record<string, number>;
  };
  'platform.warning': { reason: string; incident?: string };
  'platform.penalty': { kind: 'throttle'; factor: number; untilMs: number; reason: string };
  'product.listed': { product: string };
  'product.delisted': { product: string };
  'product.explain.start': { product: string };
  'product.explain.stop': { product: string; durationMs: number };
  'product.card.shown': { product: string };
  'product.card.hidden': { product: string };
  'product.price.changed': { product: string; from: number; to: number; by: 'host' | 'incident' };
  'product.stock.changed': { product: string; from: number; to: number; by: 'host' | 'incident' };
  'product.link.changed': { product: string; target: string };
  'product.soldout': { product: string };
  'product.click': { viewer: number; product: string; via: Via; shown: string };
  'cart.add': { viewer: number; product: string };
  'order.placed': {
    order: number;
    viewer: number;
    product: string;
    qty: number;
    unitPrice: number;
    discount: number;
    amount: number;
    cost: number;
    coupon?: string;
    flash: boolean;
    via: Via;
    oversold: boolean;
  };
  'order.paid': { order: number; amount: number };
  'order.cancelled': { order: number; reason: 'unpaid' | 'oversold' };
  refund: { order: number; amount: number; reason: 'ordinary' | 'oversold' | 'misled' | 'quality' | 'wrong_item' };
  'coupon.created': { coupon: string; kind: 'live' | 'threshold'; threshold: number; discount: number; quantity: number; validityMs: number; products: string[]; by: 'host' | 'incident' };
  'coupon.issued': { coupon: string; untilMs: number };
  'coupon.stopped': { coupon: string; reason: 'host' | 'expired' | 'exhausted' };
  'flashsale.scheduled': { product: string; price: number; quantity: number; perBuyer: number; startsMs: number; endsMs: number };
  'flashsale.started': { product: string };
  'flashsale.ended': { product: string; sold: number; reason: 'time' | 'soldout' | 'host' };
  'luckybag.launched': { bag: number; entry: 'follow' | 'comment'; keyword?: string; prize: string; winners: number; drawMs: number };
  'luckybag.drawn': { bag: number; entrants: number; winners: number[] };
  'redpacket.sent': { packet: number; total: number; count: number };
  'redpacket.finished': { packet: number; grabbed: number };
  'filter.set': { words: string[] };
  'incident.started': { incident: string; kind: TaskKind; product?: string; message: { zh: string; en: string }; deadlineMs: number };
  'incident.handled': { incident: string; kind: TaskKind; latencyMs: number; late: boolean };
  'incident.missed': { incident: string; kind: TaskKind };
  'incident.escalated': { incident: string; kind: TaskKind };
  'stream.reconnect.failed': { via: 'retry' | 'backup' };
  'cue.issued': { cue: string; text: string; action: string; product?: string; coupon?: string; price?: number; stock?: number; deadlineMs: number };
  'cue.done': { cue: string; latencyMs: number; late: boolean };
  'cue.missed': { cue: string };
  /** A run-of-show segment begins: on the scenario's schedule (no `by`), because the student's plan put it first (`by: 'plan'`), or on `start_segment` (`by: 'host'`). `index` is its place in the plan in use. */
  'segment.start': { segment: string; index: number; plannedMs: number; product?: string; by?: 'host' | 'plan' };
  /** The student's run of show (`set_plan`): segment ids in their order and each one's planned length, ms. */
  'plan.set': { order: string[]; plannedMs: number[] };
  /** A rehearsal's script as the student submitted it (submit_script): the format, then the flow's parts in order. */
  'script.submitted': {
    format: string;
    parts: { part: string; sec: number; text: string; team: { seat: string; text: string }[]; cues: { action: string; product?: string; coupon?: string }[] }[];
    structure?: string;
    duties: { seat: string; text: string }[];
    analysis?: string;
  };
}

export type EventType = keyof EventMap;

export type SimEvent<K extends EventType = EventType> = K extends EventType
  ? { id: number; t: number; type: K; refs?: number[] } & EventMap[K]
  : never;

export type EventOf<K extends EventType> = Extract<SimEvent, { type: K }>;
