/**
 * The live class view on the exam page: one row per student, refreshed every second from the hub's
 * own re-simulation (GET /api/exams/:id/live, src/hub/monitor.ts): sim time, viewers, GMV, orders,
 * incidents not handled yet, a provisional score, flags and the connection; in a template exam,
 * the part each student is on (the row is that part's attempt). Per row: watch the student
 * read-only (Watch.tsx), give extra time, end this attempt now.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flagText, statusText } from '../../../hub/words';
import { clock } from '../../format';
import { api, type LiveClass as LiveData, type LiveRow } from './api';
import { dateTime, ErrorLine, errorText, TeacherLink, useLang } from './common';
import './live.css';

export const LIVE_REFRESH_MS = 1000;

export function LiveClass({ examId, onChanged }: { examId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section className="panel teacher-live" data-testid="live-class">
      <div className="list-heading">
        <h3>{t('teacher.live.title')}</h3>
        <button type="button" className="btn btn--small" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="live-open">
          {open ? t('teacher.live.close') : t('teacher.live.open')}
        </button>
      </div>
      {open && <LiveGrid examId={examId} onChanged={onChanged} />}
    </section>
  );
}

function LiveGrid({ examId, onChanged }: { examId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [data, setData] = useState<LiveData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const inFlight = useRef(false);
  const load = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    api
      .live(examId)
      .then(
        (d) => {
          setData(d);
          setError(null);
        },
        (e: unknown) => setError(errorText(e, t)),
      )
      .finally(() => (inFlight.current = false));
  }, [examId, t]);
  useEffect(() => {
    load();
    const timer = setInterval(load, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const acted = (message: string) => {
    setDone(message);
    load();
    onChanged();
  };

  return (
    <>
      <p className="muted small">
        {t('teacher.live.hint')} {data && <span data-testid="live-updated">· {t('teacher.live.updated', { time: dateTime(data.serverNow, lang) })}</span>}
      </p>
      <ErrorLine error={error} testId="live-error" />
      {done && (
        <p className="note small" role="status" data-testid="live-done">
          {done}
        </p>
      )}
      {data && data.rows.length === 0 && <p className="muted">{t('teacher.live.empty')}</p>}
      {data && data.rows.length > 0 && (
        <div className="teacher-table-wrap">
          <table className="teacher-table teacher-live__table" data-testid="live-table">
            <thead>
              <tr>
                <th scope="col">{t('teacher.book.name')}</th>
                <th scope="col">{t('teacher.book.studentNo')}</th>
                <th scope="col">{t('teacher.book.status')}</th>
                <th scope="col" className="num">
                  {t('teacher.live.simTime')}
                </th>
                <th scope="col" className="num">
                  {t('teacher.live.online')}
                </th>
                <th scope="col" className="num">
                  {t('teacher.live.gmv')}
                </th>
                <th scope="col" className="num">
                  {t('teacher.live.orders')}
                </th>
                <th scope="col" className="num">
                  {t('teacher.live.pending')}
                </th>
                <th scope="col" className="num">
                  {t('teacher.live.score')}
                </th>
                <th scope="col">{t('teacher.book.flags')}</th>
                <th scope="col">{t('teacher.live.connection')}</th>
                <th scope="col">{t('teacher.book.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <LiveRowView key={r.attemptId} row={r} examId={examId} onDone={acted} onError={setError} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LiveRowView({ row: r, examId, onDone, onError }: { row: LiveRow; examId: string; onDone: (message: string) => void; onError: (e: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [minutes, setMinutes] = useState(5);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const running = r.status === 'live' || r.status === 'joined';
  const act = (fn: () => Promise<string>) => {
    setBusy(true);
    fn().then(onDone, (e: unknown) => onError(errorText(e, t))).finally(() => {
      setBusy(false);
      setConfirming(false);
    });
  };
  const extend = () => act(async () => {
    const res = await api.extend(r.attemptId, minutes);
    return t('teacher.live.extendDone', { name: r.name, minutes, deadline: res.deadline ? dateTime(res.deadline, lang) : '—' });
  });
  const end = () => act(async () => {
    await api.endAttempt(r.attemptId);
    return t('teacher.live.endDone', { name: r.name });
  });
  const connection = r.connected ? (
    <span className="pill pill--ok">{t('teacher.live.connected')}</span>
  ) : r.silentSec === null ? (
    <span className="muted">{t('teacher.live.never')}</span>
  ) : running ? (
    <span className="pill pill--warn">{t('teacher.live.silent', { seconds: r.silentSec })}</span>
  ) : (
    <span className="muted">—</span>
  );
  return (
    <>
      <tr className={r.status === 'voided' ? 'gradebook__row gradebook__row--voided' : 'gradebook__row'} data-testid="live-row" data-attempt-id={r.attemptId} data-student-no={r.studentNo} data-status={r.status} data-sim-ms={r.simMs ?? ''} data-connected={r.connected} data-deadline={r.deadline ?? ''}>
        <td>{r.name}</td>
        <td>{r.studentNo}</td>
        <td>
          {r.part && (
            <span className="teacher-live__part" data-testid="live-part" data-part={r.part.index}>
              {t('teacher.live.part', { index: r.part.index, count: r.part.count, unit: r.part.unit, title: r.part.title[lang] })}
            </span>
          )}
          {statusText(r.status, lang)}
          {r.extraMs > 0 && <span className="muted small"> {t('teacher.live.extra', { minutes: Math.round(r.extraMs / 60000) })}</span>}
        </td>
        <td className="num" data-testid="live-sim">
          {r.simMs === null ? '—' : `${clock(r.simMs)} / ${clock(r.limitMs)}`}
        </td>
        <td className="num">{r.simMs === null ? '—' : r.online}</td>
        <td className="num">{r.simMs === null ? '—' : `¥${r.gmv.toFixed(0)}`}</td>
        <td className="num">{r.simMs === null ? '—' : r.orders}</td>
        <td className="num">{r.simMs === null ? '—' : r.pending > 0 ? <span className="pill pill--warn">{r.pending}</span> : 0}</td>
        <td className="num" data-testid="live-score">
          {r.score ? (r.score.final ? <strong title={t('teacher.live.final')}>{r.score.total.toFixed(1)}</strong> : <span title={clock(r.score.atMs)}>≈{r.score.total.toFixed(0)}</span>) : '—'}
        </td>
        <td className="gradebook__flag-cell">
          {r.flags.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            <ul className="gradebook__flags">
              {r.flags.map((f, i) => (
                <li key={i} className="pill pill--warn" data-kind={f.kind}>
                  {flagText(f, lang)}
                </li>
              ))}
            </ul>
          )}
        </td>
        <td data-testid="live-connection">{connection}</td>
        <td>
          <div className="teacher-live__actions">
            {r.startedAt !== null && r.status !== 'voided' && (
              <TeacherLink to={{ view: 'watch', exam: examId, attempt: r.attemptId }} className="btn btn--small" testId="live-watch">
                {t('teacher.live.watch')}
              </TeacherLink>
            )}
            {running && (
              <span className="teacher-live__extend">
                <input type="number" min={1} max={120} value={minutes} onChange={(e) => setMinutes(Math.max(1, Math.min(120, Math.round(Number(e.target.value)) || 1)))} aria-label={t('teacher.live.extendMinutes')} data-testid="live-extend-minutes" />
                <button type="button" className="btn btn--small" onClick={extend} disabled={busy} data-testid="live-extend">
                  {t('teacher.live.extend')}
                </button>
              </span>
            )}
            {running && !confirming && (
              <button type="button" className="btn btn--small btn--danger" onClick={() => setConfirming(true)} disabled={busy} data-testid="live-end">
                {t('teacher.live.end')}
              </button>
            )}
          </div>
        </td>
      </tr>
      {confirming && (
        <tr className="gradebook__form-row">
          <td colSpan={12}>
            <div className="teacher-confirm" role="alertdialog" data-testid="live-end-confirm-box">
              <span>{t('teacher.live.endConfirm', { name: r.name, no: r.studentNo })}</span>{' '}
              <button type="button" className="btn btn--small btn--danger" onClick={end} disabled={busy} data-testid="live-end-confirm">
                {t('teacher.live.endYes')}
              </button>{' '}
              <button type="button" className="btn btn--small btn--ghost" onClick={() => setConfirming(false)} disabled={busy}>
                {t('common.cancel')}
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
