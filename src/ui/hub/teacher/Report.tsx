/**
 * One student's attempt as the hub recorded it: every grade (the original and each re-grade, with
 * the livesim version that computed it), the flags, then the practice review screen's body
 * (ReviewBody) built from the hub's record: the chosen grade's score report with its evidence, the
 * charts with their markers, the funnel, the product table and the student's quiz (read-only),
 * re-simulated from the hub's run file and the exam's own scenario (loaded from the YAML the hub
 * holds, so an uploaded scenario works too). That scenario is registered with the app's scenarios
 * (addScenario), so evidence and markers open the replay at their moment; its back button returns
 * here (TeacherPages renders the replay while the session's screen is 'replay'). In a template
 * exam, each part's attempt has its own report; the parts and the weighted total head each one,
 * linking to the others.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { loadScenarioText, type Scenario } from '../../../engine';
import { flagText, statusText } from '../../../hub/words';
import { downloadJson } from '../../download';
import { clock } from '../../format';
import { ReviewBody } from '../../review/ReviewBody';
import { addScenario } from '../../scenarios';
import { api, issueLine, type AttemptRecord, type Gradebook, type GradebookRow } from './api';
import { dateTime, ErrorLine, errorText, TeacherLink, useLang } from './common';
import { hubGrade, hubRun, quizStrings } from './record';
import '../../review/review.css';
import './yaml';

type Loaded = { rec: AttemptRecord; row: GradebookRow | null; scenario: Scenario; book: Gradebook } | { error: string; details?: string[] };

export function Report({ examId, attemptId }: { examId: string; attemptId: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<Loaded | null>(null);
  useEffect(() => {
    let cancelled = false;
    Promise.all([api.record(attemptId), api.gradebook(examId)]).then(
      ([rec, book]) => {
        if (cancelled) return;
        const r = loadScenarioText(rec.scenarioYaml, rec.scenarioFile);
        if (!r.ok) return setState({ error: t('teacher.report.badScenario'), details: r.errors.map(issueLine) });
        addScenario(r.scenario); // the replay finds it by id
        setState({ rec, row: book.rows.find((x) => x.attemptId === attemptId) ?? null, scenario: r.scenario, book });
      },
      (e: unknown) => !cancelled && setState({ error: errorText(e, t) }),
    );
    return () => {
      cancelled = true;
    };
  }, [examId, attemptId, t]);

  return (
    <section className="screen teacher-report" data-testid="teacher-report">
      <div className="list-heading no-print">
        <TeacherLink to={{ view: 'exam', exam: examId }} className="btn btn--small btn--ghost" testId="report-back">
          ← {t('teacher.report.back')}
        </TeacherLink>
      </div>
      {!state && <p className="loading">{t('common.loading')}</p>}
      {state && 'error' in state && (
        <>
          <ErrorLine error={state.error} testId="report-error" />
          {state.details && (
            <ul className="issue-list">
              {state.details.map((d, i) => (
                <li key={i}>
                  <code>{d}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {state && 'rec' in state && <ReportBody rec={state.rec} row={state.row} scenario={state.scenario} parts={state.book.students && state.row ? <PartsNav book={state.book} row={state.row} examId={examId} /> : null} />}
    </section>
  );
}

/**
 * A template exam: the student's parts, each linking to its own report (this one marked), and the
 * weighted total.
 */
