/**
 * Incidents and cues: things that happen to the room and need the student to act
 * within a time limit. Each one logs `incident.started` (or `cue.issued`), then
 * exactly one of `incident.handled` / `cue.done` or, when the window passes,
 * `incident.missed` / `cue.missed` (handling it later still logs `handled` with
 * `late: true`). What counts as handling each kind is defined here and in
 * docs/scenario-format.md.
 */
import type { Action } from './actions';
import type { Scenario } from './scenario/load';
import { complaintGroup, type Sim, type Task } from './sim';
import { fen } from './money';
import { F_COMPLAINER, F_WAVE_TROLL } from './audience/pool';
import { isApology, mentionsAfterSales } from './speech';
import { checkEnglishRisks } from './english-risks';
import { checkCompliance } from './compliance';
import type { TaskKind } from './events';

type Incident = Scenario['incidents'][number];

const DEFAULT_WITHIN_SEC: Record<Exclude<TaskKind, 'cue'>, number> = {
  stream_drop: 60,
  wrong_link: 60,
  wrong_price: 45,
  coupon_misconfig: 60,
  stock_mismatch: 60,
  troll_wave: 60,
  quality_complaint: 90,
  platform_warning: 60,
  supplier_price_change: 90,
  mic_failure: 30,
};

const MESSAGES: Record<Exclude<TaskKind, 'cue'>, (sim: Sim, inc: Incident) => { zh: string; en: string }> = {
  stream_drop: () => ({ zh: '推流中断：网络异常，直播画面已停止', en: 'Stream dropped: network failure, the picture has stopped' }),
  wrong_link: (sim, inc) => inc.kind === 'wrong_link'
    ? { zh: `${name(sim, inc.product, 'zh')} 的商品链接挂成了 ${name(sim, inc.target, 'zh')}`, en: `The link of ${name(sim, inc.product, 'en')} points at ${name(sim, inc.target, 'en')}` }
    : blank(),
  wrong_price: (sim, inc) => inc.kind === 'wrong_price'
    ? { zh: `${name(sim, inc.product, 'zh')} 的价格被改成了 ${inc.price} 元`, en: `The price of ${name(sim, inc.product, 'en')} was set to ${inc.price}` }
    : blank(),
  coupon_misconfig: (_sim, inc) => inc.kind === 'coupon_misconfig'
    ? { zh: `运营发出了一张优惠券：满${inc.coupon.threshold}减${inc.coupon.discount}，共 ${inc.coupon.quantity} 张`, en: `Operations issued a coupon: ${inc.coupon.discount} off over ${inc.coupon.threshold}, ${inc.coupon.quantity} of them` }
    : blank(),
  stock_mismatch: (sim, inc) => inc.kind === 'stock_mismatch'
    ? { zh: `仓库通知：${name(sim, inc.product, 'zh')} 实际只剩 ${inc.realStock} 件，后台库存还没改`, en: `Warehouse: only ${inc.realStock} of ${name(sim, inc.product, 'en')} are really left; the console still shows more` }
    : blank(),
  troll_wave: () => ({ zh: '一批黑粉涌入直播间刷负面评论', en: 'A wave of trolls is flooding the comments' }),
  quality_complaint: (sim, inc) => inc.kind === 'quality_complaint'
    ? { zh: `观众投诉 ${name(sim, inc.product, 'zh')} 的质量问题，其他人开始跟评`, en: `A viewer complains about the quality of ${name(sim, inc.product, 'en')}; others pile on` }
    : blank(),
  platform_warning: (_sim, inc) => inc.kind === 'platform_warning'
    ? { zh: `平台警告：${inc.reason.zh}`, en: `Platform warning: ${inc.reason.en}` }
    : blank(),
  supplier_price_change: (sim, inc) => inc.kind === 'supplier_price_change'
    ? { zh: `供应商通知：${name(sim, inc.product, 'zh')} 直播价需调整为 ${inc.price} 元`, en: `Supplier: the live price of ${name(sim, inc.product, 'en')} must change to ${inc.price}` }
    : blank(),
  mic_failure: () => ({ zh: '麦克风故障：观众听不到声音', en: 'Microphone failure: viewers cannot hear you' }),
};

function blank() {
  return { zh: '', en: '' };
}

function name(sim: Sim, id: string, lang: 'zh' | 'en'): string {
  const p = sim.scenario.products.find((x) => x.id === id);
  return p ? p.name[lang] : id;
}

