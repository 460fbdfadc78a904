/** Pop up product card (弹出商品卡). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, product, productId, reject } from './define';

export const showCardAction = defineAction({
  type: 'show_card',
  console: { panel: 'products', control: 'product', order: 50 },
  shortcut: { display: '1 … 9', digit: true, target: 'product' },
  cueable: true,
  label: { zh: '弹出商品卡', en: 'Pop up product card' },
  seat: 'controller',
  schema: z.strictObject({ product: productId }),
  whileDown: true,
  apply(w, p) {
    const prod = product(w, p.product);
    if (!prod.listed) reject('not_listed', `list product "${p.product}" before showing its card`);
    w.card = prod.index;
    w.cardAt = w.eventTime;
    prod.cardPushes++;
    emit(w, 'product.card.shown', { product: prod.id });
  },
});
