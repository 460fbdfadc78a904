/**
 * A read-only index over one run's event log and its scenario, built once and shared
 * by every criterion: events by type and id, the planned run of show, who was explaining
 * what and when, when the stream was down, the online curve, when viewers left.
 *
 * It never assumes that an event's id is its position (a log may have been filtered),
 * and it tolerates missing halves of pairs (an explanation without its stop runs to the
 * end; a drop without a restore stays down).
 */
import { findRepeat, lineKey, remember, type EventType, type RecentLine, type SimEvent } from '../engine';
import type { Scenario } from '../engine';

export interface PlannedSegment {
  id: string;
  index: number;
  startMs: number;
  endMs: number;
  product?: string;
  title: { zh: string; en: string };
  flashSale?: { price: number; quantity: number; perBuyer: number };
}

/** Consecutive run-of-show segments about the same product, taken as one stretch of selling. */
export interface ProductBlock {
  product: string;
  startMs: number;
  endMs: number;
  segments: PlannedSegment[];
  /** The `segment.start` event of its first segment, when the log has it; else the student's `plan.set`. */
  startEvent?: SimEvent<'segment.start'> | SimEvent<'plan.set'>;
}

export interface Episode {
  product: string;
  start: number;
  end: number;
  startEvent: SimEvent<'product.explain.start'>;
}

export class RunIndex {
  readonly events: readonly SimEvent[];
  readonly byId = new Map<number, SimEvent>();
  readonly scenario: Scenario;
  readonly durationMs: number;
  /** When the run ended (room.ended), else the last event's time. */
  readonly endMs: number;
  /** The plan in use: the student's order (their last `plan.set`), else the scenario's, with planned times from 0. */
  readonly segments: PlannedSegment[];
  readonly blocks: ProductBlock[];
  /** The student's `set_plan`, when they reordered the run of show. */
  readonly planEvent?: SimEvent<'plan.set'>;
  readonly episodes: Episode[];
  /** [from, to) intervals while the stream was down. */
  readonly down: [number, number][];
  private readonly types = new Map<string, SimEvent[]>();
  /** speech.* events by the id of the utterance (host.say, comment.replied, room.announcement) they analyse. */
  private readonly speechBySource = new Map<number, SimEvent[]>();
  private readonly leaves = new Map<number, number[]>();
  private readonly pointCache = new Map<number, string[]>();
  private repeatCache?: Set<number>;
  private digitNames?: Set<string>;

  constructor(scenario: Scenario, log: readonly SimEvent[]) {
    this.scenario = scenario;
    this.events = log;
    for (const e of log) {
      this.byId.set(e.id, e);
      let list = this.types.get(e.type);
      if (!list) this.types.set(e.type, (list = []));
      list.push(e);
      if (e.type.startsWith('speech.') && e.refs && e.refs.length > 0) {
        const src = e.refs[0];
        let s = this.speechBySource.get(src);
        if (!s) this.speechBySource.set(src, (s = []));
        s.push(e);
      }
      if (e.type === 'viewer.leave') {
        let l = this.leaves.get(e.viewer);
        if (!l) this.leaves.set(e.viewer, (l = []));
        l.push(e.t);
      }
    }
    this.durationMs = Math.round(scenario.meta.durationSec * 1000);
    const ended = this.of('room.ended')[0];
    this.endMs = ended ? ended.t : log.length > 0 ? log[log.length - 1].t : 0;

    // The plan: the scenario's run of show, in the student's order when they set one (plan.set);
    // planned times are the segments' planned lengths laid end to end from the start.
    const plans = this.of('plan.set');
    this.planEvent = plans[plans.length - 1];
    const byId = new Map(scenario.runOfShow.map((seg) => [seg.id, seg]));
    const ordered = this.planEvent ? this.planEvent.order.flatMap((id) => byId.get(id) ?? []) : scenario.runOfShow;
    let at = 0;
    this.segments = ordered.map((seg, index) => {
      const startMs = Math.round(at * 1000);
      at += seg.duration;
      return {
        id: seg.id,
        index,
        startMs,
        endMs: Math.min(Math.round(at * 1000), this.durationMs),
        product: seg.product,
        title: seg.title,
        flashSale: seg.flashSale,
      };
    });
    // Each segment's first start in the log (a host may come back to one).
    const starts = new Map<string, SimEvent<'segment.start'>>();
    for (const e of this.of('segment.start')) if (!starts.has(e.segment)) starts.set(e.segment, e);
    this.blocks = [];
    for (const seg of this.segments) {
      if (!seg.product || seg.startMs >= this.durationMs) continue;
      const last = this.blocks[this.blocks.length - 1];
      if (last && last.product === seg.product && last.endMs === seg.startMs) {
        last.endMs = seg.endMs;
        last.segments.push(seg);
      } else this.blocks.push({ product: seg.product, startMs: seg.startMs, endMs: seg.endMs, segments: [seg], startEvent: starts.get(seg.id) ?? this.planEvent });
    }

    // Explanation episodes: from each explain.start to the next start, a stop of that product, or the end.
    const marks = log.filter((e) => e.type === 'product.explain.start' || e.type === 'product.explain.stop');
    this.episodes = [];
    for (let i = 0; i < marks.length; i++) {
      const m = marks[i];
      if (m.type !== 'product.explain.start') continue;
      let end = this.endMs;
      for (let j = i + 1; j < marks.length; j++) {
        const n = marks[j];
        if (n.type === 'product.explain.start' || n.product === m.product) {
          end = n.t;
          break;
        }
      }
      this.episodes.push({ product: m.product, start: m.t, end, startEvent: m });
    }

    // Stream down: from each room.interrupted to the next room.restored (or the end).
    this.down = [];
    const ups = this.of('room.restored');
    for (const d of this.of('room.interrupted')) {
      const up = ups.find((u) => u.t >= d.t);
      this.down.push([d.t, up ? up.t : this.endMs]);
    }
  }

