/**
 * Calibration: the score separates good hosting from bad. Every bot hosts every shipped
 * scenario on several seeds; an expert scores at least 85, a competent host 55–80, a student
 * who types about two good lines a minute at least 65, a passive one at most 25, a reckless one
 * fails the compliance gate; the strategies that try to score without selling (clicks only, a
 * canned sentence, keyword stuffing, stuffing with blind action spam) fail and stay at least 15
 * points below the competent host; and one bot's totals on one scenario never spread by more
 * than 8 points across seeds. (`npm run livesim -- calibrate` does the same with 20 seeds.)
 */
import { describe, expect, it } from 'vitest';
import { BOT_NAMES } from '../../../src/engine';
import { BANDS, KNOWN_GAPS, MAX_SPREAD, calibrateOne, shippedScenarios, type CalibrationRow } from '../../../src/cli/calibrate';
import { ROOT } from './helpers';

const SEEDS = 5;
const rows: CalibrationRow[] = [];
for (const { scenario } of shippedScenarios(ROOT + 'scenarios')) {
  const competent = calibrateOne(scenario, 'competent', SEEDS);
  for (const bot of BOT_NAMES) rows.push(bot === 'competent' ? competent : calibrateOne(scenario, bot, SEEDS, undefined, { competentMean: competent.mean }));
}
const ADVERSARIAL = ['clicks', 'canned', 'stuffer', 'spammer'] as const;

describe(`calibration of the bots on every shipped scenario (${SEEDS} seeds each)`, () => {
  it.each(rows.filter((r) => r.bot === 'expert' && !r.knownGap).map((r) => [r.scenario, r] as const))('an expert host scores at least 85 on %s', (_s, r) => {
    expect(Math.min(...r.totals)).toBeGreaterThanOrEqual(BANDS.expert.min!);
    expect(r.gateFailures).toBe(0);
  });

  it.each(rows.filter((r) => r.bot === 'competent' && !r.knownGap).map((r) => [r.scenario, r] as const))('a competent host scores between 55 and 80 on %s', (_s, r) => {
    expect(Math.min(...r.totals)).toBeGreaterThanOrEqual(BANDS.competent.min!);
    expect(Math.max(...r.totals)).toBeLessThanOrEqual(BANDS.competent.max!);
    expect(r.gateFailures).toBe(0);
  });

  it.each(rows.filter((r) => r.bot === 'passive' && !r.knownGap).map((r) => [r.scenario, r] as const))('a passive host scores at most 25 on %s', (_s, r) => {
    expect(Math.max(...r.totals)).toBeLessThanOrEqual(BANDS.passive.max!);
  });

  it.each(rows.filter((r) => r.bot === 'reckless' && !r.knownGap).map((r) => [r.scenario, r] as const))('a reckless host fails the compliance gate on %s, on every seed, whatever the total', (_s, r) => {
    expect(r.gateFailures).toBe(r.totals.length);
  });

  it.each(rows.filter((r) => r.bot === 'typist' && !r.knownGap).map((r) => [r.scenario, r] as const))('a student who types two good lines a minute scores at least 65 on %s', (_s, r) => {
    expect(Math.min(...r.totals)).toBeGreaterThanOrEqual(BANDS.typist.min!);
    expect(r.gateFailures).toBe(0);
  });

  it.each(rows.filter((r) => (ADVERSARIAL as readonly string[]).includes(r.bot) && !r.knownGap).map((r) => [`${r.bot} on ${r.scenario}`, r] as const))(
    'the strategy "%s" never passes and stays 15 points below the competent host',
    (_s, r) => {
      expect(r.passes).toBe(0);
      const competent = rows.find((x) => x.scenario === r.scenario && x.bot === 'competent')!;
      expect(r.mean).toBeLessThanOrEqual(competent.mean - 15);
      expect(r.problems).toEqual([]);
    },
  );

  it.each(rows.filter((r) => !r.knownGap).map((r) => [`${r.bot} on ${r.scenario}`, r] as const))('%s scores within 8 points across seeds', (_s, r) => {
    expect(r.spread).toBeLessThanOrEqual(MAX_SPREAD);
  });

  it('every known gap (KNOWN_GAPS in src/cli/calibrate.ts) is still open: one that meets its band must leave the list', () => {
    for (const g of KNOWN_GAPS) {
      const r = rows.find((x) => x.scenario === g.scenario && x.bot === g.bot);
      expect(r, `${g.bot} on ${g.scenario} is a calibrated row`).toBeDefined();
      expect(r!.problems.length, `${g.bot} on ${g.scenario} meets its band now: remove it from KNOWN_GAPS`).toBeGreaterThan(0);
    }
  });

  it('the bots are ranked expert > competent > passive on every scenario', () => {
    for (const s of new Set(rows.map((r) => r.scenario))) {
      const m = (bot: string) => rows.find((r) => r.scenario === s && r.bot === bot)!.mean;
      expect(m('expert')).toBeGreaterThan(m('competent'));
      expect(m('competent')).toBeGreaterThan(m('passive'));
    }
  });
});
