/** Stop coupon (停止发券). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

export const stopCouponAction = defineAction({
  type: 'stop_coupon',
  console: { panel: 'marketing', control: 'form', order: 30 },
  label: { zh: '停止发券', en: 'Stop coupon' },
  seat: 'controller',
  schema: z.strictObject({ coupon: z.string().check(z.minLength(1)) }),
  apply(w, p) {
    const c = w.coupons.get(p.coupon);
    if (!c) reject('unknown_coupon', `unknown coupon "${p.coupon}"`);
    if (c.stopped) reject('coupon_stopped', `coupon "${p.coupon}" is already stopped`);
    c.stopped = true;
    emit(w, 'coupon.stopped', { coupon: c.id, reason: 'host' });
  },
});
