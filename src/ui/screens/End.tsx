import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { makeRunFile } from '../../engine';
import { explainFinding } from '../../engine';
import { clock, money, percent, pick } from '../format';
import { useLive } from '../store/live';
import { backToPicker, pickScenario, randomSeed, useSession } from '../store/session';
import { loadScenario } from '../scenarios';
import { currentRecording } from '../storage/recorder';
import { useArchive } from '../storage/archive';
import { StorageBanner } from '../console/StorageBanner';
import { downloadJson as download } from '../download';
import { openHistory, type RunRef } from '../review/nav';
import { ReviewBody } from '../review/ReviewBody';

/**
 * End of the run: the review (score report with evidence, charts, funnel, products, quiz), the
 * metrics summary, the record and the downloads. The run is archived to the history here, which
 * freezes its live grade; the report shown is that stored grade.
 */
export default function EndScreen() {
  const { t, i18n } = useTranslation();
  const run = useSession((s) => s.run);
  const incidents = useLive((s) => s.incidents);
  // The journal's recording of this run (none when nothing could be recorded: then no history either).
  const recording = useMemo(() => {
    const rec = currentRecording();
    return run && rec && rec.entry.seed === run.seed && rec.entry.scenarioId === run.scenario.meta.id ? rec : null;
  }, [run]);
  // "Saved" only once the history really holds the run (storage/archive.ts); retried until it does.
  const saved = useArchive(recording, loadScenario);
  const ref: RunRef | null = useMemo(() => (run ? { scenarioId: run.scenario.meta.id, seed: run.seed, actions: run.actions.slice() } : null), [run]);
  const summary = useMemo(() => {
    if (!run) return null;
    const sim = run.sim;
    const log = sim.log;
    const asked = log.filter((e) => e.type === 'comment' && e.kind === 'question' && e.fact !== undefined && !e.hidden).length;
    const answered = log.filter((e) => e.type === 'question.answered');
    const violations = log.flatMap((e) => (e.type === 'speech.violation' ? [e] : []));
    const rejected = log.filter((e) => e.type === 'action.rejected').length;
    const ended = log.find((e) => e.type === 'room.ended');
    return {
      m: sim.metrics(),
      digest: sim.digest(),
      asked,
      answered: answered.length,
      correct: answered.filter((e) => e.type === 'question.answered' && e.correct).length,
      violations,
      rejected,
      endReason: ended && ended.type === 'room.ended' ? ended.reason : 'time',
      endMs: sim.now,
    };
  }, [run]);
  if (!run || !summary || !ref) return null;
  const recordId = saved && 'id' in saved ? saved.id : undefined;
  const unsaved = !recording || (saved !== null && 'error' in saved);
  const { m } = summary;
  const sc = run.scenario;
  const targets = sc.targets;
  const rows: [string, string, string | null, string][] = [
    ['uv', String(m.uv), null, 'metric-uv'],
    ['peakOnline', String(m.peakOnline), null, 'metric-peak'],
    ['avgDwell', `${m.avgDwellSec} s`, null, 'metric-dwell'],
    ['interactionRate', percent(m.interactionRate, 1), null, 'metric-interaction'],
    ['newFollowers', String(m.newFollowers), null, 'metric-followers'],
    ['comments', String(m.comments), null, 'metric-comments'],
    ['clicks', `${m.productClicks} (${t('end.byViewers', { count: m.clickers })})`, null, 'metric-clicks'],
    ['orders', `${m.orders} (${t('end.paid', { count: m.paidOrders })})`, targets.orders !== undefined ? String(targets.orders) : null, 'summary-orders'],
    ['gmv', `¥${money(m.gmv)}`, targets.gmv !== undefined ? `¥${targets.gmv}` : null, 'summary-gmv'],
    ['conversion', percent(m.conversion), targets.conversion !== undefined ? percent(targets.conversion, 1) : null, 'summary-conversion'],
    ['uvValue', `¥${m.uvValue}`, targets.uvValue !== undefined ? `¥${targets.uvValue}` : null, 'summary-uv-value'],
    ['refunds', `${m.refunds} (¥${money(m.refundAmount)})`, null, 'summary-refunds'],
    ['warnings', String(m.warnings), null, 'summary-warnings'],
  ];
  const fileBase = `livesim-${sc.meta.id}-seed${run.seed}`;
  return (
    <section className="screen end" data-testid="end-screen">
      <StorageBanner archiveError={saved && 'error' in saved ? saved.error : null} />
      <nav className="screen-nav">
        <ol className="steps" aria-label={t('steps.label')}>
          <li className="steps__item steps__item--done">{t('steps.briefing')}</li>
          <li className="steps__item steps__item--done">{t('steps.precheck')}</li>
          <li className="steps__item steps__item--done">{t('steps.live')}</li>
          <li className="steps__item steps__item--on">{t('steps.report')}</li>
        </ol>
      </nav>
      <header className="end__head">
        <h2>{t('end.title')}</h2>
        <p className="muted">
          {pick(sc.meta.title, i18n.language)} · {t(summary.endReason === 'host' ? 'end.endedByHost' : 'end.endedOnTime', { time: clock(summary.endMs) })} · {t('live.seed', { seed: run.seed })}
        </p>
      </header>

      <div className="end__grid">
        <div className="end__main">
          <ReviewBody
            scenario={sc}
            run={recordId ? { ...ref, id: recordId } : ref}
            storage={recordId ? 'saved' : unsaved ? 'unsaved' : 'saving'}
          >
          <section className="panel" data-testid="report">
            <h3>{t('end.summary')}</h3>
            <table className="summary">
              <thead>
                <tr>
                  <th>{t('end.metric')}</th>
                  <th>{t('end.result')}</th>
                  <th>{t('end.target')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([k, v, target, id]) => (
                  <tr key={k} data-testid={id}>
                    <th scope="row">{t(`metric.${k}`)}</th>
                    <td>{v}</td>
                    <td className="muted">{target ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel">
            <h3>{t('end.incidents')}</h3>
            {incidents.length === 0 ? (
              <p className="muted">{t('end.noIncidents')}</p>
            ) : (
              <ul className="plain-list" data-testid="end-incidents">
                {incidents.map((inc) => (
                  <li key={inc.id} data-incident={inc.id} data-status={inc.status}>
                    <b>{t(`incident.kind.${inc.kind}`)}</b> ({clock(inc.startedAt)}) —{' '}
                    {inc.status === 'handled'
                      ? t(inc.late ? 'incident.handledLate' : 'incident.handled', { time: ((inc.latencyMs ?? 0) / 1000).toFixed(1) })
                      : inc.status === 'missed'
                        ? t('incident.missed')
                        : t('incident.open')}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel">
            <h3>{t('end.questionsAndWords')}</h3>
            <p data-testid="end-questions">{t('end.questions', { asked: summary.asked, answered: summary.answered, correct: summary.correct })}</p>
            {summary.violations.length === 0 ? (
              <p className="muted">{t('end.noViolations')}</p>
            ) : (
              <ul className="plain-list">
                {summary.violations.slice(0, 20).map((v) => (
                  <li key={v.id}>
                    {clock(v.t)} <mark>{v.text}</mark> {t(`compliance.${v.category}`, { defaultValue: v.category })}: {pick(explainFinding(v).reason, i18n.language)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          </ReviewBody>
        </div>
        <aside className="end__side">
          <section className="panel end__next">
            <div className="btn-col">
              <button type="button" className="btn btn--primary" onClick={() => void pickScenario(sc.meta.id, run.seed)} data-testid="play-again" title={t('end.againSameHint')}>
                {t('end.againSame')}
              </button>
              <button type="button" className="btn" onClick={() => void pickScenario(sc.meta.id, randomSeed())} data-testid="play-again-new" title={t('end.againNewHint')}>
                {t('end.againNew')}
              </button>
              <button type="button" className="btn no-print" onClick={openHistory} data-testid="to-history">
                {t('history.open')}
              </button>
            </div>
            <p className="small" data-testid="saved-status" data-saved={recordId ? 'true' : unsaved ? 'error' : 'pending'}>
              {recordId ? t('history.savedNote') : !recording ? t('history.notRecorded') : saved && 'error' in saved ? t('history.saveError', { error: saved.error }) : t('common.loading')}
            </p>
          </section>
          <details className="panel end__tech" data-testid="tech-details">
            <summary>{t('end.techDetails')}</summary>
            <p className="small">{t('end.recordNote', { count: run.actions.length })}</p>
            <div className="btn-col">
              <button type="button" className="btn" data-testid="download-actions" onClick={() => download(`${fileBase}-actions.json`, run.actionLog())}>
                {t('end.downloadActions')}
              </button>
              <button type="button" className="btn" data-testid="download-run" onClick={() => download(`${fileBase}-run.json`, makeRunFile(sc, run.seed, run.actions, run.sim, 'ui'))}>
                {t('end.downloadRun')}
              </button>
            </div>
            <p className="small muted">{t('end.replayHint', { scenario: sc.meta.id, seed: run.seed })}</p>
            <p className="small">
              {t('end.digest')} <code className="digest" data-testid="run-digest">{summary.digest}</code>
            </p>
          </details>
          <section className="panel">
            <h3>{t('end.products')}</h3>
            <table className="summary small">
              <thead>
                <tr>
                  <th>{t('end.product')}</th>
                  <th>{t('end.explained')}</th>
                  <th>{t('end.cards')}</th>
                  <th>{t('end.paidOrders')}</th>
                  <th>GMV</th>
                </tr>
              </thead>
              <tbody>
                {m.products.map((p, i) => (
                  <tr key={p.id}>
                    <th scope="row">
                      {sc.products[i].no}. {pick(sc.products[i].name, i18n.language)}
                    </th>
                    <td>{clock(p.explainSec * 1000)}</td>
                    <td>{p.cardPushes}</td>
                    <td>{p.paidOrders}</td>
                    <td>¥{money(p.gmv)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <div className="btn-col">
            <button type="button" className="btn btn--ghost" onClick={backToPicker} data-testid="end-back">
              {t('common.backToList')}
            </button>
          </div>
        </aside>
      </div>
    </section>
  );
}
