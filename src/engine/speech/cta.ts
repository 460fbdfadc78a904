/**
 * Calls to action as hosts say them. Each kind has a few rules, each a small pattern with the
 * reason it is there; a match that a negation governs (不要冲动下单, 先别拍, don't buy) is not a call.
 * Rules run on lowercase, space-free text with Chinese numerals as digits (一号链接 → 1号链接),
 * except the English ones, which keep their spaces.
 */
import { numeralsToDigits } from './numbers';

export type CtaKind = 'follow' | 'like' | 'share' | 'coupon' | 'buy' | 'fanclub' | 'lucky_bag';

interface Rule {
  re: RegExp;
  /** English rules read the text with its spaces. */
  en?: boolean;
}

/** A link number: 1号链接, 3号, 12号. */
const LINK = '\\d{1,2}号(?:链接|宝贝|商品)?';

const RULES: Record<CtaKind, Rule[]> = {
  follow: [
    // 点个关注 / 点点关注 / 点一下关注 / 加个关注 / 关注一下主播 / 关注我们.
    { re: /点(?:个|一下|点|击)?关注|加(?:个|一下)?关注|关注(?:一下)?(?:主播|我们|我|直播间|咱们)|左上角(?:点)?(?:个)?关注|还没(?:有)?关注的|关注(?:一下)?(?=[，。！!,.~]|$)/ },
    { re: /\b(?:tap|hit|click|press|smash) (?:the )?follow|\bfollow (?:us|me|the (?:stream|channel|shop|store|room))|\bfollow to\b|\bgive (?:us|me) a follow/, en: true },
  ],
  like: [
    // 点赞 / 点点赞 / 双击屏幕 / 小心心 / 点亮屏幕.
    { re: /点(?:个|点|一下)?赞|双击|小心心|小红心|点亮(?:屏幕|小心心|爱心)|赞一(?:个|下)/ },
    { re: /\b(?:tap|hit|smash|press) (?:the )?(?:like|heart)|\bgive (?:us|me|it|the stream) a like|\blike (?:the|this) (?:stream|live|video)|\bdouble[- ]tap/, en: true },
  ],
  share: [
    // 分享给朋友 / 转发到群里 / 帮主播分享; not 给大家分享一个小技巧 (the host sharing).
    { re: /(?<!给(?:大家|你们|宝宝们|家人们|姐妹们))(?:分享|转发)(?:给|到|出去|直播间|一下直播间)|(?:帮|帮忙|帮主播|帮我)(?:分享|转发)|叫上(?:朋友|姐妹|闺蜜|家人)/ },
    { re: /\bshare (?:the |this |our )?(?:stream|live|link)|\bshare (?:it )?with (?:your )?(?:friends|family)|\btell your friends/, en: true },
  ],
  coupon: [
    // 领券 / 先领券 / 领一下优惠券 / 券已经发了 / 抢券 / 优惠券上了.
    { re: /领(?:取)?(?:一下|个|张)?(?:优惠)?券|先领券|抢(?:优惠)?券|券(?:已经)?(?:发|上)|优惠券(?:已经)?(?:发|上|出)|领完券/ },
    { re: /\bcoupon/, en: true },
  ],
  buy: [
    // Plain asks to order: 下单 / 拍下 / 抢购 / 上车 / 加购 / 买它 / 入手 (not 已经下单的).
    { re: /(?<!已经|已)(?:下单|拍下)|抢购|上车|加购|买它|买买买|入手|带回家/ },
    // 拍/抢/冲/买 as an imperative: 直接拍 / 赶紧抢 / 冲冲冲 / 拍起来 / 拍一单 / 冲一波 (not 冲泡, 拍照, 抢手).
    { re: /(?:直接|赶紧|快|抓紧|马上|现在|可以|都可以|去|放心|闭眼)(?:拍|抢|冲|买)(?!照|摄|视频|手|眼|泡|洗|调|锋|一杯)|(?:拍|抢|冲|买)起来|拍\d?(?:单|件|份)(?!数)|(?:一起|单独|顺手|顺便|一块)拍|冲冲冲|冲一波|冲鸭|冲啊|开抢|开拍|抢到|手慢无|拼手速|拍它|拍走/ },
    // The link: 点1号链接 / 点击下方链接购买 / 1号链接拍起来 / 上链接 / 链接已经上了 / 小黄车 / 购物车.
    { re: new RegExp(`(?:点|点击|点开|戳|进)[^，。！？!?,]{0,8}链接|${LINK}[^，。！？!?,]{0,6}(?:拍|抢|冲|下单|购买|买|走起|安排)|上链接|链接(?:已经)?(?:上|来)(?:了|架|车|啦)|小黄车|黄车|购物车|橱窗`) },
    // 购买 as an ask: 点击购买 / 去购买 / 立即购买 (not 购买须知, 限购).
    { re: /(?:点击|去|直接|立即|马上|赶紧|可以)购买/ },
    // Countdowns: 30秒后开抢 / 倒计时 / 3、2、1上链接.
    { re: /\d+秒(?:后|之后|以后)?(?:开抢|开卖|开拍|上链接|上车|开始抢)|倒计时|321(?:上链接|开抢|上车|开拍|拍|抢)/ },
    { re: /\bbuy (?:it |one |yours |them )?now|\badd (?:it |them |one )?to (?:your )?(?:cart|basket)|\bgrab (?:it|one|yours|them)|\b(?:tap|hit|click) (?:the )?(?:link|cart|buy|yellow cart)|\bcheck ?out now|\border now|\bget yours|\bshop now|\bsnag (?:one|yours)/, en: true },
  ],
  fanclub: [
    { re: /粉丝团|灯牌|加团|入团/ },
    { re: /\bfan ?club/, en: true },
  ],
  lucky_bag: [
    { re: /福袋|抽奖/ },
    { re: /\bgiveaway|\blucky (?:bag|draw)/, en: true },
  ],
};

