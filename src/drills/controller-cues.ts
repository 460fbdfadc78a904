/**
 * Controller cues (中控口令): the host's lines arrive one after another; for each, the student
 * picks the console operation it calls for, among four, within a few seconds.
 *
 * Lines come from a scenario: its scripted host lines with a `cue` (the shipped controller
 * rooms), and lines built from its products, coupons, planned flash sales and incidents (a price
 * set wrong, a supplier's new price, a stock mismatch) for variety. The three wrong options are
 * the mistakes a 中控 makes: the right tool on another product's link, the card instead of the
 * 讲解 marker, the wrong coupon, the flash price typed in as the live price, the old number…
 *
 * Credit: the right option within the item's limit 1, right but late 0.5, wrong or none 0.
 */
import { metaOf } from './catalog';
import { actionLabel, CUE_ACTIONS, type Product, type Scenario } from '../engine';
import { answersByItem, isRecord, keyOf, percentOf, withKey } from './answer-key';
import { seeded, type Rand } from './rand';
import type { Bilingual, DrillAnswer, DrillItem, DrillKind, DrillResult, DrillSources, DrillVariant, ItemResult } from './types';

type CueAction = (typeof CUE_ACTIONS)[number];
type Coupon = Scenario['coupons'][number];

/** A console operation with its arguments: what an option stands for. */
interface Op {
  /** Unique and stable: `show_card:lids`, `set_price:white:159`, `issue_coupon:live5`. */
  id: string;
  action: CueAction;
  label: Bilingual;
}

/** What scoring needs (kept on the item: see answer-key.ts). */
export interface CueKey {
  /** The right option's id. */
  answer: string;
  action: CueAction;
  /** Why this line asks for that operation. */
  why: Bilingual;
}

const isCueKey = (k: unknown): k is CueKey => isRecord(k) && typeof k['answer'] === 'string' && typeof k['action'] === 'string' && isRecord(k['why']);

/** Seconds to answer: a little longer for a long line. */
const limitFor = (say: string): number => ([...say].length > 18 ? 10 : 8);

// ------------------------------------------------------------------------------- names

