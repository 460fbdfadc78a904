/**
 * Reading the host's speech: what a live-room supervisor would notice in one
 * utterance — greetings, calls to action, which product and selling points,
 * stated prices and stock, after-sales offers, apologies — as plain data.
 * The simulation decides what each detection does; compliance problems come
 * from the compliance checker (./compliance).
 */
import type { Product } from './scenario/load';

export type CtaKind = 'follow' | 'like' | 'share' | 'coupon' | 'buy' | 'fanclub' | 'lucky_bag';

const CTA_PATTERNS: [CtaKind, RegExp][] = [
  ['follow', /点(个|一下|点)?关注|关注(一下|主播|我们|我)|加(个)?关注|左上角|follow/],
  ['like', /点(个|点)?赞|双击|小心心|点亮|like (the|this)|tap (the )?(like|heart)/],
  ['share', /分享|转发|share/],
  ['coupon', /领(取)?(一下|个)?(优惠)?券|先领券|券(已经)?(发|上)|coupon/],
  ['buy', /下单|拍下|去拍|上车|抢购|(赶紧|快|直接)(拍|抢|买|冲)|点(开)?链接|小黄车|购物车|buy (it )?now|add to (your )?cart|grab (it|one)/],
  ['fanclub', /粉丝团|灯牌|fan club/],
  ['lucky_bag', /福袋|抽奖|giveaway/],
];

const GREETING_RE = /欢迎|大家好|晚上好|下午好|早上好|中午好|宝宝们好|家人们好|朋友们好|姐妹们好|哈喽|新来的|刚进来的|welcome|hello|hi (everyone|all|guys)/;
const AFTER_SALES_RE = /售后|退换|退货|换货|客服|退款|补发|包退|包换|运费险|七天无理由|7天无理由|质检|refund|return|exchange|customer service/;
const APOLOGY_RE = /抱歉|不好意思|对不起|久等|刚才(网络|信号|画面|声音)?(卡|断|掉)|网络(问题|波动|不好|不稳)|断(网|流|了)|掉线|sorry|apolog|connection/;

const PRICE_WORD_BEFORE = /(价|只要|到手|秒杀|券后|卖|仅需|才|¥|￥|\$|price|only|just)\s*$/;
const ANCHOR_WORD = /原价|划线价|专柜价|市场价|平时|日常价|门店价|吊牌价|officially|regular(ly)?|usually|original(ly)?/;
const CURRENCY_AFTER = /^\s*(元|块|rmb|yuan|dollars?|bucks)/;
const STOCK_BEFORE = /(只剩|还剩|剩下|最后|仅剩|库存(只有|还有)?|只有|就剩|仅有|only|last)\s*$/;
const STOCK_UNIT_AFTER = /^\s*(件|单|份|套|个|箱|盒|双|条|瓶|袋|支|台|罐|斤|pcs|pieces|units|left)/;

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Converts Chinese numerals (九十九, 一百二十, 三千) into digits so prices and counts can be read. */
export function digitsFromChinese(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九十百千万]+/g, (run) => {
    if (run.length === 1 && !(run in CN_UNIT) && !/[零〇]/.test(run)) {
      // A lone digit is usually a word (一下, 两个): keep it unless followed by a unit, handled by the caller's context.
      return run;
    }
    // Without 十百千万 the run is read digit by digit (一三八 → 138).
    if (!/[十百千万]/.test(run)) return [...run].map((ch) => String(CN_DIGIT[ch])).join('');
    let total = 0;
    let section = 0;
    let digit = -1;
    for (const ch of run) {
      if (ch in CN_DIGIT) digit = CN_DIGIT[ch];
      else {
        const unit = CN_UNIT[ch];
        if (unit === 10000) {
          total += (section + (digit > 0 ? digit : 0)) * unit;
          section = 0;
        } else {
          section += (digit >= 0 ? digit : 1) * unit;
        }
        digit = -1;
      }
    }
    total += section + (digit > 0 ? digit : 0);
    return String(total);
  });
}

export interface StatedNumber {
  value: number;
  match: string;
  anchor: boolean;
  /** Labelled as the flash-sale price (秒杀价9.9元, 9块9秒杀, flash price $9.90). Only for prices. */
  flash?: boolean;
}

/** A flash-sale label right before the number (秒杀价, 秒杀只要, flash sale price) or right after it (9.9元秒杀). */
const FLASH_BEFORE = /(秒杀|flash(\s*sale)?)\s*(价格?|价是|只要|仅需|才|到手价?|price|at|for|only)?\s*(is|是|:|：)?\s*[¥￥$]?\s*$/;
const FLASH_AFTER = /^\s*(元|块|rmb|yuan|dollars?)?\s*(秒杀|flash)/;

