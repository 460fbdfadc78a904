/**
 * Monotonicity (property tests): taking one good action out of a run never raises its
 * score, and adding a compliance violation never raises it either.
 *
 * The score is a function of the event log. The edits are made to the log, not by
 * re-simulating (a re-simulated audience would behave differently for reasons that have
 * nothing to do with the scoring): removing an action removes its `action.accepted`, the
 * events it produced and everything that refers to them, and leaves the audience as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BotName } from '../../../src/engine';
import { scoreRun } from '../../../src/scoring';
import { botRun, DRILL, KIDSWEAR, withViolation, withoutAction } from './helpers';

const BASES: { file: string; bot: BotName; seed: number; runs: number }[] = [
  { file: KIDSWEAR, bot: 'expert', seed: 3, runs: 25 },
  { file: KIDSWEAR, bot: 'competent', seed: 4, runs: 25 },
  { file: DRILL, bot: 'expert', seed: 5, runs: 40 },
  { file: DRILL, bot: 'competent', seed: 6, runs: 40 },
];

describe('removing one good action from a run never raises its score', () => {
  it.each(BASES.map((b) => [b.bot, b.file, b] as const))('a %s host on %s', (_b, _f, b) => {
    const { scenario, log } = botRun(b.file, b.bot, b.seed);
    const base = scoreRun(scenario, log);
    const actions = log.filter((e) => e.type === 'action.accepted').map((e) => e.id);
    expect(actions.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...actions), (id) => {
        const after = scoreRun(scenario, withoutAction(log, id));
        expect(after.total).toBeLessThanOrEqual(base.total + 1e-9);
        for (const c of after.criteria) {
          const before = base.criteria.find((x) => x.id === c.id)!;
          expect(c.points, `${c.id} rose after removing event ${id}`).toBeLessThanOrEqual(before.points + 0.011);
        }
      }),
      { numRuns: b.runs, seed: b.seed },
    );
  });
});

describe('adding a violation never raises the score', () => {
  const all: { file: string; bot: BotName; seed: number; runs: number }[] = [...BASES, { file: KIDSWEAR, bot: 'reckless', seed: 2, runs: 15 }];
  it.each(all.map((b) => [b.bot, b.file, b] as const))('a %s host on %s; a severe one fails the compliance gate', (_b, _f, b) => {
    const { scenario, log } = botRun(b.file, b.bot, b.seed);
    const base = scoreRun(scenario, log);
    const says = log.filter((e) => e.type === 'host.say' && e.heard && e.source !== 'script').map((e) => e.id);
    fc.assert(
      fc.property(
        fc.constantFrom(...says),
        fc.constantFrom(1 as const, 2 as const, 3 as const),
        fc.constantFrom('absolute' as const, 'off_platform' as const, 'medical_claim' as const, 'insult' as const, 'false_scarcity' as const),
        (id, severity, category) => {
          const after = scoreRun(scenario, withViolation(log, id, severity, category));
          expect(after.total).toBeLessThanOrEqual(base.total + 1e-9);
          if (severity === 3) expect(after.failedGates.map((g) => g.id)).toContain('compliance');
          if (base.failedGates.length > 0) expect(after.passed).toBe(false);
        },
      ),
      { numRuns: b.runs, seed: b.seed },
    );
  });
});
