import { describe, expect, it } from 'vitest';
import { formatDuration, formatIssue } from './format';

describe('formatDuration', () => {
  it('formats seconds as mm:ss', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(59)).toBe('00:59');
    expect(formatDuration(60)).toBe('01:00');
    expect(formatDuration(754)).toBe('12:34');
  });

  it('does not wrap minutes into hours', () => {
    expect(formatDuration(5400)).toBe('90:00');
  });

  it('shows a placeholder for nonsense input', () => {
    expect(formatDuration(-1)).toBe('--:--');
    expect(formatDuration(Number.NaN)).toBe('--:--');
  });
});

describe('formatIssue', () => {
  it('uses file:line:col message', () => {
    expect(formatIssue({ file: 'scenarios/a.yaml', line: 3, col: 7, message: 'unknown key "foo"' })).toBe(
      'scenarios/a.yaml:3:7 unknown key "foo"',
    );
  });
});
