/**
 * The progress file: everything graded moves to another browser (runs re-simulated, drills
 * re-scored), nothing is added twice, a tampered mark is scored again, and a broken file is
 * refused with where it is broken. fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DrillKind, DrillVariant } from '../../drills';
import { DRILL, drillEntry, findDrill, freshDatabases } from '../testing/fixtures';
import { historyDb, type DrillRecord } from './db';
import { putEntry } from './journal';
import { archiveJournal, listRuns } from './history';
import { exportProgress, importProgress, PROGRESS_FORMAT } from './progress-file';

/** A drill kind for the storage: two sums drawn from the seed; the source names the seed's parity. */
const sums: DrillKind = {
  id: 'price-maths',
  skill: 'offers',
  title: { zh: '加法', en: 'Sums' },
  blurb: { zh: '', en: '' },
  clauses: [],
  minutes: 1,
  languages: ['zh'],
  generate(seed, sources): DrillVariant {
    if (sources.scenarios.length === 0) throw new Error('no scenarios');
    const items = [1, 2].map((i) => ({ id: `q${i}`, prompt: { zh: `${seed}+${i}`, en: `${seed}+${i}` }, input: { type: 'number' as const } }));
    return { kind: 'price-maths', seed, language: 'zh', source: `parity-${seed % 2}`, title: this.title, intro: this.title, items, timeLimitSec: 60 };
  },
  score(v, answers) {
    const items = v.items.map((it, i) => {
      const right = String(v.seed + i + 1);
      const credit = answers.find((a) => a.item === it.id)?.value === right ? 1 : 0;
      return { item: it.id, credit, expected: { zh: right, en: right }, feedback: { zh: '', en: '' } };
    });
    return { kind: 'price-maths', percent: (100 * items.reduce((n, x) => n + x.credit, 0)) / items.length, items };
  },
};
const sources = () => Promise.resolve({ scenarios: [DRILL], runs: [] });
const NOW = Date.UTC(2026, 11, 5, 12);

function drillRecord(over: Partial<DrillRecord> = {}): DrillRecord {
  return { id: 'd1', kind: 'price-maths', seed: 10, language: 'zh', source: 'parity-0', skill: 'offers', startedAt: NOW - 3 * 86_400_000, endedAt: NOW - 3 * 86_400_000 + 60_000, answers: [{ item: 'q1', value: '11', ms: 3000 }, { item: 'q2', value: '99', ms: 4000 }], percent: 50, ...over };
}

beforeEach(freshDatabases);

async function exported(): Promise<string> {
  await putEntry(drillEntry({ startedAt: Date.UTC(2026, 11, 1, 9, 30), updatedAt: Date.UTC(2026, 11, 1, 9, 36) }));
  await archiveJournal(findDrill);
  await historyDb().drills.put(drillRecord());
  const { file, skipped } = await exportProgress(findDrill, NOW);
  expect(skipped).toBe(0);
  expect(file).toMatchObject({ format: PROGRESS_FORMAT, exportedAt: NOW });
  expect(file.runs).toHaveLength(1);
  expect(file.drills).toHaveLength(1);
  freshDatabases();
  return JSON.stringify(file);
}

