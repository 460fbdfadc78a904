/**
 * The read-only view model the UI renders: what a live-room console shows, as plain values
 * (prices in fen, products and coupons by id). The UI never reads the engine's state; it reads
 * this, rebuilt on each `sim.view()` call, so changing the state's shape never breaks a screen.
 */
import type { TaskKind } from './events';
import type { World } from './kernel/state';
import { userName } from './systems/viewers';
import { metrics, type Metrics } from './systems/metrics';

export interface ProductView {
  id: string;
  index: number;
  /** The link number (1号链接). */
  no: number;
  name: { zh: string; en: string };
  listed: boolean;
  /** Live price, fen. */
  price: number;
  /** The price the room should have (after a supplier change or a cue), fen. */
  intendedPrice: number;
  listPrice: number;
  referencePrice: number;
  stock: number;
  sold: number;
  soldOut: boolean;
  /** The product id the link opens (another id: the link is wrong). */
  linkTarget: string;
  orders: number;
  paidOrders: number;
  /** Paid amount less refunds, fen. */
  gmv: number;
  clicks: number;
  explaining: boolean;
  card: boolean;
  cardPushes: number;
  /** Selling-point ids the host has covered. */
  covered: string[];
}

export interface CouponView {
  id: string;
  kind: 'live' | 'threshold';
  threshold: number;
  discount: number;
  quantity: number;
  validityMs: number;
  products: string[];
  /** -1 until issued. */
  issuedUntil: number;
  claimed: number;
  used: number;
  stopped: boolean;
  misconfigured: boolean;
  /** Out now and claimable. */
  open: boolean;
}

export interface SimView {
  now: number;
  durationMs: number;
  finished: boolean;
  lang: 'zh' | 'en';
  seat: 'host' | 'controller';
  status: 'live' | 'interrupted' | 'ended';
  quality: 'good' | 'degraded';
  micDown: boolean;
  online: number;
  uv: number;
  /** Viewers who stayed past the bounce (the funnel's 停留 step). */
  stayed: number;
  peakOnline: number;
  likes: number;
  announcement: string;
  /** Event id of the pinned comment, or -1. */
  pinned: number;
  filterWords: string[];
  /** Index of the product whose card is up (-1: none), and when it was pushed. */
  card: number;
  cardAt: number;
  /** Index of the product being explained, or -1. */
  explaining: number;
  products: ProductView[];
  coupons: CouponView[];
  flash: { product: string; index: number; price: number; quantity: number; perBuyer: number; startsMs: number; endsMs: number; sold: number; started: boolean } | null;
  luckyBag: { id: number; entry: 'follow' | 'comment'; keyword: string; winners: number; drawAt: number; entrants: number } | null;
  redPacket: { id: number; total: number; count: number; grabbed: number } | null;
  /** The segment under way and the run of show in use. */
  segment: string;
  plan: string[];
  tasks: { id: string; kind: TaskKind; startedAt: number; deadline: number; handled: boolean; missed: boolean }[];
  /** A viewer's display name. */
  userName(viewer: number): string;
  metrics(): Metrics;
}

export function buildView(w: World): SimView {
  const products = w.products.map((p, i): ProductView => {
    const sp = w.scenario.products[i];
    return {
      id: p.id,
      index: i,
      no: sp.no,
      name: sp.name,
      listed: p.listed,
      price: p.price,
      intendedPrice: p.intendedPrice,
      listPrice: p.listPrice,
      referencePrice: p.referencePrice,
      stock: p.stock,
      sold: p.sold,
      soldOut: p.soldOut,
      linkTarget: w.products[p.linkTarget].id,
      orders: p.orders,
      paidOrders: p.paidOrders,
      gmv: p.gmv,
      clicks: p.clicks,
      explaining: w.explaining === i,
      card: w.card === i,
      cardPushes: p.cardPushes,
      covered: [...p.covered],
    };
  });
  const f = w.flash;
  const bag = w.luckyBag;
  return {
    now: w.now,
    durationMs: w.durationMs,
    finished: w.finished,
    lang: w.lang,
    seat: w.scenario.meta.seat,
    status: w.status,
    quality: w.quality,
    micDown: w.micDown,
    online: w.pool.online,
    uv: w.uv,
    stayed: w.engaged,
    peakOnline: w.peakOnline,
    likes: w.likes,
    announcement: w.announcement,
    pinned: w.pinned,
    filterWords: [...w.filterWords],
    card: w.card,
    cardAt: w.cardAt,
    explaining: w.explaining,
    products,
    coupons: [...w.coupons.values()].map((c) => ({
      id: c.id,
      kind: c.kind,
      threshold: c.threshold,
      discount: c.discount,
      quantity: c.quantity,
      validityMs: c.validityMs,
      products: c.products.filter((i) => i >= 0).map((i) => w.products[i].id),
      issuedUntil: c.issuedUntil,
      claimed: c.claimed,
      used: c.used,
      stopped: c.stopped,
      misconfigured: c.misconfigured,
      open: c.issuedUntil > w.now && !c.stopped && c.claimed < c.quantity,
    })),
    flash: f ? { product: w.products[f.product].id, index: f.product, price: f.price, quantity: f.quantity, perBuyer: f.perBuyer, startsMs: f.startsMs, endsMs: f.endsMs, sold: f.sold, started: f.started } : null,
    luckyBag: bag ? { id: bag.id, entry: bag.entry, keyword: bag.keyword, winners: bag.winners, drawAt: bag.drawAt, entrants: bag.entrants.length } : null,
    redPacket: w.redPacket ? { ...w.redPacket } : null,
    segment: w.segment,
    plan: [...w.plan],
    tasks: w.tasks.map((t) => ({ id: t.id, kind: t.kind, startedAt: t.startedAt, deadline: t.deadline, handled: t.handled, missed: t.missed })),
    userName: (viewer) => userName(w, viewer),
    metrics: () => metrics(w),
  };
}
