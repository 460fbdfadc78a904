/** Issue coupon (发放优惠券). */
import * as z from 'zod/mini';
import { issueCoupon } from '../systems/promotions';
import { defineAction, reject } from './define';

export const issueCouponAction = defineAction({
  type: 'issue_coupon',
  console: { panel: 'marketing', control: 'form', order: 20 },
  cueable: true,
  label: { zh: '发放优惠券', en: 'Issue coupon' },
  seat: 'controller',
  schema: z.strictObject({ coupon: z.string().check(z.minLength(1)) }),
  whileDown: false,
  apply(w, p) {
    const c = w.coupons.get(p.coupon);
    if (!c) reject('unknown_coupon', `unknown coupon "${p.coupon}"`);
    if (c.stopped) reject('coupon_stopped', `coupon "${p.coupon}" was stopped`);
    if (c.issuedUntil > w.eventTime) reject('already_issued', `coupon "${p.coupon}" is already out`);
    issueCoupon(w, c);
  },
});
