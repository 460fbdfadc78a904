/** The teacher's exams, newest first: title, scenario (a template exam: its template and parts), join code, attempts, created, open or ended. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { examTemplate } from '../../../hub/templates';
import { api, type ExamListItem, type ShippedScenario } from './api';
import { dateTime, ErrorLine, errorText, TeacherLink, useLang, type Lang } from './common';

type ExamState = 'open' | 'ended' | 'notYet' | 'closed';

export function examState(e: { ended_at: number | null; opens_at: number | null; closes_at: number | null }, now: number): ExamState {
  if (e.ended_at !== null) return 'ended';
  if (e.closes_at !== null && now >= e.closes_at) return 'closed';
  if (e.opens_at !== null && now < e.opens_at) return 'notYet';
  return 'open';
}

/** `now`: when the exam was fetched (the hub's answer is as of then). */
export function ExamStatePill({ exam, lang, now }: { exam: { ended_at: number | null; opens_at: number | null; closes_at: number | null }; lang: Lang; now: number }) {
  const { t } = useTranslation();
  const state = examState(exam, now);
  const cls = state === 'open' ? 'pill pill--ok' : state === 'notYet' ? 'pill pill--warn' : 'pill';
  const when = state === 'ended' ? exam.ended_at : state === 'closed' ? exam.closes_at : state === 'notYet' ? exam.opens_at : null;
  return (
    <span className={cls} data-testid="exam-state" data-state={state}>
      {t(`teacher.examState.${state}`)}
      {when !== null ? ` · ${dateTime(when, lang)}` : ''}
    </span>
  );
}

export function ExamList() {
  const { t } = useTranslation();
  const lang = useLang();
  const [data, setData] = useState<{ exams: ExamListItem[]; titles: Map<string, ShippedScenario['title']>; at: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    Promise.all([api.exams(), api.scenarios()]).then(
      ([e, s]) => !cancelled && setData({ exams: e.exams, titles: new Map(s.scenarios.map((x) => [x.id, x.title])), at: Date.now() }),
      (err: unknown) => !cancelled && setError(errorText(err, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [t]);

  return (
    <section className="screen teacher-exams" data-testid="exam-list">
      <div className="list-heading">
        <h2>{t('teacher.exams.title')}</h2>
        <TeacherLink to={{ view: 'new' }} className="btn btn--primary" testId="exam-new">
          {t('teacher.exams.new')}
        </TeacherLink>
      </div>
      <ErrorLine error={error} testId="exam-list-error" />
      {!data && !error && <p className="loading">{t('common.loading')}</p>}
      {data && data.exams.length === 0 && (
        <p className="empty-state" data-testid="exam-list-empty">
          {t('teacher.exams.empty')}
        </p>
      )}
      {data && data.exams.length > 0 && (
        <div className="panel teacher-table-wrap">
          <table className="teacher-table">
            <thead>
              <tr>
                <th scope="col">{t('teacher.exams.colTitle')}</th>
                <th scope="col">{t('teacher.exams.colScenario')}</th>
                <th scope="col">{t('teacher.exams.colCode')}</th>
                <th scope="col" className="num">
                  {t('teacher.exams.colAttempts')}
                </th>
                <th scope="col">{t('teacher.exams.colCreated')}</th>
                <th scope="col">{t('teacher.exams.colState')}</th>
              </tr>
            </thead>
            <tbody>
              {data.exams.map((e) => (
                <tr key={e.id} data-testid="exam-row" data-exam-id={e.id} data-join-code={e.join_code}>
                  <td>
                    <TeacherLink to={{ view: 'exam', exam: e.id }} testId="exam-open">
                      {e.title}
                    </TeacherLink>
                  </td>
                  <td data-testid="exam-scenario">
                    {e.template ? (
                      <>
                        {examTemplate(e.template)?.title[lang] ?? e.template} <span className="muted small">· {t('teacher.exams.partsCount', { count: examTemplate(e.template)?.parts.length ?? 0 })}</span>
                      </>
                    ) : (
                      data.titles.get(e.scenario_id)?.[lang] || e.scenario_title
                    )}
                  </td>
                  <td>
                    <code className="join-code-small">{e.join_code}</code>
                  </td>
                  <td className="num" data-testid="exam-attempts">
                    {e.attempts}
                  </td>
                  <td>{dateTime(e.created_at, lang)}</td>
                  <td>
                    <ExamStatePill exam={e} lang={lang} now={data.at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
