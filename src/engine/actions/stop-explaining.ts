/** Stop explaining (结束讲解). */
import * as z from 'zod/mini';
import { stopExplaining } from '../systems/products';
import { defineAction, reject } from './define';

export const stopExplainingAction = defineAction({
  type: 'stop_explaining',
  console: { panel: 'products', control: 'button', order: 40 },
  label: { zh: '结束讲解', en: 'Stop explaining' },
  seat: 'both',
  schema: z.strictObject({}),
  apply(w) {
    if (w.explaining < 0) reject('not_explaining', 'no product is being explained');
    stopExplaining(w);
  },
});
