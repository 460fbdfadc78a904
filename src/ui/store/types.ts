/** What the console and the room show, derived from the engine's state and event log. */
import type { CommentKind, CouponView as EngineCouponView, ProductView as EngineProductView, SimEvent, SimView, TaskKind, EventMap } from '../../engine';
import type { ComplianceCategory } from '../../engine';

export type Bilingual = { zh: string; en: string };

export interface CommentItem {
  /** The comment event's id in the log (what reply/pin actions refer to); negative for display-only comments. */
  id: number;
  t: number;
  viewer: number;
  user: string;
  text: string;
  kind: CommentKind;
  product?: string;
  fact?: string;
  scripted: boolean;
  hidden?: 'muted' | 'filtered';
  incident?: string;
  /** A question the host answered (by reply or in speech). */
  answered?: 'correct' | 'wrong';
  /** A question that waited five minutes without an answer. */
  expired?: boolean;
  /** The host's public reply, if any. */
  reply?: string;
  synthetic?: boolean;
}

export function commentFromEvent(e: Extract<SimEvent, { type: 'comment' }>): CommentItem {
  return {
    id: e.id,
    t: e.t,
    viewer: e.viewer,
    user: e.user,
    text: e.text,
    kind: e.kind,
    scripted: e.scripted,
    ...(e.product !== undefined ? { product: e.product } : {}),
    ...(e.fact !== undefined ? { fact: e.fact } : {}),
    ...(e.hidden !== undefined ? { hidden: e.hidden } : {}),
    ...(e.incident !== undefined ? { incident: e.incident } : {}),
  };
}

export const NEGATIVE_KINDS: ReadonlySet<CommentKind> = new Set(['complaint', 'troll']);

export interface IncidentItem {
  id: string;
  kind: TaskKind;
  product?: string;
  message: Bilingual;
  startedAt: number;
  deadline: number;
  status: 'open' | 'handled' | 'missed';
  /** Handled after its window. */
  late?: boolean;
  latencyMs?: number;
  /** Reconnect attempts that failed (stream drop). */
  failedRetries: number;
  /** Cue only: the action the scripted host asked for. */
  cue?: { action: string; product?: string; coupon?: string; text: string };
  /** Comments that belong to this incident (troll wave, quality complaint). */
  comments: number[];
}

/** The engine's view of a product (src/engine/view.ts), the fields the console shows. */
export type ProductView = Pick<
  EngineProductView,
  'id' | 'no' | 'name' | 'listed' | 'price' | 'listPrice' | 'stock' | 'sold' | 'orders' | 'paidOrders' | 'gmv' | 'clicks' | 'explaining' | 'card' | 'soldOut' | 'linkTarget'
>;

/** The engine's view of a coupon, less what the console does not show, plus the scenario's name for it. */
export type CouponView = Omit<EngineCouponView, 'open'> & { name: Bilingual | null };

export interface RoomView {
  now: number;
  durationMs: number;
  status: 'live' | 'interrupted' | 'ended';
  quality: 'good' | 'degraded';
  micDown: boolean;
  announcement: string;
  pinned: CommentItem | null;
  filterWords: string[];
  flash: Omit<NonNullable<SimView['flash']>, 'index'> | null;
  luckyBag: SimView['luckyBag'];
  redPacket: SimView['redPacket'];
  speed: number;
  paused: boolean;
  /** The run-of-show segment under way in the engine (the schedule's or the student's). */
  segment: string;
}

/** A rehearsal's script as last submitted (script.submitted), for the script panel. */
export type SubmittedScript = EventMap['script.submitted'] & { t: number };

export interface MetricSample {
  t: number;
  online: number;
  uv: number;
  gmv: number;
  orders: number;
  conversion: number;
  /** Comments in the last minute of sim time. */
  commentRate: number;
}

export interface SpeechItem {
  id: number;
  t: number;
  text: string;
  heard: boolean;
  source: 'typed' | 'voice' | 'script';
  /** The compliance findings on it (speech.violation); their reasons come from compliance/explain.ts, loaded lazily. */
  violations: { ruleId: string; text: string; category: ComplianceCategory; severity: number; params?: Record<string, number> }[];
}

export interface Toast {
  key: number;
  action: string;
  code: string;
  reason: string;
  /** Wall time it appeared (performance.now()). */
  at: number;
}

export type HintKind = 'unanswered' | 'dead_air' | 'no_card' | 'nothing_listed';
export interface Hint {
  kind: HintKind;
  count?: number;
  seconds?: number;
}
