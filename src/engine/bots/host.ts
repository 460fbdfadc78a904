/**
 * Policy bots: deterministic hosts used to calibrate scoring and the audience model.
 *
 * A bot looks at the simulation every BOT_STEP_MS and returns actions stamped with
 * the current time. It draws its own random numbers from an independent stream
 * seeded by the run's seed, so it never disturbs the audience's draws, and the
 * actions it took replay to the same log without the bot (see runWithBot).
 *
 * - expert: does what a good host does, promptly and without breaking a rule: runs every
 *   planned flash sale, recaps and asks for the order on a short return to a product, and
 *   through a microphone failure posts a notice, then apologises and says the price again.
 * - competent: most of it, slower, and misses some — the same way every run, so that
 *   seeds differ by the audience rather than by coin flips: knows half of each product's
 *   facts, rounded down (the same ones every run, picked by a hash, not by their order in
 *   the file) and answers only those, covers half of the selling
 *   points, moves to the next product 25–32 s after the planned time, reacts to incidents
 *   and questions in 10–30 s, greets every 90 s, ignores complaints (quality ones too), uses one coupon
 *   without working out what it is worth, and runs no flash sale or lucky bag.
 * - passive: goes live, talks little, never pushes a card, ignores the room: no cue, question or
 *   incident is handled, except that a dropped stream is reconnected (the picture is gone).
 * - At the controller seat bots follow the plan (讲解 marker, card) and the host's cues, answer in
 *   the comment area and post notices; a reckless controller types insults and a private-deal notice.
 * - typist: a careful student who types: about two full lines a minute (two selling points per
 *   line, the price with the call to buy in one line), answers every question it knows in 9–14 s,
 *   handles incidents and cues in 9–14 s, pushes the card, runs the planned flash sales and one
 *   coupon; no greetings or filler.
 * - reckless: sells hard with absolute terms, a made-up original price and 加微信, fakes
 *   scarcity, brushes questions off with boasts, ignores incidents and argues with trolls.
 */
import type { ActionBody, ActionInput } from '../actions/registry';
import type { SimEvent } from '../events';
import { Rng } from '../rng';
import type { Sim } from '../engine';
import { yuanText } from '../money';
import { RECAP_BLOCK_MS, blockMs, couponWorth, cueDefaults, cur, knowsFact, micRecoveryLine } from './host-lines';
import type { Bot } from './types';

/** The bots that play a host (or controller) the way people do, well or badly. */
export const HOST_BOTS = ['expert', 'competent', 'typist', 'passive', 'reckless'] as const;
export type HostBotName = (typeof HOST_BOTS)[number];

interface Style {
  /** Delay before reacting to something, ms (uniform in the range). */
  react: [number, number];
  /** Chance to notice and handle an incident or cue at all. */
  handle: number;
  /** Reconnects a dropped stream even when it handles nothing else (the picture is gone: anyone notices). */
  handleDrops: boolean;
  /** Chance to answer a given question about a fact the bot knows. */
  answer: number;
  /** Share of each product's facts the bot knows (the same facts every run). */
  knows: number;
  /** Chance to answer a complaint calmly. */
  complaints: number;
  /** Delay after a segment's planned start before moving to its product, ms. */
  switchDelay: [number, number];
  /** Share of each product's selling points the bot will cover. */
  coverage: number;
  /** Pause between pitch lines, ms. */
  talkEvery: [number, number];
  greetEvery: number;
  pushCard: boolean;
  cardDelay: [number, number];
  coupons: number;
  flashSale: boolean;
  luckyBag: boolean;
  moderate: boolean;
  statePrice: boolean;
  callToAction: boolean;
  /** Says what a coupon is worth after issuing it (the price after the coupon, or the threshold rule). */
  explainCoupons: boolean;
  /** On a short return to a product already pitched: a one-line recap, then the price and the ask. */
  recapOnReturn: boolean;
  /** During a microphone failure: a notice on the screen; once heard again, an apology and the price again. */
  micRecovery: boolean;
  /** Reckless habits: absolute terms, steering off-platform, fake scarcity, insults. */
  violate: boolean;
  followPlan: boolean;
  /** Selling points said per pitch line (a typist writes fuller lines, not more of them). */
  pointsPerLine: number;
  /** Says the price and the call to buy in one line. */
  combinedAsk: boolean;
  /** Types one line urging viewers to grab the flash sale once it opens (a host who talks often says it anyway). */
  flashCall: boolean;
  /**
   * Watches the console's numbers in a run of ten minutes or more: when viewers online fall a
   * fifth from the last minute's high, or two minutes bring clicks but no order, reacts with a
   * new line (a host who talks often changes tack anyway).
   */
  watchNumbers: boolean;
}

