/** 供应商调价: the supplier changes the live price. The console keeps the old one until the student sets the new one. */
import { fen } from '../money';
import { productLabel, productState, type TaskKindDef } from './types';

export const supplierPriceChange: TaskKindDef<'supplier_price_change'> = {
  kind: 'supplier_price_change',
  defaultWithinSec: 90,
  message: (w, inc) => ({
    zh: `供应商通知：${productLabel(w, inc.product, 'zh')} 直播价需调整为 ${inc.price} 元`,
    en: `Supplier: the live price of ${productLabel(w, inc.product, 'en')} must change to ${inc.price}`,
  }),
  start(w, inc, task) {
    // From now on the intended price is the new one.
    productState(w, inc.product).intendedPrice = fen(inc.price);
    task.data.price = fen(inc.price);
  },
  handledBy: (_w, task, a, product) => a.type === 'set_price' && a.product === product && Math.abs(fen(a.price as number) - (task.data.price as number)) <= 1,
};
