/**
 * Exposure: how much of a product a viewer has seen while in the room. Buying needs a long
 * watch of a product that was presented (Kuaishou: valuable behaviour needs > 10 min;
 * docs/metrics.md), so a viewer's will to buy grows with the time the product was explained,
 * its card was up or its flash sale ran while they watched, and with the selling points said
 * while they were there.
 *
 * Kept per product, not per viewer: the presented time so far as a step function of time
 * (a mark at every change), and when each selling point was last said. A viewer's exposure is
 * then the difference between now and their arrival, with no per-product column per viewer.
 */
import type { World } from '../kernel/state';
import { CARD_FRESH_MS } from './tuning';

/** Whether product p is being presented to the room now: explained, its card fresh, or its flash sale counting down or open. */
export function presenting(w: World, p: number): boolean {
  const prod = w.products[p];
  if (w.status !== 'live' || !prod.listed) return false;
  if (w.explaining === p) return true;
  if (w.card === p && w.now - w.cardAt < CARD_FRESH_MS) return true;
  const f = w.flash;
  return f !== null && f.product === p && f.sold < f.quantity && w.now < f.endsMs;
}

/** Once per tick: record which products are presented, and read the selling points said since the last tick. */
export function updateExposure(w: World): void {
  const x = w.exposure;
  const n = w.products.length;
  if (x.on.length !== n) {
    x.on = new Array<boolean>(n).fill(false);
    x.base = new Array<number>(n).fill(0);
    x.since = new Array<number>(n).fill(0);
    x.marks = w.products.map(() => []);
    x.saidAt = w.scenario.products.map((sp) => sp.sellingPoints.map(() => -1));
  }
  const now = w.now;
  for (let p = 0; p < n; p++) {
    const on = presenting(w, p);
    if (on === x.on[p]) continue;
    if (!on) x.base[p] += now - x.since[p];
    x.since[p] = now;
    x.on[p] = on;
    x.marks[p].push(now, x.base[p]);
  }
  const log = w.log;
  for (let i = x.cursor; i < log.length; i++) {
    const e = log[i];
    if (e.type !== 'speech.points') continue;
    const p = w.productIndex.get(e.product);
    if (p === undefined) continue;
    const pts = w.scenario.products[p].sellingPoints;
    for (const id of e.points) {
      const k = pts.findIndex((sp) => sp.id === id);
      if (k >= 0) x.saidAt[p][k] = e.t;
    }
  }
  x.cursor = log.length;
}

/** Milliseconds product p had been presented by time t (t not after now). */
export function presentedMs(w: World, p: number, t: number): number {
  const m = w.exposure.marks[p];
  if (m === undefined || m.length === 0 || t < m[0]) return 0;
  // Last mark at or before t (binary search over the pairs).
  let lo = 0;
  let hi = m.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m[2 * mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return m[2 * lo + 1] + (lo % 2 === 0 ? t - m[2 * lo] : 0);
}

/** Seconds product p was presented since `from` (a viewer's arrival). */
export function exposureSec(w: World, p: number, from: number): number {
  return (presentedMs(w, p, w.now) - presentedMs(w, p, from)) / 1000;
}

/**
 * How much of product p's pitch a viewer who came at `from` has heard while watching, 0..1: the
 * selling points said since then, against two of them (or all, if it has fewer); 1 if it has none.
 * Two points heard are enough: what a newcomer lacks is any pitch at all, and hearing the same
 * points again and again adds nothing (the room's coverage of all points counts separately).
 */
export function heardShare(w: World, p: number, from: number): number {
  const said = w.exposure.saidAt[p];
  if (said === undefined || said.length === 0) return 1;
  const enough = Math.min(HEARD_ENOUGH, said.length);
  let k = 0;
  for (const t of said) if (t >= from && ++k >= enough) return 1;
  return k / enough;
}

/** Selling points a viewer needs to hear while watching to take in the pitch. */
const HEARD_ENOUGH = 2;

/** Whether any product is presented now (for the viewers' exposure column). */
export function anyPresented(w: World): boolean {
  const on = w.exposure.on;
  for (let p = 0; p < on.length; p++) if (on[p]) return true;
  return false;
}
