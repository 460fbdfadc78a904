/**
 * What the console's state says about an action — whether to offer it right now and what its form
 * starts from. This is optional, per action: an action without an entry here is always offered
 * and its form starts from the schema's defaults, so a new engine action needs nothing here.
 *
 * (The engine refuses an action that does not apply, with a reason the console shows; these only
 * keep the console tidy, e.g. "list" and "delist" are not offered at the same time.)
 */
import type { ActionType } from '../../engine';
import { yuan } from '../format';
import type { CouponView, ProductView, RoomView } from '../store/types';

export type Offer = 'show' | 'disabled' | 'hidden';

export type CouponState = 'draft' | 'live' | 'stopped' | 'expired' | 'exhausted';

export function couponState(c: CouponView, now: number): CouponState {
  if (c.stopped) return 'stopped';
  if (c.issuedUntil < 0) return 'draft';
  if (c.claimed >= c.quantity) return 'exhausted';
  if (now >= c.issuedUntil) return 'expired';
  return 'live';
}

/** Actions on one product's row. */
export const PRODUCT_OFFER: Partial<Record<ActionType, (p: ProductView) => Offer>> = {
  list_product: (p) => (p.listed ? 'hidden' : 'show'),
  delist_product: (p) => (p.listed ? 'show' : 'hidden'),
  start_explaining: (p) => (p.explaining ? 'hidden' : p.listed ? 'show' : 'disabled'),
  show_card: (p) => (p.card ? 'hidden' : p.listed ? 'show' : 'disabled'),
  fix_link: (p) => (p.linkTarget !== p.id ? 'show' : 'hidden'),
};

/** Actions on one coupon's row. */
export const COUPON_OFFER: Partial<Record<ActionType, (state: CouponState) => Offer>> = {
  issue_coupon: (st) => (st === 'draft' ? 'show' : 'hidden'),
  stop_coupon: (st) => (st === 'live' ? 'show' : 'hidden'),
};

/** What the console shows, for panel-wide buttons and forms. */
export interface ConsoleState {
  room: RoomView | null;
  products: ProductView[];
}

/** Panel-wide buttons (and forms: `hidden` while what they start is running). */
export const PANEL_OFFER: Partial<Record<ActionType, (s: ConsoleState) => Offer>> = {
  stop_explaining: (s) => (s.products.some((p) => p.explaining) ? 'show' : 'hidden'),
  hide_card: (s) => (s.products.some((p) => p.card) ? 'show' : 'hidden'),
  unpin_comment: (s) => (s.room?.pinned ? 'show' : 'hidden'),
  stop_flash_sale: (s) => (s.room?.flash ? 'show' : 'hidden'),
  start_flash_sale: (s) => (s.room?.flash ? 'hidden' : 'show'),
  launch_lucky_bag: (s) => (s.room?.luckyBag ? 'hidden' : 'show'),
  send_red_packet: (s) => (s.room?.redPacket ? 'hidden' : 'show'),
};

/** Whether what a form starts is running now (a dot on its tab). */
export const RUNNING: Partial<Record<ActionType, (s: ConsoleState) => boolean>> = {
  start_flash_sale: (s) => !!s.room?.flash,
  launch_lucky_bag: (s) => !!s.room?.luckyBag,
  send_red_packet: (s) => !!s.room?.redPacket,
  post_announcement: (s) => !!s.room?.announcement,
};

/** A form that edits a product starts from the product's current value. */
export const PRODUCT_PREFILL: Partial<Record<ActionType, (p: ProductView) => Record<string, unknown>>> = {
  set_price: (p) => ({ price: Number(yuan(p.price)) }),
  set_stock: (p) => ({ stock: p.stock }),
};

/** A form that replaces a setting starts from the current setting. */
export const ROOM_PREFILL: Partial<Record<ActionType, (s: ConsoleState) => Record<string, unknown>>> = {
  set_keyword_filter: (s) => ({ words: s.room?.filterWords ?? [] }),
};

export function offer<A>(map: Partial<Record<ActionType, (a: A) => Offer>>, type: ActionType, arg: A): Offer {
  return map[type]?.(arg) ?? 'show';
}

/** How an action's button looks (optional): what moves a product forward stands out, what removes or punishes is red. */
export const VARIANT: Partial<Record<ActionType, 'primary' | 'ghost' | 'danger'>> = {
  list_product: 'primary',
  show_card: 'primary',
  delist_product: 'ghost',
  fix_link: 'danger',
  issue_coupon: 'primary',
  stop_coupon: 'danger',
  stop_flash_sale: 'danger',
  mute_user: 'danger',
  block_user: 'danger',
  fix_microphone: 'primary',
  acknowledge_warning: 'primary',
  end_stream: 'danger',
};
