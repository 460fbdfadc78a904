/**
 * The hub's database: a small async interface over SQL with `?` placeholders, so the hub's
 * queries are written once. The embedded default is SQLite (better-sqlite3) in one file under
 * the data folder; PostgreSQL (node-postgres) is the store for several hubs (docs/hub.md).
 *
 * Durability: SQLite runs in WAL mode with `synchronous = FULL`, so a transaction that returned
 * is on disk (the WAL is synced at every commit) and an acknowledged action survives a power cut.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LocalBus, type EventBus } from '../events';
import { MIGRATIONS, type Migration } from './migrations';

export type SqlValue = string | number | null;

export interface Queryable {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Appended to a SELECT inside `tx()` that reads a row in order to change it: PostgreSQL locks the
   * row (' FOR UPDATE') so another hub process waits; SQLite has one writer, so a transaction is
   * already alone ('').
   */
  readonly forUpdate: '' | ' FOR UPDATE';
}

export interface Db extends Queryable {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data is (a file path, or the PostgreSQL server without the password). */
  readonly where: string;
  /** Run `fn` in one transaction: all of it is committed, or none of it. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** The schema version after migrations. */
  schemaVersion(): Promise<number>;
  /** The event bus of the hub processes on this database (src/hub/events.ts); closed with the database. */
  events(): EventBus;
  close(): Promise<void>;
}

/** The refusal of a database whose schema a newer livesim wrote. */
export function newerSchemaError(have: number, newest: number, instead: string): Error {
  return new Error(`the database's schema is version ${have}, newer than this livesim knows (${newest}): update livesim, or use ${instead}`);
}

/** A queue that runs one task at a time (SQLite has one connection; a transaction must not interleave with others). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  lock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

class SqliteDb implements Db {
  readonly kind = 'sqlite' as const;
  readonly forUpdate = '' as const;
  private bus: LocalBus | null = null;
  private readonly mutex = new Mutex();
  private readonly cache = new Map<string, Database.Statement>();
  constructor(
    private readonly db: Database.Database,
    readonly where: string,
  ) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** The synchronous calls, for use inside a transaction that already holds the lock. */
  private readonly direct: Queryable = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.stmt(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => this.stmt(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => this.stmt(sql).run(...params).changes,
    forUpdate: '',
  };

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.mutex.lock(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.mutex.lock(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.mutex.lock(() => this.direct.run(sql, params));
  }

  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.mutex.lock(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.direct);
        this.db.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async schemaVersion(): Promise<number> {
    return currentVersion(this.db);
  }

  events(): EventBus {
    return (this.bus ??= new LocalBus());
  }

  async close(): Promise<void> {
    await this.bus?.close();
    await this.mutex.lock(async () => this.db.close());
  }
}

function currentVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Apply the migrations this database lacks, each in its own transaction. */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  const have = currentVersion(db);
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  if (have > newest) throw newerSchemaError(have, newest, 'another data folder');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= have) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
    applied.push(m.version);
  }
  return applied;
}

/** Open (creating if needed) the hub's SQLite database in `dataDir` and bring its schema up to date. */
export function openSqlite(dataDir: string, file = 'hub.sqlite'): Db {
  mkdirSync(dataDir, { recursive: true });
  const where = path.resolve(dataDir, file);
  const db = new Database(where);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);
  return new SqliteDb(db, where);
}

/** An in-memory database (tests). */
export function openMemory(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrateSqlite(db);
  return new SqliteDb(db, ':memory:');
}
