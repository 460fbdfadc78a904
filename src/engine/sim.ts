/**
 * The simulation: a deterministic function of (scenario, seed, time-stamped actions).
 *
 * Usage:
 *   const sim = createSim(scenario, { seed: 7 });
 *   sim.dispatch({ t: 12_000, type: 'show_card', product: 'p1' });
 *   sim.advanceTo(60_000);           // or sim.runToEnd()
 *   sim.log, sim.metrics(), sim.digest()
 *
 * Time advances in ticks of TICK_MS. Tick k covers [k·TICK, (k+1)·TICK): first the
 * scripted events and queued actions whose time falls in it are applied in time
 * order (scripted first on ties, actions in dispatch order), then the audience
 * acts, and its events are stamped at the end of the tick. Splitting advanceTo()
 * calls differently never changes the result; neither does dispatching actions
 * early. An action stamped before the current time is rejected as late.
 */
import templatesData from './data/comment-templates.json' with { type: 'json' };
import type { EventMap, EventType, SimEvent, TaskKind, Via } from './events';
import type { Scenario } from './scenario/load';
import { scenarioHash } from './scenario/load';
import { Rng } from './rng';
import { fen, yuanText } from './money';
export { fen, yuanText } from './money';
import { Sha256 } from './sha256';
import { TICK_MS, TICKS_PER_SECOND } from './time';
import { PERSONA_DEFAULTS, type PersonaParams, type PersonaType } from './audience/personas';
import { PERSONA_TYPES } from './scenario/schema';
import {
  F_ANSWERED, F_BOUGHT, F_BUYER, F_INTERACTED, F_CLAIMED, F_CLICKED, F_ENGAGED, F_FAN, F_FOLLOWED, F_GRABBED, F_GREETED, F_LUCKY,
  F_MISLED, F_NOTABLE, F_SCRIPTED, F_VIP, F_WAVE_TROLL, PHASE_CONSIDERING, PHASE_PAYING, PHASE_WATCHING, ViewerPool,
} from './audience/pool';
import { viewerName } from './audience/names';
import { applyAction, type Action, type ActionInput } from './actions';
import { analyseSpeech } from './speech-effects';
import { squash } from './speech';
import { checkTasksAfterAction, settleCueIfDone, taskDeadlines, startIncident } from './tasks';

export const ENGINE_VERSION = '2.0.0';

/**
 * Viewers act at their own decision times, on average every DECISION_MEAN_MS; at each one
 * every behaviour (leave, comment, like, follow, click, …) happens with probability
 * rate × time since the last decision. Longer gaps make the engine cheaper but slower to
 * react: 12 s keeps a room of 10,000 viewers fast while a card push draws clicks within seconds
 * from the many viewers whose decision falls soon after it.
 */
const DECISION_MEAN_MS = 12000;
const DECISION_MAX_MS = 30000;
const CARD_FRESH_MS = 45000;
const DEAD_AIR_MS = 30000;
const GREET_WINDOW_MS = 30000;
const QUESTION_OPEN_MS = 5 * 60000;
const REC_UPDATE_TICKS = 10 * TICKS_PER_SECOND;

type Templates = { zh: Record<string, string[]>; en: Record<string, string[]> };
type ComplaintGroup = { group: string; category: string; class: string[] };
const TEMPLATES = templatesData as unknown as Templates & { version: number; complaintGroups: ComplaintGroup[] };
const COMPLAINT_GROUPS = TEMPLATES.complaintGroups.map((g) => ({ ...g, re: new RegExp(g.category) }));

/**
 * The complaint group of a product (comment-templates.json `complaintGroups`): the first whose
 * pattern matches its category, else the first that lists its compliance class; '' for none.
 * Complaints about a product come from its group's lists, so nobody says 有点小 of a dishwasher.
 */
export function complaintGroup(product: { category: string; class: string }): string {
  return (COMPLAINT_GROUPS.find((g) => g.re.test(product.category)) ?? COMPLAINT_GROUPS.find((g) => g.class.includes(product.class)))?.group ?? '';
}

export interface ProductState {
  id: string;
  index: number;
  listed: boolean;
  /** Current live price, fen. */
  price: number;
  /** The price the scenario intends, fen (what a wrong-price incident should be corrected back to). */
  intendedPrice: number;
  listPrice: number;
  referencePrice: number;
  cost: number;
  /** Stock shown in the console, units. */
  stock: number;
  /** What the warehouse really has left, units. Equal to stock unless an incident says otherwise. */
  warehouse: number;
  sold: number;
  linkTarget: number;
  covered: Set<string>;
  explainMs: number;
  cardPushes: number;
  clicks: number;
  clickers: number;
  orders: number;
  paidOrders: number;
  gmv: number;
  refunds: number;
  soldOut: boolean;
  qualityRisk: number;
  askable: number[];
  misled: boolean;
  /** Prices of the flash sales started for this product in this run, fen (a 秒杀价 said later is checked against them). */
  flashPrices: number[];
}

export interface CouponState {
  id: string;
  kind: 'live' | 'threshold';
  threshold: number;
  discount: number;
  quantity: number;
  validityMs: number;
  products: number[];
  issuedUntil: number; // -1 when not issued
  claimed: number;
  used: number;
  stopped: boolean;
  misconfigured: boolean;
}

export interface FlashSale {
  product: number;
  price: number;
  quantity: number;
  perBuyer: number;
  startsMs: number;
  endsMs: number;
  sold: number;
  started: boolean;
}

export interface Task {
  id: string;
  kind: TaskKind;
  startEvent: number;
  startedAt: number;
  deadline: number;
  handled: boolean;
  missed: boolean;
  data: Record<string, unknown>;
}

export interface OpenQuestion {
  eventId: number;
  viewer: number;
  slot: number;
  product: number;
  fact: number;
  askedAt: number;
  answered: boolean;
}

interface Timer {
  t: number;
  seq: number;
  run: () => void;
}

interface Scripted {
  at: number;
  order: number;
  run: () => void;
}

export interface SimOptions {
  seed: number;
}

/** Per-second counters kept for the last minute, for traffic feedback. */
class Window {
  joins = new Float64Array(60);
  online = new Float64Array(60);
  interactions = new Float64Array(60);
  clicks = new Float64Array(60);
  orders = new Float64Array(60);
  i = 0;
  filled = 0;
  sum(a: Float64Array): number {
    let s = 0;
    for (let k = 0; k < 60; k++) s += a[k];
    return s;
  }
}

export class Sim {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly durationMs: number;
  readonly lang: 'zh' | 'en';
  readonly rng: Rng;
  readonly log: SimEvent[] = [];
  private hasher = new Sha256();

  /** Everything before `now` has been simulated. */
  now = 0;
  tick = 0;
  status: 'live' | 'interrupted' | 'ended' = 'live';
  /** Picture quality: the backup network streams at a lower bitrate for a while. */
  quality: 'good' | 'degraded' = 'good';
  finished = false;

  products: ProductState[];
  productIndex = new Map<string, number>();
  coupons = new Map<string, CouponState>();
  flash: FlashSale | null = null;
  luckyBag: { id: number; entry: 'follow' | 'comment'; keyword: string; winners: number; drawAt: number; entrants: number[] } | null = null;
  redPacket: { id: number; total: number; count: number; grabbed: number } | null = null;
  explaining = -1;
  explainStart = 0;
  card = -1;
  cardAt = -1;
  announcement = '';
  pinned = -1;
  filterWords: string[] = [];
  muted = new Map<number, number>();
  blocked = new Set<number>();
  micDown = false;
  streamDropRetryAt = 0;
  /** The run of show in use: segment ids in the student's order (`set_plan`), else the scenario's. */
  plan: string[] = [];
  /** The segment under way ('' before the first). */
  segment = '';
  /** Set by `set_plan` / `start_segment`: from then on the student moves through the run of show, not the scenario's schedule. */
  hostRunOfShow = false;

  /** Room-wide trust in the host, −1..1: answers raise it; false claims, insults and ignored complaints lower it. */
  trust = 0;
  recMultiplier = 1;
  penaltyFactor = 1;
  penaltyUntil = -1;
  warnings = 0;
  lastSpeech = -Infinity;
  ctaUntil: Record<'follow' | 'like' | 'share' | 'coupon' | 'buy' | 'fanclub' | 'lucky_bag', number> = {
    follow: -1, like: -1, share: -1, coupon: -1, buy: -1, fanclub: -1, lucky_bag: -1,
  };
  scarcityUntil = -1;
  recentSevere: number[] = [];

