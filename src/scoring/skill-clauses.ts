/**
 * The standards behind each skill (src/scoring/skills.ts): the catalogue clauses its criteria
 * observe. Kept apart from skills.ts because it needs the criteria's code.
 */
import { CRITERIA } from './criteria';
import { SKILLS } from './skills';

export function skillClauses(skillId: string): string[] {
  const skill = SKILLS.find((s) => s.id === skillId);
  if (!skill) return [];
  return [...new Set(skill.criteria.flatMap((c) => CRITERIA[c]?.clauses ?? []))].sort();
}
