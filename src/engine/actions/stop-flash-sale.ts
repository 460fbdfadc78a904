/** End flash sale (结束秒杀). */
import * as z from 'zod/mini';
import { endFlashSale } from '../systems/promotions';
import { defineAction, reject } from './define';

export const stopFlashSaleAction = defineAction({
  type: 'stop_flash_sale',
  console: { panel: 'marketing', control: 'button', order: 50 },
  label: { zh: '结束秒杀', en: 'End flash sale' },
  seat: 'controller',
  schema: z.strictObject({}),
  apply(w) {
    if (!w.flash) reject('no_flash', 'no flash sale is running');
    endFlashSale(w, 'host');
  },
});
