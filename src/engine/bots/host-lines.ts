/**
 * What the host bots say and work out besides the pitch: the line after a microphone failure, a
 * coupon's worth, which facts a bot knows, the length of a product block, a cue's defaults.
 */
import type { Scenario } from '../scenario/load';
import type { Sim } from '../engine';
import { yuanText } from '../money';

/** Said when the sound is back: an apology, and the price of the product being explained again. */
export function micRecoveryLine(sim: Sim): string {
  const en = sim.lang === 'en';
  const sorry = en ? 'Sorry, the microphone cut out for a moment. Can you hear me now?' : '不好意思，刚才麦克风出了点问题，现在能听到了吧？';
  const p = sim.state.explaining;
  if (p < 0) return sorry;
  const prod = sim.scenario.products[p];
  const flash = sim.state.flash && sim.state.flash.product === p ? sim.state.flash.price : null;
  const price = yuanText(flash ?? sim.state.products[p].intendedPrice);
  if (en) return `${sorry} Again: ${prod.name.en} is ${flash !== null ? 'on flash sale at' : 'only'} ${cur(sim)}${price} today.`;
  return `${sorry}再说一遍，${prod.name.zh}${flash !== null ? '秒杀价' : '今天到手价只要'}${price}元。`;
}

/** The currency sign English lines put before an amount. */
export function cur(sim: Sim): string {
  return sim.scenario.meta.currency === 'USD' ? '$' : '¥';
}

/** What a coupon is worth, in words: the price after a live coupon, or a threshold coupon's rule. */
export function couponWorth(sim: Sim, c: { id: string; kind: 'live' | 'threshold'; threshold: number; discount: number; products: number[] }): string | null {
  const en = sim.lang === 'en';
  if (c.kind === 'threshold') {
    return en ? `Spend ${cur(sim)}${yuanText(c.threshold)}, save ${cur(sim)}${yuanText(c.discount)}: buy two together!` : `满${yuanText(c.threshold)}元减${yuanText(c.discount)}元，两件一起拍更划算！`;
  }
  const p = sim.state.explaining >= 0 && (c.products.length === 0 || c.products.includes(sim.state.explaining)) ? sim.state.explaining : c.products[0] ?? -1;
  if (p < 0) return null;
  const prod = sim.scenario.products[p];
  const after = yuanText(sim.state.products[p].intendedPrice - c.discount);
  return en ? `With the coupon, ${prod.name.en} is only ${cur(sim)}${after}.` : `领券以后${prod.name.zh}到手只要${after}元！`;
}

/**
 * Whether a bot that knows `share` of the facts knows this one: the same facts every run. The
 * facts are ranked by a hash of the product and the fact (its key and its value), not by their
 * place in the list, and the bot knows the first ⌊share × n⌋ (half of 7 facts is 3): reordering the facts in the file
 * changes nothing, so an author cannot steer which ones a calibration bot answers.
 */
export function knowsFact(sim: Sim, product: string, fact: string, share: number): boolean {
  if (share >= 1) return true;
  if (share <= 0) return false;
  const facts = sim.scenario.products[sim.state.productIndex.get(product)!].facts;
  const rank = facts
    .map((f) => ({ key: f.key, h: fnv1a(`${product}\u0000${f.key}\u0000${f.value}`) }))
    .sort((a, b) => a.h - b.h || (a.key < b.key ? -1 : 1))
    .findIndex((x) => x.key === fact);
  return rank >= 0 && rank < Math.floor(share * facts.length);
}

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A return visit to a product in a block this short gets a recap and the ask, not the whole pitch. */
export const RECAP_BLOCK_MS = 70000;

/** Length of the block of consecutive segments about the same product that starts at segment `index`, ms. */
export function blockMs(scn: Scenario, index: number): number {
  const product = scn.runOfShow[index].product;
  let sec = 0;
  for (let i = index; i < scn.runOfShow.length && scn.runOfShow[i].product === product; i++) sec += scn.runOfShow[i].duration;
  return sec * 1000;
}

export function cueDefaults(sim: Sim, action: string, product?: string): Record<string, unknown> | null {
  const p = product !== undefined ? sim.state.products[sim.state.productIndex.get(product)!] : undefined;
  switch (action) {
    case 'set_price':
      return p ? { price: p.intendedPrice / 100 } : null;
    case 'set_stock':
      return p ? { stock: Math.max(0, p.warehouse - p.sold) } : null;
    case 'post_announcement':
      return { text: sim.lang === 'en' ? 'Claim the coupon before you order.' : '下单前先领券，满减叠加更划算。' };
    case 'pin_comment': {
      const c = [...sim.log].reverse().find((e) => e.type === 'comment' && e.kind === 'question');
      return c ? { comment: c.id } : null;
    }
    case 'launch_lucky_bag':
      return { entry: 'follow', prize: sim.lang === 'en' ? 'a free item' : '免单一件', winners: 3, drawAfter: 180 };
    case 'send_red_packet':
      return { total: 100, count: 50 };
    default:
      return {};
  }
}
