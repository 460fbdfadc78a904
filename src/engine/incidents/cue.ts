/**
 * 中控 cues: at the controller seat the scripted host asks for an action ("上2号链接", "改价59")
 * and the controller must do it within `within` seconds. Handled by that action, with the
 * asked-for product, coupon, price or stock.
 */
import { fen } from '../money';
import type { World } from '../kernel/state';
import type { TaskKindDef } from './types';

export interface CueData {
  action: string;
  product?: string;
  coupon?: string;
  price?: number;
  stock?: number;
}

export const cue: TaskKindDef<'cue'> = {
  kind: 'cue',
  defaultWithinSec: 30,
  handledBy(_w, task, a) {
    const d = task.data as unknown as CueData;
    return a.type === d.action && (d.product === undefined || a.product === d.product) && (d.coupon === undefined || a.coupon === d.coupon)
      && (d.price === undefined || Math.abs(fen(a.price as number) - fen(d.price)) <= 1)
      && (d.stock === undefined || a.stock === d.stock);
  },
};

/**
 * Whether what the cue asks for already holds. A controller who put the 讲解 marker on, listed
 * the product or issued the coupon a moment before the host asked has done what was asked, and
 * doing it again would be refused.
 */
export function cueAlreadyDone(w: World, d: CueData): boolean {
  const p = d.product !== undefined ? w.productIndex.get(d.product) : undefined;
  switch (d.action) {
    case 'start_explaining':
      return p !== undefined && w.explaining === p;
    case 'list_product':
      return p !== undefined && w.products[p].listed;
    case 'delist_product':
      return p !== undefined && !w.products[p].listed;
    case 'issue_coupon': {
      const c = d.coupon !== undefined ? w.coupons.get(d.coupon) : undefined;
      return c !== undefined && c.issuedUntil > w.eventTime && !c.stopped;
    }
    case 'hide_card':
      return w.card < 0;
    default:
      return false;
  }
}
