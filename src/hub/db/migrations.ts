/**
 * The hub's schema, as numbered migrations. A database records the highest one it has in
 * `schema_migrations`; opening it applies the rest in order, each in its own transaction. Never
 * edit a migration that has shipped: add the next one.
 *
 * The SQL is the common subset of SQLite and PostgreSQL (TEXT, INTEGER, BIGINT, DOUBLE PRECISION),
 * so that one list serves both stores.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'teachers, exams, attempts, entries, flags, grades',
    sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE teachers (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  teacher_id TEXT NOT NULL REFERENCES teachers(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

-- Every scenario an exam has used, by the hash of its content: an exam keeps grading with the
-- scenario it was created with even if the shipped file changes later.
CREATE TABLE scenarios (
  hash TEXT PRIMARY KEY,
  scenario_id TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  file_name TEXT,
  yaml TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE exams (
  id TEXT PRIMARY KEY,
  teacher_id TEXT NOT NULL REFERENCES teachers(id),
  title TEXT NOT NULL,
  scenario_hash TEXT NOT NULL REFERENCES scenarios(hash),
  engine_version TEXT NOT NULL,
  rubric TEXT NOT NULL,
  time_limit_ms BIGINT NOT NULL,
  pass_mark DOUBLE PRECISION NOT NULL,
  seed_policy TEXT NOT NULL,
  seed BIGINT,
  language TEXT NOT NULL,
  opens_at BIGINT,
  closes_at BIGINT,
  join_code TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  ended_at BIGINT
);

CREATE TABLE attempts (
  id TEXT PRIMARY KEY,
  exam_id TEXT NOT NULL REFERENCES exams(id),
  student_no TEXT NOT NULL,
  name TEXT NOT NULL,
  class_name TEXT NOT NULL,
  -- 1 for the first attempt, 2… for retakes the teacher granted
  number INTEGER NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  seed BIGINT NOT NULL,
  status TEXT NOT NULL,
  joined_at BIGINT NOT NULL,
  started_at BIGINT,
  deadline BIGINT,
  ended_at BIGINT,
  acked INTEGER NOT NULL DEFAULT 0,
  last_seen BIGINT,
  quiz TEXT,
  -- the teacher let this student join again from another computer (a new token for the same attempt)
  rejoin INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  UNIQUE (exam_id, student_no, number)
);

-- What the student's page sent, as the hub received it: the hub's own record of the attempt.
CREATE TABLE entries (
  attempt_id TEXT NOT NULL REFERENCES attempts(id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  sim_ms BIGINT NOT NULL,
  client_ms DOUBLE PRECISION NOT NULL,
  received_at BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (attempt_id, seq)
);

CREATE TABLE flags (
  id TEXT PRIMARY KEY,
  attempt_id TEXT NOT NULL REFERENCES attempts(id),
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  sim_ms BIGINT,
  detail TEXT NOT NULL
);
CREATE INDEX flags_attempt ON flags (attempt_id);

-- Every grade the hub computed for an attempt, oldest first: a re-grade after a rubric fix adds a
-- row and never replaces the original.
CREATE TABLE grades (
  id TEXT PRIMARY KEY,
  attempt_id TEXT NOT NULL REFERENCES attempts(id),
  -- 1 for the attempt's first grade, 2… for re-grades (unique: two hubs never both add grade 1)
  n INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  app_version TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  digest TEXT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  passed INTEGER NOT NULL,
  report TEXT NOT NULL,
  UNIQUE (attempt_id, n)
);

CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  teacher_id TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'Safe Exam Browser per exam, extra time per attempt, xAPI statements',
    sql: `
-- Safe Exam Browser: required or not, the settings file the hub generated and its Config Key.
ALTER TABLE exams ADD COLUMN seb_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exams ADD COLUMN seb_settings TEXT;
ALTER TABLE exams ADD COLUMN seb_config_key TEXT;

-- Time the teacher added to one attempt (ms), on top of the exam's limit.
ALTER TABLE attempts ADD COLUMN extra_ms BIGINT NOT NULL DEFAULT 0;

-- xAPI statements, kept whether or not an LRS is configured (they can be downloaded), and the
-- state of sending each one (retried with backoff; sending never blocks the exam).
CREATE TABLE xapi_statements (
  id TEXT PRIMARY KEY,
  exam_id TEXT NOT NULL REFERENCES exams(id),
  attempt_id TEXT NOT NULL REFERENCES attempts(id),
  created_at BIGINT NOT NULL,
  statement TEXT NOT NULL,
  sent_at BIGINT,
  tries INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  last_error TEXT
);
CREATE INDEX xapi_statements_exam ON xapi_statements (exam_id);
CREATE INDEX xapi_statements_due ON xapi_statements (sent_at, next_at);
`,
  },
  {
    version: 3,
    name: 'exams from a level template, in parts',
    sql: `
-- The level template an exam was built from (src/hub/templates.ts); null: one scenario, as before.
ALTER TABLE exams ADD COLUMN template TEXT;

-- A template exam's parts. Each part is an exam row of its own (its scenario, time limit, seed and
-- attempts, one per student and part), listed here under the exam the teacher created; the part's
-- unit, title, task and weight are kept as they were when the exam was created.
CREATE TABLE exam_parts (
  exam_id TEXT PRIMARY KEY REFERENCES exams(id),
  parent_id TEXT NOT NULL REFERENCES exams(id),
  -- 1, 2… in the order students take them
  idx INTEGER NOT NULL,
  unit TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  title_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  weight DOUBLE PRECISION NOT NULL,
  UNIQUE (parent_id, idx)
);
`,
  },
];
