/**
 * Shared helpers for the hub's tests: a hub on a fresh database (SQLite in memory, or a fresh
 * schema on PostgreSQL in the `hub-pg` vitest project: see TEST_STORE) with a fake clock, teachers and sessions made without scrypt (it costs ~100 ms a hash; the auth tests make
 * the few real ones), exams on a shipped drill and the expert bot's actions for it.
 *
 * Not a test file itself (vitest only collects `*.test.ts`).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import { WebSocket } from 'ws';
import { loadScenarioText, runWithBot, type ActionInput, type Scenario } from '../../../src/engine';
import { rubricIds } from '../../../src/scoring';
import { newId, newToken, tokenHash } from '../../../src/hub/auth';
import { openMemory, type Db } from '../../../src/hub/db/db';
import { PgDb } from '../../../src/hub/db/pg';
import { Hub, type AttemptRow, type ExamRow, type HubOptions, type Teacher } from '../../../src/hub/hub';
import { HUB_PROTOCOL, type EntryBody, type EntryMessage, type ServerMessage } from '../../../src/hub/protocol';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DRILL_ID = 'drill-stream-drop-5min';
export const DRILL_FILE = `scenarios/${DRILL_ID}.yaml`;
/** A fixed start for the fake clock (2025-03-01T00:00:00Z). */
export const T0 = Date.UTC(2025, 2, 1);

const tempDirs: string[] = [];
export function tempDir(prefix = 'livesim-hub-'): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}
/** After a test file: its temporary folders go and its PostgreSQL connections close. */
export async function removeTempDirs(): Promise<void> {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
}

/**
 * The store these tests run on: 'sqlite', or 'postgres' in the `hub-pg` vitest project (run when
 * LIVESIM_TEST_DATABASE_URL is set, and always with CI=true; tests/unit/hub/pg-setup.ts).
 */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.LIVESIM_HUB_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
const opened: Db[] = [];

/** The test run's PostgreSQL database (pg-setup.ts made it for this run and drops it after). */
export const testPgUrl = (): string => inject('hubPgUrl');

/** A fresh, empty hub database: SQLite in memory, or a schema of its own on the run's PostgreSQL database. */
export function testDb(): Db {
  if (TEST_STORE === 'sqlite') return openMemory();
  return testPgDb(`t_${randomBytes(6).toString('hex')}`);
}

/** A connection pool of its own to that schema (two of them are two hub processes on one database). */
export function testPgDb(schema: string): PgDb {
  const db = new PgDb(testPgUrl(), { schema, max: 4, idleMs: 500 });
  opened.push(db);
  return db;
}

const folders = new Map<string, string>();
/** A temporary scenarios folder made once per test file: the drill, and the files `more` returns (name → YAML). */
function scenariosFolder(prefix: string, more: () => Record<string, string> = () => ({})): string {
  let dir = folders.get(prefix);
  if (dir) return dir;
  dir = mkdtempSync(path.join(tmpdir(), prefix));
  copyFileSync(path.join(ROOT, DRILL_FILE), path.join(dir, `${DRILL_ID}.yaml`));
  for (const [name, yaml] of Object.entries(more())) writeFileSync(path.join(dir, name), yaml);
  folders.set(prefix, dir);
  return dir;
}

/** A scenarios folder with only the drill (the hub reads every file in it once; the whole library takes a while). */
export function scenariosDir(): string {
  return scenariosFolder('livesim-hub-scenarios-');
}

/** A stand-in rehearsal scenario for the template tests: the drill as an imkt-l5 rehearsal task (meta.task: rehearsal), so they do not depend on the shipped rehearsal scenarios. */
export const REHEARSAL_ID = 'test-rehearsal-l5';
export function rehearsalYaml(): string {
  const yaml = drillYaml().replace(`id: ${DRILL_ID}`, `id: ${REHEARSAL_ID}`).replace(/^( {2}level: imkt-l5\b.*)$/m, '$1\n  task: rehearsal');
  if (!yaml.includes('task: rehearsal') || !yaml.includes(REHEARSAL_ID)) throw new Error(`${DRILL_FILE} changed: the rehearsal stand-in needs its meta.id and meta.level lines`);
  return yaml;
}

