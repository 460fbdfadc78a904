/** 库存不符: the warehouse has fewer than the console shows. Handled by setting the real stock, or delisting. */
import { productLabel, productState, type TaskKindDef } from './types';

export const stockMismatch: TaskKindDef<'stock_mismatch'> = {
  kind: 'stock_mismatch',
  defaultWithinSec: 60,
  message: (w, inc) => ({
    zh: `仓库通知：${productLabel(w, inc.product, 'zh')} 实际只剩 ${inc.realStock} 件，后台库存还没改`,
    en: `Warehouse: only ${inc.realStock} of ${productLabel(w, inc.product, 'en')} are really left; the console still shows more`,
  }),
  start(w, inc, task) {
    const p = productState(w, inc.product);
    p.warehouse = p.sold + inc.realStock;
    task.data.limit = inc.realStock;
  },
  handledBy(w, _task, a, product) {
    const p = productState(w, product!);
    return (a.type === 'set_stock' && a.product === product && p.sold + p.stock <= p.warehouse) || (a.type === 'delist_product' && a.product === product);
  },
};
