/** The products' own state that several systems touch: the 讲解 marker. */
import { emit } from '../kernel/log';
import type { World } from '../kernel/state';

export function stopExplaining(w: World): void {
  if (w.explaining < 0) return;
  const p = w.products[w.explaining];
  const dur = w.eventTime - w.explainStart;
  p.explainMs += dur;
  emit(w, 'product.explain.stop', { product: p.id, durationMs: dur });
  w.explaining = -1;
}

export function productName(w: World, p: number): string {
  const prod = w.scenario.products[p];
  return w.lang === 'en' ? prod.name.en : prod.name.zh;
}

export function firstListed(w: World): number {
  for (const p of w.products) if (p.listed) return p.index;
  return -1;
}
