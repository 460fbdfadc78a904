/** 优惠券设错: operations issue a wrong coupon (it is out at once). Handled by stopping it. */
import { emit } from '../kernel/log';
import { fen } from '../money';
import { addCoupon, resetCouponClaims } from '../systems/promotions';
import type { TaskKindDef } from './types';

export const couponMisconfig: TaskKindDef<'coupon_misconfig'> = {
  kind: 'coupon_misconfig',
  defaultWithinSec: 60,
  message: (_w, inc) => ({
    zh: `运营发出了一张优惠券：满${inc.coupon.threshold}减${inc.coupon.discount}，共 ${inc.coupon.quantity} 张`,
    en: `Operations issued a coupon: ${inc.coupon.discount} off over ${inc.coupon.threshold}, ${inc.coupon.quantity} of them`,
  }),
  start(w, inc, task, started) {
    const c = inc.coupon;
    addCoupon(w, c, true).issuedUntil = w.eventTime + c.validity * 1000;
    resetCouponClaims(w);
    emit(w, 'coupon.created', { coupon: c.id, kind: c.kind, threshold: fen(c.threshold), discount: fen(c.discount), quantity: c.quantity, validityMs: c.validity * 1000, products: c.products, by: 'incident' }, [started]);
    emit(w, 'coupon.issued', { coupon: c.id, untilMs: w.eventTime + c.validity * 1000 }, [started]);
    task.data.coupon = c.id;
  },
  handledBy: (_w, task, a) => a.type === 'stop_coupon' && a.coupon === task.data.coupon,
};
