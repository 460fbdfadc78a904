/**
 * The score report (src/scoring, loaded lazily as its own chunk): total and verdict, failed
 * gates, sections, what to improve, and every criterion with its evidence. Each piece of
 * evidence names an event of the log and its sim time; `onEvidence` opens the replay there.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import type { SimEvent } from '../../engine';
import type { Bilingual, Evidence, ScoreReport } from '../../scoring/types';
import { clock } from '../format';

export const scoringAvailable = true;

export interface ScoreSlotProps {
  scenario: Scenario;
  log: readonly SimEvent[];
  /** The review quiz's answers: the review section is then marked. */
  quizAnswers?: Record<string, string>;
  onEvidence?: (t: number, event: number) => void;
  onReport?: (report: ScoreReport) => void;
}

export function ScoreSlot({ scenario, log, quizAnswers, onEvidence, onReport }: ScoreSlotProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ result: ScoreReport } | { error: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    import('../../scoring')
      .then((mod) => {
        const result = mod.scoreRun(scenario, log, undefined, quizAnswers ? { quizAnswers } : {});
        if (cancelled) return;
        setState({ result });
        onReport?.(result);
      })
      .catch((e: unknown) => !cancelled && setState({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
    // onReport is a notification, not an input.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenario, log, quizAnswers]);
  if (!state) return <p className="muted">{t('common.loading')}</p>;
  if ('error' in state) return <p className="form-error">{t('end.scoreError', { error: state.error })}</p>;
  return <ScoreReportView report={state.result} onEvidence={onEvidence} />;
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

export function ScoreReportView({ report: r, onEvidence }: { report: ScoreReport; onEvidence?: (t: number, event: number) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const pickBi = (b: Bilingual | undefined) => (b ? (en ? b.en || b.zh : b.zh) : '');
  return (
    <section className="panel score" data-testid="score-report" data-total={r.total} data-passed={r.passed}>
      <h3>{t('end.score')}</h3>
      <p className="score__total">
        <span data-testid="score-total">{r.total}</span>
        <span className="muted"> / 100</span>
        <span className={r.passed ? 'pill pill--ok' : 'pill pill--bad'}>
          {r.passed ? t('end.passed') : t('end.notPassed')} ({t('end.passMark', { mark: r.passMark })})
        </span>
      </p>
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
        {r.criteria.map((c) => (
          <details key={c.id} className={`criterion criterion--${c.verdict}`} data-testid="criterion" data-criterion={c.id}>
            <summary>
              <span className="criterion__title">{pickBi(c.title)}</span>
              <span className="criterion__points">{c.verdict === 'not_applicable' || c.verdict === 'not_assessed' ? '—' : `${c.points} / ${c.max}`}</span>
              <span className={`verdict verdict--${c.verdict}`}>{t(`review.verdict.${c.verdict}`)}</span>
            </summary>
            <p className="small">{pickBi(c.feedback)}</p>
            {c.evidence.length > 0 ? <EvidenceList items={c.evidence} onEvidence={onEvidence} /> : <p className="muted small">{t('review.noEvidence')}</p>}
          </details>
        ))}
      </div>
    </section>
  );
}
