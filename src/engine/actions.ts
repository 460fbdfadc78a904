/**
 * The actions a student (host or controller) can take — one registry, each action
 * defined once: its payload schema, its label, and how the engine applies it.
 * The console's buttons, keyboard shortcuts, the CLI's action files and the bots
 * all go through this registry (see docs/formats.md for the action-log format).
 *
 * An action is `{ t, type, ...payload }` with `t` in ms of sim time. An invalid
 * action (bad payload, unknown product, acting on an ended stream…) is rejected
 * with a logged reason and changes nothing; it never throws.
 */
import { z } from 'zod';
import type { Sim } from './sim';
import { fen, yuanText } from './money';
import { analyseSpeech, analyseReply } from './speech-effects';

export const ACTION_LOG_FORMAT = 'livesim/actions@1';

/** How long the picture stays degraded after switching to the backup network. */
const BACKUP_DEGRADED_MS = 2 * 60000;

const productId = z.string().min(1);
const money = z.number().finite().positive({ error: 'must be above 0' }).refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, { error: 'at most two decimals' });
const text = z.string().trim().min(1, { error: 'must not be empty' }).max(2000, { error: 'at most 2000 characters' });

class Rejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function reject(code: string, message: string): never {
  throw new Rejection(code, message);
}

/** Where the console offers an action. */
export type ConsolePanel = 'products' | 'marketing' | 'comments' | 'talk' | 'incidents' | 'controls';

/**
 * How the console offers an action:
 * - `product`: a button on each product's row; the payload is `{ product }`.
 * - `comment`: a button for the selected comment; the payload is `{ comment }` or `{ viewer }`
 *   (the comment's author), other fields take their schema defaults.
 * - `form`: a form whose fields, limits and defaults come from the payload schema.
 * - `button`: a plain button; the payload is empty (or all defaults).
 * - `custom`: the panel's own component draws it (talk box, replies, the run of show).
 */
export type ConsoleControl = 'product' | 'comment' | 'form' | 'button' | 'custom';

/** A keyboard shortcut as data (the engine reads no keyboard; the console matches it). */
export interface ShortcutDef {
  /** As shown in the help overlay and on buttons. */
  display: string;
  /** The key (lower case), or a digit 1–9 that picks the product with that number. */
  key?: string;
  digit?: boolean;
  shift?: boolean;
  /** What the key acts on: the product of the digit, the selected comment, or nothing. */
  target?: 'product' | 'comment';
}

export interface ActionDef<S extends z.ZodType = z.ZodType> {
  type: string;
  /** Where and how the console offers it; `order` sorts the controls within a panel. */
  console: { panel: ConsolePanel; control: ConsoleControl; order: number };
  shortcut?: ShortcutDef;
  /** A scenario's scripted host may cue the controller to do this (scenario `script.host[].cue`). */
  cueable?: boolean;
  label: { zh: string; en: string };
  /** Who normally does this in a real room. */
  seat: 'host' | 'controller' | 'both';
  schema: S;
  /** Whether the action works while the stream is interrupted. Default: yes. */
  whileDown?: boolean;
  /** Validate against the state (throw via reject()), then apply. Called only with a schema-valid payload. */
  apply(sim: Sim, p: z.output<S>, acceptedEvent: number): void;
}

function def<S extends z.ZodType>(d: ActionDef<S>): ActionDef<S> {
  return d;
}

function product(sim: Sim, id: string) {
  const i = sim.productIndex.get(id);
  if (i === undefined) reject('unknown_product', `unknown product "${id}"`);
  return sim.products[i];
}

function segmentOf(sim: Sim, id: string) {
  const seg = sim.scenario.runOfShow.find((x) => x.id === id);
  if (!seg) reject('unknown_segment', `unknown run-of-show segment "${id}"`);
  return seg;
}

