/**
 * Importing run files: the same run twice is a duplicate (no new row, the existing row named),
 * the size and action-count limits refuse a file before it is read or simulated, and the import
 * reports its progress. fake-indexeddb; in Node there is no Worker, so importRunFile runs the
 * worker's check in this thread (the same function).
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeRunFile, replay, verifyRunFile, type ActionInput } from '../../engine';
import { putEntry, type JournalEntry } from './journal';
import { historyDb } from './db';
import { archiveJournal, checkImportSize, deleteRun, exportRunFile, IMPORT_LIMITS, importRunText, listRuns, type ImportProgress } from './history';
import { importRunFile } from './import-client';
import { DRILL, DRILL_ACTIONS, drillEntry, findDrill, freshDatabases } from '../testing/fixtures';

const find = findDrill;
const ACTIONS = DRILL_ACTIONS;

const runFile = (seed: number, actions: ActionInput[] = ACTIONS) => makeRunFile(DRILL, seed, actions, replay(DRILL, seed, actions), 'test');
const fileOf = (text: string, name = 'run.json') => new File([text], name, { type: 'application/json' });

/** The drill run, started on a known date (the duplicate message names it). */
const entry = (over: Partial<JournalEntry> = {}): JournalEntry => drillEntry({ startedAt: Date.UTC(2026, 11, 1, 9, 30), updatedAt: Date.UTC(2026, 11, 1, 9, 36), ...over });

beforeEach(freshDatabases);

describe('importing the same run again', () => {
  it('a file imported twice adds one row; the second import names the row it already is', async () => {
    const text = JSON.stringify(runFile(7));
    const first = await importRunText(text, 'run.json', find, undefined, Date.UTC(2026, 11, 2, 10, 0));
    expect(first.ok).toBe(true);
    const again = await importRunText(text, 'copy.json', find, undefined, Date.UTC(2026, 11, 3, 11, 0));
    expect(again).toMatchObject({ ok: false, code: 'duplicate', reason: 'copy.json: this run is already in the history (the row of 2026-12-02T10:00:00.000Z); nothing was added' });
    expect(!again.ok && again.code === 'duplicate' && again.existing.id).toBe(first.ok && first.record.id);
    expect(await listRuns()).toHaveLength(1);
    expect(await historyDb().reports.count()).toBe(1);
  });

  it('a finished run exported and imported again is the run already in the history', async () => {
    await putEntry(entry());
    const [rec] = await archiveJournal(find);
    const text = JSON.stringify(exportRunFile(rec, DRILL));
    const r = await importRunText(text, 'run.json', find);
    expect(r).toMatchObject({ ok: false, code: 'duplicate', existing: { id: 'r1', status: 'finished', startedAt: entry().startedAt } });
    expect((await listRuns()).map((x) => x.id)).toEqual(['r1']);
    // Deleted from the history, the same file imports as a new row with the same grade.
    await deleteRun('r1');
    const back = await importRunText(text, 'run.json', find);
    expect(back.ok && back.record.grade?.total).toBe(rec.grade?.total);
    expect(await listRuns()).toHaveLength(1);
  });

  it('the same run laid out differently (indented, with a byte-order mark) is still a duplicate', async () => {
    const file = runFile(7);
    expect((await importRunText(JSON.stringify(file), 'a.json', find)).ok).toBe(true);
    const r = await importRunText('\uFEFF' + JSON.stringify(file, null, 2), 'b.json', find);
    expect(r.ok === false && r.code).toBe('duplicate');
    expect(await listRuns()).toHaveLength(1);
  });

  it('another seed or other actions on the same scenario are other runs, stored as new rows', async () => {
    expect((await importRunText(JSON.stringify(runFile(7)), 'a.json', find)).ok).toBe(true);
    expect((await importRunText(JSON.stringify(runFile(8)), 'b.json', find)).ok).toBe(true);
    const fewer = ACTIONS.slice(0, 3);
    expect((await importRunText(JSON.stringify(runFile(7, fewer)), 'c.json', find)).ok).toBe(true);
    expect(await listRuns()).toHaveLength(3);
  });

  it('a run stopped midway with the same actions is not the same run as a finished file', async () => {
    await putEntry(entry({ status: 'stopped', simMs: 60_000 }));
    await archiveJournal(find);
    const r = await importRunText(JSON.stringify(runFile(7)), 'run.json', find);
    expect(r.ok).toBe(true);
    expect(await listRuns()).toHaveLength(2);
  });

  it('two imports of the same file at once (two tabs) store one row', async () => {
    const text = JSON.stringify(runFile(7));
    const [a, b] = await Promise.all([importRunText(text, 'a.json', find, undefined, 1), importRunText(text, 'b.json', find, undefined, 2)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: 'duplicate' });
    expect(await listRuns()).toHaveLength(1);
  });

  it('a refused file is still refused for what it is, even when the run is in the history', async () => {
    const file = runFile(7);
    await importRunText(JSON.stringify(file), 'a.json', find);
    const edited = structuredClone(file);
    edited.seed = 8;
    expect(await importRunText(JSON.stringify(edited), 'e.json', find)).toEqual({ ok: false, code: 'edited', reason: 'e.json: the file was edited: seed changed since it was made (integrity seal)' });
  });
});

