/** 链接挂错: a product's link points at another item. Handled by fixing the link or delisting the product. */
import { emit } from '../kernel/log';
import { productLabel, productState, type TaskKindDef } from './types';

export const wrongLink: TaskKindDef<'wrong_link'> = {
  kind: 'wrong_link',
  defaultWithinSec: 60,
  message: (w, inc) => ({
    zh: `${productLabel(w, inc.product, 'zh')} 的商品链接挂成了 ${productLabel(w, inc.target, 'zh')}`,
    en: `The link of ${productLabel(w, inc.product, 'en')} points at ${productLabel(w, inc.target, 'en')}`,
  }),
  start(w, inc, _task, started) {
    const p = productState(w, inc.product);
    p.linkTarget = w.productIndex.get(inc.target)!;
    emit(w, 'product.link.changed', { product: p.id, target: inc.target }, [started]);
  },
  handledBy: (_w, _task, a, product) => (a.type === 'fix_link' || a.type === 'delist_product') && a.product === product,
};
