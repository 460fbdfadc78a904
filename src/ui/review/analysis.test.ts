import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, type Scenario } from '../../engine';
import { runWithBot } from '../../engine';
import { markers, resimulate, seriesCsv, timeSeries, CSV_COLUMNS } from './analysis';

function scenario(file: string): Scenario {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file} is invalid`);
  return r.scenario;
}
const DRILL = scenario('scenarios/drill-stream-drop-5min.yaml');

describe('review analysis of a re-simulated run', () => {
  const { sim: played, actions } = runWithBot(DRILL, 11, 'expert');
  const { sim, funnel } = resimulate(DRILL, 11, actions);
  const m = sim.metrics();

  it('re-simulating the saved actions gives the very run that was played', () => {
    expect(sim.digest()).toBe(played.digest());
  });

  it('per-minute series add up to the run totals', () => {
    const rows = timeSeries(sim.log, sim.now);
    expect(rows).toHaveLength(5);
    const sum = (k: 'arrivals' | 'comments' | 'paidOrders' | 'orders' | 'clicks') => rows.reduce((s, r) => s + r[k], 0);
    expect(sum('arrivals')).toBe(m.uv);
    expect(sum('comments')).toBe(m.comments);
    expect(sum('paidOrders')).toBe(m.paidOrders);
    expect(sum('orders')).toBe(m.orders);
    expect(sum('clicks')).toBe(m.productClicks);
    expect(rows[rows.length - 1].gmvTotal).toBeCloseTo(m.gmv, 2);
    expect(Math.max(...rows.map((r) => r.peak))).toBeGreaterThanOrEqual(m.peakOnline - 2);
  });

  it('the funnel narrows step by step and its ends are the engine’s UV and buyers', () => {
    expect(funnel.entered).toBe(m.uv);
    expect(funnel.clicked).toBe(m.clickers);
    expect(funnel.paid).toBe(m.buyers);
    expect(funnel.entered).toBeGreaterThan(funnel.stayed);
    expect(funnel.stayed).toBeGreaterThanOrEqual(funnel.clicked);
    expect(funnel.clicked).toBeGreaterThanOrEqual(funnel.ordered);
    expect(funnel.ordered).toBeGreaterThanOrEqual(funnel.paid);
    expect(funnel.paid).toBeGreaterThan(0);
  });

  it('markers name host actions, the incident and their times', () => {
    const ms = markers(sim.log);
    const drop = ms.find((x) => x.kind === 'incident');
    expect(drop).toMatchObject({ what: 'stream_drop', t: 120_000 });
    const acts = ms.filter((x) => x.kind === 'action');
    expect(acts.length).toBe(sim.log.filter((e) => e.type === 'action.accepted').length);
    expect(acts.every((a, i) => i === 0 || a.t >= acts[i - 1].t)).toBe(true);
  });

  it('the CSV has one row per minute with the columns named in the header', () => {
    const csv = seriesCsv(timeSeries(sim.log, sim.now));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(6);
    expect(lines[5].split(',')).toHaveLength(CSV_COLUMNS.length);
    expect(lines[5].startsWith('5,4:00,')).toBe(true);
    expect(Number(lines[5].split(',').at(-1))).toBeCloseTo(m.gmv, 2);
  });

  it('stopping at a moment gives the room as it was then', () => {
    const at = resimulate(DRILL, 11, actions, 130_000).sim;
    expect(at.now).toBe(130_000);
    expect(at.log.every((e) => e.t <= 130_000)).toBe(true);
    expect(at.log).toEqual(sim.log.filter((e) => e.t <= 130_000));
  });
});

describe('chart series', () => {
  it('per-minute rates over the trailing minute agree with the minute buckets at whole minutes', async () => {
    const { rollingSeries } = await import('./analysis');
    const { sim } = runWithBot(DRILL, 3, 'expert');
    const roll = rollingSeries(sim.log, sim.now);
    const mins = timeSeries(sim.log, sim.now);
    expect(roll[0].t).toBe(0);
    expect(roll.at(-1)!.t).toBe(sim.now);
    for (let i = 0; i < mins.length; i++) {
      const at = roll.find((r) => r.t === (i + 1) * 60_000)!;
      expect(at.arrivals).toBe(mins[i].arrivals);
      expect(at.comments).toBe(mins[i].comments);
      expect(at.gmv).toBeCloseTo(mins[i].gmvTotal, 2);
    }
  });
});
