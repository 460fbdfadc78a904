/**
 * What the host's words do in the room. Each detection is logged as an event
 * quoting the matched words, then applied: greetings keep newcomers, calls to
 * action open short windows in which viewers follow, like, claim or buy more,
 * covered selling points raise the product's appeal, answers close questions,
 * and compliance problems cost trust and bring platform warnings.
 */
import { atLeast } from '../kernel/version';
import { checkCompliance } from '../compliance';
import { checkEnglishRisks } from '../english-risks';
import { F_GREETED } from '../audience/pool';
import { emit } from '../kernel/log';
import type { World } from '../kernel/state';
import { fen } from '../money';
import {
  canonical, coveredPoints, detectCtas, isApology, isGreeting, keywordList, lineKey, mentionedProducts, mentionsAfterSales, statedPrices, statedStock,
} from '../speech';
import { creditPoints, findRepeat, minuteBudget, remember } from '../speech/credit';
import { judgeAnswer, roomWords } from '../speech/room';
import { speechHandlesTasks } from '../incidents/lifecycle';
import { answerQuestion, greetable, recentViewers, userName } from './viewers';
import { penalise, warn } from './moderation';
import { CTA_WINDOW_MS, SCARCITY_WINDOW_MS } from './tuning';

/** Analyse an utterance (host speech, a scripted host line or an announcement). */
export function analyseSpeech(w: World, text: string, sourceEvent: number, replyTo: number | null, opts: { announcement?: boolean; scriptedHost?: boolean } = {}): void {
  const refs = [sourceEvent];
  if (!opts.announcement) w.lastSpeech = w.eventTime;
  const products = w.scenario.products;

  // Greetings: everyone who arrived in the last 30 s is welcomed; a named viewer is welcomed personally.
  // (A reply to one viewer is not a welcome to the room.)
  const greet = replyTo === null && !opts.announcement ? isGreeting(text) : null;
  if (greet) {
    const recent = recentViewers(w);
    const named: number[] = [];
    for (const vid of greetable(w)) {
      const slot = w.notable.get(vid);
      if (slot !== undefined && text.includes(userName(w, vid))) {
        named.push(vid);
        w.pool.flags[slot] |= F_GREETED;
      }
    }
    for (const r of recent) w.pool.flags[r.slot] |= F_GREETED;
    emit(w, 'speech.greeting', { viewers: recent.map((r) => r.vid).slice(0, 50), named }, refs);
  }

  for (const cta of detectCtas(text)) {
    w.ctaUntil[cta.kind] = w.eventTime + CTA_WINDOW_MS;
    emit(w, 'speech.cta', { kind: cta.kind, match: cta.match }, refs);
  }

  // Which product is this about: the ones named, else (in a reply) the product of the comment
  // replied to, else the one being explained.
  const named = mentionedProducts(text, products);
  for (const m of named) emit(w, 'speech.product', { product: products[m.index].id, match: m.match }, refs);
  const repliedAbout = replyTo !== null ? commentProduct(w, replyTo) : -1;
  const about = named.length > 0 ? named.map((m) => m.index) : repliedAbout >= 0 ? [repliedAbout] : w.explaining >= 0 ? [w.explaining] : products.length === 1 ? [0] : [];

  // Selling points, credited for quality rather than volume. A bare keyword list also answers
  // no question of the room (a reply to one question is still judged).
  const { list } = creditSpeech(w, text, about, sourceEvent, refs, opts.scriptedHost === true);

  const focus = about.length > 0 ? about[0] : -1;
  if (focus >= 0) {
    checkPrices(w, text, focus, refs);
    checkStock(w, text, focus, refs);
  }

  const after = mentionsAfterSales(text);
  if (after) emit(w, 'speech.after_sales', { match: after }, refs);
  const sorry = isApology(text);
  if (sorry) emit(w, 'speech.apology', { match: sorry }, refs);

  // The viewers' questions are the controller's to answer in the comments: the scripted host's
  // lines (controller seat) do not close them.
  if (!opts.scriptedHost) answerQuestions(w, text, sourceEvent, replyTo, named.map((m) => m.index), list);
  checkViolations(w, text, focus, refs);
  speechHandlesTasks(w, text, sourceEvent, replyTo);
}