export function startIncident(sim: Sim, inc: Incident): void {
  if (sim.finished) return;
  const within = (inc.within ?? DEFAULT_WITHIN_SEC[inc.kind]) * 1000;
  const deadline = sim.eventTime + within;
  const message = inc.message ?? MESSAGES[inc.kind](sim, inc);
  const product = 'product' in inc ? inc.product : undefined;
  const ev = sim.emit('incident.started', { incident: inc.id, kind: inc.kind, ...(product ? { product } : {}), message, deadlineMs: deadline });
  const task: Task = { id: inc.id, kind: inc.kind, startEvent: ev, startedAt: sim.eventTime, deadline, handled: false, missed: false, data: {} };
  sim.tasks.push(task);
  const p = product !== undefined ? sim.products[sim.productIndex.get(product)!] : undefined;
  switch (inc.kind) {
    case 'stream_drop':
      if (sim.status === 'live') {
        sim.status = 'interrupted';
        sim.streamDropRetryAt = sim.eventTime + inc.retryFailsFor * 1000;
        sim.emit('room.interrupted', { cause: 'stream_drop' }, [ev]);
      }
      break;
    case 'wrong_link': {
      const target = sim.productIndex.get(inc.target)!;
      p!.linkTarget = target;
      sim.emit('product.link.changed', { product: p!.id, target: inc.target }, [ev]);
      break;
    }
    case 'wrong_price': {
      const from = p!.price;
      p!.price = fen(inc.price);
      sim.emit('product.price.changed', { product: p!.id, from, to: p!.price, by: 'incident' }, [ev]);
      break;
    }
    case 'supplier_price_change':
      // The console keeps the old price until the student changes it; from now on the intended price is the new one.
      p!.intendedPrice = fen(inc.price);
      task.data.price = fen(inc.price);
      break;
    case 'coupon_misconfig': {
      const c = inc.coupon;
      sim.addCoupon(c, true).issuedUntil = sim.eventTime + c.validity * 1000;
      sim.resetCouponClaims();
      sim.emit('coupon.created', { coupon: c.id, kind: c.kind, threshold: fen(c.threshold), discount: fen(c.discount), quantity: c.quantity, validityMs: c.validity * 1000, products: c.products, by: 'incident' }, [ev]);
      sim.emit('coupon.issued', { coupon: c.id, untilMs: sim.eventTime + c.validity * 1000 }, [ev]);
      task.data.coupon = c.id;
      break;
    }
    case 'stock_mismatch':
      p!.warehouse = p!.sold + inc.realStock;
      task.data.limit = inc.realStock;
      break;
    case 'troll_wave': {
      const trolls: number[] = [];
      for (let i = 0; i < inc.trolls; i++) {
        const slot = sim.newViewer(sim.personaSlotFor('troll'), true);
        sim.pool.flags[slot] |= F_WAVE_TROLL;
        sim.markNotable(slot);
        trolls.push(sim.pool.vid[slot]);
        const text = pickTroll(sim);
        sim.postComment(slot, 'troll', text, { incident: inc.id });
      }
      task.data.trolls = trolls;
      // The wave lasts `duration`; its trolls then lose interest.
      sim.at(sim.eventTime + inc.duration * 1000, () => {
        for (const vid of trolls) {
          const slot = sim.notable.get(vid);
          if (slot !== undefined) sim.pool.flags[slot] &= ~F_WAVE_TROLL;
        }
      });
      break;
    }
    case 'quality_complaint': {
      const slot = sim.newViewer(sim.personaSlotFor('window_shopper'), true);
      sim.pool.flags[slot] |= F_COMPLAINER;
      // Without a scripted text, the complaint fits the product's group (a dishwasher breaks, a scarf loses its shape).
      const text = inc.text ?? (sim.templates(`qualityComplaint:${complaintGroup(sim.scenario.products[p!.index])}`) ?? sim.templates('qualityComplaint')!)[0].split('{product}').join(name(sim, inc.product, sim.lang));
      const c = sim.postComment(slot, 'complaint', text, { product: p!.index, incident: inc.id });
      task.data.comments = [c];
      p!.qualityRisk = 1;
      pileOn(sim, task, inc.product);
      break;
    }
    case 'platform_warning':
      sim.warn(inc.reason.en, inc.id);
      break;
    case 'mic_failure':
      sim.micDown = true;
      break;
  }
}

function pickTroll(sim: Sim): string {
  const zh = ['骗子主播', '全是托，别买', '假货吧这是', '割韭菜的来了', '质量差得要命', '主播赶紧下播吧'];
  const en = ['scammer', 'all fake, do not buy', 'this is a rip-off', 'bots everywhere', 'terrible quality'];
  return sim.rng.pick(sim.lang === 'en' ? en : zh);
}

