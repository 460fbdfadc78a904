/**
 * The student's own run of show: the briefing lets them reorder it, so the plan criteria
 * time them against the order they set (`set_plan` → `plan.set`), not the scenario's.
 */
import { describe, expect, it } from 'vitest';
import type { ActionBody } from '../../../src/engine';
import { createSim } from '../../../src/engine';
import { planProducts, segmentPace } from '../../../src/scoring/criteria/plan';
import { RunIndex } from '../../../src/scoring/run-index';
import { scenario } from './helpers';

const LINK = 'scenarios/drill-wrong-link-controller-5min.yaml';
// opening 30 s, flask 2:45, brush 1:30, closing 15 s.
const DEFAULT = ['opening', 'flask', 'brush', 'closing'];
const REORDERED = ['opening', 'brush', 'flask', 'closing'];

/** Explain each product at the given seconds, moving through the segments with start_segment; optionally set a plan first. */
function play(plan: string[] | null, moves: [sec: number, segment: string, product: string][]) {
  const s = scenario(LINK);
  const sim = createSim(s, { seed: 5 });
  if (plan) sim.dispatch({ t: 0, type: 'set_plan', order: plan });
  for (const [sec, segment, product] of moves) {
    const t = sec * 1000;
    for (const body of [{ type: 'start_segment', segment }, { type: 'start_explaining', product }] as ActionBody[]) sim.dispatch({ t, ...body } as never);
  }
  sim.advanceTo(s.meta.durationSec * 1000);
  const run = new RunIndex(s, sim.log);
  return {
    log: sim.log,
    pace: segmentPace.evaluate(run, segmentPace.params.parse({}), {}),
    products: planProducts.evaluate(run, planProducts.params.parse({}), {}),
  };
}

describe('plan criteria follow the order the student set', () => {
  const onDefault = play(null, [[30, 'flask', 'flask'], [195, 'brush', 'brush']]);
  const onReordered = play(REORDERED, [[30, 'brush', 'brush'], [120, 'flask', 'flask']]);

  it('the log records the plan and the host-started segments', () => {
    const plan = onReordered.log.find((e) => e.type === 'plan.set');
    expect(plan).toMatchObject({ t: 0, order: REORDERED, plannedMs: [30000, 90000, 165000, 15000] });
    const starts = onReordered.log.filter((e) => e.type === 'segment.start');
    expect(starts.map((e) => (e.type === 'segment.start' ? [e.segment, e.t, e.by ?? 'schedule', e.index] : []))).toEqual([
      ['opening', 0, 'schedule', 0],
      ['brush', 30000, 'host', 1],
      ['flask', 120000, 'host', 2],
    ]);
  });

  it('a student on time on their reordered plan scores as well as one on time on the default order', () => {
    expect(onDefault.pace.fraction).toBe(1);
    expect(onReordered.pace.fraction).toBe(onDefault.pace.fraction);
    expect(onReordered.products.fraction).toBeCloseTo(onDefault.products.fraction, 6);
    expect(onReordered.products.fraction).toBeGreaterThan(0.9);
    // The evidence quotes the plan the timing was judged against.
    const planId = onReordered.log.find((e) => e.type === 'plan.set')!.id;
    expect(onReordered.pace.evidence.some((x) => x.event === planId && x.type === 'plan.set')).toBe(true);
  });

  it('the same reordered run judged against the scenario order (no plan set) would lose points: that was the gap', () => {
    const noPlan = play(null, [[30, 'brush', 'brush'], [120, 'flask', 'flask']]);
    expect(noPlan.pace.fraction).toBeLessThan(1);
  });

  it('late on the reordered plan loses points', () => {
    const late = play(REORDERED, [[30, 'brush', 'brush'], [180, 'flask', 'flask']]);
    expect(late.pace.fraction).toBeLessThan(onReordered.pace.fraction);
    expect(late.pace.feedback.en).toMatch(/late/);
  });
});

describe('set_plan and start_segment', () => {
  const s = scenario(LINK);
  const rejected = (body: ActionBody, before: ActionBody[] = [], t = 0) => {
    const sim = createSim(s, { seed: 1 });
    for (const b of before) sim.dispatch({ t: 0, ...b } as never);
    sim.dispatch({ t, ...body } as never);
    sim.advanceTo(t + 1000);
    return sim.log.filter((e) => e.type === 'action.rejected').map((e) => (e.type === 'action.rejected' ? e.code : ''));
  };

  it('rejects unknown, duplicate and missing segments, with the reason', () => {
    expect(rejected({ type: 'set_plan', order: ['opening', 'ghost', 'brush', 'closing'] })).toEqual(['unknown_segment']);
    expect(rejected({ type: 'set_plan', order: ['opening', 'flask', 'flask', 'brush', 'closing'] })).toEqual(['duplicate_segment']);
    expect(rejected({ type: 'set_plan', order: ['opening', 'flask', 'closing'] })).toEqual(['incomplete_plan']);
    expect(rejected({ type: 'start_segment', segment: 'ghost' })).toEqual(['unknown_segment']);
    expect(rejected({ type: 'start_segment', segment: 'opening' })).toEqual(['already_current']);
    expect(rejected({ type: 'set_plan', order: DEFAULT }, [{ type: 'start_segment', segment: 'flask' }])).toEqual(['plan_locked']);
    // Once the schedule has moved past the first segment, the plan is fixed.
    expect(rejected({ type: 'set_plan', order: REORDERED }, [], 40000)).toEqual(['plan_locked']);
  });

  it('a plan that puts another segment first starts it at once, and the schedule no longer moves the show', () => {
    const sim = createSim(s, { seed: 1 });
    sim.dispatch({ t: 0, type: 'set_plan', order: ['brush', 'opening', 'flask', 'closing'] });
    sim.advanceTo(s.meta.durationSec * 1000);
    const starts = sim.log.filter((e) => e.type === 'segment.start').map((e) => (e.type === 'segment.start' ? `${e.segment}:${e.by ?? 'schedule'}` : ''));
    expect(starts).toEqual(['opening:schedule', 'brush:plan']);
    expect(sim.view().segment).toBe('brush');
  });
});