const STYLES: Record<HostBotName, Style> = {
  expert: {
    react: [1500, 4000], handle: 1, handleDrops: true, answer: 1, knows: 1, complaints: 1, switchDelay: [0, 0], coverage: 1, talkEvery: [6000, 9000], greetEvery: 40000, pushCard: true, cardDelay: [2000, 5000],
    coupons: 2, flashSale: true, luckyBag: true, moderate: true, statePrice: true, callToAction: true, explainCoupons: true, recapOnReturn: true, micRecovery: true, violate: false, followPlan: true, pointsPerLine: 1, combinedAsk: false, flashCall: false, watchNumbers: false,
  },
  competent: {
    react: [10000, 30000], handle: 1, handleDrops: true, answer: 1, knows: 0.5, complaints: 0, switchDelay: [25000, 32000], coverage: 0.5, talkEvery: [10000, 16000], greetEvery: 90000, pushCard: true, cardDelay: [10000, 30000],
    coupons: 1, flashSale: false, luckyBag: false, moderate: true, statePrice: true, callToAction: true, explainCoupons: false, recapOnReturn: false, micRecovery: false, violate: false, followPlan: true, pointsPerLine: 1, combinedAsk: false, flashCall: false, watchNumbers: false,
  },
  typist: {
    react: [9000, 14000], handle: 1, handleDrops: true, answer: 1, knows: 1, complaints: 1, switchDelay: [4000, 8000], coverage: 1, talkEvery: [38000, 46000], greetEvery: 1e12, pushCard: true, cardDelay: [5000, 12000],
    coupons: 1, flashSale: true, luckyBag: false, moderate: true, statePrice: true, callToAction: true, explainCoupons: false, recapOnReturn: true, micRecovery: true, violate: false, followPlan: true, pointsPerLine: 2, combinedAsk: true, flashCall: true, watchNumbers: true,
  },
  passive: {
    react: [20000, 40000], handle: 0, handleDrops: true, answer: 0, knows: 0, complaints: 0, switchDelay: [0, 0], coverage: 0.25, talkEvery: [60000, 90000], greetEvery: 1e12, pushCard: false, cardDelay: [0, 0],
    coupons: 0, flashSale: false, luckyBag: false, moderate: false, statePrice: false, callToAction: false, explainCoupons: false, recapOnReturn: false, micRecovery: false, violate: false, followPlan: false, pointsPerLine: 1, combinedAsk: false, flashCall: false, watchNumbers: false,
  },
  reckless: {
    react: [2000, 5000], handle: 0, handleDrops: false, answer: 0.5, knows: 1, complaints: 0, switchDelay: [0, 0], coverage: 0.5, talkEvery: [5000, 8000], greetEvery: 60000, pushCard: true, cardDelay: [1000, 3000],
    coupons: 1, flashSale: true, luckyBag: false, moderate: false, statePrice: true, callToAction: true, explainCoupons: false, recapOnReturn: false, micRecovery: false, violate: true, followPlan: true, pointsPerLine: 1, combinedAsk: false, flashCall: false, watchNumbers: false,
  },
};

interface Pending {
  at: number;
  action: ActionBody;
}

