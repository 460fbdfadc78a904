/**
 * Price maths (到手价计算): what a buyer pays, worked out from one room's real prices and offers —
 * the live price times a quantity, a 满减 coupon reached or not, a live-room coupon, both stacked,
 * a flash price within and beyond the per-buyer limit, the saving against the list price, and two
 * products bought together to reach a 满减. Each variant draws the room, the questions and the
 * quantities from its seed.
 *
 * Money is integer fen throughout (the engine's `fen`), so every answer is exact; an answer is
 * right within ±1 fen, typed with or without 元/¥/$, thousands commas or Chinese numerals
 * (`parseMoneyInput`). The rules a question depends on (one live-room coupon per order, the 满减
 * judged on the amount after it) are stated in the item's context, so each question has one answer.
 *
 * Each item carries its answer key (`key`: the amount, the working and the usual slips), as the
 * other drills do (src/drills/answer-key.ts): the UI ignores it, and a variant stored as JSON
 * scores the same.
 */
import { canonical, fen, yuanText, type Product, type Scenario } from '../engine';
import { answersByItem, isRecord, keyOf, percentOf } from './answer-key';
import { metaOf } from './catalog';
import { seeded, type Rand } from './rand';
import type { Bilingual, DrillAnswer, DrillItem, DrillKind, DrillResult, DrillSources, DrillVariant, ItemResult } from './types';

type Coupon = Scenario['coupons'][number];
type Currency = Scenario['meta']['currency'];

const META = metaOf('price-maths');

export const PRICE_TEMPLATES = ['threshold', 'threshold-missed', 'live-coupon', 'stacked', 'flash', 'flash-over-limit', 'saving', 'mix'] as const;
export type PriceTemplate = (typeof PRICE_TEMPLATES)[number];

/** Items per variant. */
export const PRICE_ITEMS = 5;
/** Largest quantity a question asks about. */
const MAX_QTY = 8;

/** A slip a student is likely to make, and what it misses. */
interface Slip {
  fen: number;
  why: Bilingual;
}

/** What scoring an item needs and the student is not shown. */
export interface PriceKey {
  template: PriceTemplate;
  currency: Currency;
  /** The answer in fen. */
  fen: number;
  /** The working, e.g. "2×59=118，满100减10 → 108". */
  working: Bilingual;
  slips: Slip[];
}

export type PriceItem = DrillItem & { key: PriceKey };

const isPriceKey = (k: unknown): k is PriceKey => {
  if (!isRecord(k)) return false;
  const { fen: f, working, slips: s, currency } = k as Partial<PriceKey>;
  return Number.isInteger(f) && typeof working === 'object' && working !== null && Array.isArray(s) && (currency === 'CNY' || currency === 'USD');
};

/** The answer key of a price maths item; a clear Error when it has none. */
export function priceKey(item: DrillItem): PriceKey {
  return keyOf('price-maths', item, isPriceKey);
}

// ------------------------------------------------------------------------------- reading an answer

/**
 * A typed amount in fen, or null when it is not one number: "108", "108元", "¥108", "$36.50",
 * "1,299", "1，299.00", "9块9" (9.9), "一百零八元", "108 dollars", "108 RMB". Chinese numerals and
 * 块/毛 are read by the engine's `canonical`, as it reads prices the host says.
 */