/** A scenarios folder for template exams: the drill (an imkt-l5 selling live) and the rehearsal stand-in. */
export function templateScenariosDir(): string {
  return scenariosFolder('livesim-hub-template-scenarios-', () => ({ [`${REHEARSAL_ID}.yaml`]: rehearsalYaml() }));
}

let rehearsalScenario: Scenario | null = null;
export function rehearsal(): Scenario {
  if (rehearsalScenario) return rehearsalScenario;
  const r = loadScenarioText(rehearsalYaml(), `${REHEARSAL_ID}.yaml`, { rubrics: rubricIds() });
  if (!r.ok) throw new Error(`the rehearsal stand-in does not load: ${r.errors.map((e) => e.message).join('; ')}`);
  rehearsalScenario = r.scenario;
  return rehearsalScenario;
}

/**
 * A 互联网营销师 五级 template exam (templates.ts 'imkt-l5'): part 1 (2-1 直播预演, 15 min) on the
 * rehearsal stand-in, part 2 (2-2 直播销售, 20 min) on the drill. The hub must read
 * templateScenariosDir() (makeHub(db, clock, { scenariosDir: templateScenariosDir() })).
 */
export function createL5TemplateExam(hub: Hub, teacher: Teacher, o: Omit<ExamOpts, 'timeLimitMin'> = {}): Promise<ExamRow> {
  return hub.createExam(teacher, {
    title: o.title ?? 'Level 5 exam',
    template: { id: 'imkt-l5', parts: [{ scenario: { shipped: REHEARSAL_ID } }, { scenario: { shipped: DRILL_ID } }] },
    passMark: o.passMark ?? 60,
    seedPolicy: o.seedPolicy ?? 'shared',
    seed: o.seedPolicy === 'per-student' ? undefined : (o.seed ?? 7),
    language: o.language ?? 'zh',
    opensAt: o.opensAt,
    closesAt: o.closesAt,
  });
}

export function drillYaml(): string {
  return readFileSync(path.join(ROOT, DRILL_FILE), 'utf8');
}

let drillScenario: Scenario | null = null;
export function drill(): Scenario {
  if (drillScenario) return drillScenario;
  const r = loadScenarioText(drillYaml(), DRILL_FILE, { rubrics: rubricIds() });
  if (!r.ok) throw new Error(`${DRILL_FILE} does not load: ${r.errors.map((e) => e.message).join('; ')}`);
  drillScenario = r.scenario;
  return drillScenario;
}

const botCache = new Map<number, ActionInput[]>();
/** The expert bot's actions on the drill with this seed. */
export function expertActions(seed: number): ActionInput[] {
  let a = botCache.get(seed);
  if (!a) {
    a = runWithBot(drill(), seed, 'expert').actions;
    botCache.set(seed, a);
  }
  return a;
}