export function createHostBot(name: HostBotName, seed: number): Bot {
  return new HostBot(name, STYLES[name], seed);
}

class HostBot implements Bot {
  private rng: Rng;
  private seen = 0;
  private pending: Pending[] = [];
  private segment = -1;
  private pointQueue: string[] = [];
  private nextTalk = 0;
  private nextGreet = 0;
  private couponsIssued = 0;
  /** Run-of-show segments whose planned flash sale the bot has started. */
  private flashDone = new Set<number>();
  /** Products the bot has already pitched (a later visit recaps instead of re-pitching). */
  private pitched = new Set<string>();
  /** On a short return visit: the recap line still to say before the price and the ask. */
  private recap: string | null = null;
  private bagDone = false;
  private spamDone = false;
  private lines = 0;
  private dropHandledAt = -1;
  private vips: { viewer: number; user: string; greeted: boolean }[] = [];
  /** Viewers online over the last minute, and clicks and orders over the last two (watchNumbers). */
  private onlineSeen: { t: number; online: number }[] = [];
  private clicksSeen: number[] = [];
  private lastOrderAt = 0;
  private nextOnlineMove = 60000;
  private nextConversionMove = 120000;

  constructor(readonly name: HostBotName, private style: Style, seed: number) {
    this.rng = new Rng(seed, 1);
  }

  private delay(range: [number, number]): number {
    return Math.round(this.rng.range(range[0], range[1] + 1));
  }

  private later(sim: Sim, ms: number, action: ActionBody): void {
    this.pending.push({ at: sim.now + ms, action });
  }

  step(sim: Sim): ActionInput[] {
    const s = this.style;
    const scn = sim.scenario;
    const now = sim.now;
    // React to what happened since the last step.
    for (; this.seen < sim.log.length; this.seen++) this.observe(sim, sim.log[this.seen]);

    const host = scn.meta.seat === 'host';
    // Run of show: move to the planned segment.
    if (s.followPlan || this.segment < 0) {
      let acc = 0;
      let seg = 0;
      for (let i = 0; i < scn.runOfShow.length; i++) {
        if (now >= acc * 1000) seg = i;
        acc += scn.runOfShow[i].duration;
      }
      if (seg !== this.segment) this.enterSegment(sim, seg);
    }

    // Talk: pitch lines while a product is being explained, small talk otherwise.
    if (host && now >= this.nextTalk && sim.status === 'live') {
      this.nextTalk = now + this.delay(s.talkEvery);
      const line = this.pitchLine(sim);
      if (line) this.later(sim, 0, { type: 'say', text: line });
    }
    if (host && s.greetEvery < 1e11 && now >= this.nextGreet && sim.status === 'live') {
      this.nextGreet = now + s.greetEvery;
      const vip = this.vips.find((v) => sim.state.notable.has(v.viewer) && !v.greeted);
      if (vip) vip.greeted = true;
      const who = vip ? (sim.lang === 'en' ? `Welcome back, ${vip.user}! ` : `欢迎${vip.user}，`) : '';
      this.later(sim, 0, { type: 'say', text: sim.lang === 'en' ? `${who}Welcome everyone who just joined! Tap follow so you never miss a deal.` : `${who}欢迎刚进来的宝宝们，点个关注不迷路，点点赞！` });
    }

    // Marketing moments, spread over the run.
    const frac = now / sim.durationMs;
    const en = sim.lang === 'en';
    const coupons = [...sim.state.coupons.values()].filter((c) => !c.misconfigured);
    // At the controller seat, coupons go out when the host calls for them (cues), not on the bot's own schedule.
    const cued = scn.script.host.some((h) => h.cue?.action === 'issue_coupon');
    if (!cued && this.couponsIssued < Math.min(s.coupons, coupons.length) && frac >= 0.15 + 0.35 * this.couponsIssued && sim.status === 'live' && sim.state.explaining >= 0) {
      const c = coupons[this.couponsIssued++];
      this.later(sim, 0, { type: 'issue_coupon', coupon: c.id });
      if (s.callToAction && host) this.later(sim, 1500, { type: 'say', text: sim.lang === 'en' ? 'Coupon is live! Claim it first, then order.' : '优惠券已经发出来了，大家先领券再下单，更划算！' });
      // An expert works out what the coupon is worth: the price after it, or the spend-and-save rule.
      const worth = s.explainCoupons && host ? couponWorth(sim, c) : null;
      if (worth) this.later(sim, 4000, { type: 'say', text: worth });
    }
    // A reckless controller puts a private-deal notice on the screen early on.
    if (s.violate && !host && !this.spamDone && frac >= 0.1 && sim.status === 'live') {
      this.spamDone = true;
      this.later(sim, 0, { type: 'post_announcement', text: en ? 'Want it cheaper? Add me on WeChat for a private deal.' : '想要更便宜的加我微信，私聊下单！' });
    }
    if (s.luckyBag && !this.bagDone && frac >= 0.3 && sim.status === 'live' && sim.durationMs >= 8 * 60000) {
      this.bagDone = true;
      this.later(sim, 0, { type: 'launch_lucky_bag', entry: 'follow', prize: sim.lang === 'en' ? 'a free item' : '免单一件', winners: 3, drawAfter: 180 });
      if (host) this.later(sim, 1000, { type: 'say', text: sim.lang === 'en' ? 'Lucky bag is up: follow to join, draw in 3 minutes!' : '福袋已经发出，点关注就能参与，三分钟后开奖！' });
    }

    const due = this.pending.filter((p) => p.at <= now);
    this.pending = this.pending.filter((p) => p.at > now);
    return due.map((p) => ({ ...p.action, t: now }) as ActionInput);
  }

