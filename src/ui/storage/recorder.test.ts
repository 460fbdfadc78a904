import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioHash } from '../../engine';
import { replay } from '../../engine';
import { LiveRun } from '../store/run';
import { closeJournal, listEntries } from './journal';
import { recordRun } from './recorder';
import { DRILL, FakeClock } from '../testing/fixtures';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  closeJournal();
});

describe('a run saved as it happens', () => {
  it('keeps every action at once and the sim time every second; continuing from the record gives the same run', async () => {
    const clock = new FakeClock();
    const run = new LiveRun(DRILL, 25, clock);
    run.setSpeed(4);
    const rec = recordRun(run, { mode: 'practice', plan: DRILL.runOfShow.map((s) => s.id), segment: () => ({ index: 0, startedAt: [0] }) });
    run.start();
    clock.run(2000);
    run.dispatch({ type: 'start_explaining', product: 'oranges' });
    run.dispatch({ type: 'show_card', product: 'oranges' });
    await rec.writer.flush();
    let [saved] = await listEntries();
    expect(saved).toMatchObject({ scenarioId: DRILL.meta.id, scenarioHash: scenarioHash(DRILL), seed: 25, status: 'live' });
    expect(saved.actions.map((a) => a.type)).toEqual(['start_explaining', 'show_card']);

    clock.run(3500);
    run.dispatch({ type: 'say', text: '欢迎家人们，云南高山冰糖橙，坏果包赔，直播间到手价29.9元，拍1号链接！', source: 'typed' });
    clock.run(2300);
    await rec.writer.flush();
    [saved] = await listEntries();
    // The page dies here: at most one second of wall time (4 s of sim time at 4×) is not on disk.
    const lost = run.sim.now - saved.simMs;
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(lost).toBeLessThanOrEqual(4000);
    expect(saved.actions).toEqual(run.actions);
    run.stop();

    // Continued from the record after a reload: the same room at the saved moment, then on to the end.
    const again = new LiveRun(DRILL, 25, new FakeClock());
    again.restore(saved.actions, saved.simMs);
    expect(again.sim.now).toBe(saved.simMs);
    expect(again.actions).toEqual(saved.actions);
    const reference = replay(DRILL, 25, saved.actions);
    expect(again.sim.log).toEqual(reference.log.filter((e) => e.t <= saved.simMs).slice(0, again.sim.log.length));
    again.dispatch({ type: 'reconnect_stream', via: 'backup' }); // too early: refused, but recorded like any action
    again.sim.runToEnd();
    expect(again.sim.digest()).toBe(replay(DRILL, 25, again.actions).digest());
    expect(rec.entry.id).toBe(saved.id);
    rec.stop();
    await rec.writer.flush();
  });

  it('marks the run finished when it ends, and stopped when it is restarted', async () => {
    const clock = new FakeClock();
    const run = new LiveRun(DRILL, 3, clock);
    run.setSpeed(256);
    const rec1 = recordRun(run, { mode: 'practice', plan: [], segment: () => undefined });
    run.start();
    clock.run(2000); // 512 s of sim time: past the 5-minute end
    expect(run.sim.finished).toBe(true);
    const next = new LiveRun(DRILL, 3, clock);
    const rec2 = recordRun(next, { mode: 'practice', plan: [], segment: () => undefined });
    next.start();
    clock.run(100);
    const rec3 = recordRun(new LiveRun(DRILL, 3, clock), { mode: 'practice', plan: [], segment: () => undefined }); // a restart
    // Everything asked of the journal so far is on disk (never a guess at how long that takes).
    for (const r of [rec1, rec2, rec3]) await r.writer.flush();
    const all = await listEntries();
    const byId = new Map(all.map((e) => [e.id, e.status]));
    expect([...byId.values()].sort()).toEqual(['finished', 'live', 'stopped']);
    expect(byId.get(rec2.entry.id)).toBe('stopped');
  });
});
