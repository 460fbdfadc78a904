import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERSONA_DEFAULTS } from '../../src/engine';

// docs/engine.md lists the persona defaults for teachers; this keeps the table honest.
describe('docs/engine.md', () => {
  it('lists every persona with the same default numbers the engine uses', () => {
    const doc = readFileSync(new URL('../../docs/engine.md', import.meta.url), 'utf8');
    for (const [type, p] of Object.entries(PERSONA_DEFAULTS)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| ${type} `));
      expect(row, `row for ${type}`).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      const nums = cells.slice(2, 9).map(Number);
      expect(nums, type).toEqual([p.bounce, p.dwell, p.commentRate, p.likeRate, p.followRate, p.buyPropensity, p.priceSensitivity]);
    }
  });
});
