/**
 * What the review screen shows, computed from a re-simulated run: per-minute series (the charts
 * and the CSV), markers for host actions, incidents and violations, the funnel, the per-product
 * table. All from the event log, except the funnel's 停留 step, which reads the engine's own
 * "did not bounce" mark on each viewer while re-simulating (the log has no per-viewer dwell).
 */
import type { ActionInput } from '../../engine';
import type { SimEvent } from '../../engine';
import type { Scenario } from '../../engine';
import { createSim, type Sim } from '../../engine';
import { dispatchWithinLimit, endAtLimit } from '../../hub/grade';

export interface SeriesRow {
  /** Start of the bucket (ms). */
  t: number;
  /** Online at the end of the bucket. */
  online: number;
  peak: number;
  arrivals: number;
  departures: number;
  comments: number;
  clicks: number;
  orders: number;
  paidOrders: number;
  /** Paid − refunded in the bucket, yuan. */
  gmv: number;
  /** Cumulative GMV at the end of the bucket, yuan. */
  gmvTotal: number;
}

/** Buckets of `bucketMs` over the run (the last one may be shorter). */
export function timeSeries(log: readonly SimEvent[], endMs: number, bucketMs = 60_000): SeriesRow[] {
  const n = Math.max(1, Math.ceil(endMs / bucketMs));
  const rows: SeriesRow[] = Array.from({ length: n }, (_, i) => ({ t: i * bucketMs, online: 0, peak: 0, arrivals: 0, departures: 0, comments: 0, clicks: 0, orders: 0, paidOrders: 0, gmv: 0, gmvTotal: 0 }));
  // An event at exactly the end of a bucket belongs to it (ticks are stamped at their end).
  const at = (t: number) => Math.min(n - 1, Math.max(0, Math.ceil(t / bucketMs) - 1));
  const fen = new Array<number>(n).fill(0);
  let lastOnline = 0;
  for (const e of log) {
    const r = rows[at(e.t)];
    switch (e.type) {
      case 'audience.second':
        r.online = e.online;
        lastOnline = e.online;
        if (e.online > r.peak) r.peak = e.online;
        r.arrivals += e.joined;
        r.departures += e.left;
        break;
      case 'comment':
        r.comments++;
        break;
      case 'product.click':
        r.clicks++;
        break;
      case 'order.placed':
        r.orders++;
        break;
      case 'order.paid':
        r.paidOrders++;
        fen[at(e.t)] += e.amount;
        break;
      case 'refund':
        fen[at(e.t)] -= e.amount;
        break;
      default:
        break;
    }
  }
  let total = 0;
  let online = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    // A bucket without a second's sample (the end) keeps the last known count.
    if (r.peak === 0 && r.arrivals === 0 && r.departures === 0) r.online = online;
    online = r.online;
    total += fen[i];
    r.gmv = fen[i] / 100;
    r.gmvTotal = total / 100;
  }
  if (n > 0 && rows[n - 1].online === 0) rows[n - 1].online = lastOnline;
  return rows;
}

export type MarkerKind = 'action' | 'incident' | 'violation';
export interface Marker {
  kind: MarkerKind;
  t: number;
  event: number;
  /** Action type, incident kind or violation category. */
  what: string;
  /** Quoted words or the incident's message. */
  detail?: string | { zh: string; en: string };
}

/** Host actions (accepted), incidents and compliance findings, in time order. */
export function markers(log: readonly SimEvent[]): Marker[] {
  const out: Marker[] = [];
  for (const e of log) {
    if (e.type === 'action.accepted') {
      const p = e.payload as { text?: unknown };
      out.push({ kind: 'action', t: e.t, event: e.id, what: e.action, ...(typeof p.text === 'string' ? { detail: p.text } : {}) });
    } else if (e.type === 'incident.started') {
      out.push({ kind: 'incident', t: e.t, event: e.id, what: e.kind, detail: e.message });
    } else if (e.type === 'speech.violation') {
      out.push({ kind: 'violation', t: e.t, event: e.id, what: e.category, detail: e.text });
    }
  }
  return out;
}

export interface Funnel {
  /** 进入: distinct viewers who entered (UV). */
  entered: number;
  /** 停留: viewers who stayed (did not bounce). */
  stayed: number;
  /** 点击: distinct viewers who clicked a product. */
  clicked: number;
  /** 下单: distinct viewers who placed an order. */
  ordered: number;
  /** 支付: distinct viewers with a paid order (buyers). */
  paid: number;
}

export interface Simulated {
  sim: Sim;
  funnel: Funnel;
}

/**
 * How a run graded elsewhere was simulated (a class exam on the hub, src/hub/grade.ts): the wall
 * time the student had; the run ends there ('time') when it is shorter than the scenario, and
 * actions from then on are left out.
 */
export interface ResimOptions {
  timeLimitMs?: number;
  /** The engine version the run was made with, when this engine replays it (REPLAYABLE_VERSIONS); default the current. */
  engineVersion?: string;
}