/** While a quality complaint is unhandled, more viewers pile on every ~20 s and the product's risk grows. */
function pileOn(sim: Sim, task: Task, productId: string): void {
  sim.at(sim.eventTime + 20000, () => {
    if (task.handled || sim.finished) return;
    const p = sim.productIndex.get(productId)!;
    const slot = sim.newViewer(sim.personaSlotFor('window_shopper'), true);
    sim.pool.flags[slot] |= F_COMPLAINER;
    const list = sim.lang === 'en' ? ['same here, poor quality', 'really? not buying then', 'mine too', 'please respond', 'what about after-sales?'] : ['我也是，质量不行', '真的假的，那我不敢买了', '我的也有这个问题', '主播回应一下', '售后呢？'];
    const c = sim.postComment(slot, 'complaint', sim.rng.pick(list), { product: p, incident: task.id });
    (task.data.comments as number[]).push(c);
    sim.products[p].qualityRisk += 0.5;
    sim.trust = Math.max(-1, sim.trust - 0.03);
    pileOn(sim, task, productId);
  });
}

function handle(sim: Sim, task: Task, by: number): void {
  if (task.handled) return;
  task.handled = true;
  const latency = sim.eventTime - task.startedAt;
  const late = sim.eventTime > task.deadline;
  if (task.kind === 'cue') sim.emit('cue.done', { cue: task.id, latencyMs: latency, late }, [task.startEvent, by]);
  else sim.emit('incident.handled', { incident: task.id, kind: task.kind, latencyMs: latency, late }, [task.startEvent, by]);
  if (task.kind === 'quality_complaint' && !late) {
    // A prompt, calm answer stops the spread and wins back some trust.
    const inc = sim.scenario.incidents.find((i) => i.id === task.id);
    const p = inc && 'product' in inc ? sim.products[sim.productIndex.get(inc.product)!] : undefined;
    if (p) p.qualityRisk = Math.min(p.qualityRisk, 0.5);
    sim.trust = Math.min(1, sim.trust + 0.05);
  }
}

/**
 * A cue whose target state already holds when the host calls for it is done at once (latency 0):
 * a controller who put the 讲解 marker on, listed the product or issued the coupon a moment
 * before the host asked has done what was asked, and doing it again would be refused.
 */
export function settleCueIfDone(sim: Sim, task: Task): void {
  const d = task.data as { action: string; product?: string; coupon?: string };
  const p = d.product !== undefined ? sim.productIndex.get(d.product) : undefined;
  let done = false;
  switch (d.action) {
    case 'start_explaining':
      done = p !== undefined && sim.explaining === p;
      break;
    case 'list_product':
      done = p !== undefined && sim.products[p].listed;
      break;
    case 'delist_product':
      done = p !== undefined && !sim.products[p].listed;
      break;
    case 'issue_coupon': {
      const c = d.coupon !== undefined ? sim.coupons.get(d.coupon) : undefined;
      done = c !== undefined && c.issuedUntil > sim.eventTime && !c.stopped;
      break;
    }
    case 'hide_card':
      done = sim.card < 0;
      break;
  }
  if (done) handle(sim, task, task.startEvent);
}

