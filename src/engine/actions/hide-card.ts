/** Hide product card (收起商品卡). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, reject } from './define';

export const hideCardAction = defineAction({
  type: 'hide_card',
  console: { panel: 'products', control: 'button', order: 60 },
  shortcut: { display: 'H', key: 'h' },
  cueable: true,
  label: { zh: '收起商品卡', en: 'Hide product card' },
  seat: 'controller',
  schema: z.strictObject({}),
  apply(w) {
    if (w.card < 0) reject('no_card', 'no product card is shown');
    const id = w.products[w.card].id;
    w.card = -1;
    emit(w, 'product.card.hidden', { product: id });
  },
});
