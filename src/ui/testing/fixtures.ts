/**
 * Shared by the UI's unit tests (never imported by the app): scenario files read from disk, the
 * stream-drop drill with a short run of actions and a journal entry for it, a hand-moved wall
 * clock, and a fresh IndexedDB for every test.
 */
import { IDBFactory } from 'fake-indexeddb';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { ENGINE_VERSION, loadScenarioText, scenarioHash, type ActionInput, type Scenario } from '../../engine';
import type { Clock } from '../store/run';
import { closeJournal, type JournalEntry } from '../storage/journal';
import { resetHistoryDb } from '../storage/db';

/** A scenario file, loaded by the engine's own loader (relative to the repository root). */
export function scenarioFile(file: string): Scenario {
  const r = loadScenarioText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(`${file} is invalid`);
  return r.scenario;
}

export const DRILL = scenarioFile('scenarios/drill-stream-drop-5min.yaml');

/** The scenario lookup the history takes: only the drill is "in this app". */
export const findDrill = (id: string) => Promise.resolve(id === DRILL.meta.id ? DRILL : undefined);

/** A few actions of a student on the drill: explain, card, one pitch line, the backup network. */
export const DRILL_ACTIONS: ActionInput[] = [
  { t: 0, type: 'start_explaining', product: 'oranges' },
  { t: 1000, type: 'show_card', product: 'oranges' },
  { t: 2000, type: 'say', text: '欢迎家人们，云南高山冰糖橙，坏果包赔，直播间到手价29.9元，拍1号链接！', source: 'typed' },
  { t: 121000, type: 'reconnect_stream', via: 'backup' },
] as ActionInput[];

/** A finished drill run as the journal holds it (seed 7), with `over` on top. */
export function drillEntry(over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: 'r1',
    scenarioId: DRILL.meta.id,
    scenarioHash: scenarioHash(DRILL),
    seed: 7,
    engineVersion: ENGINE_VERSION,
    mode: 'practice',
    plan: DRILL.runOfShow.map((s) => s.id),
    startedAt: 1000,
    updatedAt: 2000,
    simMs: 300_000,
    status: 'finished',
    actions: DRILL_ACTIONS,
    ...over,
  };
}

/** A wall clock moved by hand, with an animation frame every `frameMs`. */
export class FakeClock implements Clock {
  t = 1000;
  private frames: (() => void)[] = [];
  constructor(private readonly frameMs = 16) {}
  now = () => this.t;
  requestFrame = (cb: () => void) => this.frames.push(cb);
  cancelFrame = () => undefined;
  setInterval = () => 0;
  clearInterval = () => undefined;
  /** Let `ms` of wall time pass, with a frame every `frameMs` (and `each` after every frame). */
  run(ms: number, frameMs = this.frameMs, each?: () => void): void {
    const end = this.t + ms;
    while (this.t + frameMs <= end) {
      this.t += frameMs;
      const due = this.frames;
      this.frames = [];
      for (const f of due) f();
      each?.();
    }
    this.t = end;
  }
}

/** A fresh browser profile: new IndexedDB, journal and history closed. */
export function freshDatabases(): void {
  globalThis.indexedDB = new IDBFactory();
  Dexie.dependencies.indexedDB = globalThis.indexedDB;
  closeJournal();
  resetHistoryDb();
}
