/** The exam's audit log on the exam page (GET /api/exams/:id/audit): who did what, when, and why. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AuditEntry } from './api';
import { dateTime, ErrorLine, errorText, useLang } from './common';

/** What an entry was about, in a few words (the student, the minutes, the count). */
function about(e: AuditEntry, t: (k: string, o?: Record<string, unknown>) => string): string {
  const d = e.detail;
  const parts: string[] = [];
  if (typeof d.name === 'string' || typeof d.studentNo === 'string') parts.push([d.name, d.studentNo].filter((x) => typeof x === 'string').join(' · '));
  if (typeof d.minutes === 'number') parts.push(t('teacher.audit.minutes', { minutes: d.minutes }));
  if (typeof d.closedAttempts === 'number') parts.push(t('teacher.audit.closed', { count: d.closedAttempts }));
  if (typeof d.attempts === 'number' && typeof d.changed === 'number') parts.push(t('teacher.audit.regraded', { attempts: d.attempts, changed: d.changed }));
  if (typeof d.title === 'string' && e.action === 'create-exam') parts.push(d.title);
  return parts.join(' · ');
}

export function AuditLog({ examId, version }: { examId: string; version: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [rows, setRows] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.audit(examId).then(
      (r) => !cancelled && (setRows(r.audit), setError(null)),
      (e: unknown) => !cancelled && setError(errorText(e, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [examId, version, t]);
  return (
    <section className="panel teacher-audit" data-testid="audit-log">
      <h3>{t('teacher.audit.title')}</h3>
      <ErrorLine error={error} testId="audit-error" />
      {rows && rows.length === 0 && <p className="muted small">{t('teacher.audit.empty')}</p>}
      {rows && rows.length > 0 && (
        <table className="teacher-table">
          <thead>
            <tr>
              <th scope="col">{t('teacher.audit.at')}</th>
              <th scope="col">{t('teacher.audit.who')}</th>
              <th scope="col">{t('teacher.audit.what')}</th>
              <th scope="col">{t('teacher.audit.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e, i) => (
              <tr key={i} data-testid="audit-row" data-action={e.action}>
                <td>{dateTime(e.at, lang)}</td>
                <td>{e.teacher ?? '—'}</td>
                <td>
                  {t(`teacher.audit.action.${e.action}`, { defaultValue: e.action })}
                  {about(e, t) && <span className="muted small"> · {about(e, t)}</span>}
                </td>
                <td>{typeof e.detail.reason === 'string' ? e.detail.reason : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