  private enterSegment(sim: Sim, index: number): void {
    const s = this.style;
    this.segment = index;
    const seg = sim.scenario.runOfShow[index];
    const host = sim.scenario.meta.seat === 'host';
    if (!seg.product) return;
    const p = sim.state.productIndex.get(seg.product)!;
    const state = sim.state.products[p];
    const prod = sim.scenario.products[p];
    // A slower host wraps up the previous product before moving on.
    const late = index > 0 && sim.scenario.runOfShow[index - 1].product !== seg.product ? this.delay(s.switchDelay) : 0;
    if (!state.listed && (host || s.followPlan)) this.later(sim, late, { type: 'list_product', product: prod.id });
    // At the controller seat the student runs the console for the scripted host: the 讲解 marker and the card follow the plan.
    if (host || s.followPlan) this.later(sim, late + 300, { type: 'start_explaining', product: prod.id });
    if (s.pushCard && (host || s.followPlan)) this.later(sim, late + this.delay(s.cardDelay), { type: 'show_card', product: prod.id });
    const points = prod.sellingPoints.map((x) => x.id);
    const keep = Math.max(1, Math.round(points.length * s.coverage));
    this.pointQueue = points.slice(0, keep);
    this.lines = 0;
    this.nextTalk = sim.now + late + 800;
    // A short return to a product already pitched (a block of at most RECAP_BLOCK_MS): one recap
    // line of its points, then the price and the call to buy, instead of the whole pitch again.
    const returning = this.pitched.has(prod.id) && (index === 0 || sim.scenario.runOfShow[index - 1].product !== seg.product);
    this.recap = null;
    if (s.recapOnReturn && returning && blockMs(sim.scenario, index) <= RECAP_BLOCK_MS) {
      const kws = prod.sellingPoints.filter((x) => this.pointQueue.includes(x.id)).map((x) => x.keywords[0]);
      const name = sim.lang === 'en' ? prod.name.en : prod.name.zh;
      this.recap = sim.lang === 'en' ? `Back to ${name}, quick recap: ${kws.join(', ')}.` : `再回到${name}，快速回顾一下：${kws.join('、')}。`;
      this.pointQueue = [];
    }
    this.pitched.add(prod.id);
    if (s.flashSale && !this.flashDone.has(index) && seg.flashSale) {
      this.flashDone.add(index);
      const f = seg.flashSale;
      // After the product is listed (a slower host lists it `late`).
      this.later(sim, late + 4000, { type: 'start_flash_sale', product: prod.id, price: f.price, quantity: Math.min(f.quantity, state.stock), perBuyer: f.perBuyer, countdown: 10, duration: Math.min(300, Math.max(60, seg.duration - 20)) });
      // Once the sale opens (after its 10 s countdown): the flash price, the link and the ask.
      if (s.flashCall && host) {
        const en = sim.lang === 'en';
        const price = yuanText(Math.round(f.price * 100));
        this.later(sim, late + 4000 + 10000 + this.delay([2000, 5000]), { type: 'say', text: en ? `Flash sale is open: ${prod.name.en} at ${cur(sim)}${price}, link #${prod.no}, grab it now!` : `秒杀开始了！${prod.name.zh}秒杀价${price}元，${prod.no}号链接，抢到的扣个抢到了！` });
      }
    }
  }

