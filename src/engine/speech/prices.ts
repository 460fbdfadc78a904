/**
 * Prices and stock claims in what the host says, read the way hosts type them: 79元, ¥79,
 * 到手价79, 9块9, 十九块九, 9毛9, 秒杀价9.9元5双 (9.9 for five pairs), 9.9元一盒, 两件79
 * (79 for two), 满199减20, $12.50. Not read as our price: sizes, link numbers, ages, counts,
 * ranges and rough amounts (二十多块, 五六十块), comparisons (不到2块), and prices said about
 * somewhere else (外面超市卖39).
 */
import { moneyDigits, numeralsToDigits, splitJiao } from './numbers';

export interface StatedNumber {
  value: number;
  match: string;
  anchor: boolean;
  /** Labelled as the flash-sale price (秒杀价9.9元, 9块9秒杀, flash price $9.90). Only for prices. */
  flash?: boolean;
  /** How many units the price is for (两件79 → 2, 9.9元5双 → 5); absent for one. */
  qty?: number;
  /** An amount saved (便宜了30, 立减10, 满199减20's 20, save $8), not a price to pay. */
  saving?: boolean;
}

/** Words right before a number that make it a price. */
const PRICE_WORD_BEFORE = /((单|每)(件|个|盒|双|袋|瓶|罐|套|支|条|箱|斤)|价|价格|价钱|价格是|价是|价格为|只要|只需|到手|秒杀|券后|卖|仅需|仅要|仅|才|才要|满|减|¥|\$|price|only|just|for|at)\s*$/;
/** Words right after a number that make it a price: 1499到手, 79包邮. */
const PRICE_WORD_AFTER = /^\s*(到手|拿下|带走|包邮|一口价)/;
/** Words before a number that make it an amount saved. */
const SAVING_BEFORE = /(便宜了?|省了?|省下|立省|立减|减了?|直降|降了|优惠了?|save|saving)\s*[¥$]?\s*$/;
const ANCHOR_WORD = /原价|划线价|专柜价|市场价|平时|日常价|门店价|吊牌价|officially|regular(ly)?|usually|original(ly)?/;
const CURRENCY_AFTER = /^\s*(元|块|rmb|yuan|dollars?|bucks|美元|美金)/;
/** Units and counts after a number: not a price unless a currency mark says so. */
const NOT_MONEY_AFTER =
  /^\s*(号|折|%|件|单|分钟|秒|岁|码|cm|mm|厘米|毫米|g|克|千克|公斤|kg|ml|毫升|升|斤|天|个月|月|年|次|小时|个|颗|枚|片|包|袋|盒|瓶|双|条|套|支|台|度|℃|°|分贝|db|w|瓦|米|平|立方|层|抽|道|种|位|人|名|遍|倍|成|周|万|千|~|多|来|几|左右|出头|left|pieces|pcs|units|tins|sets|cups|days?|hours?|minutes?|ml|cm|inch|degrees|per|x\b|times|ways|momme|fl|oz|percent)/i;
/**
 * 只 after a number is a count (1袋2只, 两只装) unless it starts 只要 / 只需 / 只有 / 只剩 / 只卖
 * (only …). Engine 3.2.0 and later (PriceRules.countZhi).
 */
const ZHI_COUNT_AFTER = /^\s*只(?![要需有剩卖])/;
/** A comparison before a number: 不到2块 is not a stated price. */
const COMPARISON_BEFORE = /(不到|低于|不超过|不足|少于|高于|超过|less than|under|below|over|more than)\s*[¥$]?\s*$/;
/** A price said about somewhere else (in the same clause): 外面超市卖39, 别家要59. */
const ELSEWHERE = /外面|别家|别人家|别的店|超市|市场上|市面上|线下|实体店|其他直播间|其他家|某宝|某东|人家|elsewhere|in stores|other shops|other stores/;
/** A measure word after 两件 / 5双 before a bare number: 两件79. */
const BUNDLE_BEFORE = /(\d+)(件|双|盒|袋|瓶|罐|份|套|个|条|支|斤|箱)\s*$/;
/** A count after a price: 9.9元5双, 79元两件, 9.9元一盒. */
const QTY_AFTER = /^\s*(?:元|块|rmb|yuan|dollars?)?\s*(\d+)(件|双|盒|袋|瓶|罐|份|套|个|条|支|斤|箱|片|包)/;
/** "79一件" / "79一盒包邮": a bare number priced per piece. */
const PER_PIECE_AFTER = /^\s*1(件|双|盒|袋|瓶|罐|套|条|支|箱)(?!\d)/;

/** A flash-sale label right before the number (秒杀价, 秒杀只要, flash sale price) or right after it (9.9元秒杀). */
const FLASH_BEFORE = /(秒杀|flash(\s*sale)?)\s*(价格?|价是|只要|仅需|才|到手价?|price|at|for|only)?\s*(is|是|:|：)?\s*[¥$]?\s*$/;
const FLASH_AFTER = /^\s*(元|块|rmb|yuan|dollars?)?\s*(秒杀|flash)/;