/** The product a comment is about (a question about product X, a price question), or -1. */
function commentProduct(w: World, commentEvent: number): number {
  const c = w.log[commentEvent];
  if (!c || c.type !== 'comment' || c.product === undefined) return -1;
  return w.productIndex.get(c.product) ?? -1;
}

/**
 * Selling-point credit for an utterance about products `about` (speech/credit.ts): nothing for a
 * bare keyword list or a repeat of a recent line, at most SENTENCE_CAP points a sentence and
 * MINUTE_CAP a minute. Credited points are logged as `speech.points`; withheld ones as
 * `speech.uncredited` with the reason, so scoring can show why. A scripted host's lines (the
 * scenario's, at the controller seat) are credited as written.
 */
function creditSpeech(w: World, text: string, about: number[], sourceEvent: number, refs: number[], scripted: boolean): { list: boolean } {
  const products = w.scenario.products;
  const found = about.map((p) => ({ p, pts: coveredPoints(text, products[p]) }));
  const any = found.some((x) => x.pts.length > 0);
  if (scripted) {
    for (const { p, pts } of found) if (pts.length > 0) award(w, p, pts, refs);
    return { list: false };
  }
  const room = roomWords(w.scenario);
  const shape = keywordList(text, room.names, room.vocab);
  const key = lineKey(text);
  const repeat = findRepeat(w.recentLines, key, w.eventTime);
  remember(w.recentLines, { t: w.eventTime, key, event: sourceEvent });
  if (!any) return { list: shape.list };
  for (const { p, pts } of found) {
    if (pts.length === 0) continue;
    if (shape.list || repeat) {
      const reason = shape.list ? 'list' : 'repeat';
      emit(w, 'speech.uncredited', { product: w.products[p].id, reason, points: pts.map((x) => x.id), matches: pts.map((x) => x.match), ...(repeat && !shape.list ? { repeats: repeat.event } : {}) }, refs);
      continue;
    }
    const { credited, capped } = creditPoints(text, products[p], w.products[p].covered, minuteBudget(w.pointCredits, w.eventTime));
    if (credited.length > 0) award(w, p, credited, refs);
    for (let k = 0; k < credited.length; k++) w.pointCredits.push(w.eventTime);
    if (capped.length > 0) emit(w, 'speech.uncredited', { product: w.products[p].id, reason: 'cap', points: capped.map((x) => x.id), matches: capped.map((x) => x.match) }, refs);
  }
  return { list: shape.list };
}

/** Covers the points and logs them. */
function award(w: World, p: number, pts: { id: string; match: string }[], refs: number[]): void {
  const state = w.products[p];
  const newPoints = pts.map((x) => x.id).filter((id) => !state.covered.has(id));
  for (const id of newPoints) state.covered.add(id);
  emit(w, 'speech.points', { product: state.id, points: pts.map((x) => x.id), newPoints, matches: pts.map((x) => x.match) }, refs);
}

/** A reply to one comment: answers that comment's question first, then counts as speech. */
export function analyseReply(w: World, text: string, replyEvent: number, comment: number): void {
  analyseSpeech(w, text, replyEvent, comment);
}

function acceptablePrices(w: World, p: number): number[] {
  const st = w.products[p];
  const out = [st.price, st.intendedPrice, st.listPrice, st.referencePrice];
  const flash = flashPrices(w, p);
  out.push(...flash);
  for (const c of w.coupons.values()) {
    if (c.products.length > 0 && !c.products.includes(p)) continue;
    out.push(c.discount, c.threshold);
    for (const base of [st.price, st.intendedPrice]) {
      if (c.kind === 'live' || base >= c.threshold) out.push(base - c.discount);
    }
    if (w.flash && w.flash.product === p) out.push(w.flash.price - c.discount);
  }
  return out;
}