  private pitchLine(sim: Sim): string | null {
    const s = this.style;
    const en = sim.lang === 'en';
    if (sim.state.explaining < 0) {
      if (!s.followPlan && this.lines++ % 3 !== 0) return null;
      return en ? 'Hello everyone, welcome to the stream.' : '大家好，欢迎来到直播间。';
    }
    const prod = sim.scenario.products[sim.state.explaining];
    const state = sim.state.products[sim.state.explaining];
    const name = en ? prod.name.en : prod.name.zh;
    if (this.recap) {
      const line = this.recap;
      this.recap = null;
      return line;
    }
    const n = this.lines++;
    if (this.pointQueue.length > 0) {
      const ids = this.pointQueue.splice(0, Math.max(1, s.pointsPerLine));
      const line = ids
        .map((id) => {
          const sp = prod.sellingPoints.find((x) => x.id === id)!;
          return sp.keywords.some((k) => sp.text.includes(k)) ? sp.text : `${sp.text}（${sp.keywords[0]}）`;
        })
        .join(en ? '; ' : '；');
      if (this.style.violate && n % 2 === 0) return en ? `${name} is the best in the whole world, lowest price anywhere! ${line}` : `这款${name}是全网最低价，绝对是最好的！${line}`;
      return en ? `${name}: ${line}` : `这款${name}，${line}`;
    }
    // The planned price, not whatever the console shows (it may be wrong right now).
    const price = yuanText(state.intendedPrice);
    if (s.combinedAsk) {
      // One full line with the price and the ask, then an invitation to ask.
      if (n % 2 === 0) return en ? `${name} is only ${cur(sim)}${price} today: link #${prod.no}, tap buy now!` : `${name}今天到手价${price}元，${prod.no}号链接，喜欢的直接拍！`;
      return en ? `Any questions about ${name}? Ask in the comments.` : `关于${name}有什么问题，打在公屏上，我一个个回答。`;
    }
    switch (n % 4) {
      case 0:
        // A hard seller quotes the price against a made-up original price, then steers buyers off the platform.
        if (this.style.violate) return en ? `Original price ${cur(sim)}299, today only ${cur(sim)}${price}! Add me on WeChat vx123456 for a private deal, only 3 left!` : `原价299元的${name}，今天只要${price}元！想要更便宜的加我微信，私聊下单，最后3件了！`;
        return s.statePrice ? (en ? `Live price for ${name} is only ${cur(sim)}${price} today.` : `${name}今天直播间到手价只要${price}元。`) : null;
      case 1:
        return s.callToAction ? (en ? `Link #${prod.no} is open, buy it now!` : `${prod.no}号链接已经上车了，喜欢的直接拍下！`) : null;
      case 2:
        return s.callToAction ? (en ? 'Tap like and share the stream with friends!' : '觉得不错的宝宝点点赞，分享给朋友！') : null;
      default:
        return en ? `Any questions about ${name}? Ask in the comments.` : `关于${name}有什么问题，打在公屏上，我一个个回答。`;
    }
  }

