/**
 * The score report: the live grade (total, the pass line and the gates in one sentence),
 * sections, the review quiz on its own line, what to improve, and every criterion with its
 * evidence. Each piece of evidence names an event of the log and its sim time; `onEvidence`
 * opens the replay there.
 *
 * The report shown is the one frozen in the history when the live ended (`frozen`), so it is the
 * number the history list and the compare screen show. Only when there is no stored report (the
 * history could not be written, or a run stopped midway) is the log scored here (src/scoring,
 * loaded lazily as its own chunk), and the report says so.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import type { SimEvent } from '../../engine';
import type { Bilingual, Evidence, ScoreReport } from '../../scoring/types';
import type { QuizRecord } from '../storage/db';
import { clock } from '../format';

export const scoringAvailable = true;

export interface ScoreSlotProps {
  scenario: Scenario;
  log: readonly SimEvent[];
  /**
   * The report frozen in the history; `pending` while the run is being saved; undefined when there
   * is none (it is then computed here and marked as not saved, or as provisional).
   */
  frozen?: ScoreReport | 'pending';
  /** A run stopped midway: not graded (no total, no verdict), the criteria as far as it went. */
  provisional?: boolean;
  /** The review quiz's locked submission, shown as its own line. */
  quiz?: QuizRecord;
  onEvidence?: (t: number, event: number) => void;
}

