/**
 * What the host's words do in the room. Each detection is logged as an event
 * quoting the matched words, then applied: greetings keep newcomers, calls to
 * action open short windows in which viewers follow, like, claim or buy more,
 * covered selling points raise the product's appeal, answers close questions,
 * and compliance problems cost trust and bring platform warnings.
 */
import { checkCompliance } from './compliance';
import { F_GREETED } from './audience/pool';
import type { Sim } from './sim';
import { fen } from './money';
import {
  coveredPoints, detectCtas, isApology, isGreeting, mentionedProducts, mentionsAfterSales, statedPrices, statedStock, squash,
} from './speech';
import { speechHandlesTasks } from './tasks';

const CTA_WINDOW_MS = 30000;
const SCARCITY_WINDOW_MS = 60000;

/** Analyse an utterance (host speech, a scripted host line or an announcement). */
export function analyseSpeech(sim: Sim, text: string, sourceEvent: number, replyTo: number | null, opts: { announcement?: boolean } = {}): void {
  const refs = [sourceEvent];
  if (!opts.announcement) sim.lastSpeech = sim.eventTime;
  const products = sim.scenario.products;

  // Greetings: everyone who arrived in the last 30 s is welcomed; a named viewer is welcomed personally.
  // (A reply to one viewer is not a welcome to the room.)
  const greet = replyTo === null && !opts.announcement ? isGreeting(text) : null;
  if (greet) {
    const recent = sim.recentViewers();
    const named: number[] = [];
    for (const vid of sim.greetable()) {
      const slot = sim.notable.get(vid);
      if (slot !== undefined && text.includes(sim.userName(vid))) {
        named.push(vid);
        sim.pool.flags[slot] |= F_GREETED;
      }
    }
    for (const r of recent) sim.pool.flags[r.slot] |= F_GREETED;
    sim.emit('speech.greeting', { viewers: recent.map((r) => r.vid).slice(0, 50), named }, refs);
  }

  for (const cta of detectCtas(text)) {
    sim.ctaUntil[cta.kind] = sim.eventTime + CTA_WINDOW_MS;
    sim.emit('speech.cta', { kind: cta.kind, match: cta.match }, refs);
  }

  // Which product is this about: the ones named, else the one being explained.
  const named = mentionedProducts(text, products);
  for (const m of named) sim.emit('speech.product', { product: products[m.index].id, match: m.match }, refs);
  const about = named.length > 0 ? named.map((m) => m.index) : sim.explaining >= 0 ? [sim.explaining] : products.length === 1 ? [0] : [];

  for (const p of about) {
    const pts = coveredPoints(text, products[p]);
    if (pts.length > 0) {
      const state = sim.products[p];
      const newPoints = pts.map((x) => x.id).filter((id) => !state.covered.has(id));
      for (const id of newPoints) state.covered.add(id);
      sim.emit('speech.points', { product: state.id, points: pts.map((x) => x.id), newPoints, matches: pts.map((x) => x.match) }, refs);
    }
  }

  const focus = about.length > 0 ? about[0] : -1;
  if (focus >= 0) {
    checkPrices(sim, text, focus, refs);
    checkStock(sim, text, focus, refs);
  }

  const after = mentionsAfterSales(text);
  if (after) sim.emit('speech.after_sales', { match: after }, refs);
  const sorry = isApology(text);
  if (sorry) sim.emit('speech.apology', { match: sorry }, refs);

  answerQuestions(sim, text, sourceEvent, replyTo);
  checkViolations(sim, text, focus, refs);
  speechHandlesTasks(sim, text, sourceEvent, replyTo);
}

/** A reply to one comment: answers that comment's question first, then counts as speech. */
export function analyseReply(sim: Sim, text: string, replyEvent: number, comment: number): void {
  analyseSpeech(sim, text, replyEvent, comment);
}

function acceptablePrices(sim: Sim, p: number): number[] {
  const st = sim.products[p];
  const out = [st.price, st.intendedPrice, st.listPrice, st.referencePrice];
  if (sim.flash && sim.flash.product === p) out.push(sim.flash.price);
  for (const seg of sim.scenario.runOfShow) if (seg.flashSale && seg.product === st.id) out.push(fen(seg.flashSale.price));
  for (const c of sim.coupons.values()) {
    if (c.products.length > 0 && !c.products.includes(p)) continue;
    out.push(c.discount, c.threshold);
    for (const base of [st.price, st.intendedPrice]) {
      if (c.kind === 'live' || base >= c.threshold) out.push(base - c.discount);
    }
    if (sim.flash && sim.flash.product === p) out.push(sim.flash.price - c.discount);
  }
  return out;
}

