/**
 * The hub's PostgreSQL store (node-postgres), for several hub processes on one database
 * (`DATABASE_URL=postgres://…`, docs/hub.md). The same `Db` as SQLite: the hub's SQL is written
 * once with `?` placeholders, turned into `$1, $2…` here.
 *
 * - BIGINT and COUNT(*) come back as JS numbers (node-postgres gives strings by default), set for
 *   this pool only, not globally.
 * - `tx()` runs on one client between BEGIN and COMMIT (ROLLBACK on a throw). Reads that precede a
 *   change lock their row with `q.forUpdate`, so two hubs serialise on the attempt they both touch.
 * - Migrations run under `pg_advisory_xact_lock`: two hubs starting together apply them once.
 * - The event bus is LISTEN/NOTIFY on a dedicated connection that reconnects by itself.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { LocalBus, parseEvent, type EventBus, type HubEvent } from '../events';
import { newerSchemaError, type Db, type Queryable, type SqlValue } from './db';
import { MIGRATIONS, type Migration } from './migrations';

const OID_INT8 = 20;
const OID_NUMERIC = 1700;
/** pg_advisory_xact_lock key of the hub's migrations ('LIVE' in ASCII). */
const MIGRATION_LOCK = 0x4c495645;

/** Type parsers for this pool: int8 (BIGINT, COUNT) and numeric as numbers; everything else as node-postgres does. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === OID_INT8 || oid === OID_NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

const converted = new Map<string, string>();

/**
 * `?` placeholders to PostgreSQL's `$1, $2…`, in order. A `?` inside a string literal ('…', E'…'),
 * a quoted identifier ("…"), a dollar-quoted string ($tag$…$tag$) or a comment is left alone.
 */
export function toPgPlaceholders(sql: string): string {
  const hit = converted.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    let end = -1;
    if (c === "'" || c === '"') {
      // A doubled quote inside is part of the text; E'…' strings may also escape with a backslash.
      const escapes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      let j = i + 1;
      while (j < sql.length) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j++;
      }
      end = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl < 0 ? sql.length : nl;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close < 0 ? sql.length : close + 2;
    } else if (c === '$' && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$(?:[A-Za-z_]\w*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close < 0 ? sql.length : close + tag.length;
      }
    }
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
    } else {
      out += c === '?' ? `$${++n}` : c;
      i++;
    }
  }
  if (converted.size < 1000) converted.set(sql, out);
  return out;
}

/** The connection URL without its password (what the hub prints). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString();
  } catch {
    return 'a PostgreSQL database (DATABASE_URL is not a valid URL)';
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface PostgresOptions {
  /** A schema of its own in the database (created if missing); default: the server's search_path (public). */
  schema?: string;
  /** Connections per hub process (default 10). */
  max?: number;
  /** How long an idle connection stays open (default 10 s; tests, which open many pools, close them sooner). */
  idleMs?: number;
  /** Where the event bus reports a lost connection (default: stderr). */
  log?: (message: string) => void;
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  const query = async <T>(sql: string, params: readonly SqlValue[] = []) => (await client.query(toPgPlaceholders(sql), params as SqlValue[])) as pg.QueryResult & { rows: T[] };
  return {
    all: async <T>(sql: string, params?: readonly SqlValue[]) => (await query<T>(sql, params)).rows,
    get: async <T>(sql: string, params?: readonly SqlValue[]) => (await query<T>(sql, params)).rows[0],
    run: async (sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rowCount ?? 0,
    forUpdate: ' FOR UPDATE',
  };
}

