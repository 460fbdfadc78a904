/**
 * Micro-drill results in the history (schema 4, `drills`): written as a drill begins, after each
 * answer and when it ends (DrillScreen.tsx), scored again from the seed and the answers on import
 * (progress-file.ts).
 */
import type { DrillAnswer, DrillKind, DrillSources, DrillVariant } from '../../drills';
import { historyDb, type DrillRecord, type HistoryDb } from './db';

export function listDrills(db: HistoryDb = historyDb()): Promise<DrillRecord[]> {
  return db.drills.orderBy('endedAt').toArray();
}

/** Store a drill's result; resolves only once it is written (the caller says "saved" only then). */
export async function saveDrill(rec: DrillRecord, db: HistoryDb = historyDb()): Promise<void> {
  await db.drills.put(rec);
}

/**
 * Score a drill record again: the same variant drawn from its seed, the same answers. Refused
 * (with the reason) when the variant can't be drawn here as it was (a different source).
 */
export function rescore(kind: DrillKind, rec: Pick<DrillRecord, 'seed' | 'source' | 'answers' | 'language'>, sources: DrillSources): { ok: true; variant: DrillVariant; percent: number } | { ok: false; reason: string } {
  let variant: DrillVariant;
  try {
    variant = kind.generate(rec.seed, { ...sources, language: rec.language });
  } catch (e) {
    return { ok: false, reason: `the drill can't be drawn here: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (variant.source !== rec.source) return { ok: false, reason: `it was drawn from "${rec.source}", which this browser does not have (it draws "${variant.source}")` };
  const answers: DrillAnswer[] = rec.answers.map((a) => ({ item: a.item, value: a.value, ms: a.ms }));
  return { ok: true, variant, percent: kind.score(variant, answers).percent };
}