/**
 * Re-simulate a run (same scenario, seed and actions → the same events) up to `untilMs`
 * (default: the end). The funnel's 停留 step is the engine's count of viewers who stayed past the bounce.
 */
export function resimulate(scenario: Scenario, seed: number, actions: readonly ActionInput[], untilMs?: number, opts: ResimOptions = {}): Simulated {
  const sim = createSim(scenario, { seed, ...(opts.engineVersion ? { engineVersion: opts.engineVersion } : {}) });
  const limit = opts.timeLimitMs ?? sim.durationMs;
  dispatchWithinLimit(sim, actions, limit);
  if (untilMs === undefined || untilMs >= limit) endAtLimit(sim, limit);
  const end = Math.min(untilMs ?? sim.durationMs, sim.durationMs);
  if (end >= sim.durationMs) sim.runToEnd();
  else sim.advanceTo(end);
  return { sim, funnel: funnelFromLog(sim.log, sim.view().stayed) };
}

export function funnelFromLog(log: readonly SimEvent[], stayed: number): Funnel {
  let entered = 0;
  const clicked = new Set<number>();
  const ordered = new Set<number>();
  const orderViewer = new Map<number, number>();
  const paid = new Set<number>();
  for (const e of log) {
    if (e.type === 'audience.second') entered += e.joined;
    else if (e.type === 'product.click') clicked.add(e.viewer);
    else if (e.type === 'order.placed') {
      ordered.add(e.viewer);
      orderViewer.set(e.order, e.viewer);
    } else if (e.type === 'order.paid') {
      const v = orderViewer.get(e.order);
      if (v !== undefined) paid.add(v);
    }
  }
  return { entered, stayed, clicked: clicked.size, ordered: ordered.size, paid: paid.size };
}

export const CSV_COLUMNS = ['minute', 'start', 'online_end', 'online_peak', 'arrivals', 'departures', 'comments', 'product_clicks', 'orders', 'paid_orders', 'gmv_yuan', 'gmv_total_yuan'] as const;

const mmss = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}`;

/** Per-minute metrics as CSV (RFC 4180, comma-separated, header row; money in yuan). */
export function seriesCsv(rows: readonly SeriesRow[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  rows.forEach((r, i) => {
    lines.push([i + 1, mmss(r.t), r.online, r.peak, r.arrivals, r.departures, r.comments, r.clicks, r.orders, r.paidOrders, r.gmv.toFixed(2), r.gmvTotal.toFixed(2)].join(','));
  });
  return lines.join('\r\n') + '\r\n';
}

export interface RollingRow {
  t: number;
  online: number;
  /** Counts over the last minute (per-minute rates). */
  arrivals: number;
  departures: number;
  comments: number;
  orders: number;
  /** Cumulative GMV, yuan. */
  gmv: number;
}

/** The charts' series: a point every `stepMs`, with the online count then and per-minute rates over the trailing minute. */
export function rollingSeries(log: readonly SimEvent[], endMs: number, stepMs = 10_000, windowMs = 60_000): RollingRow[] {
  const secs = Math.max(1, Math.ceil(endMs / 1000));
  const arr = new Int32Array(secs + 1);
  const dep = new Int32Array(secs + 1);
  const com = new Int32Array(secs + 1);
  const ord = new Int32Array(secs + 1);
  const fen = new Float64Array(secs + 1);
  const online = new Int32Array(secs + 1).fill(-1);
  const idx = (t: number) => Math.min(secs, Math.max(0, Math.ceil(t / 1000)));
  for (const e of log) {
    const i = idx(e.t);
    if (e.type === 'audience.second') {
      arr[i] += e.joined;
      dep[i] += e.left;
      online[i] = e.online;
    } else if (e.type === 'comment') com[i]++;
    else if (e.type === 'order.placed') ord[i]++;
    else if (e.type === 'order.paid') fen[i] += e.amount;
    else if (e.type === 'refund') fen[i] -= e.amount;
  }
  const rows: RollingRow[] = [];
  const w = Math.round(windowMs / 1000);
  let lastOnline = 0;
  let gmv = 0;
  let s = 0;
  const sums = { a: 0, d: 0, c: 0, o: 0 };
  for (let t = 0; t <= endMs; t += stepMs) {
    const upTo = idx(t);
    for (; s <= upTo; s++) {
      if (online[s] >= 0) lastOnline = online[s];
      gmv += fen[s];
      sums.a += arr[s];
      sums.d += dep[s];
      sums.c += com[s];
      sums.o += ord[s];
      const out = s - w;
      if (out >= 0) {
        sums.a -= arr[out];
        sums.d -= dep[out];
        sums.c -= com[out];
        sums.o -= ord[out];
      }
    }
    rows.push({ t, online: lastOnline, arrivals: sums.a, departures: sums.d, comments: sums.c, orders: sums.o, gmv: Math.round(gmv) / 100 });
    if (t < endMs && t + stepMs > endMs) t = endMs - stepMs; // always end on the last moment
  }
  return rows;
}