/** Apply the migrations this database lacks, each in its own transaction, under an advisory lock. */
export async function migratePostgres(pool: pg.Pool, opts: { schema?: string; migrations?: readonly Migration[] } = {}): Promise<number[]> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const applied: number[] = [];
  const client = await pool.connect();
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        // Held to the end of this transaction: another hub starting now waits here, then finds the work done.
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        if (opts.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(opts.schema)}`);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
        const have = Number((await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v ?? 0);
        if (have > newest) throw newerSchemaError(have, newest, 'another database');
        const next = migrations.filter((m) => m.version > have).sort((a, b) => a.version - b.version)[0];
        if (next) {
          await client.query(next.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [next.version, next.name, Date.now()]);
          applied.push(next.version);
        }
        await client.query('COMMIT');
        if (!next) return applied;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }
  } finally {
    client.release();
  }
}

/**
 * LISTEN/NOTIFY between hub processes. A subscriber of this process hears its own events at once;
 * the others get them through PostgreSQL. The listening connection is opened at the first
 * subscription and reopened (with backoff) whenever it is lost; events sent while it was down are
 * not replayed (a page told nothing still finds its attempt closed at its next entry).
 */
export class PgBus implements EventBus {
  private readonly local = new LocalBus();
  private readonly from = randomUUID();
  private listener: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  private retryMs = 250;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: pg.ClientConfig,
    readonly channel: string,
    private readonly log: (message: string) => void,
  ) {}

  publish(e: HubEvent): void {
    this.local.publish(e);
    this.pool.query('SELECT pg_notify($1, $2)', [this.channel, JSON.stringify({ ...e, from: this.from })]).catch((err: unknown) => this.log(`hub: could not tell the other hubs (${e.kind} ${e.attemptId}): ${(err as Error).message}`));
  }

  subscribe(fn: (e: HubEvent) => void): () => void {
    const off = this.local.subscribe(fn);
    this.listen().catch(() => undefined); // reported through `log`, and tried again
    return off;
  }

  /** Resolves once this process is listening (tests wait for it before another hub publishes). */
  listen(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.listening ??= this.connect();
    return this.listening;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.config, types: TYPES });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      this.listening = null;
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.log(`hub: lost the event connection to PostgreSQL${err ? ` (${err.message})` : ''}; reconnecting`);
      this.retry();
    };
    client.on('notification', (msg) => {
      if (msg.channel !== this.channel || !msg.payload) return;
      const e = parseEvent(msg.payload);
      // This process's own events were delivered here when published.
      if (e && e.from !== this.from) this.local.publish(e.event);
    });
    client.on('error', lost);
    client.on('end', () => lost());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
      this.retryMs = 250;
    } catch (err) {
      lost(err as Error);
      throw err;
    }
  }

  private retry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(10_000, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listen().catch(() => undefined); // a failure schedules the next try
    }, wait);
    this.retryTimer.unref();
  }

  /** The listening connection (tests cut it to check the reconnect). */
  get connection(): pg.Client | null {
    return this.listener;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const c = this.listener;
    this.listener = null;
    await this.local.close();
    if (c) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}

export class PgDb implements Db {
  readonly kind = 'postgres' as const;
  readonly forUpdate = ' FOR UPDATE' as const;
  readonly where: string;
  readonly pool: pg.Pool;
  private readonly q: Queryable;
  private bus: PgBus | null = null;
  private readonly config: pg.PoolConfig;
  private readonly ready: Promise<void>;

  /** Connects lazily; every call waits for the migrations (`openPostgres` waits for them up front). */
  constructor(
    url: string,
    private readonly opts: PostgresOptions = {},
  ) {
    this.where = redactUrl(url);
    this.config = { connectionString: url, ...(opts.schema ? { options: `-c search_path=${quoteIdent(opts.schema)}` } : {}) };
    this.pool = new pg.Pool({ ...this.config, max: opts.max ?? 10, idleTimeoutMillis: opts.idleMs ?? 10_000, types: TYPES });
    // An idle client's error (the server restarted) must not crash the hub: the pool drops it and opens another.
    this.pool.on('error', (err) => (opts.log ?? console.error)(`hub: a PostgreSQL connection failed: ${err.message}`));
    this.q = queryable(this.pool);
    this.ready = migratePostgres(this.pool, { schema: opts.schema }).then(() => undefined);
    this.ready.catch(() => undefined); // reported to whoever waits on it
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    await this.ready;
    return this.q.all<T>(sql, params);
  }
  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    await this.ready;
    return this.q.get<T>(sql, params);
  }
  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    await this.ready;
    return this.q.run(sql, params);
  }

  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    await this.ready;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const out = await fn(queryable(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      // A client that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch((err: unknown) => (broken = err as Error));
      throw e;
    } finally {
      client.release(broken);
    }
  }

  async schemaVersion(): Promise<number> {
    await this.ready;
    return (await this.q.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations'))?.v ?? 0;
  }

  events(): PgBus {
    return (this.bus ??= new PgBus(this.pool, this.config, this.opts.schema ? `livesim_hub_${this.opts.schema}` : 'livesim_hub', this.opts.log ?? ((m) => console.error(m))));
  }

  async close(): Promise<void> {
    await this.bus?.close();
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }
}

/** Open the hub's PostgreSQL database (`postgres://user:password@host:port/database`) and bring its schema up to date. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<PgDb> {
  const db = new PgDb(url, opts);
  try {
    await db.schemaVersion();
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return db;
}

/** Whether DATABASE_URL names PostgreSQL. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url);

/**
 * A new, empty database on the server of `serverUrl` (whose user may CREATE DATABASE), for tests
 * and `hub:load`; `drop()` removes it, closing whatever is still connected to it.
 */
export async function createTempDatabase(serverUrl: string, prefix = 'livesim_tmp'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  // C collation, UTF-8: text sorts by code point, as in SQLite.
  await admin(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`) };
}
