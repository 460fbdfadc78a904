/** Start explaining (开始讲解). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { stopExplaining } from '../systems/products';
import { defineAction, product, productId, reject } from './define';

export const startExplainingAction = defineAction({
  type: 'start_explaining',
  console: { panel: 'products', control: 'product', order: 30 },
  shortcut: { display: 'Shift + 1 … 9', digit: true, shift: true, target: 'product' },
  cueable: true,
  label: { zh: '开始讲解', en: 'Start explaining' },
  seat: 'both',
  schema: z.strictObject({ product: productId }),
  apply(w, p) {
    const prod = product(w, p.product);
    if (!prod.listed) reject('not_listed', `list product "${p.product}" before explaining it`);
    if (w.explaining === prod.index) reject('already_explaining', `already explaining "${p.product}"`);
    stopExplaining(w);
    w.explaining = prod.index;
    w.explainStart = w.eventTime;
    emit(w, 'product.explain.start', { product: prod.id });
  },
});
