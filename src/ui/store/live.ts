/**
 * The live store: what the console panels show during a run, derived from the engine.
 *
 * The feed reads the engine's new events every frame (cheap: a few per frame) and keeps
 * the console's state; it publishes to the zustand store at most ten times a second
 * (at once after the student acts), one slice at a time, so a panel re-renders only when
 * its slice changed. The pixi room does not go through here: it reads events and engine
 * state every frame itself (src/ui/room/).
 */
import { create } from 'zustand';
import type { SimEvent } from '../../engine';
import type { Metrics, SimView } from '../../engine';
import type { FrameListener, Frame, LiveRun } from './run';
import {
  commentFromEvent,
  type CommentItem,
  type CouponView,
  type Hint,
  type IncidentItem,
  type MetricSample,
  type ProductView,
  type RoomView,
  type SubmittedScript,
  type SpeechItem,
  type Toast,
} from './types';

const MAX_COMMENTS = 400;
const MAX_SPEECH = 30;
/** Publishing cadence (wall ms): the room and the products often, the comment list and the metrics less, never in the same frame. */
const PUBLISH_MS = 100;
const COMMENTS_MS = 200;
/** In a flood (more than ~50 comments a second) the list refreshes twice a second: nobody reads faster. */
const COMMENTS_FLOOD_MS = 500;
const METRICS_MS = 500;
const SAMPLE_EVERY_MS = 5000;
const TOAST_MS = 6000;
const QUESTION_HINT_MS = 30000;
const DEAD_AIR_HINT_MS = 20000;

/** A platform warning or traffic cut, as the console shows it (PlatformAlerts.tsx). */
export interface PlatformAlert {
  key: number;
  kind: 'warning' | 'penalty';
  /** Sim time it came, ms. */
  t: number;
  /** The engine's reason (English, or `category: words` for a speech violation). */
  reason: string;
  /** The scenario incident that brought it, if any. */
  incident?: string;
  /** A traffic cut: recommended traffic × factor until untilMs (sim ms). */
  factor?: number;
  untilMs?: number;
}

export interface LiveState {
  room: RoomView | null;
  products: ProductView[];
  coupons: CouponView[];
  metrics: Metrics | null;
  series: MetricSample[];
  comments: CommentItem[];
  /** Ids of open (unanswered, unexpired, visible) questions. */
  openQuestions: number[];
  /** Open questions that have waited more than 30 s (flagged in practice mode). */
  waitingQuestions: number[];
  incidents: IncidentItem[];
  speech: SpeechItem[];
  toasts: Toast[];
  /** Platform warnings and traffic cuts so far, oldest first. */
  alerts: PlatformAlert[];
  hints: Hint[];
  /** Run of show in the student's order: index of the current segment and when each one actually started (sim ms). */
  segment: { index: number; startedAt: number[] };
  /** Sim time of the last speech the audience heard. */
  lastSpeechAt: number;
  /** A rehearsal's script as last submitted; null before. */
  script: SubmittedScript | null;
  /** When each run-of-show segment first started in the engine's log (sim ms), whoever started it. */
  segmentStarts: Record<string, number>;
}

export const initialLiveState = (): LiveState => ({
  room: null,
  products: [],
  coupons: [],
  metrics: null,
  series: [],
  comments: [],
  openQuestions: [],
  waitingQuestions: [],
  incidents: [],
  speech: [],
  toasts: [],
  alerts: [],
  hints: [],
  segment: { index: 0, startedAt: [0] },
  lastSpeechAt: 0,
  script: null,
  segmentStarts: {},
});

export const useLive = create<LiveState>(() => initialLiveState());

/** Sim time in whole seconds: for clocks and countdowns, which need not re-render ten times a second. */
export function useSimSecond(): number {
  return useLive((s) => Math.floor((s.room?.now ?? 0) / 1000));
}

