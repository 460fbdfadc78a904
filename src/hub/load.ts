/**
 * `npm run hub:load -- --students 40 --speed 10 --restart [--hubs 2 --database postgres]`: a class of bots sits an exam on a
 * real hub, through the real HTTP API and WebSocket protocol, and the hub's grades are checked
 * against an offline re-simulation (docs/hub.md "Load and faults").
 *
 * It starts `npm run hub` on loopback with a temporary database, creates a teacher and an exam,
 * and lets each student join, start, and stream the actions the engine's bots take (a mix of
 * host styles, each on the seed the hub assigned) at `--speed` times real time, with the hub's
 * clock scaled alike. Students drop their connection at random and resend what was not
 * acknowledged. With `--restart` the hub is killed with SIGKILL in the middle of the exam and
 * started again on the same database. It ends with one line:
 *
 *   hub load: 40 students, A actions sent, A acknowledged, 0 lost, grades match offline re-simulation: 40/40, ack p50 X ms p99 Y ms
 *
 * and exits 1 if anything was lost or a grade differs. These figures are a benchmark, not a test
 * with a time limit; tests/unit/hub/load.test.ts runs a small class.
 *
 * `--database postgres --hubs 2`: the hubs are N processes on one PostgreSQL database (a fresh one
 * it creates on the server of LIVESIM_TEST_DATABASE_URL or DATABASE_URL, and drops at the end),
 * students spread over them in turn, and `--restart` kills one of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import WebSocket from 'ws';
import { canonicalJson, loadScenarioText, runWithBot, type ActionInput, type BotName, type Scenario } from '../engine';
import { rubricIds } from '../scoring';
import { createTempDatabase, redactUrl } from './db/pg';
import { gradeAttempt } from './grade';
import { ExamLink, type SocketLike } from '../ui/hub/student/link';
import type { AttemptInfo, EntryMessage } from './protocol';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BOTS: BotName[] = ['expert', 'competent', 'typist', 'passive', 'expert', 'competent'];

export interface LoadOptions {
  students: number;
  speed: number;
  restart: boolean;
  scenario: string;
  /** Chance per sent entry that the student's connection drops (then reconnects 0.2–2 s later). */
  dropRate: number;
  seed: number;
  /** Hub processes (several need PostgreSQL); default 1. */
  hubs?: number;
  /** Default sqlite (a temporary folder). */
  database?: 'sqlite' | 'postgres';
  /** The PostgreSQL server to make the temporary database on; default LIVESIM_TEST_DATABASE_URL, then DATABASE_URL. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface LoadResult {
  students: number;
  sent: number;
  acknowledged: number;
  lost: number;
  gradesMatch: number;
  ackP50: number;
  ackP99: number;
  regradeMs: number;
  restarted: boolean;
  /** CPU time of the hub processes (all of them, before and after the restart) and their largest resident memory. */
  hubCpuMs: number;
  hubPeakRssMb: number;
  line: string;
}

/** The load test's own randomness (drops, reconnect delays): pure-rand, as the engine, but never the engine's stream. */
function prng(seed: number): () => number {
  const g = xoroshiro128plus(seed);
  return () => (g.next() >>> 0) / 4294967296;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** CPU time (ms) and peak resident memory (MB) of a running process, from /proc (Linux; zeros elsewhere). */
function procUsage(pid: number | undefined): { cpuMs: number; peakRssMb: number } {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return { cpuMs: 0, peakRssMb: 0 };
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th (clock ticks, 100 a second).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { cpuMs: (Number(f[11]) + Number(f[12])) * 10, peakRssMb: Number(hwm ?? 0) / 1024 };
  } catch {
    return { cpuMs: 0, peakRssMb: 0 };
  }
}

