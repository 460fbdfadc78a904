import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replay } from '../../engine';
import { LiveRun } from '../store/run';
import { continueRun } from '../store/resume';
import { closeJournal, getSnapshot, JournalWriter, listEntries, RETRY_MAX_MS, RETRY_MIN_MS, type JournalEntry, type WriterStatus } from './journal';
import { recordRun } from './recorder';
import { archiveRecording } from './archive';
import { openHistory } from './db';
import { getRun, listRuns } from './history';
import { DRILL, FakeClock, findDrill } from '../testing/fixtures';

const find = findDrill;

/** Timers held by the test: it decides when a retry comes due, and sees each delay asked for. */
class HeldTimers {
  pending: { cb: () => void; ms: number }[] = [];
  delays: number[] = [];
  setTimeout = (cb: () => void, ms: number) => {
    const t = { cb, ms };
    this.pending.push(t);
    this.delays.push(ms);
    return t;
  };
  clearTimeout = (id: unknown) => {
    this.pending = this.pending.filter((t) => t !== id);
  };
  fire(): void {
    const due = this.pending;
    this.pending = [];
    for (const t of due) t.cb();
  }
}

const realPut = FakeObjectStore.prototype.put;
const realAdd = FakeObjectStore.prototype.add;
/** The disk is full: every put (and add, for the history) into the named stores throws QuotaExceededError, as Chromium does. */
function fillDisk(stores: string[] | 'all' = 'all'): void {
  const refuse = (name: string) => stores === 'all' || stores.includes(name);
  FakeObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof realPut>) {
    if (refuse(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return realPut.apply(this, args);
  } as typeof realPut;
  FakeObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<typeof realAdd>) {
    if (refuse(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return realAdd.apply(this, args);
  } as typeof realAdd;
}
function freeDisk(): void {
  FakeObjectStore.prototype.put = realPut;
  FakeObjectStore.prototype.add = realAdd;
}

let dbCount = 0;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  closeJournal();
});
afterEach(freeDisk);

function entry(id: string): JournalEntry {
  return { id, scenarioId: DRILL.meta.id, scenarioHash: 'h', seed: 1, engineVersion: 'x', mode: 'practice', plan: [], startedAt: 1, updatedAt: 1, simMs: 0, status: 'live', actions: [] };
}

