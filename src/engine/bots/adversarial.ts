/**
 * Adversarial bots: general strategies a student might try to get a high score without selling.
 * They read only the scenario (its run of show, products, coupons and incidents), so they work on
 * any room. Calibration requires each to fail (below the pass line or the compliance gate) and to
 * stay at least 15 points below the competent bot.
 *
 * - clicks: every console click on schedule — list, 讲解 marker and card at each segment, every
 *   planned flash sale, every coupon at 0:00 — one greeting, and not another word.
 * - canned: the clicks, plus one canned sentence every 10 s that names every product at once.
 * - stuffer: the clicks, plus a line every 8 s packed with every selling-point keyword and fact
 *   word of the product on air, and blind presses of incident fixes every minute.
 * - spammer: the stuffer, plus a blind fix every second (price, link, microphone, stream): about
 *   1,200 rejected actions in 20 minutes.
 */
import type { ActionBody, ActionInput } from '../actions/registry';
import type { Sim } from '../engine';
import type { Scenario } from '../scenario/load';
import type { Bot } from './types';

export const ADVERSARIAL_BOTS = ['clicks', 'canned', 'stuffer', 'spammer'] as const;
export type AdversarialBotName = (typeof ADVERSARIAL_BOTS)[number];

/** Start time of each run-of-show segment on the scenario's schedule, ms. */
function segmentStarts(s: Scenario): number[] {
  let acc = 0;
  return s.runOfShow.map((seg) => {
    const at = acc;
    acc += seg.duration * 1000;
    return at;
  });
}

class StrategyBot implements Bot {
  private segment = -1;
  private nextTalk = 0;
  private nextBlind = 60_000;
  private spamIndex = 0;
  private started = false;

  constructor(readonly name: AdversarialBotName) {}

  step(sim: Sim): ActionInput[] {
    const scn = sim.scenario;
    const now = sim.now;
    const out: ActionBody[] = [];
    const host = scn.meta.seat === 'host';
    const en = sim.lang === 'en';
    const say = (text: string): ActionBody => (host ? { type: 'say', text } : { type: 'post_announcement', text: text.slice(0, 200) });
    if (!this.started) {
      this.started = true;
      // Every coupon at once, and a greeting.
      for (const c of scn.coupons) out.push({ type: 'issue_coupon', coupon: c.id });
      out.push(say(en ? 'Hello everyone, welcome to the stream!' : '大家好，欢迎来到直播间！'));
    }
    // The console clicks of the run of show, on the schedule.
    const starts = segmentStarts(scn);
    let seg = 0;
    for (let i = 0; i < starts.length; i++) if (now >= starts[i]) seg = i;
    if (seg !== this.segment) {
      this.segment = seg;
      const s = scn.runOfShow[seg];
      if (s.product) {
        const p = sim.view().products.find((x) => x.id === s.product);
        if (p && !p.listed) out.push({ type: 'list_product', product: s.product });
        out.push({ type: 'start_explaining', product: s.product });
        out.push({ type: 'show_card', product: s.product });
        if (s.flashSale) out.push({ type: 'start_flash_sale', product: s.product, price: s.flashSale.price, quantity: s.flashSale.quantity, perBuyer: s.flashSale.perBuyer, countdown: 10, duration: Math.min(300, Math.max(60, s.duration - 20)) });
      }
    }
    if (this.name === 'canned' && now >= this.nextTalk) {
      this.nextTalk = now + 10_000;
      const names = scn.products.map((p) => (en ? p.name.en : p.name.zh));
      out.push(say(en ? `Welcome! ${names.join(', ')} are all in the cart today at great prices, buy now!` : `欢迎来到直播间！今天${names.join('、')}都在小黄车里，价格超值，喜欢的赶紧拍！`));
    }
    if ((this.name === 'stuffer' || this.name === 'spammer') && now >= this.nextTalk) {
      this.nextTalk = now + 8_000;
      out.push(say(stuffedLine(sim, en)));
    }
    if ((this.name === 'stuffer' || this.name === 'spammer') && now >= this.nextBlind) {
      this.nextBlind = now + 60_000;
      out.push(...blindFixes(scn, 0, true));
    }
    if (this.name === 'spammer') out.push(...blindFixes(scn, this.spamIndex++, false));
    return out.map((a) => ({ ...a, t: now }) as ActionInput);
  }
}

/** Every selling-point keyword and fact word of the product on air (else of every product), with a call to buy. */
function stuffedLine(sim: Sim, en: boolean): string {
  const scn = sim.scenario;
  const on = sim.view().explaining;
  const products = on >= 0 ? [scn.products[on]] : scn.products;
  const words: string[] = [];
  for (const p of products) {
    for (const sp of p.sellingPoints) words.push(...sp.keywords);
    for (const f of p.facts) words.push(...(f.accept.length > 0 ? f.accept.slice(0, 2) : [f.value]));
  }
  const unique = [...new Set(words)];
  const p = products[0];
  if (en) return `${p.name.en}: ${unique.join(', ')}! Link #${p.no}, buy now!`;
  return `这款${p.name.zh}，${unique.join('，')}，${p.no}号链接赶紧拍！`;
}

/**
 * Incident fixes pressed without an incident: with `all`, one of each kind; else the `i`-th of the
 * cycle (one a second for the spammer).
 */
function blindFixes(scn: Scenario, i: number, all: boolean): ActionBody[] {
  const fixes: ActionBody[] = [{ type: 'fix_microphone' }, { type: 'reconnect_stream', via: 'retry' }];
  for (const p of scn.products) {
    fixes.push({ type: 'set_price', product: p.id, price: p.livePrice });
    fixes.push({ type: 'fix_link', product: p.id });
  }
  for (const inc of scn.incidents) if (inc.kind === 'platform_warning') fixes.push({ type: 'acknowledge_warning', incident: inc.id });
  return all ? fixes : [fixes[i % fixes.length]];
}

export function createAdversarialBot(name: AdversarialBotName): Bot {
  return new StrategyBot(name);
}