describe('import limits', () => {
  it('a file over 64 MB is refused by its size before a byte of it is read', async () => {
    let read = false;
    const huge = { name: 'huge.json', size: IMPORT_LIMITS.bytes + 1, arrayBuffer: () => ((read = true), Promise.resolve(new ArrayBuffer(2))) } as unknown as File;
    const r = await importRunFile(huge, find);
    expect(r).toEqual({ ok: false, code: 'too_big', reason: 'huge.json: the file is 64.1 MB; run files of up to 64 MB can be imported' });
    expect(read).toBe(false);
    expect(checkImportSize(IMPORT_LIMITS.bytes, 'x.json')).toBeNull();
    expect(checkImportSize(200 * 1024 * 1024, 'x.json')?.reason).toBe('x.json: the file is 200.0 MB; run files of up to 64 MB can be imported');
  });

  it('text over the limit is measured in UTF-8 bytes (Chinese text is three bytes a character)', async () => {
    const chars = Math.ceil(IMPORT_LIMITS.bytes / 3) + 10; // fewer characters than the limit, more bytes
    const text = `{"format":"livesim/run@2","x":"${'橙'.repeat(chars)}"}`;
    expect(text.length).toBeLessThan(IMPORT_LIMITS.bytes);
    const r = await importRunText(text, 'zh.json', find);
    expect(r).toMatchObject({ ok: false, code: 'too_big' });
    expect(!r.ok && r.reason).toMatch(/^zh\.json: the file is 64\.1 MB; run files of up to 64 MB can be imported$/);
  });

  it('a file with more actions than the limit is refused before anything is simulated', async () => {
    const file = runFile(7);
    const many = Array.from({ length: IMPORT_LIMITS.actions + 1 }, (_, i) => ({ t: i, type: 'hide_card' }));
    const progress: ImportProgress[] = [];
    const r = await importRunText(JSON.stringify({ ...file, actions: many }), 'many.json', find, undefined, 0, (p) => progress.push(p));
    expect(r).toEqual({ ok: false, code: 'too_many', reason: 'many.json: the file holds 200,001 actions; run files of up to 200,000 actions can be imported' });
    expect(progress.some((p) => p.phase === 'simulate')).toBe(false);
    expect(await listRuns()).toHaveLength(0);
  });

  it('values nested absurdly deep are refused as not a run file, naming where, before anything recurses into them', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = JSON.stringify({ ...runFile(7), actions: [{ t: 0, type: 'say', text: 'x' }] }).replace('"text":"x"', `"text":${deep}`);
    expect(await importRunText(text, 'deep.json', find)).toEqual({
      ok: false,
      code: 'format',
      reason: "deep.json: not a valid run file: actions.0.text.0.… is nested more than 32 levels deep (a run file's values nest a few levels)",
    });
  });

  it('a file at the limits is not refused for them', async () => {
    // Exactly the action limit: over the line is refused, on it is checked as usual (here: edited).
    const file = runFile(7);
    const atLimit = { ...file, actions: Array.from({ length: IMPORT_LIMITS.actions }, (_, i) => ({ t: i, type: 'hide_card' })) };
    const r = await importRunText(JSON.stringify(atLimit), 'limit.json', find);
    expect(r).toMatchObject({ ok: false, code: 'edited' });
  });
});

