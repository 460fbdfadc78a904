/**
 * The micro-drills on offer (src/drills/types.ts), in the order the skills map lists them.
 * The incident drills are scenario rooms (meta.mode: drill), not here.
 */
import { complianceRewrite } from './compliance-rewrite';
import { controllerCues } from './controller-cues';
import { dataReview } from './data-review';
import { priceMaths } from './price-maths';
import { questionSprint } from './question-sprint';
import type { DrillKind } from './types';

export const DRILL_KINDS: readonly DrillKind[] = [questionSprint, priceMaths, complianceRewrite, dataReview, controllerCues];

export function drillKind(id: string): DrillKind | undefined {
  return DRILL_KINDS.find((k) => k.id === id);
}

export type { DrillKind, DrillKindId, DrillVariant, DrillItem, DrillAnswer, DrillResult, DrillSources, RunSource, Bilingual } from './types';
export { DRILL_KIND_IDS } from './types';