  /** Viewers leaving: a call to like and follow, and the card again, a few seconds later. */
  private watchOnline(sim: Sim, t: number, online: number): void {
    this.onlineSeen.push({ t, online });
    while (this.onlineSeen.length > 0 && this.onlineSeen[0].t < t - 60000) this.onlineSeen.shift();
    const peak = Math.max(...this.onlineSeen.map((x) => x.online));
    if (t < this.nextOnlineMove || sim.status !== 'live' || peak < 15 || online > 0.8 * peak) return;
    this.nextOnlineMove = t + 120000;
    const p = sim.state.explaining;
    const d = this.delay(this.style.react);
    const en = sim.lang === 'en';
    const name = p >= 0 ? (en ? sim.scenario.products[p].name.en : sim.scenario.products[p].name.zh) : '';
    this.later(sim, d, { type: 'say', text: en ? `Just joined? Tap follow and like${name ? `, we are on ${name} right now` : ''}!` : `刚进来的宝宝点个关注、点点赞${name ? `，现在讲的是${name}` : ''}，马上还有福利！` });
    if (p >= 0) this.later(sim, d + 1500, { type: 'show_card', product: sim.scenario.products[p].id });
  }

  /** Clicks without orders: the price and the coupon again, in new words. */
  private watchConversion(sim: Sim, t: number): void {
    this.clicksSeen.push(t);
    while (this.clicksSeen.length > 0 && this.clicksSeen[0] < t - 120000) this.clicksSeen.shift();
    if (t < this.nextConversionMove || sim.status !== 'live' || this.clicksSeen.length < 10 || this.lastOrderAt >= t - 120000) return;
    const p = sim.state.explaining;
    if (p < 0) return;
    this.nextConversionMove = t + 120000;
    const prod = sim.scenario.products[p];
    const price = yuanText(sim.state.products[p].intendedPrice);
    const en = sim.lang === 'en';
    this.later(sim, this.delay(this.style.react), { type: 'say', text: en ? `Lots of you tapped ${prod.name.en} but haven't ordered: it is ${cur(sim)}${price} today, claim the coupon first, link #${prod.no}.` : `看到很多宝宝点了${prod.name.zh}还没下单，今天到手价${price}元，先领券再拍，${prod.no}号链接。` });
  }

