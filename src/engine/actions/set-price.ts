/** Change price (改价). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { fen, yuanText } from '../money';
import { defineAction, money, product, productId, reject } from './define';

export const setPriceAction = defineAction({
  type: 'set_price',
  console: { panel: 'products', control: 'form', order: 70 },
  cueable: true,
  label: { zh: '改价', en: 'Change price' },
  seat: 'controller',
  schema: z.strictObject({ product: productId, price: money }),
  apply(w, p) {
    const prod = product(w, p.product);
    const to = fen(p.price);
    if (to > prod.listPrice) reject('above_list_price', `price ${p.price} is above the list price ${yuanText(prod.listPrice)}`);
    const from = prod.price;
    prod.price = to;
    emit(w, 'product.price.changed', { product: prod.id, from, to, by: 'host' });
  },
});
