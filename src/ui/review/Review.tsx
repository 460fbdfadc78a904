/** The review screen for a run from the history: re-simulated, with its frozen grade and its locked quiz from the history. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../engine';
import { clock, pick } from '../format';
import { loadScenario } from '../scenarios';
import type { RunRecord } from '../storage/db';
import { getRun, gradeUngraded, incompatibility } from '../storage/history';
import { openHistory, useReviewNav } from './nav';
import { ReviewBody } from './ReviewBody';
import './review.css';

export default function ReviewScreen() {
  const { t, i18n } = useTranslation();
  const ref = useReviewNav((s) => s.review);
  const [state, setState] = useState<{ rec: RunRecord; scenario: Scenario } | { error: string } | null>(null);
  useEffect(() => {
    if (!ref?.id) return;
    let cancelled = false;
    void (async () => {
      await gradeUngraded(loadScenario); // a run saved before grades were frozen is graded once
      const rec = await getRun(ref.id!);
      if (!rec) return !cancelled && setState({ error: t('history.notFound') });
      const scenario = await loadScenario(rec.scenarioId);
      const why = incompatibility(rec, scenario);
      if (why || !scenario) return !cancelled && setState({ error: t('history.cannotReplay', { reason: why }) });
      if (!cancelled) setState({ rec, scenario });
    })();
    return () => {
      cancelled = true;
    };
  }, [ref, t]);
  return (
    <section className="screen review" data-testid="review-screen">
      <div className="list-heading no-print">
        <button type="button" className="btn btn--small btn--ghost" onClick={openHistory} data-testid="review-back">
          ← {t('history.title')}
        </button>
      </div>
      {!state ? (
        <p className="muted">{t('common.loading')}</p>
      ) : 'error' in state ? (
        <p className="form-error" role="alert" data-testid="review-error">
          {state.error}
        </p>
      ) : (
        <>
          <header className="end__head">
            <h2>{t('review.title')}</h2>
            <p className="muted">
              {pick(state.scenario.meta.title, i18n.language)} · {new Date(state.rec.startedAt).toLocaleString(i18n.language.startsWith('en') ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' })} ·{' '}
              {t('live.seed', { seed: state.rec.seed })} · {clock(state.rec.endMs)} · {t(`history.statusName.${state.rec.status}`)}
            </p>
          </header>
          <ReviewBody
            key={state.rec.id}
            scenario={state.scenario}
            run={{ id: state.rec.id, scenarioId: state.rec.scenarioId, seed: state.rec.seed, actions: state.rec.actions }}
            untilMs={state.rec.status === 'stopped' ? state.rec.endMs : undefined}
            storage="saved"
          />
        </>
      )}
    </section>
  );
}
