/**
 * Reading the host's speech: what a live-room supervisor would notice in one
 * utterance — greetings, calls to action, which product and selling points,
 * stated prices and stock, after-sales offers, apologies — as plain data.
 * The simulation decides what each detection does; compliance problems come
 * from the compliance checker (./compliance).
 */
import type { Product } from './scenario/load';
import { digitsFromChinese } from './speech/numbers';

export { type CtaKind, detectCtas } from './speech/cta';
export { digitsFromChinese, numeralsToDigits, canonical, findCanonical, quantitiesIn } from './speech/numbers';
export { coveredPoints, wordsOfProduct } from './speech/points';
export { statedPrices, statedStock, type StatedNumber } from './speech/prices';
export { wordForm, hitsOf, positiveAt, withoutNames, keywordList, lineKey, similarity, sentencesOf, type WordForm, type ListVerdict } from './speech/words';

const GREETING_RE = /欢迎|大家好|晚上好|下午好|早上好|中午好|宝宝们好|家人们好|朋友们好|姐妹们好|哈喽|新来的|刚进来的|welcome|hello|hi (everyone|all|guys)/;
const AFTER_SALES_RE = /售后|退换|退货|换货|客服|退款|补发|包退|包换|运费险|七天无理由|7天无理由|质检|refund|return|exchange|customer service/;
const APOLOGY_RE = /抱歉|不好意思|对不起|久等|刚才(网络|信号|画面|声音)?(卡|断|掉)|网络(问题|波动|不好|不稳)|断(网|流|了)|掉线|sorry|apolog|connection/;

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

/** Does the text contain any of the words (compared squashed)? Returns the first hit. */
export function findAny(text: string, words: readonly string[]): string | null {
  const s = squash(text);
  for (const w of words) {
    const k = squash(w);
    if (k.length > 0 && s.includes(k)) return w;
  }
  return null;
}
