/** Fix product link (修正商品链接). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, product, productId, reject } from './define';

export const fixLinkAction = defineAction({
  type: 'fix_link',
  console: { panel: 'products', control: 'product', order: 90 },
  label: { zh: '修正商品链接', en: 'Fix product link' },
  seat: 'controller',
  schema: z.strictObject({ product: productId }),
  apply(w, p) {
    const prod = product(w, p.product);
    if (prod.linkTarget === prod.index) reject('link_ok', `the link of "${p.product}" already points at the right item`);
    prod.linkTarget = prod.index;
    emit(w, 'product.link.changed', { product: prod.id, target: prod.id });
  },
});