class HubProcess {
  child: ChildProcess | null = null;
  output = '';
  /** What earlier runs of this hub used (a restarted hub is a new process). */
  cpuMs = 0;
  peakRssMb = 0;
  constructor(
    readonly port: number,
    private readonly data: string,
    private readonly speed: number,
    private readonly origin: number,
    private readonly databaseUrl = '',
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Add the running process's CPU and memory to the totals (before it is killed). */
  account(): void {
    const u = procUsage(this.child?.exitCode === null ? this.child.pid : undefined);
    this.cpuMs += u.cpuMs;
    this.peakRssMb = Math.max(this.peakRssMb, u.peakRssMb);
  }

  async start(): Promise<void> {
    this.output = '';
    // node itself with tsx's loader (not the tsx wrapper), so SIGKILL reaches the process that holds the database.
    const args = ['--import', 'tsx', 'src/hub/main.ts', '--port', String(this.port), '--host', '127.0.0.1', '--data', this.data, '--no-build', '--time-scale', String(this.speed), '--time-origin', String(this.origin)];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: this.databaseUrl } });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    // Wait for "ready" however long a busy machine takes; fail only if the process dies.
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (this.output.includes('hub: ready')) {
          clearInterval(check);
          resolve();
        }
      }, 50);
      child.once('exit', (code) => {
        clearInterval(check);
        reject(new Error(`the hub exited (${code}) before it was ready:\n${this.output}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return Promise.resolve();
    this.account();
    return new Promise((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  }
}

/**
 * One simulated student: joins, starts, and streams its bot's actions through the page's own
 * client (src/ui/hub/student/link.ts: outbox, hello/ack, gaps, reconnects), over a real
 * WebSocket, dropping the connection now and then.
 */
class Student {
  info!: AttemptInfo;
  token = '';
  actions: ActionInput[] = [];
  private link: ExamLink | null = null;
  /** When each entry was pushed while connected (its acknowledgement's latency). */
  private pushedAt = new Map<number, number>();
  sent = 0;
  readonly errors: string[] = [];
  readonly latencies: number[] = [];

  constructor(
    readonly base: string,
    readonly no: number,
    readonly bot: BotName,
    private readonly rand: () => number,
    private readonly dropRate: number,
  ) {}

  async join(code: string): Promise<void> {
    const r = await fetch(`${this.base}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: `学生${this.no}`, studentNo: `2026${String(this.no).padStart(3, '0')}`, className: '电商1班' }) });
    if (!r.ok) throw new Error(`join: ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { token: string; attempt: AttemptInfo };
    this.token = body.token;
    this.info = body.attempt;
  }

  async start(): Promise<void> {
    const r = await fetch(`${this.base}/api/attempt/start`, { method: 'POST', headers: { authorization: `Bearer ${this.token}` } });
    if (!r.ok) throw new Error(`start: ${r.status} ${await r.text()}`);
    this.info = ((await r.json()) as { attempt: AttemptInfo }).attempt;
  }

  private connect(): ExamLink {
    if (this.link) return this.link;
    const store = new Map<string, string>();
    const link = new ExamLink({
      key: `hub-load-${this.no}`,
      token: this.token,
      url: `${this.base.replace(/^http/, 'ws')}/api/ws`,
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
      storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    });
    let refused = 0;
    link.subscribe((st) => {
      const now = performance.now();
      for (const [seq, at] of this.pushedAt) {
        if (seq > st.acked) continue;
        this.latencies.push(now - at);
        this.pushedAt.delete(seq);
      }
      for (const r of st.refused.slice(refused)) this.errors.push(`entry ${r.seq} refused: ${r.code} ${r.message}`);
      refused = st.refused.length;
      if (st.fatal && !this.errors.includes(st.fatal)) this.errors.push(st.fatal);
    });
    link.start();
    this.link = link;
    return link;
  }

  /** Take an entry as the page would (outbox first, sent when connected); sometimes drop the connection. */
  send(entry: EntryMessage['entry'], simMs: number): void {
    const link = this.connect();
    const online = link.status.state !== 'offline';
    const seq = link.push(entry, simMs);
    if (online) this.pushedAt.set(seq, performance.now());
    if (entry.kind === 'action') this.sent++;
    if (online && this.rand() < this.dropRate) {
      link.drop();
      this.resetLatencyClock(); // what was in flight is resent after the reconnect
      setTimeout(() => link.kick(), 200 + this.rand() * 1800);
    }
  }

  async settle(): Promise<void> {
    while (this.pending > 0) await sleep(100);
  }

  hangUp(): void {
    this.link?.stop();
  }

  get pending(): number {
    return this.link?.status.pending ?? 0;
  }

  /** The connection or the hub went away: entries in flight are resent later; their first push time would count the outage. */
  resetLatencyClock(): void {
    this.pushedAt.clear();
  }
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const file = path.join(ROOT, 'scenarios', `${opts.scenario}.yaml`);
  const loaded = loadScenarioText(readFileSync(file, 'utf8'), file, { rubrics: rubricIds() });
  if (!loaded.ok) throw new Error(`${opts.scenario}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const scenario: Scenario = loaded.scenario;
  const durationMs = scenario.meta.durationSec * 1000;
  const nHubs = opts.hubs ?? 1;
  const database = opts.database ?? 'sqlite';
  if (nHubs > 1 && database !== 'postgres') throw new Error('several hubs share one database: add --database postgres');
  const server = opts.databaseUrl ?? (process.env.LIVESIM_TEST_DATABASE_URL || process.env.DATABASE_URL);
  if (database === 'postgres' && !server) throw new Error('--database postgres needs a PostgreSQL server: set LIVESIM_TEST_DATABASE_URL (or DATABASE_URL) to postgres://user:password@host:port/database, a user that may create databases');
  const data = mkdtempSync(path.join(tmpdir(), 'livesim-hub-load-'));
  const temp = database === 'postgres' ? await createTempDatabase(server!, 'livesim_load') : null;
  const origin = Date.now();
  const hubs: HubProcess[] = [];
  for (let i = 0; i < nHubs; i++) hubs.push(new HubProcess(await freePort(), data, opts.speed, origin, temp?.url ?? ''));
  const hub = hubs[0];
  const base = hub.base;
  // --restart kills the last hub (the only one, or one of several: the teacher's requests go to the first).
  const victim = hubs[nHubs - 1];
  const students: Student[] = [];
  try {
    if (temp) log(`hub load: ${nHubs} hub process${nHubs > 1 ? 'es' : ''} on PostgreSQL, a temporary database ${redactUrl(temp.url)}`);
    await hub.start();
    const token = /token=([\w-]+)/.exec(hub.output)?.[1];
    if (!token) throw new Error(`no setup link in the hub's output:\n${hub.output}`);
    const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, username: 'load', password: 'load-test-password' }) });
    const cookie = setup.headers.get('set-cookie')?.split(';')[0] ?? '';
    const limitMin = Math.ceil(scenario.meta.durationSec / 60) + 2;
    const examRes = await fetch(`${base}/api/exams`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ title: 'hub load', scenario: { shipped: opts.scenario }, timeLimitMin: limitMin, passMark: 60, seedPolicy: 'per-student', language: 'zh' }) });
    if (!examRes.ok) throw new Error(`create exam: ${examRes.status} ${await examRes.text()}`);
    const exam = ((await examRes.json()) as { exam: { id: string; join_code: string } }).exam;
    // The other hubs start once the teacher exists (only a hub started without one prints a setup link).
    await Promise.all(hubs.slice(1).map((h) => h.start()));

    for (let i = 0; i < opts.students; i++) students.push(new Student(hubs[i % nHubs].base, i + 1, BOTS[i % BOTS.length], prng(opts.seed * 1000 + i), opts.dropRate));
    for (const s of students) await s.join(exam.join_code);
    // Each student's bot plays its own seed offline first: the bot's choices depend only on the engine.
    for (const s of students) s.actions = runWithBot(scenario, s.info.seed, s.bot).actions;
    await Promise.all(students.map((s) => s.start()));
    const t0 = performance.now();
    const wallOf = (simMs: number) => t0 + simMs / opts.speed;
    log(`hub load: ${opts.students} students joined (${[...new Set(students.map((s) => s.bot))].join(', ')} bots) on ${opts.scenario} at ${opts.speed}x; ${students.reduce((n, s) => n + s.actions.length, 0)} actions to send`);

    // Merge every student's actions into one timeline and play it against the wall clock.
    const timeline = students.flatMap((s) => s.actions.map((a) => ({ s, a }))).sort((x, y) => x.a.t - y.a.t);
    const killAt = opts.restart ? durationMs / 2 : Infinity;
    let restarted = false;
    for (const { s, a } of timeline) {
      if (!restarted && a.t >= killAt) {
        restarted = true;
        log(`hub load: SIGKILL the hub${nHubs > 1 ? ` on port ${victim.port} (${hubs.indexOf(victim) + 1} of ${nHubs})` : ''} at sim ${Math.round(a.t / 1000)} s with ${students.reduce((n, x) => n + x.pending, 0)} entries unacknowledged`);
        await victim.kill('SIGKILL');
        for (const x of students) {
          if (x.base !== victim.base) continue;
          x.resetLatencyClock();
        }
        await victim.start();
        log('hub load: the hub is back on the same database');
      }
      const wait = wallOf(a.t) - performance.now();
      if (wait > 1) await sleep(wait);
      s.send({ kind: 'action', action: a }, a.t);
    }
    const endWait = wallOf(durationMs) - performance.now();
    if (endWait > 0) await sleep(endWait);
    for (const s of students) s.send({ kind: 'finish' }, durationMs);
    await Promise.all(students.map((s) => s.settle()));

    // Wait for the hub to grade everyone (grading runs in its worker).
    type Book = { rows: { studentNo: string; acked: number; status: string; grade: { total: number } | null; attemptId: string }[] };
    let book: Book;
    for (;;) {
      book = (await (await fetch(`${base}/api/exams/${exam.id}/gradebook`, { headers: { cookie } })).json()) as Book;
      if (book.rows.every((r) => r.grade)) break;
      await sleep(250);
    }
    // The hub's record against what each student sent, and its grade against an offline re-simulation.
    let lost = 0;
    let match = 0;
    for (const s of students) {
      const row = book.rows.find((r) => r.studentNo === s.info.studentNo)!;
      const rec = (await (await fetch(`${base}/api/attempts/${row.attemptId}/record`, { headers: { cookie } })).json()) as { runFile: { actions: ActionInput[] }; grades: { total: number; digest: string }[] };
      const held = rec.runFile.actions;
      lost += s.actions.filter((a, i) => held[i] === undefined || canonicalJson(held[i]) !== canonicalJson(a)).length;
      for (const e of s.errors) log(`hub load: student ${s.no}: ${e}`);
      const offline = gradeAttempt({ scenario, seed: s.info.seed, engineVersion: s.info.engineVersion, timeLimitMs: s.info.timeLimitMs, passMark: 60, actions: s.actions });
      if (rec.grades[0] && rec.grades[0].digest === offline.digest && rec.grades[0].total === offline.total) match++;
    }
    const t1 = performance.now();
    const rg = await fetch(`${base}/api/exams/${exam.id}/regrade`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    const regradeMs = Math.round(performance.now() - t1);
    if (!rg.ok) throw new Error(`regrade: ${rg.status} ${await rg.text()}`);
    log(`hub load: re-grading ${opts.students} attempts took ${(regradeMs / 1000).toFixed(1)} s`);

    for (const h of hubs) h.account();
    const hubCpuMs = hubs.reduce((n, h) => n + h.cpuMs, 0);
    const hubPeakRssMb = Math.max(...hubs.map((h) => h.peakRssMb));
    if (hubCpuMs) log(`hub load: the hub process${nHubs > 1 ? 'es' : ''} used ${(hubCpuMs / 1000).toFixed(1)} s of CPU (${Math.round(hubCpuMs / opts.students)} ms per student), at most ${Math.round(hubPeakRssMb)} MB resident${nHubs > 1 ? ' each' : ''}`);
    const latencies = students.flatMap((s) => s.latencies);
    const sent = students.reduce((n, s) => n + s.sent, 0);
    const acknowledged = students.reduce((n, s) => n + s.actions.length, 0) - lost;
    const r: LoadResult = {
      students: opts.students,
      sent,
      acknowledged,
      lost,
      gradesMatch: match,
      ackP50: Math.round(percentile(latencies, 50) * 10) / 10,
      ackP99: Math.round(percentile(latencies, 99) * 10) / 10,
      regradeMs,
      restarted,
      hubCpuMs,
      hubPeakRssMb,
      line: '',
    };
    r.line = `hub load: ${r.students} students, ${r.sent} actions sent, ${r.acknowledged} acknowledged, ${r.lost} lost, grades match offline re-simulation: ${r.gradesMatch}/${r.students}, ack p50 ${r.ackP50} ms p99 ${r.ackP99} ms`;
    return r;
  } finally {
    for (const s of students) s.hangUp();
    await Promise.all(hubs.map((h) => h.kill('SIGTERM')));
    rmSync(data, { recursive: true, force: true });
    await temp?.drop();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '40' },
      speed: { type: 'string', default: '10' },
      restart: { type: 'boolean', default: false },
      scenario: { type: 'string', default: 'imkt-l5-kidswear-20min' },
      drops: { type: 'string', default: '0.005' },
      seed: { type: 'string', default: '1' },
      hubs: { type: 'string', default: '1' },
      database: { type: 'string', default: 'sqlite' },
    },
  });
  const students = Number(values.students);
  const speed = Number(values.speed);
  if (!Number.isInteger(students) || students < 1 || students > 400) throw new Error('--students must be a whole number from 1 to 400');
  if (!(speed >= 1 && speed <= 100)) throw new Error('--speed must be between 1 and 100');
  const hubs = Number(values.hubs);
  if (!Number.isInteger(hubs) || hubs < 1 || hubs > 16) throw new Error('--hubs must be a whole number from 1 to 16');
  if (values.database !== 'sqlite' && values.database !== 'postgres') throw new Error('--database must be sqlite or postgres');
  const r = await runLoad({ students, speed, restart: values.restart, scenario: values.scenario, dropRate: Number(values.drops), seed: Number(values.seed), hubs, database: values.database });
  console.log(r.line);
  return r.lost === 0 && r.gradesMatch === r.students ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`hub load: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