describe('progress file', () => {
  it('moves runs and drills to another browser, with their dates; importing again adds nothing', async () => {
    const text = await exported();
    const before = JSON.parse(text) as { runs: { startedAt: number; endedAt: number }[] };
    const r = await importProgress(text, 'p.json', findDrill, sources, NOW, undefined, [sums]);
    expect(r).toEqual({ ok: true, summary: { runs: { added: 1, duplicate: 0, refused: [] }, drills: { added: 1, duplicate: 0, refused: [], rescored: 0 } } });
    const runs = await listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ startedAt: before.runs[0].startedAt, endedAt: before.runs[0].endedAt, status: 'imported' });
    expect(runs[0].grade).toBeDefined();
    expect(await historyDb().drills.get('d1')).toMatchObject({ percent: 50, endedAt: drillRecord().endedAt });
    const again = await importProgress(text, 'p.json', findDrill, sources, NOW, undefined, [sums]);
    expect(again).toEqual({ ok: true, summary: { runs: { added: 0, duplicate: 1, refused: [] }, drills: { added: 0, duplicate: 1, refused: [], rescored: 0 } } });
  });

  it('a drill mark written into the file is scored again from the answers; a drill drawn from elsewhere is refused', async () => {
    const text = await exported();
    const file = JSON.parse(text) as { drills: DrillRecord[] };
    file.drills = [drillRecord({ id: 'a', percent: 100 }), drillRecord({ id: 'b', seed: 12, source: 'parity-1' }), drillRecord({ id: 'c', seed: 14, endedAt: NOW + 86_400_000 * 30 })];
    const r = await importProgress(JSON.stringify(file), 'p.json', findDrill, sources, NOW, undefined, [sums]);
    // 'a' claims 100 for answers worth 50; 'c' (seed 14) claims 50 for answers that are wrong for its variant.
    expect(r.ok && r.summary.drills).toEqual({ added: 2, duplicate: 0, rescored: 2, refused: ['p.json drills[1]: it was drawn from "parity-1", which this browser does not have (it draws "parity-0")'] });
    expect(await historyDb().drills.get('a')).toMatchObject({ percent: 50 });
    // A date in the future is brought back to the import's time.
    expect((await historyDb().drills.get('c'))?.endedAt).toBe(NOW);
  });

  it('a tampered run is refused and the rest imported', async () => {
    const text = await exported();
    const file = JSON.parse(text) as { runs: { file: { actions: { t: number }[] } }[] };
    file.runs[0].file.actions[0].t += 1000;
    const r = await importProgress(JSON.stringify(file), 'p.json', findDrill, sources, NOW, undefined, [sums]);
    expect(r.ok && r.summary.runs.added).toBe(0);
    expect(r.ok && r.summary.runs.refused[0]).toMatch(/^p\.json runs\[0\]: /);
    expect(r.ok && r.summary.drills.added).toBe(1);
  });

  it('a broken file is refused with where it is broken, and nothing is stored', async () => {
    const cases: [string, RegExp][] = [
      ['{', /^p\.json: not JSON/],
      [JSON.stringify({ format: 'livesim/run@2' }), /^p\.json: not a progress file: format is "livesim\/run@2"/],
      [JSON.stringify({ format: PROGRESS_FORMAT, exportedAt: 1, runs: [], drills: [{ ...drillRecord(), seed: 'x' }] }), /^p\.json: drills\[0\]\.seed: /],
      [JSON.stringify({ format: PROGRESS_FORMAT, exportedAt: 1, runs: [], drills: [{ ...drillRecord(), kind: 'karaoke' }] }), /^p\.json: drills\[0\]\.kind: /],
      [JSON.stringify({ format: PROGRESS_FORMAT, exportedAt: 1, runs: [], drills: [], extra: 1 }), /^p\.json: \(the file\): /],
    ];
    for (const [text, reason] of cases) {
      const r = await importProgress(text, 'p.json', findDrill, sources, NOW, undefined, [sums]);
      expect(r.ok, text).toBe(false);
      expect(!r.ok && r.reason, text).toMatch(reason);
    }
    expect(await historyDb().drills.count()).toBe(0);
    expect(await listRuns()).toHaveLength(0);
  });

  it('copies of one variant under new ids count once, and answers faster than a hand or longer than the drill are refused', async () => {
    const text = await exported();
    const file = JSON.parse(text) as { drills: DrillRecord[] };
    const base = drillRecord();
    file.drills = [
      ...Array.from({ length: 5 }, (_, i) => ({ ...base, id: `copy-${i}` })),
      drillRecord({ id: 'fast', seed: 20, answers: [{ item: 'q1', value: '21', ms: 40 }] }),
      drillRecord({ id: 'slow', seed: 22, answers: [{ item: 'q1', value: '23', ms: 3_600_000 }] }),
      drillRecord({ id: 'blank-fast', seed: 24, answers: [{ item: 'q1', value: '', ms: 0 }] }),
    ];
    const r = await importProgress(JSON.stringify(file), 'p.json', findDrill, sources, NOW, undefined, [sums]);
    expect(r.ok && r.summary.drills).toEqual({
      added: 2,
      duplicate: 4,
      rescored: 1, // 'blank-fast' claims 50 with a blank answer
      refused: ['p.json drills[5]: the answer to "q1" took 40 ms, faster than anyone types or chooses', 'p.json drills[6]: its answers took 3600 s, longer than the drill lasted (60 s)'],
    });
    expect((await historyDb().drills.toArray()).map((d) => d.id).sort()).toEqual(['blank-fast', 'copy-0']);
  });
});