  private observe(sim: Sim, e: SimEvent): void {
    const s = this.style;
    const en = sim.lang === 'en';
    const host = sim.scenario.meta.seat === 'host';
    switch (e.type) {
      case 'comment': {
        if (e.hidden) return;
        if (e.kind === 'question' && e.product && e.fact && this.rng.float() < s.answer && knowsFact(sim, e.product, e.fact, s.knows)) {
          const fact = sim.scenario.products[sim.state.productIndex.get(e.product)!].facts.find((f) => f.key === e.fact)!;
          const label = en ? fact.label.en : fact.label.zh;
          // A reckless host brushes questions off with a boast instead of the fact.
          const text = s.violate ? (en ? 'Best quality in the world, trust me.' : '放心，质量全网第一！') : en ? `${label}: ${fact.value}.` : `${e.user}你好，${label}是${fact.value}。`;
          this.later(sim, this.delay(s.react), { type: 'reply_comment', comment: e.id, text });
        } else if ((e.kind === 'troll' || (e.kind === 'complaint' && !e.incident)) && e.kind === 'troll') {
          if (s.moderate && this.rng.float() < s.handle) this.later(sim, this.delay(s.react), { type: 'mute_user', viewer: e.viewer, minutes: 30 });
          else if (s.violate) {
            const insult = en ? 'Shut up, idiot, get out of my stream.' : '你有病吧，闭嘴，滚出我的直播间！';
            // A reckless host says it on air; a reckless controller types it as a reply.
            this.later(sim, this.delay(s.react), host ? { type: 'say', text: insult } : { type: 'reply_comment', comment: e.id, text: insult });
          }
        } else if (e.kind === 'complaint' && !e.incident && this.rng.float() < s.complaints) {
          // A calm reply that neither argues nor promises what it cannot.
          const text = en ? 'Sorry about that, and thanks for telling us. We are on it.' : `${e.user}，不好意思，感谢反馈，我们马上改进！`;
          this.later(sim, this.delay(s.react), { type: 'reply_comment', comment: e.id, text });
        } else if (e.kind === 'price' && s.statePrice && host && this.rng.float() < s.answer * 0.5) {
          const p = e.product ? sim.state.productIndex.get(e.product)! : sim.state.explaining;
          if (p !== undefined && p >= 0) {
            const prod = sim.scenario.products[p];
            this.later(sim, this.delay(s.react), { type: 'reply_comment', comment: e.id, text: en ? `Link #${prod.no} is only ${cur(sim)}${yuanText(sim.state.products[p].intendedPrice)} today.` : `${prod.no}号链接今天${yuanText(sim.state.products[p].intendedPrice)}元。` });
          }
        }
        return;
      }
      case 'incident.started': {
        const inc = sim.scenario.incidents.find((i) => i.id === e.incident)!;
        if (this.rng.float() >= s.handle && !(inc.kind === 'stream_drop' && s.handleDrops)) return;
        const d = this.delay(s.react);
        switch (inc.kind) {
          case 'stream_drop':
            this.later(sim, d, { type: 'reconnect_stream', via: 'backup' });
            this.dropHandledAt = sim.now + d;
            if (host) this.later(sim, d + 1500, { type: 'say', text: en ? 'Sorry, the connection dropped for a moment. We are back!' : '抱歉刚才网络波动断了一下，让大家久等了，我们继续！' });
            break;
          case 'wrong_link':
            this.later(sim, d, { type: 'fix_link', product: inc.product });
            break;
          case 'wrong_price': {
            const prod = sim.scenario.products.find((p) => p.id === inc.product)!;
            this.later(sim, d, { type: 'set_price', product: inc.product, price: prod.livePrice });
            break;
          }
          case 'supplier_price_change':
            this.later(sim, d, { type: 'set_price', product: inc.product, price: inc.price });
            if (host) this.later(sim, d + 1000, { type: 'say', text: en ? `Heads-up: the price is now ${cur(sim)}${inc.price}.` : `跟大家说明一下，这款的价格调整为${inc.price}元。` });
            break;
          case 'coupon_misconfig':
            this.later(sim, d, { type: 'stop_coupon', coupon: inc.coupon.id });
            break;
          case 'stock_mismatch': {
            const p = sim.state.products[sim.state.productIndex.get(inc.product)!];
            this.later(sim, d, { type: 'set_stock', product: inc.product, stock: Math.max(0, p.warehouse - p.sold - 5) });
            break;
          }
          case 'troll_wave':
            for (const ev of sim.log.slice(e.id)) if (ev.type === 'comment' && ev.incident === inc.id) this.later(sim, d, { type: 'mute_user', viewer: ev.viewer, minutes: 60 });
            break;
          case 'quality_complaint': {
            // A host who leaves complaints alone (complaints: 0) leaves this one too.
            if (this.rng.float() >= s.complaints) break;
            const c = sim.log.slice(e.id).find((ev) => ev.type === 'comment' && ev.incident === inc.id);
            const text = en ? 'So sorry about that. Please contact customer service: free return or exchange within 7 days.' : '非常抱歉给您带来不好的体验，请联系客服，支持七天无理由退换，我们一定负责到底。';
            if (c) this.later(sim, d, { type: 'reply_comment', comment: c.id, text });
            break;
          }
          case 'platform_warning':
            this.later(sim, d, { type: 'acknowledge_warning', incident: inc.id });
            break;
          case 'mic_failure':
            this.later(sim, d, { type: 'fix_microphone' });
            // A careful host also tells viewers on the screen, then apologises and says the price again once heard.
            if (s.micRecovery) {
              this.later(sim, d, { type: 'post_announcement', text: en ? 'Microphone problem, sound back in a moment!' : '麦克风故障，声音马上恢复，请稍等！' });
              if (host) this.later(sim, d + 1500, { type: 'say', text: micRecoveryLine(sim) });
            }
            break;
        }
        return;
      }
      case 'cue.issued':
        // Already done (the marker was on, the coupon out) when the host asked: nothing to do.
        if (sim.state.tasks.some((t) => t.id === e.cue && t.handled && t.startEvent === e.id)) return;
        if (this.rng.float() < s.handle) {
          const a: Record<string, unknown> = { type: e.action };
          if (e.product) a.product = e.product;
          if (e.coupon) a.coupon = e.coupon;
          if (e.action === 'issue_coupon' && !e.coupon) {
            const c = [...sim.state.coupons.values()].find((x) => x.issuedUntil < 0);
            if (!c) return;
            a.coupon = c.id;
          }
          if (e.action === 'start_explaining' || e.action === 'show_card') {
            const p = sim.state.productIndex.get(e.product!)!;
            if (!sim.state.products[p].listed) this.later(sim, this.delay(s.react) - 500, { type: 'list_product', product: e.product! });
          }
          if (e.action === 'start_flash_sale') {
            const p = sim.state.products[sim.state.productIndex.get(e.product!)!];
            Object.assign(a, { price: Math.floor(p.price * 0.8) / 100, quantity: Math.max(1, Math.min(30, Math.floor(p.stock / 4))), perBuyer: 1 });
          }
          if (e.action === 'set_price' && e.price !== undefined) a.price = e.price / 100;
          else if (e.action === 'set_stock' && e.stock !== undefined) a.stock = e.stock;
          else if (e.action === 'set_price' || e.action === 'set_stock' || e.action === 'post_announcement' || e.action === 'pin_comment' || e.action === 'launch_lucky_bag' || e.action === 'send_red_packet') {
            const fill = cueDefaults(sim, e.action, e.product);
            if (!fill) return;
            Object.assign(a, fill);
          }
          const d = this.delay(s.react);
          this.later(sim, d, a as ActionBody);
          // A controller tells viewers about a coupon on the public notice: claim it first, and what it is worth.
          if (e.action === 'issue_coupon' && !host && s.callToAction && typeof a.coupon === 'string') {
            const c = sim.state.coupons.get(a.coupon);
            const worth = c && s.explainCoupons ? couponWorth(sim, c) : null;
            this.later(sim, d + 1500, { type: 'post_announcement', text: (en ? 'Claim the coupon before you order. ' : '下单前先领券！') + (worth ?? '') });
          }
        }
        return;
      case 'product.soldout':
        if (s.moderate && this.rng.float() < s.handle) {
          this.later(sim, this.delay(s.react), { type: 'delist_product', product: e.product });
        }
        return;
      case 'viewer.join':
        if (e.vip) {
          this.vips.push({ viewer: e.viewer, user: e.user, greeted: false });
          // A VIP is welcomed by name soon after arriving.
          if (host && s.greetEvery < 1e11) this.nextGreet = Math.min(this.nextGreet, sim.now + this.delay(s.react));
        }
        return;
      case 'room.restored':
        void this.dropHandledAt;
        return;
      // In a run of ten minutes or more: a drill's few minutes are about its incident.
      case 'audience.second':
        if (s.watchNumbers && host && sim.durationMs >= 600000) this.watchOnline(sim, e.t, e.online);
        return;
      case 'product.click':
        if (s.watchNumbers && host && sim.durationMs >= 600000) this.watchConversion(sim, e.t);
        return;
      case 'order.placed':
        this.lastOrderAt = e.t;
        return;
      default:
        return;
    }
  }
}

