/**
 * Sales and audience figures recomputed from the event log alone, with the definitions of
 * docs/metrics.md (UV = distinct viewers who entered; GMV = paid − refunded; conversion =
 * buyers ÷ UV; UV value = GMV ÷ UV). The engine's own Sim.metrics() gives the same numbers;
 * the tests check that they agree.
 */
import type { RunIndex } from './run-index';

export interface LogMetrics {
  uv: number;
  peakOnline: number;
  gmv: number;
  paidOrders: number;
  buyers: number;
  clickers: number;
  conversion: number;
  uvValue: number;
  productGmv: Map<string, number>;
}

/** The sales figures, recomputed from the log (docs/metrics.md definitions). */
export function logMetrics(run: RunIndex): LogMetrics {
  let uv = 0;
  let peak = 0;
  for (const s of run.of('audience.second')) {
    uv += s.joined;
    if (s.online > peak) peak = s.online;
  }
  const placed = new Map(run.of('order.placed').map((o) => [o.order, o]));
  const productGmv = new Map<string, number>(run.scenario.products.map((p) => [p.id, 0]));
  let fen = 0;
  const buyers = new Set<number>();
  let paidOrders = 0;
  for (const pd of run.of('order.paid')) {
    const o = placed.get(pd.order);
    fen += pd.amount;
    paidOrders++;
    if (o) {
      buyers.add(o.viewer);
      productGmv.set(o.product, (productGmv.get(o.product) ?? 0) + pd.amount);
    }
  }
  for (const r of run.of('refund')) {
    fen -= r.amount;
    const o = placed.get(r.order);
    if (o) productGmv.set(o.product, (productGmv.get(o.product) ?? 0) - r.amount);
  }
  const clickers = new Set(run.of('product.click').map((c) => c.viewer)).size;
  const gmv = fen / 100;
  for (const [k, v] of productGmv) productGmv.set(k, v / 100);
  return { uv, peakOnline: peak, gmv, paidOrders, buyers: buyers.size, clickers, conversion: uv > 0 ? buyers.size / uv : 0, uvValue: uv > 0 ? gmv / uv : 0, productGmv };
}
