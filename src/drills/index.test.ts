import { describe, expect, it } from 'vitest';
import { clauseEntry } from '../scoring/catalogue';
import { skillById } from '../scoring/skills';
import { DRILL_CATALOG } from './catalog';
import { DRILL_KINDS } from './index';
import { DRILL_KIND_IDS } from './types';

describe('the micro-drills on offer', () => {
  it('every kind is registered once and agrees with the catalogue the picker and the skills map read', () => {
    expect(DRILL_KINDS.map((k) => k.id).sort()).toEqual([...DRILL_KIND_IDS].sort());
    expect(DRILL_CATALOG.map((m) => m.id).sort()).toEqual([...DRILL_KIND_IDS].sort());
    for (const k of DRILL_KINDS) {
      const m = DRILL_CATALOG.find((x) => x.id === k.id)!;
      expect({ skill: k.skill, title: k.title, blurb: k.blurb, minutes: k.minutes, languages: [...k.languages] }, k.id).toEqual({ skill: m.skill, title: m.title, blurb: m.blurb, minutes: m.minutes, languages: [...m.languages] });
    }
  });

  it('each trains a skill, in 1–3 minutes, and cites clauses of the catalogue', () => {
    for (const k of DRILL_KINDS) {
      expect(skillById(k.skill), k.id).toBeDefined();
      expect(k.minutes).toBeGreaterThanOrEqual(1);
      expect(k.minutes).toBeLessThanOrEqual(3);
      expect(k.clauses.length, k.id).toBeGreaterThan(0);
      for (const c of k.clauses) expect(clauseEntry(c), `${k.id}: ${c}`).toBeDefined();
    }
  });
});
