/**
 * Commerce: a viewer clicks a product, considers it, orders (stock, flash-sale limits,
 * coupons), pays or not, and some paid orders come back as refunds.
 */
import type { EventMap, Via } from '../events';
import { emit } from '../kernel/log';
import type { CouponState, World } from '../kernel/state';
import { schedule } from '../kernel/timers';
import type { PersonaParams } from '../audience/personas';
import { TICK_MS } from '../time';
import { F_ANSWERED, F_BOUGHT, F_GREETED, F_BUYER, F_CLICKED, F_MISLED, PHASE_CONSIDERING, PHASE_PAYING, PHASE_WATCHING } from '../audience/pool';
import { markNotable, scheduleDecision } from './viewers';
import { bestCoupon, endFlashSale, unitPrice } from './promotions';
import { cancelOrder } from './orders';
import { exposureSec, heardShare } from './exposure';

/** Seconds of a product presented (explained, card up, flash sale on) in which a viewer's doubt about it mostly goes. */
const SEEN_SEC = 60;
/** A viewer's will to buy grows with how long they have watched, on this time scale (ms). */
const SETTLED_MS = 3 * 60000;

/** A viewer opens product p (on screen: the card, the flash sale, the one explained), or any listed one from the bag when p is -1. */
export function click(w: World, slot: number, p: number, via: Via): void {
  const pool = w.pool;
  if (p < 0 || !w.products[p].listed) {
    const listed = w.products.filter((x) => x.listed);
    if (listed.length === 0) return;
    p = w.rng.pick(listed).index;
    via = 'bag';
  }
  const prod = w.products[p];
  const shown = prod.linkTarget;
  prod.clicks++;
  w.clicks++;
  w.win.clicks[w.win.i]++;
  if ((pool.flags[slot] & F_CLICKED) === 0) {
    pool.flags[slot] |= F_CLICKED;
    w.clickers++;
    prod.clickers++;
  }
  markNotable(w, slot);
  emit(w, 'product.click', { viewer: pool.vid[slot], product: prod.id, via, shown: w.products[shown].id });
  pool.phase[slot] = PHASE_CONSIDERING;
  pool.target[slot] = p;
  pool.schedule(slot, w.tick + Math.ceil((2000 + w.rng.exp(8000)) / TICK_MS));
}

export function decidePurchase(w: World, slot: number, persona: PersonaParams, buyCta: number): void {
  const pool = w.pool;
  const p = pool.target[slot];
  pool.phase[slot] = PHASE_WATCHING;
  pool.target[slot] = -1;
  const prod = w.products[p];
  const wrongItem = prod.linkTarget !== p;
  const sku = wrongItem ? prod.linkTarget : p;
  const sp = w.scenario.products[p];
  // A wrong link to an item that is not on sale opens a page that cannot be bought.
  if (w.status !== 'live' || !prod.listed || !w.products[sku].listed || w.products[sku].soldOut) {
    scheduleDecision(w, slot);
    return;
  }
  const { price, flash } = unitPrice(w, sku);
  const coupon = bestCoupon(w, slot, sku, price);
  const eff = price - (coupon ? coupon.discount : 0);
  const discount = 1 - eff / prod.referencePrice;
  const priceFactor = Math.max(0.2, Math.min(1.8, 1 + persona.priceSensitivity * (discount * 2.5 - 0.25)));
  // What this viewer has seen of the product: the selling points covered (in the room, and said
  // while they watched), how long it was presented while they were here, and how long they have
  // watched at all. Buying needs a long watch of a product that was presented (docs/metrics.md).
  const arrived = pool.arrived[slot];
  const n = sp.sellingPoints.length;
  const coverage = n > 0 ? 0.6 * (prod.covered.size / n) + 0.4 * heardShare(w, p, arrived) : 1;
  // A flash sale is bought on impulse: its countdown and price do what a long watch does otherwise.
  const floor = flash ? 0.8 : 0;
  const seen = Math.max(floor, 0.5 + 0.5 * (1 - Math.exp(-exposureSec(w, p, arrived) / SEEN_SEC)));
  const settled = Math.max(floor, 0.6 + 0.4 * (1 - Math.exp(-(w.now - arrived) / SETTLED_MS)));
  const trust = Math.exp(0.8 * (w.trust + Math.max(-1, Math.min(1, pool.trust[slot]))));
  let urgency = 1;
  if (flash) urgency *= 1.4;
  if (w.now < w.scarcityUntil) urgency *= 1.15;
  let risk = 1;
  if (prod.qualityRisk > 0) risk *= Math.max(0.3, 1 - 0.25 * prod.qualityRisk);
  if (wrongItem) risk *= 0.2;
  let prob = persona.buyPropensity * priceFactor * (0.3 + 0.7 * coverage) * seen * settled * trust * urgency * risk * (1 + 0.3 * (buyCta - 1));
  const flags = pool.flags[slot];
  if (flags & F_ANSWERED) prob *= 1.6;
  if (flags & F_GREETED) prob *= 1.15;
  prob = Math.min(0.9, prob);
  if (w.rng.float() < prob) {
    placeOrder(w, slot, sku, price, flash, coupon, wrongItem ? 'card' : w.card === p ? 'card' : 'bag', wrongItem);
  } else {
    if (w.rng.float() < 0.25) {
      w.cartAdds++;
      emit(w, 'cart.add', { viewer: pool.vid[slot], product: w.products[sku].id });
    }
    scheduleDecision(w, slot);
  }
}