/** What a buyer of product p can save, fen: list or reference price less the live or flash price. */
function savings(w: World, p: number): number[] {
  const st = w.products[p];
  const out: number[] = [];
  for (const top of [st.listPrice, st.referencePrice]) for (const low of [st.price, st.intendedPrice, ...flashPrices(w, p)]) if (top > low) out.push(top - low);
  return out;
}

/** Product p's flash-sale prices: planned in the run of show, running now, or run earlier. */
function flashPrices(w: World, p: number): number[] {
  const st = w.products[p];
  const out = [...st.flashPrices];
  if (w.flash && w.flash.product === p) out.push(w.flash.price);
  for (const seg of w.scenario.runOfShow) if (seg.flashSale && seg.product === st.id) out.push(fen(seg.flashSale.price));
  return out;
}

/**
 * What a price labelled as the flash-sale price (秒杀价9.9元) may be: product p's flash prices,
 * less a live coupon that applies. Not its live or list price: a 秒杀价 is a claim about the sale.
 */
function acceptableFlashPrices(w: World, p: number): number[] {
  const flash = flashPrices(w, p);
  const out = [...flash];
  for (const c of w.coupons.values()) {
    if (c.kind !== 'live' || (c.products.length > 0 && !c.products.includes(p))) continue;
    for (const f of flash) out.push(f - c.discount);
  }
  return out;
}

const priceMatches = (values: number[], stated: number, said: number) =>
  values.some((v) => Math.abs(v - stated) <= 1 || (Number.isInteger(said) && Math.floor(v / 100) === said));

function checkPrices(w: World, text: string, focus: number, refs: number[]): void {
  for (const s of statedPrices(text, { countZhi: atLeast(w.engineVersion, '3.2.0') })) {
    const stated = fen(s.value);
    let p = focus;
    if (s.flash && flashPrices(w, p).length === 0) {
      // 秒杀价 said about a product with no flash sale: it names the product whose flash sale has
      // that price, when exactly one does (the host is announcing the sale to come).
      const owners = w.products.filter((x) => priceMatches(flashPrices(w, x.index), stated, s.value));
      if (owners.length === 1) p = owners[0].index;
    }
    const st = w.products[p];
    if (s.anchor) {
      // 原价/划线价 must not exceed the real list price: a higher "original price" is a false anchor.
      const ok = stated <= Math.max(st.listPrice, st.referencePrice) + 50;
      emit(w, 'speech.price', { product: st.id, stated, ok, anchor: true, match: s.match }, refs);
      if (!ok) {
        w.trust = Math.max(-1, w.trust - 0.1);
        st.misled = true;
        emit(w, 'speech.violation', {
          ruleId: 'engine-false-anchor',
          category: 'false_price',
          severity: 2,
          text: s.match,
          start: Math.max(0, text.indexOf(String(s.value))),
          end: Math.max(0, text.indexOf(String(s.value))) + String(s.value).length,
          params: { stated, listPrice: st.listPrice },
        }, refs);
        warn(w, 'false original price');
      }
      continue;
    }
    // A price labelled as the flash-sale price is checked against the flash prices only; an amount
    // saved (便宜了30, 立减10) against what can be saved; a price for several (两件79) as a total
    // or per piece.
    const values = s.flash ? acceptableFlashPrices(w, p) : s.saving ? [...acceptablePrices(w, p), ...savings(w, p)] : acceptablePrices(w, p);
    const qty = s.qty ?? 1;
    const ok = priceMatches(values, stated, s.value) || (qty > 1 && values.some((v) => Math.abs(v * qty - stated) <= qty + 1));
    emit(w, 'speech.price', { product: st.id, stated, ok, anchor: false, match: s.match }, refs);
    if (!ok) {
      st.misled = true;
      w.trust = Math.max(-1, w.trust - 0.05);
    }
  }
}

