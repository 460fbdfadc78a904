/** 价格设错: the live price is set wrong. Handled by setting the intended price again, or delisting. */
import { emit } from '../kernel/log';
import { fen } from '../money';
import { productLabel, productState, type TaskKindDef } from './types';

export const wrongPrice: TaskKindDef<'wrong_price'> = {
  kind: 'wrong_price',
  defaultWithinSec: 45,
  message: (w, inc) => ({
    zh: `${productLabel(w, inc.product, 'zh')} 的价格被改成了 ${inc.price} 元`,
    en: `The price of ${productLabel(w, inc.product, 'en')} was set to ${inc.price}`,
  }),
  start(w, inc, _task, started) {
    const p = productState(w, inc.product);
    const from = p.price;
    p.price = fen(inc.price);
    emit(w, 'product.price.changed', { product: p.id, from, to: p.price, by: 'incident' }, [started]);
  },
  handledBy(w, _task, a, product) {
    const p = productState(w, product!);
    return (a.type === 'set_price' && a.product === product && Math.abs(p.price - p.intendedPrice) <= 1) || (a.type === 'delist_product' && a.product === product);
  },
};
