import type { ScenarioIssue } from '../engine/scenario/load';

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
