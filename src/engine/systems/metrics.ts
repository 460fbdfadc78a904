/** The room's metrics at the current time (docs/metrics.md gives every formula and source). */
import type { World } from '../kernel/state';

export function metrics(w: World): Metrics {
  const online = w.pool.online;
  const totalDwell = w.departedDwellMs + online * w.now - w.presentArrivalSum;
  const minutes = Math.max(w.now, 1) / 60000;
  const gmv = w.paidAmount - w.refundAmount;
  const uv = w.uv;
  return {
    timeMs: w.now,
    online,
    uv,
    pv: uv,
    peakOnline: w.peakOnline,
    avgDwellSec: uv > 0 ? round2(totalDwell / uv / 1000) : 0,
    comments: w.comments,
    commentsPerMin: round2(w.comments / minutes),
    likes: w.likes,
    shares: w.shares,
    newFollowers: w.newFollowers,
    fanclubJoins: w.fanclubJoins,
    interactionRate: uv > 0 ? round4(w.interactors / uv) : 0,
    followRate: uv > 0 ? round4(w.newFollowers / uv) : 0,
    productClicks: w.clicks,
    clickers: w.clickers,
    clickRate: uv > 0 ? round4(w.clickers / uv) : 0,
    cartAdds: w.cartAdds,
    orders: w.orders,
    paidOrders: w.paidOrders,
    cancelledOrders: w.cancelledOrders,
    buyers: w.buyers,
    gmv: gmv / 100,
    paidAmount: w.paidAmount / 100,
    refunds: w.refunds,
    refundAmount: w.refundAmount / 100,
    grossProfit: (w.paidAmount - w.grossCost - w.refundAmount) / 100,
    conversion: uv > 0 ? round4(w.buyers / uv) : 0,
    clickConversion: w.clickers > 0 ? round4(w.buyers / w.clickers) : 0,
    uvValue: uv > 0 ? round2(gmv / 100 / uv) : 0,
    gpm: uv > 0 ? round2((gmv / 100) * 1000 / uv) : 0,
    avgOrderValue: w.paidOrders > 0 ? round2(w.paidAmount / 100 / w.paidOrders) : 0,
    warnings: w.warnings,
    trafficMultiplier: round3(w.recMultiplier),
    products: w.products.map((p) => ({
      id: p.id,
      listed: p.listed,
      price: p.price / 100,
      stock: p.stock,
      sold: p.sold,
      explainSec: round2((p.explainMs + (w.explaining === p.index ? w.now - w.explainStart : 0)) / 1000),
      cardPushes: p.cardPushes,
      clicks: p.clicks,
      clickers: p.clickers,
      orders: p.orders,
      paidOrders: p.paidOrders,
      gmv: p.gmv / 100,
      refunds: p.refunds,
      conversion: p.clickers > 0 ? round4(p.paidOrders / p.clickers) : 0,
    })),
  };
}

export interface ProductMetrics {
  id: string;
  listed: boolean;
  price: number;
  stock: number;
  sold: number;
  explainSec: number;
  cardPushes: number;
  clicks: number;
  clickers: number;
  orders: number;
  paidOrders: number;
  gmv: number;
  refunds: number;
  conversion: number;
}

export interface Metrics {
  timeMs: number;
  online: number;
  uv: number;
  pv: number;
  peakOnline: number;
  avgDwellSec: number;
  comments: number;
  commentsPerMin: number;
  likes: number;
  shares: number;
  newFollowers: number;
  fanclubJoins: number;
  interactionRate: number;
  followRate: number;
  productClicks: number;
  clickers: number;
  clickRate: number;
  cartAdds: number;
  orders: number;
  paidOrders: number;
  cancelledOrders: number;
  buyers: number;
  gmv: number;
  paidAmount: number;
  refunds: number;
  refundAmount: number;
  grossProfit: number;
  conversion: number;
  clickConversion: number;
  uvValue: number;
  gpm: number;
  avgOrderValue: number;
  warnings: number;
  trafficMultiplier: number;
  products: ProductMetrics[];
}


const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

