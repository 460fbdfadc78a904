/**
 * Calibration: the score separates good hosting from bad. Every bot hosts every shipped
 * scenario on several seeds; an expert scores at least 85, a competent host 55–80, a student
 * who types about two good lines a minute at least 65, a passive one at most 25, a reckless one
 * fails the compliance gate; the strategies that try to score without selling (clicks only, a
 * canned sentence, keyword stuffing, stuffing with blind action spam) fail and stay at least 15
 * points below the competent host; and one bot's totals on one scenario never spread by more
 * than 8 points across seeds 101–110. (`npm run livesim -- calibrate` does the same, seeds 1–20 by default.)
 */
import { describe, expect, it } from 'vitest';
import { BOT_NAMES } from '../../../src/engine';
import { BANDS, MAX_SPREAD, calibrateOne, shippedScenarios, type CalibrationRow } from '../../../src/cli/calibrate';
import { ROOT } from './helpers';

/** Seeds 101–110: the acceptance set of issue #12. */
const FIRST = 101;
const SEEDS = 10;
const rows: CalibrationRow[] = [];
for (const { scenario } of shippedScenarios(ROOT + 'scenarios')) {
  const competent = calibrateOne(scenario, 'competent', SEEDS, undefined, { first: FIRST });
  for (const bot of BOT_NAMES) rows.push(bot === 'competent' ? competent : calibrateOne(scenario, bot, SEEDS, undefined, { first: FIRST, competentMean: competent.mean }));
}
const ADVERSARIAL = ['clicks', 'canned', 'stuffer', 'spammer'] as const;

describe(`calibration of the bots on every shipped scenario (seeds ${FIRST}–${FIRST + SEEDS - 1})`, () => {
  it.each(rows.filter((r) => r.bot === 'expert').map((r) => [r.scenario, r] as const))('an expert host scores at least 85 on %s', (_s, r) => {
    expect(Math.min(...r.totals)).toBeGreaterThanOrEqual(BANDS.expert.min!);
    expect(r.gateFailures).toBe(0);
  });

  it.each(rows.filter((r) => r.bot === 'competent').map((r) => [r.scenario, r] as const))('a competent host scores between 55 and 80 on %s', (_s, r) => {
    expect(Math.min(...r.totals)).toBeGreaterThanOrEqual(BANDS.competent.min!);
    expect(Math.max(...r.totals)).toBeLessThanOrEqual(BANDS.competent.max!);
    expect(r.gateFailures).toBe(0);
  });

  it.each(rows.filter((r) => r.bot === 'passive').map((r) => [r.scenario, r] as const))('a passive host scores at most 25 on %s', (_s, r) => {
    expect(Math.max(...r.totals)).toBeLessThanOrEqual(BANDS.passive.max!);
  });

  it.each(rows.filter((r) => r.bot === 'reckless').map((r) => [r.scenario, r] as const))('a reckless host fails the compliance gate on %s, on every seed, whatever the total', (_s, r) => {
    expect(r.gateFailures).toBe(r.totals.length);
  });

  it.each(rows.filter((r) => r.bot === 'typist').map((r) => [r.scenario, r] as const))('a student who types two good lines a minute scores at least 65 on %s', (_s, r) => {
    expect(Math.min(...r.totals)).toBeGreaterThanOrEqual(BANDS.typist.min!);
    expect(r.gateFailures).toBe(0);
  });

  it.each(rows.filter((r) => (ADVERSARIAL as readonly string[]).includes(r.bot)).map((r) => [`${r.bot} on ${r.scenario}`, r] as const))(
    'the strategy "%s" never passes and stays 15 points below the competent host',
    (_s, r) => {
      expect(r.passes).toBe(0);
      const competent = rows.find((x) => x.scenario === r.scenario && x.bot === 'competent')!;
      expect(r.mean).toBeLessThanOrEqual(competent.mean - 15);
      expect(r.problems).toEqual([]);
    },
  );

  it.each(rows.map((r) => [`${r.bot} on ${r.scenario}`, r] as const))('%s scores within 8 points across seeds', (_s, r) => {
    expect(r.spread).toBeLessThanOrEqual(MAX_SPREAD);
  });

  it('the bots are ranked expert > competent > passive on every scenario', () => {
    for (const s of new Set(rows.map((r) => r.scenario))) {
      const m = (bot: string) => rows.find((r) => r.scenario === s && r.bot === bot)!.mean;
      expect(m('expert')).toBeGreaterThan(m('competent'));
      expect(m('competent')).toBeGreaterThan(m('passive'));
    }
  });
});