  pool = new ViewerPool();
  notable = new Map<number, number>(); // viewer id -> slot while present
  nextViewerId = 1;
  /** Open questions by comment event id (insertion order = the order they were asked). */
  questions = new Map<number, OpenQuestion>();
  /** Each product's facts' accepted and topic words, squashed once for matching speech. */
  factWords: { accept: string[]; topic: string[] }[][];
  tasks: Task[] = [];
  private timers: Timer[] = [];
  private timerSeq = 0;
  private scripted: Scripted[] = [];
  private scriptedNext = 0;
  private queue: (Action & { seq: number })[] = [];
  private actionSeq = 0;
  private personas: PersonaParams[];
  private personaCum: Float64Array;
  private personaTypeIndex: number[];
  /** (slot, viewer id, arrival ms) triples of recent arrivals, from recentHead on. */
  private recentArrivals: number[] = [];
  private recentHead = 0;
  /** Viewers a host could welcome by name: VIPs and the latest commenters. */
  private nameable: number[] = [];

  // counters for metrics
  uv = 0;
  peakOnline = 0;
  departedDwellMs = 0;
  presentArrivalSum = 0;
  comments = 0;
  likes = 0;
  shares = 0;
  newFollowers = 0;
  fanclubJoins = 0;
  interactors = 0;
  clickers = 0;
  clicks = 0;
  cartAdds = 0;
  orders = 0;
  paidOrders = 0;
  cancelledOrders = 0;
  buyers = 0;
  paidAmount = 0;
  refundAmount = 0;
  refunds = 0;
  grossCost = 0;
  orderInfo: { viewer: number; product: number; amount: number; cost: number; oversold: boolean; wrongItem: boolean; coupon: string | null; paid: boolean; eventId: number }[] = [];
  private secondAgg = { joined: 0, left: 0, likes: 0, shares: 0, claims: 0, joinedIds: [] as number[] };
  private win = new Window();
  private luckySeq = 0;
  private packetSeq = 0;

  constructor(scenario: Scenario, opts: SimOptions) {
    this.scenario = scenario;
    this.seed = opts.seed;
    this.durationMs = Math.round(scenario.meta.durationSec * 1000);
    this.lang = scenario.meta.language;
    this.rng = new Rng(opts.seed);
    this.products = scenario.products.map((p, index) => {
      this.productIndex.set(p.id, index);
      return {
        id: p.id,
        index,
        listed: p.listed,
        price: fen(p.livePrice),
        intendedPrice: fen(p.livePrice),
        listPrice: fen(p.listPrice),
        referencePrice: fen(p.referencePrice),
        cost: fen(p.cost),
        stock: p.stock,
        warehouse: p.stock,
        sold: 0,
        linkTarget: index,
        covered: new Set<string>(),
        explainMs: 0,
        cardPushes: 0,
        clicks: 0,
        clickers: 0,
        orders: 0,
        paidOrders: 0,
        gmv: 0,
        refunds: 0,
        soldOut: p.stock === 0,
        qualityRisk: 0,
        askable: p.facts.map((f, i) => (f.ask.length > 0 ? i : -1)).filter((i) => i >= 0),
        misled: false,
        flashPrices: [],
      };
    });
    for (const c of scenario.coupons) this.addCoupon(c, false);
    this.factWords = scenario.products.map((p) => p.facts.map((f) => ({ accept: f.accept.map(squash), topic: f.topic.map(squash) })));
    // Personas: defaults with the scenario's overrides, and a cumulative table for drawing arrivals.
    this.personaTypeIndex = scenario.audience.personas.map((p) => PERSONA_TYPES.indexOf(p.type));
    this.personas = scenario.audience.personas.map((p) => {
      const d = PERSONA_DEFAULTS[p.type];
      return {
        ...d,
        bounce: p.bounce ?? d.bounce,
        dwell: p.dwell ?? d.dwell,
        commentRate: p.commentRate ?? d.commentRate,
        likeRate: p.likeRate ?? d.likeRate,
        followRate: p.followRate ?? d.followRate,
        buyPropensity: p.buyPropensity ?? d.buyPropensity,
        priceSensitivity: p.priceSensitivity ?? d.priceSensitivity,
      };
    });
    const total = scenario.audience.personas.reduce((s, p) => s + p.share, 0);
    this.personaCum = new Float64Array(this.personas.length);
    let acc = 0;
    scenario.audience.personas.forEach((p, i) => {
      acc += p.share / total;
      this.personaCum[i] = acc;
    });
    this.personaCum[this.personaCum.length - 1] = 1;

    this.emit('run.start', {
      scenario: scenario.meta.id,
      scenarioHash: scenarioHash(scenario),
      seed: this.seed,
      engineVersion: ENGINE_VERSION,
      durationMs: this.durationMs,
    });
    this.emit('room.live', {});
    for (const p of this.products) if (p.listed) this.emit('product.listed', { product: p.id });
    this.buildScript();
  }

  // ---------------------------------------------------------------- log

  /** Append an event; returns its id. */
  emit<K extends EventType>(type: K, payload: EventMap[K], refs?: number[], t = this.eventTime): number {
    const id = this.log.length;
    const ev = { id, t, type, ...payload } as SimEvent;
    if (refs && refs.length > 0) (ev as { refs?: number[] }).refs = refs;
    this.log.push(ev);
    return id;
  }

  /** Remove the last event (only an action's own `action.accepted`, when the action turns out to be invalid). */
  retractLast(): void {
    if (this.log.length <= this.hashed) throw new Error('cannot retract an event that is already part of the digest');
    this.log.pop();
  }

  private hashed = 0;

  /** The time stamped on events being produced right now. */
  eventTime = 0;

  /** sha256 of the event log (one JSON line per event). */
  digest(): string {
    // Hash lazily: events are immutable once logged, so hashing them on demand gives the same digest.
    for (; this.hashed < this.log.length; this.hashed++) {
      this.hasher.update(JSON.stringify(this.log[this.hashed]));
      this.hasher.update('\n');
    }
    return this.hasher.clone().digestHex();
  }

  // ---------------------------------------------------------------- inputs

