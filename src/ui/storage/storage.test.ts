import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { scenarioHash } from '../../engine';
import { makeRunFile, replay, sealRunFile } from '../../engine';
import { ENGINE_VERSION } from '../../engine';
import { getSnapshot, JournalWriter, listEntries, putEntry, putSnapshot } from './journal';
import { openHistory, SCHEMAS, SCHEMA_VERSION, type RunRecordV1 } from './db';
import { archiveJournal, deleteRun, discardLive, exportRunFile, importRunText, listRuns } from './history';
import { DRILL, DRILL_ACTIONS, drillEntry, findDrill, freshDatabases } from '../testing/fixtures';

const find = findDrill;
const ACTIONS = DRILL_ACTIONS;
const entry = drillEntry;

// A fresh browser profile for every test.
beforeEach(freshDatabases);

describe('history database migrations', () => {
  it('runs saved by schema version 1 survive the upgrade to the current version', async () => {
    const v1 = new Dexie('livesim');
    v1.version(1).stores(SCHEMAS[1]);
    const old: RunRecordV1[] = [
      { id: 'a', scenarioId: DRILL.meta.id, scenarioHash: scenarioHash(DRILL), seed: 3, engineVersion: '1.0.0', startedAt: 10, endedAt: 20, endMs: 300_000, actions: ACTIONS, finished: true, score: 71.5 },
      { id: 'b', scenarioId: DRILL.meta.id, scenarioHash: scenarioHash(DRILL), seed: 3, engineVersion: '1.0.0', startedAt: 30, endedAt: 40, endMs: 50_000, actions: [], finished: false },
    ];
    await v1.table('runs').bulkPut(old);
    v1.close();

    const db = openHistory();
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    const a = await db.runs.get('a');
    const b = await db.runs.get('b');
    // v1's score is kept aside (schema 3 freezes grades, graded again once: grade.test.ts).
    expect(a).toMatchObject({ status: 'finished', legacyScore: { total: 71.5, passed: null }, actions: ACTIONS, seed: 3, mode: 'practice' });
    expect(a).not.toHaveProperty('finished');
    expect(a).not.toHaveProperty('score');
    expect(b).toMatchObject({ status: 'stopped' });
    expect(b).not.toHaveProperty('legacyScore');
    // The new index works on migrated records: runs of one scenario and seed, for comparing.
    expect(await db.runs.where('[scenarioId+seed]').equals([DRILL.meta.id, 3]).count()).toBe(2);
    expect(await db.runs.where('status').equals('finished').primaryKeys()).toEqual(['a']);
    db.close();
  });
});

describe('run journal', () => {
  it('keeps every action written, the newest state winning when writes overlap', async () => {
    const e = entry({ status: 'live', actions: [], simMs: 0 });
    const w = new JournalWriter(e);
    for (const a of ACTIONS) {
      e.actions.push(a);
      e.simMs = a.t;
      w.save();
    }
    await w.flush();
    const [saved] = await listEntries();
    expect(saved.actions).toEqual(ACTIONS);
    expect(saved.simMs).toBe(121000);
    expect(w.error).toBeNull();
  });

  it('archives ended runs into the history with their result and score, and leaves runs in progress', async () => {
    await putEntry(entry());
    await putEntry(entry({ id: 'r2', status: 'live', simMs: 60_000, actions: ACTIONS.slice(0, 2) }));
    const archived = await archiveJournal(find);
    expect(archived.map((r) => r.id)).toEqual(['r1']);
    const [rec] = await listRuns();
    const sim = replay(DRILL, 7, ACTIONS);
    expect(rec).toMatchObject({ status: 'finished', endMs: 300_000, result: { digest: sim.digest(), orders: sim.metrics().orders } });
    expect(rec.grade?.total).toBeGreaterThan(0);
    expect((await listEntries()).map((e) => e.id)).toEqual(['r2']);
  });
});