/** Builds the console's state from the engine; one per run. */
export class Feed implements FrameListener {
  private comments: CommentItem[] = [];
  private commentIndex = new Map<number, number>(); // comment id -> position in this.comments (offset by dropped)
  private dropped = 0;
  private openQuestions = new Set<number>();
  private incidents = new Map<string, IncidentItem>();
  private speech: SpeechItem[] = [];
  private toasts: Toast[] = [];
  private alerts: PlatformAlert[] = [];
  private series: MetricSample[] = [];
  private commentTimes: number[] = [];
  private commentTimesHead = 0;
  private nextSampleAt = 0;
  private lastPublish = -Infinity;
  private lastComments = -Infinity;
  private newComments = 0;
  private lastMetrics = -Infinity;
  private urgent = true;
  private dirty = { comments: true, incidents: true, speech: true, toasts: true, series: true, alerts: true };
  private toastSeq = 0;
  private lastSpeechAt = 0;
  private lastCardAt = -Infinity;
  private script: SubmittedScript | null = null;
  private segmentStarts: Record<string, number> = {};

  constructor(private readonly hintsEnabled: boolean) {}

  /** Publish on the next frame (after the student acts). */
  poke(): void {
    this.urgent = true;
  }

  frame(run: LiveRun, f: Frame): void {
    for (const e of f.events) this.ingest(e);
    for (const c of f.synthetic) this.addComment(c);
    const sim = run.sim;
    while (sim.now >= this.nextSampleAt && this.nextSampleAt <= sim.durationMs) {
      this.sample(run, this.nextSampleAt);
      this.nextSampleAt += SAMPLE_EVERY_MS;
    }
    if (f.events.length > 0 && f.events[f.events.length - 1].type === 'room.ended') this.sample(run, sim.now);
    // At most one publication per frame, so that no frame carries all of React's work at once;
    // after the student acts (urgent) or at the end, everything at once.
    const wall = f.wall;
    if (this.urgent || sim.finished) {
      this.publish(run, wall);
      this.publishComments(run, wall);
      this.publishMetrics(run, wall);
      this.urgent = false;
    } else if (wall - this.lastPublish >= PUBLISH_MS) this.publish(run, wall);
    else if (this.dirty.comments && wall - this.lastComments >= (this.newComments > 10 ? COMMENTS_FLOOD_MS : COMMENTS_MS)) this.publishComments(run, wall);
    else if (wall - this.lastMetrics >= METRICS_MS) this.publishMetrics(run, wall);
  }

  // ---------------------------------------------------------------- events

