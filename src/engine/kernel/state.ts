/**
 * The simulation's state: plain data, no closures. Everything the room remembers between ticks
 * lives here — products, coupons, promotions, the viewers' typed-array columns, the PRNG state,
 * the append-only log, pending timers (as data) and the action queue — so `snapshot()` is just
 * this data encoded (kernel/snapshot.ts).
 *
 * A few fields are derived from the scenario and never change (`STATIC_KEYS`): they are rebuilt
 * from the scenario on restore instead of being stored.
 */
import type { SimEvent, TaskKind } from '../events';
import type { Scenario } from '../scenario/load';
import type { PersonaParams } from '../audience/personas';
import { Rng } from '../rng';
import { Sha256 } from '../sha256';
import { ViewerPool } from '../audience/pool';
import type { ScriptItem } from './script-items';
import type { QueuedAction } from './queue';
import type { Timer } from './timers';

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
  /** Which flash sale of the run this is (its timers name it). */
  id: number;
  product: number;
  price: number;
  quantity: number;
  perBuyer: number;
  startsMs: number;
  endsMs: number;
  sold: number;
  started: boolean;
}

export interface LuckyBag {
  id: number;
  entry: 'follow' | 'comment';
  keyword: string;
  winners: number;
  drawAt: number;
  entrants: number[];
}

export interface RedPacket {
  id: number;
  total: number;
  count: number;
  grabbed: number;
}

/** An incident or a cue the student must handle (incidents/). */
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

export interface OrderInfo {
  viewer: number;
  product: number;
  amount: number;
  cost: number;
  oversold: boolean;
  wrongItem: boolean;
  coupon: string | null;
  paid: boolean;
  eventId: number;
}

export type CtaKind = 'follow' | 'like' | 'share' | 'coupon' | 'buy' | 'fanclub' | 'lucky_bag';

/** Per-second counters kept for the last minute, for traffic feedback. */
export interface SecondWindow {
  joins: Float64Array;
  online: Float64Array;
  interactions: Float64Array;
  clicks: Float64Array;
  orders: Float64Array;
  i: number;
  filled: number;
}

/**
 * How long each product has been presented to the room, so that a viewer's exposure to a product
 * is known from their arrival time alone (systems/exposure.ts): per product, whether it is
 * presented now, the presented time so far, and a mark [time, presented ms until then] at every
 * change; and when each of its selling points was last said.
 */
export interface ExposureState {
  on: boolean[];
  /** Presented ms up to `since`. */
  base: number[];
  since: number[];
  /** Flat [t0, ms0, t1, ms1, …]: the product was switched on at t0, off at t1, on at t2, … */
  marks: number[][];
  /** Per product, per selling point (scenario order): when it was last said, or -1. */
  saidAt: number[][];
  /** Log events before this index have been read for selling points said. */
  cursor: number;
}

export function windowSum(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < 60; k++) s += a[k];
  return s;
}

export interface World {
  // ------------------------------------------------------------ static: from the scenario (STATIC_KEYS)
  readonly scenario: Scenario;
  readonly productIndex: Map<string, number>;
  /** Each product's facts' accepted and topic words, squashed once for matching speech. */
  readonly factWords: { accept: string[]; topic: string[] }[][];
  /** Cumulative persona shares of the scenario's personas, for drawing arrivals. */
  readonly personaCum: Float64Array;
  /** The scenario's scripted events in time order (kernel/script-items.ts). */
  readonly script: ScriptItem[];
  /** Running hash of the log's first `hashed` events (not stored: the log is re-hashed on restore). */
  hasher: Sha256;
  hashed: number;

  // ------------------------------------------------------------ identity
  seed: number;
  durationMs: number;
  lang: 'zh' | 'en';
  /** The engine version stamped in `run.start`. */
  engineVersion: string;

  // ------------------------------------------------------------ kernel
  rng: Rng;
  log: SimEvent[];
  /** Everything before `now` has been simulated. */
  now: number;
  tick: number;
  /** The time stamped on events being produced right now. */
  eventTime: number;
  finished: boolean;
  timers: Timer[];
  timerSeq: number;
  scriptNext: number;
  queue: QueuedAction[];
  actionSeq: number;

  // ------------------------------------------------------------ room
  status: 'live' | 'interrupted' | 'ended';
  /** Picture quality: the backup network streams at a lower bitrate for a while. */
  quality: 'good' | 'degraded';
  products: ProductState[];
  coupons: Map<string, CouponState>;
  flash: FlashSale | null;
  flashSeq: number;
  luckyBag: LuckyBag | null;
  luckySeq: number;
  redPacket: RedPacket | null;
  packetSeq: number;
  explaining: number;
  explainStart: number;
  card: number;
  cardAt: number;
  announcement: string;
  pinned: number;
  filterWords: string[];
  muted: Map<number, number>;
  blocked: Set<number>;
  micDown: boolean;
  streamDropRetryAt: number;
  /** The run of show in use: segment ids in the student's order (`set_plan`), else the scenario's. */
  plan: string[];
  /** The segment under way ('' before the first). */
  segment: string;
  /** Set by `set_plan` / `start_segment`: from then on the student moves through the run of show, not the scenario's schedule. */
  hostRunOfShow: boolean;
  /** A `start_segment` has started a segment (`segment.start` with `by: 'host'` is in the log). */
  hostStartedSegment: boolean;

