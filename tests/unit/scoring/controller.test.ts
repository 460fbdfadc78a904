/**
 * The controller seat (中控 / 平台管理员): the 1+X primary and platform-administrator rubrics
 * mark console work — cards pushed as the scripted host explains, the host's cues, the
 * coupon, questions, trolls, wrong prices and links — on a controller-seat fixture.
 */
import { describe, expect, it } from 'vitest';
import { scoreRun } from '../../../src/scoring';
import { botRun, stringsOf } from './helpers';

const FIXTURE = 'tests/unit/scoring/fixtures/controller-live-ops.yaml';

describe('controller-seat rubrics', () => {
  it.each(['1x-primary-live-ops', 'imkt-platform-l5'])('%s ranks an expert controller above a competent one, and both far above a passive one', (rubric) => {
    const total = (bot: 'expert' | 'competent' | 'passive', seed: number) => {
      const { scenario, log } = botRun(FIXTURE, bot, seed);
      return scoreRun(scenario, log, rubric).total;
    };
    for (const seed of [1, 2]) {
      expect(total('expert', seed)).toBeGreaterThanOrEqual(85);
      expect(total('expert', seed)).toBeGreaterThan(total('competent', seed));
      expect(total('competent', seed)).toBeGreaterThan(total('passive', seed) + 40);
    }
  });

  it('the card is judged against the scripted host naming the product, and the cue against its deadline', () => {
    const { scenario, log } = botRun(FIXTURE, 'expert', 1);
    const r = scoreRun(scenario, log, '1x-primary-live-ops');
    const cues = r.criteria.find((c) => c.id === 'host-cues')!;
    expect(cues.verdict).toBe('met');
    expect(cues.evidence.some((e) => e.type === 'cue.issued' && e.quote === '运营小伙伴，发券！满39减5！')).toBe(true);
    const card = r.criteria.find((c) => c.id === 'card-push-sync')!;
    expect(card.verdict).toBe('met');
    const byId = new Map(log.map((e) => [e.id, e]));
    for (const c of r.criteria) {
      for (const e of c.evidence) {
        const ev = byId.get(e.event)!;
        expect(ev.t).toBe(e.t);
        if (e.quote) expect(stringsOf(ev).some((s) => s.includes(e.quote!))).toBe(true);
      }
    }
  });

  it('a controller who does nothing gets no credit for silence', () => {
    const { scenario, log } = botRun(FIXTURE, 'passive', 1);
    const r = scoreRun(scenario, log, 'imkt-platform-l5');
    expect(r.total).toBeLessThan(25);
    expect(r.passed).toBe(false);
  });
});
