/**
 * Deterministic random action streams for the golden digests: every action type, valid and
 * not (unknown ids, bad payloads, late times, actions after the end), mixed into a bot's own
 * actions. A small LCG keeps the streams independent of any library's generator.
 */
export interface FuzzScenario {
  products: { id: string; livePrice: number; stock: number }[];
  coupons: { id: string }[];
  runOfShow: { id: string }[];
  incidents: { id: string }[];
}

const TEXTS = [
  '欢迎新进来的宝宝们，点个关注！', '1号链接拍起来，库存不多了', '这是全网最低价，加微信给你返现', '秒杀价9.9元', '只剩3件了',
  '原价999，今天只要99', '不好意思让大家久等了，售后有问题找客服退换', '你是不是傻', '质量问题可以七天无理由退货', '能治病的',
  'Welcome everyone! Tap follow.', 'best price ever, add me on WeChat', '',
];

export function lcg(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/** `count` random actions stamped within [0, durationMs + 60 s). */
export function fuzzActions(s: FuzzScenario, durationMs: number, seed: number, count: number): Record<string, unknown>[] {
  const r = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const product = () => (r() < 0.9 && s.products.length > 0 ? pick(s.products).id : 'no-such-product');
  const coupon = () => (r() < 0.8 && s.coupons.length > 0 ? pick(s.coupons).id : pick(['fz-coupon', 'nope']));
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const t = r() < 0.03 ? -5 : Math.floor(r() * (durationMs + 60_000));
    const kind = Math.floor(r() * 30);
    let a: Record<string, unknown>;
    switch (kind) {
      case 0: a = { type: 'list_product', product: product() }; break;
      case 1: a = { type: 'delist_product', product: product() }; break;
      case 2: a = { type: 'start_explaining', product: product() }; break;
      case 3: a = { type: 'stop_explaining' }; break;
      case 4: a = { type: 'show_card', product: product() }; break;
      case 5: a = { type: 'hide_card' }; break;
      case 6: { const p = pick(s.products); a = { type: 'set_price', product: p.id, price: r() < 0.2 ? -1 : Math.round(p.livePrice * (0.5 + r()) * 100) / 100 }; break; }
      case 7: a = { type: 'set_stock', product: product(), stock: Math.floor(r() * 500) }; break;
      case 8: a = { type: 'fix_link', product: product() }; break;
      case 9: a = { type: 'create_coupon', coupon: `fz${Math.floor(r() * 5)}`, kind: pick(['live', 'threshold']), threshold: pick([0, 50, 100]), discount: pick([1, 5, 20, 500]), quantity: 1 + Math.floor(r() * 300), ...(r() < 0.5 ? { validity: 120 } : {}) }; break;
      case 10: a = { type: 'issue_coupon', coupon: r() < 0.5 ? coupon() : `fz${Math.floor(r() * 5)}` }; break;
      case 11: a = { type: 'stop_coupon', coupon: coupon() }; break;
      case 12: { const p = pick(s.products); a = { type: 'start_flash_sale', product: p.id, price: Math.round(p.livePrice * 0.7 * 100) / 100, quantity: 1 + Math.floor(r() * Math.max(1, p.stock)), ...(r() < 0.5 ? { countdown: 10 + Math.floor(r() * 60) } : {}) }; break; }
      case 13: a = { type: 'stop_flash_sale' }; break;
      case 14: a = { type: 'launch_lucky_bag', entry: pick(['follow', 'comment']), ...(r() < 0.7 ? { keyword: '想要' } : {}), prize: '免单', winners: 1 + Math.floor(r() * 5), drawAfter: 60 + Math.floor(r() * 200) }; break;
      case 15: a = { type: 'send_red_packet', total: pick([10, 100, 0.01]), count: pick([1, 10, 50]) }; break;
      case 16: case 17: case 18: a = { type: 'say', text: pick(TEXTS) + (r() < 0.5 ? `${pick(s.products).id}` : '') }; break;
      case 19: a = { type: 'reply_comment', comment: Math.floor(r() * 3000), text: pick(TEXTS) || '好的' }; break;
      case 20: a = { type: 'pin_comment', comment: Math.floor(r() * 3000) }; break;
      case 21: a = { type: 'unpin_comment' }; break;
      case 22: a = { type: 'mute_user', viewer: 1 + Math.floor(r() * 400), ...(r() < 0.5 ? { minutes: 5 } : {}) }; break;
      case 23: a = { type: 'block_user', viewer: 1 + Math.floor(r() * 400) }; break;
      case 24: a = { type: 'set_keyword_filter', words: r() < 0.5 ? ['骗子', '假货', 'scam'] : [] }; break;
      case 25: a = { type: 'post_announcement', text: pick(TEXTS).slice(0, 40) }; break;
      case 26: a = { type: pick(['reconnect_stream', 'fix_microphone']), ...(r() < 0.5 ? { via: pick(['retry', 'backup']) } : {}) }; break;
      case 27: a = { type: 'acknowledge_warning', incident: s.incidents.length > 0 && r() < 0.7 ? pick(s.incidents).id : 'x' }; break;
      case 28: a = r() < 0.5 ? { type: 'start_segment', segment: pick(s.runOfShow).id } : { type: 'set_plan', order: [...s.runOfShow.map((x) => x.id)].sort(() => r() - 0.5) }; break;
      default: a = r() < 0.1 ? { type: 'end_stream' } : { type: pick(['bogus', 'toString', 'say']), junk: 1 };
    }
    out.push({ t, ...a });
  }
  return out;
}
