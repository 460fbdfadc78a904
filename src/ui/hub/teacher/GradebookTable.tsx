/**
 * The status table: one row per attempt (student number, name, class, attempt number, status,
 * entries received, flags, one column per criterion, total and pass/fail), with the teacher's
 * actions per row. Retake and void ask for a reason in a small form under the row.
 *
 * A template exam (src/hub/templates.ts) has, above it, one row per student: each part's score,
 * the part the student is on, the weighted total and pass/fail against the pass mark; the attempt
 * table then has a part column and no criterion columns (each part has its own rubric: its report
 * shows them).
 */
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { flagText, statusText } from '../../../hub/words';
import { api, type Gradebook, type GradebookRow } from './api';
import './parts.css';
import { dateTime, ErrorLine, errorText, TeacherLink, useLang, type Lang } from './common';

const fmt = (n: number) => n.toFixed(1);
const RUNNING = ['joined', 'live'];

type Pending = { attemptId: string; action: 'retake' | 'void' };

export function GradebookTable({ book, examId, onChanged }: { book: Gradebook; examId: string; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [pending, setPending] = useState<Pending | null>(null);
  const [rowError, setRowError] = useState<{ attemptId: string; error: string } | null>(null);
  const [done, setDone] = useState<{ attemptId: string; text: string } | null>(null);
  const parts = book.exam.template?.parts;
  const cols = 10 + book.criteria.length + (parts ? 1 : 0);

  const run = (attemptId: string, call: () => Promise<unknown>, doneText: string) => {
    setRowError(null);
    setDone(null);
    return call().then(
      () => {
        setPending(null);
        setDone({ attemptId, text: doneText });
        return onChanged();
      },
      (e: unknown) => setRowError({ attemptId, error: errorText(e, t) }),
    );
  };

  if (book.rows.length === 0) {
    return (
      <p className="empty-state" data-testid="gradebook-empty">
        {t('teacher.book.empty')}
      </p>
    );
  }
  const partOf = (r: GradebookRow) => parts?.find((p) => p.index === r.part);
  return (
    <>
      {parts && book.students && <PartsSummary book={book} examId={examId} />}
    <div className="panel teacher-table-wrap">
      {parts && <h4 className="gradebook__caption">{t('teacher.book.attempts')}</h4>}
      <table className="teacher-table gradebook" data-testid="gradebook">
        <thead>
          <tr>
            <StudentHeads />
            {parts && <th scope="col">{t('teacher.book.part')}</th>}
            <th scope="col" className="num">
              {t('teacher.book.attempt')}
            </th>
            <th scope="col">{t('teacher.book.status')}</th>
            <th scope="col" className="num">
              {t('teacher.book.acked')}
            </th>
            <th scope="col">{t('teacher.book.flags')}</th>
            <th scope="col" className="num">
              {t('teacher.book.total')}
            </th>
            <th scope="col">{t('teacher.book.result')}</th>
            <th scope="col">{t('teacher.book.actions')}</th>
            {book.criteria.map((c) => (
              <th scope="col" key={c.id} className="num gradebook__criterion" data-testid="gradebook-criterion" data-criterion={c.id} title={c.title[lang] || c.title.zh}>
                <span className="gradebook__criterion-title">{c.title[lang] || c.title.zh}</span>
                <span className="muted small">/{c.max}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {book.rows.map((r) => (
            <Fragment key={r.attemptId}>
              <tr className={r.status === 'voided' ? 'gradebook__row gradebook__row--voided' : 'gradebook__row'} data-testid="gradebook-row" data-student-no={r.studentNo} data-attempt-id={r.attemptId} data-status={r.status} data-number={r.number} data-part={r.part}>
                <StudentCells who={r} />
                {parts && <td className="nowrap" data-testid="gradebook-part">{partOf(r) ? `${partOf(r)!.unit} ${partOf(r)!.title[lang]}` : '—'}</td>}
                <td className="num">{r.number}</td>
                <td className="gradebook__status" data-testid="gradebook-status">
                  {statusText(r.status, lang)}
                  {r.grading && <span className="pill pill--q">{t('teacher.book.grading')}</span>}
                  {r.note && <span className="muted small gradebook__note">{t('teacher.book.note', { note: r.note })}</span>}
                </td>
                <td className="num" data-testid="gradebook-acked">
                  {r.acked}
                </td>
                <td className="gradebook__flag-cell" data-testid="gradebook-flags" data-count={r.flags.length}>
                  <Flags row={r} lang={lang} />
                </td>
                <td className="num gradebook__total" data-testid="gradebook-total" data-total={r.grade?.total} data-original={r.original?.total}>
                  {r.grade ? (r.original ? t('teacher.book.withOriginal', { total: fmt(r.grade.total), original: fmt(r.original.total) }) : fmt(r.grade.total)) : '—'}
                </td>
                <td className="gradebook__result" data-testid="gradebook-passed" data-passed={r.grade ? String(r.grade.passed) : undefined}>
                  {r.grade && <span className={r.grade.passed ? 'pill pill--ok' : 'pill pill--bad'}>{r.grade.passed ? t('end.passed') : t('end.notPassed')}</span>}
                  {r.grade && r.grade.failedGates.length > 0 && <span className="muted small gradebook__note">{r.grade.failedGates.map((g) => g[lang] || g.zh).join('；')}</span>}
                </td>
                <td>
                  <RowActions row={r} examId={examId} busy={pending?.attemptId === r.attemptId} onAsk={(action) => setPending({ attemptId: r.attemptId, action })} onRejoin={() => run(r.attemptId, () => api.rejoin(r.attemptId), t('teacher.book.rejoinDone'))} />
                </td>
                {book.criteria.map((c) => (
                  <td key={c.id} className="num gradebook__points" data-testid="gradebook-points" data-criterion={c.id}>
                    {r.grade && c.id in r.grade.points ? fmt(r.grade.points[c.id]) : '—'}
                  </td>
                ))}
              </tr>
              {(pending?.attemptId === r.attemptId || rowError?.attemptId === r.attemptId || done?.attemptId === r.attemptId) && (
                <tr className="gradebook__extra">
                  <td colSpan={cols}>
                    {pending?.attemptId === r.attemptId && (
                      <ReasonForm
                        action={pending.action}
                        row={r}
                        onCancel={() => setPending(null)}
                        onSubmit={(reason) => run(r.attemptId, () => (pending.action === 'retake' ? api.retake(r.attemptId, reason) : api.voidAttempt(r.attemptId, reason)), t(pending.action === 'retake' ? 'teacher.book.retakeDone' : 'teacher.book.voidDone'))}
                      />
                    )}
                    {rowError?.attemptId === r.attemptId && <ErrorLine error={rowError.error} testId="row-error" />}
                    {done?.attemptId === r.attemptId && (
                      <p className="small" role="status" data-testid="row-done">
                        {done.text}
                      </p>
                    )}
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}

/** A template exam: one row per student with each part's score, the part they are on, the weighted total and pass/fail. */
function PartsSummary({ book, examId }: { book: Gradebook; examId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tpl = book.exam.template!;
  return (
    <div className="panel teacher-table-wrap">
      <h4 className="gradebook__caption">{t('teacher.book.students')}</h4>
      <table className="teacher-table gradebook gradebook--parts" data-testid="gradebook-students">
        <thead>
          <tr>
            <StudentHeads />
            <th scope="col">{t('teacher.book.current')}</th>
            {tpl.parts.map((p) => (
              <th scope="col" key={p.index} className="num" data-testid="gradebook-part-head" data-part={p.index}>
                {p.unit} {p.title[lang]}
                <span className="muted small"> · {t('teacher.book.weight', { weight: p.weight })}</span>
              </th>
            ))}
            <th scope="col" className="num" title={tpl.formula}>
              {t('teacher.book.weighted')}
            </th>
            <th scope="col">{t('teacher.book.result')}</th>
          </tr>
        </thead>
        <tbody>
          {book.students!.map((s) => {
            const current = tpl.parts.find((p) => p.index === s.current);
            return (
              <tr key={s.studentNo} className="gradebook__row" data-testid="gradebook-student" data-student-no={s.studentNo} data-current={s.current}>
                <StudentCells who={s} />
                <td className="nowrap" data-testid="gradebook-current">
                  {current ? `${current.unit} ${current.title[lang]}` : '—'}
                </td>
                {s.parts.map((p, i) => (
                  <td key={i} className="num gradebook__points" data-testid="gradebook-part-score" data-part={i + 1} data-score={p?.score ?? undefined} data-status={p?.status}>
                    {!p ? (
                      <span className="muted small">{t('teacher.book.notReached')}</span>
                    ) : p.score !== null ? (
                      <TeacherLink to={{ view: 'report', exam: examId, attempt: p.attemptId }} testId="gradebook-part-report">
                        {fmt(p.score)}
                      </TeacherLink>
                    ) : (
                      <span className="muted small">
                        {statusText(p.status, lang)}
                        {p.grading ? ` · ${t('teacher.book.grading')}` : ''}
                      </span>
                    )}
                  </td>
                ))}
                <td className="num gradebook__total" data-testid="gradebook-weighted-total" data-total={s.total ?? undefined}>
                  {s.total === null ? '—' : fmt(s.total)}
                </td>
                <td className="gradebook__result" data-testid="gradebook-student-passed" data-passed={s.passed === null ? undefined : String(s.passed)}>
                  {s.passed !== null && <span className={s.passed ? 'pill pill--ok' : 'pill pill--bad'}>{s.passed ? t('end.passed') : t('end.notPassed')}</span>}
                  {s.failedGates.length > 0 && <span className="muted small gradebook__note">{s.failedGates.map((g) => g[lang] || g.zh).join('；')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small" data-testid="gradebook-formula">
        {t('teacher.create.formula', { formula: tpl.formula })} · {t('teacher.exam.passMark', { mark: book.exam.passMark })}
      </p>
    </div>
  );
}

function Flags({ row, lang }: { row: GradebookRow; lang: Lang }) {
  if (row.flags.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="gradebook__flags">
      {row.flags.map((f, i) => (
        <li key={i} className="pill pill--warn" data-testid="gradebook-flag" data-kind={f.kind} title={dateTime(f.at, lang)}>
          {flagText(f, lang)}
        </li>
      ))}
    </ul>
  );
}

function RowActions({ row, examId, busy, onAsk, onRejoin }: { row: GradebookRow; examId: string; busy: boolean; onAsk: (a: 'retake' | 'void') => void; onRejoin: () => void }) {
  const { t } = useTranslation();
  const running = RUNNING.includes(row.status);
  // A template exam's part that is over may still be left for another computer (the next part to take there).
  const rejoin = row.canRejoin ?? running;
  return (
    <div className="btn-row gradebook__actions">
      {(row.grade || (!running && row.startedAt !== null)) && (
        <TeacherLink to={{ view: 'report', exam: examId, attempt: row.attemptId }} className="btn btn--small" testId="row-report">
          {t('teacher.book.report')}
        </TeacherLink>
      )}
      {rejoin && (
        <button type="button" className="btn btn--small" onClick={onRejoin} disabled={busy} data-testid="row-rejoin">
          {t('teacher.book.rejoin')}
        </button>
      )}
      {!running && (
        <button type="button" className="btn btn--small" onClick={() => onAsk('retake')} disabled={busy} data-testid="row-retake">
          {t('teacher.book.retake')}
        </button>
      )}
      {row.status !== 'voided' && (
        <button type="button" className="btn btn--small btn--danger" onClick={() => onAsk('void')} disabled={busy} data-testid="row-void">
          {t('teacher.book.void')}
        </button>
      )}
    </div>
  );
}

function ReasonForm({ action, row, onCancel, onSubmit }: { action: 'retake' | 'void'; row: GradebookRow; onCancel: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    void onSubmit(reason).finally(() => setBusy(false));
  };
  return (
    <form className="inline-form reason-form" onSubmit={submit} data-testid="reason-form" data-action={action}>
      <label>
        {t(action === 'retake' ? 'teacher.book.retakeReason' : 'teacher.book.voidReason', { name: row.name, no: row.studentNo })}{' '}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} autoFocus required data-testid="reason-input" />
      </label>
      <button type="submit" className={action === 'void' ? 'btn btn--small btn--danger' : 'btn btn--small btn--primary'} disabled={busy || !reason.trim()} data-testid="reason-submit">
        {t(action === 'retake' ? 'teacher.book.retake' : 'teacher.book.void')}
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={onCancel} disabled={busy} data-testid="reason-cancel">
        {t('common.cancel')}
      </button>
    </form>
  );
}

/** The student's columns, first in both tables: number, name, class. */
function StudentHeads() {
  const { t } = useTranslation();
  return (
    <>
      <th scope="col">{t('teacher.book.studentNo')}</th>
      <th scope="col">{t('teacher.book.name')}</th>
      <th scope="col">{t('teacher.book.className')}</th>
    </>
  );
}

function StudentCells({ who }: { who: { studentNo: string; name: string; className: string } }) {
  return (
    <>
      <td className="nowrap">{who.studentNo}</td>
      <td className="nowrap">{who.name}</td>
      <td className="nowrap">{who.className}</td>
    </>
  );
}