function PartsNav({ book, row, examId }: { book: Gradebook; row: GradebookRow; examId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tpl = book.exam.template!;
  const student = book.students!.find((s) => s.studentNo === row.studentNo);
  if (!student) return null;
  return (
    <nav className="panel report-parts no-print" data-testid="report-parts" aria-label={t('teacher.report.parts')}>
      <h3>{t('teacher.report.parts')}</h3>
      <ol className="report-parts__list">
        {tpl.parts.map((p, i) => {
          const a = student.parts[i];
          const label = `${p.unit} ${p.title[lang]}`;
          const score = a ? (a.score !== null ? a.score.toFixed(1) : statusText(a.status, lang)) : t('teacher.report.notReached');
          return (
            <li key={p.index} data-testid="report-part" data-part={p.index} data-current={a?.attemptId === row.attemptId} data-score={a?.score ?? undefined}>
              {a && a.attemptId !== row.attemptId ? (
                <TeacherLink to={{ view: 'report', exam: examId, attempt: a.attemptId }} testId="report-part-link">
                  {label}
                </TeacherLink>
              ) : (
                <strong>{label}</strong>
              )}{' '}
              <span className="muted small">
                · {t('teacher.book.weight', { weight: p.weight })} · {score}
                {a?.attemptId === row.attemptId ? ` · ${t('teacher.report.showing')}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
      <p data-testid="report-weighted-total" data-total={student.total ?? undefined}>
        {student.total === null ? t('teacher.report.noTotal') : t('teacher.report.total', { total: student.total.toFixed(1), formula: tpl.formula })}{' '}
        {student.passed !== null && <span className={student.passed ? 'pill pill--ok' : 'pill pill--bad'}>{student.passed ? t('end.passed') : t('end.notPassed')}</span>}
        {student.failedGates.length > 0 && <span className="muted small"> {student.failedGates.map((g) => g[lang] || g.zh).join('；')}</span>}
      </p>
    </nav>
  );
}

function ReportBody({ rec, row, scenario, parts }: { rec: AttemptRecord; row: GradebookRow | null; scenario: Scenario; parts: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const a = rec.attempt;
  const run = useMemo(() => hubRun(rec, scenario), [rec, scenario]);
  const quizAnswers = useMemo(() => quizStrings(rec.quizAnswers), [rec.quizAnswers]);
  const [shown, setShown] = useState(rec.grades.length > 0 ? rec.grades[rec.grades.length - 1].n : 0);
  const grade = rec.grades.find((g) => g.n === shown);
  const external = useMemo(() => hubGrade(rec, grade, quizAnswers), [rec, grade, quizAnswers]);
  const actions = rec.entries.filter((e) => e.kind === 'action').length;

  return (
    <>
      <header className="end__head">
        <h2 data-testid="report-student">{t('teacher.report.title', { name: a.name, no: a.studentNo, className: a.className })}</h2>
        <p className="muted small">
          {a.examTitle} · {a.part ? `${a.part.unit} ${a.part.title[lang]} · ` : ''}
          {scenario.meta.title[lang] || scenario.meta.title.zh} · {row ? t('teacher.report.attemptNo', { n: row.number }) + ' · ' : ''}
          {statusText(a.status, lang)} · {t('live.seed', { seed: a.seed })}
        </p>
        <p className="muted small">
          {t('teacher.report.times', { start: dateTime(a.startedAt, lang), end: dateTime(row?.endedAt, lang), deadline: dateTime(a.deadline, lang) })} ·{' '}
          {t('teacher.report.received', { entries: rec.entries.length, actions, end: clock(rec.runFile.result.endMs) })}
        </p>
      </header>
      {parts}

      <section className="panel" data-testid="report-grades">
        <h3>{t('teacher.report.grades')}</h3>
        {rec.grades.length === 0 ? (
          <p className="muted">{t('teacher.report.noGrade')}</p>
        ) : (
          <table className="teacher-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('teacher.report.gradeReason')}</th>
                <th scope="col">{t('teacher.report.gradeAt')}</th>
                <th scope="col">{t('teacher.report.appVersion')}</th>
                <th scope="col" className="num">
                  {t('teacher.book.total')}
                </th>
                <th scope="col">{t('teacher.book.result')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {rec.grades.map((g) => (
                <tr key={g.n} className={g.n === shown ? 'teacher-table__current' : undefined} data-testid="report-grade-row" data-n={g.n} data-total={g.total} data-reason={g.reason}>
                  <td>{g.n}</td>
                  <td>{t(`teacher.report.reason.${g.reason}`)}</td>
                  <td>{dateTime(g.at, lang)}</td>
                  <td>
                    <code data-testid="report-grade-version">{g.appVersion}</code>
                  </td>
                  <td className="num">{g.total.toFixed(1)}</td>
                  <td>
                    <span className={g.passed ? 'pill pill--ok' : 'pill pill--bad'}>{g.passed ? t('end.passed') : t('end.notPassed')}</span>
                  </td>
                  <td>
                    {g.n === shown ? (
                      <span className="muted small">{t('teacher.report.showing')}</span>
                    ) : (
                      <button type="button" className="btn btn--small" onClick={() => setShown(g.n)} data-testid="report-grade-show">
                        {t('teacher.report.show')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" data-testid="report-flags">
        <h3>{t('teacher.book.flags')}</h3>
        {!row || row.flags.length === 0 ? (
          <p className="muted small">{t('teacher.report.noFlags')}</p>
        ) : (
          <ul className="plain-list">
            {row.flags.map((f, i) => (
              <li key={i} data-testid="report-flag" data-kind={f.kind}>
                <span className="pill pill--warn">{flagText(f, lang)}</span> <span className="muted small">{dateTime(f.at, lang)}{f.simMs !== null ? ` · ${clock(f.simMs)}` : ''}</span>
              </li>
            ))}
          </ul>
        )}
        {row?.note && <p className="small">{t('teacher.book.note', { note: row.note })}</p>}
      </section>

      <ReviewBody
        scenario={scenario}
        run={run}
        storage="external"
        external={external}
        tools={
          <button type="button" className="btn btn--small" onClick={() => downloadJson(`livesim-${a.studentNo}-${scenario.meta.id}-attempt.json`, rec.runFile)} data-testid="report-runfile">
            {t('teacher.report.runFile')}
          </button>
        }
      />
    </>
  );
}