const LINK_ALIAS = /^(?:\d+号|[一二三四五六七八九十]+号|link\s*\d+|#\d+)|链接$/i;

/** What the host calls a product: its first alias that is not a link number, else its name. */
function shortName(p: Product): string {
  return p.aliases.find((a) => !LINK_ALIAS.test(a) && /[\u4e00-\u9fff]/.test(a)) ?? p.name.zh;
}

const productLabel = (p: Product): Bilingual => ({ zh: `${p.no}号 ${shortName(p)}`, en: `link ${p.no} (${p.name.en})` });

function couponName(c: Coupon): Bilingual {
  if (c.name) return c.name;
  return c.kind === 'live'
    ? { zh: `直播间专享${c.discount}元券`, en: `${c.discount}-yuan live-room coupon` }
    : { zh: `满${c.threshold}减${c.discount}券`, en: `${c.discount} off ${c.threshold}` };
}

const money = (n: number) => String(Math.round(n * 100) / 100);

// ------------------------------------------------------------------------------- operations

function op(action: CueAction, args: readonly (string | number)[], detail?: Bilingual): Op {
  const zh = actionLabel(action, 'zh');
  const en = actionLabel(action, 'en');
  return { id: [action, ...args].join(':'), action, label: detail ? { zh: `${zh} · ${detail.zh}`, en: `${en} · ${detail.en}` } : { zh, en } };
}

const ops = {
  list: (p: Product) => op('list_product', [p.id], productLabel(p)),
  delist: (p: Product) => op('delist_product', [p.id], productLabel(p)),
  explain: (p: Product) => op('start_explaining', [p.id], productLabel(p)),
  card: (p: Product) => op('show_card', [p.id], productLabel(p)),
  hideCard: (p: Product) => op('hide_card', [p.id], productLabel(p)),
  coupon: (c: Coupon) => op('issue_coupon', [c.id], couponName(c)),
  flash: (p: Product, price: number, qty: number) =>
    op('start_flash_sale', [p.id, money(price), qty], { zh: `${productLabel(p).zh}，${money(price)}元 × ${qty}件`, en: `${productLabel(p).en}, ${money(price)} × ${qty}` }),
  price: (p: Product, price: number) => op('set_price', [p.id, money(price)], { zh: `${productLabel(p).zh} → ${money(price)}元`, en: `${productLabel(p).en} → ${money(price)}` }),
  stock: (p: Product, n: number) => op('set_stock', [p.id, n], { zh: `${productLabel(p).zh} → ${n}件`, en: `${productLabel(p).en} → ${n} units` }),
  notice: () => op('post_announcement', []),
  pin: () => op('pin_comment', []),
  luckyBag: () => op('launch_lucky_bag', []),
  redPacket: () => op('send_red_packet', []),
};

/** Why a line asks for an operation (the feedback's explanation). */
function whyOf(action: CueAction, right: Op): Bilingual {
  const what = right.label;
  switch (action) {
    case 'start_explaining':
      return { zh: `“开始讲解/切讲解”是给主播正在讲的商品打上讲解标记：${what.zh}。弹商品卡是另一个操作。`, en: `"Start explaining" puts the 讲解 marker on the product the host is presenting: ${what.en}. Popping the card is a different operation.` };
    case 'show_card':
      return { zh: `“弹一下/弹出来”是把这个链接的商品卡弹到画面上：${what.zh}，要对准主播说的链接号。`, en: `"Pop it up" shows that link's product card on screen: ${what.en}; match the link number the host says.` };
    case 'hide_card':
      return { zh: `“收起来”是收起商品卡：${what.zh}。`, en: `"Put it away" hides the product card: ${what.en}.` };
    case 'list_product':
      return { zh: `“上架”是把商品放进购物车，之前观众买不到：${what.zh}。弹卡只对已上架的商品有用。`, en: `"List it" puts the product in the shopping bag; until then nobody can buy it: ${what.en}. A card only helps once it is listed.` };
    case 'delist_product':
      return { zh: `“下架”是把商品从购物车撤下：${what.zh}。`, en: `"Take it down" removes the product from the bag: ${what.en}.` };
    case 'issue_coupon':
      return { zh: `主播点名要哪张券就发哪张：${what.zh}。发错券，观众算出的价格就不对。`, en: `Issue exactly the coupon the host names: ${what.en}. The wrong coupon gives viewers the wrong price.` };
    case 'start_flash_sale':
      return { zh: `“开秒杀”按主播说的秒杀价和数量开：${what.zh}。把直播价改成秒杀价不是秒杀，秒杀结束后价格也回不来。`, en: `"Start the flash sale" at the flash price and quantity the host says: ${what.en}. Changing the live price to the flash price is not a flash sale.` };
    case 'set_price':
      return { zh: `改价要改到主播说的价格，改在对的链接上：${what.zh}。`, en: `Change the price to the figure the host says, on the right link: ${what.en}.` };
    case 'set_stock':
      return { zh: `库存按仓库的实际数量改：${what.zh}，否则会超卖。`, en: `Set the stock to what the warehouse really has: ${what.en}, or orders will oversell.` };
    case 'post_announcement':
      return { zh: '“挂公告/发公告”是发布直播间公告，所有人都能看到；不是置顶某条评论。', en: '"Post a notice" publishes a live-room announcement everyone sees; it is not pinning a comment.' };
    case 'pin_comment':
      return { zh: '“把这条置顶”是置顶观众的评论，让大家看到这个问题；不是发公告。', en: '"Pin this" pins the viewer\'s comment so everyone sees the question; it is not an announcement.' };
    case 'launch_lucky_bag':
      return { zh: '“发福袋”是抽奖工具（关注、评论参与），和直接发钱的红包不同。', en: '"Lucky bag" is the prize draw (follow or comment to enter), not a red packet of money.' };
    case 'send_red_packet':
      return { zh: '“发红包”是直接给观众发钱的互动工具，和抽奖的福袋不同。', en: '"Red packet" hands out money to viewers; it is not the lucky-bag draw.' };
  }
}

// ------------------------------------------------------------------------------- lines

interface Cue {
  say: Bilingual;
  right: Op;
  /** Plausible wrong operations (at least three, none equal to `right`). */
  wrong: Op[];
}

const others = (s: Scenario, p: Product) => s.products.filter((q) => q.id !== p.id);

/** The wrong options for a right operation on this scenario. */
function distractors(s: Scenario, right: Op, p: Product | undefined, extra: { price?: number; wrongPrice?: number; stock?: number; qty?: number; coupon?: string }): Op[] {
  const out: Op[] = [];
  const otherProducts = p ? others(s, p) : [];
  const coupons = s.coupons.filter((c) => c.id !== extra.coupon);
  const current = p ?? s.products[0]!;
  switch (right.action) {
    case 'start_explaining':
      out.push(ops.card(current), ops.list(current), ...otherProducts.map(ops.explain));
      break;
    case 'show_card':
      out.push(ops.explain(current), ops.list(current), ops.hideCard(current), ...otherProducts.map(ops.card));
      break;
    case 'hide_card':
      out.push(ops.card(current), ops.delist(current), ...otherProducts.map(ops.hideCard));
      break;
    case 'list_product':
      out.push(ops.card(current), ops.explain(current), ops.delist(current), ...otherProducts.map(ops.list));
      break;
    case 'delist_product':
      out.push(ops.hideCard(current), ops.list(current), ...otherProducts.map(ops.delist));
      break;
    case 'issue_coupon':
      out.push(...coupons.map(ops.coupon), ops.notice(), ops.redPacket(), ops.luckyBag());
      break;
    case 'start_flash_sale':
      if (extra.price !== undefined && extra.qty !== undefined) {
        out.push(ops.price(current, extra.price), ops.flash(current, current.livePrice, extra.qty), ...otherProducts.map((q) => ops.flash(q, extra.price!, extra.qty!)));
      }
      out.push(ops.list(current));
      break;
    case 'set_price':
      if (extra.price !== undefined) {
        if (extra.wrongPrice !== undefined) out.push(ops.price(current, extra.wrongPrice));
        out.push(ops.price(current, current.listPrice), ops.price(current, current.livePrice), ...otherProducts.map((q) => ops.price(q, extra.price!)));
      }
      out.push(ops.delist(current));
      break;
    case 'set_stock':
      if (extra.stock !== undefined) out.push(ops.stock(current, current.stock), ...otherProducts.map((q) => ops.stock(q, extra.stock!)));
      out.push(ops.delist(current));
      break;
    case 'post_announcement':
      out.push(ops.pin(), ...s.coupons.map(ops.coupon), ops.redPacket(), ops.card(current));
      break;
    case 'pin_comment':
      out.push(ops.notice(), ops.card(current), ops.redPacket(), ops.luckyBag());
      break;
    case 'launch_lucky_bag':
      out.push(ops.redPacket(), ops.notice(), ops.pin(), ...s.coupons.map(ops.coupon));
      break;
    case 'send_red_packet':
      out.push(ops.luckyBag(), ops.notice(), ops.pin(), ...s.coupons.map(ops.coupon));
      break;
  }
  const seen = new Set([right.id]);
  return out.filter((o) => !seen.has(o.id) && (seen.add(o.id), true));
}

/** The scenario's scripted host lines with a cue the options can pin down. */
function scriptedCues(s: Scenario): Cue[] {
  const out: Cue[] = [];
  for (const line of s.script.host) {
    const cue = line.cue;
    if (!cue) continue;
    const p = cue.product !== undefined ? s.products.find((x) => x.id === cue.product) : undefined;
    const say = { zh: line.say, en: line.say };
    let right: Op | null = null;
    const extra: Parameters<typeof distractors>[3] = {};
    switch (cue.action) {
      case 'list_product':
        if (p) right = ops.list(p);
        break;
      case 'delist_product':
        if (p) right = ops.delist(p);
        break;
      case 'start_explaining':
        if (p) right = ops.explain(p);
        break;
      case 'show_card':
        if (p) right = ops.card(p);
        break;
      case 'hide_card':
        if (p) right = ops.hideCard(p);
        break;
      case 'issue_coupon': {
        const c = s.coupons.find((x) => x.id === cue.coupon);
        if (c) {
          right = ops.coupon(c);
          extra.coupon = c.id;
        }
        break;
      }
      case 'start_flash_sale': {
        const plan = s.runOfShow.find((seg) => seg.product === p?.id && seg.flashSale);
        if (p && plan?.flashSale) {
          right = ops.flash(p, plan.flashSale.price, plan.flashSale.quantity);
          extra.price = plan.flashSale.price;
          extra.qty = plan.flashSale.quantity;
        }
        break;
      }
      case 'set_price':
        if (p && cue.price !== undefined) {
          right = ops.price(p, cue.price);
          extra.price = cue.price;
        }
        break;
      case 'set_stock':
        if (p && cue.stock !== undefined) {
          right = ops.stock(p, cue.stock);
          extra.stock = cue.stock;
        }
        break;
      case 'post_announcement':
        right = ops.notice();
        break;
      case 'pin_comment':
        right = ops.pin();
        break;
      case 'launch_lucky_bag':
        right = ops.luckyBag();
        break;
      case 'send_red_packet':
        right = ops.redPacket();
        break;
    }
    if (right) out.push({ say, right, wrong: distractors(s, right, p, extra) });
  }
  return out;
}

/** Lines built from the scenario's products, coupons, flash sales and incidents. */
function builtCues(s: Scenario): Cue[] {
  const out: Cue[] = [];
  const add = (say: Bilingual, right: Op, p: Product | undefined, extra: Parameters<typeof distractors>[3] = {}) => out.push({ say, right, wrong: distractors(s, right, p, extra) });
  for (const p of s.products) {
    const n = shortName(p);
    add({ zh: `${p.no}号链接${n}，运营开始讲解！`, en: `Link ${p.no}, the ${p.name.en}: start explaining!` }, ops.explain(p), p);
    add({ zh: `${p.no}号链接${n}弹一下，让大家看看！`, en: `Pop up link ${p.no}, the ${p.name.en}, so everyone can see it!` }, ops.card(p), p);
    add({ zh: `运营把${p.no}号${n}上架，现在就能拍了！`, en: `List link ${p.no}, the ${p.name.en}, so viewers can buy it now!` }, ops.list(p), p);
    const asked = p.facts.find((f) => f.ask.length > 0);
    if (asked) add({ zh: `有家人问${n}的${asked.label.zh}，运营把这条评论置顶！`, en: `Someone asks about the ${asked.label.en.toLowerCase()} of the ${p.name.en}: pin that comment!` }, ops.pin(), p);
  }
  for (const c of s.coupons) {
    const name = couponName(c);
    add({ zh: `运营，把${name.zh}发出来！`, en: `Issue the ${name.en} now!` }, ops.coupon(c), undefined, { coupon: c.id });
    add({ zh: `运营挂个公告，提醒大家先领${name.zh}再下单。`, en: `Post a notice: claim the ${name.en} before you order.` }, ops.notice(), undefined);
  }
  for (const seg of s.runOfShow) {
    const p = s.products.find((x) => x.id === seg.product);
    if (!p || !seg.flashSale) continue;
    const { price, quantity } = seg.flashSale;
    add(
      { zh: `${p.no}号${shortName(p)}秒杀来了！${money(price)}元，限量${quantity}个，运营开秒杀！`, en: `Flash sale on link ${p.no}: ${money(price)}, ${quantity} units. Start it!` },
      ops.flash(p, price, quantity),
      p,
      { price, qty: quantity },
    );
  }
  for (const inc of s.incidents) {
    if (inc.kind === 'wrong_price' || inc.kind === 'supplier_price_change' || inc.kind === 'stock_mismatch') {
      const p = s.products.find((x) => x.id === inc.product);
      if (!p) continue;
      const n = shortName(p);
      if (inc.kind === 'wrong_price' && Math.abs(inc.price - p.livePrice) > 0.001) {
        add(
          { zh: `${n}的价格挂错了，运营马上把${p.no}号改回${money(p.livePrice)}元！`, en: `The price of the ${p.name.en} is wrong: set link ${p.no} back to ${money(p.livePrice)} now!` },
          ops.price(p, p.livePrice),
          p,
          { price: p.livePrice, wrongPrice: inc.price },
        );
      } else if (inc.kind === 'supplier_price_change' && inc.price > 0 && inc.price <= p.listPrice && Math.abs(inc.price - p.livePrice) > 0.001) {
        add(
          { zh: `供应商调价了，${n}直播价改成${money(inc.price)}元，运营改一下价！`, en: `The supplier changed the price: set the ${p.name.en} to ${money(inc.price)}!` },
          ops.price(p, inc.price),
          p,
          { price: inc.price },
        );
      } else if (inc.kind === 'stock_mismatch') {
        add(
          { zh: `仓库说${n}实际只有${inc.realStock}个，运营把库存改成${inc.realStock}！`, en: `The warehouse has only ${inc.realStock} of the ${p.name.en}: set the stock to ${inc.realStock}!` },
          ops.stock(p, inc.realStock),
          p,
          { stock: inc.realStock },
        );
      }
    }
  }
  add({ zh: '感谢大家的支持，运营发个福袋，关注就能参与！', en: 'Thanks for the support: launch a lucky bag, follow to enter!' }, ops.luckyBag(), undefined);
  add({ zh: '在线人数破百了，运营发个红包，给大家送点福利！', en: 'Over a hundred of you online: send a red packet!' }, ops.redPacket(), undefined);
  return out;
}

/** Every usable line of the scenario: scripted first, one line per operation (a seeded pick among its lines). */
function cuePool(s: Scenario, rand: Rand): Cue[] {
  const byOp = new Map<string, Cue[]>();
  for (const c of [...scriptedCues(s), ...builtCues(s)]) {
    if (c.wrong.length < 3) continue;
    const list = byOp.get(c.right.id);
    if (list) {
      if (!list.some((x) => x.say.zh === c.say.zh)) list.push(c);
    } else byOp.set(c.right.id, [c]);
  }
  return [...byOp.values()].map((lines) => rand.pick(lines));
}

const MIN_CUES = 6;

/** 6–8 cues, as many kinds of operation as the scenario has, in a seeded order. */
function pickCues(pool: readonly Cue[], rand: Rand): Cue[] {
  const want = Math.min(rand.int(MIN_CUES, 8), pool.length);
  const groups = new Map<CueAction, Cue[]>();
  for (const c of rand.shuffle(pool)) {
    const g = groups.get(c.right.action);
    if (g) g.push(c);
    else groups.set(c.right.action, [c]);
  }
  // One of each action in turn, so a variant is not six cards in a row.
  const lists = [...groups.values()];
  const out: Cue[] = [];
  for (let round = 0; out.length < want; round++) {
    for (const g of lists) if (round < g.length && out.length < want) out.push(g[round]!);
  }
  return rand.shuffle(out);
}

// ------------------------------------------------------------------------------- the kind

const TITLE: Bilingual = metaOf('controller-cues').title;

function generate(seed: number, sources: DrillSources): DrillVariant {
  if (sources.language === 'en') throw new Error('controller-cues: only in Chinese (the host lines and the console are Chinese); no English variant');
  const rand = seeded(seed);
  const reasons: string[] = [];
  const usable: { s: Scenario; pool: Cue[] }[] = [];
  for (const s of sources.scenarios) {
    if (s.meta.language !== 'zh') {
      reasons.push(`${s.meta.id}: its room is in ${s.meta.language}`);
      continue;
    }
    const pool = cuePool(s, rand);
    if (pool.length < MIN_CUES) reasons.push(`${s.meta.id}: only ${pool.length} cues with three plausible wrong operations`);
    else usable.push({ s, pool });
  }
  if (usable.length === 0) {
    throw new Error(`controller-cues: no usable scenario (needs a Chinese room with at least ${MIN_CUES} cues): ${reasons.join('; ') || 'no scenarios given'}`);
  }
  const { s, pool } = rand.pick(usable);
  const items: DrillItem[] = pickCues(pool, rand).map((c, i) => {
    const options = rand.shuffle([c.right, ...rand.sample(c.wrong, 3)]).map((o) => ({ id: o.id, label: o.label }));
    const item: DrillItem = {
      id: `cue-${i + 1}`,
      prompt: { zh: `主播：“${c.say.zh}”`, en: `The host: "${c.say.en}"` },
      input: { type: 'choice', options },
      limitSec: limitFor(c.say.zh),
    };
    const key: CueKey = { answer: c.right.id, action: c.right.action, why: whyOf(c.right.action, c.right) };
    return withKey(item, key);
  });
  const bag = s.products.map((p) => `${p.no}号 ${shortName(p)}`).join('、');
  const coupons = s.coupons.map((c) => couponName(c).zh).join('、');
  return {
    kind: 'controller-cues',
    seed,
    language: 'zh',
    source: s.meta.id,
    title: TITLE,
    intro: {
      zh: `你是“${s.meta.title.zh}”的中控。主播一句一句喊口令，每句在限时内选出要做的中控台操作（选对但超时只得一半分）。购物车：${bag}${coupons ? `；优惠券：${coupons}` : ''}。`,
      en: `You are the controller (中控) of "${s.meta.title.en}". The host calls for console work line by line; pick the operation each line asks for within its time limit (right but late earns half). Products: ${s.products.map((p) => `link ${p.no} ${p.name.en}`).join(', ')}.`,
    },
    items,
    timeLimitSec: 120,
  };
}

function labelOf(item: DrillItem, id: string): Bilingual | undefined {
  return item.input.type === 'choice' ? item.input.options.find((o) => o.id === id)?.label : undefined;
}

function scoreItem(item: DrillItem, answer: DrillAnswer | undefined): ItemResult {
  const key = keyOf('controller-cues', item, isCueKey);
  const right = labelOf(item, key.answer) ?? { zh: key.answer, en: key.answer };
  const expected = right;
  const chosen = answer?.value ?? '';
  const limit = item.limitSec ?? 10;
  if (chosen === '') return { item: item.id, credit: 0, expected, feedback: { zh: `没有选择。应选「${right.zh}」。${key.why.zh}`, en: `No answer. The line asks for "${right.en}". ${key.why.en}` } };
  if (chosen !== key.answer) {
    const got = labelOf(item, chosen) ?? { zh: chosen, en: chosen };
    return { item: item.id, credit: 0, expected, feedback: { zh: `选了「${got.zh}」，应选「${right.zh}」。${key.why.zh}`, en: `You chose "${got.en}"; the line asks for "${right.en}". ${key.why.en}` } };
  }
  const sec = answer!.ms / 1000;
  if (Number.isFinite(sec) && sec <= limit) return { item: item.id, credit: 1, expected, feedback: { zh: `正确，用时 ${sec.toFixed(1)} 秒。${key.why.zh}`, en: `Right, in ${sec.toFixed(1)} s. ${key.why.en}` } };
  const took = Number.isFinite(sec) ? { zh: `用了 ${sec.toFixed(1)} 秒`, en: `took ${sec.toFixed(1)} s` } : { zh: '没有记录用时', en: 'no time was recorded' };
  return {
    item: item.id,
    credit: 0.5,
    expected,
    feedback: { zh: `选对了，但${took.zh}，超过 ${limit} 秒的时限：直播里主播等不了这么久。${key.why.zh}`, en: `Right, but it ${took.en}, over the ${limit} s limit: on air the host cannot wait that long. ${key.why.en}` },
  };
}

function score(variant: DrillVariant, answers: readonly DrillAnswer[]): DrillResult {
  const byItem = answersByItem(answers);
  const items = variant.items.map((item) => scoreItem(item, byItem.get(item.id)));
  return { kind: 'controller-cues', percent: percentOf(items.map((r) => r.credit)), items };
}

export const controllerCues: DrillKind = {
  ...metaOf('controller-cues'),
  clauses: ['1x-primary:2.3.1', '1x-primary:2.3.2', '1x-primary:2.3.4', '1x-primary:2.4.1', '1x-primary:2.4.2'],
  generate,
  score,
};