  private ingest(e: SimEvent): void {
    switch (e.type) {
      case 'comment': {
        const item = commentFromEvent(e);
        this.addComment(item);
        if (e.kind === 'question' && e.fact !== undefined && !e.hidden) this.openQuestions.add(e.id);
        this.commentTimes.push(e.t);
        break;
      }
      case 'comment.replied':
        this.updateComment(e.comment, (c) => ({ ...c, reply: e.text }));
        break;
      case 'question.answered':
        this.openQuestions.delete(e.comment);
        this.updateComment(e.comment, (c) => ({ ...c, answered: e.correct ? 'correct' : 'wrong' }));
        break;
      case 'question.expired':
        this.openQuestions.delete(e.comment);
        this.updateComment(e.comment, (c) => ({ ...c, expired: true }));
        break;
      case 'host.say': {
        this.speech.push({ id: e.id, t: e.t, text: e.text, heard: e.heard, source: e.source, violations: [] });
        if (this.speech.length > MAX_SPEECH) this.speech.shift();
        if (e.heard) this.lastSpeechAt = e.t;
        this.dirty.speech = true;
        break;
      }
      case 'speech.violation': {
        const src = e.refs?.[0];
        const item = src !== undefined ? this.speech.find((s) => s.id === src) : undefined;
        if (item) {
          const idx = this.speech.indexOf(item);
          this.speech[idx] = { ...item, violations: [...item.violations, { ruleId: e.ruleId, text: e.text, category: e.category, severity: e.severity, ...(e.params ? { params: e.params } : {}) }] };
          this.dirty.speech = true;
        }
        break;
      }
      case 'product.card.shown':
        this.lastCardAt = e.t;
        break;
      case 'segment.start':
        if (!(e.segment in this.segmentStarts)) this.segmentStarts = { ...this.segmentStarts, [e.segment]: e.t };
        break;
      case 'script.submitted':
        this.script = { t: e.t, format: e.format, parts: e.parts, duties: e.duties, ...(e.structure !== undefined ? { structure: e.structure } : {}), ...(e.analysis !== undefined ? { analysis: e.analysis } : {}) };
        this.urgent = true;
        break;
      case 'incident.started':
        this.incidents.set(e.incident, {
          id: e.incident,
          kind: e.kind,
          ...(e.product ? { product: e.product } : {}),
          message: e.message,
          startedAt: e.t,
          deadline: e.deadlineMs,
          status: 'open',
          failedRetries: 0,
          comments: [],
        });
        this.dirty.incidents = true;
        this.urgent = true;
        break;
      case 'cue.issued':
        this.incidents.set(e.cue, {
          id: e.cue,
          kind: 'cue',
          ...(e.product ? { product: e.product } : {}),
          message: { zh: e.text, en: e.text },
          startedAt: e.t,
          deadline: e.deadlineMs,
          status: 'open',
          failedRetries: 0,
          comments: [],
          cue: { action: e.action, text: e.text, ...(e.product ? { product: e.product } : {}), ...(e.coupon ? { coupon: e.coupon } : {}) },
        });
        this.dirty.incidents = true;
        this.urgent = true;
        break;
      case 'incident.handled':
        this.patchIncident(e.incident, { status: 'handled', late: e.late, latencyMs: e.latencyMs });
        break;
      case 'cue.done':
        this.patchIncident(e.cue, { status: 'handled', late: e.late, latencyMs: e.latencyMs });
        break;
      case 'incident.missed':
        this.patchIncident(e.incident, { status: 'missed' });
        break;
      case 'cue.missed':
        this.patchIncident(e.cue, { status: 'missed' });
        break;
      case 'stream.reconnect.failed': {
        for (const inc of this.incidents.values()) {
          if (inc.kind === 'stream_drop' && inc.status !== 'handled') this.patchIncident(inc.id, { failedRetries: inc.failedRetries + 1 });
        }
        break;
      }
      case 'platform.warning':
        this.alerts.push({ key: ++this.toastSeq, kind: 'warning', t: e.t, reason: e.reason, ...(e.incident ? { incident: e.incident } : {}) });
        this.dirty.alerts = true;
        this.urgent = true;
        break;
      case 'platform.penalty':
        this.alerts.push({ key: ++this.toastSeq, kind: 'penalty', t: e.t, reason: e.reason, factor: e.factor, untilMs: e.untilMs });
        this.dirty.alerts = true;
        this.urgent = true;
        break;
      case 'action.rejected':
        this.toasts.push({ key: ++this.toastSeq, action: e.action, code: e.code, reason: e.reason, at: -1 });
        this.dirty.toasts = true;
        this.urgent = true;
        break;
      default:
        break;
    }
    if (e.type === 'comment' && e.incident) {
      const inc = this.incidents.get(e.incident);
      if (inc) this.patchIncident(inc.id, { comments: [...inc.comments, e.id] });
    }
  }

  private patchIncident(id: string, patch: Partial<IncidentItem>): void {
    const inc = this.incidents.get(id);
    if (!inc) return;
    // A late handling after a miss still counts as handled (late), as in the log.
    this.incidents.set(id, { ...inc, ...patch });
    this.dirty.incidents = true;
    this.urgent = true;
  }

  private addComment(c: CommentItem): void {
    this.comments.push(c);
    this.newComments++;
    if (c.id >= 0) this.commentIndex.set(c.id, this.dropped + this.comments.length - 1);
    if (this.comments.length > MAX_COMMENTS * 1.5) {
      const cut = this.comments.length - MAX_COMMENTS;
      for (let i = 0; i < cut; i++) if (this.comments[i].id >= 0) this.commentIndex.delete(this.comments[i].id);
      this.comments = this.comments.slice(cut);
      this.dropped += cut;
    }
    this.dirty.comments = true;
  }

