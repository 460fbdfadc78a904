/**
 * Continuing a reloaded run from the engine's latest snapshot (storage/recorder.ts saves it,
 * store/resume.ts restores it): byte for byte the run that was never interrupted, and never worse
 * than re-simulating from the actions when the snapshot is missing, damaged, foreign or unsaved.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, createSim, replay, runWithBot, type ActionBody, type ActionInput } from '../../engine';
import { LiveRun } from '../store/run';
import { continueRun } from '../store/resume';
import { closeJournal, getSnapshot, JOURNAL_DB, listEntries, putEntry, type JournalEntry, type SnapshotRecord } from './journal';
import { recordRun, SNAPSHOT_EVERY_MS, type Recording } from './recorder';
import { DRILL, FakeClock, scenarioFile } from '../testing/fixtures';

const scenario = scenarioFile;
const KIDSWEAR = scenario('scenarios/imkt-l5-kidswear-20min.yaml');
const SEED = 4;

/** The expert bot's actions, taken by the "student" through the live loop as sim time reaches each. */
function hostLike(run: LiveRun, planned: readonly ActionInput[], from = 0): { next: number } {
  const state = { next: from };
  run.subscribe({
    frame: (r) => {
      while (state.next < planned.length && planned[state.next].t <= r.sim.now && !r.sim.finished) {
        const { t: _t, ...body } = planned[state.next++];
        r.dispatch(body as ActionBody);
      }
    },
  });
  return state;
}

/** Record `run` with snapshots taken at once (no idle wait) and a hand-pulled "page hidden". */
function record(run: LiveRun, resume?: JournalEntry): { rec: Recording; hide: () => void } {
  let hide: () => void = () => undefined;
  const rec = recordRun(run, {
    mode: 'practice',
    plan: resume?.plan ?? [],
    resume,
    segment: () => undefined,
    idle: (cb) => cb(),
    onHide: (cb) => {
      hide = cb;
      return () => (hide = () => undefined);
    },
  });
  return { rec, hide: () => hide() };
}

async function settle(rec: Recording): Promise<void> {
  await rec.snapshot();
  await rec.writer.flush();
}

async function countSnapshots(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(JOURNAL_DB);
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const c = req.result.transaction('snapshots').objectStore('snapshots').count();
      c.onsuccess = () => {
        req.result.close();
        resolve(c.result);
      };
    };
  });
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  closeJournal();
});

