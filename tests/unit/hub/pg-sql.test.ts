/**
 * The PostgreSQL store's text handling, without a server: `?` placeholders become `$1, $2…` except
 * inside quoted text and comments, and the printed URL has no password.
 */
import { describe, expect, it } from 'vitest';
import { redactUrl, toPgPlaceholders } from '../../../src/hub/db/pg';

describe('? placeholders for PostgreSQL', () => {
  it('are numbered in order', () => {
    expect(toPgPlaceholders('INSERT INTO t (a, b, c) VALUES (?, ?, ?)')).toBe('INSERT INTO t (a, b, c) VALUES ($1, $2, $3)');
    expect(toPgPlaceholders("SELECT id FROM attempts WHERE exam_id = ? AND status IN ('joined', 'live') AND deadline < ?")).toBe("SELECT id FROM attempts WHERE exam_id = $1 AND status IN ('joined', 'live') AND deadline < $2");
  });

  it.each([
    ["a string literal, with a doubled quote", "SELECT 'what?', 'it''s ?' FROM t WHERE a = ?", "SELECT 'what?', 'it''s ?' FROM t WHERE a = $1"],
    ['an escape string', "SELECT E'a\\'?' WHERE b = ?", "SELECT E'a\\'?' WHERE b = $1"],
    ['a quoted identifier', 'SELECT "odd?name" FROM t WHERE a = ?', 'SELECT "odd?name" FROM t WHERE a = $1'],
    ['a line comment', 'SELECT a -- why?\nFROM t WHERE a = ?', 'SELECT a -- why?\nFROM t WHERE a = $1'],
    ['a block comment', 'SELECT /* ? */ a FROM t WHERE a = ?', 'SELECT /* ? */ a FROM t WHERE a = $1'],
    ['a dollar-quoted string', 'SELECT $x$ ? $x$, $$?$$ WHERE a = ?', 'SELECT $x$ ? $x$, $$?$$ WHERE a = $1'],
  ])('skip %s', (_what, sql, want) => {
    expect(toPgPlaceholders(sql)).toBe(want);
  });

  it('leave a query without placeholders as it is', () => {
    expect(toPgPlaceholders("SELECT value FROM settings WHERE key = 'setup_token' FOR UPDATE")).toBe("SELECT value FROM settings WHERE key = 'setup_token' FOR UPDATE");
  });
});

describe('the URL the hub prints', () => {
  it('has no password', () => {
    expect(redactUrl('postgres://hub:s3cret@db.school.lan:5432/livesim')).toBe('postgres://hub@db.school.lan:5432/livesim');
    expect(redactUrl('postgresql://db.school.lan/livesim')).toBe('postgresql://db.school.lan/livesim');
    expect(redactUrl('not a url')).not.toContain('not a url');
  });
});
