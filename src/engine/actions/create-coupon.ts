/** Create coupon (创建优惠券). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { fen, yuanText } from '../money';
import { addCoupon } from '../systems/promotions';
import { defineAction, money, product, productId, reject } from './define';

export const createCouponAction = defineAction({
  type: 'create_coupon',
  console: { panel: 'marketing', control: 'form', order: 10 },
  label: { zh: '创建优惠券', en: 'Create coupon' },
  seat: 'controller',
  schema: z.strictObject({
    coupon: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: 'coupon id: lowercase letters, digits, - or _' })),
    kind: z.enum(['live', 'threshold']),
    threshold: z._default(z.number().check(z.nonnegative()), 0),
    discount: money,
    quantity: z.number().check(z.int(), z.positive(), z.maximum(100000)),
    /** Seconds the coupon can be claimed after it is issued (1 minute to 24 hours). */
    validity: z._default(z.number().check(z.int(), z.minimum(60), z.maximum(86400)), 600),
    products: z._default(z.array(productId), []),
  }),
  apply(w, p) {
    if (w.coupons.has(p.coupon)) reject('duplicate_coupon', `a coupon "${p.coupon}" already exists`);
    const products = p.products.map((id) => product(w, id).index);
    const applicable = products.length > 0 ? products.map((i) => w.products[i]) : w.products;
    const minPrice = Math.min(...applicable.map((x) => x.price));
    const discount = fen(p.discount);
    const threshold = fen(p.threshold);
    if (p.kind === 'threshold' && threshold <= discount) reject('bad_threshold', `a 满减 coupon's threshold (${p.threshold}) must be above its discount (${p.discount})`);
    if (p.kind === 'live' && discount >= minPrice) reject('discount_too_big', `a ${p.discount} discount would make an item free or negative (cheapest applicable price ${yuanText(minPrice)})`);
    addCoupon(w, { id: p.coupon, kind: p.kind, threshold: p.threshold, discount: p.discount, quantity: p.quantity, validity: p.validity, products: p.products }, false);
    emit(w, 'coupon.created', { coupon: p.coupon, kind: p.kind, threshold, discount, quantity: p.quantity, validityMs: p.validity * 1000, products: p.products, by: 'host' });
  },
});