/** After each applied action: does it handle an open incident or cue? */
export function checkTasksAfterAction(sim: Sim, action: Action & { seq: number }): void {
  const last = sim.log[sim.log.length - 1];
  if (!last) return;
  // Find this action's accepted event; a rejected action handles nothing.
  let accepted = -1;
  for (let i = sim.log.length - 1; i >= 0 && sim.log[i].t === sim.eventTime; i--) {
    const e = sim.log[i];
    if (e.type === 'action.accepted' && e.seq === action.seq) {
      accepted = i;
      break;
    }
    if (e.type === 'action.rejected' && e.seq === action.seq) return;
  }
  if (accepted < 0) return;
  const a = action as unknown as Record<string, unknown> & { type: string };
  for (const task of sim.tasks) {
    if (task.handled) continue;
    const inc = task.kind === 'cue' ? undefined : sim.scenario.incidents.find((i) => i.id === task.id);
    const product = inc && 'product' in inc ? inc.product : undefined;
    let ok = false;
    switch (task.kind) {
      case 'cue': {
        const d = task.data as { action: string; product?: string; coupon?: string; price?: number; stock?: number };
        ok = a.type === d.action && (d.product === undefined || a.product === d.product) && (d.coupon === undefined || a.coupon === d.coupon)
          && (d.price === undefined || Math.abs(fen(a.price as number) - fen(d.price)) <= 1)
          && (d.stock === undefined || a.stock === d.stock);
        break;
      }
      case 'stream_drop':
        ok = sim.status === 'live' && a.type === 'reconnect_stream';
        break;
      case 'wrong_link':
        ok = (a.type === 'fix_link' && a.product === product) || (a.type === 'delist_product' && a.product === product);
        break;
      case 'wrong_price': {
        const p = sim.products[sim.productIndex.get(product!)!];
        ok = (a.type === 'set_price' && a.product === product && Math.abs(p.price - p.intendedPrice) <= 1) || (a.type === 'delist_product' && a.product === product);
        break;
      }
      case 'supplier_price_change':
        ok = a.type === 'set_price' && a.product === product && Math.abs(fen(a.price as number) - (task.data.price as number)) <= 1;
        break;
      case 'coupon_misconfig':
        ok = a.type === 'stop_coupon' && a.coupon === task.data.coupon;
        break;
      case 'stock_mismatch': {
        const p = sim.products[sim.productIndex.get(product!)!];
        ok = (a.type === 'set_stock' && a.product === product && p.sold + p.stock <= p.warehouse) || (a.type === 'delist_product' && a.product === product);
        break;
      }
      case 'troll_wave': {
        if (a.type === 'mute_user' || a.type === 'block_user' || a.type === 'set_keyword_filter') {
          const trolls = task.data.trolls as number[];
          const silenced = trolls.filter((vid) => (sim.muted.get(vid) ?? -1) > sim.eventTime || sim.blocked.has(vid)).length;
          const filtered = sim.filterWords.length > 0 && trollTextsFiltered(sim, task);
          ok = silenced * 2 >= trolls.length || filtered;
        }
        break;
      }
      case 'platform_warning':
        ok = a.type === 'acknowledge_warning' && a.incident === task.id;
        break;
      case 'mic_failure':
        ok = a.type === 'fix_microphone';
        break;
      case 'quality_complaint':
        break; // handled by words: see speechHandlesTasks
    }
    if (ok) handle(sim, task, accepted);
  }
}

function trollTextsFiltered(sim: Sim, task: Task): boolean {
  const trolls = new Set(task.data.trolls as number[]);
  const texts = sim.log.filter((e) => e.type === 'comment' && trolls.has(e.viewer)).map((e) => (e.type === 'comment' ? e.text.toLowerCase() : ''));
  return texts.length > 0 && texts.filter((t) => sim.filterWords.some((w) => t.includes(w))).length * 2 >= texts.length;
}

/** Words that say the host is addressing a complaint, not just pitching: quality, the problem, feedback. */
const ADDRESSES_COMPLAINT = /质量|问题|反馈|投诉|情况|体验|quality|complain|problem|issue|experience|feedback/i;

/**
 * Words that handle an incident: a calm after-sales answer to a quality complaint. A reply to
 * the complaint thread must offer after-sales (售后, 退换, 客服, 退款); speech to the whole room
 * must offer after-sales *and* address the complaint (an apology, or words about the problem),
 * so a routine pitch line that happens to mention 七天无理由 does not count. Insults never do,
 * and a reply to some other comment does not answer this thread.
 */
export function speechHandlesTasks(sim: Sim, text: string, sourceEvent: number, replyTo: number | null): void {
  for (const task of sim.tasks) {
    if (task.handled || task.kind !== 'quality_complaint') continue;
    const comments = task.data.comments as number[];
    const insult = checkCompliance(text).some((f: { category: string }) => f.category === 'insult') || (sim.lang === 'en' && checkEnglishRisks(text).some((f) => f.category === 'insult'));
    if (insult) continue;
    const offers = mentionsAfterSales(text) !== null;
    const ok = replyTo !== null
      ? comments.includes(replyTo) && offers
      : offers && (isApology(text) !== null || ADDRESSES_COMPLAINT.test(text));
    if (ok) handle(sim, task, sourceEvent);
  }
}

/** Each tick: windows that closed without handling. */
export function taskDeadlines(sim: Sim): void {
  for (const task of sim.tasks) {
    if (task.handled || task.missed || sim.now < task.deadline) continue;
    task.missed = true;
    if (task.kind === 'cue') {
      sim.emit('cue.missed', { cue: task.id }, [task.startEvent]);
      continue;
    }
    sim.emit('incident.missed', { incident: task.id, kind: task.kind }, [task.startEvent]);
    sim.trust = Math.max(-1, sim.trust - 0.05);
    if (task.kind === 'quality_complaint') {
      sim.emit('incident.escalated', { incident: task.id, kind: task.kind }, [task.startEvent]);
      sim.warn('unanswered quality complaints (舆情 risk)', task.id);
    }
    if (task.kind === 'platform_warning') sim.penalise('warning not acted on', 0.5, 5 * 60000);
  }
}