export const ACTIONS = {
  list_product: def({
    type: 'list_product',
    console: { panel: 'products', control: 'product', order: 10 },
    cueable: true,
    label: { zh: '上架商品', en: 'List product' },
    seat: 'controller',
    schema: z.strictObject({ product: productId }),
    apply(sim, p) {
      const prod = product(sim, p.product);
      if (prod.listed) reject('already_listed', `product "${p.product}" is already listed`);
      prod.listed = true;
      sim.emit('product.listed', { product: prod.id });
    },
  }),
  delist_product: def({
    type: 'delist_product',
    console: { panel: 'products', control: 'product', order: 20 },
    cueable: true,
    label: { zh: '下架商品', en: 'Delist product' },
    seat: 'controller',
    schema: z.strictObject({ product: productId }),
    apply(sim, p) {
      const prod = product(sim, p.product);
      if (!prod.listed) reject('not_listed', `product "${p.product}" is not listed`);
      if (sim.explaining === prod.index) sim.stopExplaining();
      if (sim.card === prod.index) {
        sim.card = -1;
        sim.emit('product.card.hidden', { product: prod.id });
      }
      prod.listed = false;
      sim.emit('product.delisted', { product: prod.id });
    },
  }),
  start_explaining: def({
    type: 'start_explaining',
    console: { panel: 'products', control: 'product', order: 30 },
    shortcut: { display: 'Shift + 1 … 9', digit: true, shift: true, target: 'product' },
    cueable: true,
    label: { zh: '开始讲解', en: 'Start explaining' },
    seat: 'both',
    schema: z.strictObject({ product: productId }),
    apply(sim, p) {
      const prod = product(sim, p.product);
      if (!prod.listed) reject('not_listed', `list product "${p.product}" before explaining it`);
      if (sim.explaining === prod.index) reject('already_explaining', `already explaining "${p.product}"`);
      sim.stopExplaining();
      sim.explaining = prod.index;
      sim.explainStart = sim.eventTime;
      sim.emit('product.explain.start', { product: prod.id });
    },
  }),
  stop_explaining: def({
    type: 'stop_explaining',
    console: { panel: 'products', control: 'button', order: 40 },
    label: { zh: '结束讲解', en: 'Stop explaining' },
    seat: 'both',
    schema: z.strictObject({}),
    apply(sim) {
      if (sim.explaining < 0) reject('not_explaining', 'no product is being explained');
      sim.stopExplaining();
    },
  }),
  show_card: def({
    type: 'show_card',
    console: { panel: 'products', control: 'product', order: 50 },
    shortcut: { display: '1 … 9', digit: true, target: 'product' },
    cueable: true,
    label: { zh: '弹出商品卡', en: 'Pop up product card' },
    seat: 'controller',
    schema: z.strictObject({ product: productId }),
    whileDown: true,
    apply(sim, p) {
      const prod = product(sim, p.product);
      if (!prod.listed) reject('not_listed', `list product "${p.product}" before showing its card`);
      sim.card = prod.index;
      sim.cardAt = sim.eventTime;
      prod.cardPushes++;
      sim.emit('product.card.shown', { product: prod.id });
    },
  }),
  hide_card: def({
    type: 'hide_card',
    console: { panel: 'products', control: 'button', order: 60 },
    shortcut: { display: 'H', key: 'h' },
    cueable: true,
    label: { zh: '收起商品卡', en: 'Hide product card' },
    seat: 'controller',
    schema: z.strictObject({}),
    apply(sim) {
      if (sim.card < 0) reject('no_card', 'no product card is shown');
      const id = sim.products[sim.card].id;
      sim.card = -1;
      sim.emit('product.card.hidden', { product: id });
    },
  }),
  set_price: def({
    type: 'set_price',
    console: { panel: 'products', control: 'form', order: 70 },
    cueable: true,
    label: { zh: '改价', en: 'Change price' },
    seat: 'controller',
    schema: z.strictObject({ product: productId, price: money }),
    apply(sim, p) {
      const prod = product(sim, p.product);
      const to = fen(p.price);
      if (to > prod.listPrice) reject('above_list_price', `price ${p.price} is above the list price ${yuanText(prod.listPrice)}`);
      const from = prod.price;
      prod.price = to;
      sim.emit('product.price.changed', { product: prod.id, from, to, by: 'host' });
    },
  }),
  set_stock: def({
    type: 'set_stock',
    console: { panel: 'products', control: 'form', order: 80 },
    cueable: true,
    label: { zh: '改库存', en: 'Change stock' },
    seat: 'controller',
    schema: z.strictObject({ product: productId, stock: z.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must not be negative' }).max(1_000_000) }),
    apply(sim, p) {
      const prod = product(sim, p.product);
      const from = prod.stock;
      prod.stock = p.stock;
      sim.emit('product.stock.changed', { product: prod.id, from, to: p.stock, by: 'host' });
      if (p.stock === 0 && !prod.soldOut) {
        prod.soldOut = true;
        sim.emit('product.soldout', { product: prod.id });
      } else if (p.stock > 0) prod.soldOut = false;
    },
  }),
  fix_link: def({
    type: 'fix_link',
    console: { panel: 'products', control: 'product', order: 90 },
    label: { zh: '修正商品链接', en: 'Fix product link' },
    seat: 'controller',
    schema: z.strictObject({ product: productId }),
    apply(sim, p) {
      const prod = product(sim, p.product);
      if (prod.linkTarget === prod.index) reject('link_ok', `the link of "${p.product}" already points at the right item`);
      prod.linkTarget = prod.index;
      sim.emit('product.link.changed', { product: prod.id, target: prod.id });
    },
  }),
  create_coupon: def({
    type: 'create_coupon',
    console: { panel: 'marketing', control: 'form', order: 10 },
    label: { zh: '创建优惠券', en: 'Create coupon' },
    seat: 'controller',
    schema: z.strictObject({
      coupon: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: 'coupon id: lowercase letters, digits, - or _' }),
      kind: z.enum(['live', 'threshold']),
      threshold: z.number().finite().nonnegative().default(0),
      discount: money,
      quantity: z.number().int().positive().max(100000),
      /** Seconds the coupon can be claimed after it is issued (1 minute to 24 hours). */
      validity: z.number().int().min(60).max(86400).default(600),
      products: z.array(productId).default([]),
    }),
    apply(sim, p) {
      if (sim.coupons.has(p.coupon)) reject('duplicate_coupon', `a coupon "${p.coupon}" already exists`);
      const products = p.products.map((id) => product(sim, id).index);
      const applicable = products.length > 0 ? products.map((i) => sim.products[i]) : sim.products;
      const minPrice = Math.min(...applicable.map((x) => x.price));
      const discount = fen(p.discount);
      const threshold = fen(p.threshold);
      if (p.kind === 'threshold' && threshold <= discount) reject('bad_threshold', `a 满减 coupon's threshold (${p.threshold}) must be above its discount (${p.discount})`);
      if (p.kind === 'live' && discount >= minPrice) reject('discount_too_big', `a ${p.discount} discount would make an item free or negative (cheapest applicable price ${yuanText(minPrice)})`);
      sim.addCoupon({ id: p.coupon, kind: p.kind, threshold: p.threshold, discount: p.discount, quantity: p.quantity, validity: p.validity, products: p.products }, false);
      sim.emit('coupon.created', { coupon: p.coupon, kind: p.kind, threshold, discount, quantity: p.quantity, validityMs: p.validity * 1000, products: p.products, by: 'host' });
    },
  }),
  issue_coupon: def({
    type: 'issue_coupon',
    console: { panel: 'marketing', control: 'form', order: 20 },
    cueable: true,
    label: { zh: '发放优惠券', en: 'Issue coupon' },
    seat: 'controller',
    schema: z.strictObject({ coupon: z.string().min(1) }),
    whileDown: false,
    apply(sim, p) {
      const c = sim.coupons.get(p.coupon);
      if (!c) reject('unknown_coupon', `unknown coupon "${p.coupon}"`);
      if (c.stopped) reject('coupon_stopped', `coupon "${p.coupon}" was stopped`);
      if (c.issuedUntil > sim.eventTime) reject('already_issued', `coupon "${p.coupon}" is already out`);
      c.issuedUntil = sim.eventTime + c.validityMs;
      sim.resetCouponClaims();
      sim.emit('coupon.issued', { coupon: c.id, untilMs: c.issuedUntil });
      const until = c.issuedUntil;
      sim.at(until, () => {
        if (c.issuedUntil === until && !c.stopped) sim.emit('coupon.stopped', { coupon: c.id, reason: 'expired' });
      });
    },
  }),
  stop_coupon: def({
    type: 'stop_coupon',
    console: { panel: 'marketing', control: 'form', order: 30 },
    label: { zh: '停止发券', en: 'Stop coupon' },
    seat: 'controller',
    schema: z.strictObject({ coupon: z.string().min(1) }),
    apply(sim, p) {
      const c = sim.coupons.get(p.coupon);
      if (!c) reject('unknown_coupon', `unknown coupon "${p.coupon}"`);
      if (c.stopped) reject('coupon_stopped', `coupon "${p.coupon}" is already stopped`);
      c.stopped = true;
      sim.emit('coupon.stopped', { coupon: c.id, reason: 'host' });
    },
  }),
  start_flash_sale: def({
    type: 'start_flash_sale',
    console: { panel: 'marketing', control: 'form', order: 40 },
    cueable: true,
    label: { zh: '开启秒杀', en: 'Start flash sale' },
    seat: 'controller',
    schema: z.strictObject({
      product: productId,
      price: money,
      quantity: z.number().int().positive(),
      perBuyer: z.number().int().min(1).max(10).default(1),
      /** Countdown before it opens, seconds (real consoles: 10–300). */
      countdown: z.number().int().min(10).max(300).default(10),
      /** How long it stays open, seconds (real consoles: 1–20 minutes). */
      duration: z.number().int().min(60).max(1200).default(120),
    }),
    whileDown: false,
    apply(sim, p) {
      const prod = product(sim, p.product);
      if (!prod.listed) reject('not_listed', `list product "${p.product}" before a flash sale`);
      if (sim.flash) reject('flash_running', 'a flash sale is already running');
      const price = fen(p.price);
      if (price >= prod.price) reject('not_a_discount', `the flash price ${p.price} must be below the live price ${yuanText(prod.price)}`);
      if (p.quantity > prod.stock) reject('over_stock', `quantity ${p.quantity} is more than the stock (${prod.stock})`);
      const startsMs = sim.eventTime + p.countdown * 1000;
      const endsMs = startsMs + p.duration * 1000;
      sim.emit('flashsale.scheduled', { product: prod.id, price, quantity: p.quantity, perBuyer: p.perBuyer, startsMs, endsMs });
      sim.startFlashSale({ product: prod.index, price, quantity: p.quantity, perBuyer: p.perBuyer, startsMs, endsMs, sold: 0, started: false });
    },
  }),
  stop_flash_sale: def({
    type: 'stop_flash_sale',
    console: { panel: 'marketing', control: 'button', order: 50 },
    label: { zh: '结束秒杀', en: 'End flash sale' },
    seat: 'controller',
    schema: z.strictObject({}),
    apply(sim) {
      if (!sim.flash) reject('no_flash', 'no flash sale is running');
      sim.endFlashSale('host');
    },
  }),
  launch_lucky_bag: def({
    type: 'launch_lucky_bag',
    console: { panel: 'marketing', control: 'form', order: 60 },
    cueable: true,
    label: { zh: '发福袋', en: 'Launch lucky bag' },
    seat: 'controller',
    schema: z.strictObject({
      entry: z.enum(['follow', 'comment']),
      keyword: z.string().trim().max(20).optional(),
      prize: text,
      winners: z.number().int().min(1).max(100),
      /** Seconds until the draw (real consoles: 3–15 minutes; 1 minute allowed for drills). */
      drawAfter: z.number().int().min(60).max(900).default(180),
    }),
    whileDown: false,
    apply(sim, p) {
      if (sim.luckyBag) reject('bag_running', 'a lucky bag is already running');
      if (p.entry === 'comment' && !p.keyword) reject('no_keyword', 'a comment-entry lucky bag needs a keyword');
      sim.launchLuckyBag(p.entry, p.keyword ?? '', p.winners, p.drawAfter * 1000, p.prize);
    },
  }),
  send_red_packet: def({
    type: 'send_red_packet',
    console: { panel: 'marketing', control: 'form', order: 70 },
    cueable: true,
    label: { zh: '发红包', en: 'Send red packet' },
    seat: 'controller',
    schema: z.strictObject({ total: money.refine((v) => v <= 20000, { error: 'at most 20000' }), count: z.number().int().min(1).max(1000) }),
    whileDown: false,
    apply(sim, p) {
      if (sim.redPacket) reject('packet_running', 'a red packet is still being grabbed');
      if (fen(p.total) < p.count) reject('too_small', 'each share must be at least 0.01');
      const id = sim.sendRedPacket(fen(p.total), p.count);
      sim.emit('redpacket.sent', { packet: id, total: fen(p.total), count: p.count });
    },
  }),
  say: def({
    type: 'say',
    console: { panel: 'talk', control: 'custom', order: 10 },
    label: { zh: '讲话', en: 'Say' },
    seat: 'host',
    schema: z.strictObject({ text, source: z.enum(['typed', 'voice']).default('typed') }),
    apply(sim, p) {
      const heard = sim.status === 'live' && !sim.micDown;
      const id = sim.emit('host.say', { text: p.text, heard, source: p.source });
      if (heard) analyseSpeech(sim, p.text, id, null);
    },
  }),
  reply_comment: def({
    type: 'reply_comment',
    console: { panel: 'comments', control: 'custom', order: 10 },
    label: { zh: '回复评论', en: 'Reply to comment' },
    seat: 'both',
    schema: z.strictObject({ comment: z.number().int().nonnegative(), text }),
    apply(sim, p) {
      const ev = sim.log[p.comment];
      if (!ev || ev.type !== 'comment') reject('unknown_comment', `event ${p.comment} is not a comment`);
      const id = sim.emit('comment.replied', { comment: p.comment, text: p.text }, [p.comment]);
      analyseReply(sim, p.text, id, p.comment);
    },
  }),
  pin_comment: def({
    type: 'pin_comment',
    console: { panel: 'comments', control: 'comment', order: 20 },
    shortcut: { display: 'P', key: 'p', target: 'comment' },
    cueable: true,
    label: { zh: '置顶评论', en: 'Pin comment' },
    seat: 'controller',
    schema: z.strictObject({ comment: z.number().int().nonnegative() }),
    apply(sim, p) {
      const ev = sim.log[p.comment];
      if (!ev || ev.type !== 'comment') reject('unknown_comment', `event ${p.comment} is not a comment`);
      sim.pinned = p.comment;
      sim.emit('comment.pinned', { comment: p.comment }, [p.comment]);
    },
  }),
  unpin_comment: def({
    type: 'unpin_comment',
    console: { panel: 'comments', control: 'button', order: 30 },
    shortcut: { display: 'U', key: 'u' },
    label: { zh: '取消置顶', en: 'Unpin comment' },
    seat: 'controller',
    schema: z.strictObject({}),
    apply(sim) {
      if (sim.pinned < 0) reject('nothing_pinned', 'no comment is pinned');
      const c = sim.pinned;
      sim.pinned = -1;
      sim.emit('comment.unpinned', { comment: c }, [c]);
    },
  }),
  mute_user: def({
    type: 'mute_user',
    console: { panel: 'comments', control: 'comment', order: 40 },
    shortcut: { display: 'M', key: 'm', target: 'comment' },
    label: { zh: '禁言', en: 'Mute viewer' },
    seat: 'controller',
    schema: z.strictObject({ viewer: z.number().int().positive(), minutes: z.number().int().min(1).max(1440).default(10) }),
    apply(sim, p) {
      if (p.viewer >= sim.nextViewerId) reject('unknown_viewer', `no viewer ${p.viewer} has been in the room`);
      const until = sim.eventTime + p.minutes * 60000;
      sim.muted.set(p.viewer, until);
      sim.emit('viewer.muted', { viewer: p.viewer, untilMs: until });
    },
  }),
  block_user: def({
    type: 'block_user',
    console: { panel: 'comments', control: 'comment', order: 50 },
    shortcut: { display: 'Shift + B', key: 'b', shift: true, target: 'comment' },
    label: { zh: '拉黑', en: 'Block viewer' },
    seat: 'controller',
    schema: z.strictObject({ viewer: z.number().int().positive() }),
    apply(sim, p) {
      if (p.viewer >= sim.nextViewerId) reject('unknown_viewer', `no viewer ${p.viewer} has been in the room`);
      if (sim.blocked.has(p.viewer)) reject('already_blocked', `viewer ${p.viewer} is already blocked`);
      sim.blocked.add(p.viewer);
      sim.emit('viewer.blocked', { viewer: p.viewer });
      const slot = sim.slotOf(p.viewer);
      if (slot >= 0) sim.leave(slot);
    },
  }),
  set_keyword_filter: def({
    type: 'set_keyword_filter',
    console: { panel: 'comments', control: 'form', order: 60 },
    label: { zh: '设置屏蔽词', en: 'Set keyword filter' },
    seat: 'controller',
    schema: z.strictObject({ words: z.array(z.string().trim().min(1).max(20)).max(200, { error: 'at most 200 words (as on real consoles)' }) }),
    apply(sim, p) {
      sim.filterWords = [...new Set(p.words.map((w) => w.toLowerCase()))];
      sim.emit('filter.set', { words: sim.filterWords });
    },
  }),
  post_announcement: def({
    type: 'post_announcement',
    console: { panel: 'marketing', control: 'form', order: 80 },
    cueable: true,
    label: { zh: '发布公告', en: 'Post announcement' },
    seat: 'controller',
    schema: z.strictObject({ text: z.string().trim().max(200) }),
    apply(sim, p, id) {
      sim.announcement = p.text;
      const ev = sim.emit('room.announcement', { text: p.text });
      if (p.text) analyseSpeech(sim, p.text, ev, null, { announcement: true });
      void id;
    },
  }),
  reconnect_stream: def({
    type: 'reconnect_stream',
    console: { panel: 'incidents', control: 'form', order: 10 },
    label: { zh: '重新连接推流', en: 'Reconnect stream' },
    seat: 'both',
    schema: z.strictObject({ via: z.enum(['retry', 'backup']).default('retry') }),
    apply(sim, p) {
      if (sim.status !== 'interrupted') reject('not_interrupted', 'the stream is not interrupted');
      if (p.via === 'retry' && sim.eventTime < sim.streamDropRetryAt) {
        sim.emit('stream.reconnect.failed', { via: 'retry' });
        return;
      }
      sim.status = 'live';
      sim.emit('room.restored', { via: p.via });
      if (p.via === 'backup') {
        // The backup (4G) line carries a lower bitrate until the primary line is back.
        sim.quality = 'degraded';
        sim.emit('room.quality', { quality: 'degraded', reason: 'backup_network' });
        sim.at(sim.eventTime + BACKUP_DEGRADED_MS, () => {
          if (sim.quality !== 'degraded' || sim.finished) return;
          sim.quality = 'good';
          sim.emit('room.quality', { quality: 'good', reason: 'primary_restored' });
        });
      } else if (sim.quality === 'degraded') {
        sim.quality = 'good';
        sim.emit('room.quality', { quality: 'good', reason: 'primary_restored' });
      }
    },
  }),
  fix_microphone: def({
    type: 'fix_microphone',
    console: { panel: 'incidents', control: 'button', order: 20 },
    label: { zh: '切换备用麦克风', en: 'Switch to backup microphone' },
    seat: 'both',
    schema: z.strictObject({}),
    apply(sim) {
      if (!sim.micDown) reject('mic_ok', 'the microphone works');
      sim.micDown = false;
    },
  }),
  acknowledge_warning: def({
    type: 'acknowledge_warning',
    console: { panel: 'incidents', control: 'custom', order: 30 },
    label: { zh: '处理平台警告', en: 'Acknowledge platform warning' },
    seat: 'both',
    schema: z.strictObject({ incident: z.string().min(1) }),
    apply(sim, p) {
      const task = sim.tasks.find((t) => t.id === p.incident && t.kind === 'platform_warning');
      if (!task) reject('unknown_warning', `no platform warning "${p.incident}"`);
    },
  }),
  set_plan: def({
    type: 'set_plan',
    console: { panel: 'controls', control: 'custom', order: 10 },
    label: { zh: '确定直播脚本顺序', en: 'Set run-of-show order' },
    seat: 'both',
    schema: z.strictObject({ order: z.array(z.string().min(1)).min(1, { error: 'must list the segments' }) }),
    apply(sim, p) {
      const ids = new Set(sim.plan);
      const seen = new Set<string>();
      for (const id of p.order) {
        if (!ids.has(id)) reject('unknown_segment', `unknown run-of-show segment "${id}" (known: ${sim.plan.join(', ')})`);
        if (seen.has(id)) reject('duplicate_segment', `segment "${id}" is listed twice`);
        seen.add(id);
      }
      const missing = sim.plan.filter((id) => !seen.has(id));
      if (missing.length > 0) reject('incomplete_plan', `the plan leaves out ${missing.map((id) => `"${id}"`).join(', ')}`);
      const first = sim.scenario.runOfShow[0].id;
      if (sim.hostRunOfShow ? sim.log.some((e) => e.type === 'segment.start' && e.by === 'host') : sim.segment !== first) reject('plan_locked', 'the run of show can only be reordered before the second segment starts');
      const seg = segmentOf(sim, p.order[0]);
      sim.plan = p.order.slice();
      sim.hostRunOfShow = true;
      sim.emit('plan.set', { order: sim.plan, plannedMs: sim.plan.map((id) => Math.round(segmentOf(sim, id).duration * 1000)) });
      if (sim.segment !== seg.id) {
        sim.segment = seg.id;
        sim.emit('segment.start', { segment: seg.id, index: 0, plannedMs: Math.round(seg.duration * 1000), ...(seg.product ? { product: seg.product } : {}), by: 'plan' });
      }
    },
  }),
  start_segment: def({
    type: 'start_segment',
    console: { panel: 'controls', control: 'custom', order: 20 },
    label: { zh: '进入下一环节', en: 'Start next segment' },
    seat: 'both',
    schema: z.strictObject({ segment: z.string().min(1) }),
    apply(sim, p) {
      if (!sim.plan.includes(p.segment)) reject('unknown_segment', `unknown run-of-show segment "${p.segment}" (known: ${sim.plan.join(', ')})`);
      if (sim.segment === p.segment) reject('already_current', `segment "${p.segment}" is already under way`);
      const seg = segmentOf(sim, p.segment);
      sim.hostRunOfShow = true;
      sim.segment = seg.id;
      sim.emit('segment.start', { segment: seg.id, index: sim.plan.indexOf(seg.id), plannedMs: Math.round(seg.duration * 1000), ...(seg.product ? { product: seg.product } : {}), by: 'host' });
    },
  }),
  end_stream: def({
    type: 'end_stream',
    console: { panel: 'controls', control: 'button', order: 30 },
    label: { zh: '下播', en: 'End stream' },
    seat: 'both',
    schema: z.strictObject({}),
    apply(sim) {
      sim.end('host');
    },
  }),
} as const;

