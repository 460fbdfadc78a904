/**
 * What a drill kind needs to score an item but does not show (the right option, the facts a
 * rewrite must keep, the checker's settings) is the item's `key` (types.ts), typed here by each
 * kind. The variant stays plain data (the same seed gives a deep-equal variant, and a variant
 * stored as JSON scores the same), and `score` reads the key back with a check that it is there.
 * The UI renders the documented fields and ignores `key`.
 */
import type { DrillAnswer, DrillItem, DrillKindId } from './types';

export type KeyedItem<K> = DrillItem & { key: K };

/** The item with its answer key. */
export function withKey<K>(item: DrillItem, key: K): KeyedItem<K> {
  return { ...item, key };
}

/** The answer key of an item made by `kind`; a clear Error when it is missing or malformed. */
export function keyOf<K>(kind: DrillKindId, item: DrillItem, isKey: (k: unknown) => k is K): K {
  const key = (item as Partial<KeyedItem<unknown>>).key;
  if (!isKey(key)) throw new Error(`${kind}: item "${item.id}" has no answer key: score a variant made by this drill kind's generate()`);
  return key;
}

/** The last answer given for each item (a student may change an answer before moving on). */
export function answersByItem(answers: readonly DrillAnswer[]): Map<string, DrillAnswer> {
  const out = new Map<string, DrillAnswer>();
  for (const a of answers) out.set(a.item, a);
  return out;
}

/** 0–100 with one decimal from per-item credits (0–1); 0 for no items. */
export function percentOf(credits: readonly number[]): number {
  if (credits.length === 0) return 0;
  const mean = credits.reduce((s, c) => s + c, 0) / credits.length;
  return Math.round(mean * 1000) / 10;
}

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