function placeOrder(w: World, slot: number, p: number, price: number, flash: boolean, coupon: CouponState | null, via: Via, wrongItem: boolean): void {
  const pool = w.pool;
  const prod = w.products[p];
  let qty = 1;
  const r = w.rng.float();
  if (price < 5000) qty = r < 0.8 ? 1 : r < 0.95 ? 2 : 3;
  if (flash && w.flash) {
    qty = Math.min(qty, w.flash.perBuyer - pool.flashBought[slot], w.flash.quantity - w.flash.sold);
    if (qty <= 0) {
      scheduleDecision(w, slot);
      return;
    }
  }
  qty = Math.min(qty, prod.stock);
  if (qty <= 0) {
    scheduleDecision(w, slot);
    return;
  }
  const discount = coupon ? Math.min(coupon.discount, price * qty) : 0;
  const amount = Math.max(0, price * qty - discount);
  const oversold = prod.sold + qty > prod.warehouse;
  prod.stock -= qty;
  prod.sold += qty;
  prod.orders++;
  if (coupon) coupon.used++;
  if (flash && w.flash) {
    w.flash.sold += qty;
    pool.flashBought[slot] += qty;
  }
  w.orders++;
  w.win.orders[w.win.i]++;
  const orderNo = w.orderInfo.length;
  const eventId = emit(w, 'order.placed', {
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
  w.orderInfo.push({ viewer: pool.vid[slot], product: p, amount, cost: prod.cost * qty, oversold, wrongItem, coupon: coupon?.id ?? null, paid: false, eventId });
  pool.flags[slot] |= F_BOUGHT;
  pool.phase[slot] = PHASE_PAYING;
  pool.order[slot] = orderNo;
  pool.schedule(slot, w.tick + Math.ceil((2000 + w.rng.exp(6000)) / TICK_MS));
  if (prod.stock === 0 && !prod.soldOut) {
    prod.soldOut = true;
    emit(w, 'product.soldout', { product: prod.id });
  }
  if (w.flash && flash && w.flash.sold >= w.flash.quantity) endFlashSale(w, 'soldout');
}

export function resolvePayment(w: World, slot: number): void {
  const pool = w.pool;
  const orderNo = pool.order[slot];
  pool.phase[slot] = PHASE_WATCHING;
  pool.order[slot] = -1;
  const o = w.orderInfo[orderNo];
  const prod = w.products[o.product];
  const payProb = Math.max(0.6, Math.min(0.97, 0.86 + 0.1 * (w.trust + pool.trust[slot])));
  if (w.rng.float() < payProb) {
    o.paid = true;
    w.paidOrders++;
    prod.paidOrders++;
    w.paidAmount += o.amount;
    prod.gmv += o.amount;
    w.grossCost += o.cost;
    if (!(pool.flags[slot] & F_BUYER)) {
      pool.flags[slot] |= F_BUYER;
      w.buyers++;
    }
    emit(w, 'order.paid', { order: orderNo, amount: o.amount }, [o.eventId]);
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
    if (w.rng.float() < refundP) {
      const when = w.now + Math.round(w.rng.range(30000, 180000));
      schedule(w, when, 'order.refund', { order: orderNo, reason });
    }
  } else {
    cancelOrder(w, orderNo, 'unpaid');
  }
  scheduleDecision(w, slot);
}
