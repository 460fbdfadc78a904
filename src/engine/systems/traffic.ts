/**
 * Per-second aggregates and recommended traffic (流量推荐): every 10 s the platform looks at
 * the last minute — how long arrivals stay, how much they interact, how much they click and
 * buy — and moves the room's traffic multiplier toward what that earns. Dead air and a stream
 * drop pull it down; violations throttle it separately (penaltyFactor).
 */
import { emit } from '../kernel/log';
import { windowSum, type World } from '../kernel/state';
import { DEAD_AIR_MS } from './tuning';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The recommendation multiplier's range. */
const REC_MIN = 0.35;
const REC_MAX = 2.2;
/** What a good room does, per signal (docs/engine.md §The audience). */
const GOOD_STAY_MIN = 1.25;
const GOOD_INTERACTION = 0.25;
const GOOD_CONVERSION = 0.12;

export function flushSecond(w: World, final = false): void {
  const a = w.secondAgg;
  const win = w.win;
  win.joins[win.i] = a.joined;
  win.online[win.i] = w.pool.online;
  if (!final || a.joined + a.left + a.likes + a.shares + a.claims > 0) {
    emit(w, 'audience.second', { online: w.pool.online, joined: a.joined, left: a.left, likes: a.likes, shares: a.shares, claims: a.claims, joinedIds: a.joinedIds });
  }
  a.joined = 0;
  a.left = 0;
  a.likes = 0;
  a.shares = 0;
  a.claims = 0;
  a.joinedIds = [];
  win.i = (win.i + 1) % 60;
  win.filled = Math.min(60, win.filled + 1);
  win.interactions[win.i] = 0;
  win.clicks[win.i] = 0;
  win.orders[win.i] = 0;
}

export function updateRecommendation(w: World): void {
  const win = w.win;
  if (win.filled < 20) return;
  const n = win.filled;
  const online = Math.max(1, windowSum(win.online) / n);
  const joinsPerSec = windowSum(win.joins) / n;
  // Each signal against what a good room does (1 = good, capped at 2): a mean stay of 75 s,
  // 0.25 interactions and 0.12 clicks (an order counting as five) per viewer-minute.
  const stay = joinsPerSec > 0 ? Math.min(2, online / joinsPerSec / 60 / GOOD_STAY_MIN) : 1;
  const perViewerMin = (x: number) => (x / online) * (60 / n);
  const interaction = Math.min(2, perViewerMin(windowSum(win.interactions)) / GOOD_INTERACTION);
  const conversion = Math.min(2, perViewerMin(windowSum(win.clicks) + 5 * windowSum(win.orders)) / GOOD_CONVERSION);
  let quality = 0.45 * stay + 0.2 * interaction + 0.35 * conversion;
  if (w.now - w.lastSpeech > 2 * DEAD_AIR_MS) quality *= 0.7;
  if (w.status !== 'live') quality *= 0.3;
  const strength = w.scenario.audience.recommendation;
  // Quality 0..2 maps linearly onto the multiplier's range: a good room (1) earns about 1.3×, and
  // only a room good at everything reaches the cap.
  const target = Math.pow(REC_MIN + ((REC_MAX - REC_MIN) * Math.min(2, quality)) / 2, strength);
  const before = w.recMultiplier;
  w.recMultiplier = Math.max(REC_MIN, Math.min(REC_MAX, before + 0.25 * (target - before)));
  if (Math.abs(w.recMultiplier - before) > 0.02) {
    emit(w, 'traffic.update', { multiplier: round3(w.recMultiplier), quality: round3(quality), penalty: w.penaltyFactor });
  }
}