describe('file encodings', () => {
  it('a run file re-saved as UTF-16 or GBK is refused naming the encoding; UTF-8 with a byte-order mark imports', async () => {
    const text = JSON.stringify(runFile(7));
    const utf16le = new Uint8Array([0xff, 0xfe, ...Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(await importRunFile(new File([utf16le], 'u16.json'), find)).toEqual({
      ok: false,
      code: 'encoding',
      reason: 'u16.json: the file is saved as UTF-16 (a "Unicode" file), not UTF-8; export it from livesim again, or save it as UTF-8',
    });
    const noBom = utf16le.subarray(2);
    expect(await importRunFile(new File([noBom], 'u16b.json'), find)).toMatchObject({ ok: false, code: 'encoding' });
    // "欢迎" in GBK is not UTF-8.
    const gbk = new Uint8Array([...new TextEncoder().encode('{"format":"livesim/run@2","x":"'), 0xbb, 0xb6, 0xd3, 0xad, ...new TextEncoder().encode('"}')]);
    expect(await importRunFile(new File([gbk], 'gbk.json'), find)).toEqual({
      ok: false,
      code: 'encoding',
      reason: 'gbk.json: the file is not UTF-8 text (saved in another encoding such as GBK, or not a text file); export it from livesim again, or save it as UTF-8',
    });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect((await importRunFile(new File([bom], 'bom.json'), find)).ok).toBe(true);
    expect(await listRuns()).toHaveLength(1);
  });
});

describe('import progress', () => {
  it('a file imported from the page reports reading, checking by sim time up to 100 %, grading and saving', async () => {
    const progress: ImportProgress[] = [];
    const r = await importRunFile(fileOf(JSON.stringify(runFile(7))), find, { onProgress: (p) => progress.push(p) });
    expect(r.ok).toBe(true);
    const phases = progress.map((p) => p.phase).filter((p, i, a) => a[i - 1] !== p);
    expect(phases).toEqual(['read', 'parse', 'simulate', 'grade', 'save']);
    const pcts = progress.filter((p) => p.phase === 'simulate').map((p) => p.pct!);
    expect(pcts[0]).toBe(0);
    expect(pcts[pcts.length - 1]).toBe(100);
    expect(pcts.every((p, i) => i === 0 || p > pcts[i - 1])).toBe(true);
    expect(pcts.length).toBeGreaterThan(50);
    expect(await listRuns()).toHaveLength(1);
  });

  it('checking with progress gives the same result as checking without', () => {
    const file = JSON.parse(JSON.stringify(runFile(7)));
    let calls = 0;
    const a = verifyRunFile(file, DRILL, { onProgress: () => calls++ });
    const b = verifyRunFile(file, DRILL);
    expect(a.ok && b.ok && a.sim.digest()).toBe(b.ok && b.sim.digest());
    expect(calls).toBe(100);
  });

  it('a file that cannot be read is refused with the reason, and nothing is stored', async () => {
    const broken = { name: 'gone.json', size: 10, arrayBuffer: () => Promise.reject(new Error('NotReadableError: the file was moved')) } as unknown as File;
    expect(await importRunFile(broken, find)).toEqual({ ok: false, code: 'failed', reason: 'gone.json: the file could not be read: NotReadableError: the file was moved' });
    expect(await listRuns()).toHaveLength(0);
  });
});
