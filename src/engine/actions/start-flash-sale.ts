/** Start flash sale (开启秒杀). */
import { z } from 'zod';
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
    quantity: z.number().int().positive(),
    perBuyer: z.number().int().min(1).max(10).default(1),
    /** Countdown before it opens, seconds (real consoles: 10–300). */
    countdown: z.number().int().min(10).max(300).default(10),
    /** How long it stays open, seconds (real consoles: 1–20 minutes). */
    duration: z.number().int().min(60).max(1200).default(120),
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
