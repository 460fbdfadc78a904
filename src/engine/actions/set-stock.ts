/** Change stock (改库存). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, product, productId } from './define';

export const setStockAction = defineAction({
  type: 'set_stock',
  console: { panel: 'products', control: 'form', order: 80 },
  cueable: true,
  label: { zh: '改库存', en: 'Change stock' },
  seat: 'controller',
  schema: z.strictObject({ product: productId, stock: z.number().check(z.int({ error: 'must be a whole number' }), z.nonnegative({ error: 'must not be negative' }), z.maximum(1_000_000)) }),
  apply(w, p) {
    const prod = product(w, p.product);
    const from = prod.stock;
    prod.stock = p.stock;
    emit(w, 'product.stock.changed', { product: prod.id, from, to: p.stock, by: 'host' });
    if (p.stock === 0 && !prod.soldOut) {
      prod.soldOut = true;
      emit(w, 'product.soldout', { product: prod.id });
    } else if (p.stock > 0) prod.soldOut = false;
  },
});