describe('a run in progress given up on', () => {
  it('is kept in the history as stopped, where it stopped, and leaves the journal with its snapshot', async () => {
    const live = entry({ status: 'live', simMs: 65_000, actions: ACTIONS.slice(0, 3) });
    await putSnapshot(live, { id: live.id, simMs: 60_000, actionCount: 3, lastAction: null, savedAt: 0, text: '{}' });
    expect(await getSnapshot(live.id)).toMatchObject({ simMs: 60_000 });
    const rec = await discardLive(live, find);
    expect(rec).toMatchObject({ status: 'stopped', endMs: 65_000, actions: ACTIONS.slice(0, 3), title: DRILL.meta.title });
    expect(rec.result).toBeUndefined();
    expect((await listRuns()).map((r) => r.id)).toEqual([live.id]);
    expect(await listEntries()).toEqual([]);
    expect(await getSnapshot(live.id)).toBeUndefined();
  });
});

describe('run files', () => {
  it('an exported run is the same run when imported again; an edited, truncated or foreign file is refused with the reason', async () => {
    await putEntry(entry());
    const [rec] = await archiveJournal(find);
    const file = exportRunFile(rec, DRILL);
    expect(file.result.digest).toBe(rec.result?.digest);
    const text = JSON.stringify(file);

    // Still in the history: a duplicate, nothing added (import.test.ts). Deleted: imported as a new row.
    expect(await importRunText(text, 'run.json', find)).toMatchObject({ ok: false, code: 'duplicate', existing: { id: rec.id } });
    await deleteRun(rec.id);
    const ok = await importRunText(text, 'run.json', find);
    expect(ok.ok).toBe(true);
    expect(await listRuns()).toHaveLength(1);

    const edited = structuredClone(file);
    (edited.actions[2] as unknown as { text: string }).text = '欢迎家人们';
    const r1 = await importRunText(JSON.stringify(edited), 'edited.json', find);
    expect(r1).toEqual({ ok: false, code: 'edited', reason: 'edited.json: the file was edited: actions changed since it was made (integrity seal)' });
    // Resealed, as someone with the engine's source could: the replay still gives it away.
    const r1b = await importRunText(JSON.stringify({ ...edited, integrity: sealRunFile(edited) }), 'edited.json', find);
    expect(r1b).toEqual({ ok: false, code: 'edited', reason: 'edited.json: replaying the actions gives a different result: the file was edited or truncated' });

    const r2 = await importRunText(text.slice(0, text.length - 40), 'cut.json', find);
    expect(r2.ok).toBe(false);
    expect(!r2.ok && r2.reason).toMatch(/^cut\.json: not valid JSON .*truncated/);
    expect(!r2.ok && r2.code).toBe('json');

    const nextMajor = `${Number(ENGINE_VERSION.split('.')[0]) + 1}.0.0`;
    const newer = { ...file, engineVersion: nextMajor };
    const r3 = await importRunText(JSON.stringify({ ...newer, integrity: sealRunFile(newer) }), 'new.json', find);
    expect(!r3.ok && r3.reason).toMatch(/incompatible with this engine/);
    expect(!r3.ok && r3.code).toBe('engine');

    const r4 = await importRunText(JSON.stringify({ ...file, scenario: { ...file.scenario, id: 'elsewhere' } }), 'x.json', find);
    expect(!r4.ok && r4.reason).toBe('x.json: made for scenario "elsewhere", which is not in this app');

    const r5 = await importRunText('{"format":"livesim/actions@1","actions":[]}', 'log.json', find);
    expect(!r5.ok && r5.reason).toMatch(/expected "livesim\/run@2"/);
    // Nothing refused was stored.
    expect(await listRuns()).toHaveLength(1);
    // The file's digest is the engine's.
    expect(makeRunFile(DRILL, 7, ACTIONS, replay(DRILL, 7, ACTIONS)).result.digest).toBe(file.result.digest);
  });
});
