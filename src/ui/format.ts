import type { ScenarioIssue } from '../engine';

/** Seconds as `mm:ss` (minutes are not wrapped into hours: 5400 s is `90:00`). */
export function formatDuration(totalSec: number): string {
  if (!Number.isFinite(totalSec) || totalSec < 0) return '--:--';
  const s = Math.round(totalSec);
  const mm = Math.floor(s / 60);
  const ss = s % 60;
  return `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

/** A loader issue as `file:line:col message`, the form editors and terminals link. */
export function formatIssue(issue: Pick<ScenarioIssue, 'file' | 'line' | 'col' | 'message'>): string {
  return `${issue.file}:${issue.line}:${issue.col} ${issue.message}`;
}

/** Fen as a yuan amount: 2990 → "29.9", 12900 → "129". */
export function yuan(fen: number): string {
  const v = fen / 100;
  return Number.isInteger(v) ? String(v) : v.toFixed(fen % 10 === 0 ? 1 : 2);
}

/** A yuan amount for metric tiles: 12345.6 → "12,345.6". */
export function money(yuanValue: number): string {
  return yuanValue.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** 0.0234 → "2.34%" */
export function percent(ratio: number, digits = 2): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Sim milliseconds as m:ss (h:mm:ss past an hour). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The text of a bilingual field in the UI language. */
export function pick(text: { zh: string; en: string } | null | undefined, lang: string): string {
  if (!text) return '';
  return lang.startsWith('en') ? text.en || text.zh : text.zh;
}