  /** Events of one type, in log order. */
  of<K extends EventType>(type: K): SimEvent<K>[] {
    return (this.types.get(type) ?? []) as SimEvent<K>[];
  }

  get<K extends EventType>(id: number, type?: K): SimEvent<K> | undefined {
    const e = this.byId.get(id);
    if (!e || (type && e.type !== type)) return undefined;
    return e as SimEvent<K>;
  }

  /** The speech findings (speech.*) of one utterance. */
  speechOf(sourceId: number): SimEvent[] {
    return this.speechBySource.get(sourceId) ?? [];
  }

  /** The utterance (host.say, comment.replied or room.announcement) a speech.* event analysed. */
  sourceOf(e: SimEvent): SimEvent | undefined {
    return e.refs && e.refs.length > 0 ? this.byId.get(e.refs[0]) : undefined;
  }

  /** Whether a speech finding comes from the student's own words (not a scripted host line). */
  byStudent(e: SimEvent): boolean {
    const src = this.sourceOf(e);
    return !src || src.type !== 'host.say' || src.source !== 'script';
  }

  /**
   * Whether the student's utterance (host.say, room.announcement, comment.replied) says again what
   * they said shortly before: the engine's repeat rule (findRepeat over their last lines), so a
   * canned line on a loop is one line, however often it is said.
   */
  repeats(e: SimEvent): boolean {
    if (!this.repeatCache) {
      this.repeatCache = new Set();
      // One history for everything the student says or types, as in the engine; a scripted host's lines are not the student's.
      const lines: RecentLine[] = [];
      for (const x of this.events) {
        if (x.type !== 'host.say' && x.type !== 'room.announcement' && x.type !== 'comment.replied') continue;
        if (x.type === 'host.say' && x.source === 'script') continue;
        const key = lineKey(x.text);
        if (findRepeat(lines, key, x.t)) this.repeatCache.add(x.id);
        remember(lines, { t: x.t, key, event: x.id });
      }
    }
    return this.repeatCache.has(e.id);
  }

