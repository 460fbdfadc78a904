/** List product (上架商品). */
import * as z from 'zod/mini';
import { emit } from '../kernel/log';
import { defineAction, product, productId, reject } from './define';

export const listProductAction = defineAction({
  type: 'list_product',
  console: { panel: 'products', control: 'product', order: 10 },
  cueable: true,
  label: { zh: '上架商品', en: 'List product' },
  seat: 'controller',
  schema: z.strictObject({ product: productId }),
  apply(w, p) {
    const prod = product(w, p.product);
    if (prod.listed) reject('already_listed', `product "${p.product}" is already listed`);
    prod.listed = true;
    emit(w, 'product.listed', { product: prod.id });
  },
});
