/**
 * Snapshots: the engine's whole state is JSON-serialisable data. Written to JSON text at any
 * moment and read back into a fresh engine, a run goes on byte for byte as if nothing happened —
 * in every shipped scenario, at three points, with a bot host and with queued random actions.
 */
import { describe, expect, it } from 'vitest';
import { createSim, replay, runWithBot, Sim, SNAPSHOT_FORMAT, type ActionInput, type Snapshot } from '../../../src/engine';
import { fuzzActions } from '../../golden/fuzz';
import { drill, kidswear, loadScenario, shippedScenarioFiles } from './helpers';

const POINTS = [0.23, 0.51, 0.87];

describe('a snapshot round-trip reaches the straight run’s digest', () => {
  for (const file of shippedScenarioFiles()) {
    it(`${file}: at three points, with the expert and with queued random actions`, () => {
      const scenario = loadScenario(file);
      const straight = runWithBot(scenario, 5, 'expert');
      const duration = straight.sim.durationMs;
      const extra = fuzzActions(scenario, duration, 9, 150).filter((a) => (a.t as number) >= 0) as ActionInput[];
      const mixed = [...straight.actions, ...extra];
      const plain = replay(scenario, 5, mixed);
      for (const p of POINTS) {
        const at = Math.round((duration * p) / 100) * 100;
        const viaBot = runWithBot(scenario, 5, 'expert', { snapshotAt: at });
        expect(viaBot.sim.digest(), `bot, snapshot at ${at} ms`).toBe(straight.sim.digest());
        expect(viaBot.sim.metrics()).toEqual(straight.sim.metrics());
        const viaReplay = replay(scenario, 5, mixed, undefined, { snapshotAt: at });
        expect(viaReplay.digest(), `queued actions, snapshot at ${at} ms`).toBe(plain.digest());
      }
    });
  }
});

describe('snapshots are plain JSON and refuse to be misused', () => {
  const scenario = kidswear();
  const sim = createSim(scenario, { seed: 2 });
  const { actions } = runWithBot(scenario, 2, 'expert');
  for (const a of actions) sim.dispatch(a);
  sim.advanceTo(400_000);
  const snap = sim.snapshot();

  it('survives JSON text unchanged, and a restored engine shows the same view and metrics', () => {
    const text = JSON.stringify(snap);
    expect(JSON.parse(text)).toEqual(snap);
    const back = Sim.restore(scenario, JSON.parse(text) as Snapshot);
    expect(back.now).toBe(sim.now);
    expect(back.log).toEqual(sim.log);
    expect(back.digest()).toBe(sim.digest());
    expect(back.metrics()).toEqual(sim.metrics());
    const { userName: _a, metrics: _b, ...v1 } = back.view();
    const { userName: _c, metrics: _d, ...v2 } = sim.view();
    expect(v1).toEqual(v2);
    expect(JSON.stringify(back.snapshot())).toBe(text);
  });

  it('keeps state apart: going on with the restored engine leaves the original untouched', () => {
    const a = Sim.restore(scenario, JSON.parse(JSON.stringify(snap)) as Snapshot);
    const before = sim.digest();
    a.runToEnd();
    expect(sim.digest()).toBe(before);
    expect(sim.finished).toBe(false);
  });

  it('is refused for another scenario, another format or another engine version', () => {
    const text = JSON.stringify(snap);
    expect(() => Sim.restore(drill(), JSON.parse(text) as Snapshot)).toThrow(/another scenario/);
    expect(() => Sim.restore(scenario, { ...(JSON.parse(text) as Snapshot), format: 'x' as typeof SNAPSHOT_FORMAT })).toThrow(/not a livesim snapshot/);
    expect(() => Sim.restore(scenario, { ...(JSON.parse(text) as Snapshot), engineVersion: '1.0.0' })).toThrow(/engine 1\.0\.0/);
  });

  it('keeps odd values exactly: -Infinity, undefined fields and $-keys in an action payload', () => {
    const s = createSim(scenario, { seed: 3 });
    s.dispatch(JSON.parse('{"t":5000,"type":"say","text":"hi","$map":[1,2],"__proto__":{"x":1}}') as ActionInput);
    const back = Sim.restore(scenario, JSON.parse(JSON.stringify(s.snapshot())) as Snapshot);
    s.runToEnd();
    back.runToEnd();
    expect(back.digest()).toBe(s.digest());
  });
});