export function parseMoneyInput(text: string): number | null {
  let s = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  s = s.replace(/[。.!！]+$/, '');
  if (s === '') return null;
  s = s.replace(/(\d),(?=\d{3}(?![\d]))/g, '$1');
  s = canonical(s);
  s = s.replace(/^(us\$|\$|¥|rmb|cny|usd)/, '').replace(/(美元|元|rmb|cny|usd|yuan|dollars?|刀)$/, '');
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

// ------------------------------------------------------------------------------- words

const num = (f: number) => yuanText(f);

function money(f: number, cur: Currency): Bilingual {
  return cur === 'USD' ? { zh: `${num(f)}美元`, en: `$${num(f)}` } : { zh: `${num(f)}元`, en: `¥${num(f)}` };
}

const unitOf = (cur: Currency): Bilingual => (cur === 'USD' ? { zh: '美元', en: '$' } : { zh: '元', en: 'yuan' });

function couponName(c: Coupon, cur: Currency): Bilingual {
  if (c.name) return c.name;
  return c.kind === 'threshold'
    ? { zh: `满${num(fen(c.threshold))}减${num(fen(c.discount))}`, en: `${money(fen(c.discount), cur).en} off ${money(fen(c.threshold), cur).en}` }
    : { zh: `直播间专享${money(fen(c.discount), cur).zh}券`, en: `${money(fen(c.discount), cur).en} live-room coupon` };
}

function couponLine(c: Coupon, scn: Scenario, cur: Currency): { label: Bilingual; text: Bilingual } {
  const names = c.products.map((id) => scn.products.find((p) => p.id === id)!.name);
  const scope: Bilingual =
    names.length === 0 ? { zh: '全场商品可用', en: 'any product' } : { zh: `限${names.map((n) => n.zh).join('、')}`, en: `only ${names.map((n) => n.en).join(', ')}` };
  const d = money(fen(c.discount), cur);
  const name = couponName(c, cur);
  const text: Bilingual =
    c.kind === 'threshold'
      ? { zh: `「${name.zh}」：订单满${money(fen(c.threshold), cur).zh}减${d.zh}，每单减一次（${scope.zh}）`, en: `"${name.en}": ${d.en} off an order of ${money(fen(c.threshold), cur).en} or more, once per order (${scope.en})` }
      : { zh: `「${name.zh}」：下单立减${d.zh}，每单限用1张（${scope.zh}）`, en: `"${name.en}": ${d.en} off the order, one per order (${scope.en})` };
  return { label: { zh: '优惠券', en: 'Coupon' }, text };
}

const STACK_RULE = {
  label: { zh: '叠加规则', en: 'Stacking' },
  text: {
    zh: '专享券和满减券可以叠加：先减专享券，再看减完的金额够不够满减门槛',
    en: 'The live-room coupon and the spend-and-save stack: take the live-room coupon off first, then check whether what is left reaches the threshold',
  },
};

function productLines(p: Product, cur: Currency, flash?: { price: number; perBuyer: number }): { label: Bilingual; text: Bilingual }[] {
  const lines = [
    { label: { zh: '商品', en: 'Product' }, text: { zh: `${p.no}号链接 ${p.name.zh}`, en: `Link ${p.no}: ${p.name.en}` } },
    { label: { zh: '原价', en: 'List price' }, text: money(fen(p.listPrice), cur) },
    { label: { zh: '直播价', en: 'Live price' }, text: money(fen(p.livePrice), cur) },
  ];
  if (flash) {
    lines.push({
      label: { zh: '秒杀', en: 'Flash sale' },
      text: { zh: `秒杀价${money(flash.price, cur).zh}，每人限购${flash.perBuyer}件`, en: `flash price ${money(flash.price, cur).en}, ${flash.perBuyer} per buyer` },
    });
  }
  return lines;
}

// ------------------------------------------------------------------------------- the questions

interface Drawn {
  /** Tells two questions apart (the same template, products and quantities). */
  sig: string;
  item: Omit<DrillItem, 'id'>;
  key: Omit<PriceKey, 'currency'>;
}

interface Room {
  scn: Scenario;
  cur: Currency;
  /** Per product id: its planned flash sale (price in fen), if any. */
  flash: Map<string, { price: number; perBuyer: number }>;
}

const applies = (c: Coupon, p: Product) => c.products.length === 0 || c.products.includes(p.id);
/** As the engine: a coupon is usable only below the price it comes off. */
const usable = (c: Coupon, p: Product) => applies(c, p) && fen(c.discount) < fen(p.livePrice);
const thresholds = (r: Room, p: Product) => r.scn.coupons.filter((c) => c.kind === 'threshold' && usable(c, p));
const lives = (r: Room, p: Product) => r.scn.coupons.filter((c) => c.kind === 'live' && usable(c, p));
/** The fewest units of price `unit` (fen) that reach `need` (fen). */
const reach = (need: number, unit: number) => Math.max(1, Math.ceil(need / unit));

function input(cur: Currency): DrillItem['input'] {
  return { type: 'number', unit: unitOf(cur) };
}

/** The slips worth naming: positive, not the answer, the first of each amount. */
function slips(answer: number, xs: Slip[]): Slip[] {
  const out: Slip[] = [];
  for (const x of xs) if (x.fen > 0 && x.fen !== answer && !out.some((o) => o.fen === x.fen)) out.push(x);
  return out;
}

/** Draws one question, or returns null when the room has nothing it needs (no such coupon, no flash sale). */
type Maker = (r: Room, rand: Rand) => Drawn | null;

const MAKERS: Record<PriceTemplate, Maker> = {
  threshold(r, rand) {
    const pairs = r.scn.products.flatMap((p) => thresholds(r, p).map((c) => ({ p, c }))).filter(({ p, c }) => reach(fen(c.threshold), fen(p.livePrice)) <= MAX_QTY - 1);
    if (pairs.length === 0) return null;
    const { p, c } = rand.pick(pairs);
    const live = fen(p.livePrice);
    const th = fen(c.threshold);
    const d = fen(c.discount);
    const n = reach(th, live) + rand.int(0, 1);
    const sum = n * live;
    const ans = sum - d;
    const name = couponName(c, r.cur);
    return {
      sig: `threshold:${p.id}:${c.id}:${n}`,
      item: {
        prompt: {
          zh: `观众拍了${n}件${p.name.zh}（直播价），只用「${name.zh}」，一共付多少？`,
          en: `A viewer buys ${n} × ${p.name.en} at the live price and uses only the "${name.en}" coupon. What do they pay in total?`,
        },
        context: [...productLines(p, r.cur), couponLine(c, r.scn, r.cur)],
        input: input(r.cur),
      },
      key: {
        template: 'threshold',
        fen: ans,
        working: { zh: `${n}×${num(live)}=${num(sum)}，满${num(th)}减${num(d)} → ${num(ans)}`, en: `${n} × ${num(live)} = ${num(sum)}; it reaches ${num(th)}, so ${num(d)} off → ${num(ans)}` },
        slips: slips(ans, [{ fen: sum, why: { zh: '已经满门槛了，别忘了减', en: 'the order reaches the threshold: take the discount off' } }]),
      },
    };
  },

  'threshold-missed'(r, rand) {
    const pairs = r.scn.products.flatMap((p) => thresholds(r, p).map((c) => ({ p, c }))).filter(({ p, c }) => fen(p.livePrice) < fen(c.threshold));
    if (pairs.length === 0) return null;
    const { p, c } = rand.pick(pairs);
    const live = fen(p.livePrice);
    const th = fen(c.threshold);
    const d = fen(c.discount);
    const most = Math.min(MAX_QTY, Math.floor((th - 1) / live)); // the most units still below the threshold
    const n = rand.int(Math.max(1, most - 1), most);
    const sum = n * live;
    const name = couponName(c, r.cur);
    return {
      sig: `threshold-missed:${p.id}:${c.id}:${n}`,
      item: {
        prompt: {
          zh: `观众拍了${n}件${p.name.zh}（直播价），想用「${name.zh}」，一共付多少？`,
          en: `A viewer buys ${n} × ${p.name.en} at the live price and wants to use the "${name.en}" coupon. What do they pay in total?`,
        },
        context: [...productLines(p, r.cur), couponLine(c, r.scn, r.cur)],
        input: input(r.cur),
      },
      key: {
        template: 'threshold-missed',
        fen: sum,
        working: {
          zh: `${n}×${num(live)}=${num(sum)}，不满${num(th)}，满减用不了 → ${num(sum)}`,
          en: `${n} × ${num(live)} = ${num(sum)}; below ${num(th)}, so the coupon does not apply → ${num(sum)}`,
        },
        slips: slips(sum, [{ fen: sum - d, why: { zh: `${num(sum)}还不满${num(th)}，不能减`, en: `${num(sum)} is below the ${num(th)} threshold: no discount` } }]),
      },
    };
  },

  'live-coupon'(r, rand) {
    const pairs = r.scn.products.flatMap((p) => lives(r, p).map((c) => ({ p, c })));
    if (pairs.length === 0) return null;
    const { p, c } = rand.pick(pairs);
    const live = fen(p.livePrice);
    const d = fen(c.discount);
    const n = rand.int(1, 3);
    const sum = n * live;
    const ans = sum - d;
    const name = couponName(c, r.cur);
    return {
      sig: `live-coupon:${p.id}:${c.id}:${n}`,
      item: {
        prompt: {
          zh: `观众领了「${name.zh}」，拍${n}件${p.name.zh}（直播价，只用这张券），到手一共多少？`,
          en: `A viewer claims the "${name.en}" and buys ${n} × ${p.name.en} at the live price (no other coupon). What do they pay in total?`,
        },
        context: [...productLines(p, r.cur), couponLine(c, r.scn, r.cur)],
        input: input(r.cur),
      },
      key: {
        template: 'live-coupon',
        fen: ans,
        working: n === 1 ? { zh: `${num(live)}−${num(d)}=${num(ans)}`, en: `${num(live)} − ${num(d)} = ${num(ans)}` } : { zh: `${n}×${num(live)}=${num(sum)}，专享券减${num(d)} → ${num(ans)}`, en: `${n} × ${num(live)} = ${num(sum)}; the live-room coupon takes ${num(d)} off → ${num(ans)}` },
        slips: slips(ans, [
          { fen: n * (live - d), why: { zh: '专享券每单只能用1张，不是每件都减', en: 'one live-room coupon per order, not one per item' } },
          { fen: live - d, why: { zh: `别忘了是${n}件`, en: `remember it is ${n} items` } },
          { fen: sum, why: { zh: '别忘了减专享券', en: 'take the live-room coupon off' } },
        ]),
      },
    };
  },

  stacked(r, rand) {
    const trios = r.scn.products.flatMap((p) => lives(r, p).flatMap((l) => thresholds(r, p).map((t) => ({ p, l, t }))));
    const fit = trios.filter(({ p, l, t }) => reach(fen(t.threshold) + fen(l.discount), fen(p.livePrice)) <= MAX_QTY - 1);
    if (fit.length === 0) return null;
    const { p, l, t } = rand.pick(fit);
    const live = fen(p.livePrice);
    const dl = fen(l.discount);
    const th = fen(t.threshold);
    const dt = fen(t.discount);
    const need = reach(th + dl, live);
    const n = rand.int(Math.max(1, need - 1), need + 1);
    const sum = n * live;
    const after = sum - dl;
    const reached = after >= th;
    const ans = reached ? after - dt : after;
    const ln = couponName(l, r.cur);
    const tn = couponName(t, r.cur);
    const working: Bilingual = reached
      ? { zh: `${n}×${num(live)}=${num(sum)}，减专享券${num(dl)}=${num(after)}，满${num(th)}再减${num(dt)} → ${num(ans)}`, en: `${n} × ${num(live)} = ${num(sum)}; less the ${num(dl)} coupon = ${num(after)}; it reaches ${num(th)}, so ${num(dt)} off → ${num(ans)}` }
      : { zh: `${n}×${num(live)}=${num(sum)}，减专享券${num(dl)}=${num(after)}，不满${num(th)}，满减用不了 → ${num(ans)}`, en: `${n} × ${num(live)} = ${num(sum)}; less the ${num(dl)} coupon = ${num(after)}; below ${num(th)}, so no spend-and-save → ${num(ans)}` };
    return {
      sig: `stacked:${p.id}:${l.id}:${t.id}:${n}`,
      item: {
        prompt: {
          zh: `观众领了「${ln.zh}」和「${tn.zh}」，拍${n}件${p.name.zh}（直播价），到手一共多少？`,
          en: `A viewer has both the "${ln.en}" and the "${tn.en}" and buys ${n} × ${p.name.en} at the live price. What do they pay in total?`,
        },
        context: [...productLines(p, r.cur), couponLine(l, r.scn, r.cur), couponLine(t, r.scn, r.cur), STACK_RULE],
        input: input(r.cur),
      },
      key: {
        template: 'stacked',
        fen: ans,
        working,
        slips: slips(ans, [
          {
            fen: after - dt,
            why: sum >= th ? { zh: `${num(sum)}虽然满${num(th)}，但满减要按减完专享券的${num(after)}算`, en: `${num(sum)} reaches ${num(th)}, but the threshold is checked on ${num(after)}, after the live-room coupon` } : { zh: `不满${num(th)}，不能减`, en: `below ${num(th)}: no spend-and-save` },
          },
          { fen: sum - dt, why: { zh: '别忘了先减专享券', en: 'take the live-room coupon off first' } },
          { fen: after, why: { zh: `减完专享券还有${num(after)}，满${num(th)}了，还能再减${num(dt)}`, en: `${num(after)} after the live-room coupon still reaches ${num(th)}: take ${num(dt)} more off` } },
        ]),
      },
    };
  },

  flash(r, rand) {
    const ps = r.scn.products.filter((p) => r.flash.has(p.id));
    if (ps.length === 0) return null;
    const p = rand.pick(ps);
    const f = r.flash.get(p.id)!;
    const q = rand.int(1, f.perBuyer);
    const ans = q * f.price;
    return {
      sig: `flash:${p.id}:${q}`,
      item: {
        prompt: {
          zh: `${p.name.zh}开始秒杀，观众抢到${q}件（不用券），一共付多少？`,
          en: `The flash sale of ${p.name.en} is on. A viewer gets ${q} (no coupons). What do they pay in total?`,
        },
        context: productLines(p, r.cur, f),
        input: input(r.cur),
      },
      key: {
        template: 'flash',
        fen: ans,
        working: { zh: `${q}×${num(f.price)}=${num(ans)}`, en: `${q} × ${num(f.price)} = ${num(ans)}` },
        slips: slips(ans, [{ fen: q * fen(p.livePrice), why: { zh: '秒杀期间按秒杀价算', en: 'during the flash sale it is the flash price' } }]),
      },
    };
  },

  'flash-over-limit'(r, rand) {
    const ps = r.scn.products.filter((p) => r.flash.has(p.id));
    if (ps.length === 0) return null;
    const p = rand.pick(ps);
    const f = r.flash.get(p.id)!;
    const k = f.perBuyer;
    const q = k + rand.int(1, 2);
    const live = fen(p.livePrice);
    const ans = k * f.price + (q - k) * live;
    return {
      sig: `flash-over-limit:${p.id}:${q}`,
      item: {
        prompt: {
          zh: `观众想要${q}件${p.name.zh}：限购的${k}件按秒杀价拍，其余的按直播价另拍一单（都不用券）。一共付多少？`,
          en: `A viewer wants ${q} × ${p.name.en}: the ${k} the limit allows at the flash price, the rest in a second order at the live price (no coupons). What do they pay in total?`,
        },
        context: productLines(p, r.cur, f),
        input: input(r.cur),
      },
      key: {
        template: 'flash-over-limit',
        fen: ans,
        working: {
          zh: `${k}×${num(f.price)}=${num(k * f.price)}，另${q - k}×${num(live)}=${num((q - k) * live)} → ${num(ans)}`,
          en: `${k} × ${num(f.price)} = ${num(k * f.price)}, plus ${q - k} × ${num(live)} = ${num((q - k) * live)} → ${num(ans)}`,
        },
        slips: slips(ans, [
          { fen: q * f.price, why: { zh: `每人限购${k}件，超出的没有秒杀价`, en: `only ${k} per buyer at the flash price; the rest are at the live price` } },
          { fen: k * f.price, why: { zh: `观众要的是${q}件`, en: `the viewer wants ${q}` } },
        ]),
      },
    };
  },

  saving(r, rand) {
    // A flash price is always below the live price, and so below the list price.
    const ps = r.scn.products.filter((p) => fen(p.livePrice) < fen(p.listPrice) || r.flash.has(p.id));
    if (ps.length === 0) return null;
    const p = rand.pick(ps);
    const f = r.flash.get(p.id);
    const list = fen(p.listPrice);
    const useFlash = f !== undefined && (fen(p.livePrice) === list || rand.int(0, 1) === 1);
    const price = useFlash ? f.price : fen(p.livePrice);
    const n = useFlash ? rand.int(1, f.perBuyer) : rand.int(1, 4);
    const ans = n * (list - price);
    const what: Bilingual = useFlash ? { zh: `按秒杀价抢到${n}件`, en: `gets ${n} at the flash price` } : { zh: `按直播价买${n}件`, en: `buys ${n} at the live price` };
    return {
      sig: `saving:${p.id}:${useFlash ? 'flash' : 'live'}:${n}`,
      item: {
        prompt: { zh: `观众${what.zh}${p.name.zh}（不用券），比按原价买省多少？`, en: `A viewer ${what.en} of ${p.name.en} (no coupons). How much do they save against the list price?` },
        context: productLines(p, r.cur, useFlash ? f : undefined),
        input: input(r.cur),
      },
      key: {
        template: 'saving',
        fen: ans,
        working:
          n === 1
            ? { zh: `${num(list)}−${num(price)}=${num(ans)}`, en: `${num(list)} − ${num(price)} = ${num(ans)}` }
            : { zh: `(${num(list)}−${num(price)})×${n}=${num(list - price)}×${n}=${num(ans)}`, en: `(${num(list)} − ${num(price)}) × ${n} = ${num(list - price)} × ${n} = ${num(ans)}` },
        slips: slips(ans, [
          { fen: list - price, why: { zh: `那是一件省的，买了${n}件`, en: `that is the saving on one; they buy ${n}` } },
          { fen: n * price, why: { zh: '问的是省多少，不是付多少', en: 'the question is the saving, not the price' } },
        ]),
      },
    };
  },

  mix(r, rand) {
    const options = r.scn.coupons.flatMap((c) => {
      if (c.kind !== 'threshold') return [];
      const ps = r.scn.products.filter((p) => usable(c, p));
      return ps.length >= 2 ? [{ c, ps }] : [];
    });
    if (options.length === 0) return null;
    const { c, ps } = rand.pick(options);
    const [a, b] = rand.sample(ps, 2);
    const na = rand.int(1, 3);
    const nb = rand.int(1, 2);
    const pa = fen(a.livePrice);
    const pb = fen(b.livePrice);
    const sum = na * pa + nb * pb;
    const th = fen(c.threshold);
    const d = fen(c.discount);
    const reached = sum >= th;
    const ans = reached ? sum - d : sum;
    const name = couponName(c, r.cur);
    const sumZh = `${na}×${num(pa)}+${nb}×${num(pb)}=${num(sum)}`;
    const sumEn = `${na} × ${num(pa)} + ${nb} × ${num(pb)} = ${num(sum)}`;
    return {
      sig: `mix:${c.id}:${a.id}:${na}:${b.id}:${nb}`,
      item: {
        prompt: {
          zh: `观众一单拍了${na}件${a.name.zh}和${nb}件${b.name.zh}（都按直播价），只用「${name.zh}」，一共付多少？`,
          en: `A viewer orders ${na} × ${a.name.en} and ${nb} × ${b.name.en} together at the live prices and uses only the "${name.en}" coupon. What do they pay in total?`,
        },
        context: [...productLines(a, r.cur), ...productLines(b, r.cur), couponLine(c, r.scn, r.cur)],
        input: input(r.cur),
      },
      key: {
        template: 'mix',
        fen: ans,
        working: reached
          ? { zh: `${sumZh}，满${num(th)}减${num(d)} → ${num(ans)}`, en: `${sumEn}; it reaches ${num(th)}, so ${num(d)} off → ${num(ans)}` }
          : { zh: `${sumZh}，不满${num(th)}，满减用不了 → ${num(ans)}`, en: `${sumEn}; below ${num(th)}, so the coupon does not apply → ${num(ans)}` },
        slips: slips(ans, [
          reached ? { fen: sum, why: { zh: '两件加起来满门槛了，可以减', en: 'together the order reaches the threshold: take the discount off' } } : { fen: sum - d, why: { zh: `合计${num(sum)}不满${num(th)}，不能减`, en: `${num(sum)} in all is below ${num(th)}: no discount` } },
        ]),
      },
    };
  },
};

function roomOf(scn: Scenario): Room {
  const flash = new Map<string, { price: number; perBuyer: number }>();
  for (const seg of scn.runOfShow) {
    // The first planned flash sale of a product sets its flash price.
    if (seg.flashSale && seg.product && !flash.has(seg.product)) flash.set(seg.product, { price: fen(seg.flashSale.price), perBuyer: seg.flashSale.perBuyer });
  }
  return { scn, cur: scn.meta.currency, flash };
}

/** The templates a room can ask (each needs its coupon or flash sale). */
export function priceTemplatesFor(scn: Scenario): PriceTemplate[] {
  const r = roomOf(scn);
  // A maker returns null only when the room lacks what it needs, whatever it draws: any seed will do.
  return PRICE_TEMPLATES.filter((t) => MAKERS[t](r, seeded(0)) !== null);
}

/** A room needs this many kinds of question (templates) for a variant that is not one question five times. */
export const PRICE_MIN_TEMPLATES = 3;

/** Why a room can't make a price drill, or null when it can. */
export function priceUnusable(scn: Scenario): string | null {
  if (scn.coupons.length === 0 && !scn.runOfShow.some((s) => s.flashSale)) return 'it has no coupon and no planned flash sale';
  const kinds = priceTemplatesFor(scn);
  if (kinds.length < PRICE_MIN_TEMPLATES) return `its offers make only ${kinds.length} kind(s) of question (${kinds.join(', ')}), fewer than ${PRICE_MIN_TEMPLATES}`;
  return null;
}

function generate(seed: number, sources: DrillSources): DrillVariant {
  const lang = sources.language ?? 'zh';
  const rand = seeded(seed);
  const rooms = sources.scenarios.filter((s) => s.meta.language === lang);
  if (rooms.length === 0) throw new Error(`price-maths: no scenario in language "${lang}" among the ${sources.scenarios.length} given`);
  const usableRooms = rooms.filter((s) => priceUnusable(s) === null);
  if (usableRooms.length === 0) {
    throw new Error(`price-maths: no "${lang}" scenario has enough coupons or flash sales to work prices out from (${rooms.map((s) => `${s.meta.id}: ${priceUnusable(s)}`).join('; ')})`);
  }
  const scn = rand.pick(usableRooms);
  const r = roomOf(scn);
  const kinds = priceTemplatesFor(scn);

  // Every template the room has once (in a random order), then more of any; never the same question twice.
  const plan = [...rand.shuffle(kinds)];
  const drawn: Drawn[] = [];
  const sigs = new Set<string>();
  for (let tries = 0; drawn.length < PRICE_ITEMS && tries < 60; tries++) {
    const t = tries < plan.length ? plan[tries] : rand.pick(kinds);
    const d = MAKERS[t](r, rand);
    if (!d || sigs.has(d.sig)) continue;
    sigs.add(d.sig);
    drawn.push(d);
  }
  const items = rand.shuffle(drawn).slice(0, PRICE_ITEMS);
  const cur = r.cur;
  return {
    kind: 'price-maths',
    seed,
    language: lang,
    source: scn.meta.id,
    title: { zh: `${META.title.zh}：${scn.meta.title.zh}`, en: `${META.title.en}: ${scn.meta.title.en}` },
    intro: {
      zh: `${items.length}道到手价计算，用这场直播的真实价格、优惠券和秒杀。答案填金额（${unitOf(cur).zh}），精确到分。`,
      en: `${items.length} questions on what buyers pay, from this room's real prices, coupons and flash sales. Answer with the amount (${unitOf(cur).en}), to the cent.`,
    },
    items: items.map((d, i): PriceItem => ({ id: `p${i + 1}`, ...d.item, key: { ...d.key, currency: cur } })),
    timeLimitSec: 180,
  };
}

function score(variant: DrillVariant, answers: readonly DrillAnswer[]): DrillResult {
  const given = answersByItem(answers); // the last answer to an item counts
  const results: ItemResult[] = variant.items.map((item) => {
    const k = priceKey(item);
    const currency = k.currency;
    const expected = money(k.fen, currency);
    const text = given.get(item.id)?.value.trim() ?? '';
    const working = k.working;
    if (text === '') return { item: item.id, credit: 0, expected, feedback: { zh: `没有作答。算法：${working.zh}`, en: `No answer. Working: ${working.en}` } };
    const f = parseMoneyInput(text);
    if (f === null) {
      return { item: item.id, credit: 0, expected, feedback: { zh: `「${text}」不是一个金额，请只填数字。算法：${working.zh}`, en: `"${text}" is not an amount; type just the number. Working: ${working.en}` } };
    }
    if (Math.abs(f - k.fen) <= 1) return { item: item.id, credit: 1, expected, feedback: { zh: `对：${working.zh}`, en: `Right: ${working.en}` } };
    const slip = k.slips.find((s) => Math.abs(s.fen - f) <= 1);
    const you = money(f, currency);
    return {
      item: item.id,
      credit: 0,
      expected,
      feedback: slip
        ? { zh: `你填了${you.zh}：${slip.why.zh}。算法：${working.zh}`, en: `You gave ${you.en}: ${slip.why.en}. Working: ${working.en}` }
        : { zh: `你填了${you.zh}，应为${expected.zh}。算法：${working.zh}`, en: `You gave ${you.en}; it is ${expected.en}. Working: ${working.en}` },
    };
  });
  return { kind: 'price-maths', percent: percentOf(results.map((r) => r.credit)), items: results };
}

export const priceMaths: DrillKind = {
  ...META,
  // 互联网营销师四级 2-2-2 介绍平台优惠及产品折扣信息; 1+X 中级 2.1.6 价格锚点与促销优惠的对比;
  // 1+X 初级 2.4.2 使用优惠券、秒杀等工具.
  clauses: ['imkt-l4:2-2-2', '1x-intermediate:2.1.6', '1x-primary:2.4.2'],
  generate,
  score,
};
