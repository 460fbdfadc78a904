/** Promotions: coupons, flash sales, lucky bags (福袋) and red packets. */
import { emit } from '../kernel/log';
import type { CouponState, FlashSale, World } from '../kernel/state';
import { schedule } from '../kernel/timers';
import { fen } from '../money';
import { F_CLAIMED, F_FOLLOWED, F_GRABBED, F_LUCKY } from '../audience/pool';
import { follow, interacted, postComment } from './viewers';

// ---------------------------------------------------------------- coupons

/** Register a coupon (amounts in yuan, validity in seconds, products by id). Not yet issued. */
export function addCoupon(
  w: World,
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
    products: c.products.map((id) => w.productIndex.get(id) ?? -1),
    issuedUntil: -1,
    claimed: 0,
    used: 0,
    stopped: false,
    misconfigured,
  };
  w.coupons.set(c.id, state);
  return state;
}

/** Put a coupon out for `validityMs`; its window closes by itself. */
export function issueCoupon(w: World, c: CouponState): void {
  c.issuedUntil = w.eventTime + c.validityMs;
  resetCouponClaims(w);
  emit(w, 'coupon.issued', { coupon: c.id, untilMs: c.issuedUntil });
  schedule(w, c.issuedUntil, 'coupon.expire', { coupon: c.id, until: c.issuedUntil });
}

/** Timer `coupon.expire`. */
export function expireCoupon(w: World, p: { coupon: string; until: number }): void {
  const c = w.coupons.get(p.coupon);
  if (c && c.issuedUntil === p.until && !c.stopped) emit(w, 'coupon.stopped', { coupon: c.id, reason: 'expired' });
}

/** Present viewers may claim again: a new coupon is out. */
export function resetCouponClaims(w: World): void {
  for (let s = 0; s < w.pool.used; s++) w.pool.flags[s] &= ~F_CLAIMED;
}

export function openCouponExists(w: World): boolean {
  for (const c of w.coupons.values()) if (c.issuedUntil > w.now && !c.stopped && c.claimed < c.quantity) return true;
  return false;
}

export function claimCoupon(w: World, slot: number): void {
  let any = false;
  for (const c of w.coupons.values()) {
    if (c.issuedUntil > w.now && !c.stopped && c.claimed < c.quantity) {
      c.claimed++;
      any = true;
      if (c.claimed === c.quantity) {
        emit(w, 'coupon.stopped', { coupon: c.id, reason: 'exhausted' });
      }
    }
  }
  if (any) {
    w.pool.flags[slot] |= F_CLAIMED;
    w.secondAgg.claims++;
  }
}

/** The biggest claimed coupon that applies to one unit of product p at this price, if any. */
export function bestCoupon(w: World, slot: number, p: number, price: number): CouponState | null {
  if ((w.pool.flags[slot] & F_CLAIMED) === 0) return null;
  let best: CouponState | null = null;
  for (const c of w.coupons.values()) {
    if (c.issuedUntil < 0 || c.claimed === 0) continue;
    if (c.products.length > 0 && !c.products.includes(p)) continue;
    if (c.kind === 'threshold' && price < c.threshold) continue;
    if (c.discount >= price && !c.misconfigured) continue;
    if (!best || c.discount > best.discount) best = c;
  }
  return best;
}

// ---------------------------------------------------------------- flash sales

export function startFlashSale(w: World, f: Omit<FlashSale, 'id'>): void {
  const sale: FlashSale = { id: ++w.flashSeq, ...f };
  w.flash = sale;
  const prices = w.products[f.product].flashPrices;
  if (!prices.includes(f.price)) prices.push(f.price);
  schedule(w, f.startsMs, 'flash.start', { flash: sale.id });
  schedule(w, f.endsMs, 'flash.end', { flash: sale.id });
}

/** Timer `flash.start`: the countdown is over. */
export function flashSaleOpens(w: World, p: { flash: number }): void {
  const f = w.flash;
  if (!f || f.id !== p.flash) return;
  f.started = true;
  emit(w, 'flashsale.started', { product: w.products[f.product].id });
}

/** Timer `flash.end`. */
export function flashSaleTimesOut(w: World, p: { flash: number }): void {
  if (w.flash && w.flash.id === p.flash) endFlashSale(w, 'time');
}

export function endFlashSale(w: World, reason: 'time' | 'soldout' | 'host'): void {
  const f = w.flash;
  if (!f) return;
  w.flash = null;
  emit(w, 'flashsale.ended', { product: w.products[f.product].id, sold: f.sold, reason });
}

/** The price a viewer would pay for one unit of product p now, in fen, and whether a flash sale applies. */
export function unitPrice(w: World, p: number): { price: number; flash: boolean } {
  const f = w.flash;
  if (f && f.started && f.product === p && f.sold < f.quantity && w.now < f.endsMs) return { price: f.price, flash: true };
  return { price: w.products[p].price, flash: false };
}

// ---------------------------------------------------------------- lucky bags and red packets

export function launchLuckyBag(w: World, entry: 'follow' | 'comment', keyword: string, winners: number, drawAfterMs: number, prize: string): number {
  const id = ++w.luckySeq;
  w.luckyBag = { id, entry, keyword, winners, drawAt: w.eventTime + drawAfterMs, entrants: [] };
  // Present viewers may enter again for this bag.
  const pool = w.pool;
  for (let s = 0; s < pool.used; s++) pool.flags[s] &= ~F_LUCKY;
  const ev = emit(w, 'luckybag.launched', { bag: id, entry, ...(entry === 'comment' ? { keyword } : {}), prize, winners, drawMs: w.eventTime + drawAfterMs });
  schedule(w, w.eventTime + drawAfterMs, 'luckybag.draw', { bag: id, launch: ev });
  return ev;
}

/** Timer `luckybag.draw`. */
export function drawLuckyBag(w: World, p: { bag: number; launch: number }): void {
  const bag = w.luckyBag;
  if (!bag || bag.id !== p.bag) return;
  // Entrants are in the log (they followed or commented), so the notable map knows who is still here.
  const present = bag.entrants.filter((vid) => w.notable.has(vid));
  const winners: number[] = [];
  const left = [...present];
  while (winners.length < bag.winners && left.length > 0) winners.push(left.splice(w.rng.int(left.length), 1)[0]);
  w.luckyBag = null;
  emit(w, 'luckybag.drawn', { bag: p.bag, entrants: bag.entrants.length, winners }, [p.launch]);
}

export function enterLuckyBag(w: World, slot: number): void {
  const bag = w.luckyBag;
  if (!bag) return;
  w.pool.flags[slot] |= F_LUCKY;
  bag.entrants.push(w.pool.vid[slot]);
  if (bag.entry === 'follow') {
    if ((w.pool.flags[slot] & F_FOLLOWED) === 0) follow(w, slot, 'lucky_bag');
  } else {
    postComment(w, slot, 'keyword', bag.keyword, {});
  }
}

export function sendRedPacket(w: World, total: number, count: number): number {
  const id = ++w.packetSeq;
  for (let s = 0; s < w.pool.used; s++) w.pool.flags[s] &= ~F_GRABBED;
  w.redPacket = { id, total, count, grabbed: 0 };
  return id;
}

export function grabPacket(w: World, slot: number): void {
  const packet = w.redPacket;
  if (!packet) return;
  w.pool.flags[slot] |= F_GRABBED;
  packet.grabbed++;
  w.secondAgg.claims++;
  interacted(w, slot);
  if (packet.grabbed >= packet.count) {
    emit(w, 'redpacket.finished', { packet: packet.id, grabbed: packet.grabbed });
    w.redPacket = null;
  }
}