  /**
   * Queue an action. It is applied when the simulation reaches its time.
   * Returns the sequence number; the outcome (accepted/rejected) appears in the log.
   */
  dispatch(input: ActionInput): number {
    const seq = this.actionSeq++;
    const action = { ...input, seq } as Action & { seq: number };
    const t = action.t as unknown;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t < this.now || this.finished) {
      // Stamp the refusal now, never before what is already in the log.
      const last = this.log.length > 0 ? this.log[this.log.length - 1].t : 0;
      this.eventTime = Math.max(this.now, last);
      if (this.finished && typeof t === 'number' && t >= this.now) {
        this.rejectEnded(action);
        return seq;
      }
      const { t: _t, type, seq: _seq, ...payload } = action as unknown as Record<string, unknown>;
      void _t;
      void _seq;
      const bad = typeof t !== 'number' || !Number.isInteger(t) || t < 0;
      this.emit('action.rejected', {
        seq,
        action: String(type),
        payload,
        code: bad ? 'bad_time' : 'late',
        reason: bad
          ? `action time ${String(t)} is not a whole number of milliseconds ≥ 0`
          : `action time ${String(t)} ms is before the current simulation time ${this.now} ms`,
      });
      return seq;
    }
    // Keep the queue ordered by (t, seq).
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].t > action.t) i--;
    this.queue.splice(i, 0, action);
    return seq;
  }

  /** Simulate up to (not including) time `t` ms, in whole ticks. */
  advanceTo(t: number): void {
    const target = Math.min(t, this.durationMs);
    while (!this.finished && this.now + TICK_MS <= target) this.step();
    if (!this.finished && this.now >= this.durationMs) this.end('time');
  }

  runToEnd(): void {
    this.advanceTo(this.durationMs);
    if (!this.finished) this.end('time');
  }

  // ---------------------------------------------------------------- main loop

  private step(): void {
    const start = this.now;
    const end = start + TICK_MS;
    // 1. scripted events and actions in [start, end), in time order
    for (;;) {
      const s = this.scriptedNext < this.scripted.length ? this.scripted[this.scriptedNext] : null;
      const a = this.queue.length > 0 ? this.queue[0] : null;
      const sAt = s && s.at < end ? s.at : Infinity;
      const aAt = a && a.t < end ? a.t : Infinity;
      if (sAt === Infinity && aAt === Infinity) break;
      if (sAt <= aAt) {
        this.scriptedNext++;
        this.eventTime = s!.at;
        s!.run();
      } else {
        this.queue.shift();
        this.eventTime = a!.t;
        if (this.finished) {
          this.rejectEnded(a!);
        } else {
          applyAction(this, a!);
          checkTasksAfterAction(this, a!);
        }
      }
      if (this.finished) return;
    }
    // 2. the audience and room timers, stamped at the end of the tick
    this.now = end;
    this.tick++;
    this.eventTime = end;
    // At the controller seat the scripted host is on air the whole time: its lines in the file are
    // the ones that matter (cues, key claims), and it keeps talking between them. No dead air then,
    // unless the stream is down or the microphone has failed.
    if (this.scenario.meta.seat === 'controller' && this.status === 'live' && !this.micDown) this.lastSpeech = end;
    this.runTimers();
    taskDeadlines(this);
    this.arrivals();
    this.viewerDecisions();
    if (this.tick % TICKS_PER_SECOND === 0) this.flushSecond();
    if (this.tick % REC_UPDATE_TICKS === 0) this.updateRecommendation();
    if (this.now >= this.durationMs) this.end('time');
  }

  private rejectEnded(a: Action & { seq: number }): void {
    const { t: _t, type, seq, ...payload } = a as unknown as Record<string, unknown> & { seq: number };
    void _t;
    this.emit('action.rejected', { seq, action: String(type), payload, code: 'ended', reason: 'the stream has ended' });
  }

  end(reason: 'time' | 'host'): void {
    if (this.finished) return;
    this.eventTime = Math.min(Math.max(this.eventTime, this.now), this.durationMs);
    if (this.explaining >= 0) this.stopExplaining();
    this.flushSecond(true);
    this.status = 'ended';
    this.finished = true;
    this.now = Math.max(this.now, this.eventTime);
    this.emit('room.ended', { reason });
    // Anything still queued can never happen.
    for (const a of this.queue) {
      this.eventTime = Math.max(this.eventTime, Math.min(a.t, this.durationMs));
      this.rejectEnded(a);
    }
    this.queue = [];
  }

  // ---------------------------------------------------------------- timers

  at(t: number, run: () => void): void {
    const timer = { t, seq: this.timerSeq++, run };
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1].t > t || (this.timers[i - 1].t === t && this.timers[i - 1].seq > timer.seq))) i--;
    this.timers.splice(i, 0, timer);
  }

  private runTimers(): void {
    while (this.timers.length > 0 && this.timers[0].t <= this.now) {
      const timer = this.timers.shift()!;
      timer.run();
    }
  }

  // ---------------------------------------------------------------- scenario script

  private buildScript(): void {
    const s = this.scenario;
    const items: Scripted[] = [];
    let order = 0;
    const add = (atSec: number, run: () => void) => items.push({ at: Math.round(atSec * 1000), order: order++, run });
    let segAt = 0;
    this.plan = s.runOfShow.map((seg) => seg.id);
    s.runOfShow.forEach((seg, index) => {
      const startMs = Math.round(segAt * 1000);
      add(segAt, () => {
        if (this.hostRunOfShow) return;
        this.segment = seg.id;
        this.emit('segment.start', { segment: seg.id, index, plannedMs: Math.round(seg.duration * 1000), ...(seg.product ? { product: seg.product } : {}) }, undefined, startMs);
      });
      segAt += seg.duration;
    });
    for (const v of s.script.vips) add(v.at, () => this.vipArrives(v.user, v.persona, v.fanLevel));
    for (const c of s.script.comments) add(c.at, () => this.scriptedComment(c));
    s.script.host.forEach((h, i) => add(h.at, () => this.scriptedHostLine(h, i)));
    for (const inc of s.incidents) add(inc.at, () => startIncident(this, inc));
    items.sort((a, b) => a.at - b.at || a.order - b.order);
    this.scripted = items;
  }

  private vipArrives(user: string, persona: PersonaType, fanLevel: number): void {
    const slot = this.newViewer(this.personaSlotFor(persona), true);
    const f = this.pool.flags;
    f[slot] |= F_VIP | F_FAN | F_FOLLOWED | F_SCRIPTED;
    this.nameOverrides.set(this.pool.vid[slot], user);
    this.markNotable(slot, false);
    this.rememberName(this.pool.vid[slot]);
    this.emit('viewer.join', { viewer: this.pool.vid[slot], user, vip: true, fanLevel, scripted: true });
  }

  private scriptedComment(c: Scenario['script']['comments'][number]): void {
    const persona = c.persona ?? (c.kind === 'troll' ? 'troll' : c.kind === 'question' ? 'question_asker' : 'loyal_fan');
    const slot = this.newViewer(this.personaSlotFor(persona), true);
    this.pool.flags[slot] |= F_SCRIPTED;
    if (c.user) this.nameOverrides.set(this.pool.vid[slot], c.user);
    const p = c.product !== undefined ? this.productIndex.get(c.product) ?? -1 : -1;
    const fact = p >= 0 && c.fact ? this.scenario.products[p].facts.findIndex((f) => f.key === c.fact) : -1;
    this.postComment(slot, c.kind, c.text, { product: p, fact, scripted: true });
  }

  private scriptedHostLine(h: Scenario['script']['host'][number], i: number): void {
    const heard = this.status === 'live' && !this.micDown;
    const id = this.emit('host.say', { text: h.say, heard, source: 'script' });
    if (heard) analyseSpeech(this, h.say, id, null, { scriptedHost: true });
    if (h.cue) {
      const cueId = `cue-${i + 1}`;
      // A host who calls for a new price ("改价59") makes it the room's intended price from now on.
      if (h.cue.action === 'set_price' && h.cue.price !== undefined && h.cue.product !== undefined) {
        const p = this.productIndex.get(h.cue.product);
        if (p !== undefined) this.products[p].intendedPrice = fen(h.cue.price);
      }
      const deadline = this.eventTime + Math.round(h.cue.within * 1000);
      const ev = this.emit(
        'cue.issued',
        {
          cue: cueId,
          text: h.say,
          action: h.cue.action,
          deadlineMs: deadline,
          ...(h.cue.product ? { product: h.cue.product } : {}),
          ...(h.cue.coupon ? { coupon: h.cue.coupon } : {}),
          // set_price / set_stock: the value the host asks for (price in fen, like every price in the log).
          ...(h.cue.price !== undefined ? { price: fen(h.cue.price) } : {}),
          ...(h.cue.stock !== undefined ? { stock: h.cue.stock } : {}),
        },
        [id],
      );
      this.tasks.push({
        id: cueId,
        kind: 'cue',
        startEvent: ev,
        startedAt: this.eventTime,
        deadline,
        handled: false,
        missed: false,
        data: { action: h.cue.action, product: h.cue.product, coupon: h.cue.coupon, price: h.cue.price, stock: h.cue.stock },
      });
      settleCueIfDone(this, this.tasks[this.tasks.length - 1]);
    }
  }

  // ---------------------------------------------------------------- viewers

  nameOverrides = new Map<number, string>();

  userName(viewer: number): string {
    return this.nameOverrides.get(viewer) ?? viewerName(viewer, this.lang);
  }

  personaSlotFor(type: PersonaType): number {
    const i = this.personaTypeIndex.indexOf(PERSONA_TYPES.indexOf(type));
    if (i >= 0) return i;
    // A scripted viewer of a persona the room does not list: add it with defaults.
    this.personaTypeIndex.push(PERSONA_TYPES.indexOf(type));
    this.personas.push({ ...PERSONA_DEFAULTS[type] });
    return this.personas.length - 1;
  }

  personaType(slot: number): PersonaType {
    return PERSONA_TYPES[this.personaTypeIndex[this.pool.persona[slot]]];
  }

  /** Create a viewer now. `engaged` viewers skip the bounce draw (scripted ones always stay a while). */
  newViewer(persona: number, engaged: boolean): number {
    const vid = this.nextViewerId++;
    const slot = this.pool.add(vid, persona, this.eventTime);
    this.uv++;
    this.presentArrivalSum += this.eventTime;
    if (this.pool.online > this.peakOnline) this.peakOnline = this.pool.online;
    this.secondAgg.joined++;
    if (this.secondAgg.joinedIds.length < 3) this.secondAgg.joinedIds.push(vid);
    this.recentArrivals.push(slot, vid, this.eventTime);
    const pp = this.personas[persona];
    const flags = this.pool.flags;
    if (engaged) {
      flags[slot] |= F_ENGAGED;
      this.scheduleDecision(slot);
    } else {
      let bounce = pp.bounce;
      if (this.status !== 'live') bounce = 0.9;
      else {
        if (this.card >= 0 && this.now - this.cardAt < CARD_FRESH_MS) bounce *= 0.8;
        if (this.now - this.lastSpeech > DEAD_AIR_MS) bounce = Math.min(0.95, bounce * 1.3);
        if (this.flash && !this.flash.started) bounce *= 0.8;
      }
      if (this.rng.float() < bounce) {
        // Negative watching: gone within a few seconds.
        this.pool.schedule(slot, this.tick + 10 + this.rng.int(50));
      } else {
        flags[slot] |= F_ENGAGED;
        if (this.rng.float() < 0.12) flags[slot] |= F_FOLLOWED; // already a follower
        this.scheduleDecision(slot);
      }
    }
    return slot;
  }

  private scheduleDecision(slot: number, meanMs = DECISION_MEAN_MS): void {
    const dt = Math.min(this.rng.exp(meanMs), DECISION_MAX_MS) + 500;
    this.pool.schedule(slot, this.tick + Math.max(1, Math.ceil(dt / TICK_MS)));
  }

  markNotable(slot: number, _log = true): void {
    const f = this.pool.flags;
    if ((f[slot] & F_NOTABLE) === 0) {
      f[slot] |= F_NOTABLE;
      this.notable.set(this.pool.vid[slot], slot);
    }
  }

  private arrivals(): void {
    const tSec = this.now / 1000;
    const pts = this.scenario.audience.traffic;
    let perMin = pts[pts.length - 1].perMin;
    for (let i = 0; i < pts.length; i++) {
      if (pts[i].at >= tSec) {
        if (i === 0) perMin = pts[0].perMin;
        else {
          const a = pts[i - 1];
          const b = pts[i];
          perMin = a.perMin + ((b.perMin - a.perMin) * (tSec - a.at)) / (b.at - a.at);
        }
        break;
      }
    }
    if (this.penaltyUntil >= 0 && this.now >= this.penaltyUntil) {
      this.penaltyFactor = 1;
      this.penaltyUntil = -1;
    }
    let lambda = (perMin / 60) * (TICK_MS / 1000) * this.recMultiplier * this.penaltyFactor;
    if (this.status !== 'live') lambda *= 0.15;
    const n = this.rng.poisson(lambda);
    for (let k = 0; k < n; k++) {
      const u = this.rng.float();
      let p = 0;
      while (p < this.personaCum.length - 1 && u >= this.personaCum[p]) p++;
      this.newViewer(p, false);
    }
    // forget arrivals older than the greeting window (compact now and then, not every tick)
    const cutoff = this.now - GREET_WINDOW_MS;
    const ra = this.recentArrivals;
    while (this.recentHead < ra.length && ra[this.recentHead + 2] < cutoff) this.recentHead += 3;
    if (this.recentHead > 30000) {
      this.recentArrivals = ra.slice(this.recentHead);
      this.recentHead = 0;
    }
  }

  /** VIPs and recent commenters still in the room: the names a host might use. */
  greetable(): number[] {
    return this.nameable.filter((vid) => this.notable.has(vid));
  }

  private rememberName(vid: number): void {
    this.nameable.push(vid);
    if (this.nameable.length > 60) this.nameable.splice(0, 20);
  }

  /** Viewers who arrived within the greeting window and are still here. */
  recentViewers(): { slot: number; vid: number }[] {
    const out: { slot: number; vid: number }[] = [];
    for (let i = this.recentHead; i < this.recentArrivals.length; i += 3) {
      const slot = this.recentArrivals[i];
      const vid = this.recentArrivals[i + 1];
      if (this.pool.isPresent(slot) && this.pool.vid[slot] === vid) out.push({ slot, vid });
    }
    return out;
  }

  private viewerDecisions(): void {
    const pool = this.pool;
    // Room-wide factors, computed once per tick.
    const live = this.status === 'live';
    const deadAir = this.now - this.lastSpeech > DEAD_AIR_MS;
    const cardFresh = this.card >= 0 && this.now - this.cardAt < CARD_FRESH_MS && this.products[this.card].listed;
    let roomLeave = 1;
    if (!live) roomLeave *= 6;
    if (this.micDown) roomLeave *= 2;
    if (this.quality === 'degraded') roomLeave *= 1.15;
    if (deadAir) roomLeave *= 1.6;
    else roomLeave *= 0.85;
    if (this.explaining >= 0 || cardFresh) roomLeave *= 0.9;
    if (this.flash && !this.flash.started) roomLeave *= 0.6;
    if (this.hasOpenTask('troll_wave')) roomLeave *= 1.25;
    roomLeave *= 1 - 0.3 * this.trust;
    const pull = !live ? 0 : cardFresh ? 1 : this.explaining >= 0 && this.products[this.explaining].listed ? 0.35 : this.anyListed() ? 0.06 : 0;
    const followMul = (this.now < this.ctaUntil.follow ? 4 : 1) * (live ? 1 : 0);
    const likeMul = (this.now < this.ctaUntil.like ? 3 : 1) * (deadAir ? 0.5 : 1) * (live ? 1 : 0.3);
    const shareMul = this.now < this.ctaUntil.share ? 5 : 1;
    const talkMul = live ? (deadAir ? 0.6 : 1) : 1.5;
    const buyCta = this.now < this.ctaUntil.buy ? 1.5 : 1;
    const couponOpen = live && this.openCouponExists();
    const couponMul = this.now < this.ctaUntil.coupon ? 3 : 1;
    const bagOpen = live && this.luckyBag !== null;
    const packetOpen = live && this.redPacket !== null;

    // Hot loop: locals instead of property chains; persona rates pre-divided per minute of dwell.
    const now = this.now;
    const tick = this.tick;
    const rng = this.rng;
    const personas = this.personas;
    const flagsA = pool.flags;
    const personaA = pool.persona;
    const lastA = pool.lastDecision;
    const askedA = pool.askedAt;
    const trustA = pool.trust;
    const followCause = now < this.ctaUntil.follow ? 'cta' : null;
    const via: Via = cardFresh ? 'card' : 'bag';
    for (let following = pool.takeDue(tick); following >= 0; ) {
      const slot = following;
      // Detach before acting: acting may schedule this viewer again into another bucket.
      following = pool.nextDue(slot);
      const flags = flagsA[slot];
      const persona = personas[personaA[slot]];
      if ((flags & F_ENGAGED) === 0) {
        this.leave(slot);
        continue;
      }
      const phase = pool.phase[slot];
      if (phase === PHASE_CONSIDERING) {
        this.decidePurchase(slot, persona, buyCta);
        continue;
      }
      if (phase === PHASE_PAYING) {
        this.resolvePayment(slot);
        continue;
      }
      const dtMin = (now - lastA[slot]) / 60000;
      lastA[slot] = now;
      // Personal stay factors.
      let personal = 1;
      if (flags & (F_GREETED | F_ANSWERED | F_FOLLOWED | F_LUCKY | F_WAVE_TROLL)) {
        if (flags & F_GREETED) personal *= 0.75;
        if (flags & F_ANSWERED) personal *= 0.6;
        if (flags & F_FOLLOWED) personal *= 0.85;
        if (flags & F_LUCKY && bagOpen) personal *= 0.15;
        if (flags & F_WAVE_TROLL) personal *= 0.2;
      }
      if (pool.question[slot] >= 0 && now - askedA[slot] > 30000) personal *= 1.4;
      const tr = trustA[slot];
      if (tr !== 0) personal *= 1 - 0.3 * (tr > 1 ? 1 : tr < -1 ? -1 : tr);
      const perDwell = 60 / persona.dwell;
      const leave = roomLeave * personal * perDwell * dtMin;
      const comment = persona.commentRate * talkMul * (flags & F_WAVE_TROLL ? 8 : 1) * dtMin;
      const like = persona.likeRate * likeMul * dtMin;
      const follow = flags & F_FOLLOWED ? 0 : persona.followRate * followMul * (flags & F_GREETED ? 2 : 1) * perDwell * dtMin;
      const click = persona.clickRate * pull * buyCta * (flags & F_CLICKED ? 0.4 : 1) * dtMin;
      const share = 0.004 * shareMul * dtMin;
      const claim = couponOpen && (flags & F_CLAIMED) === 0 ? 0.6 * (persona.priceSensitivity + 0.3) * couponMul * dtMin : 0;
      const lucky = bagOpen && (flags & F_LUCKY) === 0 ? 0.8 * dtMin : 0;
      const grab = packetOpen && (flags & F_GRABBED) === 0 ? 1.5 * dtMin : 0;
      let total = leave + comment + like + follow + click + share + claim + lucky + grab;
      const scale = total > 0.95 ? 0.95 / total : 1;
      total *= scale;
      let u = rng.float();
      if (u >= total) {
        this.scheduleDecision(slot);
        continue;
      }
      u /= scale;
      if ((u -= leave) < 0) this.leave(slot);
      else if ((u -= comment) < 0) this.organicComment(slot, persona);
      else if ((u -= like) < 0) this.like(slot);
      else if ((u -= follow) < 0) this.follow(slot, followCause ?? (flags & F_GREETED ? 'greeting' : 'organic'));
      else if ((u -= click) < 0) this.click(slot, via);
      else if ((u -= share) < 0) this.share(slot);
      else if ((u -= claim) < 0) this.claimCoupon(slot);
      else if (u - lucky < 0) this.enterLuckyBag(slot);
      else this.grabPacket(slot);
      if (pool.isPresent(slot) && pool.sched[slot] < 0) this.scheduleDecision(slot);
    }
  }

  leave(slot: number): void {
    const pool = this.pool;
    const vid = pool.vid[slot];
    // Someone removed mid-payment (blocked) never pays: release the stock.
    if (pool.phase[slot] === PHASE_PAYING) this.cancelOrder(pool.order[slot], 'unpaid');
    const dwell = this.now - pool.arrived[slot];
    this.departedDwellMs += dwell;
    this.presentArrivalSum -= pool.arrived[slot];
    this.secondAgg.left++;
    if (pool.flags[slot] & F_NOTABLE) {
      this.notable.delete(vid);
      this.emit('viewer.leave', { viewer: vid, dwellMs: dwell });
    }
    pool.remove(slot);
  }

  private interacted(slot: number): void {
    // Interaction rate counts viewers, not acts: mark the first interaction only.
    const f = this.pool.flags;
    if ((f[slot] & F_INTERACTED) === 0) {
      f[slot] |= F_INTERACTED;
      this.interactors++;
    }
    this.win.interactions[this.win.i]++;
  }

  private like(slot: number): void {
    const taps = 1 + this.rng.int(12);
    this.likes += taps;
    this.secondAgg.likes += taps;
    this.interacted(slot);
  }

  private share(slot: number): void {
    this.shares++;
    this.secondAgg.shares++;
    this.interacted(slot);
  }

  follow(slot: number, cause: EventMap['viewer.follow']['cause']): void {
    this.pool.flags[slot] |= F_FOLLOWED;
    this.newFollowers++;
    this.interacted(slot);
    this.markNotable(slot);
    this.emit('viewer.follow', { viewer: this.pool.vid[slot], cause });
    if (this.now < this.ctaUntil.fanclub && this.rng.float() < 0.3) {
      this.pool.flags[slot] |= F_FAN;
      this.fanclubJoins++;
      this.emit('viewer.fanclub', { viewer: this.pool.vid[slot] });
    }
  }

  /** The room's comment texts of one kind (English rooms fall back to Chinese), or undefined. */
  templates(kind: string): readonly string[] | undefined {
    return TEMPLATES[this.lang][kind] ?? TEMPLATES.zh[kind];
  }

  private pickText(kind: string, vars: Record<string, string> = {}): string {
    const list = TEMPLATES[this.lang][kind] ?? TEMPLATES.zh[kind];
    let text = this.rng.pick(list);
    for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(v);
    return text;
  }

  productName(p: number): string {
    const prod = this.scenario.products[p];
    return this.lang === 'en' ? prod.name.en : prod.name.zh;
  }

  private organicComment(slot: number, persona: PersonaParams): void {
    const flags = this.pool.flags[slot];
    const vars = (p: number) => ({ product: this.productName(p), no: String(this.scenario.products[p].no), price: yuanText(this.products[p].price), keyword: this.luckyBag?.keyword ?? '' });
    const focus = this.explaining >= 0 ? this.explaining : this.card >= 0 ? this.card : this.firstListed();
    // Situational comments come first: what a real audience says when something is off.
    if (this.status !== 'live') return void this.postComment(slot, 'chat', this.pickText('streamDown'), {});
    if (this.micDown && this.rng.float() < 0.7) return void this.postComment(slot, 'chat', this.pickText('micDown'), {});
    if (this.luckyBag && this.luckyBag.entry === 'comment' && (flags & F_LUCKY) === 0) {
      this.enterLuckyBag(slot);
      return;
    }
    if (focus >= 0) {
      const fp = this.products[focus];
      if (fp.linkTarget !== focus && flags & F_CLICKED && this.rng.float() < 0.6) return void this.postComment(slot, 'complaint', this.pickText('wrongLink', vars(focus)), { product: focus });
      if (fp.price < fp.intendedPrice * 0.6 && this.rng.float() < 0.4) return void this.postComment(slot, 'price', this.pickText('lowPrice', vars(focus)), { product: focus });
      if (fp.price > fp.intendedPrice * 1.2 && this.rng.float() < 0.4) return void this.postComment(slot, 'complaint', this.pickText('highPrice', vars(focus)), { product: focus });
      if (fp.soldOut && this.rng.float() < 0.4) return void this.postComment(slot, 'chat', this.pickText('soldOut', vars(focus)), { product: focus });
    }
    const m = persona.mix;
    const type = this.personaType(slot);
    let u = this.rng.float() * (m.question + m.chat + m.praise + m.complaint + m.troll + m.price);
    if ((u -= m.question) < 0) {
      const p = focus >= 0 && this.products[focus].askable.length > 0 ? focus : this.randomAskable();
      if (p >= 0) {
        const fact = this.rng.pick(this.products[p].askable);
        const f = this.scenario.products[p].facts[fact];
        return void this.postComment(slot, 'question', this.rng.pick(f.ask), { product: p, fact });
      }
      return void this.postComment(slot, 'chat', this.pickText('chat'), {});
    }
    if ((u -= m.chat) < 0) return void this.postComment(slot, 'chat', this.pickText('chat'), {});
    if ((u -= m.praise) < 0) return void this.postComment(slot, 'praise', this.pickText('praise'), {});
    if ((u -= m.complaint) < 0) {
      if (type === 'rival_plant') return void this.postComment(slot, 'complaint', this.pickText('plant'), {});
      // General complaints, and those that fit the product in view (its category's group).
      const general = TEMPLATES[this.lang].complaint ?? TEMPLATES.zh.complaint;
      const fitting = focus >= 0 ? TEMPLATES[this.lang][`complaint:${complaintGroup(this.scenario.products[focus])}`] ?? [] : [];
      const i = this.rng.int(general.length + fitting.length);
      return void this.postComment(slot, 'complaint', i < general.length ? general[i] : fitting[i - general.length], i < general.length ? {} : { product: focus });
    }
    if (u - m.troll < 0) return void this.postComment(slot, 'troll', this.pickText(type === 'rival_plant' ? 'plant' : 'troll'), {});
    const p = focus >= 0 ? focus : 0;
    return void this.postComment(slot, 'price', this.pickText('price', vars(p)), { product: p });
  }

  private firstListed(): number {
    for (const p of this.products) if (p.listed) return p.index;
    return -1;
  }

  private anyListed(): boolean {
    return this.firstListed() >= 0;
  }

  private randomAskable(): number {
    const c = this.products.filter((p) => p.askable.length > 0);
    return c.length > 0 ? this.rng.pick(c).index : -1;
  }

  /** Post a comment from a viewer; questions open a question the host should answer. */
  postComment(
    slot: number,
    kind: EventMap['comment']['kind'],
    text: string,
    o: { product?: number; fact?: number; scripted?: boolean; incident?: string },
  ): number {
    const vid = this.pool.vid[slot];
    this.markNotable(slot);
    this.comments++;
    this.interacted(slot);
    const mutedUntil = this.muted.get(vid);
    let hidden: 'muted' | 'filtered' | undefined;
    if (mutedUntil !== undefined && mutedUntil > this.eventTime) hidden = 'muted';
    else if (this.filterWords.length > 0 && this.filterWords.some((w) => text.toLowerCase().includes(w))) hidden = 'filtered';
    const p = o.product ?? -1;
    const id = this.emit('comment', {
      viewer: vid,
      user: this.userName(vid),
      kind,
      text,
      ...(p >= 0 ? { product: this.products[p].id } : {}),
      ...(p >= 0 && o.fact !== undefined && o.fact >= 0 ? { fact: this.scenario.products[p].facts[o.fact].key } : {}),
      scripted: o.scripted ?? false,
      ...(hidden ? { hidden } : {}),
      ...(o.incident ? { incident: o.incident } : {}),
    });
    this.rememberName(vid);
    if (kind === 'question' && p >= 0 && o.fact !== undefined && o.fact >= 0 && !hidden) {
      this.questions.set(id, { eventId: id, viewer: vid, slot, product: p, fact: o.fact, askedAt: this.eventTime, answered: false });
      this.pool.question[slot] = id;
      this.pool.askedAt[slot] = this.eventTime;
      // Unanswered questions make the asker restless; an old one is dropped from the open list.
      this.at(this.eventTime + QUESTION_OPEN_MS, () => this.expireQuestion(id));
    }
    return id;
  }

  private expireQuestion(eventId: number): void {
    const q = this.questions.get(eventId);
    if (!q || q.answered) return;
    this.questions.delete(eventId);
    this.trust = Math.max(-1, this.trust - 0.01);
    if (this.pool.isPresent(q.slot) && this.pool.vid[q.slot] === q.viewer) this.pool.question[q.slot] = -1;
    this.emit('question.expired', { comment: eventId, viewer: q.viewer }, [eventId]);
  }

  /** Mark an open question answered. A correct answer keeps the asker and makes them likelier to buy. */
  answerQuestion(q: OpenQuestion, correct: boolean, by: 'reply' | 'speech', byEvent: number): void {
    q.answered = true;
    this.questions.delete(q.eventId);
    const present = this.pool.isPresent(q.slot) && this.pool.vid[q.slot] === q.viewer;
    if (present) {
      this.pool.question[q.slot] = -1;
      this.pool.flags[q.slot] |= F_ANSWERED;
      // A wrong answer never lowers the asker's will to buy now; it shows up later as a refund.
      if (correct) this.pool.trust[q.slot] += 0.5;
      else this.pool.flags[q.slot] |= F_MISLED;
    }
    this.trust = Math.min(1, this.trust + (correct ? 0.03 : 0));
    if (!correct) this.products[q.product].misled = true;
    const fact = this.scenario.products[q.product].facts[q.fact].key;
    this.emit('question.answered', { comment: q.eventId, viewer: q.viewer, product: this.products[q.product].id, fact, correct, by }, [q.eventId, byEvent]);
    if (present && correct && this.rng.float() < 0.15) this.postComment(q.slot, 'chat', this.pickText('thanks'), {});
  }

  click(slot: number, via: Via): void {
    const pool = this.pool;
    let p = via === 'card' ? this.card : this.explaining >= 0 ? this.explaining : -1;
    if (p < 0 || !this.products[p].listed) {
      const listed = this.products.filter((x) => x.listed);
      if (listed.length === 0) return;
      p = this.rng.pick(listed).index;
      via = 'bag';
    }
    const prod = this.products[p];
    const shown = prod.linkTarget;
    prod.clicks++;
    this.clicks++;
    this.win.clicks[this.win.i]++;
    if ((pool.flags[slot] & F_CLICKED) === 0) {
      pool.flags[slot] |= F_CLICKED;
      this.clickers++;
      prod.clickers++;
    }
    this.markNotable(slot);
    this.emit('product.click', { viewer: pool.vid[slot], product: prod.id, via, shown: this.products[shown].id });
    pool.phase[slot] = PHASE_CONSIDERING;
    pool.target[slot] = p;
    pool.schedule(slot, this.tick + Math.ceil((2000 + this.rng.exp(8000)) / TICK_MS));
  }

  /** The price a viewer would pay for one unit of product p now, in fen, and whether a flash sale applies. */
  unitPrice(p: number): { price: number; flash: boolean } {
    const f = this.flash;
    if (f && f.started && f.product === p && f.sold < f.quantity && this.now < f.endsMs) return { price: f.price, flash: true };
    return { price: this.products[p].price, flash: false };
  }

  private decidePurchase(slot: number, persona: PersonaParams, buyCta: number): void {
    const pool = this.pool;
    const p = pool.target[slot];
    pool.phase[slot] = PHASE_WATCHING;
    pool.target[slot] = -1;
    const prod = this.products[p];
    const wrongItem = prod.linkTarget !== p;
    const sku = wrongItem ? prod.linkTarget : p;
    const sp = this.scenario.products[p];
    // A wrong link to an item that is not on sale opens a page that cannot be bought.
    if (this.status !== 'live' || !prod.listed || !this.products[sku].listed || this.products[sku].soldOut) {
      this.scheduleDecision(slot);
      return;
    }
    const { price, flash } = this.unitPrice(sku);
    const coupon = this.bestCoupon(slot, sku, price);
    const eff = price - (coupon ? coupon.discount : 0);
    const discount = 1 - eff / prod.referencePrice;
    const priceFactor = Math.max(0.2, Math.min(1.8, 1 + persona.priceSensitivity * (discount * 2.5 - 0.25)));
    const coverage = sp.sellingPoints.length > 0 ? prod.covered.size / sp.sellingPoints.length : 1;
    const explained = prod.explainMs > 0 || this.explaining === p ? 1 : 0.5;
    const trust = Math.exp(0.8 * (this.trust + Math.max(-1, Math.min(1, pool.trust[slot]))));
    let urgency = 1;
    if (flash) urgency *= 1.4;
    if (this.now < this.scarcityUntil) urgency *= 1.15;
    let risk = 1;
    if (prod.qualityRisk > 0) risk *= Math.max(0.3, 1 - 0.25 * prod.qualityRisk);
    if (wrongItem) risk *= 0.2;
    let prob = persona.buyPropensity * priceFactor * (0.35 + 0.65 * coverage) * explained * trust * urgency * risk * (buyCta > 1 ? 1.15 : 1);
    if (pool.flags[slot] & F_ANSWERED) prob *= 1.3;
    prob = Math.min(0.9, prob);
    if (this.rng.float() < prob) {
      this.placeOrder(slot, sku, price, flash, coupon, wrongItem ? 'card' : this.card === p ? 'card' : 'bag', wrongItem);
    } else {
      if (this.rng.float() < 0.25) {
        this.cartAdds++;
        this.emit('cart.add', { viewer: pool.vid[slot], product: this.products[sku].id });
      }
      this.scheduleDecision(slot);
    }
  }

  private bestCoupon(slot: number, p: number, price: number): CouponState | null {
    if ((this.pool.flags[slot] & F_CLAIMED) === 0) return null;
    let best: CouponState | null = null;
    for (const c of this.coupons.values()) {
      if (c.issuedUntil < 0 || c.claimed === 0) continue;
      if (c.products.length > 0 && !c.products.includes(p)) continue;
      if (c.kind === 'threshold' && price < c.threshold) continue;
      if (c.discount >= price && !c.misconfigured) continue;
      if (!best || c.discount > best.discount) best = c;
    }
    return best;
  }

  private placeOrder(slot: number, p: number, price: number, flash: boolean, coupon: CouponState | null, via: Via, wrongItem: boolean): void {
    const pool = this.pool;
    const prod = this.products[p];
    let qty = 1;
    const r = this.rng.float();
    if (price < 5000) qty = r < 0.8 ? 1 : r < 0.95 ? 2 : 3;
    if (flash && this.flash) {
      qty = Math.min(qty, this.flash.perBuyer - pool.flashBought[slot], this.flash.quantity - this.flash.sold);
      if (qty <= 0) {
        this.scheduleDecision(slot);
        return;
      }
    }
    qty = Math.min(qty, prod.stock);
    if (qty <= 0) {
      this.scheduleDecision(slot);
      return;
    }
    const discount = coupon ? Math.min(coupon.discount, price * qty) : 0;
    const amount = Math.max(0, price * qty - discount);
    const oversold = prod.sold + qty > prod.warehouse;
    prod.stock -= qty;
    prod.sold += qty;
    prod.orders++;
    if (coupon) coupon.used++;
    if (flash && this.flash) {
      this.flash.sold += qty;
      pool.flashBought[slot] += qty;
    }
    this.orders++;
    this.win.orders[this.win.i]++;
    const orderNo = this.orderInfo.length;
    const eventId = this.emit('order.placed', {
      order: orderNo,
      viewer: pool.vid[slot],
      product: prod.id,
      qty,
      unitPrice: price,
      discount,
      amount,
      cost: prod.cost * qty,
      ...(coupon ? { coupon: coupon.id } : {}),
      flash,
      via,
      oversold,
    });
    this.orderInfo.push({ viewer: pool.vid[slot], product: p, amount, cost: prod.cost * qty, oversold, wrongItem, coupon: coupon?.id ?? null, paid: false, eventId });
    pool.flags[slot] |= F_BOUGHT;
    pool.phase[slot] = PHASE_PAYING;
    pool.order[slot] = orderNo;
    pool.schedule(slot, this.tick + Math.ceil((2000 + this.rng.exp(6000)) / TICK_MS));
    if (prod.stock === 0 && !prod.soldOut) {
      prod.soldOut = true;
      this.emit('product.soldout', { product: prod.id });
    }
    if (this.flash && flash && this.flash.sold >= this.flash.quantity) this.endFlashSale('soldout');
  }

  private resolvePayment(slot: number): void {
    const pool = this.pool;
    const orderNo = pool.order[slot];
    pool.phase[slot] = PHASE_WATCHING;
    pool.order[slot] = -1;
    const o = this.orderInfo[orderNo];
    const prod = this.products[o.product];
    const payProb = Math.max(0.6, Math.min(0.97, 0.86 + 0.1 * (this.trust + pool.trust[slot])));
    if (this.rng.float() < payProb) {
      o.paid = true;
      this.paidOrders++;
      prod.paidOrders++;
      this.paidAmount += o.amount;
      prod.gmv += o.amount;
      this.grossCost += o.cost;
      if (!(pool.flags[slot] & F_BUYER)) {
        pool.flags[slot] |= F_BUYER;
        this.buyers++;
      }
      this.emit('order.paid', { order: orderNo, amount: o.amount }, [o.eventId]);
      // Some paid orders come back during the live: certainly when nothing can ship, likelier when the buyer was misled.
      let refundP = 0.02;
      let reason: EventMap['refund']['reason'] = 'ordinary';
      if (o.oversold) {
        refundP = 1;
        reason = 'oversold';
      } else if (o.wrongItem) {
        refundP = 0.7;
        reason = 'wrong_item';
      } else if (pool.flags[slot] & F_MISLED || prod.misled) {
        refundP = 0.15;
        reason = 'misled';
      } else if (prod.qualityRisk > 1) {
        refundP = 0.12;
        reason = 'quality';
      }
      if (this.rng.float() < refundP) {
        const when = this.now + Math.round(this.rng.range(30000, 180000));
        this.at(when, () => this.refund(orderNo, reason));
      }
    } else {
      this.cancelOrder(orderNo, 'unpaid');
    }
    this.scheduleDecision(slot);
  }

  private cancelOrder(orderNo: number, reason: 'unpaid' | 'oversold'): void {
    const o = this.orderInfo[orderNo];
    const prod = this.products[o.product];
    const units = this.orderUnits(orderNo);
    this.cancelledOrders++;
    prod.stock += units;
    prod.sold -= units;
    if (prod.soldOut && prod.stock > 0) prod.soldOut = false;
    this.emit('order.cancelled', { order: orderNo, reason }, [o.eventId]);
  }

  /** The slot of a viewer who is in the room now, or -1. */
  slotOf(viewer: number): number {
    const known = this.notable.get(viewer);
    if (known !== undefined) return known;
    const pool = this.pool;
    for (let s = 0; s < pool.used; s++) if (pool.vid[s] === viewer && pool.isPresent(s)) return s;
    return -1;
  }

  private orderUnits(orderNo: number): number {
    const ev = this.log[this.orderInfo[orderNo].eventId] as SimEvent<'order.placed'>;
    return ev.qty;
  }

  private refund(orderNo: number, reason: EventMap['refund']['reason']): void {
    const o = this.orderInfo[orderNo];
    if (!o.paid) return;
    this.refunds++;
    this.refundAmount += o.amount;
    const prod = this.products[o.product];
    prod.refunds++;
    prod.gmv -= o.amount;
    this.emit('refund', { order: orderNo, amount: o.amount, reason }, [o.eventId]);
  }

  private openCouponExists(): boolean {
    for (const c of this.coupons.values()) if (c.issuedUntil > this.now && !c.stopped && c.claimed < c.quantity) return true;
    return false;
  }

  private claimCoupon(slot: number): void {
    let any = false;
    for (const c of this.coupons.values()) {
      if (c.issuedUntil > this.now && !c.stopped && c.claimed < c.quantity) {
        c.claimed++;
        any = true;
        if (c.claimed === c.quantity) {
          this.emit('coupon.stopped', { coupon: c.id, reason: 'exhausted' });
        }
      }
    }
    if (any) {
      this.pool.flags[slot] |= F_CLAIMED;
      this.secondAgg.claims++;
    }
  }

  enterLuckyBag(slot: number): void {
    const bag = this.luckyBag;
    if (!bag) return;
    this.pool.flags[slot] |= F_LUCKY;
    bag.entrants.push(this.pool.vid[slot]);
    if (bag.entry === 'follow') {
      if ((this.pool.flags[slot] & F_FOLLOWED) === 0) this.follow(slot, 'lucky_bag');
    } else {
      this.postComment(slot, 'keyword', bag.keyword, {});
    }
  }

  private grabPacket(slot: number): void {
    const packet = this.redPacket;
    if (!packet) return;
    this.pool.flags[slot] |= F_GRABBED;
    packet.grabbed++;
    this.secondAgg.claims++;
    this.interacted(slot);
    if (packet.grabbed >= packet.count) {
      this.emit('redpacket.finished', { packet: packet.id, grabbed: packet.grabbed });
      this.redPacket = null;
    }
  }

  // ---------------------------------------------------------------- room operations used by actions and incidents

  /** Register a coupon (amounts in yuan, validity in seconds, products by id). Not yet issued. */
  addCoupon(
    c: { id: string; kind: 'live' | 'threshold'; threshold: number; discount: number; quantity: number; validity: number; products: string[] },
    misconfigured: boolean,
  ): CouponState {
    const state: CouponState = {
      id: c.id,
      kind: c.kind,
      threshold: fen(c.threshold),
      discount: fen(c.discount),
      quantity: c.quantity,
      validityMs: c.validity * 1000,
      products: c.products.map((id) => this.productIndex.get(id) ?? -1),
      issuedUntil: -1,
      claimed: 0,
      used: 0,
      stopped: false,
      misconfigured,
    };
    this.coupons.set(c.id, state);
    return state;
  }

  stopExplaining(): void {
    if (this.explaining < 0) return;
    const p = this.products[this.explaining];
    const dur = this.eventTime - this.explainStart;
    p.explainMs += dur;
    this.emit('product.explain.stop', { product: p.id, durationMs: dur });
    this.explaining = -1;
  }

  startFlashSale(f: FlashSale): void {
    this.flash = f;
    const prices = this.products[f.product].flashPrices;
    if (!prices.includes(f.price)) prices.push(f.price);
    this.at(f.startsMs, () => {
      if (this.flash !== f) return;
      f.started = true;
      this.emit('flashsale.started', { product: this.products[f.product].id });
    });
    this.at(f.endsMs, () => {
      if (this.flash === f) this.endFlashSale('time');
    });
  }

  endFlashSale(reason: 'time' | 'soldout' | 'host'): void {
    const f = this.flash;
    if (!f) return;
    this.flash = null;
    this.emit('flashsale.ended', { product: this.products[f.product].id, sold: f.sold, reason });
  }

  launchLuckyBag(entry: 'follow' | 'comment', keyword: string, winners: number, drawAfterMs: number, prize: string): number {
    const id = ++this.luckySeq;
    this.luckyBag = { id, entry, keyword, winners, drawAt: this.eventTime + drawAfterMs, entrants: [] };
    // Present viewers may enter again for this bag.
    const pool = this.pool;
    for (let s = 0; s < pool.used; s++) pool.flags[s] &= ~F_LUCKY;
    const ev = this.emit('luckybag.launched', { bag: id, entry, ...(entry === 'comment' ? { keyword } : {}), prize, winners, drawMs: this.eventTime + drawAfterMs });
    this.at(this.eventTime + drawAfterMs, () => this.drawLuckyBag(id, ev));
    return ev;
  }

  private drawLuckyBag(id: number, launchEvent: number): void {
    const bag = this.luckyBag;
    if (!bag || bag.id !== id) return;
    // Entrants are in the log (they followed or commented), so the notable map knows who is still here.
    const present = bag.entrants.filter((vid) => this.notable.has(vid));
    const winners: number[] = [];
    const pool = [...present];
    while (winners.length < bag.winners && pool.length > 0) winners.push(pool.splice(this.rng.int(pool.length), 1)[0]);
    this.luckyBag = null;
    this.emit('luckybag.drawn', { bag: id, entrants: bag.entrants.length, winners }, [launchEvent]);
  }

  sendRedPacket(total: number, count: number): number {
    const id = ++this.packetSeq;
    for (let s = 0; s < this.pool.used; s++) this.pool.flags[s] &= ~F_GRABBED;
    this.redPacket = { id, total, count, grabbed: 0 };
    return id;
  }

  resetCouponClaims(): void {
    for (let s = 0; s < this.pool.used; s++) this.pool.flags[s] &= ~F_CLAIMED;
  }

  hasOpenTask(kind: TaskKind): boolean {
    return this.tasks.some((t) => t.kind === kind && !t.handled);
  }

  penalise(reason: string, factor: number, forMs: number): void {
    this.penaltyFactor = Math.min(this.penaltyFactor, factor);
    this.penaltyUntil = Math.max(this.penaltyUntil, this.eventTime + forMs);
    this.emit('platform.penalty', { kind: 'throttle', factor, untilMs: this.penaltyUntil, reason });
  }

  warn(reason: string, incident?: string): void {
    this.warnings++;
    this.emit('platform.warning', { reason, ...(incident ? { incident } : {}) });
    if (this.warnings % 3 === 0) this.penalise('repeated warnings', 0.4, 5 * 60000);
  }

  // ---------------------------------------------------------------- per-second aggregate and traffic feedback

  private flushSecond(final = false): void {
    const a = this.secondAgg;
    const w = this.win;
    w.joins[w.i] = a.joined;
    w.online[w.i] = this.pool.online;
    if (!final || a.joined + a.left + a.likes + a.shares + a.claims > 0) {
      this.emit('audience.second', { online: this.pool.online, joined: a.joined, left: a.left, likes: a.likes, shares: a.shares, claims: a.claims, joinedIds: a.joinedIds });
    }
    a.joined = 0;
    a.left = 0;
    a.likes = 0;
    a.shares = 0;
    a.claims = 0;
    a.joinedIds = [];
    w.i = (w.i + 1) % 60;
    w.filled = Math.min(60, w.filled + 1);
    w.interactions[w.i] = 0;
    w.clicks[w.i] = 0;
    w.orders[w.i] = 0;
  }

  /**
   * Recommended traffic (流量推荐): every 10 s the platform looks at the last minute —
   * how long arrivals stay, how much they interact, how much they click and buy — and
   * moves the room's traffic multiplier toward what that earns. Dead air and a stream
   * drop pull it down; violations throttle it separately (penaltyFactor).
   */
  private updateRecommendation(): void {
    const w = this.win;
    if (w.filled < 20) return;
    const n = w.filled;
    const online = Math.max(1, w.sum(w.online) / n);
    const joinsPerSec = w.sum(w.joins) / n;
    const stay = joinsPerSec > 0 ? Math.min(3, online / joinsPerSec / 60) : 1;
    const perViewerMin = (x: number) => (x / online) * (60 / n);
    const interaction = Math.min(3, perViewerMin(w.sum(w.interactions)) / 0.05);
    const conversion = Math.min(3, perViewerMin(w.sum(w.clicks) + 5 * w.sum(w.orders)) / 0.06);
    let quality = 0.45 * stay + 0.25 * interaction + 0.3 * conversion;
    if (this.now - this.lastSpeech > DEAD_AIR_MS) quality *= 0.7;
    if (this.status !== 'live') quality *= 0.3;
    const strength = this.scenario.audience.recommendation;
    const target = Math.pow(Math.max(0.35, Math.min(2.2, quality)), strength);
    const before = this.recMultiplier;
    this.recMultiplier = Math.max(0.35, Math.min(2.2, before + 0.25 * (target - before)));
    if (Math.abs(this.recMultiplier - before) > 0.02) {
      this.emit('traffic.update', { multiplier: round3(this.recMultiplier), quality: round3(quality), penalty: this.penaltyFactor });
    }
  }

  // ---------------------------------------------------------------- metrics

  metrics(): Metrics {
    const online = this.pool.online;
    const totalDwell = this.departedDwellMs + online * this.now - this.presentArrivalSum;
    const minutes = Math.max(this.now, 1) / 60000;
    const gmv = this.paidAmount - this.refundAmount;
    const uv = this.uv;
    return {
      timeMs: this.now,
      online,
      uv,
      pv: uv,
      peakOnline: this.peakOnline,
      avgDwellSec: uv > 0 ? round2(totalDwell / uv / 1000) : 0,
      comments: this.comments,
      commentsPerMin: round2(this.comments / minutes),
      likes: this.likes,
      shares: this.shares,
      newFollowers: this.newFollowers,
      fanclubJoins: this.fanclubJoins,
      interactionRate: uv > 0 ? round4(this.interactors / uv) : 0,
      followRate: uv > 0 ? round4(this.newFollowers / uv) : 0,
      productClicks: this.clicks,
      clickers: this.clickers,
      clickRate: uv > 0 ? round4(this.clickers / uv) : 0,
      cartAdds: this.cartAdds,
      orders: this.orders,
      paidOrders: this.paidOrders,
      cancelledOrders: this.cancelledOrders,
      buyers: this.buyers,
      gmv: gmv / 100,
      paidAmount: this.paidAmount / 100,
      refunds: this.refunds,
      refundAmount: this.refundAmount / 100,
      grossProfit: (this.paidAmount - this.grossCost - this.refundAmount) / 100,
      conversion: uv > 0 ? round4(this.buyers / uv) : 0,
      clickConversion: this.clickers > 0 ? round4(this.buyers / this.clickers) : 0,
      uvValue: uv > 0 ? round2(gmv / 100 / uv) : 0,
      gpm: uv > 0 ? round2((gmv / 100) * 1000 / uv) : 0,
      avgOrderValue: this.paidOrders > 0 ? round2(this.paidAmount / 100 / this.paidOrders) : 0,
      warnings: this.warnings,
      trafficMultiplier: round3(this.recMultiplier),
      products: this.products.map((p) => ({
        id: p.id,
        listed: p.listed,
        price: p.price / 100,
        stock: p.stock,
        sold: p.sold,
        explainSec: round2((p.explainMs + (this.explaining === p.index ? this.now - this.explainStart : 0)) / 1000),
        cardPushes: p.cardPushes,
        clicks: p.clicks,
        clickers: p.clickers,
        orders: p.orders,
        paidOrders: p.paidOrders,
        gmv: p.gmv / 100,
        refunds: p.refunds,
        conversion: p.clickers > 0 ? round4(p.paidOrders / p.clickers) : 0,
      })),
    };
  }
}

export interface ProductMetrics {
  id: string;
  listed: boolean;
  price: number;
  stock: number;
  sold: number;
  explainSec: number;
  cardPushes: number;
  clicks: number;
  clickers: number;
  orders: number;
  paidOrders: number;
  gmv: number;
  refunds: number;
  conversion: number;
}

export interface Metrics {
  timeMs: number;
  online: number;
  uv: number;
  pv: number;
  peakOnline: number;
  avgDwellSec: number;
  comments: number;
  commentsPerMin: number;
  likes: number;
  shares: number;
  newFollowers: number;
  fanclubJoins: number;
  interactionRate: number;
  followRate: number;
  productClicks: number;
  clickers: number;
  clickRate: number;
  cartAdds: number;
  orders: number;
  paidOrders: number;
  cancelledOrders: number;
  buyers: number;
  gmv: number;
  paidAmount: number;
  refunds: number;
  refundAmount: number;
  grossProfit: number;
  conversion: number;
  clickConversion: number;
  uvValue: number;
  gpm: number;
  avgOrderValue: number;
  warnings: number;
  trafficMultiplier: number;
  products: ProductMetrics[];
}


const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

export function createSim(scenario: Scenario, opts: SimOptions): Sim {
  return new Sim(scenario, opts);
}
