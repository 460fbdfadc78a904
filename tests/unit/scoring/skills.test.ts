import { describe, expect, it } from 'vitest';
import { INCIDENT_KINDS } from '../../../src/engine';
import { CRITERIA } from '../../../src/scoring/criteria';
import { DRILL_FOCUS, drillSkills, SKILLS, skillOf } from '../../../src/scoring/skills';

describe('skills', () => {
  it('every criterion belongs to exactly one skill, and every listed criterion exists', () => {
    const listed = SKILLS.flatMap((s) => s.criteria as readonly string[]);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(CRITERIA).sort());
    for (const id of Object.keys(CRITERIA)) expect(skillOf(id), id).toBeDefined();
  });

  it('skill ids are unique and each has a title in both languages', () => {
    expect(new Set(SKILLS.map((s) => s.id)).size).toBe(SKILLS.length);
    for (const s of SKILLS) expect(s.title.zh && s.title.en && s.blurb.zh && s.blurb.en).toBeTruthy();
  });

  it("every incident kind has a focus criterion, and so a drill of it trains a skill", () => {
    for (const k of INCIDENT_KINDS) {
      expect(CRITERIA[DRILL_FOCUS[k]], k).toBeDefined();
      expect(drillSkills({ mode: 'drill', incidents: [k] })).toHaveLength(1);
    }
  });

  it('a drill trains the skills of its incidents, each once; other rooms train none as drills', () => {
    expect(drillSkills({ mode: 'drill', incidents: ['wrong_price', 'stream_drop', 'troll_wave', 'quality_complaint'] })).toEqual(['incidents', 'comments']);
    expect(drillSkills({ mode: 'drill', incidents: ['stock_mismatch'] })).toEqual(['console']);
    expect(drillSkills({ mode: 'exam', incidents: ['stream_drop'] })).toEqual([]);
  });
});

describe('skillClauses', () => {
  it('every skill rests on clauses of the catalogue', async () => {
    const { skillClauses } = await import('../../../src/scoring/skill-clauses');
    const { clauseEntry } = await import('../../../src/scoring/catalogue');
    for (const s of SKILLS) {
      const clauses = skillClauses(s.id);
      expect(clauses.length, s.id).toBeGreaterThan(0);
      for (const c of clauses) expect(clauseEntry(c), `${s.id}: ${c}`).toBeDefined();
    }
    expect(skillClauses('no-such-skill')).toEqual([]);
  });
});
