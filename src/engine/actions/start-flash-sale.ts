/** Start flash sale (开启秒杀). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { fen, yuanText } from '../money';
import { startFlashSale } from '../systems/promotions';
import { defineAction, money, product, productId, reject } from './define';

export const startFlashSaleAction = defineAction({
  type: 'start_flash_sale',
  console: { panel: 'marketing', control: 'form', order: 40 },
  cueable: true,
  label: { zh: '开启秒杀', en: 'Start flash sale' },
  seat: 'controller',
  schema: z.strictObject({
    product: productId,
    price: money,
    quantity: z.number().check(z.int(), z.positive()),
    perBuyer: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(10)), 1),
    /** Countdown before it opens, seconds (real consoles: 10–300). */
    countdown: z._default(z.number().check(z.int(), z.minimum(10), z.maximum(300)), 10),
    /** How long it stays open, seconds (real consoles: 1–20 minutes). */
    duration: z._default(z.number().check(z.int(), z.minimum(60), z.maximum(1200)), 120),
  }),
  whileDown: false,
  apply(w, p) {
    const prod = product(w, p.product);
    if (!prod.listed) reject('not_listed', `list product "${p.product}" before a flash sale`);
    if (w.flash) reject('flash_running', 'a flash sale is already running');
    const price = fen(p.price);
    if (price >= prod.price) reject('not_a_discount', `the flash price ${p.price} must be below the live price ${yuanText(prod.price)}`);
    if (p.quantity > prod.stock) reject('over_stock', `quantity ${p.quantity} is more than the stock (${prod.stock})`);
    const startsMs = w.eventTime + p.countdown * 1000;
    const endsMs = startsMs + p.duration * 1000;
    emit(w, 'flashsale.scheduled', { product: prod.id, price, quantity: p.quantity, perBuyer: p.perBuyer, startsMs, endsMs });
    startFlashSale(w, { product: prod.index, price, quantity: p.quantity, perBuyer: p.perBuyer, startsMs, endsMs, sold: 0, started: false });
  },
});