function checkStock(w: World, text: string, p: number, refs: number[]): void {
  const st = w.products[p];
  for (const s of statedStock(text)) {
    const actual = st.stock;
    let verdict: 'true' | 'false_scarcity' | 'overstated' = 'true';
    if (s.value < actual && actual - s.value > Math.max(3, actual * 0.2)) verdict = 'false_scarcity';
    else if (s.value > actual + Math.max(2, actual * 0.2)) verdict = 'overstated';
    emit(w, 'speech.stock', { product: st.id, stated: s.value, actual, verdict, match: s.match }, refs);
    if (verdict === 'true') w.scarcityUntil = w.eventTime + SCARCITY_WINDOW_MS;
    else {
      st.misled = true;
      w.trust = Math.max(-1, w.trust - (verdict === 'false_scarcity' ? 0.1 : 0.05));
      if (verdict === 'false_scarcity') {
        emit(w, 'speech.violation', {
          ruleId: 'engine-false-scarcity',
          category: 'false_scarcity',
          severity: 2,
          text: s.match,
          start: 0,
          end: 0,
          params: { stated: s.value, actual },
        }, refs);
      }
    }
  }
}

/**
 * Close open questions the utterance answers (speech/room.ts, judgeAnswer). Only questions that
 * were asked and are still open can be answered: `w.questions` holds exactly those (answering or
 * expiring removes one). A reply answers its own comment only, right or wrong; speech to the room
 * answers any open question whose fact the whole sentence gives — never as a bare keyword list.
 */
function answerQuestions(w: World, text: string, sourceEvent: number, replyTo: number | null, named: number[], list: boolean): void {
  if (w.questions.size === 0) return;
  const room = roomWords(w.scenario);
  const said = canonical(text);
  for (const q of [...w.questions.values()]) {
    const isReply = replyTo === q.eventId;
    if (replyTo !== null && !isReply) continue;
    if (!isReply && list) continue;
    const verdict = judgeAnswer(room, said, q.product, q.fact, { reply: isReply, named: named.includes(q.product) });
    if (verdict.answers) {
      answerQuestion(w, q, true, isReply ? 'reply' : 'speech', sourceEvent);
    } else if (isReply) {
      // A reply to the question that does not give the fact is a wrong answer; general speech
      // that merely touches the topic is not taken as an answer at all.
      answerQuestion(w, q, false, 'reply', sourceEvent);
    }
  }
}

function checkViolations(w: World, text: string, focus: number, refs: number[]): void {
  const cls = focus >= 0 ? w.scenario.products[focus].class : 'ordinary';
  // The lexicon reads Chinese; English rooms add the engine's English rules (english-risks.ts).
  const findings = checkCompliance(text, { complianceClass: cls });
  if (w.lang === 'en') findings.push(...checkEnglishRisks(text));
  for (const f of findings) {
    emit(w, 'speech.violation', {
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      text: f.text,
      start: f.start,
      end: f.end,
    }, refs);
    w.trust = Math.max(-1, w.trust - 0.06 * f.severity - (f.category === 'insult' ? 0.15 : 0));
    if (focus >= 0 && (f.category === 'medical_claim' || f.category === 'false_price')) w.products[focus].misled = true;
    if (f.severity === 3) {
      warn(w, `${f.category}: ${f.text}`);
      if (f.category === 'off_platform') penalise(w, 'steering buyers off the platform', 0.5, 3 * 60000);
    } else if (f.severity === 2) {
      // Two major problems within five minutes bring a warning.
      w.recentSevere = w.recentSevere.filter((t) => w.eventTime - t < 5 * 60000);
      w.recentSevere.push(w.eventTime);
      if (w.recentSevere.length >= 2) {
        w.recentSevere = [];
        warn(w, `${f.category}: ${f.text}`);
      }
    }
  }
}
