/** Orders after they are placed: cancellation (unpaid) and refunds. */
import type { EventMap, SimEvent } from '../events';
import { emit } from '../kernel/log';
import type { World } from '../kernel/state';

export function orderUnits(w: World, orderNo: number): number {
  const ev = w.log[w.orderInfo[orderNo].eventId] as SimEvent<'order.placed'>;
  return ev.qty;
}

export function cancelOrder(w: World, orderNo: number, reason: 'unpaid' | 'oversold'): void {
  const o = w.orderInfo[orderNo];
  const prod = w.products[o.product];
  const units = orderUnits(w, orderNo);
  w.cancelledOrders++;
  prod.stock += units;
  prod.sold -= units;
  if (prod.soldOut && prod.stock > 0) prod.soldOut = false;
  emit(w, 'order.cancelled', { order: orderNo, reason }, [o.eventId]);
}

/** Timer `order.refund`: a paid order comes back. */
export function refund(w: World, p: { order: number; reason: EventMap['refund']['reason'] }): void {
  const o = w.orderInfo[p.order];
  if (!o.paid) return;
  w.refunds++;
  w.refundAmount += o.amount;
  const prod = w.products[o.product];
  prod.refunds++;
  prod.gmv -= o.amount;
  emit(w, 'refund', { order: p.order, amount: o.amount, reason: p.reason }, [o.eventId]);
}