/** The text prices are read in: NFKC (￥ → ¥), lowercase, numerals as digits, 9块9 as 9.9元. */
function moneyText(text: string): string {
  return moneyDigits(numeralsToDigits(splitJiao(text.normalize('NFKC').toLowerCase())));
}

/** The clause before position `at`: back to the last clause mark, at most `max` characters. */
function clauseBefore(s: string, at: number, max: number): string {
  const from = Math.max(0, at - max);
  const chunk = s.slice(from, at);
  const cut = Math.max(chunk.lastIndexOf('，'), chunk.lastIndexOf('。'), chunk.lastIndexOf(','), chunk.lastIndexOf('；'), chunk.lastIndexOf('！'), chunk.lastIndexOf('？'), chunk.lastIndexOf('!'), chunk.lastIndexOf('?'), chunk.lastIndexOf(';'), chunk.lastIndexOf(':'), chunk.lastIndexOf('：'));
  return cut >= 0 ? chunk.slice(cut + 1) : chunk;
}

/** Reading rules that changed with the engine version (a replayed run keeps its own). */
export interface PriceRules {
  /** 3.2.0: a number before 只 is a count, not a price (规格是1袋2只). */
  countZhi: boolean;
}
/** The rules of the current engine. */
export const PRICE_RULES: PriceRules = { countZhi: true };

/** Prices stated in the text: a number with a currency unit after it, or a price word before it. */
export function statedPrices(text: string, rules: PriceRules = PRICE_RULES): StatedNumber[] {
  const s = moneyText(text);
  const out: StatedNumber[] = [];
  for (const m of s.matchAll(/(?<![\d.~])\d+(?:\.\d+)?(?![\d.])/g)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const before = s.slice(Math.max(0, start - 8), start);
    const after = s.slice(end, end + 8);
    const value = Number(m[0]);
    const currency = CURRENCY_AFTER.test(after) || /[¥$]\s*$/.test(before);
    const bundle = BUNDLE_BEFORE.exec(before);
    const perPiece = PER_PIECE_AFTER.test(after);
    const priceWord = PRICE_WORD_BEFORE.test(before) || SAVING_BEFORE.test(before) || PRICE_WORD_AFTER.test(after);
    // A bare amount with jiao in nine (39.9, 9.9, 19.99) is how prices are written.
    const priceLike = /\.(9|99)$/.test(m[0]);
    if (!currency && !priceWord && !bundle && !perPiece && !priceLike) continue;
    // A unit or a count after the number (130码, 5岁, 200份, 20多块) makes it something else.
    if (!currency && (NOT_MONEY_AFTER.test(after) || (rules.countZhi && ZHI_COUNT_AFTER.test(after))) && !perPiece) continue;
    if (/^\s*(元|块)?\s*(~|(到|至|-|–|—)\s*\d|多|来|几|左右|出头)/.test(after) || /(~|到|至|-|–|—)\s*$/.test(before)) continue;
    if (COMPARISON_BEFORE.test(before)) continue;
    const clause = clauseBefore(s, start, 14);
    if (ELSEWHERE.test(clause)) continue;
    const anchor = ANCHOR_WORD.test(clauseBefore(s, start, 14));
    const flash = !anchor && (FLASH_BEFORE.test(s.slice(Math.max(0, start - 20), start)) || FLASH_AFTER.test(after));
    const saving = !anchor && SAVING_BEFORE.test(before);
    const q = QTY_AFTER.exec(after);
    const qty = bundle ? Number(bundle[1]) : q && currency ? Number(q[1]) : 1;
    out.push({
      value,
      match: s.slice(Math.max(0, start - 4), end + 1).trim(),
      anchor,
      ...(flash ? { flash } : {}),
      ...(qty > 1 ? { qty } : {}),
      ...(saving ? { saving } : {}),
    });
  }
  return out;
}

const STOCK_BEFORE = /(只剩|还剩|剩下|最后|仅剩|库存(只有|还有)?|只有|就剩|仅有|only|last)\s*$/;
const STOCK_UNIT_AFTER = /^\s*(件|单|份|套|个|箱|盒|双|条|瓶|袋|支|台|罐|斤|顶|只|枚|pcs|pieces|units|left|tins|sets)/;

/** Stock claims such as 只剩10件 / 最后五单 / only 3 left. */
export function statedStock(text: string): StatedNumber[] {
  const s = numeralsToDigits(text.normalize('NFKC').toLowerCase());
  const out: StatedNumber[] = [];
  for (const m of s.matchAll(/(?<![\d.])\d+(?![\d.])/g)) {
    const start = m.index ?? 0;
    const before = s.slice(Math.max(0, start - 6), start);
    const after = s.slice(start + m[0].length, start + m[0].length + 6);
    if (STOCK_BEFORE.test(before) && STOCK_UNIT_AFTER.test(after)) {
      out.push({ value: Number(m[0]), match: s.slice(Math.max(0, start - 3), start + m[0].length + 2), anchor: false });
    }
  }
  return out;
}
