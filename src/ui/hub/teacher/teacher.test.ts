import { describe, expect, it } from 'vitest';
import { fieldErrors, issueLine } from './api';
import { defaultTimeLimit, localToMs } from './CreateExam';
import { examState } from './ExamList';
import { readTeacherRoute } from './route';

describe('the teacher pages', () => {
  it('read their page from the address', () => {
    expect(readTeacherRoute('?page=setup&token=abc')).toEqual({ page: 'setup', token: 'abc' });
    expect(readTeacherRoute('?page=teacher')).toEqual({ page: 'teacher', view: 'list' });
    expect(readTeacherRoute('?page=teacher&new')).toEqual({ page: 'teacher', view: 'new' });
    expect(readTeacherRoute('?page=teacher&exam=E1')).toEqual({ page: 'teacher', view: 'exam', exam: 'E1' });
    expect(readTeacherRoute('?page=teacher&exam=E1&attempt=A1')).toEqual({ page: 'teacher', view: 'report', exam: 'E1', attempt: 'A1' });
    expect(readTeacherRoute('?page=scriptcheck')).toBeNull();
    expect(readTeacherRoute('')).toBeNull();
  });

  it("split the hub's 400 message by field", () => {
    expect(fieldErrors('passMark: Too big: expected number to be <=100; scenario.shipped: Too small')).toEqual({ passMark: ['Too big: expected number to be <=100'], scenario: ['Too small'] });
    expect(fieldErrors('something odd')).toEqual({ body: ['something odd'] });
  });

  it('print scenario problems as livesim validate does', () => {
    expect(issueLine({ file: 'my.yaml', line: 3, col: 7, path: 'meta.level', message: 'meta.level: must be one of …' })).toBe('my.yaml:3:7 meta.level: must be one of …');
  });

  it('default the time limit to the scenario rounded up plus two minutes', () => {
    expect(defaultTimeLimit(300)).toBe(7);
    expect(defaultTimeLimit(301)).toBe(8);
    expect(localToMs('')).toBeUndefined();
    expect(localToMs('2026-03-01T08:30')).toBe(new Date('2026-03-01T08:30').getTime());
  });

  it('tell an open exam from an ended, closed or not yet open one', () => {
    const e = { ended_at: null, opens_at: null, closes_at: null };
    expect(examState(e, 5)).toBe('open');
    expect(examState({ ...e, ended_at: 1 }, 5)).toBe('ended');
    expect(examState({ ...e, closes_at: 5 }, 5)).toBe('closed');
    expect(examState({ ...e, opens_at: 6 }, 5)).toBe('notYet');
  });
});