  private updateComment(id: number, f: (c: CommentItem) => CommentItem): void {
    const pos = this.commentIndex.get(id);
    if (pos === undefined) return;
    const i = pos - this.dropped;
    if (i < 0 || i >= this.comments.length) return;
    this.comments[i] = f(this.comments[i]);
    this.dirty.comments = true;
  }

  private commentRate(now: number): number {
    const cutoff = now - 60000;
    const times = this.commentTimes;
    while (this.commentTimesHead < times.length && times[this.commentTimesHead] < cutoff) this.commentTimesHead++;
    if (this.commentTimesHead > 5000) {
      this.commentTimes = times.slice(this.commentTimesHead);
      this.commentTimesHead = 0;
    }
    return this.commentTimes.length - this.commentTimesHead;
  }

  private sample(run: LiveRun, t: number): void {
    const m = run.sim.metrics();
    this.series.push({ t, online: m.online, uv: m.uv, gmv: m.gmv, orders: m.orders, conversion: m.conversion, commentRate: this.commentRate(t) });
    this.dirty.series = true;
  }

  // ---------------------------------------------------------------- publish

  private publish(run: LiveRun, wall: number): void {
    this.lastPublish = wall;
    const state = useLive.getState();
    const patch: Partial<LiveState> = {};
    const view = run.sim.view();
    patch.room = stableRoom(state.room, roomView(run, view));
    patch.products = keepSame(state.products, productViews(view));
    patch.coupons = keepSame(state.coupons, couponViews(run, view));
    patch.lastSpeechAt = this.lastSpeechAt;
    if (this.script !== state.script) patch.script = this.script;
    if (this.segmentStarts !== state.segmentStarts) patch.segmentStarts = this.segmentStarts;
    if (this.dirty.incidents) {
      patch.incidents = [...this.incidents.values()];
      this.dirty.incidents = false;
    }
    if (this.dirty.speech) {
      patch.speech = this.speech.slice();
      this.dirty.speech = false;
    }
    if (this.dirty.alerts) {
      patch.alerts = this.alerts.slice();
      this.dirty.alerts = false;
    }
    // Toasts: stamp new ones with the wall clock; drop old ones.
    let toastsChanged = this.dirty.toasts;
    for (let i = 0; i < this.toasts.length; i++) if (this.toasts[i].at < 0) this.toasts[i] = { ...this.toasts[i], at: wall };
    const kept = this.toasts.filter((x) => wall - x.at < TOAST_MS);
    if (kept.length !== this.toasts.length) toastsChanged = true;
    this.toasts = kept.slice(-4);
    if (toastsChanged) {
      patch.toasts = this.toasts.slice();
      this.dirty.toasts = false;
    }
    useLive.setState(patch);
  }

  private publishComments(run: LiveRun, wall: number): void {
    this.lastComments = wall;
    this.newComments = 0;
    const patch: Partial<LiveState> = {};
    if (this.dirty.comments) {
      patch.comments = this.comments.length > MAX_COMMENTS ? this.comments.slice(-MAX_COMMENTS) : this.comments.slice();
      patch.openQuestions = [...this.openQuestions];
      this.dirty.comments = false;
    }
    const now = run.sim.now;
    const waiting = this.hintsEnabled ? [...this.openQuestions].filter((id) => now - (run.sim.log[id]?.t ?? now) > QUESTION_HINT_MS) : [];
    const prev = useLive.getState().waitingQuestions;
    if (waiting.length !== prev.length || waiting.some((id, i) => id !== prev[i])) patch.waitingQuestions = waiting;
    useLive.setState(patch);
  }

  private publishMetrics(run: LiveRun, wall: number): void {
    this.lastMetrics = wall;
    const state = useLive.getState();
    const patch: Partial<LiveState> = { metrics: run.sim.metrics() };
    if (this.dirty.series) {
      patch.series = this.series.slice();
      this.dirty.series = false;
    }
    const hints = this.hintsEnabled ? this.hints(run) : [];
    if (!sameHints(state.hints, hints)) patch.hints = hints;
    useLive.setState(patch);
  }