  /**
   * Whether a number the engine read in an utterance (speech.price, speech.stock) is part of a
   * viewer's name said in it ("欢迎小满123" is a welcome, not a price of 123): such a reading is
   * not held against the student.
   */
  numberInName(e: SimEvent<'speech.price'> | SimEvent<'speech.stock'>): boolean {
    const text = this.textOf(this.sourceOf(e));
    const digits = e.match.match(/\d+/)?.[0];
    if (!text || !digits) return false;
    if (!this.digitNames) {
      this.digitNames = new Set();
      for (const x of this.events) if ((x.type === 'viewer.join' || x.type === 'comment') && /\d/.test(x.user)) this.digitNames.add(x.user);
    }
    const at = text.indexOf(e.match);
    for (const name of this.digitNames) {
      if (!name.includes(digits)) continue;
      for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
        const d = i + name.indexOf(digits);
        // The number read is the name's own digits (where the match is found in the text, it must be there).
        if (at < 0 ? true : d >= at && d < at + e.match.length) return true;
      }
    }
    return false;
  }

  /** The words of an utterance event, if it has any. */
  textOf(e: SimEvent | undefined): string | undefined {
    if (!e) return undefined;
    if (e.type === 'host.say' || e.type === 'comment.replied' || e.type === 'room.announcement' || e.type === 'comment') return e.text;
    return undefined;
  }

  /** When a viewer left after time t (first logged leave), or undefined if they stayed. */
  leftAfter(viewer: number, t: number): number | undefined {
    return this.leaves.get(viewer)?.find((x) => x >= t);
  }

  isDown(t: number): boolean {
    return this.down.some(([a, b]) => t >= a && t < b);
  }

  /** The product being explained at time t (the latest episode covering t). */
  explainingAt(t: number): string | undefined {
    let hit: string | undefined;
    for (const ep of this.episodes) if (ep.start <= t && t < ep.end) hit = ep.product;
    return hit;
  }

  /**
   * Products an utterance is about: the ones it names; else the one being explained then,
   * when the plan has that product around that time (an explanation left running into the
   * next product's slot does not claim that slot's words).
   */
  productsOf(sourceId: number, t: number): string[] {
    const named = this.speechOf(sourceId).filter((e): e is SimEvent<'speech.product'> => e.type === 'speech.product').map((e) => e.product);
    if (named.length > 0) return [...new Set(named)];
    const ex = this.explainingAt(t);
    if (ex && this.blocks.some((b) => b.product === ex && t >= b.startMs - 30000 && t < b.endMs + 30000)) return [ex];
    return this.scenario.products.length === 1 ? [this.scenario.products[0].id] : [];
  }

  /**
   * The selling points a speech.points event really shows were covered: a keyword that
   * only occurs inside the product's own name or alias (加绒 in 儿童加绒连帽卫衣) is not a
   * selling point explained. (The engine counts it; see docs/scoring.md, "engine notes".)
   */
  pointsOf(e: SimEvent<'speech.points'>): string[] {
    const cached = this.pointCache.get(e.id);
    if (cached) return cached;
    const src = this.sourceOf(e);
    const text = squash(this.textOf(src) ?? '');
    const prod = this.scenario.products.find((p) => p.id === e.product);
    let out = e.points;
    if (prod && text) {
      const names = [prod.name.zh, prod.name.en, ...prod.aliases].map(squash).filter((n) => n.length >= 2).sort((a, b) => b.length - a.length);
      let rest = text;
      for (const n of names) rest = rest.split(n).join('\u0000');
      out = e.points.filter((_id, i) => {
        const kw = squash(e.matches[i] ?? '');
        return kw.length === 0 || rest.includes(kw) || !text.includes(kw);
      });
    }
    this.pointCache.set(e.id, out);
    return out;
  }

  /**
   * The event a window starting at t is best anchored to: a segment starting then (± 2 s), else
   * the last event at or before t that is not the audience's per-second tick, else the first event.
   */
  anchorAt(t: number): SimEvent | undefined {
    const seg = this.of('segment.start').find((e) => Math.abs(e.t - t) <= 2000);
    if (seg) return seg;
    let lo = 0;
    let hi = this.events.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].t <= t) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = at; i >= 0; i--) if (this.events[i].type !== 'audience.second' && this.events[i].type !== 'traffic.update') return this.events[i];
    return this.events[0];
  }

  /** The planned segment under way at time t (in the plan's own timing), if any. */
  segmentAt(t: number): PlannedSegment | undefined {
    return this.segments.find((s) => t >= s.startMs && t < s.endMs);
  }

  /**
   * When the student really presented a product, whatever plan button they pressed: the
   * 讲解中 marker (product.explain.start) and their own words naming it or giving its selling
   * points, in [from, to). Sorted by time.
   */
  pitchEvents(product: string, from: number, to: number, opts: { speechOnly?: boolean } = {}): SimEvent[] {
    const out: SimEvent[] = [];
    if (!opts.speechOnly) for (const ep of this.episodes) if (ep.product === product && ep.start >= from && ep.start < to) out.push(ep.startEvent);
    for (const e of this.of('speech.product')) if (e.product === product && e.t >= from && e.t < to && this.byStudent(e)) out.push(e);
    for (const e of this.of('speech.points')) if (e.product === product && e.t >= from && e.t < to && this.byStudent(e) && this.pointsOf(e).length > 0) out.push(e);
    return out.sort((a, b) => a.t - b.t);
  }

  /** Time the product was being explained (marker on, stream up) in [from, to), ms. */
  explainedOnAir(product: string, from: number, to: number): number {
    let sum = 0;
    for (const e of this.episodes) {
      if (e.product !== product) continue;
      const a = Math.max(e.start, from);
      const z = Math.min(e.end, to);
      if (z <= a) continue;
      sum += z - a - this.down.reduce((s, [x, y]) => s + Math.max(0, Math.min(y, z) - Math.max(x, a)), 0);
    }
    return sum;
  }

  /** Product ids in the order the plan first sells them. */
  plannedProducts(): string[] {
    return [...new Set(this.blocks.map((b) => b.product))];
  }

  productName(id: string, lang: 'zh' | 'en'): string {
    const p = this.scenario.products.find((x) => x.id === id);
    return p ? p.name[lang] : id;
  }
}

/** m:ss for a sim time. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const secs = (ms: number): number => Math.round(ms / 100) / 10;

/** Lowercase without spaces: how the engine compares keywords. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[\s\u3000]+/g, '');
}