export type ActionType = keyof typeof ACTIONS;
type RawPayload<K extends ActionType> = z.input<(typeof ACTIONS)[K]['schema']>;
// Empty strict objects come out as an index signature of `never`; treat them as "no fields".
type Payload<K extends ActionType> = string extends keyof RawPayload<K> ? object : RawPayload<K>;
/** An action as written in an action file or dispatched by the UI: `{ t, type, ...payload }`. */
export type ActionInput = { [K in ActionType]: { t: number; type: K } & Payload<K> }[ActionType];
export type Action = ActionInput;
/** An action without its time, e.g. what a button or a bot wants to do "now". */
export type ActionBody = ActionInput extends infer A ? (A extends unknown ? Omit<A, 't'> : never) : never;

export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/** The definition of an action type; own keys only, so "toString" or "__proto__" are unknown, not crashes. */
function lookup(type: unknown): ActionDef<z.ZodType> | undefined {
  return typeof type === 'string' && Object.hasOwn(ACTIONS, type) ? (ACTIONS as Record<string, ActionDef<z.ZodType>>)[type] : undefined;
}

/** Apply one action at `sim.eventTime`. Logs `action.accepted` then its effects, or `action.rejected`. */
export function applyAction(sim: Sim, action: Action & { seq: number }): void {
  const { t: _t, type, seq, ...raw } = action as unknown as Record<string, unknown> & { seq: number; type: string };
  void _t;
  const def = lookup(type);
  if (!def) {
    sim.emit('action.rejected', { seq, action: String(type), payload: raw, code: 'unknown_action', reason: `unknown action "${String(type)}" (known: ${ACTION_TYPES.join(', ')})` });
    return;
  }
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    sim.emit('action.rejected', { seq, action: type, payload: raw, code: 'invalid_payload', reason: `${where}${issue.message}` });
    return;
  }
  if (sim.status === 'interrupted' && def.whileDown === false) {
    sim.emit('action.rejected', { seq, action: type, payload: raw, code: 'stream_down', reason: 'not possible while the stream is interrupted' });
    return;
  }
  // Apply against a staging log position so that a rejection leaves no trace but the rejection itself.
  const logLength = sim.log.length;
  const accepted = sim.emit('action.accepted', { seq, action: type, payload: parsed.data as Record<string, unknown> });
  try {
    def.apply(sim, parsed.data, accepted);
  } catch (e) {
    if (!(e instanceof Rejection)) throw e;
    if (sim.log.length !== logLength + 1) throw new Error(`action ${type} emitted events before rejecting: fix its checks order`, { cause: e });
    sim.retractLast();
    sim.emit('action.rejected', { seq, action: type, payload: raw, code: e.code, reason: e.message });
  }
}

/** Label of an action in the UI language. */
export function actionLabel(type: string, lang: 'zh' | 'en'): string {
  const d = lookup(type);
  return d ? d.label[lang] : type;
}