/** Prices stated in the text: a number with a currency unit after it, or a price word before it. */
export function statedPrices(text: string): StatedNumber[] {
  // "九十九块九": the lone 九 after 块 is the jiao digit.
  const s = digitsFromChinese(text.toLowerCase().replace(/(块|元)([一二三四五六七八九])(?![十百千万一二三四五六七八九])/g, (_m, unit: string, d: string) => unit + String(CN_DIGIT[d])));
  const out: StatedNumber[] = [];
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(?:\s*(?:块|元)\s*(\d)(?!\d))?/g)) {
    const start = m.index ?? 0;
    const before = s.slice(Math.max(0, start - 8), start);
    const after = s.slice(start + m[0].length, start + m[0].length + 6);
    let value = Number(m[1]);
    // "129块9" means 129.9
    if (m[2] !== undefined) value = Number(`${m[1]}.${m[2]}`);
    const hasCurrency = m[2] !== undefined || CURRENCY_AFTER.test(after) || /[¥￥$]\s*$/.test(before);
    if (!hasCurrency && !PRICE_WORD_BEFORE.test(before)) continue;
    // "不到2块" / "低于…" are comparisons, not stated prices.
    if (/(不到|低于|不超过|不足|少于|less than|under|below)\s*[¥￥$]?\s*$/.test(before)) continue;
    if (/^\s*(号|折|%|件|单|分钟|秒|岁|码|cm|厘米|g|克|ml|毫升|斤|天|个月|年)/.test(after) && !hasCurrency) continue;
    const anchor = ANCHOR_WORD.test(s.slice(Math.max(0, start - 10), start));
    const flash = !anchor && (FLASH_BEFORE.test(s.slice(Math.max(0, start - 20), start)) || FLASH_AFTER.test(after));
    out.push({ value, match: s.slice(Math.max(0, start - 4), start + m[0].length + 1).trim(), anchor, ...(flash ? { flash } : {}) });
  }
  return out;
}

/** Stock claims such as 只剩10件 / 最后五单 / only 3 left. */
export function statedStock(text: string): StatedNumber[] {
  const s = digitsFromChinese(text.toLowerCase());
  const out: StatedNumber[] = [];
  for (const m of s.matchAll(/\d+/g)) {
    const start = m.index ?? 0;
    const before = s.slice(Math.max(0, start - 6), start);
    const after = s.slice(start + m[0].length, start + m[0].length + 6);
    if (STOCK_BEFORE.test(before) && STOCK_UNIT_AFTER.test(after)) {
      out.push({ value: Number(m[0]), match: s.slice(Math.max(0, start - 3), start + m[0].length + 2), anchor: false });
    }
  }
  return out;
}

export function detectCtas(text: string): { kind: CtaKind; match: string }[] {
  const s = text.toLowerCase();
  const out: { kind: CtaKind; match: string }[] = [];
  for (const [kind, re] of CTA_PATTERNS) {
    const m = re.exec(s);
    if (m) out.push({ kind, match: m[0] });
  }
  return out;
}

export function matchFirst(re: RegExp, text: string): string | null {
  const m = re.exec(text.toLowerCase());
  return m ? m[0] : null;
}

export const isGreeting = (text: string) => matchFirst(GREETING_RE, text);
export const mentionsAfterSales = (text: string) => matchFirst(AFTER_SALES_RE, text);
export const isApology = (text: string) => matchFirst(APOLOGY_RE, text);

/** Lowercase without spaces: the form keywords are compared in. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[\s\u3000]+/g, '');
}

/**
 * Which products the utterance names: by name, alias or link number (3号链接 / 三号 / link 3).
 * Names and aliases are matched longest first and may not overlap, so an alias of one product
 * inside another product's name (坚果 in 坚果尝鲜装, 保温杯 in 保温杯替换密封圈) names only the
 * longer one. A link number counts for a product none of whose names was found.
 */
export function mentionedProducts(text: string, products: readonly Product[]): { index: number; match: string }[] {
  const s = squash(digitsFromChinese(text));
  const names: { index: number; name: string }[] = [];
  products.forEach((p, index) => {
    for (const n of new Set([p.name.zh, p.name.en, ...p.aliases].map(squash))) if (n.length >= 2) names.push({ index, name: n });
  });
  // Longest first; on equal length, the earlier product (a stable sort keeps list order).
  names.sort((a, b) => b.name.length - a.name.length);
  const taken = new Uint8Array(s.length);
  const found = new Map<number, string>();
  for (const { index, name } of names) {
    for (let at = s.indexOf(name); at >= 0; at = s.indexOf(name, at + 1)) {
      let free = true;
      for (let k = at; k < at + name.length && free; k++) if (taken[k]) free = false;
      if (!free) continue;
      taken.fill(1, at, at + name.length);
      if (!found.has(index)) found.set(index, name);
    }
  }
  const out: { index: number; match: string }[] = [];
  products.forEach((p, index) => {
    let match = found.get(index) ?? null;
    if (!match) {
      const no = new RegExp(`(^|[^\\d])${p.no}号|link#?${p.no}(?!\\d)|#${p.no}(?!\\d)`);
      const m = no.exec(s);
      if (m) match = m[0].replace(/^[^\d#l]/, '');
    }
    if (match) out.push({ index, match });
  });
  return out;
}

/** Selling points of a product whose keywords appear in the utterance. */
export function coveredPoints(text: string, product: Product): { id: string; match: string }[] {
  // The product's own name ("儿童加绒连帽卫衣") must not count as covering a point ("加绒").
  let s = squash(text);
  for (const n of [product.name.zh, product.name.en, ...product.aliases].map(squash).filter((x) => x.length >= 2).sort((a, b) => b.length - a.length)) {
    s = s.split(n).join('|');
  }
  const out: { id: string; match: string }[] = [];
  for (const sp of product.sellingPoints) {
    const hit = sp.keywords.find((k) => s.includes(squash(k)));
    if (hit) out.push({ id: sp.id, match: hit });
  }
  return out;
}

/** Does the text contain any of the words (compared squashed)? Returns the first hit. */
export function findAny(text: string, words: readonly string[]): string | null {
  const s = squash(text);
  for (const w of words) {
    const k = squash(w);
    if (k.length > 0 && s.includes(k)) return w;
  }
  return null;
}
