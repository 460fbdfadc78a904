/**
 * The gradebook as CSV for Excel and WPS: BOM, CRLF, the exam's language, a column per
 * criterion, and cells that cannot run as formulas or break the columns.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gradebookCsv } from '../../../src/hub/csv';
import type { Gradebook, GradebookRow } from '../../../src/hub/hub';
import { parseCsv } from '../../parse-csv';
import { createDrillExam, entry, expertActions, joinAs, makeHub, makeTeacher, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

async function gradedBook(language: 'zh' | 'en') {
  const { hub, db, clock } = makeHub();
  const teacher = await makeTeacher(db, 't');
  const exam = await createDrillExam(hub, teacher, { language, seed: 2 });
  const names = ['=HYPERLINK("http://evil.example","click")', 'Smith, "Jr"'];
  for (const [i, name] of names.entries()) {
    const { attempt } = await joinAs(hub, exam, { name, studentNo: `-00${i}`, className: '@class' });
    const live = await hub.start(attempt);
    let seq = 0;
    for (const a of expertActions(2).slice(0, 5)) {
      clock.t = Math.max(clock.t, live.started_at! + a.t);
      await hub.receive(attempt.id, entry(++seq, { kind: 'action', action: a }, a.t));
    }
    await hub.receive(attempt.id, entry(++seq, { kind: 'flag', flag: 'paste', chars: 80 }, 0));
    await hub.receive(attempt.id, entry(seq + 1, { kind: 'finish' }, 0));
    await hub.gradeAttemptOnce(attempt.id);
  }
  return hub.gradebook(teacher, exam.id);
}

describe('the gradebook CSV', () => {
  it('starts with the BOM, ends lines with CRLF and has an English header with one column per criterion', async () => {
    const book = await gradedBook('en');
    const csv = gradebookCsv(book);
    expect(csv.startsWith('\ufeffStudent no.,Name,Class,Attempt,Status,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.match(/\r\n/g)).toHaveLength(3);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(csv.slice(1));
    expect(book.criteria.length).toBeGreaterThan(3);
    expect(rows[0]).toEqual([
      'Student no.',
      'Name',
      'Class',
      'Attempt',
      'Status',
      ...book.criteria.map((c) => `${c.title.en} (${c.max})`),
      'Total',
      'Passed',
      'Review quiz',
      'Original total (before re-grade)',
      'Flags',
      'Note',
    ]);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(rows[0].length);
    const byName = new Map(book.rows.map((r) => [r.name, r]));
    const evil = rows.find((r) => r[1].includes('HYPERLINK'))!;
    // Formula-like text is prefixed with an apostrophe, so it stays text.
    expect(evil[1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(evil[0]).toMatch(/^'-00\d$/);
    expect(evil[2]).toBe("'@class");
    expect(evil[4]).toBe('submitted');
    const graded = byName.get('=HYPERLINK("http://evil.example","click")')!.grade!;
    expect(evil[5 + book.criteria.length]).toBe(String(graded.total));
    expect(evil[5 + book.criteria.length + 4]).toBe('large paste (80 characters)');
    // On the wire the quotes are doubled inside a quoted cell.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain('"Smith, ""Jr"""');
    expect(rows.find((r) => r[1] === 'Smith, "Jr"')).toBeDefined();
  });

  it('uses Chinese headers for a Chinese exam', async () => {
    const book = await gradedBook('zh');
    const rows = parseCsv(gradebookCsv(book).slice(1));
    expect(rows[0].slice(0, 5)).toEqual(['学号', '姓名', '班级', '第几次', '状态']);
    expect(rows[0].slice(5, 5 + book.criteria.length)).toEqual(book.criteria.map((c) => `${c.title.zh} (${c.max})`));
    expect(rows[0].slice(-6)).toEqual(['总分', '是否通过', '复盘测验', '原始总分（重新评分前）', '标记', '备注']);
    expect(rows[1][4]).toBe('已交卷');
  });

  it('escapes every formula lead, line breaks and the original total of a re-grade', () => {
    const row = (over: Partial<GradebookRow>): GradebookRow => ({
      attemptId: 'a',
      studentNo: '1',
      name: 'n',
      className: 'c',
      number: 1,
      status: 'submitted',
      startedAt: 0,
      endedAt: 0,
      deadline: 0,
      acked: 0,
      note: null,
      grade: { total: 71.5, passed: true, reason: 'regrade', at: 0, points: { a: 10 }, failedGates: [], review: null },
      original: { total: 80, passed: true, at: 0 },
      flags: [],
      grading: false,
      ...over,
    });
    const book: Gradebook = {
      exam: { id: 'e', title: 't', language: 'en', passMark: 60, joinCode: 'ABCDEF', scenarioId: 's', scenarioTitle: { zh: 's', en: 's' }, timeLimitMs: 1, endedAt: null },
      criteria: [{ id: 'a', title: { zh: '甲', en: 'A, "quoted"' }, max: 10 }],
      rows: [row({ name: '+1+2', note: 'line one\nline two' }), row({ name: '\tTab', className: '\rCR', studentNo: '=1', grade: null, original: null })],
    };
    const csv = gradebookCsv(book);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0][5]).toBe('A, "quoted" (10)');
    expect(rows[1][1]).toBe("'+1+2");
    expect(rows[1][5]).toBe('10');
    expect(rows[1][6]).toBe('71.5');
    expect(rows[1][7]).toBe('pass');
    expect(rows[1][9]).toBe('80');
    expect(rows[1][11]).toBe('line one\nline two');
    expect(rows[2].slice(0, 3)).toEqual(["'=1", "'\tTab", "'\rCR"]);
    expect(rows[2].slice(5, 8)).toEqual(['', '', '']);
  });
});