/** Let every pending IndexedDB request and promise settle. */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('when the browser refuses to save', () => {
  it('a write refused for quota is reported at once, kept in memory, retried with backoff, and the error clears when space frees up', async () => {
    fillDisk();
    const timers = new HeldTimers();
    const e = entry('q1');
    const w = new JournalWriter(e, timers);
    const heard: WriterStatus[] = [];
    w.subscribe((s) => heard.push({ ...s }));
    for (let i = 0; i < 6; i++) {
      e.actions.push({ t: i * 1000, type: 'say', text: `第${i}句`, source: 'typed' } as JournalEntry['actions'][number]);
      w.save();
    }
    expect(await w.flush()).toBe(false);
    expect(w.status).toMatchObject({ errorName: 'QuotaExceededError', synced: false });
    expect(w.error).toMatch(/^QuotaExceededError: /);
    expect(heard.some((s) => s.errorName === 'QuotaExceededError')).toBe(true);
    expect(await listEntries()).toEqual([]);
    // Still full: each retry waits twice as long, up to the cap.
    for (let i = 0; i < 7; i++) {
      timers.fire();
      await w.flush();
    }
    expect(timers.delays.slice(0, 4)).toEqual([RETRY_MIN_MS, 2 * RETRY_MIN_MS, 4 * RETRY_MIN_MS, 8 * RETRY_MIN_MS]);
    expect(Math.max(...timers.delays)).toBe(RETRY_MAX_MS);
    expect(w.error).not.toBeNull();
    // Space is freed; the next retry (here: the page coming back) writes the newest state and clears the error.
    freeDisk();
    w.retry();
    expect(await w.flush()).toBe(true);
    expect(w.status).toEqual({ error: null, errorName: null, synced: true });
    expect(heard.at(-1)).toEqual({ error: null, errorName: null, synced: true });
    const [saved] = await listEntries();
    expect(saved.actions).toHaveLength(6);
    expect(timers.pending).toEqual([]);
  });

  it('a database that cannot be opened (private mode) is reported and written once it can be', async () => {
    const factory = globalThis.indexedDB;
    // @ts-expect-error -- a browser without IndexedDB (some private modes)
    globalThis.indexedDB = undefined;
    closeJournal();
    const timers = new HeldTimers();
    const w = new JournalWriter(entry('p1'), timers);
    w.save();
    expect(await w.flush()).toBe(false);
    expect(w.error).toMatch(/IndexedDB is not available/);
    globalThis.indexedDB = factory;
    timers.fire();
    expect(await w.flush()).toBe(true);
    expect((await listEntries()).map((x) => x.id)).toEqual(['p1']);
  });

  it('a run played on a full disk loses none of its 6 actions: they are written when space frees up and continue the run to the same result', async () => {
    fillDisk();
    const clock = new FakeClock();
    const timers = new HeldTimers();
    const run = new LiveRun(DRILL, 11, clock);
    run.setSpeed(4);
    let wake = () => undefined as void;
    const rec = recordRun(run, { mode: 'practice', plan: [], segment: () => undefined, timers, onWake: (cb) => ((wake = cb), () => undefined), onHide: () => () => undefined, idle: (cb) => cb() });
    run.start();
    const lines = ['欢迎来到直播间', '冰糖橙坏果包赔', '拍1号链接', '库存还有不少', '有问题评论区问我', '谢谢大家支持'];
    for (const text of lines) {
      clock.run(1200);
      run.dispatch({ type: 'say', text, source: 'typed' });
    }
    clock.run(1200);
    await settle();
    expect(rec.writer.status.errorName).toBe('QuotaExceededError');
    expect(rec.entry.actions).toHaveLength(6); // kept in memory
    expect(await listEntries()).toEqual([]);
    // Space frees up; the page comes back to the foreground.
    freeDisk();
    wake();
    await settle();
    expect(await rec.writer.flush()).toBe(true);
    const [saved] = await listEntries();
    expect(saved.actions).toEqual(run.actions);
    expect(saved.actions).toHaveLength(6);
    run.stop();
    // After a reload: continued from what is on disk, to the same digest as the run itself.
    const again = continueRun(DRILL, saved, await getSnapshot(saved.id), new FakeClock());
    again.sim.runToEnd();
    run.sim.runToEnd();
    expect(again.sim.digest()).toBe(run.sim.digest());
    expect(again.sim.digest()).toBe(replay(DRILL, 11, saved.actions).digest());
  });

  it('the end screen never says saved while the journal or the history cannot be written, and does once they can', async () => {
    const history = openHistory(`livesim-quota-${++dbCount}`);
    const clock = new FakeClock();
    const timers = new HeldTimers();
    const run = new LiveRun(DRILL, 4, clock);
    run.setSpeed(256);
    const rec = recordRun(run, { mode: 'practice', plan: [], segment: () => undefined, timers, onWake: () => () => undefined, onHide: () => () => undefined, idle: () => undefined });
    run.start();
    clock.run(200);
    await rec.writer.flush();
    fillDisk(['runs']); // the journal's runs (and the history's runs) refuse from here
    run.dispatch({ type: 'say', text: '最后一句', source: 'typed' });
    clock.run(2000); // past the end
    expect(run.sim.finished).toBe(true);
    await expect(archiveRecording(rec, find, history)).rejects.toThrow(/QuotaExceededError/);
    expect(await listRuns(history)).toEqual([]);
    const [onDisk] = await listEntries();
    expect(onDisk.status).toBe('live'); // the journal still has the older state: not archived, not lost
    expect(rec.entry.status).toBe('finished');

    // The journal can write again, the history still cannot: still not saved.
    FakeObjectStore.prototype.put = realPut;
    timers.fire();
    expect(await rec.writer.flush()).toBe(true);
    await expect(archiveRecording(rec, find, history)).rejects.toThrow(/QuotaExceededError/);
    expect(await getRun(rec.entry.id, history)).toBeUndefined();

    freeDisk();
    expect(await archiveRecording(rec, find, history)).toBe(rec.entry.id);
    const stored = await getRun(rec.entry.id, history);
    expect(stored?.status).toBe('finished');
    expect(stored?.actions).toEqual(run.actions);
    expect(await listEntries()).toEqual([]);
    history.close();
  });
});