/** A negation right before a call cancels it: 不要冲动下单, 先别拍, 不用急着抢, don't buy. */
const NEGATED_ZH = /(?:不要|别|不用|先别|不急着|不着急|没必要|无需|不必|不需要|不建议)(?:急着|着急|马上|冲动|盲目)?$/;
const NEGATED_EN = /\b(?:don't|do not|no need to|never)\s*$/;

/** The rules compiled once as global patterns (matchAll needs the g flag). */
const COMPILED: [CtaKind, { re: RegExp; en: boolean }[]][] = (Object.keys(RULES) as CtaKind[]).map((kind) => [
  kind,
  RULES[kind].map((r) => ({ re: new RegExp(r.re.source, 'g'), en: r.en === true })),
]);

export function detectCtas(text: string): { kind: CtaKind; match: string }[] {
  const lower = text.normalize('NFKC').toLowerCase();
  const squashed = lower.replace(/[\s\u3000]+/g, '');
  const zh = numeralsToDigits(squashed);
  // "3、2、1" / "三，二，一" countdowns: the marks between the numerals are dropped for the buy rules.
  const countdown = numeralsToDigits(squashed.replace(/([一二三四五\d])[、，,.。!！]+(?=[一二三四五\d])/g, '$1'));
  const en = lower.replace(/’/g, "'");
  const out: { kind: CtaKind; match: string }[] = [];
  for (const [kind, rules] of COMPILED) {
    let found: string | null = null;
    for (const rule of rules) {
      const s = rule.en ? en : kind === 'buy' ? countdown : zh;
      for (const m of s.matchAll(rule.re)) {
        const before = s.slice(Math.max(0, (m.index ?? 0) - 8), m.index);
        if ((rule.en ? NEGATED_EN : NEGATED_ZH).test(before)) continue;
        found = m[0];
        break;
      }
      if (found) break;
    }
    if (found) out.push({ kind, match: found });
  }
  return out;
}
