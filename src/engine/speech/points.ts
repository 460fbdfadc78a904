/**
 * Selling points in what the host says: each point's keywords, matched in canonical form.
 */
import type { Product } from '../scenario/load';
import { hitsOf, wordForm, withoutNames, type WordForm } from './words';

const squash = (t: string) => t.toLowerCase().replace(/[\s\u3000]+/g, '');

/** A product's names (squashed, longest first) and its points' keywords as word forms, computed once per product. */
const productWords = new WeakMap<Product, { names: string[]; points: { id: string; forms: WordForm[] }[] }>();
export function wordsOfProduct(product: Product): { names: string[]; points: { id: string; forms: WordForm[] }[] } {
  let hit = productWords.get(product);
  if (!hit) {
    const names = [...new Set([product.name.zh, product.name.en, ...product.aliases].map(squash))].filter((x) => x.length >= 2).sort((a, b) => b.length - a.length);
    hit = { names, points: product.sellingPoints.map((sp) => ({ id: sp.id, forms: sp.keywords.map(wordForm) })) };
    productWords.set(product, hit);
  }
  return hit;
}

/**
 * Selling points of a product whose keywords the utterance says: compared in canonical form
 * (六小时 = 6小时, 16–18度 = 16到18度), not when negated (不加绒), and not inside the product's
 * own name ("儿童加绒连帽卫衣" does not cover "加绒"). `match` is the keyword as the scenario wrote it.
 */
export function coveredPoints(text: string, product: Product): { id: string; match: string }[] {
  const { names, points } = wordsOfProduct(product);
  const s = withoutNames(text, names);
  const out: { id: string; match: string }[] = [];
  for (const sp of points) {
    const [hit] = hitsOf(s, sp.forms);
    if (hit) out.push({ id: sp.id, match: hit.raw });
  }
  return out;
}

/** The same as coveredPoints (the name the credit rules use). */
export const coveredPointsOf = coveredPoints;