describe('a reloaded run continues from its latest snapshot', () => {
  it('reaches the digest of the run that was never interrupted, with every action exactly once', async () => {
    const planned = runWithBot(KIDSWEAR, SEED, 'expert').actions;
    const clock = new FakeClock();
    const run = new LiveRun(KIDSWEAR, SEED, clock);
    run.setSpeed(32);
    const host = hostLike(run, planned);
    const { rec, hide } = record(run);
    run.start();
    clock.run(20_000); // about 10 minutes of sim time: snapshots on the way
    await settle(rec);
    const periodic = rec.snapshots.saved;
    expect(periodic, 'a snapshot every 30 s of sim time (at most one per 3 s of wall time)').not.toBeNull();
    expect(periodic!.simMs).toBeGreaterThanOrEqual(SNAPSHOT_EVERY_MS);

    // An action is taken and the page is hidden in the same moment: the snapshot holds it queued,
    // stamped with the snapshot's own time.
    const queued = run.dispatch({ type: 'say', text: '宝宝们，这款连衣裙是纯棉的，拍2号链接！', source: 'typed' })!;
    hide();
    await settle(rec);
    expect(rec.snapshots.saved).toMatchObject({ simMs: queued.t, actionCount: run.actions.length });
    // More actions after it (within 3 s of wall time: no other snapshot), then the page dies between two heartbeats.
    clock.run(1000);
    run.dispatch({ type: 'say', text: '还有最后几件，喜欢的抓紧拍！', source: 'typed' });
    clock.run(950);
    await rec.writer.flush();
    run.stop();

    // The reload: only what is on disk.
    closeJournal();
    const [saved] = await listEntries();
    const snap = (await getSnapshot(saved.id))!;
    expect(await countSnapshots(), 'only the latest snapshot is kept').toBe(1);
    expect(snap.simMs).toBe(queued.t);
    expect(saved.actions.slice(0, snap.actionCount).at(-1)).toEqual(queued);
    expect(saved.actions.length).toBeGreaterThan(snap.actionCount);
    expect(saved.simMs).toBeGreaterThan(snap.simMs);
    expect(saved.actions).toEqual(run.actions.slice(0, saved.actions.length));

    const clock2 = new FakeClock();
    const again = continueRun(KIDSWEAR, saved, snap, clock2);
    expect(again.origin).toEqual({ from: 'snapshot', snapshotMs: snap.simMs, toMs: saved.simMs });
    expect(again.sim.now).toBe(saved.simMs);
    expect(again.actions).toEqual(saved.actions);
    // The same room as re-simulating the whole run to that moment, and as the run itself then.
    const replayed = continueRun(KIDSWEAR, saved, null, new FakeClock());
    expect(replayed.origin).toEqual({ from: 'replay', toMs: saved.simMs });
    expect(again.sim.digest()).toBe(replayed.sim.digest());
    expect(again.sim.log).toEqual(run.sim.log.slice(0, again.sim.log.length));

    // Continued: recorded under the same id, the rest of the bot's actions, to the end.
    again.setSpeed(64);
    hostLike(again, planned, host.next);
    const { rec: rec2 } = record(again, saved);
    again.start();
    clock2.run(30_000);
    expect(again.sim.finished).toBe(true);
    await rec2.writer.flush();
    expect(rec2.entry.id).toBe(saved.id);
    expect(again.actions.slice(0, saved.actions.length)).toEqual(saved.actions);
    const straight = replay(KIDSWEAR, SEED, again.actions);
    expect(again.sim.digest()).toBe(straight.digest());
    expect(again.sim.metrics()).toEqual(straight.metrics());
  });

  it('continues a run with no snapshot yet by re-simulating its actions', async () => {
    const clock = new FakeClock();
    const run = new LiveRun(DRILL, 7, clock);
    const { rec } = record(run);
    run.start();
    clock.run(3000); // 3 s of sim time: no snapshot is due
    run.dispatch({ type: 'show_card', product: 'oranges' });
    clock.run(1000);
    await rec.writer.flush();
    expect(rec.snapshots.saved).toBeNull();
    const [saved] = await listEntries();
    expect(await getSnapshot(saved.id)).toBeUndefined();
    const again = continueRun(DRILL, saved, await getSnapshot(saved.id), new FakeClock());
    expect(again.origin).toEqual({ from: 'replay', toMs: saved.simMs });
    again.sim.runToEnd();
    expect(again.sim.digest()).toBe(replay(DRILL, 7, saved.actions).digest());
  });
});

