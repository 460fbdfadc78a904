/** Delist product (下架商品). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { stopExplaining } from '../systems/products';
import { defineAction, product, productId, reject } from './define';

export const delistProductAction = defineAction({
  type: 'delist_product',
  console: { panel: 'products', control: 'product', order: 20 },
  cueable: true,
  label: { zh: '下架商品', en: 'Delist product' },
  seat: 'controller',
  schema: z.strictObject({ product: productId }),
  apply(w, p) {
    const prod = product(w, p.product);
    if (!prod.listed) reject('not_listed', `product "${p.product}" is not listed`);
    if (w.explaining === prod.index) stopExplaining(w);
    if (w.card === prod.index) {
      w.card = -1;
      emit(w, 'product.card.hidden', { product: prod.id });
    }
    prod.listed = false;
    emit(w, 'product.delisted', { product: prod.id });
  },
});
