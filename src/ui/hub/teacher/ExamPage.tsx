/**
 * One exam: the join code, URL and QR code to show the class, the status table (refreshed every
 * 5 s), and the teacher's actions: end the exam, grade again, download the gradebook.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { examTemplate, totalFormula } from '../../../hub/templates';
import { api, csvUrl, xapiUrl, type ExamDetail, type Gradebook, type GradebookPart } from './api';
import { dateTime, ErrorLine, errorText, TeacherLink, useLang } from './common';
import { ExamStatePill } from './ExamList';
import { AuditLog } from './AuditLog';
import { GradebookTable } from './GradebookTable';
import { LiveClass } from './LiveClass';
import { JoinPanel } from './JoinPanel';
import { SebPanel } from './SebPanel';

export const REFRESH_MS = 5000;

export function ExamPage({ examId }: { examId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [exam, setExam] = useState<{ exam: ExamDetail; at: number } | null>(null);
  const [examError, setExamError] = useState<string | null>(null);
  const [book, setBook] = useState<Gradebook | null>(null);
  const [bookError, setBookError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const inFlight = useRef(false);

  const loadExam = useCallback(
    () =>
      api.exam(examId).then(
        (r) => {
          setExam({ exam: r.exam, at: Date.now() });
          setExamError(null);
        },
        (e: unknown) => setExamError(errorText(e, t)),
      ),
    [examId, t],
  );
  const loadBook = useCallback(() => {
    if (inFlight.current) return Promise.resolve();
    inFlight.current = true;
    return api
      .gradebook(examId)
      .then(
        (b) => {
          setBook(b);
          setBookError(null);
          setUpdatedAt(Date.now());
        },
        (e: unknown) => setBookError(errorText(e, t)),
      )
      .finally(() => (inFlight.current = false));
  }, [examId, t]);

  useEffect(() => {
    void loadExam();
    void loadBook();
    const timer = setInterval(() => void loadBook(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadExam, loadBook]);

  // The audit log is read again after each action taken on this page.
  const [auditVersion, setAuditVersion] = useState(0);
  const refresh = useCallback(() => Promise.all([loadExam(), loadBook()]).then(() => setAuditVersion((v) => v + 1)), [loadExam, loadBook]);
  const changed = useCallback(() => {
    setAuditVersion((v) => v + 1);
    return loadBook();
  }, [loadBook]);

  return (
    <section className="screen teacher-exam" data-testid="exam-page" data-exam-id={examId}>
      <div className="list-heading">
        <TeacherLink to={{ view: 'list' }} className="btn btn--small btn--ghost" testId="exam-back">
          ← {t('teacher.exams.title')}
        </TeacherLink>
      </div>
      <ErrorLine error={examError} testId="exam-error" />
      {!exam && !examError && <p className="loading">{t('common.loading')}</p>}
      {exam && <ExamHead exam={exam.exam} at={exam.at} onChanged={refresh} />}
      <LiveClass examId={examId} onChanged={changed} />
      <div className="list-heading teacher-book-head">
        <h3>{t('teacher.book.title')}</h3>
        <span className="muted small" data-testid="gradebook-updated">
          {updatedAt ? t('teacher.book.updated', { time: dateTime(updatedAt, lang), seconds: REFRESH_MS / 1000 }) : ''}
        </span>
      </div>
      <ErrorLine error={bookError} testId="gradebook-error" />
      {book ? <GradebookTable book={book} examId={examId} onChanged={changed} /> : !bookError && <p className="loading">{t('common.loading')}</p>}
      <AuditLog examId={examId} version={auditVersion} />
    </section>
  );
}

function ExamHead({ exam, at, onChanged }: { exam: ExamDetail; at: number; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
          <header className="teacher-exam__head">
            <div>
              <h2 data-testid="exam-title">{exam.title}</h2>
              {exam.parts ? (
                <TemplateHead exam={exam} parts={exam.parts} />
              ) : (
              <p className="muted small">
                {exam.scenarioTitle[lang] || exam.scenarioTitle.zh} · {t('teacher.exam.limit', { count: Math.round(exam.time_limit_ms / 60000) })} · {t('teacher.exam.passMark', { mark: exam.pass_mark })} ·{' '}
                {exam.seed_policy === 'shared' ? t('teacher.exam.sharedSeed', { seed: exam.seed }) : t('teacher.exam.perStudentSeed')} · {t(`teacher.language.${exam.language}`)}
              </p>
              )}
            </div>
            <ExamStatePill exam={exam} lang={lang} now={at} />
          </header>
          <JoinPanel exam={exam} />
          <SebPanel exam={exam} />
          <ExamActions exam={exam} onChanged={onChanged} />
    </>
  );
}

/** A template exam: the template, each part (unit, scenario, minutes, weight) and how the total is made. */
function TemplateHead({ exam, parts }: { exam: ExamDetail; parts: GradebookPart[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const template = exam.template ? examTemplate(exam.template) : undefined;
  return (
    <div className="muted small" data-testid="exam-template" data-template={exam.template ?? ''}>
      <p>
        {t('teacher.exam.template', { title: template?.title[lang] ?? exam.template })} · {t('teacher.exam.passMark', { mark: exam.pass_mark })} ·{' '}
        {exam.seed_policy === 'shared' ? t('teacher.exam.sharedSeed', { seed: exam.seed }) : t('teacher.exam.perStudentSeed')} · {t(`teacher.language.${exam.language}`)}
      </p>
      <ol className="exam-parts-list">
        {parts.map((p) => (
          <li key={p.index} data-testid="exam-part" data-unit={p.unit} data-scenario={p.scenarioId}>
            {t('teacher.exam.partLine', { index: p.index, unit: p.unit, title: p.title[lang], scenario: p.scenarioTitle[lang] || p.scenarioTitle.zh, minutes: p.minutes, weight: p.weight })}
          </li>
        ))}
      </ol>
      <p data-testid="exam-formula">{t('teacher.create.formula', { formula: totalFormula(parts) })}</p>
    </div>
  );
}

function ExamActions({ exam, onChanged }: { exam: ExamDetail; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'end' | 'regrade' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [regraded, setRegraded] = useState<{ attempts: number; changed: number } | null>(null);
  const ended = exam.ended_at !== null;

  const end = () => {
    setBusy('end');
    setError(null);
    api
      .endExam(exam.id)
      .then(onChanged, (e: unknown) => setError(errorText(e, t)))
      .finally(() => {
        setBusy(null);
        setConfirming(false);
      });
  };
  const regrade = () => {
    setBusy('regrade');
    setError(null);
    setRegraded(null);
    api
      .regrade(exam.id)
      .then(
        (r) => {
          setRegraded(r);
          return onChanged();
        },
        (e: unknown) => setError(errorText(e, t)),
      )
      .finally(() => setBusy(null));
  };

  return (
    <div className="teacher-actions">
      <div className="btn-row">
        {!ended && !confirming && (
          <button type="button" className="btn btn--danger" onClick={() => setConfirming(true)} disabled={busy !== null} data-testid="exam-end">
            {t('teacher.exam.end')}
          </button>
        )}
        <button type="button" className="btn" onClick={regrade} disabled={busy !== null} data-testid="exam-regrade">
          {busy === 'regrade' ? t('teacher.exam.regrading') : t('teacher.exam.regrade')}
        </button>
        <a className="btn" href={csvUrl(exam.id)} download data-testid="exam-csv">
          {t('teacher.exam.csv')}
        </a>
        <a className="btn btn--ghost btn--small" href={xapiUrl(exam.id)} download data-testid="exam-xapi" title={t('teacher.exam.xapiTitle')}>
          {t('teacher.exam.xapi')}
        </a>
      </div>
      {confirming && (
        <div className="teacher-confirm" role="alertdialog" aria-labelledby="exam-end-question" data-testid="exam-end-confirm-box">
          <p id="exam-end-question">{t('teacher.exam.endConfirm')}</p>
          <div className="btn-row">
            <button type="button" className="btn btn--danger" onClick={end} disabled={busy !== null} data-testid="exam-end-confirm">
              {busy === 'end' ? t('teacher.working') : t('teacher.exam.endYes')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)} disabled={busy !== null} data-testid="exam-end-cancel">
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {regraded && (
        <p className="note small" role="status" data-testid="exam-regrade-result" data-attempts={regraded.attempts} data-changed={regraded.changed}>
          {t('teacher.exam.regraded', { attempts: regraded.attempts, changed: regraded.changed })}
        </p>
      )}
      <ErrorLine error={error} testId="exam-action-error" />
    </div>
  );
}