describe('a snapshot that does not fit the run is ignored: the run is re-simulated from its actions', () => {
  const actions: ActionInput[] = [
    { t: 2000, type: 'show_card', product: 'oranges' },
    { t: 9000, type: 'say', text: '欢迎家人们，冰糖橙坏果包赔，拍1号链接！', source: 'typed' },
    { t: 40_000, type: 'issue_coupon', coupon: 'live3' },
  ];
  const saved = { seed: 11, simMs: 60_000, actions };
  const sim = createSim(DRILL, { seed: 11 });
  for (const a of actions.slice(0, 2)) sim.dispatch(a);
  sim.advanceTo(30_000);
  const text = JSON.stringify(sim.snapshot());
  const good: SnapshotRecord = { id: 'r', simMs: 30_000, actionCount: 2, lastAction: canonicalJson(actions[1]), savedAt: 0, text };
  const other = createSim(KIDSWEAR, { seed: 11 });
  other.advanceTo(30_000);
  const reference = replay(DRILL, 11, actions).digest();

  it('uses a fitting one', () => {
    const run = continueRun(DRILL, saved, good, new FakeClock());
    expect(run.origin?.from).toBe('snapshot');
    run.sim.runToEnd();
    expect(run.sim.digest()).toBe(reference);
  });

  const bad: [string, SnapshotRecord | Record<string, unknown>, RegExp][] = [
    ['corrupt text', { ...good, text: text.slice(0, 5000) }, /JSON/],
    ['another scenario', { ...good, text: JSON.stringify(other.snapshot()) }, /another scenario/],
    ['an older engine', { ...good, text: text.replace(/"engineVersion":"[^"]*"/, '"engineVersion":"1.0.0"') }, /engine 1\.0\.0/],
    ['not a snapshot', { ...good, text: '{"format":"something/else"}' }, /not a livesim snapshot/],
    ['another seed', { ...good, text: JSON.stringify(createSim(DRILL, { seed: 12 }).snapshot()), simMs: 0, actionCount: 0, lastAction: null }, /seed 12/],
    ['more actions than the journal', { ...good, actionCount: 4 }, /holds 4 actions/],
    ['other actions than the journal', { ...good, lastAction: canonicalJson(actions[0]) }, /other actions/],
    ['later than the journal', { ...good, simMs: 90_000 }, /later than the journal/],
    ['a time that is not its own', { ...good, simMs: 20_000 }, /its record says 20000/],
    ['a record of another shape', { id: 'r', text: 42 }, /actions/],
  ];
  for (const [what, snap, reason] of bad) {
    it(`${what}: falls back, says why, and the run is the same`, () => {
      const run = continueRun(DRILL, saved, snap as SnapshotRecord, new FakeClock());
      expect(run.origin).toMatchObject({ from: 'replay', toMs: 60_000 });
      expect(run.origin?.from === 'replay' && run.origin.reason).toMatch(reason);
      expect(run.sim.now).toBe(60_000);
      expect(run.actions).toEqual(actions);
      run.sim.runToEnd();
      expect(run.sim.digest()).toBe(reference);
    });
  }
});

describe('snapshots in the journal database', () => {
  const realPut = FakeObjectStore.prototype.put;
  afterEach(() => {
    FakeObjectStore.prototype.put = realPut;
  });

  it('a run saved by version 1 (no snapshots store) is still there after the upgrade, and can be snapshotted', async () => {
    const v1: JournalEntry = { id: 'old', scenarioId: DRILL.meta.id, scenarioHash: 'h', seed: 3, engineVersion: '2.1.0', mode: 'practice', plan: [], startedAt: 1, updatedAt: 2, simMs: 5000, status: 'live', actions: [{ t: 1000, type: 'show_card', product: 'oranges' }] };
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(JOURNAL_DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('runs', { keyPath: 'id' }).put(v1);
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    expect(await listEntries()).toEqual([v1]);
    expect(await getSnapshot('old')).toBeUndefined();
    await putEntry({ ...v1, simMs: 6000 });
    expect(await countSnapshots()).toBe(0);
  });

  it('when a snapshot cannot be written (a full disk), the run goes on, nothing claims it was saved, and the actions still continue it', async () => {
    FakeObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof realPut>) {
      if (this.name === 'snapshots') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    } as typeof realPut;
    const clock = new FakeClock();
    const run = new LiveRun(DRILL, 5, clock);
    run.setSpeed(16);
    const { rec, hide } = record(run);
    run.start();
    clock.run(4000); // 64 s of sim time: a snapshot was due
    run.dispatch({ type: 'show_card', product: 'oranges' });
    hide();
    await settle(rec);
    expect(rec.snapshots.saved).toBeNull();
    expect(rec.snapshots.error).toMatch(/QuotaExceededError/);
    expect(rec.writer.error).toBeNull();
    clock.run(2000);
    expect(run.sim.now).toBeGreaterThan(90_000);
    run.dispatch({ type: 'say', text: '冰糖橙坏果包赔，拍1号链接！', source: 'typed' });
    clock.run(1000);
    await rec.writer.flush();
    const [saved] = await listEntries();
    expect(saved.actions).toEqual(run.actions);
    expect(await getSnapshot(saved.id)).toBeUndefined();
    const again = continueRun(DRILL, saved, await getSnapshot(saved.id), new FakeClock());
    expect(again.origin?.from).toBe('replay');
    again.sim.runToEnd();
    expect(again.sim.digest()).toBe(replay(DRILL, 5, saved.actions).digest());
  });
});