  /** Room-wide trust in the host, −1..1: answers raise it; false claims, insults and ignored complaints lower it. */
  trust: number;
  recMultiplier: number;
  penaltyFactor: number;
  penaltyUntil: number;
  warnings: number;
  lastSpeech: number;
  ctaUntil: Record<CtaKind, number>;
  scarcityUntil: number;
  recentSevere: number[];
  /** The host's latest lines (canonical keys), to tell a repeat from a new line (systems/speech.ts). */
  recentLines: { t: number; key: string; event: number }[];
  /** When selling-point credit was given in the last minute (systems/speech.ts caps it). */
  pointCredits: number[];
  tasks: Task[];

  // ------------------------------------------------------------ audience
  pool: ViewerPool;
  personas: PersonaParams[];
  personaTypeIndex: number[];
  notable: Map<number, number>; // viewer id -> slot while present
  nextViewerId: number;
  nameOverrides: Map<number, string>;
  /** Open questions by comment event id (insertion order = the order they were asked). */
  questions: Map<number, OpenQuestion>;
  /** (slot, viewer id, arrival ms) triples of recent arrivals, from recentHead on. */
  recentArrivals: number[];
  recentHead: number;
  /** Viewers a host could welcome by name: VIPs and the latest commenters. */
  nameable: number[];

  // ------------------------------------------------------------ counters for metrics
  uv: number;
  /** Viewers who stayed past the bounce (everyone but those who leave within seconds). */
  engaged: number;
  peakOnline: number;
  departedDwellMs: number;
  presentArrivalSum: number;
  comments: number;
  likes: number;
  shares: number;
  newFollowers: number;
  fanclubJoins: number;
  interactors: number;
  clickers: number;
  clicks: number;
  cartAdds: number;
  orders: number;
  paidOrders: number;
  cancelledOrders: number;
  buyers: number;
  paidAmount: number;
  refundAmount: number;
  refunds: number;
  grossCost: number;
  orderInfo: OrderInfo[];
  secondAgg: { joined: number; left: number; likes: number; shares: number; claims: number; joinedIds: number[] };
  win: SecondWindow;
  exposure: ExposureState;
}

/** Fields derived from the scenario (or caches): not part of a snapshot, rebuilt on restore. */
export const STATIC_KEYS = ['scenario', 'productIndex', 'factWords', 'personaCum', 'script', 'hasher', 'hashed'] as const;
export type StaticKey = (typeof STATIC_KEYS)[number];
/** The part of the world a snapshot stores. */
export type DynamicState = Omit<World, StaticKey>;

export function newWindow(): SecondWindow {
  return { joins: new Float64Array(60), online: new Float64Array(60), interactions: new Float64Array(60), clicks: new Float64Array(60), orders: new Float64Array(60), i: 0, filled: 0 };
}

/** The empty room before anything is logged (kernel/init.ts fills it in). */
export function blankDynamicState(scenario: Scenario, seed: number, engineVersion: string): DynamicState {
  return {
    seed,
    durationMs: Math.round(scenario.meta.durationSec * 1000),
    lang: scenario.meta.language,
    engineVersion,
    rng: new Rng(seed),
    log: [],
    now: 0,
    tick: 0,
    eventTime: 0,
    finished: false,
    timers: [],
    timerSeq: 0,
    scriptNext: 0,
    queue: [],
    actionSeq: 0,
    status: 'live',
    quality: 'good',
    products: [],
    coupons: new Map(),
    flash: null,
    flashSeq: 0,
    luckyBag: null,
    luckySeq: 0,
    redPacket: null,
    packetSeq: 0,
    explaining: -1,
    explainStart: 0,
    card: -1,
    cardAt: -1,
    announcement: '',
    pinned: -1,
    filterWords: [],
    muted: new Map(),
    blocked: new Set(),
    micDown: false,
    streamDropRetryAt: 0,
    plan: [],
    segment: '',
    hostRunOfShow: false,
    hostStartedSegment: false,
    trust: 0,
    recMultiplier: 1,
    penaltyFactor: 1,
    penaltyUntil: -1,
    warnings: 0,
    lastSpeech: -Infinity,
    ctaUntil: { follow: -1, like: -1, share: -1, coupon: -1, buy: -1, fanclub: -1, lucky_bag: -1 },
    scarcityUntil: -1,
    recentSevere: [],
    recentLines: [],
    pointCredits: [],
    tasks: [],
    pool: new ViewerPool(),
    personas: [],
    personaTypeIndex: [],
    notable: new Map(),
    nextViewerId: 1,
    nameOverrides: new Map(),
    questions: new Map(),
    recentArrivals: [],
    recentHead: 0,
    nameable: [],
    uv: 0,
    engaged: 0,
    peakOnline: 0,
    departedDwellMs: 0,
    presentArrivalSum: 0,
    comments: 0,
    likes: 0,
    shares: 0,
    newFollowers: 0,
    fanclubJoins: 0,
    interactors: 0,
    clickers: 0,
    clicks: 0,
    cartAdds: 0,
    orders: 0,
    paidOrders: 0,
    cancelledOrders: 0,
    buyers: 0,
    paidAmount: 0,
    refundAmount: 0,
    refunds: 0,
    grossCost: 0,
    orderInfo: [],
    secondAgg: { joined: 0, left: 0, likes: 0, shares: 0, claims: 0, joinedIds: [] },
    win: newWindow(),
    exposure: { on: [], base: [], since: [], marks: [], saidAt: [], cursor: 0 },
  };
}
