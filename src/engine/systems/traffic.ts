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
  const stay = joinsPerSec > 0 ? Math.min(3, online / joinsPerSec / 60) : 1;
  const perViewerMin = (x: number) => (x / online) * (60 / n);
  const interaction = Math.min(3, perViewerMin(windowSum(win.interactions)) / 0.05);
  const conversion = Math.min(3, perViewerMin(windowSum(win.clicks) + 5 * windowSum(win.orders)) / 0.06);
  let quality = 0.45 * stay + 0.25 * interaction + 0.3 * conversion;
  if (w.now - w.lastSpeech > DEAD_AIR_MS) quality *= 0.7;
  if (w.status !== 'live') quality *= 0.3;
  const strength = w.scenario.audience.recommendation;
  const target = Math.pow(Math.max(0.35, Math.min(2.2, quality)), strength);
  const before = w.recMultiplier;
  w.recMultiplier = Math.max(0.35, Math.min(2.2, before + 0.25 * (target - before)));
  if (Math.abs(w.recMultiplier - before) > 0.02) {
    emit(w, 'traffic.update', { multiplier: round3(w.recMultiplier), quality: round3(quality), penalty: w.penaltyFactor });
  }
}