/** A clock the test moves by hand. */
export class Clock {
  t = T0;
  now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export function makeHub(db: Db = testDb(), clock = new Clock(), extra: Partial<HubOptions> = {}): { hub: Hub; db: Db; clock: Clock } {
  const hub = new Hub(db, { scenariosDir: scenariosDir(), appVersion: '0.0.0-test', now: clock.now, ...extra });
  return { hub, db, clock };
}

/** A teacher row without scrypt (its password hash is not a valid one: it cannot log in). */
export async function makeTeacher(db: Db, username: string): Promise<Teacher> {
  const t = { id: newId(), username };
  await db.run('INSERT INTO teachers (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [t.id, username, 'test-only', T0]);
  return t;
}

/** A session token for a teacher (as login would give). */
export async function makeSession(db: Db, teacher: Teacher, expiresAt = T0 + 3600_000): Promise<string> {
  const token = newToken();
  await db.run('INSERT INTO sessions (token_hash, teacher_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [tokenHash(token), teacher.id, T0, expiresAt]);
  return token;
}

export interface ExamOpts {
  title?: string;
  timeLimitMin?: number;
  passMark?: number;
  seedPolicy?: 'shared' | 'per-student';
  seed?: number;
  language?: 'zh' | 'en';
  opensAt?: number;
  closesAt?: number;
}

export function createDrillExam(hub: Hub, teacher: Teacher, o: ExamOpts = {}): Promise<ExamRow> {
  return hub.createExam(teacher, {
    title: o.title ?? 'Drill exam',
    scenario: { shipped: DRILL_ID },
    timeLimitMin: o.timeLimitMin ?? 5,
    passMark: o.passMark ?? 60,
    seedPolicy: o.seedPolicy ?? 'shared',
    seed: o.seedPolicy === 'per-student' ? undefined : (o.seed ?? 7),
    language: o.language ?? 'en',
    opensAt: o.opensAt,
    closesAt: o.closesAt,
  });
}

let studentCounter = 0;
export function joinAs(hub: Hub, exam: ExamRow, who: { name?: string; studentNo?: string; className?: string } = {}) {
  studentCounter++;
  return hub.join({ code: exam.join_code, name: who.name ?? `Student ${studentCounter}`, studentNo: who.studentNo ?? `S${studentCounter}`, className: who.className ?? 'Class 1' });
}

/** An entry message as the page sends it. */
export function entry(seq: number, body: EntryBody, simMs = 0, wallMs = T0): EntryMessage {
  return { type: 'entry', seq, simMs, wallMs, entry: body };
}

/**
 * Stream the actions to the hub as a page would (a 'start' entry, then each action, the hub's clock
 * following the sim time), then end the stream at `finishAt` (null: leave it running). Every entry
 * must be acknowledged. Returns the last seq sent.
 */
export async function streamAttempt(hub: Hub, clock: Clock, a: AttemptRow, actions: readonly ActionInput[], finishAt: number | null): Promise<number> {
  const start = a.started_at!;
  let seq = 1;
  expect(await hub.receive(a.id, entry(seq, { kind: 'start' }))).toEqual({ type: 'ack', seq });
  for (const act of actions) {
    clock.t = Math.max(clock.t, start + act.t);
    seq++;
    expect(await hub.receive(a.id, entry(seq, { kind: 'action', action: act }, act.t))).toEqual({ type: 'ack', seq });
  }
  if (finishAt !== null) {
    clock.t = start + finishAt;
    seq++;
    expect(await hub.receive(a.id, entry(seq, { kind: 'finish' }, finishAt))).toEqual({ type: 'ack', seq });
  }
  return seq;
}

/** The promise's value, or a failure after `ms` (a missing close must fail the test, not hang it). */
export const within = <T>(p: Promise<T>, ms = 3000): Promise<T> => Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms))]);

/** A WebSocket test client of a hub: messages in a queue, the close code when it comes. */
export class WsClient {
  readonly ws: WebSocket;
  private readonly queue: ServerMessage[] = [];
  private waiter: ((m: ServerMessage) => void) | null = null;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w(m);
      } else this.queue.push(m);
    });
  }
  static async open(url: string): Promise<WsClient> {
    const c = new WsClient(url);
    await c.opened;
    return c;
  }
  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }
  next(timeoutMs = 5000): Promise<ServerMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no message from the hub')), timeoutMs);
      this.waiter = (x) => {
        clearTimeout(t);
        resolve(x);
      };
    });
  }
  async ask(m: unknown): Promise<ServerMessage> {
    this.send(m);
    return this.next();
  }
  async hello(token: string): Promise<ServerMessage> {
    return this.ask({ type: 'hello', protocol: HUB_PROTOCOL, token });
  }
  close(): void {
    this.ws.close();
  }
}