  private hints(run: LiveRun): Hint[] {
    const sim = run.sim;
    if (sim.finished) return [];
    const now = sim.now;
    const out: Hint[] = [];
    let waiting = 0;
    for (const id of this.openQuestions) {
      const ev = sim.log[id];
      if (ev && now - ev.t > QUESTION_HINT_MS) waiting++;
    }
    if (waiting > 0) out.push({ kind: 'unanswered', count: waiting });
    const silent = now - this.lastSpeechAt;
    const view = sim.view();
    // A rehearsal task's writing time (a segment without a product) is not air time.
    const writing = sim.scenario.meta.task === 'rehearsal' && sim.scenario.runOfShow.find((s) => s.id === view.segment)?.product === undefined;
    if (sim.status === 'live' && silent > DEAD_AIR_HINT_MS && sim.scenario.meta.seat === 'host' && !writing) out.push({ kind: 'dead_air', seconds: Math.floor(silent / 1000) });
    if (!view.products.some((p) => p.listed)) out.push({ kind: 'nothing_listed' });
    else if (view.explaining >= 0 && view.card !== view.explaining && now - this.lastCardAt > 120000 && now > 30000) out.push({ kind: 'no_card' });
    return out;
  }
}

/** The room view, reusing the previous nested objects that did not change (so their readers skip re-rendering). */
function stableRoom(prev: RoomView | null, next: RoomView): RoomView {
  if (!prev) return next;
  const keep = <T extends object | null>(a: T, b: T): T => (a && b && shallowEqual(a, b) ? a : b);
  return {
    ...next,
    pinned: keep(prev.pinned, next.pinned),
    flash: keep(prev.flash, next.flash),
    luckyBag: keep(prev.luckyBag, next.luckyBag),
    redPacket: keep(prev.redPacket, next.redPacket),
    filterWords: prev.filterWords.length === next.filterWords.length && prev.filterWords.every((w, i) => w === next.filterWords[i]) ? prev.filterWords : next.filterWords,
  };
}

/** Keep the previous objects (and array) where nothing changed, so memoised rows skip re-rendering. */
function keepSame<T extends object>(prev: T[], next: T[]): T[] {
  let same = prev.length === next.length;
  const out = next.map((n, i) => {
    const p = prev[i];
    if (p && shallowEqual(p, n)) return p;
    same = false;
    return n;
  });
  return same ? prev : out;
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a) as (keyof typeof a)[];
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k] as unknown;
    const y = b[k] as unknown;
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}

function sameHints(a: Hint[], b: Hint[]): boolean {
  return a.length === b.length && a.every((h, i) => h.kind === b[i].kind && h.count === b[i].count && h.seconds === b[i].seconds);
}

// ------------------------------------------------------------------ views of engine state

function roomView(run: LiveRun, v: SimView): RoomView {
  const sim = run.sim;
  const pinnedEv = v.pinned >= 0 ? sim.log[v.pinned] : undefined;
  return {
    now: v.now,
    durationMs: v.durationMs,
    status: v.status,
    quality: v.quality,
    micDown: v.micDown,
    announcement: v.announcement,
    pinned: pinnedEv && pinnedEv.type === 'comment' ? commentFromEvent(pinnedEv) : null,
    filterWords: v.filterWords,
    flash: v.flash ? (({ index: _index, ...f }) => f)(v.flash) : null,
    luckyBag: v.luckyBag,
    redPacket: v.redPacket,
    speed: run.speed,
    paused: run.paused,
    segment: v.segment,
  };
}

function productViews(v: SimView): ProductView[] {
  return v.products.map(({ id, no, name, listed, price, listPrice, stock, sold, orders, paidOrders, gmv, clicks, explaining, card, soldOut, linkTarget }) => ({
    id, no, name, listed, price, listPrice, stock, sold, orders, paidOrders, gmv, clicks, explaining, card, soldOut, linkTarget,
  }));
}

function couponViews(run: LiveRun, v: SimView): CouponView[] {
  const names = new Map(run.sim.scenario.coupons.map((c) => [c.id, c.name ?? null]));
  return v.coupons.map(({ open: _open, ...c }) => ({ ...c, name: names.get(c.id) ?? null }));
}