function checkPrices(sim: Sim, text: string, p: number, refs: number[]): void {
  const st = sim.products[p];
  for (const s of statedPrices(text)) {
    const stated = fen(s.value);
    if (s.anchor) {
      // 原价/划线价 must not exceed the real list price: a higher "original price" is a false anchor.
      const ok = stated <= Math.max(st.listPrice, st.referencePrice) + 50;
      sim.emit('speech.price', { product: st.id, stated, ok, anchor: true, match: s.match }, refs);
      if (!ok) {
        sim.trust = Math.max(-1, sim.trust - 0.1);
        st.misled = true;
        sim.emit('speech.violation', {
          ruleId: 'engine-false-anchor',
          category: 'false_price',
          severity: 2,
          text: s.match,
          start: Math.max(0, text.indexOf(String(s.value))),
          end: Math.max(0, text.indexOf(String(s.value))) + String(s.value).length,
          rule: '价格违法行为行政处罚规定 第七条; 明码标价和禁止价格欺诈规定 第十九条',
          source: '国家市场监督管理总局',
          reason: { zh: `所说原价高于商品实际划线价 ${(st.listPrice / 100).toFixed(2)} 元，构成虚构原价。`, en: `The stated original price is above the real list price (${(st.listPrice / 100).toFixed(2)}): a false price anchor.` },
        }, refs);
        sim.warn('false original price');
      }
      continue;
    }
    const ok = acceptablePrices(sim, p).some((v) => Math.abs(v - stated) <= 1 || (Number.isInteger(s.value) && Math.floor(v / 100) === s.value));
    sim.emit('speech.price', { product: st.id, stated, ok, anchor: false, match: s.match }, refs);
    if (!ok) {
      st.misled = true;
      sim.trust = Math.max(-1, sim.trust - 0.05);
    }
  }
}

function checkStock(sim: Sim, text: string, p: number, refs: number[]): void {
  const st = sim.products[p];
  for (const s of statedStock(text)) {
    const actual = st.stock;
    let verdict: 'true' | 'false_scarcity' | 'overstated' = 'true';
    if (s.value < actual && actual - s.value > Math.max(3, actual * 0.2)) verdict = 'false_scarcity';
    else if (s.value > actual + Math.max(2, actual * 0.2)) verdict = 'overstated';
    sim.emit('speech.stock', { product: st.id, stated: s.value, actual, verdict, match: s.match }, refs);
    if (verdict === 'true') sim.scarcityUntil = sim.eventTime + SCARCITY_WINDOW_MS;
    else {
      st.misled = true;
      sim.trust = Math.max(-1, sim.trust - (verdict === 'false_scarcity' ? 0.1 : 0.05));
      if (verdict === 'false_scarcity') {
        sim.emit('speech.violation', {
          ruleId: 'engine-false-scarcity',
          category: 'false_scarcity',
          severity: 2,
          text: s.match,
          start: 0,
          end: 0,
          rule: '反不正当竞争法 第八条; 网络直播营销管理办法(试行) 第十八条',
          source: '全国人大常委会; 国家互联网信息办公室等七部门',
          reason: { zh: `声称只剩 ${s.value} 件，实际库存 ${actual} 件，属于虚假紧迫感。`, en: `Claimed only ${s.value} left while ${actual} are in stock: false scarcity.` },
        }, refs);
      }
    }
  }
}

/** Close open questions the utterance answers. A reply answers its own comment; speech answers any question it addresses. */
function answerQuestions(sim: Sim, text: string, sourceEvent: number, replyTo: number | null): void {
  if (sim.questions.size === 0) return;
  const said = squash(text);
  const first = (words: readonly string[]) => {
    for (const w of words) if (w.length > 0 && said.includes(w)) return w;
    return null;
  };
  for (const q of [...sim.questions.values()]) {
    const words = sim.factWords[q.product][q.fact];
    const isReply = replyTo === q.eventId;
    const accept = first(words.accept);
    if (accept && (isReply || first(words.topic) || !/^\d+(\.\d+)?$/.test(accept))) {
      sim.answerQuestion(q, true, isReply ? 'reply' : 'speech', sourceEvent);
    } else if (isReply) {
      // A reply to the question that does not give the fact is a wrong answer; general speech
      // that merely touches the topic is not taken as an answer at all.
      sim.answerQuestion(q, false, 'reply', sourceEvent);
    }
  }
}

function checkViolations(sim: Sim, text: string, focus: number, refs: number[]): void {
  const cls = focus >= 0 ? sim.scenario.products[focus].class : 'ordinary';
  for (const f of checkCompliance(text, { complianceClass: cls })) {
    sim.emit('speech.violation', {
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      text: f.text,
      start: f.start,
      end: f.end,
      rule: f.rule,
      source: f.source,
      reason: f.reason,
    }, refs);
    sim.trust = Math.max(-1, sim.trust - 0.06 * f.severity - (f.category === 'insult' ? 0.15 : 0));
    if (focus >= 0 && (f.category === 'medical_claim' || f.category === 'false_price')) sim.products[focus].misled = true;
    if (f.severity === 3) {
      sim.warn(`${f.category}: ${f.text}`);
      if (f.category === 'off_platform') sim.penalise('steering buyers off the platform', 0.5, 3 * 60000);
    } else if (f.severity === 2) {
      // Two major problems within five minutes bring a warning.
      sim.recentSevere = sim.recentSevere.filter((t) => sim.eventTime - t < 5 * 60000);
      sim.recentSevere.push(sim.eventTime);
      if (sim.recentSevere.length >= 2) {
        sim.recentSevere = [];
        sim.warn(`${f.category}: ${f.text}`);
      }
    }
  }
}