export function ScoreSlot({ scenario, log, frozen, provisional, quiz, onEvidence }: ScoreSlotProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ result: ScoreReport } | { error: string } | null>(null);
  const compute = frozen === undefined;
  useEffect(() => {
    if (!compute) return;
    let cancelled = false;
    import('../../scoring')
      .then((mod) => {
        const result = mod.scoreRun(scenario, log);
        if (!cancelled) setState({ result });
      })
      .catch((e: unknown) => !cancelled && setState({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [scenario, log, compute]);
  if (frozen === 'pending') return <p className="muted">{t('common.loading')}</p>;
  if (frozen) return <ScoreReportView report={frozen} quiz={quiz} onEvidence={onEvidence} />;
  if (!state) return <p className="muted">{t('common.loading')}</p>;
  if ('error' in state) return <p className="form-error">{t('end.scoreError', { error: state.error })}</p>;
  return <ScoreReportView report={state.result} quiz={quiz} onEvidence={onEvidence} note={provisional ? 'provisional' : 'unsaved'} />;
}

/** The review quiz's own line: never part of the live grade. */
export function QuizLine({ report, quiz }: { report: ScoreReport; quiz?: QuizRecord }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const title = report.review ? (en ? report.review.title.en : report.review.title.zh) : t('quiz.title');
  const r = quiz?.result;
  return (
    <p className="score__quiz" data-testid="score-quiz" data-submitted={quiz ? 'true' : 'false'} data-score={r ? r.score : undefined}>
      <b>{t('quiz.line', { title })}</b>{' '}
      {quiz ? (r ? t('quiz.lineScore', { correct: r.correct, total: r.questions, score: r.score }) : t('quiz.lineChecking')) : t('quiz.lineNotTaken')}
      <span className="muted small"> · {t(report.review ? 'quiz.lineSeparate' : 'quiz.lineNoSection')}</span>
    </p>
  );
}

export function EvidenceList({ items, onEvidence, limit = 12 }: { items: Evidence[]; onEvidence?: (t: number, event: number) => void; limit?: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, limit);
  return (
    <ul className="evidence">
      {shown.map((ev, i) => (
        <li key={`${ev.event}-${i}`} className={ev.good ? 'evidence__item evidence__item--good' : 'evidence__item evidence__item--bad'}>
          {onEvidence ? (
            <button type="button" className="evidence__time" data-testid="evidence" data-t={ev.t} data-event={ev.event} onClick={() => onEvidence(ev.t, ev.event)} title={t('review.openReplayAt', { time: clock(ev.t) })}>
              ▶ {clock(ev.t)}
            </button>
          ) : (
            <span className="evidence__time">{clock(ev.t)}</span>
          )}{' '}
          <span>{en ? ev.note.en : ev.note.zh}</span>
          {ev.quote && <q className="evidence__quote">{ev.quote}</q>}
        </li>
      ))}
      {!all && items.length > limit && (
        <li>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setAll(true)}>
            {t('review.moreEvidence', { count: items.length - limit })}
          </button>
        </li>
      )}
    </ul>
  );
}

export function ScoreReportView({ report: r, quiz, note, onEvidence }: { report: ScoreReport; quiz?: QuizRecord; note?: 'unsaved' | 'provisional'; onEvidence?: (t: number, event: number) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const pickBi = (b: Bilingual | undefined) => (b ? (en ? b.en || b.zh : b.zh) : '');
  const graded = note !== 'provisional';
  return (
    <section className="panel score" data-testid="score-report" data-total={graded ? r.total : undefined} data-passed={graded ? r.passed : undefined} data-source={note ?? 'frozen'}>
      <h3>{t('end.score')}</h3>
      {graded ? (
        <>
          <p className="score__total">
            <span className="muted small">{t('end.liveGrade')} </span>
            <span data-testid="score-total">{r.total}</span>
            <span className="muted"> / 100</span>
            <span className={r.passed ? 'pill pill--ok' : 'pill pill--bad'}>{r.passed ? t('end.passed') : t('end.notPassed')}</span>
          </p>
          <p className={r.passed ? 'score__verdict' : 'score__verdict score__verdict--bad'} data-testid="score-verdict">
            {pickBi(r.verdict)}
          </p>
        </>
      ) : (
        <p className="note small" data-testid="score-provisional">
          {t('end.provisional')}
        </p>
      )}
      {note === 'unsaved' && <p className="muted small">{t('end.unsavedGrade')}</p>}
      <p className="muted small">
        {pickBi(r.rubric.title)} · <code>{r.rubric.id}</code> {r.rubric.version}
      </p>
      {r.failedGates.length > 0 && (
        <ul className="plain-list form-error">
          {r.failedGates.map((g) => (
            <li key={g.id}>
              <b>{pickBi(g.title)}</b>: {pickBi(g.reason)}
              <EvidenceList items={g.evidence} onEvidence={onEvidence} limit={4} />
            </li>
          ))}
        </ul>
      )}
      <table className="summary">
        <tbody>
          {r.sections.map((sec) => (
            <tr key={sec.id} data-testid="score-section" data-section={sec.id} data-assessed={sec.assessed}>
              <th scope="row">{pickBi(sec.title)}</th>
              <td>{sec.assessed ? `${sec.points} / ${sec.max}` : t('review.notAssessed')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <QuizLine report={r} quiz={quiz} />
      {r.improvements.length > 0 && (
        <>
          <h4>{t('end.improve')}</h4>
          <ol className="plain-list improvements">
            {r.improvements.map((x, i) => (
              <li key={i}>{en ? x.en : x.zh}</li>
            ))}
          </ol>
        </>
      )}
      <h4>{t('review.criteria')}</h4>
      <div className="criteria">
        {r.criteria.map((c) => {
          // Judged: it has points (one not applicable or not assessed has none, and weighs nothing).
          const judged = c.verdict !== 'not_applicable' && c.verdict !== 'not_assessed';
          return (
            <details key={c.id} className={`criterion criterion--${c.verdict}`} data-testid="criterion" data-criterion={c.id}>
              <summary>
                <span className="criterion__title">{pickBi(c.title)}</span>
                {c.drillFocus !== undefined && (
                  <span className="tag criterion__focus" data-testid="criterion-focus">
                    {judged ? t('review.drillFocus', { x: c.drillFocus }) : t('review.drillFocusOnly')}
                  </span>
                )}
                <span className="criterion__points">{judged ? `${c.points} / ${c.max}` : '—'}</span>
                <span className={`verdict verdict--${c.verdict}`}>{t(`review.verdict.${c.verdict}`)}</span>
              </summary>
              <p className="small">{pickBi(c.feedback)}</p>
              {c.evidence.length > 0 ? <EvidenceList items={c.evidence} onEvidence={onEvidence} /> : <p className="muted small">{t('review.noEvidence')}</p>}
            </details>
          );
        })}
      </div>
    </section>
  );
}
